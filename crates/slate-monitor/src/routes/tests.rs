//! The routes driven through the axum `Router` with tower's `oneshot`,
//! over a fake state that keeps every record in memory and evaluates
//! with the engine itself (`slate::eval::live`, `evaluate`).
//!
//! Europe/London is on GMT (+00:00) in early March 2026, so local times
//! are the UTC times written. Friday 6 March, Monday 9 March 2026;
//! `office` is Monday to Friday 09:00-17:00.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use serde_json::{Value, json};
use tower::ServiceExt as _;

use super::*;
use crate::clock::ManualClock;

const AGREEMENT: &str = r#"agreement "Live" {
  id        "LIVE"
  effective 2026-01-01 to 2026-12-31
  timezone  "Europe/London"

  party acme "Acme Ltd" {
    role      provider
    signatory "Jane Roe", "Director"
  }

  party client "Client plc" {
    role      customer
    signatory "John Doe", "CTO"
  }

  calendar office "Office hours" {
    timezone "Europe/London"
    monday to friday 09:00-17:00
  }

  service desk "Service desk" {
    hours office
  }

  objective resolve "Resolution" {
    service desk
    measure tickets from created until resolved
    pause   while status is "waiting"
    clock   office
    goal    priority "P1" within 1 hour
    goal    otherwise within 4 hours
    target  90% of tickets per month
  }

  objective uptime "Availability" {
    service desk
    uptime  at least 99% per month
    clock   office
  }
}
"#;

/// Friday 16:30: a P1 opens, 30 minutes before the office closes.
const P1: &str = r#"{"id":"T1","at":"2026-03-06T16:30:00Z","event":"created","priority":"P1"}"#;

/// Monday 9 March 2026, 09:15 UTC (and London): T1 has used 45 minutes.
const MONDAY_0915: i64 = 1_773_047_700;

/// Monday 9 March 2026, 09:30: T1's hour is used up.
const MONDAY_0930: i64 = 1_773_048_600;

/// The state kept in memory: every record read again on each ingest.
struct Fake {
    rules: RuleSet,
    text: String,
    events: slate::eval::Events,
    /// How long a report takes.
    slow: Duration,
}

fn rules() -> RuleSet {
    let model = slate::compile(AGREEMENT, &slate::Options::default());
    let Ok(model) = model else {
        unreachable!("the test agreement checks clean")
    };
    let Ok(rules) = slate::rules::from_model(&model) else {
        unreachable!("the test agreement has a rule set")
    };
    rules
}

impl Fake {
    fn new(rules: RuleSet) -> Fake {
        let mut f = Fake {
            rules,
            text: String::new(),
            events: slate::eval::Events::default(),
            slow: Duration::ZERO,
        };
        f.reread();
        f
    }

    fn reread(&mut self) {
        let mut e = slate::eval::Events::default();
        e.due_attributes(slate::eval::due::attributes(&self.rules));
        e.read("monitor", &self.text, slate::eval::Format::Ndjson);
        e.group();
        self.events = e;
    }
}

impl Backend for Fake {
    fn ingest(&mut self, body: &[u8]) -> Result<Ingested, Rejected> {
        let text =
            std::str::from_utf8(body).map_err(|_| Rejected::Failed("not UTF-8".to_owned()))?;
        let mut batch = slate::eval::Events::default();
        batch.read("batch", text, slate::eval::Format::Ndjson);
        if batch.invalid_total > 0 {
            let errors = batch
                .invalid
                .iter()
                .map(|i| LineError {
                    line: i.line,
                    message: i.message.clone(),
                })
                .collect();
            return Err(Rejected::Invalid {
                errors,
                total: batch.invalid_total,
            });
        }
        let before = (self.events.records.len(), self.events.duplicates);
        self.text.push_str(text);
        if !text.ends_with('\n') {
            self.text.push('\n');
        }
        self.reread();
        Ok(Ingested {
            accepted: (self.events.records.len() - before.0) as u64,
            duplicates: self.events.duplicates - before.1,
        })
    }

