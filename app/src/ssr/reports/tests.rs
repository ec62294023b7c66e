//! The completion report on both databases: what each caller's scope lets
//! them see through every filter, sort and page; what a row says after real
//! progress, attempts, certificates and a revocation; totals; exports
//! audited; and the maintained standings equal to a fresh recomputation.

use super::completions::{choices, for_export, report, Report, Rows};
use super::dashboard::dashboard;
use super::gain::gain;
use super::questions::questions;
use crate::i18n::Locale;
use crate::model::assessment::Purpose;
use crate::model::reports::{CertificateStatus, Figure, ReportQuery, SortKey};
use crate::model::roles::Role;
use crate::ssr::auth::CurrentUser;
use crate::ssr::certificates::revoke::revoke;
use crate::ssr::cohorts;
use crate::ssr::courses::progress::opened;
use crate::ssr::db::{now, Db};
use crate::ssr::error::DomainError;
use crate::ssr::organisations;
use crate::ssr::quiz::attempt;
use crate::ssr::standings;
use crate::ssr::testing::{actor, course, finish, import_two_courses, insert_user};
use crate::ssr::users;
use crate::test_on_both_databases;
use sqlx::Row;

/// A graded attempt with `score` (tenths of a percent), recorded directly;
/// the standing is refreshed as the grading transaction does.
async fn graded(db: &Db, user: i64, slug: &str, purpose: &str, score: i64, passed: bool) {
    let (course, _) = course(db, slug).await;
    sqlx::query(
        "INSERT INTO assessment_attempts (user_id, course_id, assessment_id, purpose, seed, paper,
             answers, started_at, submitted_at, score, passed)
         SELECT $1, $2, id, $3, 0, '[]', '[]', $4, $4, $5, $6 FROM assessments WHERE course_id = $2",
    )
    .bind(user)
    .bind(course)
    .bind(purpose)
    .bind(now())
    .bind(score)
    .bind(i64::from(passed))
    .execute(db.pool())
    .await
    .unwrap();
    let mut conn = db.pool().acquire().await.unwrap();
    standings::refresh(&mut conn, user, course).await.unwrap();
}

struct World {
    ministry_dat: CurrentUser,
    ministry_police: CurrentUser,
    trainer_dat: CurrentUser,
    trainer_and_ministry_police: CurrentUser,
    admin: CurrentUser,
    /// Trainees: in the shelter (below the department), in the department,
    /// in the police; and a trainer of the department who read a module.
    shelter: i64,
    dat: i64,
    police: i64,
    staff: i64,
}

/// Two organisation trees (`msdhs` → `dat` → `shelter`; `police`), their
/// trainees with real progress, and the callers.
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
    let t = &[Role::Trainee];
    let w = World {
        ministry_dat: actor(
            insert_user(db, "m-dat@test", "M", &[Role::Ministry], Some(dat)).await,
            &[Role::Ministry],
            Some(dat),
        ),
        ministry_police: actor(
            insert_user(db, "m-pol@test", "M", &[Role::Ministry], Some(police)).await,
            &[Role::Ministry],
            Some(police),
        ),
        trainer_dat: actor(
            insert_user(db, "t-dat@test", "T", &[Role::Trainer], Some(dat)).await,
            &[Role::Trainer],
            Some(dat),
        ),
        trainer_and_ministry_police: actor(
            insert_user(
                db,
                "tm@test",
                "TM",
                &[Role::Trainer, Role::Ministry],
                Some(police),
            )
            .await,
            &[Role::Trainer, Role::Ministry],
            Some(police),
        ),
        admin: actor(
            insert_user(db, "admin@test", "A", &[Role::Admin], None).await,
            &[Role::Admin],
            None,
        ),
        shelter: insert_user(db, "s@test.org", "สมชาย ใจดี", t, Some(shelter)).await,
        dat: insert_user(db, "d@test", "Dara", t, Some(dat)).await,
        police: insert_user(db, "p@test", "Pim", t, Some(police)).await,
        staff: insert_user(db, "staff@test", "Staff", &[Role::Trainer], Some(dat)).await,
    };
    sqlx::query("UPDATE users SET name_latin = 'Somchai Jaidee', province = 'Chiang Mai', position = 'Social worker' WHERE id = $1")
        .bind(w.shelter)
        .execute(db.pool())
        .await
        .unwrap();
    sqlx::query(
        "UPDATE users SET province = 'Bangkok', position = 'Police officer' WHERE id IN ($1, $2)",
    )
    .bind(w.dat)
    .bind(w.police)
    .execute(db.pool())
    .await
    .unwrap();
    finish(db, w.shelter, "care").await;
    finish(db, w.police, "care").await;
    let (care, modules) = course(db, "care").await;
    opened(db, w.dat, care, modules[0].1, modules[0].2)
        .await
        .unwrap();
    opened(db, w.staff, care, modules[0].1, modules[0].2)
        .await
        .unwrap();
    graded(db, w.shelter, "ident", "pretest", 400, false).await;
    graded(db, w.shelter, "ident", "final", 600, false).await;
    graded(db, w.shelter, "ident", "final", 850, true).await;
    graded(db, w.dat, "ident", "pretest", 700, false).await;
    w
}

