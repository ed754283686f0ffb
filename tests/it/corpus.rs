//! Corpus-driven tests: every file under `tests/data/check`, every example,
//! every Slate block in `docs/`, and every diagnostic code's page.

use std::collections::BTreeSet;

use slate::{Code, Severity};
use slate_tests::{code_blocks, files, human, read, relative, root};

/// Valid corpus files check without any diagnostic; their Model is snapshotted.
#[test]
fn check_ok() {
    insta::glob!("..", "data/check/ok/*.sla", |path| {
        let src = read(path);
        let checked = slate::check(&src);
        let name = relative(path);
        assert!(
            checked.diagnostics.is_empty(),
            "{name} should check clean:\n{}",
            human(&checked.diagnostics, &name, &src)
        );
        let model = checked.model.expect("a clean file has a Model");
        json_snapshot!("model", model);
    });
}

/// Invalid corpus files give the code their name starts with, never an
/// internal error, always with a span inside the file; rendered and JSON
/// diagnostics are snapshotted.
#[test]
fn check_err() {
    insta::glob!("..", "data/check/err/*.sla", |path| {
        let src = read(path);
        let checked = slate::check(&src);
        let name = relative(path);
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        assert!(
            !checked.diagnostics.is_empty(),
            "{name} should give diagnostics"
        );
        for d in &checked.diagnostics {
            assert_ne!(
                d.code,
                Code::Internal,
                "{name}: internal error {}",
                d.message
            );
            assert!(
                d.span.end <= src.len() && d.span.start <= d.span.end,
                "{name}: span out of the file"
            );
            assert!(!d.label.is_empty(), "{name}: {} has no label", d.code);
        }
        // A file named after a code holds one mistake: it gives that code and nothing else.
        if let Some(number) = stem.split('-').next().filter(|s| s.starts_with('E')) {
            assert!(
                checked
                    .diagnostics
                    .iter()
                    .all(|d| d.code.number() == number),
                "{name} should give only {number}, gave:\n{}",
                human(&checked.diagnostics, &name, &src)
            );
        }
        // Recovery: independent mistakes give one error each, not one and not thirty.
        if stem == "multiple-three-mistakes" {
            assert_eq!(
                checked.diagnostics.iter().filter(|d| d.is_error()).count(),
                3,
                "{name}"
            );
        }
        snapshot!("human", human(&checked.diagnostics, &name, &src));
        json_snapshot!("json", slate::json(&checked.diagnostics, &name, &src));
    });
}

/// Every code except the internal error has at least one corpus file.
#[test]
fn every_code_has_an_err_file() {
    // Backend codes (`E06xx`) have their files in tests/data/rules.
    let mut corpus = files("tests/data/check/err", "sla");
    corpus.extend(files("tests/data/rules", "sla"));
    // Codes of several files (`E07xx`) have a directory in tests/data/link.
    corpus.extend(
        files("tests/data/link", "sla")
            .iter()
            .filter_map(|p| p.parent().map(|d| d.with_extension("sla"))),
    );
    let tested: BTreeSet<String> = corpus
        .iter()
        .filter_map(|p| {
            p.file_stem()?
                .to_str()?
                .split('-')
                .next()
                .map(str::to_owned)
        })
        .collect();
    let missing: Vec<&str> = Code::ALL
        .iter()
        // E0001 cannot be provoked by any input; a 16 MiB E0109 file is made by tests/it/hostile.rs.
        .filter(|c| {
            !matches!(c, Code::Internal | Code::FileTooLarge)
                && !c.retired()
                && !tested.contains(c.number())
        })
        .map(|c| c.number())
        .collect();
    assert!(
        missing.is_empty(),
        "codes without a file in tests/data/check/err: {missing:?}"
    );
}

/// Every code has a page in `docs/diagnostics/`, and every page a code.
#[test]
fn codes_and_pages_in_step() {
    let pages: BTreeSet<String> = files("docs/diagnostics", "md")
        .iter()
        .filter_map(|p| p.file_stem()?.to_str().map(str::to_owned))
        .filter(|s| s != "README")
        .collect();
    let codes: BTreeSet<String> = Code::ALL.iter().map(|c| c.number().to_owned()).collect();
    let no_page: Vec<_> = codes.difference(&pages).collect();
    let no_code: Vec<_> = pages.difference(&codes).collect();
    assert!(
        no_page.is_empty(),
        "codes without a page in docs/diagnostics: {no_page:?}"
    );
    assert!(
        no_code.is_empty(),
        "pages in docs/diagnostics for no code: {no_code:?}"
    );
    for code in Code::ALL {
        let page = read(&root().join(format!("docs/diagnostics/{}.md", code.number())));
        let heading = format!("# slate::{} — {}", code.number(), code.title());
        assert!(
            page.starts_with(&heading),
            "docs/diagnostics/{}.md should start with `{heading}`",
            code.number()
        );
    }
}

/// Every example checks with no error and no warning.
#[test]
fn examples_check_clean() {
    let examples = files("examples", "sla");
    assert!(
        examples.len() >= 8,
        "expected an example per scenario, found {}",
        examples.len()
    );
    for path in examples {
        let checked = slate_tests::check_at(&path);
        let name = relative(&path);
        assert!(
            checked.diagnostics.is_empty(),
            "{name}:\n{}",
            checked.human(&checked.diagnostics, &name, false)
        );
    }
}

