//! The signed credential of a certificate, `GET /verify/{id}.json`, and the
//! issuer profile with its public keys, `GET /issuer.json`. The first
//! shares its path shape with the verification page (a Leptos route), so it
//! is answered by a middleware that takes only `…/{id}.json`.

use super::error::HttpError;
use app::i18n::Locale;
use app::model::certificates::CertificateStatus;
use app::ssr::certificates::{signing, verify};
use app::ssr::error::DomainError;
use app::ssr::request::{request_locale, ClientIp};
use app::ssr::state::AppState;
use axum::{
    extract::{Request, State},
    response::{IntoResponse, Response},
    Json,
};
use http::{header, Method, StatusCode};
use serde_json::json;

/// Published documents may be cached briefly; a revocation shows within
/// five minutes.
const CACHE: &str = "public, max-age=300";

/// Answers `GET /verify/{id}.json`; any other request goes on (`Ok`).
pub async fn credential(state: &AppState, req: Request) -> Result<Request, Response> {
    let code = match (req.method(), req.uri().path().strip_prefix("/verify/")) {
        (&Method::GET, Some(name)) => name.strip_suffix(".json").map(str::to_string),
        _ => None,
    };
    match code {
        None => Ok(req),
        Some(code) => {
            let ip = req.extensions().get::<ClientIp>().map(|ip| ip.0.clone());
            let locale = request_locale(req.headers());
            Err(answer(state, &code, ip, locale).await)
        }
    }
}

async fn answer(state: &AppState, code: &str, ip: Option<String>, locale: Locale) -> Response {
    let verification = match verify::lookup(&state.db, code, ip.as_deref()).await {
        Ok(v) => v,
        Err(DomainError::RateLimited) => {
            return (
                StatusCode::TOO_MANY_REQUESTS,
                [(header::RETRY_AFTER, "60")],
                Json(json!({ "status": "rate_limited" })),
            )
                .into_response()
        }
        Err(_) => return HttpError::Unavailable("lookup failed".into()).respond(locale),
    };
    let status = format!("{:?}", verification.status).to_lowercase();
    let certificate = match (verification.status, verification.certificate) {
        (CertificateStatus::Valid | CertificateStatus::Expired, Some(c)) => c,
        // A revoked certificate is not re-issued as a signed document.
        (CertificateStatus::Revoked, Some(c)) => {
            return (
                StatusCode::GONE,
                Json(json!({ "id": c.code, "status": status })),
            )
                .into_response()
        }
        _ => return (StatusCode::NOT_FOUND, Json(json!({ "status": status }))).into_response(),
    };
    match signing::signed_credential(&state.db, &certificate, &state.config.base_url).await {
        Ok(doc) => (
            [
                (header::CONTENT_TYPE, "application/json"),
                (header::CACHE_CONTROL, CACHE),
            ],
            doc.to_string(),
        )
            .into_response(),
        Err(e) => HttpError::Unavailable(e.to_string()).respond(locale),
    }
}

/// `GET /issuer.json`.
pub async fn issuer(State(state): State<AppState>, headers: http::HeaderMap) -> Response {
    let keys = match signing::current(&state.db).await {
        Ok(_) => signing::public_keys(&state.db).await,
        Err(e) => Err(e),
    };
    match keys {
        Ok(keys) => (
            [
                (header::CONTENT_TYPE, "application/json"),
                (header::CACHE_CONTROL, CACHE),
            ],
            signing::issuer_profile(
                &state.config.base_url,
                app::ssr::certificates::issue::issuer(),
                &keys,
            )
            .to_string(),
        )
            .into_response(),
        Err(e) => HttpError::Unavailable(e.to_string()).respond(request_locale(&headers)),
    }
}
