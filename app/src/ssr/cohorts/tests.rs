//! Cohorts on both databases: who sees and changes which cohort across two
//! organisation trees and a child organisation, who may be added, what is
//! checked, and that a refused change leaves nothing behind.

use super::*;
use crate::ssr::testing::{actor, import_two_courses, insert_user};
use crate::test_on_both_databases;

struct World {
    trainer_dat: CurrentUser,
    trainer_police: CurrentUser,
    ministry: CurrentUser,
    admin: CurrentUser,
    /// Trainees of the shelter (below the department) and of the police; a
    /// trainer colleague in the department.
    shelter: i64,
    police: i64,
    coach: i64,
}

/// `msdhs` → `dat` → `shelter`, and `police`; trainers in `dat` and
/// `police`, a ministry user at `msdhs`, an admin.
async fn world(db: &Db) -> World {
    import_two_courses(db).await;
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
    let msdhs = organisations::find_by_slug(db, "msdhs")
        .await
        .unwrap()
        .unwrap()
        .id;
    let who = |id, roles: &[Role], org| actor(id, roles, Some(org));
    World {
        trainer_dat: who(
            insert_user(db, "t-dat@e.test", "T", &[Role::Trainer], Some(dat)).await,
            &[Role::Trainer],
            dat,
        ),
        trainer_police: who(
            insert_user(db, "t-pol@e.test", "T", &[Role::Trainer], Some(police)).await,
            &[Role::Trainer],
            police,
        ),
        ministry: who(
            insert_user(db, "m@e.test", "M", &[Role::Ministry], Some(msdhs)).await,
            &[Role::Ministry],
            msdhs,
        ),
        admin: actor(
            insert_user(db, "admin@e.test", "A", &[Role::Admin], None).await,
            &[Role::Admin],
            None,
        ),
        shelter: insert_user(db, "s@e.test", "Somchai", &[Role::Trainee], Some(shelter)).await,
        police: insert_user(db, "p@e.test", "Pim", &[Role::Trainee], Some(police)).await,
        coach: insert_user(db, "coach@e.test", "Coach", &[Role::Trainer], Some(dat)).await,
    }
}

fn details(name: &str, org: &str) -> Details {
    Details {
        name: name.into(),
        organisation: org.into(),
        province: "Chiang Mai".into(),
        starts_on: "2027-03-01".into(),
        due_on: "2027-03-31".into(),
    }
}

async fn count(db: &Db, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(db.pool()).await.unwrap()
}

async fn each_caller_sees_and_changes_only_the_cohorts_of_their_tree(db: Db) {
    let w = world(&db).await;
    let courses = ["ident".to_string()];
    // A trainer creates a cohort in the child organisation, not elsewhere.
    let id = create(
        &db,
        &w.trainer_dat,
        &details("CM police", "shelter"),
        &courses,
    )
    .await
    .unwrap();
    let refused = create(&db, &w.trainer_dat, &details("X", "police"), &[]).await;
    assert!(matches!(refused, Err(CohortError::Forbidden)));
    let refused = create(&db, &w.ministry, &details("X", "dat"), &[]).await;
    assert!(matches!(refused, Err(CohortError::Forbidden)));
    let refused = create(&db, &w.trainer_dat, &details("X", "nowhere"), &[]).await;
    assert!(matches!(refused, Err(CohortError::UnknownOrganisation(_))));
    assert_eq!(count(&db, "SELECT COUNT(*) FROM cohorts").await, 1);

    // The other tree's trainer: not in the list, not found, cannot change.
    assert!(list(&db, &w.trainer_police, Locale::En)
        .await
        .unwrap()
        .cohorts
        .is_empty());
    assert!(matches!(
        view(&db, &w.trainer_police, id, Locale::En).await,
        Err(CohortError::NotFound)
    ));
    let d = details("Renamed", "shelter");
    assert!(matches!(
        save(&db, &w.trainer_police, id, &d, &[]).await,
        Err(CohortError::NotFound)
    ));
    assert!(matches!(
        add_member(&db, &w.trainer_police, id, "p@e.test").await,
        Err(CohortError::NotFound)
    ));
    assert!(!sees(&db, &w.trainer_police, id).await.unwrap());

    // The ministry above reads it and changes nothing.
    let seen = view(&db, &w.ministry, id, Locale::En).await.unwrap();
    assert!(!seen.may_manage);
    assert_eq!(seen.organisation, "Ministry › Department › Shelter");
    assert!(matches!(
        save(&db, &w.ministry, id, &d, &[]).await,
        Err(CohortError::Forbidden)
    ));
    assert!(matches!(
        add_session(&db, &w.ministry, id, "2027-03-02").await,
        Err(CohortError::Forbidden)
    ));
    // The trainer may not move it out of their tree.
    assert!(matches!(
        save(&db, &w.trainer_dat, id, &details("Moved", "police"), &[]).await,
        Err(CohortError::Forbidden)
    ));
    // Nothing of the refusals was written.
    let after = view(&db, &w.admin, id, Locale::En).await.unwrap();
    assert_eq!(after.name, "CM police");
    assert!(after.sessions.is_empty() && after.members.is_empty());
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'cohort.%'"
        )
        .await,
        1
    );

    // Its creator is its first trainer; admins see everything.
    assert_eq!(after.trainers.len(), 1);
    assert_eq!(after.trainers[0].id, w.trainer_dat.id);
    assert!(after.may_manage);
    let assigned: Vec<_> = after
        .courses
        .iter()
        .filter(|c| c.assigned)
        .map(|c| c.slug.as_str())
        .collect();
    assert_eq!(assigned, ["ident"]);
    assert_eq!(
        list(&db, &w.admin, Locale::En).await.unwrap().cohorts.len(),
        1
    );
    let mine = list(&db, &w.trainer_dat, Locale::En).await.unwrap();
    assert!(mine.may_create);
    assert_eq!(mine.cohorts[0].courses, 1);
    assert!(!list(&db, &w.ministry, Locale::En).await.unwrap().may_create);
}

