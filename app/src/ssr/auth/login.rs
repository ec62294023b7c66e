//! Signing in: password check, rate limits and the audit trail.
//!
//! Every failure looks and takes the same whether or not the e-mail address
//! exists: an unknown address is checked against a dummy hash with the same
//! parameters, so timing does not tell accounts apart.
//!
//! The throttle is atomic without locks: each attempt is first recorded as
//! a failure, and only then are the recent failures counted, this one
//! included. Of N simultaneous guesses, the one recorded last sees all N,
//! so never more than the limit reach the password check. An attempt the
//! throttle refuses is forgotten again (it checked no password), so
//! hammering a paused account does not extend its pause.

use super::rate_limit::{self, PER_ACCOUNT_AND_ADDRESS, PER_ADDRESS, WINDOW_SECS};
use super::store::{self, Failures};
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

/// The account `typed` names, if it is a well-formed address or username.
async fn credentials(db: &Db, typed: &str) -> Result<Option<store::CredentialRow>, sqlx::Error> {
    match crate::ssr::users::Login::parse(typed) {
        Ok(login) => store::credentials(db, &login).await,
        Err(_) => Ok(None),
    }
}

/// Checks the credentials (an e-mail address or a username, and a
/// password); on success returns the user's id. The caller
/// starts the session.
pub async fn sign_in(db: &Db, email: &str, password: &str, ip: &str) -> Result<i64, LoginError> {
    let email: String = email
        .trim()
        .to_lowercase()
        .chars()
        .take(crate::ssr::limits::EMAIL)
        .collect();
    let at = now();
    let since = at - WINDOW_SECS;

    let attempt = store::begin_attempt(db, &email, ip, at).await?;
    let pair = store::failures(db, Failures::Pair { email: &email, ip }, since, attempt).await?;
    let address = store::failures(db, Failures::Address { ip }, since, attempt).await?;
    let account = store::failures(db, Failures::Account { email: &email }, since, attempt).await?;
    let wait = [
        rate_limit::retry_after(&pair, PER_ACCOUNT_AND_ADDRESS, at),
        rate_limit::retry_after(&address, PER_ADDRESS, at),
        rate_limit::backoff(&account, at),
    ]
    .into_iter()
    .flatten()
    .max();
    if let Some(secs) = wait {
        store::forget_attempt(db, attempt).await?;
        return Err(LoginError::RateLimited {
            minutes: rate_limit::minutes(secs),
        });
    }

    let (user_id, hash, disabled) = match credentials(db, &email).await? {
        Some(row) => (Some(row.id), row.password_hash, row.disabled_at.is_some()),
        None => (None, dummy_hash().to_string(), false),
    };
    let matches = passwords::verify(password.to_string(), hash).await;
    let succeeded = matches && user_id.is_some() && !disabled;

    let mut tx = db.begin().await?;
    if succeeded {
        store::attempt_succeeded(&mut tx, attempt).await?;
    }
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
    // The failure that fills a limit pauses what follows: recorded once.
    let filled = if succeeded {
        None
    } else if pair.len() == PER_ACCOUNT_AND_ADDRESS {
        Some("this account from this address")
    } else if address.len() == PER_ADDRESS {
        Some("this address")
    } else {
        None
    };
    if let Some(what) = filled {
        audit::append(
            &mut tx,
            Event {
                actor_id: user_id,
                subject: Some(&email),
                detail: Some(what),
                ip: Some(ip),
                ..Event::new(Action::SignInPaused)
            },
        )
        .await?;
    }
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
    use rate_limit::PER_ACCOUNT_AND_ADDRESS as PER_ACCOUNT;
    use sqlx::Row;

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

    async fn brute_force_pauses_the_guesser_not_the_official(db: Db) {
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
        // The guesser's address waits now, even with the right password …
        let r = sign_in(
            &db,
            "somsri@example.org",
            "river-lamp-quiet-42",
            "198.51.100.1",
        )
        .await;
        let Err(LoginError::RateLimited { minutes }) = r else {
            panic!("not limited: {r:?}")
        };
        assert_eq!(minutes, 15);
        // … and hammering does not lengthen the pause.
        for _ in 0..20 {
            let _ = sign_in(&db, "somsri@example.org", "guess", "198.51.100.1").await;
        }
        let kept: i64 = sqlx::query("SELECT COUNT(*) AS n FROM login_attempts")
            .fetch_one(db.pool())
            .await
            .unwrap()
            .get("n");
        assert_eq!(kept, PER_ACCOUNT as i64, "refused attempts are forgotten");
        // The official, from their own office, signs in at once.
        sign_in(
            &db,
            "somsri@example.org",
            "river-lamp-quiet-42",
            "203.0.113.5",
        )
        .await
        .unwrap();
        let paused: i64 =
            sqlx::query("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'sign_in.paused'")
                .fetch_one(db.pool())
                .await
                .unwrap()
                .get("n");
        assert_eq!(paused, 1, "the pause is audited once");
    }

    async fn guesses_from_many_addresses_back_off_for_a_minute_at_most(db: Db) {
        somsri(&db).await;
        for i in 0..rate_limit::BACKOFF_AFTER {
            let ip = format!("198.51.100.{i}");
            let r = sign_in(&db, "somsri@example.org", "guess-guess-guess", &ip).await;
            assert!(matches!(r, Err(LoginError::Invalid)), "{i}: {r:?}");
        }
        // Three more failures from elsewhere, just now: the back-off has
        // doubled to 8 seconds, which a clock tick cannot outrun.
        for i in 0..3 {
            sqlx::query(
                "INSERT INTO login_attempts (email, ip, succeeded, at) VALUES ($1, $2, 0, $3)",
            )
            .bind("somsri@example.org")
            .bind(format!("203.0.113.{i}"))
            .bind(now())
            .execute(db.pool())
            .await
            .unwrap();
        }
        let r = sign_in(&db, "somsri@example.org", "guess", "198.51.100.99").await;
        assert!(
            matches!(r, Err(LoginError::RateLimited { minutes: 1 })),
            "{r:?}"
        );
        // A minute after the last failure the official gets in, whatever
        // the guessers did.
        sqlx::query("UPDATE login_attempts SET at = at - 61")
            .execute(db.pool())
            .await
            .unwrap();
        sign_in(
            &db,
            "somsri@example.org",
            "river-lamp-quiet-42",
            "203.0.113.5",
        )
        .await
        .unwrap();
    }

    async fn failures_right_after_a_success_count(db: Db) {
        somsri(&db).await;
        // All in the same second as the success.
        sign_in(
            &db,
            "somsri@example.org",
            "river-lamp-quiet-42",
            "198.51.100.1",
        )
        .await
        .unwrap();
        for _ in 0..PER_ACCOUNT {
            let _ = sign_in(&db, "somsri@example.org", "guess-guess", "198.51.100.1").await;
        }
        let r = sign_in(&db, "somsri@example.org", "guess-guess", "198.51.100.1").await;
        assert!(matches!(r, Err(LoginError::RateLimited { .. })), "{r:?}");
    }

    async fn parallel_guesses_cannot_exceed_the_limit(db: Db) {
        somsri(&db).await;
        let guesses: Vec<_> = (0..4 * PER_ACCOUNT)
            .map(|i| {
                let db = db.clone();
                tokio::spawn(async move {
                    sign_in(
                        &db,
                        "somsri@example.org",
                        &format!("guess-number-{i}"),
                        "198.51.100.1",
                    )
                    .await
                })
            })
            .collect();
        let mut checked = 0;
        for guess in guesses {
            match guess.await.unwrap() {
                Err(LoginError::Invalid) => checked += 1,
                Err(LoginError::RateLimited { .. }) => {}
                other => panic!("{other:?}"),
            }
        }
        assert!(checked <= PER_ACCOUNT, "{checked} passwords were checked");
        assert!(checked >= 1);
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
        brute_force_pauses_the_guesser_not_the_official,
        guesses_from_many_addresses_back_off_for_a_minute_at_most,
        failures_right_after_a_success_count,
        parallel_guesses_cannot_exceed_the_limit,
        disabled_accounts_cannot_sign_in,
    );
}
