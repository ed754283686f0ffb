//! Tests of the HTML report.

use super::*;
use slate_eval::report::{Ratio, Verdict};

fn report() -> Report {
    let json = r#"{
      "schema": "slate.report/v2",
      "agreement": {"title": "Managed Service Desk Agreement", "id": "KMS-BR-2026-003",
                    "version": "1.0", "fingerprint": "sha256:3f5a9c",
                    "rules_digest": "sha256:9d1e07"},
      "made_with": {"slate": "0.1.0", "tzdb": "2025b"},
      "as_of": "2026-04-01T00:00:00Z",
      "window": {"from": "2026-01-01", "to": "2026-04-30"},
      "input": {"files": [{"name": "events.ndjson", "records": 1204}], "records": 1204,
                "duplicates": 3, "after_cutoff": 12, "invalid": 2,
                "invalid_records": [{"file": "events.ndjson", "line": 17, "message": "no `at` field"},
                                    {"file": "events.ndjson", "line": 99, "message": "bad time <x>"}],
                "unknown_items": 1, "unknown_item_ids": ["X9"]},
      "objectives": [
        {"name": "first_response", "title": "First response", "service": "service_desk",
         "section": "4.1", "kind": "time_to_event", "target": "95", "period": "month",
         "items_outside": 2,
         "periods": [
           {"label": "2026-01", "from": "2026-01-01", "to": "2026-01-31", "complete": true,
            "counts": {"met": 190, "breached": 4, "pending": 0, "ignored": 1, "ungoverned": 0},
            "time": null, "count": null,
            "value": {"numerator": 190, "denominator": 194, "percent": "97.938"},
            "verdict": "met", "components": []},
           {"label": "2026-02", "from": "2026-02-01", "to": "2026-02-28", "complete": true,
            "counts": {"met": 170, "breached": 15, "pending": 0, "ignored": 0, "ungoverned": 0},
            "time": null, "count": null,
            "value": {"numerator": 170, "denominator": 185, "percent": "91.892"},
            "verdict": "breached", "components": []},
           {"label": "2026-03", "from": "2026-03-01", "to": "2026-03-31", "complete": true,
            "counts": {"met": 0, "breached": 0, "pending": 0, "ignored": 0, "ungoverned": 0},
            "time": null, "count": null, "value": null,
            "verdict": "no_data", "components": []},
           {"label": "2026-04", "from": "2026-04-01", "to": "2026-04-30", "complete": false,
            "counts": {"met": 3, "breached": 0, "pending": 2, "ignored": 0, "ungoverned": 0},
            "time": null, "count": null,
            "value": {"numerator": 3, "denominator": 3, "percent": "100.000"},
            "verdict": "met", "components": []}
         ],
         "distribution": [
           {"up_to_percent": 25, "met": 120, "breached": 0, "pending": 1},
           {"up_to_percent": 50, "met": 140, "breached": 0, "pending": 1},
           {"up_to_percent": 75, "met": 60, "breached": 0, "pending": 0},
           {"up_to_percent": 100, "met": 43, "breached": 0, "pending": 0},
           {"up_to_percent": 150, "met": 0, "breached": 12, "pending": 0},
           {"up_to_percent": 200, "met": 0, "breached": 5, "pending": 0},
           {"up_to_percent": null, "met": 0, "breached": 2, "pending": 0}
         ],
         "breached_items": [
           {"id": "T42", "period": "2026-02", "start": "2026-02-03T09:00:00Z", "stopped": true,
            "abandoned": false, "elapsed_seconds": 7200, "budget_seconds": 3600, "goal": 1}
         ],
         "settlement_basis": [
           {"kind": "credits", "period": "2026-02", "from": "2026-02-01", "to": "2026-02-28",
            "complete": true, "value": {"numerator": 90, "denominator": 100, "percent": "90"},
            "tier": "below 95%: 5% of fee"}
         ]},
        {"name": "portal", "title": "Portal availability", "service": "service_desk",
         "section": "4.3", "kind": "availability", "target": "99.9", "period": "month",
         "items_outside": 0,
         "periods": [
           {"label": "2026-01", "from": "2026-01-01", "to": "2026-01-31", "complete": true,
            "counts": null, "count": null,
            "time": {"measured_seconds": 2678400, "down_seconds": 600, "outages": 1},
            "value": {"numerator": 4463, "denominator": 4464, "percent": "99.978"},
            "verdict": "met", "components": []},
           {"label": "2026-02", "from": "2026-02-01", "to": "2026-02-28", "complete": true,
            "counts": null, "count": null,
            "time": {"measured_seconds": 2419200, "down_seconds": 7200, "outages": 3},
            "value": {"numerator": 335, "denominator": 336, "percent": "99.702"},
            "verdict": "breached", "components": []},
           {"label": "2026-03", "from": "2026-03-01", "to": "2026-03-31", "complete": true,
            "counts": null, "count": null,
            "time": {"measured_seconds": 2678400, "down_seconds": 0, "outages": 0},
            "value": {"numerator": 1, "denominator": 1, "percent": "100.000"},
            "verdict": "met", "components": []}
         ],
         "distribution": [], "breached_items": [], "settlement_basis": []},
        {"name": "stores", "title": "Store systems", "service": "service_desk",
         "section": "4.4", "kind": "availability", "target": "99.5", "period": "month",
         "items_outside": 0,
         "periods": [
           {"label": "2026-03", "from": "2026-03-01", "to": "2026-03-31", "complete": true,
            "counts": null, "count": null, "time": null, "value": null, "verdict": "breached",
            "components": [
              {"id": "till-a", "time": {"measured_seconds": 100000, "down_seconds": 0, "outages": 0},
               "value": {"numerator": 1, "denominator": 1, "percent": "100.000"}, "verdict": "met"},
              {"id": "till-b", "time": {"measured_seconds": 100000, "down_seconds": 1000, "outages": 1},
               "value": {"numerator": 99, "denominator": 100, "percent": "99.000"}, "verdict": "breached"}
            ]}
         ],
         "distribution": [], "breached_items": [], "settlement_basis": []},
        {"name": "tickets", "title": "Ticket volume", "service": "service_desk",
         "section": "5", "kind": "volume", "target": "at most 250", "period": "month",
         "items_outside": 0,
         "periods": [
           {"label": "2026-01", "from": "2026-01-01", "to": "2026-01-31", "complete": true,
            "counts": null, "time": null, "count": 199, "value": null, "verdict": "met", "components": []},
           {"label": "2026-02", "from": "2026-02-01", "to": "2026-02-28", "complete": true,
            "counts": null, "time": null, "count": 262, "value": null, "verdict": "breached", "components": []},
           {"label": "2026-04", "from": "2026-04-01", "to": "2026-04-30", "complete": false,
            "counts": null, "time": null, "count": 5, "value": null, "verdict": "pending", "components": []}
         ],
         "distribution": [], "breached_items": [], "settlement_basis": []}
      ],
      "settlements": [
        {"service": "service_desk", "kind": "credits", "period": "2026-02", "from": "2026-02-01",
         "to": "2026-02-28", "fee": "18500.00",
         "lines": [{"objective": "first_response",
                    "value": {"numerator": 170, "denominator": 185, "percent": "91.892"},
                    "tier": "below 95%", "payout": "5% of fee", "amount": "925.00"},
                   {"objective": "portal",
                    "value": {"numerator": 335, "denominator": 336, "percent": "99.702"},
                    "tier": "below 99.9%", "payout": "20% of fee", "amount": "3700.00"}],
         "total": "4625.00", "capped_by": ["20% of fee per month"], "amount": "3700.00",
         "currency": "GBP"}
      ]
    }"#;
    match serde_json::from_str(json) {
        Ok(r) => r,
        Err(e) => unreachable!("test report does not parse: {e}"),
    }
}

