//! Publishing a course's drafts: all of them at once, compiled exactly as
//! an import compiles a folder and written by the same code (new immutable
//! versions; a text that is already current changes nothing; a removed
//! module is retired). Four-eyes courses need an approval of exactly the
//! drafts being published from an editor who wrote none of them.

use super::store;
use super::workspace::Workspace;
use super::AuthoringError;
use crate::ssr::audit::{self, Action, Event};
use crate::ssr::auth::access::CurrentUser;
use crate::ssr::content::import::{self, ImportReport};
use crate::ssr::content::store::Publisher;
use crate::ssr::db::{cache::Topic, now, Db};

/// Approves `slug`'s drafts as they stood at `revision` (what the approver
/// reviewed); a later save voids the approval.
pub async fn approve(
    db: &Db,
    slug: &str,
    user: &CurrentUser,
    revision: i64,
) -> Result<(), AuthoringError> {
    let mut tx = db.begin().await?;
    let ws = Workspace::open(&mut tx, slug, user).await?;
    if ws.drafts.is_empty() {
        return Err(AuthoringError::NothingToPublish);
    }
    if ws.course.draft_revision != revision {
        return Err(AuthoringError::Changed);
    }
    if ws.drafts.iter().any(|d| d.updated_by == user.id) {
        return Err(AuthoringError::OwnDrafts);
    }
    store::approve(&mut tx, ws.course.id, revision, user.id, now()).await?;
    let detail = format!("drafts at revision {revision}");
    audit::append(
        &mut tx,
        Event {
            actor_id: Some(user.id),
            subject: Some(slug),
            detail: Some(&detail),
            ..Event::new(Action::ContentApproved)
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Publishes `slug`'s drafts as they stood at `revision` (what the
/// publisher saw; refused if a draft changed since). Returns what the
/// import wrote.
pub async fn publish(
    db: &Db,
    slug: &str,
    user: &CurrentUser,
    revision: i64,
) -> Result<ImportReport, AuthoringError> {
    let at = now();
    let mut tx = db.begin().await?;
    crate::ssr::content::store::lock_content(&mut tx).await?;
    let ws = Workspace::open(&mut tx, slug, user).await?;
    if ws.drafts.is_empty() {
        return Err(AuthoringError::NothingToPublish);
    }
    // Locks the course (PostgreSQL) so two publications cannot interleave.
    if !store::claim(&mut tx, ws.course.id, revision).await? {
        return Err(AuthoringError::Changed);
    }
    let approved_by = if ws.course.four_eyes != 0 {
        let approvers = store::approvers(&mut tx, ws.course.id, revision).await?;
        let approver = approvers
            .into_iter()
            .find(|a| !ws.drafts.iter().any(|d| d.updated_by == *a))
            .ok_or(AuthoringError::NeedsApproval)?;
        Some(approver)
    } else {
        None
    };
    let compiled = ws.compile(None).map_err(AuthoringError::Invalid)?;
    let by = Publisher {
        published_by: Some(user.id),
        approved_by,
    };
    let report = import::write(&mut tx, std::slice::from_ref(&compiled), by, at).await?;
    store::published(&mut tx, ws.course.id).await?;
    let files: Vec<&str> = ws.drafts.iter().map(|d| d.file.as_str()).collect();
    let detail = format!(
        "{} new versions, {} modules retired; files: {}{}",
        report.new_versions,
        report.retired_modules,
        files.join(", "),
        approved_by.map_or(String::new(), |a| format!("; approved by {a}"))
    );
    audit::append(
        &mut tx,
        Event {
            actor_id: Some(user.id),
            subject: Some(slug),
            detail: Some(&detail),
            ..Event::new(Action::ContentPublished)
        },
    )
    .await?;
    tx.commit().await?;
    db.caches().changed(Topic::Content);
    Ok(report)
}