async fn members_are_trainees_the_caller_manages(db: Db) {
    let w = world(&db).await;
    let id = create(&db, &w.trainer_dat, &details("CM", "dat"), &[])
        .await
        .unwrap();
    assert!(add_member(&db, &w.trainer_dat, id, " S@E.test ")
        .await
        .unwrap());
    assert!(
        !add_member(&db, &w.trainer_dat, id, "s@e.test")
            .await
            .unwrap(),
        "added once, not twice"
    );
    // Another tree's trainee, a trainer, nobody: one answer for all.
    for email in [
        "p@e.test",
        "coach@e.test",
        "nobody@e.test",
        "not an address",
    ] {
        assert!(
            matches!(
                add_member(&db, &w.trainer_dat, id, email).await,
                Err(CohortError::UnknownAccount(_))
            ),
            "{email}"
        );
    }
    // An admin may add any trainee.
    assert!(add_member(&db, &w.admin, id, "p@e.test").await.unwrap());
    let v = view(&db, &w.admin, id, Locale::En).await.unwrap();
    let members: Vec<i64> = v.members.iter().map(|m| m.id).collect();
    assert_eq!(members.len(), 2);
    assert!(members.contains(&w.shelter) && members.contains(&w.police));
    assert!(remove(&db, &w.trainer_dat, id, Place::Member, w.police)
        .await
        .unwrap());
    assert!(!remove(&db, &w.trainer_dat, id, Place::Member, w.police)
        .await
        .unwrap());
    // Each change is audited with its person, so erasure can reach it.
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'cohort.changed' AND subject IS NOT NULL"
        )
        .await,
        3
    );

    // Co-trainers: a trainer colleague of the subtree, not a trainee.
    assert!(add(&db, &w.trainer_dat, id, Place::Trainer, "coach@e.test")
        .await
        .unwrap());
    assert!(matches!(
        add(&db, &w.trainer_dat, id, Place::Trainer, "s@e.test").await,
        Err(CohortError::UnknownAccount(_))
    ));
    assert!(matches!(
        add(&db, &w.trainer_dat, id, Place::Trainer, "t-pol@e.test").await,
        Err(CohortError::UnknownAccount(_))
    ));
    assert!(remove(&db, &w.trainer_dat, id, Place::Trainer, w.coach)
        .await
        .unwrap());
}

