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

/// Where a trainee is in one module.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ModuleState {
    Done,
    Started,
    NotStarted,
}

impl ModuleState {
    /// The export's code (empty for not started).
    pub fn code(self) -> &'static str {
        match self {
            ModuleState::Done => "done",
            ModuleState::Started => "started",
            ModuleState::NotStarted => "",
        }
    }
}

/// One trainee's row of the cohort dashboard, for one course.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProgressRow {
    pub user_id: i64,
    pub name: String,
    pub name_latin: Option<String>,
    /// The username, else the e-mail address.
    pub login: String,
    /// In the course's module order.
    pub modules: Vec<ModuleState>,
    pub modules_done: i64,
    /// Percentages, one decimal.
    pub pretest: Option<f64>,
    pub final_score: Option<f64>,
    pub passed: Option<bool>,
    pub completed_at: Option<i64>,
    pub sessions_attended: i64,
    pub certificate: Option<crate::model::reports::CertificateCell>,
    /// Past the cohort's due date without completing.
    pub overdue: bool,
}

/// `/cohorts/{id}/progress`'s query: the course (an assigned one's slug;
/// the first when empty), the sort column and direction.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProgressQuery {
    pub course: String,
    /// `name` (default), `progress`, `pretest`, `final`, `attendance`,
    /// `certificate` or `overdue`.
    pub sort: String,
    /// `asc` (default) or `desc`.
    pub dir: String,
}

/// The cohort dashboard: each member's progress in one assigned course.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CohortProgress {
    pub cohort_id: i64,
    pub cohort: String,
    pub due_on: Option<String>,
    /// The assigned courses (the one shown is `course`).
    pub courses: Vec<CohortCourse>,
    pub course: Option<CohortCourse>,
    /// The course's live modules: slug and title.
    pub modules: Vec<(String, String)>,
    /// Session days the course requires for completion.
    pub sessions_required: i64,
    /// The cohort's session days.
    pub sessions: i64,
    pub rows: Vec<ProgressRow>,
    /// The sort applied, as its code, and whether descending.
    pub sort: String,
    pub descending: bool,
    /// Members the caller may not see (joined from elsewhere): counted,
    /// not shown.
    pub hidden: usize,
}
