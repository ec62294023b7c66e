//! Writing compiled courses: all of them in one transaction, or nothing.
//! A text whose hash is already current changes nothing; a new hash adds a
//! version and supersedes the previous one (kept for the records that point
//! at it); a module whose file is gone is retired, not deleted.

use super::compile::{AssessmentText, CompiledCourse, CourseText, ModuleText};
use crate::ssr::audit::{self, Event};
use crate::ssr::db::{now, Db};
use sqlx::{Any, Row, Transaction};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub courses: usize,
    pub modules: usize,
    /// Texts (course or module, any language) added or brought back.
    pub new_versions: usize,
    pub retired_modules: usize,
    /// Translations whose `translation_of` is not their source's current
    /// hash: `(file-ish name, language)`.
    pub stale_translations: Vec<String>,
}

impl ImportReport {
    pub fn changed(&self) -> bool {
        self.new_versions > 0 || self.retired_modules > 0
    }
}

enum Version {
    Current,
    Restored,
    Missing,
}

/// Makes the version with `hash` current for (`owner`, `language`) if it
/// exists; says whether it must be inserted.
async fn settle(
    tx: &mut Transaction<'static, Any>,
    table: &str,
    owner_column: &str,
    owner: i64,
    language: &str,
    hash: &str,
    at: i64,
) -> Result<Version, sqlx::Error> {
    let existing = sqlx::query(&format!(
        "SELECT id, superseded_at FROM {table} WHERE {owner_column} = $1 AND language = $2 AND content_hash = $3"
    ))
    .bind(owner)
    .bind(language)
    .bind(hash)
    .fetch_optional(&mut **tx)
    .await?;
    if let Some(row) = &existing {
        if row.try_get::<Option<i64>, _>("superseded_at")?.is_none() {
            return Ok(Version::Current);
        }
    }
    sqlx::query(&format!(
        "UPDATE {table} SET superseded_at = $1 WHERE {owner_column} = $2 AND language = $3 AND superseded_at IS NULL"
    ))
    .bind(at)
    .bind(owner)
    .bind(language)
    .execute(&mut **tx)
    .await?;
    match existing {
        Some(row) => {
            sqlx::query(&format!(
                "UPDATE {table} SET superseded_at = NULL WHERE id = $1"
            ))
            .bind(row.try_get::<i64, _>("id")?)
            .execute(&mut **tx)
            .await?;
            Ok(Version::Restored)
        }
        None => Ok(Version::Missing),
    }
}

/// Supersedes the current texts of languages no longer present.
async fn drop_languages(
    tx: &mut Transaction<'static, Any>,
    table: &str,
    owner_column: &str,
    owner: i64,
    keep: &[&str],
    at: i64,
) -> Result<(), sqlx::Error> {
    let rows = sqlx::query(&format!(
        "SELECT id, language FROM {table} WHERE {owner_column} = $1 AND superseded_at IS NULL"
    ))
    .bind(owner)
    .fetch_all(&mut **tx)
    .await?;
    for row in rows {
        let language: String = row.try_get("language")?;
        if !keep.contains(&language.as_str()) {
            sqlx::query(&format!(
                "UPDATE {table} SET superseded_at = $1 WHERE id = $2"
            ))
            .bind(at)
            .bind(row.try_get::<i64, _>("id")?)
            .execute(&mut **tx)
            .await?;
        }
    }
    Ok(())
}

/// What `settle_texts` needs of a course text, an assessment or a module
/// text: one language's version, and what it translates.
trait Versioned {
    fn language(&self) -> &str;
    fn hash(&self) -> &str;
    fn translation_of(&self) -> Option<&str>;
}

macro_rules! versioned {
    ($($t:ty),*) => {$(
        impl Versioned for $t {
            fn language(&self) -> &str {
                &self.language
            }
            fn hash(&self) -> &str {
                &self.hash
            }
            fn translation_of(&self) -> Option<&str> {
                self.translation_of.as_deref()
            }
        }
    )*};
}
versioned!(CourseText, AssessmentText, ModuleText);

