//! A course page and a module page: which text each reader gets, what is
//! done and where to resume. The SQL is in `store.rs`.

use super::progress;
use super::store::{self, ModuleTextRow, PageTextRow};
use crate::i18n::Locale;
use crate::model::courses::{
    CourseAssessment, CourseView, ModuleEntry, ModuleStatus, ModuleView, TextLanguage, TocItem,
};
use crate::model::roles::Role;
use crate::ssr::auth::CurrentUser;
use crate::ssr::course_names::{self, CourseRow};
use crate::ssr::db::cache::{Cache, Topic};
use crate::ssr::db::{json, Db};
use crate::ssr::error::DomainError;
use crate::ssr::quiz::question::Question;
use crate::ssr::texts::{self, pick};
use crate::ssr::{certificates, quiz, records};
use std::sync::Arc;

/// A live module: its id, slug, and its current text in each language.
#[derive(Clone)]
struct ModuleTexts {
    id: i64,
    slug: String,
    texts: Vec<(String, ModuleTextRow)>,
}

/// Minutes as stored (never negative), for display.
fn minutes(n: i64) -> u32 {
    u32::try_from(n).unwrap_or(0)
}

/// A course as every reader sees it now: the course, its current page
/// texts by language, and its live modules in order with their current
/// texts — three queries, then kept for
/// [`FRESH_FOR`](crate::ssr::db::cache::FRESH_FOR). An import or a publish
/// on this process shows at once ([`Topic::Content`]); one on another
/// process within that bound. Until then a reader is shown the version that
/// was current, which stays whole: versions are never edited.
struct Outline {
    course: CourseRow,
    pages: Vec<(String, PageTextRow)>,
    modules: Vec<ModuleTexts>,
}

/// Outlines by course slug.
struct Outlines(Cache<String, Arc<Outline>>);

impl Default for Outlines {
    fn default() -> Self {
        Outlines(Cache::fresh())
    }
}

async fn outline(db: &Db, slug: &str) -> Result<Arc<Outline>, DomainError> {
    let outlines = db.caches().get::<Outlines>();
    let generation = db.caches().generation(Topic::Content);
    if let Some(outline) = outlines.0.get(slug, generation) {
        return Ok(outline);
    }
    let course = course_names::by_slug(db, slug)
        .await?
        .ok_or(DomainError::NotFound)?;
    let pages = store::page_texts(db, course.id)
        .await?
        .into_iter()
        .map(|t| (t.language.clone(), t))
        .collect();
    let modules = modules(db, course.id).await?;
    let outline = Arc::new(Outline {
        course,
        pages,
        modules,
    });
    outlines
        .0
        .put(slug.to_string(), Arc::clone(&outline), generation);
    Ok(outline)
}

/// The live modules of a course in order, each with its current texts by
/// language — one query.
async fn modules(db: &Db, course: i64) -> Result<Vec<ModuleTexts>, sqlx::Error> {
    let mut out: Vec<ModuleTexts> = Vec::new();
    for row in store::module_texts(db, course).await? {
        match out.last_mut() {
            Some(m) if m.id == row.module_id => m.texts.push((row.language.clone(), row)),
            _ => out.push(ModuleTexts {
                id: row.module_id,
                slug: row.slug.clone(),
                texts: vec![(row.language.clone(), row)],
            }),
        }
    }
    Ok(out)
}

/// What a module page shows of one module version, decoded: it never
/// changes once imported.
struct Body {
    objectives: Arc<[String]>,
    content_warning: Option<String>,
    html: Arc<str>,
    toc: Arc<[TocItem]>,
    check: Vec<Question>,
    /// The check's papers, one per order (`quiz::check::CHECK_ORDERS`),
    /// made on first use.
    papers: quiz::check::Papers,
}

/// Module version bodies by version id *and* content hash: an entry can
/// only ever answer for the text it was read from.
struct Bodies(Cache<(i64, String), Arc<Body>>);

impl Default for Bodies {
    fn default() -> Self {
        Bodies(Cache::immutable())
    }
}

async fn body(db: &Db, text: &ModuleTextRow) -> Result<Arc<Body>, DomainError> {
    let bodies = db.caches().get::<Bodies>();
    let key = (text.version, text.content_hash.clone());
    if let Some(body) = bodies.0.get(&key, 0) {
        return Ok(body);
    }
    let row = store::module_body(db, text.version).await?;
    let body = Arc::new(Body {
        objectives: json::decode::<Vec<String>>("module_versions.objectives", &row.objectives)?
            .into(),
        content_warning: row.content_warning,
        html: row.html.into(),
        toc: json::decode::<Vec<TocItem>>("module_versions.toc", &row.toc)?.into(),
        check: quiz::check::pool(db, text.version).await?,
        papers: Default::default(),
    });
    bodies.0.put(key, Arc::clone(&body), 0);
    Ok(body)
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
    texts: &'a [(String, ModuleTextRow)],
    locale: Locale,
    source: &str,
) -> Option<(&'a ModuleTextRow, TextLanguage)> {
    pick(
        texts,
        locale.code(),
        source,
        |t| t.translation_of.as_deref(),
        |t| t.content_hash.as_str(),
    )
}

