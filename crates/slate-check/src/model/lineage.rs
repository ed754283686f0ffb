//! Where the terms of an agreement that extends others come from. Not terms
//! themselves: the Model keeps them out of its serialization.

/// The agreements an agreement extends, and which of its terms come from them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Lineage {
    /// The agreements extended, the furthest first.
    pub levels: Vec<Level>,
    /// A mark for each term that is inherited or overridden.
    pub marks: Vec<Mark>,
}

/// An agreement extended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Level {
    /// Its title.
    pub title: String,
    /// Its reference number.
    pub id: Option<String>,
    /// Its version.
    pub version: Option<String>,
}

/// Where one term comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mark {
    /// The id of the term's section in the documents: `objective--first_response`.
    pub section_id: String,
    /// The level it comes from or replaces (an index into `levels`).
    pub level: usize,
    /// The number of its section in that level's document: `4.1`.
    pub section: Option<String>,
    /// Whether it is inherited as it is, or overridden here.
    pub change: Change,
}

/// How a term relates to the level it comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// Inherited unchanged.
    Inherited,
    /// Inherited as written, but it reads differently here because this
    /// agreement changes terms it depends on (a fee, a calendar, dates).
    Reworded,
    /// Replaced by this agreement.
    Overridden {
        /// What changed, in words: `P1 tickets within 30 minutes (was 1 hour)`.
        changes: Vec<String>,
        /// Whether any change weakens the inherited term.
        weakened: bool,
        /// Whether the changes, all compared, only strengthen the
        /// customer's guarantee (never for a bonus, which is the provider's).
        tightened: bool,
        /// Why, as the agreement says in `because "…"`.
        because: Option<String>,
    },
}
