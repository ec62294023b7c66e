//! A certificate's full record, for administrators (the revocation
//! screen): what the public sees, plus holder and revocation details.

use super::code::{self, Parsed};
use super::verify::{public, COLUMNS};
use crate::model::certificates::CertificateRecord;
use crate::ssr::db::Db;
use sqlx::Row;

pub async fn find(db: &Db, typed: &str) -> Result<Option<CertificateRecord>, sqlx::Error> {
    let Parsed::Valid(code) = code::parse(typed) else {
        return Ok(None);
    };
    let Some(row) = sqlx::query(&format!(
        "SELECT {COLUMNS}, c.user_id, c.revoked_reason, u.email, co.slug,
                (SELECT b.name FROM users b WHERE b.id = c.revoked_by) AS revoked_by_name
         FROM certificates c JOIN users u ON u.id = c.user_id JOIN courses co ON co.id = c.course_id
         WHERE c.code = $1"
    ))
    .bind(&code)
    .fetch_optional(db.pool())
    .await?
    else {
        return Ok(None);
    };
    let (certificate, status) = public(&row)?;
    Ok(Some(CertificateRecord {
        certificate,
        status,
        holder_id: row.try_get("user_id")?,
        holder_email: row.try_get("email")?,
        course_slug: row.try_get("slug")?,
        revoked_at: row.try_get("revoked_at")?,
        revoked_reason: row.try_get("revoked_reason")?,
        revoked_by: row.try_get("revoked_by_name")?,
    }))
}