/// Settles every language of one thing (`table` rows of `owner`): current
/// versions stay, earlier ones come back, languages no longer present are
/// superseded, and translations of an earlier source are reported under
/// the file name `file(language)` gives. Returns the texts to insert.
#[expect(clippy::too_many_arguments)]
async fn settle_texts<'t, T: Versioned>(
    tx: &mut Transaction<'static, Any>,
    table: &str,
    owner_column: &str,
    owner: i64,
    texts: &'t [T],
    at: i64,
    report: &mut ImportReport,
    file: impl Fn(&str) -> String,
) -> Result<Vec<&'t T>, sqlx::Error> {
    let mut missing = Vec::new();
    for text in texts {
        match settle(
            tx,
            table,
            owner_column,
            owner,
            text.language(),
            text.hash(),
            at,
        )
        .await?
        {
            Version::Current => {}
            Version::Restored => report.new_versions += 1,
            Version::Missing => missing.push(text),
        }
    }
    let languages: Vec<&str> = texts.iter().map(Versioned::language).collect();
    drop_languages(tx, table, owner_column, owner, &languages, at).await?;
    if let Some((source, translations)) = texts.split_first() {
        for t in translations {
            if t.translation_of() != Some(source.hash()) {
                report.stale_translations.push(file(t.language()));
            }
        }
    }
    report.new_versions += missing.len();
    Ok(missing)
}

pub async fn import(
    db: &Db,
    courses: &[CompiledCourse],
    actor_id: Option<i64>,
) -> Result<ImportReport, sqlx::Error> {
    let at = now();
    let mut report = ImportReport::default();
    let mut tx = db.pool().begin().await?;
    for course in courses {
        report.courses += 1;
        let course_id = match sqlx::query("SELECT id, source_language FROM courses WHERE slug = $1")
            .bind(&course.slug)
            .fetch_optional(&mut *tx)
            .await?
        {
            Some(row) => {
                let id: i64 = row.try_get("id")?;
                if row.try_get::<String, _>("source_language")? != course.source_language {
                    sqlx::query("UPDATE courses SET source_language = $1, updated_at = $2 WHERE id = $3")
                        .bind(&course.source_language)
                        .bind(at)
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                }
                id
            }
            None => sqlx::query(
                "INSERT INTO courses (slug, source_language, created_at, updated_at) VALUES ($1, $2, $3, $3) RETURNING id",
            )
            .bind(&course.slug)
            .bind(&course.source_language)
            .bind(at)
            .fetch_one(&mut *tx)
            .await?
            .try_get("id")?,
        };
        let slug = &course.slug;
        for text in settle_texts(
            &mut tx,
            "course_texts",
            "course_id",
            course_id,
            &course.texts,
            at,
            &mut report,
            |language| format!("{slug}/course.{language}.md"),
        )
        .await?
        {
            insert_course_text(&mut tx, course_id, text, at).await?;
        }
        for text in settle_texts(
            &mut tx,
            "assessments",
            "course_id",
            course_id,
            &course.assessment,
            at,
            &mut report,
            |language| format!("{slug}/assessment.{language}.md"),
        )
        .await?
        {
            insert_assessment(&mut tx, course_id, text, at).await?;
        }

        let mut present = Vec::new();
        for module in &course.modules {
            report.modules += 1;
            let module_id: i64 = match sqlx::query("SELECT id, position, retired_at FROM modules WHERE course_id = $1 AND slug = $2")
                .bind(course_id)
                .bind(&module.slug)
                .fetch_optional(&mut *tx)
                .await?
            {
                Some(row) => {
                    let id: i64 = row.try_get("id")?;
                    let moved = row.try_get::<i64, _>("position")? != i64::from(module.position);
                    let retired = row.try_get::<Option<i64>, _>("retired_at")?.is_some();
                    if moved || retired {
                        sqlx::query("UPDATE modules SET position = $1, retired_at = NULL WHERE id = $2")
                            .bind(i64::from(module.position))
                            .bind(id)
                            .execute(&mut *tx)
                            .await?;
                    }
                    id
                }
                None => sqlx::query(
                    "INSERT INTO modules (course_id, slug, position) VALUES ($1, $2, $3) RETURNING id",
                )
                .bind(course_id)
                .bind(&module.slug)
                .bind(i64::from(module.position))
                .fetch_one(&mut *tx)
                .await?
                .try_get("id")?,
            };
            present.push(module_id);
            for text in settle_texts(
                &mut tx,
                "module_versions",
                "module_id",
                module_id,
                &module.texts,
                at,
                &mut report,
                |language| {
                    format!(
                        "{slug}/{:02}-{}.{language}.md",
                        module.position, module.slug
                    )
                },
            )
            .await?
            {
                insert_module_text(&mut tx, module_id, text, at).await?;
            }
        }
        for row in sqlx::query("SELECT id FROM modules WHERE course_id = $1 AND retired_at IS NULL")
            .bind(course_id)
            .fetch_all(&mut *tx)
            .await?
        {
            let id: i64 = row.try_get("id")?;
            if !present.contains(&id) {
                sqlx::query("UPDATE modules SET retired_at = $1 WHERE id = $2")
                    .bind(at)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                report.retired_modules += 1;
            }
        }
        for m in &course.media {
            let exists = sqlx::query("SELECT hash FROM media WHERE hash = $1")
                .bind(&m.hash)
                .fetch_optional(&mut *tx)
                .await?
                .is_some();
            if !exists {
                sqlx::query("INSERT INTO media (hash, content_type, bytes, created_at) VALUES ($1, $2, $3, $4)")
                    .bind(&m.hash)
                    .bind(&m.content_type)
                    .bind(&m.bytes)
                    .bind(at)
                    .execute(&mut *tx)
                    .await?;
            }
        }
    }
    if report.changed() {
        let detail = format!(
            "{} courses, {} new versions, {} modules retired",
            report.courses, report.new_versions, report.retired_modules
        );
        audit::append(
            &mut tx,
            Event {
                actor_id,
                action: "content.imported",
                detail: Some(&detail),
                ..Event::default()
            },
        )
        .await?;
    }
    tx.commit().await?;
    Ok(report)
}