async fn run(db: &Db, user: &CurrentUser, query: &ReportQuery) -> Report {
    report(db, user, query, Locale::En, Rows::All)
        .await
        .expect("a report")
}

fn ids(r: &Report) -> Vec<(i64, String)> {
    let mut v: Vec<_> = r
        .rows
        .iter()
        .map(|row| (row.user_id, row.course_slug.clone()))
        .collect();
    v.sort();
    v
}

async fn each_scope_sees_its_own_trainees_through_every_filter_sort_and_page(db: Db) {
    let w = world(&db).await;
    let all = ReportQuery::default();
    let care = |u: i64| (u, "care".to_string());
    let ident = |u: i64| (u, "ident".to_string());
    // The department's ministry user: the department and the shelter below
    // it — never the police, never a non-trainee.
    let seen = run(&db, &w.ministry_dat, &all).await;
    assert_eq!(
        ids(&seen),
        vec![care(w.shelter), ident(w.shelter), care(w.dat), ident(w.dat)]
    );
    assert_eq!((seen.totals.rows, seen.totals.trainees), (4, 2));
    assert_eq!(
        ids(&run(&db, &w.ministry_police, &all).await),
        vec![care(w.police)]
    );
    assert_eq!(ids(&run(&db, &w.trainer_dat, &all).await).len(), 4);
    assert_eq!(
        ids(&run(&db, &w.trainer_and_ministry_police, &all).await),
        vec![care(w.police)]
    );
    let everyone = run(&db, &w.admin, &all).await;
    assert_eq!(
        everyone.totals.rows, 5,
        "the trainer's own reading is not a trainee's"
    );

    // No filter, sort or page reaches outside the scope, not even as a count.
    let other_tree = ReportQuery {
        org: "police".into(),
        ..ReportQuery::default()
    };
    let r = run(&db, &w.ministry_dat, &other_tree).await;
    assert!(r.rows.is_empty());
    assert_eq!(r.totals, Default::default());
    for key in SortKey::ALL {
        for dir in ["asc", "desc"] {
            let q = ReportQuery {
                sort: key.code().into(),
                dir: dir.into(),
                page: 999,
                ..ReportQuery::default()
            };
            let page = report(&db, &w.ministry_police, &q, Locale::En, Rows::Page)
                .await
                .unwrap();
            assert_eq!(page.page, 1, "an out-of-range page shows the last page");
            assert_eq!(ids(&page), vec![care(w.police)], "sorted by {key:?} {dir}");
        }
    }
    for q in [
        ReportQuery {
            province: "Bangkok".into(),
            ..ReportQuery::default()
        },
        ReportQuery {
            position: "Police officer".into(),
            ..ReportQuery::default()
        },
        ReportQuery {
            course: "care".into(),
            ..ReportQuery::default()
        },
        ReportQuery {
            status: "completed".into(),
            ..ReportQuery::default()
        },
    ] {
        let r = run(&db, &w.ministry_dat, &q).await;
        assert!(r.rows.iter().all(|row| row.user_id != w.police), "{q:?}");
        assert_eq!(r.totals.rows, r.rows.len() as i64);
    }
    // A child organisation narrows; a parent does not widen.
    assert_eq!(
        ids(&run(
            &db,
            &w.ministry_dat,
            &ReportQuery {
                org: "shelter".into(),
                ..all.clone()
            }
        )
        .await),
        vec![care(w.shelter), ident(w.shelter)]
    );
    assert_eq!(
        run(
            &db,
            &w.ministry_dat,
            &ReportQuery {
                org: "msdhs".into(),
                ..all.clone()
            }
        )
        .await
        .totals
        .rows,
        4
    );
    // Callers with no reporting scope are refused.
    for nobody in [
        actor(w.shelter, &[Role::Trainee], None),
        actor(w.staff, &[Role::Trainer], None),
    ] {
        assert!(matches!(
            report(&db, &nobody, &all, Locale::En, Rows::Page).await,
            Err(DomainError::Forbidden)
        ));
    }
}

