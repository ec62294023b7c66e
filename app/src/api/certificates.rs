//! Certificates as the public verification page and their holder see them:
//! what the certificate states and whether it stands — nothing else about
//! the holder (no e-mail, no organisation).

use crate::model::certificates::{BatchPage, CertificateRecord, OwnCertificate, Verification};
use crate::model::ApiError;
use leptos::prelude::*;

/// Public: anyone may check a certificate. Every lookup is logged, and an
/// address asking too often is told to wait, so identifiers cannot be
/// enumerated.
#[server(endpoint = "certificates/verify")]
pub async fn verify_certificate(code: String) -> Result<Verification, ApiError> {
    use crate::ssr::{api, certificates};
    api::respond(async move {
        let ip = api::client_ip();
        Ok(certificates::verify::lookup(&api::state()?.db, &code, ip.as_deref()).await?)
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

/// Admins only: the full record of one certificate, for the revocation
/// screen. `None` when there is no such certificate.
#[server(endpoint = "certificates/record")]
pub async fn get_certificate_record(code: String) -> Result<Option<CertificateRecord>, ApiError> {
    use crate::model::roles::Role;
    use crate::ssr::{api, auth::access, certificates};
    api::respond(async move {
        access::require_any(api::caller().as_ref(), &[Role::Admin])?;
        Ok(certificates::record::find(&api::state()?.db, &code).await?)
    })
    .await
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
