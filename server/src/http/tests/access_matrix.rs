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
use app::ssr::content::import::import;
use app::ssr::organisations;
use app::ssr::testing::insert_user;
use app::App;
use axum::body::Body;
use http::{Method, Request, StatusCode};
use sqlx::Row as _;
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

/// The callers, in the order of each row's expectations: two organisation
/// trees (the ministry `msdhs` → its department `dat` → a `shelter` below
/// it; the `police` beside them), a trainer in the department, a trainer
/// without an organisation, a ministry user in the child department and
/// one in the other tree, a disabled account, a user with two roles in the
/// other tree, and an admin.
const ACTORS: [&str; 9] = [
    "anonymous",
    "trainee (peer of the target, shelter)",
    "trainer (dat)",
    "trainer (no organisation)",
    "ministry (dat, the child)",
    "ministry (police, the other tree)",
    "disabled trainer (dat)",
    "trainer + ministry (police)",
    "admin",
];
const N: usize = ACTORS.len();

/// Accounts and organisations every row runs against. The person acted on
/// (`target`) is a trainee in the shelter, under the department; the other
/// objects are a trainee of the police and a trainer of the department.
/// A picture's content hash, stored by the fixture.
const MEDIA: &str = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

/// Whose account a row acts on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Object {
    /// A trainee in the shelter (under the department).
    ShelterTrainee,
    /// A trainee of the police (the other tree).
    PoliceTrainee,
    /// A trainer of the department (a peer of the trainer caller).
    DepartmentTrainer,
}
const OBJECTS: [Object; 3] = [
    Object::ShelterTrainee,
    Object::PoliceTrainee,
    Object::DepartmentTrainer,
];

pub(super) struct Fixture {
    pub(super) app: TestApp,
    /// The English version of the first module of `content/`.
    pub(super) version: i64,
    /// The accounts of [`OBJECTS`], in that order, and their certificates.
    pub(super) objects: [i64; 3],
    pub(super) certificates: [String; 3],
    org: i64,
    /// A cohort of the shelter, with no members.
    cohort: i64,
    /// An open pre-test attempt of the trainee caller's.
    attempt: i64,
    /// The stylesheet's file name, for the assets route.
    asset: String,
    pub(super) sessions: [Option<String>; N],
}

impl Fixture {
    pub(super) fn target(&self) -> i64 {
        self.objects[0]
    }
}

async fn certify(db: &app::ssr::db::Db, user: i64) -> String {
    let completion: i64 = sqlx::query_scalar(
        "INSERT INTO course_completions (user_id, course_id, module_versions, completed_at)
         SELECT $1, id, '[]', 0 FROM courses WHERE slug = 'identification-basics' RETURNING id",
    )
    .bind(user)
    .fetch_one(db.pool())
    .await
    .unwrap();
    let mut conn = db.pool().acquire().await.unwrap();
    app::ssr::certificates::issue::for_completion(&mut conn, completion)
        .await
        .unwrap()
        .expect("a certificate is issued")
}