async fn insert_course_text(
    tx: &mut Transaction<'static, Any>,
    course_id: i64,
    t: &CourseText,
    at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO course_texts (course_id, language, content_hash, translation_of, title, summary,
             audience, languages, estimated_minutes, certificate, certificate_validity_months,
             content_warning, intro_html, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
    )
    .bind(course_id)
    .bind(&t.language)
    .bind(&t.hash)
    .bind(&t.translation_of)
    .bind(&t.title)
    .bind(&t.summary)
    .bind(crate::ssr::db::json::encode(&t.audience))
    .bind(crate::ssr::db::json::encode(&t.languages))
    .bind(i64::from(t.estimated_minutes))
    .bind(i64::from(t.certificate))
    .bind(t.certificate_validity_months.map(i64::from))
    .bind(&t.content_warning)
    .bind(&t.intro_html)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn insert_assessment(
    tx: &mut Transaction<'static, Any>,
    course_id: i64,
    t: &AssessmentText,
    at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO assessments (course_id, language, content_hash, translation_of, title, settings,
             intro_html, pool, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(course_id)
    .bind(&t.language)
    .bind(&t.hash)
    .bind(&t.translation_of)
    .bind(&t.title)
    .bind(crate::ssr::db::json::encode(&t.settings))
    .bind(&t.intro_html)
    .bind(crate::ssr::db::json::encode(&t.pool))
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn insert_module_text(
    tx: &mut Transaction<'static, Any>,
    module_id: i64,
    t: &ModuleText,
    at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO module_versions (module_id, language, content_hash, translation_of, title,
             estimated_minutes, objectives, content_warning, html, toc, quiz, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(module_id)
    .bind(&t.language)
    .bind(&t.hash)
    .bind(&t.translation_of)
    .bind(&t.title)
    .bind(i64::from(t.estimated_minutes))
    .bind(crate::ssr::db::json::encode(&t.objectives))
    .bind(&t.content_warning)
    .bind(&t.html)
    .bind(crate::ssr::db::json::encode(&t.toc))
    .bind(crate::ssr::db::json::encode(&t.quiz))
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
