//! Shared helpers for Slate's corpus-driven integration tests.

use std::path::{Path, PathBuf};

use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// Files under `dir` (relative to the root) with extension `ext`, sorted, recursively.
pub fn files(dir: &str, ext: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root().join(dir)];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == ext) {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// The text of a test fixture; a fixture that cannot be read fails the test.
pub fn read(path: &Path) -> String {
    match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) => {
            #[expect(
                clippy::panic,
                reason = "a fixture that cannot be read is a broken test"
            )]
            {
                panic!("cannot read {}: {e}", path.display())
            }
        }
    }
}

/// A path relative to the root, with `/` separators, for stable names in output.
pub fn relative(path: &Path) -> String {
    path.strip_prefix(root())
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// A fenced code block from a Markdown file.
#[derive(Debug)]
pub struct CodeBlock {
    /// The info string, such as `sla` or `sla,error=E0201`.
    pub info: String,
    /// The code.
    pub code: String,
    /// The 1-based line of the opening fence.
    pub line: usize,
}

/// Every fenced code block of a Markdown text.
pub fn code_blocks(markdown: &str) -> Vec<CodeBlock> {
    let mut out = Vec::new();
    let mut current: Option<CodeBlock> = None;
    for (event, range) in Parser::new(markdown).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                let line = markdown
                    .get(..range.start)
                    .map_or(0, |s| s.matches('\n').count())
                    + 1;
                current = Some(CodeBlock {
                    info: info.to_string(),
                    code: String::new(),
                    line,
                });
            }
            Event::Text(text) => {
                if let Some(block) = current.as_mut() {
                    block.code.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => out.extend(current.take()),
            _ => {}
        }
    }
    out
}

/// Renders diagnostics the way `slate check` does, without colour.
pub fn human(diags: &[slate::Diagnostic], name: &str, source: &str) -> String {
    slate::human(diags, name, source, false)
}

/// The examples that ship events (`examples/NAME.events.ndjson` or `.csv`).
pub fn examples_with_events() -> Vec<PathBuf> {
    files("examples", "sla")
        .into_iter()
        .filter(|example| {
            let stem = example
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default();
            ["ndjson", "csv"].iter().any(|ext| {
                example
                    .with_file_name(format!("{stem}.events.{ext}"))
                    .exists()
            })
        })
        .collect()
}

/// An example evaluated on the events it ships (`examples/NAME.events.ndjson`
/// or `.csv`), and on its bill (`examples/NAME.bill.csv`) when it ships one,
/// as `slate eval --details --bill` does; an example that does not compile,
/// ships no events or has a bad record or bill row fails the test.
pub fn example_report(path: &Path) -> slate::eval::Report {
    example_report_on(path, 1, 0)
}

/// [`example_report`] with its events read on `threads` threads, `chunk`
/// bytes of lines at a time (0: the default), and its items' outcomes
/// worked out on as many.
pub fn example_report_on(path: &Path, threads: usize, chunk: usize) -> slate::eval::Report {
    let e = example_input(path, threads, chunk);
    evaluated(
        &relative(path),
        &e.rules,
        &e.events,
        e.bill.as_ref(),
        &e.options,
    )
}

/// What an example is evaluated on: its rule set, its events (read on
/// `threads` threads, `chunk` bytes at a time), its bill if it ships one,
/// and the options of `slate eval --details`.
pub struct ExampleInput {
    /// The rule set, built from the example.
    pub rules: slate::rules::RuleSet,
    /// Its events, read.
    pub events: slate::eval::Events,
    /// Its bill, when it ships one.
    pub bill: Option<slate::eval::Bill>,
    /// `--details`, on the threads asked for.
    pub options: slate::eval::Options,
}

/// The [`ExampleInput`] of the example at `path`.
#[expect(
    clippy::panic,
    reason = "a broken example is a failed test, with the reason"
)]
pub fn example_input(path: &Path, threads: usize, chunk: usize) -> ExampleInput {
    use slate::eval::{Events, Format, Options};
    let name = relative(path);
    let model = model_at(path);
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    let Some((events, format)) = [("ndjson", Format::Ndjson), ("csv", Format::Csv)]
        .into_iter()
        .map(|(ext, f)| (path.with_file_name(format!("{stem}.events.{ext}")), f))
        .find(|(p, _)| p.exists())
    else {
        panic!("{name} ships no events file")
    };
    let rules = slate::rules::from_model(&model).unwrap_or_else(|err| panic!("{name}: {err}"));
    let mut e = Events::default();
    e.due_attributes(slate::eval::due::attributes(&rules));
    e.set_threads(threads);
    e.set_chunk_bytes(chunk);
    e.read(&relative(&events), &read(&events), format);
    slate::eval::refuse_non_numbers(&rules, &mut e, None);
    assert!(e.invalid.is_empty(), "{name}: {:?}", e.invalid);
    let bill = path.with_file_name(format!("{stem}.bill.csv"));
    let bill = bill.exists().then(|| {
        slate::eval::read_bill(
            &relative(&bill),
            &read(&bill),
            slate::eval::BillFormat::Csv,
            &rules,
        )
        .unwrap_or_else(|err| panic!("{name}: {err}"))
    });
    let options = Options {
        details: true,
        threads,
        ..Options::default()
    };
    ExampleInput {
        rules,
        events: e,
        bill,
        options,
    }
}

