//! Contract documents: snapshots of every example in both formats, hostile
//! text, determinism and the terms fingerprint.

#![expect(
    clippy::expect_used,
    reason = "an example that does not compile is a failed test"
)]

use scraper::{Html, Selector};
use slate_tests::{files, read, relative, root};

fn model(src: &str) -> slate::Model {
    let checked = slate::check(src);
    let errors: Vec<_> = checked
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    checked.model.expect("a Model when there are no errors")
}

/// Every example renders to Markdown and HTML; both are snapshotted.
#[test]
fn examples_render() {
    insta::glob!("../../examples", "**/*.sla", |path| {
        let m = slate_tests::model_at(path);
        snapshot!("md", slate::render::to_markdown(&m));
        snapshot!("html", slate::render::to_html(&m));
    });
}

/// The contract's wording (issue 16): the terms goals are keyed on, the
/// clocks goals use, no stutters, the author's units, and names of the
/// data read as words or in the author's labels. Each file's Markdown is
/// snapshotted.
#[test]
fn wording_corpus_renders() {
    insta::glob!("../data/render/words", "*.sla", |path| {
        let m = slate_tests::model_at(path);
        snapshot!("words", slate::render::to_markdown(&m));
    });
}

/// Each claim and amendment statement reaches the document in its own
/// words, in both formats (`tests/data/render/claims/`).
#[test]
fn claim_and_amendment_statements_render() {
    insta::glob!("../data/render/claims", "*.sla", |path| {
        let m = model(&read(path));
        snapshot!("md", slate::render::to_markdown(&m));
        snapshot!("html", slate::render::to_html(&m));
    });
}

/// A bare claim window and an owner add no term the author did not write:
/// no "in writing", no lapse, no signatures, no credit given unasked.
#[test]
fn a_bare_claim_window_and_owner_add_no_terms() {
    let m = model(&read(
        &root().join("tests/data/render/claims/bare-claim-window.sla"),
    ));
    for doc in [slate::render::to_markdown(&m), slate::render::to_html(&m)] {
        for added in [
            "in writing",
            "lapses",
            "not claimed",
            "both parties sign",
            "amendment",
            "the provider credits the customer",
            "automatic",
        ] {
            assert!(!doc.contains(added), "the document adds {added:?}");
        }
        assert!(doc.contains("The customer claims a credit within 30 days of the end of the"));
    }
}

/// Rendering the same file twice gives byte-identical output.
/// The contract defines only the calendars the agreement uses: an unused
/// one (E0409) is left out of the Definitions, as is an imported one that
/// nothing uses (which draws no warning: the library is not the author's).
#[test]
fn unused_calendars_are_not_defined() {
    let src = read(&root().join("tests/data/check/err/E0409-unused-calendar.sla"));
    // The document capitalises defined terms: compare in lower case.
    let md = slate::render::to_markdown(&model(&src)).to_lowercase();
    assert!(md.contains("office hours"), "{md}");
    assert!(!md.contains("weekend desk"), "{md}");

    let main = root().join("tests/data/link/ok-import-unused-calendar/main.sla");
    let checked = slate_tests::check_at(&main);
    assert!(checked.diagnostics.is_empty());
    let md = slate::render::to_markdown(&checked.model.expect("a Model")).to_lowercase();
    assert!(md.contains("office hours"), "{md}");
    assert!(!md.contains("late hours"), "{md}");
}

#[test]
fn rendering_is_deterministic() {
    for path in files("examples", "sla") {
        let (a, b) = (slate_tests::model_at(&path), slate_tests::model_at(&path));
        assert_eq!(
            slate::render::to_html(&a),
            slate::render::to_html(&b),
            "{}",
            relative(&path)
        );
        assert_eq!(
            slate::render::to_markdown(&a),
            slate::render::to_markdown(&b),
            "{}",
            relative(&path)
        );
    }
}

