//! Byte offsets and LSP positions. LSP counts a position's `character` in
//! UTF-16 code units (the protocol's default encoding, and the one this
//! server announces), while Slate's spans are byte offsets into UTF-8 text.

use lsp_types::{Position, Range};
use slate::Span;
use slate::{Encoding, LineIndex};

/// The starts of a text's lines, to convert offsets and positions: the
/// one line index of `slate-syntax`, counting columns in UTF-16.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lines(LineIndex);

impl Lines {
    /// Indexes `text`. Lines end at `\n` (so `\r\n` too).
    pub fn new(text: &str) -> Self {
        Self(LineIndex::new(text))
    }

    /// The number of lines (a text ending with a line break has an empty last line).
    pub fn count(&self) -> usize {
        self.0.count()
    }

    /// The 0-based line holding byte `offset`.
    pub fn line(&self, offset: usize) -> usize {
        self.0.line(offset)
    }

    /// The byte range of 0-based line `line`, without its line break.
    pub fn line_span(&self, text: &str, line: usize) -> Span {
        self.0.line_span(text, line)
    }

    /// The position of byte `offset` (an offset inside a character, or past
    /// the end, is moved back to the start of the character, or the end).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let (line, character) = self.0.position(text, offset, Encoding::Utf16);
        Position::new(to_u32(line), to_u32(character))
    }

    /// The byte offset of `pos`. A line past the end is the end of the text;
    /// a character past the end of its line is the end of the line; a
    /// character inside a surrogate pair is the start of the character.
    pub fn offset(&self, text: &str, pos: Position) -> usize {
        self.0.offset(
            text,
            pos.line as usize,
            pos.character as usize,
            Encoding::Utf16,
        )
    }

    /// The range of `span`.
    pub fn range(&self, text: &str, span: Span) -> Range {
        Range::new(
            self.position(text, span.start),
            self.position(text, span.end),
        )
    }

    /// The byte span of `range` (start and end in order).
    pub fn span(&self, text: &str, range: Range) -> Span {
        let a = self.offset(text, range.start);
        let b = self.offset(text, range.end);
        Span::new(a.min(b), a.max(b))
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_utf16_code_units() {
        // `é` is 2 bytes and 1 unit; `😀` is 4 bytes and 2 units.
        let text = "ab\n\"é😀\" x\r\nlast";
        let lines = Lines::new(text);
        let x = text.find('x').unwrap_or(0);
        assert_eq!(lines.position(text, x), Position::new(1, 6));
        assert_eq!(lines.offset(text, Position::new(1, 6)), x);
        // Inside the surrogate pair: the start of the emoji.
        let emoji = text.find('😀').unwrap_or(0);
        assert_eq!(lines.offset(text, Position::new(1, 3)), emoji);
        // Inside a character's bytes: the start of the character.
        assert_eq!(lines.position(text, emoji + 1), Position::new(1, 2));
        // Past the end of a line: the end of the line, before `\r\n`.
        assert_eq!(lines.offset(text, Position::new(1, 99)), x + 1);
        // Past the last line: the end of the text.
        assert_eq!(lines.offset(text, Position::new(9, 0)), text.len());
        assert_eq!(lines.position(text, text.len()), Position::new(2, 4));
        for offset in 0..=text.len() {
            if text.is_char_boundary(offset) && text.as_bytes().get(offset) != Some(&b'\n') {
                let back = lines.offset(text, lines.position(text, offset));
                // `\r` before `\n` is past the line's end, which is where it maps.
                if text.as_bytes().get(offset) != Some(&b'\r') {
                    assert_eq!(back, offset, "offset {offset}");
                }
            }
        }
    }
}
