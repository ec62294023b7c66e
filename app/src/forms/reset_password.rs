//! `POST /reset/{token}`: setting a password with a one-time link. A
//! success goes on to the sign-in page (`login::RESET_DONE`).

use super::outcomes;

/// Field names (the same new-password fields as `account_password`).
pub mod field {
    pub use crate::forms::account_password::field::{CONFIRM, NEW};
}

outcomes! {
    pub enum Outcome {
        Expired = (error, "expired", "reset-error-expired"),
        Used = (error, "used", "reset-error-used"),
        Invalid = (error, "invalid", "reset-error-invalid"),
        TooShort = (error, "short", "password-error-short"),
        TooCommon = (error, "common", "password-error-common"),
        TooLong = (error, "long", "password-error-long"),
        Mismatch = (error, "mismatch", "password-error-mismatch"),
    }
    unknown = ("form-done", "password-error-other");
}
