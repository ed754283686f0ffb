//! Lowering the error-rate rule of downtime counted in units:
//! `downtime when errors of requests above 5% on request_stats`.

use pest::iterators::Pair;

use super::*;

impl<'s> Lower<'s> {
    pub(super) fn unit_down_stmt(&mut self, p: &Pair<'s, Rule>) -> Option<Stmt<UnitDown>> {
        self.stmt(p, |l, i| {
            let errors = l.name(i.take(Rule::ident)?);
            let total = l.name(i.take(Rule::ident)?);
            let c = i.take(Rule::comparison)?;
            let comparison_span = span(&c);
            let comparison = super::blocks::comparison(c)?;
            let percent = l.percent(i.take(Rule::percent)?)?;
            let event = l.event(i.take(Rule::event)?)?;
            Some(UnitDown {
                errors,
                total,
                comparison,
                comparison_span,
                percent,
                event,
            })
        })
    }
}
