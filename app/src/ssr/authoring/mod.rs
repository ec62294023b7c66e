//! Authoring courses in the browser, in the `content/` Markdown format.
//!
//! A course's **workspace** is its published folder (what `lantern export`
//! writes) with its **drafts** laid over it, file by file. Editors save
//! drafts ([`edit`]); nothing a trainee reads changes until an editor
//! **publishes** ([`publish`]), which compiles the whole workspace exactly
//! as `lantern import` compiles a folder and writes it through the same
//! import code — new immutable versions, so attempts, completions and
//! certificates keep pointing at the version they used. A course may need
//! a second editor's approval first (four-eyes). [`history`] lists every
//! published version of a file and diffs any two; rolling back makes an
//! older text the draft, to be published again.
//!
//! Who may do any of it is `auth::policy::edits_course`: admins, and the
//! trainers named a course's editors.

pub mod diff;
pub mod edit;
pub mod history;
pub mod images;
pub mod publish;
pub mod store;
pub mod views;
pub mod workspace;

pub use workspace::Workspace;

use crate::ssr::content::export::ExportError;
use crate::ssr::content::ContentError;

/// A save refused because someone saved the same file since the editor
/// loaded it: what is there now, so both texts can be shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stale {
    pub file: String,
    /// The text saved meanwhile (`None`: the file was removed).
    pub theirs: Option<String>,
    /// The revision to save over, once the editor has merged.
    pub revision: i64,
}

#[derive(Debug, thiserror::Error)]
pub enum AuthoringError {
    #[error("no such course, file or version")]
    NotFound,
    #[error("only the course's editors and admins may change it")]
    Forbidden,
    #[error("{0}")]
    BadInput(String),
    #[error("{} was saved by someone else since you opened it", .0.file)]
    Stale(Box<Stale>),
    #[error("the course does not compile: {} problems", .0.len())]
    Invalid(Vec<ContentError>),
    #[error("the drafts changed since you looked at them")]
    Changed,
    #[error("this course needs another editor's approval before it is published")]
    NeedsApproval,
    #[error("an approval must come from an editor who did not write the drafts")]
    OwnDrafts,
    #[error("there are no drafts to publish")]
    NothingToPublish,
    #[error("the file is not a PNG, JPEG, GIF or WebP picture")]
    NotAnImage,
    #[error("the picture is larger than 2 MB")]
    TooLarge,
    #[error("the picture has too many pixels for a phone to open")]
    TooManyPixels,
    #[error("{0}")]
    Export(ExportError),
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

impl From<ExportError> for AuthoringError {
    fn from(e: ExportError) -> Self {
        match e {
            ExportError::Db(e) => AuthoringError::Db(e),
            e => AuthoringError::Export(e),
        }
    }
}

/// A page read refused: not found, or not the caller's to edit.
impl From<AuthoringError> for crate::ssr::error::DomainError {
    fn from(e: AuthoringError) -> Self {
        use crate::ssr::error::DomainError;
        match e {
            AuthoringError::Db(e) => e.into(),
            AuthoringError::NotFound => DomainError::NotFound,
            _ => DomainError::Forbidden,
        }
    }
}

#[cfg(test)]
mod tests;
