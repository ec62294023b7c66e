//! The server side of server functions: where they find the caller and the
//! database, and how domain errors become [`ApiError`]s with an HTTP status
//! — the one place where that mapping is written.

use super::auth::{AccessError, CurrentUser};
use super::error::DomainError;
use super::state::AppState;
use crate::model::ApiError;
use leptos::prelude::*;
use std::future::Future;

/// The signed-in user of the request being served, if any (put there by the
/// server's session middleware).
pub fn caller() -> Option<CurrentUser> {
    use_context::<http::request::Parts>()?
        .extensions
        .get::<CurrentUser>()
        .cloned()
}

/// The caller's address, as the server's middleware found it.
pub fn client_ip() -> Option<String> {
    use_context::<http::request::Parts>()?
        .extensions
        .get::<super::request::ClientIp>()
        .map(|ip| ip.0.clone())
}

/// The signed-in user, or [`ApiError::SignInRequired`].
pub fn signed_in() -> Result<CurrentUser, ApiError> {
    caller().ok_or(ApiError::SignInRequired)
}

/// The interface language of the request being served.
pub fn locale() -> crate::i18n::Locale {
    use_context::<http::request::Parts>()
        .map(|p| super::request::request_locale(&p.headers))
        .unwrap_or_default()
}

pub fn state() -> Result<AppState, ApiError> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!("server function called without the application state");
        ApiError::Unavailable
    })
}

/// Runs a server function's body; an error also sets the response status
/// (a page rendered with it, or a direct call, then answers 401/403/404).
pub async fn respond<T>(body: impl Future<Output = Result<T, ApiError>>) -> Result<T, ApiError> {
    let result = body.await;
    if let Err(e) = &result {
        if let Some(options) = use_context::<leptos_axum::ResponseOptions>() {
            options.set_status(e.status());
        }
    }
    result
}

impl From<AccessError> for ApiError {
    fn from(e: AccessError) -> Self {
        match e {
            AccessError::SignInRequired => ApiError::SignInRequired,
            AccessError::Forbidden => ApiError::Forbidden,
        }
    }
}

impl From<DomainError> for ApiError {
    fn from(e: DomainError) -> Self {
        match e {
            DomainError::NotFound => ApiError::NotFound,
            DomainError::Forbidden => ApiError::Forbidden,
            DomainError::RateLimited => ApiError::RateLimited,
            DomainError::Database(e) => e.into(),
            DomainError::Corrupt(e) => {
                tracing::error!(error = %e, "stored data does not decode");
                ApiError::Unavailable
            }
        }
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> Self {
        tracing::warn!(error = %e, "database error in a server function");
        ApiError::Unavailable
    }
}
