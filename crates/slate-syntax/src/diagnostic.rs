//! Diagnostics: one type for every phase, with stable codes.
//!
//! Every code has a page `docs/diagnostics/E####.md`; a test keeps the list
//! below and the pages in step. Codes are grouped by phase: `E00xx` internal,
//! `E01xx` syntax, `E02xx` names, `E03xx` values, `E04xx` time, `E05xx`
//! credits and bonuses, `E06xx` backends (raised by a backend, not by `check`), `E07xx` files:
//! imports and inheritance (`E075x`: termination). Warnings use the same numbering (a code is an error
//! or a warning, never both).

use serde::Serialize;

use crate::span::Span;

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The agreement is wrong and cannot be compiled.
    Error,
    /// The agreement compiles, but something is probably not what the author meant.
    Warning,
}

macro_rules! codes {
    ($( $(#[$doc:meta])* $name:ident = $code:literal, $sev:ident, $title:literal; )*) => {
        /// A stable diagnostic code such as `slate::E0201`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $( $(#[$doc])* $name, )*
        }

        impl Code {
            /// Every code, in numeric order.
            pub const ALL: &'static [Code] = &[$(Code::$name),*];

            /// The number, such as `E0201`.
            pub fn number(self) -> &'static str {
                match self { $(Code::$name => $code,)* }
            }

            /// Whether diagnostics with this code are errors or warnings.
            pub fn severity(self) -> Severity {
                match self { $(Code::$name => Severity::$sev,)* }
            }

            /// A one-line title, used as the heading of the code's documentation page.
            pub fn title(self) -> &'static str {
                match self { $(Code::$name => $title,)* }
            }
        }
    };
}

