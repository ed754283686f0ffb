//! The real components: a real Prometheus server scrapes `slate
//! monitor` every second and evaluates the alerting rules `slate rules --to
//! prometheus` writes for it; a P1 ticket with a one-hour budget on office
//! hours (`tests/data/monitor/desk.sla`: Monday to Friday 09:00–17:00 in
//! London) is fed to the monitor, and Prometheus's HTTP API
//! (`/api/v1/alerts`) shows `SlateNearBreach` firing when 75% of the budget
//! has passed on the contract's calendar, never before, then `SlateBreach`
//! once the budget is spent, and `SlateMonitorDown` after the monitor is
//! killed.
//!
//! The monitor's clock starts on Monday 2 March 2026 at 09:00:00Z (09:00
//! in London, on GMT until 29 March) and runs 120 times faster than real
//! time (`--clock-start`, `--clock-rate`): an hour in 30 seconds. The
//! ticket is created at 08:30, before the desk opens, so its clock starts
//! at 09:00: 75% of its hour is at 09:45 and the budget is spent at 10:00,
//! where a 24x7 count would have said 09:15 and 09:30.
//!
//! Run time: about 40 seconds (Prometheus's start, and an hour and a bit
//! of the monitor's clock).

#![expect(
    clippy::expect_used,
    clippy::panic,
    reason = "a failed expectation is a failed test"
)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use slate_tests::{instant, root, slate_binary};

use crate::monitor_harness::{Monitor, Scratch, free_port, request};

const AGREEMENT: &str = "tests/data/monitor/desk.sla";
const CLOCK_START: &str = "2026-03-02T09:00:00Z";
const TICKET: &str = "INC-1";

/// A Prometheus server, killed on drop even when the test fails.
struct Prometheus {
    child: Child,
    port: u16,
    log: PathBuf,
}

impl Drop for Prometheus {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Prometheus {
    fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// A GET of the server's HTTP API that must answer 200 with JSON.
    fn json(&self, path: &str) -> serde_json::Value {
        let (status, body) = request(self.port, "GET", path, &[])
            .unwrap_or_else(|| panic!("prometheus does not answer {path}:\n{}", self.log_text()));
        assert_eq!(status, 200, "{path}: {body}");
        serde_json::from_str(&body).expect("JSON")
    }

    /// The state of each active alert (`pending` or `firing`) by name;
    /// an alert that is not listed is inactive.
    fn alerts(&self) -> Vec<(String, String)> {
        let v = self.json("/api/v1/alerts");
        v["data"]["alerts"]
            .as_array()
            .expect("alerts")
            .iter()
            .map(|a| {
                (
                    a["labels"]["alertname"]
                        .as_str()
                        .expect("a name")
                        .to_owned(),
                    a["state"].as_str().expect("a state").to_owned(),
                )
            })
            .collect()
    }
}

/// The state of alert `name` among `alerts`: `inactive` when not listed.
fn state<'a>(alerts: &'a [(String, String)], name: &str) -> &'a str {
    alerts
        .iter()
        .find(|(n, _)| n == name)
        .map_or("inactive", |(_, s)| s.as_str())
}

