//! The ministries' reports: who has taken which course how far, for the
//! organisations a caller may see. Every report query starts from
//! [`query::within`], the one place the caller's [`PeopleScope`] becomes
//! SQL, so no filter, sort, page number or export can reach a row — or a
//! count — outside it.
//!
//! - `query.rs` — the report's filters and sort as SQL (plain rules).
//! - `completions.rs` — the completion report: a page, its totals, every
//!   row for an export.
//! - `export.rs` — the exported columns and their cells (CSV here; the
//!   server writes the same cells into XLSX).
//! - `store.rs` — the SQL over `course_standings` (kept current by
//!   `ssr::standings`).
//!
//! [`PeopleScope`]: crate::ssr::auth::policy::PeopleScope

pub mod aggregates;
pub mod completions;
pub mod dashboard;
pub mod export;
pub mod exports;
pub mod gain;
pub mod privacy;
pub mod query;
pub mod questions;
pub mod store;
pub mod summary;

#[cfg(test)]
mod tests;