async fn details_and_days_are_checked(db: Db) {
    let w = world(&db).await;
    let t = &w.trainer_dat;
    let mut d = details("  ", "dat");
    assert!(matches!(
        create(&db, t, &d, &[]).await,
        Err(CohortError::EmptyName)
    ));
    d.name = "CM".into();
    d.starts_on = "2027-02-30".into();
    assert!(matches!(
        create(&db, t, &d, &[]).await,
        Err(CohortError::BadDate(_))
    ));
    d.starts_on = "2027-04-01".into();
    assert!(matches!(
        create(&db, t, &d, &[]).await,
        Err(CohortError::DueBeforeStart)
    ));
    d.starts_on = String::new();
    d.name = "x".repeat(201);
    assert!(matches!(
        create(&db, t, &d, &[]).await,
        Err(CohortError::TooLong(_))
    ));
    d.name = "CM".into();
    assert!(matches!(
        create(&db, t, &d, &["no-such".into()]).await,
        Err(CohortError::UnknownCourse(_))
    ));
    assert_eq!(count(&db, "SELECT COUNT(*) FROM cohorts").await, 0);

    let id = create(&db, t, &d, &["care".into(), "ident".into()])
        .await
        .unwrap();
    assert!(add_session(&db, t, id, "2027-03-09").await.unwrap());
    assert!(add_session(&db, t, id, "2027-3-2").await.unwrap());
    assert!(!add_session(&db, t, id, "2027-03-02").await.unwrap());
    assert!(matches!(
        add_session(&db, t, id, "tomorrow").await,
        Err(CohortError::BadDate(_))
    ));
    let v = view(&db, t, id, Locale::En).await.unwrap();
    assert_eq!(v.sessions, ["2027-03-02", "2027-03-09"]);
    assert_eq!(v.starts_on, None);
    assert_eq!(v.due_on.as_deref(), Some("2027-03-31"));
    assert!(remove_session(&db, t, id, "2027-03-09").await.unwrap());

    // Saving replaces the details and the assigned courses.
    save(
        &db,
        t,
        id,
        &details("CM March", "shelter"),
        &["care".into()],
    )
    .await
    .unwrap();
    let v = view(&db, t, id, Locale::En).await.unwrap();
    assert_eq!(v.name, "CM March");
    assert_eq!(v.organisation_slug, "shelter");
    assert_eq!(v.courses.iter().filter(|c| c.assigned).count(), 1);
}

async fn trainees_see_their_cohorts_courses_with_the_due_date(db: Db) {
    let w = world(&db).await;
    let t = &w.trainer_dat;
    let mut later = details("April", "dat");
    later.due_on = "2027-04-30".into();
    later.starts_on = String::new();
    let a = create(&db, t, &later, &["care".into(), "ident".into()])
        .await
        .unwrap();
    let b = create(&db, t, &details("March", "dat"), &["ident".into()])
        .await
        .unwrap();
    for id in [a, b] {
        add_member(&db, t, id, "s@e.test").await.unwrap();
    }
    let got = assignments(&db, w.shelter).await.unwrap();
    let brief: Vec<_> = got
        .iter()
        .map(|a| (a.course_slug.as_str(), a.due_on.as_deref()))
        .collect();
    // `ident` is due first through March; `care` only through April.
    assert_eq!(
        brief,
        [("ident", Some("2027-03-31")), ("care", Some("2027-04-30"))]
    );
    assert!(assignments(&db, w.police).await.unwrap().is_empty());
}

test_on_both_databases!(
    each_caller_sees_and_changes_only_the_cohorts_of_their_tree,
    members_are_trainees_the_caller_manages,
    details_and_days_are_checked,
    trainees_see_their_cohorts_courses_with_the_due_date,
);

async fn a_course_that_requires_attendance_completes_when_it_is_recorded(db: Db) {
    use crate::ssr::testing::finish;
    let w = world(&db).await;
    let t = &w.trainer_dat;
    // `care` asks for two session days (as `attendance_sessions = 2` in
    // its course.md would).
    sqlx::query(
        "UPDATE course_texts SET attendance_sessions = 2
         WHERE course_id = (SELECT id FROM courses WHERE slug = 'care')",
    )
    .execute(db.pool())
    .await
    .unwrap();
    let id = create(&db, t, &details("Care workshop", "dat"), &["care".into()])
        .await
        .unwrap();
    add_member(&db, t, id, "s@e.test").await.unwrap();
    for day in ["2027-03-02", "2027-03-09"] {
        add_session(&db, t, id, day).await.unwrap();
    }
    let completed = || async {
        count(
            &db,
            &format!(
                "SELECT COUNT(*) FROM course_completions WHERE user_id = {}",
                w.shelter
            ),
        )
        .await
    };
    finish(&db, w.shelter, "care").await;
    assert_eq!(
        completed().await,
        0,
        "every module done, no session attended"
    );

    assert_eq!(
        record_attendance(&db, t, id, "2027-03-02", &[w.shelter])
            .await
            .unwrap(),
        1
    );
    assert_eq!(completed().await, 0, "one of two session days");
    // Refused: someone not in the cohort, a day without a session, a
    // ministry user — and nothing of them is written.
    assert!(matches!(
        record_attendance(&db, t, id, "2027-03-09", &[w.shelter, w.police]).await,
        Err(CohortError::UnknownAccount(_))
    ));
    assert!(matches!(
        record_attendance(&db, t, id, "2027-03-10", &[w.shelter]).await,
        Err(CohortError::BadDate(_))
    ));
    assert!(matches!(
        record_attendance(&db, &w.ministry, id, "2027-03-09", &[w.shelter]).await,
        Err(CohortError::Forbidden)
    ));
    assert_eq!(completed().await, 0);
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM cohort_attendance").await,
        1
    );

    record_attendance(&db, t, id, "2027-03-09", &[w.shelter])
        .await
        .unwrap();
    assert_eq!(completed().await, 1, "the second day completes the course");
    let certified: i64 = count(
        &db,
        &format!(
            "SELECT COUNT(*) FROM course_standings WHERE user_id = {} AND completed_at IS NOT NULL
               AND certificate_code IS NOT NULL",
            w.shelter
        ),
    )
    .await;
    assert_eq!(certified, 1, "its certificate and the report follow");
    let v = view(&db, t, id, Locale::En).await.unwrap();
    assert_eq!(v.attendance, [vec![w.shelter], vec![w.shelter]]);
    let attended = || async {
        count(
            &db,
            &format!(
                "SELECT sessions_attended FROM course_standings WHERE user_id = {}",
                w.shelter
            ),
        )
        .await
    };
    assert_eq!(attended().await, 2, "the report's column");
    // A removed session day takes its attendance with it, in the report too.
    remove_session(&db, t, id, "2027-03-09").await.unwrap();
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM cohort_attendance").await,
        1
    );
    assert_eq!(attended().await, 1);
    // Unassigning the course leaves nothing to count for it.
    save(&db, t, id, &details("Care workshop", "dat"), &[])
        .await
        .unwrap();
    assert_eq!(attended().await, 0);
}

