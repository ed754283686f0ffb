//! Reading a rule set back: its version, its digest, and what it plainly
//! cannot say.
//!
//! A rule set carries `agreement.digest`, the SHA-256 of its own canonical
//! JSON with the digest left out ([`digest`]; `docs/rules.md` defines it so
//! that anyone can recompute it). Reading checks it, so a rule set edited by
//! hand or damaged in transit is refused rather than evaluated under the
//! contract's fingerprint. The digest is not a signature: whoever edits a
//! rule set can recompute it. Reading also refuses a name given twice in
//! any object, and what no agreement can say or Slate cannot write (a
//! fingerprint of another form, a decimal not written as Slate writes one,
//! a budget of 0, a target over 100%, negative money, an unknown currency, a date
//! that is not one); full validation of a rule set is not done here.

use rust_decimal::Decimal;
use serde_json::Value;

use crate::{Budget, Measure, Payout, RuleSet, SCHEMA};

/// Why a rule set cannot be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadError {
    /// The text is not JSON.
    NotJson(String),
    /// The JSON has no `schema` naming the rule-set format.
    NotARuleSet,
    /// The JSON is a rule set of another version.
    Version(String),
    /// The rule set has no `agreement.digest`.
    NoDigest,
    /// The digest stated is not the digest of the content.
    Digest {
        /// The digest the rule set states.
        stated: String,
        /// The digest of its content.
        computed: String,
    },
    /// An object gives a name twice: no value may silently win.
    GivenTwice {
        /// The member's place, such as `objectives[0].measure.target`.
        at: String,
    },
    /// The JSON does not have the rule set's shape.
    Shape(String),
    /// The rule set states what cannot be: each problem, with where.
    Impossible(Vec<String>),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::NotJson(e) => write!(f, "not JSON: {e}"),
            ReadError::NotARuleSet => write!(f, "not a rule set: no `\"schema\": \"{SCHEMA}\"`"),
            ReadError::Version(v) => write!(f, "rule set version `{v}` is not `{SCHEMA}`"),
            ReadError::NoDigest => write!(
                f,
                "the rule set has no `agreement.digest`, so its content cannot be checked\n  help: write it again with `slate rules --to json` from the `.sla` file"
            ),
            ReadError::Digest { stated, computed } => write!(
                f,
                "the rule set was changed after it was written: its digest is `{stated}`, but its content's is `{computed}`\n  help: a rule set is written by `slate rules --to json`; change the `.sla` file and write it again"
            ),
            ReadError::GivenTwice { at } => write!(
                f,
                "`{at}` is given twice, so no value of it can be trusted\n  help: a rule set is written by `slate rules --to json`, which gives every name once; write it again from the `.sla` file"
            ),
            ReadError::Shape(e) => write!(f, "not a valid `{SCHEMA}` rule set: {e}"),
            ReadError::Impossible(problems) => {
                write!(f, "the rule set states what no agreement can:")?;
                for p in problems {
                    write!(f, "\n  - {p}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for ReadError {}

/// Reads a rule set: refuses a name given twice in an object, other
/// versions, a missing or wrong digest, and what no agreement can say.
pub fn from_json(text: &str) -> Result<RuleSet, ReadError> {
    let value = crate::strict::parse(text).map_err(|e| match e {
        crate::strict::Error::NotJson(e) => ReadError::NotJson(e),
        crate::strict::Error::Twice(t) => ReadError::GivenTwice {
            at: if t.at.is_empty() {
                t.name
            } else {
                format!("{}.{}", t.at, t.name)
            },
        },
    })?;
    match value.get("schema").and_then(Value::as_str) {
        Some(SCHEMA) => {}
        Some(other) => return Err(ReadError::Version(other.to_owned())),
        None => return Err(ReadError::NotARuleSet),
    }
    let stated = value
        .get("agreement")
        .and_then(|a| a.get("digest"))
        .and_then(Value::as_str)
        .ok_or(ReadError::NoDigest)?;
    let computed = digest_of(&value);
    if stated != computed {
        return Err(ReadError::Digest {
            stated: stated.to_owned(),
            computed,
        });
    }
    let rules: RuleSet =
        serde_json::from_value(value).map_err(|e| ReadError::Shape(e.to_string()))?;
    let problems = impossible(&rules);
    if problems.is_empty() {
        Ok(rules)
    } else {
        Err(ReadError::Impossible(problems))
    }
}

/// The digest of a rule set: `sha256:` and the lowercase hex SHA-256 of its
/// canonical JSON without `agreement.digest` (see `docs/rules.md`).
pub fn digest(rules: &RuleSet) -> String {
    serde_json::to_value(rules).map_or_else(|_| String::new(), |v| digest_of(&v))
}

fn digest_of(value: &Value) -> String {
    let mut value = value.clone();
    if let Some(agreement) = value.get_mut("agreement").and_then(Value::as_object_mut) {
        agreement.remove("digest");
    }
    let mut text = String::new();
    canonical(&value, &mut text);
    format!("sha256:{}", slate_check::terms::sha256_hex(text.as_bytes()))
}

/// Canonical JSON: no white space, object members sorted by name (as UTF-8
/// bytes), strings escaped as JSON requires and no more (`"`, `\` and the
/// characters below U+0020; `\b \t \n \f \r` in their short forms, the rest
/// as `\u00xx` in lowercase), numbers as written (the rule set has only
/// integers).
fn canonical(value: &Value, out: &mut String) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => out.push_str(&serde_json::to_string(s).unwrap_or_default()),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                canonical(item, out);
            }
            out.push(']');
        }
        Value::Object(members) => {
            let mut members: Vec<(&String, &Value)> = members.iter().collect();
            members.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
            out.push('{');
            for (i, (name, item)) in members.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&serde_json::to_string(name).unwrap_or_default());
                out.push(':');
                canonical(item, out);
            }
            out.push('}');
        }
    }
}

