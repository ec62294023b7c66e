use super::support::TestApp;
use app::i18n::Locale;
use app::model::roles::Role;
use app::ssr::users::{create, NewUser};
use axum::body::Body;
use http::{Request, StatusCode};

const PASSWORD: &str = "river-lamp-quiet-42";

async fn app_with_user() -> TestApp {
    let app = TestApp::new().await;
    create(
        &app.state.db,
        NewUser {
            email: "dara@example.org".into(),
            username: None,
            name: "ដារា សុខ".into(),
            name_latin: Some("Dara Sok".into()),
            roles: vec![Role::Trainee],
            organisation_slug: None,
            preferred_language: Locale::En,
            password: PASSWORD.into(),
            created_by: None,
            position: None,
            province: None,
        },
    )
    .await
    .unwrap();
    app
}

fn session_cookie(set_cookie: &str) -> String {
    set_cookie.split(';').next().unwrap().to_string()
}

async fn sign_in(app: &TestApp, password: &str, extra: &[(&str, &str)]) -> super::support::Reply {
    let mut req =
        Request::post("/login").header("content-type", "application/x-www-form-urlencoded");
    for (k, v) in extra {
        req = req.header(*k, *v);
    }
    let body = format!("email=Dara%40example.org&password={password}&next=%2F%3Fwelcome%3D1");
    app.send(req.body(Body::from(body)).unwrap()).await
}