/// Names, strings and prose full of HTML, quotes and `javascript:` links:
/// nothing in the HTML can act, and the text reads exactly as written.
#[test]
fn hostile_text_cannot_act_and_still_reads() {
    let src = read(&root().join("tests/data/render/adversarial.sla"));
    let html = slate::render::to_html(&model(&src));
    let doc = Html::parse_document(&html);
    let all = Selector::parse("*").expect("selector");
    let mut elements = 0;
    for el in doc.select(&all) {
        elements += 1;
        let name = el.value().name();
        assert!(
            !matches!(
                name,
                "script" | "iframe" | "img" | "svg" | "object" | "embed"
            ),
            "a <{name}> element survived"
        );
        for (attr, value) in el.value().attrs() {
            assert!(
                !attr.to_ascii_lowercase().starts_with("on"),
                "an `{attr}` attribute survived on <{name}>"
            );
            let v = value.trim().to_ascii_lowercase();
            assert!(
                !v.starts_with("javascript:") && !v.starts_with("data:"),
                "`{attr}=\"{value}\"` survived on <{name}>"
            );
            if attr == "href" {
                assert!(
                    v.starts_with('#')
                        || v.starts_with("https://")
                        || v.starts_with("http://")
                        || v.starts_with("mailto:"),
                    "link to `{value}`"
                );
            }
        }
    }
    assert!(elements > 50);
    let text: String = doc.root_element().text().collect();
    for written in [
        "Evil <script>alert('title')</script> & \"Co\"",
        "Acme <b>Bold</b> & Sons \"Ltd\"",
        "Zoë \"Z\" O'Brien",
        "CTO & <em>Founder</em>",
        "Robert'); DROP TABLE parties;--",
        "Xmas <script>alert(2)</script>",
        "<script>alert(4)</script>",
        "bad link",
        "created<script>",
        "<script>alert(8)</script> priority is *urgent* <b>now</b>",
        "<img src=x onerror=alert(7)> reply",
    ] {
        assert!(
            text.contains(written),
            "the document should read `{written}`"
        );
    }
    let links: Vec<String> = doc
        .select(&Selector::parse("a[href^=\"https:\"], a[href^=\"mailto:\"]").expect("selector"))
        .filter_map(|a| a.value().attr("href").map(str::to_owned))
        .collect();
    assert_eq!(
        links,
        ["https://example.com/terms", "mailto:legal@example.com"]
    );
}

/// Markdown output also passes no raw HTML from names or prose.
#[test]
fn hostile_text_in_markdown_is_escaped() {
    let src = read(&root().join("tests/data/render/adversarial.sla"));
    let md = slate::render::to_markdown(&model(&src));
    // Rendering the Markdown as CommonMark must not produce HTML tags or unsafe links.
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(&md));
    let doc = Html::parse_document(&html);
    for el in doc.select(&Selector::parse("*").expect("selector")) {
        let name = el.value().name();
        assert!(
            !matches!(
                name,
                "script" | "iframe" | "img" | "svg" | "div" | "b" | "em"
            ),
            "a <{name}> element from Markdown"
        );
        for (attr, value) in el.value().attrs() {
            assert!(!attr.starts_with("on"), "{attr}");
            assert!(
                !value.to_ascii_lowercase().contains("javascript:"),
                "{attr}={value}"
            );
        }
    }
}

fn fingerprint(src: &str) -> String {
    model(src).fingerprint()
}

/// Comments, blank lines and alignment do not change the fingerprint; any
/// change of terms does.
#[test]
fn fingerprint_follows_terms_not_formatting() {
    let src = read(&root().join("examples/saas.sla"));
    let original = fingerprint(&src);
    assert!(
        original.starts_with("slate-terms-v2:sha256:") && original.len() == 22 + 64,
        "{original}"
    );

    // Collapse alignment, double the indentation and add trailing comments,
    // outside prose blocks (their text is part of the terms).
    let mut reformatted = String::new();
    let mut in_prose = false;
    for line in src.lines() {
        let quotes = line.matches("\"\"\"").count();
        let editable =
            !in_prose && quotes == 0 && !line.contains('"') && !line.trim_start().starts_with("//");
        if quotes % 2 == 1 {
            in_prose = !in_prose;
        }
        if !editable {
            reformatted.push_str(line);
            reformatted.push('\n');
            continue;
        }
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        let body = trimmed.split_whitespace().collect::<Vec<_>>().join(" ");
        let comment = if body.is_empty() {
            ""
        } else {
            "  // a comment"
        };
        reformatted.push_str(&format!("{indent}{indent}{body}{comment}\n\n"));
    }
    assert_ne!(reformatted, src);
    assert_eq!(
        fingerprint(&reformatted),
        original,
        "formatting changed the fingerprint"
    );
    assert_eq!(
        fingerprint(&format!("// A new comment at the top\n\n{src}")),
        original
    );

    for (from, to) in [
        (
            "uptime  at least 99.9% per month",
            "uptime  at least 99.95% per month",
        ),
        ("below 99.0%", "below 98.9%"),
        ("notice    90 days", "notice    60 days"),
    ] {
        assert!(src.contains(from), "the example should contain `{from}`");
        let changed = src.replacen(from, to, 1);
        assert_ne!(
            fingerprint(&changed),
            original,
            "changing `{from}` to `{to}` kept the fingerprint"
        );
    }
    // How the provider measures is not a term: the metric source does not count.
    let probes = src.replacen("probe_total{", "probe_count{", 1);
    assert_ne!(probes, src, "the example should have a metric source");
    assert_eq!(
        fingerprint(&probes),
        original,
        "a metric source changed the fingerprint"
    );
    // A change in a clause's prose is a change of terms too.
    let clause = src.find("clause ").expect("a clause");
    let prose = src[clause..]
        .find("\"\"\"")
        .map(|i| clause + i + 3)
        .expect("prose");
    let mut changed = src.clone();
    changed.insert_str(prose, " Amended.");
    assert_ne!(fingerprint(&changed), original);
}

