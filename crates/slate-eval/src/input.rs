//! Reading event files incrementally: lines of bounded length, and CSV
//! records split strictly as RFC 4180 writes them.

use std::io::BufRead;

/// The longest line an event file may have, in bytes, without its line
/// break: 1 MiB. A CSV record that spans lines (a quoted cell with line
/// breaks) may not be longer either. A longer line is an invalid record; it
/// is skipped as it is read, never held whole in memory.
pub const MAX_LINE: usize = 1 << 20;

/// One line as read.
pub(crate) enum Line<'a> {
    /// Its text, without the line break (`\n` or `\r\n`).
    Text(&'a str),
    /// Longer than [`MAX_LINE`]; its bytes were skipped.
    TooLong,
    /// Not UTF-8.
    NotUtf8,
    /// Holds a carriage return that no line feed follows.
    BareCr,
}

impl<'a> Line<'a> {
    /// The line's text, or what is wrong with a line that is not text.
    pub(crate) fn text(self) -> Result<&'a str, Problem> {
        match self {
            Line::Text(text) => Ok(text),
            Line::TooLong => Err(Problem::LineTooLong),
            Line::NotUtf8 => Err(Problem::NotUtf8),
            Line::BareCr => Err(Problem::BareCr),
        }
    }
}

/// Why a line or a CSV record cannot be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub(crate) enum Problem {
    /// A line longer than [`MAX_LINE`].
    #[error("the line is longer than the {MAX_LINE} bytes a line may have")]
    LineTooLong,
    /// A line that is not UTF-8.
    #[error("the line is not UTF-8 text")]
    NotUtf8,
    /// A carriage return not followed by a line feed: a file saved with
    /// CR line ends reads as one line, so it is named, not read.
    #[error(
        "the line has a bare carriage return (a CR not followed by LF); save the file with LF or CRLF line ends"
    )]
    BareCr,
    /// A quoted cell the input never closes.
    #[error("cell {0} opens a quote that the file never closes")]
    Unclosed(usize),
    /// A record over lines longer than [`MAX_LINE`].
    #[error(
        "the record starting on line {0} is longer than the {MAX_LINE} bytes a record may have"
    )]
    RecordTooLong(u64),
    /// A quote inside a plain cell.
    #[error(
        "cell {0} has a quote `\"` inside it; quote the whole cell and double the quote, as in `\"a\"\"b\"`"
    )]
    QuoteInside(usize),
    /// Text after a quoted cell's closing quote.
    #[error(
        "cell {0} has text after its closing quote; quote the whole cell and double each quote inside it"
    )]
    AfterQuote(usize),
}

/// The lines of an input, read one at a time into one buffer.
pub(crate) struct Lines<'r> {
    input: &'r mut dyn BufRead,
    /// Told every 65,536 lines how many bytes have been read.
    progress: &'r mut dyn FnMut(u64),
    buf: Vec<u8>,
    /// The 1-based number of the line last read.
    pub(crate) number: u64,
    /// Bytes read so far.
    pub(crate) bytes: u64,
}

impl<'r> Lines<'r> {
    pub(crate) fn new(input: &'r mut dyn BufRead, progress: &'r mut dyn FnMut(u64)) -> Self {
        Lines {
            input,
            progress,
            buf: Vec::new(),
            number: 0,
            bytes: 0,
        }
    }

