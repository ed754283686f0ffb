//! Lowering of leaves: names, strings, numbers, dates, times, durations,
//! money, conditions, payouts and caps.

use pest::iterators::Pair;

use super::{Inner, Lower, MAX_INTEGER, dedent, span};
use crate::ast::*;
use crate::diagnostic::{Code, Diagnostic};
use crate::parser::Rule;
use crate::span::Span;

impl<'s> Lower<'s> {
    // ---------------------------------------------------------------- leaves

    pub(super) fn name(&mut self, p: Pair<'s, Rule>) -> Name {
        Name {
            text: p.as_str().to_owned(),
            span: span(&p),
        }
    }

    /// A string that names something or is matched: a hidden character in
    /// it is an error (E0110).
    pub(super) fn string(&mut self, p: Pair<'s, Rule>) -> Text {
        if p.as_rule() == Rule::string
            && let Some(raw) = p.clone().into_inner().next()
        {
            let start = raw.as_span().start();
            for (i, c) in crate::unicode::hidden_chars(raw.as_str()) {
                self.diags.push(hidden_character(
                    Span::new(start + i, start + i + c.len_utf8()),
                    c,
                ));
            }
            for (i, c, edge) in crate::unicode::unusual_spaces(raw.as_str()) {
                self.diags.push(unusual_space(
                    Span::new(start + i, start + i + c.len_utf8()),
                    c,
                    edge,
                ));
            }
        }
        self.prose_string(p)
    }

    /// A string or prose block that is read, not matched: hidden characters
    /// are allowed, and the documents show them.
    pub(super) fn prose_string(&mut self, p: Pair<'s, Rule>) -> Text {
        let whole = span(&p);
        if p.as_rule() == Rule::prose {
            let body = p.into_inner().next().map_or("", |t| t.as_str());
            return Text {
                value: dedent(body),
                span: whole,
            };
        }
        let raw = p.into_inner().next();
        let (raw, start) = match &raw {
            Some(t) => (t.as_str(), t.as_span().start()),
            None => ("", whole.start),
        };
        let mut value = String::with_capacity(raw.len());
        let mut chars = raw.char_indices();
        while let Some((i, c)) = chars.next() {
            if c != '\\' {
                value.push(c);
                continue;
            }
            match chars.next() {
                Some((_, e @ ('"' | '\\'))) => value.push(e),
                Some((j, e)) => {
                    let at = Span::new(start + i, start + j + e.len_utf8());
                    self.diags.push(
                        Diagnostic::new(Code::InvalidEscape, at, format!("invalid escape `\\{e}` in string"))
                            .label("not an escape Slate knows")
                            .help("only `\\\"` and `\\\\` are escapes; for longer text with line breaks use a prose block `\"\"\"…\"\"\"`"),
                    );
                    value.push(e);
                }
                None => {}
            }
        }
        Text { value, span: whole }
    }

    pub(super) fn integer(&mut self, p: Pair<'s, Rule>) -> Int {
        let at = span(&p);
        let value = match p.as_str().parse::<u64>() {
            Ok(v) if v <= MAX_INTEGER => v,
            _ => {
                self.diags.push(
                    Diagnostic::new(
                        Code::NumberTooLarge,
                        at,
                        format!("number `{}` is too large", p.as_str()),
                    )
                    .label("too large")
                    .help(format!("whole numbers in Slate are at most {MAX_INTEGER}")),
                );
                MAX_INTEGER
            }
        };
        Int { value, span: at }
    }

    /// An ordinal such as `2nd`: its number, with an error when the ending
    /// does not fit it (`2th`, `11st`).
    pub(super) fn ordinal(&mut self, p: Pair<'s, Rule>) -> Int {
        let at = span(&p);
        let text = p.as_str();
        let digits = text.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        let value = digits
            .parse::<u64>()
            .unwrap_or(MAX_INTEGER)
            .min(MAX_INTEGER);
        let ending = text.get(digits.len()..).unwrap_or_default();
        let right = slate_words::fractions::ordinal_ending(value);
        if ending != right {
            self.diags.push(
                Diagnostic::new(
                    Code::WrongOrdinal,
                    at,
                    format!("`{text}` is not an ordinal number"),
                )
                .label(format!("write `{value}{right}`"))
                .help("ordinals end in `st`, `nd`, `rd` or `th` as in English: `1st`, `2nd`, `3rd`, `4th`, `11th`, `21st`"),
            );
        }
        Int { value, span: at }
    }