test_on_both_databases!(a_course_that_requires_attendance_completes_when_it_is_recorded);

// ---- Bulk enrolment -------------------------------------------------------

const ROSTER_HEADER: &str =
    "name,name_latin,email,username,organisation,position,province,language\n";

fn roster(rows: &[&str]) -> Vec<u8> {
    format!("{ROSTER_HEADER}{}", rows.concat()).into_bytes()
}

fn steps(plan: &enrol::Plan) -> Vec<enrol::Step> {
    match plan {
        enrol::Plan::Ready { rows, .. } => rows.iter().map(|r| r.step.clone()).collect(),
        other => panic!("not ready: {other:?}"),
    }
}

fn bad_cells(plan: &enrol::Plan) -> Vec<(usize, &'static str, roster::Problem)> {
    match plan {
        enrol::Plan::Rejected(errors) => errors
            .iter()
            .map(|e| (e.row, e.column, e.reason.clone()))
            .collect(),
        other => panic!("not rejected: {other:?}"),
    }
}

async fn a_roster_imports_what_its_preview_showed(db: Db) {
    let w = world(&db).await;
    let t = &w.trainer_dat;
    let id = create(&db, t, &details("CM workshop", "dat"), &[])
        .await
        .unwrap();
    let scope = scope_of(&db, t).await.unwrap();
    let file = roster(&[
        "Somchai,,S@e.test,,shelter,,,\n", // the existing trainee
        "อนงค์ ใจดี,Anong Jaidee,anong@e.test,,shelter,Officer,ลำพูน,th\n", // new, with e-mail
        "Kham,,,kham.p,dat,,,\n",          // new, username only
    ]);
    let users_before = count(&db, "SELECT COUNT(*) FROM users").await;
    let shown = enrol::preview(&db, &scope, id, &file).await.unwrap();
    assert_eq!(
        steps(&shown),
        [
            enrol::Step::Match(w.shelter),
            enrol::Step::Create,
            enrol::Step::Create
        ]
    );
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM users").await,
        users_before,
        "a preview writes nothing"
    );
    let done = enrol::import(&db, &scope, Some(t.id), id, &file)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(done.created.len(), 2);
    assert_eq!(done.matched.len(), 1);
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM users").await,
        users_before + 2
    );
    assert_eq!(count(&db, "SELECT COUNT(*) FROM cohort_members").await, 3);
    // The new accounts: trainees of the named organisation, no password yet,
    // signing in with the address or the username; each creation audited.
    let (name, hash, language, org): (String, String, String, String) = sqlx::query_as(
        "SELECT u.name, u.password_hash, u.preferred_language, o.slug FROM users u
         JOIN organisations o ON o.id = u.organisation_id WHERE u.email = 'anong@e.test'",
    )
    .fetch_one(db.pool())
    .await
    .unwrap();
    assert_eq!(
        (
            name.as_str(),
            hash.as_str(),
            language.as_str(),
            org.as_str()
        ),
        ("อนงค์ ใจดี", "!", "th", "shelter")
    );
    let kham = crate::ssr::users::find_by_login(&db, "kham.p")
        .await
        .unwrap()
        .unwrap();
    assert_eq!((kham.email, kham.roles), (None, vec![Role::Trainee]));
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'account.created'"
        )
        .await,
        2
    );
    // The same file again adds nobody twice and creates nobody.
    let again = enrol::import(&db, &scope, Some(t.id), id, &file)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (again.created.len(), again.matched.len(), again.already),
        (0, 0, 3)
    );
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM users").await,
        users_before + 2
    );
}

