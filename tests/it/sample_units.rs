//! The unit of a bound on samples is worded by one rule everywhere: the
//! contract, the rule set's alerts and the report write a unit Slate knows
//! (millisecond, second, minute, hour) in the singular only after exactly
//! 1, whether the author wrote it singular or plural; any other label as
//! written. Found by a review: `p95 at most 2 millisecond` was rendered "at
//! most 2 millisecond".

#![expect(clippy::panic, reason = "a failed expectation is a failed test")]

const HEAD: &str = r#"agreement "Units" {
  id        "T-U"
  effective 2026-01-01 to 2026-12-31
  timezone  "UTC"
  party acme "Acme Ltd" {
    role      provider
    signatory "Jane Roe", "Director"
  }
  party client "Client plc" {
    role      customer
    signatory "John Doe", "CTO"
  }
  service api "API" {
    hours 24x7
  }
"#;

/// An objective on samples of `lat` in `unit`, with `statement`.
fn objective(name: &str, unit: &str, statement: &str) -> String {
    format!(
        "  objective {name} \"{name}\" {{\n    service api\n    sample  lat on probe{unit}\n    {statement} per day\n    source prometheus {{\n      latency \"h_seconds{{job=\\\"p\\\"}}\"\n    }}\n  }}\n"
    )
}

fn model() -> slate::Model {
    let source = [
        HEAD.to_owned(),
        objective("p_two", " in milliseconds", "p95     at most 2 millisecond"),
        objective(
            "p_half",
            " in millisecond",
            "p95     at most 1.5 millisecond",
        ),
        objective(
            "p_one",
            " in milliseconds",
            "p95     at most 1 milliseconds",
        ),
        objective(
            "mean_two",
            " in milliseconds",
            "average at most 2 millisecond",
        ),
        objective(
            "mean_one",
            " in milliseconds",
            "average at most 1 milliseconds",
        ),
        "}\n".to_owned(),
    ]
    .concat();
    slate::compile(&source, &slate::Options::default())
        .unwrap_or_else(|d| panic!("the agreement checks: {d:?}"))
}

/// The lines of `text` that state a bound.
fn bounds(text: &str) -> String {
    text.lines()
        .filter(|l| l.contains("millisecond"))
        .map(str::trim)
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_contract_words_a_bound_unit_in_the_plural_unless_exactly_1() {
    let text = slate::render::to_markdown(&model());
    for wrong in [
        "2 millisecond ",
        "2 millisecond.",
        "1.5 millisecond.",
        "1 milliseconds",
    ] {
        assert!(!text.contains(wrong), "{wrong}: {text}");
    }
    insta::assert_snapshot!(bounds(&text));
}

#[test]
fn the_prometheus_rules_word_a_bound_unit_in_the_plural_unless_exactly_1() {
    let rules = slate::rules::from_model(&model()).unwrap_or_else(|e| panic!("{e}"));
    let out = slate::rules::prometheus::to_prometheus(&rules);
    for wrong in [
        "2 millisecond)",
        "2 millisecond.",
        "1.5 millisecond.",
        "1 milliseconds",
    ] {
        assert!(!out.text.contains(wrong), "{wrong}: {}", out.text);
    }
    insta::assert_snapshot!(bounds(&out.text));
}

#[test]
fn one_rule_words_every_unit() {
    use slate::words::{sample_bound, unit_after};
    assert_eq!(unit_after("1", "milliseconds"), "millisecond");
    assert_eq!(unit_after("1", "millisecond"), "millisecond");
    assert_eq!(unit_after("2", "millisecond"), "milliseconds");
    assert_eq!(unit_after("1.5", "hour"), "hours");
    assert_eq!(unit_after("1", "requests"), "requests");
    assert_eq!(unit_after("2", "ms"), "ms");
    assert_eq!(sample_bound("2 millisecond"), "2 milliseconds");
    assert_eq!(sample_bound("1 minutes"), "1 minute");
    assert_eq!(sample_bound("1%"), "1%");
    assert_eq!(sample_bound("3 widget"), "3 widget");
}