/// The instant an RFC 3339 timestamp names, in Unix seconds.
#[expect(clippy::panic, reason = "a bad instant in a test is a failed test")]
pub fn instant(rfc3339: &str) -> i64 {
    chrono::DateTime::parse_from_rfc3339(rfc3339)
        .unwrap_or_else(|e| panic!("`{rfc3339}`: {e}"))
        .timestamp()
}

/// An agreement's source (named `name` in diagnostics) evaluated on NDJSON
/// events with `options`. The rule set is written to its JSON and read back
/// first, so every evaluation test also reads what `slate rules` writes. An
/// agreement with errors, a rule set that does not read back, or a bad
/// record fails the test.
pub fn evaluate_source(
    name: &str,
    source: &str,
    events: &str,
    options: &slate::eval::Options,
) -> slate::eval::Report {
    let rules = read_back(name, source);
    let e = read_events(name, &rules, events, options);
    evaluated(name, &rules, &e, None, options)
}

/// The report of `rules` on `events`, checked against the same evaluation
/// with the items cut into three partitions whose outcomes are merged out
/// of order (the last into the first, then the rest): every evaluation
/// the tests make holds partials to the report they must give; and so
/// does the evaluation of the same records spilled to three temporary
/// partitions.
#[expect(
    clippy::panic,
    reason = "a broken case is a failed test, with the reason"
)]
pub fn evaluated(
    name: &str,
    rules: &slate::rules::RuleSet,
    events: &slate::eval::Events,
    bill: Option<&slate::eval::Bill>,
    options: &slate::eval::Options,
) -> slate::eval::Report {
    let report = slate::eval::evaluate_billed(rules, events, bill, options)
        .unwrap_or_else(|err| panic!("{name}: {err}"));
    let cut = slate::eval::evaluate_partitioned(
        rules,
        events,
        bill,
        options,
        &|id| partition(id, 0, 3),
        &[(0, 2)],
    )
    .unwrap_or_else(|err| panic!("{name}, in partitions: {err}"));
    let (whole, parts) = (slate::eval::to_json(&report), slate::eval::to_json(&cut));
    assert!(
        whole == parts,
        "{name}: the report differs when its items are evaluated in partitions"
    );
    let mut spilled = events.clone();
    spilled
        .spill_now(3, &std::env::temp_dir())
        .unwrap_or_else(|err| panic!("{name}, spilled: {err}"));
    slate::eval::check_records(rules, &mut spilled, options.as_of)
        .unwrap_or_else(|err| panic!("{name}, spilled: {err}"));
    let spilled = slate::eval::evaluate_billed(rules, &spilled, bill, options)
        .unwrap_or_else(|err| panic!("{name}, spilled: {err}"));
    assert!(
        whole == slate::eval::to_json(&spilled),
        "{name}: the report differs when its records are spilled to partitions"
    );
    report
}

/// An item's partition of `n`, by a hash of its id with `seed` (FNV-1a,
/// the same on every machine).
pub fn partition(id: &str, seed: u64, n: usize) -> usize {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ seed;
    for b in id.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    usize::try_from(h % (n.max(1) as u64)).unwrap_or(0)
}

/// As [`evaluate_source`], with the CSV bill `bill` (`bill.csv`) for a
/// fee billed per period.
#[expect(
    clippy::panic,
    reason = "a broken case is a failed test, with the reason"
)]
pub fn evaluate_billed_source(
    name: &str,
    source: &str,
    events: &str,
    bill: &str,
    options: &slate::eval::Options,
) -> slate::eval::Report {
    let rules = read_back(name, source);
    let e = read_events(name, &rules, events, options);
    let bill = slate::eval::read_bill("bill.csv", bill, slate::eval::BillFormat::Csv, &rules)
        .unwrap_or_else(|err| panic!("{name}: {err}"));
    evaluated(name, &rules, &e, Some(&bill), options)
}

/// The rule set of `source`, written to JSON and read back as `slate
/// eval` reads it.
#[expect(
    clippy::panic,
    reason = "a broken case is a failed test, with the reason"
)]
pub fn read_back(name: &str, source: &str) -> slate::rules::RuleSet {
    let model = slate::compile(source, &slate::Options::default())
        .unwrap_or_else(|d| panic!("{}", human(&d, name, source)));
    let rules = slate::rules::from_model(&model).unwrap_or_else(|e| panic!("{name}: {e}"));
    slate::rules::from_json(&slate::rules::to_json(&rules))
        .unwrap_or_else(|e| panic!("{name}: the rule set does not read back: {e}"))
}

