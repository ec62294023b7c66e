//! The cohort forms: `POST /cohorts` (create), `POST /cohorts/{id}`
//! (details and assigned courses), and `POST /cohorts/{id}/members`,
//! `/trainers` and `/sessions` (add or remove one), and
//! `POST /cohorts/{id}/attendance` (who attended a session day),
//! `POST /cohorts/{id}/roster` (a roster file, multipart) and
//! `POST /cohorts/{id}/roster/import` (a previewed upload).

use super::outcomes;

/// Field names.
pub mod field {
    pub const NAME: &str = "name";
    /// The organisation's slug.
    pub const ORGANISATION: &str = "organisation";
    pub const PROVINCE: &str = "province";
    /// `YYYY-MM-DD` (an `<input type="date">`), or empty.
    pub const STARTS_ON: &str = "starts_on";
    pub const DUE_ON: &str = "due_on";
    /// Repeated: one per ticked course (its slug).
    pub const COURSE: &str = "course";
    /// [`super::OP_ADD`] or [`super::OP_REMOVE`].
    pub const OP: &str = "op";
    /// The account to add, by e-mail address.
    pub const EMAIL: &str = "email";
    /// The account to remove, by id.
    pub const PERSON: &str = "person";
    /// A session day, `YYYY-MM-DD`.
    pub const DAY: &str = "day";
    /// Repeated: one per member ticked present (their id).
    pub const PRESENT: &str = "present";
    /// The roster file (multipart).
    pub const ROSTER: &str = "roster";
    /// A previewed upload's id (the import form; the preview's address).
    pub const UPLOAD: &str = "upload";
    /// A new join code's life in days, and its uses.
    pub const DAYS: &str = "days";
    pub const USES: &str = "uses";
    /// The join code to revoke, by id.
    pub const CODE_ID: &str = "code_id";
    /// Sign-in sheets for every member, not only those who never signed in.
    pub const EVERYONE: &str = "everyone";
}

pub const OP_ADD: &str = "add";
pub const OP_REMOVE: &str = "remove";

outcomes! {
    pub enum Outcome {
        Created = (done, "created", "cohorts-done-created"),
        Saved = (done, "saved", "cohorts-done-saved"),
        Added = (done, "added", "cohorts-done-added"),
        AlreadyThere = (done, "already", "cohorts-done-already"),
        Removed = (done, "removed", "cohorts-done-removed"),
        AttendanceSaved = (done, "attendance", "cohorts-done-attendance"),
        Enrolled = (done, "enrolled", "cohorts-done-enrolled"),
        NoFile = (error, "no-file", "cohorts-error-no-file"),
        TooLarge = (error, "too-large", "cohorts-error-too-large"),
        NotClean = (error, "not-clean", "cohorts-error-not-clean"),
        CodeMade = (done, "code-made", "cohorts-done-code-made"),
        CodeRevoked = (done, "code-revoked", "cohorts-done-code-revoked"),
        BadJoinTerms = (error, "join-terms", "cohorts-error-join-terms"),
        NobodyNew = (done, "nobody-new", "cohorts-done-nobody-new"),
        EmptyName = (error, "empty-name", "cohorts-error-empty-name"),
        TooLong = (error, "too-long", "cohorts-error-too-long"),
        UnknownOrganisation = (error, "organisation", "cohorts-error-organisation"),
        BadDate = (error, "date", "cohorts-error-date"),
        DueBeforeStart = (error, "due-before-start", "cohorts-error-due-before-start"),
        UnknownCourse = (error, "course", "cohorts-error-course"),
        UnknownAccount = (error, "account", "cohorts-error-account"),
        NotFound = (error, "not-found", "cohorts-error-not-found"),
        Forbidden = (error, "forbidden", "error-forbidden"),
        Unavailable = (error, "unavailable", "error-unavailable"),
    }
    unknown = ("form-done", "error-unavailable");
}
