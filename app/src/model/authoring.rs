//! What the authoring pages show: a trainer's courses, a course's
//! workspace (published files with drafts over them), one file in the
//! editor with its preview, and a file's history with a diff. Editors wrote
//! the keys, but the preview shows questions as trainees get them.

use super::courses::TocItem;
use super::quiz::PublicQuestion;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthorCourse {
    pub slug: String,
    /// Its published title; `None` until first published.
    pub title: Option<String>,
    pub drafts: i64,
    pub four_eyes: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthorList {
    pub courses: Vec<AuthorCourse>,
    /// Content languages a new course may be written in.
    pub languages: Vec<String>,
}

/// One file of a workspace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    pub file: String,
    /// `None` for the source language.
    pub language: Option<String>,
    /// Changed in a draft (or new).
    pub draft: bool,
    /// A translation of an earlier text of its source.
    pub stale: bool,
}

/// A text of the course (the course page, a module, the assessment) in
/// every language it has.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextEntry {
    /// The module's slug; `None` for the course page and the assessment.
    pub module: Option<String>,
    pub source: FileEntry,
    pub translations: Vec<FileEntry>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkspaceView {
    pub slug: String,
    pub title: Option<String>,
    pub source_language: String,
    /// The languages the course offers (its `languages`), for links to
    /// translations not written yet.
    pub languages: Vec<String>,
    pub four_eyes: bool,
    /// What a publication or an approval names (the drafts as seen).
    pub draft_revision: i64,
    /// Files the drafts remove (modules to retire).
    pub removed: Vec<String>,
    pub course: Option<TextEntry>,
    pub modules: Vec<TextEntry>,
    pub assessment: Option<TextEntry>,
    pub has_drafts: bool,
    /// Problems that would stop a publication, `file:line:column: …`.
    pub problems: Vec<String>,
    pub editors: Vec<String>,
    /// Who approved the drafts as they stand.
    pub approved_by: Vec<String>,
    /// The course's pictures, by the path the Markdown names them with.
    pub images: Vec<String>,
    /// The caller may turn four-eyes off (admins).
    pub may_turn_off_four_eyes: bool,
}

/// A format error in the file being edited.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileProblem {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// A text rendered as trainees will see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviewView {
    pub title: String,
    pub objectives: Vec<String>,
    pub content_warning: Option<String>,
    /// Sanitised, as stored when published.
    pub html: String,
    pub toc: Vec<TocItem>,
    pub questions: Vec<PublicQuestion>,
}

/// A source paragraph beside a translation, marked if it changed since
/// the source version the translation names.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceParagraph {
    pub text: String,
    pub changed: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditorView {
    pub slug: String,
    pub file: String,
    pub text: String,
    /// What a save names (see `authoring::edit::save`).
    pub revision: i64,
    pub draft: bool,
    /// The caller's own text refused as stale, kept so nothing typed is
    /// lost; `text` is then what was saved meanwhile.
    pub conflict: Option<String>,
    /// The file's problems, at line and column.
    pub problems: Vec<FileProblem>,
    /// Problems elsewhere in the course (they block a publication too).
    pub other_problems: Vec<String>,
    pub preview: Option<PreviewView>,
    /// For a translation: its source, paragraph by paragraph.
    pub source: Option<Vec<SourceParagraph>>,
    /// For a translation: the hash of its source as it stands, which its
    /// `translation_of` names once it is brought up to date.
    pub source_hash: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Change {
    Same,
    Added,
    Removed,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub change: Change,
    pub text: String,
}

/// What happened to one quiz question between two texts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionChange {
    pub id: String,
    pub change: QuestionChangeKind,
    /// Word by word for a changed question; the whole text otherwise.
    pub spans: Vec<Span>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum QuestionChangeKind {
    Added,
    Removed,
    Changed,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionEntry {
    pub id: i64,
    pub hash: String,
    pub published_by: Option<String>,
    pub approved_by: Option<String>,
    pub at: i64,
    pub current: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiffView {
    pub from: i64,
    pub to: i64,
    pub spans: Vec<Span>,
    pub questions: Vec<QuestionChange>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryView {
    pub slug: String,
    pub file: String,
    pub versions: Vec<VersionEntry>,
    /// The revision a rollback names.
    pub revision: i64,
    pub diff: Option<DiffView>,
}
