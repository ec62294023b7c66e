//! A course page and a module page.

use super::{pick, progress};
use crate::api::courses::{
    CourseAssessment, CourseView, ModuleEntry, ModuleStatus, ModuleView, TextLanguage, TocItem,
};
use crate::api::ApiError;
use crate::i18n::Locale;
use crate::roles::Role;
use crate::ssr::auth::CurrentUser;
use crate::ssr::db::Db;
use crate::ssr::quiz;
use sqlx::Row;
use std::collections::HashMap;

/// One current module text, as lists and pages need it.
#[derive(Clone)]
struct ModuleText {
    version: i64,
    hash: String,
    translation_of: Option<String>,
    title: String,
    minutes: u32,
}

struct CourseText {
    hash: String,
    translation_of: Option<String>,
    title: String,
    summary: String,
    intro_html: String,
    content_warning: Option<String>,
    minutes: u32,
    certificate: bool,
}

struct Course {
    id: i64,
    source: String,
}

async fn course_by_slug(db: &Db, slug: &str) -> Result<Course, ApiError> {
    let row = sqlx::query("SELECT id, source_language FROM courses WHERE slug = $1")
        .bind(slug)
        .fetch_optional(db.pool())
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(Course {
        id: row.try_get("id")?,
        source: row.try_get("source_language")?,
    })
}

/// The live modules of a course in order, each with its current texts by
/// language — one query.
async fn modules(
    db: &Db,
    course: i64,
) -> Result<Vec<(i64, String, Vec<(String, ModuleText)>)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT m.id, m.slug, v.id AS version, v.language, v.content_hash, v.translation_of,
                v.title, v.estimated_minutes
         FROM modules m JOIN module_versions v ON v.module_id = m.id
         WHERE m.course_id = $1 AND m.retired_at IS NULL AND v.superseded_at IS NULL
         ORDER BY m.position, v.language",
    )
    .bind(course)
    .fetch_all(db.pool())
    .await?;
    let mut out: Vec<(i64, String, Vec<(String, ModuleText)>)> = Vec::new();
    for r in rows {
        let id: i64 = r.try_get("id")?;
        if out.last().is_none_or(|(last, _, _)| *last != id) {
            out.push((id, r.try_get("slug")?, Vec::new()));
        }
        out.last_mut().unwrap().2.push((
            r.try_get("language")?,
            ModuleText {
                version: r.try_get("version")?,
                hash: r.try_get("content_hash")?,
                translation_of: r.try_get("translation_of")?,
                title: r.try_get("title")?,
                minutes: r.try_get::<i64, _>("estimated_minutes")? as u32,
            },
        ));
    }
    Ok(out)
}

/// `title (language)` of each translation that is not of the source's
/// current version.
fn stale<T>(
    texts: &[(String, T)],
    source_language: &str,
    title: impl Fn(&T) -> &str,
    translation_of: impl Fn(&T) -> Option<&str>,
    hash: impl Fn(&T) -> &str,
) -> Vec<String> {
    let Some((_, source)) = texts.iter().find(|(l, _)| l == source_language) else {
        return Vec::new();
    };
    texts
        .iter()
        .filter(|(l, t)| l != source_language && translation_of(t) != Some(hash(source)))
        .map(|(l, t)| format!("{} ({l})", title(t)))
        .collect()
}

fn choose<'a>(
    texts: &'a [(String, ModuleText)],
    locale: Locale,
    source: &str,
) -> Option<(&'a ModuleText, TextLanguage)> {
    pick(
        texts,
        locale.code(),
        source,
        |t| t.translation_of.as_deref(),
        |t| t.hash.as_str(),
    )
}

