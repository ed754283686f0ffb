use super::*;

/// Every typed value is written as the string the report always had,
/// and reads back as itself.
#[test]
fn values_keep_their_strings() {
    fn same<T>(text: &str)
    where
        T: Serialize + for<'de> Deserialize<'de> + PartialEq + fmt::Debug,
    {
        let json = format!("\"{text}\"");
        let value: T = serde_json::from_str(&json).unwrap();
        assert_eq!(serde_json::to_string(&value).unwrap(), json);
    }
    same::<Decimal>("1500.00");
    same::<Decimal>("99.978");
    same::<Decimal>("100");
    same::<Exact>("1500.00");
    same::<Exact>("0.018333333333…");
    same::<Target>("99.90");
    same::<Target>("at least 200");
    same::<Target>("at most 5");
    same::<Timestamp>("2026-04-01T00:00:00Z");
    same::<SettlementKind>("credits");
    same::<NaiveDate>("2026-03-01");
}

#[test]
fn unreadable_values_are_refused() {
    assert!(serde_json::from_str::<Exact>("\"12 EUR\"").is_err());
    assert!(serde_json::from_str::<Target>("\"at least many\"").is_err());
    assert!(serde_json::from_str::<Timestamp>("\"2026-04-01T02:00:00+02:00\"").is_err());
    assert_eq!(
        "x…".parse::<Exact>(),
        Err(ValueError::Exact("x…".to_owned()))
    );
}