    pub(super) fn number(&mut self, p: Pair<'s, Rule>) -> Number {
        let at = span(&p);
        self.number_text(p.as_str(), at)
    }

    /// A number written as `written` at `at` (thousands separators allowed).
    pub(super) fn number_text(&mut self, written: &str, at: Span) -> Number {
        let text: String = written.chars().filter(|c| *c != ',').collect();
        let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
        let problem = if whole.len() > 15 {
            Some((
                "is too large",
                "too large",
                "numbers in Slate have at most 15 digits before the decimal point",
            ))
        } else if fraction.len() > 12 {
            Some((
                "has too many decimals",
                "too many decimals",
                "numbers in Slate have at most 12 digits after the decimal point",
            ))
        } else {
            None
        };
        if let Some((what, label, help)) = problem {
            self.diags.push(
                Diagnostic::new(
                    Code::NumberTooLarge,
                    at,
                    format!("number `{written}` {what}"),
                )
                .label(label)
                .help(help),
            );
            // Empty: the number was reported here, so no later check repeats it.
            return Number {
                text: String::new(),
                span: at,
            };
        }
        Number { text, span: at }
    }

    /// `99.9%` → the number `99.9`.
    pub(super) fn percent(&mut self, p: Pair<'s, Rule>) -> Option<Number> {
        let inner = p.into_inner().next()?;
        Some(self.number(inner))
    }

    pub(super) fn date(&mut self, p: Pair<'s, Rule>) -> Option<Date> {
        let s = p.as_str();
        Some(Date {
            year: s.get(0..4)?.parse().ok()?,
            month: s.get(5..7)?.parse().ok()?,
            day: s.get(8..10)?.parse().ok()?,
            span: span(&p),
        })
    }

    pub(super) fn time(&mut self, p: Pair<'s, Rule>) -> Option<Time> {
        let s = p.as_str();
        Some(Time {
            hour: s.get(0..2)?.parse().ok()?,
            minute: s.get(3..5)?.parse().ok()?,
            span: span(&p),
        })
    }

    pub(super) fn time_range(&mut self, p: Pair<'s, Rule>) -> Option<TimeRange> {
        let whole = span(&p);
        let mut inner = Inner::of(&p);
        let from = self.time(inner.take(Rule::time)?)?;
        let to = self.time(inner.take(Rule::time)?)?;
        Some(TimeRange {
            from,
            to,
            span: whole,
        })
    }

    pub(super) fn days(&mut self, p: Pair<'s, Rule>) -> Option<Vec<DayRange>> {
        let mut out = Vec::new();
        for range in p.into_inner() {
            let whole = span(&range);
            let mut inner = Inner::of(&range);
            let from = Weekday::from_name(inner.take(Rule::weekday)?.as_str())?;
            let to = match inner.take(Rule::weekday) {
                Some(d) => Weekday::from_name(d.as_str())?,
                None => from,
            };
            out.push(DayRange {
                from,
                to,
                span: whole,
            });
        }
        Some(out)
    }

    pub(super) fn period(&mut self, p: Pair<'s, Rule>) -> Option<PeriodLit> {
        Some(PeriodLit {
            period: Period::parse(p.as_str())?,
            span: span(&p),
        })
    }

    pub(super) fn period_count(&mut self, p: Pair<'s, Rule>) -> Option<PeriodCount> {
        let whole = span(&p);
        let mut inner = Inner::of(&p);
        let count = self.integer(inner.take(Rule::integer)?);
        let unit = self.period(inner.take(Rule::period_unit)?)?;
        Some(PeriodCount {
            count,
            unit,
            span: whole,
        })
    }

