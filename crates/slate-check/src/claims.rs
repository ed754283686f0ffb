//! What a credits block says about claims besides the window: how a claim
//! is made (`claim by "…"`, `claim within 30 days in writing`), what becomes
//! of a credit not claimed (`unclaimed credits lapse`) and whether credits
//! need a claim at all (`applied automatically`, `applied on request`).
//! None of these is required: a contract that states none has no such term.

use slate_syntax::ast::{self, ScheduleStmt};
use slate_syntax::{Code, Diagnostic, Span};

use crate::env::Cx;
use crate::{model, once};

impl Cx<'_, '_> {
    /// The claim terms of `s`, whose claim window (already checked) is `window`.
    pub(crate) fn claim_terms(
        &mut self,
        s: &ast::Schedule,
        window: Option<&ast::Stmt<ast::ClaimWindow>>,
    ) -> model::ClaimTerms {
        let by = once!(self, s.stmts, ScheduleStmt::ClaimBy, "claim by");
        let lapse = once!(
            self,
            s.stmts,
            ScheduleStmt::UnclaimedLapse,
            "unclaimed credits lapse"
        );
        let applied = once!(self, s.stmts, ScheduleStmt::Applied, "applied");
        let by_end = self.claim_by_end(s, window);
        if let Some(by) = by
            && by.value.value.trim().is_empty()
        {
            self.push(
                Diagnostic::new(Code::EmptyClaimMethod, by.span, "`claim by` says nothing")
                    .label("empty")
                    .help("say how the customer claims a credit, such as `claim by \"email to billing@example.com\"`, or remove this line"),
            );
        }
        if let Some(a) = applied
            && a.value == ast::Applied::Automatically
        {
            let claims: Vec<(Span, &str)> = [
                window.map(|w| (w.span, "a claim window")),
                by_end.map(|w| (w.span, "a claim window")),
                by.map(|b| (b.span, "how to claim")),
                lapse.map(|l| (l.span, "what becomes of an unclaimed credit")),
            ]
            .into_iter()
            .flatten()
            .collect();
            if !claims.is_empty() {
                let mut d = Diagnostic::new(
                    Code::ClaimForAutomaticCredits,
                    a.span,
                    "credits applied automatically are never claimed, yet the block says how to claim them",
                )
                .label("no claim needed");
                for (span, what) in claims {
                    d = d.related(span, what);
                }
                self.push(d.help(
                    "write `applied on request` if the customer must claim a credit, or remove the claim statements",
                ));
            }
        }
        if let Some(l) = lapse
            && window.is_none()
            && by_end.is_none()
            && !s.recovered
        {
            self.push(
                Diagnostic::new(
                    Code::LapseWithoutWindow,
                    l.span,
                    "unclaimed credits lapse, but no claim window says when",
                )
                .label("lapse after what time?")
                .help("add a claim window such as `claim within 30 days`, or remove this line"),
            );
        }
        let (claim_calendar, claim_from_breach, claim_by_end_of_month) =
            crate::claim_windows::window_terms(window, by_end);
        model::ClaimTerms {
            claim_in_writing: window.is_some_and(|w| w.value.in_writing)
                || by_end.is_some_and(|b| b.value.in_writing),
            claim_calendar,
            claim_from_breach,
            claim_by_end_of_month,
            claim_by: by.map(|b| b.value.value.clone()),
            unclaimed_lapse: lapse.is_some(),
            applied: applied.map(|a| match a.value {
                ast::Applied::Automatically => model::Applied::Automatic,
                ast::Applied::OnRequest => model::Applied::OnRequest,
            }),
        }
    }
}
