//! Certificates as the public verification page and their holder see them:
//! what the certificate states and whether it stands — nothing else about
//! the holder (no e-mail, no organisation).

use super::ApiError;
use leptos::prelude::*;
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

/// Public: anyone may check a certificate. Every lookup is logged, and an
/// address asking too often is told to wait, so identifiers cannot be
/// enumerated.
#[server(endpoint = "certificates/verify")]
pub async fn verify_certificate(code: String) -> Result<Verification, ApiError> {
    use crate::ssr::{api, certificates};
    api::respond(async move {
        let ip = api::client_ip();
        certificates::verify::lookup(&api::state()?.db, &code, ip.as_deref()).await
    })
    .await
}

#[server(endpoint = "certificates/mine")]
pub async fn my_certificates() -> Result<Vec<OwnCertificate>, ApiError> {
    use crate::ssr::{api, certificates};
    api::respond(async move {
        let user = api::signed_in()?;
        Ok(certificates::verify::of_holder(&api::state()?.db, user.id).await?)
    })
    .await
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

/// Admins only: the full record of one certificate, for the revocation
/// screen. `None` when there is no such certificate.
#[server(endpoint = "certificates/record")]
pub async fn get_certificate_record(code: String) -> Result<Option<CertificateRecord>, ApiError> {
    use crate::roles::Role;
    use crate::ssr::{api, auth::access, certificates};
    api::respond(async move {
        access::require_any(api::caller().as_ref(), &[Role::Admin])?;
        Ok(certificates::record::find(&api::state()?.db, &code).await?)
    })
    .await
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

/// Trainers and admins: the courses they may download certificates of,
/// and their batches with progress.
#[server(endpoint = "certificates/batches")]
pub async fn get_batches() -> Result<BatchPage, ApiError> {
    use crate::ssr::{api, auth::access, certificates::batch};
    api::respond(async move {
        let user = api::caller();
        let user = access::require_any(user.as_ref(), &batch::ROLES)?;
        let db = &api::state()?.db;
        Ok(BatchPage {
            courses: batch::courses_for(db, user).await?,
            batches: batch::of_requester(db, user.id).await?,
        })
    })
    .await
}
