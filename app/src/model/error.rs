//! The one error type of server functions, shared by the server and the
//! browser: what went wrong, without internals, mapped to an HTTP status and
//! a translated message in one place.

use http::StatusCode;
use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum ApiError {
    #[error("sign in to continue")]
    SignInRequired,
    #[error("you do not have access to this")]
    Forbidden,
    /// Missing, or outside what the caller may see (the two look the same,
    /// so ids cannot be probed).
    #[error("not found")]
    NotFound,
    #[error("the service is unavailable")]
    Unavailable,
    /// Too many requests from this address; try again in a minute.
    #[error("too many requests")]
    RateLimited,
    /// The request itself failed (network, encoding).
    #[error("the request failed: {0}")]
    Request(String),
}

impl ApiError {
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::SignInRequired => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden => StatusCode::FORBIDDEN,
            ApiError::NotFound => StatusCode::NOT_FOUND,
            ApiError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::RateLimited => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Request(_) => StatusCode::BAD_REQUEST,
        }
    }

    /// The translation key of the sentence shown to the user.
    pub fn message_key(&self) -> &'static str {
        match self {
            ApiError::SignInRequired => "error-sign-in-required",
            ApiError::Forbidden => "error-forbidden",
            ApiError::NotFound => "error-not-found",
            ApiError::Unavailable => "error-unavailable",
            ApiError::RateLimited => "error-rate-limited",
            ApiError::Request(_) => "error-request",
        }
    }
}

impl FromServerFnError for ApiError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        ApiError::Request(value.to_string())
    }
}
