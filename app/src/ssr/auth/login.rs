//! Signing in: password check, rate limits and the audit trail.
//!
//! Every failure looks and takes the same whether or not the e-mail address
//! exists: an unknown address is checked against a dummy hash with the same
//! parameters, so timing does not tell accounts apart.

use super::rate_limit::{self, PER_ACCOUNT, PER_ADDRESS, WINDOW_SECS};
use super::store;
use crate::ssr::audit::{self, Action, Event};
use crate::ssr::db::{now, Db};
use crate::ssr::passwords;
use std::sync::OnceLock;

#[derive(Debug, thiserror::Error)]
pub enum LoginError {
    #[error("the e-mail address or password is not right")]
    Invalid,
    #[error("too many failed sign-ins; try again in {minutes} minutes")]
    RateLimited { minutes: i64 },
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
}

fn dummy_hash() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| passwords::hash_blocking("lantern-dummy-password-for-timing"))
}

/// Checks the credentials; on success returns the user's id. The caller
/// starts the session.
pub async fn sign_in(db: &Db, email: &str, password: &str, ip: &str) -> Result<i64, LoginError> {
    let email = email.trim().to_lowercase();
    let at = now();
    let since = at - WINDOW_SECS;

    let account_failures = store::account_failures(db, &email, since).await?;
    let address_failures = store::address_failures(db, ip, since).await?;
    let wait = [
        rate_limit::retry_after(&account_failures, PER_ACCOUNT, at),
        rate_limit::retry_after(&address_failures, PER_ADDRESS, at),
    ]
    .into_iter()
    .flatten()
    .max();
    if let Some(secs) = wait {
        return Err(LoginError::RateLimited {
            minutes: rate_limit::minutes(secs),
        });
    }

    let (user_id, hash, disabled) = match store::credentials(db, &email).await? {
        Some(row) => (Some(row.id), row.password_hash, row.disabled_at.is_some()),
        None => (None, dummy_hash().to_string(), false),
    };
    let matches = passwords::verify(password.to_string(), hash).await;
    let succeeded = matches && user_id.is_some() && !disabled;

    let mut tx = db.pool().begin().await?;
    store::record_attempt(&mut tx, &email, ip, succeeded, at).await?;
    let detail = match (succeeded, user_id, disabled) {
        (true, ..) => None,
        (false, None, _) => Some("unknown e-mail address"),
        (false, Some(_), true) => Some("account disabled"),
        (false, Some(_), false) => Some("wrong password"),
    };
    audit::append(
        &mut tx,
        Event {
            actor_id: user_id,
            subject: Some(&email),
            detail,
            ip: Some(ip),
            ..Event::new(if succeeded {
                Action::SignInSucceeded
            } else {
                Action::SignInFailed
            })
        },
    )
    .await?;
    tx.commit().await?;

    match (succeeded, user_id) {
        (true, Some(id)) => Ok(id),
        _ => Err(LoginError::Invalid),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::roles::Role;
    use crate::ssr::testing::new_user;
    use crate::ssr::users::create;
    use crate::test_on_both_databases;

    async fn somsri(db: &Db) -> i64 {
        create(db, new_user("somsri@example.org", &[Role::Trainee]))
            .await
            .unwrap()
    }

    async fn right_and_wrong_passwords(db: Db) {
        let id = somsri(&db).await;
        assert_eq!(
            sign_in(
                &db,
                " SomSri@example.org",
                "river-lamp-quiet-42",
                "192.0.2.1"
            )
            .await
            .unwrap(),
            id
        );
        assert!(matches!(
            sign_in(&db, "somsri@example.org", "wrong-password-1", "192.0.2.1").await,
            Err(LoginError::Invalid)
        ));
        assert!(matches!(
            sign_in(
                &db,
                "nobody@example.org",
                "river-lamp-quiet-42",
                "192.0.2.1"
            )
            .await,
            Err(LoginError::Invalid)
        ));
        assert_eq!(
            crate::ssr::audit::verify(&db).await.unwrap(),
            crate::ssr::audit::Verification::Intact { entries: 4 }
        );
    }

    async fn brute_force_on_one_account_is_paused(db: Db) {
        somsri(&db).await;
        for _ in 0..PER_ACCOUNT {
            let r = sign_in(
                &db,
                "somsri@example.org",
                "guess-guess-guess",
                "198.51.100.1",
            )
            .await;
            assert!(matches!(r, Err(LoginError::Invalid)));
        }
        // Even the right password waits now, from any address.
        let r = sign_in(
            &db,
            "somsri@example.org",
            "river-lamp-quiet-42",
            "203.0.113.5",
        )
        .await;
        let Err(LoginError::RateLimited { minutes }) = r else {
            panic!("not limited: {r:?}")
        };
        assert_eq!(minutes, 15);
    }

    async fn disabled_accounts_cannot_sign_in(db: Db) {
        let id = somsri(&db).await;
        sqlx::query("UPDATE users SET disabled_at = 1 WHERE id = $1")
            .bind(id)
            .execute(db.pool())
            .await
            .unwrap();
        assert!(matches!(
            sign_in(
                &db,
                "somsri@example.org",
                "river-lamp-quiet-42",
                "192.0.2.1"
            )
            .await,
            Err(LoginError::Invalid)
        ));
    }

    test_on_both_databases!(
        right_and_wrong_passwords,
        brute_force_on_one_account_is_paused,
        disabled_accounts_cannot_sign_in,
    );
}
