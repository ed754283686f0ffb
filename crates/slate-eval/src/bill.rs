//! The bill file of `slate eval --bill`: the charges billed for each
//! service whose fee is billed (`fee billed per month`), per billing
//! period.
//!
//! CSV with a header naming the columns `service`, `period`, `amount` and
//! `currency` (in any order), or NDJSON with one object per line with
//! those four keys, every value a string:
//!
//! ```text
//! service,period,amount,currency
//! compute,2026-03,1234.56,USD
//! {"service":"compute","period":"2026-03","amount":"1234.56","currency":"USD"}
//! ```
//!
//! `period` is the label of one billing period of the service (`2026-03`
//! for a fee billed per month, `2026-Q1` per quarter, `2026` per year), or
//! a date inside one (`2026-03-15`); the rows of one service and period
//! are summed, each row a charge (two identical rows are two charges);
//! `amount` an exact decimal, not negative, with at most the currency's
//! minor unit of decimals; `currency` the currency the service settles
//! in. Every row is checked against the rule set on reading; the first
//! problem refuses the file, named by file and line, with the row's
//! values shown escaped.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use slate_rules::RuleSet;

/// The most bytes a bill file may hold.
pub const MAX_BYTES: usize = 16 << 20;
/// The most rows a bill file may hold.
pub const MAX_ROWS: usize = 100_000;
/// The most bytes one line of a bill file may hold.
pub const MAX_LINE: usize = 4096;
/// The most characters of a value a message quotes.
const QUOTED: usize = 64;

/// The format of a bill file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BillFormat {
    /// Comma-separated values with a header line.
    Csv,
    /// One JSON object per line.
    Ndjson,
}

impl BillFormat {
    /// The format a file's name says: `.csv`, or `.ndjson` / `.jsonl`.
    pub fn from_name(name: &str) -> Option<BillFormat> {
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".csv") {
            Some(BillFormat::Csv)
        } else if lower.ends_with(".ndjson") || lower.ends_with(".jsonl") {
            Some(BillFormat::Ndjson)
        } else {
            None
        }
    }
}

/// One bill row: what was billed for a service in one billing period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BillRow {
    /// The amount billed, exact.
    pub amount: Decimal,
    /// The file it was read from.
    pub file: String,
    /// Its 1-based line.
    pub line: u64,
}

/// The charges billed for a service in one billing period: the exact
/// sum of its rows, and the rows, in the file's order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Charges {
    /// The rows' amounts added, exact (no rounding: each is already in
    /// the currency's minor unit).
    pub amount: Decimal,
    /// Every row that made the sum, in the file's order.
    pub rows: Vec<BillRow>,
}

/// The charges billed, by service and first date of the billing period.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Bill {
    charges: BTreeMap<(String, NaiveDate), Charges>,
    rows: usize,
}

impl Bill {
    /// The charges of `service` for the billing period starting on
    /// `start`: the sum of its rows.
    pub fn charges(&self, service: &str, start: NaiveDate) -> Option<&Charges> {
        self.charges.get(&(service.to_owned(), start))
    }

    /// How many rows were read.
    pub fn len(&self) -> usize {
        self.rows
    }

    /// Whether no row was read.
    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }
}

/// A bill file that cannot be used: where, and why.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("`{file}:{line}`: {message}")]
pub struct BillError {
    /// The file, shown escaped.
    pub file: String,
    /// The 1-based line (0: the file as a whole).
    pub line: u64,
    /// What is wrong.
    pub message: String,
}

/// A value of the file, quoted in a message: control characters escaped,
/// clipped.
fn quoted(s: &str) -> String {
    let clipped: String = s.chars().take(QUOTED).collect();
    let more = if s.chars().count() > QUOTED {
        "…"
    } else {
        ""
    };
    format!("`{}{more}`", slate_words::visible::visible(&clipped))
}