/// The NDJSON records `events`, read as `slate eval` reads them; every
/// one must be valid.
fn read_events(
    name: &str,
    rules: &slate::rules::RuleSet,
    events: &str,
    options: &slate::eval::Options,
) -> slate::eval::Events {
    use slate::eval::{Events, Format};
    let mut e = Events::default();
    e.due_attributes(slate::eval::due::attributes(rules));
    e.read("events.ndjson", events, Format::Ndjson);
    slate::eval::refuse_non_numbers(rules, &mut e, options.as_of);
    assert!(e.invalid.is_empty(), "{name}: {:?}", e.invalid);
    e
}

/// Reads files relative to the workspace root, so that paths in
/// diagnostics are the same on every machine; the workspace root is the
/// import root.
pub struct Rooted;

impl slate::link::Sources for Rooted {
    fn read(&self, path: &Path) -> Result<String, slate::files::ReadError> {
        let import_root = slate::files::ImportRoot::new(&root())?;
        slate::link::Sources::read(
            &slate::link::FileSystem::new(import_root),
            &root().join(path),
        )
    }
}

/// Checks the agreement at `path` with the files it imports and extends,
/// named relative to the root (`examples/multi-level/acme.sla`).
pub fn check_at(path: &Path) -> slate::Checked {
    let name = relative(path);
    slate::check_file(Path::new(&name), read(path), &Rooted)
}

/// The Model of the agreement at `path` (with its imports); an agreement
/// with errors fails the test with its diagnostics.
#[expect(
    clippy::panic,
    reason = "a broken fixture is a failed test, with the reason"
)]
pub fn model_at(path: &Path) -> slate::Model {
    let checked = check_at(path);
    match checked.model.clone() {
        Some(m) if !checked.has_errors() => m,
        _ => panic!(
            "{}",
            checked.human(&checked.diagnostics, &relative(path), false)
        ),
    }
}

/// The `slate` binary of this build, built first so a test never runs a
/// stale one. Integration tests of this crate cannot name another crate's
/// binary (`CARGO_BIN_EXE_*` is only set for the crate's own), so it is
/// found beside the test executable (`target/<profile>/deps/…`) and built
/// with the cargo that builds the tests, into the same target directory
/// and profile. It is built once per test process.
pub fn slate_binary() -> PathBuf {
    static BINARY: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    BINARY.get_or_init(build_slate_binary).clone()
}

#[expect(
    clippy::panic,
    reason = "a binary that does not build is a failed test"
)]
fn build_slate_binary() -> PathBuf {
    let exe = std::env::current_exe().unwrap_or_default();
    let profile_dir = exe
        .parent()
        .and_then(Path::parent)
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let target_dir = profile_dir
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let profile = profile_dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut cargo = std::process::Command::new(env!("CARGO"));
    cargo
        .current_dir(root())
        .args([
            "build",
            "--quiet",
            "-p",
            "slate-cli",
            "--bin",
            "slate",
            "--target-dir",
        ])
        .arg(&target_dir);
    match profile.as_str() {
        "debug" => {}
        "release" => {
            cargo.arg("--release");
        }
        other => {
            cargo.args(["--profile", other]);
        }
    }
    if std::env::var_os("CI").is_some() {
        cargo.arg("--locked");
    }
    match cargo.status() {
        Ok(s) if s.success() => {}
        other => panic!("cannot build the slate binary: {other:?}"),
    }
    let bin = profile_dir.join(format!("slate{}", std::env::consts::EXE_SUFFIX));
    assert!(bin.exists(), "no binary at {}", bin.display());
    bin
}

/// The first of `paths` that exists: a program the tests drive, such as
/// Chromium or promtool. Where none is installed the caller's test is
/// skipped (`None`), except under CI (`CI` set), where `.ci/run` installs
/// it and a missing program fails the test. `what` names it and `package`
/// is the Debian package that has it.
pub fn program_or_skip(paths: &[&str], what: &str, package: &str) -> Option<PathBuf> {
    let found = paths.iter().map(PathBuf::from).find(|p| p.exists());
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install {what} (.ci/run: apt-get install {package})"
        );
        skipped(&format!(
            "no {what} on this machine (apt-get install {package})"
        ));
    }
    found
}

/// Says on the terminal that a test is skipped, and why. The test harness
/// captures `eprintln!` and shows it only for a failed test, so this writes
/// to the process's standard error directly, where a person sees it even
/// when the test passes.
pub fn skipped(why: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "skipped: {why}");
}

/// A proptest runner with a fixed seed (ChaCha) and no failure
/// persistence, so that a run is reproducible: `cases` cases from `seed`.
pub fn seeded_runner(cases: u32, seed: u8) -> proptest::test_runner::TestRunner {
    use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
    TestRunner::new_with_rng(
        Config {
            cases,
            failure_persistence: None,
            ..Config::default()
        },
        TestRng::from_seed(RngAlgorithm::ChaCha, &[seed; 32]),
    )
}

/// `agreement` with one more objective before its first: `objective` is
/// its name, title and statements, up to its closing brace.
pub fn with_objective(agreement: &str, objective: &str) -> String {
    agreement.replacen(
        "  objective ",
        &format!("  objective {objective}\n  }}\n\n  objective "),
        1,
    )
}