    pub(super) fn duration(&mut self, p: Pair<'s, Rule>) -> Option<Duration> {
        let whole = span(&p);
        let mut inner = Inner::of(&p);
        let count = self.integer(inner.take(Rule::integer)?);
        let unit_pair = inner.take(Rule::duration_unit)?;
        let unit = duration_unit(unit_pair.as_str())?;
        Some(Duration {
            count,
            unit,
            unit_span: span(&unit_pair),
            span: whole,
        })
    }

    pub(super) fn money(&mut self, p: Pair<'s, Rule>) -> Option<Money> {
        let whole = span(&p);
        let mut inner = Inner::of(&p);
        let currency = self.name(inner.take(Rule::currency_code)?);
        let amount = self.number(inner.take(Rule::amount)?);
        Some(Money {
            currency,
            amount,
            span: whole,
        })
    }

    /// `as "force majeure"`: the words, as a string.
    pub(super) fn label(&mut self, p: Pair<'s, Rule>) -> Option<Text> {
        let s = p.into_inner().find(|p| p.as_rule() == Rule::string)?;
        Some(self.string(s))
    }

    pub(super) fn event(&mut self, p: Pair<'s, Rule>) -> Option<Event> {
        let inner = p.into_inner().next()?;
        Some(match inner.as_rule() {
            Rule::ident => Text {
                value: inner.as_str().to_owned(),
                span: span(&inner),
            },
            _ => self.string(inner),
        })
    }

    pub(super) fn ident_list(&mut self, p: Pair<'s, Rule>) -> Vec<Name> {
        p.into_inner()
            .filter(|p| p.as_rule() == Rule::ident)
            .map(|p| self.name(p))
            .collect()
    }

    /// The quoted strings of a list, such as a `value_list`, in order.
    pub(super) fn strings(&mut self, list: Pair<'s, Rule>) -> Vec<Text> {
        list.into_inner()
            .filter(|v| v.as_rule() == Rule::string)
            .map(|v| self.string(v))
            .collect()
    }

    pub(super) fn condition(&mut self, p: Pair<'s, Rule>) -> Option<Condition> {
        let whole = span(&p);
        let mut inner = Inner::of(&p);
        let field = self.name(inner.take(Rule::ident)?);
        let values = self.strings(inner.take(Rule::value_list)?);
        Some(Condition {
            field,
            values,
            span: whole,
        })
    }

    pub(super) fn conditions(&mut self, p: Pair<'s, Rule>) -> Option<Vec<Condition>> {
        p.into_inner()
            .filter(|c| c.as_rule() == Rule::condition)
            .map(|c| self.condition(c))
            .collect()
    }

    pub(super) fn optional_filter(&mut self, inner: &mut Inner<'s>) -> Option<Vec<Condition>> {
        match inner.take(Rule::conditions) {
            Some(c) => self.conditions(c),
            None => Some(Vec::new()),
        }
    }

    pub(super) fn fee_basis(&mut self, p: Pair<'s, Rule>) -> Option<FeeBasis> {
        let whole = span(&p);
        let mut inner = Inner::of(&p);
        let period = match inner.take(Rule::cadence) {
            Some(c) => Some(Period::parse(c.as_str())?),
            None => inner.take(Rule::annual).map(|_| Period::Year),
        };
        let billed = inner.take(Rule::billed_charges).is_some();
        let amount = match inner.take(Rule::money) {
            Some(m) => Some(self.money(m)?),
            None => None,
        };
        let charge = match inner.take(Rule::named_charge) {
            Some(c) => Some(self.name(Inner::of(&c).take(Rule::ident)?)),
            None => None,
        };
        Some(FeeBasis {
            period,
            billed,
            amount,
            charge,
            span: whole,
        })
    }

