//! A cohort's roster over HTTP, as a browser without JavaScript sends it:
//! a multipart upload, its preview page, the import form; and the body
//! limits around them.

use super::support::TestApp;
use app::model::roles::Role;
use app::ssr::testing::insert_user;
use app::ssr::{cohorts, organisations};
use axum::body::Body;
use http::{Request, StatusCode};

struct Setup {
    app: TestApp,
    cookie: String,
    cohort: i64,
}

async fn setup() -> Setup {
    let app = TestApp::new().await;
    let db = &app.state.db;
    let dat = organisations::create(db, "dat", "Department", None, None)
        .await
        .unwrap();
    let trainer = insert_user(db, "t@e.test", "Trainer", &[Role::Trainer], Some(dat)).await;
    let cohort = cohorts::create_by_operator(
        db,
        &cohorts::Details {
            name: "CM workshop".into(),
            organisation: "dat".into(),
            ..Default::default()
        },
        Some("t@e.test"),
    )
    .await
    .unwrap();
    let cookie = app.session_for(trainer).await;
    Setup {
        app,
        cookie,
        cohort,
    }
}

fn multipart(file: &[u8]) -> Vec<u8> {
    [
        b"--b0und\r\nContent-Disposition: form-data; name=\"roster\"; filename=\"hr.csv\"\r\n\
          Content-Type: text/csv\r\n\r\n"
            .as_slice(),
        file,
        b"\r\n--b0und--\r\n",
    ]
    .concat()
}

async fn upload(s: &Setup, file: &[u8]) -> http::Response<()> {
    let reply = s
        .app
        .send(
            Request::post(format!("/cohorts/{}/roster", s.cohort))
                .header("content-type", "multipart/form-data; boundary=b0und")
                .header("cookie", &s.cookie)
                .body(Body::from(multipart(file)))
                .unwrap(),
        )
        .await;
    let mut r = http::Response::builder().status(reply.status);
    if let Some(l) = reply.headers.get("location") {
        r = r.header("location", l);
    }
    r.body(()).unwrap()
}

fn location(r: &http::Response<()>) -> String {
    r.headers()["location"].to_str().unwrap().to_string()
}

