//! The fee of a service whose fee is billed (`fee billed per month`): in
//! each settled period, the charges its bill rows state, summed; with no
//! row, a share of it cannot be worked out, and the settlement says so
//! rather than pay nothing.

use slate_rules::{Fee, Payout, Service};

use super::super::EvalError;
use super::super::context::{Ctx, Span};
use super::Accrued;
use crate::report::{BillRowSource, BillSource};

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
    let charges = ctx.bill.and_then(|b| b.charges(&service.name, span.start));
    let Some(charges) = charges else {
        return Ok(None);
    };
    let Some(first) = charges.rows.first() else {
        return Ok(None);
    };
    let currency = service
        .fee
        .as_ref()
        .map(|f| f.currency)
        .or(ctx.rules.agreement.currency)
        .ok_or_else(|| EvalError::NoCurrency {
            service: service.name.clone(),
        })?;
    let amount =
        slate_rules::Amount::new(charges.amount).map_err(|_| EvalError::MoneyOverflow {
            service: service.name.clone(),
        })?;
    // docs/semantics.md: several rows of one period are summed; the report
    // names every one.
    let rows = if charges.rows.len() > 1 {
        charges
            .rows
            .iter()
            .map(|r| BillRowSource {
                file: r.file.clone(),
                line: r.line,
                amount: r.amount,
            })
            .collect()
    } else {
        Vec::new()
    };
    entry.bill = Some(BillSource {
        file: first.file.clone(),
        line: first.line,
        amount: charges.amount,
        rows,
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
