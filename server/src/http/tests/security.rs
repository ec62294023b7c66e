use super::support::TestApp;
use axum::body::Body;
use http::{Request, StatusCode};

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = TestApp::new().await;
    for path in ["/", "/healthz", "/missing"] {
        let r = app.get(path).await;
        assert_eq!(r.header("x-content-type-options"), "nosniff", "{path}");
        assert_eq!(r.header("x-frame-options"), "DENY", "{path}");
        assert_eq!(r.header("referrer-policy"), "same-origin", "{path}");
        let csp = r.header("content-security-policy");
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
        assert!(csp.contains("'wasm-unsafe-eval'"), "{csp}");
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        assert!(!r.header("x-request-id").is_empty(), "{path}");
    }
}

#[tokio::test]
async fn the_inline_hydration_script_carries_this_responses_nonce() {
    let app = TestApp::new().await;
    let page = app.get("/").await;
    let csp = page.header("content-security-policy").to_string();
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|s| s.split('\'').next())
        .expect("a nonce in the CSP");
    let html = page.text();
    assert!(
        html.contains(&format!(r#"<script type="module" nonce="{nonce}">"#)),
        "{html}"
    );
    let other = app.get("/").await;
    assert!(
        !other.header("content-security-policy").contains(nonce),
        "nonces are per response"
    );
}

#[tokio::test]
async fn request_ids_are_kept_when_given() {
    let app = TestApp::new().await;
    let r = app
        .get_with("/healthz", &[("x-request-id", "abc-123")])
        .await;
    assert_eq!(r.header("x-request-id"), "abc-123");
}

#[tokio::test]
async fn oversized_bodies_are_refused() {
    let app = TestApp::new().await;
    let body = format!("lang=en&return_to=/{}", "a".repeat(2 * 1024 * 1024));
    let r = app
        .send(
            Request::post("/language")
                .header("content-type", "application/x-www-form-urlencoded")
                .body(Body::from(body))
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
}
