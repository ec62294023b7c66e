//! The SQL of what progress earns: what the completion rule counts and the
//! completion record itself.

use crate::ssr::db::Db;
use sqlx::{AnyConnection, FromRow};

#[derive(FromRow)]
struct CountRow {
    n: i64,
}

#[derive(FromRow)]
struct VersionRow {
    version: i64,
}

#[derive(FromRow)]
struct IdRow {
    id: i64,
}

#[derive(FromRow)]
struct CompletedRow {
    completed_at: i64,
}

/// A trainee's first passing final attempt and its assessment version.
#[derive(Clone, Copy, Debug, FromRow)]
pub struct PassRow {
    pub id: i64,
    pub assessment_id: i64,
}

/// Serialises the steps of one trainee in one course: the upsert waits for
/// any other open step of theirs in that course to commit (a row lock on
/// PostgreSQL, the write lock on SQLite), so the completion rule that
/// follows sees that step's work. Without it, a module marked done in one
/// tab while a passing final is sent in another could each see the other
/// missing, and the course would never be completed.
pub async fn lock_standing(
    conn: &mut AnyConnection,
    user: i64,
    course: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO standing_locks (user_id, course_id, steps) VALUES ($1, $2, 1)
         ON CONFLICT (user_id, course_id) DO UPDATE SET steps = standing_locks.steps + 1",
    )
    .bind(user)
    .bind(course)
    .execute(conn)
    .await?;
    Ok(())
}

/// How many face-to-face session days `course` requires (its source
/// text's `attendance_sessions`; 0 when none).
pub async fn attendance_required(
    conn: &mut AnyConnection,
    course: i64,
) -> Result<i64, sqlx::Error> {
    let n: Option<Option<i64>> = sqlx::query_scalar(
        "SELECT t.attendance_sessions FROM course_texts t JOIN courses k ON k.id = t.course_id
         WHERE t.course_id = $1 AND t.language = k.source_language AND t.superseded_at IS NULL",
    )
    .bind(course)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(n.flatten().unwrap_or(0))
}

/// The session days `user` attended in cohorts that assigned `course`
/// (a day counted once, whichever cohort it was in).
pub async fn sessions_attended(
    conn: &mut AnyConnection,
    user: i64,
    course: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COUNT(DISTINCT s.day) FROM cohort_attendance a
         JOIN cohort_sessions s ON s.id = a.session_id
         JOIN cohort_courses cc ON cc.cohort_id = s.cohort_id
         WHERE a.user_id = $1 AND cc.course_id = $2",
    )
    .bind(user)
    .bind(course)
    .fetch_one(&mut *conn)
    .await
}

pub async fn live_modules(conn: &mut AnyConnection, course: i64) -> Result<i64, sqlx::Error> {
    let row: CountRow = sqlx::query_as(
        "SELECT COUNT(*) AS n FROM modules WHERE course_id = $1 AND retired_at IS NULL",
    )
    .bind(course)
    .fetch_one(conn)
    .await?;
    Ok(row.n)
}

/// For each live module of `course` that `user` marked done, the latest
/// version they marked, by module.
pub async fn done_versions(
    conn: &mut AnyConnection,
    user: i64,
    course: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    Ok(sqlx::query_as::<_, VersionRow>(
        "SELECT MAX(p.module_version_id) AS version FROM module_progress p
         JOIN module_versions v ON v.id = p.module_version_id
         JOIN modules m ON m.id = v.module_id
         WHERE p.user_id = $1 AND m.course_id = $2 AND m.retired_at IS NULL AND p.done_at IS NOT NULL
         GROUP BY m.id ORDER BY m.id",
    )
    .bind(user)
    .bind(course)
    .fetch_all(conn)
    .await?
    .into_iter()
    .map(|r| r.version)
    .collect())
}

/// Whether `course` has a current assessment.
pub async fn has_assessment(conn: &mut AnyConnection, course: i64) -> Result<bool, sqlx::Error> {
    let row: CountRow = sqlx::query_as(
        "SELECT COUNT(*) AS n FROM assessments WHERE course_id = $1 AND superseded_at IS NULL",
    )
    .bind(course)
    .fetch_one(conn)
    .await?;
    Ok(row.n > 0)
}

/// `user`'s first passing final attempt in `course`.
pub async fn first_pass(
    conn: &mut AnyConnection,
    user: i64,
    course: i64,
) -> Result<Option<PassRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, assessment_id FROM assessment_attempts
         WHERE user_id = $1 AND course_id = $2 AND purpose = 'final' AND passed = 1
         ORDER BY submitted_at, id LIMIT 1",
    )
    .bind(user)
    .bind(course)
    .fetch_optional(conn)
    .await
}

/// A completion to record.
pub struct NewCompletion<'a> {
    pub user: i64,
    pub course: i64,
    /// JSON list of the module versions that earned it.
    pub module_versions: &'a str,
    pub assessment: Option<i64>,
    pub attempt: Option<i64>,
    pub at: i64,
}

/// Records the completion once; returns its id when this call recorded it
/// (`None` if it was recorded before).
pub async fn insert_completion(
    conn: &mut AnyConnection,
    c: &NewCompletion<'_>,
) -> Result<Option<i64>, sqlx::Error> {
    let inserted = sqlx::query(
        "INSERT INTO course_completions (user_id, course_id, module_versions, assessment_id, attempt_id, completed_at)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (user_id, course_id) DO NOTHING",
    )
    .bind(c.user)
    .bind(c.course)
    .bind(c.module_versions)
    .bind(c.assessment)
    .bind(c.attempt)
    .bind(c.at)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if inserted != 1 {
        return Ok(None);
    }
    let row: IdRow =
        sqlx::query_as("SELECT id FROM course_completions WHERE user_id = $1 AND course_id = $2")
            .bind(c.user)
            .bind(c.course)
            .fetch_one(conn)
            .await?;
    Ok(Some(row.id))
}

/// When `user` completed `course`, if they have.
pub async fn completed_at(db: &Db, user: i64, course: i64) -> Result<Option<i64>, sqlx::Error> {
    Ok(sqlx::query_as::<_, CompletedRow>(
        "SELECT completed_at FROM course_completions WHERE user_id = $1 AND course_id = $2",
    )
    .bind(user)
    .bind(course)
    .fetch_optional(db.pool())
    .await?
    .map(|r| r.completed_at))
}
