//! `POST /login`.

use super::outcomes;

/// Field names.
pub mod field {
    pub const EMAIL: &str = "email";
    pub const PASSWORD: &str = "password";
    /// Where to go after signing in (a local path).
    pub const NEXT: &str = "next";
    /// With `Outcome::RateLimited`: minutes to wait.
    pub const MINUTES: &str = "minutes";
}

/// The query key the sign-in page is sent to after a password was set
/// with a reset link (`?reset=1`).
pub const RESET_DONE: &str = "reset";

outcomes! {
    pub enum Outcome {
        Invalid = (error, "invalid", "login-error-invalid"),
        /// Comes with `minutes=N`.
        RateLimited = (error, "limited", "login-error-limited"),
    }
    unknown = ("form-done", "login-error-other");
}
