//! The crate graph keeps to the documented layering (`docs/ARCHITECTURE.md`,
//! "Architecture invariant: layering"): `cargo metadata` gives every
//! workspace crate's dependencies, and each edge between two of Slate's own
//! crates must be allowed by [`LAYERS`]. A failure names the offending edge.

#![expect(clippy::expect_used, reason = "a failed expectation is a failed test")]

use std::collections::BTreeSet;

use serde_json::Value;

/// Every crate of the workspace, lowest first, each with the crates of the
/// workspace it may depend on, every one of them earlier in this table: a
/// crate never depends on one above it or beside it.
const LAYERS: &[(&str, &[&str])] = &[
    // The two leaves: time (periods, labels, open time) and words (the
    // words, escaping and hidden characters every output shares).
    ("slate-time", &[]),
    ("slate-words", &[]),
    // Grammar, AST, diagnostics; the hidden-character table is the words',
    // the days of the week and periods are time's.
    ("slate-syntax", &["slate-time", "slate-words"]),
    // The checker reads only the AST; the years an agreement may be in
    // force are slate-time's.
    (
        "slate-check",
        &["slate-syntax", "slate-time", "slate-words"],
    ),
    // The linker resolves files into one syntax tree before checking.
    ("slate-link", &["slate-syntax"]),
    // The rules backend reads the Model; its calendars and periods are
    // slate-time's.
    ("slate-rules", &["slate-check", "slate-time", "slate-words"]),
    // The engine reads only the rule set, and renders nothing.
    ("slate-eval", &["slate-rules", "slate-time", "slate-words"]),
    // The one presentation layer: contracts from the Model, reports from
    // the engine's typed report.
    (
        "slate-render",
        &["slate-check", "slate-eval", "slate-words"],
    ),
    // The facade, over every stage.
    (
        "slate",
        &[
            "slate-words",
            "slate-syntax",
            "slate-check",
            "slate-link",
            "slate-rules",
            "slate-eval",
            "slate-render",
            "slate-time",
        ],
    ),
    // Above the facade: the language server, the monitor, the fuzz bodies,
    // the command.
    ("slate-lsp", &["slate"]),
    ("slate-monitor", &["slate"]),
    ("slate-fuzz", &["slate-syntax", "slate"]),
    (
        "slate-cli",
        &["slate-time", "slate", "slate-lsp", "slate-monitor"],
    ),
    // Outside the product: the benches and the integration tests.
    ("slate-bench", &["slate-time", "slate-rules", "slate"]),
    ("slate-tests", &["slate", "slate-lsp", "slate-fuzz"]),
];

/// One dependency of a workspace crate on another.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Edge {
    from: String,
    to: String,
    /// `normal`, `dev` or `build`.
    kind: String,
}

/// The edges between the workspace's crates, from `cargo metadata`.
fn workspace_graph() -> (BTreeSet<String>, BTreeSet<Edge>) {
    let out = std::process::Command::new(env!("CARGO"))
        .current_dir(slate_tests::root())
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
        ])
        .output()
        .expect("cargo metadata runs");
    assert!(
        out.status.success(),
        "cargo metadata failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let metadata: Value = serde_json::from_slice(&out.stdout).expect("cargo metadata gives JSON");
    graph(&metadata)
}

/// The crates and internal edges of `cargo metadata`'s JSON.
fn graph(metadata: &Value) -> (BTreeSet<String>, BTreeSet<Edge>) {
    let packages = metadata["packages"].as_array().cloned().unwrap_or_default();
    let crates: BTreeSet<String> = packages
        .iter()
        .filter_map(|p| p["name"].as_str().map(str::to_owned))
        .collect();
    let mut edges = BTreeSet::new();
    for p in &packages {
        let from = p["name"].as_str().unwrap_or_default();
        for d in p["dependencies"].as_array().into_iter().flatten() {
            let to = d["name"].as_str().unwrap_or_default();
            if crates.contains(to) {
                edges.insert(Edge {
                    from: from.to_owned(),
                    to: to.to_owned(),
                    kind: d["kind"].as_str().unwrap_or("normal").to_owned(),
                });
            }
        }
    }
    (crates, edges)
}

