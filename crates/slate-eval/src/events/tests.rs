use super::*;

/// Records found invalid after reading (an objective needs a number
/// they lack) are listed with those found on reading, in line order.
#[test]
fn records_rejected_after_reading_are_listed_in_line_order() {
    let mut e = Events::default();
    e.read(
        "a.ndjson",
        concat!(
            "{\"id\":\"p\",\"at\":\"2026-03-02T09:00:00Z\",\"event\":\"probe\",\"ms\":\"x\"}\n",
            "[1]\n",
            "{\"id\":\"p\",\"at\":\"2026-03-02T09:01:00Z\",\"event\":\"probe\",\"ms\":\"y\"}\n",
        ),
        Format::Ndjson,
    );
    e.group();
    let found: Vec<(u64, String, String)> = e
        .records
        .iter()
        .map(|r| {
            (
                u64::from(r.seq),
                "lat".to_owned(),
                "not a number".to_owned(),
            )
        })
        .collect();
    e.reject(&found);
    let lines: Vec<u64> = e.invalid.iter().map(|i| i.line).collect();
    assert_eq!(lines, [1, 2, 3]);
    assert_eq!((e.invalid_total, e.read, e.records.len()), (3, 0, 0));
}

#[test]
fn reads_ndjson_and_reports_bad_lines() {
    let mut e = Events::default();
    e.read(
        "a.ndjson",
        concat!(
            "{\"id\":\"T1\",\"at\":\"2026-03-02T09:15:00Z\",\"event\":\"created\",\"priority\":\"P1\"}\n",
            "\n",
            "{\"id\":\"T1\",\"at\":\"2026-03-02T09:15:00Z\",\"event\":\"created\",\"priority\":\"P1\"}\n",
            "{\"id\":\"T1\",\"at\":\"2026-03-02T09:15:00+00:00\",\"event\":\"created\",\"priority\":\"P1\"}\n",
            "{\"id\":\"T2\",\"at\":\"yesterday\",\"event\":\"created\"}\n",
            "{\"id\":\"T3\",\"event\":\"created\"}\n",
            "[1]\n",
            "{\"id\":7,\"at\":\"2026-03-02T10:00:00+01:00\",\"event\":\"created\",\"n\":{}}\n",
        ),
        Format::Ndjson,
    );
    e.group();
    // Lines 1 and 4 are distinct records (`Z` and `+00:00` are different
    // texts); line 3 repeats line 1.
    assert_eq!(e.records.len(), 2);
    assert_eq!(e.duplicates, 1);
    assert_eq!(e.read, 3);
    let priority = e.symbols.get("priority").unwrap();
    assert_eq!(
        e.records[0]
            .attr(&e.attrs, priority)
            .map(|v| e.symbols.name(v)),
        Some("P1")
    );
    let lines: Vec<u64> = e.invalid.iter().map(|i| i.line).collect();
    assert_eq!(lines, [5, 6, 7, 8]);
    assert!(
        e.invalid[1].message.contains("missing `at`"),
        "{}",
        e.invalid[1]
    );
    assert!(
        e.invalid[3].message.contains("field `n` is not a string"),
        "{}",
        e.invalid[3]
    );
}

#[test]
fn a_duplicate_is_the_same_record_field_for_field() {
    let mut e = Events::default();
    let base = "{\"id\":\"A\",\"at\":\"2026-03-02T09:15:00Z\",\"event\":\"x\",\"k\":\"v\"}\n";
    let text = [
        base,
        // The same fields in another order: a duplicate.
        "{\"k\":\"v\",\"event\":\"x\",\"at\":\"2026-03-02T09:15:00Z\",\"id\":\"A\"}\n",
        // One field different each: new records.
        "{\"id\":\"B\",\"at\":\"2026-03-02T09:15:00Z\",\"event\":\"x\",\"k\":\"v\"}\n",
        "{\"id\":\"A\",\"at\":\"2026-03-02T09:15:00+00:00\",\"event\":\"x\",\"k\":\"v\"}\n",
        "{\"id\":\"A\",\"at\":\"2026-03-02T09:15:00Z\",\"event\":\"y\",\"k\":\"v\"}\n",
        "{\"id\":\"A\",\"at\":\"2026-03-02T09:15:00Z\",\"event\":\"x\",\"k\":\"w\"}\n",
        "{\"id\":\"A\",\"at\":\"2026-03-02T09:15:00Z\",\"event\":\"x\",\"j\":\"v\"}\n",
        "{\"id\":\"A\",\"at\":\"2026-03-02T09:15:00Z\",\"event\":\"x\"}\n",
        // Again, after the others: still a duplicate.
        base,
    ]
    .concat();
    e.read("d.ndjson", &text, Format::Ndjson);
    e.group();
    assert_eq!((e.read, e.records.len(), e.duplicates), (9, 7, 2));
}

