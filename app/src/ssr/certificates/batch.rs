//! A course's certificates as one ZIP, for trainers and admins. Building a
//! thousand PDFs takes seconds, so a batch is a row that a background task
//! fills in (`done` of `total`) while the requester's page shows progress;
//! the finished archive is stored with it, so any server process can serve
//! it. Each batch holds the certificates whose holders the requester may
//! see (the people policy), plus an index in CSV.

use super::store;
use super::verify::public;
use crate::dates::format_date;
use crate::model::certificates::{
    BatchCourse, BatchState, BatchSummary, CertificateStatus, PublicCertificate,
};
use crate::model::roles::Role;
use crate::ssr::audit::{self, Action, Event};
use crate::ssr::auth::scope;
use crate::ssr::auth::CurrentUser;
use crate::ssr::csv;
use crate::ssr::db::{now, Db};
use std::collections::HashMap;

/// Who may download a course's certificates together.
pub const ROLES: [Role; 2] = [Role::Admin, Role::Trainer];
/// A batch still unfinished after this long was cut short by a restart.
pub const STALLED_AFTER_SECONDS: i64 = 15 * 60;
/// Batches kept per requester; older ones (and their archives) are deleted.
pub const KEPT_PER_REQUESTER: i64 = 5;
/// Batches being built at once across the deployment; each holds its
/// archive in memory while it grows, so more would wait their turn.
pub const RUNNING_AT_ONCE: i64 = 4;

#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    #[error("only trainers and administrators download certificates in bulk")]
    Forbidden,
    #[error("no certificates of this course to download")]
    Empty,
    /// The requester's previous batch is still being built, or the
    /// deployment is building as many as it may.
    #[error("another download is being prepared; try again when it is ready")]
    Busy,
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
}

/// The certificates of course `course` that `viewer` may see, oldest first.
pub async fn members(
    db: &Db,
    viewer: &CurrentUser,
    course: i64,
) -> Result<Vec<(PublicCertificate, CertificateStatus)>, sqlx::Error> {
    let Some(scope) = scope::of(db, viewer).await? else {
        return Ok(Vec::new());
    };
    let rows = store::held_of_course(db, course).await?;
    let mut roles: HashMap<i64, Vec<Role>> = HashMap::new();
    for row in store::holder_roles(db, course).await? {
        if let Ok(role) = row.role.parse::<Role>() {
            roles.entry(row.user_id).or_default().push(role);
        }
    }
    let mut out = Vec::new();
    for row in rows {
        let held = roles.get(&row.user_id).map_or(&[][..], Vec::as_slice);
        if row.user_id == viewer.id || scope.covers(held, row.organisation_id) {
            out.push(public(row.certificate));
        }
    }
    Ok(out)
}

/// Courses with at least one certificate `viewer` may download.
pub async fn courses_for(db: &Db, viewer: &CurrentUser) -> Result<Vec<BatchCourse>, sqlx::Error> {
    let mut out = Vec::new();
    for course in store::certified_courses(db).await? {
        let count = members(db, viewer, course.id).await?.len();
        if count > 0 {
            out.push(BatchCourse {
                slug: course.slug,
                title: course.title.unwrap_or_default(),
                certificates: u32::try_from(count).unwrap_or(u32::MAX),
            });
        }
    }
    Ok(out)
}

/// Records a new batch for course `slug` and returns its id and course;
/// the caller starts the task that builds it.
pub async fn create(db: &Db, viewer: &CurrentUser, slug: &str) -> Result<(i64, i64), BatchError> {
    if !ROLES.iter().any(|r| viewer.has(*r)) {
        return Err(BatchError::Forbidden);
    }
    let course = crate::ssr::course_names::id_of(db, slug)
        .await?
        .ok_or(BatchError::Empty)?;
    let total = members(db, viewer, course).await?.len();
    if total == 0 {
        return Err(BatchError::Empty);
    }
    let total = i64::try_from(total).unwrap_or(i64::MAX);
    let at = now();
    // Builds cut short by a restart no longer count as running.
    store::close_stalled_batches(db, at - STALLED_AFTER_SECONDS).await?;
    if store::running_batches(db).await? >= RUNNING_AT_ONCE {
        return Err(BatchError::Busy);
    }
    // One running batch per requester is a unique index: of two clicks,
    // the second is refused by the database itself.
    match store::insert_batch(db, viewer.id, course, total, KEPT_PER_REQUESTER, at).await {
        Ok(id) => Ok((id, course)),
        Err(e) if is_unique_violation(&e) => Err(BatchError::Busy),
        Err(e) => Err(e.into()),
    }
}

