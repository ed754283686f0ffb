//! The rules `promtool test rules` cannot run, run on a real Prometheus
//! server: a month of one-minute probe units
//! (`tests/data/prometheus/probe-month.sla`) and a quarter's ratio
//! (`tests/data/prometheus-quarter/quarter.sla`). promtool's test engine
//! refuses a query of more than 10,000 samples (docs/rules.md); a server's
//! limit is `--query.max-samples`, 50 million by default.
//!
//! Series are written in OpenMetrics text and backfilled with `promtool tsdb
//! create-blocks-from openmetrics` into a temporary data directory; a
//! server with no scrape jobs and a retention of 100 years (the quarter's
//! series are from 1970) reads the blocks at start. A server evaluates
//! recording rules only live, never over backfilled history, so the test
//! queries each recording rule's `expr` as generated, at an instant `T`,
//! in the file's order, with every recorded series it reads replaced by
//! that series' own value at `T` (`vector(v)`, or an empty vector when it
//! has none): `slate:period_start:timestamp{…} @ end()` inside a subquery
//! is the period start at `T`, as the live rule reads it.
//!
//! Run time: about 2 seconds (backfilling into blocks of up to 100 days,
//! and a month's subquery of 44,700 steps a query).

#![expect(
    clippy::expect_used,
    clippy::panic,
    reason = "a failed expectation is a failed test"
)]

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use slate::RulesTarget;
use slate::eval::Options;
use slate_tests::{read, root};

const MONTH: &str = "tests/data/prometheus/probe-month.sla";
const QUARTER: &str = "tests/data/prometheus-quarter/quarter.sla";

/// April 2026 in Australia/Hobart: from 2026-04-01 00:00 AEDT (UTC+11) =
/// 2026-03-31T13:00Z = 1,774,962,000 s to 2026-05-01 00:00 AEST (UTC+10) =
/// 2026-04-30T14:00Z = 1,777,557,600 s: 2,595,600 s = 43,260 minutes (30
/// days and the hour daylight saving time gives back).
const S: i64 = 1_774_962_000;
const E: i64 = 1_777_557_600;
/// Daylight saving time ends at 2026-04-05 03:00 AEDT = 2026-04-04T16:00Z =
/// S + 99 h = 1,775,318,400 s.
const DST: i64 = 1_775_318_400;

/// The probe's outages, as the instants its samples (every 15 s, at
/// multiples of 15 s) are 0: `[from, to)`, the first 1 at `to`.
/// - [S−120, S+120): across the month's start; units [S, S+60) and
///   [S+60, S+120) of April: 2.
/// - [S+3615, S+3630): one sample inside a minute; unit [S+3600, S+3660): 1.
/// - [S+7200, S+7215): one sample exactly at a unit's start; unit
///   [S+7200, S+7260): 1.
/// - [S+10770, S+10800): ends exactly at a unit's end (the 1 is at
///   S+10800); unit [S+10740, S+10800) only: 1.
/// - [DST−60, DST+60): across the change of offset; units [DST−60, DST)
///   and [DST, DST+60): 2.
/// - [E−30, E+75): across the month's end; April's last unit [E−60, E): 1;
///   May's first two units [E, E+60) and [E+60, E+120): 2.
///
/// April: 2 + 1 + 1 + 1 + 2 + 1 = 8 down units of 43,260.
const OUTAGES: [(i64, i64); 6] = [
    (S - 120, S + 120),
    (S + 3615, S + 3630),
    (S + 7200, S + 7215),
    (S + 10770, S + 10800),
    (DST - 60, DST + 60),
    (E - 30, E + 75),
];

/// The server, killed and its data directory removed on drop, even when
/// the test fails.
struct Server {
    child: Child,
    port: u16,
    dir: PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn program(name: &str) -> Option<PathBuf> {
    slate_tests::program_or_skip(
        &[
            &format!("/usr/bin/{name}"),
            &format!("/usr/local/bin/{name}"),
        ],
        name,
        "prometheus",
    )
}

fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    listener.local_addr().expect("an address").port()
}

/// The probe's samples of April and an hour either side, in OpenMetrics.
fn probe_series() -> String {
    let mut text = String::from("# TYPE probe_success gauge\n");
    for t in (S - 3600..=E + 3600).step_by(15) {
        let down = OUTAGES.iter().any(|&(from, to)| from <= t && t < to);
        let v = i32::from(!down);
        writeln!(text, "probe_success{{job=\"api\"}} {v} {t}").expect("write");
    }
    text
}