codes! {
    /// Lowering met a syntax tree shape it does not know (a bug in Slate).
    Internal = "E0001", Error, "internal error";

    /// A line that is not a statement of its block.
    UnknownStatement = "E0101", Error, "unknown statement";
    /// A statement whose keyword is known but whose form is not.
    MalformedStatement = "E0102", Error, "malformed statement";
    /// A block whose closing `}` is missing, or text after the agreement.
    UnclosedBlock = "E0103", Error, "unclosed block";
    /// A string with an escape other than `\"` and `\\`.
    InvalidEscape = "E0104", Error, "invalid escape in string";
    /// A number too large to be meant.
    NumberTooLarge = "E0105", Error, "number too large";
    /// A file without an agreement, or with more than one.
    AgreementCount = "E0106", Error, "not exactly one agreement";
    /// A statement given twice where once is allowed.
        DuplicateStatement = "E0107", Error, "statement given twice";
    /// A control character (such as NUL) in the source, which is not text.
        ControlCharacter = "E0108", Error, "control character in the source";
    /// A source larger than Slate reads.
    FileTooLarge = "E0109", Error, "file too large";
    /// An invisible or direction-changing character in a name, title or value.
    HiddenCharacter = "E0110", Error, "invisible character in a string";
    /// White space at the edge of a name, title or value, or a space other
    /// than the plain space inside one.
    UnusualSpace = "E0111", Error, "white space a reader cannot tell apart";

    /// A name that is not defined.
    UndefinedName = "E0201", Error, "undefined name";
    /// Two definitions with the same name.
    DuplicateName = "E0202", Error, "duplicate name";
    /// A name that refers to the wrong kind of thing.
    WrongKind = "E0203", Error, "name of the wrong kind";
    /// A party role other than `provider` or `customer`.
    UnknownRole = "E0204", Error, "unknown party role";

    /// A percentage outside (0, 100].
    PercentOutOfRange = "E0301", Error, "percentage out of range";
    /// A statement the block needs is missing.
    MissingStatement = "E0302", Error, "missing statement";
    /// A service whose provider and customer are the same party.
    SameParty = "E0303", Error, "provider and customer are the same party";
    /// An agreement without a provider or without a customer.
    MissingRole = "E0304", Error, "agreement without a provider or customer";
    /// A currency code that is not ISO 4217.
    UnknownCurrency = "E0305", Error, "unknown currency";
    /// An objective that mixes statements of different kinds.
    ObjectiveKind = "E0306", Error, "objective of unclear kind";
    /// A zero or otherwise meaningless quantity.
    InvalidQuantity = "E0307", Error, "invalid quantity";
    /// A party used in a role its `role` statement does not give it.
    RoleMismatch = "E0308", Error, "party in the wrong role";
    /// Goals that leave some items without a goal.
    UngovernedItems = "E0309", Warning, "some items have no goal";
    /// A party that has no signatory, so the document cannot be signed.
    NoSignatory = "E0310", Warning, "party without a signatory";
    /// A goal that can never be chosen because an earlier goal matches first.
    UnreachableGoal = "E0311", Warning, "goal can never apply";
    /// A money amount in a currency other than the agreement's.
    CurrencyMismatch = "E0312", Error, "currency differs from the agreement's";
    /// An amount with more decimals than its currency's minor unit, such as `GBP 1.234`.
    MoneyPrecision = "E0313", Error, "amount finer than the currency allows";
    /// A `target` or threshold that names items other than the ones measured or counted.
    NounMismatch = "E0314", Warning, "target names other items";
    /// Raw HTML inside a prose block, which is shown as text.
    RawHtml = "E0315", Warning, "raw HTML in prose";
    /// A link that is not http(s) or mailto, or an image, in a prose block.
    UnsafeLink = "E0316", Warning, "link or image not allowed in prose";
    /// A metric selector that is not a valid Prometheus selector.
    InvalidSelector = "E0317", Error, "invalid Prometheus selector";
    /// A metric source that is incomplete, mixes forms, or does not fit the objective.
    MetricSource = "E0318", Error, "metric source does not fit the objective";
    /// A goal's value that the objective's own filter excludes: the goal can never apply.
    GoalOutsideFilter = "E0319", Error, "goal value excluded by the objective's filter";
    /// A condition on a field that no `field` statement declares.
    UndeclaredField = "E0320", Error, "undeclared field";
    /// A condition value that its field's declaration does not list.
    UndeclaredValue = "E0321", Error, "undeclared value";
    /// Two parties whose names look alike but differ.
    ConfusableNames = "E0322", Warning, "party names that look alike";
    /// A goal's field one typo away from a field of the objective's filter.
    GoalFieldTypo = "E0323", Warning, "goal field looks like a misspelt filter field";
    /// A matched value written with letters of another script that look
    /// like Latin ones.
    LookAlikeValue = "E0324", Warning, "value written with look-alike letters";
    /// An availability objective that does not say which items' records it
    /// reads, in an agreement with more than one availability objective.
    UnnamedItems = "E0325", Error, "availability objective without `items`";
    /// An item id given twice in one `items` list.
    DuplicateItem = "E0326", Error, "item named twice";
    /// An empty item id in an `items` list, which no record can have.
    EmptyItem = "E0327", Error, "empty item id";
    /// A link reference definition in a prose block: it applies only to its
    /// own block, and the documents write the links that use it inline.
    LinkDefinition = "E0330", Warning, "link reference definition in prose";
    /// A code fence in a prose block that is never closed.
    UnclosedFence = "E0331", Warning, "code fence never closed";
    /// A label for an event that no objective measures: it would never be printed.
    UnusedEventLabel = "E0332", Error, "label for an event no objective measures";
    /// A label with no words in it.
    EmptyLabel = "E0333", Error, "label has no words";
    /// Two values of one field, or two events, with labels that read the same.
    LabelTwice = "E0334", Error, "two names with the same label";
    /// A `goal` or `target` beside an `average` or percentile bound, which carries none.
    AggregateWithGoals = "E0341", Error, "goal or target on an aggregate bound";
    /// A percentile that is not above 0 and below 100, such as `p100`.
    PercentileRange = "E0342", Error, "percentile out of range";
    /// A sample bound written in another unit than the samples: `65 seconds`
    /// for `sample latency_ms on probe in milliseconds`.
    SampleUnit = "E0343", Error, "sample bound in another unit";
    /// `sample at on probe`: `id`, `at` and `event` are not numbers written
    /// on a record.
    SampleField = "E0344", Error, "sample of a record's id, time or event";
    /// `down when at least k components are down` with k outside 1..n, without
    /// listed components, or with `per component`.
    ComponentsDown = "E0350", Error, "k of n components does not fit";
    /// `downtime in units of …` with a unit that is not a whole number of
    /// minutes of real time.
    DowntimeUnit = "E0351", Error, "downtime unit not whole minutes";
    /// `downtime when …` without `downtime in units of …`: there is no unit
    /// for the rule to judge.
    UnitDownWithoutUnits = "E0352", Error, "unit rule without downtime units";
    /// `downtime when … at most 5%` or `below`, or a bound over 100%: a
    /// unit is down when its error rate is high.
    UnitDownBound = "E0353", Error, "unit rule bound does not fit";
    /// `downtime when errors of errors`, or an attribute that is a
    /// record's `id`, `at` or `event`.
    UnitDownAttributes = "E0354", Error, "unit rule attributes do not fit";
    /// `downtime when …` beside terms that read `down`/`up` records
    /// (`exclude`, `count outages of at least`, `down when at least k
    /// components are down`, `per component`), which the rule does not read.
    UnitDownWithOutages = "E0355", Error, "unit rule beside outage terms";
    /// `rate abandoned of abandoned`: the numerator and the denominator are one event.
    RateSameEvent = "E0360", Error, "rate of an event over itself";
    /// A rate bound outside 0%–100%, or one that every rate meets or none can.
    RateBound = "E0361", Error, "rate bound always or never met";
    /// Credits or a bonus on a rate, whose tiers would read lower as worse.
    RateCredits = "E0362", Error, "credits on a rate";
    /// An objective with both one objective-level target and targets on its
    /// goals, or a goal target without `target per goal per …`.
    TargetPerGoalMixed = "E0370", Error, "one target and targets per goal";
    /// `target per goal per …` with a goal that carries no target of its own.
    GoalWithoutTarget = "E0371", Error, "goal without its own target";
    /// Tiered credits or a bonus for an objective whose goals carry their
    /// own targets: there is no single share to compare with the tiers.
    TieredPerGoal = "E0372", Error, "tiers on an objective with a target per goal";
    /// `due by` beside goals, a target per goal or an aggregate: an item's
    /// own due date replaces the goals' budgets.
    DueBesideGoals = "E0380", Error, "due dates beside goals";
    /// `due by` with a `pause`, `clock` or `ignore`, which mean nothing
    /// against a date the item carries.
    DueTimed = "E0381", Error, "clock or pause on due dates";
    /// `due by` naming `id`, `at`, `event` or a declared field with listed
    /// values: no attribute that can hold a date.
    DueAttribute = "E0382", Error, "due attribute cannot hold a date";
    /// Due dates measured `per hour`: a date belongs to no one clock hour.
    DueHourly = "E0383", Error, "due dates per hour";
    /// A season of a goal's arrival with a day its month does not have,
    /// such as `31 April` or `30 February`.
    ArrivalDay = "E0390", Error, "day of the year does not exist";
    /// An arrival condition that every item meets: `during 24x7`, or a
    /// season that covers the whole year.
    ArrivalAlways = "E0391", Warning, "arrival condition always holds";

    /// A date that does not exist, such as `2026-02-30`.
    InvalidDate = "E0401", Error, "date does not exist";
    /// A date or time range that ends before it starts.
    ReversedRange = "E0402", Error, "range ends before it starts";
    /// A time zone that is not in the IANA database.
    UnknownTimezone = "E0403", Error, "unknown time zone";
    /// A time of day that does not exist, such as `25:00`.
    InvalidTime = "E0404", Error, "time of day does not exist";
    /// An opening interval of zero length, or a calendar that is never open.
    EmptyHours = "E0405", Error, "empty opening hours";
    /// Opening intervals that overlap.
    OverlappingHours = "E0406", Error, "overlapping opening hours";
    /// `days` on a business calendar, or business units on `24x7`.
    AmbiguousDays = "E0407", Error, "ambiguous days";
    /// A closure outside the agreement's validity.
    ClosureOutsideValidity = "E0408", Warning, "closure outside the agreement's validity";
    /// A calendar of the agreement's own file that nothing counts on.
    UnusedCalendar = "E0409", Warning, "unused calendar";
    /// An `effective` date outside the years an agreement may be in force
    /// (1970 to 2099).
    EffectiveOutOfRange = "E0410", Error, "effective date out of range";

    /// Credit tiers whose thresholds are not in descending order, or bonus tiers not in ascending order.
    TiersNotOrdered = "E0501", Error, "tiers not ordered";
    /// A tier that pays less for worse service (credits) or less for better service (bonuses).
    TierNotMonotonic = "E0502", Error, "tier pays less for a worse result";
    /// A tier that pays more than the cap.
    TierExceedsCap = "E0503", Warning, "tier exceeds the cap";
    /// Credits or a bonus on an objective with no percentage to compare.
    NoPercentage = "E0504", Error, "objective has no percentage";
    /// Retired: credits on an objective measured per component, refused
    /// until each component could earn its own credit; no longer emitted.
    PerComponentCredits = "E0505", Error, "credits on a per-component objective (retired)";
    /// Credits or a bonus measured per day or per week.
    CreditPeriod = "E0506", Error, "credits need months, quarters or years";
    /// Two different caps of the same kind for one service.
    ConflictingCaps = "E0507", Error, "conflicting caps";
    /// A fee basis that does not match the period measured.
    FeeBasisMismatch = "E0508", Error, "fee basis does not match the period";
    /// A percentage of a fee on a service that has no fee.
    NoFee = "E0509", Error, "service has no fee";
    /// A credit tier that pays even when the target is met, or a bonus tier that pays below it.
    TierBeyondTarget = "E0510", Warning, "tier on the wrong side of the target";
    /// Claim statements in a credits block whose credits are applied automatically.
    ClaimForAutomaticCredits = "E0511", Error, "claim terms for credits applied automatically";
    /// `unclaimed credits lapse` in a credits block without a claim window.
    LapseWithoutWindow = "E0512", Error, "unclaimed credits lapse without a claim window";
    /// `claim by ""`: a way of claiming that says nothing.
    EmptyClaimMethod = "E0513", Error, "empty claim method";
    /// A fraction or a number of days' shares of a fee that pays nothing
    /// (`0/30`, `1/0`, `0 days`) or more than the whole fee (`31/30`).
    FeeShareOutOfRange = "E0514", Error, "share of the fee out of range";
    /// `per breach` on an objective that has no items to breach (availability).
    PerBreachWithoutItems = "E0515", Error, "per breach on an objective without items";
    /// A credit per unit of downtime on an objective that has no allowed
    /// downtime to exceed: not availability, or downtime counted in units.
    PerDowntimeWithoutTarget = "E0520", Error, "per unit of downtime on an objective without allowed downtime";
    /// A unit of downtime, or a rounding of it, that is not a positive
    /// length of real time (`0 hours`, `1 business day`, `1 month`).
    DowntimeLength = "E0521", Error, "length of downtime out of range";
    /// `round downtime to nearest …` in a credits block that does not
    /// pay per unit of downtime.
    RoundWithoutPerDowntime = "E0522", Error, "rounding of downtime without a credit per unit of downtime";
    /// `per day late` or `per hour late` on an objective whose items carry no due dates.
    LateWithoutDueDates = "E0530", Error, "delay damages on an objective without due dates";
    /// `cap per item` in a credits block that pays nothing per item late.
    ItemCapWithoutLateness = "E0531", Error, "cap per item without delay damages";
    /// `billed charges` on a service whose fee is not billed (`fee billed per month`).
    BilledChargesWithoutBill = "E0540", Error, "billed charges on a service without a billed fee";
    /// A share of a billed fee settled in a period other than the billing period.
    BilledPeriodMismatch = "E0541", Error, "billed fee settled in another period";
    /// A service with both a fixed fee and a billed fee.
    FixedAndBilledFee = "E0542", Error, "fee both fixed and billed";
    /// Two different minimum credits for one service.
    ConflictingMinimums = "E0543", Error, "conflicting minimum credits";
    /// A cap written as a share of a fee that is billed: not evaluated yet.
    CapOfBilledFee = "E0544", Error, "rolling cap as a share of a billed fee";
    /// `fee per component` on a service with no objective measured per component.
    ComponentFeeWithoutComponents = "E0550", Error, "fee per component without components";
    /// `cap per component` in credits for an objective not measured per component.
    ComponentCapWithoutComponents = "E0551", Error, "cap per component without components";
    /// `round value` on an objective whose value is not a length of time
    /// (only averages and percentiles of durations are).
    RoundValueNotDuration = "E0560", Error, "rounding a value that is not a duration";
    /// `round value to whole …` with a unit other than seconds, minutes or hours.
    RoundValueUnit = "E0561", Error, "unknown unit to round the value to";
    /// A remedy per unit of the value (`per second over 30 seconds`) on an
    /// objective whose value is not a length of time.
    PerUnitWithoutDuration = "E0562", Error, "per unit of a value that is not a duration";
    /// A remedy per unit of the value whose unit or threshold is not a
    /// fixed length of time (`per business day`, `over 1 month`).
    PerUnitUnit = "E0563", Error, "per-unit remedy in a unit that is not a fixed length";
    /// `over` in a bonus block or `under` in a credits block.
    PerUnitDirection = "E0564", Error, "per-unit remedy in the wrong direction";
    /// `claim within … of each breach` on an objective that has no items to breach (availability,
    /// aggregates, rates, volumes).
    ClaimFromBreachWithoutItems = "E0570", Error, "claim window from each breach on an objective without items";
    /// Two claim windows in one block: `claim within …` and `claim by the end of …`.
    ConflictingClaimWindows = "E0571", Error, "two claim windows";
    /// `on CALENDAR` on a claim window counted in calendar time, where the calendar changes nothing.
    ClaimCalendarUnused = "E0572", Error, "calendar on a claim window in calendar time";
    /// An ordinal whose ending does not fit its number, such as `2th` or `1nd`.
    WrongOrdinal = "E0573", Error, "wrong ordinal ending";
    /// An objective a metrics backend (Prometheus, OpenSLO) cannot compute
    /// faithfully from series of its own: Prometheus watches it through
    /// `slate monitor`'s metrics, OpenSLO leaves it out.
    NotMonitorable = "E0601", Warning, "objective a metrics system cannot compute";

    /// An imported or extended file that cannot be read.
    UnreadableFile = "E0701", Error, "file cannot be read";
    /// Files that import or extend each other in a circle.
    ImportCycle = "E0702", Error, "import cycle";
    /// A selected import of a name the file does not define.
    NotExported = "E0703", Error, "name not in the imported file";
    /// A selective import that leaves out a name its definitions use.
    IncompleteImport = "E0704", Error, "import leaves out a name it needs";
    /// An `override` of something the extended agreement does not have.
    OverrideOfNothing = "E0705", Error, "override of nothing";
    /// An inherited definition defined again without `override`.
    MissingOverride = "E0706", Error, "inherited definition redefined";
    /// An `override` in an agreement that extends none, or `extends` of a file without an agreement.
    NothingToExtend = "E0707", Error, "nothing to extend";
    /// An override that weakens an inherited guarantee without saying why.
    WeakenedGuarantee = "E0708", Warning, "override weakens an inherited guarantee";
    /// A definition whose name contains `.`, which only qualified references use.
    DottedName = "E0709", Error, "name with a dot";
    /// An import or `extends` of an absolute path.
    AbsoluteImport = "E0710", Error, "import of an absolute path";
    /// An import or `extends` of a file outside the import root.
    ImportOutsideRoot = "E0711", Error, "import outside the import root";
    /// An import or `extends` of a file whose name does not end in `.sla`.
    ImportNotSla = "E0712", Error, "import of a file that is not `.sla`";
    /// An import or `extends` of a directory, named pipe, socket or device.
    NotRegularFile = "E0713", Error, "import of something that is not a regular file";
    /// An imported or extended file that is not Slate text.
    NotSlateFile = "E0714", Error, "imported file is not a Slate file";
    /// Termination for cause counted in periods over which no objective is measured.
    ForCauseUnmeasured = "E0750", Warning, "no objective measured over the termination period";
    /// A rolling-window right on an objective whose downtime is not counted in real time.
    WindowNotRealTime = "E0760", Error, "rolling-window right on downtime not counted in real time";
    /// A rolling-window right whose limit or window is not a fixed length of real time.
    WindowNotFixed = "E0761", Error, "rolling-window length not fixed";
    /// Suspension for silence without the state in which the provider waits for the customer.
    SuspendWithoutState = "E0770", Warning, "suspension without a waiting state";
}

