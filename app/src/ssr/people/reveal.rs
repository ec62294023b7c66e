//! Secrets shown once. When an admin creates an account or issues a reset
//! link, the link is put here and the browser is redirected to the person's
//! page with a random key; that page, in the same session, takes the link
//! out and shows it. So the secret never appears in a URL, a log or the
//! browser's history, works without JavaScript, and cannot be shown twice.

use super::store;
use crate::ssr::auth::session::token_hash;
use crate::ssr::db::{now, Db};

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
    let bytes: [u8; 16] = rand::random();
    let key: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let at = now();
    store::put_reveal(
        db,
        &token_hash(&key),
        session_hash,
        subject_id,
        secret,
        at,
        at + VALID_SECS,
    )
    .await?;
    Ok(key)
}

/// Takes the secret out, if `key` was issued to this session for this
/// subject and has not expired or been shown.
pub async fn take(
    db: &Db,
    key: &str,
    session_hash: &str,
    subject_id: i64,
) -> Result<Option<String>, sqlx::Error> {
    store::take_reveal(db, &token_hash(key), session_hash, subject_id, now()).await
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
        expired_secrets_are_not_shown
    );
}
