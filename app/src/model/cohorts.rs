//! Cohorts as pages and server functions see them: a workshop batch of
//! trainees with its trainers, assigned courses, dates, place and session
//! days.

use serde::{Deserialize, Serialize};

/// A cohort in the list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CohortSummary {
    pub id: i64,
    pub name: String,
    /// The organisation's path from the top of the caller's view.
    pub organisation: String,
    pub province: Option<String>,
    /// ISO dates (days of the deployment's time zone).
    pub starts_on: Option<String>,
    pub due_on: Option<String>,
    pub members: i64,
    pub courses: i64,
}

/// `/cohorts`: the cohorts the caller may see, and whether they may create
/// one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CohortList {
    pub cohorts: Vec<CohortSummary>,
    pub may_create: bool,
    /// Every course, for the new cohort's form (none assigned yet).
    pub courses: Vec<CohortCourse>,
}

/// A person on a cohort page (a trainer or a member).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CohortPerson {
    pub id: i64,
    pub name: String,
    pub name_latin: Option<String>,
    pub email: String,
}

/// A course, by slug and title in the reader's language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CohortCourse {
    pub slug: String,
    pub title: String,
    pub assigned: bool,
}

/// `/cohorts/{id}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CohortView {
    pub id: i64,
    pub name: String,
    pub organisation_slug: String,
    pub organisation: String,
    pub province: Option<String>,
    pub starts_on: Option<String>,
    pub due_on: Option<String>,
    pub trainers: Vec<CohortPerson>,
    pub members: Vec<CohortPerson>,
    /// Every course, assigned or not (the form ticks the assigned ones).
    pub courses: Vec<CohortCourse>,
    /// Face-to-face session days, in order.
    pub sessions: Vec<String>,
    /// Per session day (same order): the members recorded present.
    pub attendance: Vec<Vec<i64>>,
    /// Whether the caller may change it (else the page only shows it).
    pub may_manage: bool,
    /// Its join codes, newest first (for those who may change it).
    pub join_codes: Vec<JoinCode>,
}

/// A cohort's join code, as its managers see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JoinCode {
    pub id: i64,
    pub code: String,
    pub expires_at: i64,
    pub max_uses: i64,
    pub uses: i64,
    /// Not revoked, not expired, not used up.
    pub live: bool,
}

/// A course a trainee's cohort assigned, with the cohort's due date: the
/// catalog shows these first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assignment {
    pub course_slug: String,
    pub cohort: String,
    pub due_on: Option<String>,
}

/// What importing one roster row does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RosterStep {
    Create,
    Match,
    AlreadyMember,
}

/// A clean roster row in the preview.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterRow {
    pub row: usize,
    pub name: String,
    pub name_latin: Option<String>,
    /// The e-mail address, else the username.
    pub login: String,
    pub organisation: String,
    pub step: RosterStep,
}

/// A bad value, or a file that cannot be read (then `row` is 0 unless the
/// problem has a row): a Fluent key and its `value` argument.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterProblem {
    pub row: usize,
    pub column: String,
    pub key: String,
    pub value: Option<String>,
}

/// `/cohorts/{id}/roster?upload=N`: an uploaded roster, checked and matched.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterPreview {
    pub cohort_id: i64,
    pub cohort: String,
    pub upload: i64,
    pub file_name: String,
    /// `utf-8`, `utf-8-bom` or `windows-874`, when the file could be read.
    pub encoding: Option<String>,
    /// Why the whole file was refused.
    pub unreadable: Option<RosterProblem>,
    /// Every bad value; nothing is imported while there are any.
    pub problems: Vec<RosterProblem>,
    /// What importing would do, row by row (only for a clean file).
    pub rows: Vec<RosterRow>,
}
