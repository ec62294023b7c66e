//! What a certificate lookup answers: valid, expired, revoked, unknown, or
//! mistyped — with what the certificate states, never the holder's
//! contact details or organisation. Lookups are audited and rate-limited
//! per address (counted from the audit log, so every server process shares
//! the count).

use super::code::{self, Parsed};
use super::renewal::renewal_due;
use crate::model::certificates::{
    CertificateStatus, OwnCertificate, PublicCertificate, Verification,
};
use crate::ssr::audit::{self, Action, Event};
use crate::ssr::db::{now, Db};
use crate::ssr::error::DomainError;
use sqlx::Row;

/// Lookups allowed per address per minute.
pub const LOOKUPS_PER_MINUTE: i64 = 30;

pub(super) const COLUMNS: &str =
    "c.code, c.holder_name, c.holder_name_latin, c.course_title, c.language,
                       c.minutes, c.issuer, c.issued_at, c.expires_at, c.revoked_at,
                       (SELECT r.code FROM certificates r WHERE r.id = c.renews_id) AS renews,
                       (SELECT n.code FROM certificates n WHERE n.renews_id = c.id) AS renewed_by";

pub(super) fn public(
    row: &sqlx::any::AnyRow,
) -> Result<(PublicCertificate, CertificateStatus), sqlx::Error> {
    let expires_at: Option<i64> = row.try_get("expires_at")?;
    let status = status(row.try_get("revoked_at")?, expires_at, now());
    Ok((
        PublicCertificate {
            code: row.try_get("code")?,
            holder_name: row.try_get("holder_name")?,
            holder_name_latin: row.try_get("holder_name_latin")?,
            course_title: row.try_get("course_title")?,
            language: row.try_get("language")?,
            minutes: row.try_get("minutes")?,
            issuer: row.try_get("issuer")?,
            issued_at: row.try_get("issued_at")?,
            expires_at,
            renews: row.try_get("renews")?,
            renewed_by: row.try_get("renewed_by")?,
        },
        status,
    ))
}

/// Revocation outranks expiry.
pub fn status(revoked_at: Option<i64>, expires_at: Option<i64>, at: i64) -> CertificateStatus {
    match (revoked_at, expires_at) {
        (Some(_), _) => CertificateStatus::Revoked,
        (None, Some(e)) if at >= e => CertificateStatus::Expired,
        _ => CertificateStatus::Valid,
    }
}

pub async fn lookup(db: &Db, input: &str, ip: Option<&str>) -> Result<Verification, DomainError> {
    let recent: i64 = sqlx::query(
        "SELECT COUNT(*) AS n FROM audit_log WHERE ip = $1 AND action = $2 AND at > $3",
    )
    .bind(ip.unwrap_or(""))
    .bind(Action::CertificateVerified.as_str())
    .bind(now() - 60)
    .fetch_one(db.pool())
    .await?
    .try_get("n")?;
    if recent >= LOOKUPS_PER_MINUTE {
        return Err(DomainError::RateLimited);
    }
    let verification = match code::parse(input) {
        Parsed::Malformed => Verification {
            status: CertificateStatus::Malformed,
            certificate: None,
        },
        Parsed::Mistyped => Verification {
            status: CertificateStatus::Mistyped,
            certificate: None,
        },
        Parsed::Valid(code) => {
            let row = sqlx::query(&format!(
                "SELECT {COLUMNS} FROM certificates c WHERE c.code = $1"
            ))
            .bind(&code)
            .fetch_optional(db.pool())
            .await?;
            match row {
                Some(row) => {
                    let (certificate, status) = public(&row)?;
                    Verification {
                        status,
                        certificate: Some(certificate),
                    }
                }
                None => Verification {
                    status: CertificateStatus::Unknown,
                    certificate: None,
                },
            }
        }
    };
    let subject: String = input.trim().chars().take(40).collect();
    let detail = format!("{:?}", verification.status).to_lowercase();
    audit::record(
        db,
        Event {
            subject: Some(&subject),
            detail: Some(&detail),
            ip: Some(ip.unwrap_or("")),
            ..Event::new(Action::CertificateVerified)
        },
    )
    .await?;
    Ok(verification)
}

/// The certificates of `user`, newest first.
pub async fn of_holder(db: &Db, user: i64) -> Result<Vec<OwnCertificate>, sqlx::Error> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS}, co.slug,
                (SELECT COUNT(*) FROM assessments a WHERE a.course_id = c.course_id AND a.superseded_at IS NULL) AS assessments
         FROM certificates c JOIN courses co ON co.id = c.course_id
         WHERE c.user_id = $1 ORDER BY c.issued_at DESC, c.id DESC"
    ))
    .bind(user)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            let (certificate, status) = public(r)?;
            let renewable = status != CertificateStatus::Revoked
                && certificate.renewed_by.is_none()
                && certificate
                    .expires_at
                    .is_some_and(|e| renewal_due(e, now()))
                && r.try_get::<i64, _>("assessments")? > 0;
            Ok(OwnCertificate {
                certificate,
                status,
                course_slug: r.try_get("slug")?,
                renewable,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn revoked_outranks_expired_and_expiry_is_inclusive() {
        assert_eq!(status(None, None, 10), CertificateStatus::Valid);
        assert_eq!(status(None, Some(11), 10), CertificateStatus::Valid);
        assert_eq!(status(None, Some(10), 10), CertificateStatus::Expired);
        assert_eq!(status(Some(5), Some(10), 20), CertificateStatus::Revoked);
        assert_eq!(status(Some(5), None, 1), CertificateStatus::Revoked);
    }
}
