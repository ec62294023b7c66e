//! Courses for a reader: the catalog, a course, a module. No answer keys:
//! quiz questions are not part of these types at all.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourseCard {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub audience: Vec<String>,
    pub languages: Vec<String>,
    pub estimated_minutes: u32,
    pub modules: u32,
    pub done: u32,
    /// The language the card is shown in.
    pub language: String,
    /// Set when one of the reader's cohorts assigned the course.
    pub assignment: Option<crate::model::cohorts::Assignment>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Catalog {
    pub courses: Vec<CourseCard>,
    /// Every audience and language some course offers, for the filters.
    pub audiences: Vec<String>,
    pub languages: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ModuleStatus {
    NotStarted,
    InProgress,
    Done,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModuleEntry {
    pub slug: String,
    pub title: String,
    pub estimated_minutes: u32,
    pub status: ModuleStatus,
    /// Done, but on a version that has since changed.
    pub changed_since_done: bool,
}

/// Which text a reader gets, and how it relates to what they asked for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextLanguage {
    pub language: String,
    /// Not available in the reader's language: this is the source language.
    pub fallback: bool,
    /// A translation of an earlier version of the source.
    pub stale: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourseView {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub intro_html: String,
    pub content_warning: Option<String>,
    pub text: TextLanguage,
    pub estimated_minutes: u32,
    pub minutes_left: u32,
    pub modules: Vec<ModuleEntry>,
    /// The module to continue with.
    pub resume: Option<String>,
    pub certificate: bool,
    /// The course's final assessment, if it has one.
    pub assessment: Option<CourseAssessment>,
    /// When the caller completed the course (every module done, the
    /// assessment passed).
    pub completed_at: Option<i64>,
    /// The caller's certificate for this course, newest first.
    pub certificate_code: Option<String>,
    /// For trainers and admins only (empty for others): translations that
    /// translate an earlier version of their source, as `title (language)`.
    pub outdated_translations: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourseAssessment {
    pub title: String,
    /// The pre-test is still to take (before the first module).
    pub pretest_due: bool,
    pub passed: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TocItem {
    pub level: u8,
    pub id: String,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ModuleView {
    /// What identifies this module text's immutable content in this
    /// process (database, version, content hash): the page renders the
    /// parts that depend only on it once and keeps them under this key.
    pub fragment_key: String,
    pub course_slug: String,
    pub course_title: String,
    pub slug: String,
    /// The version shown: "mark as done" records this one.
    pub version: i64,
    pub title: String,
    pub text: TextLanguage,
    /// Shared with the process's cache of the version (`Arc`s: a page read
    /// copies none of the module's text).
    pub objectives: std::sync::Arc<[String]>,
    pub content_warning: Option<String>,
    /// Sanitised at import.
    pub html: std::sync::Arc<str>,
    pub toc: std::sync::Arc<[TocItem]>,
    pub estimated_minutes: u32,
    pub done: bool,
    pub position: u32,
    pub count: u32,
    pub previous: Option<(String, String)>,
    pub next: Option<(String, String)>,
    /// The knowledge check, if the module has one.
    pub check: Option<std::sync::Arc<crate::model::quiz::CheckPaper>>,
    /// The result of the try the reader just sent (`?check=ID`), if any.
    pub check_result: Option<crate::model::quiz::CheckResult>,
}
