//! The people screens over HTTP: what each role can reach, the set-up link
//! shown once, disabling, errors that keep what was typed, and a person's
//! own data.

use super::support::TestApp;
use app::model::roles::Role;
use app::ssr::organisations;
use app::ssr::testing::{insert_user, TEST_PASSWORD};
use http::StatusCode;

struct World {
    app: TestApp,
    admin: String,
    somchai: i64,
    malee: i64,
}

/// Two trainees in different organisations and an admin.
async fn world() -> World {
    let app = TestApp::new().await;
    let db = &app.state.db;
    let a = organisations::create(db, "shelter-a", "Shelter A", None, None)
        .await
        .unwrap();
    let b = organisations::create(db, "shelter-b", "Shelter B", None, None)
        .await
        .unwrap();
    let somchai = insert_user(db, "somchai@e.test", "สมชาย ใจดี", &[Role::Trainee], Some(a)).await;
    let malee = insert_user(db, "malee@e.test", "มาลี สุขใจ", &[Role::Trainee], Some(b)).await;
    let admin_id = insert_user(db, "admin@e.test", "Admin", &[Role::Admin], None).await;
    let admin = app.session_for(admin_id).await;
    World {
        app,
        admin,
        somchai,
        malee,
    }
}

#[tokio::test]
async fn a_trainee_cannot_read_another_trainees_data_by_id() {
    let w = world().await;
    let somchai = w.app.session_for(w.somchai).await;
    let page = w
        .app
        .get_as(&format!("/admin/users/{}", w.malee), &somchai)
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(!page.text().contains("malee@e.test"));
    let api = w
        .app
        .post_as("/api/people/show", &format!("id={}", w.malee), &somchai)
        .await;
    assert_eq!(api.status, StatusCode::FORBIDDEN);
    assert!(!api.text().contains("malee"));
    let list = w
        .app
        .post_as("/api/people/list", "query[q]=m", &somchai)
        .await;
    assert_eq!(list.status, StatusCode::FORBIDDEN);
    // Their own data has no id to change: it is always theirs.
    let data = w.app.get_as("/account/data.json?id=2", &somchai).await;
    assert_eq!(data.status, StatusCode::OK);
    let json: serde_json::Value = serde_json::from_slice(&data.body).unwrap();
    assert_eq!(json["account"]["email"], "somchai@e.test");
    assert!(!data.text().contains("malee"));
    assert!(data.header("content-disposition").starts_with("attachment"));
}

#[tokio::test]
async fn a_ministry_user_sees_their_own_organisation_only() {
    let w = world().await;
    let db = &w.app.state.db;
    let a = organisations::find_by_slug(db, "shelter-a")
        .await
        .unwrap()
        .unwrap();
    let viewer = insert_user(
        db,
        "ministry@e.test",
        "Ministry",
        &[Role::Ministry],
        Some(a.id),
    )
    .await;
    let cookie = w.app.session_for(viewer).await;
    let list = w
        .app
        .post_as("/api/people/list", "query[status]=all", &cookie)
        .await;
    assert_eq!(list.status, StatusCode::OK);
    let text = list.text();
    assert!(
        text.contains("somchai@e.test") && !text.contains("malee@e.test"),
        "{text}"
    );
    let page = w.app.get_as("/admin/users", &cookie).await.text();
    assert!(page.contains("สมชาย ใจดี") && !page.contains("มาลี"));
    assert!(
        !page.contains("<template"),
        "rendered in place, readable without JavaScript"
    );
    assert!(
        !page.contains("/admin/users/new"),
        "ministry users do not create accounts"
    );
    let other = w
        .app
        .get_as(&format!("/admin/users/{}", w.malee), &cookie)
        .await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);
    let own = w
        .app
        .get_as(&format!("/admin/users/{}", w.somchai), &cookie)
        .await;
    assert_eq!(own.status, StatusCode::OK);
    assert!(
        !own.text().contains("/disable"),
        "read-only for ministry users"
    );
}

