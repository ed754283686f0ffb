//! A credits block's claim window in the agreement's words, for the
//! report's claim terms: `claim within 30 days`, `claim within 5 business
//! days on office_hours of each breach`, `claim by the end of the 2nd month
//! after the period`.

/// The claim window of `s` as written, without `in writing`; `None` when
/// it states none.
pub(super) fn words(s: &slate_rules::Schedule) -> Option<String> {
    let of_each = if s.claim_from_breach {
        " of each breach"
    } else {
        ""
    };
    if let Some(c) = &s.claim {
        let unit = match (c.count, c.unit.name().strip_suffix('s')) {
            (1, Some(one)) => one,
            _ => c.unit.name(),
        };
        return Some(format!("claim within {} {unit}{of_each}", c.count));
    }
    if let Some(b) = &s.claim_business {
        let unit = match (b.unit, b.count) {
            (slate_rules::BusinessUnit::BusinessDays, 1) => "business day",
            (slate_rules::BusinessUnit::BusinessDays, _) => "business days",
            (slate_rules::BusinessUnit::BusinessHours, 1) => "business hour",
            (slate_rules::BusinessUnit::BusinessHours, _) => "business hours",
        };
        return Some(format!(
            "claim within {} {unit} on {}{of_each}",
            b.count, b.calendar
        ));
    }
    let n = s.claim_by_end_of_month?;
    Some(if n == 1 {
        "claim by the end of the month after the period".to_owned()
    } else {
        format!(
            "claim by the end of the {n}{} month after the period",
            slate_words::fractions::ordinal_ending(n)
        )
    })
}