impl Code {
    /// The code as users see it: `slate::E0201`.
    pub fn qualified(self) -> String {
        format!("slate::{}", self.number())
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "slate::{}", self.number())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A secondary span with its own label ("first defined here").
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Related {
    /// Where.
    pub span: Span,
    /// What to say there.
    pub label: String,
}

/// One problem found in a source file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// The stable code.
    pub code: Code,
    /// Error or warning; always `code.severity()`.
    pub severity: Severity,
    /// What is wrong: lowercase, no trailing period, user input in backticks.
    pub message: String,
    /// The offending source text.
    pub span: Span,
    /// What to say at the span.
    pub label: String,
    /// What to write instead, when a fix can be suggested.
    pub help: Option<String>,
    /// Other places that explain the problem.
    pub related: Vec<Related>,
    /// A replacement that fixes the problem, when the help suggests one
    /// ("did you mean `office_hours`?"): the text to write over a span.
    /// Editors offer it as a quick fix.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<Suggestion>,
}

/// Text that replaces a span to fix a diagnostic.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    /// What to replace.
    pub span: Span,
    /// What to write there.
    pub text: String,
}

impl Diagnostic {
    /// A diagnostic with `code` at `span`. The label defaults to the message.
    pub fn new(code: Code, span: Span, message: impl Into<String>) -> Self {
        let message = message.into();
        Self {
            code,
            severity: code.severity(),
            label: String::new(),
            message,
            span,
            help: None,
            related: Vec::new(),
            suggestion: None,
        }
    }

