//! An independent checker for OpenSLO v1 documents (`apiVersion: openslo/v1`),
//! written from the specification rather than from Slate's emitter, so that
//! the `slate rules --to openslo` backend is tested against the standard and
//! not against itself.
//!
//! Sources, and what the citations below refer to:
//!
//! - **[spec]** the OpenSLO v1 specification, `website/docs/specification.md`
//!   in `OpenSLO/OpenSLO` at commit `62f464a8ab1b5237f5eda9e5bdf1840fe7a6ae9d`
//!   (the same text as the former `README.md`, e.g. at `4bd5b6e4d713`, plus
//!   composite-SLO objectives). Section names are the spec's headings.
//! - **[sdk]** the reference validator, `OpenSLO/go-sdk` `pkg/openslo/v1/*.go`
//!   (`objects.go`, `slo.go` @ `df39649c9d55`, `sli.go`, `alert_policy.go`,
//!   `alert_condition.go`, `duration_shorthand.go`), cited where the spec text
//!   is silent or loose. Its decoder (`pkg/openslosdk/encoding.go`) uses
//!   `DisallowUnknownFields`, so every object is closed: unknown fields are errors.
//!
//! Scope: the kinds Slate emits — Service, SLI, SLO, AlertPolicy,
//! AlertCondition. DataSource and AlertNotificationTarget documents are valid
//! OpenSLO but are reported, as Slate has no reason to emit them; inline
//! notification targets inside an AlertPolicy are checked. References between
//! documents (`service`, `indicatorRef`, `alertPolicyRef`, `conditionRef`)
//! must resolve inside the checked set; `targetRef` and `metricSourceRef` name
//! objects Slate does not emit and are checked for shape only.
//!
//! [`check`] returns one message per violation, `doc[i] Kind/name: path: what`.

use std::collections::HashMap;
use std::fmt::Display;

use serde_json::{Map, Value, json};

/// Kinds this checker accepts.
const KINDS: [&str; 5] = ["Service", "SLI", "SLO", "AlertPolicy", "AlertCondition"];

/// [spec] General Schema: `kind: DataSource | SLO | SLI | AlertPolicy |
/// AlertCondition | AlertNotificationTarget | Service`.
const OTHER_V1_KINDS: [&str; 2] = ["DataSource", "AlertNotificationTarget"];

/// [spec] SLO: `budgetingMethod: Occurrences | Timeslices | RatioTimeslices`.
const BUDGETING_METHODS: [&str; 3] = ["Occurrences", "Timeslices", "RatioTimeslices"];

/// [spec] Objectives: `op: lte | gte | lt | gt`; AlertCondition: `op` *enum(lte | gte | lt | gt)*.
const OPERATORS: [&str; 4] = ["lte", "gte", "lt", "gt"];

/// [spec] SLI: `rawType: success | failure`.
const RAW_TYPES: [&str; 2] = ["success", "failure"];

/// [spec] Notes (SLO/SLI/…): `description` "contains at most 1050 characters".
const DESCRIPTION_MAX: usize = 1050;

/// What an SLI measures, which decides what its SLO's objectives may say.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Form {
    Ratio,
    Threshold,
    Unknown,
}

struct Checker {
    errors: Vec<String>,
    /// `doc[i] Kind/name` of the document being checked.
    doc: String,
    /// `(kind, metadata.name)` → index of the first document with it.
    names: HashMap<(String, String), usize>,
    /// SLI name → its form, for objectives of SLOs that reference it.
    sli_forms: HashMap<String, Form>,
}

/// Checks the documents of one OpenSLO file (each YAML document converted to
/// JSON) and returns one human-readable message per violation; empty means valid.
pub fn check(docs: &[Value]) -> Vec<String> {
    let mut c = Checker {
        errors: Vec::new(),
        doc: String::new(),
        names: HashMap::new(),
        sli_forms: HashMap::new(),
    };
    for (i, d) in docs.iter().enumerate() {
        let kind = d.get("kind").and_then(Value::as_str);
        let name = d.pointer("/metadata/name").and_then(Value::as_str);
        let (Some(kind), Some(name)) = (kind, name) else {
            continue;
        };
        let key = (kind.to_owned(), name.to_owned());
        if let Some(j) = c.names.get(&key) {
            // [sdk] fieldDoc of metadata.name: "Name identifies the object when
            // other OpenSLO objects refer to it." — so it must be unique per kind.
            c.errors.push(format!(
                "doc[{i}] {kind}/{name}: metadata.name: duplicate {kind} name `{name}` (also doc[{j}])"
            ));
            continue;
        }
        c.names.insert(key, i);
        if kind == "SLI" {
            c.sli_forms.insert(name.to_owned(), sli_form(d.get("spec")));
        }
    }
    for (i, d) in docs.iter().enumerate() {
        c.document(i, d);
    }
    c.errors
}

fn sli_form(spec: Option<&Value>) -> Form {
    let Some(spec) = spec else {
        return Form::Unknown;
    };
    match (
        spec.get("ratioMetric").is_some(),
        spec.get("thresholdMetric").is_some(),
    ) {
        (true, false) => Form::Ratio,
        (false, true) => Form::Threshold,
        _ => Form::Unknown,
    }
}

impl Checker {
    fn err(&mut self, at: &str, msg: impl Display) {
        if at.is_empty() {
            self.errors.push(format!("{}: {msg}", self.doc));
        } else {
            self.errors.push(format!("{}: {at}: {msg}", self.doc));
        }
    }

