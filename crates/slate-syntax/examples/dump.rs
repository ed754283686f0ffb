//! Prints the AST and diagnostics of a file (a development aid).
fn main() {
    let path = std::env::args().nth(1).unwrap_or_default();
    let src = std::fs::read_to_string(path).unwrap_or_default();
    let parsed = slate_syntax::parse(&src);
    if std::env::args().nth(2).is_some() {
        println!("{:#?}", parsed.file);
    }
    for d in parsed.diagnostics {
        let (l, c) = slate_syntax::line_col(&src, d.span.start);
        println!(
            "{}:{} {} {} [{}] help: {:?}",
            l, c, d.code, d.message, d.label, d.help
        );
    }
    println!("agreements: {}", parsed.file.agreements.len());
}
