//! `slate monitor`'s status page (`GET /`) in headless Chromium: a monitor
//! fed the support example's records, and a P1 ticket whose id is hostile
//! HTML, is loaded over HTTP; the DOM Chromium builds (`--dump-dom`) must
//! show each objective, the open items, and the hostile id as text, never
//! as markup. A screenshot is kept at
//! `target/monitor-browser/status.png` for a person to look at.
//!
//! CI installs Chromium (`.ci/run`) and sets `CI=true`, where a missing
//! browser fails the test; elsewhere the test says it skipped.

use scraper::{Html, Selector};
use slate_tests::root;

use crate::browser::{chromium_or_skip, ink, run_chromium};
use crate::monitor_harness::{Monitor, Scratch};

/// The monitor's clock: just after the example's last record
/// (2026-03-01T03:53:57Z), at real speed.
const NOW: &str = "2026-03-01T04:00:00Z";

/// A ticket id that is markup: a script, an element, an entity and
/// quotes. The page must show it as these very characters.
const HOSTILE: &str = "<script>alert(\"owned\")</script><b>bold</b>&amp;'";

#[test]
fn chromium_shows_the_status_page_with_open_items_and_escaped_text() {
    let Some(browser) = chromium_or_skip() else {
        return;
    };
    let scratch = Scratch::new("monitor-browser");
    let monitor = Monitor::start(
        &root().join("examples/support.sla"),
        &scratch.path().join("state"),
        &scratch.path().join("monitor.log"),
        &["--clock-start", NOW, "--clock-rate", "1"],
    );
    let events = slate_tests::read(&root().join("examples/support.events.ndjson"));
    let lines = events.lines().count() as u64;
    assert_eq!(monitor.post_events(&events), (lines, 0));
    // A P1 ticket created 40 minutes before the clock's start: first
    // response within 1 hour on 24x7, so it is open, over two thirds of
    // its budget used.
    let hostile = serde_json::json!({
        "id": HOSTILE,
        "at": "2026-03-01T03:20:00Z",
        "event": "created",
        "priority": "P1",
    });
    assert_eq!(monitor.post_events(&format!("{hostile}\n")), (1, 0));
    let items = monitor.json("/v1/items");
    let items = items["items"].as_array().expect("items");
    assert!(
        items.iter().any(|i| i["id"] == HOSTILE),
        "the hostile ticket is open: {items:?}"
    );

    let url = format!("http://127.0.0.1:{}/", monitor.port);
    let dom = run_chromium(
        &browser,
        &scratch.path().join("profile-dom"),
        &["--dump-dom".to_owned(), url.clone()],
    );
    let dom = String::from_utf8(dom).expect("UTF-8");
    let page = Html::parse_document(&dom);
    let text: String = page.root_element().text().collect();
    for objective in ["First response", "Resolution"] {
        assert!(
            text.contains(objective),
            "no objective `{objective}`:\n{dom}"
        );
    }
    // The open items the page lists: the most used ones of /v1/items, and
    // the hostile one, as text.
    for item in items.iter().take(3) {
        let id = item["id"].as_str().expect("an id");
        assert!(text.contains(id), "no open item `{id}` on the page:\n{dom}");
    }
    assert!(
        text.contains(HOSTILE),
        "the hostile id is not shown as text:\n{dom}"
    );
    // …and never as markup: the DOM has no script that alerts, and no `b`
    // element saying `bold`.
    let scripts = Selector::parse("script").expect("a selector");
    assert!(
        page.select(&scripts)
            .all(|s| !s.text().collect::<String>().contains("owned")),
        "the hostile id became a script:\n{dom}"
    );
    let bold = Selector::parse("b").expect("a selector");
    assert!(
        page.select(&bold)
            .all(|b| b.text().collect::<String>() != "bold"),
        "the hostile id became an element:\n{dom}"
    );
    assert!(!dom.contains("<script>alert"), "{dom}");
    // The page refreshes itself.
    let refresh = Selector::parse("meta[http-equiv=refresh]").expect("a selector");
    assert!(page.select(&refresh).next().is_some(), "no refresh:\n{dom}");

    let shots = root().join("target/monitor-browser");
    std::fs::create_dir_all(&shots).expect("target/monitor-browser");
    let shot = shots.join("status.png");
    run_chromium(
        &browser,
        &scratch.path().join("profile-shot"),
        &[
            format!("--screenshot={}", shot.display()),
            "--window-size=1200,1600".to_owned(),
            url,
        ],
    );
    let ink = ink(&std::fs::read(&shot).expect("a screenshot was written"));
    assert!(
        ink > 0.02,
        "the status page is blank ({ink:.4} of pixels inked)"
    );
}
