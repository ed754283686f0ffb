//! Slate's integration tests, one module per area, in one test binary so
//! that the workspace is linked once for all of them.
//!
//! Run one area with `cargo test -p slate-tests corpus::`. Snapshots are in
//! `tests/snapshots`, named `AREA__NAME` as when each area was a test
//! binary of its own: assert them with [`snapshot!`] and
//! [`json_snapshot!`], which keep those names.

/// insta's settings for a snapshot asserted in `module` (`module_path!()`):
/// the snapshot is `tests/snapshots/AREA__NAME.snap`, where `AREA` is the
/// module path without the crate's name.
pub fn snapshot_name(module: &str, name: &str) -> String {
    let area = module.split_once("::").map_or(module, |(_, area)| area);
    format!("{}__{name}", area.replace("::", "__"))
}

/// The folder the snapshots are in.
pub const SNAPSHOTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/snapshots");

/// `snapshot!(name, value)`, with the snapshot named after
/// the module it is asserted in ([`snapshot_name`]).
macro_rules! snapshot {
    ($name:expr, $value:expr $(,)?) => {
        insta::with_settings!(
            { prepend_module_to_snapshot => false, snapshot_path => $crate::SNAPSHOTS },
            { insta::assert_snapshot!($crate::snapshot_name(module_path!(), &$name), $value) }
        )
    };
}

/// `json_snapshot!(name, value)`, with the snapshot named
/// after the module it is asserted in ([`snapshot_name`]).
macro_rules! json_snapshot {
    ($name:expr, $value:expr $(,)?) => {
        insta::with_settings!(
            { prepend_module_to_snapshot => false, snapshot_path => $crate::SNAPSHOTS },
            { insta::assert_json_snapshot!($crate::snapshot_name(module_path!(), &$name), $value) }
        )
    };
}

mod arrival;
mod billed_cap;
mod billing;
mod browser;
mod charge_basis;
mod claim_from_breach;
mod claims_and_rights;
mod component_credits;
mod component_units;
mod corpus;
mod downtime_units;
mod due_dates;
mod durations;
mod escaping;
mod eval;
mod events;
mod exact_sums;
mod examples;
mod fingerprint;
mod format;
mod fuzz_replay;
mod hostile;
mod hourly;
mod incident_management;
mod k_of_n;
mod lateness;
mod layering;
mod link;
mod live;
mod lsp;
mod lsp_robustness;
mod monitor_browser;
mod monitor_crash;
mod monitor_differential;
mod monitor_harness;
mod monitor_prometheus;
mod monitoring;
mod nvim;
mod partials;
mod per_breach;
mod per_goal;
mod per_unit_value;
mod probe;
mod prometheus_server;
mod properties;
mod rates;
mod remedies;
mod render;
mod rules;
mod sample_units;
mod samples;
mod scale;
mod shortfall;
mod skip;
mod spill;
mod suspension;
mod termination;
mod unit_down;
mod windows;
