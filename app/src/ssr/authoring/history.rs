//! A file's published history, rollback, and the translation workspace's
//! facts: which languages each text has and which are out of date.

use super::diff::changed_paragraphs;
pub use super::diff::paragraphs;
use super::store::{self, Owner, VersionRow};
use super::workspace::Workspace;
use super::{edit, AuthoringError};
use crate::ssr::audit::{self, Action, Event};
use crate::ssr::auth::access::CurrentUser;
use crate::ssr::content::content_hash;
use crate::ssr::content::source::{FileKind, FileName};
use crate::ssr::db::Db;
use sqlx::AnyConnection;

fn owner(name: &FileName) -> Owner<'_> {
    match &name.kind {
        FileKind::Course => Owner::Course,
        FileKind::Assessment => Owner::Assessment,
        FileKind::Module { slug, .. } => Owner::Module(slug),
    }
}

async fn file_versions(
    conn: &mut AnyConnection,
    ws: &Workspace,
    file: &str,
) -> Result<Vec<VersionRow>, AuthoringError> {
    let name = FileName::parse(file).map_err(|_| AuthoringError::NotFound)?;
    let language = name
        .language
        .clone()
        .unwrap_or_else(|| ws.course.source_language.clone());
    Ok(store::versions(conn, ws.course.id, owner(&name), &language).await?)
}

/// Every published version of `file` of course `slug`, newest first.
pub async fn versions(
    db: &Db,
    slug: &str,
    user: &CurrentUser,
    file: &str,
) -> Result<(Workspace, Vec<VersionRow>), AuthoringError> {
    let mut conn = db.pool().acquire().await?;
    let ws = Workspace::open(&mut conn, slug, user).await?;
    let versions = file_versions(&mut conn, &ws, file).await?;
    Ok((ws, versions))
}

/// Makes version `version` of `file` the file's draft again (over the
/// draft revision `expected`), to be published like any draft: an
/// audited rollback.
pub async fn roll_back(
    db: &Db,
    slug: &str,
    user: &CurrentUser,
    file: &str,
    version: i64,
    expected: i64,
) -> Result<(), AuthoringError> {
    // The draft and its audit entry in one transaction.
    let mut tx = db.begin().await?;
    let ws = Workspace::open(&mut tx, slug, user).await?;
    let row = file_versions(&mut tx, &ws, file)
        .await?
        .into_iter()
        .find(|v| v.id == version)
        .ok_or(AuthoringError::NotFound)?;
    let text = row.source.ok_or(AuthoringError::NotFound)?;
    match edit::save_in(&mut tx, &ws, user, file, &text, expected).await {
        Ok(_) => {}
        Err(AuthoringError::Stale(stale)) => {
            tx.commit().await?;
            return Err(AuthoringError::Stale(stale));
        }
        Err(e) => return Err(e),
    }
    let detail = format!("{file} to version {version} ({})", &row.content_hash[..12]);
    audit::append(
        &mut tx,
        Event {
            actor_id: Some(user.id),
            subject: Some(slug),
            detail: Some(&detail),
            ..Event::new(Action::ContentRolledBack)
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// One translation of a text in the workspace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Translation {
    pub file: String,
    pub language: String,
    /// It names a `translation_of` other than its source's current hash.
    pub stale: bool,
}

/// A text of the course and its translations.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Translated {
    pub source_file: String,
    pub translations: Vec<Translation>,
}

/// The `translation_of` a file's front matter names, if any.
pub fn translation_of(text: &str) -> Option<String> {
    let header = text.strip_prefix("+++\n")?.split("\n+++").next()?;
    header.lines().find_map(|line| {
        let (key, value) = line.split_once('=')?;
        (key.trim() == "translation_of").then(|| value.trim().trim_matches('"').to_string())
    })
}

/// For every source file in the workspace (drafts included), its
/// translations and whether each is out of date.
pub fn translations(ws: &Workspace) -> Vec<Translated> {
    let files = ws.files(None);
    let mut out: Vec<Translated> = Vec::new();
    for (file, text) in &files {
        let Ok(name) = FileName::parse(file) else {
            continue;
        };
        if name.language.is_some() {
            continue;
        }
        let source_hash = content_hash(text);
        let mut translations = Vec::new();
        for (other, other_text) in &files {
            let Ok(o) = FileName::parse(other) else {
                continue;
            };
            if o.kind == name.kind {
                if let Some(language) = o.language {
                    translations.push(Translation {
                        file: other.clone(),
                        language,
                        stale: translation_of(other_text).as_deref() != Some(source_hash.as_str()),
                    });
                }
            }
        }
        out.push(Translated {
            source_file: file.clone(),
            translations,
        });
    }
    out
}

/// The source paragraphs of `translation`'s text that changed since the
/// source version it translates (all unmarked when that version is not
/// known: nothing to compare with).
pub async fn changed_since_translation(
    db: &Db,
    slug: &str,
    user: &CurrentUser,
    translation: &str,
) -> Result<Vec<(String, bool)>, AuthoringError> {
    let mut conn = db.pool().acquire().await?;
    let ws = Workspace::open(&mut conn, slug, user).await?;
    changed_in(&mut conn, &ws, translation).await
}

/// [`changed_since_translation`] on a workspace already open.
pub async fn changed_in(
    conn: &mut AnyConnection,
    ws: &Workspace,
    translation: &str,
) -> Result<Vec<(String, bool)>, AuthoringError> {
    let mut name = FileName::parse(translation).map_err(|_| AuthoringError::NotFound)?;
    name.language = None;
    let source_file = name.name();
    let current = ws.text(&source_file).ok_or(AuthoringError::NotFound)?;
    let translated_hash = ws.text(translation).and_then(translation_of);
    let versions = file_versions(conn, ws, &source_file).await?;
    let earlier = versions
        .iter()
        .find(|v| Some(&v.content_hash) == translated_hash.as_ref())
        .and_then(|v| v.source.as_deref());
    Ok(match earlier {
        Some(earlier) => changed_paragraphs(earlier, current),
        None => changed_paragraphs(current, current),
    })
}
