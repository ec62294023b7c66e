//! A trainee's progress: per module *version*, because that is what they
//! read; a module counts as done once any version of it was marked done.

use crate::ssr::db::{now, Db};
use sqlx::Row;

/// Records that `user` opened `version` (first time only) and that this is
/// where to resume the course.
pub async fn opened(
    db: &Db,
    user: i64,
    course: i64,
    module: i64,
    version: i64,
) -> Result<(), sqlx::Error> {
    // Reading again what is already recorded writes nothing: a reader
    // paging back and forth costs no disk flushes.
    let known = sqlx::query(
        "SELECT (SELECT COUNT(*) FROM module_progress WHERE user_id = $1 AND module_version_id = $2) AS opened,
                (SELECT COUNT(*) FROM course_positions WHERE user_id = $1 AND course_id = $3 AND module_id = $4) AS here",
    )
    .bind(user)
    .bind(version)
    .bind(course)
    .bind(module)
    .fetch_one(db.pool())
    .await?;
    if known.try_get::<i64, _>("opened")? > 0 && known.try_get::<i64, _>("here")? > 0 {
        return Ok(());
    }
    let at = now();
    let mut tx = db.pool().begin().await?;
    sqlx::query(
        "INSERT INTO module_progress (user_id, module_version_id, opened_at) VALUES ($1, $2, $3)
         ON CONFLICT (user_id, module_version_id) DO NOTHING",
    )
    .bind(user)
    .bind(version)
    .bind(at)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO course_positions (user_id, course_id, module_id, at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (user_id, course_id) DO UPDATE SET module_id = excluded.module_id, at = excluded.at",
    )
    .bind(user)
    .bind(course)
    .bind(module)
    .bind(at)
    .execute(&mut *tx)
    .await?;
    tx.commit().await
}

#[derive(Debug, PartialEq, Eq)]
pub enum DoneError {
    /// The version is not one of this course's current module texts.
    NotFound,
}

/// Where module version `version` sits, if it belongs to the live module
/// `module_slug` of course `course_slug` — the check every form about a
/// module version makes before trusting the version id it was sent.
pub struct VersionPlace {
    pub course_id: i64,
    pub module_id: i64,
    pub position: i64,
}

pub async fn version_place(
    db: &Db,
    course_slug: &str,
    module_slug: &str,
    version: i64,
) -> Result<Option<VersionPlace>, sqlx::Error> {
    sqlx::query(
        "SELECT m.id AS module_id, m.course_id, m.position FROM module_versions v
         JOIN modules m ON m.id = v.module_id JOIN courses c ON c.id = m.course_id
         WHERE v.id = $1 AND m.slug = $2 AND c.slug = $3 AND m.retired_at IS NULL",
    )
    .bind(version)
    .bind(module_slug)
    .bind(course_slug)
    .fetch_optional(db.pool())
    .await?
    .map(|row| {
        Ok(VersionPlace {
            course_id: row.try_get("course_id")?,
            module_id: row.try_get("module_id")?,
            position: row.try_get("position")?,
        })
    })
    .transpose()
}

/// Marks `version` done for `user` — idempotent, so a double click or a
/// retried post records it once. Returns the next module's slug, if any.
pub async fn mark_done(
    db: &Db,
    user: i64,
    course_slug: &str,
    module_slug: &str,
    version: i64,
) -> Result<Result<Option<String>, DoneError>, sqlx::Error> {
    let Some(place) = version_place(db, course_slug, module_slug, version).await? else {
        return Ok(Err(DoneError::NotFound));
    };
    let at = now();
    let mut tx = db.pool().begin().await?;
    sqlx::query(
        "INSERT INTO module_progress (user_id, module_version_id, opened_at, done_at) VALUES ($1, $2, $3, $3)
         ON CONFLICT (user_id, module_version_id)
         DO UPDATE SET done_at = COALESCE(module_progress.done_at, excluded.done_at)",
    )
    .bind(user)
    .bind(version)
    .bind(at)
    .execute(&mut *tx)
    .await?;
    // The last module done may complete the course.
    super::completion::record_if_complete(&mut tx, user, place.course_id).await?;
    tx.commit().await?;
    let next = sqlx::query(
        "SELECT slug FROM modules WHERE course_id = $1 AND position > $2 AND retired_at IS NULL
         ORDER BY position LIMIT 1",
    )
    .bind(place.course_id)
    .bind(place.position)
    .fetch_optional(db.pool())
    .await?
    .map(|r| r.try_get::<String, _>("slug"))
    .transpose()?;
    Ok(Ok(next))
}

/// For each module of a course: (opened, done, done on the current version).
pub async fn of_course(
    db: &Db,
    user: i64,
    course: i64,
) -> Result<std::collections::HashMap<i64, (bool, bool, bool)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT v.module_id, v.superseded_at, p.done_at FROM module_progress p
         JOIN module_versions v ON v.id = p.module_version_id
         JOIN modules m ON m.id = v.module_id
         WHERE p.user_id = $1 AND m.course_id = $2",
    )
    .bind(user)
    .bind(course)
    .fetch_all(db.pool())
    .await?;
    let mut out: std::collections::HashMap<i64, (bool, bool, bool)> = Default::default();
    for r in rows {
        let entry = out.entry(r.try_get("module_id")?).or_default();
        entry.0 = true;
        if r.try_get::<Option<i64>, _>("done_at")?.is_some() {
            entry.1 = true;
            if r.try_get::<Option<i64>, _>("superseded_at")?.is_none() {
                entry.2 = true;
            }
        }
    }
    Ok(out)
}
