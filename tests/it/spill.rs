//! Records spilled to temporary partitions (issue 21, `slate eval
//! --memory`): once the records held pass a budget, they are written to
//! partitions by item, each partition grouped and checked on its own, and
//! each objective's outcomes worked out partition by partition. The
//! report, the counts and the invalid records listed are those of the
//! records held in memory, byte for byte, whatever the budget, the number
//! of partitions, the point in the reading where spilling starts, and the
//! threads; the partitions are removed with the records.
//!
//! Every other evaluation the tests make is also checked spilled to three
//! partitions ([`slate_tests::evaluated`]).

#![expect(
    clippy::expect_used,
    clippy::panic,
    reason = "a failed expectation is a failed test"
)]

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use slate::eval::{Events, Format, Options};
use slate_tests::{examples_with_events, read, relative, root, seeded_runner};

/// An agreement, its events as files (name, text, format), and a bill.
struct Case {
    name: String,
    rules: slate::rules::RuleSet,
    files: Vec<(String, String, Format)>,
    bill: Option<slate::eval::Bill>,
}

/// How the records are read and spilled.
#[derive(Clone, Debug)]
struct Spill {
    budget: u64,
    partitions: usize,
    chunk: usize,
    threads: usize,
}

fn spills() -> impl Strategy<Value = Spill> {
    (
        prop_oneof![Just(0u64), 0u64..4096, 4096u64..1 << 20],
        1usize..=9,
        prop_oneof![Just(0usize), 64usize..4096],
        1usize..=3,
    )
        .prop_map(|(budget, partitions, chunk, threads)| Spill {
            budget,
            partitions,
            chunk,
            threads,
        })
}

/// A fresh directory for one test's partitions, removed with it.
struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