/// Reads a bill file of `format`, named `name`, against `rules`.
pub fn read_bill(
    name: &str,
    text: &str,
    format: BillFormat,
    rules: &RuleSet,
) -> Result<Bill, BillError> {
    let file = slate_words::visible::visible(name).into_owned();
    let fail = |line: u64, message: String| BillError {
        file: file.clone(),
        line,
        message,
    };
    if text.len() > MAX_BYTES {
        return Err(fail(
            0,
            format!("the bill file is larger than {} MB", MAX_BYTES >> 20),
        ));
    }
    let mut bill = Bill::default();
    let mut header: Option<Vec<String>> = None;
    // Split as event files are: LF or CRLF line ends, a leading byte order
    // mark dropped, a bare carriage return refused.
    let mut input = text.as_bytes();
    let mut progress = |_: u64| {};
    let mut lines = crate::input::Lines::new(&mut input, &mut progress);
    while let Some((line, raw)) = lines
        .next_line()
        .map_err(|e| fail(0, format!("cannot read the bill: {e}")))?
    {
        let raw = match raw.text() {
            Ok(raw) if raw.len() <= MAX_LINE => raw,
            Err(crate::input::Problem::LineTooLong) | Ok(_) => {
                return Err(fail(line, format!("a line longer than {MAX_LINE} bytes")));
            }
            Err(problem) => return Err(fail(line, problem.to_string())),
        };
        if raw.trim().is_empty() {
            continue;
        }
        let fields = match format {
            BillFormat::Ndjson => json_fields(raw).map_err(|m| fail(line, m))?,
            BillFormat::Csv => {
                let cells = csv_cells(raw).map_err(|m| fail(line, m))?;
                let Some(names) = &header else {
                    header = Some(csv_header(cells).map_err(|m| fail(line, m))?);
                    continue;
                };
                if cells.len() != names.len() {
                    return Err(fail(
                        line,
                        format!(
                            "{} values, but the header names {}",
                            cells.len(),
                            names.len()
                        ),
                    ));
                }
                names.iter().cloned().zip(cells).collect()
            }
        };
        if bill.rows >= MAX_ROWS {
            return Err(fail(line, format!("more than {MAX_ROWS} rows")));
        }
        let (key, amount) = row(&fields, rules).map_err(|m| fail(line, m))?;
        let row = BillRow {
            amount,
            file: file.clone(),
            line,
        };
        bill.rows += 1;
        // docs/semantics.md: several rows of one service and period are
        // summed, exactly.
        match bill.charges.entry(key) {
            std::collections::btree_map::Entry::Vacant(e) => {
                e.insert(Charges {
                    amount,
                    rows: vec![row],
                });
            }
            std::collections::btree_map::Entry::Occupied(mut e) => {
                let c = e.get_mut();
                c.amount = c.amount.checked_add(amount).ok_or_else(|| {
                    fail(
                        line,
                        "the rows of this service and period add up to more than Slate can hold exactly"
                            .to_owned(),
                    )
                })?;
                c.rows.push(row);
            }
        }
    }
    Ok(bill)
}

/// The four columns of a bill.
const COLUMNS: [&str; 4] = ["service", "period", "amount", "currency"];

/// The header of a CSV bill: each of the four columns once, nothing else.
fn csv_header(cells: Vec<String>) -> Result<Vec<String>, String> {
    for c in &cells {
        if !COLUMNS.contains(&c.as_str()) {
            return Err(format!(
                "the header names the column {}; a bill has the columns `service`, `period`, `amount` and `currency`",
                quoted(c)
            ));
        }
    }
    for c in COLUMNS {
        match cells.iter().filter(|x| *x == c).count() {
            1 => {}
            0 => return Err(format!("the header has no column `{c}`")),
            _ => return Err(format!("the header names the column `{c}` twice")),
        }
    }
    Ok(cells)
}

/// The cells of one CSV line: separated by commas, each optionally in
/// double quotes (a quote inside written twice).
fn csv_cells(line: &str) -> Result<Vec<String>, String> {
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut chars = line.chars().peekable();
    let mut quoted_cell = false;
    let mut in_quotes = false;
    while let Some(c) = chars.next() {
        match (c, in_quotes) {
            ('"', false) if cell.is_empty() && !quoted_cell => {
                in_quotes = true;
                quoted_cell = true;
            }
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            ('"', true) => in_quotes = false,
            ('"', false) => {
                return Err("a double quote inside a value that is not quoted".to_owned());
            }
            (',', false) => {
                cells.push(std::mem::take(&mut cell));
                quoted_cell = false;
            }
            (c, _) => cell.push(c),
        }
    }
    if in_quotes {
        return Err("a quoted value that does not end on its line".to_owned());
    }
    cells.push(cell);
    Ok(cells)
}

/// The fields of one NDJSON line: an object whose four values are strings.
fn json_fields(line: &str) -> Result<BTreeMap<String, String>, String> {
    // The events' reader of one object refuses a key given twice, which
    // a map would read as its last value.
    let mut pairs = Vec::new();
    let mut de = serde_json::Deserializer::from_str(line);
    serde::de::DeserializeSeed::deserialize(crate::events::object::Object(&mut pairs), &mut de)
        .and_then(|()| de.end())
        .map_err(|e| {
            let e = e.to_string();
            let clipped: String = e.chars().take(QUOTED).collect();
            format!(
                "not a bill row: {}",
                slate_words::visible::visible(&clipped)
            )
        })?;
    let value: serde_json::Value =
        serde_json::from_str(line).map_err(|e| format!("not a JSON object: {e}"))?;
    let serde_json::Value::Object(map) = value else {
        return Err("not a JSON object".to_owned());
    };
    let mut out = BTreeMap::new();
    for (k, v) in map {
        if !COLUMNS.contains(&k.as_str()) {
            return Err(format!(
                "the key {}; a bill row has the keys `service`, `period`, `amount` and `currency`",
                quoted(&k)
            ));
        }
        match v {
            serde_json::Value::String(s) => {
                out.insert(k, s);
            }
            _ => {
                return Err(format!(
                    "`{k}` is not a string; write amounts as strings, such as `\"1234.56\"`, so that they stay exact"
                ));
            }
        }
    }
    Ok(out)
}