async fn rows_say_how_far_each_trainee_got(db: Db) {
    let w = world(&db).await;
    let r = run(&db, &w.admin, &ReportQuery::default()).await;
    let row = |user: i64, course: &str| {
        r.rows
            .iter()
            .find(|row| row.user_id == user && row.course_slug == course)
            .unwrap()
            .clone()
    };
    let care = row(w.shelter, "care");
    assert_eq!(care.name, "สมชาย ใจดี");
    assert_eq!(care.name_latin.as_deref(), Some("Somchai Jaidee"));
    assert_eq!(
        care.organisation_path,
        ["Ministry", "Department", "Shelter"]
    );
    assert_eq!((care.modules_done, care.modules_total), (2, 2));
    assert!(care.completed_at.is_some());
    assert_eq!(care.course_title, "Trauma-informed care");
    let certificate = care.certificate.clone().unwrap();
    assert_eq!(certificate.status, CertificateStatus::Valid);
    let ident = row(w.shelter, "ident");
    assert_eq!(
        (ident.pretest, ident.final_score, ident.passed),
        (Some(40.0), Some(85.0), Some(true))
    );
    assert_eq!(ident.completed_at, None, "modules not read yet");
    let started = row(w.dat, "care");
    assert_eq!((started.modules_done, started.completed_at), (0, None));
    assert_eq!(row(w.dat, "ident").passed, None);

    // Totals over every row: 5 rows, 3 trainees, 2 completed, 1 passed, 2
    // certified; means of the rows that have a score.
    assert_eq!(r.totals.rows, 5);
    assert_eq!(r.totals.trainees, 3);
    assert_eq!(
        (r.totals.completed, r.totals.passed, r.totals.certified),
        (2, 1, 2)
    );
    assert_eq!(r.totals.mean_pretest, Some(55.0));
    assert_eq!(r.totals.mean_final, Some(85.0));

    // A revocation shows at once; an expiry date within 90 days is "expiring".
    revoke(&db, &w.admin, &certificate.code, "Issued in error", None)
        .await
        .unwrap();
    let revoked = ReportQuery {
        status: "revoked".into(),
        ..ReportQuery::default()
    };
    let r = run(&db, &w.admin, &revoked).await;
    assert_eq!(ids(&r), vec![(w.shelter, "care".to_string())]);
    assert_eq!(
        r.rows[0].certificate.as_ref().unwrap().status,
        CertificateStatus::Revoked
    );
    sqlx::query("UPDATE certificates SET expires_at = $1 WHERE user_id = $2")
        .bind(now() + 10 * 86_400)
        .bind(w.police)
        .execute(db.pool())
        .await
        .unwrap();
    let mut conn = db.pool().acquire().await.unwrap();
    standings::refresh_all(&mut conn).await.unwrap();
    let expiring = ReportQuery {
        status: "expiring".into(),
        ..ReportQuery::default()
    };
    assert_eq!(
        ids(&run(&db, &w.admin, &expiring).await),
        vec![(w.police, "care".to_string())]
    );
    let valid = ReportQuery {
        status: "valid".into(),
        ..ReportQuery::default()
    };
    assert!(run(&db, &w.admin, &valid).await.rows.is_empty());
}