async fn members(s: &Setup) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM cohort_members")
        .fetch_one(s.app.state.db.pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn a_roster_is_uploaded_previewed_and_imported_without_javascript() {
    let s = setup().await;
    let file = "name,email,username,organisation,language\n\
                สมศรี มีสุข,,somsri.m,dat,th\n\
                Anong Jaidee,anong@e.test,,dat,\n";
    let r = upload(&s, file.as_bytes()).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let preview = location(&r);
    assert!(
        preview.starts_with(&format!("/cohorts/{}/roster?upload=", s.cohort)),
        "{preview}"
    );
    let page = s.app.get_as(&preview, &s.cookie).await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    assert!(
        html.contains("สมศรี มีสุข") && html.contains("somsri.m"),
        "{html}"
    );
    assert!(html.contains("New account"));
    assert!(html.contains("Enrol these 2 people"));
    assert_eq!(members(&s).await, 0, "nothing enrolled by a preview");

    let upload_id = preview.rsplit('=').next().unwrap();
    let done = s
        .app
        .post_as(
            &format!("/cohorts/{}/roster/import", s.cohort),
            &format!("upload={upload_id}"),
            &s.cookie,
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    assert!(
        done.header("location").contains("done=enrolled"),
        "{}",
        done.header("location")
    );
    assert_eq!(members(&s).await, 2);
    // Their sign-in sheets: a PDF no cache keeps.
    let pdf = s
        .app
        .post_as(
            &format!("/cohorts/{}/sign-in-sheets", s.cohort),
            "",
            &s.cookie,
        )
        .await;
    assert_eq!(pdf.status, StatusCode::OK);
    assert_eq!(pdf.header("content-type"), "application/pdf");
    assert_eq!(pdf.header("cache-control"), "no-store");
    assert!(pdf.body.starts_with(b"%PDF"));
    let links: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM password_resets WHERE used_at IS NULL")
            .fetch_one(s.app.state.db.pool())
            .await
            .unwrap();
    assert_eq!(links, 2);
    // The dashboard's downloads: typed XLSX and CSV, each download audited.
    let xlsx = s
        .app
        .get_as(&format!("/cohorts/{}/progress.xlsx", s.cohort), &s.cookie)
        .await;
    assert_eq!(xlsx.status, StatusCode::OK);
    assert!(xlsx.header("content-type").contains("spreadsheetml"));
    assert!(xlsx.body.starts_with(b"PK"), "a zip");
    let csv = s
        .app
        .get_as(&format!("/cohorts/{}/progress.csv", s.cohort), &s.cookie)
        .await;
    assert!(csv.text().starts_with('\u{feff}'));
    let audited: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'report.exported' AND subject LIKE 'cohort:%'",
    )
    .fetch_one(s.app.state.db.pool())
    .await
    .unwrap();
    assert_eq!(audited, 2);
    // Imported once: the upload is gone, a second import finds nothing.
    let again = s
        .app
        .post_as(
            &format!("/cohorts/{}/roster/import", s.cohort),
            &format!("upload={upload_id}"),
            &s.cookie,
        )
        .await;
    assert!(again.header("location").contains("error=not-found"));
}

#[tokio::test]
async fn a_bad_roster_lists_its_rows_and_enrols_nobody() {
    let s = setup().await;
    let file = "name,email,organisation\n,x@e.test,dat\nPim,not-an-address,nowhere\n";
    let r = upload(&s, file.as_bytes()).await;
    let preview = location(&r);
    let html = s.app.get_as(&preview, &s.cookie).await.text();
    assert!(html.contains("3 problems"), "{html}");
    assert!(html.contains("“not-an-address” is not an e-mail address"));
    assert!(html.contains("no organisation “nowhere” that you may enrol into"));
    assert!(!html.contains("roster/import"), "no import button");
    let upload_id = preview.rsplit('=').next().unwrap();
    let refused = s
        .app
        .post_as(
            &format!("/cohorts/{}/roster/import", s.cohort),
            &format!("upload={upload_id}"),
            &s.cookie,
        )
        .await;
    assert!(refused.header("location").contains("error=not-clean"));
    assert_eq!(members(&s).await, 0);
    // A file in neither encoding is refused whole, with the reason.
    let r = upload(&s, b"name,email,organisation\n\xFF\xFE\x00A,a@e.test,dat\n").await;
    let html = s.app.get_as(&location(&r), &s.cookie).await.text();
    assert!(html.contains("neither UTF-8 nor Thai Windows"), "{html}");
}

#[tokio::test]
async fn uploads_have_their_own_body_limit() {
    let s = setup().await;
    // Over the upload limit: refused before it is read, with the reason.
    let big = vec![b'a'; crate::http::UPLOAD_LIMIT + 1];
    let r = s
        .app
        .send(
            Request::post(format!("/cohorts/{}/roster", s.cohort))
                .header("content-type", "multipart/form-data; boundary=b0und")
                .header("content-length", big.len())
                .header("cookie", &s.cookie)
                .body(Body::from(big))
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(r.header("location").contains("error=too-large"));
    // Between the form limit and the upload limit: a roster may be that
    // large, a form may not.
    let file = format!(
        "name,email,organisation,position\n{}",
        (0..9_000)
            .map(|i| format!(
                "Person {i},p{i}@e.test,dat,{}\n",
                "Social welfare officer ".repeat(5)
            ))
            .collect::<String>()
    );
    assert!(file.len() > crate::http::BODY_LIMIT);
    let r = upload(&s, file.as_bytes()).await;
    assert!(
        location(&r).contains("/roster?upload="),
        "taken for its preview"
    );
    let form = format!("op=add&email={}", "a".repeat(crate::http::BODY_LIMIT));
    let refused = s
        .app
        .post_as(&format!("/cohorts/{}/members", s.cohort), &form, &s.cookie)
        .await;
    assert_eq!(refused.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(members(&s).await, 0);
}