#[test]
fn numbers_keep_their_text() {
    let mut e = Events::default();
    e.read(
        "n.ndjson",
        concat!(
            "{\"id\":\"A\",\"at\":\"2026-03-02T09:15:00Z\",\"event\":\"x\",\"p\":1.0}\n",
            "{\"id\":\"A\",\"at\":\"2026-03-02T09:15:00Z\",\"event\":\"x\",\"p\":1}\n",
            "{\"id\":\"A\",\"at\":\"2026-03-02T09:15:00Z\",\"event\":\"x\",\"p\":\"a\\\"b\",\"q\":true,\"r\":null}\n",
        ),
        Format::Ndjson,
    );
    e.group();
    // `1.0` and `1` are different texts: two records, no duplicate.
    assert_eq!((e.records.len(), e.duplicates), (3, 0));
    let p = e.symbols.get("p").unwrap();
    let text = |i: usize| e.records[i].attr(&e.attrs, p).map(|v| e.symbols.name(v));
    assert_eq!(
        (text(0), text(1), text(2)),
        (Some("1.0"), Some("1"), Some("a\"b"))
    );
    let q = e.symbols.get("q").unwrap();
    assert_eq!(
        e.records[2].attr(&e.attrs, q).map(|v| e.symbols.name(v)),
        Some("true")
    );
    assert_eq!(e.symbols.get("r"), None);
}

#[test]
fn reads_csv_with_a_header() {
    let mut e = Events::default();
    e.read(
        "b.csv",
        "id,at,event,priority\nT1,2026-03-02T09:15:00Z,created,P2\nT1,2026-03-02T10:15:00Z,replied,\nT2,2026-03-02T10:15:00Z\n",
        Format::Csv,
    );
    e.group();
    assert_eq!(e.records.len(), 2);
    let priority = e.symbols.get("priority").unwrap();
    assert_eq!(e.records[1].attr(&e.attrs, priority), None);
    assert_eq!(e.invalid.len(), 1);
    assert_eq!(e.invalid[0].line, 4);
    assert_eq!(e.records[0].at, 1_772_442_900);
}

#[test]
fn timestamps_far_away_are_refused() {
    let mut e = Events::default();
    e.read(
        "far.ndjson",
        concat!(
            "{\"id\":\"A\",\"at\":\"9999-12-31T23:59:59Z\",\"event\":\"created\"}\n",
            "{\"id\":\"A\",\"at\":\"0001-01-01T00:00:00Z\",\"event\":\"created\"}\n",
            "{\"id\":\"A\",\"at\":\"+20000-01-01T00:00:00Z\",\"event\":\"created\"}\n",
            "{\"id\":\"A\",\"at\":\"2199-12-31T23:59:59Z\",\"event\":\"created\"}\n",
        ),
        Format::Ndjson,
    );
    e.group();
    assert_eq!(e.records.len(), 1);
    let lines: Vec<u64> = e.invalid.iter().map(|i| i.line).collect();
    assert_eq!(lines, [1, 2, 3]);
    assert!(
        e.invalid[0]
            .message
            .contains("outside the years 1900 to 2199")
    );
    assert!(e.invalid[2].message.contains("not an RFC 3339 timestamp"));
}

#[test]
fn a_csv_without_an_id_column_is_refused() {
    let mut e = Events::default();
    e.read(
        "c.csv",
        "at,event\n2026-03-02T09:15:00Z,created\n",
        Format::Csv,
    );
    e.group();
    assert_eq!(e.invalid.len(), 1);
    assert!(e.invalid[0].message.contains("`id`"));
}

