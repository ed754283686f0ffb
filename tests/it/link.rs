//! Agreements made of several files: imports, selective and qualified
//! imports, cycles, missing files, `extends` with overrides that tighten,
//! weaken or target nothing, and errors reported in the imported file.
//!
//! Each directory under `tests/data/link` is one case; its `main.sla` is
//! checked. A directory named after a code (`E0702-import-cycle`) gives that
//! code and no other; an `ok-` directory checks clean.

use std::collections::BTreeSet;
use std::path::Path;

use slate::Code;
use slate::spans::FileId;
use slate_tests::{Rooted, check_at, files, model_at, read, relative, root};

fn cases() -> Vec<std::path::PathBuf> {
    let mut dirs: BTreeSet<std::path::PathBuf> = BTreeSet::new();
    for f in files("tests/data/link", "sla") {
        if f.file_name().is_some_and(|n| n == "main.sla") {
            dirs.extend(f.parent().map(Path::to_path_buf));
        }
    }
    dirs.into_iter().collect()
}

#[test]
fn link_cases() {
    let all = cases();
    assert!(all.len() >= 18, "found only {} cases", all.len());
    for dir in all {
        let case = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let main = dir.join("main.sla");
        let checked = check_at(&main);
        let name = relative(&main);
        let human = checked.human(&checked.diagnostics, &name, false);
        for d in &checked.diagnostics {
            assert_ne!(d.code, Code::Internal, "{case}: {human}");
            // Every span lies inside the file it names.
            let (file, local) = checked.locate(d.span).expect("a span names a file");
            assert!(local.end <= file.text.len(), "{case}: span out of its file");
            for r in &d.related {
                let (file, local) = checked.locate(r.span).expect("a span names a file");
                assert!(
                    local.end <= file.text.len(),
                    "{case}: related span out of its file"
                );
            }
        }
        if case.starts_with("ok-") {
            assert!(
                checked.diagnostics.is_empty(),
                "{case} should check clean:\n{human}"
            );
            let model = checked.model.as_ref().expect("a clean case has a Model");
            // The document's notes on where terms come from, in order.
            let md = slate::render::to_markdown(model);
            let notes: Vec<String> = md
                .lines()
                .filter_map(|l| {
                    if l.starts_with("> *") || l.starts_with("This Agreement extends") {
                        return Some(l.to_owned());
                    }
                    let at = [" (As in", " (Changed", " (From", " (Tightened"]
                        .iter()
                        .find_map(|n| l.rfind(n))?;
                    Some(format!("…{}", &l[at..]))
                })
                .collect();
            insta::with_settings!({ snapshot_suffix => case.clone() }, {
                snapshot!("notes", notes.join("\n"));
            });
        } else {
            let number = case.split('-').next().unwrap_or_default();
            assert!(
                !checked.diagnostics.is_empty()
                    && checked
                        .diagnostics
                        .iter()
                        .all(|d| d.code.number() == number),
                "{case} should give only {number}, gave:\n{human}"
            );
        }
        insta::with_settings!({ snapshot_suffix => case.clone() }, {
            snapshot!("human", human);
            json_snapshot!("json", checked.json(&checked.diagnostics, &name));
        });
    }
}

/// A mistake in an imported file is reported in that file, at the line
/// where it is written.
#[test]
fn errors_point_into_the_imported_file() {
    for (case, code, line) in [
        ("E0401-error-in-import", Code::InvalidDate, 6),
        ("E0101-syntax-error-in-import", Code::UnknownStatement, 11),
    ] {
        let checked = check_at(&root().join(format!("tests/data/link/{case}/main.sla")));
        let d = checked
            .diagnostics
            .iter()
            .find(|d| d.code == code)
            .expect("the mistake is reported");
        let (file, local) = checked.locate(d.span).expect("a span names a file");
        assert_eq!(
            file.path,
            Path::new(&format!("tests/data/link/{case}/lib.sla")),
            "{case}"
        );
        assert_eq!(slate::line_col(&file.text, local.start).0, line, "{case}");
        assert_ne!(FileId::of(d.span), FileId(0));
    }
}

/// A cycle names every file on it, in order.
#[test]
fn a_cycle_shows_the_circle() {
    let checked = check_at(&root().join("tests/data/link/E0702-import-cycle/main.sla"));
    let cycles: Vec<&slate::Diagnostic> = checked
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::ImportCycle)
        .collect();
    assert_eq!(cycles.len(), 1, "{cycles:#?}");
    assert!(
        cycles[0].message.contains(
            "`tests/data/link/E0702-import-cycle/a.sla` → `tests/data/link/E0702-import-cycle/b.sla` → `tests/data/link/E0702-import-cycle/a.sla`"
        ),
        "{}",
        cycles[0].message
    );
}

