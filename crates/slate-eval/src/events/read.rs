//! Reading an input into blocks, on this thread or on several: lines are
//! gathered into chunks here, each chunk is read into a [`Block`] by a
//! worker, and the blocks are taken in reading order, so the result is the
//! same whatever the number of threads.

use std::collections::BTreeMap;
use std::sync::mpsc::{Receiver, channel, sync_channel};
use std::sync::{Arc, Mutex};

use super::Events;
use super::block::{Block, CHUNK_BYTES, Chunk};
use crate::input::{Cells, Lines};
use slate_rules::{MAX_QUOTED, clip, given_twice};

/// The most lines a chunk takes, text or not: lines that are not text (not
/// UTF-8, too long) add none to its bytes, and a file of them must not make
/// one chunk of the whole file.
const CHUNK_LINES: usize = 8192;

/// The next chunk of non-empty lines, or `None` at the end of the input.
fn chunk(lines: &mut Lines<'_>, bytes: usize) -> std::io::Result<Option<Chunk>> {
    let mut chunk = Chunk::default();
    while chunk.text.len() < bytes && chunk.lines.len() < CHUNK_LINES {
        let Some((n, line)) = lines.next_line()? else {
            break;
        };
        match line.text() {
            Ok(text) if text.trim().is_empty() => {}
            Ok(text) => {
                let from = chunk.text.len();
                chunk.text.push_str(text);
                chunk.lines.push((n, Ok(from..chunk.text.len())));
            }
            Err(problem) => chunk.lines.push((n, Err(problem))),
        }
    }
    Ok((!chunk.lines.is_empty()).then_some(chunk))
}

/// Reads NDJSON lines into `events`, on `threads` workers (on this thread
/// alone for one).
pub(super) fn ndjson(
    events: &mut Events,
    lines: &mut Lines<'_>,
    threads: usize,
) -> std::io::Result<()> {
    let due = events.due_attributes.clone();
    let bytes = match events.chunk_bytes {
        0 => CHUNK_BYTES,
        n => n,
    };
    if threads <= 1 {
        // Reading stops when the records cannot be spilled.
        while !events.spill_failed()
            && let Some(c) = chunk(lines, bytes)?
        {
            events.take(Block::ndjson(&c, &due));
        }
        return Ok(());
    }
    std::thread::scope(|scope| {
        // Chunks in flight at most: the input is read no further ahead.
        let ahead = 2 * threads;
        let (work, jobs) = sync_channel::<(u64, Chunk)>(ahead);
        let jobs = Arc::new(Mutex::new(jobs));
        let (done, results) = channel::<(u64, std::thread::Result<Block>)>();
        for _ in 0..threads {
            let (jobs, done, due) = (Arc::clone(&jobs), done.clone(), &due);
            scope.spawn(move || {
                loop {
                    let job = match jobs.lock() {
                        Ok(jobs) => jobs.recv(),
                        Err(_) => return,
                    };
                    let Ok((i, c)) = job else { return };
                    // A panic is sent on, to be resumed by the reader, which
                    // would otherwise wait for this block for ever.
                    let block = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        Block::ndjson(&c, due)
                    }));
                    if done.send((i, block)).is_err() {
                        return;
                    }
                }
            });
        }
        drop(done);
        let mut order = InOrder::default();
        let mut sent = 0_u64;
        let outcome = loop {
            if events.spill_failed() {
                break Ok(());
            }
            let c = match chunk(lines, bytes) {
                Ok(Some(c)) => c,
                Ok(None) => break Ok(()),
                Err(e) => break Err(e),
            };
            // No worker left (one stopped): the scope's end says why.
            let stopped = || std::io::Error::other("a thread reading events stopped");
            while sent - order.next >= ahead as u64 {
                if !order.wait(&results, events) {
                    break;
                }
            }
            if sent - order.next >= ahead as u64 || work.send((sent, c)).is_err() {
                break Err(stopped());
            }
            sent += 1;
            order.poll(&results, events);
        };
        drop(work);
        while order.next < sent && order.wait(&results, events) {}
        outcome
    })
}

/// Where the workers send each block read, by its number.
type Results = Receiver<(u64, std::thread::Result<Block>)>;

/// Blocks that arrived before those read earlier, held until their turn.
#[derive(Default)]
struct InOrder {
    /// The number of the next block to take.
    next: u64,
    waiting: BTreeMap<u64, Block>,
}

