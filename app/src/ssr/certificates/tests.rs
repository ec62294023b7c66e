//! Issuing and verifying on both databases: one certificate per completion
//! whatever is retried, what it copies, and every verification state,
//! audited and rate-limited.

use super::revoke::{revoke, RevokeError};
use super::verify::{lookup, LOOKUPS_PER_MINUTE};
use super::{batch, credential, signing, store};
use crate::model::certificates::{BatchState, CertificateStatus};
use crate::model::roles::Role;
use crate::ssr::auth::CurrentUser;
use crate::ssr::content::compile::compile_tree;
use crate::ssr::content::import::import;
use crate::ssr::courses::progress::mark_done;
use crate::ssr::db::{now, Db};
use crate::ssr::error::DomainError;
use crate::ssr::testing::insert_user;
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
    let status = |v: crate::model::certificates::Verification| v.status;
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
    let shown = format!("{revoked:?}");
    assert!(
        !shown.contains("issued in error") && !shown.contains("a@test"),
        "{shown}"
    );
    // Lookups of a real certificate are counted, one row a day, and write
    // nothing to the audit log.
    let counted = sqlx::query(
        "SELECT COUNT(*) AS days, CAST(SUM(lookups) AS BIGINT) AS n FROM certificate_lookups",
    )
    .fetch_one(db.pool())
    .await
    .unwrap();
    assert_eq!(counted.get::<i64, _>("days"), 1);
    assert!(counted.get::<i64, _>("n") >= 3);
    let audited: i64 =
        sqlx::query("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'certificate.verified'")
            .fetch_one(db.pool())
            .await
            .unwrap()
            .get("n");
    assert_eq!(audited, 0);
}

async fn public_lookups_cannot_grow_the_database_without_bound(db: Db) {
    let rows = |db: Db| async move {
        sqlx::query("SELECT COUNT(*) AS n FROM verify_clients")
            .fetch_one(db.pool())
            .await
            .unwrap()
            .get::<i64, _>("n")
    };
    // A hundred addresses of one IPv6 /64 are one client.
    for i in 0..100 {
        let ip = format!("2001:db8:1:2::{i:x}");
        let _ = lookup(&db, "LNT-0000-0000-0000-0000-0", Some(&ip)).await;
    }
    assert_eq!(rows(db.clone()).await, 1);
    for i in 0..20 {
        lookup(&db, "garbage", Some(&format!("198.51.100.{i}")))
            .await
            .unwrap();
    }
    assert_eq!(rows(db.clone()).await, 21);
    // Windows that have ended are pruned by the next lookup.
    sqlx::query("UPDATE verify_clients SET window_start = window_start - 61")
        .execute(db.pool())
        .await
        .unwrap();
    lookup(&db, "garbage", Some("203.0.113.1")).await.unwrap();
    assert_eq!(rows(db.clone()).await, 1);
    // With the cap reached, a new client waits and adds no row; known
    // clients go on.
    for i in 0..3 {
        store::count_lookup(&db, &format!("c{i}"), now(), 60, 3)
            .await
            .unwrap();
    }
    assert_eq!(
        store::count_lookup(&db, "new", now(), 60, 3).await.unwrap(),
        None
    );
    assert_eq!(
        store::count_lookup(&db, "c0", now(), 60, 3).await.unwrap(),
        Some(2)
    );
    let audit: i64 = sqlx::query("SELECT COUNT(*) AS n FROM audit_log")
        .fetch_one(db.pool())
        .await
        .unwrap()
        .get("n");
    assert_eq!(audit, 0, "anonymous lookups write no audit entries");
}

async fn lookups_are_rate_limited_per_address(db: Db) {
    let fast = Some("198.51.100.1");
    for _ in 0..LOOKUPS_PER_MINUTE {
        lookup(&db, "LNT-0000-0000-0000-0000-0", fast)
            .await
            .unwrap();
    }
    assert!(matches!(
        lookup(&db, "x", fast).await.unwrap_err(),
        DomainError::RateLimited
    ));
    assert!(
        lookup(&db, "x", Some("198.51.100.2")).await.is_ok(),
        "other addresses are not held up"
    );
}