/// The fingerprint is the SHA-256 of the terms' encoding, so anyone can
/// check it, and both documents show it.
#[test]
fn fingerprint_is_sha256_of_the_terms_encoding() {
    let m = model(&read(&root().join("examples/support.sla")));
    let encoding = slate::terms::encode(&m);
    assert!(encoding.starts_with("slate-terms/2\n"), "{encoding}");
    let html = slate::render::to_html(&m);
    let md = slate::render::to_markdown(&m);
    assert_eq!(
        html.matches(&m.fingerprint()).count(),
        4,
        "meta, print footer, title page and footer"
    );
    assert_eq!(
        md.matches(&m.fingerprint()).count(),
        2,
        "title page and footer"
    );
}

/// Prose may hold characters a reader cannot see (bidi overrides,
/// zero-width spaces): both documents show each as `<U+XXXX>`, in HTML in a
/// style of its own, and never pass one raw; joiners that spelling needs
/// stay.
#[test]
fn hidden_characters_in_prose_are_shown() {
    let src = read(&root().join("tests/data/render/hidden-characters.sla"));
    let m = model(&src);
    let html = slate::render::to_html(&m);
    let md = slate::render::to_markdown(&m);
    for (format, out) in [("html", &html), ("md", &md)] {
        for c in ['\u{202E}', '\u{202C}', '\u{200B}', '\u{2066}', '\u{2069}'] {
            assert!(
                !out.contains(c),
                "{format} holds U+{:04X} raw",
                u32::from(c)
            );
        }
        assert!(out.contains("می\u{200C}خواهم"), "{format} lost the ZWNJ");
        assert!(out.contains("क्\u{200D}ष"), "{format} lost the ZWJ");
    }
    let doc = Html::parse_document(&html);
    let marks: Vec<String> = doc
        .select(&Selector::parse("span.hidden-char").expect("selector"))
        .map(|e| e.text().collect())
        .collect();
    assert_eq!(
        marks,
        [
            "<U+202E>", "<U+202C>", "<U+200B>", "<U+2066>", "<U+2069>", "<U+202E>"
        ]
    );
    // The Markdown, read by a CommonMark renderer, shows the same marks as text.
    let mut rendered = String::new();
    pulldown_cmark::html::push_html(&mut rendered, pulldown_cmark::Parser::new(&md));
    let text: String = Html::parse_document(&rendered)
        .root_element()
        .text()
        .collect();
    for mark in [
        "Jane <U+202E>eoR<U+202C>",
        "P1<U+200B>",
        "<U+2066>x<U+2069>",
        "fenced <U+202E> block",
    ] {
        assert!(text.contains(mark), "the Markdown should read `{mark}`");
    }
}