    pub(super) fn payout(&mut self, p: Pair<'s, Rule>) -> Option<Payout> {
        let mut inner = Inner::of(&p);
        if let Some(m) = inner.take(Rule::money) {
            return Some(Payout::Fixed(self.money(m)?));
        }
        if let Some(fr) = inner.take(Rule::fraction) {
            let mut parts = Inner::of(&fr);
            let numerator = self.integer(parts.take(Rule::integer)?);
            let denominator = self.integer(parts.take(Rule::integer)?);
            let of = self.fee_basis(inner.take(Rule::fee_basis)?)?;
            return Some(Payout::Fraction {
                numerator,
                denominator,
                of,
            });
        }
        if let Some(n) = inner.take(Rule::integer) {
            let days = self.integer(n);
            let of = self.fee_basis(inner.take(Rule::fee_basis)?)?;
            return Some(Payout::Days { days, of });
        }
        let percent = self.percent(inner.take(Rule::percent)?)?;
        let of = self.fee_basis(inner.take(Rule::fee_basis)?)?;
        Some(Payout::Percent { percent, of })
    }

    /// `more than USD 1.00` or `at least USD 1.00`.
    pub(super) fn minimum(&mut self, p: Pair<'s, Rule>) -> Option<Minimum> {
        let mut inner = Inner::of(&p);
        let strict = inner.take(Rule::k_more_than).is_some();
        let money = self.money(inner.take(Rule::money)?)?;
        Some(Minimum { strict, money })
    }

    pub(super) fn cap_amount(&mut self, p: Pair<'s, Rule>) -> Option<Cap> {
        let mut inner = Inner::of(&p);
        if let Some(m) = inner.take(Rule::money) {
            let money = self.money(m)?;
            return Some(match inner.take(Rule::period_count) {
                Some(over) => Cap::RollingFixed {
                    money,
                    over: self.period_count(over)?,
                },
                None => Cap::Fixed(money),
            });
        }
        let percent = self.percent(inner.take(Rule::percent)?)?;
        if let Some(over) = inner.take(Rule::period_count) {
            return Some(Cap::RollingPercent {
                percent,
                over: self.period_count(over)?,
            });
        }
        let of = self.fee_basis(inner.take(Rule::fee_basis)?)?;
        Some(Cap::Percent { percent, of })
    }
}

/// E0111: white space at the edge of a name, title or value, or a space
/// other than U+0020 inside one.
fn unusual_space(at: Span, c: char, edge: bool) -> Diagnostic {
    let what = crate::unicode::describe(c);
    let (message, help) = if edge {
        (
            format!("white space {what} at the edge of a string"),
            "the document does not show white space at the start or end of a value, but the engine matches it exactly, so `\"P1 \"` matches no record whose value is `P1`; delete it",
        )
    } else {
        (
            format!("white space {what} in a string"),
            "this space looks like a plain space in the document, but the engine matches it exactly, so the value matches no record written with a plain space; write a plain space (U+0020)",
        )
    };
    Diagnostic::new(Code::UnusualSpace, at, message)
        .label("white space here")
        .help(help)
}

/// E0110: a hidden character in a name, title or value.
fn hidden_character(at: Span, c: char) -> Diagnostic {
    let what = crate::unicode::describe(c);
    let help = if crate::unicode::is_bidi_control(c) {
        "this character reorders the text around it, so the document shows other text than the engine matches; delete it"
    } else {
        "this character cannot be seen: the document shows the text as if it were not there, but the engine matches it exactly, so no record matches; delete it (a zero-width joiner or non-joiner is allowed between two letters of a script that needs one, see E0110)"
    };
    Diagnostic::new(
        Code::HiddenCharacter,
        at,
        format!("invisible character {what} in a string"),
    )
    .label("invisible character here")
    .help(help)
}

/// The unit a `duration_unit` names: `business days`, `second`, `months`.
pub(super) fn duration_unit(text: &str) -> Option<DurationUnit> {
    let words: Vec<&str> = text.split_whitespace().collect();
    Some(match words.as_slice() {
        ["business", "day" | "days"] => DurationUnit::BusinessDays,
        ["business", "hour" | "hours"] => DurationUnit::BusinessHours,
        ["second" | "seconds"] => DurationUnit::Seconds,
        ["minute" | "minutes"] => DurationUnit::Minutes,
        ["hour" | "hours"] => DurationUnit::Hours,
        ["day" | "days"] => DurationUnit::Days,
        ["week" | "weeks"] => DurationUnit::Weeks,
        ["month" | "months"] => DurationUnit::Months,
        _ => return None,
    })
}