/// What the rule set states that no agreement can, each with where.
fn impossible(r: &RuleSet) -> Vec<String> {
    let mut p = Problems(Vec::new());
    let a = &r.agreement;
    if let Some(c) = &a.currency {
        match slate_check::currency::minor_unit(c) {
            None => p.say(
                "agreement.currency",
                format!("`{c}` is not an ISO 4217 currency"),
            ),
            Some(unit) if a.minor_unit != Some(unit) => p.say(
                "agreement.minor_unit",
                format!("`{c}` has {unit} digits after the point"),
            ),
            Some(_) => {}
        }
    }
    if !is_fingerprint(&a.fingerprint) {
        p.say(
            "agreement.fingerprint",
            "not a terms fingerprint: `slate-terms-v2:sha256:` (or, from Slate 0.1, `sha256:`) and 64 lowercase hex digits".to_owned(),
        );
    }
    let from = p.date("agreement.effective_from", &a.effective_from);
    let to = a
        .effective_to
        .as_deref()
        .and_then(|d| p.date("agreement.effective_to", d));
    if let (Some(from), Some(to)) = (from, to)
        && to < from
    {
        p.say(
            "agreement.effective_to",
            format!("`{to}` is before the first day, `{from}`"),
        );
    }
    for (i, s) in r.services.iter().enumerate() {
        if let Some(fee) = &s.fee {
            p.money(&format!("services[{i}].fee"), &fee.amount, &fee.currency, a);
        }
        for (kind, caps) in [
            ("credit_caps", &s.credit_caps),
            ("bonus_caps", &s.bonus_caps),
        ] {
            for (j, cap) in caps.iter().enumerate() {
                p.payout(&format!("services[{i}].{kind}[{j}].amount"), &cap.amount, a);
            }
        }
    }
    p.0.extend(item_problems(r));
    for (i, o) in r.objectives.iter().enumerate() {
        let at = format!("objectives[{i}]");
        match &o.measure {
            Measure::TimeToEvent { target, goals, .. } => {
                p.percent(&format!("{at}.measure.target"), target, false);
                for (j, goal) in goals.iter().enumerate() {
                    if let Budget::Seconds(0) | Budget::BusinessDays(0) = goal.budget {
                        p.say(
                            &format!("{at}.measure.goals[{j}].budget.value"),
                            "a budget of 0 allows no time; a budget is above 0".to_owned(),
                        );
                    }
                }
            }
            Measure::Availability { target, .. } => {
                p.percent(&format!("{at}.measure.target"), target, false);
            }
            Measure::Volume { .. } => {}
        }
        if let Some(c) = &o.credits {
            claims(&mut p, &format!("{at}.credits"), c);
        }
        if let Some(b) = &o.bonus
            && (b.claim.is_some()
                || b.claim_in_writing
                || b.claim_by.is_some()
                || b.unclaimed_lapse
                || b.applied.is_some())
        {
            p.say(
                &format!("{at}.bonus"),
                "a bonus states no claims: `claim`, `claim_in_writing`, `claim_by`, `unclaimed_lapse` and `applied` are for credits".to_owned(),
            );
        }
        for (kind, schedule) in [("credits", &o.credits), ("bonus", &o.bonus)] {
            for (j, tier) in schedule.iter().flat_map(|s| s.tiers.iter()).enumerate() {
                let at = format!("{at}.{kind}.tiers[{j}]");
                p.percent(&format!("{at}.threshold"), &tier.threshold, true);
                p.payout(&format!("{at}.payout"), &tier.payout, a);
            }
        }
    }
    p.0
}

