//! Work on items spread over threads: the items are cut into contiguous
//! runs, each run's results computed on its own thread, and the results
//! put back in the items' order, so the outcome is the same whatever the
//! number of threads (per-item outcomes merge by concatenation).

use super::EvalError;
use super::context::Items;

/// Below this many items, one thread does the work.
const FEW: usize = 64;

/// `f` on runs of `items` on up to `threads` threads, its results in the
/// items' order; the first error in that order, as one thread would give.
pub(super) fn each_run<'i, T: Send>(
    threads: usize,
    items: &Items<'i>,
    f: &(dyn Fn(&Items<'i>) -> Result<Vec<T>, EvalError> + Sync),
) -> Result<Vec<T>, EvalError> {
    if threads <= 1 || items.len() < FEW {
        return f(items);
    }
    let size = items.len().div_ceil(threads);
    let runs: Vec<Result<Vec<T>, EvalError>> = std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(size)
            .map(|run| scope.spawn(move || f(run)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    // The first run's results grow to hold the others', each dropped once
    // taken: at most one run's results are held twice.
    let mut runs = runs.into_iter();
    let mut out = runs.next().transpose()?.unwrap_or_default();
    for run in runs {
        out.extend(run?);
    }
    Ok(out)
}
