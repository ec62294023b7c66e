//! `POST /join`: register into a cohort with its join code, or — signed
//! in — join it. Problems come back to `/join` as `?error=`, with what was
//! typed (never the password).

use super::outcomes;

/// Field names (the account's fields share `person::field`'s names, the
/// password `account_password::field`'s).
pub mod field {
    pub const CODE: &str = "code";
}

outcomes! {
    pub enum Outcome {
        Joined = (done, "joined", "join-done"),
        InvalidCode = (error, "code", "join-error-code"),
        Throttled = (error, "throttled", "join-error-throttled"),
        EmptyName = (error, "empty-name", "person-error-empty-name"),
        InvalidEmail = (error, "invalid-email", "person-error-invalid-email"),
        InvalidUsername = (error, "invalid-username", "person-error-invalid-username"),
        DuplicateEmail = (error, "duplicate-email", "join-error-taken"),
        DuplicateUsername = (error, "duplicate-username", "join-error-taken"),
        NoLogin = (error, "no-login", "person-error-no-login"),
        TooLong = (error, "too-long", "person-error-too-long"),
        HiddenCharacters = (error, "hidden-characters", "person-error-hidden"),
        TooShort = (error, "too-short", "password-error-short"),
        TooCommon = (error, "too-common", "password-error-common"),
        PasswordTooLong = (error, "password-too-long", "password-error-long"),
        Mismatch = (error, "mismatch", "password-error-mismatch"),
        Unavailable = (error, "unavailable", "form-error"),
    }
    unknown = ("form-done", "form-error");
}
