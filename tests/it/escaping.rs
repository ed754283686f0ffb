//! Generated rules never execute or break on agreement text: a property
//! test puts hostile strings (Go template actions, YAML indicators and
//! document markers, quotes, backslashes, every character a YAML reader
//! may take as a line break or refuse) into every string of an agreement
//! that reaches a rule file, compiles it to Prometheus rules and OpenSLO
//! documents, and parses both with a real YAML parser: exactly the
//! documents expected, and every string back as it went in (in alerts,
//! after Prometheus's template expansion, which must only print it). See
//! `slate_fuzz::rule_files_say`, which the `rules` fuzz target asserts too.
//!
//! Twice: through the language (the characters a `.sla` string may hold),
//! and on the rule set itself (a `slate.rules/v2` file is data anyone can
//! write), with every control character as well.

use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use slate::rules::RuleSet;
use slate::rules::openslo::to_openslo;
use slate::rules::prometheus::to_prometheus;

/// What hostile strings are made of.
const PIECES: [&str; 41] = [
    "{{",
    "}}",
    "{",
    "}",
    "{{ x2 }}",
    "{{ with query \"secret_metric\" }}{{ . | first | value }}{{ end }}",
    "{{ $value }}",
    "{{- /* c */ -}}",
    "\"",
    "\\",
    "\\\"",
    "#",
    " #",
    ": ",
    ":",
    "---",
    "...",
    "--- !!str",
    " ",
    "  ",
    "-",
    "- ",
    "? ",
    "|",
    ">",
    "&a",
    "*a",
    "!",
    "%",
    "@",
    "`",
    "'",
    ", ",
    "[",
    "]",
    "é",
    "Ω",
    "a",
    "0",
    "null",
    "~",
];

/// Characters a `.sla` string cannot hold (E0108, E0110, E0111) but a rule
/// set can.
const CONTROLS: [char; 15] = [
    '\0', '\n', '\r', '\u{1b}', '\u{7f}', '\u{85}', '\u{9b}', '\u{a0}', '\u{feff}', '\u{fffe}',
    '\u{ffff}', '\u{1f}', '\u{2028}', '\u{2029}', '\t',
];

fn hostile(controls: bool) -> impl Strategy<Value = String> {
    let piece = if controls {
        prop_oneof![
            3 => proptest::sample::select(&PIECES[..]).prop_map(str::to_owned),
            1 => proptest::sample::select(&CONTROLS[..]).prop_map(String::from),
        ]
        .boxed()
    } else {
        proptest::sample::select(&PIECES[..])
            .prop_map(str::to_owned)
            .boxed()
    };
    proptest::collection::vec(piece, 1..8).prop_map(move |p| {
        let s = p.concat();
        // A `.sla` string may not begin or end with white space (E0111);
        // a rule set's may.
        match s.trim() {
            _ if controls => s,
            "" => "x".to_owned(),
            t => t.to_owned(),
        }
    })
}

/// The strings of one agreement, in the order [`agreement`] uses them.
#[derive(Clone, Debug)]
struct Strings {
    title: String,
    id: String,
    version: String,
    provider: String,
    customer: String,
    service: String,
    description: String,
    ratio: String,
    latency: String,
}

impl Strings {
    /// Plain strings, with `title` as the agreement's title.
    fn plain(title: &str) -> Strings {
        Strings {
            title: title.to_owned(),
            id: "I".into(),
            version: "1".into(),
            provider: "P".into(),
            customer: "C".into(),
            service: "S".into(),
            description: "D".into(),
            ratio: "R".into(),
            latency: "L".into(),
        }
    }
}

fn strings(controls: bool) -> impl Strategy<Value = Strings> {
    let h = || hostile(controls);
    (h(), h(), h(), h(), h(), h(), h(), h(), h()).prop_map(
        |(title, id, version, provider, customer, service, description, ratio, latency)| Strings {
            title,
            id,
            version,
            provider,
            customer,
            service,
            description,
            ratio,
            latency,
        },
    )
}

