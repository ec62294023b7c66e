//! The SQL of sign-in: sessions, password-reset links and the record of
//! sign-in attempts the rate limiter counts. The rules (expiry, idle time,
//! limits, who may reset whom) are in `session.rs`, `password_reset.rs`,
//! `login.rs` and `policy.rs`.

use crate::ssr::db::Db;
use crate::ssr::users::Login;
use sqlx::{AnyConnection, FromRow};

/// A live session with its account, as the session middleware resolves it.
#[derive(Clone, Debug, FromRow)]
pub struct SessionRow {
    pub user_id: i64,
    pub last_seen_at: i64,
    pub expires_at: i64,
    pub email: String,
    pub name: String,
    pub organisation_id: Option<i64>,
    pub disabled_at: Option<i64>,
}

/// A session to store (only the token's hash is kept).
pub struct NewSession<'a> {
    pub token_hash: &'a str,
    pub user_id: i64,
    pub at: i64,
    pub expires_at: i64,
    pub ip: Option<&'a str>,
    pub user_agent: Option<&'a str>,
}

pub async fn insert_session(db: &Db, s: &NewSession<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at, ip, user_agent)
         VALUES ($1, $2, $3, $3, $4, $5, $6)",
    )
    .bind(s.token_hash)
    .bind(s.user_id)
    .bind(s.at)
    .bind(s.expires_at)
    .bind(s.ip)
    .bind(s.user_agent)
    .execute(db.pool())
    .await?;
    Ok(())
}

pub async fn session(db: &Db, token_hash: &str) -> Result<Option<SessionRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT s.user_id, s.last_seen_at, s.expires_at,
                COALESCE(u.email, u.username) AS email, u.name, u.organisation_id,
                u.disabled_at
         FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.token_hash = $1",
    )
    .bind(token_hash)
    .fetch_optional(db.pool())
    .await
}

pub async fn touch_session(db: &Db, token_hash: &str, at: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2")
        .bind(at)
        .bind(token_hash)
        .execute(db.pool())
        .await?;
    Ok(())
}

pub async fn delete_session(db: &Db, token_hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token_hash)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// Ends every session of `user` but the one whose hash is `except`;
/// returns how many ended.
pub async fn delete_sessions_of(db: &Db, user: i64, except: &str) -> Result<u64, sqlx::Error> {
    Ok(
        sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
            .bind(user)
            .bind(except)
            .execute(db.pool())
            .await?
            .rows_affected(),
    )
}

#[derive(FromRow)]
struct UserIdRow {
    user_id: i64,
}

/// The account that signs in with `login`.
pub async fn user_id_by_login(db: &Db, login: &Login) -> Result<Option<i64>, sqlx::Error> {
    crate::ssr::users::store::id_by_login(db.pool(), login).await
}

/// Ends every session of `user`, inside the caller's transaction.
pub async fn end_sessions(conn: &mut AnyConnection, user: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(user)
        .execute(conn)
        .await?;
    Ok(())
}

/// A reset link to store (only the token's hash is kept).
pub struct NewReset<'a> {
    pub token_hash: &'a str,
    pub user_id: i64,
    pub created_by: Option<i64>,
    pub at: i64,
    pub expires_at: i64,
}

