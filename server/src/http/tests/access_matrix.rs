//! The role × endpoint matrix: every page, plain route and server function
//! is called as each kind of user, and the outcome is compared with the
//! expected one. The endpoint list is read from the router's own sources
//! (`plain_routes`, Leptos's route list, the registered server functions),
//! so an endpoint added without a row here fails
//! `every_endpoint_is_in_the_matrix`.

use super::support::{Reply, TestApp};
use crate::http::plain_routes;
use app::model::roles::Role;
use app::ssr::auth::session;
use app::ssr::content::{compile::compile_tree, import::import};
use app::ssr::organisations;
use app::ssr::testing::insert_user;
use app::App;
use axum::body::Body;
use http::{Method, Request, StatusCode};
use std::collections::BTreeSet;

/// What a request may come back as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outcome {
    /// Served (or, for a form, handled).
    Allow,
    /// Asked to sign in (401, or a redirect to the sign-in page).
    SignIn,
    /// Refused (403), or hidden (404), or a form refused the change.
    Deny,
}
use Outcome::{Allow as A, Deny as D, SignIn as S};

/// The callers, in the order of each row's expectations.
const ACTORS: [&str; 6] = [
    "anonymous",
    "trainee",
    "trainer",
    "ministry (own org)",
    "ministry (other org)",
    "admin",
];

/// Accounts and organisations every row runs against. The person acted on
/// (`target`) is a trainee in a shelter under the own-org ministry.
/// A picture's content hash, stored by the fixture.
const MEDIA: &str = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

struct Fixture {
    app: TestApp,
    /// The English version of the first module of `content/`.
    version: i64,
    target: i64,
    org: i64,
    /// An open pre-test attempt of the trainee caller's.
    attempt: i64,
    /// A certificate of the target's.
    certificate: String,
    /// The stylesheet's file name, for the assets route.
    asset: String,
    sessions: [Option<String>; 6],
}

async fn fixture() -> Fixture {
    let app = TestApp::new().await;
    let db = &app.state.db;
    let msdhs = organisations::create(db, "msdhs", "Ministry", None, None)
        .await
        .unwrap();
    organisations::create(db, "dat", "Department", Some("msdhs"), None)
        .await
        .unwrap();
    let shelter = organisations::create(db, "shelter", "Shelter", Some("dat"), None)
        .await
        .unwrap();
    let police = organisations::create(db, "police", "Police", None, None)
        .await
        .unwrap();
    let target = insert_user(
        db,
        "target@e.test",
        "Target",
        &[Role::Trainee],
        Some(shelter),
    )
    .await;
    let courses = compile_tree(std::path::Path::new(super::courses::CONTENT)).unwrap();
    import(db, &courses, None).await.unwrap();
    let version: i64 = sqlx::query_scalar(
        "SELECT v.id FROM module_versions v JOIN modules m ON m.id = v.module_id
         WHERE m.slug = 'recognising-indicators' AND v.language = 'en'",
    )
    .fetch_one(db.pool())
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO media (hash, content_type, bytes, created_at) VALUES ($1, 'image/png', $2, 0)",
    )
    .bind(MEDIA)
    .bind(b"\x89PNG".to_vec())
    .execute(db.pool())
    .await
    .unwrap();
    let callers = [
        ("trainee@e.test", Role::Trainee, Some(shelter)),
        ("trainer@e.test", Role::Trainer, None),
        ("own@e.test", Role::Ministry, Some(msdhs)),
        ("other@e.test", Role::Ministry, Some(police)),
        ("admin@e.test", Role::Admin, None),
    ];
    let mut sessions: [Option<String>; 6] = Default::default();
    let mut ids = Vec::new();
    for (i, (email, role, org)) in callers.into_iter().enumerate() {
        let id = insert_user(db, email, email, &[role], org).await;
        ids.push(id);
        sessions[i + 1] = Some(session::start(db, id, None, None).await.unwrap());
    }
    let attempt = app::ssr::quiz::attempt::start(
        db,
        ids[0],
        "identification-basics",
        app::model::assessment::Purpose::Pretest,
        app::i18n::Locale::En,
    )
    .await
    .unwrap()
    .expect("the sample course has a pre-test");
    sqlx::query("UPDATE course_texts SET certificate = 1")
        .execute(db.pool())
        .await
        .unwrap();
    let completion: i64 = sqlx::query_scalar(
        "INSERT INTO course_completions (user_id, course_id, module_versions, completed_at)
         SELECT $1, id, '[]', 0 FROM courses WHERE slug = 'identification-basics' RETURNING id",
    )
    .bind(target)
    .fetch_one(db.pool())
    .await
    .unwrap();
    let mut conn = db.pool().acquire().await.unwrap();
    let certificate = app::ssr::certificates::issue::for_completion(&mut conn, completion)
        .await
        .unwrap()
        .expect("a certificate is issued");
    drop(conn);
    let css = app
        .state
        .assets
        .css
        .clone()
        .expect("the test site has a stylesheet");
    Fixture {
        version,
        asset: css.rsplit('/').next().unwrap().to_string(),
        app,
        target,
        org: shelter,
        attempt,
        certificate,
        sessions,
    }
}