/// Q4 1970 in America/New_York: from 1970-10-01 00:00 EDT = 04:00Z =
/// 23,601,600 s to 1971-01-01 00:00 EST = 05:00Z = 31,554,000 s: 7,952,400
/// s = 2,209 h (daylight saving time ends on 25 October).
const Q: i64 = 23_601_600;
const QE: i64 = 31_554_000;

/// The quarter's counters, every 5 minutes from a day before Q4 to a day
/// after: `probe_total` gains 10 a sample; `probe_success_total` gains 10,
/// except 0 in the hour either side of Q (the samples at (Q−3600, Q+3600])
/// and 5 in the half hour from Q + 5 days (at (Q+432000, Q+433800]).
fn quarter_series() -> String {
    let (mut total, mut good) = (0_i64, 0_i64);
    let mut totals = String::from("# TYPE probe counter\n");
    let mut goods = String::from("# TYPE probe_success counter\n");
    for t in (Q - 86_400..=QE + 86_400).step_by(300) {
        total += 10;
        good += if Q - 3600 < t && t <= Q + 3600 {
            0
        } else if Q + 432_000 < t && t <= Q + 433_800 {
            5
        } else {
            10
        };
        writeln!(totals, "probe_total{{job=\"api\"}} {total} {t}").expect("write");
        writeln!(goods, "probe_success_total{{job=\"api\"}} {good} {t}").expect("write");
    }
    format!("{totals}{goods}")
}