async fn dates_filter_by_day_inclusive(db: Db) {
    let w = world(&db).await;
    // Days of the deployment's time zone (Asia/Bangkok), not of UTC.
    let zone = crate::ssr::zone::current();
    let today = crate::dates::format_date(zone.local(now()));
    let tomorrow = crate::dates::format_date(zone.local(now() + 86_400));
    let q = |from: &str, to: &str, dates: &str| ReportQuery {
        from: from.into(),
        to: to.into(),
        dates: dates.into(),
        ..ReportQuery::default()
    };
    assert_eq!(
        run(&db, &w.admin, &q(&today, &today, ""))
            .await
            .totals
            .completed,
        2
    );
    assert_eq!(
        run(&db, &w.admin, &q(&tomorrow, "", "")).await.totals.rows,
        0
    );
    assert_eq!(
        run(&db, &w.admin, &q("", &today, "started"))
            .await
            .totals
            .rows,
        5
    );
    assert_eq!(
        run(&db, &w.admin, &q("", &today, "")).await.totals.rows,
        2,
        "completed only"
    );
}

async fn maintained_standings_equal_a_fresh_recomputation(db: Db) {
    let w = world(&db).await;
    // A real pre-test through the attempt flow refreshes too.
    let id = attempt::start(&db, w.police, "ident", Purpose::Pretest, Locale::En)
        .await
        .unwrap()
        .unwrap();
    attempt::submit(&db, w.police, id, &[]).await.unwrap();
    let snapshot = |db: Db| async move {
        sqlx::query(
            "SELECT user_id, course_id, started_at, modules_done, pretest_score, final_score,
                    passed, completed_at, certificate_code, certificate_revoked_at,
                    organisation_id, province, position, name_key, trainee, trainee_only,
                    module_scores, sessions_attended
             FROM course_standings ORDER BY user_id, course_id",
        )
        .fetch_all(db.pool())
        .await
        .unwrap()
        .iter()
        .map(|r| {
            format!(
                "{:?} {:?}",
                (
                    r.get::<i64, _>("user_id"),
                    r.get::<i64, _>("course_id"),
                    r.get::<i64, _>("started_at"),
                    r.get::<i64, _>("modules_done"),
                    r.get::<Option<i64>, _>("pretest_score"),
                    r.get::<Option<i64>, _>("final_score"),
                    r.get::<Option<i64>, _>("passed"),
                    r.get::<Option<i64>, _>("completed_at"),
                    r.get::<Option<String>, _>("certificate_code"),
                ),
                (
                    r.get::<Option<i64>, _>("organisation_id"),
                    r.get::<Option<String>, _>("province"),
                    r.get::<Option<String>, _>("position"),
                    r.get::<String, _>("name_key"),
                    r.get::<i64, _>("trainee"),
                    r.get::<i64, _>("trainee_only"),
                    r.get::<Option<String>, _>("module_scores"),
                    r.get::<i64, _>("sessions_attended"),
                )
            )
        })
        .collect::<Vec<_>>()
    };
    // What the reports copy from an account follows it, however it
    // changes: a move to another organisation, a new name and place, a
    // role added (the trainer who read a module becomes a trainee too) and
    // a trainee's role replaced.
    let police_org = w.ministry_police.organisation_id.unwrap();
    sqlx::query(
        "UPDATE users SET organisation_id = $1, name = 'Dara Moved', province = 'Trat',
                          position = NULL WHERE id = $2",
    )
    .bind(police_org)
    .bind(w.dat)
    .execute(db.pool())
    .await
    .unwrap();
    let mut conn = db.pool().acquire().await.unwrap();
    users::store::add_role(&mut *conn, w.staff, Role::Trainee)
        .await
        .unwrap();
    users::store::set_roles(&mut conn, w.shelter, &[Role::Trainer])
        .await
        .unwrap();
    drop(conn);

    let kept = snapshot(db.clone()).await;
    assert!(
        kept.iter()
            .any(|r| r.starts_with(&format!("({}, ", w.police)) && r.contains("Some(0)")),
        "the police trainee's pre-test (score 0) is there: {kept:?}"
    );
    let row_of = |user: i64| {
        kept.iter()
            .find(|r| r.starts_with(&format!("({user}, ")))
            .unwrap()
            .clone()
    };
    assert!(
        row_of(w.dat).contains(&format!(
            "(Some({police_org}), Some(\"Trat\"), None, \"dara moved\", 1, 1,"
        )),
        "{}",
        row_of(w.dat)
    );
    assert!(row_of(w.staff).contains(", 1, 0, "), "{}", row_of(w.staff));
    assert!(
        row_of(w.shelter).contains(", 0, 0, "),
        "{}",
        row_of(w.shelter)
    );
    sqlx::query("DELETE FROM course_standings")
        .execute(db.pool())
        .await
        .unwrap();
    let mut conn = db.pool().acquire().await.unwrap();
    standings::refresh_all(&mut conn).await.unwrap();
    drop(conn);
    assert_eq!(kept, snapshot(db.clone()).await);
}

