//! A certificate's full record, for administrators (the revocation
//! screen): what the public sees, plus holder and revocation details.

use super::code::{self, Parsed};
use super::store;
use super::verify::public;
use crate::model::certificates::CertificateRecord;
use crate::ssr::db::Db;

pub async fn find(db: &Db, typed: &str) -> Result<Option<CertificateRecord>, sqlx::Error> {
    let Parsed::Valid(code) = code::parse(typed) else {
        return Ok(None);
    };
    let Some(row) = store::record(db, &code).await? else {
        return Ok(None);
    };
    let (certificate, status) = public(row.certificate.clone());
    Ok(Some(CertificateRecord {
        certificate,
        status,
        holder_id: row.user_id,
        holder_email: row.email,
        course_slug: row.slug,
        revoked_at: row.certificate.revoked_at,
        revoked_reason: row.revoked_reason,
        revoked_by: row.revoked_by_name,
    }))
}
