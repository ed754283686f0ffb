//! Work on items spread over threads: the items are cut into contiguous
//! runs, each run's result computed on whichever thread is free, and the
//! results taken in the items' order as they arrive, so the outcome is
//! the same whatever the number of threads (per-item outcomes of runs in
//! order follow one another), and memory holds the results once, beside
//! the few runs that finished early.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::channel;

use super::EvalError;
use super::context::Items;

/// Below this many items, one thread does the work.
const FEW: usize = 64;

/// Runs per thread: small runs keep the threads busy to the end and the
/// results that wait for their turn few.
const RUNS_PER_THREAD: usize = 16;

/// `f` on runs of `items` on up to `threads` threads, each run's result
/// handed to `take` in the items' order as soon as the runs before it
/// are; the first error in that order, as one thread would give.
pub(super) fn each_run<'i, T: Send>(
    threads: usize,
    items: &Items<'i>,
    f: &(dyn Fn(&Items<'i>) -> Result<T, EvalError> + Sync),
    take: &mut dyn FnMut(T),
) -> Result<(), EvalError> {
    if threads <= 1 || items.len() < FEW {
        take(f(items)?);
        return Ok(());
    }
    let size = items.len().div_ceil(threads * RUNS_PER_THREAD).max(FEW / 2);
    let runs: Vec<&Items<'i>> = items.chunks(size).collect();
    let next = AtomicUsize::new(0);
    let failed = AtomicBool::new(false);
    let (done, results) = channel::<(usize, Result<T, EvalError>)>();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let (done, runs, next, failed) = (done.clone(), &runs, &next, &failed);
            scope.spawn(move || {
                // After an error, the runs left are not worked out: their
                // results would not be taken.
                while !failed.load(Ordering::Relaxed) {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(run) = runs.get(i) else { return };
                    let result = f(run);
                    if result.is_err() {
                        failed.store(true, Ordering::Relaxed);
                    }
                    if done.send((i, result)).is_err() {
                        return;
                    }
                }
            });
        }
        drop(done);
        // Every run before a failed one was picked before it, so it
        // arrives and is taken first: the first error returned is the
        // first in the items' order. A worker that panicked makes the
        // scope panic.
        let mut waiting: BTreeMap<usize, Result<T, EvalError>> = BTreeMap::new();
        let mut turn = 0;
        for (i, result) in results {
            waiting.insert(i, result);
            while let Some(result) = waiting.remove(&turn) {
                take(result?);
                turn += 1;
            }
        }
        Ok(())
    })
}