pub async fn course(
    db: &Db,
    user: &CurrentUser,
    locale: Locale,
    slug: &str,
) -> Result<CourseView, DomainError> {
    let outline = outline(db, slug).await?;
    let course = &outline.course;
    let texts = &outline.pages;
    let (text, shown) = pick(
        texts,
        locale.code(),
        &course.source_language,
        |t| t.translation_of.as_deref(),
        |t| t.content_hash.as_str(),
    )
    .ok_or(DomainError::NotFound)?;

    let progress = progress::of_course(db, user.id, course.id).await?;
    let mut entries = Vec::new();
    let mut left = 0;
    let authoring = user.has(Role::Trainer) || user.has(Role::Admin);
    let mut outdated = Vec::new();
    if authoring {
        outdated.extend(stale(
            texts,
            &course.source_language,
            |t| t.title.as_str(),
            |t| t.translation_of.as_deref(),
            |t| t.content_hash.as_str(),
        ));
    }
    for module in &outline.modules {
        if authoring {
            outdated.extend(stale(
                &module.texts,
                &course.source_language,
                |t| t.title.as_str(),
                |t| t.translation_of.as_deref(),
                |t| t.content_hash.as_str(),
            ));
        }
        let Some((text, _)) = choose(&module.texts, locale, &course.source_language) else {
            continue;
        };
        let here = progress.get(&module.id).copied().unwrap_or_default();
        if !here.done {
            left += minutes(text.estimated_minutes);
        }
        entries.push(ModuleEntry {
            slug: module.slug.clone(),
            title: text.title.clone(),
            estimated_minutes: minutes(text.estimated_minutes),
            status: if here.done {
                ModuleStatus::Done
            } else if here.opened {
                ModuleStatus::InProgress
            } else {
                ModuleStatus::NotStarted
            },
            changed_since_done: here.done && !here.done_current,
        });
    }
    if entries.is_empty() {
        return Err(DomainError::NotFound);
    }
    let assessment = match quiz::attempt::current(db, slug, locale).await? {
        Some(a) => {
            let history = quiz::attempt::history(db, user.id, course.id).await?;
            Some(CourseAssessment {
                title: a.title.clone(),
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
        estimated_minutes: minutes(text.estimated_minutes),
        minutes_left: left,
        modules: entries,
        resume: store::resume(db, user.id, course.id).await?,
        certificate: text.certificate == 1,
        assessment,
        completed_at: records::completion::completed_at(db, user.id, course.id).await?,
        certificate_code: certificates::store::newest_code(db, user.id, course.id).await?,
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
) -> Result<ModuleView, DomainError> {
    let outline = outline(db, course_slug).await?;
    let course = &outline.course;
    let source = course.source_language.as_str();
    let list = &outline.modules;
    let position = list
        .iter()
        .position(|m| m.slug == module_slug)
        .ok_or(DomainError::NotFound)?;
    let here = &list[position];
    let (text, shown) = choose(&here.texts, locale, source).ok_or(DomainError::NotFound)?;
    let title_of = |i: usize| {
        list.get(i).and_then(|m| {
            choose(&m.texts, locale, source).map(|(t, _)| (m.slug.clone(), t.title.clone()))
        })
    };
    let body = body(db, text).await?;
    let course_title = texts::in_language(&outline.pages, |(l, _)| l, locale.code(), source)
        .map(|(_, t)| t.title.clone())
        .unwrap_or_default();
    let done_here = progress::open(db, user.id, course.id, here.id, text.version).await?;
    let check_result = match check {
        Some(id) => quiz::check::result(db, user.id, text.version, id).await?,
        None => None,
    };
    Ok(ModuleView {
        fragment_key: format!(
            "{}/{}/{}",
            db.caches().instance(),
            text.version,
            text.content_hash
        ),
        course_slug: course_slug.to_string(),
        course_title,
        slug: module_slug.to_string(),
        version: text.version,
        title: text.title.clone(),
        text: shown,
        objectives: Arc::clone(&body.objectives),
        content_warning: body.content_warning.clone(),
        html: Arc::clone(&body.html),
        toc: Arc::clone(&body.toc),
        estimated_minutes: minutes(text.estimated_minutes),
        done: done_here.get(&here.id).is_some_and(|p| p.done),
        position: u32::try_from(position + 1).unwrap_or(u32::MAX),
        count: u32::try_from(list.len()).unwrap_or(u32::MAX),
        previous: position.checked_sub(1).and_then(title_of),
        next: title_of(position + 1),
        check: body.papers.pick(&body.check, &text.content_hash),
        check_result,
    })
}
