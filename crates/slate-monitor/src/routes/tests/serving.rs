//! The routes served for real: over TCP by the server, looked at in
//! headless Chromium, and over the monitor's own state across a restart.

use super::*;

/// The real server: a request over TCP, a client that sends its headers
/// too slowly is dropped, and a stop lets the server end.
#[tokio::test]
async fn the_server_drops_slow_headers_and_stops_when_told() {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let Ok(listener) = tokio::net::TcpListener::bind("127.0.0.1:0").await else {
        unreachable!("loopback is there")
    };
    let Ok(addr) = listener.local_addr() else {
        unreachable!("a bound listener has an address")
    };
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(crate::server::serve_with(
        listener,
        app(MONDAY_0915),
        async move {
            let _ = stopped.await;
        },
        Duration::from_millis(300),
    ));
    let exchange = |request: &'static [u8]| async move {
        let mut s = tokio::net::TcpStream::connect(addr).await.ok()?;
        s.write_all(request).await.ok()?;
        let mut out = Vec::new();
        let _ = tokio::time::timeout(Duration::from_secs(5), s.read_to_end(&mut out)).await;
        Some(String::from_utf8_lossy(&out).into_owned())
    };
    let answer = exchange(b"GET /healthz HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n").await;
    assert!(
        answer
            .as_deref()
            .is_some_and(|a| a.starts_with("HTTP/1.1 200 OK") && a.ends_with("\r\n\r\nok")),
        "{answer:?}"
    );
    // Headers never finished: after 300 ms the server answers 408 and closes.
    let started = std::time::Instant::now();
    let answer = exchange(b"GET /healthz HTTP/1.1\r\nhost: x\r\n").await;
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "the slow client was not dropped"
    );
    assert!(
        answer
            .as_deref()
            .is_some_and(|a| a.is_empty() || a.starts_with("HTTP/1.1 408")),
        "{answer:?}"
    );
    let _ = stop.send(());
    let ended = tokio::time::timeout(Duration::from_secs(5), server).await;
    assert!(ended.is_ok_and(|r| r.is_ok()), "the server did not stop");
}

/// The status page served over TCP, looked at in headless Chromium: it
/// renders under its own Content-Security-Policy without a violation
/// (inline styles and SVG are allowed, nothing else). Skipped where
/// Chromium is not installed, except under CI (`CI=true`).
#[tokio::test]
async fn the_status_page_renders_in_headless_chromium() {
    let browser = std::path::Path::new("/usr/bin/chromium");
    if !browser.exists() {
        assert!(std::env::var_os("CI").is_none(), "CI has no Chromium");
        eprintln!("skipped: no Chromium at /usr/bin/chromium (Debian package `chromium`)");
        return;
    }
    let Ok(listener) = tokio::net::TcpListener::bind("127.0.0.1:0").await else {
        unreachable!("loopback is there")
    };
    let Ok(addr) = listener.local_addr() else {
        unreachable!("a bound listener has an address")
    };
    let app = app(MONDAY_0915);
    let _ = call(&app, post(format!("{P1}\n"))).await;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(crate::server::serve(listener, app, async move {
        let _ = stopped.await;
    }));
    let Ok(profile) = tempfile::tempdir() else {
        unreachable!("a temporary directory can be made")
    };
    let args = [
        "--headless".to_owned(),
        "--no-sandbox".to_owned(),
        "--disable-gpu".to_owned(),
        "--no-first-run".to_owned(),
        "--enable-logging=stderr".to_owned(),
        format!("--user-data-dir={}", profile.path().display()),
        "--dump-dom".to_owned(),
        format!("http://{addr}/"),
    ];
    let out = tokio::process::Command::new(browser)
        .args(args)
        .output()
        .await;
    let _ = stop.send(());
    let _ = server.await;
    let Ok(out) = out else {
        unreachable!("Chromium runs")
    };
    let dom = String::from_utf8_lossy(&out.stdout);
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(dom.contains("<h2>Resolution</h2>"), "{dom}\n{log}");
    assert!(
        dom.contains("<meter min=\"0\" max=\"3600\" high=\"3600\" value=\"2700\"></meter> 75.00%"),
        "{dom}"
    );
    assert!(dom.contains("<svg"), "{dom}");
    assert!(!log.contains("Content Security Policy"), "{log}");
}

/// The routes over the real state: a batch is stored, and after the
/// monitor is opened again on its directory, sending it again stores
/// nothing; the metrics read the replayed state.
#[tokio::test]
async fn the_routes_serve_the_monitors_state_across_a_restart() {
    let Ok(dir) = tempfile::tempdir() else {
        unreachable!("a temporary directory can be made")
    };
    let open = || {
        let Ok(m) = crate::state::Monitor::open(rules(), None, dir.path()) else {
            unreachable!("a new state directory opens")
        };
        router(
            m,
            Arc::new(ManualClock::new(MONDAY_0915)),
            Settings::default(),
        )
    };
    let app = open();
    let (status, _, body) = call(&app, post(format!("{P1}\n"))).await;
    assert_eq!(
        (status, json(&body)),
        (
            StatusCode::OK,
            json!({"accepted": 1, "duplicates": 0, "rejected": 0})
        )
    );
    drop(app);
    let app = open();
    let (status, _, body) = call(&app, post(format!("{P1}\n"))).await;
    assert_eq!(
        (status, json(&body)),
        (
            StatusCode::OK,
            json!({"accepted": 0, "duplicates": 1, "rejected": 0})
        )
    );
    let (_, _, text) = call(&app, get("/metrics")).await;
    let line = r#"slate_open_items_over_share{agreement="LIVE",service="desk",objective="resolve",goal="1",share="0.75"} 1"#;
    assert!(text.lines().any(|l| l == line), "{text}");
}
