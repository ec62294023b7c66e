//! The SQL of other people's accounts: the directory search, one person's
//! record, the personal-data export and the show-once reveals. The scope
//! rules (who may see whom) are in `auth::policy` and `people/mod.rs`; the
//! directory's conditions are assembled there with `db::filter` and run
//! here.

use crate::ssr::db::filter::Filter;
use crate::ssr::db::Db;
use sqlx::FromRow;

#[derive(FromRow)]
struct CountRow {
    n: i64,
}

/// One row of the directory.
#[derive(Clone, Debug, FromRow)]
pub struct SummaryRow {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub name_latin: Option<String>,
    pub disabled_at: Option<i64>,
    pub anonymised_at: Option<i64>,
    pub organisation: Option<String>,
}

/// Accounts matching `filter` (conditions on `users u`).
pub async fn count(db: &Db, filter: &Filter) -> Result<i64, sqlx::Error> {
    let sql = format!("SELECT COUNT(*) AS n FROM users u WHERE {}", filter.sql());
    let row: CountRow = filter
        .apply_as(sqlx::query_as(&sql))
        .fetch_one(db.pool())
        .await?;
    Ok(row.n)
}

/// One page of accounts matching `filter`, by name.
pub async fn page(
    db: &Db,
    filter: &Filter,
    limit: u32,
    offset: u32,
) -> Result<Vec<SummaryRow>, sqlx::Error> {
    let sql = format!(
        "SELECT u.id, COALESCE(u.email, u.username) AS email, u.name, u.name_latin,
                u.disabled_at, u.anonymised_at,
                o.name AS organisation
         FROM users u LEFT JOIN organisations o ON o.id = u.organisation_id
         WHERE {} ORDER BY LOWER(u.name), u.id LIMIT {limit} OFFSET {offset}",
        filter.sql()
    );
    filter
        .apply_as(sqlx::query_as(&sql))
        .fetch_all(db.pool())
        .await
}

/// One role of one account.
#[derive(Clone, Debug, FromRow)]
pub struct UserRoleRow {
    pub user_id: i64,
    pub role: String,
}

/// The roles of every account in `ids`, in one query.
pub async fn roles_of_many(db: &Db, ids: &[i64]) -> Result<Vec<UserRoleRow>, sqlx::Error> {
    let mut f = Filter::new();
    let sql = format!(
        "SELECT user_id, role FROM user_roles WHERE user_id IN ({}) ORDER BY role",
        f.bind_ids(ids)
    );
    f.apply_as(sqlx::query_as(&sql)).fetch_all(db.pool()).await
}

/// One account in full.
#[derive(Clone, Debug, FromRow)]
pub struct PersonRow {
    pub id: i64,
    pub email: Option<String>,
    pub username: Option<String>,
    pub name: String,
    pub name_latin: Option<String>,
    pub position: Option<String>,
    pub province: Option<String>,
    pub preferred_language: String,
    pub organisation_id: Option<i64>,
    pub disabled_at: Option<i64>,
    pub anonymised_at: Option<i64>,
    pub created_at: i64,
    pub org_slug: Option<String>,
    pub org_name: Option<String>,
    pub last_sign_in: Option<i64>,
}

pub async fn person(db: &Db, id: i64) -> Result<Option<PersonRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT u.id, u.email, u.username, u.name, u.name_latin, u.position, u.province,
                u.preferred_language, u.organisation_id, u.disabled_at, u.anonymised_at, u.created_at,
                o.slug AS org_slug, o.name AS org_name,
                (SELECT MAX(a.at) FROM login_attempts a
                 WHERE a.email IN (u.email, u.username) AND a.succeeded = 1) AS last_sign_in
         FROM users u LEFT JOIN organisations o ON o.id = u.organisation_id
         WHERE u.id = $1",
    )
    .bind(id)
    .fetch_optional(db.pool())
    .await
}

/// A session, as the personal-data export lists it.
#[derive(Clone, Debug, FromRow)]
pub struct SessionRow {
    pub created_at: i64,
    pub last_seen_at: i64,
    pub expires_at: i64,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

pub async fn sessions(db: &Db, user: i64) -> Result<Vec<SessionRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT created_at, last_seen_at, expires_at, ip, user_agent FROM sessions
         WHERE user_id = $1 ORDER BY created_at",
    )
    .bind(user)
    .fetch_all(db.pool())
    .await
}

/// A sign-in attempt with this e-mail address.
#[derive(Clone, Debug, FromRow)]
pub struct SignInRow {
    pub at: i64,
    pub ip: String,
    pub succeeded: i64,
}

/// Sign-in attempts with either of an account's sign-in names.
pub async fn sign_ins(
    db: &Db,
    email: Option<&str>,
    username: Option<&str>,
) -> Result<Vec<SignInRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT at, ip, succeeded FROM login_attempts WHERE email IN ($1, $2) ORDER BY at",
    )
    .bind(email)
    .bind(username)
    .fetch_all(db.pool())
    .await
}

/// What the audit log recorded the person doing.
#[derive(Clone, Debug, FromRow)]
pub struct ActivityRow {
    pub at: i64,
    pub action: String,
    pub subject: Option<String>,
    pub detail: Option<String>,
    pub ip: Option<String>,
}