/// The service, billing period and amount of one row, checked against
/// the rule set.
fn row(
    fields: &BTreeMap<String, String>,
    rules: &RuleSet,
) -> Result<((String, NaiveDate), Decimal), String> {
    let get = |k: &str| {
        fields
            .get(k)
            .map(|v| v.trim())
            .ok_or_else(|| format!("no `{k}`"))
    };
    let (name, period, amount, currency) = (
        get("service")?,
        get("period")?,
        get("amount")?,
        get("currency")?,
    );
    let Some(service) = rules.services.iter().find(|s| s.name == name) else {
        return Err(format!("the agreement has no service {}", quoted(name)));
    };
    let Some(billed) = service.billed else {
        return Err(format!(
            "service {} has no billed fee (`fee billed per month`), so nothing is read from its bill",
            quoted(name)
        ));
    };
    let label: slate_time::Label = period.parse().map_err(|_| {
        format!(
            "{} is not a period such as `2026-03`, nor a date such as `2026-03-15`",
            quoted(period)
        )
    })?;
    // A label is read only as written: `2026-1` or `+2026-01` is not
    // quietly taken for January.
    if label.to_string() != period {
        return Err(format!(
            "{} is not a period label as Slate writes it: write `{label}`",
            quoted(period)
        ));
    }
    // docs/semantics.md: a row matches a billing period by its label or by
    // a date inside it.
    let label = if label.period == slate_time::Period::Day && billed > slate_time::Period::Day {
        slate_time::Label::containing(billed, label.from)
    } else {
        label
    };
    if label.period != billed {
        return Err(format!(
            "{} is not a billing period of service {}, whose fee is billed per {}",
            quoted(period),
            quoted(name),
            billed.noun()
        ));
    }
    let a = &rules.agreement;
    let outside = label.to < a.effective_from || a.effective_to.is_some_and(|to| label.from > to);
    if outside {
        return Err(format!(
            "the period {} is outside the agreement, in force from {}{}",
            quoted(period),
            a.effective_from,
            a.effective_to
                .map(|t| format!(" to {t}"))
                .unwrap_or_default()
        ));
    }
    let own = service.fee.as_ref().map(|f| f.currency).or(a.currency);
    let Some(own) = own else {
        return Err(
            "the agreement states no currency, and a bill is in the agreement's currency"
                .to_owned(),
        );
    };
    if currency != own.as_str() {
        return Err(format!(
            "the currency {} is not the agreement's, `{}`",
            quoted(currency),
            own.as_str()
        ));
    }
    let amount = money(amount, own.minor_unit())?;
    Ok(((name.to_owned(), label.from), amount))
}

/// An amount as a bill writes it: digits, at most one point, at most
/// `digits` decimals, not negative.
fn money(text: &str, digits: u32) -> Result<Decimal, String> {
    if text.starts_with('-') {
        return Err(format!("the amount {} is negative", quoted(text)));
    }
    let (whole, frac) = text.split_once('.').unwrap_or((text, ""));
    let plain = !whole.is_empty()
        && whole.len() <= 15
        && whole.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit())
        && (text.contains('.') <= !frac.is_empty());
    if !plain {
        return Err(format!(
            "the amount {} is not an exact decimal such as `1234.56`",
            quoted(text)
        ));
    }
    if u32::try_from(frac.len()).map_or(true, |n| n > digits) {
        return Err(format!(
            "the amount {} has more decimals than the currency's {digits}",
            quoted(text)
        ));
    }
    text.parse::<Decimal>()
        .map_err(|_| format!("the amount {} is not an exact decimal", quoted(text)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_take_quotes() {
        assert_eq!(
            csv_cells(r#"a,"b,c","d""e""#).unwrap(),
            ["a", "b,c", "d\"e"]
        );
        assert!(csv_cells(r#"a,"b"#).is_err());
    }

    #[test]
    fn amounts_are_exact_and_not_negative() {
        assert_eq!(money("12.50", 2).unwrap().to_string(), "12.50");
        assert!(money("-1.00", 2).is_err());
        assert!(money("1.005", 2).is_err());
        assert!(money("1e3", 2).is_err());
        assert!(money("1.", 2).is_err());
        assert!(money("", 2).is_err());
    }
}
