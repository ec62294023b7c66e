//! Large downloads of the completion report, built in the background: the
//! request is a row (`report_exports`) with its filters and progress; a
//! task streams the report's rows (never all in memory) into the file's
//! writer, which stores the file in chunks of about a megabyte; the
//! requester's page (`/reports/exports`) shows progress without JavaScript
//! and links the finished file, which is streamed back chunk by chunk. The
//! rows are exactly the completion report's for the same filters and the
//! requester's scope. Like the certificate ZIPs: one running per
//! requester, a few kept.

use super::completions::{audited, filtered, Names};
use super::{query, store};
use crate::i18n::Locale;
use crate::model::reports::{CompletionRow, ExportState, ExportSummary, ReportQuery};
use crate::ssr::audit;
use crate::ssr::auth::{scope, CurrentUser};
use crate::ssr::db::{json, now, Db};
use crate::ssr::error::DomainError;
use futures::StreamExt;

/// The formats an export may be built in.
pub const FORMATS: [&str; 2] = ["csv", "xlsx"];
/// Exports kept per requester; older ones (and their files) are deleted.
pub const KEPT_PER_REQUESTER: i64 = 3;
/// An export unfinished after this long was cut short by a restart.
pub const STALLED_AFTER_SECONDS: i64 = 60 * 60;
/// Rows between two progress updates.
pub const PROGRESS_EVERY: i64 = 5_000;

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("no such format")]
    Format,
    /// The requester's previous export is still being built.
    #[error("another export is being prepared")]
    Busy,
    #[error(transparent)]
    Domain(#[from] DomainError),
}

impl From<sqlx::Error> for ExportError {
    fn from(e: sqlx::Error) -> Self {
        ExportError::Domain(e.into())
    }
}

/// Records a background export of `query` in `format` for `user` and
/// returns its id; the caller starts the task that builds it. Audited
/// when requested (the rows leave the database from then on).
pub async fn create(
    db: &Db,
    user: &CurrentUser,
    query: &ReportQuery,
    format: &str,
    ip: Option<&str>,
) -> Result<i64, ExportError> {
    if !FORMATS.contains(&format) {
        return Err(ExportError::Format);
    }
    let at = now();
    let f = filtered(db, user, query, at).await?;
    let total = store::totals(db, &f, at).await?.row_count;
    store::close_stalled_exports(db, at - STALLED_AFTER_SECONDS).await?;
    let mut kept = query.clone();
    kept.page = 0;
    let stored = json::encode(&kept);
    let id = match store::insert_export(db, user.id, format, &stored, total, KEPT_PER_REQUESTER, at)
        .await
    {
        Ok(id) => id,
        Err(e)
            if e.as_database_error()
                .is_some_and(sqlx::error::DatabaseError::is_unique_violation) =>
        {
            return Err(ExportError::Busy)
        }
        Err(e) => return Err(e.into()),
    };
    audited(
        db,
        user,
        query,
        &format!("{format}, {total} rows, background {id}"),
        ip,
    )
    .await?;
    Ok(id)
}

fn state(r: &store::ExportRow, at: i64) -> ExportState {
    match (r.finished_at, &r.failure) {
        (_, Some(_)) => ExportState::Failed,
        (Some(_), None) => ExportState::Ready,
        (None, None) if at - r.created_at > STALLED_AFTER_SECONDS => ExportState::Failed,
        (None, None) => ExportState::Running,
    }
}

/// `user`'s exports, newest first (for callers who may see reports).
pub async fn list(db: &Db, user: &CurrentUser) -> Result<Vec<ExportSummary>, DomainError> {
    scope::of(db, user).await?.ok_or(DomainError::Forbidden)?;
    let at = now();
    Ok(store::exports_of(db, user.id)
        .await?
        .into_iter()
        .map(|r| {
            let query: ReportQuery = serde_json::from_str(&r.query).unwrap_or_default();
            let pairs = query
                .pairs()
                .into_iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("&");
            ExportSummary {
                state: state(&r, at),
                id: r.id,
                format: r.format,
                query: pairs,
                total: r.total,
                done: r.done,
                created_at: r.created_at,
            }
        })
        .collect())
}

/// Export `id` if `user` requested it.
pub async fn of(
    db: &Db,
    user: &CurrentUser,
    id: i64,
) -> Result<Option<store::ExportRow>, sqlx::Error> {
    Ok(store::export(db, id)
        .await?
        .filter(|r| r.requested_by == user.id))
}

/// Sends every row of export `id` (as `requester` may see them now) to
/// `rows`, in the report's order, keeping the export's progress; returns
/// how many were sent. The channel is bounded, so the rows in memory are
/// at most what it holds while the writer catches up.
pub async fn produce(
    db: &Db,
    requester: &CurrentUser,
    id: i64,
    locale: Locale,
    rows: tokio::sync::mpsc::Sender<CompletionRow>,
) -> Result<i64, DomainError> {
    let export = store::export(db, id).await?.ok_or(DomainError::NotFound)?;
    let query: ReportQuery = json::decode("report_exports.query", &export.query)?;
    let at = now();
    let f = filtered(db, requester, &query, at).await?;
    let names = Names::load(db, locale).await?;
    let sql = store::rows_sql(&f, &query::order_by(&query));
    let mut stream = store::rows_stream(db, &f, &sql);
    let mut sent = 0;
    while let Some(row) = stream.next().await {
        if rows.send(names.row(row?, at)).await.is_err() {
            // The writer stopped (it failed, and says why).
            break;
        }
        sent += 1;
        if sent % PROGRESS_EVERY == 0 {
            store::set_export_progress(db, id, sent).await?;
        }
    }
    Ok(sent)
}

/// Stores chunk `seq` of export `id`'s file.
pub async fn append(db: &Db, id: i64, seq: i64, data: &[u8]) -> Result<(), sqlx::Error> {
    store::append_chunk(db, id, seq, data).await
}

pub async fn finish(db: &Db, id: i64, rows: i64) -> Result<(), sqlx::Error> {
    store::finish_export(db, id, rows, now()).await
}

pub async fn fail(db: &Db, id: i64, failure: &str) -> Result<(), sqlx::Error> {
    store::fail_export(db, id, failure).await
}

/// Whether export `id` is a finished `format` file of `user`'s (the caller
/// then streams its chunks with [`chunk`]). The download is audited.
pub async fn download(
    db: &Db,
    user: &CurrentUser,
    id: i64,
    format: &str,
    ip: Option<&str>,
) -> Result<bool, sqlx::Error> {
    let Some(export) = of(db, user, id).await? else {
        return Ok(false);
    };
    if export.finished_at.is_none() || export.failure.is_some() || export.format != format {
        return Ok(false);
    }
    let detail = format!(
        "{}, {} rows, background {id} downloaded",
        export.format, export.total
    );
    audit::record(
        db,
        audit::Event {
            actor_id: Some(user.id),
            subject: Some("report:completions"),
            detail: Some(&detail),
            ip,
            ..audit::Event::new(audit::Action::ReportExported)
        },
    )
    .await?;
    Ok(true)
}

/// Chunk `seq` of export `id` (`None` past the last).
pub async fn chunk(db: &Db, id: i64, seq: i64) -> Result<Option<Vec<u8>>, sqlx::Error> {
    store::chunk(db, id, seq).await
}
