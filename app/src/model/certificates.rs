//! Certificates as the public verification page and their holder see them:
//! what the certificate states and whether it stands — nothing else about
//! the holder (no e-mail, no organisation).

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CertificateStatus {
    Valid,
    Expired,
    Revoked,
    /// Well formed, but no such certificate.
    Unknown,
    /// The check symbol does not match: a typo.
    Mistyped,
    /// Not a certificate identifier.
    Malformed,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicCertificate {
    pub code: String,
    pub holder_name: String,
    pub holder_name_latin: Option<String>,
    pub course_title: String,
    pub language: String,
    pub minutes: i64,
    pub issuer: String,
    pub issued_at: i64,
    pub expires_at: Option<i64>,
    /// The certificate this one renews (re-certification), if any.
    pub renews: Option<String>,
    /// The certificate that renewed this one, if any: where an expired
    /// certificate's reader should look instead.
    pub renewed_by: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verification {
    pub status: CertificateStatus,
    /// Only for a known certificate (valid, expired or revoked).
    pub certificate: Option<PublicCertificate>,
}

/// One of the caller's certificates.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnCertificate {
    pub certificate: PublicCertificate,
    pub status: CertificateStatus,
    pub course_slug: String,
    /// Expired or about to, not renewed yet, and the course has a final
    /// assessment to take as a refresher: the page points there.
    pub renewable: bool,
}

/// A certificate as an administrator sees it: the public part, plus who
/// holds it and, if revoked, when, why and by whom.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateRecord {
    pub certificate: PublicCertificate,
    pub status: CertificateStatus,
    pub holder_id: i64,
    pub holder_email: String,
    pub course_slug: String,
    pub revoked_at: Option<i64>,
    pub revoked_reason: Option<String>,
    pub revoked_by: Option<String>,
}

/// A course whose certificates the caller may download together.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchCourse {
    pub slug: String,
    pub title: String,
    pub certificates: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum BatchState {
    Running,
    Ready,
    /// Failed, or stopped (the server restarted while building it).
    Failed,
}

/// One requested ZIP of a course's certificates.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchSummary {
    pub id: i64,
    pub course_title: String,
    pub created_at: i64,
    pub total: u32,
    pub done: u32,
    pub state: BatchState,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchPage {
    pub courses: Vec<BatchCourse>,
    /// The caller's recent batches, newest first.
    pub batches: Vec<BatchSummary>,
}
