//! The HTML contract in a real browser: headless Chromium prints every
//! example to PDF and takes a screenshot. The PDF must be valid with a
//! sensible page count; the screenshot must not be blank.
//!
//! CI installs Chromium (`.ci/run`) and sets `CI=true`, where a missing
//! browser fails the test; elsewhere the test says it skipped.

#![expect(
    clippy::expect_used,
    reason = "a browser or image that cannot be read is a failed test"
)]

use std::path::{Path, PathBuf};
use std::process::Command;

use slate_tests::{files, relative};

const CHROMIUM: &[&str] = &[
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome",
];

/// Chromium, or `None` (the test is skipped) where it is not installed;
/// under CI a missing browser fails the test.
pub(crate) fn chromium_or_skip() -> Option<PathBuf> {
    slate_tests::program_or_skip(CHROMIUM, "Chromium", "chromium")
}

/// Prints a page to PDF and screenshots it; returns the PDF's bytes after
/// checking it is a whole PDF and the screenshot is not blank.
fn print_and_show(browser: &Path, profile: &Path, html: &Path, name: &str) -> Vec<u8> {
    let url = format!("file://{}", html.display());
    let pdf = html.with_extension("pdf");
    run_chromium(
        browser,
        profile,
        &[format!("--print-to-pdf={}", pdf.display()), url.clone()],
    );
    let bytes = std::fs::read(&pdf).expect("a PDF was written");
    assert!(bytes.starts_with(b"%PDF-"), "{name}: not a PDF");
    assert!(
        String::from_utf8_lossy(&bytes[bytes.len().saturating_sub(1024)..]).contains("%%EOF"),
        "{name}: truncated PDF"
    );
    let shot = html.with_extension("png");
    run_chromium(
        browser,
        profile,
        &[
            format!("--screenshot={}", shot.display()),
            "--window-size=1000,1400".to_owned(),
            url,
        ],
    );
    let ink = ink(&std::fs::read(&shot).expect("a screenshot was written"));
    assert!(
        ink > 0.02,
        "{name}: the screenshot is blank ({ink:.4} of pixels inked)"
    );
    bytes
}

/// Runs headless Chromium with `args` on a fresh profile: its standard
/// output (the DOM, with `--dump-dom`). A failed run fails the test.
pub(crate) fn run_chromium(browser: &Path, profile: &Path, args: &[String]) -> Vec<u8> {
    let status = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .output()
        .expect("chromium runs");
    assert!(
        status.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    status.stdout
}

/// Pages in a PDF, counted from its page objects (`/Type /Page`, not `/Pages`).
fn pdf_pages(pdf: &[u8]) -> usize {
    let mut pages = 0;
    let mut rest = pdf;
    while let Some(at) = rest.windows(5).position(|w| w == b"/Type") {
        rest = &rest[at + 5..];
        let after: &[u8] = {
            let skip = rest.iter().take_while(|b| b.is_ascii_whitespace()).count();
            &rest[skip..]
        };
        if after.starts_with(b"/Page") && !after.starts_with(b"/Pages") {
            pages += 1;
        }
    }
    pages
}

/// The share of pixels that differ from the top-left pixel.
pub(crate) fn ink(png_bytes: &[u8]) -> f64 {
    let decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size().expect("size")];
    let info = reader.next_frame(&mut buf).expect("a frame");
    let channels = info.color_type.samples();
    let pixels: Vec<&[u8]> = buf[..info.buffer_size()].chunks(channels).collect();
    let first = pixels[0];
    pixels
        .iter()
        .filter(|p| p[..3.min(channels)] != first[..3.min(channels)])
        .count() as f64
        / pixels.len() as f64
}

#[test]
fn chromium_prints_and_shows_every_example() {
    let Some(browser) = chromium_or_skip() else {
        return;
    };
    let dir = std::env::temp_dir().join(format!("slate-browser-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    for path in files("examples", "sla") {
        let name = relative(&path);
        let model = slate_tests::model_at(&path);
        let stem = path
            .file_stem()
            .expect("stem")
            .to_string_lossy()
            .into_owned();
        let html = dir.join(format!("{stem}.html"));
        std::fs::write(&html, slate::render::to_html(&model)).expect("write html");
        let profile = dir.join(format!("profile-{stem}"));
        let pages = pdf_pages(&print_and_show(&browser, &profile, &html, &name));
        assert!((2..=20).contains(&pages), "{name}: {pages} pages");
    }
}

/// Every example's evaluation report (`slate eval --format html`) prints to
/// PDF and shows its charts in Chromium.
#[test]
fn chromium_shows_every_report() {
    let Some(browser) = chromium_or_skip() else {
        return;
    };
    let dir = std::env::temp_dir().join(format!("slate-browser-report-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    for path in files("examples", "sla") {
        let name = relative(&path);
        let report = slate_tests::example_report(&path);
        let stem = path
            .file_stem()
            .expect("stem")
            .to_string_lossy()
            .into_owned();
        let html = dir.join(format!("{stem}.report.html"));
        let page = slate::eval::to_html(&report);
        assert!(page.contains("<svg"), "{name}: no chart");
        std::fs::write(&html, page).expect("write html");
        let profile = dir.join(format!("profile-{stem}"));
        let bytes = print_and_show(&browser, &profile, &html, &name);
        assert!(pdf_pages(&bytes) >= 1, "{name}: no pages");
    }
    std::fs::remove_dir_all(&dir).ok();
}