/// Hidden characters in raw HTML (shown as text), in an HTML block, in a
/// link's title and in a link's address never reach the HTML contract raw:
/// the raw HTML is text like any other, the title shows `<U+202E>`, and a
/// link whose address holds one is no link.
#[test]
fn hidden_characters_in_prose_html_and_links_are_shown() {
    let src = read(&root().join("tests/data/render/hidden-characters.sla")).replace(
        "  clause persian",
        "  clause html \"Raw HTML\" \"\"\"\n    Credits are paid to <x y=\"\u{202E}\">00.000,01 GBP.\n\n    <div class=\"\u{202E}\">\n\n    [site](https://example.com \"ti\u{202E}tle\") and [x](https://exa\u{202E}mple.com)\n  \"\"\"\n\n  clause persian",
    );
    let m = model(&src);
    for (format, out) in [
        ("html", slate::render::to_html(&m)),
        ("md", slate::render::to_markdown(&m)),
    ] {
        assert!(
            !out.contains('\u{202E}'),
            "{format} holds U+202E raw:\n{out}"
        );
    }
    let html = slate::render::to_html(&m);
    assert!(html.contains("title=\"ti&lt;U+202E&gt;tle\""), "{html}");
    assert!(
        html.contains("</a> and x</p>"),
        "the link to a hidden address is text: {html}"
    );
}

/// Titles that look like Markdown blocks (`- Payment`, `1) Fees`, `---`)
/// stay words in the Markdown contract's contents and headings: read by a
/// CommonMark renderer, no list, rule or heading is made of them.
#[test]
fn titles_never_become_markdown_blocks() {
    let src = read(&root().join("tests/data/render/hidden-characters.sla")).replace(
        "  clause persian \"Persian\"",
        "  clause a \"- Payment\" \"\"\"\n    x\n  \"\"\"\n\n  clause b \"1) Fees\" \"\"\"\n    y\n  \"\"\"\n\n  clause c \"---\" \"\"\"\n    z\n  \"\"\"\n\n  clause persian \"Persian\"",
    );
    let m = model(&src);
    let md = slate::render::to_markdown(&m);
    slate_fuzz::markdown_contained(&slate::render::document::build(&m), &md);
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(&md));
    for words in ["- Payment", "1) Fees"] {
        assert!(
            html.contains(words),
            "`{words}` is not shown as written: {html}"
        );
    }
    let nested = html.matches("<ul>").count() + html.matches("<ol>").count();
    let lists_before = {
        let plain = slate::render::to_markdown(&model(&read(
            &root().join("tests/data/render/hidden-characters.sla"),
        )));
        let mut h = String::new();
        pulldown_cmark::html::push_html(&mut h, pulldown_cmark::Parser::new(&plain));
        h.matches("<ul>").count() + h.matches("<ol>").count()
    };
    assert_eq!(nested, lists_before, "a title made a list: {html}");
    assert_eq!(
        html.matches("<hr />").count(),
        {
            let plain = slate::render::to_markdown(&model(&read(
                &root().join("tests/data/render/hidden-characters.sla"),
            )));
            plain.matches("\n---\n").count()
        },
        "a title made a rule: {html}"
    );
}

/// Declared fields are listed among the definitions, as facts of the data,
/// and a change to them changes the fingerprint with the document.
#[test]
fn declared_fields_are_defined_and_fingerprinted() {
    let src = read(&root().join("tests/data/check/ok/declared-fields.sla"));
    let m = model(&src);
    let md = slate::render::to_markdown(&m);
    assert!(
        md.contains("- `priority`, a field of the records measured, has the values `Urgent`, `High` and `Normal`. A record with another value is listed in reports; this definition adds no obligation."),
        "{md}"
    );
    let html = slate::render::to_html(&m);
    assert!(html.contains("<code>third party</code>"), "{html}");
    let changed = src.replace("\"Normal\"", "\"Low\"");
    assert_ne!(fingerprint(&src), fingerprint(&changed));
}

/// A link reference definition in one clause does not define a link in
/// another, a fence left open (or "closed" with the other kind) does not
/// swallow the clauses, signatures and fingerprint after it, and an HTML
/// block left open stays text: read whole by a CommonMark renderer, the
/// Markdown contract has every section in its place and no unsafe link.
#[test]
fn prose_stays_in_its_clause_in_markdown() {
    let src = read(&root().join("tests/data/render/leak.sla"));
    let m = model(&src);
    let md = slate::render::to_markdown(&m);
    slate_fuzz::markdown_contained(&slate::render::document::build(&m), &md);
    let mut html = String::new();
    let options = pulldown_cmark::Options::ENABLE_TABLES;
    pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new_ext(&md, options));
    assert!(!html.contains("javascript"), "{html}");
    assert!(!html.contains("<a "), "no definition survives: {html}");
    for heading in [
        "<h2>9 Comments</h2>",
        "<h2>10 Liability</h2>",
        "<h2>Signatures</h2>",
    ] {
        assert!(html.contains(heading), "{heading} in {html}");
    }
    assert!(
        html.contains("<code>GET /status\n```\n</code>"),
        "the fence is closed where its clause ends: {html}"
    );
    // The HTML contract renders each prose block on its own.
    let page = slate::render::to_html(&m);
    slate_fuzz::html_inert(&page);
    assert!(page.contains("<h2>Signatures</h2>"));
}

