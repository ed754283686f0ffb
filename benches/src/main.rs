//! Throughput benchmarks for Slate (see `docs/performance.md`).
//!
//! - `slate-bench generate SERVICES OBJECTIVES SEED` writes a large, realistic
//!   agreement to standard output: the same seed always gives the same text.
//! - `slate-bench parse-json FILE` parses a JSON file with serde_json: the
//!   baseline `slate check` is compared with (the agreement's Model as JSON).

#![forbid(unsafe_code)]

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

const DAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

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
                    "  objective obj_{o} \"Objective {o}\" {{\n    service svc_{svc}\n    uptime  at least 99.{}% per month\n    clock   24x7\n    exclude maintenance {} 02:00-04:00\n    exclude cause \"customer\"\n  }}\n",
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
        _ => {
            eprintln!(
                "usage: slate-bench generate [SERVICES OBJECTIVES SEED] | slate-bench parse-json FILE"
            );
            ExitCode::from(2)
        }
    }
}
