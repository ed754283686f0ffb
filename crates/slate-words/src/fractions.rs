//! Fractions and days' shares of a fee in words: `one-thirtieth`,
//! `two-thirds`, `one day's share`.

const ONES: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
const TENS: [&str; 10] = [
    "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];

/// A whole number below 100 in words (`thirty-one`); `None` from 100.
pub fn cardinal(n: u32) -> Option<String> {
    let i = usize::try_from(n).ok()?;
    if let Some(w) = ONES.get(i) {
        return Some((*w).to_owned());
    }
    let tens = TENS.get(i / 10).filter(|t| !t.is_empty())?;
    Some(match ONES.get(i % 10) {
        Some(_) if i % 10 == 0 => (*tens).to_owned(),
        Some(one) => format!("{tens}-{one}"),
        None => return None,
    })
}

/// The ordinal a denominator is read as, from 3 to 99 (`third`,
/// `thirtieth`, `thirty-first`); `None` otherwise.
fn ordinal(d: u32) -> Option<String> {
    const SPECIAL: [(&str, &str); 9] = [
        ("one", "first"),
        ("two", "second"),
        ("three", "third"),
        ("five", "fifth"),
        ("eight", "eighth"),
        ("nine", "ninth"),
        ("twelve", "twelfth"),
        ("twenty", "twentieth"),
        ("ty", "tieth"),
    ];
    if !(3..100).contains(&d) {
        return None;
    }
    let word = cardinal(d)?;
    let (head, last) = match word.rsplit_once('-') {
        Some((h, l)) => (format!("{h}-"), l.to_owned()),
        None => (String::new(), word),
    };
    let last = SPECIAL
        .iter()
        .find_map(|(c, o)| {
            if last == *c {
                Some((*o).to_owned())
            } else {
                last.strip_suffix(c).map(|stem| format!("{stem}{o}"))
            }
        })
        .unwrap_or_else(|| format!("{last}th"));
    Some(format!("{head}{last}"))
}

/// The ordinal of `n` in words (`first`, `second`, `thirty-first`), below
/// 100; from 100, the figures with their ending (`101st`).
pub fn ordinal_word(n: u64) -> String {
    match n {
        1 => "first".to_owned(),
        2 => "second".to_owned(),
        _ => u32::try_from(n)
            .ok()
            .and_then(ordinal)
            .unwrap_or_else(|| format!("{n}{}", ordinal_ending(n))),
    }
}

/// The English ending of the ordinal of `n` in figures: `st` for 1, 21,
/// …; `th` for 11 to 13 (`2nd`, `11th`, `101st`).
pub fn ordinal_ending(n: u64) -> &'static str {
    match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    }
}

/// A fraction in words: `one-thirtieth`, `two-thirds`, `one-half`; the
/// whole (`1/1`) is `all`; beyond the words (`7/365`), the figures.
pub fn fraction(n: u32, d: u32) -> String {
    if n == d {
        return "all".to_owned();
    }
    let ord = match d {
        2 => Some("half".to_owned()),
        4 => Some("quarter".to_owned()),
        _ => ordinal(d),
    };
    match (cardinal(n), ord) {
        (Some(c), Some(o)) if n == 1 => format!("{c}-{o}"),
        (Some(c), Some(_)) if d == 2 => format!("{c}-halves"),
        (Some(c), Some(o)) => format!("{c}-{o}s"),
        _ => format!("{n}/{d}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fractions_read_as_a_lawyer_writes_them() {
        assert_eq!(fraction(1, 30), "one-thirtieth");
        assert_eq!(fraction(1, 31), "one-thirty-first");
        assert_eq!(fraction(2, 3), "two-thirds");
        assert_eq!(fraction(1, 2), "one-half");
        assert_eq!(fraction(3, 4), "three-quarters");
        assert_eq!(fraction(1, 12), "one-twelfth");
        assert_eq!(fraction(1, 20), "one-twentieth");
        assert_eq!(fraction(1, 5), "one-fifth");
        assert_eq!(fraction(1, 365), "1/365");
        assert_eq!(fraction(4, 4), "all");
        assert_eq!(fraction(1, 28), "one-twenty-eighth");
        assert_eq!(fraction(1, 9), "one-ninth");
    }
}
