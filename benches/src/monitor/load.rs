//! The load generator: an NDJSON file cut into batches of B records, posted
//! to `POST /v1/events` in file order from C keep-alive connections at once
//! (each takes the next batch not yet sent), timing every batch from the
//! first byte written to the last byte of its reply.

use std::net::SocketAddr;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use super::http::Conn;

/// One batch: its body and how many records it holds.
pub struct Batch {
    body: Vec<u8>,
    records: u64,
}

/// Cuts NDJSON text into batches of `size` records (blank lines dropped).
pub fn batches(text: &str, size: usize) -> Vec<Batch> {
    let mut out = Vec::new();
    let mut body = Vec::new();
    let mut records = 0;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        body.extend_from_slice(line.as_bytes());
        body.push(b'\n');
        records += 1;
        if records as usize == size.max(1) {
            out.push(Batch {
                body: std::mem::take(&mut body),
                records,
            });
            records = 0;
        }
    }
    if records > 0 {
        out.push(Batch { body, records });
    }
    out
}

/// What a load run measured.
#[derive(Debug, Default)]
pub struct Stats {
    /// Records sent.
    pub records: u64,
    /// Batches sent.
    pub batches: usize,
    /// Wall time from the first request to the last reply.
    pub seconds: f64,
    /// Records the monitor accepted, and found to be duplicates.
    pub accepted: u64,
    /// Records the monitor found to be duplicates.
    pub duplicates: u64,
    /// Latencies per batch, sorted.
    pub latencies: Vec<Duration>,
}

impl Stats {
    /// Records per second.
    pub fn rate(&self) -> f64 {
        self.records as f64 / self.seconds.max(1e-9)
    }

    /// The `q`-quantile latency (nearest rank), in milliseconds.
    pub fn quantile_ms(&self, q: f64) -> f64 {
        let n = self.latencies.len();
        if n == 0 {
            return 0.0;
        }
        let rank = ((q * n as f64).ceil() as usize).clamp(1, n);
        self.latencies
            .get(rank - 1)
            .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    }
}

/// Posts every batch, `connections` at a time. Any reply but 200 stops the
/// run with its body.
pub fn run(addr: SocketAddr, batches: &[Batch], connections: usize) -> Result<Stats, String> {
    let next = AtomicUsize::new(0);
    let results = Mutex::new(Vec::with_capacity(batches.len()));
    let start = Instant::now();
    let outcome: Result<(), String> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..connections.max(1))
            .map(|_| {
                scope.spawn(|| {
                    let mut conn = Conn::new(addr);
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(b) = batches.get(i) else { break };
                        let t = Instant::now();
                        let r =
                            conn.request("POST", "/v1/events", "application/x-ndjson", &b.body)?;
                        let took = t.elapsed();
                        if r.status != 200 {
                            return Err(format!("batch {i}: {} {}", r.status, r.text()));
                        }
                        let (a, d) = counts(&r.body)
                            .ok_or_else(|| format!("batch {i}: unexpected reply {}", r.text()))?;
                        if a + d != b.records {
                            return Err(format!(
                                "batch {i}: {} records sent, reply {}",
                                b.records,
                                r.text()
                            ));
                        }
                        mine.push((took, a, d));
                    }
                    if let Ok(mut all) = results.lock() {
                        all.extend(mine);
                    }
                    Ok(())
                })
            })
            .collect();
        // The scope joins every worker; the first error is the run's.
        workers
            .into_iter()
            .try_for_each(|w| w.join().unwrap_or_else(|_| Err("a worker died".to_owned())))
    });
    let seconds = start.elapsed().as_secs_f64();
    outcome?;
    let results = results.into_inner().map_err(|_| "a worker died")?;
    let mut stats = Stats {
        records: batches.iter().map(|b| b.records).sum(),
        batches: batches.len(),
        seconds,
        ..Stats::default()
    };
    for (took, a, d) in results {
        stats.latencies.push(took);
        stats.accepted += a;
        stats.duplicates += d;
    }
    stats.latencies.sort();
    Ok(stats)
}

/// `accepted` and `duplicates` of a 200 reply.
fn counts(body: &[u8]) -> Option<(u64, u64)> {
    let v: serde_json::Value = serde_json::from_slice(body).ok()?;
    Some((v["accepted"].as_u64()?, v["duplicates"].as_u64()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batches_cut_at_size_and_keep_the_rest() {
        let b = batches("a\nb\n\nc\nd\ne\n", 2);
        let bodies: Vec<_> = b.iter().map(|b| (b.body.as_slice(), b.records)).collect();
        assert_eq!(
            bodies,
            [(&b"a\nb\n"[..], 2), (&b"c\nd\n"[..], 2), (&b"e\n"[..], 1)]
        );
    }

    #[test]
    fn nearest_rank_quantiles() {
        // 100 latencies of 1..=100 ms: p50 is the 50th, p99 the 99th.
        let stats = Stats {
            latencies: (1..=100).map(Duration::from_millis).collect(),
            ..Stats::default()
        };
        assert_eq!(stats.quantile_ms(0.5), 50.0);
        assert_eq!(stats.quantile_ms(0.99), 99.0);
        assert_eq!(stats.quantile_ms(1.0), 100.0);
    }
}
