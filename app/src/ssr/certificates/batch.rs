//! A course's certificates as one ZIP, for trainers and admins. Building a
//! thousand PDFs takes seconds, so a batch is a row that a background task
//! fills in (`done` of `total`) while the requester's page shows progress;
//! the finished archive is stored with it, so any server process can serve
//! it. Each batch holds the certificates whose holders the requester may
//! see (the people policy), plus an index in CSV.

use super::verify::{public, COLUMNS};
use crate::dates::format_date;
use crate::model::certificates::{
    BatchCourse, BatchState, BatchSummary, CertificateStatus, PublicCertificate,
};
use crate::model::roles::Role;
use crate::ssr::audit::{self, Action, Event};
use crate::ssr::auth::CurrentUser;
use crate::ssr::csv;
use crate::ssr::db::{now, Db};
use crate::ssr::people::scope_of;
use sqlx::Row;
use std::collections::HashMap;

/// Who may download a course's certificates together.
pub const ROLES: [Role; 2] = [Role::Admin, Role::Trainer];
/// A batch still unfinished after this long was cut short by a restart.
pub const STALLED_AFTER_SECONDS: i64 = 15 * 60;
/// Batches kept per requester; older ones (and their archives) are deleted.
pub const KEPT_PER_REQUESTER: i64 = 5;

#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    #[error("only trainers and administrators download certificates in bulk")]
    Forbidden,
    #[error("no certificates of this course to download")]
    Empty,
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
}

impl BatchError {
    pub fn code(&self) -> &'static str {
        match self {
            BatchError::Forbidden => "forbidden",
            BatchError::Empty => "empty",
            BatchError::Db(_) => "unavailable",
        }
    }
}

/// The certificates of course `course` that `viewer` may see, oldest first.
pub async fn members(
    db: &Db,
    viewer: &CurrentUser,
    course: i64,
) -> Result<Vec<(PublicCertificate, CertificateStatus)>, sqlx::Error> {
    let Some(scope) = scope_of(db, viewer).await? else {
        return Ok(Vec::new());
    };
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS}, c.user_id, u.organisation_id
         FROM certificates c JOIN users u ON u.id = c.user_id WHERE c.course_id = $1 ORDER BY c.id"
    ))
    .bind(course)
    .fetch_all(db.pool())
    .await?;
    let mut roles: HashMap<i64, Vec<Role>> = HashMap::new();
    for row in sqlx::query(
        "SELECT user_id, role FROM user_roles
         WHERE user_id IN (SELECT user_id FROM certificates WHERE course_id = $1)",
    )
    .bind(course)
    .fetch_all(db.pool())
    .await?
    {
        if let Ok(role) = row.try_get::<String, _>("role")?.parse::<Role>() {
            roles.entry(row.try_get("user_id")?).or_default().push(role);
        }
    }
    let mut out = Vec::new();
    for row in &rows {
        let holder: i64 = row.try_get("user_id")?;
        let organisation: Option<i64> = row.try_get("organisation_id")?;
        let held = roles.get(&holder).map_or(&[][..], Vec::as_slice);
        if holder == viewer.id || scope.covers(held, organisation) {
            out.push(public(row)?);
        }
    }
    Ok(out)
}

const COURSE_TITLE: &str = "(SELECT t.title FROM course_texts t
     WHERE t.course_id = co.id AND t.language = co.source_language AND t.superseded_at IS NULL)";

