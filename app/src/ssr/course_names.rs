//! Which course a slug or an id names, its title in a reader's language,
//! and where a module version sits: the few facts about courses that the
//! reader, the assessments and the certificates all need. It sits below
//! all three (it depends only on the database and `texts`), so none of
//! them has to call up into another to name a course.

use crate::i18n::Locale;
use crate::ssr::db::Db;
use crate::ssr::texts;
use sqlx::{Any, Executor, FromRow};

/// A course as stored: what identifies it and its source language.
#[derive(Clone, Debug, FromRow)]
pub struct CourseRow {
    pub id: i64,
    pub slug: String,
    pub source_language: String,
}

/// A course's title in one language.
#[derive(Clone, Debug, FromRow)]
pub struct TitleRow {
    pub language: String,
    pub title: String,
}

/// A course's current title in one language, with the course.
#[derive(Clone, Debug, FromRow)]
struct CourseTitleRow {
    id: i64,
    slug: String,
    source_language: String,
    language: String,
    title: String,
}

/// A course named in a reader's language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TitledCourse {
    pub id: i64,
    pub slug: String,
    pub title: String,
}

/// Every course with a current text, titled in `locale` (else in its
/// source language), in slug order: one query for a list or a report.
pub async fn all_titled(db: &Db, locale: Locale) -> Result<Vec<TitledCourse>, sqlx::Error> {
    let rows: Vec<CourseTitleRow> = sqlx::query_as(
        "SELECT k.id, k.slug, k.source_language, t.language, t.title
         FROM courses k JOIN course_texts t ON t.course_id = k.id AND t.superseded_at IS NULL
         ORDER BY k.slug, t.language",
    )
    .fetch_all(db.pool())
    .await?;
    let mut out = Vec::new();
    for rows in rows.chunk_by(|a, b| a.id == b.id) {
        let first = &rows[0];
        let row = texts::in_language(
            rows,
            |r| r.language.as_str(),
            locale.code(),
            &first.source_language,
        )
        .unwrap_or(first);
        out.push(TitledCourse {
            id: row.id,
            slug: row.slug.clone(),
            title: row.title.clone(),
        });
    }
    Ok(out)
}

/// Where a module version sits, if it belongs to a live module — the check
/// every form about a module version (mark as done, a knowledge check)
/// makes before trusting the version id it was sent.
#[derive(Clone, Copy, Debug, FromRow)]
pub struct VersionPlace {
    pub course_id: i64,
    pub module_id: i64,
    pub position: i64,
}

#[derive(FromRow)]
struct IdRow {
    id: i64,
}

/// The course with this slug.
pub async fn by_slug(db: &Db, slug: &str) -> Result<Option<CourseRow>, sqlx::Error> {
    sqlx::query_as("SELECT id, slug, source_language FROM courses WHERE slug = $1")
        .bind(slug)
        .fetch_optional(db.pool())
        .await
}

/// The course with this id (from the pool or inside a transaction).
pub async fn by_id<'e>(
    ex: impl Executor<'e, Database = Any>,
    id: i64,
) -> Result<Option<CourseRow>, sqlx::Error> {
    sqlx::query_as("SELECT id, slug, source_language FROM courses WHERE id = $1")
        .bind(id)
        .fetch_optional(ex)
        .await
}

/// The id of the course with this slug.
pub async fn id_of(db: &Db, slug: &str) -> Result<Option<i64>, sqlx::Error> {
    Ok(
        sqlx::query_as::<_, IdRow>("SELECT id FROM courses WHERE slug = $1")
            .bind(slug)
            .fetch_optional(db.pool())
            .await?
            .map(|r| r.id),
    )
}

/// A course's current titles, one per language.
pub async fn titles<'e>(
    ex: impl Executor<'e, Database = Any>,
    course: i64,
) -> Result<Vec<TitleRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT language, title FROM course_texts WHERE course_id = $1 AND superseded_at IS NULL",
    )
    .bind(course)
    .fetch_all(ex)
    .await
}

/// Where `version` sits, if it is a version of the live module
/// `module_slug` of course `course_slug`.
pub async fn version_place(
    db: &Db,
    course_slug: &str,
    module_slug: &str,
    version: i64,
) -> Result<Option<VersionPlace>, sqlx::Error> {
    sqlx::query_as(
        "SELECT m.id AS module_id, m.course_id, m.position FROM module_versions v
         JOIN modules m ON m.id = v.module_id JOIN courses c ON c.id = m.course_id
         WHERE v.id = $1 AND m.slug = $2 AND c.slug = $3 AND m.retired_at IS NULL",
    )
    .bind(version)
    .bind(module_slug)
    .bind(course_slug)
    .fetch_optional(db.pool())
    .await
}

/// The title of `course` in `locale` (else in its source language; empty
/// if the course has no current text).
pub async fn title(db: &Db, course: i64, locale: Locale) -> Result<String, sqlx::Error> {
    match by_id(db.pool(), course).await? {
        Some(c) => title_of(db, &c, locale).await,
        None => Ok(String::new()),
    }
}

/// [`title`] for a course already loaded: one query (the module page's).
pub async fn title_of(db: &Db, course: &CourseRow, locale: Locale) -> Result<String, sqlx::Error> {
    let titles = titles(db.pool(), course.id).await?;
    Ok(texts::in_language(
        &titles,
        |t| &t.language,
        locale.code(),
        &course.source_language,
    )
    .map(|t| t.title.clone())
    .unwrap_or_default())
}
