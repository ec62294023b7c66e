//! The SQL of importing content: courses, modules, media, and the
//! versioned texts (course texts, assessments, module versions) that an
//! import settles — current, restored, superseded or new. The rules (what
//! is a new version, what is retired) are in `import.rs`; authoring in the
//! browser will publish through the same functions.

use super::compile::{AssessmentText, CourseText, ModuleText};
use crate::ssr::db::json;
use sqlx::{AnyConnection, FromRow};

/// A table of versioned texts, each row one language's version of one
/// owner (a course or a module). Only these names ever reach the SQL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Texts {
    CourseTexts,
    Assessments,
    ModuleVersions,
}

impl Texts {
    fn table(self) -> &'static str {
        match self {
            Texts::CourseTexts => "course_texts",
            Texts::Assessments => "assessments",
            Texts::ModuleVersions => "module_versions",
        }
    }

    fn owner(self) -> &'static str {
        match self {
            Texts::CourseTexts | Texts::Assessments => "course_id",
            Texts::ModuleVersions => "module_id",
        }
    }
}

/// Who makes a version: the account that imported or published it (none
/// for an import from the command line without `--as`), and the second
/// editor who approved it (four-eyes).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Publisher {
    pub published_by: Option<i64>,
    pub approved_by: Option<i64>,
}

/// A stored version of a text.
#[derive(Clone, Copy, Debug, FromRow)]
pub struct VersionRow {
    pub id: i64,
    pub superseded_at: Option<i64>,
}

/// A current version and its language.
#[derive(Clone, Debug, FromRow)]
pub struct LanguageRow {
    pub id: i64,
    pub language: String,
}

/// The version of `owner`'s text in `language` with this content hash.
pub async fn version(
    conn: &mut AnyConnection,
    texts: Texts,
    owner: i64,
    language: &str,
    hash: &str,
) -> Result<Option<VersionRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT id, superseded_at FROM {} WHERE {} = $1 AND language = $2 AND content_hash = $3",
        texts.table(),
        texts.owner()
    ))
    .bind(owner)
    .bind(language)
    .bind(hash)
    .fetch_optional(conn)
    .await
}

/// Keeps the Markdown of a version imported before versions kept it (the
/// same text, so the same hash).
pub async fn fill_source(
    conn: &mut AnyConnection,
    texts: Texts,
    id: i64,
    source: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(&format!(
        "UPDATE {} SET source = $1 WHERE id = $2 AND source IS NULL",
        texts.table()
    ))
    .bind(source)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Supersedes the current version of `owner`'s text in `language`.
pub async fn supersede_language(
    conn: &mut AnyConnection,
    texts: Texts,
    owner: i64,
    language: &str,
    at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(&format!(
        "UPDATE {} SET superseded_at = $1 WHERE {} = $2 AND language = $3 AND superseded_at IS NULL",
        texts.table(),
        texts.owner()
    ))
    .bind(at)
    .bind(owner)
    .bind(language)
    .execute(conn)
    .await?;
    Ok(())
}

/// Makes version `id` current again.
pub async fn restore(conn: &mut AnyConnection, texts: Texts, id: i64) -> Result<(), sqlx::Error> {
    sqlx::query(&format!(
        "UPDATE {} SET superseded_at = NULL WHERE id = $1",
        texts.table()
    ))
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Supersedes version `id`.
pub async fn supersede(
    conn: &mut AnyConnection,
    texts: Texts,
    id: i64,
    at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(&format!(
        "UPDATE {} SET superseded_at = $1 WHERE id = $2",
        texts.table()
    ))
    .bind(at)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// `owner`'s current versions, one per language.
pub async fn current(
    conn: &mut AnyConnection,
    texts: Texts,
    owner: i64,
) -> Result<Vec<LanguageRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT id, language FROM {} WHERE {} = $1 AND superseded_at IS NULL",
        texts.table(),
        texts.owner()
    ))
    .bind(owner)
    .fetch_all(conn)
    .await
}

/// A course as an import finds it.
#[derive(Clone, Debug, FromRow)]
pub struct CourseRow {
    pub id: i64,
    pub source_language: String,
}

