//! The JSON rule set: snapshots of every example, the published schema, and
//! validation of every rule set against it.

use slate_tests::{files, read, relative, root};

fn rules_of(path: &std::path::Path) -> slate::rules::RuleSet {
    slate::rules::from_model(&slate_tests::model_at(path))
}

/// Every example compiles to a rule set; each is snapshotted.
#[test]
fn examples_compile_to_rule_sets() {
    insta::glob!("../examples", "**/*.sla", |path| {
        let rules = rules_of(path);
        assert_eq!(rules.schema, slate::rules::SCHEMA);
        insta::assert_snapshot!("json", slate::rules::to_json(&rules));
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
    for path in files("examples", "sla") {
        let rules = rules_of(&path);
        let back = slate::rules::from_json(&slate::rules::to_json(&rules)).expect("reads back");
        assert_eq!(back, rules, "{}", relative(&path));
    }
    let text = slate::rules::to_json(&rules_of(&root().join("examples/atm.sla")));
    let v2 = text.replacen("slate.rules/v1", "slate.rules/v2", 1);
    assert_eq!(
        slate::rules::from_json(&v2).expect_err("v2 refused"),
        "rule set version `slate.rules/v2` is not `slate.rules/v1`"
    );
    assert!(slate::rules::from_json("{}").is_err());
    assert!(slate::rules::from_json("not json").is_err());
}

/// The rule set carries the same fingerprint as the contract document.
#[test]
fn rule_set_names_the_terms_it_enforces() {
    let path = root().join("examples/support.sla");
    let src = read(&path);
    let model = slate::check(&src).model.expect("compiles");
    let rules = slate::rules::from_model(&model);
    assert_eq!(rules.agreement.fingerprint, model.fingerprint());
    assert!(slate::render::to_html(&model).contains(&rules.agreement.fingerprint));
}
