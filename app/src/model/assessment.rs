//! A course's assessment as a trainee sees it: the overview with its rules
//! and past attempts, an open attempt's paper (questions as
//! [`PublicQuestion`]s: no key), and a submitted attempt's result. Starting,
//! saving and submitting are form posts to the server's routes.

use super::courses::TextLanguage;
use super::quiz::{PublicQuestion, QuestionResult};
use serde::{Deserialize, Serialize};

/// Why an attempt is taken: the pre-test measures what a trainee knew
/// before the course and never counts towards passing; a refresher is the
/// final assessment taken again to renew an expiring certificate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Purpose {
    Pretest,
    Final,
    Refresher,
}

impl Purpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::Pretest => "pretest",
            Purpose::Final => "final",
            Purpose::Refresher => "refresher",
        }
    }

    pub fn parse(text: &str) -> Option<Purpose> {
        match text {
            "pretest" => Some(Purpose::Pretest),
            "final" => Some(Purpose::Final),
            "refresher" => Some(Purpose::Refresher),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AttemptSummary {
    pub id: i64,
    pub purpose: Purpose,
    pub started_at: i64,
    pub submitted_at: Option<i64>,
    /// Percent; `None` while open.
    pub score: Option<f64>,
    pub passed: bool,
}

/// What the overview's button does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Offer {
    /// An attempt is open: go back to it.
    Continue(i64),
    /// The pre-test is due (before the first module).
    Pretest,
    Final,
    /// Nothing to start: passed already.
    Passed,
    /// The certificate has expired or soon will: re-certify.
    Refresher,
    NoAttemptsLeft,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AssessmentOverview {
    pub course_slug: String,
    pub course_title: String,
    pub title: String,
    /// Sanitised at import.
    pub intro_html: String,
    pub text: TextLanguage,
    /// Questions per attempt.
    pub questions: u32,
    pub pass_mark: u32,
    pub max_attempts: Option<u32>,
    pub time_limit_minutes: Option<u32>,
    /// Final attempts used so far.
    pub finals_used: u32,
    pub offer: Offer,
    pub attempts: Vec<AttemptSummary>,
}

/// An open attempt: the questions, what was saved so far, and the time left.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AttemptPaper {
    pub id: i64,
    pub course_slug: String,
    pub course_title: String,
    pub title: String,
    pub purpose: Purpose,
    pub questions: Vec<PublicQuestion>,
    /// Saved answers as form fields (`q{n}`, `q{n}_{m}`), to fill the form.
    pub saved: Vec<(String, String)>,
    /// Seconds until the server stops accepting answers, if timed.
    pub seconds_left: Option<i64>,
    pub time_limit_minutes: Option<u32>,
}

/// What comes after a result.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum NextStep {
    /// After the pre-test: on to the first module.
    StartCourse,
    /// Passed, and every module is done: the course is complete.
    Complete,
    /// Passed; modules still to mark as done.
    FinishModules,
    /// Failed; `attempts_left` is `None` when unlimited.
    Retry {
        attempts_left: Option<u32>,
    },
    NoAttemptsLeft,
    /// A refresher passed: the certificate was renewed.
    Renewed,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AttemptResult {
    pub id: i64,
    pub course_slug: String,
    pub course_title: String,
    pub title: String,
    pub purpose: Purpose,
    pub score: f64,
    pub passed: bool,
    pub pass_mark: u32,
    /// Sent after the deadline: graded on the answers saved by then.
    pub late: bool,
    /// Correct answers and explanations are included (review policy).
    pub revealed: bool,
    pub questions: Vec<QuestionResult>,
    pub next: NextStep,
    /// The pre-test's score, shown beside a final result as the gain.
    pub pretest_score: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum AttemptView {
    Open(AttemptPaper),
    Done(AttemptResult),
}