async fn one_zip_at_a_time_per_requester_and_a_few_at_once_overall(db: Db) {
    certified(&db, "trainee@test").await;
    let mut admins = Vec::new();
    for i in 0..=batch::RUNNING_AT_ONCE {
        let id = insert_user(&db, &format!("admin{i}@test"), "A", &[Role::Admin], None).await;
        admins.push(as_user(id, &[Role::Admin], None));
    }
    let (first, _) = batch::create(&db, &admins[0], "care").await.unwrap();
    assert!(matches!(
        batch::create(&db, &admins[0], "care").await,
        Err(batch::BatchError::Busy)
    ));
    batch::finish(&db, first, b"PK".to_vec()).await.unwrap();
    batch::create(&db, &admins[0], "care").await.unwrap();
    for admin in &admins[1..usize::try_from(batch::RUNNING_AT_ONCE).unwrap()] {
        batch::create(&db, admin, "care").await.unwrap();
    }
    let last = admins.last().unwrap();
    assert!(matches!(
        batch::create(&db, last, "care").await,
        Err(batch::BatchError::Busy)
    ));
    // A build cut short by a restart stops counting once it has stalled.
    sqlx::query("UPDATE certificate_batches SET created_at = created_at - $1")
        .bind(batch::STALLED_AFTER_SECONDS + 1)
        .execute(db.pool())
        .await
        .unwrap();
    batch::create(&db, last, "care").await.unwrap();
}

fn as_user(id: i64, roles: &[Role], organisation_id: Option<i64>) -> CurrentUser {
    CurrentUser {
        id,
        email: format!("user{id}@test"),
        name: format!("User {id}"),
        roles: roles.to_vec(),
        organisation_id,
        session: format!("session-of-{id}"),
    }
}

/// A course `care` granting a certificate, completed by a new trainee;
/// returns the trainee and the certificate's code.
async fn certified(db: &Db, email: &str) -> (i64, String) {
    let version: i64 = match sqlx::query("SELECT v.id FROM module_versions v JOIN modules m ON m.id = v.module_id JOIN courses c ON c.id = m.course_id WHERE c.slug = 'care'")
        .fetch_optional(db.pool())
        .await
        .unwrap()
    {
        Some(row) => row.get("id"),
        None => course(db, "care", "certificate = true").await,
    };
    let user = insert_user(db, email, "ស្រីពៅ", &[Role::Trainee], None).await;
    mark_done(db, user, "care", "one", version)
        .await
        .unwrap()
        .unwrap();
    let code = sqlx::query("SELECT code FROM certificates WHERE user_id = $1")
        .bind(user)
        .fetch_one(db.pool())
        .await
        .unwrap()
        .get("code");
    (user, code)
}