async fn rows_naming_other_peoples_accounts_are_refused_whole(db: Db) {
    let w = world(&db).await;
    let t = &w.trainer_dat;
    let id = create(&db, t, &details("CM workshop", "dat"), &[])
        .await
        .unwrap();
    for (username, id) in [("somchai.k", w.police), ("somchai.s", w.shelter)] {
        sqlx::query("UPDATE users SET username = $1 WHERE id = $2")
            .bind(username)
            .bind(id)
            .execute(db.pool())
            .await
            .unwrap();
    }
    let scope = scope_of(&db, t).await.unwrap();
    let file = roster(&[
        "New Person,,new@e.test,,shelter,,,\n",  // 2: fine on its own
        "Pim,,p@e.test,,shelter,,,\n",           // 3: the police trainee: outside the scope
        "Someone Else,,,somchai.s,shelter,,,\n", // 4: the shelter trainee's username, another name
        "Coach,,coach@e.test,,shelter,,,\n",     // 5: a trainer, not a trainee
        "Somchai,,s@e.test,somchai.k,shelter,,,\n", // 6: address and username of two accounts
        "Somchai,,,,police,,,\n",                // 7: no login, an organisation outside the scope
    ]);
    let before = (
        count(&db, "SELECT COUNT(*) FROM users").await,
        count(&db, "SELECT COUNT(*) FROM audit_log").await,
    );
    let refused = enrol::import(&db, &scope, Some(t.id), id, &file)
        .await
        .unwrap()
        .unwrap_err();
    // The file's own problems come first (checked before any account is
    // looked up): then only those rows are reported.
    assert_eq!(
        bad_cells(&refused),
        [
            (7, "email", roster::Problem::NoLogin),
            (
                7,
                "organisation",
                roster::Problem::UnknownOrganisation("police".into())
            ),
        ]
    );
    let file = roster(&[
        "New Person,,new@e.test,,shelter,,,\n",
        "Pim,,p@e.test,,shelter,,,\n",
        "Someone Else,,,somchai.s,shelter,,,\n",
        "Coach,,coach@e.test,,shelter,,,\n",
        "Somchai,,s@e.test,somchai.k,shelter,,,\n",
    ]);
    let refused = enrol::import(&db, &scope, Some(t.id), id, &file)
        .await
        .unwrap()
        .unwrap_err();
    use roster::Problem::{TakenByOther, TwoAccounts};
    assert_eq!(
        bad_cells(&refused),
        [
            (3, "email", TakenByOther),
            (4, "username", TakenByOther),
            (5, "email", TakenByOther),
            (6, "username", TwoAccounts),
        ]
    );
    assert_eq!(
        (
            count(&db, "SELECT COUNT(*) FROM users").await,
            count(&db, "SELECT COUNT(*) FROM audit_log").await,
        ),
        before,
        "nothing written"
    );
    assert_eq!(count(&db, "SELECT COUNT(*) FROM cohort_members").await, 0);
    // An administrator may enrol the police trainee (same name, any scope).
    let everyone = scope_of(&db, &w.admin).await.unwrap();
    let file = roster(&["pim,,P@E.TEST,,police,,,\n"]);
    let shown = enrol::preview(&db, &everyone, id, &file).await.unwrap();
    assert_eq!(steps(&shown), [enrol::Step::Match(w.police)]);
}

async fn a_thai_windows_roster_is_stored_as_thai(db: Db) {
    let w = world(&db).await;
    let t = &w.trainer_dat;
    let id = create(&db, t, &details("CM workshop", "dat"), &[])
        .await
        .unwrap();
    let text = format!("{ROSTER_HEADER}สมศรี มีสุข,,,somsri.m,dat,นักสังคมสงเคราะห์,ลำพูน,th\n");
    let (bytes, _, _) = encoding_rs::WINDOWS_874.encode(&text);
    // Through the upload, its preview and its import, as the page does.
    let upload = enrol::upload(&db, t, id, "hr.csv", &bytes).await.unwrap();
    let preview = enrol::preview_upload(&db, t, id, upload).await.unwrap();
    assert_eq!(preview.encoding.as_deref(), Some("windows-874"));
    assert_eq!(preview.rows[0].name, "สมศรี มีสุข");
    // Not another trainer's to see or import.
    assert!(enrol::preview_upload(&db, &w.trainer_police, id, upload)
        .await
        .is_err());
    assert!(
        enrol::import_upload(&db, &w.admin, id, upload)
            .await
            .is_err(),
        "an upload is its uploader's"
    );
    enrol::import_upload(&db, t, id, upload)
        .await
        .unwrap()
        .unwrap();
    let (name, position): (String, String) =
        sqlx::query_as("SELECT name, position FROM users WHERE username = 'somsri.m'")
            .fetch_one(db.pool())
            .await
            .unwrap();
    assert_eq!(
        (name.as_str(), position.as_str()),
        ("สมศรี มีสุข", "นักสังคมสงเคราะห์")
    );
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM roster_uploads").await,
        0,
        "forgotten once imported"
    );
}

