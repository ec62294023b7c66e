//! Issuing and verifying on both databases: one certificate per completion
//! whatever is retried, what it copies, and every verification state,
//! audited and rate-limited.

use super::verify::{lookup, LOOKUPS_PER_MINUTE};
use crate::api::certificates::CertificateStatus;
use crate::api::ApiError;
use crate::roles::Role;
use crate::ssr::content::compile::compile_tree;
use crate::ssr::content::import::import;
use crate::ssr::courses::progress::mark_done;
use crate::ssr::db::testing::insert_user;
use crate::ssr::db::Db;
use crate::test_on_both_databases;
use sqlx::Row;

async fn course(db: &Db, slug: &str, certificate: &str) -> i64 {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join(slug);
    std::fs::create_dir_all(&root).unwrap();
    std::fs::write(
        root.join("course.md"),
        format!("+++\ntitle = \"Trauma-informed care\"\nsummary = \"S.\"\naudience = [\"shelter-staff\"]\nestimated_minutes = 90\n{certificate}\n+++\nIntro.\n"),
    )
    .unwrap();
    std::fs::write(
        root.join("01-one.md"),
        "+++\ntitle = \"One\"\nestimated_minutes = 90\n+++\nText.\n",
    )
    .unwrap();
    import(db, &compile_tree(dir.path()).unwrap(), None)
        .await
        .unwrap();
    sqlx::query("SELECT v.id FROM module_versions v JOIN modules m ON m.id = v.module_id JOIN courses c ON c.id = m.course_id WHERE c.slug = $1")
        .bind(slug)
        .fetch_one(db.pool())
        .await
        .unwrap()
        .get("id")
}

async fn codes(db: &Db) -> Vec<String> {
    sqlx::query("SELECT code FROM certificates ORDER BY id")
        .fetch_all(db.pool())
        .await
        .unwrap()
        .iter()
        .map(|r| r.get("code"))
        .collect()
}

async fn completing_a_course_issues_one_certificate(db: Db) {
    let version = course(
        &db,
        "care",
        "certificate = true\ncertificate_validity_months = 24",
    )
    .await;
    let plain = course(&db, "plain", "certificate = false").await;
    let user = insert_user(&db, "somchai@test", "สมชาย ใจดี", &[Role::Trainee], None).await;
    sqlx::query(
        "UPDATE users SET name_latin = 'Somchai Jaidee', preferred_language = 'th' WHERE id = $1",
    )
    .bind(user)
    .execute(db.pool())
    .await
    .unwrap();
    for _ in 0..3 {
        mark_done(&db, user, "care", "one", version)
            .await
            .unwrap()
            .unwrap();
    }
    mark_done(&db, user, "plain", "one", plain)
        .await
        .unwrap()
        .unwrap();
    let issued = codes(&db).await;
    assert_eq!(
        issued.len(),
        1,
        "one certificate, and none for a course that grants none"
    );
    let row = sqlx::query(
        "SELECT holder_name, holder_name_latin, course_title, minutes, issuer, issued_at, expires_at, language
         FROM certificates",
    )
    .fetch_one(db.pool())
    .await
    .unwrap();
    assert_eq!(row.get::<String, _>("holder_name"), "สมชาย ใจดี");
    assert_eq!(
        row.get::<Option<String>, _>("holder_name_latin").as_deref(),
        Some("Somchai Jaidee")
    );
    assert_eq!(row.get::<String, _>("course_title"), "Trauma-informed care");
    assert_eq!(
        row.get::<String, _>("language"),
        "en",
        "no Thai text: the source language"
    );
    assert_eq!(row.get::<i64, _>("minutes"), 90);
    let (issued_at, expires_at): (i64, Option<i64>) = (row.get("issued_at"), row.get("expires_at"));
    assert_eq!(expires_at, Some(crate::dates::add_months(issued_at, 24)));
    let audited: i64 =
        sqlx::query("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'certificate.issued'")
            .fetch_one(db.pool())
            .await
            .unwrap()
            .get("n");
    assert_eq!(audited, 1);

    // Renaming the account later does not change the certificate.
    sqlx::query("UPDATE users SET name = 'Someone else' WHERE id = $1")
        .bind(user)
        .execute(db.pool())
        .await
        .unwrap();
    let code = &issued[0];
    let v = lookup(&db, code, Some("10.0.0.1")).await.unwrap();
    assert_eq!(v.status, CertificateStatus::Valid);
    assert_eq!(v.certificate.unwrap().holder_name, "สมชาย ใจดี");
}

async fn every_verification_state(db: Db) {
    let version = course(&db, "care", "certificate = true").await;
    let user = insert_user(&db, "a@test", "A", &[Role::Trainee], None).await;
    mark_done(&db, user, "care", "one", version)
        .await
        .unwrap()
        .unwrap();
    let code = codes(&db).await.remove(0);
    let ip = Some("192.0.2.7");
    let status = |v: crate::api::certificates::Verification| v.status;
    assert_eq!(
        status(lookup(&db, &code.to_lowercase(), ip).await.unwrap()),
        CertificateStatus::Valid
    );
    // One symbol changed: the check symbol tells a typo from an unknown id.
    let mut typo: Vec<char> = code.chars().collect();
    typo[5] = if typo[5] == 'A' { 'B' } else { 'A' };
    let typo: String = typo.into_iter().collect();
    assert_eq!(
        status(lookup(&db, &typo, ip).await.unwrap()),
        CertificateStatus::Mistyped
    );
    let unknown = super::code::generate([1; 10]);
    assert_eq!(
        status(lookup(&db, &unknown, ip).await.unwrap()),
        CertificateStatus::Unknown
    );
    assert_eq!(
        status(lookup(&db, "hello", ip).await.unwrap()),
        CertificateStatus::Malformed
    );
    sqlx::query("UPDATE certificates SET expires_at = 1")
        .execute(db.pool())
        .await
        .unwrap();
    let expired = lookup(&db, &code, ip).await.unwrap();
    assert_eq!(expired.status, CertificateStatus::Expired);
    assert!(
        expired.certificate.is_some(),
        "an expired certificate still says what it was"
    );
    sqlx::query("UPDATE certificates SET revoked_at = 5, revoked_reason = 'issued in error'")
        .execute(db.pool())
        .await
        .unwrap();
    let revoked = lookup(&db, &code, ip).await.unwrap();
    assert_eq!(revoked.status, CertificateStatus::Revoked);
    let shown = format!("{:?}", revoked);
    assert!(
        !shown.contains("issued in error") && !shown.contains("a@test"),
        "{shown}"
    );
    let audited: i64 = sqlx::query("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'certificate.verified' AND ip = '192.0.2.7'")
        .fetch_one(db.pool())
        .await
        .unwrap()
        .get("n");
    assert_eq!(audited, 6, "every lookup is logged");
}

async fn lookups_are_rate_limited_per_address(db: Db) {
    let fast = Some("198.51.100.1");
    for _ in 0..LOOKUPS_PER_MINUTE {
        lookup(&db, "LNT-0000-0000-0000-0000-0", fast)
            .await
            .unwrap();
    }
    assert_eq!(
        lookup(&db, "x", fast).await.unwrap_err(),
        ApiError::RateLimited
    );
    assert!(
        lookup(&db, "x", Some("198.51.100.2")).await.is_ok(),
        "other addresses are not held up"
    );
}

test_on_both_databases!(
    completing_a_course_issues_one_certificate,
    every_verification_state,
    lookups_are_rate_limited_per_address,
);
