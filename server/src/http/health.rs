//! `GET /healthz`: 200 when the database answers, 503 when it does not — for
//! load balancers and service managers.

use super::error::HttpError;
use app::ssr::state::AppState;
use axum::{extract::State, response::IntoResponse, response::Response};
use http::{header, StatusCode};
use std::time::Duration;

pub async fn healthz(State(state): State<AppState>) -> Response {
    match tokio::time::timeout(Duration::from_secs(3), state.db.ping()).await {
        Ok(Ok(())) => (StatusCode::OK, [(header::CACHE_CONTROL, "no-store")], "ok").into_response(),
        Ok(Err(e)) => HttpError::Unavailable(e.to_string()).into_response(),
        Err(_) => HttpError::Unavailable("database ping timed out".into()).into_response(),
    }
}
