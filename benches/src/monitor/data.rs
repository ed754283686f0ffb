//! The inputs of the memory figures: the records of the items a history
//! leaves unsettled (what the monitor must keep after folding the rest), and
//! N open tickets on their own.

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, BufWriter, Write};

use crate::rng::Rng;

/// Unix seconds of an RFC 3339 instant.
pub fn instant(s: &str) -> Result<i64, String> {
    chrono::DateTime::parse_from_rfc3339(s)
        .map(|t| t.timestamp())
        .map_err(|_| format!("`{s}` is not an RFC 3339 instant"))
}

/// `2026-12-31T23:00:00Z`.
fn rfc3339(t: i64) -> String {
    chrono::DateTime::from_timestamp(t, 0)
        .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default()
}

/// Writes to standard output the lines of `events` (NDJSON) whose item is
/// unsettled at the fold boundary of `as_of`, as the engine decides it
/// (`slate::eval::live::unsettled`): what the monitor keeps in memory
/// once it has folded everything else. Returns (items, records) kept.
pub fn unsettled(rules: &str, events: &str, as_of: i64) -> Result<(usize, u64), String> {
    let text = std::fs::read_to_string(rules).map_err(|e| format!("cannot read `{rules}`: {e}"))?;
    let rules: slate::rules::RuleSet =
        slate_rules::from_json(&text).map_err(|e| format!("`{rules}`: {e}"))?;
    let open = || {
        std::fs::File::open(events)
            .map(|f| BufReader::with_capacity(1 << 16, f))
            .map_err(|e| format!("cannot read `{events}`: {e}"))
    };
    let mut ev = slate::eval::Events::default();
    ev.due_attributes(slate::eval::due::attributes(&rules));
    ev.read_from(
        events,
        &mut open()?,
        slate::eval::Format::Ndjson,
        &mut |_| {},
    )
    .map_err(|e| format!("cannot read `{events}`: {e}"))?;
    let boundary = slate::eval::live::boundary(&rules, as_of);
    let ids: BTreeSet<String> =
        slate::eval::live::unsettled(&rules, &ev, boundary).map_err(|e| e.to_string())?;
    drop(ev);
    let stdout = std::io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut kept = 0;
    for line in open()?.lines() {
        let line = line.map_err(|e| format!("cannot read `{events}`: {e}"))?;
        let Ok(v) = serde_json::from_str::<serde_json::Value>(&line) else {
            continue;
        };
        if v["id"].as_str().is_some_and(|id| ids.contains(id)) {
            writeln!(out, "{line}").map_err(|e| e.to_string())?;
            kept += 1;
        }
    }
    out.flush().map_err(|e| e.to_string())?;
    Ok((ids.len(), kept))
}

/// Writes `n` open tickets of the support example (`examples/support.sla`)
/// to standard output, sorted by time: each is `created` at a time drawn
/// uniformly in the 14 days before `at` (but at least two hours before),
/// with a priority as the desk sees them (P1 3%, P2 17%, P3 50%, P4 30%),
/// and a quarter of them are waiting on the customer an hour later. None is
/// replied to or resolved, so all of them are open at `at`.
pub fn open_tickets(n: u64, at: i64, seed: u64) -> Result<(), String> {
    let mut rng = Rng::new(seed);
    let mut recs: Vec<(i64, String)> = Vec::new();
    for i in 1..=n {
        let created = at - 7200 - rng.below(14 * 86_400 - 7200) as i64;
        let priority = ["P1", "P2", "P3", "P4"][rng.weighted(&[3.0, 17.0, 50.0, 30.0])];
        recs.push((
            created,
            format!(
                "{{\"id\":\"OPEN-{i:07}\",\"at\":\"{}\",\"event\":\"created\",\"priority\":\"{priority}\"}}",
                rfc3339(created)
            ),
        ));
        if rng.chance(0.25) {
            recs.push((
                created + 3600,
                format!(
                    "{{\"id\":\"OPEN-{i:07}\",\"at\":\"{}\",\"event\":\"status\",\"status\":\"waiting_on_customer\"}}",
                    rfc3339(created + 3600)
                ),
            ));
        }
    }
    recs.sort();
    let stdout = std::io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    for (_, line) in recs {
        writeln!(out, "{line}").map_err(|e| e.to_string())?;
    }
    out.flush().map_err(|e| e.to_string())
}