pub async fn activity(db: &Db, user: i64) -> Result<Vec<ActivityRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT at, action, subject, detail, ip FROM audit_log WHERE actor_id = $1 ORDER BY id",
    )
    .bind(user)
    .fetch_all(db.pool())
    .await
}

/// Deletes expired reveals and stores a new one.
pub async fn put_reveal(
    db: &Db,
    key_hash: &str,
    session_hash: &str,
    subject_id: i64,
    secret: &str,
    at: i64,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM reveals WHERE expires_at <= $1")
        .bind(at)
        .execute(db.pool())
        .await?;
    sqlx::query(
        "INSERT INTO reveals (key_hash, session_hash, subject_id, secret, expires_at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(key_hash)
    .bind(session_hash)
    .bind(subject_id)
    .bind(secret)
    .bind(expires_at)
    .execute(db.pool())
    .await?;
    Ok(())
}

#[derive(FromRow)]
struct SecretRow {
    secret: String,
}

/// Takes a reveal out (it is deleted as it is read).
pub async fn take_reveal(
    db: &Db,
    key_hash: &str,
    session_hash: &str,
    subject_id: i64,
    at: i64,
) -> Result<Option<String>, sqlx::Error> {
    Ok(sqlx::query_as::<_, SecretRow>(
        "DELETE FROM reveals
         WHERE key_hash = $1 AND session_hash = $2 AND subject_id = $3 AND expires_at > $4
         RETURNING secret",
    )
    .bind(key_hash)
    .bind(session_hash)
    .bind(subject_id)
    .bind(at)
    .fetch_optional(db.pool())
    .await?
    .map(|r| r.secret))
}

/// A module a person opened, for their data export.
#[derive(Clone, Debug, FromRow)]
pub struct ProgressRow {
    pub course: String,
    pub module: String,
    pub language: String,
    pub opened_at: i64,
    pub done_at: Option<i64>,
}

pub async fn progress(db: &Db, user: i64) -> Result<Vec<ProgressRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT c.slug AS course, m.slug AS module, v.language, p.opened_at, p.done_at
         FROM module_progress p
         JOIN module_versions v ON v.id = p.module_version_id
         JOIN modules m ON m.id = v.module_id
         JOIN courses c ON c.id = m.course_id
         WHERE p.user_id = $1 ORDER BY p.opened_at",
    )
    .bind(user)
    .fetch_all(db.pool())
    .await
}

/// A knowledge check a person answered.
#[derive(Clone, Debug, FromRow)]
pub struct CheckRow {
    pub course: String,
    pub module: String,
    pub answers: String,
    pub score: i64,
    pub created_at: i64,
}

pub async fn checks(db: &Db, user: i64) -> Result<Vec<CheckRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT c.slug AS course, m.slug AS module, k.answers, k.score, k.created_at
         FROM knowledge_checks k
         JOIN module_versions v ON v.id = k.module_version_id
         JOIN modules m ON m.id = v.module_id
         JOIN courses c ON c.id = m.course_id
         WHERE k.user_id = $1 ORDER BY k.id",
    )
    .bind(user)
    .fetch_all(db.pool())
    .await
}

/// An assessment attempt, with the answers given.
#[derive(Clone, Debug, FromRow)]
pub struct AttemptRow {
    pub course: String,
    pub purpose: String,
    pub answers: String,
    pub started_at: i64,
    pub submitted_at: Option<i64>,
    pub late: i64,
    pub score: Option<i64>,
    pub passed: Option<i64>,
}

pub async fn attempts(db: &Db, user: i64) -> Result<Vec<AttemptRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT c.slug AS course, a.purpose, a.answers, a.started_at, a.submitted_at, a.late,
                a.score, a.passed
         FROM assessment_attempts a JOIN courses c ON c.id = a.course_id
         WHERE a.user_id = $1 ORDER BY a.id",
    )
    .bind(user)
    .fetch_all(db.pool())
    .await
}

/// A completed course.
#[derive(Clone, Debug, FromRow)]
pub struct CompletionRow {
    pub course: String,
    pub completed_at: i64,
}

pub async fn completions(db: &Db, user: i64) -> Result<Vec<CompletionRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT c.slug AS course, k.completed_at
         FROM course_completions k JOIN courses c ON c.id = k.course_id
         WHERE k.user_id = $1 ORDER BY k.id",
    )
    .bind(user)
    .fetch_all(db.pool())
    .await
}

/// A certificate as issued to the person.
#[derive(Clone, Debug, FromRow)]
pub struct HeldRow {
    pub code: String,
    pub course_title: String,
    pub holder_name: String,
    pub holder_name_latin: Option<String>,
    pub language: String,
    pub issued_at: i64,
    pub expires_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

pub async fn certificates(db: &Db, user: i64) -> Result<Vec<HeldRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT code, course_title, holder_name, holder_name_latin, language, issued_at,
                expires_at, revoked_at
         FROM certificates WHERE user_id = $1 ORDER BY id",
    )
    .bind(user)
    .fetch_all(db.pool())
    .await
}

/// Audit entries about the person (others' actions on their account, and
/// events recorded under their e-mail address), oldest first.
pub async fn about(db: &Db, user: i64, email: &str) -> Result<Vec<ActivityRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT at, action, subject, detail, ip FROM audit_log
         WHERE subject = $1 OR subject = $2 ORDER BY id",
    )
    .bind(format!("user:{user}"))
    .bind(email)
    .fetch_all(db.pool())
    .await
}
