//! Revocation: an admin withdraws a certificate with a reason. The public
//! verification page then says "revoked" and nothing more; the reason and
//! who revoked it stay in the record and the audit log.

use super::code::{self, Parsed};
use super::store;
use crate::model::roles::Role;
use crate::ssr::audit::{self, Action, Event};
use crate::ssr::auth::CurrentUser;
use crate::ssr::db::{now, Db};
use crate::ssr::standings;

/// The longest reason kept (a sentence or two, not a file).
pub const REASON_MAX_CHARS: usize = 500;

#[derive(Debug, thiserror::Error)]
pub enum RevokeError {
    #[error("only administrators revoke certificates")]
    Forbidden,
    #[error("no such certificate")]
    NotFound,
    #[error("a reason is required")]
    ReasonRequired,
    #[error("already revoked")]
    AlreadyRevoked,
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
}

/// Revokes certificate `typed` (any spelling `code::parse` accepts) and
/// returns its canonical code. Revoking is final: a revoked certificate is
/// not revoked again (its first reason stands).
pub async fn revoke(
    db: &Db,
    actor: &CurrentUser,
    typed: &str,
    reason: &str,
    ip: Option<&str>,
) -> Result<String, RevokeError> {
    if !actor.has(Role::Admin) {
        return Err(RevokeError::Forbidden);
    }
    let Parsed::Valid(code) = code::parse(typed) else {
        return Err(RevokeError::NotFound);
    };
    let reason: String = reason.trim().chars().take(REASON_MAX_CHARS).collect();
    if reason.is_empty() {
        return Err(RevokeError::ReasonRequired);
    }
    let mut tx = db.begin().await?;
    if !store::revoke(&mut *tx, &code, &reason, actor.id, now()).await? {
        return Err(if store::exists(&mut *tx, &code).await? {
            RevokeError::AlreadyRevoked
        } else {
            RevokeError::NotFound
        });
    }
    standings::refresh_certificate(&mut tx, &code).await?;
    audit::append(
        &mut tx,
        Event {
            actor_id: Some(actor.id),
            subject: Some(&code),
            detail: Some(&reason),
            ip,
            ..Event::new(Action::CertificateRevoked)
        },
    )
    .await?;
    tx.commit().await?;
    Ok(code)
}