/// One endpoint and what each actor should get.
struct Row {
    method: Method,
    /// The route as registered (`{id}` style).
    route: &'static str,
    expect: [Outcome; 6],
    /// A form or server-function body; `{actor}` becomes the actor's index
    /// (so rows that create things create distinct ones).
    body: &'static str,
}

fn row(method: Method, route: &'static str, expect: [Outcome; 6], body: &'static str) -> Row {
    Row {
        method,
        route,
        expect,
        body,
    }
}

fn matrix(assets_route: &'static str) -> Vec<Row> {
    use Method as M;
    let everyone = [A; 6];
    let signed_in = [S, A, A, A, A, A];
    let admin_only = [S, D, D, D, D, A];
    let own_attempt = [S, A, D, D, D, D];
    // Trainers see trainee accounts; ministry users their own subtree.
    let sees_target = [S, D, A, A, D, A];
    let directory = [S, D, A, A, A, A];
    let account = "email=p{actor}%40e.test&name=P&language=en&organisation=police&role_trainee=on";
    vec![
        // Pages.
        row(M::GET, "/", everyone, ""),
        row(M::GET, "/login", everyone, ""),
        row(M::GET, "/reset/{token}", everyone, ""),
        row(M::GET, "/account", signed_in, ""),
        row(M::GET, "/account/password", signed_in, ""),
        row(M::GET, "/admin/users", directory, ""),
        row(M::GET, "/admin/users/new", [S, D, A, D, D, A], ""),
        row(M::GET, "/admin/users/{id}", sees_target, ""),
        row(M::GET, "/admin/organisations", admin_only, ""),
        row(M::GET, "/admin/audit", admin_only, ""),
        // Plain routes.
        row(M::GET, "/healthz", everyone, ""),
        row(M::GET, assets_route, everyone, ""),
        row(M::POST, "/language", everyone, "lang=th"),
        row(
            M::POST,
            "/login",
            everyone,
            "email=x%40e.test&password=wrong",
        ),
        row(M::POST, "/logout", everyone, ""),
        row(
            M::POST,
            "/reset/{token}",
            everyone,
            "new=a-long-new-password&confirm=a-long-new-password",
        ),
        row(
            M::POST,
            "/account/password",
            signed_in,
            "current=wrong&new=another-long-password&confirm=another-long-password",
        ),
        row(M::GET, "/account/data.json", signed_in, ""),
        row(M::POST, "/admin/users", [S, D, A, D, D, A], account),
        row(
            M::POST,
            "/admin/users/{id}",
            admin_only,
            "email=target%40e.test&name=T&language=th&role_trainee=on",
        ),
        row(
            M::POST,
            "/admin/users/{id}/reset-link",
            [S, D, A, D, D, A],
            "",
        ),
        row(M::POST, "/admin/users/{id}/disable", admin_only, ""),
        row(M::POST, "/admin/users/{id}/enable", admin_only, ""),
        row(
            M::POST,
            "/admin/users/{id}/anonymise",
            admin_only,
            "confirm=on",
        ),
        row(
            M::POST,
            "/admin/organisations",
            admin_only,
            "slug=unit-{actor}&name=Unit&parent=msdhs",
        ),
        row(
            M::POST,
            "/admin/organisations/{id}",
            admin_only,
            "name=Renamed&parent=police",
        ),
        // Server functions.
        row(M::POST, "/api/account/me", signed_in, ""),
        row(M::POST, "/api/people/list", directory, "query[q]=t"),
        row(M::POST, "/api/people/show", sees_target, "id={id}"),
        row(M::POST, "/api/organisations/tree", directory, ""),
        row(M::POST, "/api/audit/page", admin_only, ""),
        // Courses: any signed-in user reads them.
        row(M::GET, "/courses", signed_in, ""),
        row(M::GET, "/courses/{slug}", signed_in, ""),
        row(M::GET, "/courses/{slug}/{module}", signed_in, ""),
        row(
            M::POST,
            "/courses/{course}/{module}/done",
            signed_in,
            "version={version}",
        ),
        row(M::GET, "/media/{name}", signed_in, ""),
        row(
            M::POST,
            "/courses/{course}/{module}/check",
            signed_in,
            "version={version}&seed=7&q0=1",
        ),
        // Certificates: the holder's list; verification is public.
        row(M::GET, "/certificates", signed_in, ""),
        // A PDF: its holder, and whoever may see the holder's account.
        row(M::GET, "/certificates/{name}", sees_target, ""),
        row(M::GET, "/verify", [A; 6], ""),
        row(M::GET, "/verify/{id}", [A; 6], ""),
        row(
            M::POST,
            "/api/certificates/verify",
            [A; 6],
            "code=LNT-0000-0000-0000-0000-0",
        ),
        row(M::POST, "/api/certificates/mine", signed_in, ""),
        // Signed credentials' keys are public.
        row(M::GET, "/issuer.json", everyone, ""),
        // Revocation: admins.
        row(M::GET, "/admin/certificates", admin_only, ""),
        row(
            M::POST,
            "/api/certificates/record",
            admin_only,
            "code={certificate}",
        ),
        row(
            M::POST,
            "/admin/certificates/{code}/revoke",
            admin_only,
            "reason=Issued+in+error",
        ),
        // A course's certificates as one ZIP: trainers and admins; a batch
        // is its requester's alone (none exists here, so all get 404).
        row(M::GET, "/certificates/batches", [S, D, A, D, D, A], ""),
        row(M::POST, "/api/certificates/batches", [S, D, A, D, D, A], ""),
        row(
            M::POST,
            "/certificates/batches",
            [S, D, A, D, D, A],
            "course=identification-basics",
        ),
        row(
            M::GET,
            "/certificates/batches/{name}",
            [S, D, D, D, D, D],
            "",
        ),
        // Assessment: anyone signed in takes one; an attempt is its
        // taker's alone (others get 404, like a missing one).
        row(M::GET, "/courses/{slug}/assessment", signed_in, ""),
        row(
            M::GET,
            "/courses/{slug}/assessment/{attempt}",
            own_attempt,
            "",
        ),
        row(
            M::POST,
            "/courses/{slug}/assessment/start",
            signed_in,
            "purpose=pretest",
        ),
        row(
            M::POST,
            "/courses/{slug}/assessment/{attempt}/save",
            own_attempt,
            "q0=0",
        ),
        row(
            M::POST,
            "/courses/{slug}/assessment/{attempt}",
            own_attempt,
            "q0=0",
        ),
        row(
            M::POST,
            "/api/assessment/show",
            signed_in,
            "course=identification-basics",
        ),
        row(
            M::POST,
            "/api/assessment/attempt",
            own_attempt,
            "course=identification-basics&attempt={attempt}",
        ),
        row(
            M::POST,
            "/api/courses/catalog",
            signed_in,
            "language=&audience=",
        ),
        row(
            M::POST,
            "/api/courses/show",
            signed_in,
            "slug=identification-basics",
        ),
        row(
            M::POST,
            "/api/courses/module",
            signed_in,
            "course=identification-basics&module=recognising-indicators",
        ),
    ]
}

