//! The fee of a service whose fee is billed (`fee billed per month`): in
//! each settled period, the charges its bill row states; with no row, a
//! share of it cannot be worked out, and the settlement says so rather
//! than pay nothing.

use slate_rules::{Fee, Payout, Service};

use super::super::EvalError;
use super::super::context::{Ctx, Span};
use super::Accrued;
use crate::report::BillSource;

/// The fee of `service` in the settled period `span`: its own, or for a
/// billed fee the bill row's amount, noted in `entry`. `None` for a
/// billed fee with no row.
pub(super) fn fee(
    ctx: &Ctx<'_>,
    service: &Service,
    span: &Span,
    entry: &mut Accrued,
) -> Result<Option<Fee>, EvalError> {
    let Some(per) = service.billed else {
        return Ok(service.fee.clone());
    };
    let row = ctx.bill.and_then(|b| b.row(&service.name, span.start));
    let Some(row) = row else { return Ok(None) };
    let currency = service
        .fee
        .as_ref()
        .map(|f| f.currency)
        .or(ctx.rules.agreement.currency)
        .ok_or_else(|| EvalError::NoCurrency {
            service: service.name.clone(),
        })?;
    let amount = slate_rules::Amount::new(row.amount).map_err(|_| EvalError::MoneyOverflow {
        service: service.name.clone(),
    })?;
    entry.bill = Some(BillSource {
        file: row.file.clone(),
        line: row.line,
        amount: row.amount,
    });
    let fee = Fee {
        amount,
        currency,
        per,
    };
    entry.billed_fee = Some(fee.clone());
    Ok(Some(fee))
}

/// Whether a billed service's remedy that pays `pays` in a period pays a
/// share of a fee that has no bill row there (a fixed amount, or a share
/// of a fixed basis, is paid without one; a remedy that pays nothing
/// needs none).
pub(super) fn wanting(service: &Service, fee: Option<&Fee>, pays: Option<&Payout>) -> bool {
    service.billed.is_some() && fee.is_none() && pays.is_some_and(Payout::of_fee)
}

/// Notes in `entry` that its period has no bill row.
pub(super) fn mark(service: &Service, span: &Span, entry: &mut Accrued) {
    entry.unbilled = Some(why(service, span));
}

/// Why a period of a billed service with no bill row is not settled: a
/// share of its billed charges, paid or capping what is paid, cannot be
/// worked out.
pub(super) fn why(service: &Service, span: &Span) -> String {
    format!(
        "not settled: the bill has no row for service `{}` in `{}`, so a share of its billed charges cannot be worked out",
        service.name, span.label
    )
}