    /// `v` must be a mapping with every `required` key and no key outside
    /// `required` and `optional` ([sdk] decoding with `DisallowUnknownFields`).
    fn object<'v>(
        &mut self,
        v: &'v Value,
        at: &str,
        required: &[&str],
        optional: &[&str],
    ) -> Option<&'v Map<String, Value>> {
        let Some(map) = v.as_object() else {
            self.err(at, format!("must be a mapping, got {}", type_name(v)));
            return None;
        };
        for key in required {
            if !map.contains_key(*key) {
                self.err(at, format!("missing required field `{key}`"));
            }
        }
        for key in map.keys() {
            let key = key.as_str();
            if !required.contains(&key) && !optional.contains(&key) {
                let allowed: Vec<&str> = required.iter().chain(optional).copied().collect();
                self.err(
                    at,
                    format!(
                        "unknown field `{key}` (allowed: {})",
                        if allowed.is_empty() {
                            "none".to_owned()
                        } else {
                            allowed.join(", ")
                        }
                    ),
                );
            }
        }
        Some(map)
    }

    fn string<'v>(&mut self, m: &'v Map<String, Value>, key: &str, at: &str) -> Option<&'v str> {
        let v = m.get(key)?;
        if let Some(s) = v.as_str() {
            return Some(s);
        }
        self.err(
            &join(at, key),
            format!("must be a string, got {}", type_name(v)),
        );
        None
    }

    /// A string that must not be empty ([sdk] `Required()` rejects "").
    fn text<'v>(&mut self, m: &'v Map<String, Value>, key: &str, at: &str) -> Option<&'v str> {
        let s = self.string(m, key, at)?;
        if s.trim().is_empty() {
            self.err(&join(at, key), "must not be empty");
            return None;
        }
        Some(s)
    }

    fn number(&mut self, m: &Map<String, Value>, key: &str, at: &str) -> Option<f64> {
        let v = m.get(key)?;
        if let Some(n) = v.as_f64() {
            return Some(n);
        }
        self.err(
            &join(at, key),
            format!("must be a number, got {}", type_name(v)),
        );
        None
    }

    fn boolean(&mut self, m: &Map<String, Value>, key: &str, at: &str) -> Option<bool> {
        let v = m.get(key)?;
        if let Some(b) = v.as_bool() {
            return Some(b);
        }
        self.err(
            &join(at, key),
            format!("must be a boolean, got {}", type_name(v)),
        );
        None
    }

    fn array<'v>(&mut self, m: &'v Map<String, Value>, key: &str, at: &str) -> Option<&'v [Value]> {
        let v = m.get(key)?;
        if let Some(a) = v.as_array() {
            return Some(a);
        }
        self.err(
            &join(at, key),
            format!("must be a sequence, got {}", type_name(v)),
        );
        None
    }

    /// [spec] "**description** *string* optional field, contains at most 1050 characters".
    fn description(&mut self, m: &Map<String, Value>, at: &str) {
        if let Some(d) = self.string(m, "description", at) {
            let n = d.chars().count();
            if n > DESCRIPTION_MAX {
                self.err(
                    &join(at, "description"),
                    format!("must be at most {DESCRIPTION_MAX} characters, got {n}"),
                );
            }
        }
    }

    /// A reference to a document of `kind` in the checked set, by name.
    fn reference(&mut self, m: &Map<String, Value>, key: &str, at: &str, kind: &str) {
        let Some(name) = self.text(m, key, at) else {
            return;
        };
        let rat = join(at, key);
        // [sdk] every `*Ref` is validated with `rules.StringDNSLabel()`.
        if let Err(e) = dns_label(name) {
            self.err(&rat, e);
        }
        if !self.names.contains_key(&(kind.to_owned(), name.to_owned())) {
            self.err(
                &rat,
                format!("no {kind} document named `{name}` in this file"),
            );
        }
    }

    fn document(&mut self, i: usize, d: &Value) {
        let kind = d.get("kind").and_then(Value::as_str).unwrap_or("?");
        let name = d
            .pointer("/metadata/name")
            .and_then(Value::as_str)
            .unwrap_or("?");
        self.doc = format!("doc[{i}] {kind}/{name}");
        // [spec] General Schema: `apiVersion`, `kind`, `metadata`, `spec`.
        let Some(map) = self.object(d, "", &["apiVersion", "kind", "metadata", "spec"], &[]) else {
            return;
        };
        if let Some(v) = self.string(map, "apiVersion", "")
            && v != "openslo/v1"
        {
            self.err("apiVersion", format!("must be `openslo/v1`, got `{v}`"));
        }
        if let Some(m) = map.get("metadata") {
            self.metadata(m, "metadata");
        }
        let Some(kind) = self.string(map, "kind", "") else {
            return;
        };
        let Some(spec) = map.get("spec") else {
            return;
        };
        match kind {
            "Service" => self.service_spec(spec, "spec"),
            "SLI" => {
                self.sli_spec(spec, "spec");
            }
            "SLO" => self.slo_spec(spec, "spec"),
            "AlertPolicy" => self.alert_policy_spec(spec, "spec"),
            "AlertCondition" => self.alert_condition_spec(spec, "spec"),
            other if OTHER_V1_KINDS.contains(&other) => self.err(
                "kind",
                format!(
                    "kind `{other}` is valid OpenSLO v1 but outside the kinds this checker accepts ({})",
                    KINDS.join(", ")
                ),
            ),
            other => self.err(
                "kind",
                format!(
                    "unknown kind `{other}`; expected one of {}",
                    KINDS.join(", ")
                ),
            ),
        }
    }

    /// [spec] General Schema / Notes (General Schema).
    fn metadata(&mut self, v: &Value, at: &str) {
        // [spec] `metadata: name, displayName # optional, labels # optional, annotations # optional`.
        let Some(m) = self.object(v, at, &["name"], &["displayName", "labels", "annotations"])
        else {
            return;
        };
        // [spec] "**metadata.name:** *string* - required field … follow RFC1123: up to 63
        // characters, lowercase alphanumeric characters or `-`, start and end with an
        // alphanumeric character" ([sdk] `rules.StringDNSLabel()`).
        if let Some(name) = self.string(m, "name", at)
            && let Err(e) = dns_label(name)
        {
            self.err(&join(at, "name"), e);
        }
        // [spec] `displayName: string # optional`; [sdk] objects.go: `StringMaxLength(63)`.
        if let Some(dn) = self.string(m, "displayName", at) {
            let n = dn.chars().count();
            if n > 63 {
                self.err(
                    &join(at, "displayName"),
                    format!("must be at most 63 characters, got {n}"),
                );
            }
        }
        if let Some(labels) = m.get("labels") {
            let lat = join(at, "labels");
            // [spec] "**metadata.labels:** *map[string]string|string[]*".
            if let Some(labels) = labels.as_object() {
                for (k, v) in labels {
                    // [spec] "the `key` segment … must contain at most 63 characters beginning and
                    // ending with an alphanumeric character `[a-z0-9A-Z]` with dashes `-`,
                    // underscores `_`, dots `.` and alphanumerics between."
                    if !name_segment(k) {
                        self.err(
                            &lat,
                            format!(
                                "label key `{k}` must be at most 63 characters, start and end \
                                 alphanumeric, with only `-`, `_`, `.` and alphanumerics between"
                            ),
                        );
                    }
                    // [spec] "the `value` of `key` segment can be a string or an array of strings".
                    let ok = match v {
                        Value::String(_) => true,
                        Value::Array(a) => a.iter().all(Value::is_string),
                        _ => false,
                    };
                    if !ok {
                        self.err(
                            &join(&lat, k),
                            format!(
                                "a label value must be a string or a sequence of strings, got {}",
                                type_name(v)
                            ),
                        );
                    }
                }
            } else {
                self.err(
                    &lat,
                    format!("must be a mapping, got {}", type_name(labels)),
                );
            }
        }
        if let Some(ann) = m.get("annotations") {
            let aat = join(at, "annotations");
            // [spec] "**metadata.annotations:** *map[string]string*".
            if let Some(ann) = ann.as_object() {
                for (k, v) in ann {
                    // [spec] "`key` have two segments: an optional `prefix` and `name`, separated
                    // by a slash `/`"; name as for labels; "the `prefix` … must be a DNS
                    // subdomain … at most 253 characters".
                    if !annotation_key(k) {
                        self.err(
                            &aat,
                            format!(
                                "annotation key `{k}` must be `[prefix/]name` with a DNS-subdomain \
                                 prefix and a name of at most 63 characters, alphanumeric at both ends"
                            ),
                        );
                    }
                    if !v.is_string() {
                        self.err(
                            &join(&aat, k),
                            format!("an annotation value must be a string, got {}", type_name(v)),
                        );
                    }
                }
            } else {
                self.err(&aat, format!("must be a mapping, got {}", type_name(ann)));
            }
        }
    }

    /// [spec] Service: `spec: description: string # optional up to 1050 characters`.
    fn service_spec(&mut self, v: &Value, at: &str) {
        if let Some(s) = self.object(v, at, &[], &["description"]) {
            self.description(s, at);
        }
    }

    /// [spec] SLI. Returns the SLI's form for its SLOs' objectives.
    fn sli_spec(&mut self, v: &Value, at: &str) -> Form {
        let Some(s) = self.object(
            v,
            at,
            &[],
            &["description", "thresholdMetric", "ratioMetric"],
        ) else {
            return Form::Unknown;
        };
        self.description(s, at);
        // [spec] Notes (SLI): "Either `ratioMetric` or `thresholdMetric` must be used."
        // [sdk] sli.go: `MutuallyExclusive(true, thresholdMetric, ratioMetric)`.
        match (s.get("thresholdMetric"), s.get("ratioMetric")) {
            (Some(_), Some(_)) => {
                self.err(
                    at,
                    "exactly one of `thresholdMetric` or `ratioMetric` must be set, not both",
                );
                Form::Unknown
            }
            (None, None) => {
                self.err(
                    at,
                    "exactly one of `thresholdMetric` or `ratioMetric` must be set",
                );
                Form::Unknown
            }
            (Some(t), None) => {
                self.metric(t, &join(at, "thresholdMetric"));
                Form::Threshold
            }
            (None, Some(r)) => {
                self.ratio_metric(r, &join(at, "ratioMetric"));
                Form::Ratio
            }
        }
    }

    /// [spec] SLI `ratioMetric` and its Notes.
    fn ratio_metric(&mut self, v: &Value, at: &str) {
        let Some(m) = self.object(
            v,
            at,
            &[],
            &["counter", "good", "bad", "total", "rawType", "raw"],
        ) else {
            return;
        };
        // [spec] "**counter** *enum(true | false)*".
        self.boolean(m, "counter", at);
        let has = |k: &str| m.contains_key(k);
        match (has("total"), has("raw")) {
            // [spec] `total: # … either this or "raw" must be used`;
            // `raw: # … can't be used together with good/bad/total`.
            (true, true) => self.err(at, "`total` and `raw` are mutually exclusive"),
            (false, false) => self.err(
                at,
                "one of `total` (with `good` or `bad`) or `raw` (with `rawType`) is required",
            ),
            (true, false) => {
                // [spec] `good: # the numerator, either "good" or "bad" must be provided if
                // "total" is used`; "If `bad` is defined then `good` must not be set."
                match (has("good"), has("bad")) {
                    (true, true) => self.err(
                        at,
                        "exactly one of `good` or `bad` must be set with `total`, not both",
                    ),
                    (false, false) => {
                        self.err(
                            at,
                            "exactly one of `good` or `bad` must be set with `total`",
                        );
                    }
                    _ => {}
                }
                // [spec] rawType: "Not to be used with `good` and `bad`".
                if has("rawType") {
                    self.err(
                        &join(at, "rawType"),
                        "only used with `raw`, not with `good`/`bad`/`total`",
                    );
                }
                // [spec] `counter: true | false` is listed without "# optional" and is only
                // "ignored when using raw", so a good/bad-total ratio states it.
                if !has("counter") {
                    self.err(
                        at,
                        "missing required field `counter` (required with `total`)",
                    );
                }
            }
            (false, true) => {
                for k in ["good", "bad"] {
                    if has(k) {
                        self.err(&join(at, k), "must not be used together with `raw`");
                    }
                }
                // [spec] "**rawType** *enum(success | failure)*, required when using `raw`".
                match self.string(m, "rawType", at) {
                    Some(t) if !RAW_TYPES.contains(&t) => self.err(
                        &join(at, "rawType"),
                        format!("must be one of success, failure; got `{t}`"),
                    ),
                    None if !has("rawType") => {
                        self.err(at, "missing required field `rawType` (required with `raw`)");
                    }
                    _ => {}
                }
            }
        }
        for k in ["good", "bad", "total", "raw"] {
            if let Some(x) = m.get(k) {
                self.metric(x, &join(at, k));
            }
        }
    }

    /// [spec] SLI: `metricSource: metricSourceRef # optional, type # optional, spec`.
    fn metric(&mut self, v: &Value, at: &str) {
        let Some(m) = self.object(v, at, &["metricSource"], &[]) else {
            return;
        };
        let Some(src) = m.get("metricSource") else {
            return;
        };
        let sat = join(at, "metricSource");
        // [spec] "The required `spec` key will be used to pass extraneous data to the data source."
        let Some(ms) = self.object(src, &sat, &["spec"], &["metricSourceRef", "type"]) else {
            return;
        };
        // [sdk] sli.go: `metricSourceRef` … `OmitEmpty().Rules(rules.StringDNSLabel())`.
        if let Some(r) = self.text(ms, "metricSourceRef", &sat)
            && let Err(e) = dns_label(r)
        {
            self.err(&join(&sat, "metricSourceRef"), e);
        }
        // [spec] "this field describes predefined metric source type e.g. Prometheus,
        // Datadog" — the spec "does not enforce naming conventions for data source types",
        // so any non-empty string; "Field `type` can't be omitted because the reference to
        // an existing DataSource is not specified."
        let ty = self.text(ms, "type", &sat);
        if !ms.contains_key("type") && !ms.contains_key("metricSourceRef") {
            self.err(&sat, "`type` is required when `metricSourceRef` is not set");
        }
        let Some(spec) = ms.get("spec") else {
            return;
        };
        let spat = join(&sat, "spec");
        match spec.as_object() {
            None => self.err(&spat, format!("must be a mapping, got {}", type_name(spec))),
            // [sdk] sli.go: `spec` … `Required().Rules(rules.MapMinLength(1))`.
            Some(o) if o.is_empty() => self.err(&spat, "must not be empty"),
            Some(o) => {
                // [spec] ratioMetric example: `type: Prometheus … spec: query: sum(…)`.
                if ty == Some("Prometheus") {
                    match o.get("query") {
                        Some(Value::String(q)) if !q.trim().is_empty() => {}
                        Some(Value::String(_)) => {
                            self.err(&join(&spat, "query"), "must not be empty");
                        }
                        Some(other) => self.err(
                            &join(&spat, "query"),
                            format!("must be a string, got {}", type_name(other)),
                        ),
                        None => self.err(
                            &spat,
                            "missing `query`, the PromQL expression of a Prometheus metric source",
                        ),
                    }
                }
            }
        }
    }

    /// An SLO-level or objective-level `indicator` / `indicatorRef` pair.
    fn indicator(&mut self, m: &Map<String, Value>, at: &str) -> Form {
        match (m.get("indicator"), m.get("indicatorRef")) {
            // [spec] Notes (SLO): "One of `indicator` or `indicatorRef` must be given."
            // [sdk] slo.go: `MutuallyExclusive(true, indicator, indicatorRef)`.
            (Some(_), Some(_)) => {
                self.err(
                    at,
                    "exactly one of `indicator` or `indicatorRef` must be set, not both",
                );
                Form::Unknown
            }
            (None, None) => {
                self.err(
                    at,
                    "exactly one of `indicator` or `indicatorRef` must be set",
                );
                Form::Unknown
            }
            (Some(ind), None) => {
                // [spec] inline SLI example: `indicator: metadata: …, spec: ratioMetric: …`.
                let iat = join(at, "indicator");
                let Some(i) = self.object(ind, &iat, &["metadata", "spec"], &[]) else {
                    return Form::Unknown;
                };
                if let Some(md) = i.get("metadata") {
                    self.metadata(md, &join(&iat, "metadata"));
                }
                match i.get("spec") {
                    Some(sp) => self.sli_spec(sp, &join(&iat, "spec")),
                    None => Form::Unknown,
                }
            }
            (None, Some(_)) => {
                // [spec] "**indicatorRef** optional, this is the name of Service Level Indicator (SLI)."
                self.reference(m, "indicatorRef", at, "SLI");
                m.get("indicatorRef")
                    .and_then(Value::as_str)
                    .and_then(|r| self.sli_forms.get(r).copied())
                    .unwrap_or(Form::Unknown)
            }
        }
    }

    /// [spec] SLO and Notes (SLO).
    fn slo_spec(&mut self, v: &Value, at: &str) {
        // [spec] SLO: `description # optional`, `service`, `indicator`, `indicatorRef`,
        // `timeWindow`, `budgetingMethod`, `objectives`, `alertPolicies`. `timeWindow` is
        // "optional" in the spec text, but the website notes "The Go SDK currently requires
        // exactly one time window", so it is required here for interoperability.
        let Some(s) = self.object(
            v,
            at,
            &["service", "timeWindow", "budgetingMethod", "objectives"],
            &["description", "indicator", "indicatorRef", "alertPolicies"],
        ) else {
            return;
        };
        self.description(s, at);
        // [spec] `service: string # name of the service to associate this SLO with, may refer
        // … to existing object Kind: Service`; "A Service … may be defined before creating SLO
        // to be able to refer to it in SLO's `spec.service`." Slate emits the Service, so it
        // must resolve.
        if s.contains_key("service") {
            self.reference(s, "service", at, "Service");
        }
        // [spec] "**budgetingMethod** *enum(Occurrences | Timeslices | RatioTimeslices)*, required field".
        let method = self.string(s, "budgetingMethod", at);
        if let Some(bm) = method
            && !BUDGETING_METHODS.contains(&bm)
        {
            self.err(
                &join(at, "budgetingMethod"),
                format!(
                    "must be one of {}; got `{bm}`",
                    BUDGETING_METHODS.join(", ")
                ),
            );
        }
        // [spec] "**objectives[ ]** *Threshold*, required field".
        let oat = join(at, "objectives");
        let objectives = self.array(s, "objectives", at).unwrap_or_default();
        if s.get("objectives").is_some_and(Value::is_array) && objectives.is_empty() {
            self.err(&oat, "must have at least one objective");
        }
        // [spec] Objectives: `indicator`/`indicatorRef` on an objective declare a composite
        // SLO; Notes (SLO): "If declaring composite SLO must be moved into `objectives[]`."
        let composite = objectives
            .iter()
            .any(|o| o.get("indicator").is_some() || o.get("indicatorRef").is_some());
        let form = if composite {
            if s.contains_key("indicator") || s.contains_key("indicatorRef") {
                self.err(
                    at,
                    "`indicator`/`indicatorRef` must be set on the spec (standard SLO) or on \
                     every objective (composite SLO), not both",
                );
            }
            Form::Unknown
        } else {
            self.indicator(s, at)
        };
        if let Some(tw) = s.get("timeWindow") {
            self.time_window(tw, &join(at, "timeWindow"));
        }
        // [spec] "If `thresholdMetric` has been defined, only one Threshold can be defined."
        if form == Form::Threshold && objectives.len() > 1 {
            self.err(
                &oat,
                format!(
                    "an SLO over a thresholdMetric SLI allows exactly one objective, got {}",
                    objectives.len()
                ),
            );
        }
        for (k, o) in objectives.iter().enumerate() {
            self.objective(o, &format!("{oat}[{k}]"), method, composite, form);
        }
        // [spec] "**alertPolicies[ ]** *AlertPolicy*, optional field. … An alert policy can be
        // defined inline or can refer to an Alert Policies object, in which case …
        // **alertPolicyRef** *string*: this is the name of the AlertPolicy".
        let aat = join(at, "alertPolicies");
        for (k, e) in self
            .array(s, "alertPolicies", at)
            .unwrap_or_default()
            .iter()
            .enumerate()
        {
            let eat = format!("{aat}[{k}]");
            if e.get("alertPolicyRef").is_some() {
                if let Some(m) = self.object(e, &eat, &["alertPolicyRef"], &[]) {
                    self.reference(m, "alertPolicyRef", &eat, "AlertPolicy");
                }
            } else {
                self.inline(e, &eat, "AlertPolicy");
            }
        }
    }

    /// [spec] SLO `timeWindow` and its Notes.
    fn time_window(&mut self, v: &Value, at: &str) {
        let Some(windows) = v.as_array() else {
            self.err(at, format!("must be a sequence, got {}", type_name(v)));
            return;
        };
        // [spec] "*TimeWindow* is a list but accepting only exactly one item".
        if windows.len() != 1 {
            self.err(
                at,
                format!("must have exactly one entry, got {}", windows.len()),
            );
        }
        for (k, w) in windows.iter().enumerate() {
            let wat = format!("{at}[{k}]");
            let Some(m) = self.object(w, &wat, &["duration"], &["isRolling", "calendar"]) else {
                continue;
            };
            // [spec] `duration: duration-shorthand # duration of the window eg 1d, 4w`.
            if let Some(d) = self.string(m, "duration", &wat)
                && let Err(e) = duration(d, false)
            {
                self.err(&join(&wat, "duration"), e);
            }
            // [spec] `isRolling: false # if omitted assumed `false` if `calendar:` is present`.
            // [sdk] slo.go: "'calendar' cannot be set when 'isRolling' is true";
            // "'calendar' must be set when 'isRolling' is false".
            let rolling = self.boolean(m, "isRolling", &wat).unwrap_or(false);
            match (rolling, m.get("calendar")) {
                (true, Some(_)) => {
                    self.err(&wat, "`calendar` must not be set when `isRolling` is true");
                }
                (false, None) if m.get("isRolling").is_none_or(Value::is_boolean) => {
                    self.err(
                        &wat,
                        "`calendar` is required when `isRolling` is false or omitted",
                    );
                }
                _ => {}
            }
            if let Some(cal) = m.get("calendar") {
                let cat = join(&wat, "calendar");
                let Some(c) = self.object(cal, &cat, &["startTime", "timeZone"], &[]) else {
                    continue;
                };
                // [spec] `startTime: 2020-01-21 12:30:00 # date with time in 24h format, format
                // without time zone`; [sdk] slo.go: `rules.StringDateTime(time.DateTime)`,
                // i.e. Go's "2006-01-02 15:04:05".
                if let Some(st) = self.string(c, "startTime", &cat)
                    && let Err(e) = start_time(st)
                {
                    self.err(&join(&cat, "startTime"), e);
                }
                // [spec] `timeZone: America/New_York # name as in IANA Time Zone Database`;
                // [sdk] slo.go: `rules.StringTimeZone()`.
                if let Some(tz) = self.string(c, "timeZone", &cat)
                    && let Err(e) = time_zone(tz)
                {
                    self.err(&join(&cat, "timeZone"), e);
                }
            }
        }
    }

    /// [spec] Objectives and Notes (Objectives).
    fn objective(
        &mut self,
        v: &Value,
        at: &str,
        method: Option<&str>,
        composite: bool,
        spec_form: Form,
    ) {
        let Some(m) = self.object(
            v,
            at,
            &[],
            &[
                "displayName",
                "op",
                "value",
                "target",
                "targetPercent",
                "timeSliceTarget",
                "timeSliceWindow",
                "indicator",
                "indicatorRef",
                "compositeWeight",
            ],
        ) else {
            return;
        };
        // [spec] `displayName: string # optional`.
        self.string(m, "displayName", at);
        // [spec] "Either `target` or `targetPercent` must be used." / "can't be used with
        // targetPercent"; [sdk] slo.go: `MutuallyExclusive(true, target, targetPercent)`.
        match (m.get("target"), m.get("targetPercent")) {
            (Some(_), Some(_)) => self.err(
                at,
                "exactly one of `target` or `targetPercent` must be set, not both",
            ),
            (None, None) => self.err(at, "exactly one of `target` or `targetPercent` must be set"),
            _ => {}
        }
        // [spec] "**target** *numeric [0.0, 1.0)*".
        if let Some(t) = self.number(m, "target", at)
            && !(0.0..1.0).contains(&t)
        {
            self.err(
                &join(at, "target"),
                format!("must be in [0.0, 1.0), got {t}"),
            );
        }
        // [spec] "**targetPercent**: *numeric [0.0, 100)*".
        if let Some(t) = self.number(m, "targetPercent", at)
            && !(0.0..100.0).contains(&t)
        {
            self.err(
                &join(at, "targetPercent"),
                format!("must be in [0.0, 100), got {t}"),
            );
        }
        let form = if composite {
            // [spec] Notes (Objectives): "One of `indicator` or `indicatorRef` must be given in
            // objective when creating composite SLO."
            let f = self.indicator(m, at);
            // [spec] `compositeWeight: numeric (0.0, inf+]`.
            if let Some(w) = self.number(m, "compositeWeight", at)
                && w <= 0.0
            {
                self.err(
                    &join(at, "compositeWeight"),
                    format!("must be greater than 0, got {w}"),
                );
            }
            f
        } else {
            // [spec] `compositeWeight: … supported only when declaring multiple objectives`
            // (of a composite SLO).
            if m.contains_key("compositeWeight") {
                self.err(
                    &join(at, "compositeWeight"),
                    "only supported on the objectives of a composite SLO",
                );
            }
            spec_form
        };
        // [spec] "**op** *enum( lte | gte | lt | gt )*".
        if let Some(op) = self.string(m, "op", at)
            && !OPERATORS.contains(&op)
        {
            self.err(
                &join(at, "op"),
                format!("must be one of {}; got `{op}`", OPERATORS.join(", ")),
            );
        }
        // [spec] "**value** *numeric*".
        self.number(m, "value", at);
        match form {
            // [spec] op/value: "Only needed when using a `thresholdMetric`"; [sdk] slo.go
            // requires both when the SLI is a thresholdMetric …
            Form::Threshold => {
                for key in ["op", "value"] {
                    if !m.contains_key(key) {
                        self.err(
                            at,
                            format!("missing `{key}`, required for a thresholdMetric SLI"),
                        );
                    }
                }
            }
            // … and forbids both for a ratioMetric SLI (`rules.Forbidden`).
            Form::Ratio => {
                for key in ["op", "value"] {
                    if m.contains_key(key) {
                        self.err(
                            &join(at, key),
                            "only for a thresholdMetric SLI; must not be set for a ratioMetric SLI",
                        );
                    }
                }
            }
            Form::Unknown => {}
        }
        // [spec] "**timeSliceTarget** *numeric (0.0, 1.0]*, required only when budgeting method
        // is set to Timeslices".
        if let Some(t) = self.number(m, "timeSliceTarget", at)
            && !(t > 0.0 && t <= 1.0)
        {
            self.err(
                &join(at, "timeSliceTarget"),
                format!("must be in (0.0, 1.0], got {t}"),
            );
        }
        // [spec] "**timeSliceWindow** *(numeric | duration-shorthand)* … e.g. 5, 1m, 10m, 2h, 1d".
        if let Some(w) = m.get("timeSliceWindow") {
            let wat = join(at, "timeSliceWindow");
            match w {
                Value::String(s) => {
                    if let Err(e) = duration(s, false) {
                        self.err(&wat, e);
                    }
                }
                Value::Number(n) => {
                    if n.as_f64().is_none_or(|x| x <= 0.0) {
                        self.err(&wat, format!("a numeric window must be positive, got {n}"));
                    }
                }
                other => self.err(
                    &wat,
                    format!(
                        "must be a number or a duration-shorthand, got {}",
                        type_name(other)
                    ),
                ),
            }
        }
        // [spec] timeSliceTarget: "required only when budgetingMethod is set to Timeslices";
        // timeSliceWindow: "required only when budgetingMethod is set to Timeslices or
        // RatioTimeslices".
        let needed: &[&str] = match method {
            Some("Timeslices") => &["timeSliceTarget", "timeSliceWindow"],
            Some("RatioTimeslices") => &["timeSliceWindow"],
            _ => &[],
        };
        for key in needed {
            if !m.contains_key(*key) {
                self.err(
                    at,
                    format!(
                        "missing `{key}`, required with budgetingMethod {}",
                        method.unwrap_or_default()
                    ),
                );
            }
        }
    }

    /// An inline object (`kind`, `metadata`, `spec`) of `kind`, inside another.
    fn inline(&mut self, v: &Value, at: &str, kind: &str) {
        let Some(m) = self.object(v, at, &["kind", "metadata", "spec"], &[]) else {
            return;
        };
        if let Some(k) = self.string(m, "kind", at)
            && k != kind
        {
            self.err(
                &join(at, "kind"),
                format!("must be `{kind}` here, got `{k}`"),
            );
        }
        if let Some(md) = m.get("metadata") {
            self.metadata(md, &join(at, "metadata"));
        }
        let Some(spec) = m.get("spec") else {
            return;
        };
        let sat = join(at, "spec");
        match kind {
            "AlertPolicy" => self.alert_policy_spec(spec, &sat),
            "AlertCondition" => self.alert_condition_spec(spec, &sat),
            // [spec] AlertNotificationTarget: `spec: target: # required, description: # optional`.
            _ => {
                if let Some(s) = self.object(spec, &sat, &["target"], &["description"]) {
                    self.text(s, "target", &sat);
                    self.description(s, &sat);
                }
            }
        }
    }

    /// [spec] AlertPolicy and Notes (AlertPolicy).
    fn alert_policy_spec(&mut self, v: &Value, at: &str) {
        let Some(s) = self.object(
            v,
            at,
            &["conditions", "notificationTargets"],
            &[
                "description",
                "alertWhenNoData",
                "alertWhenResolved",
                "alertWhenBreaching",
            ],
        ) else {
            return;
        };
        self.description(s, at);
        // [spec] "**alertWhenBreaching** *boolean*, `true`, `false`" (likewise alertWhenResolved,
        // alertWhenNoData); [sdk] alert_policy.go: all three `omitempty`, so optional.
        for key in ["alertWhenNoData", "alertWhenResolved", "alertWhenBreaching"] {
            self.boolean(s, key, at);
        }
        // [spec] "**conditions[ ]** *Alert Condition*, an array, (max of one condition), required
        // field." / "only allows one single condition to be defined"; [sdk] alert_policy.go:
        // `SliceLength(1, 1)`.
        let cat = join(at, "conditions");
        if let Some(conds) = self.array(s, "conditions", at) {
            if conds.len() != 1 {
                self.err(
                    &cat,
                    format!("must have exactly one condition, got {}", conds.len()),
                );
            }
            for (k, e) in conds.iter().enumerate() {
                let eat = format!("{cat}[{k}]");
                // [spec] "A condition can be defined inline or can refer to external Alert
                // condition … **conditionRef** *string*: this is the name of the Alert condition".
                if e.get("conditionRef").is_some() {
                    if let Some(m) = self.object(e, &eat, &["conditionRef"], &[]) {
                        self.reference(m, "conditionRef", &eat, "AlertCondition");
                    }
                } else {
                    self.inline(e, &eat, "AlertCondition");
                }
            }
        }
        // [spec] "**notificationTargets[ ]** *Alert Notification Target*, required field. A
        // notification target can be defined inline or can refer to an AlertNotificationTarget
        // object … **targetRef** *string*"; [sdk] alert_policy.go: `SliceMinLength(1)`.
        let tat = join(at, "notificationTargets");
        if let Some(targets) = self.array(s, "notificationTargets", at) {
            if targets.is_empty() {
                self.err(&tat, "must have at least one notification target");
            }
            for (k, e) in targets.iter().enumerate() {
                let eat = format!("{tat}[{k}]");
                if e.get("targetRef").is_some() {
                    if let Some(m) = self.object(e, &eat, &["targetRef"], &[])
                        && let Some(r) = self.text(m, "targetRef", &eat)
                        && let Err(e) = dns_label(r)
                    {
                        self.err(&join(&eat, "targetRef"), e);
                    }
                } else {
                    self.inline(e, &eat, "AlertNotificationTarget");
                }
            }
        }
    }

    /// [spec] AlertCondition and Notes (AlertCondition).
    fn alert_condition_spec(&mut self, v: &Value, at: &str) {
        let Some(s) = self.object(v, at, &["severity", "condition"], &["description"]) else {
            return;
        };
        self.description(s, at);
        // [spec] "**severity** *string*, required field describing the severity level of the
        // alert (ex. "sev1", "page", etc.)" — free text, not an enum.
        self.text(s, "severity", at);
        let Some(c) = s.get("condition") else {
            return;
        };
        let cat = join(at, "condition");
        // [spec] `condition: kind, op, threshold, lookbackWindow, alertAfter # optional`;
        // "If the kind is `burnrate` the following fields apply: op … required, threshold …
        // required, lookbackWindow … required, alertAfter … optional".
        let Some(m) = self.object(
            c,
            &cat,
            &["kind", "op", "threshold", "lookbackWindow"],
            &["alertAfter"],
        ) else {
            return;
        };
        // [spec] "**kind** *enum(burnrate)*"; [sdk] alert_condition.go: `Required()`.
        if let Some(k) = self.string(m, "kind", &cat)
            && k != "burnrate"
        {
            self.err(
                &join(&cat, "kind"),
                format!("must be `burnrate`, got `{k}`"),
            );
        }
        // [spec] "**op** *enum(lte | gte | lt | gt)*, required field".
        if let Some(op) = self.string(m, "op", &cat)
            && !OPERATORS.contains(&op)
        {
            self.err(
                &join(&cat, "op"),
                format!("must be one of {}; got `{op}`", OPERATORS.join(", ")),
            );
        }
        // [spec] "**threshold** *number*, required field". Positivity is not in the spec: a
        // burn-rate threshold ≤ 0 would fire permanently, so Slate must never emit one.
        if let Some(t) = self.number(m, "threshold", &cat)
            && t <= 0.0
        {
            self.err(
                &join(&cat, "threshold"),
                format!("a burn-rate threshold must be greater than 0, got {t}"),
            );
        }
        // [spec] "**lookbackWindow** *duration-shorthand*, required field".
        if let Some(d) = self.string(m, "lookbackWindow", &cat)
            && let Err(e) = duration(d, false)
        {
            self.err(&join(&cat, "lookbackWindow"), e);
        }
        // [spec] "**alertAfter** *duration-shorthand*, optional … defaults to `0m`" — so `0m`
        // is accepted here although the shorthand itself says "positive integer".
        if let Some(d) = self.string(m, "alertAfter", &cat)
            && let Err(e) = duration(d, true)
        {
            self.err(&join(&cat, "alertAfter"), e);
        }
    }
}