/// What no credits block can say about claims (the checker's E0511–E0513).
fn claims(p: &mut Problems, at: &str, s: &crate::Schedule) {
    let claimed = s.claim.is_some() || s.claim_by.is_some() || s.unclaimed_lapse;
    if s.applied == Some(crate::Applied::Automatic) && claimed {
        p.say(
            &format!("{at}.applied"),
            "credits applied automatically are never claimed, yet a claim window, method or lapse is stated".to_owned(),
        );
    }
    if s.claim.is_none() && (s.unclaimed_lapse || s.claim_in_writing) {
        p.say(
            &format!("{at}.claim"),
            "`unclaimed_lapse` and `claim_in_writing` need a claim window".to_owned(),
        );
    }
    // A contract term in calendar time above zero, as the checker's E0307
    // requires of the window in an agreement.
    if let Some(c) = &s.claim {
        const UNITS: [&str; 6] = ["seconds", "minutes", "hours", "days", "weeks", "months"];
        if c.count == 0 {
            p.say(
                &format!("{at}.claim.count"),
                "a claim window of 0 leaves no time to claim; a window is above 0".to_owned(),
            );
        }
        if !UNITS.contains(&c.unit.as_str()) {
            let shown = crate::clip(&c.unit, crate::MAX_QUOTED);
            p.say(
                &format!("{at}.claim.unit"),
                format!(
                    "`{shown}` is not a unit of calendar time; a claim window is in `{}`",
                    UNITS.join("`, `")
                ),
            );
        }
    }
    if s.claim_by.as_deref().is_some_and(|b| b.trim().is_empty()) {
        p.say(
            &format!("{at}.claim_by"),
            "an empty claim method says nothing".to_owned(),
        );
    }
}

/// What the availability objectives' `items` state that no agreement can:
/// an objective that leaves them implicit beside another availability
/// objective (every outage would count against both), an empty list, an
/// empty id, or an id given twice. Each with where, as [`ReadError::Impossible`] lists
/// them; `slate eval` refuses a rule set built in code on the same grounds.
pub fn item_problems(r: &RuleSet) -> Vec<String> {
    let mut p = Problems(Vec::new());
    let availability: Vec<(usize, &Option<crate::Items>)> = r
        .objectives
        .iter()
        .enumerate()
        .filter_map(|(i, o)| match &o.measure {
            Measure::Availability { items, .. } => Some((i, items)),
            _ => None,
        })
        .collect();
    let several = availability.len();
    for (i, items) in availability {
        let at = format!("objectives[{i}].measure.items");
        match items {
            None if several > 1 => p.say(
                &at,
                format!(
                    "absent, but the rule set has {several} availability objectives: each says which items it reads (`{{\"kind\": \"ids\", \"ids\": […]}}` or `{{\"kind\": \"of_service\"}}`), or every outage counts against all of them"
                ),
            ),
            Some(crate::Items::Ids { ids }) if ids.is_empty() => {
                p.say(&at, "names no item; an `ids` list names at least one".to_owned())
            }
            Some(crate::Items::Ids { ids }) => {
                if ids.iter().any(String::is_empty) {
                    p.say(&at, "names an empty id, which no record has".to_owned());
                }
                if let Some(twice) = crate::given_twice(ids.iter().map(String::as_str)) {
                    let shown = crate::clip(twice, crate::MAX_QUOTED);
                    p.say(&at, format!("`{shown}` is named twice"));
                }
            }
            _ => {}
        }
    }
    p.0
}

