//! The completion report's downloads: `GET /reports/completions.csv` and
//! `.xlsx`, taking the page's query string and holding exactly its rows
//! (both call `app::ssr::reports::completions`).

use super::error::HttpError;
use crate::reports::{pdf as report_pdf, xlsx};
use app::i18n::Locale;
use app::model::reports::ReportQuery;
use app::ssr::auth::CurrentUser;
use app::ssr::error::DomainError;
use app::ssr::reports::completions::{self, Report};
use app::ssr::reports::export::{cells, csv_head, csv_line};
use app::ssr::reports::summary;
use app::ssr::request::ClientIp;
use app::ssr::state::AppState;
use axum::{
    extract::{Query, State},
    response::{IntoResponse, Response},
    Extension,
};
use http::header;

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
        Err(DomainError::Forbidden) => Err(HttpError::Forbidden("error-forbidden")),
        Err(DomainError::NotFound) => Err(HttpError::NotFound),
        Err(e) => Err(HttpError::Unavailable(e.to_string())),
    }
}

fn download(content_type: &str, file: &str, body: Vec<u8>) -> Response {
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
    let zone = app::ssr::zone::current();
    let mut out = csv_head();
    for row in &report.rows {
        out.push_str(&csv_line(&cells(row, &zone)));
    }
    download(
        "text/csv; charset=utf-8",
        "completions.csv",
        out.into_bytes(),
    )
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
        Err(DomainError::Forbidden) => {
            return HttpError::Forbidden("error-forbidden").respond(locale)
        }
        Err(e) => return HttpError::Unavailable(e.to_string()).respond(locale),
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
        Ok(Ok(bytes)) => download(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "completions.xlsx",
            bytes,
        ),
        Ok(Err(e)) => HttpError::Unavailable(e.to_string()).respond(locale),
        Err(e) => HttpError::Unavailable(e.to_string()).respond(locale),
    }
}