/// A string as a `.sla` string literal.
fn quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// An agreement with two objectives Prometheus and OpenSLO monitor, and one
/// they leave out, holding `s` in every string that reaches a rule file.
fn agreement(s: &Strings) -> String {
    let q = |v: &str| quoted(v);
    format!(
        r#"agreement {title} {{
  id        {id}
  version   {version}
  effective 2026-01-01 to 2026-12-31
  timezone  "Europe/London"

  party acme {provider} {{
    role      provider
    signatory "Jane Roe", "Director"
  }}

  party client {customer} {{
    role      customer
    signatory "John Doe", "CTO"
  }}

  service api {service} {{
    hours 24x7
    description {description}
  }}

  objective ok-ratio {ratio} {{
    service api
    measure requests from received until answered
    clock   24x7
    goal    within 2 seconds
    target  99.9% of requests per month

    source prometheus {{
      good  "api_good_total{{job=\"api\"}}"
      total "api_total{{job=\"api\"}}"
    }}
  }}

  objective fast_1 {latency} {{
    service api
    measure requests from received until answered
    clock   24x7
    goal    within 1 second
    target  90% of requests per day

    source prometheus {{
      latency "api_seconds{{job=\"api\"}}"
    }}
  }}

  objective left-out {{
    service api
    measure requests from received until answered
    clock   24x7
    goal    within 1 second
    target  90% of requests per day
  }}
}}
"#,
        title = q(&s.title),
        id = q(&s.id),
        version = q(&s.version),
        provider = q(&s.provider),
        customer = q(&s.customer),
        service = q(&s.service),
        description = q(&s.description),
        ratio = q(&s.ratio),
        latency = q(&s.latency),
    )
}

/// Both rule files of `rules` give back its strings, as the `rules` fuzz
/// target asserts; a panic is the failure.
fn rule_files_say(rules: &RuleSet) -> Result<(), TestCaseError> {
    let prometheus = to_prometheus(rules).text;
    let openslo = to_openslo(rules).text;
    std::panic::catch_unwind(|| slate_fuzz::rule_files_say(rules, &prometheus, &openslo)).map_err(
        |e| {
            let why = e
                .downcast_ref::<String>()
                .cloned()
                .unwrap_or_else(|| "a panic".to_owned());
            TestCaseError::fail(format!(
                "{why}\n--- Prometheus ---\n{prometheus}\n--- OpenSLO ---\n{openslo}"
            ))
        },
    )
}

/// Through the language: the agreement checks, its rule set holds exactly
/// the strings written, and the rule files give them back.
fn through_the_language(s: &Strings) -> Result<(), TestCaseError> {
    let source = agreement(s);
    let checked = slate::check(&source);
    let Some(model) = checked.model else {
        return Err(TestCaseError::fail(format!(
            "the agreement does not check: {:?}\n{source}",
            checked.diagnostics.first()
        )));
    };
    let rules = slate::rules::from_model(&model)
        .map_err(|e| TestCaseError::fail(format!("no rule set: {e}\n{source}")))?;
    let a = &rules.agreement;
    prop_assert_eq!(&a.title, &s.title);
    prop_assert_eq!(a.id.as_ref(), Some(&s.id));
    prop_assert_eq!(a.version.as_ref(), Some(&s.version));
    let titles: Vec<Option<&str>> = rules
        .objectives
        .iter()
        .map(|o| o.title.as_deref())
        .collect();
    prop_assert_eq!(titles, [Some(&*s.ratio), Some(&*s.latency), None]);
    prop_assert_eq!(rules.services[0].title.as_deref(), Some(&*s.service));
    rule_files_say(&rules)
}

/// On the rule set itself: every string an author of a rule set controls,
/// names included, with control characters too.
fn in_the_rule_set(base: &RuleSet, s: &Strings) -> Result<(), TestCaseError> {
    let mut rules = base.clone();
    let a = &mut rules.agreement;
    a.title.clone_from(&s.title);
    // Without an id, the title is the `slate_agreement` label.
    a.id = s.id.len().is_multiple_of(2).then(|| s.id.clone());
    a.version = Some(s.version.clone());
    for svc in &mut rules.services {
        svc.name.clone_from(&s.service);
        svc.title = Some(s.description.clone());
        svc.provider.clone_from(&s.provider);
        svc.customer.clone_from(&s.customer);
    }
    for (i, o) in rules.objectives.iter_mut().enumerate() {
        o.name = format!("{}{i}", s.ratio);
        o.title = (i == 1).then(|| s.latency.clone());
        o.service.clone_from(&s.service);
        o.contract.section = format!("{}{i}", s.version);
        o.contract.text.clone_from(&s.title);
    }
    rule_files_say(&rules)
}

