//! The JSON rule set: snapshots of every example, the published schema, and
//! validation of every rule set against it.

use slate_tests::{files, read, relative, root};

#[expect(
    clippy::expect_used,
    reason = "a test's helper: a failed expectation fails the test"
)]
fn rules_of(path: &std::path::Path) -> slate::rules::RuleSet {
    slate::rules::from_model(&slate_tests::model_at(path)).expect("a rule set")
}

/// Every example compiles to a rule set; each is snapshotted.
#[test]
fn examples_compile_to_rule_sets() {
    insta::glob!("../../examples", "**/*.sla", |path| {
        let rules = rules_of(path);
        assert_eq!(rules.schema, slate::rules::SCHEMA);
        snapshot!("json", slate::rules::to_json(&rules));
    });
}

/// `docs/rules.schema.json` is the schema the code generates: regenerate it
/// with `slate rules --schema -o docs/rules.schema.json` when the format changes.
#[test]
fn published_schema_is_current() {
    let published = std::fs::read_to_string(root().join("docs/rules.schema.json"))
        .expect("docs/rules.schema.json");
    let published: serde_json::Value =
        serde_json::from_str(&published).expect("the schema is JSON");
    assert_eq!(
        published,
        slate::rules::schema(),
        "docs/rules.schema.json is out of date"
    );
}

/// Every example's rule set validates against the published schema, and the
/// schema rejects what it should.
#[test]
fn rule_sets_validate_against_the_schema() {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("docs/rules.schema.json")).expect("schema"),
    )
    .expect("JSON");
    let validator = jsonschema::validator_for(&schema).expect("a valid JSON Schema");
    let mut count = 0;
    for path in files("examples", "sla")
        .into_iter()
        .chain(files("tests/data/check/ok", "sla"))
    {
        let value = serde_json::to_value(rules_of(&path)).expect("serialisable");
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", relative(&path));
        count += 1;
    }
    assert!(count >= 12);

    let good = serde_json::to_value(rules_of(&root().join("examples/saas.sla"))).expect("value");
    let mut wrong = good.clone();
    wrong["objectives"][0]["measure"]["kind"] = "latency".into();
    assert!(
        !validator.is_valid(&wrong),
        "an unknown objective kind must not validate"
    );
    let mut extra = good.clone();
    extra["agreement"]["signed_by"] = "nobody".into();
    assert!(
        !validator.is_valid(&extra),
        "unknown fields must not validate"
    );
    let mut missing = good;
    missing.as_object_mut().expect("object").remove("calendars");
    assert!(
        !validator.is_valid(&missing),
        "a missing field must not validate"
    );
}

/// A rule set reads back to the same value; other versions are refused.
#[test]
fn rule_sets_read_back_and_check_their_version() {
    // What the compiler writes, reading accepts: its digest and its terms.
    for path in files("examples", "sla")
        .into_iter()
        .chain(files("tests/data/check/ok", "sla"))
    {
        let rules = rules_of(&path);
        let back = slate::rules::from_json(&slate::rules::to_json(&rules))
            .unwrap_or_else(|e| panic!("{}: {e}", relative(&path)));
        assert_eq!(back, rules, "{}", relative(&path));
    }
    let text = slate::rules::to_json(&rules_of(&root().join("examples/atm.sla")));
    assert!(text.contains("\"schema\": \"slate.rules/v2\""), "{text}");
    let v3 = text.replacen("slate.rules/v2", "slate.rules/v3", 1);
    assert_eq!(
        slate::rules::from_json(&v3)
            .expect_err("v3 refused")
            .to_string(),
        "rule set version `slate.rules/v3` is not `slate.rules/v2` or `slate.rules/v1`\n  help: write it again with `slate rules --to json` from the `.sla` file, with this version of Slate"
    );
    assert!(slate::rules::from_json("{}").is_err());
    // Text that is not JSON: serde_json's error, typed, with its place.
    let err = slate::rules::from_json("{\n  \"schema\": ").expect_err("not JSON");
    let slate::rules::ReadError::NotJson(json) = &err else {
        panic!("{err}")
    };
    assert_eq!(json.category(), serde_json::error::Category::Eof);
    assert_eq!((json.line(), json.column()), (2, 12));
    assert_eq!(
        err.to_string(),
        "not JSON: EOF while parsing a value at line 2 column 12"
    );
    assert!(slate::rules::from_json("not json").is_err());
}

