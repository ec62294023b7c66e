//! The SQL of the audit log: appending an entry under the head row's lock,
//! reading pages of entries and the whole chain. The hashing and checking
//! rules are in `audit/mod.rs`.

use crate::ssr::db::Db;
use sqlx::{AnyConnection, FromRow};

#[derive(FromRow)]
struct LastHashRow {
    last_hash: String,
    entries: i64,
}

/// The chain's head: the last entry's hash and the number of entries
/// written.
#[derive(Clone, Debug, FromRow)]
pub struct HeadRow {
    pub last_hash: String,
    pub entries: i64,
    pub head_mac: Option<String>,
}

/// One stored entry, as verification re-hashes it.
#[derive(Clone, Debug, FromRow)]
pub struct EntryRow {
    pub id: i64,
    pub at: i64,
    pub actor_id: Option<i64>,
    pub action: String,
    pub subject: Option<String>,
    pub detail: Option<String>,
    pub ip: Option<String>,
    pub prev_hash: String,
    pub hash: String,
    pub keyed: i64,
    pub subject_digest: Option<String>,
    pub pseudonymised: i64,
}

/// One entry with who acted, for the viewer.
#[derive(Clone, Debug, FromRow)]
pub struct ViewRow {
    pub id: i64,
    pub at: i64,
    pub action: String,
    pub subject: Option<String>,
    pub detail: Option<String>,
    pub ip: Option<String>,
    pub name: Option<String>,
    pub email: Option<String>,
}

/// Counts the new entry in the head row — written first, so it takes the
/// write lock (SQLite) or the row lock (PostgreSQL) before the head is
/// read and concurrent appends queue — and returns the previous hash and
/// the number of entries, this one included.
pub async fn lock_head(conn: &mut AnyConnection) -> Result<(String, i64), sqlx::Error> {
    sqlx::query("UPDATE audit_head SET entries = entries + 1 WHERE id = 1")
        .execute(&mut *conn)
        .await?;
    let row: LastHashRow = sqlx::query_as("SELECT last_hash, entries FROM audit_head WHERE id = 1")
        .fetch_one(&mut *conn)
        .await?;
    Ok((row.last_hash, row.entries))
}

/// An entry to append.
pub struct NewEntry<'a> {
    pub at: i64,
    pub actor_id: Option<i64>,
    pub action: &'a str,
    pub subject: Option<&'a str>,
    pub detail: Option<&'a str>,
    pub ip: Option<&'a str>,
    pub prev_hash: &'a str,
    pub hash: &'a str,
    pub subject_digest: Option<&'a str>,
    /// The head's MAC once this entry is the last.
    pub head_mac: &'a str,
}

/// Inserts the entry (keyed) and moves the head to its hash (after
/// `lock_head`, in the same transaction).
pub async fn insert(conn: &mut AnyConnection, e: &NewEntry<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit_log
           (at, actor_id, action, subject, detail, ip, prev_hash, hash, keyed, subject_digest)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9)",
    )
    .bind(e.at)
    .bind(e.actor_id)
    .bind(e.action)
    .bind(e.subject)
    .bind(e.detail)
    .bind(e.ip)
    .bind(e.prev_hash)
    .bind(e.hash)
    .bind(e.subject_digest)
    .execute(&mut *conn)
    .await?;
    sqlx::query("UPDATE audit_head SET last_hash = $1, head_mac = $2 WHERE id = 1")
        .bind(e.hash)
        .bind(e.head_mac)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Up to `limit` entries older than `before`, newest first.
pub async fn page(db: &Db, before: i64, limit: i64) -> Result<Vec<ViewRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT a.id, a.at, a.action, a.subject, a.detail, a.ip, u.name, COALESCE(u.email, u.username) AS email
         FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id
         WHERE a.id < $1 ORDER BY a.id DESC LIMIT $2",
    )
    .bind(before)
    .bind(limit)
    .fetch_all(db.pool())
    .await
}

/// Up to `limit` entries after `after_id`, in order (the chain is walked
/// page by page, never loaded whole).
pub async fn chain_after(db: &Db, after_id: i64, limit: i64) -> Result<Vec<EntryRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, at, actor_id, action, subject, detail, ip, prev_hash, hash, keyed,
                subject_digest, pseudonymised
         FROM audit_log WHERE id > $1 ORDER BY id LIMIT $2",
    )
    .bind(after_id)
    .bind(limit)
    .fetch_all(db.pool())
    .await
}

pub async fn head(db: &Db) -> Result<HeadRow, sqlx::Error> {
    sqlx::query_as("SELECT last_hash, entries, head_mac FROM audit_head WHERE id = 1")
        .fetch_one(db.pool())
        .await
}

/// Where the chain was last found intact.
#[derive(Clone, Debug, FromRow)]
pub struct CheckpointRow {
    pub entry_id: i64,
    pub hash: String,
    pub entries: i64,
    pub mac: String,
}

pub async fn checkpoint(db: &Db) -> Result<Option<CheckpointRow>, sqlx::Error> {
    sqlx::query_as("SELECT entry_id, hash, entries, mac FROM audit_checkpoint WHERE id = 1")
        .fetch_optional(db.pool())
        .await
}

pub async fn set_checkpoint(db: &Db, c: &CheckpointRow) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit_checkpoint (id, entry_id, hash, entries, mac) VALUES (1, $1, $2, $3, $4)
         ON CONFLICT (id) DO UPDATE SET entry_id = $1, hash = $2, entries = $3, mac = $4",
    )
    .bind(c.entry_id)
    .bind(&c.hash)
    .bind(c.entries)
    .bind(&c.mac)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// Replaces the subject `from` by `to` in keyed entries, marking them
/// pseudonymised (their chain covers the subject's digest, kept).
pub async fn pseudonymise(
    conn: &mut AnyConnection,
    from: &str,
    to: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE audit_log SET subject = $1, pseudonymised = 1
         WHERE subject = $2 AND keyed = 1 AND subject_digest IS NOT NULL",
    )
    .bind(to)
    .bind(from)
    .execute(conn)
    .await?;
    Ok(())
}
