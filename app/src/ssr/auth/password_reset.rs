//! One-time password reset links.
//!
//! Many deployments have no e-mail, so a trainer or an administrator creates
//! the link and hands it over in person or by phone. A link works once and
//! for 24 hours; using it ends every session of the account. Administrators
//! may reset anyone; trainers only accounts that are trainees and nothing
//! more (a trainer cannot take over another trainer's or an admin's account).

use super::access::CurrentUser;
use super::session::token_hash;
use super::store;
use crate::ssr::audit::{self, Action, Event};
use crate::ssr::db::{now, Db};
use crate::ssr::passwords::{self, PolicyError};

pub const VALID_SECS: i64 = 24 * 3600;

#[derive(Debug, thiserror::Error)]
pub enum ResetError {
    #[error("you may not reset this account's password")]
    Forbidden,
    #[error("there is no such account")]
    UnknownUser,
    #[error("this reset link is not valid")]
    Invalid,
    #[error("this reset link has expired; ask for a new one")]
    Expired,
    #[error("this reset link has already been used; ask for a new one")]
    Used,
    #[error(transparent)]
    Policy(#[from] PolicyError),
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
}

/// Creates a link token for the user with `email`. `issuer` is `None` for
/// the command line (an operator with access to the server).
pub async fn issue(
    db: &Db,
    issuer: Option<&CurrentUser>,
    email: &str,
) -> Result<String, ResetError> {
    let email = email.trim().to_lowercase();
    let target = store::user_id_by_email(db, &email)
        .await?
        .ok_or(ResetError::UnknownUser)?;
    issue_for(db, issuer, target).await
}

/// Creates a link token for the account `user_id` (anonymised accounts
/// cannot be reset).
pub async fn issue_for(
    db: &Db,
    issuer: Option<&CurrentUser>,
    user_id: i64,
) -> Result<String, ResetError> {
    let email = store::resettable_email(db, user_id)
        .await?
        .ok_or(ResetError::UnknownUser)?;
    let roles = crate::ssr::users::roles_of(db, user_id).await?;
    if let Some(issuer) = issuer {
        if !super::policy::may_reset(&issuer.roles, &roles) {
            return Err(ResetError::Forbidden);
        }
    }
    let bytes: [u8; 32] = rand::random();
    let token: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let at = now();
    let mut tx = db.pool().begin().await?;
    store::insert_reset(
        &mut tx,
        &store::NewReset {
            token_hash: &token_hash(&token),
            user_id,
            created_by: issuer.map(|i| i.id),
            at,
            expires_at: at + VALID_SECS,
        },
    )
    .await?;
    audit::append(
        &mut tx,
        Event {
            actor_id: issuer.map(|i| i.id),
            subject: Some(&email),
            ..Event::new(Action::ResetIssued)
        },
    )
    .await?;
    tx.commit().await?;
    Ok(token)
}

/// Whether a token can still be used, without using it (for the form page).
pub async fn check(db: &Db, token: &str) -> Result<(), ResetError> {
    let row = store::reset(db, &token_hash(token))
        .await?
        .ok_or(ResetError::Invalid)?;
    state(row.expires_at, row.used_at)
}

fn state(expires_at: i64, used_at: Option<i64>) -> Result<(), ResetError> {
    if used_at.is_some() {
        Err(ResetError::Used)
    } else if now() >= expires_at {
        Err(ResetError::Expired)
    } else {
        Ok(())
    }
}

/// Sets a new password with the link, once. Returns the user's id.
pub async fn redeem(
    db: &Db,
    token: &str,
    new_password: &str,
    ip: Option<&str>,
) -> Result<i64, ResetError> {
    passwords::check_policy(new_password)?;
    let hash = passwords::hash(new_password.to_string()).await;
    let at = now();
    let mut tx = db.pool().begin().await?;
    // Claim the link first: of two simultaneous uses, only one updates it.
    let Some(user_id) = store::claim_reset(&mut tx, &token_hash(token), at).await? else {
        drop(tx);
        check(db, token).await?;
        return Err(ResetError::Invalid);
    };
    crate::ssr::users::replace_password_hash(&mut tx, user_id, &hash, None).await?;
    audit::append(
        &mut tx,
        Event {
            actor_id: Some(user_id),
            ip,
            ..Event::new(Action::ResetUsed)
        },
    )
    .await?;
    tx.commit().await?;
    Ok(user_id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::roles::Role;
    use crate::ssr::auth::{login, session};
    use crate::ssr::testing::new_user;
    use crate::ssr::users::create;
    use crate::test_on_both_databases;

    async fn user(db: &Db, email: &str, roles: Vec<Role>) -> CurrentUser {
        let id = create(db, new_user(email, &roles)).await.unwrap();
        CurrentUser {
            id,
            email: email.into(),
            name: email.into(),
            roles,
            organisation_id: None,
            session: String::new(),
        }
    }

    async fn a_link_works_once_and_ends_sessions(db: Db) {
        let trainer = user(&db, "trainer@example.org", vec![Role::Trainer]).await;
        let trainee = user(&db, "trainee@example.org", vec![Role::Trainee]).await;
        let old_session = session::start(&db, trainee.id, None, None).await.unwrap();
        let token = issue(&db, Some(&trainer), "Trainee@example.org")
            .await
            .unwrap();
        check(&db, &token).await.unwrap();
        assert!(matches!(
            redeem(&db, &token, "short", None).await,
            Err(ResetError::Policy(_))
        ));
        check(&db, &token)
            .await
            .expect("a refused password does not use up the link");
        assert_eq!(
            redeem(&db, &token, "brand-new-password-9", None)
                .await
                .unwrap(),
            trainee.id
        );
        assert!(session::resolve(&db, &old_session).await.unwrap().is_none());
        assert!(login::sign_in(
            &db,
            "trainee@example.org",
            "brand-new-password-9",
            "192.0.2.1"
        )
        .await
        .is_ok());
        assert!(matches!(
            redeem(&db, &token, "another-password-10", None).await,
            Err(ResetError::Used)
        ));
        assert!(matches!(
            check(&db, "bogus").await,
            Err(ResetError::Invalid)
        ));
        assert!(matches!(
            issue(&db, Some(&trainee), "trainer@example.org").await,
            Err(ResetError::Forbidden)
        ));
        assert!(matches!(
            issue(&db, Some(&trainer), "trainer@example.org").await,
            Err(ResetError::Forbidden)
        ));
    }

    async fn an_expired_link_is_refused(db: Db) {
        user(&db, "trainee@example.org", vec![Role::Trainee]).await;
        let token = issue(&db, None, "trainee@example.org").await.unwrap();
        sqlx::query("UPDATE password_resets SET expires_at = $1")
            .bind(now() - 1)
            .execute(db.pool())
            .await
            .unwrap();
        assert!(matches!(check(&db, &token).await, Err(ResetError::Expired)));
        assert!(matches!(
            redeem(&db, &token, "brand-new-password-9", None).await,
            Err(ResetError::Expired)
        ));
    }

    test_on_both_databases!(
        a_link_works_once_and_ends_sessions,
        an_expired_link_is_refused
    );
}
