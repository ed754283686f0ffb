//! Slate's words and escaping: the one place that says how dates, money,
//! percentages, counts, durations, lists and names are written for people,
//! how text is escaped for HTML and Markdown, and which characters a reader
//! cannot see. Contracts (`slate-render`), rule annotations, override notes
//! and evaluation reports all write through it, so they word the same
//! terms the same way.
//!
//! A leaf: it depends on no other Slate crate. The words that need the
//! Model's types (calendars, budgets, conditions, payouts) are in
//! `slate_check::words`, which calls these.

#![forbid(unsafe_code)]

pub mod currency;
mod dates;
pub mod escape;
pub mod exact;
pub mod fractions;
mod lists;
mod money;
mod money_unit;
pub mod unicode;
pub mod visible;

/// Why a file cannot be read or written, in words: lowercase, without
/// the system's error number.
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let words = match e.kind() {
        K::NotFound => "no such file",
        K::PermissionDenied => "permission denied",
        K::IsADirectory => "it is a directory",
        K::NotADirectory => "a part of the path is not a directory",
        K::AlreadyExists => "it already exists",
        K::InvalidFilename => "the file name is too long or not allowed",
        K::StorageFull => "no space is left on the device",
        K::QuotaExceeded => "the disk quota is exceeded",
        K::ReadOnlyFilesystem => "the file system is read-only",
        K::FileTooLarge => "the file is too large",
        K::ResourceBusy => "the file is busy",
        K::BrokenPipe => "the reader went away",
        K::InvalidData => "the data is not valid",
        K::UnexpectedEof => "it ended early",
        K::TimedOut => "it timed out",
        // The kind's own words: lowercase, without the system's number.
        kind => return kind.to_string(),
    };
    words.to_owned()
}

pub use dates::{date, date_range, month_name};
pub use escape::{escape_html, escape_markdown};
pub use lists::{article, capitalise, ident, list_and, list_or, term};
pub use money::{
    count, counted, exact_money, largest_unit, money, money_amount, money_sum, number, percent,
    seconds, short_duration,
};
pub use money_unit::{Currency, UnknownCurrency};
