//! The second-factor forms: `POST /login/code` (the code at sign-in),
//! `POST /account/second-factor` (confirming an enrolment) and
//! `POST /admin/security` (requiring a factor of staff too).

use super::outcomes;

/// Field names.
pub mod field {
    /// A six-digit code from the app, or a recovery code.
    pub const CODE: &str = "code";
    /// The admin setting's checkbox.
    pub const STAFF: &str = "staff";
    /// With `Outcome::Enrolled`: the key of the show-once recovery codes.
    pub const REVEAL: &str = "reveal";
}

outcomes! {
    /// What the sign-in code and the enrolment come back with.
    pub enum Outcome {
        Enrolled = (done, "enrolled", "factor-done-enrolled"),
        Saved = (done, "saved", "security-done-saved"),
        Wrong = (error, "wrong", "factor-error-wrong"),
        Expired = (error, "expired", "factor-error-expired"),
        Unavailable = (error, "unavailable", "form-error"),
    }
    unknown = ("form-done", "form-error");
}
