//! Authoring in the browser: `/author` (the caller's courses, a new one),
//! `/author/{course}` (its files, drafts, publication, editors),
//! `/author/{course}/files/{file}` (the editor with its preview) and
//! `…/history` (published versions, diff, rollback). Every change is a
//! plain form post that works without JavaScript.

mod editor;
mod history;
mod list;
mod workspace;

pub use editor::AuthorFilePage;
pub use history::AuthorHistoryPage;
pub use list::AuthorPage;
pub use workspace::AuthorCoursePage;

use crate::forms;
use crate::forms::authoring::Outcome;

fn outcome_key(kind: &str, code: &str) -> &'static str {
    forms::message_key::<Outcome>(kind, code)
}