/// Two organisation trees, their people and a certificate each (see
/// [`ACTORS`] and [`OBJECTS`]); shared with the data-rights tests.
pub(super) async fn fixture() -> Fixture {
    let app = TestApp::new().await;
    let db = &app.state.db;
    organisations::create(db, "msdhs", "Ministry", None, None)
        .await
        .unwrap();
    let dat = organisations::create(db, "dat", "Department", Some("msdhs"), None)
        .await
        .unwrap();
    let shelter = organisations::create(db, "shelter", "Shelter", Some("dat"), None)
        .await
        .unwrap();
    let police = organisations::create(db, "police", "Police", None, None)
        .await
        .unwrap();
    let objects = [
        insert_user(
            db,
            "target@e.test",
            "Target",
            &[Role::Trainee],
            Some(shelter),
        )
        .await,
        insert_user(
            db,
            "pt@e.test",
            "Police trainee",
            &[Role::Trainee],
            Some(police),
        )
        .await,
        insert_user(db, "dt@e.test", "Dept trainer", &[Role::Trainer], Some(dat)).await,
    ];
    let courses = super::courses::courses();
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
    let callers: [(&str, &[Role], Option<i64>); N - 1] = [
        ("trainee@e.test", &[Role::Trainee], Some(shelter)),
        ("trainer@e.test", &[Role::Trainer], Some(dat)),
        ("loose@e.test", &[Role::Trainer], None),
        ("own@e.test", &[Role::Ministry], Some(dat)),
        ("other@e.test", &[Role::Ministry], Some(police)),
        ("disabled@e.test", &[Role::Trainer], Some(dat)),
        (
            "both@e.test",
            &[Role::Trainer, Role::Ministry],
            Some(police),
        ),
        ("admin@e.test", &[Role::Admin], None),
    ];
    let mut sessions: [Option<String>; N] = Default::default();
    let mut ids = Vec::new();
    for (i, (email, roles, org)) in callers.into_iter().enumerate() {
        let id = insert_user(db, email, email, roles, org).await;
        ids.push(id);
        sessions[i + 1] = Some(session::start(db, id, None, None).await.unwrap());
    }
    // The department's trainer edits the sample course (authoring rows).
    let course: i64 =
        sqlx::query_scalar("SELECT id FROM courses WHERE slug = 'identification-basics'")
            .fetch_one(db.pool())
            .await
            .unwrap();
    sqlx::query("INSERT INTO course_editors (course_id, user_id, added_at) VALUES ($1, $2, 0)")
        .bind(course)
        .bind(ids[1])
        .execute(db.pool())
        .await
        .unwrap();
    // The disabled account still holds a session cookie from before.
    sqlx::query("UPDATE users SET disabled_at = 1 WHERE email = 'disabled@e.test'")
        .execute(db.pool())
        .await
        .unwrap();
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
    let certificates = [
        certify(db, objects[0]).await,
        certify(db, objects[1]).await,
        certify(db, objects[2]).await,
    ];
    let css = app
        .state
        .assets
        .css
        .clone()
        .expect("the test site has a stylesheet");
    let cohort = app::ssr::cohorts::create_by_operator(
        db,
        &app::ssr::cohorts::Details {
            name: "Shelter workshop".into(),
            organisation: "shelter".into(),
            ..Default::default()
        },
        None,
    )
    .await
    .unwrap();
    sqlx::query("INSERT INTO cohort_sessions (cohort_id, day) VALUES ($1, '2027-03-01')")
        .bind(cohort)
        .execute(db.pool())
        .await
        .unwrap();
    Fixture {
        version,
        cohort,
        asset: css.rsplit('/').next().unwrap().to_string(),
        app,
        objects,
        certificates,
        org: shelter,
        attempt,
        sessions,
    }
}

/// One endpoint and what each actor should get.
struct Row {
    method: Method,
    /// The route as registered (`{id}` style).
    route: &'static str,
    expect: [Outcome; N],
    /// A form or server-function body; `{actor}` becomes the actor's index
    /// (so rows that create things create distinct ones).
    body: &'static str,
}

/// A multipart body (its boundary is [`BOUNDARY`]): one roster file.
const ROSTER_UPLOAD: &str = "--matrix-boundary\r\n\
Content-Disposition: form-data; name=\"roster\"; filename=\"r.csv\"\r\n\
Content-Type: text/csv\r\n\r\n\
name,email,organisation\r\nNew Person,new{actor}@e.test,shelter\r\n\
--matrix-boundary--\r\n";
const BOUNDARY: &str = "matrix-boundary";
/// A multipart body: one picture (a GIF by its first bytes).
const IMAGE_UPLOAD: &str = "--matrix-boundary\r\n\
Content-Disposition: form-data; name=\"image\"; filename=\"map.gif\"\r\n\
Content-Type: image/gif\r\n\r\n\
GIF89a\x10\x00\x10\x00-picture-{actor}\r\n\
--matrix-boundary--\r\n";

fn row(method: Method, route: &'static str, expect: [Outcome; N], body: &'static str) -> Row {
    Row {
        method,
        route,
        expect,
        body,
    }
}

