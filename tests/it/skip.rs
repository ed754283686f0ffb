//! A test that needs a program the machine does not have says "skipped" where
//! a person sees it, even though the harness captures the test's output, and
//! fails under CI (`CI` set), where `.ci/run` installs every such program.

#![expect(clippy::expect_used, reason = "a failed expectation is a failed test")]

use std::process::{Command, Output};

/// Not run on its own (`#[ignore]`): the probe that
/// [`a_missing_program_is_said_skipped`] runs in a child process.
#[test]
#[ignore = "run by a_missing_program_is_said_skipped"]
fn probe_a_missing_program() {
    let found = slate_tests::program_or_skip(
        &["/nonexistent/slate-test-program"],
        "slate-test-program",
        "slate-test-package",
    );
    assert!(found.is_none());
}

/// This test binary running only the probe, with output captured as in a
/// normal run, and `CI` set to `ci` or unset.
fn probe(ci: Option<&str>) -> Output {
    let mut run = Command::new(std::env::current_exe().expect("the test binary"));
    run.args([
        "--exact",
        "skip::probe_a_missing_program",
        "--ignored",
        "--test-threads=1",
    ]);
    run.env_remove("CI").env_remove("RUST_TEST_NOCAPTURE");
    if let Some(ci) = ci {
        run.env("CI", ci);
    }
    run.output().expect("the test binary runs")
}

#[test]
fn a_missing_program_is_said_skipped() {
    let run = probe(None);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    assert!(
        stderr.contains(
            "skipped: no slate-test-program on this machine (apt-get install slate-test-package)"
        ),
        "the skip is not shown: {stderr}"
    );
}

#[test]
fn a_missing_program_fails_under_ci() {
    let run = probe(Some("true"));
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(!run.status.success(), "{stdout}");
    assert!(
        stdout.contains(
            "CI must install slate-test-program (.ci/run: apt-get install slate-test-package)"
        ),
        "{stdout}"
    );
}