    /// Sets the replacement that fixes the problem.
    pub fn suggest(mut self, span: Span, text: impl Into<String>) -> Self {
        self.suggestion = Some(Suggestion {
            span,
            text: text.into(),
        });
        self
    }

    /// Sets the label shown at the span.
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    /// Sets the help line.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Sets the replacement that fixes the problem, if there is one.
    pub fn suggest_if(self, span: Span, text: Option<impl Into<String>>) -> Self {
        match text {
            Some(t) => self.suggest(span, t),
            None => self,
        }
    }

    /// Adds a related span.
    pub fn related(mut self, span: Span, label: impl Into<String>) -> Self {
        self.related.push(Related {
            span,
            label: label.into(),
        });
        self
    }

    /// Whether this is an error (as opposed to a warning).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Sorts diagnostics by position, then code, and drops exact duplicates.
pub fn sort(diags: &mut Vec<Diagnostic>) {
    diags.sort_by(|a, b| {
        (a.span.start, a.span.end, a.code, &a.message).cmp(&(
            b.span.start,
            b.span.end,
            b.code,
            &b.message,
        ))
    });
    diags.dedup();
}

/// The closest candidate to `name` by edit distance, if one is close enough to
/// be a likely typo.
pub fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let len = name.chars().count();
    // A third of the name, at most 3 edits: further than that a suggestion
    // is more often wrong than helpful.
    let limit = (len / 3).clamp(1, 3);
    candidates
        .into_iter()
        .filter(|c| *c != name)
        // Names whose lengths differ by more than the limit cannot be close:
        // skip them before the quadratic comparison.
        .filter(|c| c.chars().count().abs_diff(len) <= limit && histogram_bound(name, c) <= limit)
        .filter_map(|c| edit_distance_within(name, c, limit).map(|d| (d, c)))
        .min()
        .map(|(_, c)| c)
}