#[test]
fn a_rejected_record_is_listed_in_its_own_file_when_a_name_is_read_twice() {
    // The name `a.ndjson` is read twice: its second reading's bad line 1
    // comes after the first reading's line 2, rejected after reading.
    let record = "{\"id\":\"A\",\"at\":\"2026-03-02T09:15:00Z\",\"event\":\"probe\"}\n";
    let mut e = Events::default();
    e.read("a.ndjson", &format!("{record}{record}"), Format::Ndjson);
    e.read("a.ndjson", "not json\n", Format::Ndjson);
    e.reject(&[(1, "latency".to_owned(), "no number".to_owned())]);
    let listed: Vec<(u64, &str)> = e
        .invalid
        .iter()
        .map(|i| (i.line, i.message.as_str()))
        .collect();
    assert_eq!(listed.len(), 2);
    assert_eq!(listed[0], (2, "no number"));
    assert_eq!(listed[1].0, 1);
    assert_eq!(e.invalid_total, 2);
    assert_eq!(
        e.files,
        [("a.ndjson".to_owned(), 1), ("a.ndjson".to_owned(), 0)]
    );
}

#[test]
fn a_rejected_record_is_listed_before_later_lines_when_the_list_is_full() {
    // 1,000 bad lines in the second file fill the list on reading; a record
    // of the first file rejected after reading comes first, and the last
    // bad line leaves the list.
    let record = "{\"id\":\"A\",\"at\":\"2026-03-02T09:15:00Z\",\"event\":\"probe\"}\n";
    let mut e = Events::default();
    e.read("first.ndjson", record, Format::Ndjson);
    e.read(
        "second.ndjson",
        &"x\n".repeat(MAX_LISTED_INVALID),
        Format::Ndjson,
    );
    assert_eq!(e.invalid.len(), MAX_LISTED_INVALID);
    e.reject(&[(0, "latency".to_owned(), "no number".to_owned())]);
    assert_eq!(e.invalid_total, MAX_LISTED_INVALID as u64 + 1);
    assert_eq!(e.invalid.len(), MAX_LISTED_INVALID);
    assert_eq!(
        (e.invalid[0].file.as_str(), e.invalid[0].line),
        ("first.ndjson", 1)
    );
    let last = &e.invalid[MAX_LISTED_INVALID - 1];
    assert_eq!((last.file.as_str(), last.line), ("second.ndjson", 999));
}

#[test]
fn a_bad_csv_header_is_named_on_its_own_line() {
    // Blank lines before the header are skipped: the header is line 3.
    let mut e = Events::default();
    e.read(
        "c.csv",
        "\n\nat,event\n2026-03-02T09:15:00Z,created\n",
        Format::Csv,
    );
    assert_eq!(e.invalid.len(), 1);
    assert_eq!(e.invalid[0].line, 3);
    assert!(e.invalid[0].message.contains("`id`"));
}

mod reading {
    use super::*;
    use proptest::prelude::*;

    /// One line of a generated file: a record from a small alphabet (so
    /// duplicates and ties are common), a blank line or a bad one.
    fn line() -> impl Strategy<Value = String> {
        let at = prop::sample::select(vec![
            "2026-03-02T09:15:00Z",
            "2026-03-02T09:15:00+00:00",
            "2026-03-02T10:15:00+01:00",
            "2026-03-02T09:15:00.5Z",
            "2026-03-02t09:15:00Z",
            "2026-03-02T09:16:00Z",
            "2026-03-01T23:00:00-05:00",
        ]);
        let record = (
            prop::sample::select(vec!["A", "B", "C", "D"]),
            at,
            prop::sample::select(vec!["x", "y"]),
            prop::option::of(prop::sample::select(vec!["1", "1.0", "\"a\"", "\"b\""])),
            any::<bool>(),
        )
            .prop_map(|(id, at, event, p, p_first)| {
                let p = p.map(|p| format!(",\"p\":{p}")).unwrap_or_default();
                if p_first {
                    format!("{{\"event\":\"{event}\"{p},\"id\":\"{id}\",\"at\":\"{at}\"}}")
                } else {
                    format!("{{\"id\":\"{id}\",\"at\":\"{at}\",\"event\":\"{event}\"{p}}}")
                }
            });
        prop_oneof![
            8 => record,
            1 => Just(String::new()),
            1 => Just("[1]".to_owned()),
            1 => Just("{\"id\":\"A\",\"event\":\"x\"}".to_owned()),
        ]
    }

