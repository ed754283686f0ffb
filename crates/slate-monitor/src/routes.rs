//! The monitor's HTTP routes, over a [`Backend`]: the monitor's state
//! (`Monitor`) in service, an in-memory fake in the tests.
//!
//! ```text
//!  POST /v1/events ─ token? ─ body ≤ 16 MiB ─▶ Backend::ingest   (off the executor, one at a time)
//!  GET  /metrics, /v1/items, / ─────────────▶ Backend::live     (at the clock's now)
//!  GET  /v1/report?as_of=T ─────────────────▶ Backend::reporter (run without the lock)
//! ```
//!
//! Every request a client gets wrong is answered with a 4xx and `{"error": "…"}`;
//! the state's work (fsync, evaluation) runs on the blocking pool behind a
//! mutex, never on the async executor.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{DefaultBodyLimit, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::json;
use slate::eval::Report;
use slate::rules::RuleSet;

use crate::clock::Clock;
use crate::metrics::{Counters, WarnAt};
use crate::{items, metrics, page};
use slate::eval::live::Live;

/// The largest request body read: a larger batch is refused (413).
pub const MAX_BODY: usize = 16 << 20;

/// What the routes need of the monitor's state. `Monitor` implements it;
/// every call runs on the blocking pool, one at a time.
pub trait Backend: Send + 'static {
    /// Ingests one NDJSON batch, all or nothing, durable before `Ok`.
    fn ingest(&mut self, body: &[u8]) -> Result<Ingested, Rejected>;
    /// Keeps memory to what the live view needs after a batch at `now`
    /// (`Monitor::tidy`); the error says why, in words.
    fn tidy(&mut self, _now: i64) -> Result<(), String> {
        Ok(())
    }
    /// The live view at `now`; the error says why, in words.
    fn live(&mut self, now: i64) -> Result<Arc<Live>, String>;
    /// What makes the report of the records stored so far, as of a
    /// cut-off and with or without details (`slate eval --as-of T
    /// [--details]`), run without the state: a report replays the stored
    /// records, and ingest goes on meanwhile. Its error says why, in words.
    fn reporter(&self) -> Reporter;
    /// The agreement's rule set.
    fn rules(&self) -> &RuleSet;
    /// What is held in memory.
    fn memory(&self) -> Memory;
}

/// Makes a report as of a cut-off, with or without details.
pub type Reporter = Box<dyn FnOnce(i64, bool) -> Result<Report, String> + Send>;

/// A batch accepted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Ingested {
    /// Records stored.
    pub accepted: u64,
    /// Records identical to one stored before, not stored again.
    pub duplicates: u64,
}

/// A batch refused: nothing of it was stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rejected {
    /// Some records cannot be read: the first of them, and how many.
    Invalid {
        /// The first invalid records, by line.
        errors: Vec<LineError>,
        /// How many records are invalid.
        total: u64,
    },
    /// The batch is larger than the monitor takes.
    TooLarge,
    /// The batch could not be stored; why, in words.
    Failed(String),
}

/// An invalid record of a batch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineError {
    /// Its line in the batch, from 1.
    pub line: u64,
    /// Why it cannot be read.
    pub message: String,
}

/// Records and items held in memory.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Memory {
    /// Records.
    pub records: u64,
    /// Items.
    pub items: u64,
}

/// The bearer token ingest needs, compared in constant time. Its
/// `Debug` does not show it.
#[derive(Clone)]
pub struct Token(Vec<u8>);

impl Token {
    /// The token in a token file's text: trimmed; `None` when empty.
    pub fn from_file_text(text: &str) -> Option<Token> {
        let t = text.trim();
        (!t.is_empty()).then(|| Token(t.as_bytes().to_vec()))
    }