pub async fn course(
    db: &Db,
    user: &CurrentUser,
    locale: Locale,
    slug: &str,
) -> Result<CourseView, ApiError> {
    let course = course_by_slug(db, slug).await?;
    let texts = sqlx::query(
        "SELECT language, content_hash, translation_of, title, summary, intro_html, content_warning,
                estimated_minutes, certificate
         FROM course_texts WHERE course_id = $1 AND superseded_at IS NULL",
    )
    .bind(course.id)
    .fetch_all(db.pool())
    .await?;
    let texts: Vec<(String, CourseText)> = texts
        .iter()
        .map(|r| {
            Ok((
                r.try_get::<String, _>("language")?,
                CourseText {
                    hash: r.try_get("content_hash")?,
                    translation_of: r.try_get("translation_of")?,
                    title: r.try_get("title")?,
                    summary: r.try_get("summary")?,
                    intro_html: r.try_get("intro_html")?,
                    content_warning: r.try_get("content_warning")?,
                    minutes: r.try_get::<i64, _>("estimated_minutes")? as u32,
                    certificate: r.try_get::<i64, _>("certificate")? == 1,
                },
            ))
        })
        .collect::<Result<_, sqlx::Error>>()?;
    let (text, shown) = pick(
        &texts,
        locale.code(),
        &course.source,
        |t| t.translation_of.as_deref(),
        |t| t.hash.as_str(),
    )
    .ok_or(ApiError::NotFound)?;

    let progress = progress::of_course(db, user.id, course.id).await?;
    let mut entries = Vec::new();
    let mut left = 0;
    let authoring = user.has(Role::Trainer) || user.has(Role::Admin);
    let mut outdated = Vec::new();
    if authoring {
        outdated.extend(stale(
            &texts,
            &course.source,
            |t| t.title.as_str(),
            |t| t.translation_of.as_deref(),
            |t| t.hash.as_str(),
        ));
    }
    for (id, module_slug, texts) in modules(db, course.id).await? {
        if authoring {
            outdated.extend(stale(
                &texts,
                &course.source,
                |t| t.title.as_str(),
                |t| t.translation_of.as_deref(),
                |t| t.hash.as_str(),
            ));
        }
        let Some((text, _)) = choose(&texts, locale, &course.source) else {
            continue;
        };
        let (opened, done, done_current) = progress.get(&id).copied().unwrap_or_default();
        if !done {
            left += text.minutes;
        }
        entries.push(ModuleEntry {
            slug: module_slug,
            title: text.title.clone(),
            estimated_minutes: text.minutes,
            status: if done {
                ModuleStatus::Done
            } else if opened {
                ModuleStatus::InProgress
            } else {
                ModuleStatus::NotStarted
            },
            changed_since_done: done && !done_current,
        });
    }
    if entries.is_empty() {
        return Err(ApiError::NotFound);
    }
    let resume = sqlx::query(
        "SELECT m.slug FROM course_positions p JOIN modules m ON m.id = p.module_id
         WHERE p.user_id = $1 AND p.course_id = $2 AND m.retired_at IS NULL",
    )
    .bind(user.id)
    .bind(course.id)
    .fetch_optional(db.pool())
    .await?
    .map(|r| r.try_get::<String, _>("slug"))
    .transpose()?;
    let assessment = match quiz::attempt::current(db, slug, locale).await? {
        Some(a) => {
            let history = quiz::attempt::history(db, user.id, course.id).await?;
            Some(CourseAssessment {
                title: a.title,
                pretest_due: history.pretest_due(&a.settings),
                passed: history.passed,
            })
        }
        None => None,
    };
    Ok(CourseView {
        slug: slug.to_string(),
        title: text.title.clone(),
        summary: text.summary.clone(),
        intro_html: text.intro_html.clone(),
        content_warning: text.content_warning.clone(),
        text: shown,
        estimated_minutes: text.minutes,
        minutes_left: left,
        modules: entries,
        resume,
        certificate: text.certificate,
        assessment,
        completed_at: super::completion::completed_at(db, user.id, course.id).await?,
        certificate_code: sqlx::query(
            "SELECT code FROM certificates WHERE user_id = $1 AND course_id = $2 ORDER BY issued_at DESC, id DESC",
        )
        .bind(user.id)
        .bind(course.id)
        .fetch_optional(db.pool())
        .await?
        .map(|r| r.try_get::<String, _>("code"))
        .transpose()?,
        outdated_translations: outdated,
    })
}

pub async fn module(
    db: &Db,
    user: &CurrentUser,
    locale: Locale,
    course_slug: &str,
    module_slug: &str,
    check: Option<i64>,
) -> Result<ModuleView, ApiError> {
    let course = course_by_slug(db, course_slug).await?;
    let list = modules(db, course.id).await?;
    let position = list
        .iter()
        .position(|(_, slug, _)| slug == module_slug)
        .ok_or(ApiError::NotFound)?;
    let (module_id, _, texts) = &list[position];
    let (text, shown) = choose(texts, locale, &course.source).ok_or(ApiError::NotFound)?;
    let title_of = |i: usize| {
        list.get(i).and_then(|(_, slug, t)| {
            choose(t, locale, &course.source).map(|(t, _)| (slug.clone(), t.title.clone()))
        })
    };
    let row = sqlx::query(
        "SELECT objectives, content_warning, html, toc FROM module_versions WHERE id = $1",
    )
    .bind(text.version)
    .fetch_one(db.pool())
    .await?;
    let course_title: String = sqlx::query(
        "SELECT title FROM course_texts WHERE course_id = $1 AND superseded_at IS NULL
         ORDER BY CASE WHEN language = $2 THEN 0 WHEN language = $3 THEN 1 ELSE 2 END LIMIT 1",
    )
    .bind(course.id)
    .bind(locale.code())
    .bind(&course.source)
    .fetch_one(db.pool())
    .await?
    .try_get("title")?;
    let done_here: HashMap<i64, (bool, bool, bool)> =
        progress::of_course(db, user.id, course.id).await?;
    progress::opened(db, user.id, course.id, *module_id, text.version).await?;
    let pool = quiz::check::pool(db, text.version).await?;
    let check_result = match check {
        Some(id) => quiz::check::result(db, user.id, text.version, id).await?,
        None => None,
    };
    Ok(ModuleView {
        course_slug: course_slug.to_string(),
        course_title,
        slug: module_slug.to_string(),
        version: text.version,
        title: text.title.clone(),
        text: shown,
        objectives: serde_json::from_str(&row.try_get::<String, _>("objectives")?)
            .unwrap_or_default(),
        content_warning: row.try_get("content_warning")?,
        html: row.try_get("html")?,
        toc: serde_json::from_str::<Vec<TocItem>>(&row.try_get::<String, _>("toc")?)
            .unwrap_or_default(),
        estimated_minutes: text.minutes,
        done: done_here.get(module_id).is_some_and(|p| p.1),
        position: position as u32 + 1,
        count: list.len() as u32,
        previous: position.checked_sub(1).and_then(title_of),
        next: title_of(position + 1),
        check: quiz::check::new_paper(&pool),
        check_result,
    })
}