/// A lower bound of the edit distance from the characters alone: a
/// substitution changes the character counts by at most 2, an insertion or
/// deletion by 1 and a swap by 0, so the distance is at least half the
/// difference of the counts. Cheap enough to rule out most candidates first.
#[expect(
    clippy::indexing_slicing,
    reason = "a bucket is below 128, the table's length"
)]
fn histogram_bound(a: &str, b: &str) -> usize {
    let mut counts = [0i32; 128];
    // Non-ASCII characters share the last bucket: the bound only gets weaker.
    let bucket = |c: char| if c.is_ascii() { c as usize } else { 127 };
    for c in a.chars() {
        counts[bucket(c)] += 1;
    }
    for c in b.chars() {
        counts[bucket(c)] -= 1;
    }
    let diff: usize = counts.iter().map(|n| n.unsigned_abs() as usize).sum();
    diff.div_ceil(2)
}

/// The edit distance when it is at most `limit`; gives up early otherwise.
pub fn edit_distance_within(a: &str, b: &str, limit: usize) -> Option<usize> {
    let d = bounded_distance(a, b, limit);
    (d <= limit).then_some(d)
}

/// Edit distance in characters, counting a swap of two neighbouring
/// characters as one edit (optimal string alignment), so `GPB` is one edit
/// from `GBP`.
pub fn edit_distance(a: &str, b: &str) -> usize {
    bounded_distance(a, b, usize::MAX)
}

