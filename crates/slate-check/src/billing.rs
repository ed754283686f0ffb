//! Fees that are what the bill says: `fee billed per month` in a service
//! and `10% of billed charges` in what a remedy pays (E0540, E0541, E0544).

use slate_syntax::ast::Period;
use slate_syntax::{Code, Diagnostic, Span};

use crate::env::Cx;
use crate::model;

impl Cx<'_, '_> {
    /// `billed charges` on a service whose fee is not billed (E0540).
    pub(crate) fn billed_charges_without_bill(&mut self, svc: &model::Service, at: Span) {
        let (why, help) = match &svc.fee {
            Some(_) => (
                "has a fixed fee",
                "write `monthly fee` for a share of its fixed fee, or replace its fee with `fee billed per month` when the fee is what the bill says".to_owned(),
            ),
            None => (
                "has no billed fee",
                format!(
                    "add `fee billed per month` to service `{}`: its fee is then the charges billed for it in each month, read from the bill file given to `slate eval --bill`",
                    svc.name
                ),
            ),
        };
        self.push(
            Diagnostic::new(
                Code::BilledChargesWithoutBill,
                at,
                format!("the billed charges of service `{}`, which {why}", svc.name),
            )
            .label("no bill to take a share of")
            .help(help),
        );
    }

    /// A rolling cap written as a share of a billed fee (E0544): the notes
    /// refuse a rolling cap on a bill basis.
    pub(crate) fn rolling_cap_of_billed_fee(
        &mut self,
        svc: &model::Service,
        period: Period,
        percent: &str,
        at: Span,
    ) {
        self.push(
            Diagnostic::new(
                Code::CapOfBilledFee,
                at,
                format!("a rolling cap as a share of the billed fee of service `{}`", svc.name),
            )
            .label("a share of the charges billed over several periods")
            .help(format!(
                "a cap on a billed fee is a share of one period's bill: cap each {} with `{}% of {} fee`, or cap the window at a fixed amount such as `USD 1000.00 per 12 {}s`",
                period.noun(),
                percent,
                period.adjective(),
                period.noun()
            )),
        );
    }

    /// A share of a billed fee in a schedule or cap that settles in a
    /// period other than the billing period (E0541).
    pub(crate) fn billed_in_another_period(
        &mut self,
        svc: &model::Service,
        billed: Period,
        period: Period,
        at: Span,
    ) {
        self.push(
            Diagnostic::new(
                Code::BilledPeriodMismatch,
                at,
                format!(
                    "a share of the fee of service `{}`, billed per {}, for a {} period",
                    svc.name,
                    billed.noun(),
                    period.adjective()
                ),
            )
            .label(format!("not billed per {}", period.noun()))
            .help(format!(
                "settle the credits per {} (`credits for OBJECTIVE per {}`), or write `fee billed per {}`: a bill row covers one billing period",
                billed.noun(),
                billed.noun(),
                period.noun()
            )),
        );
    }
}
