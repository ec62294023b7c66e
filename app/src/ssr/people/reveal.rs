//! Secrets shown once. When an admin creates an account or issues a reset
//! link, the link is put here and the browser is redirected to the person's
//! page with a random key; that page, in the same session, takes the link
//! out and shows it. So the secret never appears in a URL, a log or the
//! browser's history, works without JavaScript, and cannot be shown twice.

use crate::ssr::auth::session::token_hash;
use crate::ssr::db::{now, Db};
use sqlx::Row;

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
    sqlx::query("DELETE FROM reveals WHERE expires_at <= $1")
        .bind(at)
        .execute(db.pool())
        .await?;
    sqlx::query(
        "INSERT INTO reveals (key_hash, session_hash, subject_id, secret, expires_at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(token_hash(&key))
    .bind(session_hash)
    .bind(subject_id)
    .bind(secret)
    .bind(at + VALID_SECS)
    .execute(db.pool())
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
    let hash = token_hash(key);
    let row = sqlx::query(
        "DELETE FROM reveals
         WHERE key_hash = $1 AND session_hash = $2 AND subject_id = $3 AND expires_at > $4
         RETURNING secret",
    )
    .bind(&hash)
    .bind(session_hash)
    .bind(subject_id)
    .bind(now())
    .fetch_optional(db.pool())
    .await?;
    row.map(|r| r.try_get("secret")).transpose()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::roles::Role;
    use crate::ssr::db::testing::new_user;
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