impl InOrder {
    /// Takes every block whose turn it is.
    fn take_ready(&mut self, events: &mut Events) {
        while let Some(block) = self.waiting.remove(&self.next) {
            events.take(block);
            self.next += 1;
        }
    }

    /// Holds a block that arrived, or resumes a worker's panic.
    fn arrived(&mut self, i: u64, block: std::thread::Result<Block>) {
        match block {
            Ok(block) => {
                self.waiting.insert(i, block);
            }
            Err(panic) => std::panic::resume_unwind(panic),
        }
    }

    /// Waits for a block; `false` when no worker is left.
    fn wait(&mut self, results: &Results, events: &mut Events) -> bool {
        match results.recv() {
            Ok((i, block)) => {
                self.arrived(i, block);
                self.take_ready(events);
                true
            }
            Err(_) => false,
        }
    }

    /// Takes the blocks that have arrived, without waiting.
    fn poll(&mut self, results: &Results, events: &mut Events) {
        while let Ok((i, block)) = results.try_recv() {
            self.arrived(i, block);
        }
        self.take_ready(events);
    }
}

/// How many CSV records a block takes.
const CSV_BLOCK: usize = 4096;

/// Reads a CSV file with a header into `events`, on this thread (a quoted
/// cell may span lines, so the file is not cut into chunks).
pub(super) fn csv(events: &mut Events, lines: &mut Lines<'_>) -> std::io::Result<()> {
    let mut cells = Cells::default();
    // The header is the first line that is not blank.
    let (header, at): (Vec<String>, u64) = match cells.read(lines)? {
        None => (Vec::new(), 1),
        Some(Err(e)) => {
            events.invalid_line(e.line, format!("unreadable header: {}", e.problem));
            return Ok(());
        }
        Some(Ok(line)) => (cells.iter().map(|s| s.trim().to_owned()).collect(), line),
    };
    if let Some(problem) = header_problem(&header) {
        events.invalid_line(at, problem);
        return Ok(());
    }
    let due = events.due_attributes.clone();
    let mut block = Block::default();
    while let Some(row) = cells.read(lines)? {
        let line = match row {
            Ok(line) => line,
            Err(e) => {
                block.invalid(e.line, e.problem.to_string());
                continue;
            }
        };
        if cells.len() != header.len() {
            let message = format!(
                "{} fields where the header has {}",
                cells.len(),
                header.len()
            );
            block.invalid(line, message);
            continue;
        }
        let fields: Vec<_> = header
            .iter()
            .zip(cells.iter())
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| (k.as_str().into(), v.into()))
            .collect();
        block.record(line, &fields, &due);
        if block.records.len() as u64 + block.invalid_total >= CSV_BLOCK as u64 {
            events.take(std::mem::take(&mut block));
            if events.spill_failed() {
                return Ok(());
            }
        }
    }
    events.take(block);
    Ok(())
}

/// What is wrong with a CSV header: an empty or repeated column name, or
/// a missing `id`, `at` or `event`.
fn header_problem(header: &[String]) -> Option<String> {
    if let Some(column) = header.iter().position(String::is_empty) {
        return Some(format!(
            "the header's column {} has no name; name every column, or remove the empty one",
            column + 1
        ));
    }
    if let Some(twice) = given_twice(header.iter().map(String::as_str)) {
        return Some(format!(
            "the header has the column `{}` twice",
            clip(twice, MAX_QUOTED)
        ));
    }
    ["id", "at", "event"]
        .into_iter()
        .find(|field| !header.iter().any(|h| h == field))
        .map(|field| format!("the header has no `{field}` column"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lines that are not text add nothing to a chunk's bytes: a file of
    /// them is still cut into chunks of bounded length.
    #[test]
    fn a_run_of_lines_that_are_not_text_is_cut_into_chunks() {
        let input: Vec<u8> = b"\xff\n".repeat(3 * CHUNK_LINES);
        let mut progress = |_| {};
        let mut reader = &input[..];
        let mut lines = Lines::new(&mut reader, &mut progress);
        let mut sizes = Vec::new();
        while let Some(c) = chunk(&mut lines, CHUNK_BYTES).unwrap() {
            sizes.push(c.lines.len());
        }
        assert_eq!(sizes, [CHUNK_LINES; 3]);
    }
}
