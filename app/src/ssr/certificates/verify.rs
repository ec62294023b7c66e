//! What a certificate lookup answers: valid, expired, revoked, unknown, or
//! mistyped — with what the certificate states, never the holder's
//! contact details or organisation.
//!
//! Anyone may look up, so nothing an anonymous visitor does here may grow
//! the database without bound: lookups are rate-limited per client in a
//! one-minute window kept in the database (shared by every server process;
//! pruned as windows end; at most [`MAX_CLIENTS`] windows open, after which
//! new clients wait), and lookups of real certificates are counted per
//! certificate and day — one row however often it is checked — rather than
//! logged one by one.

use super::code::{self, Parsed};
use super::renewal::renewal_due;
use super::store::{self, CertificateRow};
use crate::model::certificates::{
    CertificateStatus, OwnCertificate, PublicCertificate, Verification,
};
use crate::ssr::db::{now, Db};
use crate::ssr::error::DomainError;

/// Lookups allowed per client per minute.
pub const LOOKUPS_PER_MINUTE: i64 = 30;
/// Clients with an open window at most; beyond it, new clients wait.
pub const MAX_CLIENTS: i64 = 10_000;
const WINDOW_SECS: i64 = 60;

pub use crate::ssr::proxies::client_key;

/// The public view of a stored certificate, and its status now.
pub(super) fn public(row: CertificateRow) -> (PublicCertificate, CertificateStatus) {
    let status = status(row.revoked_at, row.expires_at, now());
    (
        PublicCertificate {
            code: row.code,
            holder_name: row.holder_name,
            holder_name_latin: row.holder_name_latin,
            course_title: row.course_title,
            language: row.language,
            minutes: row.minutes,
            issuer: row.issuer,
            issued_at: row.issued_at,
            expires_at: row.expires_at,
            renews: row.renews,
            renewed_by: row.renewed_by,
        },
        status,
    )
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
    let at = now();
    let client = client_key(ip.unwrap_or(""));
    match store::count_lookup(db, &client, at, WINDOW_SECS, MAX_CLIENTS).await? {
        Some(n) if n <= LOOKUPS_PER_MINUTE => {}
        _ => return Err(DomainError::RateLimited),
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
        Parsed::Valid(code) => match store::by_code(db, &code).await? {
            Some(row) => {
                store::count_certificate_lookup(db, &row.code, at.div_euclid(86_400)).await?;
                let (certificate, status) = public(row);
                Verification {
                    status,
                    certificate: Some(certificate),
                }
            }
            None => Verification {
                status: CertificateStatus::Unknown,
                certificate: None,
            },
        },
    };
    Ok(verification)
}

/// The certificates of `user`, newest first.
pub async fn of_holder(db: &Db, user: i64) -> Result<Vec<OwnCertificate>, sqlx::Error> {
    Ok(store::of_holder(db, user)
        .await?
        .into_iter()
        .map(|r| {
            let (certificate, status) = public(r.certificate);
            let renewable = status != CertificateStatus::Revoked
                && certificate.renewed_by.is_none()
                && certificate
                    .expires_at
                    .is_some_and(|e| renewal_due(e, now()))
                && r.assessments > 0;
            OwnCertificate {
                certificate,
                status,
                course_slug: r.slug,
                renewable,
            }
        })
        .collect())
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