pub async fn insert_reset(conn: &mut AnyConnection, r: &NewReset<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO password_resets (token_hash, user_id, created_by, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(r.token_hash)
    .bind(r.user_id)
    .bind(r.created_by)
    .bind(r.at)
    .bind(r.expires_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// A reset link's state.
#[derive(Clone, Copy, Debug, FromRow)]
pub struct ResetRow {
    pub user_id: i64,
    pub created_by: Option<i64>,
    pub expires_at: i64,
    pub used_at: Option<i64>,
}

pub async fn reset(db: &Db, token_hash: &str) -> Result<Option<ResetRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT user_id, created_by, expires_at, used_at FROM password_resets WHERE token_hash = $1",
    )
        .bind(token_hash)
        .fetch_optional(db.pool())
        .await
}

/// Marks the link used if it is unused and unexpired at `at`; returns its
/// account, or `None` when it could not be claimed.
pub async fn claim_reset(
    conn: &mut AnyConnection,
    token_hash: &str,
    at: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let claimed = sqlx::query(
        "UPDATE password_resets SET used_at = $1
         WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1",
    )
    .bind(at)
    .bind(token_hash)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if claimed == 0 {
        return Ok(None);
    }
    let row: UserIdRow =
        sqlx::query_as("SELECT user_id FROM password_resets WHERE token_hash = $1")
            .bind(token_hash)
            .fetch_one(&mut *conn)
            .await?;
    Ok(Some(row.user_id))
}

/// What sign-in checks a password against.
#[derive(Clone, Debug, FromRow)]
pub struct CredentialRow {
    pub id: i64,
    pub password_hash: String,
    pub disabled_at: Option<i64>,
}

pub async fn credentials(db: &Db, login: &Login) -> Result<Option<CredentialRow>, sqlx::Error> {
    let sql = format!(
        "SELECT id, password_hash, disabled_at FROM users WHERE {} = $1",
        login.column()
    );
    sqlx::query_as(&sql)
        .bind(login.value())
        .fetch_optional(db.pool())
        .await
}

#[derive(FromRow)]
struct AtRow {
    at: i64,
}

#[derive(FromRow)]
struct AttemptIdRow {
    id: i64,
}

/// Records a sign-in attempt as a failure before its password is checked,
/// and returns its id. Counting only after this insert is what makes the
/// throttle atomic: of N simultaneous guesses, the one inserted last sees
/// all N, so no more than the limit get through (see `auth::login`).
pub async fn begin_attempt(db: &Db, email: &str, ip: &str, at: i64) -> Result<i64, sqlx::Error> {
    let row: AttemptIdRow = sqlx::query_as(
        "INSERT INTO login_attempts (email, ip, succeeded, at) VALUES ($1, $2, 0, $3) RETURNING id",
    )
    .bind(email)
    .bind(ip)
    .bind(at)
    .fetch_one(db.pool())
    .await?;
    Ok(row.id)
}

/// Marks attempt `id` as the success it turned out to be.
pub async fn attempt_succeeded(conn: &mut AnyConnection, id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE login_attempts SET succeeded = 1 WHERE id = $1")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Forgets attempt `id`: it was refused by the throttle before any password
/// was checked, so it was no guess, and it must not keep the account
/// waiting longer.
pub async fn forget_attempt(db: &Db, id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM login_attempts WHERE id = $1")
        .bind(id)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// Which recent failures count against attempt `upto`.
pub enum Failures<'a> {
    /// This account from this address (up to and including `upto`).
    Pair { email: &'a str, ip: &'a str },
    /// This account from anywhere (before `upto`).
    Account { email: &'a str },
    /// Any account from this address (up to and including `upto`).
    Address { ip: &'a str },
}

/// The times of the failures `which` since `since`. Failures of an account
/// count only after its last success, compared by attempt id — not by
/// time, which has whole seconds and would let failures in the second of a
/// success go uncounted.
pub async fn failures(
    db: &Db,
    which: Failures<'_>,
    since: i64,
    upto: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    const AFTER_SUCCESS: &str = "id > COALESCE((SELECT MAX(id) FROM login_attempts
                                   WHERE email = $1 AND succeeded = 1), 0)";
    let (sql, key, ip) = match which {
        Failures::Pair { email, ip } => (
            format!(
                "SELECT at FROM login_attempts WHERE email = $1 AND ip = $4 AND succeeded = 0
                   AND at > $2 AND id <= $3 AND {AFTER_SUCCESS}"
            ),
            email,
            Some(ip),
        ),
        Failures::Account { email } => (
            format!(
                "SELECT at FROM login_attempts WHERE email = $1 AND succeeded = 0
                   AND at > $2 AND id < $3 AND {AFTER_SUCCESS}"
            ),
            email,
            None,
        ),
        Failures::Address { ip } => (
            "SELECT at FROM login_attempts WHERE ip = $1 AND succeeded = 0
               AND at > $2 AND id <= $3"
                .to_string(),
            ip,
            None,
        ),
    };
    let mut query = sqlx::query_as::<_, AtRow>(&sql)
        .bind(key)
        .bind(since)
        .bind(upto);
    if let Some(ip) = ip {
        query = query.bind(ip);
    }
    Ok(query
        .fetch_all(db.pool())
        .await?
        .into_iter()
        .map(|r| r.at)
        .collect())
}