/// Everything in `crates` and `edges` that breaks the layering of `layers`,
/// one sentence each.
fn violations(
    crates: &BTreeSet<String>,
    edges: &BTreeSet<Edge>,
    layers: &[(&str, &[&str])],
) -> Vec<String> {
    let mut out = Vec::new();
    let place = |name: &str| layers.iter().position(|(n, _)| *n == name);
    // The table itself is ordered: a crate may depend only on earlier rows.
    for (i, (name, allowed)) in layers.iter().enumerate() {
        for dep in *allowed {
            if place(dep).is_none_or(|at| at >= i) {
                out.push(format!(
                    "the table allows `{name}` → `{dep}`, but `{dep}` is not listed before `{name}`"
                ));
            }
        }
    }
    for name in crates {
        if place(name).is_none() {
            out.push(format!(
                "`{name}` is not in the layering: add it to LAYERS, above what it depends on"
            ));
        }
    }
    for e in edges {
        let allowed = layers
            .iter()
            .find(|(n, _)| *n == e.from)
            .is_some_and(|(_, deps)| deps.contains(&e.to.as_str()));
        if !allowed {
            let why = match (place(&e.from), place(&e.to)) {
                (Some(f), Some(t)) if t > f => "a crate above it",
                (Some(f), Some(t)) if t < f => "a crate it may not use",
                _ => "a crate outside the layering",
            };
            out.push(format!(
                "`{}` depends on `{}` ({} dependency), {why}",
                e.from, e.to, e.kind
            ));
        }
    }
    out
}

#[test]
fn the_crate_graph_keeps_to_the_layering() {
    let (crates, edges) = workspace_graph();
    assert!(
        crates.contains("slate") && crates.contains("slate-syntax"),
        "cargo metadata lists the workspace: {crates:?}"
    );
    let found = violations(&crates, &edges, LAYERS);
    assert!(
        found.is_empty(),
        "the crate graph breaks the layering of docs/ARCHITECTURE.md:\n{}",
        found.join("\n")
    );
}

/// The check names the edge at fault: here a backend depending on the
/// facade above it, and an undeclared crate.
#[test]
fn a_failure_names_the_offending_edge() {
    let metadata = serde_json::json!({
        "packages": [
            {"name": "slate-syntax", "dependencies": []},
            {"name": "slate-check", "dependencies": [
                {"name": "slate-syntax", "kind": null},
                {"name": "serde", "kind": null},
            ]},
            {"name": "slate", "dependencies": [{"name": "slate-check", "kind": null}]},
            {"name": "slate-render", "dependencies": [
                {"name": "slate-check", "kind": null},
                {"name": "slate", "kind": "dev"},
            ]},
            {"name": "slate-new", "dependencies": []},
        ]
    });
    let (crates, edges) = graph(&metadata);
    let layers: &[(&str, &[&str])] = &[
        ("slate-syntax", &[]),
        ("slate-check", &["slate-syntax"]),
        ("slate-render", &["slate-check"]),
        ("slate", &["slate-check", "slate-render"]),
    ];
    assert_eq!(
        violations(&crates, &edges, layers),
        [
            "`slate-new` is not in the layering: add it to LAYERS, above what it depends on",
            "`slate-render` depends on `slate` (dev dependency), a crate above it",
        ]
    );
    // A table that lists a dependency above its crate is refused too.
    let upside_down: &[(&str, &[&str])] =
        &[("slate-check", &["slate-syntax"]), ("slate-syntax", &[])];
    assert_eq!(
        violations(&BTreeSet::new(), &BTreeSet::new(), upside_down),
        [
            "the table allows `slate-check` → `slate-syntax`, but `slate-syntax` is not listed before `slate-check`"
        ]
    );
}
