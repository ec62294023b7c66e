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

/// A burst of sign-ins queues for the password hasher instead of taking
/// every core: parallel requests never run more hashes than the cap.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_sign_ins_hash_under_the_cap() {
    let app = std::sync::Arc::new(TestApp::new().await);
    let limit = app::ssr::passwords::concurrency_limit();
    let requests: Vec<_> = (0..4 * limit + 4)
        .map(|i| {
            let app = app.clone();
            tokio::spawn(async move {
                // Distinct accounts and addresses: no throttle applies.
                let mut req = http::Request::post("/login")
                    .header("content-type", "application/x-www-form-urlencoded")
                    .body(axum::body::Body::from(format!(
                        "email=nobody{i}%40example.org&password=guess-guess-guess"
                    )))
                    .unwrap();
                req.extensions_mut().insert(axum::extract::ConnectInfo(
                    std::net::SocketAddr::from(([198, 51, 100, (i % 250) as u8], 5000)),
                ));
                app.send(req).await.status
            })
        })
        .collect();
    for request in requests {
        assert_eq!(request.await.unwrap(), http::StatusCode::SEE_OTHER);
    }
    let peak = app::ssr::passwords::peak_concurrency();
    assert!(peak >= 1 && peak <= limit, "peak {peak}, cap {limit}");
}

#[test]
fn the_logged_path_of_a_reset_link_hides_its_token() {
    assert_eq!(crate::http::log_path("/reset/abc123"), "/reset/[redacted]");
    assert_eq!(crate::http::log_path("/reset/"), "/reset/");
    assert_eq!(crate::http::log_path("/courses/x"), "/courses/x");
}