fn run(cmd: &mut Command) {
    let out = cmd.output().expect("the program runs");
    assert!(
        out.status.success(),
        "{cmd:?} failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Backfills both series and starts a server on them; `None` (skipped)
/// when Prometheus is not installed.
fn start() -> Option<Server> {
    let promtool = program("promtool")?;
    let prometheus = program("prometheus")?;
    let dir = std::env::temp_dir().join(format!("slate-prometheus-server-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("data")).expect("temp dir");
    let port = free_port();
    let guard = DirGuard(dir.clone());
    for (name, series) in [("probe", probe_series()), ("quarter", quarter_series())] {
        let file = dir.join(format!("{name}.om"));
        std::fs::write(&file, format!("{series}# EOF\n")).expect("write");
        run(Command::new(&promtool)
            .args(["tsdb", "create-blocks-from", "openmetrics", "--quiet"])
            // Blocks of up to 100 days (a flag `--help` of 2.42 does not
            // list): the default two-hour blocks, 1,500 of them, take a
            // minute to write.
            .arg("--max-block-duration=2400h")
            .arg(&file)
            .arg(dir.join("data")));
    }
    std::fs::write(
        dir.join("prometheus.yml"),
        "global:\n  scrape_interval: 1m\n",
    )
    .expect("write");
    let child = Command::new(prometheus)
        .arg(format!(
            "--config.file={}",
            dir.join("prometheus.yml").display()
        ))
        .arg(format!(
            "--storage.tsdb.path={}",
            dir.join("data").display()
        ))
        .arg(format!("--web.listen-address=127.0.0.1:{port}"))
        .arg("--storage.tsdb.retention.time=100y")
        // The month's subquery is heavy; on a loaded machine it outlasts
        // the default of 2 minutes. This is a test of answers, not speed.
        .arg("--query.timeout=15m")
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(dir.join("prometheus.log")).expect("log"))
        .spawn()
        .expect("prometheus starts");
    std::mem::forget(guard);
    let server = Server { child, port, dir };
    let deadline = Instant::now() + Duration::from_secs(120);
    while get(server.port, "/-/ready").map(|(status, _)| status) != Some(200) {
        assert!(
            Instant::now() < deadline,
            "prometheus is not ready after 120 s:\n{}",
            read(&server.dir.join("prometheus.log"))
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    Some(server)
}

/// Removes the temporary directory should backfilling fail.
struct DirGuard(PathBuf);

impl Drop for DirGuard {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A plain HTTP/1.0 GET: the status and the body, `None` when nothing
/// listens yet.
fn get(port: u16, path: &str) -> Option<(u16, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream
        .write_all(format!("GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").as_bytes())
        .ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    let (head, body) = response.split_once("\r\n\r\n")?;
    let status = head.split(' ').nth(1)?.parse().ok()?;
    Some((status, body.to_owned()))
}

fn encode(query: &str) -> String {
    query
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// An instant query at `at` (seconds): the value of its one series, `None`
/// when the result is empty.
fn query(server: &Server, expr: &str, at: f64) -> Option<f64> {
    let path = format!("/api/v1/query?query={}&time={at}", encode(expr));
    let (status, body) = get(server.port, &path).expect("an answer");
    assert_eq!(status, 200, "{expr} at {at}: {body}");
    let v: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    let result = v["data"]["result"].as_array().expect("a vector");
    assert!(result.len() <= 1, "{expr}: {body}");
    result.first().map(|r| {
        r["value"][1]
            .as_str()
            .expect("a value")
            .parse()
            .expect("a number")
    })
}

/// The recording rules of an agreement's generated rule file, `(record,
/// expr)` in the file's order.
fn recording_rules(path: &str) -> Vec<(String, String)> {
    let checked = slate_tests::check_at(&root().join(path));
    let (text, _) = slate::rules_for(&checked, RulesTarget::Prometheus);
    let text = text.expect("rules");
    let docs = yaml_rust2::YamlLoader::load_from_str(&text).expect("YAML");
    let mut rules = Vec::new();
    for group in docs[0]["groups"].as_vec().expect("groups") {
        for rule in group["rules"].as_vec().expect("rules") {
            if let (Some(record), Some(expr)) = (rule["record"].as_str(), rule["expr"].as_str()) {
                rules.push((record.to_owned(), expr.to_owned()));
            }
        }
    }
    rules
}

/// `expr` with each recorded series in `values` (`name{…}`, with or
/// without ` @ end()`) replaced by its value at the query's instant.
fn substitute(expr: &str, values: &BTreeMap<String, Option<f64>>) -> String {
    let mut out = expr.to_owned();
    for (name, value) in values {
        let opening = format!("{name}{{");
        while let Some(at) = out.find(&opening) {
            let close = at + out[at..].find('}').expect("closed labels") + 1;
            let end = if out[close..].starts_with(" @ end()") {
                close + " @ end()".len()
            } else {
                close
            };
            let by = value.map_or_else(|| "(vector(0) < 0)".to_owned(), |v| format!("vector({v})"));
            out.replace_range(at..end, &by);
        }
    }
    out
}

/// Every recording rule of `rules` evaluated at `at`, in order, as the
/// live rules would have recorded them.
fn evaluate(server: &Server, rules: &[(String, String)], at: f64) -> BTreeMap<String, Option<f64>> {
    let mut values = BTreeMap::new();
    for (record, expr) in rules {
        let value = query(server, &substitute(expr, &values), at);
        values.insert(record.clone(), value);
    }
    values
}

fn value(values: &BTreeMap<String, Option<f64>>, name: &str) -> Option<f64> {
    *values.get(name).unwrap_or_else(|| panic!("no rule {name}"))
}

fn close(actual: Option<f64>, expected: f64) -> bool {
    actual.is_some_and(|a| (a - expected).abs() < 1e-12)
}

/// `slate eval` on the probe's outages as `down`/`up` records, as of
/// `as_of`: (measured units, down units) of April.
fn eval_april(as_of: i64) -> (Option<i64>, Option<i64>) {
    let mut events = String::new();
    for (from, to) in OUTAGES {
        for (t, event) in [(from, "down"), (to, "up")] {
            let at = chrono::DateTime::from_timestamp(t, 0).expect("an instant");
            writeln!(
                events,
                "{{\"id\":\"api\",\"at\":\"{}\",\"event\":\"{event}\"}}",
                at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
            )
            .expect("write");
        }
    }
    let options = Options {
        as_of: Some(as_of),
        details: true,
        ..Options::default()
    };
    let r = slate_tests::evaluate_source(MONTH, &read(&root().join(MONTH)), &events, &options);
    let p = r
        .objectives
        .iter()
        .find(|o| o.name == "monthly")
        .and_then(|o| o.periods.iter().find(|p| p.label == "2026-04"))
        .unwrap_or_else(|| panic!("no April: {r:?}"));
    let t = p.time.expect("time");
    (t.measured_units, t.down_units)
}

/// The month's and the quarter's rules on one server (one start, about
/// 2 seconds), each instant's figures worked by hand below.
#[test]
fn a_real_server_runs_a_months_probe_units_and_a_quarters_ratio() {
    let Some(server) = start() else { return };
    month(&server);
    quarter(&server);
}

#[expect(clippy::cast_precision_loss, reason = "instants of 2026 in seconds")]
fn month(server: &Server) {
    let rules = recording_rules(MONTH);
    // (instant, down units, measured units) of April, from the outages:
    // - S + 10,860 (181 minutes in): the units ending at or before it:
    //   2 + 1 + 1 + 1 = 5 of 181; availability 176/181.
    // - E − 60: every unit but the last, [E−60, E), judged at E: 7 of
    //   43,259; availability 43,252/43,259.
    // - E + 120 (May): the two down units [E, E+120) of 2; availability 0.
    let cases = [
        (S + 10_860, 5, 181, S),
        (E - 60, 7, 43_259, S),
        (E + 120, 2, 2, E),
    ];
    for (t, down, measured, start) in cases {
        let v = evaluate(server, &rules, t as f64);
        let at = format!("at {t}: {v:?}");
        assert!(
            close(value(&v, "slate:period_start:timestamp"), start as f64),
            "{at}"
        );
        assert!(
            close(value(&v, "slate:probe_units:down_period"), f64::from(down)),
            "{at}"
        );
        assert!(
            close(
                value(&v, "slate:probe_units:measured_period"),
                f64::from(measured)
            ),
            "{at}"
        );
        let availability = 1.0 - f64::from(down) / f64::from(measured);
        assert!(
            close(value(&v, "slate:availability:ratio_period"), availability),
            "{at}"
        );
        if start == S {
            // April: 43,260 units, floor(0.001 × 43,260) = 43 allowed.
            assert!(
                close(value(&v, "slate:probe_units:period"), 43_260.0),
                "{at}"
            );
            assert!(
                close(value(&v, "slate:probe_units:allowed_period"), 43.0),
                "{at}"
            );
            // `slate eval` counts the same units as of the same instant.
            assert_eq!(
                eval_april(t),
                (Some(i64::from(measured)), Some(i64::from(down)))
            );
        }
    }
    // The period's last unit is judged at the step that ends it, E. For
    // one unit after E the rules still describe April (the period of the
    // last whole unit), so at E + 30 they count April's 8th down unit, as
    // `slate eval` does at the month's end; just before E they have 7.
    let v = evaluate(server, &rules, E as f64 - 0.001);
    assert!(
        close(value(&v, "slate:probe_units:down_period"), 7.0),
        "{v:?}"
    );
    let v = evaluate(server, &rules, E as f64 + 30.0);
    assert!(
        close(value(&v, "slate:probe_units:down_period"), 8.0),
        "{v:?}"
    );
    assert!(
        close(value(&v, "slate:probe_units:measured_period"), 43_260.0),
        "{v:?}"
    );
    assert_eq!(eval_april(E), (Some(43_260), Some(8)));
}

#[expect(clippy::cast_precision_loss, reason = "instants of 1970 in seconds")]
fn quarter(server: &Server) {
    let rules = recording_rules(QUARTER);
    // The counts are sums of `increase(…[15m])` at the 15-minute steps
    // after Q up to T: the counters' growth over (Q, T] (samples every 5
    // minutes on the steps, so no extrapolation), 10 a sample of total,
    // 120 an hour.
    // - T = Q + 10 days: total 240 h × 120 = 28,800; good loses the hour
    //   after Q (12 samples × 10 = 120) and the half hour from Q + 5 days
    //   (6 × 5 = 30): 28,650; compliance 28,650/28,800 = 0.99479…
    // - T = QE − 900, the last step of Q4 (2,209 h with the hour daylight
    //   saving time gives back): total (7,952,400 − 900)/300 × 10 =
    //   265,050; good 265,050 − 150 = 264,900.
    // - T = Q − 900 (Q3): the outage's first 45 minutes are Q3's, not
    //   Q4's: the period start is Q3's, 15,652,800.
    for (t, good, total) in [
        (Q + 864_000, 28_650.0, 28_800.0),
        (QE - 900, 264_900.0, 265_050.0),
    ] {
        let v = evaluate(server, &rules, t as f64);
        let at = format!("at {t}: {v:?}");
        assert!(
            close(value(&v, "slate:period_start:timestamp"), Q as f64),
            "{at}"
        );
        assert!(
            close(value(&v, "slate:sli_good:increase_period"), good),
            "{at}"
        );
        assert!(
            close(value(&v, "slate:sli_total:increase_period"), total),
            "{at}"
        );
        assert!(
            close(value(&v, "slate:compliance:ratio_period"), good / total),
            "{at}"
        );
    }
    let v = evaluate(server, &rules, (Q - 900) as f64);
    assert!(
        close(value(&v, "slate:period_start:timestamp"), 15_652_800.0),
        "{v:?}"
    );
}
