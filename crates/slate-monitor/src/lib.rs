//! `slate monitor`: a long-running service for one agreement that ingests
//! event records, keeps each open item's clock on the contract's own
//! calendars, and serves what operations watch: Prometheus metrics, the
//! open items, the report as of any instant, and a status page.
//!
//! ```text
//!  POST /v1/events ──▶ store (fsync'd log) ──▶ state (live items) ──▶ GET /metrics
//!                                 │                  │                 GET /v1/items
//!                                 │                  └───────────────▶ GET /
//!                                 └── replay ──▶ slate eval ─────────▶ GET /v1/report
//! ```
//!
//! It is the only part of Slate that reads the clock, and it reads it
//! through [`clock::Clock`], which the tests replace. See docs/monitor.md.

#![forbid(unsafe_code)]

mod backend;
pub mod clock;
pub mod error;
mod items;
mod memory;
mod metrics;
mod page;
pub mod routes;
pub mod server;
pub mod state;
pub mod store;

pub use metrics::{Counters, WarnAt};
