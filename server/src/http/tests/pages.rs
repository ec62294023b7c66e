use super::support::TestApp;
use http::StatusCode;

#[tokio::test]
async fn home_page_renders_in_english_by_default() {
    let app = TestApp::new().await;
    let page = app.get("/").await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
    assert!(html.contains(r#"<html lang="en""#), "{html}");
    assert!(html.contains("Training for the people who protect victims of trafficking"));
    assert!(html.contains(r#"<main id="main""#));
    assert!(html.contains(r##"href="#main""##), "skip link");
    assert!(
        html.contains(r#"<form method="post" action="/language""#),
        "{html}"
    );
    assert!(page.header("content-type").starts_with("text/html"));
}

#[tokio::test]
async fn thai_is_chosen_by_accept_language_or_cookie() {
    let app = TestApp::new().await;
    let by_header = app
        .get_with("/", &[("accept-language", "th-TH,th;q=0.9")])
        .await
        .text();
    assert!(by_header.contains(r#"<html lang="th""#));
    assert!(by_header.contains("การฝึกอบรมสำหรับผู้คุ้มครองผู้เสียหายจากการค้ามนุษย์"));
    let by_cookie = app
        .get_with(
            "/",
            &[("accept-language", "en"), ("cookie", "lantern_lang=th")],
        )
        .await
        .text();
    assert!(by_cookie.contains(r#"<html lang="th""#));
}

#[tokio::test]
async fn language_switch_sets_a_cookie_and_returns_to_the_page() {
    let app = TestApp::new().await;
    let reply = app
        .post_form("/language", "lang=th&return_to=%2F%3Fx%3D1")
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(reply.header("location"), "/?x=1");
    let cookie = reply.header("set-cookie");
    assert!(cookie.starts_with("lantern_lang=th;"), "{cookie}");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    assert!(
        !cookie.contains("Secure"),
        "plain-http deployments must still work"
    );

    let elsewhere = app
        .post_form("/language", "lang=en&return_to=%2F%2Fevil.example")
        .await;
    assert_eq!(elsewhere.header("location"), "/");

    let unknown = app.post_form("/language", "lang=xx").await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    assert!(unknown
        .text()
        .contains("<p>That language is not available.</p>"));
}

#[tokio::test]
async fn unknown_pages_answer_404_with_the_site_frame() {
    let app = TestApp::new().await;
    let page = app
        .get_with("/no/such/page", &[("accept-language", "th")])
        .await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    let html = page.text();
    assert!(html.contains("ไม่พบหน้าที่ต้องการ"), "{html}");
    assert!(html.contains(r#"<main id="main""#));
}

#[tokio::test]
async fn public_files_are_served_from_the_site_root() {
    let app = TestApp::new().await;
    let robots = app.get("/robots.txt").await;
    assert_eq!(robots.status, StatusCode::OK);
    assert_eq!(robots.text(), "User-agent: *\n");
}

#[tokio::test]
async fn assets_have_hashed_names_long_caching_and_compression() {
    let app = TestApp::new().await;
    let css_url = app.state.assets.css.clone().unwrap();
    let html = app.get("/").await.text();
    assert!(
        html.contains(&format!(r#"<link rel="stylesheet" href="{css_url}""#)),
        "{html}"
    );
    let br = app
        .get_with(&css_url, &[("accept-encoding", "gzip, br")])
        .await;
    assert_eq!(br.status, StatusCode::OK);
    assert_eq!(br.header("content-encoding"), "br");
    assert_eq!(
        br.header("cache-control"),
        "public, max-age=31536000, immutable"
    );
    assert_eq!(br.header("content-type"), "text/css; charset=utf-8");
    let plain = app.get(&css_url).await;
    assert_eq!(plain.text(), "body { margin: 0 }");
    assert!(plain.headers.get("content-encoding").is_none());
    assert_eq!(
        app.get("/pkg/lantern.0000000000000000.css").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn pages_are_compressed_when_the_browser_accepts_it() {
    let app = TestApp::new().await;
    let page = app.get_with("/", &[("accept-encoding", "gzip")]).await;
    assert_eq!(page.header("content-encoding"), "gzip");
}