impl std::ops::Deref for Scratch {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<Path> for Scratch {
    fn as_ref(&self) -> &Path {
        &self.0
    }
}

fn scratch(name: &str) -> Scratch {
    let dir = std::env::temp_dir().join(format!("slate-spill-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    Scratch(dir)
}

/// The files read and checked as `slate eval` reads them, spilled as
/// `spill` says (`None`: held in memory).
fn read_case(case: &Case, spill: Option<(&Spill, &Path)>, as_of: Option<i64>) -> Events {
    let mut e = Events::default();
    e.due_attributes(slate::eval::due::attributes(&case.rules));
    if let Some((s, dir)) = spill {
        e.set_threads(s.threads);
        e.set_chunk_bytes(s.chunk);
        e.spill_over(s.budget, s.partitions, dir);
    }
    for (name, text, format) in &case.files {
        e.read(name, text, *format);
    }
    slate::eval::check_records(&case.rules, &mut e, as_of).expect("the partitions are settled");
    e
}

/// What a reading says of its records: the report's input is made of
/// these, and they must not depend on spilling.
fn summary(e: &Events) -> String {
    format!(
        "read {} duplicates {} invalid {} {:?} files {:?} rejected {}",
        e.read,
        e.duplicates,
        e.invalid_total,
        e.invalid,
        e.files,
        e.rejected.len()
    )
}

/// The report of `e`, or its error, as text.
fn report(case: &Case, e: &Events, options: &Options) -> String {
    match slate::eval::evaluate_billed(&case.rules, e, case.bill.as_ref(), options) {
        Ok(r) => slate::eval::to_json(&r),
        Err(err) => format!("error: {err}"),
    }
}

/// Checks `cases` random spillings of `case` against its reading held in
/// memory.
fn holds_for(case: &Case, as_of: Option<i64>, cases: u32, seed: u8) {
    let dir = scratch(&format!("holds-{seed}"));
    let options = Options {
        as_of,
        details: true,
        ..Options::default()
    };
    let held = read_case(case, None, as_of);
    let (whole, said) = (report(case, &held, &options), summary(&held));
    let mut runner = seeded_runner(cases, seed);
    let result = runner.run(&spills(), |s| {
        let e = read_case(case, Some((&s, &dir)), as_of);
        // Spilled to as many partitions as asked, or not at all; with no
        // budget, from the first record.
        let spilled = e.partitions();
        prop_assert!(
            spilled == 0 || spilled == s.partitions,
            "{} partitions",
            spilled
        );
        prop_assert!(s.budget > 0 || spilled == s.partitions || e.read == 0);
        prop_assert_eq!(
            summary(&e),
            said.clone(),
            "{}: spilled as {:?}",
            case.name,
            s
        );
        let options = Options {
            threads: s.threads,
            ..options.clone()
        };
        prop_assert!(
            report(case, &e, &options) == whole,
            "{}: the report differs when spilled as {:?}",
            case.name,
            s
        );
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    let left: Vec<_> = std::fs::read_dir(&dir)
        .expect("the scratch directory")
        .collect();
    assert!(left.is_empty(), "{}: partitions left behind", case.name);
}

/// An example with its events, and a bill if it ships one.
fn example(path: &Path) -> Case {
    let e = slate_tests::example_input(path, 1, 0);
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    let (file, format) = [("ndjson", Format::Ndjson), ("csv", Format::Csv)]
        .into_iter()
        .map(|(ext, f)| (path.with_file_name(format!("{stem}.events.{ext}")), f))
        .find(|(p, _)| p.exists())
        .expect("an events file");
    Case {
        name: relative(path),
        rules: e.rules,
        files: vec![(relative(&file), read(&file), format)],
        bill: e.bill,
    }
}

#[test]
fn every_example_spilled_at_random_gives_its_report() {
    let mut checked = 0;
    for (n, path) in examples_with_events().into_iter().enumerate() {
        holds_for(&example(&path), None, 6, n as u8);
        checked += 1;
    }
    assert!(checked >= 16, "only {checked} examples checked");
}

/// The support example's events read twice (every record a duplicate),
/// with lines that are not records and items no objective reads, and a
/// long history in a third file: duplicates are found across files and
/// partitions, invalid records are listed by file and line, unknown items
/// in id order.
#[test]
fn duplicates_and_invalid_records_across_files_are_counted_as_held() {
    let mut case = example(&root().join("examples/support.sla"));
    let (name, text, format) = case.files[0].clone();
    let mut broken = text.clone();
    broken.push_str("{\"id\":\"T-x\",\"at\":\"not a time\",\"event\":\"created\"}\nnot json\n");
    // Twelve items no objective reads, listed in id order whatever their
    // partitions.
    for n in (0..12).rev() {
        broken.push_str(&format!(
            "{{\"id\":\"u-{n:02}\",\"at\":\"2026-03-02T10:{n:02}:00Z\",\"event\":\"noise\"}}\n"
        ));
    }
    case.files = vec![
        (name.clone(), text, format),
        ("again.ndjson".to_owned(), broken, format),
        (
            "history.ndjson".to_owned(),
            super::scale::history(),
            Format::Ndjson,
        ),
    ];
    holds_for(&case, None, 6, 40);
    let held = read_case(&case, None, None);
    assert!(held.duplicates >= 2482, "{}", summary(&held));
    assert_eq!(held.invalid_total, 2, "{}", summary(&held));
    let r = slate::eval::evaluate(&case.rules, &held, &Options::default()).expect("a report");
    let expected: Vec<String> = (0..12).map(|n| format!("u-{n:02}")).collect();
    assert_eq!(r.input.unknown_item_ids, expected);
}

/// The rule set of tests/data/eval/samples.sla (bounds on samples).
fn samples_rules() -> slate::rules::RuleSet {
    let source = read(&root().join("tests/data/eval/samples.sla"));
    let model = slate::compile(&source, &slate::Options::default()).expect("it compiles");
    slate::rules::from_model(&model).expect("a rule set")
}

/// Records rejected after reading (a sample without a number), in
/// partitions, are listed with the invalid records read, by file and
/// line, and counted as the records held are; with a cut-off too.
#[test]
fn records_rejected_in_partitions_are_listed_as_held() {
    let events = read(&root().join("tests/data/eval/samples.events.ndjson"));
    let rules = samples_rules();
    let bad = concat!(
        r#"{"id":"p1","at":"2026-03-02T10:00:00Z","event":"probe","region":"eu"}"#,
        "\n",
        r#"{"id":"p2","at":"2026-03-02T10:01:00Z","event":"probe","region":"eu","latency_ms":"12ms"}"#,
        "\n",
        "{\"id\":\"p3\",\"at\":\"2026-03-02T10:02:00Z\",\"event\":\"probe\",\"region\":\"eu\",\"latency_ms\":\" 12\"}\n",
        "broken\n",
    );
    let case = Case {
        name: "samples with records without numbers".to_owned(),
        rules,
        files: vec![
            ("bad.ndjson".to_owned(), bad.to_owned(), Format::Ndjson),
            ("samples.ndjson".to_owned(), events, Format::Ndjson),
        ],
        bill: None,
    };
    let held = read_case(&case, None, None);
    assert_eq!(held.invalid_total, 4, "{}", summary(&held));
    assert!(!held.rejected.is_empty());
    holds_for(&case, None, 12, 41);
    // A cut-off before the last records: those after it are not seen.
    let as_of = chrono::DateTime::parse_from_rfc3339("2026-03-04T09:00:00Z")
        .expect("a time")
        .timestamp();
    holds_for(&case, Some(as_of), 6, 42);
}

/// The support example spilled from its first record to `partitions`
/// partitions in a scratch directory of its own.
fn support_spilled(name: &str, partitions: usize) -> (Scratch, Case, Events) {
    let dir = scratch(name);
    let case = example(&root().join("examples/support.sla"));
    let s = Spill {
        budget: 0,
        partitions,
        chunk: 0,
        threads: 1,
    };
    let e = read_case(&case, Some((&s, &dir)), None);
    (dir, case, e)
}

/// The file of partition `k` in the one directory of partitions in `dir`.
fn partition_file(dir: &Path, k: usize) -> PathBuf {
    std::fs::read_dir(dir)
        .expect("the directory")
        .next()
        .expect("one directory")
        .expect("an entry")
        .path()
        .join(format!("{k}.part"))
}

/// The partitions are removed when the last holder of the records (the
/// reading or a clone of it) is dropped; a clone reads the same ones.
#[test]
fn partitions_are_removed_with_the_records() {
    let (dir, case, e) = support_spilled("removed", 4);
    assert_eq!(e.partitions(), 4);
    let made: Vec<_> = std::fs::read_dir(&dir).expect("the directory").collect();
    assert_eq!(made.len(), 1, "one directory of partitions");
    // Made for its owner alone.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let parts = partition_file(&dir, 0);
        let parent = parts.parent().expect("its directory");
        let mode = std::fs::metadata(parent)
            .expect("it is there")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o700);
    }
    let clone = e.clone();
    drop(e);
    let options = Options::default();
    let held = read_case(&case, None, None);
    assert_eq!(
        report(&case, &clone, &options),
        report(&case, &held, &options)
    );
    drop(clone);
    let left: Vec<_> = std::fs::read_dir(&dir).expect("the directory").collect();
    assert!(left.is_empty(), "{left:?}");
}

/// A partition that cannot be read back whole is an error that names it,
/// not a report without its records; so are partitions never settled.
#[test]
fn a_partition_cut_short_is_an_error() {
    let (dir, case, e) = support_spilled("cut", 2);
    let file = partition_file(&dir, 1);
    let bytes = std::fs::read(&file).expect("a partition");
    std::fs::write(&file, &bytes[..bytes.len() - 3]).expect("cut short");
    let err = report(&case, &e, &Options::default());
    assert!(
        err.starts_with("error: cannot read the temporary partition `")
            && err.ends_with("1.part`: it is cut short"),
        "{err}"
    );
    let mut unsettled = Events::default();
    unsettled.spill_over(0, 2, &dir);
    let (name, text, format) = &case.files[0];
    unsettled.read(name, text, *format);
    unsettled.finish_spilling().expect("written");
    let refused = "error: the records spilled to partitions were not grouped and checked before evaluating, or are a copy taken before they were";
    assert_eq!(report(&case, &unsettled, &Options::default()), refused);
    // Records read after the partitions are settled would be left out.
    slate::eval::check_records(&case.rules, &mut unsettled, None).expect("settled");
    assert_ne!(report(&case, &unsettled, &Options::default()), refused);
    unsettled.read("more.ndjson", text, *format);
    assert_eq!(report(&case, &unsettled, &Options::default()), refused);
}

/// Partitions that cannot be made are an error, and reading stops at
/// once (an input larger than memory is not read into it first); the
/// records read are held, none lost silently.
#[test]
fn partitions_that_cannot_be_made_are_an_error() {
    let case = example(&root().join("examples/support.sla"));
    let mut e = Events::default();
    e.set_chunk_bytes(4096);
    e.spill_over(0, 2, Path::new("/nonexistent/slate"));
    let (name, text, format) = &case.files[0];
    e.read(name, text, *format);
    assert_eq!(e.partitions(), 0);
    // One chunk of 4 KiB: about 50 of the 2,482 records.
    assert!((1..100).contains(&e.records.len()), "{}", e.records.len());
    let err = slate::eval::check_records(&case.rules, &mut e, None).expect_err("refused");
    assert_eq!(
        err.to_string(),
        "cannot make temporary partitions in `/nonexistent/slate`: no such file"
    );
}

/// A copy of records taken before their partitions are settled reads
/// none of them: the files may still grow (records gathered, not yet
/// written) or be rewritten when the reading settles them. Found by a
/// review: such a copy evaluated to periods without data, and settling
/// it rewrote the reading's partitions without its duplicates.
#[test]
fn a_copy_taken_before_the_partitions_are_settled_is_refused() {
    let dir = scratch("copy");
    let case = example(&root().join("examples/support.sla"));
    let (name, text, format) = &case.files[0];
    let mut e = Events::default();
    e.spill_over(0, 3, &dir);
    e.read(name, &format!("{text}{text}"), *format);
    let refused = "error: the records spilled to partitions were not grouped and checked before evaluating, or are a copy taken before they were";
    // A copy while the records are still gathered for their files.
    let mut early = e.clone();
    assert_eq!(
        slate::eval::check_records(&case.rules, &mut early, None)
            .expect_err("refused")
            .to_string(),
        refused[7..]
    );
    assert_eq!(report(&case, &early, &Options::default()), refused);
    // A copy once written, before settling: the reading settles, the copy
    // does not, and the reading keeps its duplicates.
    e.finish_spilling().expect("written");
    let mut late = e.clone();
    slate::eval::check_records(&case.rules, &mut e, None).expect("settled");
    assert!(slate::eval::check_records(&case.rules, &mut late, None).is_err());
    assert_eq!(report(&case, &late, &Options::default()), refused);
    assert_eq!(e.duplicates, 2482);
    let held = read_case(
        &Case {
            files: vec![(name.clone(), format!("{text}{text}"), *format)],
            ..example(&root().join("examples/support.sla"))
        },
        None,
        None,
    );
    let options = Options::default();
    assert_eq!(report(&case, &e, &options), report(&case, &held, &options));
    // A copy once settled reads the same partitions.
    assert_eq!(
        report(&case, &e.clone(), &options),
        report(&case, &held, &options)
    );
}

/// A partition file that holds records the evaluation did not write (a
/// record appended, an unknown id) is refused, not evaluated.
#[test]
fn a_partition_with_records_of_its_own_is_refused() {
    let (dir, case, e) = support_spilled("tampered", 2);
    let file = partition_file(&dir, 0);
    let bytes = std::fs::read(&file).expect("a partition");
    // Its first record is 26 bytes and as many attributes' 8 as it has.
    let attrs = usize::from(u16::from_le_bytes([bytes[24], bytes[25]]));
    let first = bytes[..26 + 8 * attrs].to_vec();
    std::fs::write(&file, [&bytes[..], &first[..]].concat()).expect("appended");
    let err = report(&case, &e, &Options::default());
    assert!(
        err.ends_with("0.part`: it holds records this evaluation did not write"),
        "{err}"
    );
    let mut unknown = first.clone();
    unknown[..4].copy_from_slice(&u32::MAX.to_le_bytes());
    std::fs::write(&file, [&bytes[first.len()..], &unknown[..]].concat()).expect("replaced");
    let err = report(&case, &e, &Options::default());
    assert!(
        err.ends_with("0.part`: it holds records this evaluation did not write"),
        "{err}"
    );
}

/// When items fail, the error is the one the records held give: that of
/// the first failing item in id order, whatever partition it is in. Found
/// by a review: the first failing partition's error was given. Every
/// ticket's goal (900 business days of an office calendar) lies beyond
/// the calendar Slate compiles; `A-0` sorts first but is read last.
#[test]
fn a_failing_item_is_named_as_the_records_held_name_it() {
    let model = slate::compile(super::partials::TWO_FAILURES, &slate::Options::default())
        .expect("it compiles");
    let rules = slate::rules::from_model(&model).expect("a rule set");
    let mut events: String = (1..40)
        .map(|n| {
            format!("{{\"id\":\"B-{n}\",\"at\":\"2026-10-06T09:00:00Z\",\"event\":\"created\"}}\n")
        })
        .collect();
    events.push_str("{\"id\":\"A-0\",\"at\":\"2026-10-06T09:00:00Z\",\"event\":\"created\"}\n");
    let case = Case {
        name: "two failures".to_owned(),
        rules,
        files: vec![("tickets.ndjson".to_owned(), events, Format::Ndjson)],
        bill: None,
    };
    let held = report(&case, &read_case(&case, None, None), &Options::default());
    assert!(held.contains("`A-0`"), "{held}");
    holds_for(&case, None, 12, 43);
}

/// A sample without a number, when the records were not checked, is
/// named as the records held name it: the first in reading order, then
/// in the objectives' order. Found by a review: the spilled evaluation
/// compared objectives first.
#[test]
fn a_sample_without_a_number_is_named_as_the_records_held_name_it() {
    let rules = samples_rules();
    let text = concat!(
        r#"{"id":"g1","at":"2026-03-02T10:00:00Z","event":"ping","rtt":"x"}"#,
        "\n",
        r#"{"id":"p1","at":"2026-03-02T10:01:00Z","event":"probe","region":"eu","latency_ms":"y"}"#,
        "\n",
    );
    let mut held = Events::default();
    held.read("a.ndjson", text, Format::Ndjson);
    let options = Options::default();
    let case = Case {
        name: "samples".to_owned(),
        rules,
        files: Vec::new(),
        bill: None,
    };
    let whole = report(&case, &held, &options);
    assert!(whole.starts_with("error: a.ndjson:1: "), "{whole}");
    let dir = scratch("samples");
    for partitions in 1..=4 {
        let mut e = held.clone();
        e.spill_now(partitions, &dir).expect("spilled");
        e.settle_partitions(&mut |_| {}).expect("settled");
        assert_eq!(
            report(&case, &e, &options),
            whole,
            "{partitions} partitions"
        );
    }
}