    /// Whether `given` is the token, in time that depends only on the
    /// lengths, never on where the two first differ.
    pub fn matches(&self, given: &[u8]) -> bool {
        let n = self.0.len().max(given.len());
        let mut diff = u8::from(self.0.len() != given.len());
        for i in 0..n {
            let a = self.0.get(i).copied().unwrap_or(0);
            let b = given.get(i).copied().unwrap_or(0);
            diff |= std::hint::black_box(a ^ b);
        }
        std::hint::black_box(diff) == 0
    }
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Token(…)")
    }
}

/// The operations settings the routes read.
#[derive(Clone, Debug)]
pub struct Settings {
    /// The token `POST /v1/events` needs; `None`: none is asked for
    /// (loopback only, which the server checks).
    pub token: Option<Token>,
    /// The warning shares of the budget, in percent.
    pub warn_at: WarnAt,
    /// How long a request may take, its body included.
    pub request_timeout: Duration,
    /// How long the status page reuses the report its charts are drawn
    /// from, in the clock's seconds.
    pub charts_every: i64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            token: None,
            warn_at: WarnAt::default(),
            request_timeout: Duration::from_secs(60),
            charts_every: 300,
        }
    }
}

/// The report the status page's charts come from, and when it was made.
type Charts = Option<(i64, Arc<Report>)>;

/// The routes' shared state.
struct App<B> {
    backend: Arc<Mutex<B>>,
    clock: Arc<dyn Clock>,
    settings: Arc<Settings>,
    counters: Counters,
    tz: chrono_tz::Tz,
    charts: Arc<Mutex<Charts>>,
}

impl<B> Clone for App<B> {
    fn clone(&self) -> Self {
        App {
            backend: Arc::clone(&self.backend),
            clock: Arc::clone(&self.clock),
            settings: Arc::clone(&self.settings),
            counters: self.counters.clone(),
            tz: self.tz,
            charts: Arc::clone(&self.charts),
        }
    }
}

/// A refusal: its status and JSON body.
#[derive(Debug)]
pub(crate) struct ApiError {
    status: StatusCode,
    body: serde_json::Value,
}

impl ApiError {
    /// `{"error": message}` with `status`.
    pub(crate) fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            body: json!({ "error": message.into() }),
        }
    }

    fn bad(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, message)
    }

    fn internal(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, axum::Json(self.body)).into_response()
    }
}

/// The routes over `backend`, reading the time from `clock`.
pub fn router<B: Backend>(backend: B, clock: Arc<dyn Clock>, settings: Settings) -> Router {
    let tz = backend.rules().agreement.timezone;
    let counters = Counters::new(slate::rules::prometheus::agreement_label(backend.rules()));
    let timeout = settings.request_timeout;
    let app = App {
        backend: Arc::new(Mutex::new(backend)),
        clock,
        settings: Arc::new(settings),
        counters,
        tz,
        charts: Arc::new(Mutex::new(None)),
    };
    let ingest = post(ingest::<B>)
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .route_layer(middleware::from_fn_with_state(app.clone(), authorise::<B>));
    Router::new()
        .route("/v1/events", ingest)
        .route("/metrics", get(metrics_text::<B>))
        .route("/v1/items", get(open_items::<B>))
        .route("/v1/report", get(report::<B>))
        .route("/healthz", get(|| async { "ok" }))
        .route("/", get(status_page::<B>))
        .fallback(not_found)
        .method_not_allowed_fallback(wrong_method)
        .with_state(app)
        .layer(middleware::from_fn(move |r, n| within(timeout, r, n)))
        .layer(middleware::from_fn(headers))
}

/// Runs `f` on the backend, on the blocking pool, alone.
async fn with_backend<B: Backend, T: Send + 'static>(
    app: &App<B>,
    f: impl FnOnce(&mut B) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let backend = Arc::clone(&app.backend);
    tokio::task::spawn_blocking(move || {
        let mut b = backend.lock().map_err(|_| {
            ApiError::internal(
                "the monitor's state is unavailable after an internal failure; restart the monitor",
            )
        })?;
        f(&mut b)
    })
    .await
    .map_err(|_| ApiError::internal("the request failed inside the monitor"))?
}

