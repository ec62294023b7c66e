//! The catalog: every course with live modules, in the reader's language
//! where it exists, with the reader's progress. The courses themselves are
//! the same for every reader and kept for a moment (`Shelf`); the reader's
//! progress and assignments are two queries per visit.

use super::store;
use crate::i18n::Locale;
use crate::model::courses::{Catalog, CourseCard};
use crate::ssr::auth::CurrentUser;
use crate::ssr::cohorts;
use crate::ssr::db::cache::{Cache, Topic};
use crate::ssr::db::{json, Db};
use crate::ssr::error::DomainError;
use crate::ssr::texts::pick;
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

/// A course text with its JSON lists decoded.
struct Text {
    hash: String,
    translation_of: Option<String>,
    title: String,
    summary: String,
    audience: Vec<String>,
    languages: Vec<String>,
    minutes: u32,
}

impl Text {
    fn from_row(r: store::CardTextRow) -> Result<(String, Text), json::Corrupt> {
        Ok((
            r.language,
            Text {
                hash: r.content_hash,
                translation_of: r.translation_of,
                title: r.title,
                summary: r.summary,
                audience: json::decode("course_texts.audience", &r.audience)?,
                languages: json::decode("course_texts.languages", &r.languages)?,
                minutes: count(r.estimated_minutes),
            },
        ))
    }
}

/// A count or a number of minutes as stored (never negative) for display.
fn count(n: i64) -> u32 {
    u32::try_from(n).unwrap_or(0)
}

/// A course with live modules, as every reader's catalog starts from it.
struct Shelved {
    slug: String,
    id: i64,
    source_language: String,
    texts: Vec<(String, Text)>,
    modules: i64,
}

/// Every course with live modules, with its current texts — three queries,
/// then kept for [`FRESH_FOR`](crate::ssr::db::cache::FRESH_FOR) as the
/// course outline is (`reader.rs`): an import or a publish shows at once on
/// this process ([`Topic::Content`]) and within the bound on another.
/// Reading them on every visit was most of the catalog's time.
struct Shelf(Cache<(), Arc<Vec<Shelved>>>);

impl Default for Shelf {
    fn default() -> Self {
        Shelf(Cache::fresh())
    }
}

async fn shelf(db: &Db) -> Result<Arc<Vec<Shelved>>, DomainError> {
    let shelf = db.caches().get::<Shelf>();
    let generation = db.caches().generation(Topic::Content);
    if let Some(courses) = shelf.0.get(&(), generation) {
        return Ok(courses);
    }
    let mut texts: HashMap<i64, Vec<(String, Text)>> = HashMap::new();
    for row in store::card_texts(db).await? {
        let course = row.course_id;
        texts.entry(course).or_default().push(Text::from_row(row)?);
    }
    let modules: HashMap<i64, i64> = store::module_counts(db)
        .await?
        .into_iter()
        .map(|r| (r.course_id, r.n))
        .collect();
    let courses: Vec<Shelved> = store::courses(db)
        .await?
        .into_iter()
        .filter_map(|c| {
            Some(Shelved {
                modules: *modules.get(&c.id)?,
                texts: texts.remove(&c.id).unwrap_or_default(),
                slug: c.slug,
                id: c.id,
                source_language: c.source_language,
            })
        })
        .collect();
    let courses = Arc::new(courses);
    shelf.0.put((), Arc::clone(&courses), generation);
    Ok(courses)
}

pub async fn catalog(
    db: &Db,
    user: &CurrentUser,
    locale: Locale,
    language: &str,
    audience: &str,
) -> Result<Catalog, DomainError> {
    let courses = shelf(db).await?;
    let done: HashMap<i64, i64> = store::done_counts(db, user.id)
        .await?
        .into_iter()
        .map(|r| (r.course_id, r.n))
        .collect();

    let mut audiences = BTreeSet::new();
    let mut languages = BTreeSet::new();
    let mut cards = Vec::new();
    for c in courses.iter() {
        let Some((text, shown)) = pick(
            &c.texts,
            locale.code(),
            &c.source_language,
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
            slug: c.slug.clone(),
            title: text.title.clone(),
            summary: text.summary.clone(),
            audience: text.audience.clone(),
            languages: text.languages.clone(),
            estimated_minutes: text.minutes,
            modules: count(c.modules),
            done: count(done.get(&c.id).copied().unwrap_or(0)),
            language: shown.language,
            assignment: None,
        });
    }
    // What the reader's cohorts assigned comes first, soonest due first.
    let assigned = cohorts::assignments(db, user.id).await?;
    for card in &mut cards {
        card.assignment = assigned
            .iter()
            .find(|a| a.course_slug == card.slug)
            .cloned();
    }
    cards.sort_by_key(|card| {
        card.assignment.as_ref().map_or(usize::MAX, |a| {
            assigned
                .iter()
                .position(|x| x.course_slug == a.course_slug)
                .unwrap_or(usize::MAX)
        })
    });
    Ok(Catalog {
        courses: cards,
        audiences: audiences.into_iter().collect(),
        languages: languages.into_iter().collect(),
    })
}