/// Every ```sla block in `docs/` and the README checks clean; every
/// ```sla,error=E#### block gives that code and no other, like the corpus. A ```text block that follows an
/// ```sla block and starts with `slate::` is the output of `slate check` on
/// it (as `example.sla`), and a ```json block after one is its JSON form:
/// both must match what Slate prints today. `SLATE_BLESS_DOCS=1` rewrites
/// them instead.
#[test]
fn docs_blocks_compile() {
    let bless = std::env::var_os("SLATE_BLESS_DOCS").is_some();
    let mut count = 0;
    let mut stale = Vec::new();
    for path in files("docs", "md")
        .into_iter()
        .chain([root().join("README.md")])
    {
        let name = relative(&path);
        let mut markdown = read(&path);
        let mut previous: Option<(String, Vec<slate::Diagnostic>)> = None;
        for block in code_blocks(&markdown.clone()) {
            let mut parts = block.info.split(',').map(str::trim);
            let lang = parts.next().unwrap_or("");
            let at = format!("{name}:{}", block.line);
            if lang == "sla" {
                count += 1;
                let mut checked = slate::check(&block.code);
                let error = parts.find_map(|p| p.strip_prefix("error="));
                // `E06xx` codes come from a backend: `slate rules --to prometheus`.
                if error.is_some_and(|n| n.starts_with("E06")) {
                    checked.diagnostics =
                        slate::compile_rules(&block.code, slate::RulesTarget::Prometheus).1;
                }
                match error {
                    Some(number) => assert!(
                        checked
                            .diagnostics
                            .iter()
                            .all(|d| d.code.number() == number)
                            && !checked.diagnostics.is_empty(),
                        "{at}: block should give only {number}, gave:\n{}",
                        human(&checked.diagnostics, &at, &block.code)
                    ),
                    None => assert!(
                        checked.diagnostics.is_empty(),
                        "{at}: block should check clean:\n{}",
                        human(&checked.diagnostics, &at, &block.code)
                    ),
                }
                previous = Some((block.code, checked.diagnostics));
                continue;
            }
            let Some((source, diags)) = previous.take() else {
                continue;
            };
            let expected = match lang {
                "text" if block.code.starts_with("slate::") => {
                    human(&diags, "example.sla", &source)
                }
                "json" => {
                    let actual: serde_json::Value =
                        serde_json::from_str(&block.code).unwrap_or_default();
                    let expected = slate::json(&diags, "example.sla", &source);
                    if actual == expected {
                        continue;
                    }
                    serde_json::to_string_pretty(&expected).unwrap_or_default() + "\n"
                }
                _ => continue,
            };
            if expected.trim_end() != block.code.trim_end() {
                if bless {
                    markdown = markdown.replacen(&block.code, &expected, 1);
                } else {
                    stale.push(at);
                }
            }
        }
        if bless {
            std::fs::write(&path, markdown).unwrap_or_else(|e| panic!("cannot write {name}: {e}"));
        }
    }
    assert!(count > 0, "no ```sla blocks found in docs/");
    assert!(
        stale.is_empty(),
        "output shown in the docs differs from what Slate prints (run with SLATE_BLESS_DOCS=1 and review the diff): {stale:?}"
    );
}

/// Every prefix of every example parses and checks without panicking, and
/// every diagnostic it gives has a span inside the prefix.
#[test]
fn prefixes_never_panic() {
    let examples = files("examples", "sla");
    std::thread::scope(|scope| {
        for chunk in examples.chunks(examples.len().div_ceil(2).max(1)) {
            scope.spawn(move || {
                for path in chunk {
                    let src = read(path);
                    let name = relative(path);
                    for (end, _) in src.char_indices().chain([(src.len(), ' ')]) {
                        let prefix = &src[..end];
                        // Linked as the file it is a prefix of: an
                        // agreement that extends another reads it.
                        let checked = slate::check_file(
                            std::path::Path::new(&name),
                            prefix.to_owned(),
                            &slate_tests::Rooted,
                        );
                        for d in &checked.diagnostics {
                            let (file, local) =
                                checked.locate(d.span).expect("a span names a file");
                            assert!(
                                local.end <= file.text.len(),
                                "{}: prefix of {end} bytes: span past the end",
                                relative(path)
                            );
                            assert_ne!(
                                d.code,
                                Code::Internal,
                                "{}: prefix of {end} bytes: {}",
                                relative(path),
                                d.message
                            );
                        }
                        assert!(
                            checked.model.is_some() || !checked.diagnostics.is_empty(),
                            "{}: prefix of {end} bytes gave neither a Model nor a diagnostic",
                            relative(path)
                        );
                        if end < src.len() {
                            continue;
                        }
                        assert!(
                            checked.model.is_some(),
                            "{}: the whole file should compile",
                            relative(path)
                        );
                    }
                }
            });
        }
    });
}

/// Warnings are distinct from errors: a file with only warnings compiles,
/// unless warnings are denied.
#[test]
fn warnings_do_not_fail_unless_denied() {
    let path = files("tests/data/check/err", "sla")
        .into_iter()
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("E0310"))
        })
        .expect("an E0310 corpus file");
    let src = read(&path);
    let checked = slate::check(&src);
    assert!(!checked.diagnostics.is_empty());
    assert!(
        checked
            .diagnostics
            .iter()
            .all(|d| d.severity == Severity::Warning)
    );
    assert!(slate::compile(&src, &slate::Options::default()).is_ok());
    let denied = slate::compile(
        &src,
        &slate::Options {
            deny_warnings: true,
        },
    );
    assert!(denied.is_err_and(|d| d.iter().all(|d| d.code == Code::NoSignatory)));
}
