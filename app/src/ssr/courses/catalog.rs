//! The catalog: every course with live modules, in the reader's language
//! where it exists, with the reader's progress — four queries in all.

use super::store;
use crate::i18n::Locale;
use crate::model::courses::{Catalog, CourseCard};
use crate::ssr::auth::CurrentUser;
use crate::ssr::cohorts;
use crate::ssr::db::{json, Db};
use crate::ssr::error::DomainError;
use crate::ssr::texts::pick;
use std::collections::{BTreeSet, HashMap};

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

pub async fn catalog(
    db: &Db,
    user: &CurrentUser,
    locale: Locale,
    language: &str,
    audience: &str,
) -> Result<Catalog, DomainError> {
    let courses = store::courses(db).await?;
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
    let done: HashMap<i64, i64> = store::done_counts(db, user.id)
        .await?
        .into_iter()
        .map(|r| (r.course_id, r.n))
        .collect();

    let mut audiences = BTreeSet::new();
    let mut languages = BTreeSet::new();
    let mut cards = Vec::new();
    for c in courses {
        let Some(modules) = modules.get(&c.id) else {
            continue;
        };
        let available = texts.get(&c.id).map_or(&[][..], Vec::as_slice);
        let Some((text, shown)) = pick(
            available,
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
            slug: c.slug,
            title: text.title.clone(),
            summary: text.summary.clone(),
            audience: text.audience.clone(),
            languages: text.languages.clone(),
            estimated_minutes: text.minutes,
            modules: count(*modules),
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