#[test]
fn hostile_agreement_text_reads_back_from_the_rule_files() {
    let result =
        slate_tests::seeded_runner(256, 15).run(&strings(false), |s| through_the_language(&s));
    if let Err(e) = result {
        panic!("{e}");
    }
}

#[test]
fn hostile_rule_set_strings_read_back_from_the_rule_files() {
    let checked = slate::check(&agreement(&Strings::plain("T")));
    let Some(model) = checked.model else {
        panic!("the template does not check: {:?}", checked.diagnostics)
    };
    let base = slate::rules::from_model(&model).expect("a rule set");
    let result =
        slate_tests::seeded_runner(256, 16).run(&strings(true), |s| in_the_rule_set(&base, &s));
    if let Err(e) = result {
        panic!("{e}");
    }
}

/// The reading of alert templates accepts what Slate writes and nothing
/// else, so agreement text that would run cannot pass for text.
#[test]
fn the_template_reading_refuses_every_other_action() {
    use slate_fuzz::template_printed;
    assert_eq!(
        template_printed(r#"a {{ "{{" }} x2 }} {{ $value | humanizePercentage }} {{ "{" }}"#),
        Ok("a {{ x2 }} {{ $value | humanizePercentage }} {".to_owned())
    );
    for run in [
        "{{ x2 }}",
        r#"{{ with query "secret_metric" }}{{ . | first | value }}{{ end }}"#,
        "{{ $labels }}",
        r#"{{- "{{" }}"#,
        r#"{{ "{{" -}}"#,
        "{{/* */}}",
        "x {{",
    ] {
        assert!(template_printed(run).is_err(), "{run}");
    }
}

/// The check has teeth: the rules as Slate wrote them before it escaped
/// templates (the title raw in alert descriptions) and YAML (U+2028 raw in
/// the title's comment) fail it, and so does one document too many; in the
/// group over `slate monitor`'s metrics, so do a matcher on another
/// objective, a renamed alert and the title raw in `SlateMonitorDown`.
#[test]
fn the_check_catches_unescaped_rules() {
    let s = Strings::plain(r#"T {{ with query "secret_metric" }}{{ . }}{{ end }}"#);
    let checked = slate::check(&agreement(&s));
    let Some(model) = checked.model else {
        panic!("the agreement does not check: {:?}", checked.diagnostics)
    };
    let rules = slate::rules::from_model(&model).expect("a rule set");
    let prometheus = to_prometheus(&rules).text;
    let openslo = to_openslo(&rules).text;
    slate_fuzz::rule_files_say(&rules, &prometheus, &openslo);
    let unescaped = prometheus.replace(r#"{{ \"{{\" }}"#, "{{");
    assert_ne!(unescaped, prometheus);
    let broken = openslo.replacen("# T", "# T\u{2028}---\u{2028}kind: SLO", 1);
    let extra = openslo.replacen("# T", "# T\n---\nkind: SLO\n#", 1);
    // The group over `slate monitor`'s metrics, for `left-out`: another
    // objective's series, an alert renamed, the agreement's title unescaped.
    let elsewhere = prometheus.replace(r#"objective=\"left-out\""#, r#"objective=\"left_out\""#);
    let renamed = prometheus.replace("SlateMonitorDown", "SlateMonitorGone");
    let down = prometheus
        .find("SlateMonitorDown")
        .expect("a monitor group");
    let raw_title = format!(
        "{}{}",
        &prometheus[..down],
        prometheus[down..].replace(r#"{{ \"{{\" }}"#, "{{")
    );
    for changed in [&elsewhere, &renamed, &raw_title] {
        assert_ne!(changed, &prometheus);
    }
    for (prometheus, openslo) in [
        (&unescaped, &openslo),
        (&prometheus, &broken),
        (&prometheus, &extra),
        (&elsewhere, &openslo),
        (&renamed, &openslo),
        (&raw_title, &openslo),
    ] {
        let caught = std::panic::catch_unwind(|| {
            slate_fuzz::rule_files_say(&rules, prometheus, openslo);
        });
        assert!(caught.is_err(), "not caught:\n{prometheus}\n{openslo}");
    }
}