test_on_both_databases!(
    a_roster_imports_what_its_preview_showed,
    rows_naming_other_peoples_accounts_are_refused_whole,
    a_thai_windows_roster_is_stored_as_thai,
);

// ---- Join codes -------------------------------------------------------------

#[test]
fn join_codes_are_long_random_and_typed_loosely() {
    let code = join::new_code();
    assert_eq!(code.len(), 14);
    assert_eq!(join::normalise_code(&code).as_deref(), Some(code.as_str()));
    let loose = code.to_lowercase().replace('-', " ");
    assert_eq!(join::normalise_code(&loose).as_deref(), Some(code.as_str()));
    assert_ne!(join::new_code(), code);
    for bad in [
        "",
        "ABCD-EFGH",
        "ABCD-EFGH-JKM0",
        "ABCD-EFGH-JKMNP",
        "ABCD-EFGH-JKMÑ",
    ] {
        assert_eq!(join::normalise_code(bad), None, "{bad}");
    }
}

fn registration(name: &str, username: &str) -> join::Registration {
    join::Registration {
        name: name.into(),
        username: username.into(),
        password: "river-lamp-quiet-42".into(),
        ..Default::default()
    }
}

async fn a_join_code_registers_trainees_until_it_expires_or_is_used_up(db: Db) {
    let w = world(&db).await;
    let t = &w.trainer_dat;
    let id = create(&db, t, &details("CM workshop", "shelter"), &[])
        .await
        .unwrap();
    // Only those who manage the cohort make codes, within bounds.
    assert!(matches!(
        join::create_code(&db, &w.trainer_police, id, 14, 2).await,
        Err(CohortError::NotFound)
    ));
    assert!(matches!(
        join::create_code(&db, &w.ministry, id, 14, 2).await,
        Err(CohortError::Forbidden)
    ));
    assert!(matches!(
        join::create_code(&db, t, id, 91, 2).await,
        Err(CohortError::BadJoinTerms)
    ));
    let code = join::create_code(&db, t, id, 14, 2).await.unwrap();

    // A new trainee registers: an account in the cohort's organisation,
    // a member, signing in with the username and password chosen.
    let typed = code.to_lowercase();
    let kham = join::register(&db, "192.0.2.1", &typed, &registration("Kham", "Kham.P"))
        .await
        .unwrap();
    let account = crate::ssr::users::find_by_login(&db, "kham.p")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(account.id, kham);
    assert_eq!(account.roles, vec![Role::Trainee]);
    let shelter = organisations::find_by_slug(&db, "shelter")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(account.organisation_id, Some(shelter.id));
    assert!(
        crate::ssr::auth::login::sign_in(&db, "kham.p", "river-lamp-quiet-42", "192.0.2.1")
            .await
            .is_ok()
    );
    // A refused registration (a taken username) spends no use.
    assert!(matches!(
        join::register(&db, "192.0.2.2", &code, &registration("Other", "kham.p")).await,
        Err(join::JoinError::User(
            crate::ssr::users::UserError::DuplicateUsername(_)
        ))
    ));
    // A signed-in trainee joins with the code: the second and last use.
    let pim = actor(w.police, &[Role::Trainee], None);
    assert_eq!(join::join(&db, "192.0.2.3", &pim, &code).await.unwrap(), id);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM cohort_members").await, 2);
    // Used up: refused, nothing written.
    let users = count(&db, "SELECT COUNT(*) FROM users").await;
    assert!(matches!(
        join::register(&db, "192.0.2.4", &code, &registration("Late", "late.one")).await,
        Err(join::JoinError::InvalidCode)
    ));
    assert_eq!(count(&db, "SELECT COUNT(*) FROM users").await, users);

    // Expired and revoked codes are refused the same way.
    let expired = join::create_code(&db, t, id, 1, 10).await.unwrap();
    sqlx::query("UPDATE cohort_join_codes SET expires_at = $1 WHERE code = $2")
        .bind(now() - 1)
        .bind(&expired)
        .execute(db.pool())
        .await
        .unwrap();
    let revoked = join::create_code(&db, t, id, 1, 10).await.unwrap();
    let revoked_id: i64 = sqlx::query_scalar("SELECT id FROM cohort_join_codes WHERE code = $1")
        .bind(&revoked)
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert!(!join::revoke_code(&db, &w.trainer_police, id, revoked_id)
        .await
        .is_ok_and(|d| d));
    assert!(join::revoke_code(&db, t, id, revoked_id).await.unwrap());
    for dead in [&expired, &revoked] {
        assert!(matches!(
            join::register(&db, "192.0.2.5", dead, &registration("Late", "late.one")).await,
            Err(join::JoinError::InvalidCode)
        ));
    }
    assert_eq!(count(&db, "SELECT COUNT(*) FROM users").await, users);
    // The cohort page lists them for its managers only.
    let v = view(&db, t, id, Locale::En).await.unwrap();
    assert_eq!(v.join_codes.len(), 3);
    assert_eq!(v.join_codes.iter().filter(|c| c.live).count(), 0);
    assert!(view(&db, &w.ministry, id, Locale::En)
        .await
        .unwrap()
        .join_codes
        .is_empty());
}