/// Every example's Markdown, and the hostile one's, keeps its sections in
/// place and links only to safe targets.
#[test]
fn examples_markdown_is_contained() {
    let mut paths = files("examples", "sla");
    paths.push(root().join("tests/data/render/adversarial.sla"));
    for path in paths {
        let m = slate_tests::model_at(&path);
        let md = slate::render::to_markdown(&m);
        slate_fuzz::markdown_contained(&slate::render::document::build(&m), &md);
    }
}

/// Clauses made of the Markdown pieces that can reach past a block (link
/// definitions and labels, fences of both kinds, HTML blocks, lists, block
/// quotes, indentation, setext underlines), in any order: the Markdown
/// contract read whole keeps every section in its place and links only to
/// safe targets.
#[test]
fn any_prose_stays_in_its_clause() {
    use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
    const PIECES: &[&str] = &[
        "[a]: javascript:alert(1)",
        "[a]: https://example.com/a",
        "[b]:",
        "  javascript:alert(2)",
        "[a]",
        "[x][a]",
        "[a][]",
        "~~~",
        "```",
        "````",
        "<!--",
        "-->",
        "<pre>",
        "<div>",
        "- item",
        "1. item",
        "> quote",
        "    indented",
        "===",
        "---",
        "# Heading",
        "text",
        "",
        "| a | b |",
        "|---|---|",
        "<javascript:alert(3)>",
        "[t](javascript:alert(4))",
        "[a]: <javascript:alert(5)>",
        "[c]: https://example.com 'open title",
        "<script>",
        "+ item",
        "   ~~~",
        "`",
        "\\",
        "*emph",
    ];
    let line = proptest::sample::select(PIECES);
    let clause = proptest::collection::vec(line, 1..8);
    let clauses = proptest::collection::vec(clause, 2..4);
    let mut runner = TestRunner::new_with_rng(
        Config {
            cases: 2000,
            failure_persistence: None,
            ..Config::default()
        },
        TestRng::from_seed(RngAlgorithm::ChaCha, &[15; 32]),
    );
    let head = read(&root().join("tests/data/check/err/E0331-unclosed-fence.sla"));
    let head = &head[..head.find("  clause api").expect("a clause")];
    runner
        .run(&clauses, |clauses| {
            let mut src = head.to_owned();
            for (i, lines) in clauses.iter().enumerate() {
                src.push_str(&format!("  clause c{i} \"Clause {i}\" \"\"\"\n    first\n"));
                for l in lines {
                    src.push_str(&format!("    {l}\n"));
                }
                src.push_str("  \"\"\"\n\n");
            }
            src.push_str("}\n");
            let Some(m) = slate::check(&src).model else {
                return Ok(());
            };
            let md = slate::render::to_markdown(&m);
            slate_fuzz::markdown_contained(&slate::render::document::build(&m), &md);
            slate_fuzz::html_inert(&slate::render::to_html(&m));
            Ok(())
        })
        .expect("every clause stays in its section");
}

/// An availability objective that names its items says which, in words,
/// in both formats: by id, or as the records of its service.
#[test]
fn the_document_says_which_items_are_measured() {
    let m = slate_tests::model_at(&root().join("tests/data/eval/platform-cdn.sla"));
    let md = slate::render::to_markdown(&m);
    // The filter is a parenthesis: closed by a comma before the verb.
    assert!(
        md.contains("The Availability of **Platform** (section 3.1), for components where the tier is production, is at least 99.9% in each Month."),
        "{md}"
    );
    // In the document's word for them, as the filter names them: not
    // "items", a word of the language that the contract never defines.
    assert!(
        md.contains("| Components measured | the components api-eu, api-us, db-eu and db-us |"),
        "{md}"
    );
    assert!(
        md.contains(
            "| Components measured | the components named in the records of this service |"
        ),
        "{md}"
    );
    assert!(!md.contains("item"), "{md}");
    let html = slate::render::to_html(&m);
    assert!(html.contains("the components api-eu, api-us, db-eu and db-us"));
    assert!(html.contains("the components named in the records of this service"));
}

