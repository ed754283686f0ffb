//! Byte spans into the source text.

use serde::Serialize;

/// A half-open byte range `[start, end)` in one source file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Span {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    pub fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }

    /// The smallest span covering both.
    pub fn join(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    /// Length in bytes.
    pub fn len(self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// Whether the span covers no bytes.
    pub fn is_empty(self) -> bool {
        self.len() == 0
    }
}

impl From<pest::Span<'_>> for Span {
    fn from(s: pest::Span<'_>) -> Self {
        Span::new(s.start(), s.end())
    }
}

impl From<Span> for miette::SourceSpan {
    fn from(s: Span) -> Self {
        miette::SourceSpan::new(s.start.into(), s.len())
    }
}

/// The 1-based line and column (in characters) of a byte offset.
pub fn line_col(src: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(src.len());
    let before = src.get(..offset).unwrap_or(src);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
    (line, col)
}

/// How a column counts the text before it on its line: characters (what a
/// person sees, and what diagnostics print) or UTF-16 code units (what the
/// Language Server Protocol counts).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// Unicode scalar values.
    Chars,
    /// UTF-16 code units: a character outside the Basic Multilingual Plane
    /// counts two.
    Utf16,
}

impl Encoding {
    fn width(self, c: char) -> usize {
        match self {
            Encoding::Chars => 1,
            Encoding::Utf16 => c.len_utf16(),
        }
    }
}

/// The starts of the lines of a text, for turning many offsets into lines
/// and columns, and back, without scanning the text from the start each
/// time. The one line index: diagnostics count columns in characters, the
/// language server in UTF-16 code units.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes `src`. Lines end at `\n` (so `\r\n` too).
    pub fn new(src: &str) -> Self {
        let starts = std::iter::once(0)
            .chain(
                src.bytes()
                    .enumerate()
                    .filter(|(_, b)| *b == b'\n')
                    .map(|(i, _)| i + 1),
            )
            .collect();
        Self { starts }
    }

    /// The number of lines (a text ending with a line break has an empty last line).
    pub fn count(&self) -> usize {
        self.starts.len()
    }

    /// The 0-based line holding byte `offset`.
    pub fn line(&self, offset: usize) -> usize {
        self.starts
            .partition_point(|s| *s <= offset)
            .saturating_sub(1)
    }

    /// The byte offset where 0-based line `line` starts (the text's length past the last line).
    pub fn start(&self, line: usize, src: &str) -> usize {
        self.starts.get(line).copied().unwrap_or(src.len())
    }

    /// The byte range of 0-based line `line` of `src`, without its line
    /// break (`\n` or `\r\n`).
    pub fn line_span(&self, src: &str, line: usize) -> Span {
        let start = self.start(line, src);
        let mut end = self
            .starts
            .get(line + 1)
            .map_or(src.len(), |next| next.saturating_sub(1));
        if end > start && src.as_bytes().get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        Span::new(start.min(src.len()), end.min(src.len()))
    }

    /// The 0-based line and column of byte `offset` of `src`, the column
    /// counted in `encoding`. An offset inside a character, or past the end,
    /// is moved back to the start of the character, or the end.
    pub fn position(&self, src: &str, offset: usize, encoding: Encoding) -> (usize, usize) {
        let mut offset = offset.min(src.len());
        while !src.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line(offset);
        let start = self.start(line, src);
        let column = src
            .get(start..offset)
            .map_or(0, |s| s.chars().map(|c| encoding.width(c)).sum());
        (line, column)
    }

    /// The byte offset of 0-based `line` and `column` (counted in
    /// `encoding`). A line past the end is the end of the text; a column
    /// past the end of its line is the end of the line; a column inside a
    /// character is the start of the character.
    pub fn offset(&self, src: &str, line: usize, column: usize, encoding: Encoding) -> usize {
        if line >= self.starts.len() {
            return src.len();
        }
        let span = self.line_span(src, line);
        let mut units = 0usize;
        for (i, c) in src.get(span.start..span.end).unwrap_or("").char_indices() {
            let next = units + encoding.width(c);
            if next > column {
                return span.start + i;
            }
            units = next;
        }
        span.end
    }

    /// The 1-based line and column (in characters) of `offset` in `src`, the
    /// text this index was built from; the same as [`line_col`].
    pub fn line_col(&self, src: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(src.len());
        let line = self.line(offset);
        let start = self.start(line, src);
        let col = src.get(start..offset).map_or(0, |s| s.chars().count()) + 1;
        (line + 1, col)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_lines_and_characters() {
        let src = "ab\ncdé\r\nfg";
        assert_eq!(line_col(src, 0), (1, 1));
        assert_eq!(line_col(src, 3), (2, 1));
        // `é` is two bytes but one column.
        assert_eq!(line_col(src, 7), (2, 4));
        assert_eq!(line_col(src, 9), (3, 1));
        assert_eq!(line_col(src, 99), (3, 3));
    }

    #[test]
    fn columns_count_in_the_encoding_asked_for() {
        // `😀` is 4 bytes, 1 character and 2 UTF-16 units.
        let src = "a\r\n😀x\n";
        let index = LineIndex::new(src);
        let x = src.find('x').unwrap_or(0);
        assert_eq!(index.position(src, x, Encoding::Chars), (1, 1));
        assert_eq!(index.position(src, x, Encoding::Utf16), (1, 2));
        assert_eq!(index.offset(src, 1, 1, Encoding::Chars), x);
        assert_eq!(index.offset(src, 1, 2, Encoding::Utf16), x);
        // The line's span leaves out `\r\n`; past the end is the end.
        assert_eq!(index.line_span(src, 0), Span::new(0, 1));
        assert_eq!(index.offset(src, 0, 9, Encoding::Chars), 1);
        assert_eq!(index.offset(src, 7, 0, Encoding::Chars), src.len());
        assert_eq!(index.count(), 3);
    }

    #[test]
    fn line_index_agrees_with_line_col() {
        let src = "ab\ncdé\r\nfg\n\nlast";
        let index = LineIndex::new(src);
        for offset in 0..=src.len() + 2 {
            if src.is_char_boundary(offset.min(src.len())) {
                assert_eq!(
                    index.line_col(src, offset),
                    line_col(src, offset),
                    "offset {offset}"
                );
            }
        }
    }
}
