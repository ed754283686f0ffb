//! A real editor: headless Neovim with its built-in LSP client starts
//! `slate lsp`, opens a copy of an example with a mistake, receives the
//! diagnostic, and goes to a definition. The client is driven by
//! `tests/data/nvim/client.lua`, which writes what happened to a file.
//!
//! CI installs Neovim (`.ci/run`) and sets `CI=true`, where a missing `nvim`
//! fails the test; elsewhere the test says it skipped.

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use slate_tests::{read, root, slate_binary};

/// Neovim, or `None` (the test is skipped) where it is not installed; under
/// CI a missing Neovim fails the test.
fn nvim_or_skip() -> Option<PathBuf> {
    slate_tests::program_or_skip(
        &["/usr/bin/nvim", "/usr/local/bin/nvim"],
        "Neovim",
        "neovim",
    )
}

#[test]
fn neovim_receives_diagnostics_and_goes_to_a_definition() {
    let Some(nvim) = nvim_or_skip() else {
        return;
    };
    let dir = std::env::temp_dir().join(format!("slate-nvim-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    // The mistake: the service's hours name a calendar that does not exist.
    let text = read(&root().join("examples/support.sla")).replacen(
        "hours      support_hours",
        "hours      suport_hours",
        1,
    );
    let file = dir.join("support.sla");
    std::fs::write(&file, &text).expect("write the copy");
    let line_of = |needle: &str| {
        text.lines()
            .position(|l| l.contains(needle))
            .expect("needle in the example")
            + 1
    };
    let mistake = line_of("hours      suport_hours");
    let provider = line_of("provider   kestrel");
    let party = line_of("party kestrel");
    let result = dir.join("result.txt");

    let mut child = Command::new(nvim)
        .args(["--headless", "-u", "NONE", "-i", "NONE", "-n", "-c"])
        .arg(format!(
            "luafile {}",
            root().join("tests/data/nvim/client.lua").display()
        ))
        .env("SLATE_BIN", slate_binary())
        .env("SLATE_FILE", &file)
        .env("SLATE_LINE", provider.to_string())
        .env("SLATE_COL", "15")
        .env("SLATE_RESULT", &result)
        .current_dir(&dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .spawn()
        .expect("start nvim");
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        if child.try_wait().expect("wait for nvim").is_some() {
            break;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let report = std::fs::read_to_string(&result).unwrap_or_default();
    let _ = std::fs::remove_dir_all(&dir);

    assert!(report.contains("diagnostics true"), "{report}");
    let diagnostics: Vec<&str> = report
        .lines()
        .filter(|l| l.starts_with("diagnostic "))
        .collect();
    assert_eq!(
        diagnostics,
        [format!(
            "diagnostic slate::E0201 {mistake} undefined calendar `suport_hours` | help: did you mean `support_hours`?"
        )],
        "{report}"
    );
    // The definition of `kestrel` is its party block's name.
    assert!(
        report.contains(&format!("cursor {party} 8")),
        "expected the cursor on line {party}: {report}"
    );
}
