//! `POST /account/password`: a signed-in user changes their own password.

use super::outcomes;

/// Field names.
pub mod field {
    pub const CURRENT: &str = "current";
    /// Shared with the reset form (`components::new_password`).
    pub const NEW: &str = "new";
    pub const CONFIRM: &str = "confirm";
}

outcomes! {
    pub enum Outcome {
        Changed = (done, "1", "password-changed"),
        WrongCurrent = (error, "current", "password-error-current"),
        TooShort = (error, "short", "password-error-short"),
        TooCommon = (error, "common", "password-error-common"),
        TooLong = (error, "long", "password-error-long"),
        Mismatch = (error, "mismatch", "password-error-mismatch"),
    }
    unknown = ("password-changed", "password-error-other");
}
