//! Why the monitor cannot open its state, store a batch or answer.

use std::path::PathBuf;

/// Why the monitor's state cannot be opened or used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum MonitorError {
    /// A file of the state directory cannot be read or written.
    #[error("cannot {what} `{}`: {source}", path.display())]
    Io {
        /// What was being done: `open`, `read`, `write`, `sync`, …
        what: &'static str,
        /// The file.
        path: PathBuf,
        /// Why not.
        source: std::io::Error,
    },
    /// Another monitor holds the state directory.
    #[error(
        "another monitor is running on the state directory `{}`\n  help: stop it, or give this one its own `--state` directory",
        dir.display()
    )]
    Locked {
        /// The state directory.
        dir: PathBuf,
    },
    /// The log's first bytes are not a monitor log's.
    #[error(
        "`{}` is not a log `slate monitor` wrote\n  help: give `--state` a directory of its own, or an empty one",
        path.display()
    )]
    NotALog {
        /// The log.
        path: PathBuf,
    },
    /// A frame that whole frames follow is damaged: acknowledged records
    /// are lost, so the monitor does not start.
    #[error(
        "`{}` is damaged at byte {offset} ({why}), before batches that were acknowledged\n  help: restore the state directory from a backup; the monitor does not cut acknowledged records"
        , path.display()
    )]
    Corrupt {
        /// The log.
        path: PathBuf,
        /// Where the damaged frame starts.
        offset: u64,
        /// What is damaged.
        why: &'static str,
    },
    /// A batch's frame failed to be written, and cutting it off failed too.
    #[error(
        "cannot write `{}` ({source}), nor cut off the part written\n  help: restart the monitor, which cuts a torn last batch on opening",
        path.display()
    )]
    Unrestored {
        /// The log.
        path: PathBuf,
        /// Why the write failed.
        source: std::io::Error,
    },
    /// A batch over the largest a frame may hold.
    #[error("a batch may have at most {} bytes", crate::store::MAX_BATCH)]
    TooLarge,
    /// The clock is before the start of a period the monitor has already
    /// folded its items for.
    #[error(
        "the clock says {}, before {}, where the monitor already folded the items that were final\n  help: restart the monitor with a clock that does not go back",
        crate::items::rfc3339(*now),
        crate::items::rfc3339(*boundary)
    )]
    ClockBack {
        /// The time asked for, Unix seconds.
        now: i64,
        /// The fold boundary, Unix seconds.
        boundary: i64,
    },
    /// The engine cannot evaluate the agreement on the records.
    #[error(transparent)]
    Eval(#[from] slate::eval::EvalError),
}

/// One record of a batch that cannot be stored: its line in the batch and why.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct LineError {
    /// The 1-based line of the batch.
    pub line: u64,
    /// What is wrong, as `slate eval` says it.
    pub message: String,
}

/// Why a batch was not stored. Nothing of it was.
#[derive(Debug, thiserror::Error)]
pub enum Rejected {
    /// Some records cannot be read, or an objective needs a number from
    /// them that they lack: the first [`slate::eval::events::MAX_LISTED_INVALID`]
    /// of them, and how many there are in all.
    #[error("{total} invalid record{} in the batch: nothing was stored", if *total == 1 { "" } else { "s" })]
    Invalid {
        /// The invalid records, in line order.
        errors: Vec<LineError>,
        /// How many there are in all.
        total: u64,
    },
    /// The batch is over the largest the monitor takes.
    #[error(
        "the batch is over the {} bytes a batch may have",
        crate::store::MAX_BATCH
    )]
    TooLarge,
    /// The batch could not be made durable, or its items not read back.
    #[error(transparent)]
    Io(MonitorError),
}
