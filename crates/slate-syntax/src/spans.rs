//! Every span in a syntax tree, visited mutably.
//!
//! When several files make up one agreement, each file's spans are moved
//! into a range of their own (see [`FileId`]) so one span says both which
//! file and where in it. [`Spans::shift`] does that move for a whole tree.

use crate::ast::*;
use crate::diagnostic::Diagnostic;
use crate::span::Span;

/// Which file a span is in: the high bits of its offsets. The root file is
/// file 0, so a one-file agreement's spans are its plain byte offsets.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub u32);

/// Offsets of file `n` start at `n << FILE_SHIFT`. Sources are limited to
/// 16 MiB (`lower::MAX_SOURCE_BYTES`), far below `1 << FILE_SHIFT`.
pub const FILE_SHIFT: u32 = 32;

impl FileId {
    /// The first offset of this file's range.
    pub fn base(self) -> usize {
        (self.0 as usize) << FILE_SHIFT
    }

    /// The file a span is in.
    pub fn of(span: Span) -> FileId {
        FileId(u32::try_from(span.start >> FILE_SHIFT).unwrap_or(u32::MAX))
    }

    /// The span as byte offsets into its own file.
    pub fn local(span: Span) -> Span {
        let mask = (1usize << FILE_SHIFT) - 1;
        Span::new(span.start & mask, span.end & mask)
    }
}

/// A tree whose spans can be visited.
pub trait Spans {
    /// Calls `f` on every span.
    fn spans(&mut self, f: &mut dyn FnMut(&mut Span));

    /// Moves every span into the range of `file`.
    fn shift(&mut self, file: FileId) {
        let base = file.base();
        if base == 0 {
            return;
        }
        self.spans(&mut |s| {
            s.start += base;
            s.end += base;
        });
    }
}

impl Spans for Span {
    fn spans(&mut self, f: &mut dyn FnMut(&mut Span)) {
        f(self);
    }
}

impl<T: Spans> Spans for Option<T> {
    fn spans(&mut self, f: &mut dyn FnMut(&mut Span)) {
        if let Some(x) = self {
            x.spans(f);
        }
    }
}

impl<T: Spans> Spans for Vec<T> {
    fn spans(&mut self, f: &mut dyn FnMut(&mut Span)) {
        for x in self {
            x.spans(f);
        }
    }
}

impl Spans for () {
    fn spans(&mut self, _: &mut dyn FnMut(&mut Span)) {}
}

impl Spans for Diagnostic {
    fn spans(&mut self, f: &mut dyn FnMut(&mut Span)) {
        f(&mut self.span);
        for r in &mut self.related {
            f(&mut r.span);
        }
        if let Some(s) = &mut self.suggestion {
            f(&mut s.span);
        }
    }
}

/// `fields!(Type { a, b })`: the spans of a struct are those of the listed fields.
macro_rules! fields {
    ($($ty:ident $(<$g:ident>)? { $($field:ident),* })*) => {$(
        impl$(<$g: Spans>)? Spans for $ty$(<$g>)? {
            fn spans(&mut self, f: &mut dyn FnMut(&mut Span)) {
                $( self.$field.spans(f); )*
            }
        }
    )*};
}

/// `variants!(Type { A, B })`: an enum whose every variant holds one value.
macro_rules! variants {
    ($($ty:ident { $($variant:ident),* })*) => {$(
        impl Spans for $ty {
            fn spans(&mut self, f: &mut dyn FnMut(&mut Span)) {
                match self { $( $ty::$variant(x) => x.spans(f), )* }
            }
        }
    )*};
}

fields! {
    Name { span }
    Text { span }
    Number { span }
    Int { span }
    Date { span }
    Time { span }
    TimeRange { from, to, span }
    DayRange { span }
    PeriodLit { span }
    PeriodCount { count, unit, span }
    Duration { count, unit_span, span }
    Money { currency, amount, span }
    Condition { field, values, span }
    File { imports, agreements, definitions }
    Import { path, alias, names, span }
    Override { span, because }
    Agreement { title, extends, items, head, span }
    Stmt<T> { value, keyword, span }
    Effective { from, to }
    Report { title, cadence, from, to }
    Field { name, label, values, value_labels }
    ValueLabel { value, label }
    EventLabel { event, label }
    Party { name, legal_name, overrides, stmts, span }
    Signatory { name, title }
    Calendar { name, title, overrides, stmts, span }
    Hours { days, ranges }
    Closed { from, to, reason }
    Service { name, title, overrides, stmts, span }
    Fee { money, per }
    Charge { name, label, money }
    Minimum { money }
    Objective { name, title, overrides, stmts, span }
    Source { stmts, head, span }
    Measure { noun, start, stop, filter }
    Goal { when, within, on, target, arrival }
    MonthDay { span }
    Target { percent, of, per }
    Ignore { event, within }
    Uptime { percent, per, filter }
    Count { noun, event, filter }
    Threshold { count, noun, per }
    Aggregate { statistic, bound, per }
    Rate { numerator, denominator, filter, percent, per }
    Sample { attribute, event, unit, filter }
    SampleAggregate { statistic, bound, unit, per }
    UnitDown { errors, total, comparison_span, percent, event }
    RoundValue { unit, half }
    PerUnitValue { unit_span, direction, threshold, payout }
    Schedule { objective, per, overrides, stmts, head, span }
    Tier { threshold, payout }
    PerDowntime { unit, payout }
    FeeBasis { amount, charge, span }
    Termination { overrides, stmts, head, span }
    Notice { period }
    ClaimWindow { within, calendar, of_each_breach }
    ClaimByEnd { month }
    Suspend { after, party, waiting }
    ForCauseWindow { objective, limit, window }
    Clause { name, title, overrides, body, span }
}