    fn live(&mut self, now: i64) -> Result<Arc<slate::eval::live::Live>, String> {
        slate::eval::live::live(&self.rules, &self.events, None, now)
            .map(Arc::new)
            .map_err(|e| e.to_string())
    }

    fn reporter(&self) -> Reporter {
        let (rules, events, slow) = (self.rules.clone(), self.events.clone(), self.slow);
        Box::new(move |as_of, details| {
            std::thread::sleep(slow);
            let options = slate::eval::Options {
                as_of: Some(as_of),
                details,
                ..slate::eval::Options::default()
            };
            slate::eval::evaluate(&rules, &events, &options).map_err(|e| e.to_string())
        })
    }

    fn rules(&self) -> &RuleSet {
        &self.rules
    }

    fn memory(&self) -> Memory {
        Memory {
            records: self.events.records.len() as u64,
            items: 0,
        }
    }
}

fn app_with(rules: RuleSet, now: i64, settings: Settings) -> Router {
    router(Fake::new(rules), Arc::new(ManualClock::new(now)), settings)
}

fn app(now: i64) -> Router {
    app_with(rules(), now, Settings::default())
}

async fn call(app: &Router, request: Request<Body>) -> (StatusCode, axum::http::HeaderMap, String) {
    let response = app
        .clone()
        .oneshot(request)
        .await
        .unwrap_or_else(|e| match e {});
    let status = response.status();
    let headers = response.headers().clone();
    let body = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    (status, headers, body)
}

fn get(uri: &str) -> Request<Body> {
    Request::get(uri).body(Body::empty()).unwrap_or_default()
}

fn post(body: impl Into<Body>) -> Request<Body> {
    Request::post("/v1/events")
        .body(body.into())
        .unwrap_or_default()
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or(Value::Null)
}

#[tokio::test]
async fn a_batch_is_accepted_and_sent_again_is_all_duplicates() {
    let app = app(MONDAY_0915);
    let batch = format!(
        "{P1}\n{{\"id\":\"T3\",\"at\":\"2026-03-09T09:00:00Z\",\"event\":\"created\",\"priority\":\"P2\"}}\n"
    );
    let (status, _, body) = call(&app, post(batch.clone())).await;
    assert_eq!(
        (status, json(&body)),
        (
            StatusCode::OK,
            json!({"accepted": 2, "duplicates": 0, "rejected": 0})
        )
    );
    let (status, _, body) = call(&app, post(batch)).await;
    assert_eq!(
        (status, json(&body)),
        (
            StatusCode::OK,
            json!({"accepted": 0, "duplicates": 2, "rejected": 0})
        )
    );
    let (_, _, metrics) = call(&app, get("/metrics")).await;
    for line in [
        r#"slate_ingest_records_total{agreement="LIVE",outcome="accepted"} 2"#,
        r#"slate_ingest_records_total{agreement="LIVE",outcome="duplicate"} 2"#,
        r#"slate_ingest_records_total{agreement="LIVE",outcome="rejected"} 0"#,
        r#"slate_ingest_batches_total{agreement="LIVE",outcome="accepted"} 2"#,
        r#"slate_ingest_batches_total{agreement="LIVE",outcome="rejected"} 0"#,
        r#"slate_monitor_memory_records{agreement="LIVE"} 2"#,
    ] {
        assert!(
            metrics.lines().any(|l| l == line),
            "{line} not in\n{metrics}"
        );
    }
}