#[tokio::test]
async fn a_new_account_gets_a_set_up_link_shown_once() {
    let w = world().await;
    let reply = w
        .app
        .post_as(
            "/admin/users",
            "email=Dara%40e.test&name=%E1%9E%8A%E1%9E%B6%E1%9E%9A%E1%9E%B6&name_latin=Dara&language=en&organisation=shelter-a&role_trainee=on",
            &w.admin,
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let location = reply.header("location").to_string();
    assert!(location.contains("done=created&reveal="), "{location}");
    let reply = w.app.get_as(&location, &w.admin).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let page = reply.text();
    let start = page.find("/reset/").expect("the link is on the page") + "/reset/".len();
    let token: String = page[start..]
        .chars()
        .take_while(char::is_ascii_hexdigit)
        .collect();
    assert_eq!(token.len(), 64);
    assert!(page.contains("ដារា"));
    assert!(
        !location.contains(&token),
        "the secret is not in the address"
    );
    let again = w.app.get_as(&location, &w.admin).await.text();
    assert!(!again.contains(&token), "shown once");
    // The person sets their password with it and signs in.
    let set = w
        .app
        .post_form(
            &format!("/reset/{token}"),
            "new=dara-chooses-this-one&confirm=dara-chooses-this-one",
        )
        .await;
    assert_eq!(set.status, StatusCode::SEE_OTHER);
    let login = w
        .app
        .post_form(
            "/login",
            "email=dara%40e.test&password=dara-chooses-this-one",
        )
        .await;
    assert!(login.header("set-cookie").starts_with("lantern_session="));
}

#[tokio::test]
async fn a_refused_form_keeps_what_was_typed() {
    let w = world().await;
    let reply = w
        .app
        .post_as(
            "/admin/users",
            "email=somchai%40e.test&name=Somchai+Two&position=Inspector&language=th&role_trainee=on",
            &w.admin,
        )
        .await;
    let location = reply.header("location").to_string();
    assert!(
        location.starts_with("/admin/users/new?error=duplicate-email"),
        "{location}"
    );
    let page = w.app.get_as(&location, &w.admin).await.text();
    assert!(page.contains("Another account already uses that e-mail address"));
    assert!(
        page.contains(r#"value="Somchai Two""#) && page.contains(r#"value="Inspector""#),
        "{page}"
    );
}

#[tokio::test]
async fn disabling_signs_the_person_out_and_the_audit_log_shows_it() {
    let w = world().await;
    let somchai = w.app.session_for(w.somchai).await;
    assert_eq!(
        w.app.get_as("/account", &somchai).await.status,
        StatusCode::OK
    );
    let reply = w
        .app
        .post_as(&format!("/admin/users/{}/disable", w.somchai), "", &w.admin)
        .await;
    assert!(reply.header("location").ends_with("done=disabled"));
    let after = w.app.get_as("/account", &somchai).await;
    assert_eq!(after.status, StatusCode::SEE_OTHER);
    assert!(after.header("location").starts_with("/login"));
    let login = w
        .app
        .post_form(
            "/login",
            &format!("email=somchai%40e.test&password={TEST_PASSWORD}"),
        )
        .await;
    assert!(login.header("location").starts_with("/login?error=invalid"));
    let audit = w.app.get_as("/admin/audit", &w.admin).await.text();
    assert!(audit.contains("account.disabled"));
    assert!(audit.contains("The log is intact"));
}

#[tokio::test]
async fn signing_in_switches_to_the_accounts_language() {
    let w = world().await;
    let somchai = w.app.session_for(w.somchai).await;
    let chosen = w.app.post_as("/language", "lang=th", &somchai).await;
    assert!(chosen.header("set-cookie").starts_with("lantern_lang=th"));
    // On another device, signing in brings the choice back.
    let login = w
        .app
        .post_form(
            "/login",
            &format!("email=somchai%40e.test&password={TEST_PASSWORD}"),
        )
        .await;
    let cookies: Vec<_> = login
        .headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect();
    assert!(
        cookies.iter().any(|c| c.starts_with("lantern_lang=th")),
        "{cookies:?}"
    );
}

/// Every text field has a limit checked before storage: a name of a few
/// hundred characters is refused with its own message, nothing is stored,
/// and the refusal's address stays small.
#[tokio::test]
async fn overlong_fields_are_refused_before_storage() {
    let w = world().await;
    let db = &w.app.state.db;
    let long_name = "ก".repeat(app::ssr::limits::NAME + 1);
    let huge = "x".repeat(100_000);
    for (name, email) in [
        (long_name.as_str(), "new@e.test".to_string()),
        ("Somsak", format!("{huge}@e.test")),
    ] {
        let body = format!(
            "email={}&name={}&language=en&role_trainee=on",
            urlencode(&email),
            urlencode(name)
        );
        let reply = w.app.post_as("/admin/users", &body, &w.admin).await;
        let location = reply.header("location");
        assert!(
            location.contains("error=too-long"),
            "{}",
            &location[..location.len().min(200)]
        );
        assert!(location.len() < 2_000, "the echo is bounded");
    }
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert_eq!(count, 3, "nothing was stored");
    let page = w
        .app
        .get_as("/admin/users/new?error=too-long", &w.admin)
        .await
        .text();
    assert!(
        page.contains("A field is too long"),
        "the refusal is explained"
    );
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'.' | b'-' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