fn matrix(assets_route: &'static str) -> Vec<Row> {
    use Method as M;
    // Columns: anonymous, peer trainee, trainer (dat), trainer without an
    // organisation, ministry (dat), ministry (police), disabled, trainer +
    // ministry (police), admin. The target is a trainee in the shelter.
    let everyone = [A; N];
    let signed_in = [S, A, A, A, A, A, S, A, A];
    let admin_only = [S, D, D, D, D, D, S, D, A];
    let own_attempt = [S, A, D, D, D, D, S, D, D];
    // Seen by the department's trainer and ministry user, not by the other
    // tree's, not by the trainer without an organisation.
    let sees_target = [S, D, A, D, A, D, S, D, A];
    // Managed (links, creation in the shelter) by the department's trainer
    // only; a ministry user reads but never changes.
    let manages_target = [S, D, A, D, D, D, S, D, A];
    let directory = [S, D, A, D, A, A, S, A, A];
    // Sections open to a role, whatever its scope (an empty list inside).
    let trainers = [S, D, A, A, D, D, S, A, A];
    let pickers = [S, D, A, A, A, A, S, A, A];
    // A course's editors: the department's trainer (named in the
    // fixture) and admins.
    let editors = [S, D, A, D, D, D, S, D, A];
    let account = "email=p{actor}%40e.test&name=P&language=en&organisation=shelter&role_trainee=on";
    vec![
        // Pages.
        row(M::GET, "/", everyone, ""),
        row(M::GET, "/login", everyone, ""),
        row(M::GET, "/reset/{token}", everyone, ""),
        row(M::GET, "/account", signed_in, ""),
        row(M::GET, "/account/password", signed_in, ""),
        row(M::GET, "/admin/users", directory, ""),
        row(M::GET, "/admin/users/new", trainers, ""),
        row(M::GET, "/admin/users/{id}", sees_target, ""),
        row(M::GET, "/admin/organisations", admin_only, ""),
        row(M::GET, "/admin/security", admin_only, ""),
        row(M::GET, "/login/code", everyone, ""),
        row(M::GET, "/account/second-factor", signed_in, ""),
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
        // The second factor: no half-done sign-in here, so the code step
        // sends everyone back to sign in; a wrong code is refused politely.
        row(M::POST, "/login/code", everyone, "code=123456"),
        row(M::POST, "/account/second-factor", signed_in, "code=000000"),
        row(M::POST, "/api/account/second-factor", signed_in, ""),
        row(M::POST, "/admin/security", admin_only, "staff=on"),
        row(M::POST, "/api/admin/security", admin_only, ""),
        row(
            M::POST,
            "/admin/users/{id}/second-factor/reset",
            admin_only,
            "",
        ),
        row(M::POST, "/admin/users", manages_target, account),
        row(
            M::POST,
            "/admin/users/{id}",
            admin_only,
            "email=target%40e.test&name=T&language=th&role_trainee=on",
        ),
        row(M::POST, "/admin/users/{id}/reset-link", manages_target, ""),
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
        row(M::POST, "/api/organisations/tree", pickers, ""),
        // Reports: who may see people may see their report (rows decided
        // per scope; see `lists_and_trees_hold_only_what_the_scope_covers`).
        row(M::GET, "/reports", directory, ""),
        row(M::GET, "/reports/completions.csv", directory, ""),
        row(M::GET, "/reports/completions.xlsx", directory, ""),
        row(M::GET, "/reports/completions.pdf", directory, ""),
        row(M::GET, "/reports/dashboard", directory, ""),
        row(M::GET, "/reports/gain", directory, ""),
        row(M::GET, "/reports/questions", directory, ""),
        row(
            M::POST,
            "/api/reports/questions",
            directory,
            "query[course]=identification-basics",
        ),
        row(M::GET, "/reports/exports", directory, ""),
        row(M::POST, "/reports/exports", directory, "format=csv&org=dat"),
        // Nobody's export 1 exists: found by no one.
        row(
            M::GET,
            "/reports/exports/{name}",
            [S, D, D, D, D, D, S, D, D],
            "",
        ),
        row(M::POST, "/api/reports/exports", directory, ""),
        row(M::POST, "/api/reports/choices", directory, ""),
        row(
            M::POST,
            "/api/reports/dashboard",
            directory,
            "query[org]=dat",
        ),
        row(M::POST, "/api/reports/gain", directory, "query[course]=x"),
        row(
            M::POST,
            "/api/reports/completions",
            directory,
            "query[course]=identification-basics",
        ),
        row(M::POST, "/api/audit/page", admin_only, ""),
        // Authoring: trainers and admins enter; a course is changed by its
        // editors (the department's trainer) and admins, never by another
        // trainer, a ministry user or a trainee.
        row(M::GET, "/author", trainers, ""),
        row(M::POST, "/api/author/list", trainers, ""),
        row(
            M::POST,
            "/author",
            trainers,
            "slug=new-course-{actor}&title=New&language=en",
        ),
        row(M::GET, "/author/{course}", editors, ""),
        row(
            M::POST,
            "/api/author/workspace",
            editors,
            "course=identification-basics",
        ),
        row(M::GET, "/author/{course}/files/{file}", editors, ""),
        row(
            M::POST,
            "/api/author/file",
            editors,
            "course=identification-basics&file=01-recognising-indicators.md",
        ),
        row(M::GET, "/author/{course}/files/{file}/history", editors, ""),
        row(
            M::POST,
            "/api/author/history",
            editors,
            "course=identification-basics&file=01-recognising-indicators.md",
        ),
        row(
            M::POST,
            "/author/{course}/files/{file}",
            editors,
            "op=save&revision=0&text=%2B%2B%2B%0Atitle+%3D+%22Changed%22%0A%2B%2B%2B%0AText.%0A",
        ),
        row(
            M::POST,
            "/author/{course}/files/{file}/rollback",
            editors,
            "version={version}&revision=0",
        ),
        row(
            M::POST,
            "/author/{course}/modules",
            editors,
            "op=add&module=another-{actor}&title=Another",
        ),
        row(M::POST, "/author/{course}/publish", editors, "revision=0"),
        row(M::POST, "/author/{course}/approve", editors, "revision=0"),
        row(
            M::POST,
            "/author/{course}/editors",
            editors,
            "op=four-eyes-on",
        ),
        row(M::POST, "/author/{course}/images", editors, IMAGE_UPLOAD),
        // Cohorts: seen with their organisation's people, changed by the
        // trainers of its subtree (the cohort is the shelter's).
        row(M::GET, "/cohorts", directory, ""),
        row(M::POST, "/api/cohorts/list", directory, ""),
        row(M::GET, "/cohorts/{id}", sees_target, ""),
        row(M::POST, "/api/cohorts/view", sees_target, "id={id}"),
        // The dashboard and its downloads: whoever sees the cohort.
        row(M::GET, "/cohorts/{id}/progress", sees_target, ""),
        row(
            M::POST,
            "/api/cohorts/progress",
            sees_target,
            "id={id}&query[sort]=name",
        ),
        row(M::GET, "/cohorts/{id}/progress.csv", sees_target, ""),
        row(M::GET, "/cohorts/{id}/progress.xlsx", sees_target, ""),
        row(
            M::POST,
            "/cohorts",
            manages_target,
            "name=C{actor}&organisation=dat&course=identification-basics",
        ),
        row(
            M::POST,
            "/cohorts/{id}",
            manages_target,
            "name=Renamed&organisation=shelter",
        ),
        row(
            M::POST,
            "/cohorts/{id}/members",
            manages_target,
            "op=add&email=target%40e.test",
        ),
        row(
            M::POST,
            "/cohorts/{id}/trainers",
            manages_target,
            "op=add&email=dt%40e.test",
        ),
        row(
            M::POST,
            "/cohorts/{id}/sessions",
            manages_target,
            "op=add&day=2027-03-02",
        ),
        // The fixture's cohort has a session on 2027-03-01 and no members:
        // saving it with nobody present is allowed to its managers.
        row(
            M::POST,
            "/cohorts/{id}/attendance",
            manages_target,
            "day=2027-03-01",
        ),
        // A roster upload (multipart): kept for its preview by those who
        // manage the cohort. Uploads are their uploader's: nobody has one
        // numbered 0 to preview or import.
        row(
            M::POST,
            "/cohorts/{id}/roster",
            manages_target,
            ROSTER_UPLOAD,
        ),
        row(
            M::GET,
            "/cohorts/{id}/roster",
            [S, D, D, D, D, D, S, D, D],
            "",
        ),
        row(
            M::POST,
            "/api/cohorts/roster",
            [S, D, D, D, D, D, S, D, D],
            "id={id}&upload=0",
        ),
        // Sign-in sheets issue links: only the cohort's managers (the
        // fixture's cohort has no members, so there is nothing to print).
        row(M::POST, "/cohorts/{id}/sign-in-sheets", manages_target, ""),
        row(
            M::POST,
            "/cohorts/{id}/join-codes",
            manages_target,
            "op=add&days=14&uses=40",
        ),
        // Joining with a code: the page is anyone's; a wrong code is
        // refused to everyone alike (back to the page with the reason).
        row(M::GET, "/join", everyone, ""),
        row(M::POST, "/api/join/state", everyone, ""),
        row(
            M::POST,
            "/join",
            everyone,
            "code=AAAA-AAAA-AAAA&name=X&username=x.y",
        ),
        row(
            M::POST,
            "/cohorts/{id}/roster/import",
            [S, D, D, D, D, D, S, D, D],
            "upload=0",
        ),
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
        row(M::GET, "/verify", everyone, ""),
        row(M::GET, "/verify/{id}", everyone, ""),
        row(
            M::POST,
            "/api/certificates/verify",
            everyone,
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
        row(M::GET, "/certificates/batches", trainers, ""),
        row(M::POST, "/api/certificates/batches", trainers, ""),
        row(
            M::POST,
            "/certificates/batches",
            // The trainer without an organisation is told there is nothing
            // to download.
            [S, D, A, A, D, D, S, A, A],
            "course=identification-basics",
        ),
        row(
            M::GET,
            "/certificates/batches/{name}",
            [S, D, D, D, D, D, S, D, D],
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
    // What a browser sends with a form post or a server-function call.
    let same_site: &[(&str, &str)] = if row.method == Method::POST {
        &[("sec-fetch-site", "same-origin")]
    } else {
        &[]
    };
    call_on(f, row, actor, 0, same_site).await
}

/// Calls `row` as `actor` on object `object` (an index into [`OBJECTS`]),
/// with extra request headers.
async fn call_on(
    f: &Fixture,
    row: &Row,
    actor: usize,
    object: usize,
    headers: &[(&str, &str)],
) -> Reply {
    // `{id}` is the object's account, or on organisation routes the
    // shelter, or on cohort routes the shelter's cohort.
    let id = if row.route.starts_with("/admin/organisations/") {
        f.org
    } else if row.route.contains("/cohorts") {
        f.cohort
    } else {
        f.objects[object]
    };
    let certificate = &f.certificates[object];
    let path = row
        .route
        .replace("{id}", &id.to_string())
        .replace("{token}", "0123456789abcdef")
        .replace("/media/{name}", &format!("/media/{MEDIA}.png"))
        .replace(
            "/certificates/{name}",
            &format!("/certificates/{certificate}.pdf"),
        )
        .replace("/batches/{name}", "/batches/999.zip")
        .replace("{code}", certificate)
        .replace("{name}", &f.asset)
        .replace("{course}", "identification-basics")
        .replace("{file}", "01-recognising-indicators.md")
        .replace("{slug}", "identification-basics")
        .replace("{module}", "recognising-indicators")
        .replace("{attempt}", &f.attempt.to_string());
    let body = row
        .body
        .replace("{actor}", &actor.to_string())
        .replace("{attempt}", &f.attempt.to_string())
        .replace("{id}", &id.to_string())
        .replace("{version}", &f.version.to_string())
        .replace("{certificate}", certificate);
    let mut req = Request::builder().method(row.method.clone()).uri(&path);
    if row.body.starts_with("--") {
        req = req.header(
            "content-type",
            format!("multipart/form-data; boundary={BOUNDARY}"),
        );
    } else if row.method == Method::POST {
        req = req.header("content-type", "application/x-www-form-urlencoded");
    }
    if let Some(token) = &f.sessions[actor] {
        req = req.header("cookie", format!("{}={token}", session::COOKIE));
    }
    for (name, value) in headers {
        req = req.header(*name, *value);
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

/// Everything about one account that a refused request must leave alone:
/// its profile, state, roles, sessions, pending links and certificates.
async fn state_of(f: &Fixture, user: i64) -> String {
    let row = sqlx::query(
        "SELECT u.email, u.name, COALESCE(u.organisation_id, 0) AS org,
                COALESCE(u.disabled_at, 0) AS disabled, COALESCE(u.anonymised_at, 0) AS anonymised,
                u.password_hash,
                (SELECT COUNT(*) FROM user_roles r WHERE r.user_id = u.id) AS roles,
                (SELECT COUNT(*) FROM sessions s WHERE s.user_id = u.id) AS sessions,
                (SELECT COUNT(*) FROM password_resets p WHERE p.user_id = u.id) AS links,
                (SELECT COUNT(*) FROM certificates c WHERE c.user_id = u.id AND c.revoked_at IS NOT NULL) AS revoked
         FROM users u WHERE u.id = $1",
    )
    .bind(user)
    .fetch_one(f.app.state.db.pool())
    .await
    .unwrap();
    format!(
        "{} {} {} {} {} {} {} {} {} {}",
        row.get::<String, _>("email"),
        row.get::<String, _>("name"),
        row.get::<i64, _>("org"),
        row.get::<i64, _>("disabled"),
        row.get::<i64, _>("anonymised"),
        row.get::<String, _>("password_hash"),
        row.get::<i64, _>("roles"),
        row.get::<i64, _>("sessions"),
        row.get::<i64, _>("links"),
        row.get::<i64, _>("revoked"),
    )
}

async fn audit_count(f: &Fixture, action: Option<&str>) -> i64 {
    let Some(action) = action else { return 0 };
    sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = $1")
        .bind(action)
        .fetch_one(f.app.state.db.pool())
        .await
        .unwrap()
}

/// Endpoints that act on one person's account or certificate, and what each
/// actor may do to each of [`OBJECTS`] — their own objects and everyone
/// else's. `changes` says whether an allowed call changes the account.
struct ObjectRow {
    row: Row,
    expect: [[Outcome; N]; 3],
    changes: bool,
    /// The audit action an allowed call records (and a refused one not).
    audited: Option<&'static str>,
}

fn object_matrix() -> Vec<ObjectRow> {
    use Method as M;
    // For the shelter trainee, the police trainee and the department's
    // trainer, in that order.
    let sees = [
        [S, D, A, D, A, D, S, D, A],
        [S, D, D, D, D, A, S, A, A],
        [S, D, D, D, A, D, S, D, A],
    ];
    let manages = [
        [S, D, A, D, D, D, S, D, A],
        [S, D, D, D, D, D, S, A, A],
        [S, D, D, D, D, D, S, D, A],
    ];
    let admin_only = [[S, D, D, D, D, D, S, D, A]; 3];
    let object = |method, route, expect, body, changes| ObjectRow {
        row: row(method, route, [A; N], body),
        expect,
        changes,
        audited: None,
    };
    let audited = |action, entry: ObjectRow| ObjectRow {
        audited: Some(action),
        ..entry
    };
    vec![
        audited(
            "person.viewed",
            object(M::GET, "/admin/users/{id}", sees, "", false),
        ),
        audited(
            "person.viewed",
            object(M::POST, "/api/people/show", sees, "id={id}", false),
        ),
        audited(
            "certificate.downloaded",
            object(M::GET, "/certificates/{name}", sees, "", false),
        ),
        object(M::POST, "/admin/users/{id}/reset-link", manages, "", true),
        object(
            M::POST,
            "/admin/users/{id}",
            admin_only,
            "email=renamed%40e.test&name=Renamed&language=th&role_trainee=on",
            true,
        ),
        object(M::POST, "/admin/users/{id}/disable", admin_only, "", true),
        object(
            M::POST,
            "/admin/users/{id}/anonymise",
            admin_only,
            "confirm=on",
            true,
        ),
        audited(
            "second_factor.reset",
            object(
                M::POST,
                "/admin/users/{id}/second-factor/reset",
                admin_only,
                "",
                false,
            ),
        ),
        object(
            M::POST,
            "/admin/certificates/{code}/revoke",
            admin_only,
            "reason=Issued+in+error",
            true,
        ),
        object(
            M::POST,
            "/api/certificates/record",
            admin_only,
            "code={certificate}",
            false,
        ),
    ]
}

#[tokio::test]
async fn every_actor_gets_what_the_object_matrix_says_and_refusals_change_nothing() {
    let mut failures = Vec::new();
    for entry in object_matrix() {
        for (o, object) in OBJECTS.iter().enumerate() {
            let mut fresh = fixture().await;
            let mut dirty = false;
            for (actor, expected) in entry.expect[o].iter().enumerate() {
                // A fresh database after a call that changed something.
                if dirty {
                    fresh = fixture().await;
                }
                let f = &fresh;
                let user = f.objects[o];
                let before = state_of(f, user).await;
                let audit_before = audit_count(f, entry.audited).await;
                let reply = call_on(
                    f,
                    &entry.row,
                    actor,
                    o,
                    &[("sec-fetch-site", "same-origin")],
                )
                .await;
                let got = classify(&reply);
                let after = state_of(f, user).await;
                dirty = before != after;
                let audit_after = audit_count(f, entry.audited).await;
                let what = format!(
                    "{} {} on {object:?} as {}",
                    entry.row.method, entry.row.route, ACTORS[actor]
                );
                if got != Some(*expected) {
                    failures.push(format!(
                        "{what}: expected {expected:?}, got {got:?} ({}, {:?})",
                        reply.status,
                        reply.headers.get("location")
                    ));
                } else if *expected != A && before != after {
                    failures.push(format!("{what}: refused, yet changed the account"));
                } else if *expected == A && entry.changes && before == after {
                    failures.push(format!("{what}: allowed, yet changed nothing"));
                } else if entry.audited.is_some()
                    && audit_after - audit_before != i64::from(*expected == A)
                {
                    failures.push(format!(
                        "{what}: {} audit entries for {:?}",
                        audit_after - audit_before,
                        entry.audited
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// Lists show exactly the objects a page would: the people directory and
/// the organisation tree, for every actor, through every filter.
#[tokio::test]
async fn lists_and_trees_hold_only_what_the_scope_covers() {
    let f = fixture().await;
    let directory = [
        // Which of the three objects each actor finds; `None`: refused.
        None,
        None,
        Some([true, false, false]),
        None,
        Some([true, false, true]),
        Some([false, true, false]),
        None,
        Some([false, true, false]),
        Some([true, true, true]),
    ];
    let emails = ["target@e.test", "pt@e.test", "dt@e.test"];
    let mut failures = Vec::new();
    for (actor, expected) in directory.iter().enumerate() {
        // Unfiltered, and filtered to each tree (a filter never widens).
        for filter in ["", "&query[org]=msdhs", "&query[org]=police"] {
            let body: &'static str =
                Box::leak(format!("query[status]=all{filter}").into_boxed_str());
            let reply = call(
                &f,
                &row(Method::POST, "/api/people/list", [A; N], body),
                actor,
            )
            .await;
            let got = if reply.status.is_success() {
                let page: serde_json::Value = serde_json::from_slice(&reply.body).unwrap();
                let listed: Vec<String> = page["people"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|p| p["email"].as_str().unwrap().to_string())
                    .collect();
                Some(emails.map(|e| listed.iter().any(|l| l == e)))
            } else {
                None
            };
            let want = expected.map(|seen| {
                let mut seen = seen;
                if filter.ends_with("msdhs") {
                    seen[1] = false;
                } else if filter.ends_with("police") {
                    seen[0] = false;
                    seen[2] = false;
                }
                seen
            });
            if got != want {
                failures.push(format!(
                    "{} {filter}: {got:?}, expected {want:?}",
                    ACTORS[actor]
                ));
            }
        }
    }
    // The completion report, its CSV and each filter: trainees only (never
    // the department's trainer), within the scope, whatever is asked.
    let reported = [
        None,
        None,
        Some([true, false, false]),
        None,
        Some([true, false, false]),
        Some([false, true, false]),
        None,
        Some([false, true, false]),
        Some([true, true, false]),
    ];
    for (actor, expected) in reported.iter().enumerate() {
        for filter in [
            "",
            "org=msdhs",
            "org=police",
            "org=police&page=2&sort=final&dir=desc",
        ] {
            let route: &'static str =
                Box::leak(format!("/reports/completions.csv?{filter}").into_boxed_str());
            let reply = call(&f, &row(Method::GET, route, [A; N], ""), actor).await;
            let got = reply.status.is_success().then(|| {
                let text = reply.text();
                f.objects
                    .map(|id| text.lines().any(|l| l.starts_with(&format!("{id},"))))
            });
            let want = expected.map(|seen| {
                let mut seen = seen;
                if filter.starts_with("org=msdhs") {
                    seen[1] = false;
                } else if filter.starts_with("org=police") {
                    seen[0] = false;
                }
                seen
            });
            if got != want {
                failures.push(format!(
                    "report {} {filter}: {got:?}, expected {want:?}",
                    ACTORS[actor]
                ));
            }
        }
    }
    // The organisation tree: a ministry user in the department sees the
    // department and the shelter — nothing above or beside.
    let tree_of = |actor: usize| {
        let f = &f;
        async move {
            let reply = call(
                f,
                &row(Method::POST, "/api/organisations/tree", [A; N], ""),
                actor,
            )
            .await;
            let nodes: serde_json::Value = serde_json::from_slice(&reply.body).unwrap();
            nodes
                .as_array()
                .unwrap()
                .iter()
                .map(|n| n["slug"].as_str().unwrap().to_string())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(tree_of(4).await, ["dat", "shelter"]);
    assert_eq!(tree_of(2).await, ["dat", "shelter"]);
    assert_eq!(tree_of(3).await, Vec::<String>::new());
    assert_eq!(tree_of(7).await, ["police"]);
    assert_eq!(tree_of(8).await.len(), 4);
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// Every state-changing endpoint refuses a request marked as coming from
/// another site — whoever's cookie it carries — and it changes nothing.
#[tokio::test]
async fn cross_site_posts_are_refused_and_change_nothing() {
    let admin = N - 1;
    let f = fixture().await;
    let before = state_of(&f, f.target()).await;
    let mut failures = Vec::new();
    for row in matrix(crate::http::assets::ROUTE) {
        if row.method != Method::POST {
            continue;
        }
        for forged in [
            [
                ("sec-fetch-site", "cross-site"),
                ("origin", "https://evil.example"),
            ],
            [
                ("sec-fetch-site", "same-site"),
                ("origin", "https://sub.lantern.test"),
            ],
        ] {
            let reply = call_on(&f, &row, admin, 0, &forged).await;
            if reply.status != StatusCode::FORBIDDEN {
                failures.push(format!(
                    "POST {} with {forged:?}: {}",
                    row.route, reply.status
                ));
            }
        }
        // No Fetch Metadata, only a foreign Origin (older browsers).
        let reply = call_on(&f, &row, admin, 0, &[("origin", "https://evil.example")]).await;
        if reply.status != StatusCode::FORBIDDEN {
            failures.push(format!(
                "POST {} from a foreign origin: {}",
                row.route, reply.status
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
    assert_eq!(before, state_of(&f, f.target()).await);
    let audit: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log")
        .fetch_one(f.app.state.db.pool())
        .await
        .unwrap();
    let fresh: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log")
        .fetch_one(fixture().await.app.state.db.pool())
        .await
        .unwrap();
    assert_eq!(audit, fresh, "nothing was recorded: nothing happened");
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
