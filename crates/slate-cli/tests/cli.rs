//! The `slate` binary as users run it: exit codes, output streams, formats.

#![expect(
    clippy::expect_used,
    reason = "a test helper that cannot run the binary is a broken test"
)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn slate(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_slate"))
        .args(args)
        .current_dir(root())
        .env_remove("NO_COLOR")
        .output()
        .expect("the slate binary runs")
}

fn slate_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_slate"))
        .args(args)
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the slate binary runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input)
        .expect("write stdin");
    child.wait_with_output().expect("slate finishes")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The folder of this run's temporary files.
fn temp_dir() -> PathBuf {
    std::env::temp_dir().join(format!("slate-cli-test-{}", std::process::id()))
}

fn temp(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = temp_dir();
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write temp file");
    path
}

/// What a person sees of a run, for a snapshot: the exit code, standard
/// output and standard error, with this run's temporary folder written
/// `[tmp]` so that the snapshot is the same on every machine.
fn transcript(out: &Output) -> String {
    let tmp = temp_dir();
    let tmp = tmp.to_string_lossy();
    let show = |bytes: &[u8]| text(bytes).replace(tmp.as_ref(), "[tmp]");
    let code = out
        .status
        .code()
        .map_or_else(|| "none (killed by a signal)".to_owned(), |c| c.to_string());
    format!(
        "exit code: {code}\n--- stdout\n{}--- stderr\n{}",
        show(&out.stdout),
        show(&out.stderr)
    )
}

const BAD: &str = "agreement \"A\" {\n  effective 2026-02-30\n  timezone \"Europe/Lundon\"\n}\n";

#[test]
fn clean_examples_exit_0() {
    let out = slate(&["check", "examples/support.sla", "examples/saas.sla"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stderr), "checked 2 files: 0 errors, 0 warnings\n");
    assert!(out.stdout.is_empty());
}

#[test]
fn errors_exit_1_with_every_error_reported_without_colour() {
    let path = temp("bad.sla", BAD.as_bytes());
    let out = slate(&["check", path.to_str().expect("utf-8 path")]);
    assert!(
        !out.stderr.contains(&0x1b),
        "no colour when stderr is not a terminal"
    );
    insta::assert_snapshot!("check_errors", transcript(&out));
}

#[test]
fn json_format_is_an_array_of_documented_objects() {
    let out = slate_stdin(&["check", "--format", "json", "-"], BAD.as_bytes());
    assert_eq!(out.status.code(), Some(1));
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    let items = value.as_array().expect("an array");
    let codes: Vec<&str> = items.iter().filter_map(|i| i["code"].as_str()).collect();
    // Sorted by position: the two missing roles point at the agreement's head.
    assert_eq!(
        codes,
        [
            "slate::E0304",
            "slate::E0304",
            "slate::E0401",
            "slate::E0403"
        ]
    );
    let first = &items[2];
    let keys: Vec<&str> = first
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "code", "column", "file", "help", "labels", "line", "message", "severity", "span"
        ]
    );
    assert_eq!(first["code"], "slate::E0401");
    assert_eq!(first["severity"], "error");
    assert_eq!(first["file"], "<stdin>");
    assert_eq!(first["line"], 2);
    assert_eq!(first["column"], 13);
    assert_eq!(first["span"]["start"], 28);
    assert_eq!(first["span"]["end"], 38);
    assert_eq!(first["labels"][0]["primary"], true);
}

#[test]
fn warnings_pass_unless_denied() {
    let src = std::fs::read_to_string(root().join("examples/saas.sla")).expect("example");
    let unsigned = src.replacen("signatory", "// signatory", 1);
    let path = temp("unsigned.sla", unsigned.as_bytes());
    let p = path.to_str().expect("utf-8 path");
    insta::assert_snapshot!("check_warning", transcript(&slate(&["check", p])));
    insta::assert_snapshot!(
        "check_warning_denied",
        transcript(&slate(&["check", "--deny-warnings", p]))
    );
}

