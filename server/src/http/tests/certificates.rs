//! Certificates over HTTP: a trainee who completes the sample course sees
//! its certificate; anyone can verify it without signing in, and sees no
//! more than the certificate states.

use super::courses::with_content;
use http::StatusCode;
use sqlx::Row;

#[tokio::test]
async fn the_public_verification_page_shows_each_state() {
    let (app, cookie) = with_content().await;
    let db = &app.state.db;
    // The sample course grants no certificate and has an assessment: make
    // it grant one and drop the assessment, then complete its modules.
    sqlx::query("UPDATE course_texts SET certificate = 1")
        .execute(db.pool())
        .await
        .unwrap();
    let versions: Vec<(String, i64)> = sqlx::query(
        "SELECT m.slug, v.id FROM module_versions v JOIN modules m ON m.id = v.module_id WHERE v.language = 'en'",
    )
    .fetch_all(db.pool())
    .await
    .unwrap()
    .iter()
    .map(|r| (r.get("slug"), r.get("id")))
    .collect();
    sqlx::query("DELETE FROM assessments")
        .execute(db.pool())
        .await
        .unwrap();
    for (slug, version) in versions {
        let reply = app
            .post_as(
                &format!("/courses/identification-basics/{slug}/done"),
                &format!("version={version}"),
                &cookie,
            )
            .await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER);
    }
    let code: String = sqlx::query("SELECT code FROM certificates")
        .fetch_one(db.pool())
        .await
        .unwrap()
        .get("code");

    let mine = app.get_as("/certificates", &cookie).await.text();
    assert!(mine.contains(&code), "{mine}");
    let pdf_link = format!("/certificates/{code}.pdf");
    assert!(mine.contains(&pdf_link));
    let course = app
        .get_as("/courses/identification-basics", &cookie)
        .await
        .text();
    assert!(
        course.contains(&pdf_link),
        "the completed course links its certificate"
    );
    let pdf = app.get_as(&pdf_link, &cookie).await;
    assert_eq!(pdf.status, StatusCode::OK);
    assert_eq!(pdf.header("content-type"), "application/pdf");
    assert!(pdf.body.starts_with(b"%PDF"));
    let stranger =
        app::ssr::db::testing::insert_user(db, "x@e.test", "X", &[app::roles::Role::Trainee], None)
            .await;
    let stranger = app.session_for(stranger).await;
    assert_eq!(
        app.get_as(&pdf_link, &stranger).await.status,
        StatusCode::NOT_FOUND
    );

    let page = app.get(&format!("/verify/{code}")).await;
    assert_eq!(page.status, StatusCode::OK);
    let text = page.text();
    assert!(text.contains("Valid certificate"), "{text}");
    assert!(text.contains("Reader") && text.contains("Protection-first identification"));
    assert!(
        !text.contains("reader@e.test"),
        "no e-mail on the public page"
    );

    let searched = app
        .get(&format!("/verify?id={}", code.to_lowercase()))
        .await
        .text();
    assert!(searched.contains("Valid certificate"));
    let mut typo = code.clone().into_bytes();
    typo[6] = if typo[6] == b'A' { b'B' } else { b'A' };
    let typo = String::from_utf8(typo).unwrap();
    assert!(app
        .get(&format!("/verify/{typo}"))
        .await
        .text()
        .contains("looks mistyped"));
    assert!(app
        .get("/verify/LNT-0000-0000-0000-0000-0")
        .await
        .text()
        .contains("No certificate has this identifier"));
    let empty = app.get("/verify").await.text();
    assert!(empty.contains("Certificate identifier") && !empty.contains("verification verdict"));
}
