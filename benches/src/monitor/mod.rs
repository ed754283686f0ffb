//! `slate-bench monitor`: sustained ingest rate, latency per batch and
//! resident memory of `slate monitor`, with `slate eval` reading the same
//! records from a file as the baseline measured in the same run.
//!
//! It starts the monitor (the binary given, on a fresh state directory, on
//! a free loopback port, its clock started at `--clock-start` and running
//! at rate 1), waits for `/healthz`, reads its resident memory, posts the
//! file's records (see `load.rs`), reads its memory again, scrapes
//! `/metrics` for the records and items it says it holds, and with
//! `--restart` stops it and starts it again on the same state (the replay
//! and fold of the log) and reads both once more. It prints one line of
//! `key=value` figures on standard output (`benches/monitor.sh` runs it and
//! sums up), and the same in words on standard error.

mod data;
mod http;
mod load;

use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use http::Conn;

pub use data::{instant, open_tickets, unsettled};

/// Usage of the subcommands.
pub const USAGE: &str = "slate-bench monitor SLATE AGREEMENT EVENTS --clock-start RFC3339 [--batch B] [--connections C] [--eval] [--restart] [--label NAME] | slate-bench unsettled RULES.json EVENTS --as-of RFC3339 | slate-bench open-tickets N --at RFC3339 [--seed S]";

/// The options of `slate-bench monitor`.
#[derive(Debug, Default)]
pub struct Args {
    slate: String,
    agreement: String,
    events: String,
    clock_start: String,
    batch: usize,
    connections: usize,
    eval: bool,
    restart: bool,
    label: String,
}

impl Args {
    /// Parses the arguments after `monitor`.
    pub fn parse(args: &[String]) -> Result<Args, String> {
        let mut a = Args {
            batch: 1000,
            connections: 4,
            label: "run".to_owned(),
            ..Args::default()
        };
        let mut positional = Vec::new();
        let mut it = args.iter();
        while let Some(arg) = it.next() {
            let mut value = || {
                it.next()
                    .cloned()
                    .ok_or_else(|| format!("`{arg}` needs a value"))
            };
            let number = |v: String| {
                v.parse::<usize>()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or_else(|| format!("`{arg} {v}` is not a positive number"))
            };
            match arg.as_str() {
                "--clock-start" => a.clock_start = value()?,
                "--batch" => a.batch = number(value()?)?,
                "--connections" => a.connections = number(value()?)?,
                "--label" => a.label = value()?,
                "--eval" => a.eval = true,
                "--restart" => a.restart = true,
                s if s.starts_with("--") => return Err(format!("unknown option `{s}`")),
                s => positional.push(s.to_owned()),
            }
        }
        let [slate, agreement, events] = <[String; 3]>::try_from(positional)
            .map_err(|_| "SLATE, AGREEMENT and EVENTS are required".to_owned())?;
        if a.clock_start.is_empty() {
            return Err("`--clock-start` is required".to_owned());
        }
        instant(&a.clock_start)?;
        Ok(Args {
            slate,
            agreement,
            events,
            ..a
        })
    }
}

