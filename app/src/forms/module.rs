//! The reader's form posts: `POST /courses/{course}/{module}/done` (mark as
//! done) and `POST /courses/{course}/{module}/check` (send a knowledge
//! check, with the answer fields of `forms::answers`).

/// Field names.
pub mod field {
    /// The module version read (what "done" records; what a check was
    /// drawn from).
    pub const VERSION: &str = "version";
    /// The seed that ordered a knowledge check's options.
    pub const SEED: &str = "seed";
}

/// After the last module is marked done, the course page is shown with
/// `?done={module}`.
pub const DONE: &str = super::DONE;
/// After a knowledge check, the module page is shown with `?check={try}`
/// and jumps to the result.
pub const CHECK: &str = "check";
/// The anchor of a knowledge check's result.
pub const CHECK_RESULT: &str = "check-result";
