//! Certificates over HTTP: `GET /certificates/{id}.pdf` for its holder and
//! whoever may see the holder's account (`app::ssr::certificates::download`);
//! revocation by an admin; a course's certificates as one ZIP.

use super::auth::{encode, see_other};
use super::error::HttpError;
use crate::certificates::pdf;
use app::ssr::auth::CurrentUser;
use app::ssr::certificates::{batch, download, revoke};
use app::ssr::request::{request_locale, ClientIp};
use app::ssr::state::AppState;
use axum::{
    extract::{Path, State},
    response::{IntoResponse, Response},
    Extension, Form,
};
use http::{header, HeaderMap, StatusCode};
use serde::Deserialize;

pub async fn pdf(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(name): Path<String>,
    headers: HeaderMap,
) -> Response {
    let Some(code) = name.strip_suffix(".pdf") else {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    };
    let certificate = match download::for_viewer(&state.db, &user, code).await {
        Ok(Some(c)) => c,
        Ok(None) => return (StatusCode::NOT_FOUND, "not found").into_response(),
        Err(e) => return HttpError::Unavailable(e.to_string()).respond(request_locale(&headers)),
    };
    let url = format!("{}/verify/{}", state.config.base_url, certificate.code);
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
        Err(e) => HttpError::Unavailable(e.to_string()).respond(request_locale(&headers)),
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
    let page = format!("/admin/certificates?id={}", encode(&code));
    match revoke::revoke(&state.db, &user, &code, &form.reason, Some(&ip)).await {
        Ok(_) => see_other(&format!("{page}&done=revoked")),
        Err(e) => {
            if matches!(e, revoke::RevokeError::Db(_)) {
                tracing::warn!(error = %e, "a revocation failed");
            }
            see_other(&format!("{page}&error={}", e.code()))
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
            see_other("/certificates/batches?done=started")
        }
        Err(e) => {
            if matches!(e, batch::BatchError::Db(_)) {
                tracing::warn!(error = %e, "a certificate batch could not start");
            }
            see_other(&format!("/certificates/batches?error={}", e.code()))
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
    headers: HeaderMap,
) -> Response {
    let Some(id) = name
        .strip_suffix(".zip")
        .and_then(|id| id.parse::<i64>().ok())
    else {
        return (StatusCode::NOT_FOUND, "not found").into_response();
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
        Ok(None) => (StatusCode::NOT_FOUND, "not found").into_response(),
        Err(e) => HttpError::Unavailable(e.to_string()).respond(request_locale(&headers)),
    }
}
