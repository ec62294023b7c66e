//! `GET /certificates/{id}.pdf`: a certificate's PDF, for its holder and
//! whoever may see the holder's account (`app::ssr::certificates::download`).

use super::error::HttpError;
use crate::certificates::pdf;
use app::ssr::auth::CurrentUser;
use app::ssr::certificates::download;
use app::ssr::request::request_locale;
use app::ssr::state::AppState;
use axum::{
    extract::{Path, State},
    response::{IntoResponse, Response},
    Extension,
};
use http::{header, HeaderMap, StatusCode};

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
