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

/// The starts of the lines of a text, for turning many offsets into lines
/// and columns without scanning the text from the start each time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes `src`.
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