async fn only_an_admin_revokes_and_only_once_with_a_reason(db: Db) {
    let (holder, code) = certified(&db, "holder@test").await;
    let trainer_id = insert_user(&db, "trainer@test", "T", &[Role::Trainer], None).await;
    let admin_id = insert_user(&db, "admin@test", "A", &[Role::Admin], None).await;
    let trainer = as_user(trainer_id, &[Role::Trainer], None);
    let admin = as_user(admin_id, &[Role::Admin], None);
    let ip = Some("203.0.113.9");
    assert!(matches!(
        revoke(&db, &trainer, &code, "fraud", ip).await,
        Err(RevokeError::Forbidden)
    ));
    assert!(matches!(
        revoke(
            &db,
            &as_user(holder, &[Role::Trainee], None),
            &code,
            "fraud",
            ip
        )
        .await,
        Err(RevokeError::Forbidden)
    ));
    assert!(matches!(
        revoke(&db, &admin, &code, "   ", ip).await,
        Err(RevokeError::ReasonRequired)
    ));
    assert!(matches!(
        revoke(&db, &admin, &super::code::generate([2; 10]), "fraud", ip).await,
        Err(RevokeError::NotFound)
    ));
    assert_eq!(
        lookup(&db, &code, ip).await.unwrap().status,
        CertificateStatus::Valid,
        "refusals change nothing"
    );
    assert_eq!(
        revoke(
            &db,
            &admin,
            &code.to_lowercase(),
            "Issued to the wrong person",
            ip
        )
        .await
        .unwrap(),
        code
    );
    assert!(matches!(
        revoke(&db, &admin, &code, "again", ip).await,
        Err(RevokeError::AlreadyRevoked)
    ));
    let v = lookup(&db, &code, ip).await.unwrap();
    assert_eq!(v.status, CertificateStatus::Revoked);
    assert!(
        !format!("{v:?}").contains("wrong person"),
        "the reason is not public"
    );
    let record = super::record::find(&db, &code).await.unwrap().unwrap();
    assert_eq!(
        record.revoked_reason.as_deref(),
        Some("Issued to the wrong person")
    );
    assert_eq!(record.revoked_by.as_deref(), Some("A"));
    let audited = sqlx::query(
        "SELECT actor_id, detail, ip FROM audit_log WHERE action = 'certificate.revoked'",
    )
    .fetch_all(db.pool())
    .await
    .unwrap();
    assert_eq!(audited.len(), 1);
    assert_eq!(audited[0].get::<Option<i64>, _>("actor_id"), Some(admin_id));
    assert_eq!(
        audited[0].get::<Option<String>, _>("detail").as_deref(),
        Some("Issued to the wrong person")
    );
}

async fn credentials_are_signed_with_one_lasting_key(db: Db) {
    let (_, code) = certified(&db, "holder@test").await;
    let base = "https://lantern.example.org";
    let first = signing::current(&db).await.unwrap();
    let again = signing::current(&db).await.unwrap();
    assert_eq!(first.id, again.id, "the key is made once and kept");
    assert_eq!(first.signing.to_bytes(), again.signing.to_bytes());
    let certificate = lookup(&db, &code, None).await.unwrap().certificate.unwrap();
    let doc = signing::signed_credential(&db, &certificate, base)
        .await
        .unwrap();
    assert_eq!(
        doc["credentialSubject"]["achievement"]["id"],
        format!("{base}/courses/care")
    );
    // A verifier takes the key from the published profile, by the proof's method.
    let profile =
        signing::issuer_profile(base, "Lantern", &signing::public_keys(&db).await.unwrap());
    let method = credential::method_of(&doc).unwrap();
    let key = signing::key_in_profile(&profile, method).unwrap();
    assert_eq!(credential::verify(&doc, &key), Ok(()));
    let mut forged = doc.clone();
    forged["credentialSubject"]["identifier"][0]["identityHash"] =
        serde_json::json!("Someone Else");
    assert_eq!(
        credential::verify(&forged, &key),
        Err(credential::CredentialError::BadSignature)
    );
}