async fn registration_is_rate_limited_per_client(db: Db) {
    let w = world(&db).await;
    let id = create(&db, &w.trainer_dat, &details("CM", "dat"), &[])
        .await
        .unwrap();
    let code = join::create_code(&db, &w.trainer_dat, id, 14, 100)
        .await
        .unwrap();
    // Wrong codes from one address: ten tries an hour, then refused — even
    // with the right code; another address is not held up. One IPv6 /64 is
    // one client.
    for i in 0..join::PER_HOUR {
        let wrong = format!("AAAA-AAAA-AA{i:02}")
            .replace('0', "B")
            .replace('1', "C");
        let r = join::register(
            &db,
            &format!("2001:db8::{i}"),
            &wrong,
            &registration("X", "x.y"),
        )
        .await;
        assert!(matches!(r, Err(join::JoinError::InvalidCode)), "{r:?}");
    }
    let r = join::register(&db, "2001:db8::ff", &code, &registration("Kham", "kham.p")).await;
    assert!(matches!(r, Err(join::JoinError::Throttled)), "{r:?}");
    join::register(&db, "2001:db9::1", &code, &registration("Kham", "kham.p"))
        .await
        .unwrap();
}

test_on_both_databases!(
    a_join_code_registers_trainees_until_it_expires_or_is_used_up,
    registration_is_rate_limited_per_client,
);

// ---- Sign-in sheets -----------------------------------------------------------

async fn sign_in_sheets_issue_links_that_work_once_and_end_earlier_ones(db: Db) {
    use crate::ssr::auth::password_reset::{check, redeem, ResetError};
    let w = world(&db).await;
    let t = &w.trainer_dat;
    let id = create(&db, t, &details("CM workshop", "dat"), &[])
        .await
        .unwrap();
    let scope = scope_of(&db, t).await.unwrap();
    // Two new trainees from a roster, the shelter trainee (who has signed
    // in), and the police trainee joined by code (not the trainer's).
    let file = roster(&[
        "สมศรี มีสุข,Somsri Meesuk,,somsri.m,shelter,,,th\n",
        "Kham,,kham@e.test,,dat,,,\n",
        "Somchai,,s@e.test,,shelter,,,\n",
    ]);
    enrol::import(&db, &scope, Some(t.id), id, &file)
        .await
        .unwrap()
        .unwrap();
    crate::ssr::auth::login::sign_in(
        &db,
        "s@e.test",
        crate::ssr::testing::TEST_PASSWORD,
        "192.0.2.9",
    )
    .await
    .unwrap();
    let code = join::create_code(&db, t, id, 1, 5).await.unwrap();
    let pim = actor(w.police, &[Role::Trainee], None);
    join::join(&db, "192.0.2.8", &pim, &code).await.unwrap();
    let audits = || {
        count(
            &db,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'cohort.sign_in_sheets'",
        )
    };

    // Not for another tree's trainer or a ministry user.
    assert!(sheets::print(&db, &w.trainer_police, id, false)
        .await
        .is_err());
    assert!(sheets::print(&db, &w.ministry, id, false).await.is_err());
    assert_eq!(count(&db, "SELECT COUNT(*) FROM password_resets").await, 0);

    let first = sheets::print(&db, t, id, false).await.unwrap();
    let names: Vec<&str> = first.slips.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Kham", "สมศรี มีสุข"], "the two who never signed in");
    assert_eq!(first.slips[1].login, "somsri.m");
    assert_eq!(audits().await, 1);
    // Printing again ends the first sheet's links.
    let again = sheets::print(&db, t, id, false).await.unwrap();
    assert!(matches!(
        check(&db, &first.slips[1].token).await,
        Err(ResetError::Invalid)
    ));
    let token = &again.slips[1].token;
    let somsri = redeem(&db, token, "river-lamp-quiet-42", None)
        .await
        .unwrap();
    assert!(
        crate::ssr::auth::login::sign_in(&db, "somsri.m", "river-lamp-quiet-42", "192.0.2.1")
            .await
            .is_ok_and(|id| id == somsri)
    );
    assert!(
        redeem(&db, token, "another-long-pass-9", None)
            .await
            .is_err(),
        "once only"
    );
    // `everyone`: those who signed in too — but never the member outside
    // the trainer's scope.
    let all = sheets::print(&db, t, id, true).await.unwrap();
    let names: Vec<&str> = all.slips.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Kham", "Somchai", "สมศรี มีสุข"]);
    assert_eq!(audits().await, 3);
}

