//! Writing compiled courses: all of them in one transaction, or nothing.
//! A text whose hash is already current changes nothing; a new hash adds a
//! version and supersedes the previous one (kept for the records that point
//! at it); a module whose file is gone is retired, not deleted.

use super::compile::{AssessmentText, CompiledCourse, CourseText, ModuleText};
use super::store::{self, Publisher, Texts};
use crate::ssr::audit::{self, Event};
use crate::ssr::db::{cache::Topic, now, Db};
use crate::ssr::standings;
use sqlx::AnyConnection;

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
async fn settle<T: Versioned>(
    tx: &mut AnyConnection,
    texts: Texts,
    owner: i64,
    text: &T,
    at: i64,
) -> Result<Version, sqlx::Error> {
    let (language, hash) = (text.language(), text.hash());
    let existing = store::version(tx, texts, owner, language, hash).await?;
    if let Some(v) = existing {
        store::fill_source(tx, texts, v.id, text.source()).await?;
    }
    if existing.is_some_and(|v| v.superseded_at.is_none()) {
        return Ok(Version::Current);
    }
    store::supersede_language(tx, texts, owner, language, at).await?;
    match existing {
        Some(v) => {
            store::restore(tx, texts, v.id).await?;
            Ok(Version::Restored)
        }
        None => Ok(Version::Missing),
    }
}

/// Supersedes the current texts of languages no longer present.
async fn drop_languages(
    tx: &mut AnyConnection,
    texts: Texts,
    owner: i64,
    keep: &[&str],
    at: i64,
) -> Result<(), sqlx::Error> {
    for row in store::current(tx, texts, owner).await? {
        if !keep.contains(&row.language.as_str()) {
            store::supersede(tx, texts, row.id, at).await?;
        }
    }
    Ok(())
}

/// What `settle_texts` needs of a course text, an assessment or a module
/// text: one language's version, and what it translates.
trait Versioned {
    fn language(&self) -> &str;
    fn hash(&self) -> &str;
    fn source(&self) -> &str;
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
            fn source(&self) -> &str {
                &self.source
            }
            fn translation_of(&self) -> Option<&str> {
                self.translation_of.as_deref()
            }
        }
    )*};
}
versioned!(CourseText, AssessmentText, ModuleText);

/// Settles every language of one thing (`texts` rows of `owner`): current
/// versions stay, earlier ones come back, languages no longer present are
/// superseded, and translations of an earlier source are reported under
/// the file name `file(language)` gives. Returns the texts to insert.
async fn settle_texts<'t, T: Versioned>(
    tx: &mut AnyConnection,
    table: Texts,
    owner: i64,
    texts: &'t [T],
    at: i64,
    report: &mut ImportReport,
    file: impl Fn(&str) -> String,
) -> Result<Vec<&'t T>, sqlx::Error> {
    let mut missing = Vec::new();
    for text in texts {
        match settle(tx, table, owner, text, at).await? {
            Version::Current => {}
            Version::Restored => report.new_versions += 1,
            Version::Missing => missing.push(text),
        }
    }
    let languages: Vec<&str> = texts.iter().map(Versioned::language).collect();
    drop_languages(tx, table, owner, &languages, at).await?;
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

/// Imports `courses` from the command line (or a test): one transaction,
/// audited as `content.imported` when anything changed.
pub async fn import(
    db: &Db,
    courses: &[CompiledCourse],
    actor_id: Option<i64>,
) -> Result<ImportReport, sqlx::Error> {
    let at = now();
    let mut tx = db.begin().await?;
    store::lock_content(&mut tx).await?;
    let by = Publisher {
        published_by: actor_id,
        approved_by: None,
    };
    let report = write(&mut tx, courses, by, at).await?;
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
    if report.changed() {
        db.caches().changed(Topic::Content);
    }
    Ok(report)
}

/// Settles `courses` inside the caller's transaction — an import's, or a
/// publication's from the browser, which are the same thing: a text whose
/// hash is current changes nothing, an earlier one comes back, a new one
/// is a new version made `by`. The caller audits, commits and tells the
/// caches.
pub async fn write(
    tx: &mut AnyConnection,
    courses: &[CompiledCourse],
    by: Publisher,
    at: i64,
) -> Result<ImportReport, sqlx::Error> {
    let mut report = ImportReport::default();
    for course in courses {
        report.courses += 1;
        let course_id = match store::course(&mut *tx, &course.slug).await? {
            Some(row) => {
                if row.source_language != course.source_language {
                    store::set_source_language(&mut *tx, row.id, &course.source_language, at)
                        .await?;
                }
                row.id
            }
            None => {
                store::insert_course(&mut *tx, &course.slug, &course.source_language, at).await?
            }
        };
        let slug = &course.slug;
        for text in settle_texts(
            &mut *tx,
            Texts::CourseTexts,
            course_id,
            &course.texts,
            at,
            &mut report,
            |language| format!("{slug}/course.{language}.md"),
        )
        .await?
        {
            store::insert_course_text(&mut *tx, course_id, text, by, at).await?;
        }
        for text in settle_texts(
            &mut *tx,
            Texts::Assessments,
            course_id,
            &course.assessment,
            at,
            &mut report,
            |language| format!("{slug}/assessment.{language}.md"),
        )
        .await?
        {
            store::insert_assessment(&mut *tx, course_id, text, by, at).await?;
        }

        let mut present = Vec::new();
        for module in &course.modules {
            report.modules += 1;
            let position = i64::from(module.position);
            let module_id = match store::module(&mut *tx, course_id, &module.slug).await? {
                Some(row) => {
                    if row.position != position || row.retired_at.is_some() {
                        store::place_module(&mut *tx, row.id, position).await?;
                    }
                    row.id
                }
                None => store::insert_module(&mut *tx, course_id, &module.slug, position).await?,
            };
            present.push(module_id);
            for text in settle_texts(
                &mut *tx,
                Texts::ModuleVersions,
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
                store::insert_module_text(&mut *tx, module_id, text, by, at).await?;
            }
        }
        for id in store::live_modules(&mut *tx, course_id).await? {
            if !present.contains(&id) {
                store::retire_module(&mut *tx, id, at).await?;
                report.retired_modules += 1;
            }
        }
        // A retired module no longer counts as done.
        standings::refresh_course(&mut *tx, course_id).await?;
        for m in &course.media {
            store::insert_media(&mut *tx, &m.hash, &m.content_type, &m.bytes, at).await?;
        }
        for (path, hash) in &course.images {
            store::name_image(&mut *tx, course_id, path, hash, at).await?;
        }
    }
    Ok(report)
}
