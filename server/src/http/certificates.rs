//! Certificates over HTTP: `GET /certificates/{id}.pdf` for its holder and
//! whoever may see the holder's account (`app::ssr::certificates::download`);
//! revocation by an admin; a course's certificates as one ZIP.

use super::auth::see_other;
use super::error::HttpError;
use crate::certificates::pdf;
use app::forms::certificate_batch::Outcome as BatchOutcome;
use app::forms::revoke::Outcome as RevokeOutcome;
use app::forms::Outcome as _;
use app::i18n::Locale;
use app::paths;
use app::ssr::auth::CurrentUser;
use app::ssr::certificates::batch::{self, BatchError};
use app::ssr::certificates::download;
use app::ssr::certificates::revoke::{self, RevokeError};
use app::ssr::request::ClientIp;
use app::ssr::state::AppState;
use axum::{
    extract::{Path, State},
    response::{IntoResponse, Response},
    Extension, Form,
};
use http::header;
use serde::Deserialize;

pub async fn pdf(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(name): Path<String>,
    Extension(ClientIp(ip)): Extension<ClientIp>,
    locale: Locale,
) -> Response {
    let Some(code) = name.strip_suffix(".pdf") else {
        return HttpError::NotFound.respond(locale);
    };
    let certificate = match download::for_viewer(&state.db, &user, code, Some(&ip)).await {
        Ok(Some(c)) => c,
        Ok(None) => return HttpError::NotFound.respond(locale),
        Err(e) => return HttpError::Unavailable(e.to_string()).respond(locale),
    };
    let url = format!(
        "{}{}",
        state.config.base_url,
        paths::verify(&certificate.code)
    );
    let file = format!("attachment; filename=\"{}.pdf\"", certificate.code);
    // Rendering is CPU work (a few milliseconds): off the async workers.
    match tokio::task::spawn_blocking(move || pdf::render(&certificate, &url)).await {
        Ok(bytes) => (
            [
                (header::CONTENT_TYPE, "application/pdf".to_string()),
                (header::CONTENT_DISPOSITION, file),
                (header::CACHE_CONTROL, "private, no-cache".to_string()),
            ],
            bytes,
        )
            .into_response(),
        Err(e) => HttpError::Unavailable(e.to_string()).respond(locale),
    }
}

#[derive(Deserialize)]
pub struct RevokeForm {
    #[serde(default)]
    reason: String,
}

/// `POST /admin/certificates/{code}/revoke`: back to the certificate's
/// admin page with `?done=revoked` or `?error=`.
pub async fn revoke(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Extension(ClientIp(ip)): Extension<ClientIp>,
    Path(code): Path<String>,
    Form(form): Form<RevokeForm>,
) -> Response {
    let page = paths::admin_certificate(&code);
    match revoke::revoke(&state.db, &user, &code, &form.reason, Some(&ip)).await {
        Ok(_) => see_other(&RevokeOutcome::Revoked.location(&page)),
        Err(e) => {
            let outcome = match e {
                RevokeError::Forbidden => RevokeOutcome::Forbidden,
                RevokeError::NotFound => RevokeOutcome::NotFound,
                RevokeError::ReasonRequired => RevokeOutcome::ReasonRequired,
                RevokeError::AlreadyRevoked => RevokeOutcome::AlreadyRevoked,
                RevokeError::Db(e) => {
                    tracing::warn!(error = %e, "a revocation failed");
                    RevokeOutcome::Unavailable
                }
            };
            see_other(&outcome.location(&page))
        }
    }
}

#[derive(Deserialize)]
pub struct BatchForm {
    #[serde(default)]
    course: String,
}

/// `POST /certificates/batches`: starts zipping a course's certificates.
pub async fn start_batch(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Form(form): Form<BatchForm>,
) -> Response {
    match batch::create(&state.db, &user, &form.course).await {
        Ok((id, course)) => {
            crate::certificates::batch::spawn(state.clone(), user, id, course);
            see_other(&BatchOutcome::Started.location(paths::CERTIFICATE_BATCHES))
        }
        Err(e) => {
            let outcome = match e {
                BatchError::Forbidden => BatchOutcome::Forbidden,
                BatchError::Empty => BatchOutcome::Empty,
                BatchError::Busy => BatchOutcome::Busy,
                BatchError::Db(e) => {
                    tracing::warn!(error = %e, "a certificate batch could not start");
                    BatchOutcome::Unavailable
                }
            };
            see_other(&outcome.location(paths::CERTIFICATE_BATCHES))
        }
    }
}

/// `GET /certificates/batches/{id}.zip`: a finished batch, for its
/// requester.
pub async fn batch_archive(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Extension(ClientIp(ip)): Extension<ClientIp>,
    Path(name): Path<String>,
    locale: Locale,
) -> Response {
    let Some(id) = name
        .strip_suffix(".zip")
        .and_then(|id| id.parse::<i64>().ok())
    else {
        return HttpError::NotFound.respond(locale);
    };
    match batch::archive(&state.db, &user, id, Some(&ip)).await {
        Ok(Some((file, bytes))) => (
            [
                (header::CONTENT_TYPE, "application/zip".to_string()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{file}\""),
                ),
                (header::CACHE_CONTROL, "private, no-cache".to_string()),
            ],
            bytes,
        )
            .into_response(),
        Ok(None) => HttpError::NotFound.respond(locale),
        Err(e) => HttpError::Unavailable(e.to_string()).respond(locale),
    }
}