fn join(at: &str, key: &str) -> String {
    if at.is_empty() {
        key.to_owned()
    } else {
        format!("{at}.{key}")
    }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a sequence",
        Value::Object(_) => "a mapping",
    }
}

/// [spec] metadata.name, RFC 1123 label: "up to 63 characters in length, contain lowercase
/// alphanumeric characters or `-`, start with an alphanumeric character, end with an
/// alphanumeric character" ([sdk] `StringDNSLabel`: `^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`, 1–63).
fn dns_label(s: &str) -> Result<(), String> {
    let n = s.len();
    if n == 0 || n > 63 {
        return Err(format!(
            "`{s}` must be 1 to 63 characters (RFC 1123 label), got {n}"
        ));
    }
    if !s
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        return Err(format!(
            "`{s}` must contain only lowercase alphanumerics and `-` (RFC 1123 label)"
        ));
    }
    if s.starts_with('-') || s.ends_with('-') {
        return Err(format!(
            "`{s}` must start and end with an alphanumeric character (RFC 1123 label)"
        ));
    }
    Ok(())
}

/// [spec] label keys and annotation names: "at most 63 characters beginning and ending with an
/// alphanumeric character `[a-z0-9A-Z]` with dashes `-`, underscores `_`, dots `.` and
/// alphanumerics between".
fn name_segment(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= 63
        && b[0].is_ascii_alphanumeric()
        && b[b.len() - 1].is_ascii_alphanumeric()
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'))
}