    /// Everything a reading gives: its records with symbols as their
    /// strings, its invalid records, the counts and the files.
    type Seen = (Vec<String>, Vec<Invalid>, u64, u64, Vec<(String, u64)>);

    fn seen(e: &Events) -> Seen {
        let s = |sym| e.symbols.name(sym);
        let records = e
            .records
            .iter()
            .map(|r| {
                let attrs: Vec<(&str, &str)> = r
                    .attrs(&e.attrs)
                    .iter()
                    .map(|&(k, v)| (s(k), s(v)))
                    .collect();
                let origin = e.origin(u64::from(r.seq));
                format!(
                    "{} {} {} {} {} {attrs:?} {origin:?}",
                    s(r.id),
                    s(r.event),
                    r.at,
                    r.seq,
                    s(r.form)
                )
            })
            .collect();
        (
            records,
            e.invalid.clone(),
            e.read,
            e.duplicates,
            e.files.clone(),
        )
    }

    fn read(files: &[Vec<String>], threads: usize, chunk: usize) -> Events {
        let mut e = Events::default();
        e.set_threads(threads);
        e.set_chunk_bytes(chunk);
        for (n, lines) in files.iter().enumerate() {
            let text = lines.iter().map(|l| format!("{l}\n")).collect::<String>();
            e.read(&format!("f{n}.ndjson"), &text, Format::Ndjson);
        }
        e.group();
        e
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// Any number of threads and any chunk size read the same records,
        /// numbered alike, with the same invalid lines, counts and origins;
        /// a duplicate is a record whose fields, as written, an earlier
        /// record of the file set has (field order aside).
        #[test]
        fn threads_and_chunks_read_alike(
            files in prop::collection::vec(prop::collection::vec(line(), 0..40), 1..3),
            threads in 2_usize..5,
            chunk in 1_usize..200,
        ) {
            let one = read(&files, 1, 1 << 18);
            let many = read(&files, threads, chunk);
            prop_assert_eq!(seen(&one), seen(&many));
            // The duplicates, counted from the texts.
            let mut distinct = std::collections::HashSet::new();
            let mut valid = 0_u64;
            for line in files.iter().flatten() {
                let Ok(serde_json::Value::Object(map)) = serde_json::from_str::<serde_json::Value>(line) else {
                    continue;
                };
                let at = map.get("at").and_then(serde_json::Value::as_str).unwrap_or_default();
                if chrono::DateTime::parse_from_rfc3339(at).is_err() {
                    continue;
                }
                valid += 1;
                let mut fields: Vec<(String, String)> =
                    map.iter().map(|(k, v)| (k.clone(), v.to_string())).collect();
                fields.sort();
                distinct.insert(fields);
            }
            prop_assert_eq!(one.read, valid);
            prop_assert_eq!(one.duplicates, valid - distinct.len() as u64);
            prop_assert_eq!(one.records.len(), distinct.len());
        }
    }
}

/// A record is 32 bytes: at hundreds of millions of records, every byte
/// of it is hundreds of megabytes.
#[test]
fn a_record_is_32_bytes() {
    assert_eq!(std::mem::size_of::<Record>(), 32);
}

/// A record may have 65,535 attributes, not one more: a record's count of
/// them is held in 16 bits. The line stays under the 1 MiB a line may be.
#[test]
fn a_record_with_too_many_attributes_is_invalid() {
    let line = |n: usize| {
        let attrs: String = (0..n).map(|i| format!(",\"a{i}\":1")).collect();
        format!("{{\"id\":\"A\",\"at\":\"2026-03-02T09:15:00Z\",\"event\":\"x\"{attrs}}}\n")
    };
    let mut e = Events::default();
    e.read(
        "wide.ndjson",
        &(line(MAX_ATTRIBUTES) + &line(MAX_ATTRIBUTES + 1)),
        Format::Ndjson,
    );
    e.group();
    assert_eq!(e.records.len(), 1);
    assert_eq!(usize::from(e.records[0].attrs_len), MAX_ATTRIBUTES);
    assert_eq!(e.invalid.len(), 1);
    assert_eq!(e.invalid[0].line, 2);
    assert_eq!(
        e.invalid[0].message,
        "the record has more than the 65535 attributes a record may have"
    );
}