/// Courses with at least one certificate `viewer` may download.
pub async fn courses_for(db: &Db, viewer: &CurrentUser) -> Result<Vec<BatchCourse>, sqlx::Error> {
    let rows = sqlx::query(&format!(
        "SELECT co.id, co.slug, {COURSE_TITLE} AS title FROM courses co
         WHERE EXISTS (SELECT 1 FROM certificates c WHERE c.course_id = co.id) ORDER BY co.slug"
    ))
    .fetch_all(db.pool())
    .await?;
    let mut out = Vec::new();
    for row in rows {
        let count = members(db, viewer, row.try_get("id")?).await?.len();
        if count > 0 {
            out.push(BatchCourse {
                slug: row.try_get("slug")?,
                title: row
                    .try_get::<Option<String>, _>("title")?
                    .unwrap_or_default(),
                certificates: count as u32,
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
    let course: i64 = sqlx::query("SELECT id FROM courses WHERE slug = $1")
        .bind(slug)
        .fetch_optional(db.pool())
        .await?
        .ok_or(BatchError::Empty)?
        .try_get("id")?;
    let total = members(db, viewer, course).await?.len();
    if total == 0 {
        return Err(BatchError::Empty);
    }
    let mut tx = db.pool().begin().await?;
    let id: i64 = sqlx::query(
        "INSERT INTO certificate_batches (requested_by, course_id, total, created_at)
         VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(viewer.id)
    .bind(course)
    .bind(total as i64)
    .bind(now())
    .fetch_one(&mut *tx)
    .await?
    .try_get("id")?;
    sqlx::query(
        "DELETE FROM certificate_batches WHERE requested_by = $1 AND id NOT IN
           (SELECT id FROM certificate_batches WHERE requested_by = $1 ORDER BY id DESC LIMIT $2)",
    )
    .bind(viewer.id)
    .bind(KEPT_PER_REQUESTER)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok((id, course))
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
    sqlx::query(&format!(
        "SELECT b.id, b.total, b.done, b.created_at, b.finished_at, b.failure, {COURSE_TITLE} AS title
         FROM certificate_batches b JOIN courses co ON co.id = b.course_id
         WHERE b.requested_by = $1 ORDER BY b.id DESC"
    ))
    .bind(user)
    .fetch_all(db.pool())
    .await?
    .iter()
    .map(|r| {
        let created_at: i64 = r.try_get("created_at")?;
        let failure: Option<String> = r.try_get("failure")?;
        Ok(BatchSummary {
            id: r.try_get("id")?,
            course_title: r.try_get::<Option<String>, _>("title")?.unwrap_or_default(),
            created_at,
            total: r.try_get::<i64, _>("total")? as u32,
            done: r.try_get::<i64, _>("done")? as u32,
            state: state(r.try_get("finished_at")?, failure.as_deref(), created_at, now()),
        })
    })
    .collect()
}

pub async fn set_progress(db: &Db, id: i64, done: usize, total: usize) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE certificate_batches SET done = $1, total = $2 WHERE id = $3")
        .bind(done as i64)
        .bind(total as i64)
        .bind(id)
        .execute(db.pool())
        .await
        .map(|_| ())
}

pub async fn finish(db: &Db, id: i64, archive: Vec<u8>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE certificate_batches SET archive = $1, finished_at = $2, done = total WHERE id = $3",
    )
    .bind(archive)
    .bind(now())
    .bind(id)
    .execute(db.pool())
    .await
    .map(|_| ())
}

pub async fn fail(db: &Db, id: i64, failure: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE certificate_batches SET failure = $1 WHERE id = $2")
        .bind(failure)
        .bind(id)
        .execute(db.pool())
        .await
        .map(|_| ())
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
    let Some(row) = sqlx::query(
        "SELECT b.archive, co.slug FROM certificate_batches b JOIN courses co ON co.id = b.course_id
         WHERE b.id = $1 AND b.requested_by = $2 AND b.finished_at IS NOT NULL",
    )
    .bind(id)
    .bind(viewer.id)
    .fetch_optional(db.pool())
    .await?
    else {
        return Ok(None);
    };
    let slug: String = row.try_get("slug")?;
    let Some(bytes) = row.try_get::<Option<Vec<u8>>, _>("archive")? else {
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

/// The archive's index: one CSV line per certificate, safe to open in a
/// spreadsheet.
pub fn index_csv(certificates: &[(PublicCertificate, CertificateStatus)]) -> String {
    let mut out = csv::line([
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
        let issued = format_date(c.issued_at);
        let expires = c.expires_at.map(format_date).unwrap_or_default();
        let status = format!("{status:?}").to_lowercase();
        out.push_str(&csv::line([
            c.code.as_str(),
            file.as_str(),
            c.holder_name.as_str(),
            c.holder_name_latin.as_deref().unwrap_or(""),
            c.course_title.as_str(),
            issued.as_str(),
            expires.as_str(),
            status.as_str(),
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
