//! The sentences on claims and amendments. Each one says only what a
//! statement of the agreement says: a contract that states nothing about
//! claims or amendments gets no sentence about them (no "in writing", no
//! lapse, no signatures that no statement asks for).

use slate_check::model::{Amendments, Applied, Length, Schedule};
use slate_check::words;

use super::{Block, Builder, Inline, para, strong, text};

impl Builder<'_> {
    /// How credits of `s` are claimed, as far as its statements say; `period`
    /// is the period's word ("month").
    pub(super) fn claim_terms(&self, s: &Schedule, period: &str) -> Vec<Block> {
        let c = &s.claims;
        let mut out = Vec::new();
        match c.applied {
            Some(Applied::Automatic) => out.push(para(vec![text(
                "Credits are applied automatically; the customer does not need to claim them.",
            )])),
            Some(Applied::OnRequest) => out.push(para(vec![text(
                "A credit is applied only when the customer claims it.",
            )])),
            None => {}
        }
        let how = match (&c.claim_by, c.claim_in_writing) {
            (Some(by), true) => format!(" in writing, by {by},"),
            (Some(by), false) => format!(" by {by}"),
            (None, true) => " in writing".to_owned(),
            (None, false) => String::new(),
        };
        let window = match (s.claim, c.claim_by_end_of_month) {
            (Some(window), _) => Some(self.claim_window_words(s, window, period)),
            (None, Some(n)) => Some(format!(
                "by the end of the {} calendar month after the {period}",
                slate_words::fractions::ordinal_word(n)
            )),
            (None, None) => None,
        };
        match window {
            Some(window) => {
                let mut sentence = format!("The customer claims a credit{how} {window}.");
                if c.unclaimed_lapse {
                    sentence.push_str(" A credit not claimed within that time lapses.");
                }
                out.push(para(vec![text(sentence)]));
            }
            None if c.claim_by.is_some() => {
                out.push(para(vec![text(format!(
                    "The customer claims a credit{}.",
                    how.trim_end_matches(',')
                ))]));
            }
            None => {}
        }
        out
    }

    /// When a claim window of `window` ends, in words: `within 30 days of
    /// the end of the month`, `within five business days of each breach,
    /// business days being the open days of the Office Hours calendar`.
    fn claim_window_words(&self, s: &Schedule, window: Length, period: &str) -> String {
        let from = if s.claims.claim_from_breach {
            "each breach".to_owned()
        } else {
            format!("the end of the {period}")
        };
        let mut out = format!("within {} of {from}", words::length(window));
        if let Some(cal) = &s.claims.claim_calendar {
            let unit = if window.unit == slate_check::model::DurationUnit::BusinessHours {
                "business hours being the hours the "
            } else {
                "business days being the days the "
            };
            out.push_str(&format!(
                ", {unit}{} calendar is open",
                self.calendar_term(cal)
            ));
        }
        out
    }

    /// Who may amend the agreement, if a statement says so.
    pub(super) fn amendments(&self) -> Option<Block> {
        let parts: Vec<Inline> = match self.m.amendments.as_ref()? {
            Amendments::BothParties => vec![text(
                "This Agreement may be amended only with the agreement of both parties.",
            )],
            Amendments::Party(p) => vec![
                strong(self.party_name(p)),
                text(" may amend this Agreement without the agreement of the other party."),
            ],
        };
        Some(para(parts))
    }
}
