//! The report for machines: `slate.report/v1` as JSON.

use crate::report::Report;

/// The report as pretty JSON, ending with a newline.
pub fn to_json(r: &Report) -> String {
    let mut s = serde_json::to_string_pretty(r).unwrap_or_default();
    s.push('\n');
    s
}