/// [spec] annotation key: optional `prefix/` — "a DNS subdomain: a series of DNS labels
/// separated by dots `.`, … at most 253 characters" — then a name segment.
fn annotation_key(s: &str) -> bool {
    match s.split_once('/') {
        None => name_segment(s),
        Some((prefix, name)) => {
            !prefix.is_empty()
                && prefix.len() <= 253
                && prefix.split('.').all(|l| dns_label(l).is_ok())
                && name_segment(name)
        }
    }
}

/// [spec] duration-shorthand: "a single–word string (no whitespaces) consisting of a positive
/// integer `number` followed by a case–sensitive single–character `postfix`. Allowed postfixes
/// are: m, h, d, w, M, Q, Y".
fn duration(s: &str, allow_zero: bool) -> Result<(), String> {
    let shape = || {
        format!(
            "`{s}` is not a duration-shorthand (a positive integer followed by one of m, h, d, w, M, Q, Y, e.g. `30d`, `1M`)"
        )
    };
    let Some(unit) = s.chars().last() else {
        return Err(shape());
    };
    let digits = &s[..s.len() - unit.len_utf8()];
    if !"mhdwMQY".contains(unit) || digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(shape());
    }
    let zero = digits.bytes().all(|b| b == b'0');
    if zero {
        if allow_zero && digits.len() == 1 {
            return Ok(());
        }
        return Err(format!(
            "`{s}`: the duration-shorthand number must be positive"
        ));
    }
    if digits.starts_with('0') {
        return Err(format!(
            "`{s}`: the duration-shorthand number has a leading zero"
        ));
    }
    Ok(())
}

