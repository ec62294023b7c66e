//! The SQL of second factors: secrets, recovery codes, half-done sign-ins
//! and the deployment setting that extends the requirement to staff.

use crate::ssr::db::Db;
use sqlx::{AnyConnection, FromRow};

/// A user's authenticator secret (masked) and its state.
#[derive(Clone, Debug, FromRow)]
pub struct FactorRow {
    pub secret: String,
    pub confirmed_at: Option<i64>,
    pub last_step: i64,
}

pub async fn factor(db: &Db, user: i64) -> Result<Option<FactorRow>, sqlx::Error> {
    sqlx::query_as("SELECT secret, confirmed_at, last_step FROM second_factors WHERE user_id = $1")
        .bind(user)
        .fetch_optional(db.pool())
        .await
}

/// Stores a new, unconfirmed secret for `user` (replacing an unconfirmed
/// one; a confirmed one is never overwritten here).
pub async fn put_pending(db: &Db, user: i64, secret: &str, at: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO second_factors (user_id, secret, created_at) VALUES ($1, $2, $3)
         ON CONFLICT (user_id) DO UPDATE SET secret = $2, created_at = $3
         WHERE second_factors.confirmed_at IS NULL",
    )
    .bind(user)
    .bind(secret)
    .bind(at)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// Records that `step` was used, if it is later than any used before —
/// `false` when the code was used already (a replay).
pub async fn use_step(conn: &mut AnyConnection, user: i64, step: i64) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query(
        "UPDATE second_factors SET last_step = $1 WHERE user_id = $2 AND last_step < $1",
    )
    .bind(step)
    .bind(user)
    .execute(conn)
    .await?
    .rows_affected()
        == 1)
}

pub async fn confirm(conn: &mut AnyConnection, user: i64, at: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE second_factors SET confirmed_at = $1 WHERE user_id = $2")
        .bind(at)
        .bind(user)
        .execute(conn)
        .await?;
    Ok(())
}

/// Replaces `user`'s recovery codes with these hashes.
pub async fn replace_recovery_codes(
    conn: &mut AnyConnection,
    user: i64,
    hashes: &[String],
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1")
        .bind(user)
        .execute(&mut *conn)
        .await?;
    for hash in hashes {
        sqlx::query("INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)")
            .bind(user)
            .bind(hash)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Uses the recovery code with this hash, once: `false` if there is no
/// unused one.
pub async fn use_recovery_code(
    conn: &mut AnyConnection,
    user: i64,
    hash: &str,
    at: i64,
) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query(
        "UPDATE recovery_codes SET used_at = $1
         WHERE user_id = $2 AND code_hash = $3 AND used_at IS NULL",
    )
    .bind(at)
    .bind(user)
    .bind(hash)
    .execute(conn)
    .await?
    .rows_affected()
        > 0)
}

#[derive(FromRow)]
struct CountRow {
    n: i64,
}

pub async fn recovery_codes_left(db: &Db, user: i64) -> Result<i64, sqlx::Error> {
    let row: CountRow = sqlx::query_as(
        "SELECT COUNT(*) AS n FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL",
    )
    .bind(user)
    .fetch_one(db.pool())
    .await?;
    Ok(row.n)
}

/// Removes `user`'s second factor, recovery codes and half-done sign-ins.
pub async fn remove(conn: &mut AnyConnection, user: i64) -> Result<(), sqlx::Error> {
    for sql in [
        "DELETE FROM second_factors WHERE user_id = $1",
        "DELETE FROM recovery_codes WHERE user_id = $1",
        "DELETE FROM sign_in_challenges WHERE user_id = $1",
    ] {
        sqlx::query(sql).bind(user).execute(&mut *conn).await?;
    }
    Ok(())
}

pub async fn put_challenge(
    db: &Db,
    token_hash: &str,
    user: i64,
    next: &str,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO sign_in_challenges (token_hash, user_id, next, expires_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(token_hash)
    .bind(user)
    .bind(next)
    .bind(expires_at)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// A half-done sign-in.
#[derive(Clone, Debug, FromRow)]
pub struct ChallengeRow {
    pub user_id: i64,
    pub next: String,
    pub expires_at: i64,
    pub failures: i64,
}

pub async fn challenge(db: &Db, token_hash: &str) -> Result<Option<ChallengeRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT user_id, next, expires_at, failures FROM sign_in_challenges WHERE token_hash = $1",
    )
    .bind(token_hash)
    .fetch_optional(db.pool())
    .await
}

/// Counts a wrong code against the challenge and returns the failures so
/// far (atomic: parallel guesses each count).
pub async fn fail_challenge(db: &Db, token_hash: &str) -> Result<i64, sqlx::Error> {
    let row: Option<CountRow> = sqlx::query_as(
        "UPDATE sign_in_challenges SET failures = failures + 1 WHERE token_hash = $1
         RETURNING failures AS n",
    )
    .bind(token_hash)
    .fetch_optional(db.pool())
    .await?;
    Ok(row.map_or(i64::MAX, |r| r.n))
}

pub async fn end_challenge(db: &Db, token_hash: &str, at: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sign_in_challenges WHERE token_hash = $1 OR expires_at <= $2")
        .bind(token_hash)
        .bind(at)
        .execute(db.pool())
        .await?;
    Ok(())
}

#[derive(FromRow)]
struct ValueRow {
    value: String,
}

pub async fn setting(db: &Db, name: &str) -> Result<Option<String>, sqlx::Error> {
    Ok(
        sqlx::query_as::<_, ValueRow>("SELECT value FROM deployment_settings WHERE name = $1")
            .bind(name)
            .fetch_optional(db.pool())
            .await?
            .map(|r| r.value),
    )
}

pub async fn set_setting(
    conn: &mut AnyConnection,
    name: &str,
    value: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO deployment_settings (name, value) VALUES ($1, $2)
         ON CONFLICT (name) DO UPDATE SET value = $2",
    )
    .bind(name)
    .bind(value)
    .execute(conn)
    .await?;
    Ok(())
}