test_on_both_databases!(sign_in_sheets_issue_links_that_work_once_and_end_earlier_ones);

// ---- The cohort dashboard ------------------------------------------------------

async fn the_dashboard_shows_each_members_progress_and_who_is_overdue(db: Db) {
    use crate::model::cohorts::{ModuleState, ProgressQuery};
    use crate::ssr::testing::finish;
    let w = world(&db).await;
    let t = &w.trainer_dat;
    let mut d = details("CM workshop", "dat");
    (d.starts_on, d.due_on) = ("2026-01-01".into(), "2026-01-31".into());
    let id = create(&db, t, &d, &["care".into()]).await.unwrap();
    let scope = scope_of(&db, t).await.unwrap();
    let file = roster(&["\"=1+1 Anong\",,,anong.k,dat,,,\n"]);
    enrol::import(&db, &scope, Some(t.id), id, &file)
        .await
        .unwrap()
        .unwrap();
    add_member(&db, t, id, "s@e.test").await.unwrap();
    let code = join::create_code(&db, t, id, 1, 5).await.unwrap();
    join::join(
        &db,
        "192.0.2.8",
        &actor(w.police, &[Role::Trainee], None),
        &code,
    )
    .await
    .unwrap();
    finish(&db, w.shelter, "care").await;
    let anong = crate::ssr::users::find_by_login(&db, "anong.k")
        .await
        .unwrap()
        .unwrap()
        .id;
    let (course_id, modules) = crate::ssr::testing::course(&db, "care").await;
    crate::ssr::courses::progress::opened(&db, anong, course_id, modules[0].1, modules[0].2)
        .await
        .unwrap();

    let q = |sort: &str, dir: &str| ProgressQuery {
        course: String::new(),
        sort: sort.into(),
        dir: dir.into(),
    };
    let p = progress::progress(&db, t, id, &q("", ""), Locale::En)
        .await
        .unwrap();
    assert_eq!(p.course.as_ref().map(|c| c.slug.as_str()), Some("care"));
    assert_eq!(p.modules.len(), 2);
    assert_eq!(
        p.hidden, 1,
        "the police trainee is not the trainer's to see"
    );
    let names: Vec<&str> = p.rows.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["=1+1 Anong", "Somchai"]);
    let (a, s) = (&p.rows[0], &p.rows[1]);
    assert_eq!(a.modules, [ModuleState::Started, ModuleState::NotStarted]);
    assert_eq!(s.modules, [ModuleState::Done, ModuleState::Done]);
    assert!(s.completed_at.is_some() && !s.overdue);
    assert!(a.overdue, "past the due date, not completed");
    let by_progress = progress::progress(&db, t, id, &q("progress", "desc"), Locale::En)
        .await
        .unwrap();
    assert_eq!(by_progress.rows[0].name, "Somchai");
    let by_overdue = progress::progress(&db, t, id, &q("overdue", "desc"), Locale::En)
        .await
        .unwrap();
    assert_eq!(by_overdue.rows[0].name, "=1+1 Anong");

    // The export: a byte-order mark, a column per module, numbers bare,
    // the name defused.
    let csv = progress::csv(&p, &crate::ssr::zone::current());
    assert!(csv.starts_with('\u{FEFF}'));
    let header = csv.lines().next().unwrap();
    assert_eq!(header.matches("module:").count(), 2, "{header}");
    assert!(
        header.ends_with("\"certificate_status\",\"overdue\""),
        "{header}"
    );
    assert!(!csv.contains(",=1+1"), "{csv}");
    assert!(csv.contains("'=1+1 Anong"), "{csv}");

    // Read by the ministry above; not found by another tree's trainer.
    assert!(
        progress::progress(&db, &w.ministry, id, &q("", ""), Locale::En)
            .await
            .is_ok()
    );
    assert!(matches!(
        progress::progress(&db, &w.trainer_police, id, &q("", ""), Locale::En).await,
        Err(CohortError::NotFound)
    ));
}

test_on_both_databases!(the_dashboard_shows_each_members_progress_and_who_is_overdue);
