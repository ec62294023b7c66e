//! The catalog: every course with live modules, in the reader's language
//! where it exists, with the reader's progress — four queries in all.

use super::pick;
use crate::api::courses::{Catalog, CourseCard};
use crate::api::ApiError;
use crate::i18n::Locale;
use crate::ssr::auth::CurrentUser;
use crate::ssr::db::Db;
use sqlx::Row;
use std::collections::{BTreeSet, HashMap};

pub(super) struct Text {
    pub hash: String,
    pub translation_of: Option<String>,
    pub title: String,
    pub summary: String,
    pub audience: Vec<String>,
    pub languages: Vec<String>,
    pub minutes: u32,
}

pub async fn catalog(
    db: &Db,
    user: &CurrentUser,
    locale: Locale,
    language: &str,
    audience: &str,
) -> Result<Catalog, ApiError> {
    let courses = sqlx::query("SELECT id, slug, source_language FROM courses ORDER BY slug")
        .fetch_all(db.pool())
        .await?;
    let mut texts: HashMap<i64, Vec<(String, Text)>> = HashMap::new();
    for r in sqlx::query(
        "SELECT course_id, language, content_hash, translation_of, title, summary, audience,
                languages, estimated_minutes
         FROM course_texts WHERE superseded_at IS NULL",
    )
    .fetch_all(db.pool())
    .await?
    {
        texts.entry(r.try_get("course_id")?).or_default().push((
            r.try_get("language")?,
            Text {
                hash: r.try_get("content_hash")?,
                translation_of: r.try_get("translation_of")?,
                title: r.try_get("title")?,
                summary: r.try_get("summary")?,
                audience: serde_json::from_str(&r.try_get::<String, _>("audience")?)
                    .unwrap_or_default(),
                languages: serde_json::from_str(&r.try_get::<String, _>("languages")?)
                    .unwrap_or_default(),
                minutes: r.try_get::<i64, _>("estimated_minutes")? as u32,
            },
        ));
    }
    let modules: HashMap<i64, i64> = sqlx::query(
        "SELECT course_id, COUNT(*) AS n FROM modules WHERE retired_at IS NULL GROUP BY course_id",
    )
    .fetch_all(db.pool())
    .await?
    .iter()
    .map(|r| Ok((r.try_get("course_id")?, r.try_get("n")?)))
    .collect::<Result<_, sqlx::Error>>()?;
    let done: HashMap<i64, i64> = sqlx::query(
        "SELECT m.course_id, COUNT(DISTINCT m.id) AS n FROM module_progress p
         JOIN module_versions v ON v.id = p.module_version_id
         JOIN modules m ON m.id = v.module_id
         WHERE p.user_id = $1 AND p.done_at IS NOT NULL AND m.retired_at IS NULL
         GROUP BY m.course_id",
    )
    .bind(user.id)
    .fetch_all(db.pool())
    .await?
    .iter()
    .map(|r| Ok((r.try_get("course_id")?, r.try_get("n")?)))
    .collect::<Result<_, sqlx::Error>>()?;

    let mut audiences = BTreeSet::new();
    let mut languages = BTreeSet::new();
    let mut cards = Vec::new();
    for c in &courses {
        let id: i64 = c.try_get("id")?;
        let Some(count) = modules.get(&id) else {
            continue;
        };
        let source: String = c.try_get("source_language")?;
        let available = texts.get(&id).map(Vec::as_slice).unwrap_or(&[]);
        let Some((text, shown)) = pick(
            available,
            locale.code(),
            &source,
            |t: &Text| t.translation_of.as_deref(),
            |t: &Text| t.hash.as_str(),
        ) else {
            continue;
        };
        audiences.extend(text.audience.iter().cloned());
        languages.extend(text.languages.iter().cloned());
        if (!language.is_empty() && !text.languages.iter().any(|l| l == language))
            || (!audience.is_empty() && !text.audience.iter().any(|a| a == audience))
        {
            continue;
        }
        cards.push(CourseCard {
            slug: c.try_get("slug")?,
            title: text.title.clone(),
            summary: text.summary.clone(),
            audience: text.audience.clone(),
            languages: text.languages.clone(),
            estimated_minutes: text.minutes,
            modules: *count as u32,
            done: done.get(&id).copied().unwrap_or(0) as u32,
            language: shown.language,
        });
    }
    Ok(Catalog {
        courses: cards,
        audiences: audiences.into_iter().collect(),
        languages: languages.into_iter().collect(),
    })
}