/// The outcome a reply stands for; `None` for a status no row expects
/// (a server error, a timeout), reported with its row.
fn classify(reply: &Reply) -> Option<Outcome> {
    let location = reply
        .headers
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    Some(match reply.status {
        StatusCode::UNAUTHORIZED => S,
        StatusCode::FORBIDDEN | StatusCode::NOT_FOUND => D,
        s if s.is_redirection() && location.starts_with("/login?next=") => S,
        s if s.is_redirection()
            && (location.contains("error=forbidden") || location.contains("error=not-found")) =>
        {
            D
        }
        s if s.is_success() || s.is_redirection() => A,
        _ => return None,
    })
}

async fn call(f: &Fixture, row: &Row, actor: usize) -> Reply {
    // `{id}` is the target person, or on organisation routes the shelter.
    let id = if row.route.starts_with("/admin/organisations/") {
        f.org
    } else {
        f.target
    };
    let path = row
        .route
        .replace("{id}", &id.to_string())
        .replace("{token}", "0123456789abcdef")
        .replace("/media/{name}", &format!("/media/{MEDIA}.png"))
        .replace(
            "/certificates/{name}",
            &format!("/certificates/{}.pdf", f.certificate),
        )
        .replace("/batches/{name}", "/batches/999.zip")
        .replace("{code}", &f.certificate)
        .replace("{name}", &f.asset)
        .replace("{course}", "identification-basics")
        .replace("{slug}", "identification-basics")
        .replace("{module}", "recognising-indicators")
        .replace("{attempt}", &f.attempt.to_string());
    let body = row
        .body
        .replace("{actor}", &actor.to_string())
        .replace("{attempt}", &f.attempt.to_string())
        .replace("{id}", &f.target.to_string())
        .replace("{version}", &f.version.to_string())
        .replace("{certificate}", &f.certificate);
    let mut req = Request::builder().method(row.method.clone()).uri(&path);
    if row.method == Method::POST {
        req = req.header("content-type", "application/x-www-form-urlencoded");
    }
    if let Some(token) = &f.sessions[actor] {
        req = req.header("cookie", format!("{}={token}", session::COOKIE));
    }
    f.app.send(req.body(Body::from(body)).unwrap()).await
}

