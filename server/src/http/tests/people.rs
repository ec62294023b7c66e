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

/// The session cookie of `f`'s actor `i` (see the access matrix).
fn cookie_of(f: &super::access_matrix::Fixture, i: usize) -> String {
    format!(
        "{}={}",
        app::ssr::auth::session::COOKIE,
        f.sessions[i].as_ref().unwrap()
    )
}

/// `/account/data.json` holds everything Lantern keeps about the person.
#[tokio::test]
async fn the_data_export_holds_everything_about_the_person() {
    let f = super::access_matrix::fixture().await;
    let trainee = cookie_of(&f, 1);
    // The trainee opens and finishes a module and answers its check.
    let module = "/courses/identification-basics/recognising-indicators";
    f.app.get_as(module, &trainee).await;
    let version = f.version;
    f.app
        .post_as(
            &format!("{module}/check"),
            &format!("version={version}&seed=7&q0=1"),
            &trainee,
        )
        .await;
    f.app
        .post_as(
            &format!("{module}/done"),
            &format!("version={version}"),
            &trainee,
        )
        .await;
    let mine: serde_json::Value =
        serde_json::from_slice(&f.app.get_as("/account/data.json", &trainee).await.body).unwrap();
    for section in [
        "progress",
        "knowledge_checks",
        "assessment_attempts",
        "sessions",
    ] {
        assert!(
            mine[section].as_array().is_some_and(|a| !a.is_empty()),
            "{section}: {mine}"
        );
    }
    for section in [
        "sign_ins",
        "activity",
        "completions",
        "certificates",
        "audit_about_me",
    ] {
        assert!(mine[section].is_array(), "{section}: {mine}");
    }
    assert_eq!(mine["assessment_attempts"][0]["purpose"], "pretest");
    assert!(
        mine["knowledge_checks"][0]["answers"].is_object()
            || mine["knowledge_checks"][0]["answers"].is_array()
    );
    // The target: a completion and a certificate, and an admin's look at
    // their record, recorded about them.
    let admin = cookie_of(&f, 8);
    f.app
        .get_as(&format!("/admin/users/{}", f.target()), &admin)
        .await;
    let target = f.app.session_for(f.target()).await;
    let theirs: serde_json::Value =
        serde_json::from_slice(&f.app.get_as("/account/data.json", &target).await.body).unwrap();
    assert_eq!(theirs["completions"][0]["course"], "identification-basics");
    assert!(theirs["second_factor"].is_object(), "{theirs}");
    assert!(
        !theirs.to_string().contains("\"secret\""),
        "never the secret"
    );
    assert_eq!(theirs["certificates"][0]["id"], f.certificates[0].as_str());
    assert!(
        theirs["audit_about_me"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "person.viewed"),
        "{theirs}"
    );
}

/// Anonymising removes the name and e-mail address everywhere they were
/// stored: the certificates (which still verify, nameless), stored ZIPs,
/// sign-in attempts and audit subjects — and the audit chain still holds.
#[tokio::test]
async fn anonymising_erases_the_person_everywhere() {
    let f = super::access_matrix::fixture().await;
    let db = &f.app.state.db;
    let admin = cookie_of(&f, 8);
    let target = f.target();
    let code = &f.certificates[0];
    // A sign-in attempt under their address, a ZIP naming them, and a
    // second factor of theirs.
    app::ssr::testing::enrol_second_factor(db, target).await;
    let _ =
        app::ssr::auth::login::sign_in(db, "target@e.test", "wrong-password", "192.0.2.1").await;
    f.app
        .post_as(
            "/certificates/batches",
            "course=identification-basics",
            &admin,
        )
        .await;
    let zips: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM certificate_batches")
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert_eq!(zips, 1);
    let reply = f
        .app
        .post_as(
            &format!("/admin/users/{target}/anonymise"),
            "confirm=on",
            &admin,
        )
        .await;
    assert!(
        reply.header("location").contains("done=anonymised"),
        "{:?}",
        reply.headers
    );

    let count = |sql: &'static str| async move {
        sqlx::query_scalar::<_, i64>(sql)
            .fetch_one(db.pool())
            .await
            .unwrap()
    };
    assert_eq!(count("SELECT COUNT(*) FROM certificate_batches").await, 0);
    assert_eq!(
        count("SELECT COUNT(*) FROM second_factors").await,
        1,
        "only the admin's is left"
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM login_attempts WHERE email = 'target@e.test'").await,
        0
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM audit_log WHERE subject = 'target@e.test'").await,
        0
    );
    assert!(
        count("SELECT COUNT(*) FROM audit_log WHERE subject LIKE 'anonymised:user:%'").await >= 1
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM certificates WHERE holder_name = 'Target'").await,
        0
    );
    assert!(matches!(
        app::ssr::audit::verify(db).await.unwrap(),
        app::ssr::audit::Verification::Intact { .. }
    ));
    // The public page and the signed credential: the certificate exists,
    // with its status, and names no one.
    let page = f.app.get(&format!("/verify/{code}")).await.text();
    assert!(page.contains("erased at their request"), "{page}");
    assert!(!page.contains("Target") && !page.contains("target@e.test"));
    let signed = f.app.get(&format!("/verify/{code}.json")).await;
    let signed = signed.text();
    assert!(
        !signed.contains("Target") && !signed.contains("target@e.test"),
        "{signed}"
    );
    let everywhere = sqlx::query_scalar::<_, i64>(
        "SELECT (SELECT COUNT(*) FROM users WHERE email = 'target@e.test' OR name = 'Target')
              + (SELECT COUNT(*) FROM audit_log WHERE subject = 'target@e.test' OR detail LIKE '%target@e.test%')",
    )
    .fetch_one(db.pool())
    .await
    .unwrap();
    assert_eq!(everywhere, 0);
}