/// The rule set carries the same fingerprint as the contract document.
#[test]
fn rule_set_names_the_terms_it_enforces() {
    let path = root().join("examples/support.sla");
    let src = read(&path);
    let model = slate::check(&src).model.expect("compiles");
    let rules = slate::rules::from_model(&model).expect("a rule set");
    assert_eq!(rules.agreement.fingerprint, model.fingerprint());
    assert!(slate::render::to_html(&model).contains(&rules.agreement.fingerprint));
}

/// `v` with every object's members in order of their names, which
/// `serde_json` then writes in that order.
fn sorted(v: &serde_json::Value) -> serde_json::Value {
    match v {
        serde_json::Value::Object(m) => {
            let mut names: Vec<&String> = m.keys().collect();
            names.sort();
            serde_json::Value::Object(
                names
                    .into_iter()
                    .map(|k| (k.clone(), sorted(&m[k])))
                    .collect(),
            )
        }
        serde_json::Value::Array(a) => serde_json::Value::Array(a.iter().map(sorted).collect()),
        other => other.clone(),
    }
}

/// The rule set of `examples/support.sla` as JSON, edited by `edit`.
fn edited(edit: impl FnOnce(&mut serde_json::Value)) -> serde_json::Value {
    let rules = rules_of(&root().join("examples/support.sla"));
    let mut value = serde_json::to_value(&rules).unwrap_or_default();
    edit(&mut value);
    value
}

/// The edit a hostile rule set makes: a 150% target, negative payouts, fees
/// and caps, a validity in year 1 (the checker's E0410) and currency `ZZZ`.
fn impossible_terms(v: &mut serde_json::Value) {
    v["agreement"]["currency"] = "ZZZ".into();
    v["agreement"]["effective_from"] = "0001-01-01".into();
    v["services"][0]["fee"]["amount"] = "-4000".into();
    v["services"][0]["credit_caps"][0]["amount"] = serde_json::json!({
        "kind": "fixed", "amount": "-650", "currency": "EUR"
    });
    v["objectives"][0]["measure"]["target"] = "150".into();
    v["objectives"][0]["credits"]["tiers"][0]["payout"] = serde_json::json!({
        "kind": "percent_of_fee", "percent": "-10"
    });
}