/// A term the Definitions define reads as the rest of the document uses it
/// (review of issue 16's wording, `tests/data/render/words/defined-terms.sla`).
fn defined_terms_md() -> String {
    let m = slate_tests::model_at(&root().join("tests/data/render/words/defined-terms.sla"));
    slate::render::to_markdown(&m)
}

/// A field with one value "has the value", not "the values".
#[test]
fn a_field_with_one_value_has_the_value() {
    let md = defined_terms_md();
    assert!(
        md.contains("has the value `client` (the client's acts)."),
        "{md}"
    );
    assert!(!md.contains("has the values `client`"), "{md}");
    assert!(
        md.contains("has the values `1` (critical) and `2` (major)."),
        "{md}"
    );
}

/// The Definitions define a label in the words and case the sections use
/// it: "**report of the defect** means", then "the first report of the
/// defect"; never a capitalised term that the text then writes in lower case.
#[test]
fn a_label_is_defined_as_it_is_used() {
    let md = defined_terms_md();
    for defined in [
        "- **report of the defect** means a record of the event `reported`",
        "- **fix** means a record of the event `resolved`",
        "- **the cause** (the field `cause` of the records measured)",
    ] {
        assert!(md.contains(defined), "`{defined}` is not defined: {md}");
    }
    assert!(md.contains("from the first report of the defect until the first fix after it"));
    assert!(md.contains("Defects where the cause is the client's acts"));
    for capitalised in ["**Report of the defect**", "**Fix**", "**The cause**"] {
        assert!(
            !md.contains(capitalised),
            "`{capitalised}` is used in lower case: {md}"
        );
    }
}

/// Compliance and Business Days speak of the objectives' own nouns
/// (defects), not of "items", which nothing defines.
#[test]
fn compliance_and_business_days_use_the_objectives_noun() {
    let md = defined_terms_md();
    assert!(
        md.contains("**Compliance** for a period means the number of defects that met their goal divided by the number of defects that met or breached it. Defects belong to the period in which they start. Defects still open within their goal are pending and not counted; defects open beyond their goal are breached. A period with no defects met or breached meets its target."),
        "{md}"
    );
    let m = slate_tests::model_at(&root().join("examples/outsourcing.sla"));
    let md = slate::render::to_markdown(&m);
    assert!(
        md.contains("a goal of N Business Days allows, for each of the defects, the open time from its start"),
        "{md}"
    );
    assert!(!md.contains("item"), "{md}");
}

/// Termination for cause counts the period the Definitions define in its
/// defined term ("3 consecutive Months"), not in a lower-case word.
#[test]
fn termination_for_cause_uses_the_defined_period() {
    let md = defined_terms_md();
    assert!(
        md.contains("- **Month** means a calendar month in Europe/London."),
        "{md}"
    );
    assert!(
        md.contains("when any service level is breached in each of 3 consecutive Months."),
        "{md}"
    );
    // A period the Definitions do not define stays an ordinary word (here
    // with the warning E0750: no objective is measured per month).
    let m = slate_tests::model_at(
        &root().join("tests/data/check/err/E0750-for-cause-months-objective-per-day.sla"),
    );
    let md = slate::render::to_markdown(&m);
    assert!(!md.contains("**Month** means"), "{md}");
    assert!(md.contains("in each of 3 consecutive months."), "{md}");
}

/// A condition on a field without a label reads as a sentence: "where the
/// cause is customer", "while the status is waiting on customer"; a label
/// stays as the author wrote it.
#[test]
fn a_field_without_a_label_takes_the_article() {
    let m = slate_tests::model_at(&root().join("examples/support.sla"));
    let md = slate::render::to_markdown(&m);
    assert!(
        md.contains("the clock is paused while the status is waiting on customer."),
        "{md}"
    );
    assert!(
        md.contains("Tickets where the cause is customer or force majeure are excluded"),
        "{md}"
    );
    assert!(
        md.contains("| The priority is P1 | 1 hour, **Around the Clock** |"),
        "{md}"
    );
    assert!(!md.contains("where cause is"), "{md}");
}