async fn batches_hold_what_the_requester_may_see(db: Db) {
    let (_, trainee_code) = certified(&db, "trainee@test").await;
    // A certificate held by a trainer: outside another trainer's scope.
    let (colleague, _) = certified(&db, "colleague@test").await;
    sqlx::query("INSERT INTO user_roles (user_id, role) VALUES ($1, 'trainer')")
        .bind(colleague)
        .execute(db.pool())
        .await
        .unwrap();
    let course: i64 = sqlx::query("SELECT id FROM courses WHERE slug = 'care'")
        .fetch_one(db.pool())
        .await
        .unwrap()
        .get("id");
    // The trainee and the colleague work in the trainer's shelter; another
    // trainee, in another organisation, is outside the trainer's scope.
    let shelter = crate::ssr::organisations::create(&db, "shelter", "Shelter", None, None)
        .await
        .unwrap();
    crate::ssr::organisations::create(&db, "police", "Police", None, None)
        .await
        .unwrap();
    let (elsewhere, _) = certified(&db, "elsewhere@test").await;
    sqlx::query(
        "UPDATE users SET organisation_id = (SELECT id FROM organisations WHERE slug = $1)
         WHERE id = $2",
    )
    .bind("police")
    .bind(elsewhere)
    .execute(db.pool())
    .await
    .unwrap();
    sqlx::query("UPDATE users SET organisation_id = $1 WHERE id <> $2")
        .bind(shelter)
        .bind(elsewhere)
        .execute(db.pool())
        .await
        .unwrap();
    let trainer_id = insert_user(&db, "trainer@test", "T", &[Role::Trainer], Some(shelter)).await;
    let trainer = as_user(trainer_id, &[Role::Trainer], Some(shelter));
    let admin_id = insert_user(&db, "admin@test", "A", &[Role::Admin], None).await;
    let admin = as_user(admin_id, &[Role::Admin], None);
    let seen = |list: Vec<(
        crate::model::certificates::PublicCertificate,
        CertificateStatus,
    )>| { list.into_iter().map(|(c, _)| c.code).collect::<Vec<_>>() };
    assert_eq!(
        seen(batch::members(&db, &trainer, course).await.unwrap()),
        vec![trainee_code.clone()]
    );
    // A trainer without an organisation gets no one's certificates.
    let drifter_id = insert_user(&db, "drifter@test", "D", &[Role::Trainer], None).await;
    assert!(
        batch::members(&db, &as_user(drifter_id, &[Role::Trainer], None), course)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(batch::members(&db, &admin, course).await.unwrap().len(), 3);
    let ministry_id = insert_user(&db, "ministry@test", "M", &[Role::Ministry], None).await;
    assert!(matches!(
        batch::create(&db, &as_user(ministry_id, &[Role::Ministry], None), "care").await,
        Err(batch::BatchError::Forbidden)
    ));
    assert!(matches!(
        batch::create(&db, &trainer, "no-such-course").await,
        Err(batch::BatchError::Empty)
    ));
    let (id, _) = batch::create(&db, &trainer, "care").await.unwrap();
    let listed = batch::of_requester(&db, trainer_id).await.unwrap();
    assert_eq!(
        (listed[0].id, listed[0].total, listed[0].state),
        (id, 1, BatchState::Running)
    );
    assert!(
        batch::archive(&db, &trainer, id, None)
            .await
            .unwrap()
            .is_none(),
        "nothing to download until it is finished"
    );
    batch::finish(&db, id, b"PK-zip".to_vec()).await.unwrap();
    assert!(
        batch::archive(&db, &admin, id, None)
            .await
            .unwrap()
            .is_none(),
        "a batch is its requester's alone"
    );
    let (name, bytes) = batch::archive(&db, &trainer, id, None)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (name.as_str(), bytes.as_slice()),
        (
            format!("certificates-care-{id}.zip").as_str(),
            &b"PK-zip"[..]
        )
    );
    assert_eq!(
        batch::of_requester(&db, trainer_id).await.unwrap()[0].state,
        BatchState::Ready
    );
    for _ in 0..batch::KEPT_PER_REQUESTER + 2 {
        let (id, _) = batch::create(&db, &trainer, "care").await.unwrap();
        batch::finish(&db, id, b"PK".to_vec()).await.unwrap();
    }
    assert_eq!(
        batch::of_requester(&db, trainer_id).await.unwrap().len() as i64,
        batch::KEPT_PER_REQUESTER,
        "old batches are cleared away"
    );
}

test_on_both_databases!(
    only_an_admin_revokes_and_only_once_with_a_reason,
    credentials_are_signed_with_one_lasting_key,
    batches_hold_what_the_requester_may_see,
    completing_a_course_issues_one_certificate,
    every_verification_state,
    lookups_are_rate_limited_per_address,
    public_lookups_cannot_grow_the_database_without_bound,
    one_zip_at_a_time_per_requester_and_a_few_at_once_overall,
);
