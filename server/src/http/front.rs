//! The first and last thing every request meets: its id (`x-request-id`,
//! kept if the client or proxy sent a sane one), the log span every line
//! about it is written in, its CSP nonce, and the security headers on the
//! way out.
//!
//! One middleware instead of four tower layers (request id, propagation,
//! trace, headers): each layer boxed and polled its own future on every
//! request, and the request id was a UUID from the operating system's
//! random source — a system call per request (docs/benchmarks.md).

use super::{log_path, security};
use app::ssr::request::CspNonce;
use axum::{
    extract::{Request, State},
    middleware::Next,
    response::Response,
};
use http::{HeaderName, HeaderValue};
use std::time::Instant;
use tracing::Instrument;

pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// A request id from outside is kept only if it is short and plain, so it
/// cannot forge log lines.
fn acceptable(id: &HeaderValue) -> bool {
    let id = id.as_bytes();
    !id.is_empty()
        && id.len() <= 64
        && id
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// `https`: whether the public base URL is https (then HSTS is sent).
pub async fn front(State(https): State<bool>, mut req: Request, next: Next) -> Response {
    let started = Instant::now();
    let id = match req.headers().get(&REQUEST_ID) {
        Some(id) if acceptable(id) => id.clone(),
        _ => {
            let id = HeaderValue::from_str(&app::ssr::secrets::random_hex::<16>())
                .expect("hex is a valid header value");
            req.headers_mut().insert(REQUEST_ID, id.clone());
            id
        }
    };
    let nonce = CspNonce::generate();
    req.extensions_mut().insert(nonce.clone());
    let span = tracing::info_span!(
        "request",
        id = id.to_str().unwrap_or("-"),
        method = %req.method(),
        path = %log_path(req.uri().path()),
    );
    let mut res = next.run(req).instrument(span.clone()).await;
    let status = res.status().as_u16();
    let latency_ms = started.elapsed().as_millis();
    span.in_scope(|| {
        if res.status().is_server_error() {
            tracing::error!(status, latency_ms, "response failed");
        } else {
            tracing::debug!(status, latency_ms, "finished processing request");
        }
    });
    security::apply(&mut res, https, &nonce.0);
    res.headers_mut().insert(REQUEST_ID, id);
    res
}

#[cfg(test)]
mod tests {
    use super::acceptable;
    use http::HeaderValue;

    #[test]
    fn only_short_plain_ids_are_kept() {
        for ok in ["abc-123", "6f1c0a2e-9b1d-4e55-8d0c-7c1f0e2a9b3d", "req_1.2"] {
            assert!(acceptable(&HeaderValue::from_static(ok)), "{ok}");
        }
        let long = "a".repeat(65);
        for bad in ["", "a b", "x\ty", "a;b=c", long.as_str()] {
            assert!(
                !HeaderValue::from_str(bad).is_ok_and(|v| acceptable(&v)),
                "{bad:?}"
            );
        }
    }
}
