//! What the monitor holds in memory: the records of the items that are not
//! final, each kept as the line it was sent as, and the engine's reading of
//! them; and a Bloom filter of the ids of the items folded out of memory.

use std::collections::{BTreeSet, HashMap};

use slate::eval::{Events, Format};

/// One stored record: its line in the log (1-based, as a replay of the log
/// numbers it) and its text as sent.
#[derive(Clone, Debug)]
pub(crate) struct Line {
    pub(crate) place: u64,
    pub(crate) text: Box<str>,
}

/// The records of the items in memory.
#[derive(Debug)]
pub(crate) struct Memory {
    /// Per item id, its records in log order.
    items: HashMap<Box<str>, Vec<Line>>,
    /// How many records `items` holds.
    records: usize,
    /// The engine's reading of every record in `items`.
    pub(crate) events: Events,
    /// Attributes holding due dates, for every new reading.
    due: Vec<String>,
    /// Batches read into `events` since it was last read afresh: each adds
    /// an entry to its list of files, so it is read afresh now and then.
    batches: usize,
}

impl Memory {
    pub(crate) fn new(due: Vec<String>) -> Memory {
        let mut events = Events::default();
        events.due_attributes(due.clone());
        Memory {
            items: HashMap::new(),
            records: 0,
            events,
            due,
            batches: 0,
        }
    }

    /// An empty reading that checks due dates as the agreement says.
    pub(crate) fn fresh_events(&self) -> Events {
        let mut events = Events::default();
        events.due_attributes(self.due.clone());
        events
    }

    /// Whether the item is in memory.
    pub(crate) fn contains(&self, id: &str) -> bool {
        self.items.contains_key(id)
    }

    /// The item's records, in log order.
    pub(crate) fn lines(&self, id: &str) -> &[Line] {
        self.items.get(id).map_or(&[], Vec::as_slice)
    }

    /// Records held.
    pub(crate) fn records(&self) -> usize {
        self.records
    }

    /// Items held.
    pub(crate) fn items(&self) -> usize {
        self.items.len()
    }

    /// Adds a record of `id` (not yet read into `events`: call
    /// [`Memory::read`] or [`Memory::reread`] after). A record already held
    /// at the same place is not added twice.
    pub(crate) fn insert(&mut self, id: &str, place: u64, text: &str) {
        let lines = self.items.entry(id.into()).or_default();
        let at = lines.partition_point(|l| l.place < place);
        if lines.get(at).is_some_and(|l| l.place == place) {
            return;
        }
        lines.insert(
            at,
            Line {
                place,
                text: text.into(),
            },
        );
        self.records += 1;
    }

    /// Reads records just inserted at the end of the log into `events`
    /// (`text`: their lines, each ending in a line feed).
    pub(crate) fn read(&mut self, text: &str) {
        self.batches += 1;
        if self.batches > self.records.max(1024) {
            self.reread();
        } else {
            self.events.read("batch", text, Format::Ndjson);
        }
    }

    /// Reads every record held afresh into `events`, in log order.
    pub(crate) fn reread(&mut self) {
        let mut all: Vec<&Line> = self.items.values().flatten().collect();
        all.sort_unstable_by_key(|l| l.place);
        let mut text = String::with_capacity(all.iter().map(|l| l.text.len() + 1).sum());
        for l in all {
            text.push_str(&l.text);
            text.push('\n');
        }
        let mut events = self.fresh_events();
        events.read("memory", &text, Format::Ndjson);
        self.events = events;
        self.batches = 0;
    }

    /// Folds every item not in `keep` out of memory, its id into `folded`;
    /// reads what is left afresh.
    pub(crate) fn fold(&mut self, keep: &BTreeSet<String>, folded: &mut Bloom) {
        let mut records = self.records;
        self.items.retain(|id, lines| {
            let stays = keep.contains(id.as_ref());
            if !stays {
                folded.insert(id);
                records -= lines.len();
            }
            stays
        });
        self.items.shrink_to_fit();
        self.records = records;
        self.reread();
    }
}

/// A fixed-size Bloom filter of the ids of folded items: 4 MiB, 7 hashes.
/// A false positive costs one needless scan of the log; with a million
/// folded ids one new id in about 120,000 is one.
#[derive(Debug, Default)]
pub(crate) struct Bloom {
    /// Allocated on the first id, so a monitor that never folds holds none.
    bits: Vec<u64>,
}

impl Bloom {
    const WORDS: usize = (4 << 20) / 8;
    const HASHES: u64 = 7;

    /// The bit positions of `id`: double hashing of its XXH3-128.
    fn positions(id: &str) -> impl Iterator<Item = (usize, u64)> {
        let h = xxhash_rust::xxh3::xxh3_128(id.as_bytes());
        let (a, b) = (h as u64, (h >> 64) as u64 | 1);
        let bits = (Self::WORDS * 64) as u64;
        (0..Self::HASHES).map(move |i| {
            let bit = a.wrapping_add(i.wrapping_mul(b)) % bits;
            let word = (bit / 64) as usize;
            (word, 1_u64 << (bit % 64))
        })
    }

    /// Adds an id.
    pub(crate) fn insert(&mut self, id: &str) {
        if self.bits.is_empty() {
            self.bits = vec![0; Self::WORDS];
        }
        for (word, mask) in Self::positions(id) {
            if let Some(w) = self.bits.get_mut(word) {
                *w |= mask;
            }
        }
    }

    /// Whether the id may have been added (never false for one that was).
    pub(crate) fn may_hold(&self, id: &str) -> bool {
        !self.bits.is_empty()
            && Self::positions(id)
                .all(|(word, mask)| self.bits.get(word).is_some_and(|w| w & mask != 0))
    }

    /// Whether no id was added.
    pub(crate) fn is_empty(&self) -> bool {
        self.bits.is_empty()
    }
}
