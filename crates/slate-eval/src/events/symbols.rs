//! Interned strings: every id, event name, attribute name and value is
//! stored once, in one buffer, and compared as a number.

use std::hash::BuildHasher;

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;

/// An interned string: ids, event names, attribute names and values are
/// stored once and compared as numbers.
pub type Sym = u32;

/// The strings of all records, each stored once: their text one after
/// another in one buffer, and a table of symbols keyed by the text's hash,
/// so a symbol costs its text, 8 bytes for where it ends and about 5 for
/// the table, with no allocation of its own.
#[derive(Clone, Debug, Default)]
pub struct Symbols {
    text: String,
    /// Where each symbol's text ends in `text`.
    ends: Vec<usize>,
    /// FxHash (`rustc-hash`): its keys are not chosen by an attacker who
    /// could profit from collisions, and SipHash cost a fifth of reading
    /// time on large inputs.
    table: HashTable<Sym>,
}

/// The text of `sym` among `ends` in `text`.
fn text_of<'a>(text: &'a str, ends: &[usize], sym: Sym) -> &'a str {
    let i = sym as usize;
    let start = match i.checked_sub(1) {
        Some(before) => ends.get(before).copied().unwrap_or(0),
        None => 0,
    };
    let end = ends.get(i).copied().unwrap_or(start);
    text.get(start..end).unwrap_or_default()
}

impl Symbols {
    /// The symbol of `s`, adding it if new.
    pub fn intern(&mut self, s: &str) -> Sym {
        let hash = FxBuildHasher.hash_one(s);
        let Symbols { text, ends, table } = self;
        if let Some(&sym) = table.find(hash, |&sym| text_of(text, ends, sym) == s) {
            return sym;
        }
        let sym = Sym::try_from(ends.len()).unwrap_or(Sym::MAX);
        text.push_str(s);
        ends.push(text.len());
        table.insert_unique(hash, sym, |&sym| {
            FxBuildHasher.hash_one(text_of(text, ends, sym))
        });
        sym
    }

    /// The symbol of `s`, if any record uses it.
    pub fn get(&self, s: &str) -> Option<Sym> {
        let hash = FxBuildHasher.hash_one(s);
        self.table
            .find(hash, |&sym| text_of(&self.text, &self.ends, sym) == s)
            .copied()
    }

    /// How many symbols there are (they are numbered from 0).
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The string of a symbol.
    pub fn name(&self, sym: Sym) -> &str {
        text_of(&self.text, &self.ends, sym)
    }

    /// Every symbol's string, in the order of their numbers.
    pub(crate) fn names(&self) -> impl Iterator<Item = &str> {
        (0..self.ends.len()).map(|i| text_of(&self.text, &self.ends, i as Sym))
    }

    /// Bytes held (for the memory measured in benchmarks).
    pub fn bytes(&self) -> usize {
        self.text.capacity()
            + self.ends.capacity() * std::mem::size_of::<usize>()
            + self.table.capacity() * (std::mem::size_of::<Sym>() + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interning_gives_each_string_one_number() {
        let mut s = Symbols::default();
        let words = ["INC-1", "created", "", "INC-1", "P1", "created", "é"];
        let syms: Vec<Sym> = words.iter().map(|w| s.intern(w)).collect();
        assert_eq!(syms, [0, 1, 2, 0, 3, 1, 4]);
        assert_eq!(s.len(), 5);
        for (w, sym) in words.iter().zip(&syms) {
            assert_eq!(s.name(*sym), *w);
            assert_eq!(s.get(w), Some(*sym));
        }
        assert_eq!(s.get("P2"), None);
        assert_eq!(
            s.names().collect::<Vec<_>>(),
            ["INC-1", "created", "", "P1", "é"]
        );
    }

    #[test]
    fn many_strings_survive_the_table_growing() {
        let mut s = Symbols::default();
        for i in 0..10_000 {
            assert_eq!(s.intern(&format!("id-{i}")), i);
        }
        for i in 0..10_000_u32 {
            assert_eq!(s.get(&format!("id-{i}")), Some(i));
            assert_eq!(s.name(i), format!("id-{i}"));
        }
    }
}