#[test]
fn io_and_usage_problems_exit_2() {
    let out = slate(&["check", "no/such/file.sla"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        "error: cannot read `no/such/file.sla`: no such file\n"
    );

    let path = temp("latin1.sla", b"agreement \"Caf\xe9\" {\n}\n");
    let out = slate(&["check", path.to_str().expect("utf-8 path")]);
    insta::assert_snapshot!("check_not_utf8", transcript(&out));

    // An unreadable file does not hide the diagnostics of the others.
    let bad = temp("bad-too.sla", BAD.as_bytes());
    let out = slate(&[
        "check",
        "--format",
        "json",
        bad.to_str().expect("utf-8 path"),
        "no/such/file.sla",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    assert_eq!(value.as_array().map(Vec::len), Some(4));
    assert_eq!(
        text(&out.stderr),
        "error: cannot read `no/such/file.sla`: no such file\n"
    );

    insta::assert_snapshot!("check_without_a_file", transcript(&slate(&["check"])));
    insta::assert_snapshot!("unknown_command", transcript(&slate(&["frobnicate"])));
}

#[test]
fn model_prints_the_checked_model() {
    let out = slate(&["model", "examples/saas.sla"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let model: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert!(
        model["objectives"]
            .as_array()
            .is_some_and(|o| !o.is_empty())
    );
    assert!(model["timezone"].is_string());

    let out = slate_stdin(&["model", "-"], BAD.as_bytes());
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
}

#[test]
fn output_is_byte_identical_run_after_run() {
    for example in ["examples/support.sla", "examples/outsourcing.sla"] {
        let first = slate(&["model", example]);
        assert_eq!(first.status.code(), Some(0));
        for _ in 0..3 {
            assert_eq!(slate(&["model", example]).stdout, first.stdout, "{example}");
        }
    }
    let path = temp("bad-again.sla", BAD.as_bytes());
    let p = path.to_str().expect("utf-8 path");
    let first = slate(&["check", "--format", "json", p]);
    assert_eq!(
        slate(&["check", "--format", "json", p]).stdout,
        first.stdout
    );
}

#[test]
fn render_writes_both_formats_and_refuses_errors() {
    let out = slate(&["render", "examples/saas.sla", "--to", "md"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let md = text(&out.stdout);
    assert!(md.starts_with("# "), "{md}");
    let headings: Vec<&str> = md.lines().filter(|l| l.starts_with('#')).collect();
    insta::assert_snapshot!("render_md_headings", headings.join("\n"));

    let path = std::env::temp_dir().join(format!("slate-render-{}.html", std::process::id()));
    let p = path.to_str().expect("utf-8 path");
    let out = slate(&["render", "examples/saas.sla", "--to", "html", "-o", p]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(out.stdout.is_empty());
    let html = std::fs::read_to_string(&path).expect("the HTML file");
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(!html.contains("<script"));

    // An agreement with errors is not rendered: its diagnostics are printed instead.
    let out = slate_stdin(&["render", "--to", "html", "-"], BAD.as_bytes());
    insta::assert_snapshot!("render_errors", transcript(&out));

    let out = slate(&["render", "examples/saas.sla", "--to", "pdf"]);
    insta::assert_snapshot!("render_to_pdf", transcript(&out));
}

#[test]
fn fingerprint_is_printed_and_matches_the_document() {
    let out = slate(&["fingerprint", "examples/support.sla"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let fp = text(&out.stdout);
    let fp = fp.trim_end();
    assert!(
        fp.starts_with("slate-terms-v2:sha256:") && fp.len() == 22 + 64,
        "{fp}"
    );
    let md = text(&slate(&["render", "examples/support.sla", "--to", "md"]).stdout);
    assert!(md.contains(fp));
    // A signed copy's fingerprint verifies, whichever encoding made it.
    let out = slate(&["fingerprint", "examples/support.sla", "--verify", fp]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "fingerprint matches: terms encoding version 2\n"
    );
    // The version-1 fingerprint of support.sla as it was signed then, before
    // it stated its claims and amendments (issue 16).
    let v1 = "sha256:700c628e8c3a767251da9a1bee61c2872e668f9800adb6f86a9b73f31540ed35";
    let then: String = std::fs::read_to_string(root().join("examples/support.sla"))
        .expect("the example")
        .lines()
        .filter(|l| {
            !matches!(
                l.trim(),
                "amendments by both parties" | "applied on request"
            )
        })
        .map(|l| l.replace("claim   within 30 days in writing", "claim within 30 days") + "\n")
        .collect();
    let out = slate_stdin(&["fingerprint", "-", "--verify", v1], then.as_bytes());
    assert_eq!(
        text(&out.stdout),
        "fingerprint matches: terms encoding version 1\n"
    );
    let out = slate(&[
        "fingerprint",
        "examples/support.sla",
        "--verify",
        "sha256:00",
    ]);
    insta::assert_snapshot!("fingerprint_mismatch", transcript(&out));
    // A version-1 fingerprint never covered what an agreement inherits:
    // one that matches says so.
    let acme = root().join("examples/multi-level/acme.sla");
    let import_root = slate::files::ImportRoot::new(&root()).expect("the root");
    let checked = slate::check_file(
        &acme,
        std::fs::read_to_string(&acme).expect("acme.sla"),
        &slate::link::FileSystem::new(import_root),
    );
    let m = checked.model.expect("acme.sla checks");
    let v1 = slate::terms::fingerprint_v1(&m);
    let out = slate(&[
        "fingerprint",
        "examples/multi-level/acme.sla",
        "--verify",
        &v1,
    ]);
    insta::assert_snapshot!(
        "fingerprint_v1_of_an_inheriting_agreement",
        transcript(&out)
    );
    // The bytes hashed are printed on request.
    let out = slate(&["fingerprint", "examples/support.sla", "--encoding"]);
    assert!(
        text(&out.stdout).starts_with("slate-terms/2\namendments s12:both_parties\ncalendars.0.")
    );
    let out = slate_stdin(&["fingerprint", "-"], BAD.as_bytes());
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn rules_writes_the_json_rule_set_and_its_schema() {
    let out = slate(&["rules", "examples/atm.sla", "--to", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let rules: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(rules["schema"], "slate.rules/v2");
    assert_eq!(rules["objectives"][0]["measure"]["kind"], "time_to_event");

    let out = slate(&["rules", "--schema"]);
    assert_eq!(out.status.code(), Some(0));
    let schema: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(schema["title"], "RuleSet");

    let out = slate_stdin(&["rules", "-"], BAD.as_bytes());
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let out = slate(&["rules"]);
    assert_eq!(out.status.code(), Some(2));
}

/// `--near-breach` sets the share the alerts over `slate monitor`'s metrics
/// read (75% unless given), takes a whole percentage from 1 to 100, and
/// belongs to `--to prometheus` only.
#[test]
fn rules_near_breach_sets_the_share_the_monitor_alerts_read() {
    let default = slate(&["rules", "examples/support.sla", "--to", "prometheus"]);
    assert_eq!(default.status.code(), Some(0), "{}", text(&default.stderr));
    assert!(text(&default.stdout).contains(r#"share=\"0.75\""#));
    let half = slate(&[
        "rules",
        "examples/support.sla",
        "--to",
        "prometheus",
        "--near-breach",
        "50",
    ]);
    assert_eq!(half.status.code(), Some(0), "{}", text(&half.stderr));
    let half = text(&half.stdout);
    assert!(half.contains(r#"share=\"0.5\""#), "{half}");
    assert!(!half.contains(r#"share=\"0.75\""#), "{half}");
    for bad in ["0", "101", "75.5", "x"] {
        let out = slate(&[
            "rules",
            "examples/support.sla",
            "--to",
            "prometheus",
            "--near-breach",
            bad,
        ]);
        assert_eq!(out.status.code(), Some(2), "{bad}");
        assert!(
            text(&out.stderr).contains(&format!(
                "`{bad}` is not a share of the budget: write a whole percentage from 1 to 100, such as `75`"
            )),
            "{}",
            text(&out.stderr)
        );
        assert!(out.stdout.is_empty());
    }
    let out = slate(&["rules", "examples/support.sla", "--near-breach", "50"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        "error: `--near-breach` sets the alerts of `--to prometheus`; give it with that only\n"
    );
}

const EVENTS: &str = concat!(
    "{\"id\":\"T1\",\"at\":\"2026-03-02T09:00:00Z\",\"event\":\"created\",\"priority\":\"P2\"}\n",
    "{\"id\":\"T1\",\"at\":\"2026-03-02T10:00:00Z\",\"event\":\"replied\"}\n",
    "{\"id\":\"T2\",\"at\":\"2026-03-02T09:00:00Z\",\"event\":\"created\",\"priority\":\"P1\"}\n",
    "{\"id\":\"T2\",\"at\":\"2026-03-02T11:00:00Z\",\"event\":\"replied\"}\n",
);

/// `slate eval --bill` on the cloud usage example, as the README shows it:
/// the credits are shares of each month's bill row, and January's USD 0.98
/// is withheld below the minimum (tests/it/billing.rs works the figures
/// out). Without the bill, eval stops and names the service.
#[test]
fn eval_reads_the_bill_of_the_cloud_usage_example() {
    let args = [
        "eval",
        "examples/cloud-usage.sla",
        "--events",
        "examples/cloud-usage.events.ndjson",
    ];
    let billed: Vec<&str> = args
        .iter()
        .copied()
        .chain([
            "--bill",
            "examples/cloud-usage.bill.csv",
            "--format",
            "json",
        ])
        .collect();
    let out = slate(&billed);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    let owed: Vec<(String, String)> = report["settlements"]
        .as_array()
        .expect("settlements")
        .iter()
        .map(|s| (s["period"].to_string(), s["amount"].to_string()))
        .collect();
    let pair = |p: &str, a: &str| (format!("\"{p}\""), format!("\"{a}\""));
    assert_eq!(
        owed,
        [
            pair("2026-01", "0.00"),
            pair("2026-02", "370.59"),
            pair("2026-04", "2310.00")
        ]
    );
    assert_eq!(report["settlements"][0]["withheld"]["amount"], "0.98");
    assert_eq!(
        report["settlements"][0]["bill"]["file"],
        "examples/cloud-usage.bill.csv"
    );
    let out = slate(&args);
    assert_ne!(out.status.code(), Some(0));
    let err = text(&out.stderr);
    assert!(
        err.contains("service `storage` has a fee billed per month, and no bill was given"),
        "{err}"
    );
}

#[test]
fn eval_reports_and_settles() {
    let events = temp("eval.ndjson", EVENTS.as_bytes());
    let events = events.to_str().expect("utf-8 path");
    let out = slate(&[
        "eval",
        "examples/support.sla",
        "--events",
        events,
        "--period",
        "2026-03",
        "--as-of",
        "2026-04-01",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    assert_eq!(report["schema"], "slate.report/v2");
    assert_eq!(report["window"]["from"], "2026-03-01");
    // T1 (P2, 1 h of 4 business hours) met; T2 (P1, 2 h of 1 h) breached.
    let march = &report["objectives"][0]["periods"][0];
    assert_eq!(march["label"], "2026-03");
    assert_eq!(march["value"]["percent"], "50");
    assert_eq!(march["verdict"], "breached");
    // 50% is below 80%: 15% of GBP 18,500 = 2,775. Neither ticket is
    // resolved, both beyond their resolution goals by April: 0%, another
    // 2,775. The service's cap is 20% of the fee: 3,700.00.
    let owed = &report["settlements"][0];
    assert_eq!(owed["total"], "5550.00");
    assert_eq!(owed["amount"], "3700.00");
}

#[test]
fn eval_reads_csv_stdin_and_rule_sets() {
    let csv = "id,at,event,priority\nT1,2026-03-02T09:00:00Z,created,P2\nT1,2026-03-02T10:00:00Z,replied,\n";
    let from_sla = slate_stdin(
        &[
            "eval",
            "examples/support.sla",
            "--events",
            "-",
            "--events-format",
            "csv",
            "--as-of",
            "2026-04-01",
        ],
        csv.as_bytes(),
    );
    assert_eq!(
        from_sla.status.code(),
        Some(0),
        "{}",
        text(&from_sla.stderr)
    );
    let rules = slate(&["rules", "examples/support.sla", "--to", "json"]);
    let rules = temp("support.rules.json", &rules.stdout);
    let from_json = slate_stdin(
        &[
            "eval",
            rules.to_str().expect("utf-8 path"),
            "--events",
            "-",
            "--events-format",
            "csv",
            "--as-of",
            "2026-04-01",
        ],
        csv.as_bytes(),
    );
    assert_eq!(
        from_json.status.code(),
        Some(0),
        "{}",
        text(&from_json.stderr)
    );
    assert_eq!(text(&from_sla.stdout), text(&from_json.stdout));
    insta::assert_snapshot!("eval_csv_stdin", transcript(&from_sla));
}

#[test]
fn eval_refuses_bad_records_and_writes_nothing() {
    let bad =
        format!("{EVENTS}{{\"id\":\"T3\",\"at\":\"soon\",\"event\":\"created\"}}\nnot json\n");
    let events = temp("bad.ndjson", bad.as_bytes());
    let events = events.to_str().expect("utf-8 path");
    let report = std::env::temp_dir().join(format!("slate-cli-report-{}.txt", std::process::id()));
    let report_arg = report.to_str().expect("utf-8 path");
    let out = slate(&[
        "eval",
        "examples/support.sla",
        "--events",
        events,
        "-o",
        report_arg,
    ]);
    insta::assert_snapshot!("eval_bad_records", transcript(&out));
    assert!(!report.exists(), "nothing is written");
    // With --skip-invalid they are counted and listed in the report.
    let out = slate(&[
        "eval",
        "examples/support.sla",
        "--events",
        events,
        "--skip-invalid",
        "-o",
        report_arg,
    ]);
    insta::assert_snapshot!("eval_bad_records_skipped", transcript(&out));
    let written = std::fs::read_to_string(&report).expect("report written");
    let tmp = temp_dir();
    insta::assert_snapshot!(
        "eval_bad_records_skipped_report",
        written.replace(tmp.to_string_lossy().as_ref(), "[tmp]")
    );
    std::fs::remove_file(&report).ok();
}

/// Beyond `--memory`, records are spilled to temporary partitions under
/// `$TMPDIR`: what a person sees (the report, the invalid records, the
/// exit code) is the same as with the records held, and no partition is
/// left behind. A budget that is no size, and partitions that cannot be
/// made, are refused with a reason.
#[test]
fn eval_spills_records_beyond_its_memory() {
    let tmp = temp_dir().join("spill");
    std::fs::create_dir_all(&tmp).expect("temp dir");
    let run = |args: &[&str], tmpdir: &Path| {
        Command::new(env!("CARGO_BIN_EXE_slate"))
            .args(args)
            .current_dir(root())
            .env("TMPDIR", tmpdir)
            .output()
            .expect("the slate binary runs")
    };
    let bad = format!(
        "{EVENTS}{EVENTS}{{\"id\":\"T3\",\"at\":\"soon\",\"event\":\"created\"}}\nnot json\n"
    );
    let bad = temp("spill-bad.ndjson", bad.as_bytes());
    let bad = bad.to_str().expect("utf-8 path");
    let counts = temp(
        "spill-counts.ndjson",
        concat!(
            "{\"id\":\"api\",\"at\":\"2026-10-25T09:00:00Z\",\"event\":\"request_stats\",\"errors\":1,\"requests\":10}\n",
            "{\"id\":\"api\",\"at\":\"2026-10-25T09:01:00Z\",\"event\":\"request_stats\",\"errors\":1}\n",
        )
        .as_bytes(),
    );
    let counts = counts.to_str().expect("utf-8 path");
    let cases: [&[&str]; 5] = [
        &[
            "eval",
            "examples/support.sla",
            "--events",
            "examples/support.events.ndjson",
            "--details",
        ],
        &[
            "eval",
            "examples/call-centre.sla",
            "--events",
            "examples/call-centre.events.csv",
            "--format",
            "json",
        ],
        &["eval", "examples/support.sla", "--events", bad],
        &[
            "eval",
            "examples/support.sla",
            "--events",
            bad,
            "--skip-invalid",
            "--format",
            "md",
        ],
        &[
            "eval",
            "tests/data/eval/downtime-error-rate.sla",
            "--events",
            counts,
            "--as-of",
            "2026-10-26T00:00:00Z",
            "--skip-invalid",
        ],
    ];
    for args in cases {
        let held = run(args, &tmp);
        for memory in ["1", "2K"] {
            let spilled = run(&[args, &["--memory", memory]].concat(), &tmp);
            assert_eq!(
                held.status.code(),
                spilled.status.code(),
                "{args:?} {memory}"
            );
            assert!(
                held.stdout == spilled.stdout,
                "{args:?} --memory {memory}: the report differs"
            );
            assert_eq!(
                text(&held.stderr),
                text(&spilled.stderr),
                "{args:?} {memory}"
            );
        }
    }
    let left: Vec<_> = std::fs::read_dir(&tmp).expect("temp dir").collect();
    assert!(left.is_empty(), "partitions left behind: {left:?}");
    let out = run(
        &[
            "eval",
            "examples/support.sla",
            "--events",
            "examples/support.events.ndjson",
            "--memory",
            "1",
        ],
        &tmp.join("missing"),
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("cannot make temporary partitions in `")
            && stderr.contains("missing`: no such file\n  help: set `TMPDIR` to a directory with room for the records, or give `--memory` more"),
        "{stderr}"
    );
    for bad in ["", "12Q", "1.5G", "G", "99999999T"] {
        let out = slate(&[
            "eval",
            "examples/support.sla",
            "--events",
            "examples/support.events.ndjson",
            "--memory",
            bad,
        ]);
        assert_eq!(out.status.code(), Some(2), "{bad}");
        let stderr = text(&out.stderr);
        assert!(
            stderr.contains(&format!("invalid value '{bad}' for '--memory <MEMORY>'")),
            "{stderr}"
        );
    }
}

/// An evaluation interrupted while it spills (Ctrl-C, `SIGTERM`) removes
/// its temporary partitions and exits with 128 and the signal's number:
/// a process stopped so drops nothing, and left them behind before.
#[cfg(unix)]
#[test]
fn an_interrupted_eval_removes_its_partitions() {
    use std::time::{Duration, Instant};
    let support = std::fs::read_to_string(root().join("examples/support.events.ndjson"))
        .expect("the support events");
    // 400 copies of the support events, each with its own ids: about a
    // million records, several seconds of reading in a debug build.
    let mut many = String::new();
    for copy in 0..400 {
        many.push_str(&support.replace("\"id\":\"", &format!("\"id\":\"c{copy}-")));
    }
    let events = temp("interrupted.ndjson", many.as_bytes());
    for (signal, code) in [("-INT", 130), ("-TERM", 143)] {
        let tmp = temp_dir().join(format!("interrupted{signal}"));
        std::fs::create_dir_all(&tmp).expect("temp dir");
        let mut child = Command::new(env!("CARGO_BIN_EXE_slate"))
            .args(["eval", "examples/support.sla", "--memory", "1", "--events"])
            .arg(&events)
            .current_dir(root())
            .env("TMPDIR", &tmp)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("the slate binary runs");
        // Interrupted once its partitions are there.
        let start = Instant::now();
        while std::fs::read_dir(&tmp).expect("temp dir").next().is_none() {
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "no partitions made"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        let sent = Command::new("kill")
            .args([signal, &child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(sent.success());
        let status = child.wait().expect("slate stops");
        assert_eq!(status.code(), Some(code), "{signal}");
        let left: Vec<_> = std::fs::read_dir(&tmp).expect("temp dir").collect();
        assert!(
            left.is_empty(),
            "{signal}: partitions left behind: {left:?}"
        );
    }
}

/// A record an error-rate rule of downtime units needs counts from, without
/// them, is an invalid record named by file and line: nothing is evaluated
/// unless `--skip-invalid` counts, lists and leaves it out.
#[test]
fn eval_refuses_records_without_their_counts() {
    let events = temp(
        "counts.ndjson",
        concat!(
            "{\"id\":\"api\",\"at\":\"2026-10-25T09:00:00Z\",\"event\":\"request_stats\",\"errors\":1,\"requests\":10}\n",
            "{\"id\":\"api\",\"at\":\"2026-10-25T09:01:00Z\",\"event\":\"request_stats\",\"errors\":1}\n",
        )
        .as_bytes(),
    );
    let events = events.to_str().expect("utf-8 path");
    let args = [
        "eval",
        "tests/data/eval/downtime-error-rate.sla",
        "--events",
        events,
        "--as-of",
        "2026-10-26T00:00:00Z",
    ];
    let out = slate(&args);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("counts.ndjson:2: no `requests`, and objective `api_uptime` counts `requests` on every `request_stats` record"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
    let out = slate(&[&args[..], &["--skip-invalid"]].concat());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let report = text(&out.stdout);
    assert!(report.contains("1 invalid record"), "{report}");
    // 09:00: 1 of 10 = 10%, down; the record of line 2 is left out.
    assert!(
        report.contains("1 of 1,500 units of 1 min down"),
        "{report}"
    );
}

#[test]
fn eval_usage_errors_exit_2() {
    let events = temp("ok.ndjson", EVENTS.as_bytes());
    let events = events.to_str().expect("utf-8 path");
    for (args, name) in [
        (vec!["--period", "2026-13"], "eval_bad_period"),
        (
            vec!["--period", "2026-10-25T01:00+01:00"],
            "eval_hour_as_period",
        ),
        (vec!["--as-of", "tomorrow"], "eval_bad_as_of"),
        (
            vec!["--from", "2026-03-10", "--to", "2026-03-01"],
            "eval_from_after_to",
        ),
    ] {
        let mut all = vec!["eval", "examples/support.sla", "--events", events];
        all.extend(args);
        insta::assert_snapshot!(name, transcript(&slate(&all)));
    }
    let odd = temp("events.txt", EVENTS.as_bytes());
    let out = slate(&[
        "eval",
        "examples/support.sla",
        "--events",
        odd.to_str().expect("utf-8 path"),
    ]);
    insta::assert_snapshot!("eval_unknown_events_format", transcript(&out));
}

#[test]
fn fmt_rewrites_checks_and_refuses_broken_files() {
    let messy = "agreement \"A\" {\n effective   2026-01-01 to 2026-12-31\n}\n";
    let canonical = "agreement \"A\" {\n  effective 2026-01-01 to 2026-12-31\n}\n";
    let path = temp("fmt.sla", messy.as_bytes());
    let name = path.to_str().expect("utf-8 path");
    // --check lists the file, changes nothing, exits 1.
    let out = slate(&["fmt", "--check", name]);
    insta::assert_snapshot!("fmt_check", transcript(&out));
    assert_eq!(std::fs::read_to_string(&path).expect("read"), messy);
    // fmt rewrites it; then --check is clean.
    let out = slate(&["fmt", name]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(std::fs::read_to_string(&path).expect("read"), canonical);
    assert_eq!(slate(&["fmt", "--check", name]).status.code(), Some(0));
    // Standard input to standard output.
    let out = slate_stdin(&["fmt", "-"], messy.as_bytes());
    assert_eq!(text(&out.stdout), canonical);
    // A file with syntax errors is reported and left alone.
    let bad = "agreement \"A\" {\n   timezon \"UTC\"\n}\n";
    let broken = temp("broken.sla", bad.as_bytes());
    let out = slate(&["fmt", broken.to_str().expect("utf-8 path")]);
    insta::assert_snapshot!("fmt_broken", transcript(&out));
    assert_eq!(std::fs::read_to_string(&broken).expect("read"), bad);
}

/// An agreement made of several files: every command reads the files it
/// imports and extends, relative to it, and reports in the file at fault.
#[test]
fn multi_file_agreements() {
    const EVAL: [&str; 6] = [
        "eval",
        "examples/multi-level/acme-hosting.sla",
        "--events",
        "examples/multi-level/acme-hosting.events.ndjson",
        "--period",
        "2026-03",
    ];
    for command in [
        vec!["check", "examples/multi-level/acme-hosting.sla"],
        vec![
            "render",
            "examples/multi-level/acme-hosting.sla",
            "--to",
            "md",
        ],
        vec![
            "rules",
            "examples/multi-level/acme-hosting.sla",
            "--to",
            "json",
        ],
        EVAL.to_vec(),
    ] {
        let out = slate(&command);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{command:?}: {}",
            text(&out.stderr)
        );
    }
    let md = text(&slate(&["render", "examples/multi-level/acme.sla", "--to", "md"]).stdout);
    let tightened: Vec<&str> = md.lines().filter(|l| l.contains("Tightened")).collect();
    insta::assert_snapshot!("render_tightened_notes", tightened.join("\n"));
    // The target tightened at the customer level is the one evaluated.
    insta::assert_snapshot!("eval_inherited_agreement", transcript(&slate(&EVAL)));
    // A mistake in an imported file is shown in that file, by name.
    let out = slate(&["check", "tests/data/link/E0401-error-in-import/main.sla"]);
    insta::assert_snapshot!("check_error_in_import", transcript(&out));
    let json = text(
        &slate(&[
            "check",
            "--format",
            "json",
            "tests/data/link/E0706-redefine-inherited/main.sla",
        ])
        .stdout,
    );
    let value: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(
        value[0]["labels"][1]["file"],
        "tests/data/link/E0706-redefine-inherited/parent.sla"
    );
    // A library checks, but has no agreement to render.
    let out = slate(&["check", "tests/data/link/ok-import-all/lib.sla"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = slate(&[
        "render",
        "tests/data/link/ok-import-all/lib.sla",
        "--to",
        "md",
    ]);
    insta::assert_snapshot!("render_a_library", transcript(&out));
    // A library's own mistakes are reported when it is checked alone.
    let out = slate(&["check", "tests/data/link/E0401-error-in-import/lib.sla"]);
    insta::assert_snapshot!("check_a_library_alone", transcript(&out));
}

/// `slate eval` of the rule set of `examples/support.sla` with its first
/// `"target": "95"` written `edit` instead, saved as `name`.
fn eval_edited_rules(name: &str, edit: &str) -> Output {
    let rules = slate(&["rules", "examples/support.sla", "--to", "json"]);
    let edited = text(&rules.stdout).replacen("\"target\": \"95\"", edit, 1);
    assert_ne!(edited, text(&rules.stdout), "the edit applies");
    let path = temp(name, edited.as_bytes());
    slate(&[
        "eval",
        path.to_str().expect("utf-8 path"),
        "--events",
        "examples/support.events.ndjson",
    ])
}

/// A hand-edited rule set is not evaluated: `slate eval` says it was
/// changed, writes no report (so no fingerprint), and exits 1.
#[test]
fn eval_refuses_a_changed_rule_set() {
    let out = eval_edited_rules("edited.rules.json", "\"target\": \"150\"");
    insta::assert_snapshot!("eval_changed_rule_set", transcript(&out));
}

/// Event files are streams: standard input is read incrementally, and a
/// line over the limit is an invalid record naming `<stdin>` and its line.
#[test]
fn eval_reads_a_stream_with_a_line_over_the_limit() {
    let mut input =
        b"{\"id\":\"A\",\"at\":\"2026-03-02T09:00:00Z\",\"event\":\"created\"}\n".to_vec();
    input.extend(std::iter::repeat_n(b'x', 3 << 20));
    input.extend(b"\n{\"id\":\"B\",\"at\":\"\\u001b[2J\",\"event\":\"created\"}\n");
    let out = slate_stdin(&["eval", "examples/support.sla", "--events", "-"], &input);
    // A record's text reaches the terminal with its ESC shown, not obeyed.
    assert!(!out.stderr.contains(&0x1b), "a raw ESC on standard error");
    insta::assert_snapshot!("eval_line_over_the_limit", transcript(&out));
}

/// Standard input is read once: as the agreement and the events, or as two
/// event files, it is refused before anything is read.
#[test]
fn eval_refuses_to_read_standard_input_twice() {
    for (args, name) in [
        (&["eval", "-", "--events", "-"][..], "stdin_twice_agreement"),
        (
            &[
                "eval",
                "-",
                "--events",
                "examples/support.events.ndjson",
                "-",
            ][..],
            "stdin_twice_agreement_and_events",
        ),
        (
            &["eval", "examples/support.sla", "--events", "-", "-"][..],
            "stdin_twice_events",
        ),
    ] {
        // Nothing is written: it is refused before standard input is read.
        insta::assert_snapshot!(name, transcript(&slate_stdin(args, b"")));
    }
}

/// A rule set's error quotes it with every control character shown, never
/// raw: a name given twice holding ESC does not reach the terminal.
#[test]
fn eval_shows_a_rule_set_error_without_raw_controls() {
    let out = eval_edited_rules(
        "twice.rules.json",
        "\"\\u001b[2J\": 1, \"\\u001b[2J\": 2, \"target\": \"95\"",
    );
    assert!(!out.stderr.contains(&0x1b), "a raw ESC on standard error");
    insta::assert_snapshot!("eval_name_given_twice", transcript(&out));
}

/// `--as-of DATE` is the first instant of that date in the agreement's zone,
/// the instant the engine's periods end at, even where the zone skips
/// midnight (Santiago springs forward at 00:00 on 6 September 2026): the
/// day before ends exactly at the cut-off, so it is over and complete.
#[test]
fn eval_as_of_a_date_whose_midnight_is_skipped() {
    let sla = r#"agreement "Leads" {
  effective 2026-09-01 to 2026-12-31
  timezone  "America/Santiago"

  party acme "Acme SpA" {
    role      provider
    signatory "Jane Roe", "Director"
  }

  party client "Client SA" {
    role      customer
    signatory "John Doe", "CTO"
  }

  service sales "Sales" {
  }

  objective leads "Leads" {
    count   leads on lead
    at least 1 leads per day
  }
}
"#;
    let agreement = temp("santiago.sla", sla.as_bytes());
    let events = temp(
        "santiago.ndjson",
        br#"{"id":"L1","at":"2026-09-05T12:00:00Z","event":"lead"}
"#,
    );
    let out = slate(&[
        "eval",
        agreement.to_str().expect("utf-8 path"),
        "--events",
        events.to_str().expect("utf-8 path"),
        "--as-of",
        "2026-09-06",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    // 00:00 does not exist; 01:00 -03 is 04:00 UTC.
    assert_eq!(report["as_of"], "2026-09-06T04:00:00Z");
    let periods = report["objectives"][0]["periods"]
        .as_array()
        .expect("periods");
    let last = periods.last().expect("a period");
    assert_eq!(last["label"], "2026-09-05");
    assert_eq!(last["complete"], true);
    assert_eq!(last["verdict"], "met");
}

/// A record whose due date (`due by due_date`) is neither a date nor an
/// RFC 3339 instant is an invalid record, with its file and line, whether
/// the agreement is given as a `.sla` file or as its rule set.
#[test]
fn eval_refuses_a_bad_due_date_with_its_line() {
    let events = temp(
        "due.ndjson",
        b"{\"id\":\"A\",\"at\":\"2026-09-01T09:00:00Z\",\"event\":\"assigned\",\"due_date\":\"2026-09-30\"}\n{\"id\":\"B\",\"at\":\"2026-09-01T09:00:00Z\",\"event\":\"assigned\",\"due_date\":\"30/09/2026\"}\n",
    );
    let events = events.to_str().expect("utf-8 path");
    let rules = std::env::temp_dir().join(format!("slate-cli-due-{}.json", std::process::id()));
    let rules_arg = rules.to_str().expect("utf-8 path");
    let made = slate(&[
        "rules",
        "examples/deliverables.sla",
        "--to",
        "json",
        "-o",
        rules_arg,
    ]);
    assert!(made.status.success(), "{}", transcript(&made));
    for agreement in ["examples/deliverables.sla", rules_arg] {
        let out = slate(&["eval", agreement, "--events", events]);
        assert!(!out.status.success(), "{}", transcript(&out));
        let err = text(&out.stderr);
        assert!(
            err.contains("due.ndjson:2: `due_date` is `30/09/2026`"),
            "{err}"
        );
    }
    std::fs::remove_file(&rules).ok();
}
