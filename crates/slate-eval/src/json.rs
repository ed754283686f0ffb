//! The report for machines: `slate.report/v2` as JSON.

use crate::report::Report;

/// The report as pretty JSON, ending with a newline.
#[expect(
    clippy::expect_used,
    reason = "a report is strings, numbers, decimals and dates, which always serialise"
)]
pub fn to_json(r: &Report) -> String {
    let mut s = serde_json::to_string_pretty(r).expect("a report serialises");
    s.push('\n');
    s
}