/// Refuses an ingest without the token, before its body is read.
async fn authorise<B: Backend>(
    State(app): State<App<B>>,
    request: Request,
    next: Next,
) -> Response {
    let Some(token) = &app.settings.token else {
        return next.run(request).await;
    };
    let given = request
        .headers()
        .get(header::AUTHORIZATION)
        .map(|v| bearer(v.as_bytes()));
    let refusal = match given {
        None => {
            "ingest needs a bearer token: send `Authorization: Bearer TOKEN` with the token in the monitor's `--token-file`"
        }
        Some(t) if token.matches(t) => return next.run(request).await,
        Some(_) => "the bearer token is not the monitor's; send the token in its `--token-file`",
    };
    let mut response = ApiError::new(StatusCode::UNAUTHORIZED, refusal).into_response();
    response
        .headers_mut()
        .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    response
}

/// The credentials of an `Authorization` header of the `Bearer` scheme
/// (its name in any case, as HTTP says); empty for any other.
fn bearer(header: &[u8]) -> &[u8] {
    match header.split_at_checked(7) {
        Some((scheme, token)) if scheme.eq_ignore_ascii_case(b"bearer ") => token,
        _ => b"",
    }
}

async fn ingest<B: Backend>(
    State(app): State<App<B>>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let body = match body {
        Ok(b) => b,
        Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            app.counters.batch("rejected");
            return Err(too_large());
        }
        Err(_) => return Err(ApiError::bad("cannot read the request body")),
    };
    let now = app.clock.now();
    let result = with_backend(&app, move |b| {
        let result = b.ingest(&body);
        if result.is_ok() {
            // The batch is stored whatever this says: a fold that cannot
            // run now runs at the next live view, whose error says why.
            let _ = b.tidy(now);
        }
        Ok(result)
    })
    .await?;
    let c = &app.counters;
    match result {
        Ok(i) => {
            c.batch("accepted");
            c.records("accepted", i.accepted);
            c.records("duplicate", i.duplicates);
            let body = json!({ "accepted": i.accepted, "duplicates": i.duplicates, "rejected": 0 });
            Ok(axum::Json(body).into_response())
        }
        Err(Rejected::Invalid { errors, total }) => {
            c.batch("rejected");
            c.records("rejected", total);
            let errors: Vec<_> = errors
                .iter()
                .map(|e| json!({ "line": e.line, "message": e.message }))
                .collect();
            Err(ApiError {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                body: json!({ "accepted": 0, "duplicates": 0, "rejected": total, "errors": errors }),
            })
        }
        Err(Rejected::TooLarge) => {
            c.batch("rejected");
            Err(too_large())
        }
        Err(Rejected::Failed(why)) => Err(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            format!("cannot store the batch: {why}; nothing of it was stored, so send it again"),
        )),
    }
}

fn too_large() -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "the batch is larger than 16 MiB; send the records in smaller batches",
    )
}

async fn metrics_text<B: Backend>(State(app): State<App<B>>) -> Result<Response, ApiError> {
    let now = app.clock.now();
    let (settings, counters) = (Arc::clone(&app.settings), app.counters.clone());
    let text = with_backend(&app, move |b| {
        let live = b.live(now).map_err(ApiError::internal)?;
        metrics::exposition(b.rules(), &live, b.memory(), &settings.warn_at, &counters)
            .map_err(|_| ApiError::internal("cannot write the metrics"))
    })
    .await?;
    Ok(([(header::CONTENT_TYPE, metrics::CONTENT_TYPE)], text).into_response())
}