struct Problems(Vec<String>);

impl Problems {
    fn say(&mut self, at: &str, what: String) {
        self.0.push(format!("`{at}`: {what}"));
    }

    /// A decimal written as Slate writes one: digits, a point and digits
    /// only when there is a fraction, no trailing zero after the point, no
    /// leading zero, no exponent, no `+` (a `-` is read, for the caller to
    /// refuse with the place's own words).
    fn decimal(&mut self, at: &str, text: &str) -> Option<Decimal> {
        let shown = crate::clip(text, crate::MAX_QUOTED);
        let d = text
            .parse::<Decimal>()
            .ok()
            .filter(|d| d.normalize().to_string() == text);
        if d.is_none() {
            self.say(
                at,
                format!(
                    "`{shown}` is not a decimal as Slate writes one: digits, and a point and digits without trailing zeros, such as `99.5`"
                ),
            );
        }
        d
    }

    /// A percentage from 0 (when `zero` may be) to 100.
    fn percent(&mut self, at: &str, text: &str, zero: bool) {
        if let Some(d) = self.decimal(at, text)
            && (d > Decimal::ONE_HUNDRED || d.is_sign_negative() || (!zero && d.is_zero()))
        {
            let range = if zero {
                "from 0% to 100%"
            } else {
                "above 0% and at most 100%"
            };
            self.say(at, format!("`{text}%` is not {range}"));
        }
    }

    fn money(&mut self, at: &str, amount: &str, currency: &str, a: &crate::Agreement) {
        if let Some(d) = self.decimal(at, amount)
            && d.is_sign_negative()
        {
            self.say(at, format!("`{currency} {amount}` is negative"));
        }
        if slate_check::currency::minor_unit(currency).is_none() {
            self.say(at, format!("`{currency}` is not an ISO 4217 currency"));
        } else if let Some(c) = a.currency.as_deref()
            && c != currency
            && slate_check::currency::minor_unit(c).is_some()
        {
            self.say(
                at,
                format!("`{currency}` is not the agreement's currency, `{c}`"),
            );
        }
    }

    fn payout(&mut self, at: &str, payout: &Payout, a: &crate::Agreement) {
        match payout {
            Payout::PercentOfFee { percent } => {
                self.percent(&format!("{at}.percent"), percent, true)
            }
            Payout::Fixed { amount, currency } => self.money(at, amount, currency, a),
        }
    }

    fn date(&mut self, at: &str, text: &str) -> Option<chrono::NaiveDate> {
        match text.parse::<chrono::NaiveDate>() {
            Ok(d) => Some(d),
            Err(_) => {
                self.say(at, format!("`{text}` is not a date `YYYY-MM-DD`"));
                None
            }
        }
    }
}

/// Whether `text` is a terms fingerprint as Slate writes one:
/// `slate-terms-v2:sha256:` (or, from Slate 0.1, `sha256:`) and 64
/// lowercase hex digits.
fn is_fingerprint(text: &str) -> bool {
    use slate_check::terms::{PREFIX_V1, PREFIX_V2};
    text.strip_prefix(PREFIX_V2)
        .or_else(|| text.strip_prefix(PREFIX_V1))
        .is_some_and(|hex| {
            hex.len() == 64
                && hex
                    .bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        })
}
