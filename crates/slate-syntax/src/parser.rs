//! The pest parser generated from `grammar/slate.pest`, and the words users
//! see for its rules.

#![expect(
    missing_docs,
    reason = "pest_derive generates the `Rule` enum; its variants are documented in the grammar"
)]

/// The parser generated from the one grammar.
#[derive(pest_derive::Parser)]
#[grammar = "../../../grammar/slate.pest"]
pub struct SlateParser;

/// Whether `rule` is a keyword (`k_*`): keywords sit between `k_agreement` and `k_and` in the grammar.
pub fn is_keyword(rule: Rule) -> bool {
    (Rule::k_agreement..=Rule::k_and).contains(&rule)
}

/// How a rule is named in messages: users never see `Rule::duration_unit`.
pub fn describe(rule: Rule) -> String {
    let words = match rule {
        Rule::EOI => "the end of the file",
        Rule::eol => "the end of the line",
        Rule::ident | Rule::ident_list => "a name such as `office_hours`",
        Rule::string | Rule::string_text => "a quoted string such as `\"Europe/London\"`",
        Rule::prose | Rule::prose_text => "prose in triple quotes `\"\"\"…\"\"\"`",
        Rule::date => "a date such as `2026-01-01`",
        Rule::time => "a time such as `09:00`",
        Rule::integer => "a whole number such as `30`",
        Rule::decimal => "a number such as `99.9`",
        Rule::percent => "a percentage such as `95%`",
        Rule::currency_code => "a currency code such as `GBP`",
        Rule::money | Rule::amount => "an amount such as `GBP 4000.00`",
        Rule::duration => "a duration such as `4 hours`",
        Rule::duration_unit => "a unit such as `hours` or `business days`",
        Rule::period => "a period such as `month`",
        Rule::period_count => "a number of periods such as `3 months`",
        Rule::period_unit => "a period unit such as `months`",
        Rule::cadence => "a cadence such as `monthly`",
        Rule::weekday => "a day such as `monday`",
        Rule::day_range | Rule::days => "days such as `monday to friday`",
        Rule::time_range => "a time range such as `09:00-17:30`",
        Rule::calendar_ref => "a calendar name or `24x7`",
        Rule::value_list | Rule::field_values | Rule::field_value => {
            "a quoted value such as `\"P1\"`"
        }
        Rule::label => "words such as `as \"force majeure\"`",
        Rule::item_ids => "an item id such as `\"api-eu\"`",
        Rule::items_of_service => "`of service`",
        Rule::event => "an event name such as `created`",
        Rule::condition | Rule::conditions => "a condition such as `priority \"P1\"`",
        Rule::payout => "a payout such as `10% of monthly fee`",
        Rule::fee_basis => "a fee such as `monthly fee`",
        Rule::cap_amount => "a cap such as `100% of monthly fee`",
        Rule::agreement => "an agreement `agreement \"Title\" { … }`",
        Rule::hours_stmt => "opening hours such as `monday to friday 09:00-17:30`",
        Rule::below_tier => "a tier such as `below 99.9% : 10% of monthly fee`",
        Rule::percentile => "a percentile such as `p95`",
        Rule::comparison => "`at most`, `below`, `at least` or `above`",
        Rule::sample_stmt => "samples such as `sample latency_ms on probe in milliseconds`",
        Rule::sample_aggregate_stmt => {
            "a bound such as `average at most 65 milliseconds per month`"
        }
        Rule::rate_stmt => "a rate such as `rate abandoned of offered at most 5% per quarter`",
        Rule::aggregate_stmt => "a bound such as `average at most 30 seconds per quarter`",
        Rule::above_tier => "a tier such as `at least 99% : 5% of monthly fee`",
        r if format!("{r:?}").starts_with("line_of_")
            || format!("{r:?}").starts_with("prefix_of_") =>
        {
            "a statement of this block"
        }
        r if is_keyword(r) => {
            let name = format!("{r:?}");
            let word = name.trim_start_matches("k_").replace('_', " ");
            return format!("`{word}`");
        }
        r => {
            let name = format!("{r:?}");
            let word = name
                .trim_end_matches("_stmt")
                .trim_end_matches("_block")
                .replace('_', " ");
            return format!("a `{word}` statement");
        }
    };
    words.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_are_exactly_the_k_rules() {
        for rule in Rule::all_rules() {
            let named = format!("{rule:?}").starts_with("k_");
            assert_eq!(is_keyword(*rule), named, "{rule:?}");
        }
    }

    #[test]
    fn describe_gives_words() {
        assert_eq!(describe(Rule::k_within), "`within`");
        assert_eq!(describe(Rule::k_at_least), "`at least`");
        assert_eq!(describe(Rule::duration), "a duration such as `4 hours`");
    }
}

#[cfg(test)]
mod grammar_docs {
    /// Every non-silent rule of the grammar has a `///` doc comment that shows
    /// an example in backticks.
    #[test]
    fn every_rule_is_documented_with_an_example() {
        let grammar = include_str!("../../../grammar/slate.pest");
        let lines: Vec<&str> = grammar.lines().collect();
        let mut undocumented = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            let Some((name, rest)) = line.split_once('=') else {
                continue;
            };
            let name = name.trim();
            let rest = rest.trim_start();
            let is_rule = !name.is_empty()
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                && !line.starts_with(' ');
            if !is_rule || rest.starts_with("_{") || name == "WHITESPACE" || name == "COMMENT" {
                continue;
            }
            let doc = i
                .checked_sub(1)
                .and_then(|j| lines.get(j))
                .copied()
                .unwrap_or("");
            if !(doc.starts_with("///") && doc.contains('`')) {
                undocumented.push(name.to_owned());
            }
        }
        assert!(
            undocumented.is_empty(),
            "rules without a `///` doc comment with an example: {undocumented:?}"
        );
    }
}