fn hostile() -> Report {
    let mut r = report();
    r.agreement.title = "<script>alert('x')</script> & \"Co\"".to_owned();
    r.agreement.id = Some("<b>id</b>&amp;".to_owned());
    r.agreement.fingerprint = "\"><script>".to_owned();
    r.input.invalid_records[0].file = "<img src=x onerror=alert(1)>.ndjson".to_owned();
    r.input.unknown_item_ids = vec!["<script>".to_owned()];
    r.objectives[0].title = "Reply <script>alert(1)</script>".to_owned();
    r.objectives[0].periods[0].label = "<svg onload=x>".to_owned();
    r.objectives[0].breached_items[0].id = "</td><script>".to_owned();
    r.settlements[0].service = "'<script>'".to_owned();
    r
}

#[test]
fn html_escapes_text() {
    assert_eq!(
        esc("<script>a & \"b\" 'c'</script>"),
        "&lt;script&gt;a &amp; &quot;b&quot; &#39;c&#39;&lt;/script&gt;"
    );
}

#[test]
fn html_escapes_hostile_titles_and_ids() {
    let h = to_html(&hostile());
    assert!(!h.to_lowercase().contains("<script"));
    assert!(!h.contains("<img"));
    assert!(!h.contains("<svg onload"));
    assert!(!h.contains("<b>id"));
    assert!(h.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;Co&quot;"));
    assert!(h.contains("&lt;b&gt;id&lt;/b&gt;&amp;amp;"));
    assert!(h.contains("&quot;&gt;&lt;script&gt;"));
    // Inside the SVG title and the x-axis labels too.
    assert!(h.contains("<title id=\"o0-dist-t\">Reply &lt;script&gt;"));
    assert!(h.contains("&lt;svg onload=x&gt;"));
}

#[test]
fn html_has_no_script() {
    for r in [report(), hostile()] {
        let h = to_html(&r).to_lowercase();
        assert!(!h.contains("<script"));
        assert!(!h.contains("javascript:"));
        // The only address is the SVG namespace.
        assert_eq!(
            h.matches("http").count(),
            h.matches("xmlns=\"http://www.w3.org/2000/svg\"").count()
        );
        assert!(!h.contains("https://"));
    }
}

fn chart<'a>(h: &'a str, id: &str) -> &'a str {
    let start = h.find(&format!("aria-labelledby=\"{id}-t")).unwrap_or(0);
    let rest = h.get(start..).unwrap_or_default();
    rest.get(..rest.find("</svg>").unwrap_or(rest.len()))
        .unwrap_or_default()
}