/// A rule set carries the digest of its own content, and reading checks
/// it: a hand-edited rule set is refused, so no report shows the signed
/// contract's fingerprint over terms it does not state. The digest is the
/// SHA-256 of the canonical JSON without the digest, as `docs/rules.md`
/// defines it: recomputed here independently of the code that writes it.
#[test]
fn a_changed_rule_set_is_refused_by_its_digest() {
    let good = edited(|_| {});
    let stated = good["agreement"]["digest"]
        .as_str()
        .expect("a digest")
        .to_owned();
    // Recompute it as the documentation says (keys sorted, no white space).
    let mut without = good.clone();
    without["agreement"]
        .as_object_mut()
        .expect("object")
        .remove("digest");
    let canonical = serde_json::to_string(&sorted(&without)).expect("JSON");
    use sha2::Digest as _;
    let hex: String = sha2::Sha256::digest(canonical.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(stated, format!("sha256:{hex}"));
    assert!(slate::rules::from_json(&good.to_string()).is_ok());

    // Edited by hand: the digest no longer matches.
    let tampered = edited(impossible_terms);
    let err = slate::rules::from_json(&tampered.to_string()).expect_err("refused");
    assert!(
        matches!(err, slate::rules::ReadError::Digest { .. }),
        "{err}"
    );
    snapshot!("changed_rule_set", err.to_string());

    // Without a digest: refused too.
    let bare = edited(|v| {
        v["agreement"]
            .as_object_mut()
            .expect("object")
            .remove("digest");
    });
    assert_eq!(
        slate::rules::from_json(&bare.to_string()).expect_err("refused"),
        slate::rules::ReadError::NoDigest
    );
}

/// A digest is not a signature: whoever edits a rule set can recompute it.
/// What no agreement can say is refused on reading all the same, each
/// problem named with where it is.
#[test]
fn an_impossible_rule_set_is_refused_even_with_its_digest() {
    let resealed = resealed_as_written(edited(impossible_terms));
    let err = slate::rules::from_json(&resealed).expect_err("refused");
    let slate::rules::ReadError::Impossible(problems) = &err else {
        panic!("{err}")
    };
    assert_eq!(problems.len(), 6, "{err}");
    snapshot!("impossible_rule_set", err.to_string());
}

/// An edit of a rule set's JSON.
type Edit = fn(&mut serde_json::Value);

/// Resealed with a recomputed digest, a rule set still says only what Slate
/// writes: a terms fingerprint of one of its two forms, decimals written as
/// Slate writes them (no exponent, sign, trailing zero), and budgets above
/// 0. Each problem is named with its place.
#[test]
fn a_rule_set_not_as_slate_writes_it_is_refused_even_with_its_digest() {
    let cases: [(&str, Edit); 5] = [
        ("zeros", |v| {
            v["agreement"]["fingerprint"] = "0".repeat(64).into();
        }),
        ("script", |v| {
            v["agreement"]["fingerprint"] = "<script>alert(1)</script>".into();
        }),
        ("upper", |v| {
            v["agreement"]["fingerprint"] =
                format!("slate-terms-v2:sha256:{}", "A".repeat(64)).into();
        }),
        ("numbers", |v| {
            v["objectives"][0]["measure"]["target"] = "1e2".into();
            v["objectives"][1]["measure"]["target"] = "+95".into();
            v["objectives"][0]["credits"]["tiers"][0]["threshold"] = "95.0".into();
            v["objectives"][0]["credits"]["tiers"][1]["payout"] = serde_json::json!({
                "kind": "percent_of_fee", "percent": ".5"
            });
            v["services"][0]["fee"]["amount"] = "-0".into();
            v["services"][0]["credit_caps"][0]["amount"] = serde_json::json!({
                "kind": "fixed", "amount": "0650", "currency": "GBP"
            });
            v["objectives"][0]["measure"]["goals"][0]["budget"]["value"] = 0.into();
            v["objectives"][1]["measure"]["goals"][0]["budget"] =
                serde_json::json!({"unit": "business_days", "value": 0});
        }),
        // What the checker refuses (E0511-E0513), and claims on a bonus.
        ("claims", |v| {
            v["objectives"][0]["credits"]["applied"] = "automatic".into();
            v["objectives"][1]["credits"]["claim"] = serde_json::Value::Null;
            v["objectives"][1]["credits"]["unclaimed_lapse"] = true.into();
            v["objectives"][1]["credits"]["claim_by"] = " ".into();
            let mut bonus = v["objectives"][1]["credits"].clone();
            bonus["claim_by"] = "email".into();
            v["objectives"][0]["bonus"] = bonus;
        }),
    ];
    let mut all = String::new();
    for (name, edit) in cases {
        let err = slate::rules::from_json(&resealed_as_written(edited(edit))).expect_err(name);
        assert!(
            matches!(err, slate::rules::ReadError::Impossible(_)),
            "{name}: {err}"
        );
        all.push_str(&format!("{name}: {err}\n"));
    }
    snapshot!("rule_set_not_as_slate_writes_it", all);
    // A version-1 fingerprint (`sha256:`, Slate 0.1) is still read.
    let mut rules: slate::rules::RuleSet = serde_json::from_value(edited(|v| {
        v["agreement"]["fingerprint"] = format!("sha256:{}", "0a".repeat(32)).into();
    }))
    .expect("the rule set's shape");
    rules.agreement.digest = slate::rules::digest(&rules);
    slate::rules::from_json(&slate::rules::to_json(&rules)).expect("a version-1 fingerprint");
}

/// A name given twice in any object of a rule set is refused, even when
/// the digest matches the value that would win: no value silently wins.
#[test]
fn a_name_given_twice_in_a_rule_set_is_refused() {
    let text = slate::rules::to_json(&rules_of(&root().join("examples/support.sla")));
    let cases = [
        (
            "\"target\": \"95\"",
            "\"target\": \"50\", \"target\": \"95\"",
            "objectives[0].measure.target",
        ),
        (
            "\"schema\": ",
            "\"schema\": \"slate.rules/v2\", \"schema\": ",
            "schema",
        ),
        (
            "\"threshold\": \"95\"",
            "\"threshold\": \"0\", \"threshold\": \"95\"",
            "objectives[0].credits.tiers[0].threshold",
        ),
    ];
    for (from, to, at) in cases {
        let twice = text.replacen(from, to, 1);
        assert_ne!(twice, text, "{from}");
        // Without the check, the last value wins and the digest matches.
        let last_wins: serde_json::Value = serde_json::from_str(&twice).expect("JSON");
        assert_eq!(
            last_wins,
            serde_json::from_str::<serde_json::Value>(&text).expect("JSON")
        );
        let err = slate::rules::from_json(&twice).expect_err(at);
        assert_eq!(
            err,
            slate::rules::ReadError::GivenTwice { at: at.to_owned() },
            "{err}"
        );
    }
    // A hostile name is quoted cut: a 1 MB name makes a short message.
    let big = "x".repeat(1 << 20);
    let err =
        slate::rules::from_json(&format!("{{\"{big}\": 1, \"{big}\": 2}}")).expect_err("refused");
    assert!(
        err.to_string().len() < 400,
        "{} bytes",
        err.to_string().len()
    );
    assert!(err.to_string().contains("xx…` is given twice"), "{err}");
    let err = slate::rules::from_json(&text.replacen(
        "\"target\": \"95\"",
        "\"target\": \"50\", \"target\": \"95\"",
        1,
    ))
    .expect_err("refused");
    snapshot!("name_given_twice_in_a_rule_set", err.to_string());
}

/// The rule set of `examples/saas.sla` (one availability objective) with a
/// second availability objective, a copy of the first named `cdn`, and
/// `items` set on each by `items`, resealed with a recomputed digest.
#[expect(
    clippy::expect_used,
    reason = "a test's helper: a failed expectation fails the test"
)]
fn two_availability(items: [Option<serde_json::Value>; 2]) -> String {
    let rules = rules_of(&root().join("examples/saas.sla"));
    let mut v = serde_json::to_value(&rules).unwrap_or_default();
    let mut cdn = v["objectives"][0].clone();
    cdn["name"] = "cdn".into();
    cdn["credits"] = serde_json::Value::Null;
    cdn["bonus"] = serde_json::Value::Null;
    v["objectives"]
        .as_array_mut()
        .expect("objectives")
        .push(cdn);
    for (i, item) in items.into_iter().enumerate() {
        if let Some(item) = item {
            v["objectives"][i]["measure"]["items"] = item;
        }
    }
    let mut rules: slate::rules::RuleSet = serde_json::from_value(v).expect("the rule set's shape");
    rules.agreement.digest = slate::rules::digest(&rules);
    slate::rules::to_json(&rules)
}

