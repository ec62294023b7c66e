//! The SQL of reading courses: the catalog, course pages, module pages and
//! a trainee's progress. Rows are plain `FromRow` structs; the rules
//! (which text to show, what counts as done, what to resume) are in
//! `catalog.rs`, `reader.rs` and `progress.rs`, which call these.

use crate::ssr::course_names::CourseRow;
use crate::ssr::db::Db;
use sqlx::{AnyConnection, FromRow};

/// One current text of a course, as a card in the catalog needs it.
#[derive(Clone, Debug, FromRow)]
pub struct CardTextRow {
    pub course_id: i64,
    pub language: String,
    pub content_hash: String,
    pub translation_of: Option<String>,
    pub title: String,
    pub summary: String,
    /// JSON list; decoded with `db::json`.
    pub audience: String,
    /// JSON list; decoded with `db::json`.
    pub languages: String,
    pub estimated_minutes: i64,
}

/// One current text of a course, as its page needs it.
#[derive(Clone, Debug, FromRow)]
pub struct PageTextRow {
    pub language: String,
    pub content_hash: String,
    pub translation_of: Option<String>,
    pub title: String,
    pub summary: String,
    pub intro_html: String,
    pub content_warning: Option<String>,
    pub estimated_minutes: i64,
    /// 1 when the course grants a certificate.
    pub certificate: i64,
}

/// One current text of a live module, in course order.
#[derive(Clone, Debug, FromRow)]
pub struct ModuleTextRow {
    pub module_id: i64,
    pub slug: String,
    pub version: i64,
    pub language: String,
    pub content_hash: String,
    pub translation_of: Option<String>,
    pub title: String,
    pub estimated_minutes: i64,
}

/// What a module page shows of one module version.
#[derive(Clone, Debug, FromRow)]
pub struct ModuleBodyRow {
    /// JSON list; decoded with `db::json`.
    pub objectives: String,
    pub content_warning: Option<String>,
    pub html: String,
    /// JSON list; decoded with `db::json`.
    pub toc: String,
}

/// A count per course.
#[derive(Clone, Copy, Debug, FromRow)]
pub struct CountRow {
    pub course_id: i64,
    pub n: i64,
}

/// A trainee's record of one module version.
#[derive(Clone, Copy, Debug, FromRow)]
pub struct ProgressRow {
    pub module_id: i64,
    pub module_version_id: i64,
    /// Set when this version is no longer the current one.
    pub superseded_at: Option<i64>,
    pub done_at: Option<i64>,
    /// The module the trainee is on in this course (the same on every row).
    pub here: Option<i64>,
}

#[derive(FromRow)]
struct SlugRow {
    slug: String,
}

/// Every course, by slug.
pub async fn courses(db: &Db) -> Result<Vec<CourseRow>, sqlx::Error> {
    sqlx::query_as("SELECT id, slug, source_language FROM courses ORDER BY slug")
        .fetch_all(db.pool())
        .await
}

/// The current texts of every course, for the catalog.
pub async fn card_texts(db: &Db) -> Result<Vec<CardTextRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT course_id, language, content_hash, translation_of, title, summary, audience,
                languages, estimated_minutes
         FROM course_texts WHERE superseded_at IS NULL",
    )
    .fetch_all(db.pool())
    .await
}

/// The current texts of one course, for its page.
pub async fn page_texts(db: &Db, course: i64) -> Result<Vec<PageTextRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT language, content_hash, translation_of, title, summary, intro_html, content_warning,
                estimated_minutes, certificate
         FROM course_texts WHERE course_id = $1 AND superseded_at IS NULL",
    )
    .bind(course)
    .fetch_all(db.pool())
    .await
}

/// Live modules per course.
pub async fn module_counts(db: &Db) -> Result<Vec<CountRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT course_id, COUNT(*) AS n FROM modules WHERE retired_at IS NULL GROUP BY course_id",
    )
    .fetch_all(db.pool())
    .await
}

/// Live modules `user` has marked done, per course.
pub async fn done_counts(db: &Db, user: i64) -> Result<Vec<CountRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT m.course_id, COUNT(DISTINCT m.id) AS n FROM module_progress p
         JOIN module_versions v ON v.id = p.module_version_id
         JOIN modules m ON m.id = v.module_id
         WHERE p.user_id = $1 AND p.done_at IS NOT NULL AND m.retired_at IS NULL
         GROUP BY m.course_id",
    )
    .bind(user)
    .fetch_all(db.pool())
    .await
}