/// Optimal string alignment distance. Once every entry of a row exceeds
/// `limit` the result can only be larger, so it returns `limit + 1` early.
#[expect(
    clippy::indexing_slicing,
    reason = "every index is within the lengths of the strings and the table built from them"
)]
fn bounded_distance(a: &str, b: &str, limit: usize) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // Names that are alike share long prefixes and suffixes; an optimal
    // alignment matches those as they are, so only the middles are compared.
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[prefix..], &b[prefix..]);
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (a, b) = (&a[..a.len() - suffix], &b[..b.len() - suffix]);
    let width = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * width];
    let at = |i: usize, j: usize| i * width + j;
    for i in 0..=a.len() {
        d[at(i, 0)] = i;
    }
    for j in 0..=b.len() {
        d[at(0, j)] = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[at(i - 1, j)] + 1)
                .min(d[at(i, j - 1)] + 1)
                .min(d[at(i - 1, j - 1)] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[at(i - 2, j - 2)] + 1);
            }
            d[at(i, j)] = best;
        }
        // A swap reaches back two rows, so both must exceed the limit.
        if i > 1 && (0..=b.len()).all(|j| d[at(i, j)] > limit && d[at(i - 1, j)] > limit) {
            return limit.saturating_add(1);
        }
    }
    d[at(a.len(), b.len())]
}