/// A rule set may be written by hand: with two availability objectives,
/// each must say which items it reads (`measure.items`), or every outage
/// would count against both; `slate eval` refuses it, naming the place.
/// An empty list and an id given twice are refused too. A rule set that
/// names them is read, and keeps them.
#[test]
fn a_rule_set_with_two_availability_objectives_names_their_items() {
    let ids = serde_json::json!({"kind": "ids", "ids": ["api-eu", "api-us"]});
    let of_service = serde_json::json!({"kind": "of_service"});
    let mut all = String::new();
    let refused = [
        ("neither", [None, None]),
        ("one", [Some(ids.clone()), None]),
        (
            "empty and twice",
            [
                Some(serde_json::json!({"kind": "ids", "ids": []})),
                Some(serde_json::json!({"kind": "ids", "ids": ["edge", "", "edge"]})),
            ],
        ),
    ];
    for (name, items) in refused {
        let err = slate::rules::from_json(&two_availability(items)).expect_err(name);
        assert!(
            matches!(err, slate::rules::ReadError::Impossible(_)),
            "{name}: {err}"
        );
        all.push_str(&format!("{name}: {err}\n"));
    }
    snapshot!("two_availability_objectives", all);

    let text = two_availability([Some(ids.clone()), Some(of_service.clone())]);
    let rules = slate::rules::from_json(&text).expect("both name their items");
    let read: Vec<serde_json::Value> = serde_json::to_value(&rules).expect("JSON")["objectives"]
        .as_array()
        .expect("objectives")
        .iter()
        .map(|o| o["measure"]["items"].clone())
        .collect();
    assert_eq!(read, [ids, of_service]);

    // Built in code rather than read, the engine refuses it all the same.
    let mut rules = rules;
    for o in &mut rules.objectives {
        if let slate::rules::Measure::Availability { items, .. } = &mut o.measure {
            *items = None;
        }
    }
    let err = slate::eval::evaluate(
        &rules,
        &slate::eval::Events::default(),
        &slate::eval::Options::default(),
    )
    .expect_err("refused");
    assert!(
        err.to_string().contains("objectives[1].measure.items"),
        "{err}"
    );
}

