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