/// The rule file of the agreement, written by the binary as a user
/// would: `slate rules --to prometheus AGREEMENT -o rules.yml`.
fn write_rules(dir: &Path) -> PathBuf {
    let rules = dir.join("rules.yml");
    let out = Command::new(slate_binary())
        .current_dir(root())
        .args(["rules", "--to", "prometheus", AGREEMENT, "-o"])
        .arg(&rules)
        .output()
        .expect("slate rules runs");
    assert!(
        out.status.success(),
        "slate rules: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    rules
}

/// A server scraping `127.0.0.1:target` every second and evaluating the
/// rule file every second; `None` (skipped) without Prometheus.
fn start_prometheus(dir: &Path, target: u16) -> Option<Prometheus> {
    let prometheus = slate_tests::program_or_skip(
        &["/usr/bin/prometheus", "/usr/local/bin/prometheus"],
        "prometheus",
        "prometheus",
    )?;
    let rules = write_rules(dir);
    let config = dir.join("prometheus.yml");
    std::fs::write(
        &config,
        format!(
            "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n  evaluation_interval: 1s\n\
             rule_files:\n  - {}\n\
             scrape_configs:\n  - job_name: slate-monitor\n    static_configs:\n      - targets: ['127.0.0.1:{target}']\n",
            rules.display()
        ),
    )
    .expect("write");
    let port = free_port();
    let log = dir.join("prometheus.log");
    let child = Command::new(prometheus)
        .arg(format!("--config.file={}", config.display()))
        .arg(format!(
            "--storage.tsdb.path={}",
            dir.join("data").display()
        ))
        .arg(format!("--web.listen-address=127.0.0.1:{port}"))
        // As in prometheus_server.rs: a test of answers, not speed.
        .arg("--query.timeout=15m")
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).expect("log"))
        .spawn()
        .expect("prometheus starts");
    let server = Prometheus { child, port, log };
    let deadline = Instant::now() + Duration::from_secs(120);
    while request(port, "GET", "/-/ready", &[]).map(|(s, _)| s) != Some(200) {
        assert!(
            Instant::now() < deadline,
            "prometheus is not ready after 120 s:\n{}",
            server.log_text()
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    Some(server)
}

/// One look at both: the alerts' states, then the ticket as the monitor
/// sees it. The ticket is read after the alerts, so its figures are at
/// least as late as anything Prometheus had scraped.
#[derive(Debug)]
struct Poll {
    near: String,
    breach: String,
    down: String,
    percent: f64,
    as_of: i64,
}

fn poll(prometheus: &Prometheus, monitor: &Monitor) -> Poll {
    let alerts = prometheus.alerts();
    let items = monitor.json("/v1/items?objective=resolution");
    let item = items["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["id"] == TICKET)
        .unwrap_or_else(|| panic!("{TICKET} is not open: {items}"));
    Poll {
        near: state(&alerts, "SlateNearBreach").to_owned(),
        breach: state(&alerts, "SlateBreach").to_owned(),
        down: state(&alerts, "SlateMonitorDown").to_owned(),
        percent: item["percent_used"]
            .as_str()
            .expect("a percentage")
            .parse()
            .expect("a number"),
        as_of: instant(items["as_of"].as_str().expect("as_of")),
    }
}

#[test]
fn prometheus_fires_near_breach_at_75_percent_on_office_hours_then_breach() {
    let scratch = Scratch::new("monitor-prometheus");
    let target = free_port();
    let Some(prometheus) = start_prometheus(scratch.path(), target) else {
        return;
    };
    // The rule file loaded, with the monitor's three alerts.
    let groups = prometheus.json("/api/v1/rules");
    let names: Vec<&str> = groups["data"]["groups"]
        .as_array()
        .expect("groups")
        .iter()
        .flat_map(|g| g["rules"].as_array().expect("rules"))
        .filter_map(|r| r["name"].as_str())
        .collect();
    for alert in ["SlateNearBreach", "SlateBreach", "SlateMonitorDown"] {
        assert!(names.contains(&alert), "no {alert} in the rules: {names:?}");
    }

    let mut monitor = Monitor::start_on(
        target,
        &root().join(AGREEMENT),
        &scratch.path().join("state"),
        &scratch.path().join("monitor.log"),
        &["--clock-start", CLOCK_START, "--clock-rate", "120"],
    );
    let ticket = serde_json::json!({
        "id": TICKET, "at": "2026-03-02T08:30:00Z", "event": "created", "priority": "P1",
    });
    assert_eq!(monitor.post_events(&format!("{ticket}\n")), (1, 0));
    // The ticket as the monitor sees it, worked by hand: goal 1 (P1), an
    // hour's budget, started at creation, due when its office-hours clock,
    // running from 09:00, reaches the hour: 10:00.
    let items = monitor.json("/v1/items");
    let item = &items["items"][0];
    assert_eq!(item["id"], TICKET, "{items}");
    assert_eq!(item["goal"], 1, "{items}");
    assert_eq!(item["budget_seconds"], 3600, "{items}");
    assert_eq!(item["start"], "2026-03-02T08:30:00Z", "{items}");
    assert_eq!(item["due"], "2026-03-02T10:00:00Z", "{items}");
    assert_eq!(item["running"], true, "{items}");

    // Polls five times a (real) second, 24 of the monitor's seconds apart,
    // until the breach alert fires: 10:00 on the monitor's clock, 30 s
    // after its start, and Prometheus's lag of a scrape and an
    // evaluation. Two minutes is the bound on a loaded machine.
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut polls = Vec::new();
    loop {
        let p = poll(&prometheus, &monitor);
        let done = p.breach == "firing";
        polls.push(p);
        if done {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "no breach alert after 120 s: {polls:#?}\n{}",
            prometheus.log_text()
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    let at = |rfc: &str| instant(rfc);
    // Never active before 75%: every poll whose ticket (read after the
    // alerts) was under 75% saw the near-breach alert inactive. Polls
    // between 50% (09:30, when a 24x7 count would already be at 100%)
    // and 75% must exist, or this shows nothing.
    for p in polls.iter().filter(|p| p.percent < 75.0) {
        assert_eq!(p.near, "inactive", "near breach before 75%: {p:?}");
    }
    let between = polls
        .iter()
        .filter(|p| (50.0..75.0).contains(&p.percent))
        .count();
    assert!(between >= 1, "no poll between 50% and 75%: {polls:#?}");
    // Fired: the first poll that saw it firing says at least 75% used, at
    // 09:45 or later on the monitor's clock.
    let fired = polls
        .iter()
        .find(|p| p.near == "firing")
        .unwrap_or_else(|| panic!("the near-breach alert never fired: {polls:#?}"));
    assert!(fired.percent >= 75.0, "{fired:?}");
    assert!(fired.as_of >= at("2026-03-02T09:45:00Z"), "{fired:?}");
    // The breach alert: inactive at every poll at or under 100%, firing
    // after 10:00 (elapsed over the budget).
    for p in polls.iter().filter(|p| p.percent <= 100.0) {
        assert_eq!(p.breach, "inactive", "breach before 100%: {p:?}");
    }
    let breach = polls.last().expect("polls");
    assert!(breach.percent > 100.0, "{breach:?}");
    assert!(breach.as_of > at("2026-03-02T10:00:00Z"), "{breach:?}");
    assert_eq!(
        breach.near, "firing",
        "near breach still firing: {breach:?}"
    );
    // The monitor is up, and Prometheus knows it.
    assert_eq!(breach.down, "inactive", "{breach:?}");

    // Killed, the monitor's series go stale at the next failed scrape and
    // `absent(slate_monitor_info{…})` holds: the alert is pending at once,
    // and fires after its `for: 1m`. Pending within 30 s is the bound.
    monitor.kill();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let alerts = prometheus.alerts();
        if state(&alerts, "SlateMonitorDown") != "inactive" {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "no SlateMonitorDown 30 s after the kill: {alerts:?}"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}