/// A rule set's JSON resealed as it stands, fields Slate never writes
/// included: the digest of its canonical form (serde_json writes an object's
/// members sorted, with no white space, as the canonical form does).
#[expect(
    clippy::expect_used,
    reason = "a test's helper: a failed expectation fails the test"
)]
pub(crate) fn resealed_as_written(mut v: serde_json::Value) -> String {
    v["agreement"]
        .as_object_mut()
        .expect("agreement")
        .remove("digest");
    let canonical = serde_json::to_string(&v).expect("JSON");
    v["agreement"]["digest"] =
        format!("sha256:{}", slate::terms::sha256_hex(canonical.as_bytes())).into();
    v.to_string()
}

/// `{"kind": "of_service", "ids": […]}` says two things: the items of the
/// service, and these ids. Reading kept the first and dropped the ids in
/// silence; the reader refuses it, as it refuses any field Slate never
/// writes.
#[test]
fn items_of_service_with_ids_is_refused() {
    let text = two_availability([
        Some(serde_json::json!({"kind": "ids", "ids": ["api-eu"]})),
        Some(serde_json::json!({"kind": "of_service"})),
    ]);
    let mut v: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    slate::rules::from_json(&resealed_as_written(v.clone())).expect("as Slate writes it");
    v["objectives"][1]["measure"]["items"] =
        serde_json::json!({"kind": "of_service", "ids": ["edge-fra"]});
    let err = slate::rules::from_json(&resealed_as_written(v)).expect_err("refused");
    let slate::rules::ReadError::Shape(json) = &err else {
        panic!("{err}")
    };
    assert_eq!(json.category(), serde_json::error::Category::Data);
    assert!(err.to_string().contains("unknown field `ids`"), "{err}");
}

/// A claim window is a contract term in calendar time above zero
/// (`slate::E0307` in an agreement): a rule set that states `0 days`, a
/// window in business time, or a unit Slate has no word for is refused,
/// not printed in every settlement line as `claim within 0 bananas`.
#[test]
fn a_claim_window_no_agreement_can_state_is_refused() {
    let mut all = String::new();
    for (name, claim) in [
        ("zero", serde_json::json!({"count": 0, "unit": "days"})),
        (
            "business",
            serde_json::json!({"count": 5, "unit": "business_days"}),
        ),
        (
            "unknown",
            serde_json::json!({"count": 3, "unit": "bananas"}),
        ),
    ] {
        let v = edited(|v| v["objectives"][0]["credits"]["claim"] = claim);
        let err = slate::rules::from_json(&resealed_as_written(v)).expect_err(name);
        assert!(
            matches!(err, slate::rules::ReadError::Impossible(_)),
            "{name}: {err}"
        );
        all.push_str(&format!("{name}: {err}\n"));
    }
    snapshot!("claim_window_no_agreement_can_state", all);
    for unit in ["seconds", "minutes", "hours", "days", "weeks", "months"] {
        let v = edited(|v| {
            v["objectives"][0]["credits"]["claim"] = serde_json::json!({"count": 1, "unit": unit});
        });
        slate::rules::from_json(&resealed_as_written(v)).expect(unit);
    }
}

/// A hand-edited rule set, resealed with a recomputed digest (as whoever
/// edits one can), is refused for what no agreement can say: an unknown
/// zone, a date or time not as Slate writes one, a closure that ends before
/// it starts, a percentage of a fee that cannot be computed. Each file of
/// `tests/data/rules/read/` is such a rule set; its error, with the place of
/// every value at fault, is snapshotted.
#[test]
fn hand_edited_rule_sets_are_refused() {
    insta::glob!("../data/rules/read", "*.json", |path| {
        let value: serde_json::Value = serde_json::from_str(&read(path)).expect("JSON");
        let err = slate::rules::from_json(&resealed_as_written(value)).expect_err(&relative(path));
        assert!(
            matches!(err, slate::rules::ReadError::Impossible(_)),
            "{}: {err}",
            relative(path)
        );
        snapshot!("hand_edited_rule_sets_are_refused", err.to_string());
    });
}

