//! `slate monitor`'s flags, refused before anything is opened or served:
//! exit 2 with the reason on standard error.

use std::path::Path;
use std::process::Command;

/// Runs `slate monitor ARGS…` from the workspace root: exit code and
/// standard error.
fn monitor(args: &[&str]) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_slate"))
        .arg("monitor")
        .args(args)
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("../.."))
        .output();
    match out {
        Ok(o) => (
            o.status.code(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        ),
        Err(e) => (None, e.to_string()),
    }
}

#[test]
fn bad_flags_are_refused_with_their_reason() {
    let dir = tempfile::tempdir().ok();
    let dir = dir.as_ref().map_or(Path::new("."), |d| d.path());
    let blank = dir.join("blank-token");
    let big = dir.join("big-token");
    let _ = std::fs::write(&blank, " \n\t\n");
    let _ = std::fs::write(&big, "x".repeat(5000));
    let (blank, big) = (blank.display().to_string(), big.display().to_string());
    let state = dir.join("state").display().to_string();
    let sla = "examples/support.sla";
    for (args, stderr) in [
        (
            vec!["--listen", "0.0.0.0:9477"],
            "error: `--listen 0.0.0.0:9477` is not a loopback address, and anyone who reaches it could post records\n  help: give a bearer token with `--token-file FILE`, or listen on `127.0.0.1`\n".to_owned(),
        ),
        (
            vec!["--listen", "localhost:9477"],
            "error: `--listen localhost:9477` is not an address such as `127.0.0.1:9477` or `[::1]:9477`\n".to_owned(),
        ),
        (
            vec!["--warn-at", "50,75,0"],
            "error: `--warn-at 50,75,0`: `0` is not a share from 1 to 1000 percent of the budget\n".to_owned(),
        ),
        (
            vec!["--warn-at", "50,1001"],
            "error: `--warn-at 50,1001`: `1001` is not a share from 1 to 1000 percent of the budget\n".to_owned(),
        ),
        (
            vec!["--warn-at", "half"],
            "error: `--warn-at half`: `half` is not a whole percentage; write the shares as `50,75,100`\n".to_owned(),
        ),
        (
            vec!["--token-file", &blank],
            format!("error: the token file `{blank}` is empty\n  help: write the token on its first line\n"),
        ),
        (
            vec!["--token-file", &big],
            format!("error: cannot read the token file `{big}`: it is larger than 4 KiB; a token file holds the token alone\n"),
        ),
        (
            vec!["--clock-start", "monday"],
            "error: `--clock-start monday` is not an RFC 3339 timestamp such as `2026-03-02T09:00:00Z`\n".to_owned(),
        ),
        (
            vec!["--clock-start", "2026-03-02T09:00:00Z", "--clock-rate", "0"],
            "error: `--clock-rate 0` would stop the clock; give a rate of 1 or more\n".to_owned(),
        ),
    ] {
        let mut all = vec![sla, "--state", &state];
        all.extend(args.iter().copied());
        assert_eq!(monitor(&all), (Some(2), stderr), "{args:?}");
    }
}
