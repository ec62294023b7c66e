//! The authoring forms: `POST /author` (a new course),
//! `POST /author/{course}/files/{file}` (save, preview or discard a
//! draft), `/modules` (add, move, retire), `/publish`, `/approve`,
//! `/editors` (name one; four-eyes) and `/files/{file}/rollback`.

use super::outcomes;

/// Field names.
pub mod field {
    /// A new course's or module's address.
    pub const SLUG: &str = "slug";
    pub const TITLE: &str = "title";
    pub const LANGUAGE: &str = "language";
    /// The Markdown file.
    pub const TEXT: &str = "text";
    /// The revision the editor loaded (see `authoring::edit::save`), or
    /// the course's draft revision the publisher or approver saw.
    pub const REVISION: &str = "revision";
    /// What to do (one of the `OP_` values).
    pub const OP: &str = "op";
    /// A module, by slug.
    pub const MODULE: &str = "module";
    /// An editor to name, by e-mail address or user name.
    pub const EMAIL: &str = "email";
    /// A version to roll back to, and the two versions a diff compares.
    pub const VERSION: &str = "version";
    pub const FROM: &str = "from";
    pub const TO: &str = "to";
    /// A picture (multipart).
    pub const IMAGE: &str = "image";
}

pub const OP_SAVE: &str = "save";
pub const OP_PREVIEW: &str = "preview";
pub const OP_DISCARD: &str = "discard";
pub const OP_ADD: &str = "add";
pub const OP_UP: &str = "up";
pub const OP_DOWN: &str = "down";
pub const OP_RETIRE: &str = "retire";
pub const OP_FOUR_EYES_ON: &str = "four-eyes-on";
pub const OP_FOUR_EYES_OFF: &str = "four-eyes-off";

outcomes! {
    pub enum Outcome {
        Created = (done, "created", "author-done-created"),
        Saved = (done, "saved", "author-done-saved"),
        Previewed = (done, "previewed", "author-done-previewed"),
        Discarded = (done, "discarded", "author-done-discarded"),
        Published = (done, "published", "author-done-published"),
        Approved = (done, "approved", "author-done-approved"),
        ModuleAdded = (done, "module-added", "author-done-module-added"),
        ModuleMoved = (done, "module-moved", "author-done-module-moved"),
        ModuleRetired = (done, "module-retired", "author-done-module-retired"),
        EditorAdded = (done, "editor-added", "author-done-editor-added"),
        FourEyes = (done, "four-eyes", "author-done-four-eyes"),
        RolledBack = (done, "rolled-back", "author-done-rolled-back"),
        ImageAdded = (done, "image-added", "author-done-image-added"),
        NotAnImage = (error, "not-an-image", "author-error-not-an-image"),
        TooLarge = (error, "too-large", "author-error-too-large"),
        TooManyPixels = (error, "pixels", "author-error-pixels"),
        NoFile = (error, "no-file", "author-error-no-file"),
        Stale = (error, "stale", "author-error-stale"),
        Invalid = (error, "invalid", "author-error-invalid"),
        Changed = (error, "changed", "author-error-changed"),
        NeedsApproval = (error, "needs-approval", "author-error-needs-approval"),
        OwnDrafts = (error, "own-drafts", "author-error-own-drafts"),
        NothingToPublish = (error, "nothing", "author-error-nothing"),
        BadInput = (error, "input", "author-error-input"),
        NotFound = (error, "not-found", "author-error-not-found"),
        Forbidden = (error, "forbidden", "error-forbidden"),
        Unavailable = (error, "unavailable", "error-unavailable"),
    }
    unknown = ("form-done", "error-unavailable");
}