/// [spec] calendar `startTime: 2020-01-21 12:30:00 # date with time in 24h format, format
/// without time zone` ([sdk] Go `time.DateTime`, `2006-01-02 15:04:05`, which also rejects
/// impossible dates).
fn start_time(s: &str) -> Result<(), String> {
    let shape = || {
        format!(
            "`{s}` must be a date and 24-hour time without time zone, `YYYY-MM-DD hh:mm:ss` (e.g. `2020-01-21 12:30:00`)"
        )
    };
    let b = s.as_bytes();
    let shaped = b.len() == 19
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            10 => *c == b' ',
            13 | 16 => *c == b':',
            _ => c.is_ascii_digit(),
        });
    if !shaped {
        return Err(shape());
    }
    let n = |r: std::ops::Range<usize>| s[r].parse::<u32>().unwrap_or(u32::MAX);
    let (year, month, day) = (n(0..4), n(5..7), n(8..10));
    let (hour, minute, second) = (n(11..13), n(14..16), n(17..19));
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => 0,
    };
    if day == 0 || day > days || hour > 23 || minute > 59 || second > 59 {
        return Err(format!("`{s}` is not a valid date and time"));
    }
    Ok(())
}

/// [spec] calendar `timeZone: America/New_York # name as in IANA Time Zone Database`.
/// Without a tz database at hand this accepts the plausible shapes: `UTC`, `GMT`, or
/// `Area/Location[/Sub]` with a tzdata area (or a `backward` link area such as `US`) and
/// location segments starting with a capital letter, made of letters, digits, `_`, `-`, `+`.
fn time_zone(s: &str) -> Result<(), String> {
    const AREAS: [&str; 16] = [
        "Africa",
        "America",
        "Antarctica",
        "Arctic",
        "Asia",
        "Atlantic",
        "Australia",
        "Europe",
        "Indian",
        "Pacific",
        "Etc",
        "US",
        "Canada",
        "Brazil",
        "Chile",
        "Mexico",
    ];
    if s == "UTC" || s == "GMT" {
        return Ok(());
    }
    let mut parts = s.split('/');
    let area = parts.next().unwrap_or_default();
    let rest: Vec<&str> = parts.collect();
    let segment_ok = |p: &&str| {
        p.len() <= 30
            && p.chars().next().is_some_and(|c| c.is_ascii_uppercase())
            && p.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '+'))
    };
    if AREAS.contains(&area) && (1..=2).contains(&rest.len()) && rest.iter().all(segment_ok) {
        Ok(())
    } else {
        Err(format!(
            "`{s}` is not a plausible IANA time zone name (e.g. `UTC`, `Europe/London`, `America/New_York`)"
        ))
    }
}