#[tokio::test]
async fn every_role_gets_what_the_matrix_says() {
    let mut failures = Vec::new();
    for row in matrix(crate::http::assets::ROUTE) {
        // A fresh database per row: rows change things (sign out, disable).
        let f = fixture().await;
        for (actor, expected) in row.expect.iter().enumerate() {
            let reply = call(&f, &row, actor).await;
            let got = classify(&reply);
            if got != Some(*expected) {
                failures.push(format!(
                    "{} {} as {}: expected {expected:?}, got {got:?} ({}, {:?})",
                    row.method,
                    row.route,
                    ACTORS[actor],
                    reply.status,
                    reply.headers.get("location")
                ));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn every_endpoint_is_in_the_matrix() {
    let mut registered: BTreeSet<(String, String)> = plain_routes()
        .into_iter()
        .map(|(m, path, _)| (m.to_string(), path.to_string()))
        .collect();
    registered.insert(("GET".into(), crate::http::assets::ROUTE.into()));
    for listing in leptos_axum::generate_route_list(App) {
        registered.insert(("GET".into(), listing.path().to_string()));
    }
    for (path, method) in leptos::server_fn::axum::server_fn_paths() {
        registered.insert((method.to_string(), path.to_string()));
    }
    let listed: BTreeSet<(String, String)> = matrix(crate::http::assets::ROUTE)
        .into_iter()
        .map(|r| (r.method.to_string(), r.route.to_string()))
        .collect();
    let missing: Vec<_> = registered.difference(&listed).collect();
    let stale: Vec<_> = listed.difference(&registered).collect();
    assert!(
        missing.is_empty(),
        "endpoints without a matrix row: {missing:?}"
    );
    assert!(stale.is_empty(), "matrix rows for no endpoint: {stale:?}");
}