async fn exports_are_audited_with_their_filters(db: Db) {
    let w = world(&db).await;
    let q = ReportQuery {
        course: "care".into(),
        ..ReportQuery::default()
    };
    let report = for_export(
        &db,
        &w.ministry_dat,
        &q,
        Locale::En,
        "csv",
        Some("192.0.2.1"),
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(report.rows.len(), 2);
    let row =
        sqlx::query("SELECT actor_id, detail, ip FROM audit_log WHERE action = 'report.exported'")
            .fetch_one(db.pool())
            .await
            .unwrap();
    assert_eq!(
        row.get::<Option<i64>, _>("actor_id"),
        Some(w.ministry_dat.id)
    );
    assert_eq!(
        row.get::<Option<String>, _>("detail").as_deref(),
        Some("csv, 2 rows, course=care")
    );
    assert!(matches!(
        for_export(
            &db,
            &actor(w.police, &[Role::Trainee], None),
            &q,
            Locale::En,
            "csv",
            None
        )
        .await,
        Err(DomainError::Forbidden)
    ));
    let n: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'report.exported'")
            .fetch_one(db.pool())
            .await
            .unwrap();
    assert_eq!(n, 1, "a refused export is not recorded as one");
}

/// `n` trainees of organisation `org` who took the pre-test (`pre`) and
/// passed a final (`post`) of "ident" and completed it this month.
async fn crowd(db: &Db, org: i64, name: &str, n: usize, pre: i64, post: i64) {
    let (course, _) = course(db, "ident").await;
    for i in 0..n {
        let user = insert_user(
            db,
            &format!("{name}{i}@test"),
            name,
            &[Role::Trainee],
            Some(org),
        )
        .await;
        sqlx::query("UPDATE users SET province = $1 WHERE id = $2")
            .bind(name)
            .bind(user)
            .execute(db.pool())
            .await
            .unwrap();
        graded(db, user, "ident", "pretest", pre, false).await;
        graded(db, user, "ident", "final", post, true).await;
        sqlx::query(
            "INSERT INTO course_completions (user_id, course_id, module_versions, completed_at)
             VALUES ($1, $2, '[]', $3)",
        )
        .bind(user)
        .bind(course)
        .bind(now())
        .execute(db.pool())
        .await
        .unwrap();
        let mut conn = db.pool().acquire().await.unwrap();
        standings::refresh(&mut conn, user, course).await.unwrap();
    }
}

async fn aggregates_show_large_groups_and_withhold_small_ones(db: Db) {
    let w = world(&db).await;
    let all = ReportQuery::default();
    // Three trainees in all: nothing is shown as a number.
    let d = dashboard(&db, &w.admin, &all, Locale::En).await.unwrap();
    assert_eq!(d.overall.trainees, Figure::Withheld);
    assert!(d
        .organisations
        .iter()
        .all(|g| g.trainees == Figure::Withheld));

    let police: i64 = sqlx::query_scalar("SELECT id FROM organisations WHERE slug = 'police'")
        .fetch_one(db.pool())
        .await
        .unwrap();
    let customs = organisations::create(&db, "customs", "Customs", None, None)
        .await
        .unwrap();
    crowd(&db, police, "Nan", 7, 300, 800).await;
    crowd(&db, customs, "Loei", 6, 500, 900).await;
    let d = dashboard(&db, &w.admin, &all, Locale::En).await.unwrap();
    assert_eq!(d.overall.trainees, Figure::Shown(16));
    let org = |label: &str| {
        d.organisations
            .iter()
            .find(|g| g.label == label)
            .unwrap()
            .clone()
    };
    // Shelter (1) and Department (1) are small; Customs (6), the smallest
    // other, is withheld with them so that 16 − 8 cannot give their 2.
    assert_eq!(
        org("Ministry › Department › Shelter").trainees,
        Figure::Withheld
    );
    assert_eq!(org("Ministry › Department").trainees, Figure::Withheld);
    assert_eq!(org("Customs").trainees, Figure::Withheld);
    let police_figures = org("Police");
    assert_eq!(police_figures.trainees, Figure::Shown(8));
    // Hand-computed: means 30% → 80%, gain (80 − 30) / (100 − 30) = 0.714….
    assert_eq!(police_figures.mean_pretest, Figure::Shown(30.0));
    assert_eq!(police_figures.mean_final, Figure::Shown(80.0));
    assert_eq!(police_figures.gain, Figure::Shown(Some(0.71)));
    assert_eq!(police_figures.pass_rate, Figure::Shown(100.0));
    // 13 completions this month (plus the world's 2): shown; other months: none.
    let this_month = d.months.last().unwrap();
    assert_eq!(this_month.completions, Figure::Shown(15));
    assert!(d.months[..11]
        .iter()
        .all(|m| m.completions == Figure::Shown(0)));
    assert_eq!(d.expiring, Figure::Shown(0));
    // Provinces: Nan (7) and Loei (6) shown, the small ones withheld.
    let province = |p: &str| d.provinces.iter().find(|g| g.label == p).unwrap().trainees;
    assert_eq!(province("Nan"), Figure::Shown(7));
    assert_eq!(province("Chiang Mai"), Figure::Withheld);

    // The police's ministry user sees only the police: one group, shown.
    let d = dashboard(&db, &w.ministry_police, &all, Locale::En)
        .await
        .unwrap();
    assert_eq!(d.overall.trainees, Figure::Shown(8));
    assert_eq!(d.organisations.len(), 1);
    // The department's: two trainees, withheld — and nothing of the police.
    let d = dashboard(&db, &w.ministry_dat, &all, Locale::En)
        .await
        .unwrap();
    assert_eq!(d.overall.trainees, Figure::Withheld);
    assert!(d.organisations.iter().all(|g| !g.label.contains("Police")));

    // Per module: the police crowd's attempts scored 20% → 90% on module
    // one's questions and 40% → 70% on module two's.
    let attempts = sqlx::query(
        "SELECT a.id, a.purpose FROM assessment_attempts a JOIN users u ON u.id = a.user_id
         WHERE u.organisation_id = $1",
    )
    .bind(police)
    .fetch_all(db.pool())
    .await
    .unwrap();
    for a in &attempts {
        let pre = a.get::<String, _>("purpose") == "pretest";
        for (module, score) in [
            ("one", if pre { 200 } else { 900 }),
            ("two", if pre { 400 } else { 700 }),
        ] {
            sqlx::query("INSERT INTO attempt_module_scores (attempt_id, module_slug, questions, score) VALUES ($1, $2, 1, $3)")
                .bind(a.get::<i64, _>("id"))
                .bind(module)
                .bind(score)
                .execute(db.pool())
                .await
                .unwrap();
        }
    }
    // As grading does, the standings take the per-module scores in.
    let mut conn = db.pool().acquire().await.unwrap();
    standings::refresh_all(&mut conn).await.unwrap();
    drop(conn);

    // The gain page: per course, the same rule.
    let g = gain(&db, &w.admin, &all, Locale::En).await.unwrap();
    let module = |title: &str| {
        g.modules
            .iter()
            .find(|m| m.module == title)
            .unwrap()
            .clone()
    };
    let one = module("Module 1");
    assert_eq!(one.course, "Identifying victims");
    assert_eq!(
        (one.with_both, one.mean_pretest, one.mean_final),
        (Figure::Shown(7), Figure::Shown(20.0), Figure::Shown(90.0))
    );
    // (90 − 20) / (100 − 20) = 0.875.
    assert_eq!(one.gain, Figure::Shown(Some(0.88)));
    assert_eq!(module("Module 2").gain, Figure::Shown(Some(0.5)));
    // The department's ministry user has no module figures of the police.
    let theirs = gain(&db, &w.ministry_dat, &all, Locale::En).await.unwrap();
    assert!(theirs.modules.is_empty());
    let ident = g.courses.iter().find(|c| c.key == "ident").unwrap();
    // 13 crowd trainees + the shelter trainee have both (pre 40, final 85).
    assert_eq!(ident.with_both, Figure::Shown(14));
    assert_eq!(
        ident.mean_pretest,
        Figure::Shown(round1((7.0 * 30.0 + 6.0 * 50.0 + 40.0) / 14.0))
    );
    let care = g.courses.iter().find(|c| c.key == "care").unwrap();
    // Three trainees began "care": the whole group is withheld.
    assert_eq!(
        (care.trainees, care.with_both, care.gain),
        (Figure::Withheld, Figure::Withheld, Figure::Withheld)
    );
    // The 13 crowd trainees completed "ident" but nobody took a final of
    // "care"… while in the police group everyone has both.
    let police = g.organisations.iter().find(|o| o.key == "police").unwrap();
    assert_eq!(police.with_both, Figure::Shown(7));
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

async fn a_cohort_narrows_the_report_to_its_members_within_scope(db: Db) {
    let w = world(&db).await;
    let details = cohorts::Details {
        name: "Shelter workshop".into(),
        organisation: "dat".into(),
        ..cohorts::Details::default()
    };
    let cohort = cohorts::create(&db, &w.trainer_dat, &details, &[])
        .await
        .unwrap();
    cohorts::add_member(&db, &w.trainer_dat, cohort, "s@test.org")
        .await
        .unwrap();
    let by = |id: &str| ReportQuery {
        cohort: id.into(),
        ..ReportQuery::default()
    };
    let only_shelter =
        |r: &Report| !r.rows.is_empty() && r.rows.iter().all(|x| x.user_id == w.shelter);
    for caller in [&w.admin, &w.trainer_dat, &w.ministry_dat] {
        let r = run(&db, caller, &by(&cohort.to_string())).await;
        assert!(only_shelter(&r), "{:?}", ids(&r));
    }
    // Another tree's caller naming it, or a cohort that is not one, gets
    // nothing — not the unfiltered report.
    for (caller, id) in [
        (&w.ministry_police, cohort.to_string()),
        (&w.admin, "9999".to_string()),
        (&w.admin, "one".to_string()),
    ] {
        assert!(run(&db, caller, &by(&id)).await.rows.is_empty(), "{id}");
    }
    // The filter form offers the cohorts the caller sees.
    let offered = |c: &CurrentUser| {
        let c = c.clone();
        let db = db.clone();
        async move { choices(&db, &c, Locale::En).await.unwrap().cohorts.len() }
    };
    assert_eq!(offered(&w.ministry_dat).await, 1);
    assert_eq!(offered(&w.ministry_police).await, 0);
}

/// A pre-test, then a final answered right or wrong, through the real
/// attempt flow (the answer is a position on the stored, shuffled paper).
async fn sit_final(db: &Db, user: i64, right: bool) {
    let pre = attempt::start(db, user, "ident", Purpose::Pretest, Locale::En)
        .await
        .unwrap()
        .unwrap();
    attempt::submit(db, user, pre, &[]).await.unwrap();
    let id = attempt::start(db, user, "ident", Purpose::Final, Locale::En)
        .await
        .unwrap()
        .unwrap();
    let paper: String = sqlx::query_scalar("SELECT paper FROM assessment_attempts WHERE id = $1")
        .bind(id)
        .fetch_one(db.pool())
        .await
        .unwrap();
    let paper: Vec<crate::ssr::quiz::presentation::Presented> =
        serde_json::from_str(&paper).unwrap();
    // The author's option 1 ("The person") is the right one.
    let wanted = usize::from(right);
    let position = paper[0].order.iter().position(|o| *o == wanted).unwrap();
    attempt::submit(db, user, id, &[("q0".into(), position.to_string())])
        .await
        .unwrap();
}

async fn question_statistics_count_the_finals_in_scope(db: Db) {
    let w = world(&db).await;
    let police = w.ministry_police.organisation_id.unwrap();
    let mut crowd = Vec::new();
    for i in 0..6 {
        let user = insert_user(
            &db,
            &format!("q{i}@test.org"),
            "Q",
            &[Role::Trainee],
            Some(police),
        )
        .await;
        sit_final(&db, user, i < 4).await;
        crowd.push(user);
    }
    let ident = ReportQuery {
        course: "ident".into(),
        ..ReportQuery::default()
    };
    let r = questions(&db, &w.ministry_police, &ident).await.unwrap();
    assert_eq!(r.attempts, 6);
    let q = &r.questions[0];
    assert_eq!((q.id.as_str(), q.attempts), ("a-1", 6));
    assert_eq!(q.facility, Some(0.67));
    assert_eq!(q.point_biserial, None, "nothing else on the paper");
    let picks: Vec<(&str, bool, i64)> = q
        .options
        .iter()
        .map(|o| (o.text.as_str(), o.correct, o.picks))
        .collect();
    assert_eq!(picks, [("The officer", false, 2), ("The person", true, 4)]);
    assert!(q.flags.is_empty(), "six attempts raise no flag");

    // Another tree sees none of them (only its own trainee's two finals,
    // recorded without a paper); no course chosen, nothing analysed.
    let other = questions(&db, &w.ministry_dat, &ident).await.unwrap();
    assert_eq!(other.attempts, 2);
    assert!(other.questions.is_empty());
    let none = questions(&db, &w.admin, &ReportQuery::default())
        .await
        .unwrap();
    assert!(!none.course_chosen && none.questions.is_empty());

    // A cohort of four: counted, but too few to show who picked what.
    let details = cohorts::Details {
        name: "Four".into(),
        organisation: "police".into(),
        ..cohorts::Details::default()
    };
    let four = cohorts::create(&db, &w.admin, &details, &[]).await.unwrap();
    for i in 0..4 {
        cohorts::add_member(&db, &w.admin, four, &format!("q{i}@test.org"))
            .await
            .unwrap();
    }
    let by_cohort = ReportQuery {
        cohort: four.to_string(),
        ..ident
    };
    let small = questions(&db, &w.admin, &by_cohort).await.unwrap();
    assert_eq!(small.questions[0].attempts, 4);
    assert_eq!(small.questions[0].facility, None);
    assert!(small.questions[0].options.is_empty());
}

test_on_both_databases!(
    question_statistics_count_the_finals_in_scope,
    a_cohort_narrows_the_report_to_its_members_within_scope,
    aggregates_show_large_groups_and_withhold_small_ones,
    each_scope_sees_its_own_trainees_through_every_filter_sort_and_page,
    rows_say_how_far_each_trainee_got,
    dates_filter_by_day_inclusive,
    maintained_standings_equal_a_fresh_recomputation,
    exports_are_audited_with_their_filters,
);