impl Code {
    /// Codes no longer emitted: each keeps its number (never reused for
    /// something else) and its page, which says why it went.
    pub const RETIRED: &'static [Code] = &[Code::PerComponentCredits];

    /// Whether this code is no longer emitted.
    pub fn retired(self) -> bool {
        Self::RETIRED.contains(&self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_ordered() {
        let numbers: Vec<_> = Code::ALL.iter().map(|c| c.number()).collect();
        let mut sorted = numbers.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(numbers, sorted);
    }

    #[test]
    fn edit_distance_counts_edits() {
        assert_eq!(edit_distance("office_hours", "office_hours"), 0);
        assert_eq!(edit_distance("ofice_hours", "office_hours"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("GPB", "GBP"), 1);
        assert_eq!(edit_distance("ca", "abc"), 3);
    }

    #[test]
    fn did_you_mean_suggests_close_names_only() {
        let names = ["office_hours", "support", "hosting"];
        assert_eq!(did_you_mean("ofice_hours", names), Some("office_hours"));
        assert_eq!(did_you_mean("suport", names), Some("support"));
        assert_eq!(did_you_mean("billing", names), None);
        assert_eq!(edit_distance_within("kitten", "sitting", 3), Some(3));
        assert_eq!(edit_distance_within("kitten", "sitting", 2), None);
        assert_eq!(edit_distance_within("abcdefgh", "zyxwvuts", 1), None);
        assert_eq!(edit_distance_within("GPB", "GBP", 1), Some(1));
        assert_eq!(
            edit_distance("objectve_number_994", "objective_number_994"),
            1
        );
        assert_eq!(edit_distance("xab", "xba"), 1);
        assert_eq!(edit_distance("abcab", "ab"), 3);
        // The histogram bound never exceeds the distance.
        for (a, b) in [
            ("kitten", "sitting"),
            ("GPB", "GBP"),
            ("abc", ""),
            ("zoë", "zoe"),
            ("objective_1", "objectve_12"),
        ] {
            assert!(histogram_bound(a, b) <= edit_distance(a, b), "{a} {b}");
        }
    }
}
