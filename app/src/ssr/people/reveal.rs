//! Secrets shown once. When an admin creates an account or issues a reset
//! link, the link is put here and the browser is redirected to the person's
//! page with a random key; that page, in the same session, takes the link
//! out and shows it. So the secret never appears in a URL, a log or the
//! browser's history, works without JavaScript, and cannot be shown twice.
//!
//! The database never holds the secret in plain text: it is stored masked
//! with a one-time pad derived from the key, and only the key's hash is
//! stored. Someone who reads the database alone (a backup, a replica)
//! learns no working link; the key exists only in the issuer's redirect.

use super::store;
use crate::ssr::auth::session::token_hash;
use crate::ssr::db::{now, Db};
use crate::ssr::secrets::{hex, mask, random_hex, unhex};

/// How long a secret waits to be shown.
pub const VALID_SECS: i64 = 10 * 60;

/// Stores `secret` for the session `session_hash`; returns the key to put in
/// the redirect.
pub async fn put(
    db: &Db,
    session_hash: &str,
    subject_id: i64,
    secret: &str,
) -> Result<String, sqlx::Error> {
    let key = random_hex::<16>();
    let at = now();
    store::put_reveal(
        db,
        &token_hash(&key),
        session_hash,
        subject_id,
        &hex(&mask(key.as_bytes(), PAD, secret.as_bytes())),
        at,
        at + VALID_SECS,
    )
    .await?;
    Ok(key)
}

/// The label of the pad a show-once secret is masked with (under its key).
const PAD: &str = "lantern reveal pad";

/// Takes the secret out, if `key` was issued to this session for this
/// subject and has not expired or been shown.
pub async fn take(
    db: &Db,
    key: &str,
    session_hash: &str,
    subject_id: i64,
) -> Result<Option<String>, sqlx::Error> {
    let masked = store::take_reveal(db, &token_hash(key), session_hash, subject_id, now()).await?;
    Ok(masked
        .and_then(|m| unhex(&m))
        .and_then(|m| String::from_utf8(mask(key.as_bytes(), PAD, &m)).ok()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::roles::Role;
    use crate::ssr::testing::new_user;
    use crate::ssr::users::create;
    use crate::test_on_both_databases;

    async fn shown_once_to_the_same_session_only(db: Db) {
        let id = create(&db, new_user("nok@example.org", &[Role::Trainee]))
            .await
            .unwrap();
        let key = put(&db, "session-a", id, "the-link").await.unwrap();
        assert_eq!(take(&db, &key, "session-b", id).await.unwrap(), None);
        assert_eq!(take(&db, &key, "session-a", id + 1).await.unwrap(), None);
        assert_eq!(
            take(&db, &key, "session-a", id).await.unwrap().as_deref(),
            Some("the-link")
        );
        assert_eq!(take(&db, &key, "session-a", id).await.unwrap(), None);
    }

    async fn the_database_never_holds_the_secret(db: Db) {
        let id = create(&db, new_user("nok@example.org", &[Role::Trainee]))
            .await
            .unwrap();
        let secret = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        let key = put(&db, "s", id, secret).await.unwrap();
        let stored: String = sqlx::query_scalar("SELECT secret FROM reveals")
            .fetch_one(db.pool())
            .await
            .unwrap();
        assert!(!stored.contains(secret) && !stored.contains(&secret[..16]));
        assert_eq!(stored.len(), secret.len() * 2);
        assert_eq!(
            take(&db, &key, "s", id).await.unwrap().as_deref(),
            Some(secret)
        );
    }

    async fn expired_secrets_are_not_shown(db: Db) {
        let id = create(&db, new_user("nok@example.org", &[Role::Trainee]))
            .await
            .unwrap();
        let key = put(&db, "s", id, "old").await.unwrap();
        sqlx::query("UPDATE reveals SET expires_at = 0")
            .execute(db.pool())
            .await
            .unwrap();
        assert_eq!(take(&db, &key, "s", id).await.unwrap(), None);
    }

    test_on_both_databases!(
        shown_once_to_the_same_session_only,
        expired_secrets_are_not_shown,
        the_database_never_holds_the_secret
    );
}