/// "Around the Clock" is defined in capitals, so the sections use it so:
/// the service's hours, the clock sentence and a goal's own clock.
#[test]
fn around_the_clock_is_used_as_defined() {
    let m = slate_tests::model_at(&root().join("examples/support.sla"));
    let md = slate::render::to_markdown(&m);
    assert!(
        md.contains("- **Around the Clock** means every hour of every day"),
        "{md}"
    );
    assert!(
        md.contains("| The priority is P1 | 1 hour, **Around the Clock** |"),
        "{md}"
    );
    // Only the author's own clauses may say it in lower case.
    assert!(!md.contains(", around the clock"), "{md}");
    let m = slate_tests::model_at(&root().join("examples/agency.sla"));
    let md = slate::render::to_markdown(&m);
    assert!(
        md.contains("to **Harbour \\& Finch Ltd**, **Around the Clock**."),
        "{md}"
    );
    assert!(
        md.contains("Time is counted **Around the Clock**, in real elapsed time"),
        "{md}"
    );
}

/// An ignored event is timed from the event that starts the measurement,
/// named as the rest of the section names it, not from "the start".
#[test]
fn an_ignored_event_is_timed_from_the_named_start() {
    let m = slate_tests::model_at(&root().join("examples/call-centre.sla"));
    let md = slate::render::to_markdown(&m);
    assert!(
        md.contains("Calls whose hang-up by the caller comes within 5 seconds of the first offer of the call to a queue, with no answer by an agent, are not counted;"),
        "{md}"
    );
    assert!(!md.contains("of the start,"), "{md}");
}

/// The goal is chosen when the ticket's clock stops: a ticket does not
/// "stop", and "it" must not read as the goal or the table.
#[test]
fn the_goal_is_chosen_when_the_clock_stops() {
    let md = defined_terms_md();
    assert!(
        md.contains("Each of the defects is held to the first goal in the table that matches it, as it stands when its clock stops (or, while it is still open, at the end of measurement);"),
        "{md}"
    );
}

/// The reopening sentence names the stop in the author's words when they
/// labelled it (`event resolved as "fix"` in the outsourcing example), and
/// keeps "resolved" when they did not.
#[test]
fn a_reopened_item_is_reopened_after_its_labelled_stop() {
    let labelled = slate::render::to_markdown(&slate_tests::model_at(
        &root().join("examples/outsourcing.sla"),
    ));
    assert!(
        labelled.contains("If one of the defects is reopened after its fix, the time of every cycle counts towards its goal."),
        "{labelled}"
    );
    assert!(!labelled.contains("after it is resolved"), "{labelled}");
    let plain =
        slate::render::to_markdown(&slate_tests::model_at(&root().join("examples/support.sla")));
    assert!(
        plain.contains("If one of the tickets is reopened after it is resolved,"),
        "{plain}"
    );
}

/// A rule set quotes each objective's section as the contract document
/// numbers and words it: the sections built alone for the rule set
/// (`document::objective_sections`, issue 21) are the service levels'
/// subsections of the whole document, the same in every number, anchor,
/// title and block, but for the notes the whole document adds for an
/// extending agreement (a rule set never quotes them). For every example
/// (the multi-level ones have such notes) and file of the check corpus.
#[test]
fn objective_sections_are_the_whole_documents() {
    use slate::render::document::{self, Block};
    let mut notes = 0;
    for path in files("examples", "sla")
        .into_iter()
        .chain(files("tests/data/check/ok", "sla"))
    {
        let m = slate_tests::model_at(&path);
        let whole = document::build(&m)
            .section("service-levels")
            .map(|s| s.children.clone())
            .unwrap_or_default();
        let alone = document::objective_sections(&m);
        assert_eq!(alone.len(), m.objectives.len(), "{}", relative(&path));
        assert_eq!(alone.len(), whole.len(), "{}", relative(&path));
        for (a, mut w) in alone.into_iter().zip(whole) {
            let before = w.body.len();
            w.body.retain(|b| !matches!(b, Block::Note(_)));
            notes += before - w.body.len();
            assert_eq!(a, w, "{}", relative(&path));
        }
    }
    assert!(notes > 0, "no objective's section has a note");
}