/// Overrides merge into the inherited objective: a goal replaces the goal
/// for the same tickets, a new goal goes before `otherwise`, the target is
/// replaced, and everything else is inherited.
#[test]
fn overrides_merge_by_name() {
    use slate::model::{Budget, ObjectiveKind};
    let m = model_at(&root().join("tests/data/link/ok-extends-tighten/main.sla"));
    assert_eq!(m.title, "Child SLA");
    assert_eq!(m.id.as_deref(), Some("CHILD-1"));
    // Inherited, not restated.
    assert_eq!(m.timezone.name(), "Europe/London");
    assert_eq!(m.parties.len(), 2);
    let o = m.objective("reply").expect("inherited objective");
    let ObjectiveKind::TimeToEvent(t) = &o.kind else {
        panic!("reply measures time");
    };
    let goals: Vec<(String, Budget, bool)> = t
        .goals
        .iter()
        .map(|g| {
            let when = g
                .when
                .iter()
                .map(|c| c.values.join("|"))
                .collect::<Vec<_>>()
                .join("&");
            (when, g.budget, g.otherwise)
        })
        .collect();
    assert_eq!(
        goals,
        vec![
            ("P1".to_owned(), Budget::Seconds(1800), false),
            ("P2".to_owned(), Budget::Seconds(4 * 3600), false),
            (String::new(), Budget::Seconds(8 * 3600), true),
        ]
    );
    assert_eq!(t.target.to_string(), "97");
    assert_eq!(t.clock, "office_hours");
    let credits = &m.schedules[0];
    let tiers: Vec<String> = credits
        .tiers
        .iter()
        .map(|t| t.threshold.to_string())
        .collect();
    assert_eq!(tiers, ["97", "90"]);
    // The claim window is inherited.
    assert!(credits.claim.is_some());
    assert!(m.clauses[0].body.contains("Scotland"));
}

/// The document marks inherited and changed terms with the section of the
/// level they come from.
#[test]
fn render_marks_the_levels() {
    let m = model_at(&root().join("tests/data/link/ok-extends-tighten/main.sla"));
    let md = slate::render::to_markdown(&m);
    assert!(
        md.contains("This Agreement extends the Parent SLA (reference PARENT-1)."),
        "{md}"
    );
    assert!(
        md.contains("> *As in section 3.1 of the Parent SLA.*"),
        "{md}"
    );
    assert!(
        md.contains("> *Tightened from section 4.1 of the Parent SLA: tickets where the priority is P1: within 30 minutes (was 1 hour); tickets where the priority is P2: within 4 hours (a new goal); target 97% (was 95%).*"),
        "{md}"
    );
    let because = model_at(&root().join("tests/data/link/ok-extends-weaken-because/main.sla"));
    let md = slate::render::to_markdown(&because);
    assert!(
        md.contains("> *Changed from section 4.1 of the Parent SLA: tickets where the priority is P1: within 2 hours (was 1 hour); target 90% (was 95%). Agreed because the customer accepted a slower P1 goal for a lower fee.*"),
        "{md}"
    );
    // Notes are not terms: rule sets quote the section without them.
    let rules = slate::rules::from_model(&m).expect("a rule set");
    let text = &rules.objectives[0].contract.text;
    assert!(!text.contains("Tightened"), "{text}");
}

/// `rules` and `eval` work on the resolved agreement: the inherited
/// objective carries the tightened target.
#[test]
fn rules_use_the_resolved_agreement() {
    let m = model_at(&root().join("tests/data/link/ok-extends-tighten/main.sla"));
    let rules = slate::rules::from_model(&m).expect("a rule set");
    let [reply] = rules.objectives.as_slice() else {
        panic!("one objective, inherited: {:?}", rules.objectives);
    };
    let slate::rules::Measure::TimeToEvent { target, goals, .. } = &reply.measure else {
        panic!("reply measures time: {:?}", reply.measure);
    };
    // The child's target and goals, not the parent's 95% and 1-hour P1 goal.
    assert_eq!(target.to_string(), "97");
    use slate::rules::Budget;
    let budgets: Vec<&Budget> = goals.iter().map(|g| &g.budget).collect();
    assert_eq!(
        budgets,
        [
            &Budget::Seconds(30 * 60),
            &Budget::Seconds(4 * 3600),
            &Budget::Seconds(8 * 3600)
        ]
    );
}

/// Text without a file cannot import: the import is reported, not ignored.
#[test]
fn text_without_a_file_cannot_import() {
    let src = read(&root().join("tests/data/link/ok-import-all/main.sla"));
    let checked = slate::check(&src);
    assert!(
        checked
            .diagnostics
            .iter()
            .any(|d| d.code == Code::UnreadableFile)
    );
    assert!(checked.model.is_none());
    // The same text with its file resolves.
    let ok = slate::check_file(
        Path::new("tests/data/link/ok-import-all/main.sla"),
        src,
        &Rooted,
    );
    assert!(ok.diagnostics.is_empty());
}

/// The multi-level example: three levels, each checks clean, and the
/// service level carries terms of all three.
#[test]
fn multi_level_example() {
    for f in ["corporate", "acme", "acme-hosting"] {
        let path = root().join(format!("examples/multi-level/{f}.sla"));
        let checked = check_at(&path);
        assert!(
            checked.diagnostics.is_empty(),
            "{}",
            checked.human(&checked.diagnostics, f, false)
        );
    }
    let m = model_at(&root().join("examples/multi-level/acme-hosting.sla"));
    let names: Vec<&str> = m.objectives.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(
        names,
        ["first_response", "resolution", "hosting_availability"]
    );
    assert_eq!(
        m.party("customer").map(|p| p.legal_name.as_str()),
        Some("Acme Freight plc")
    );
    assert!(
        m.reports
            .iter()
            .any(|r| r.title.as_deref() == Some("Customer friction report")),
        "the monthly friction report of scenario 3"
    );
    let lineage = m
        .lineage
        .as_ref()
        .expect("an extending agreement has a lineage");
    assert_eq!(lineage.levels.len(), 2);
}