#[tokio::test]
async fn signing_in_starts_a_session_shown_in_the_header() {
    let app = app_with_user().await;
    let reply = sign_in(&app, PASSWORD, &[("sec-fetch-site", "same-origin")]).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(reply.header("location"), "/?welcome=1");
    let set = reply.header("set-cookie");
    assert!(
        set.starts_with("lantern_session=")
            && set.contains("HttpOnly")
            && set.contains("SameSite=Lax"),
        "{set}"
    );
    let cookie = session_cookie(set);
    let page = app.get_with("/", &[("cookie", &cookie)]).await.text();
    assert!(page.contains("Signed in as ដារា សុខ"), "{page}");
    assert!(
        !page.contains("<template"),
        "rendered in place, readable without JavaScript"
    );
    assert!(page.contains(r#"data-viewer-roles="trainee""#));
    let anonymous = app.get("/").await.text();
    assert!(anonymous.contains(r#"href="/login""#));
    assert!(!anonymous.contains("Signed in as"));
}

#[tokio::test]
async fn a_wrong_password_returns_to_the_form_with_a_message() {
    let app = app_with_user().await;
    let reply = sign_in(&app, "not-the-password", &[]).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(
        reply.header("location"),
        "/login?error=invalid&next=/%3Fwelcome%3D1"
    );
    assert!(reply.headers.get("set-cookie").is_none());
    let page = app.get("/login?error=invalid").await.text();
    assert!(
        page.contains("The e-mail address or password is not right"),
        "{page}"
    );
}

#[tokio::test]
async fn a_session_cookie_set_before_sign_in_is_never_adopted() {
    let app = app_with_user().await;
    let reply = sign_in(
        &app,
        PASSWORD,
        &[("cookie", "lantern_session=chosen-by-attacker")],
    )
    .await;
    let cookie = session_cookie(reply.header("set-cookie"));
    assert_ne!(cookie, "lantern_session=chosen-by-attacker");
    assert_eq!(cookie.len(), "lantern_session=".len() + 64);
}

#[tokio::test]
async fn cross_site_form_posts_are_refused() {
    let app = app_with_user().await;
    for headers in [
        vec![
            ("origin", "https://evil.example"),
            ("host", "127.0.0.1:3000"),
        ],
        vec![
            ("sec-fetch-site", "cross-site"),
            ("origin", "https://evil.example"),
        ],
    ] {
        let reply = sign_in(&app, PASSWORD, &headers).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN);
        assert!(
            reply.text().contains("sent from another website"),
            "{}",
            reply.text()
        );
        assert!(reply.headers.get("set-cookie").is_none());
    }
    let same_site = sign_in(
        &app,
        PASSWORD,
        &[
            ("origin", "http://127.0.0.1:3000"),
            ("host", "127.0.0.1:3000"),
        ],
    )
    .await;
    assert_eq!(same_site.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn signing_out_ends_the_session() {
    let app = app_with_user().await;
    let cookie = session_cookie(sign_in(&app, PASSWORD, &[]).await.header("set-cookie"));
    let out = app
        .send(
            Request::post("/logout")
                .header("cookie", &cookie)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert!(out.header("set-cookie").contains("Max-Age=0"));
    let page = app.get_with("/", &[("cookie", &cookie)]).await;
    assert!(!page.text().contains("Signed in as"));
    assert!(
        page.header("set-cookie").contains("Max-Age=0"),
        "the dead cookie is cleared"
    );
}

#[tokio::test]
async fn signing_out_on_one_device_signs_out_everywhere() {
    let app = app_with_user().await;
    let office = session_cookie(sign_in(&app, PASSWORD, &[]).await.header("set-cookie"));
    let phone = session_cookie(sign_in(&app, PASSWORD, &[]).await.header("set-cookie"));
    app.post_as("/logout", "", &phone).await;
    for cookie in [office, phone] {
        let page = app.get_with("/", &[("cookie", &cookie)]).await.text();
        assert!(!page.contains("Signed in as"));
    }
    let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sessions")
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    assert_eq!(left, 0);
}

#[tokio::test]
async fn over_https_the_cookie_is_host_bound_and_hsts_is_sent() {
    let app = TestApp::with_env(&[("LANTERN_BASE_URL", "https://lantern.example.org")]).await;
    create(
        &app.state.db,
        app::ssr::testing::new_user("dara@example.org", &[Role::Trainee]),
    )
    .await
    .unwrap();
    let body = format!(
        "email=dara%40example.org&password={}",
        app::ssr::testing::TEST_PASSWORD
    );
    let reply = app.post_form("/login", &body).await;
    let set = reply.header("set-cookie");
    assert!(
        set.starts_with("__Host-lantern_session=")
            && set.contains("; Secure")
            && set.contains("Path=/")
            && !set.contains("Domain"),
        "{set}"
    );
    assert_eq!(
        reply.header("strict-transport-security"),
        "max-age=31536000; includeSubDomains"
    );
    let cookie = session_cookie(set);
    let page = app.get_as("/account", &cookie).await;
    assert_eq!(
        page.status,
        StatusCode::OK,
        "the prefixed cookie is read back"
    );
    // The unprefixed name a subdomain could plant is not a session here.
    let planted = cookie.replace("__Host-", "");
    assert_ne!(
        app.get_as("/account", &planted).await.status,
        StatusCode::OK
    );
    // Over plain http: no HSTS (it would lock a development machine out).
    let plain = TestApp::new().await;
    assert!(plain
        .get("/")
        .await
        .headers
        .get("strict-transport-security")
        .is_none());
}

/// The address recorded for a sign-in: the peer, or — only behind a
/// trusted proxy — what the proxy says in `X-Forwarded-For`.
#[tokio::test]
async fn forwarded_addresses_count_only_from_trusted_proxies() {
    use axum::extract::ConnectInfo;
    let app = TestApp::with_env(&[("LANTERN_TRUSTED_PROXIES", "10.0.0.0/8")]).await;
    let mut recorded = Vec::new();
    for peer in ["10.0.0.2:5000", "198.51.100.1:5000"] {
        let mut req = Request::post("/login")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("x-forwarded-for", "192.0.2.66, 203.0.113.7")
            .body(Body::from("email=x%40example.org&password=wrong"))
            .unwrap();
        req.extensions_mut()
            .insert(ConnectInfo(peer.parse::<std::net::SocketAddr>().unwrap()));
        app.send(req).await;
        let ip: String = sqlx::query_scalar("SELECT ip FROM login_attempts ORDER BY id DESC")
            .fetch_one(app.state.db.pool())
            .await
            .unwrap();
        recorded.push(ip);
    }
    assert_eq!(recorded, ["203.0.113.7", "198.51.100.1"]);
}

#[tokio::test]
async fn repeated_failures_pause_sign_in_with_a_clear_message() {
    let app = app_with_user().await;
    for _ in 0..5 {
        assert!(sign_in(&app, "guess-guess-guess", &[])
            .await
            .header("location")
            .contains("error=invalid"));
    }
    let limited = sign_in(&app, PASSWORD, &[]).await;
    assert!(limited
        .header("location")
        .starts_with("/login?error=limited&minutes=15"));
    assert!(limited.headers.get("set-cookie").is_none());
    let page = app
        .get_with(
            "/login?error=limited&minutes=15",
            &[("accept-language", "th")],
        )
        .await
        .text();
    assert!(page.contains("โปรดลองอีกครั้งในอีก 15 นาที"), "{page}");
}

#[tokio::test]
async fn protected_pages_send_visitors_to_sign_in_and_back() {
    let app = app_with_user().await;
    let page = app.get("/account/password").await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(page.header("location"), "/login?next=/account/password");
    let post = app
        .post_form("/account/password", "current=a&new=b&confirm=b")
        .await;
    assert_eq!(post.status, StatusCode::UNAUTHORIZED);
    let cookie = session_cookie(sign_in(&app, PASSWORD, &[]).await.header("set-cookie"));
    let page = app
        .get_with("/account/password", &[("cookie", &cookie)])
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text().contains(r#"autocomplete="new-password""#));
    let admin_only = app.get_with("/admin", &[("cookie", &cookie)]).await;
    assert_eq!(admin_only.status, StatusCode::FORBIDDEN);
    assert!(admin_only.header("content-type").starts_with("text/html"));
    assert!(admin_only
        .text()
        .contains("<p>You do not have access to this page.</p>"));
}

#[tokio::test]
async fn changing_the_password_signs_out_other_devices() {
    let app = app_with_user().await;
    let here = session_cookie(sign_in(&app, PASSWORD, &[]).await.header("set-cookie"));
    let there = session_cookie(sign_in(&app, PASSWORD, &[]).await.header("set-cookie"));
    let change = |body: &'static str| {
        Request::post("/account/password")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("cookie", &here)
            .body(Body::from(body))
            .unwrap()
    };
    let mismatch = app
        .send(change(
            "current=x&new=new-long-password-7&confirm=other-long-password",
        ))
        .await;
    assert_eq!(
        mismatch.header("location"),
        "/account/password?error=mismatch"
    );
    let wrong = app
        .send(change(
            "current=wrong-current-pw&new=new-long-password-7&confirm=new-long-password-7",
        ))
        .await;
    assert_eq!(wrong.header("location"), "/account/password?error=current");
    let common = app
        .send(change(
            "current=river-lamp-quiet-42&new=password1234&confirm=password1234",
        ))
        .await;
    assert_eq!(common.header("location"), "/account/password?error=common");
    let done = app
        .send(change(
            "current=river-lamp-quiet-42&new=new-long-password-7&confirm=new-long-password-7",
        ))
        .await;
    assert_eq!(done.header("location"), "/account/password?done=1");
    assert!(app
        .get_with("/", &[("cookie", &here)])
        .await
        .text()
        .contains("Signed in as"));
    assert!(!app
        .get_with("/", &[("cookie", &there)])
        .await
        .text()
        .contains("Signed in as"));
    let page = app
        .get_with("/account/password?done=1", &[("cookie", &here)])
        .await
        .text();
    assert!(page.contains("signed out everywhere else"), "{page}");
}

#[tokio::test]
async fn a_reset_link_sets_a_new_password_once() {
    use app::ssr::auth::password_reset::issue;
    let app = app_with_user().await;
    let token = issue(&app.state.db, None, "dara@example.org")
        .await
        .unwrap();
    let page = app.get(&format!("/reset/{token}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.text().contains(&format!(r#"action="/reset/{token}""#)),
        "{}",
        page.text()
    );
    let post = |body: &'static str| {
        Request::post(format!("/reset/{token}"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap()
    };
    let short = app.send(post("new=short&confirm=short")).await;
    assert_eq!(
        short.header("location"),
        format!("/reset/{token}?error=short")
    );
    let done = app
        .send(post(
            "new=brand-new-password-9&confirm=brand-new-password-9",
        ))
        .await;
    assert_eq!(done.header("location"), "/login?reset=1");
    let again = app
        .send(post("new=another-password-10&confirm=another-password-10"))
        .await;
    assert_eq!(
        again.header("location"),
        format!("/reset/{token}?error=used")
    );
    assert!(app
        .get("/login?reset=1")
        .await
        .text()
        .contains("Your new password is set"));
    let signed_in = sign_in(&app, "brand-new-password-9", &[]).await;
    assert_eq!(signed_in.status, StatusCode::SEE_OTHER);
    assert!(signed_in
        .header("set-cookie")
        .starts_with("lantern_session="));
}

/// An administrator without a second factor can, after their password, do
/// nothing but enrol; once enrolled, signing in takes a code — all with
/// plain forms.
#[tokio::test]
async fn administrators_enrol_a_second_factor_and_then_need_a_code() {
    let app = TestApp::new().await;
    let db = &app.state.db;
    let id = create(
        db,
        app::ssr::testing::new_user("boss@example.org", &[Role::Admin]),
    )
    .await
    .unwrap();
    let password = app::ssr::testing::TEST_PASSWORD;
    let login = format!("email=boss%40example.org&password={password}&next=%2Fadmin%2Fusers");
    let first = app.post_form("/login", &login).await;
    let cookie = session_cookie(first.header("set-cookie"));
    // Only the enrolment is open.
    let home = app.get_as("/admin/users", &cookie).await;
    assert_eq!(home.header("location"), "/account/second-factor");
    let api = app.post_as("/api/people/list", "query[q]=", &cookie).await;
    assert_eq!(api.status, StatusCode::FORBIDDEN);
    let page = app.get_as("/account/second-factor", &cookie).await.text();
    assert!(
        page.contains("<svg") && page.contains("class=\"secret\""),
        "{page}"
    );
    // A wrong code, then the right one: ten recovery codes, shown once.
    let wrong = app
        .post_as("/account/second-factor", "code=000000", &cookie)
        .await;
    assert!(wrong.header("location").ends_with("error=wrong"));
    let now = app::ssr::db::now();
    let code = app::ssr::testing::second_factor_code(db, id, now).await;
    let done = app
        .post_as("/account/second-factor", &format!("code={code}"), &cookie)
        .await;
    let shown = done.header("location").to_string();
    assert!(shown.contains("done=enrolled&reveal="), "{shown}");
    let codes = app.get_as(&shown, &cookie).await.text();
    assert_eq!(codes.matches("<li><code>").count(), 10, "{codes}");
    let again = app.get_as(&shown, &cookie).await.text();
    assert_eq!(again.matches("<li><code>").count(), 0, "shown once");
    assert_eq!(
        app.get_as("/admin/users", &cookie).await.status,
        StatusCode::OK
    );

    // Next sign-in: the password leads to the code step, not a session.
    app.post_as("/logout", "", &cookie).await;
    let second = app.post_form("/login", &login).await;
    assert_eq!(second.header("location"), "/login/code");
    let challenge = session_cookie(second.header("set-cookie"));
    assert!(challenge.starts_with("lantern_challenge="), "{challenge}");
    assert!(second.header("set-cookie").contains("HttpOnly"));
    let form = app.get("/login/code").await.text();
    assert!(form.contains("autocomplete=\"one-time-code\""));
    let wrong = app.post_as("/login/code", "code=000000", &challenge).await;
    assert!(wrong.header("location").ends_with("error=wrong"));
    assert!(wrong
        .headers
        .get_all("set-cookie")
        .iter()
        .all(|c| !c.to_str().unwrap().starts_with("lantern_session=")));
    let next = app::ssr::testing::second_factor_code(db, id, now + 30).await;
    let signed_in = app
        .post_as("/login/code", &format!("code={next}"), &challenge)
        .await;
    assert_eq!(signed_in.header("location"), "/admin/users");
    let session = signed_in
        .headers
        .get_all("set-cookie")
        .iter()
        .map(|c| c.to_str().unwrap().to_string())
        .find(|c| c.starts_with("lantern_session="))
        .expect("a session at last");
    let session = session_cookie(&session);
    assert_eq!(
        app.get_as("/admin/users", &session).await.status,
        StatusCode::OK
    );
}