    /// The next line and its number, or `None` at the end of the input. A
    /// byte order mark at the start of the first line is dropped; a
    /// carriage return is read only as part of a CRLF line end.
    pub(crate) fn next_line(&mut self) -> std::io::Result<Option<(u64, Line<'_>)>> {
        self.buf.clear();
        let mut too_long = false;
        let mut any = false;
        // Carriage returns in the line, and whether its last byte is one
        // (that one ends the line), counted even in a line too long to keep.
        let (mut returns, mut ends_cr) = (0_usize, false);
        loop {
            let chunk = match self.input.fill_buf() {
                Ok(chunk) => chunk,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if chunk.is_empty() {
                if !any {
                    return Ok(None);
                }
                break;
            }
            any = true;
            let newline = chunk.iter().position(|&b| b == b'\n');
            let take = newline.unwrap_or(chunk.len());
            let taken = chunk.get(..take).unwrap_or_default();
            returns += taken.iter().filter(|&&b| b == b'\r').count();
            if let Some(&last) = taken.last() {
                ends_cr = last == b'\r';
            }
            if !too_long {
                if self.buf.len() + take > MAX_LINE + 1 {
                    too_long = true;
                    self.buf = Vec::new();
                } else {
                    self.buf
                        .extend_from_slice(chunk.get(..take).unwrap_or_default());
                }
            }
            let used = take + usize::from(newline.is_some());
            self.input.consume(used);
            self.bytes += used as u64;
            if newline.is_some() {
                break;
            }
        }
        self.number += 1;
        if self.number.is_multiple_of(65_536) {
            (self.progress)(self.bytes);
        }
        if self.buf.last() == Some(&b'\r') {
            self.buf.pop();
        }
        if returns > usize::from(ends_cr) {
            return Ok(Some((self.number, Line::BareCr)));
        }
        if too_long || self.buf.len() > MAX_LINE {
            return Ok(Some((self.number, Line::TooLong)));
        }
        let mut text: &[u8] = &self.buf;
        if self.number == 1 {
            text = text.strip_prefix("\u{feff}".as_bytes()).unwrap_or(text);
        }
        let line = match std::str::from_utf8(text) {
            Ok(text) => Line::Text(text),
            Err(_) => Line::NotUtf8,
        };
        Ok(Some((self.number, line)))
    }
}

/// Where a CSV record could not be read, and why.
pub(crate) struct CsvError {
    /// The line it was found on.
    pub(crate) line: u64,
    /// What is wrong with it.
    pub(crate) problem: Problem,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    /// At the start of a cell.
    Start,
    /// Inside a cell without quotes.
    Plain,
    /// Inside a quoted cell.
    Quoted,
    /// At a quote inside a quoted cell: its end, or the first of two.
    Quote,
}

/// The cells of one CSV record, read strictly: a cell is either plain
/// (no `"` in it) or wholly quoted, with each `"` inside written `""` and
/// nothing after the closing quote. A quoted cell may hold line breaks.
/// One buffer serves every record.
#[derive(Default)]
pub(crate) struct Cells {
    text: String,
    ends: Vec<usize>,
}

impl Cells {
    /// Reads the next record that is not an empty line: `None` at the end
    /// of the input, else the line the record starts on, or what is wrong
    /// with it (a bad record ends at the end of the line it goes wrong on).
    pub(crate) fn read(
        &mut self,
        lines: &mut Lines<'_>,
    ) -> std::io::Result<Option<Result<u64, CsvError>>> {
        self.text.clear();
        self.ends.clear();
        let mut state = State::Start;
        let mut first = 0;
        loop {
            let Some((number, line)) = lines.next_line()? else {
                if first == 0 {
                    return Ok(None);
                }
                return Ok(Some(Err(CsvError {
                    line: first,
                    problem: Problem::Unclosed(self.ends.len() + 1),
                })));
            };
            let fail = |problem: Problem| {
                Ok(Some(Err(CsvError {
                    line: number,
                    problem,
                })))
            };
            let line = match line.text() {
                Ok(line) => line,
                Err(problem) => return fail(problem),
            };
            if first == 0 {
                if line.is_empty() {
                    continue;
                }
                first = number;
            } else {
                self.text.push('\n');
                if self.text.len() + line.len() > MAX_LINE {
                    return fail(Problem::RecordTooLong(first));
                }
            }
            state = match self.feed(line, state) {
                Ok(state) => state,
                Err(problem) => return fail(problem),
            };
            if state != State::Quoted {
                self.ends.push(self.text.len());
                return Ok(Some(Ok(first)));
            }
        }
    }

    /// Feeds one line in `state`, giving the state at its end.
    fn feed(&mut self, line: &str, mut state: State) -> Result<State, Problem> {
        // Where the current cell's (or quoted piece's) text starts.
        let mut from = 0;
        for (i, b) in line.bytes().enumerate() {
            let cell = self.ends.len() + 1;
            state = match (state, b) {
                (State::Start, b'"') => {
                    from = i + 1;
                    State::Quoted
                }
                (State::Start | State::Quote, b',') => {
                    self.ends.push(self.text.len());
                    State::Start
                }
                (State::Start, _) => {
                    from = i;
                    State::Plain
                }
                (State::Plain, b',') => {
                    self.text.push_str(line.get(from..i).unwrap_or_default());
                    self.ends.push(self.text.len());
                    State::Start
                }
                (State::Plain, b'"') => {
                    return Err(Problem::QuoteInside(cell));
                }
                (State::Plain, _) => State::Plain,
                (State::Quoted, b'"') => {
                    self.text.push_str(line.get(from..i).unwrap_or_default());
                    State::Quote
                }
                (State::Quoted, _) => State::Quoted,
                (State::Quote, b'"') => {
                    self.text.push('"');
                    from = i + 1;
                    State::Quoted
                }
                (State::Quote, _) => {
                    return Err(Problem::AfterQuote(cell));
                }
            };
        }
        if matches!(state, State::Plain | State::Quoted) {
            self.text.push_str(line.get(from..).unwrap_or_default());
        }
        Ok(state)
    }

    /// How many cells the record has.
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    /// Each cell's text.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &str> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts
            .zip(self.ends.iter().copied())
            .map(|(a, b)| self.text.get(a..b).unwrap_or_default())
    }
}