/// The bars of a period chart: each sits in a group with a tooltip.
fn bars(svg: &str) -> usize {
    svg.matches("<g><title>").count()
}

#[test]
fn html_one_bar_per_period() {
    let r = report();
    let h = to_html(&r);
    for (i, o) in r.objectives.iter().enumerate() {
        let svg = chart(&h, &format!("o{i}-periods"));
        assert_eq!(bars(svg), o.periods.len(), "objective {i}");
    }
    let dist = chart(&h, "o0-dist");
    assert_eq!(bars(dist), r.objectives[0].distribution.len());
}

#[test]
fn html_target_line_is_drawn() {
    let r = report();
    let h = to_html(&r);
    for i in 0..r.objectives.len() {
        let svg = chart(&h, &format!("o{i}-periods"));
        // One in the legend, one across the plot.
        assert_eq!(svg.matches("class=\"tgt\"").count(), 2, "objective {i}");
    }
    let portal = chart(&h, "o1-periods");
    assert!(portal.contains(">99.9%</text>"));
    // Zoomed: a 99.9% target with values near it does not start at 0.
    assert!(portal.contains(">99.5%</text>"));
    assert!(!portal.contains(">0%</text>"));
    assert!(chart(&h, "o3-periods").contains(">at most 250</text>"));
    // The goal marker of the distribution.
    assert!(chart(&h, "o0-dist").contains("class=\"tgt\" x1="));
}

#[test]
fn html_marks_breaches_beyond_colour() {
    let h = to_html(&report());
    let svg = chart(&h, "o1-periods");
    assert!(svg.contains("url(#o1-periods-hatch)"));
    assert!(svg.contains("\u{2715} 99.702%"));
    assert!(h.contains("role=\"img\""));
}

/// Every amount on the page is written as the contract writes money:
/// the glance's sum, the fee, each line, the total and what is owed.
#[test]
fn html_money_is_the_contracts() {
    let h = to_html(&report());
    for needle in [
        "<strong>GBP 3,700.00</strong> in credits",
        "Fee for the period: GBP 18,500.00",
        "<td>GBP 925.00</td>",
        "<p>Total before caps: GBP 4,625.00</p>",
        "<p>Owed, after caps: <strong>GBP 3,700.00</strong></p>",
    ] {
        assert!(h.contains(needle), "no `{needle}`");
    }
    assert!(!h.contains("GBP 3700"));
}

#[test]
fn html_is_deterministic() {
    let r = report();
    assert_eq!(to_html(&r), to_html(&r.clone()));
    let h = to_html(&r);
    assert!(!h.contains("-0.0"));
    assert!(!h.contains("NaN"));
}

/// The availability objective, measured per day over March.
fn daily() -> Report {
    let mut r = report();
    let o = &mut r.objectives[1];
    o.period = slate_eval::report::Period::Day;
    let template = o.periods[0].clone();
    o.periods = (1..=31)
        .map(|d| {
            let mut p = template.clone();
            p.label = format!("2026-03-{d:02}");
            p.from = p.label.parse().unwrap();
            p.to = p.from;
            p.complete = d < 31;
            let down = (d * 37) % 200;
            p.value = Some(Ratio {
                numerator: 86_400 - down,
                denominator: 86_400,
                percent: format!("{:.3}", (86_400 - down) as f64 * 100.0 / 86_400.0)
                    .parse()
                    .unwrap(),
                rounded: false,
            });
            p.verdict = if down > 86 {
                Verdict::Breached
            } else {
                Verdict::Met
            };
            p
        })
        .collect();
    r
}

#[test]
fn html_many_periods() {
    let r = daily();
    let h = to_html(&r);
    let svg = chart(&h, "o1-periods");
    assert_eq!(bars(svg), 31);
    // Labels thinned out, values left to the table.
    assert!(svg.contains(">2026-03-01</text>"));
    assert!(!svg.contains(">2026-03-02</text>"));
    assert!(h.contains("Values are in the table below."));
}

#[test]
#[ignore = "writes /tmp/report.html for a look in a browser"]
fn html_write_sample() {
    let _ = std::fs::write("/tmp/report.html", to_html(&report()));
    let _ = std::fs::write("/tmp/report-daily.html", to_html(&daily()));
}