async fn open_items<B: Backend>(
    State(app): State<App<B>>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(pairs) = query.map_err(|_| ApiError::bad("cannot read the query string"))?;
    let now = app.clock.now();
    let (live, filter) = with_backend(&app, move |b| {
        let filter = items::Filter::parse(&pairs, b.rules()).map_err(ApiError::bad)?;
        let live = b.live(now).map_err(ApiError::internal)?;
        Ok((live, filter))
    })
    .await?;
    // Listed outside the lock: ingest need not wait for the JSON.
    let body = tokio::task::spawn_blocking(move || items::listing(&live, &filter))
        .await
        .map_err(|_| ApiError::internal("the listing stopped".to_owned()))?;
    Ok(axum::Json(body).into_response())
}

async fn report<B: Backend>(
    State(app): State<App<B>>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(pairs) = query.map_err(|_| ApiError::bad("cannot read the query string"))?;
    let now = app.clock.now();
    let (as_of, details) = items::report_query(&pairs, app.tz, now).map_err(ApiError::bad)?;
    let reporter = with_backend(&app, |b| Ok(b.reporter())).await?;
    let report = off_executor(move || reporter(as_of, details)).await?;
    Ok((
        [(header::CONTENT_TYPE, "application/json")],
        slate::eval::to_json(&report),
    )
        .into_response())
}

async fn status_page<B: Backend>(State(app): State<App<B>>) -> Result<Response, ApiError> {
    let now = app.clock.now();
    let report = page_report(&app, now).await;
    let settings = Arc::clone(&app.settings);
    let html = with_backend(&app, move |b| {
        let live = b.live(now).map_err(ApiError::internal)?;
        Ok(page::render(
            b.rules(),
            &live,
            report.as_deref(),
            &settings.warn_at,
        ))
    })
    .await?;
    Ok(([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response())
}

/// The report the page's charts are drawn from: the one made less than
/// `charts_every` seconds ago, or a new one as of `now`. Replaying the log
/// for every view of a page that refreshes itself would cost as much as a
/// report each time; charts of the periods change slowly. `None` when it
/// cannot be made: the page shows the live figures without charts.
async fn page_report<B: Backend>(app: &App<B>, now: i64) -> Option<Arc<Report>> {
    let every = app.settings.charts_every;
    if let Ok(cache) = app.charts.lock()
        && let Some((at, r)) = cache.as_ref()
        && (0..every).contains(&(now - at))
    {
        return Some(Arc::clone(r));
    }
    let reporter = with_backend(app, |b| Ok(b.reporter())).await.ok()?;
    let r = Arc::new(off_executor(move || reporter(now, false)).await.ok()?);
    if let Ok(mut cache) = app.charts.lock() {
        *cache = Some((now, Arc::clone(&r)));
    }
    Some(r)
}

/// Runs `f` on the blocking pool, without the state; its error is the
/// monitor's own (500).
async fn off_executor<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, String> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|_| ApiError::internal("the request failed inside the monitor"))?
        .map_err(ApiError::internal)
}

async fn not_found(request: Request<Body>) -> ApiError {
    let path = slate::eval::visible::visible(request.uri().path()).into_owned();
    ApiError::new(
        StatusCode::NOT_FOUND,
        format!("no such endpoint `{path}`; see docs/monitor.md for the endpoints"),
    )
}

async fn wrong_method(request: Request<Body>) -> ApiError {
    let path = slate::eval::visible::visible(request.uri().path()).into_owned();
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        format!("`{}` does not take `{}`", path, request.method()),
    )
}

/// Ends a request that takes longer than `limit`, body included.
async fn within(limit: Duration, request: Request, next: Next) -> Response {
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(r) => r,
        Err(_) => ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            format!(
                "the request did not finish within {}; a batch may still be stored, and sending it again is harmless",
                slate::words::seconds(limit.as_secs())
            ),
        )
        .into_response(),
    }
}

/// Headers on every answer: no caching, no sniffing, and a policy that
/// lets a page load nothing from anywhere (inline styles and SVG only).
async fn headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let h: &mut HeaderMap = response.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
        ),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

#[cfg(test)]
mod tests;
