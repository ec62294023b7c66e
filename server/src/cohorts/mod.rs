//! Cohort documents the server renders: the workshop sign-in sheets.

pub mod sheets;
