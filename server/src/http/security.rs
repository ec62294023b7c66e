//! Security headers on every response (applied by `front.rs`, which also
//! makes the per-response CSP nonce).

use axum::response::Response;
use http::{header, HeaderValue};

/// HSTS for a site served over https: a year, subdomains included, so a
/// browser that has seen Lantern once never talks to it in plain text.
const HSTS: &str = "max-age=31536000; includeSubDomains";

/// Adds the headers to a response whose CSP nonce is `nonce`. `https` is
/// whether the public base URL is https (then HSTS is sent).
pub fn apply(res: &mut Response, https: bool, nonce: &str) {
    let h = res.headers_mut();
    if let Ok(csp) = HeaderValue::from_str(&content_security_policy(nonce)) {
        h.insert(header::CONTENT_SECURITY_POLICY, csp);
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if https {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(HSTS),
        );
    }
    // Certificate ids sit in URLs; do not hand them to other sites.
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    h.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    h.insert(
        "permissions-policy",
        HeaderValue::from_static("camera=(), microphone=(), geolocation=(), payment=()"),
    );
}

/// Scripts only from this site or with this response's nonce (the inline
/// hydration loader and Leptos's serialised data); `wasm-unsafe-eval` lets the
/// browser compile the wasm bundle and nothing else. No inline styles, no
/// plugins, no framing.
pub fn content_security_policy(nonce: &str) -> String {
    let (before, after) = csp_parts();
    let mut csp = String::with_capacity(before.len() + nonce.len() + after.len());
    csp.push_str(before);
    csp.push_str(nonce);
    csp.push_str(after);
    csp
}

/// The policy around the nonce, made once per process (it is the same for
/// every response but for the nonce).
fn csp_parts() -> &'static (String, String) {
    static PARTS: std::sync::OnceLock<(String, String)> = std::sync::OnceLock::new();
    PARTS.get_or_init(|| {
        // cargo-leptos's live reload talks to a websocket on its reload port.
        let reload = match std::env::var("LEPTOS_WATCH") {
            Ok(_) => " ws://127.0.0.1:3001 ws://localhost:3001",
            Err(_) => "",
        };
        (
            "default-src 'self'; script-src 'self' 'nonce-".to_string(),
            format!(
                "' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; font-src 'self'; \
                 connect-src 'self'{reload}; object-src 'none'; base-uri 'none'; \
                 form-action 'self'; frame-ancestors 'none'"
            ),
        )
    })
}