/// Money is paid in the agreement's currency, which an agreement with
/// money always states: a rule set with a fee, caps and credits but no
/// `agreement.currency` is refused on reading, and by `slate eval` when
/// built in code, so settlement never falls back on an empty currency
/// with two digits.
#[test]
fn money_without_a_currency_is_refused() {
    let v = edited(|v| {
        v["agreement"]["currency"] = serde_json::Value::Null;
        v["agreement"]["minor_unit"] = serde_json::Value::Null;
    });
    let err = slate::rules::from_json(&resealed_as_written(v)).expect_err("refused");
    assert!(
        matches!(err, slate::rules::ReadError::Impossible(_)),
        "{err}"
    );
    snapshot!("money_without_a_currency", err.to_string());

    let mut rules = rules_of(&root().join("examples/support.sla"));
    rules.agreement.currency = None;
    rules.agreement.minor_unit = None;
    let err = slate::eval::evaluate(
        &rules,
        &slate::eval::Events::default(),
        &slate::eval::Options::default(),
    )
    .expect_err("refused");
    assert_eq!(
        err,
        slate::eval::EvalError::Impossible(vec![slate::rules::Problem::NoCurrency {
            at: "agreement.currency".to_owned()
        }])
    );
}

/// A clock hour carries no fee: a rule set edited to settle credits that
/// are a share of the fee per hour is refused on reading, as the checker
/// refuses the agreement (E0506). Credits settled per month on an hourly
/// objective are read (`credits for … per month`).
#[test]
fn hourly_credits_are_refused_on_reading() {
    let hourly = resealed_as_written(edited(|v| {
        v["objectives"][0]["period"] = "hour".into();
        v["objectives"][0]["credits"]["period"] = "hour".into();
    }));
    let err = slate::rules::from_json(&hourly).expect_err("refused");
    let slate::rules::ReadError::Impossible(_) = &err else {
        panic!("{err}")
    };
    assert!(err.to_string().contains("per hour"), "{err}");
    let monthly = resealed_as_written(edited(|v| {
        v["objectives"][0]["period"] = "hour".into();
    }));
    slate::rules::from_json(&monthly).expect("credits settled per month");
}

/// A rule set of the earlier version, `slate.rules/v1` (written by Slate
/// before hourly periods, k of n, downtime units and duration aggregates),
/// is still read, under its own digest, and settles exactly as the same
/// agreement's `slate.rules/v2` rule set: the report differs only in the
/// rule set's digest.
#[test]
fn a_version_1_rule_set_is_still_read() {
    let v1 = slate::rules::from_json(&read(&root().join("tests/data/rules/v1/support.json")))
        .expect("a v1 rule set is read");
    assert_eq!(v1.schema, "slate.rules/v1");
    let v2 = rules_of(&root().join("examples/support.sla"));
    assert_eq!(v2.schema, "slate.rules/v2");
    let events = "examples/support.events.ndjson";
    let mut e = slate::eval::Events::default();
    e.read(
        events,
        &read(&root().join(events)),
        slate::eval::Format::Ndjson,
    );
    let options = slate::eval::Options::default();
    let a = slate::eval::evaluate(&v1, &e, &options).expect("v1 evaluates");
    let mut b = slate::eval::evaluate(&v2, &e, &options).expect("v2 evaluates");
    // A v1 rule set states no termination (`termination`, added in v2 by
    // issue 19), so its report says nothing of the right to terminate.
    assert_eq!(a.termination, None);
    assert!(b.termination.is_some());
    b.termination = None;
    assert_ne!(a.agreement.rules_digest, b.agreement.rules_digest);
    let json = |r: &slate::eval::report::Report| {
        slate::eval::to_json(r).replace(&r.agreement.rules_digest, "DIGEST")
    };
    assert_eq!(json(&a), json(&b));
}