fn is_unique_violation(e: &sqlx::Error) -> bool {
    e.as_database_error()
        .is_some_and(sqlx::error::DatabaseError::is_unique_violation)
}

pub fn state(
    finished_at: Option<i64>,
    failure: Option<&str>,
    created_at: i64,
    at: i64,
) -> BatchState {
    match (finished_at, failure) {
        (_, Some(_)) => BatchState::Failed,
        (Some(_), None) => BatchState::Ready,
        (None, None) if at - created_at > STALLED_AFTER_SECONDS => BatchState::Failed,
        (None, None) => BatchState::Running,
    }
}

pub async fn of_requester(db: &Db, user: i64) -> Result<Vec<BatchSummary>, sqlx::Error> {
    let count = |n: i64| u32::try_from(n).unwrap_or(0);
    Ok(store::batches_of(db, user)
        .await?
        .into_iter()
        .map(|r| BatchSummary {
            id: r.id,
            course_title: r.title.unwrap_or_default(),
            created_at: r.created_at,
            total: count(r.total),
            done: count(r.done),
            state: state(r.finished_at, r.failure.as_deref(), r.created_at, now()),
        })
        .collect())
}

pub async fn set_progress(db: &Db, id: i64, done: usize, total: usize) -> Result<(), sqlx::Error> {
    let n = |x: usize| i64::try_from(x).unwrap_or(i64::MAX);
    store::set_batch_progress(db, id, n(done), n(total)).await
}

pub async fn finish(db: &Db, id: i64, archive: Vec<u8>) -> Result<(), sqlx::Error> {
    store::finish_batch(db, id, archive, now()).await
}

pub async fn fail(db: &Db, id: i64, failure: &str) -> Result<(), sqlx::Error> {
    store::fail_batch(db, id, failure).await
}

/// The finished archive of batch `id` with its file name — for the
/// requester only (anyone else gets `None`, as for a missing batch). The
/// download is audited.
pub async fn archive(
    db: &Db,
    viewer: &CurrentUser,
    id: i64,
    ip: Option<&str>,
) -> Result<Option<(String, Vec<u8>)>, sqlx::Error> {
    let Some(store::ArchiveRow {
        archive: Some(bytes),
        slug,
    }) = store::archive(db, id, viewer.id).await?
    else {
        return Ok(None);
    };
    audit::record(
        db,
        Event {
            actor_id: Some(viewer.id),
            subject: Some(&slug),
            detail: Some(&format!("batch {id}")),
            ip,
            ..Event::new(Action::CertificatesDownloaded)
        },
    )
    .await?;
    Ok(Some((format!("certificates-{slug}-{id}.zip"), bytes)))
}

/// A certificate status as the index writes it.
pub fn status_code(status: CertificateStatus) -> &'static str {
    match status {
        CertificateStatus::Valid => "valid",
        CertificateStatus::Expired => "expired",
        CertificateStatus::Revoked => "revoked",
        CertificateStatus::Unknown => "unknown",
        CertificateStatus::Mistyped => "mistyped",
        CertificateStatus::Malformed => "malformed",
    }
}

/// The archive's index: one CSV line per certificate, with the same rules
/// as the report CSV (`reports::export`): a byte-order mark so Excel shows
/// Thai, formulas defused, ISO dates in the deployment's time zone, and
/// status codes `valid`, `expired`, `revoked` (documented in
/// `docs/reports.md`).
pub fn index_csv(certificates: &[(PublicCertificate, CertificateStatus)]) -> String {
    let zone = crate::ssr::zone::current();
    let day = |unix: i64| format_date(zone.local(unix));
    let mut out = String::from(csv::BOM);
    out += &csv::line([
        "certificate",
        "file",
        "holder",
        "holder_latin",
        "course",
        "issued",
        "expires",
        "status",
    ]);
    for (c, status) in certificates {
        let file = format!("{}.pdf", c.code);
        let issued = day(c.issued_at);
        let expires = c.expires_at.map(day).unwrap_or_default();
        let status = status_code(*status);
        out.push_str(&csv::line([
            c.code.as_str(),
            file.as_str(),
            c.holder_name.as_str(),
            c.holder_name_latin.as_deref().unwrap_or(""),
            c.course_title.as_str(),
            issued.as_str(),
            expires.as_str(),
            status,
        ]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_batch_is_running_until_finished_failed_or_stalled() {
        assert_eq!(state(None, None, 100, 160), BatchState::Running);
        assert_eq!(state(Some(150), None, 100, 160), BatchState::Ready);
        assert_eq!(state(None, Some("disk full"), 100, 160), BatchState::Failed);
        assert_eq!(
            state(None, None, 100, 101 + STALLED_AFTER_SECONDS),
            BatchState::Failed
        );
    }
}
