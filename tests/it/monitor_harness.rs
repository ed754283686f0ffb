//! The harness of the end-to-end tests of `slate monitor`: the real
//! binary (the `slate` of this build, [`slate_tests::slate_binary`]) on a
//! free loopback port with a temporary state directory, driven over plain
//! HTTP/1.0, killed on drop (the state directory survives a kill, for a
//! restart on it, and goes with the [`Scratch`] directory that holds it).
//!
//! Used by `monitor_prometheus`, `monitor_browser`, `monitor_crash` and
//! `monitor_differential`.

#![expect(
    clippy::expect_used,
    clippy::panic,
    reason = "a monitor that cannot be started or read is a failed test"
)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use slate_tests::slate_binary;

/// A temporary directory, removed on drop even when the test fails.
pub struct Scratch(PathBuf);

impl Scratch {
    /// A new empty directory named after `what`, this process and a
    /// counter, so tests running at once never share one.
    pub fn new(what: &str) -> Scratch {
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let dir = std::env::temp_dir().join(format!("slate-{what}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("a temporary directory");
        Scratch(dir)
    }

    /// The directory.
    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A port nothing listens on now.
pub fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    listener.local_addr().expect("an address").port()
}

/// A running `slate monitor`, killed (SIGKILL) and reaped on drop.
pub struct Monitor {
    child: Child,
    /// The port it listens on, on 127.0.0.1.
    pub port: u16,
    /// Its standard error, for failure messages.
    log: PathBuf,
}

/// How long a monitor may take to answer `/healthz` after it starts: a
/// restart replays its log first.
const START: Duration = Duration::from_secs(120);

impl Monitor {
    /// Starts `slate monitor AGREEMENT --state STATE --listen
    /// 127.0.0.1:PORT ARGS…` and waits until `/healthz` says `ok`; its
    /// standard error goes to `log` (appended, so restarts keep the
    /// earlier runs'). A monitor that exits or does not answer within 120
    /// seconds fails the test, with what it wrote.
    pub fn start(agreement: &Path, state: &Path, log: &Path, args: &[&str]) -> Monitor {
        // A free port can be taken by another test between the look and
        // the monitor's bind: then the monitor says it cannot listen, and
        // another port is tried.
        let mut tries = 0;
        loop {
            match Monitor::launch(free_port(), agreement, state, log, args) {
                Ok(monitor) => return monitor,
                Err(why) if why.contains("cannot listen") && tries < 3 => tries += 1,
                Err(why) => panic!("{why}"),
            }
        }
    }

    /// As [`Monitor::start`], on a port chosen beforehand (one a
    /// Prometheus server already scrapes).
    pub fn start_on(
        port: u16,
        agreement: &Path,
        state: &Path,
        log: &Path,
        args: &[&str],
    ) -> Monitor {
        Monitor::launch(port, agreement, state, log, args).unwrap_or_else(|why| panic!("{why}"))
    }

    /// Starts the monitor on `port`; `Err` with what it wrote when it
    /// exits before it answers.
    fn launch(
        port: u16,
        agreement: &Path,
        state: &Path,
        log: &Path,
        args: &[&str],
    ) -> Result<Monitor, String> {
        let before = std::fs::metadata(log).map_or(0, |m| m.len());
        let err = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(log)
            .expect("a log file");
        let child = Command::new(slate_binary())
            .current_dir(slate_tests::root())
            .arg("monitor")
            .arg(agreement)
            .arg("--state")
            .arg(state)
            .arg("--listen")
            .arg(format!("127.0.0.1:{port}"))
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(err)
            .spawn()
            .expect("slate monitor starts");
        let mut monitor = Monitor {
            child,
            port,
            log: log.to_path_buf(),
        };
        let deadline = Instant::now() + START;
        loop {
            // Exited first: an answer on the port is then another's.
            if let Some(status) = monitor.child.try_wait().expect("a child's status") {
                let text = monitor.log_text();
                return Err(format!(
                    "slate monitor exited ({status}):\n{}",
                    text.get(usize::try_from(before).unwrap_or(0)..)
                        .unwrap_or(&text)
                ));
            }
            if let Some((200, body)) = request(port, "GET", "/healthz", &[]) {
                assert_eq!(body.trim(), "ok", "/healthz");
                return Ok(monitor);
            }
            assert!(
                Instant::now() < deadline,
                "slate monitor does not answer /healthz after {START:?}:\n{}",
                monitor.log_text()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// What the monitor wrote on its standard error, all runs on this log.
    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// `kill -9`: the process ends at once, whatever it is doing.
    pub fn kill(&mut self) {
        // `Child::kill` sends SIGKILL on Unix.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// A GET: the status and body; a monitor that does not answer fails
    /// the test.
    pub fn get(&self, path: &str) -> (u16, String) {
        request(self.port, "GET", path, &[])
            .unwrap_or_else(|| panic!("no answer to GET {path}:\n{}", self.log_text()))
    }

    /// A GET that must answer 200 with JSON.
    pub fn json(&self, path: &str) -> serde_json::Value {
        let (status, body) = self.get(path);
        assert_eq!(status, 200, "GET {path}: {body}");
        serde_json::from_str(&body).unwrap_or_else(|e| panic!("GET {path}: {e}: {body}"))
    }

    /// `POST /v1/events` of an NDJSON batch that must be accepted: its
    /// `(accepted, duplicates)`.
    pub fn post_events(&self, batch: &str) -> (u64, u64) {
        let (status, body) = request(self.port, "POST", "/v1/events", batch.as_bytes())
            .unwrap_or_else(|| panic!("no answer to POST /v1/events:\n{}", self.log_text()));
        assert_eq!(status, 200, "POST /v1/events: {body}");
        ingested(&body)
    }
}

impl Drop for Monitor {
    fn drop(&mut self) {
        self.kill();
    }
}

/// The `(accepted, duplicates)` of a 200 reply to `POST /v1/events`, whose
/// `rejected` must be 0.
pub fn ingested(body: &str) -> (u64, u64) {
    let v: serde_json::Value = serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"));
    let n = |k: &str| {
        v[k].as_u64()
            .unwrap_or_else(|| panic!("no count `{k}`: {body}"))
    };
    assert_eq!(n("rejected"), 0, "{body}");
    (n("accepted"), n("duplicates"))
}

/// How long one request may take before it counts as unanswered.
const REQUEST: Duration = Duration::from_secs(60);

/// A plain HTTP/1.0 request (the connection closes after the answer, and
/// the body is never chunked): the status and the body, `None` when
/// nothing listens or the connection ends before a whole answer (a killed
/// server).
pub fn request(port: u16, method: &str, path: &str, body: &[u8]) -> Option<(u16, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(REQUEST)).ok()?;
    stream.set_write_timeout(Some(REQUEST)).ok()?;
    let mut head = format!("{method} {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n");
    if method == "POST" {
        head.push_str(&format!(
            "Content-Type: application/x-ndjson\r\nContent-Length: {}\r\n",
            body.len()
        ));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).ok()?;
    stream.write_all(body).ok()?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response).ok()?;
    let response = String::from_utf8(response).ok()?;
    let (head, body) = response.split_once("\r\n\r\n")?;
    let status = head.split(' ').nth(1)?.parse().ok()?;
    // A body shorter than its Content-Length was cut off: no answer.
    let length = head
        .lines()
        .filter_map(|l| l.split_once(':'))
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.trim().parse::<usize>().ok());
    if length.is_some_and(|n| n != body.len()) {
        return None;
    }
    Some((status, body.to_owned()))
}

/// `slate eval AGREEMENT --events EVENTS --as-of AS_OF --format json
/// --details ARGS…` run by the binary: the JSON report.
pub fn eval_json(agreement: &Path, events: &Path, as_of: &str, args: &[&str]) -> serde_json::Value {
    let out = Command::new(slate_binary())
        .current_dir(slate_tests::root())
        .arg("eval")
        .arg(agreement)
        .arg("--events")
        .arg(events)
        .args(["--as-of", as_of, "--format", "json", "--details"])
        .args(args)
        .output()
        .expect("slate eval runs");
    assert!(
        out.status.success(),
        "slate eval {} --as-of {as_of} failed:\n{}",
        events.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("a JSON report")
}

/// A report with the fields about input files taken out, to compare the
/// monitor's (which reads no files) with `slate eval`'s: `input.files`,
/// each file's name and the records read from it. The monitor stores the
/// records of every batch in one log and reads them back as one file, so
/// its list names no file of the user's; the total, `input.records`, is
/// compared. Every other field stays: `input.invalid_records` names files
/// too, but the monitor refuses a batch with a bad record whole and `slate
/// eval` without `--skip-invalid` refuses the file, so both lists are
/// empty, and comparing them says so.
pub fn without_files(mut report: serde_json::Value) -> serde_json::Value {
    if let Some(input) = report.get_mut("input").and_then(|i| i.as_object_mut()) {
        assert!(
            input.remove("files").is_some(),
            "a report without `input.files`"
        );
    }
    report
}

/// `reports` equal, or the test fails with the first differing place.
pub fn assert_same_report(monitor: &serde_json::Value, eval: &serde_json::Value, what: &str) {
    let (m, e) = (without_files(monitor.clone()), without_files(eval.clone()));
    if m != e {
        panic!(
            "{what}: the monitor's report differs from `slate eval`'s at {}",
            first_difference(&m, &e, "")
        );
    }
}

/// Where two JSON values first differ: a path and both values.
fn first_difference(a: &serde_json::Value, b: &serde_json::Value, path: &str) -> String {
    use serde_json::Value;
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for key in x.keys().chain(y.keys()) {
                let (u, v) = (&x.get(key), &y.get(key));
                if u != v {
                    return match (u, v) {
                        (Some(u), Some(v)) => first_difference(u, v, &format!("{path}.{key}")),
                        _ => format!("{path}.{key}: monitor {u:?}, eval {v:?}"),
                    };
                }
            }
            format!("{path}: (no difference)")
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (u, v)) in x.iter().zip(y).enumerate() {
                if u != v {
                    return first_difference(u, v, &format!("{path}[{i}]"));
                }
            }
            format!("{path}: (no difference)")
        }
        _ => format!("{path}: monitor {a}, eval {b}"),
    }
}

/// The NDJSON lines of an example's events: `.ndjson` as it is, and a
/// `.csv` (plain cells, no quoting: checked) turned into one JSON object
/// a row, every cell a string and an empty cell an absent field, as
/// docs/eval.md reads CSV. The monitor takes NDJSON only.
pub fn ndjson_lines(events: &Path) -> Vec<String> {
    let text = slate_tests::read(events);
    if events.extension().is_some_and(|e| e == "ndjson") {
        return text.lines().map(str::to_owned).collect();
    }
    assert!(
        !text.contains('"'),
        "{}: quoted CSV cells are not converted here",
        events.display()
    );
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("a CSV header").split(',').collect();
    lines
        .map(|row| {
            let cells: Vec<&str> = row.split(',').collect();
            assert_eq!(cells.len(), header.len(), "{}: `{row}`", events.display());
            let object: serde_json::Map<String, serde_json::Value> = header
                .iter()
                .zip(cells)
                .filter(|(_, c)| !c.is_empty())
                .map(|(h, c)| ((*h).to_owned(), serde_json::Value::from(c)))
                .collect();
            serde_json::Value::Object(object).to_string()
        })
        .collect()
}

/// `lines` in batches of `size` lines, each ending in a line break.
pub fn batches(lines: &[String], size: usize) -> Vec<String> {
    lines
        .chunks(size)
        .map(|c| c.iter().map(|l| format!("{l}\n")).collect())
        .collect()
}
