//! `POST /admin/certificates/{code}/revoke`, from an administrator's
//! record of a certificate.

use super::outcomes;

/// Field names.
pub mod field {
    /// Why (required; kept off the public page).
    pub const REASON: &str = "reason";
}

outcomes! {
    pub enum Outcome {
        Revoked = (done, "revoked", "certificate-admin-revoked"),
        ReasonRequired = (error, "reason", "certificate-admin-error-reason"),
        AlreadyRevoked = (error, "revoked", "certificate-admin-error-revoked"),
        NotFound = (error, "not-found", "verify-unknown"),
        Forbidden = (error, "forbidden", "error-forbidden"),
        Unavailable = (error, "unavailable", "error-unavailable"),
    }
    unknown = ("form-done", "error-unavailable");
}