#[tokio::test]
async fn a_batch_with_a_bad_line_is_refused_whole_with_its_line_number() {
    let app = app(MONDAY_0915);
    let batch = format!("{P1}\n{{\"id\":\"T9\",\"event\":\"created\"}}\nnot json\n");
    let (status, _, body) = call(&app, post(batch)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let body = json(&body);
    assert_eq!(
        (
            body["accepted"].clone(),
            body["duplicates"].clone(),
            body["rejected"].clone()
        ),
        (json!(0), json!(0), json!(2))
    );
    let lines: Vec<Value> = body["errors"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|e| e["line"].clone())
        .collect();
    assert_eq!(lines, [json!(2), json!(3)]);
    assert_eq!(body["errors"][0]["message"], json!("missing `at`"));
    // Nothing of it was stored: T1 is not open.
    let (_, _, items) = call(&app, get("/v1/items")).await;
    assert_eq!(json(&items)["items"], json!([]));
    let (_, _, metrics) = call(&app, get("/metrics")).await;
    assert!(
        metrics.contains("slate_ingest_records_total{agreement=\"LIVE\",outcome=\"rejected\"} 2\n"),
        "{metrics}"
    );
    assert!(
        metrics.contains("slate_ingest_batches_total{agreement=\"LIVE\",outcome=\"rejected\"} 1\n"),
        "{metrics}"
    );
}

#[tokio::test]
async fn a_body_over_16_mib_is_413() {
    let app = app(MONDAY_0915);
    let (status, _, body) = call(&app, post(vec![b'\n'; MAX_BODY + 1])).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        json(&body),
        json!({"error": "the batch is larger than 16 MiB; send the records in smaller batches"})
    );
    // Exactly 16 MiB of blank lines is read (and holds no record).
    let (status, _, _) = call(&app, post(vec![b'\n'; MAX_BODY])).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn ingest_needs_the_token_when_one_is_set() {
    let settings = Settings {
        token: Token::from_file_text("  s3cret\n"),
        ..Settings::default()
    };
    let app = app_with(rules(), MONDAY_0915, settings);
    let (status, headers, body) = call(&app, post(P1)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        headers.get(header::WWW_AUTHENTICATE).map(|v| v.as_bytes()),
        Some(&b"Bearer"[..])
    );
    assert_eq!(
        json(&body),
        json!({"error": "ingest needs a bearer token: send `Authorization: Bearer TOKEN` with the token in the monitor's `--token-file`"})
    );
    for wrong in ["Bearer s3cre", "Bearer s3cret2", "Basic s3cret", "Bearer "] {
        let request = Request::post("/v1/events")
            .header(header::AUTHORIZATION, wrong)
            .body(Body::from(P1))
            .unwrap_or_default();
        let (status, _, body) = call(&app, request).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{wrong}");
        assert_eq!(
            json(&body),
            json!({"error": "the bearer token is not the monitor's; send the token in its `--token-file`"})
        );
    }
    // The scheme's name is read in any case, as HTTP says.
    let request = Request::post("/v1/events")
        .header(header::AUTHORIZATION, "bearer s3cret")
        .body(Body::from(P1))
        .unwrap_or_default();
    let (status, _, body) = call(&app, request).await;
    assert_eq!(
        (status, json(&body)),
        (
            StatusCode::OK,
            json!({"accepted": 1, "duplicates": 0, "rejected": 0})
        )
    );
    // Reads are open.
    let (status, _, _) = call(&app, get("/v1/items")).await;
    assert_eq!(status, StatusCode::OK);
}

#[test]
fn a_token_file_is_trimmed_and_an_empty_one_refused() {
    assert!(Token::from_file_text(" \n\t").is_none());
    let t = Token::from_file_text("abc\n");
    assert!(t.as_ref().is_some_and(|t| t.matches(b"abc")));
    assert!(
        !t.as_ref()
            .is_some_and(|t| t.matches(b"abd") || t.matches(b"ab") || t.matches(b"abcd"))
    );
    assert_eq!(format!("{t:?}"), "Some(Token(…))");
}

/// The hand-worked case: T1, a P1 with an hour's budget on office hours,
/// created Friday 16:30. Friday 16:30-17:00 is 1,800 s; Monday
/// 09:00-09:15 is 900 s: 2,700 s used at Monday 09:15, 75% of 3,600 s.
/// Its hour ends Monday 09:30 (1,773,048,600).
#[tokio::test]
async fn metrics_at_45_minutes_of_a_p1s_hour() {
    let app = app(MONDAY_0915);
    let downtime = "{\"id\":\"web\",\"at\":\"2026-03-02T10:00:00Z\",\"event\":\"down\"}\n{\"id\":\"web\",\"at\":\"2026-03-02T10:30:00Z\",\"event\":\"up\"}\n";
    let (status, _, _) = call(&app, post(format!("{P1}\n{downtime}"))).await;
    assert_eq!(status, StatusCode::OK);
    let (status, headers, text) = call(&app, get("/metrics")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        headers.get(header::CONTENT_TYPE).map(|v| v.as_bytes()),
        Some(metrics::CONTENT_TYPE.as_bytes())
    );
    let goal = |g: u8| format!(r#"agreement="LIVE",service="desk",objective="resolve",goal="{g}""#);
    let obj = |o: &str| format!(r#"agreement="LIVE",service="desk",objective="{o}""#);
    let expected = [
        format!("slate_open_items{{{}}} 1", goal(1)),
        format!("slate_open_items{{{}}} 0", goal(2)),
        format!("slate_open_items_over_share{{{},share=\"0.5\"}} 1", goal(1)),
        format!(
            "slate_open_items_over_share{{{},share=\"0.75\"}} 1",
            goal(1)
        ),
        format!("slate_open_items_over_share{{{},share=\"1\"}} 0", goal(1)),
        format!(
            "slate_open_items_over_share{{{},share=\"0.75\"}} 0",
            goal(2)
        ),
        format!("slate_open_items_breached{{{}}} 0", goal(1)),
        format!(
            "slate_objective_next_due_timestamp_seconds{{{}}} {MONDAY_0930}",
            goal(1)
        ),
        // No pending item is within the period's stopped tickets: no value.
        format!("slate_objective_breached{{{}}} 0", obj("resolve")),
        // March 2026 has 22 weekdays of 8 office hours: 633,600 s; 1% may
        // be down: 6,336 s. Down Monday 2 March 10:00-10:30: 1,800 s.
        format!(
            "slate_objective_allowed_downtime_seconds{{{}}} 6336",
            obj("uptime")
        ),
        format!("slate_objective_downtime_seconds{{{}}} 1800", obj("uptime")),
        format!(
            "slate_objective_error_budget_seconds{{{}}} 4536",
            obj("uptime")
        ),
        format!(
            "slate_monitor_info{{agreement=\"LIVE\",version=\"{}\",fingerprint=\"{}\"}} 1",
            env!("CARGO_PKG_VERSION"),
            rules().agreement.fingerprint
        ),
    ];
    for line in &expected {
        assert!(text.lines().any(|l| l == line), "{line} not in\n{text}");
    }
    // No series for goal 2's next due instant: it has no running item.
    assert!(
        !text.contains(&format!(
            "slate_objective_next_due_timestamp_seconds{{{}}}",
            goal(2)
        )),
        "{text}"
    );
    assert!(text.ends_with("# EOF\n"), "{text}");

    // At 09:30 the hour is used up, not exceeded: at share 1, not breached.
    // One second later it is breached.
    let app = app_with(rules(), MONDAY_0930 + 1, Settings::default());
    let _ = call(&app, post(P1)).await;
    let (_, _, text) = call(&app, get("/metrics")).await;
    for line in [
        format!("slate_open_items_over_share{{{},share=\"1\"}} 1", goal(1)),
        format!("slate_open_items_breached{{{}}} 1", goal(1)),
    ] {
        assert!(text.lines().any(|l| l == line), "{line} not in\n{text}");
    }
    assert!(
        !text.contains("slate_objective_next_due_timestamp_seconds{"),
        "{text}"
    );
}

#[tokio::test]
async fn the_warning_shares_are_the_settings() {
    let settings = Settings {
        warn_at: "90,25".parse().unwrap_or_default(),
        ..Settings::default()
    };
    let app = app_with(rules(), MONDAY_0915, settings);
    let _ = call(&app, post(P1)).await;
    let (_, _, text) = call(&app, get("/metrics")).await;
    let shares: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("slate_open_items_over_share{") && l.contains("goal=\"1\""))
        .collect();
    let mut shares = shares;
    shares.sort_unstable();
    assert_eq!(
        shares,
        [
            r#"slate_open_items_over_share{agreement="LIVE",service="desk",objective="resolve",goal="1",share="0.25"} 1"#,
            r#"slate_open_items_over_share{agreement="LIVE",service="desk",objective="resolve",goal="1",share="0.9"} 0"#,
        ]
    );
}

#[tokio::test]
async fn open_items_are_listed_most_used_first_and_filtered() {
    let app = app(MONDAY_0915);
    // T3 (P2, 4 hours) from Monday 09:00: 900 s of 14,400 s = 6.25%.
    // T5 (P2) from Friday 14:00: 10,800 s + 900 s = 11,700 s = 81.25%.
    let batch = format!(
        "{P1}\n{}\n{}\n",
        r#"{"id":"T3","at":"2026-03-09T09:00:00Z","event":"created","priority":"P2"}"#,
        r#"{"id":"T5","at":"2026-03-06T14:00:00Z","event":"created","priority":"P2"}"#
    );
    let _ = call(&app, post(batch)).await;
    let (status, _, body) = call(&app, get("/v1/items")).await;
    assert_eq!(status, StatusCode::OK);
    let body = json(&body);
    assert_eq!(body["as_of"], json!("2026-03-09T09:15:00Z"));
    let row = |id: &str, pct: &str| (json!(id), json!(pct));
    let rows: Vec<(Value, Value)> = body["items"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|i| (i["id"].clone(), i["percent_used"].clone()))
        .collect();
    assert_eq!(
        rows,
        [row("T5", "81.25"), row("T1", "75.00"), row("T3", "6.25")]
    );
    assert_eq!(
        body["items"][1],
        json!({
            "objective": "resolve", "service": "desk", "goal": 1, "id": "T1",
            "start": "2026-03-06T16:30:00Z", "budget_seconds": 3600, "elapsed_seconds": 2700,
            "percent_used": "75.00", "due": "2026-03-09T09:30:00Z", "running": true
        })
    );
    // At least 75%: T5 and T1 (exactly 75.00).
    let (_, _, body) = call(&app, get("/v1/items?objective=resolve&min_percent=75")).await;
    let ids: Vec<Value> = json(&body)["items"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|i| i["id"].clone())
        .collect();
    assert_eq!(ids, [json!("T5"), json!("T1")]);
    // `limit` keeps the most used; `total` counts every item the filter
    // keeps.
    let (_, _, body) = call(
        &app,
        get("/v1/items?objective=resolve&min_percent=75&limit=1"),
    )
    .await;
    let body = json(&body);
    assert_eq!(
        (&body["total"], &body["items"][0]["id"]),
        (&json!(2), &json!("T5"))
    );
    assert_eq!(body["items"].as_array().map(Vec::len), Some(1));
    let (_, _, body) = call(&app, get("/v1/items?min_percent=81.26")).await;
    assert_eq!(json(&body)["items"], json!([]));
    assert_eq!(json(&body)["total"], json!(0));
    let (_, _, body) = call(&app, get("/v1/items?objective=uptime")).await;
    assert_eq!(json(&body)["items"], json!([]));
}

#[tokio::test]
async fn a_bad_query_is_400_with_its_reason() {
    let app = app(MONDAY_0915);
    for (uri, error) in [
        (
            "/v1/items?objective=nope",
            "the agreement has no objective `nope`; name one of its objectives",
        ),
        (
            "/v1/items?min_percent=-1",
            "`min_percent=-1` is not a percentage such as `75` or `87.5`",
        ),
        (
            "/v1/items?min_percent=lots",
            "`min_percent=lots` is not a percentage such as `75` or `87.5`",
        ),
        (
            "/v1/items?objective=resolve&objective=resolve",
            "`objective` is given more than once; give it once",
        ),
        (
            "/v1/items?page=5",
            "unknown query parameter `page`; this endpoint takes `objective`, `min_percent` and `limit`",
        ),
        (
            "/v1/items?limit=0",
            "`limit=0` is not a number of items from 1 to 10000",
        ),
        (
            "/v1/items?limit=10001",
            "`limit=10001` is not a number of items from 1 to 10000",
        ),
        (
            "/v1/report?as_of=yesterday",
            "`as_of=yesterday` is neither an RFC 3339 timestamp (`2026-04-01T00:00:00Z`) nor a date (`2026-04-01`)",
        ),
        (
            "/v1/report?as_of=2026-03-10",
            "`as_of=2026-03-10` is after now (2026-03-09T09:15:00Z); the monitor reports only what has happened",
        ),
        (
            "/v1/report?as_of=1899-12-31T23:59:59Z",
            "`as_of=1899-12-31T23:59:59Z` is before 1900, and records are read from 1900 to 2199",
        ),
        (
            "/v1/report?details=yes",
            "`details=yes` is neither `true` nor `false`",
        ),
    ] {
        let (status, _, body) = call(&app, get(uri)).await;
        assert_eq!(
            (status, json(&body)),
            (StatusCode::BAD_REQUEST, json!({ "error": error })),
            "{uri}"
        );
    }
    let (status, _, body) = call(&app, get("/nowhere")).await;
    assert_eq!(
        (status, json(&body)),
        (
            StatusCode::NOT_FOUND,
            json!({"error": "no such endpoint `/nowhere`; see docs/monitor.md for the endpoints"})
        )
    );
    let (status, _, body) = call(
        &app,
        Request::delete("/v1/events")
            .body(Body::empty())
            .unwrap_or_default(),
    )
    .await;
    assert_eq!(
        (status, json(&body)),
        (
            StatusCode::METHOD_NOT_ALLOWED,
            json!({"error": "`/v1/events` does not take `DELETE`"})
        )
    );
}

#[tokio::test]
async fn the_report_is_evals_as_of_the_instant_asked() {
    let app = app(MONDAY_0915);
    let _ = call(&app, post(format!("{P1}\n"))).await;
    let (status, headers, body) = call(&app, get("/v1/report?as_of=2026-03-09")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        headers.get(header::CONTENT_TYPE).map(|v| v.as_bytes()),
        Some(&b"application/json"[..])
    );
    // `slate eval --as-of 2026-03-09` on the same record: midnight in London.
    let mut events = slate::eval::Events::default();
    events.read("monitor", P1, slate::eval::Format::Ndjson);
    let options = slate::eval::Options {
        as_of: Some(MONDAY_0915 - 9 * 3_600 - 15 * 60),
        ..slate::eval::Options::default()
    };
    let expected =
        slate::eval::evaluate(&rules(), &events, &options).map(|r| slate::eval::to_json(&r));
    assert_eq!(Ok(body), expected);
    let (status, _, body) = call(&app, get("/v1/report")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(json(&body)["as_of"], json!("2026-03-09T09:15:00Z"));
    assert_eq!(json(&body)["schema"], json!("slate.report/v2"));
}

#[tokio::test]
async fn health_is_ok() {
    let (status, _, body) = call(&app(MONDAY_0915), get("/healthz")).await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "ok"));
}

/// A hostile agreement title, objective title and item id reach the page
/// escaped, and the metrics' labels escaped as the exposition format asks.
#[tokio::test]
async fn hostile_names_are_escaped_in_the_page_and_the_metrics() {
    let mut hostile = rules();
    hostile.agreement.id = None;
    hostile.agreement.title = "Acme \"<script>alert(1)</script>\"\\\nx".to_owned();
    if let Some(o) = hostile.objectives.first_mut() {
        o.title = Some("<img src=x onerror=alert(2)>".to_owned());
    }
    let app = app_with(hostile, MONDAY_0915, Settings::default());
    let id = r#"{"id":"<b onmouseover=alert(3)>","at":"2026-03-09T09:00:00Z","event":"created","priority":"P1"}"#;
    let (status, _, _) = call(&app, post(format!("{P1}\n{id}\n"))).await;
    assert_eq!(status, StatusCode::OK);
    let (status, headers, page) = call(&app, get("/")).await;
    assert_eq!(status, StatusCode::OK);
    for raw in ["<script>", "<img src", "<b onmouseover"] {
        assert!(!page.contains(raw), "{raw} reached the page raw");
    }
    assert!(
        // The line break is shown, as every hidden character is.
        page.contains("<h1>Acme &quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot;\\\\u{a}x</h1>"),
        "{page}"
    );
    assert!(
        page.contains("<h2>&lt;img src=x onerror=alert(2)&gt;</h2>"),
        "{page}"
    );
    assert!(
        page.contains("<code>&lt;b onmouseover=alert(3)&gt;</code>"),
        "{page}"
    );
    assert!(page.contains("<meta http-equiv=\"refresh\" content=\"30\">"));
    // No script, and nothing loaded from anywhere (SVG's namespace is a name, not a load).
    for loads in ["<script", "<link", "<img", "<iframe", "url(http", "@import"] {
        assert!(!page.contains(loads), "{loads}");
    }
    let csp = headers
        .get(header::CONTENT_SECURITY_POLICY)
        .and_then(|v| v.to_str().ok());
    assert_eq!(
        csp,
        Some(
            "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
        )
    );
    let (_, _, text) = call(&app, get("/metrics")).await;
    let label = r#"agreement="Acme \"<script>alert(1)</script>\"\\\nx""#;
    assert!(
        text.contains(&format!(
            "slate_open_items{{{label},service=\"desk\",objective=\"resolve\",goal=\"1\"}} 2\n"
        )),
        "{text}"
    );
    assert!(
        !text
            .lines()
            .any(|l| l == "x\"\",service=\"desk\",objective=\"resolve\",goal=\"1\"} 2"),
        "{text}"
    );
}

#[tokio::test]
async fn the_page_shows_each_objective_its_items_and_the_reports_charts() {
    let app = app(MONDAY_0915);
    let _ = call(&app, post(format!("{P1}\n"))).await;
    let (_, _, page) = call(&app, get("/")).await;
    assert!(page.contains("<h2>Resolution</h2>"), "{page}");
    assert!(page.contains("<h2>Availability</h2>"), "{page}");
    // T1's row: 45 minutes of an hour, 75.00%, due 09:30, over the 50% warning.
    assert!(
        page.contains("<tr class=\"over\"><th scope=\"row\"><code>T1</code></th><td class=\"n\">1</td><td class=\"nw\">2026-03-06T16:30:00Z</td><td class=\"nw\">45 min of 1 h</td><td><meter min=\"0\" max=\"3600\" high=\"3600\" value=\"2700\"></meter> 75.00%</td><td class=\"nw\">2026-03-09T09:30:00Z</td></tr>"),
        "{page}"
    );
    // The report's period chart, drawn by the report's own renderer.
    assert!(page.contains("<svg"), "{page}");
    assert!(page.contains("id=\"o0-periods"), "{page}");
}

#[tokio::test]
async fn a_request_over_its_time_is_503() {
    let settings = Settings {
        request_timeout: Duration::from_secs(1),
        ..Settings::default()
    };
    let mut slow = Fake::new(rules());
    slow.slow = Duration::from_secs(3);
    let app = router(slow, Arc::new(ManualClock::new(MONDAY_0915)), settings);
    // The report takes 3 s; the request may take 1 s.
    let (status, _, body) = call(&app, get("/v1/report")).await;
    assert_eq!(
        (status, json(&body)),
        (
            StatusCode::SERVICE_UNAVAILABLE,
            json!({"error": "the request did not finish within 1 second; a batch may still be stored, and sending it again is harmless"})
        )
    );
}

mod serving;