/// The figures of one run, in the order they are printed.
struct Figures(Vec<(&'static str, String)>);

impl Figures {
    fn put(&mut self, key: &'static str, value: impl ToString) {
        self.0.push((key, value.to_string()));
    }
}

/// Runs the benchmark and prints its figures.
pub fn run(a: &Args) -> Result<(), String> {
    let text = std::fs::read_to_string(&a.events)
        .map_err(|e| format!("cannot read `{}`: {e}", a.events))?;
    let batches = load::batches(&text, a.batch);
    drop(text);
    let mut f = Figures(vec![("label", a.label.clone())]);
    let scratch = std::env::temp_dir().join(format!("slate-monitor-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch).map_err(|e| format!("cannot create scratch: {e}"))?;
    let result = measure(a, &batches, &scratch, &mut f);
    let _ = std::fs::remove_dir_all(&scratch);
    result?;
    let line: Vec<String> = f.0.iter().map(|(k, v)| format!("{k}={v}")).collect();
    println!("{}", line.join(" "));
    Ok(())
}

fn measure(
    a: &Args,
    batches: &[load::Batch],
    scratch: &Path,
    f: &mut Figures,
) -> Result<(), String> {
    let eval_seconds = if a.eval {
        let out = scratch.join("eval.json");
        let t = Instant::now();
        let status = Command::new(&a.slate)
            .args([
                "eval",
                &a.agreement,
                "--events",
                &a.events,
                "--format",
                "json",
                "-o",
            ])
            .arg(&out)
            .stdout(Stdio::null())
            .status()
            .map_err(|e| format!("cannot run `{} eval`: {e}", a.slate))?;
        let s = t.elapsed().as_secs_f64();
        if !status.success() {
            return Err(format!("`{} eval` failed: {status}", a.slate));
        }
        Some(s)
    } else {
        None
    };
    let state = scratch.join("state");
    let mut mon = Monitor::start(a, &state, scratch)?;
    let before = mon.scrape()?;
    let rss0 = mon.memory()?;
    let stats = load::run(mon.addr, batches, a.connections)?;
    std::thread::sleep(Duration::from_secs(1));
    let after_load = mon.memory()?;
    let after = mon.scrape()?;
    let after_scrape = mon.memory()?;
    f.put("records", stats.records);
    f.put("batch", a.batch);
    f.put("connections", a.connections);
    f.put("batches", stats.batches);
    f.put("accepted", stats.accepted);
    f.put("duplicates", stats.duplicates);
    f.put("ingest_s", format!("{:.3}", stats.seconds));
    f.put("ingest_rps", format!("{:.0}", stats.rate()));
    if let Some(s) = eval_seconds {
        let eval_rps = stats.records as f64 / s.max(1e-9);
        f.put("eval_s", format!("{s:.3}"));
        f.put("eval_rps", format!("{eval_rps:.0}"));
        f.put("ratio", format!("{:.3}", stats.rate() / eval_rps));
    }
    f.put("p50_ms", format!("{:.2}", stats.quantile_ms(0.5)));
    f.put("p99_ms", format!("{:.2}", stats.quantile_ms(0.99)));
    f.put("rss_empty_kb", rss0.0);
    f.put("rss_kb", after_load.0);
    f.put("hwm_kb", after_load.1);
    f.put("rss_scraped_kb", after_scrape.0);
    f.put("open_items_empty", before.open_items);
    f.put("open_items", after.open_items);
    f.put("memory_records", after.records);
    f.put("memory_items", after.items);
    let log = std::fs::metadata(state.join("events.log")).map_or(0, |m| m.len());
    f.put("log_bytes", log);
    if a.restart {
        mon.stop();
        let t = Instant::now();
        let mut again = Monitor::start(a, &state, scratch)?;
        let replay = t.elapsed().as_secs_f64();
        let m = again.memory()?;
        let s = again.scrape()?;
        let m2 = again.memory()?;
        f.put("restart_s", format!("{replay:.3}"));
        f.put("restart_rss_kb", m.0);
        f.put("restart_hwm_kb", m.1);
        f.put("restart_rss_scraped_kb", m2.0);
        f.put("restart_memory_records", s.records);
        f.put("restart_memory_items", s.items);
        f.put("restart_open_items", s.open_items);
        again.stop();
    } else {
        mon.stop();
    }
    for (k, v) in &f.0 {
        eprintln!("  {k:24} {v}");
    }
    Ok(())
}

/// A running monitor, started by this process.
struct Monitor {
    child: Child,
    addr: SocketAddr,
    conn: Conn,
    stopped: bool,
}

impl Drop for Monitor {
    fn drop(&mut self) {
        self.stop();
    }
}

/// What `/metrics` says the monitor holds.
#[derive(Debug, Default)]
struct Scraped {
    records: f64,
    items: f64,
    open_items: f64,
}

impl Monitor {
    /// Starts `slate monitor` on `state` and waits until `/healthz` answers.
    fn start(a: &Args, state: &Path, scratch: &Path) -> Result<Monitor, String> {
        let port = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .and_then(|l| l.local_addr())
            .map_err(|e| format!("no free port: {e}"))?
            .port();
        let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
        let log = std::fs::File::create(scratch.join("monitor.log")).map_err(|e| e.to_string())?;
        let child = Command::new(&a.slate)
            .arg("monitor")
            .arg(&a.agreement)
            .arg("--state")
            .arg(state)
            .args(["--listen", &addr.to_string()])
            .args(["--clock-start", &a.clock_start, "--clock-rate", "1"])
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .map_err(|e| format!("cannot start `{} monitor`: {e}", a.slate))?;
        let mut m = Monitor {
            child,
            addr,
            conn: Conn::new(addr),
            stopped: false,
        };
        let deadline = Instant::now() + Duration::from_secs(600);
        loop {
            if let Ok(Some(status)) = m.child.try_wait() {
                let log = std::fs::read_to_string(scratch.join("monitor.log")).unwrap_or_default();
                return Err(format!("the monitor exited: {status}\n{log}"));
            }
            if m.conn.get("/healthz").is_ok_and(|r| r.status == 200) {
                return Ok(m);
            }
            m.conn = Conn::new(addr);
            if Instant::now() > deadline {
                m.stop();
                return Err("the monitor did not answer `/healthz` in 10 minutes".to_owned());
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Resident memory now and at its peak (`VmRSS`, `VmHWM`), in kB.
    fn memory(&self) -> Result<(u64, u64), String> {
        let path = PathBuf::from(format!("/proc/{}/status", self.child.id()));
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
        let field = |name: &str| {
            text.lines()
                .find_map(|l| l.strip_prefix(name))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
                .ok_or_else(|| format!("no `{name}` in `{}`", path.display()))
        };
        Ok((field("VmRSS:")?, field("VmHWM:")?))
    }

    /// Scrapes `/metrics`.
    fn scrape(&mut self) -> Result<Scraped, String> {
        let r = self.conn.get("/metrics")?;
        if r.status != 200 {
            return Err(format!("GET /metrics: {} {}", r.status, r.text()));
        }
        let mut s = Scraped::default();
        for line in r.text().lines() {
            let Some((series, value)) = line.rsplit_once(' ') else {
                continue;
            };
            let value: f64 = value.parse().unwrap_or(0.0);
            let name = series.split('{').next().unwrap_or("");
            match name {
                "slate_monitor_memory_records" => s.records += value,
                "slate_monitor_memory_items" => s.items += value,
                "slate_open_items" => s.open_items += value,
                _ => {}
            }
        }
        Ok(s)
    }

    /// Stops the monitor: SIGTERM, then SIGKILL after ten seconds.
    fn stop(&mut self) {
        if std::mem::replace(&mut self.stopped, true) {
            return;
        }
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
