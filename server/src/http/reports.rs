//! The completion report's downloads: `GET /reports/completions.csv` and
//! `.xlsx`, taking the page's query string and holding exactly its rows
//! (both call `app::ssr::reports::completions`).

use super::auth::see_other;
use super::error::HttpError;
use crate::reports::{jobs, pdf as report_pdf, xlsx};
use app::forms::report_export::Outcome as ExportOutcome;
use app::forms::Outcome as _;
use app::i18n::Locale;
use app::model::reports::ReportQuery;
use app::paths;
use app::ssr::auth::CurrentUser;
use app::ssr::error::DomainError;
use app::ssr::reports::completions::{self, Report};
use app::ssr::reports::export;
use app::ssr::reports::exports::{self, ExportError};
use app::ssr::reports::summary;
use app::ssr::request::ClientIp;
use app::ssr::state::AppState;
use axum::{
    body::Body,
    extract::{Path, Query, State},
    response::{IntoResponse, Response},
    Extension, Form,
};
use http::header;
use serde::Deserialize;

async fn rows(
    state: &AppState,
    user: &CurrentUser,
    query: &ReportQuery,
    locale: Locale,
    format: &str,
    ip: &str,
) -> Result<Report, HttpError> {
    match completions::for_export(&state.db, user, query, locale, format, Some(ip)).await {
        Ok(Some(report)) => Ok(report),
        Ok(None) => Err(HttpError::BadRequest("reports-too-many")),
        Err(e) => Err(refused(e)),
    }
}

/// A report's domain error as the download's answer.
fn refused(e: DomainError) -> HttpError {
    e.into()
}

const CSV_TYPE: &str = "text/csv; charset=utf-8";

pub(super) fn download(content_type: &str, file: &str, body: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file}\""),
            ),
        ],
        body,
    )
        .into_response()
}

pub async fn csv(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Extension(ClientIp(ip)): Extension<ClientIp>,
    locale: Locale,
    Query(query): Query<ReportQuery>,
) -> Response {
    let report = match rows(&state, &user, &query, locale, "csv", &ip).await {
        Ok(r) => r,
        Err(e) => return e.respond(locale),
    };
    let out = export::csv(&report.rows, &app::ssr::zone::current());
    download(CSV_TYPE, "completions.csv", out.into_bytes())
}

pub async fn pdf(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Extension(ClientIp(ip)): Extension<ClientIp>,
    locale: Locale,
    Query(query): Query<ReportQuery>,
) -> Response {
    let summary = match summary::summary(&state.db, &user, &query, locale, Some(&ip)).await {
        Ok(s) => s,
        Err(e) => return refused(e).respond(locale),
    };
    let when = app::i18n::date_time_in(locale, &app::ssr::zone::current(), summary.generated_at);
    // Typesetting is CPU work: off the async workers.
    match tokio::task::spawn_blocking(move || report_pdf::render(&summary, &when)).await {
        Ok(bytes) => download("application/pdf", "summary.pdf", bytes),
        Err(e) => HttpError::Unavailable(e.to_string()).respond(locale),
    }
}

pub async fn xlsx(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Extension(ClientIp(ip)): Extension<ClientIp>,
    locale: Locale,
    Query(query): Query<ReportQuery>,
) -> Response {
    let report = match rows(&state, &user, &query, locale, "xlsx", &ip).await {
        Ok(r) => r,
        Err(e) => return e.respond(locale),
    };
    // Writing the workbook is CPU work: off the async workers.
    let zone = app::ssr::zone::current();
    match tokio::task::spawn_blocking(move || xlsx::workbook(&report.rows, &zone)).await {
        Ok(Ok(bytes)) => download(xlsx::CONTENT_TYPE, "completions.xlsx", bytes),
        Ok(Err(e)) => HttpError::Unavailable(e.to_string()).respond(locale),
        Err(e) => HttpError::Unavailable(e.to_string()).respond(locale),
    }
}

#[derive(Deserialize)]
pub struct ExportForm {
    #[serde(default)]
    format: String,
    #[serde(flatten)]
    query: ReportQuery,
}

/// `POST /reports/exports`: starts building a large download of the
/// report's filters in the background; back to `/reports/exports`.
pub async fn start_export(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Extension(ClientIp(ip)): Extension<ClientIp>,
    locale: Locale,
    Form(form): Form<ExportForm>,
) -> Response {
    let outcome =
        match exports::create(&state.db, &user, &form.query, &form.format, Some(&ip)).await {
            Ok(id) => {
                jobs::spawn(state.db.clone(), user, id, form.format, locale);
                ExportOutcome::Started
            }
            Err(ExportError::Busy) => ExportOutcome::Busy,
            Err(ExportError::Format) => ExportOutcome::Format,
            Err(ExportError::Domain(DomainError::Forbidden)) => ExportOutcome::Forbidden,
            Err(ExportError::Domain(e)) => {
                tracing::warn!(error = %e, "a report export could not start");
                ExportOutcome::Unavailable
            }
        };
    see_other(&outcome.location(paths::REPORTS_EXPORTS))
}

/// `GET /reports/exports/{id}.csv` (or `.xlsx`): a finished export, for its
/// requester, streamed from the database a chunk at a time.
pub async fn export_file(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Extension(ClientIp(ip)): Extension<ClientIp>,
    Path(name): Path<String>,
    locale: Locale,
) -> Response {
    let Some((id, extension)) = name
        .split_once('.')
        .and_then(|(id, ext)| Some((id.parse::<i64>().ok()?, ext.to_string())))
    else {
        return HttpError::NotFound.respond(locale);
    };
    let format = extension;
    match exports::download(&state.db, &user, id, &format, Some(&ip)).await {
        Ok(true) => {}
        Ok(false) => return HttpError::NotFound.respond(locale),
        Err(e) => return HttpError::Unavailable(e.to_string()).respond(locale),
    }
    let db = state.db.clone();
    let chunks = futures::stream::unfold(Some(0i64), move |seq| {
        let db = db.clone();
        async move {
            let seq = seq?;
            match exports::chunk(&db, id, seq).await {
                Ok(Some(data)) => Some((Ok::<_, std::io::Error>(data), Some(seq + 1))),
                Ok(None) => None,
                Err(e) => Some((Err(std::io::Error::other(e.to_string())), None)),
            }
        }
    });
    let content_type = if format == "csv" {
        CSV_TYPE
    } else {
        xlsx::CONTENT_TYPE
    };
    (
        [
            (http::header::CONTENT_TYPE, content_type.to_string()),
            (
                http::header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"completions-{id}.{format}\""),
            ),
        ],
        // Fused: the compression layer may poll once more after the end.
        Body::from_stream(futures::StreamExt::fuse(chunks)),
    )
        .into_response()
}
