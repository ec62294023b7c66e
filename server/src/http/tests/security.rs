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

/// A signed-in user's pages and downloads are kept by no cache; built
/// assets, the same for everyone, keep their long public caching.
#[tokio::test]
async fn signed_in_responses_are_not_stored_and_assets_still_are() {
    use app::model::roles::Role;
    use app::ssr::testing::insert_user;
    let app = TestApp::new().await;
    let id = insert_user(&app.state.db, "t@example.org", "T", &[Role::Trainee], None).await;
    let cookie = app.session_for(id).await;
    for path in [
        "/",
        "/courses",
        "/account",
        "/account/data.json",
        "/certificates",
    ] {
        let r = app.get_as(path, &cookie).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        assert_eq!(r.header("cache-control"), "no-store", "{path}");
    }
    let page = app.get_as("/", &cookie).await.text();
    let css = page
        .split("href=\"")
        .filter_map(|s| s.split('"').next())
        .find(|href| href.starts_with("/pkg/") && href.ends_with(".css"))
        .expect("the stylesheet link")
        .to_string();
    let asset = app.get_as(&css, &cookie).await;
    assert_eq!(asset.status, StatusCode::OK);
    assert!(asset.header("cache-control").contains("public"), "{css}");
}