/// The current texts of a course's live modules, in course order (rows of
/// one module are adjacent).
pub async fn module_texts(db: &Db, course: i64) -> Result<Vec<ModuleTextRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT m.id AS module_id, m.slug, v.id AS version, v.language, v.content_hash,
                v.translation_of, v.title, v.estimated_minutes
         FROM modules m JOIN module_versions v ON v.module_id = m.id
         WHERE m.course_id = $1 AND m.retired_at IS NULL AND v.superseded_at IS NULL
         ORDER BY m.position, v.language",
    )
    .bind(course)
    .fetch_all(db.pool())
    .await
}

/// The body of one module version.
pub async fn module_body(db: &Db, version: i64) -> Result<ModuleBodyRow, sqlx::Error> {
    sqlx::query_as(
        "SELECT objectives, content_warning, html, toc FROM module_versions WHERE id = $1",
    )
    .bind(version)
    .fetch_one(db.pool())
    .await
}

/// The module `user` was last on in `course`, if it is still live.
pub async fn resume(db: &Db, user: i64, course: i64) -> Result<Option<String>, sqlx::Error> {
    Ok(sqlx::query_as::<_, SlugRow>(
        "SELECT m.slug FROM course_positions p JOIN modules m ON m.id = p.module_id
         WHERE p.user_id = $1 AND p.course_id = $2 AND m.retired_at IS NULL",
    )
    .bind(user)
    .bind(course)
    .fetch_optional(db.pool())
    .await?
    .map(|r| r.slug))
}

/// `user`'s records of every version of `course`'s modules, each with the
/// module they are on — what a module page needs to know, in one query.
pub async fn progress(db: &Db, user: i64, course: i64) -> Result<Vec<ProgressRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT v.module_id, p.module_version_id, v.superseded_at, p.done_at,
                (SELECT c.module_id FROM course_positions c
                 WHERE c.user_id = $1 AND c.course_id = $2) AS here
         FROM module_progress p
         JOIN module_versions v ON v.id = p.module_version_id
         JOIN modules m ON m.id = v.module_id
         WHERE p.user_id = $1 AND m.course_id = $2",
    )
    .bind(user)
    .bind(course)
    .fetch_all(db.pool())
    .await
}

/// Records that `user` opened `version` (first time only) and is now on
/// `module` of `course`.
pub async fn record_opened(
    conn: &mut AnyConnection,
    user: i64,
    course: i64,
    module: i64,
    version: i64,
    at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO module_progress (user_id, module_version_id, opened_at) VALUES ($1, $2, $3)
         ON CONFLICT (user_id, module_version_id) DO NOTHING",
    )
    .bind(user)
    .bind(version)
    .bind(at)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO course_positions (user_id, course_id, module_id, at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (user_id, course_id) DO UPDATE SET module_id = excluded.module_id, at = excluded.at",
    )
    .bind(user)
    .bind(course)
    .bind(module)
    .bind(at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Records `version` as done by `user` (the first time counts).
pub async fn record_done(
    conn: &mut AnyConnection,
    user: i64,
    version: i64,
    at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO module_progress (user_id, module_version_id, opened_at, done_at) VALUES ($1, $2, $3, $3)
         ON CONFLICT (user_id, module_version_id)
         DO UPDATE SET done_at = COALESCE(module_progress.done_at, excluded.done_at)",
    )
    .bind(user)
    .bind(version)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(())
}

/// The live module after position `position` in `course`.
pub async fn next_module(
    db: &Db,
    course: i64,
    position: i64,
) -> Result<Option<String>, sqlx::Error> {
    Ok(sqlx::query_as::<_, SlugRow>(
        "SELECT slug FROM modules WHERE course_id = $1 AND position > $2 AND retired_at IS NULL
         ORDER BY position LIMIT 1",
    )
    .bind(course)
    .bind(position)
    .fetch_optional(db.pool())
    .await?
    .map(|r| r.slug))
}

/// A picture imported with a course.
#[derive(Clone, Debug, FromRow)]
pub struct MediaRow {
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// The picture stored under this content hash.
pub async fn media(db: &Db, hash: &str) -> Result<Option<MediaRow>, sqlx::Error> {
    sqlx::query_as("SELECT content_type, bytes FROM media WHERE hash = $1")
        .bind(hash)
        .fetch_optional(db.pool())
        .await
}
