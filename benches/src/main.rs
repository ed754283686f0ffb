//! Throughput benchmarks for Slate (see `docs/performance.md`).
//!
//! - `slate-bench generate SERVICES OBJECTIVES SEED` writes a large, realistic
//!   agreement to standard output: the same seed always gives the same text.
//! - `slate-bench parse-json FILE` parses a JSON file with serde_json: the
//!   baseline `slate check` is compared with (the agreement's Model as JSON).
//! - `slate-bench lsp SLATE_BINARY [EDITS [SERVICES OBJECTIVES SEED]]`
//!   times `slate lsp` (the binary given, spawned, spoken to over stdio):
//!   from each `didChange` to its `publishDiagnostics`, over EDITS edits
//!   (default 200) of a generated agreement (default 50 services and 500
//!   objectives, about 5,100 lines), with `slate::check` alone on the same
//!   texts as the baseline. See `src/lsp.rs` and `docs/lsp.md`.
//! - `slate-bench events RULES.json --from YYYY-MM-DD --to YYYY-MM-DD --seed N
//!   [--scale X] [--tail HOURS] [--csv]` writes a realistic event history for
//!   every objective of a JSON rule set (`slate rules FILE.sla --to json`),
//!   as NDJSON or CSV, sorted by time: the same arguments always give the
//!   same bytes. The history runs from the start of `--from` (in the
//!   agreement's time zone) until the export, taken `--tail` hours (default
//!   9) after the end of `--to`; items still open then are pending. `--scale`
//!   multiplies every volume (and the components of availability objectives
//!   by its ceiling); the output is streamed, so ten million records need
//!   little memory. See `src/events/mod.rs`.
//! - `slate-bench monitor SLATE AGREEMENT EVENTS --clock-start RFC3339
//!   [--batch B] [--connections C] [--eval] [--restart] [--label NAME]`
//!   starts `SLATE monitor` on a fresh state directory, posts the NDJSON
//!   file to `POST /v1/events` in batches of B records from C keep-alive
//!   connections, and prints the ingest rate, the latency per batch (p50,
//!   p99), the resident memory before and after, and what `/metrics` says
//!   the monitor holds; `--eval` times `SLATE eval` on the same file first
//!   (the baseline), `--restart` starts the monitor again on the same state.
//!   `slate-bench unsettled RULES.json EVENTS --as-of RFC3339` keeps the
//!   records of the items the engine finds unsettled at that instant's fold
//!   boundary; `slate-bench open-tickets N --at RFC3339 [--seed S]` writes N
//!   open tickets of the support example. `benches/monitor.sh` runs them
//!   all; see `src/monitor/mod.rs`.
//!
//! The example event files (`examples/*.events.ndjson`, and the call centre's
//! CSV, as a telephony platform exports it) are made with it, from the
//! repository's root. Each covers whole settlement months inside its
//! agreement's validity from its first month (saas a quarter, for its
//! quarterly bonus); the seeds were picked for reports that show periods met
//! and breached, pending items, credits and bonuses. `slate eval` cuts off
//! one second after the last record, so a `--tail` reaches past a weekend or
//! a night without records, so that the last month is whole.
//!
//! ```sh
//! export CARGO_TARGET_DIR=/tmp/gen-target
//! for n in agency atm call-centre outsourcing saas sales-marketing social-care support; do
//!   cargo run -q -p slate-cli -- rules examples/$n.sla --to json -o /tmp/$n.rules.json
//! done
//! cargo run -q -p slate-bench -- events /tmp/agency.rules.json --from 2019-12-01 --to 2020-01-31 --seed 5 > examples/agency.events.ndjson
//! cargo run -q -p slate-bench -- events /tmp/atm.rules.json --from 2026-03-01 --to 2026-03-31 --seed 1 > examples/atm.events.ndjson
//! cargo run -q -p slate-bench -- events /tmp/call-centre.rules.json --from 2026-01-01 --to 2026-01-31 --seed 2 --csv > examples/call-centre.events.csv
//! cargo run -q -p slate-bench -- events /tmp/outsourcing.rules.json --from 2026-04-01 --to 2026-05-31 --seed 1 > examples/outsourcing.events.ndjson
//! cargo run -q -p slate-bench -- events /tmp/saas.rules.json --from 2026-04-01 --to 2026-06-30 --seed 2 > examples/saas.events.ndjson
//! cargo run -q -p slate-bench -- events /tmp/sales-marketing.rules.json --from 2026-01-01 --to 2026-02-28 --seed 5 --tail 33 > examples/sales-marketing.events.ndjson
//! cargo run -q -p slate-bench -- events /tmp/social-care.rules.json --from 2026-02-01 --to 2026-03-31 --seed 1 --tail 12 > examples/social-care.events.ndjson
//! cargo run -q -p slate-bench -- events /tmp/support.rules.json --from 2026-01-01 --to 2026-02-28 --seed 2 > examples/support.events.ndjson
//! # the multi-level example: one events file per level, from its resolved agreement
//! for f in corporate acme acme-hosting; do cargo run -q -p slate-cli -- rules examples/multi-level/$f.sla -o /tmp/ml-$f.rules.json; done
//! for f in corporate acme acme-hosting; do cargo run -q -p slate-bench -- events /tmp/ml-$f.rules.json --from 2026-03-01 --to 2026-04-30 --seed 3 > examples/multi-level/$f.events.ndjson; done
//! ```

