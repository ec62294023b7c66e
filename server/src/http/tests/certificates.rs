//! Certificates over HTTP: a trainee who completes the sample course sees
//! its certificate; anyone can verify it without signing in, and sees no
//! more than the certificate states.

use super::courses::with_content;
use super::support::TestApp;
use app::model::roles::Role;
use app::ssr::certificates::{credential, signing};
use app::ssr::testing::insert_user;
use http::StatusCode;
use sqlx::Row;
use std::io::Read;

/// The sample course made to grant a certificate (its assessment dropped)
/// and completed by the reader: the app, the reader's cookie and the code.
async fn certified() -> (TestApp, String, String) {
    let (app, cookie) = with_content().await;
    let db = &app.state.db;
    sqlx::query("UPDATE course_texts SET certificate = 1")
        .execute(db.pool())
        .await
        .unwrap();
    let versions: Vec<(String, i64)> = sqlx::query(
        "SELECT m.slug, v.id FROM module_versions v JOIN modules m ON m.id = v.module_id
         JOIN courses c ON c.id = m.course_id WHERE v.language = 'en' AND c.slug = 'identification-basics'",
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
    (app, cookie, code)
}

async fn signed_in_as(app: &TestApp, email: &str, role: Role) -> String {
    let id = insert_user(&app.state.db, email, email, &[role], None).await;
    app.session_for(id).await
}

#[tokio::test]
async fn the_public_verification_page_shows_each_state() {
    let (app, cookie, code) = certified().await;
    let db = &app.state.db;

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
    let stranger = insert_user(db, "x@e.test", "X", &[Role::Trainee], None).await;
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

#[tokio::test]
async fn the_signed_credential_verifies_with_the_published_key() {
    let (app, _, code) = certified().await;
    let reply = app.get(&format!("/verify/{code}.json")).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.header("content-type"), "application/json");
    let doc: serde_json::Value = serde_json::from_slice(&reply.body).unwrap();
    assert_eq!(doc["type"][1], "OpenBadgeCredential");
    assert_eq!(
        doc["credentialSubject"]["identifier"][0]["identityHash"],
        "Reader"
    );
    let profile: serde_json::Value =
        serde_json::from_slice(&app.get("/issuer.json").await.body).unwrap();
    assert_eq!(
        profile["id"], doc["issuer"]["id"],
        "the credential names where its keys are"
    );
    let key = signing::key_in_profile(&profile, credential::method_of(&doc).unwrap())
        .expect("the proof's key is published");
    assert_eq!(credential::verify(&doc, &key), Ok(()));
    let mut tampered = doc.clone();
    tampered["name"] = serde_json::json!("Advanced interviewing");
    assert_eq!(
        credential::verify(&tampered, &key),
        Err(credential::CredentialError::BadSignature)
    );
    assert_eq!(
        app.get(&format!("/verify/{code}.json")).await.body,
        reply.body,
        "the same certificate signs to the same document"
    );
    let page = app.get(&format!("/verify/{code}")).await.text();
    assert!(
        page.contains(&format!("/verify/{code}.json")),
        "the page links it"
    );

    assert_eq!(
        app.get("/verify/LNT-0000-0000-0000-0000-0.json")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let admin = signed_in_as(&app, "admin@e.test", Role::Admin).await;
    app.post_as(
        &format!("/admin/certificates/{code}/revoke"),
        "reason=Issued+in+error",
        &admin,
    )
    .await;
    let revoked = app.get(&format!("/verify/{code}.json")).await;
    assert_eq!(
        revoked.status,
        StatusCode::GONE,
        "no signed copy of a revoked certificate"
    );
    assert!(revoked.text().contains("revoked"));
}

#[tokio::test]
async fn an_admin_revokes_with_a_reason_and_the_public_sees_only_revoked() {
    let (app, reader, code) = certified().await;
    let admin = signed_in_as(&app, "admin@e.test", Role::Admin).await;
    let record = app
        .get_as(&format!("/admin/certificates?id={code}"), &admin)
        .await
        .text();
    assert!(
        record.contains("reader@e.test") && record.contains("Revoke the certificate"),
        "{record}"
    );
    let path = format!("/admin/certificates/{code}/revoke");
    let refused = app.post_as(&path, "reason=+", &admin).await;
    assert!(refused.header("location").ends_with("error=reason"));
    let by_holder = app.post_as(&path, "reason=mine", &reader).await;
    assert_eq!(by_holder.status, StatusCode::FORBIDDEN);
    let done = app
        .post_as(
            &path,
            "reason=Completed+under+another+person%27s+name",
            &admin,
        )
        .await;
    assert!(
        done.header("location").ends_with("done=revoked"),
        "{:?}",
        done.headers
    );
    let record = app.get_as(done.header("location"), &admin).await.text();
    assert!(
        record.contains("Completed under another person&#x27;s name")
            || record.contains("Completed under another person's name"),
        "{record}"
    );
    assert!(
        !record.contains("Revoke the certificate"),
        "revoking is final"
    );
    let public = app.get(&format!("/verify/{code}")).await.text();
    assert!(public.contains("This certificate has been revoked"));
    assert!(
        !public.contains("another person"),
        "the reason stays private"
    );
    let mine = app.get_as("/certificates", &reader).await.text();
    assert!(mine.contains("revoked"), "{mine}");
}

#[tokio::test]
async fn a_trainer_downloads_a_course_as_one_zip() {
    let (app, _, code) = certified().await;
    let db = &app.state.db;
    // The holder works in the trainer's shelter.
    let shelter = app::ssr::organisations::create(db, "shelter", "Shelter", None, None)
        .await
        .unwrap();
    sqlx::query("UPDATE users SET organisation_id = $1")
        .bind(shelter)
        .execute(db.pool())
        .await
        .unwrap();
    let trainer_id = insert_user(db, "trainer@e.test", "T", &[Role::Trainer], Some(shelter)).await;
    let trainer = app.session_for(trainer_id).await;
    let page = app.get_as("/certificates/batches", &trainer).await.text();
    assert!(page.contains("Prepare ZIP"), "{page}");
    let started = app
        .post_as(
            "/certificates/batches",
            "course=identification-basics",
            &trainer,
        )
        .await;
    assert_eq!(
        started.header("location"),
        "/certificates/batches?done=started"
    );
    let mut finished = false;
    for _ in 0..300 {
        let row = sqlx::query("SELECT finished_at, failure FROM certificate_batches")
            .fetch_one(db.pool())
            .await
            .unwrap();
        assert_eq!(row.get::<Option<String>, _>("failure"), None);
        if row.get::<Option<i64>, _>("finished_at").is_some() {
            finished = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(finished, "the batch finished within 30 s");
    let id: i64 = sqlx::query("SELECT id FROM certificate_batches")
        .fetch_one(db.pool())
        .await
        .unwrap()
        .get("id");
    let page = app.get_as("/certificates/batches", &trainer).await.text();
    let link = format!("/certificates/batches/{id}.zip");
    assert!(page.contains(&link), "{page}");
    let zip = app.get_as(&link, &trainer).await;
    assert_eq!(zip.status, StatusCode::OK);
    assert_eq!(zip.header("content-type"), "application/zip");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip.body)).unwrap();
    let mut pdf = Vec::new();
    archive
        .by_name(&format!("{code}.pdf"))
        .unwrap()
        .read_to_end(&mut pdf)
        .unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    let mut index = String::new();
    archive
        .by_name("index.csv")
        .unwrap()
        .read_to_string(&mut index)
        .unwrap();
    assert!(
        index.contains(&code) && index.contains("\"Reader\""),
        "{index}"
    );
    // The report CSV's rules: a byte-order mark, documented status codes.
    assert!(index.starts_with('\u{feff}'), "{index}");
    assert!(index.contains(",\"valid\"\r\n"), "{index}");
    let other = signed_in_as(&app, "other-trainer@e.test", Role::Trainer).await;
    assert_eq!(
        app.get_as(&link, &other).await.status,
        StatusCode::NOT_FOUND
    );
    let audited: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'certificates.downloaded'",
    )
    .fetch_one(db.pool())
    .await
    .unwrap();
    assert_eq!(audited, 1);
}
