//! The HTTP layer's error: a status and a translated, user-facing sentence.
//! Internal details are logged, never sent.

use app::i18n::{message, Locale};
use axum::response::{Html, IntoResponse, Response};
use http::{header, HeaderValue, StatusCode};

#[derive(Debug)]
pub enum HttpError {
    /// The request is malformed; the key names the message to show.
    BadRequest(&'static str),
    /// Not signed in (401), for requests that cannot be redirected.
    Unauthorized(&'static str),
    /// Refused (403); the key names the message to show.
    Forbidden(&'static str),
    /// Missing, or not the caller's to see (404; the two look the same, so
    /// ids cannot be probed).
    NotFound,
    /// A dependency (the database) did not answer.
    Unavailable(String),
}

impl HttpError {
    fn status_and_key(&self) -> (StatusCode, &'static str) {
        match self {
            HttpError::BadRequest(key) => (StatusCode::BAD_REQUEST, key),
            HttpError::Unauthorized(key) => (StatusCode::UNAUTHORIZED, key),
            HttpError::Forbidden(key) => (StatusCode::FORBIDDEN, key),
            HttpError::NotFound => (StatusCode::NOT_FOUND, "error-not-found"),
            HttpError::Unavailable(_) => (StatusCode::SERVICE_UNAVAILABLE, "error-unavailable"),
        }
    }

    /// The response, in the visitor's language: a small page of its own
    /// (not the application's layout, which may need the very database
    /// that is down), so a browser shows a sentence, never a blank page.
    /// A 503 says when to try again (`Retry-After`).
    pub fn respond(self, locale: Locale) -> Response {
        let (status, key) = self.status_and_key();
        if let HttpError::Unavailable(detail) = &self {
            tracing::warn!(%detail, "service unavailable");
        }
        let mut res = (status, Html(page(locale, &message(locale, key)))).into_response();
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        if status == StatusCode::SERVICE_UNAVAILABLE {
            res.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
        }
        res
    }
}

/// The error page: the sentence, and a way back to the start.
fn page(locale: Locale, sentence: &str) -> String {
    let escape = |text: &str| {
        text.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    format!(
        "<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Lantern</title></head><body><main><h1>Lantern</h1><p>{sentence}</p>\
         <p><a href=\"/\">Lantern</a></p></main></body></html>",
        lang = locale.code(),
        sentence = escape(sentence)
    )
}

/// A domain refusal as the HTTP layer answers it: forbidden, not found
/// (which also covers "not yours to see"), or unavailable.
impl From<app::ssr::error::DomainError> for HttpError {
    fn from(e: app::ssr::error::DomainError) -> HttpError {
        use app::ssr::error::DomainError;
        match e {
            DomainError::Forbidden => HttpError::Forbidden("error-forbidden"),
            DomainError::NotFound => HttpError::NotFound,
            e => HttpError::Unavailable(e.to_string()),
        }
    }
}

impl IntoResponse for HttpError {
    fn into_response(self) -> Response {
        self.respond(Locale::En)
    }
}