// ---------------------------------------------------------------------------
// Self-tests of the checker.

/// A small valid set: every kind, references in both directions, a calendar
/// and a rolling window, a ratio and a threshold SLI, inline and referenced
/// alert policies, conditions and notification targets.
fn valid_set() -> Vec<Value> {
    vec![
        json!({
            "apiVersion": "openslo/v1",
            "kind": "Service",
            "metadata": {
                "name": "checkout",
                "displayName": "Checkout",
                "labels": { "team": "payments", "tier": ["1", "critical"] },
                "annotations": { "slate.example.com/source": "checkout.sla", "origin": "slate" }
            },
            "spec": { "description": "The checkout service" }
        }),
        json!({
            "apiVersion": "openslo/v1",
            "kind": "SLI",
            "metadata": { "name": "checkout-success" },
            "spec": {
                "ratioMetric": {
                    "counter": true,
                    "good": { "metricSource": { "type": "Prometheus", "spec": {
                        "query": "sum(rate(http_requests_total{code!~\"5..\"}[5m]))" } } },
                    "total": { "metricSource": { "type": "Prometheus", "spec": {
                        "query": "sum(rate(http_requests_total[5m]))" } } }
                }
            }
        }),
        json!({
            "apiVersion": "openslo/v1",
            "kind": "AlertCondition",
            "metadata": { "name": "checkout-fast-burn", "displayName": "Fast burn" },
            "spec": {
                "description": "2% of the monthly budget in an hour",
                "severity": "page",
                "condition": {
                    "kind": "burnrate", "op": "gt", "threshold": 14.4,
                    "lookbackWindow": "1h", "alertAfter": "5m"
                }
            }
        }),
        json!({
            "apiVersion": "openslo/v1",
            "kind": "AlertPolicy",
            "metadata": { "name": "checkout-page" },
            "spec": {
                "alertWhenBreaching": true,
                "alertWhenResolved": false,
                "alertWhenNoData": false,
                "conditions": [{ "conditionRef": "checkout-fast-burn" }],
                "notificationTargets": [{ "targetRef": "payments-oncall" }]
            }
        }),
        json!({
            "apiVersion": "openslo/v1",
            "kind": "SLO",
            "metadata": { "name": "checkout-availability", "displayName": "Checkout availability" },
            "spec": {
                "description": "Checkout succeeds",
                "service": "checkout",
                "indicatorRef": "checkout-success",
                "timeWindow": [{
                    "duration": "1M",
                    "isRolling": false,
                    "calendar": { "startTime": "2024-02-29 00:00:00", "timeZone": "Europe/London" }
                }],
                "budgetingMethod": "Occurrences",
                "objectives": [
                    { "displayName": "Availability", "target": 0.999 },
                    { "displayName": "Availability (stretch)", "targetPercent": 99.95 }
                ],
                "alertPolicies": [{ "alertPolicyRef": "checkout-page" }]
            }
        }),
        json!({
            "apiVersion": "openslo/v1",
            "kind": "SLO",
            "metadata": { "name": "checkout-latency" },
            "spec": {
                "service": "checkout",
                "indicator": {
                    "metadata": { "name": "checkout-latency-p99" },
                    "spec": { "thresholdMetric": { "metricSource": { "type": "Prometheus", "spec": {
                        "query": "histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))" } } } }
                },
                "timeWindow": [{ "duration": "28d", "isRolling": true }],
                "budgetingMethod": "Timeslices",
                "objectives": [{
                    "op": "lte", "value": 0.3, "target": 0.99,
                    "timeSliceTarget": 0.95, "timeSliceWindow": "5m"
                }],
                "alertPolicies": [{
                    "kind": "AlertPolicy",
                    "metadata": { "name": "latency-ticket" },
                    "spec": {
                        "alertWhenBreaching": true,
                        "conditions": [{
                            "kind": "AlertCondition",
                            "metadata": { "name": "latency-slow-burn" },
                            "spec": { "severity": "ticket", "condition": {
                                "kind": "burnrate", "op": "gte", "threshold": 1, "lookbackWindow": "6h" } }
                        }],
                        "notificationTargets": [{
                            "kind": "AlertNotificationTarget",
                            "metadata": { "name": "payments-email" },
                            "spec": { "target": "email" }
                        }]
                    }
                }]
            }
        }),
    ]
}