variants! {
    Item {
        Id, Version, Effective, Timezone, Currency, Owner, Review, Amendments, Report, Field, Event,
        Party,
        Calendar, Service, Objective, Credits, Bonus, Termination, Clause
    }
    PartyStmt { Role, Address, Contact, Signatory }
    CalendarStmt { Timezone, Hours, Closed }
    ServiceStmt { Provider, Customer, Hours, Channels, Fee, FeeBilled, ComponentFee, Charge, Description, Scope, CreditCap, CreditMinimum }
    ObjectiveStmt {
        Service, Measure, Pause, Clock, Goal, Target, TargetPerGoal, Ignore, Uptime, Maintenance, Exclude,
        MinOutage, Count, Threshold, PerComponent, Items, DownWhen, DowntimeUnits, Timezone, Source, Aggregate, Rate, Due,
        Sample, SampleAggregate, UnitDown, RoundValue
    }
    SourceStmt { Good, Total, Latency, Numerator, Denominator, Probe }
    ScheduleStmt { Tier, PerBreach, ComponentCap, PerDowntime, RoundDowntime, PerLate, CapPerItem, PerUnitValue, Cap, Minimum, Claim, ClaimBy, ClaimByEnd, UnclaimedLapse, Applied }
    TerminationStmt { Notice, ForCause, Suspend, ForCauseWindow }
}

impl Spans for AmendedBy {
    fn spans(&mut self, f: &mut dyn FnMut(&mut Span)) {
        match self {
            AmendedBy::BothParties => {}
            AmendedBy::Party(p) => p.spans(f),
        }
    }
}

impl Spans for Statistic {
    fn spans(&mut self, f: &mut dyn FnMut(&mut Span)) {
        match self {
            Statistic::Average(s) => s.spans(f),
            Statistic::Percentile(n) => n.spans(f),
        }
    }
}

impl Spans for Applied {
    fn spans(&mut self, _: &mut dyn FnMut(&mut Span)) {}
}

impl Spans for GoalWhen {
    fn spans(&mut self, f: &mut dyn FnMut(&mut Span)) {
        match self {
            GoalWhen::Always => {}
            GoalWhen::Otherwise(s) => f(s),
            GoalWhen::When(c) => c.spans(f),
        }
    }
}

impl Spans for Arrival {
    fn spans(&mut self, f: &mut dyn FnMut(&mut Span)) {
        match self {
            Arrival::During { calendar } | Arrival::Outside { calendar } => calendar.spans(f),
            Arrival::Season { from, to } => {
                from.spans(f);
                to.spans(f);
            }
        }
    }
}

impl Spans for Items {
    fn spans(&mut self, f: &mut dyn FnMut(&mut Span)) {
        match self {
            Items::Ids(ids) => ids.spans(f),
            Items::OfService(s) => f(s),
        }
    }
}

impl Spans for Payout {
    fn spans(&mut self, f: &mut dyn FnMut(&mut Span)) {
        match self {
            Payout::Percent { percent, of } => {
                percent.spans(f);
                of.spans(f);
            }
            Payout::Fixed(m) => m.spans(f),
            Payout::Fraction {
                numerator,
                denominator,
                of,
            } => {
                numerator.spans(f);
                denominator.spans(f);
                of.spans(f);
            }
            Payout::Days { days, of } => {
                days.spans(f);
                of.spans(f);
            }
        }
    }
}

impl Spans for Cap {
    fn spans(&mut self, f: &mut dyn FnMut(&mut Span)) {
        match self {
            Cap::Percent { percent, of } => {
                percent.spans(f);
                of.spans(f);
            }
            Cap::Fixed(m) => m.spans(f),
            Cap::RollingPercent { percent, over } => {
                percent.spans(f);
                over.spans(f);
            }
            Cap::RollingFixed { money, over } => {
                money.spans(f);
                over.spans(f);
            }
        }
    }
}

fields! {
    PerLate { unit_span, payout }
}

impl Spans for ItemCap {
    fn spans(&mut self, f: &mut dyn FnMut(&mut Span)) {
        match self {
            ItemCap::Percent { percent, attribute } => {
                percent.spans(f);
                attribute.spans(f);
            }
            ItemCap::Fixed(m) => m.spans(f),
        }
    }
}