#![forbid(unsafe_code)]

mod events;
mod lsp;
mod monitor;
mod open;
mod rng;

use std::fmt::Write;
use std::process::ExitCode;

/// A small linear congruential generator: deterministic and dependency-free.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n.max(1)
    }
}

const DAYS: [&str; 7] = slate::ast::Weekday::NAMES;

fn generate(services: u64, objectives: u64, seed: u64) -> String {
    let mut r = Lcg(seed);
    let mut s = String::new();
    let _ = writeln!(
        s,
        "agreement \"Generated agreement {seed}\" {{\n  id        \"GEN-{seed}\"\n  version   \"1.0\"\n  effective 2026-01-01 to 2028-12-31\n  timezone  \"Europe/London\"\n  currency  GBP\n  owner     provider\n  review    every 3 months\n  report    monthly to customer\n"
    );
    s.push_str("  party provider \"Provider Ltd\" {\n    role      provider\n    signatory \"Jane Roe\", \"Director\"\n  }\n\n");
    s.push_str("  party customer \"Customer plc\" {\n    role      customer\n    signatory \"John Doe\", \"CTO\"\n  }\n\n");
    let calendars = 20;
    for c in 0..calendars {
        let open = 6 + r.next(4);
        let close = 16 + r.next(6);
        let _ = writeln!(
            s,
            "  calendar cal_{c} \"Calendar {c}\" {{\n    monday to friday {open:02}:00-{close:02}:30"
        );
        if r.next(2) == 0 {
            let _ = writeln!(s, "    saturday 10:00-14:00");
        }
        for h in 0..8 {
            let _ = writeln!(
                s,
                "    closed 2026-{:02}-{:02} \"Holiday {h}\"",
                1 + r.next(12),
                1 + r.next(28)
            );
        }
        s.push_str("  }\n\n");
    }
    for v in 0..services {
        let _ = writeln!(
            s,
            "  service svc_{v} \"Service {v}\" {{\n    provider provider\n    customer customer\n    hours    cal_{}\n    channels email, phone\n    fee      GBP {}.00 per month\n    description \"\"\"\n      Service {v} covers the **{}** systems listed in schedule {v}.\n    \"\"\"\n  }}\n",
            r.next(calendars),
            1000 + r.next(9000),
            DAYS[r.next(7) as usize]
        );
    }
    for o in 0..objectives {
        let svc = r.next(services);
        match r.next(3) {
            0 => {
                let _ = writeln!(
                    s,
                    "  objective obj_{o} \"Objective {o}\" {{\n    service svc_{svc}\n    measure tickets from created until replied\n    pause   while status is \"waiting\"\n    goal    priority \"P1\" within 1 hour on 24x7\n    goal    priority \"P2\" within {} hours\n    goal    otherwise within {} business days\n    target  {}% of tickets per month\n  }}\n",
                    2 + r.next(6),
                    1 + r.next(3),
                    90 + r.next(9)
                );
            }
            1 => {
                let _ = writeln!(
                    s,
                    "  objective obj_{o} \"Objective {o}\" {{\n    service svc_{svc}\n    items   of service\n    uptime  at least 99.{}% per month\n    clock   24x7\n    exclude maintenance {} 02:00-04:00\n    exclude cause \"customer\"\n  }}\n",
                    1 + r.next(8),
                    DAYS[r.next(7) as usize]
                );
            }
            _ => {
                let _ = writeln!(
                    s,
                    "  objective obj_{o} \"Objective {o}\" {{\n    service svc_{svc}\n    count   leads on lead where qualified is \"yes\"\n    at least {} per month\n  }}\n",
                    50 + r.next(500)
                );
                continue;
            }
        }
        if r.next(5) == 0 {
            let _ = writeln!(
                s,
                "  credits for obj_{o} {{\n    below 90% : 5% of monthly fee\n    below 80% : 10% of monthly fee\n  }}\n"
            );
        }
    }
    s.push_str("  clause liability \"Liability\" \"\"\"\n    The provider is liable only as this agreement states.\n  \"\"\"\n}\n");
    s
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let number =
        |i: usize, default: u64| args.get(i).and_then(|a| a.parse().ok()).unwrap_or(default);
    match args.first().map(String::as_str) {
        Some("generate") => {
            print!(
                "{}",
                generate(number(1, 1000), number(2, 5000), number(3, 7))
            );
            ExitCode::SUCCESS
        }
        Some("parse-json") => {
            let Some(path) = args.get(1) else {
                eprintln!("usage: slate-bench parse-json FILE");
                return ExitCode::from(2);
            };
            let text = match std::fs::read_to_string(path) {
                Ok(t) => t,
                Err(e) => {
                    eprintln!("cannot read `{path}`: {e}");
                    return ExitCode::from(2);
                }
            };
            match serde_json::from_str::<serde_json::Value>(&text) {
                Ok(v) => {
                    println!(
                        "{} objectives",
                        v["objectives"].as_array().map_or(0, Vec::len)
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("not JSON: {e}");
                    ExitCode::from(1)
                }
            }
        }
        Some("open-spans") => {
            print!("{}", open::spans(number(1, 1_000_000), number(2, 7)));
            ExitCode::SUCCESS
        }
        Some(cmd @ ("open" | "parse-ndjson")) => {
            let Some(path) = args.get(1) else {
                eprintln!("usage: slate-bench {cmd} FILE");
                return ExitCode::from(2);
            };
            let text = match std::fs::read_to_string(path) {
                Ok(t) => t,
                Err(e) => {
                    eprintln!("cannot read `{path}`: {e}");
                    return ExitCode::from(2);
                }
            };
            let result = if cmd == "open" {
                open::run(&text)
            } else {
                open::parse_ndjson(&text).map(|n| println!("{n} records"))
            };
            match result {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::from(1)
                }
            }
        }
        Some("lsp") => {
            let Some(binary) = args.get(1) else {
                eprintln!("usage: {}", lsp::USAGE);
                return ExitCode::from(2);
            };
            let text = generate(number(3, 50), number(4, 500), number(5, 7));
            match lsp::run(binary, number(2, 200) as usize, &text) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::from(1)
                }
            }
        }
        Some("events") => {
            let parsed = match events::Args::parse(&args[1..]) {
                Ok(a) => a,
                Err(e) => {
                    eprintln!("error: {e}\nusage: {}", events::USAGE);
                    return ExitCode::from(2);
                }
            };
            match events::run(&parsed) {
                Ok(_) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::from(1)
                }
            }
        }
        Some(cmd @ ("monitor" | "unsettled" | "open-tickets")) => {
            match run_monitor(cmd, &args[1..]) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: {e}\nusage: {}", monitor::USAGE);
                    ExitCode::from(1)
                }
            }
        }
        _ => {
            eprintln!(
                "usage: slate-bench generate [SERVICES OBJECTIVES SEED] | slate-bench parse-json FILE | {} | slate-bench open-spans [N SEED] | slate-bench open SPANS | slate-bench parse-ndjson FILE | {} | {}",
                lsp::USAGE,
                events::USAGE,
                monitor::USAGE
            );
            ExitCode::from(2)
        }
    }
}

/// `slate-bench monitor`, `unsettled` and `open-tickets` (`src/monitor/`).
fn run_monitor(cmd: &str, args: &[String]) -> Result<(), String> {
    let option = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .ok_or_else(|| format!("`{name}` is required"))
    };
    match cmd {
        "monitor" => monitor::run(&monitor::Args::parse(args)?),
        "unsettled" => {
            let (Some(rules), Some(events)) = (args.first(), args.get(1)) else {
                return Err("RULES.json and EVENTS are required".to_owned());
            };
            let as_of = monitor::instant(option("--as-of")?)?;
            let (items, records) = monitor::unsettled(rules, events, as_of)?;
            eprintln!("{items} unsettled items, {records} records");
            Ok(())
        }
        _ => {
            let n = args
                .first()
                .and_then(|n| n.parse().ok())
                .ok_or("N, a number of tickets, is required")?;
            let at = monitor::instant(option("--at")?)?;
            let seed = option("--seed")
                .ok()
                .and_then(|s| s.parse().ok())
                .unwrap_or(1);
            monitor::open_tickets(n, at, seed)
        }
    }
}