/// The valid set with the value at `pointer` (`/doc/…`) replaced, or removed if `value` is None.
fn edited(pointer: &str, value: Option<Value>) -> Vec<Value> {
    let mut all = Value::Array(valid_set());
    let (parent, key) = pointer.rsplit_once('/').unwrap_or(("", pointer));
    let key = key.replace("~1", "/").replace("~0", "~");
    let done = match (all.pointer_mut(parent), value) {
        (Some(Value::Object(m)), Some(v)) => {
            m.insert(key.clone(), v);
            true
        }
        (Some(Value::Object(m)), None) => m.remove(&key).is_some(),
        (Some(Value::Array(a)), v) => match (key.parse::<usize>(), v) {
            (Ok(i), Some(v)) if i < a.len() => {
                a[i] = v;
                true
            }
            (Ok(i), Some(v)) if i == a.len() => {
                a.push(v);
                true
            }
            (Ok(i), None) if i < a.len() => {
                a.remove(i);
                true
            }
            _ => false,
        },
        _ => false,
    };
    assert!(done, "self-test edit {pointer} found nothing to edit");
    match all {
        Value::Array(docs) => docs,
        _ => Vec::new(),
    }
}

/// Checks the checker: the valid set passes, and each broken variant yields
/// a message containing the expected text.
pub fn self_test() {
    let errors = check(&valid_set());
    assert!(
        errors.is_empty(),
        "the valid set must pass, got {errors:#?}"
    );

    let cases: Vec<(&str, Option<Value>, &str)> = vec![
        // Document level.
        (
            "/0/apiVersion",
            Some(json!("openslo/v1alpha")),
            "must be `openslo/v1`, got `openslo/v1alpha`",
        ),
        (
            "/0/kind",
            Some(json!("DataSource")),
            "outside the kinds this checker accepts",
        ),
        (
            "/0/kind",
            Some(json!("Dashboard")),
            "unknown kind `Dashboard`",
        ),
        ("/0/status", Some(json!({})), "unknown field `status`"),
        ("/1/spec", None, "missing required field `spec`"),
        (
            "/6",
            Some(json!("just a string")),
            "doc[6] ?/?: must be a mapping, got a string",
        ),
        // Metadata.
        (
            "/0/metadata/name",
            Some(json!("Checkout_Service")),
            "RFC 1123",
        ),
        (
            "/0/metadata/name",
            Some(json!("a".repeat(64))),
            "must be 1 to 63 characters",
        ),
        (
            "/0/metadata/owner",
            Some(json!("me")),
            "metadata: unknown field `owner`",
        ),
        (
            "/0/metadata/displayName",
            Some(json!("x".repeat(64))),
            "displayName: must be at most 63",
        ),
        (
            "/0/metadata/labels/team",
            Some(json!(3)),
            "a label value must be a string or a sequence",
        ),
        (
            "/0/metadata/labels/-bad",
            Some(json!("x")),
            "label key `-bad`",
        ),
        (
            "/0/metadata/annotations/a..b.com~1x",
            Some(json!("x")),
            "annotation key",
        ),
        (
            "/0/spec/description",
            Some(json!("d".repeat(1051))),
            "at most 1050 characters",
        ),
        // SLO.
        (
            "/4/spec/budgetingMethod",
            Some(json!("Monthly")),
            "budgetingMethod: must be one of",
        ),
        (
            "/4/spec/service",
            Some(json!("cart")),
            "no Service document named `cart`",
        ),
        (
            "/4/spec/indicatorRef",
            Some(json!("nope")),
            "no SLI document named `nope`",
        ),
        (
            "/4/spec/indicatorRef",
            None,
            "exactly one of `indicator` or `indicatorRef` must be set",
        ),
        (
            "/5/spec/indicatorRef",
            Some(json!("checkout-success")),
            "`indicatorRef` must be set, not both",
        ),
        (
            "/4/spec/timeWindow/0/duration",
            Some(json!("30days")),
            "not a duration-shorthand",
        ),
        (
            "/4/spec/timeWindow/0/duration",
            Some(json!("0d")),
            "must be positive",
        ),
        (
            "/4/spec/timeWindow/1",
            Some(json!({ "duration": "1w", "isRolling": true })),
            "exactly one entry, got 2",
        ),
        (
            "/4/spec/timeWindow",
            None,
            "missing required field `timeWindow`",
        ),
        (
            "/4/spec/timeWindow/0/calendar/startTime",
            Some(json!("2024-01-01T00:00:00Z")),
            "YYYY-MM-DD hh:mm:ss",
        ),
        (
            "/4/spec/timeWindow/0/calendar/startTime",
            Some(json!("2023-02-29 00:00:00")),
            "not a valid date and time",
        ),
        (
            "/4/spec/timeWindow/0/calendar/timeZone",
            Some(json!("Mars/Olympus_Mons")),
            "plausible IANA time zone",
        ),
        (
            "/4/spec/timeWindow/0/calendar",
            None,
            "`calendar` is required when `isRolling` is false",
        ),
        (
            "/5/spec/timeWindow/0/calendar",
            Some(json!({ "startTime": "2024-01-01 00:00:00", "timeZone": "UTC" })),
            "must not be set when `isRolling` is true",
        ),
        (
            "/4/spec/objectives/0/target",
            Some(json!(1.5)),
            "target: must be in [0.0, 1.0), got 1.5",
        ),
        (
            "/4/spec/objectives/1/targetPercent",
            Some(json!(100)),
            "targetPercent: must be in [0.0, 100)",
        ),
        (
            "/4/spec/objectives/0/targetPercent",
            Some(json!(99.9)),
            "exactly one of `target` or `targetPercent` must be set, not both",
        ),
        (
            "/4/spec/objectives/0/target",
            None,
            "exactly one of `target` or `targetPercent` must be set",
        ),
        (
            "/4/spec/objectives/0/op",
            Some(json!("lte")),
            "must not be set for a ratioMetric SLI",
        ),
        (
            "/4/spec/objectives",
            Some(json!([])),
            "must have at least one objective",
        ),
        (
            "/5/spec/objectives/0/op",
            None,
            "missing `op`, required for a thresholdMetric SLI",
        ),
        (
            "/5/spec/objectives/0/op",
            Some(json!("le")),
            "op: must be one of lte, gte, lt, gt",
        ),
        (
            "/5/spec/objectives/1",
            Some(
                json!({ "op": "lte", "value": 1, "target": 0.9, "timeSliceTarget": 0.9, "timeSliceWindow": "1m" }),
            ),
            "allows exactly one objective",
        ),
        (
            "/5/spec/objectives/0/timeSliceTarget",
            None,
            "missing `timeSliceTarget`, required with budgetingMethod Timeslices",
        ),
        (
            "/5/spec/objectives/0/timeSliceWindow",
            Some(json!("5 m")),
            "not a duration-shorthand",
        ),
        (
            "/5/spec/objectives/0/compositeWeight",
            Some(json!(2)),
            "only supported on the objectives of a composite SLO",
        ),
        (
            "/4/spec/alertPolicies/0/alertPolicyRef",
            Some(json!("nope")),
            "no AlertPolicy document named `nope`",
        ),
        (
            "/5/spec/alertPolicies/0/kind",
            Some(json!("AlertCondition")),
            "must be `AlertPolicy` here",
        ),
        // SLI.
        (
            "/1/spec/ratioMetric/bad",
            Some(json!({ "metricSource": { "type": "Prometheus", "spec": { "query": "x" } } })),
            "exactly one of `good` or `bad` must be set with `total`, not both",
        ),
        (
            "/1/spec/ratioMetric/total",
            None,
            "one of `total` (with `good` or `bad`) or `raw`",
        ),
        (
            "/1/spec/ratioMetric/counter",
            Some(json!("yes")),
            "counter: must be a boolean, got a string",
        ),
        (
            "/1/spec/ratioMetric/counter",
            None,
            "missing required field `counter`",
        ),
        (
            "/1/spec/ratioMetric/rawType",
            Some(json!("success")),
            "only used with `raw`",
        ),
        (
            "/1/spec/ratioMetric/good/metricSource/spec",
            Some(json!({ "expr": "up" })),
            "missing `query`",
        ),
        (
            "/1/spec/ratioMetric/good/metricSource/spec",
            Some(json!({})),
            "spec: must not be empty",
        ),
        (
            "/1/spec/ratioMetric/good/metricSource/type",
            None,
            "`type` is required when `metricSourceRef` is not set",
        ),
        (
            "/1/spec/thresholdMetric",
            Some(json!({ "metricSource": { "type": "Prometheus", "spec": { "query": "x" } } })),
            "exactly one of `thresholdMetric` or `ratioMetric`",
        ),
        // AlertPolicy.
        (
            "/3/spec/conditions",
            Some(json!([])),
            "must have exactly one condition, got 0",
        ),
        (
            "/3/spec/conditions/0/conditionRef",
            Some(json!("nope")),
            "no AlertCondition document named `nope`",
        ),
        (
            "/3/spec/notificationTargets",
            Some(json!([])),
            "must have at least one notification target",
        ),
        (
            "/3/spec/notificationTargets/0/targetRef",
            Some(json!("On Call")),
            "RFC 1123",
        ),
        (
            "/3/spec/alertWhenNoData",
            Some(json!("true")),
            "alertWhenNoData: must be a boolean",
        ),
        (
            "/5/spec/alertPolicies/0/spec/notificationTargets/0/spec/target",
            None,
            "missing required field `target`",
        ),
        // AlertCondition.
        (
            "/2/spec/condition/kind",
            Some(json!("threshold")),
            "must be `burnrate`",
        ),
        (
            "/2/spec/condition/op",
            Some(json!("above")),
            "op: must be one of lte, gte, lt, gt",
        ),
        (
            "/2/spec/condition/threshold",
            Some(json!(0)),
            "threshold must be greater than 0",
        ),
        (
            "/2/spec/condition/threshold",
            Some(json!("14.4")),
            "threshold: must be a number",
        ),
        (
            "/2/spec/condition/lookbackWindow",
            Some(json!("1 h")),
            "not a duration-shorthand",
        ),
        (
            "/2/spec/condition/lookbackWindow",
            None,
            "missing required field `lookbackWindow`",
        ),
        ("/2/spec/condition/alertAfter", Some(json!("0m")), ""),
        (
            "/2/spec/condition/alertAfter",
            Some(json!("5s")),
            "not a duration-shorthand",
        ),
        (
            "/2/spec/severity",
            Some(json!("")),
            "severity: must not be empty",
        ),
        (
            "/2/spec/condition/window",
            Some(json!("1h")),
            "unknown field `window`",
        ),
    ];
    for (pointer, value, needle) in cases {
        let errors = check(&edited(pointer, value));
        if needle.is_empty() {
            assert!(
                errors.is_empty(),
                "editing {pointer} must stay valid, got {errors:#?}"
            );
        } else {
            assert!(
                errors.iter().any(|e| e.contains(needle)),
                "editing {pointer}: expected a message containing {needle:?}, got {errors:#?}"
            );
        }
    }

    // A second Service with the same name.
    let mut docs = valid_set();
    docs.push(docs[0].clone());
    let errors = check(&docs);
    assert!(
        errors
            .iter()
            .any(|e| e.contains("duplicate Service name `checkout` (also doc[0])")),
        "expected a duplicate-name message, got {errors:#?}"
    );

    // A composite SLO: indicators move into the objectives.
    let mut docs = valid_set();
    docs.push(json!({
        "apiVersion": "openslo/v1",
        "kind": "SLO",
        "metadata": { "name": "checkout-journey" },
        "spec": {
            "service": "checkout",
            "timeWindow": [{ "duration": "1w", "isRolling": true }],
            "budgetingMethod": "Occurrences",
            "objectives": [
                { "target": 0.99, "indicatorRef": "checkout-success", "compositeWeight": 2 },
                { "target": 0.9, "indicatorRef": "checkout-success" }
            ]
        }
    }));
    let errors = check(&docs);
    assert!(
        errors.is_empty(),
        "a composite SLO must pass, got {errors:#?}"
    );
    if let Some(o) = docs[6].pointer_mut("/spec/objectives/1") {
        o["compositeWeight"] = json!(0);
    }
    let errors = check(&docs);
    assert!(
        errors
            .iter()
            .any(|e| e.contains("compositeWeight: must be greater than 0")),
        "expected a compositeWeight message, got {errors:#?}"
    );
}