/// Makes the caller's transaction the only one writing content until it
/// ends: two imports (or an import and a browser publication) from two
/// processes at once run one after the other, the second seeing what the
/// first wrote — instead of both inserting the same new version and one
/// failing on its unique key. PostgreSQL: a transaction-scoped advisory
/// lock, taken first, before any row lock, so it cannot deadlock with one.
/// SQLite needs nothing here: every transaction from `Db::begin` already
/// holds the database's write lock.
pub async fn lock_content(conn: &mut AnyConnection) -> Result<(), sqlx::Error> {
    if conn.backend_name() == "PostgreSQL" {
        sqlx::query("SELECT pg_advisory_xact_lock(7165939847253066871)")
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

#[derive(FromRow)]
struct IdRow {
    id: i64,
}

pub async fn course(
    conn: &mut AnyConnection,
    slug: &str,
) -> Result<Option<CourseRow>, sqlx::Error> {
    sqlx::query_as("SELECT id, source_language FROM courses WHERE slug = $1")
        .bind(slug)
        .fetch_optional(conn)
        .await
}

pub async fn set_source_language(
    conn: &mut AnyConnection,
    course: i64,
    language: &str,
    at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE courses SET source_language = $1, updated_at = $2 WHERE id = $3")
        .bind(language)
        .bind(at)
        .bind(course)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn insert_course(
    conn: &mut AnyConnection,
    slug: &str,
    language: &str,
    at: i64,
) -> Result<i64, sqlx::Error> {
    let row: IdRow = sqlx::query_as(
        "INSERT INTO courses (slug, source_language, created_at, updated_at) VALUES ($1, $2, $3, $3) RETURNING id",
    )
    .bind(slug)
    .bind(language)
    .bind(at)
    .fetch_one(conn)
    .await?;
    Ok(row.id)
}

/// A module as an import finds it.
#[derive(Clone, Copy, Debug, FromRow)]
pub struct ModuleRow {
    pub id: i64,
    pub position: i64,
    pub retired_at: Option<i64>,
}

pub async fn module(
    conn: &mut AnyConnection,
    course: i64,
    slug: &str,
) -> Result<Option<ModuleRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, position, retired_at FROM modules WHERE course_id = $1 AND slug = $2",
    )
    .bind(course)
    .bind(slug)
    .fetch_optional(conn)
    .await
}

/// Puts module `id` at `position` and brings it back if it was retired.
pub async fn place_module(
    conn: &mut AnyConnection,
    id: i64,
    position: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE modules SET position = $1, retired_at = NULL WHERE id = $2")
        .bind(position)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn insert_module(
    conn: &mut AnyConnection,
    course: i64,
    slug: &str,
    position: i64,
) -> Result<i64, sqlx::Error> {
    let row: IdRow = sqlx::query_as(
        "INSERT INTO modules (course_id, slug, position) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(course)
    .bind(slug)
    .bind(position)
    .fetch_one(conn)
    .await?;
    Ok(row.id)
}

/// The ids of `course`'s live modules.
pub async fn live_modules(conn: &mut AnyConnection, course: i64) -> Result<Vec<i64>, sqlx::Error> {
    Ok(sqlx::query_as::<_, IdRow>(
        "SELECT id FROM modules WHERE course_id = $1 AND retired_at IS NULL",
    )
    .bind(course)
    .fetch_all(conn)
    .await?
    .into_iter()
    .map(|r| r.id)
    .collect())
}

pub async fn retire_module(conn: &mut AnyConnection, id: i64, at: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE modules SET retired_at = $1 WHERE id = $2")
        .bind(at)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

#[derive(FromRow)]
struct CountRow {
    n: i64,
}

/// Stores a picture unless one with the same content hash is stored.
pub async fn insert_media(
    conn: &mut AnyConnection,
    hash: &str,
    content_type: &str,
    bytes: &[u8],
    at: i64,
) -> Result<(), sqlx::Error> {
    let stored: CountRow = sqlx::query_as("SELECT COUNT(*) AS n FROM media WHERE hash = $1")
        .bind(hash)
        .fetch_one(&mut *conn)
        .await?;
    if stored.n == 0 {
        sqlx::query(
            "INSERT INTO media (hash, content_type, bytes, created_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(hash)
        .bind(content_type)
        .bind(bytes)
        .bind(at)
        .execute(conn)
        .await?;
    }
    Ok(())
}

/// Names picture `path` of `course` as the bytes with `hash` (already in
/// `media`).
pub async fn name_image(
    conn: &mut AnyConnection,
    course: i64,
    path: &str,
    hash: &str,
    at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO course_images (course_id, path, hash, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (course_id, path) DO UPDATE SET hash = excluded.hash, created_at = excluded.created_at",
    )
    .bind(course)
    .bind(path)
    .bind(hash)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn insert_course_text(
    conn: &mut AnyConnection,
    course_id: i64,
    t: &CourseText,
    by: Publisher,
    at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO course_texts (course_id, language, content_hash, translation_of, title, summary,
             audience, languages, estimated_minutes, certificate, certificate_validity_months,
             content_warning, intro_html, created_at, attendance_sessions,
             source, published_by, approved_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)",
    )
    .bind(course_id)
    .bind(&t.language)
    .bind(&t.hash)
    .bind(&t.translation_of)
    .bind(&t.title)
    .bind(&t.summary)
    .bind(json::encode(&t.audience))
    .bind(json::encode(&t.languages))
    .bind(i64::from(t.estimated_minutes))
    .bind(i64::from(t.certificate))
    .bind(t.certificate_validity_months.map(i64::from))
    .bind(&t.content_warning)
    .bind(&t.intro_html)
    .bind(at)
    .bind(t.attendance_sessions.map(i64::from))
    .bind(&t.source)
    .bind(by.published_by)
    .bind(by.approved_by)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn insert_assessment(
    conn: &mut AnyConnection,
    course_id: i64,
    t: &AssessmentText,
    by: Publisher,
    at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO assessments (course_id, language, content_hash, translation_of, title, settings,
             intro_html, pool, created_at, source, published_by, approved_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(course_id)
    .bind(&t.language)
    .bind(&t.hash)
    .bind(&t.translation_of)
    .bind(&t.title)
    .bind(json::encode(&t.settings))
    .bind(&t.intro_html)
    .bind(json::encode(&t.pool))
    .bind(at)
    .bind(&t.source)
    .bind(by.published_by)
    .bind(by.approved_by)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn insert_module_text(
    conn: &mut AnyConnection,
    module_id: i64,
    t: &ModuleText,
    by: Publisher,
    at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO module_versions (module_id, language, content_hash, translation_of, title,
             estimated_minutes, objectives, content_warning, html, toc, quiz, created_at,
             source, published_by, approved_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
    )
    .bind(module_id)
    .bind(&t.language)
    .bind(&t.hash)
    .bind(&t.translation_of)
    .bind(&t.title)
    .bind(i64::from(t.estimated_minutes))
    .bind(json::encode(&t.objectives))
    .bind(&t.content_warning)
    .bind(&t.html)
    .bind(json::encode(&t.toc))
    .bind(json::encode(&t.quiz))
    .bind(at)
    .bind(&t.source)
    .bind(by.published_by)
    .bind(by.approved_by)
    .execute(conn)
    .await?;
    Ok(())
}

/// A course as an export or the editor finds it.
#[derive(Clone, Debug, FromRow)]
pub struct PublishedCourseRow {
    pub id: i64,
    pub slug: String,
    pub source_language: String,
}

/// Every course, by slug.
pub async fn all_courses(conn: &mut AnyConnection) -> Result<Vec<PublishedCourseRow>, sqlx::Error> {
    sqlx::query_as("SELECT id, slug, source_language FROM courses ORDER BY slug")
        .fetch_all(conn)
        .await
}

/// One current text as its file holds it. `module` and `position` are set
/// for a module's text; `kind` says which table it came from.
#[derive(Clone, Debug, FromRow)]
pub struct PublishedTextRow {
    pub kind: String,
    pub module: Option<String>,
    pub position: Option<i64>,
    pub language: String,
    pub source: Option<String>,
}

/// The current texts of `course` — its page, its final assessment, its
/// live modules — each with the Markdown it was made from.
pub async fn published_texts(
    conn: &mut AnyConnection,
    course: i64,
) -> Result<Vec<PublishedTextRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT 'course' AS kind, CAST(NULL AS TEXT) AS module, CAST(NULL AS BIGINT) AS position,
                language, source
           FROM course_texts WHERE course_id = $1 AND superseded_at IS NULL
         UNION ALL
         SELECT 'assessment', CAST(NULL AS TEXT), CAST(NULL AS BIGINT), language, source
           FROM assessments WHERE course_id = $1 AND superseded_at IS NULL
         UNION ALL
         SELECT 'module', m.slug, m.position, v.language, v.source
           FROM modules m JOIN module_versions v ON v.module_id = m.id
          WHERE m.course_id = $1 AND m.retired_at IS NULL AND v.superseded_at IS NULL",
    )
    .bind(course)
    .fetch_all(conn)
    .await
}

/// A picture of a course, by the path its Markdown names it with.
#[derive(Clone, Debug, FromRow)]
pub struct ImageRow {
    pub path: String,
    pub bytes: Vec<u8>,
}

pub async fn images(conn: &mut AnyConnection, course: i64) -> Result<Vec<ImageRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT i.path, m.bytes FROM course_images i JOIN media m ON m.hash = i.hash
          WHERE i.course_id = $1 ORDER BY i.path",
    )
    .bind(course)
    .fetch_all(conn)
    .await
}

/// A stored picture of a course without its bytes: what the editor
/// compiles with.
#[derive(Clone, Debug, FromRow)]
pub struct ImageRefRow {
    pub path: String,
    pub hash: String,
    pub size: i64,
}

pub async fn image_refs(
    conn: &mut AnyConnection,
    course: i64,
) -> Result<Vec<ImageRefRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT i.path, i.hash, LENGTH(m.bytes) AS size FROM course_images i
           JOIN media m ON m.hash = i.hash
          WHERE i.course_id = $1 ORDER BY i.path",
    )
    .bind(course)
    .fetch_all(conn)
    .await
}
