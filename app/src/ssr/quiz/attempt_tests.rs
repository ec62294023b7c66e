//! Assessment attempts on both databases: the pre-test, the attempt limit,
//! the time limit, idempotent and concurrent submission, completion and
//! knowledge gain.

use super::attempt::{close_expired, save, start, submit, Refusal, Saved};
use super::gain;
use super::presentation::{paper, Presented};
use crate::i18n::Locale;
use crate::model::assessment::Purpose;
use crate::model::roles::Role;
use crate::ssr::content::compile::compile_tree;
use crate::ssr::content::import::import;
use crate::ssr::courses::progress::mark_done;
use crate::ssr::db::Db;
use crate::ssr::quiz::question::{Kind, Question};
use crate::ssr::testing::insert_user;
use crate::test_on_both_databases;
use sqlx::Row;

const COURSE: &str = "+++\ntitle = \"Identifying victims\"\nsummary = \"Protection first.\"\naudience = [\"police\"]\nlanguages = [\"en\"]\nestimated_minutes = 30\ncertificate = true\n+++\nIntro.\n";

fn module(n: u32) -> String {
    format!("+++\ntitle = \"Module {n}\"\nestimated_minutes = 10\n+++\nText {n}.\n")
}

fn assessment(settings: &str) -> String {
    format!(
        "+++\n{settings}\n+++\nAnswer on your own.\n\n```quiz\n\
? [a-1] Who decides whether to accept help?\n@ one\n( ) The officer\n(x) The person\n( ) The employer\n> EXPLANATION-ONE\n\n\
? [a-2] Which are indicators?\n@ one\n[x] Debt bondage\n[x] Confiscated documents\n[ ] A weekly day off\n\n\
? [a-3] The national hotline number?\n@ two\n= 1300\n> EXPLANATION-THREE\n\n\
? [a-4] Match the role to the duty.\n- Police -> Identify\n- Shelter -> Protect\n- Court -> Judge\n```\n"
    )
}

async fn setup(db: &Db, settings: &str) -> (i64, i64) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("ident");
    std::fs::create_dir_all(&root).unwrap();
    std::fs::write(root.join("course.md"), COURSE).unwrap();
    std::fs::write(root.join("01-one.md"), module(1)).unwrap();
    std::fs::write(root.join("02-two.md"), module(2)).unwrap();
    std::fs::write(root.join("assessment.md"), assessment(settings)).unwrap();
    import(db, &compile_tree(dir.path()).unwrap(), None)
        .await
        .unwrap();
    let user = insert_user(db, "trainee@test", "Trainee", &[Role::Trainee], None).await;
    let course: i64 = sqlx::query("SELECT id FROM courses WHERE slug = 'ident'")
        .fetch_one(db.pool())
        .await
        .unwrap()
        .get("id");
    (user, course)
}

const RULES: &str = "pass_mark = 75\ndraw = 3\nmax_attempts = 2\ntime_limit_minutes = 10\nreview = \"after_pass\"\npretest = true";

/// The stored pool and paper of an attempt.
async fn paper_of(db: &Db, attempt: i64) -> (Vec<Question>, Vec<Presented>, i64) {
    let row = sqlx::query(
        "SELECT s.pool, a.paper, a.seed FROM assessment_attempts a JOIN assessments s ON s.id = a.assessment_id WHERE a.id = $1",
    )
    .bind(attempt)
    .fetch_one(db.pool())
    .await
    .unwrap();
    (
        serde_json::from_str(&row.get::<String, _>("pool")).unwrap(),
        serde_json::from_str(&row.get::<String, _>("paper")).unwrap(),
        row.get("seed"),
    )
}

/// The form a trainee who knows every answer sends for this paper.
fn right_answers(pool: &[Question], presented: &[Presented]) -> Vec<(String, String)> {
    let mut form = Vec::new();
    for (n, p) in presented.iter().enumerate() {
        let at = |original: usize| p.order.iter().position(|o| *o == original).unwrap();
        match &pool[p.question].kind {
            Kind::Single { options } => {
                let right = options.iter().position(|o| o.correct).unwrap();
                form.push((format!("q{n}"), at(right).to_string()));
            }
            Kind::Multiple { options } => {
                for (i, _) in options.iter().enumerate().filter(|(_, o)| o.correct) {
                    form.push((format!("q{n}_{}", at(i)), "on".into()));
                }
            }
            Kind::Short { accepted } => form.push((format!("q{n}"), accepted[0].clone())),
            Kind::Matching { pairs } => {
                for left in 0..pairs.len() {
                    form.push((format!("q{n}_{left}"), at(left).to_string()));
                }
            }
        }
    }
    form
}

async fn attempt_row(db: &Db, attempt: i64) -> (Option<i64>, Option<i64>, i64) {
    let row = sqlx::query("SELECT score, passed, late FROM assessment_attempts WHERE id = $1")
        .bind(attempt)
        .fetch_one(db.pool())
        .await
        .unwrap();
    (row.get("score"), row.get("passed"), row.get("late"))
}

async fn count(db: &Db, sql: &str) -> i64 {
    sqlx::query(sql)
        .fetch_one(db.pool())
        .await
        .unwrap()
        .get("n")
}

async fn pretest_then_modules_then_final_completes_the_course(db: Db) {
    let (user, course) = setup(&db, RULES).await;
    let en = Locale::En;
    assert_eq!(
        start(&db, user, "ident", Purpose::Final, en).await.unwrap(),
        Err(Refusal::PretestDue)
    );
    let pre = start(&db, user, "ident", Purpose::Pretest, en)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        start(&db, user, "ident", Purpose::Pretest, en)
            .await
            .unwrap(),
        Ok(pre),
        "a second click opens the same attempt"
    );
    let (pool, presented, seed) = paper_of(&db, pre).await;
    assert_eq!(presented.len(), 3, "draw = 3");
    assert_eq!(
        presented,
        paper(&pool, Some(3), seed as u64),
        "reproducible from the seed"
    );
    assert!(submit(&db, user, pre, &[]).await.unwrap());
    assert_eq!(attempt_row(&db, pre).await, (Some(0), Some(0), 0));
    // Sending again, even with better answers, changes nothing.
    assert!(submit(&db, user, pre, &right_answers(&pool, &presented))
        .await
        .unwrap());
    assert_eq!(attempt_row(&db, pre).await.0, Some(0));
    assert_eq!(
        start(&db, user, "ident", Purpose::Pretest, en)
            .await
            .unwrap(),
        Err(Refusal::NoPretest)
    );

    let fin = start(&db, user, "ident", Purpose::Final, en)
        .await
        .unwrap()
        .unwrap();
    let (pool, presented, _) = paper_of(&db, fin).await;
    assert!(submit(&db, user, fin, &right_answers(&pool, &presented))
        .await
        .unwrap());
    assert_eq!(attempt_row(&db, fin).await, (Some(1000), Some(1), 0));
    // Each graded attempt keeps its score on the questions testing each
    // module (a-4 tests none), for knowledge gain per module.
    for (attempt, expected) in [(pre, 0), (fin, 1000)] {
        let (pool, presented, _) = paper_of(&db, attempt).await;
        let mut tagged: Vec<String> = presented
            .iter()
            .filter_map(|p| pool[p.question].module.clone())
            .collect();
        tagged.sort();
        tagged.dedup();
        let rows = sqlx::query(
            "SELECT module_slug, questions, score FROM attempt_module_scores WHERE attempt_id = $1 ORDER BY module_slug",
        )
        .bind(attempt)
        .fetch_all(db.pool())
        .await
        .unwrap();
        let modules: Vec<String> = rows.iter().map(|r| r.get("module_slug")).collect();
        assert_eq!(modules, tagged);
        let questions: i64 = rows.iter().map(|r| r.get::<i64, _>("questions")).sum();
        let untagged = presented
            .iter()
            .filter(|p| pool[p.question].module.is_none())
            .count();
        assert_eq!(questions as usize + untagged, presented.len());
        assert!(rows.iter().all(|r| r.get::<i64, _>("score") == expected));
    }
    assert_eq!(
        count(&db, "SELECT COUNT(*) AS n FROM course_completions").await,
        0,
        "modules are still to do"
    );
    assert_eq!(
        start(&db, user, "ident", Purpose::Final, en).await.unwrap(),
        Err(Refusal::AlreadyPassed)
    );

    let versions = module_versions(&db).await;
    for (slug, version) in &versions {
        mark_done(&db, user, "ident", slug, *version)
            .await
            .unwrap()
            .unwrap();
        mark_done(&db, user, "ident", slug, *version)
            .await
            .unwrap()
            .unwrap();
    }
    let row = sqlx::query(
        "SELECT module_versions, attempt_id, assessment_id FROM course_completions WHERE user_id = $1 AND course_id = $2",
    )
    .bind(user)
    .bind(course)
    .fetch_one(db.pool())
    .await
    .unwrap();
    let recorded: Vec<i64> =
        serde_json::from_str(&row.get::<String, _>("module_versions")).unwrap();
    assert_eq!(
        recorded,
        versions.iter().map(|(_, v)| *v).collect::<Vec<_>>()
    );
    assert_eq!(row.get::<Option<i64>, _>("attempt_id"), Some(fin));
    assert_eq!(
        count(&db, "SELECT COUNT(*) AS n FROM course_completions").await,
        1
    );

    let gains = gain::of_course(&db, course).await.unwrap();
    assert_eq!(gains.len(), 1);
    assert_eq!((gains[0].gain.pre, gains[0].gain.post), (0.0, 100.0));
    assert_eq!(gains[0].gain.normalised(), Some(1.0));
}

async fn attempts_beyond_the_limit_are_refused(db: Db) {
    let (user, _) = setup(&db, "pass_mark = 75\nmax_attempts = 2\nreview = \"never\"").await;
    for _ in 0..2 {
        let id = start(&db, user, "ident", Purpose::Final, Locale::En)
            .await
            .unwrap()
            .unwrap();
        submit(&db, user, id, &[]).await.unwrap();
        assert_eq!(attempt_row(&db, id).await.1, Some(0));
    }
    assert_eq!(
        start(&db, user, "ident", Purpose::Final, Locale::En)
            .await
            .unwrap(),
        Err(Refusal::NoAttemptsLeft)
    );
    assert_eq!(
        count(&db, "SELECT COUNT(*) AS n FROM assessment_attempts").await,
        2
    );
}

/// No result is an oracle for the key: the pre-test and a failed final with
/// attempts left show the score only (not even which questions were
/// right); the last failed attempt shows per-question results only where
/// `review` allows it.
async fn results_reveal_nothing_while_attempts_remain(db: Db) {
    let (user, _) = setup(
        &db,
        "pass_mark = 100\nmax_attempts = 2\nreview = \"after_submit\"\npretest = true",
    )
    .await;
    let me = crate::ssr::auth::CurrentUser {
        id: user,
        email: "trainee@test".into(),
        name: "Trainee".into(),
        roles: vec![Role::Trainee],
        organisation_id: None,
        session: String::new(),
    };
    let result = |view| match view {
        crate::model::assessment::AttemptView::Done(r) => r,
        crate::model::assessment::AttemptView::Open(_) => panic!("still open"),
    };
    let mut shown = Vec::new();
    for purpose in [Purpose::Pretest, Purpose::Final, Purpose::Final] {
        let id = start(&db, user, "ident", purpose, Locale::En)
            .await
            .unwrap()
            .unwrap();
        let (pool, presented, _) = paper_of(&db, id).await;
        // Everything right but one question: a fail at pass mark 100.
        let mut answers = right_answers(&pool, &presented);
        answers.retain(|(k, _)| !k.starts_with("q0"));
        submit(&db, user, id, &answers).await.unwrap();
        let r = result(super::views::attempt(&db, &me, "ident", id).await.unwrap());
        assert!(!r.passed);
        shown.push((r.revealed, r.questions.len()));
    }
    assert_eq!(
        shown,
        [(false, 0), (false, 0), (true, 4)],
        "pre-test, first failed final, last failed final"
    );
}

/// A stored paper that no longer decodes is an error, not an empty paper:
/// nothing is graded, and the trainee's attempt is not used up.
async fn a_corrupt_stored_paper_is_refused_not_graded_as_empty(db: Db) {
    let (user, _) = setup(&db, "pass_mark = 75\nmax_attempts = 1\nreview = \"never\"").await;
    let id = start(&db, user, "ident", Purpose::Final, Locale::En)
        .await
        .unwrap()
        .unwrap();
    sqlx::query("UPDATE assessment_attempts SET paper = '{not json' WHERE id = $1")
        .bind(id)
        .execute(db.pool())
        .await
        .unwrap();
    let refused = submit(&db, user, id, &[]).await.unwrap_err();
    assert!(
        refused.to_string().contains("assessment_attempts.paper"),
        "{refused}"
    );
    let submitted: Option<i64> =
        sqlx::query("SELECT submitted_at FROM assessment_attempts WHERE id = $1")
            .bind(id)
            .fetch_one(db.pool())
            .await
            .unwrap()
            .get("submitted_at");
    assert_eq!(submitted, None, "the attempt is still open, not graded");
    assert_eq!(attempt_row(&db, id).await.0, None, "no score recorded");
}

async fn after_the_deadline_only_answers_saved_in_time_count(db: Db) {
    let (user, _) = setup(
        &db,
        "pass_mark = 75\ntime_limit_minutes = 5\nreview = \"after_submit\"",
    )
    .await;
    let id = start(&db, user, "ident", Purpose::Final, Locale::En)
        .await
        .unwrap()
        .unwrap();
    let (pool, presented, _) = paper_of(&db, id).await;
    let right = right_answers(&pool, &presented);
    assert_eq!(save(&db, user, id, &right).await.unwrap(), Saved::Saved);
    assert_eq!(
        save(&db, 999_999, id, &right).await.unwrap(),
        Saved::NotFound,
        "nobody else's"
    );
    // The deadline passes (and its grace).
    sqlx::query("UPDATE assessment_attempts SET deadline = deadline - 400 WHERE id = $1")
        .bind(id)
        .execute(db.pool())
        .await
        .unwrap();
    assert_eq!(
        save(&db, user, id, &[]).await.unwrap(),
        Saved::Closed,
        "too late to save"
    );
    // A late submission with other answers is graded on the saved ones.
    assert!(submit(&db, user, id, &[]).await.unwrap());
    assert_eq!(attempt_row(&db, id).await, (Some(1000), Some(1), 1));
}

async fn an_abandoned_attempt_is_graded_when_its_time_is_up(db: Db) {
    let (user, course) = setup(
        &db,
        "pass_mark = 75\ntime_limit_minutes = 5\nreview = \"never\"",
    )
    .await;
    let id = start(&db, user, "ident", Purpose::Final, Locale::En)
        .await
        .unwrap()
        .unwrap();
    let (pool, presented, _) = paper_of(&db, id).await;
    // Only the first question answered (all its fields).
    let mut some = right_answers(&pool, &presented);
    some.retain(|(k, _)| k == "q0" || k.starts_with("q0_"));
    save(&db, user, id, &some).await.unwrap();
    close_expired(&db, user, course).await.unwrap();
    assert_eq!(
        attempt_row(&db, id).await.0,
        None,
        "still open within the time"
    );
    sqlx::query("UPDATE assessment_attempts SET deadline = deadline - 400 WHERE id = $1")
        .bind(id)
        .execute(db.pool())
        .await
        .unwrap();
    close_expired(&db, user, course).await.unwrap();
    let (score, passed, late) = attempt_row(&db, id).await;
    assert!(score.unwrap() > 0 && score.unwrap() < 1000, "{score:?}");
    assert_eq!((passed, late), (Some(0), 1));
}

async fn concurrent_starts_and_submits_record_one_attempt(db: Db) {
    let (user, _) = setup(&db, "pass_mark = 75\nreview = \"never\"").await;
    let starts = futures::future::join_all(
        (0..8).map(|_| start(&db, user, "ident", Purpose::Final, Locale::En)),
    )
    .await;
    let ids: std::collections::BTreeSet<i64> =
        starts.into_iter().map(|r| r.unwrap().unwrap()).collect();
    assert_eq!(ids.len(), 1, "one attempt opened");
    let id = *ids.first().unwrap();
    let (pool, presented, _) = paper_of(&db, id).await;
    let right = right_answers(&pool, &presented);
    let empty: Vec<(String, String)> = Vec::new();
    let submits = futures::future::join_all((0..8).map(|i| {
        let form = if i % 2 == 0 { &right } else { &empty };
        submit(&db, user, id, form)
    }))
    .await;
    assert!(submits.into_iter().all(|r| r.unwrap()));
    assert_eq!(
        count(&db, "SELECT COUNT(*) AS n FROM assessment_attempts").await,
        1
    );
    let (score, _, _) = attempt_row(&db, id).await;
    assert!(
        score == Some(0) || score == Some(1000),
        "one whole submission won: {score:?}"
    );
}

/// Each module's slug and version, in course order.
async fn module_versions(db: &Db) -> Vec<(String, i64)> {
    sqlx::query(
        "SELECT m.slug, v.id FROM module_versions v JOIN modules m ON m.id = v.module_id ORDER BY m.position",
    )
    .fetch_all(db.pool())
    .await
    .unwrap()
    .iter()
    .map(|r| (r.get("slug"), r.get("id")))
    .collect()
}

/// Two tabs: the last module is marked done in one while a passing final
/// is sent in the other, at the same moment, for many trainees at once.
/// Each gets exactly one completion and one certificate — not none (each
/// step seeing the other missing) and not two.
async fn the_last_module_and_a_passing_final_at_once_complete_the_course_once(db: Db) {
    let (first, course) = setup(&db, "pass_mark = 60").await;
    let versions = module_versions(&db).await;
    let mut trainees = vec![first];
    for n in 1..12 {
        let email = format!("trainee{n}@test");
        trainees.push(insert_user(&db, &email, "Trainee", &[Role::Trainee], None).await);
    }
    let race = trainees.iter().map(|&user| {
        let (db, versions) = (db.clone(), versions.clone());
        async move {
            let (one, two) = (&versions[0], &versions[1]);
            mark_done(&db, user, "ident", &one.0, one.1)
                .await
                .unwrap()
                .unwrap();
            let fin = start(&db, user, "ident", Purpose::Final, Locale::En)
                .await
                .unwrap()
                .unwrap();
            let (pool, presented, _) = paper_of(&db, fin).await;
            let answers = right_answers(&pool, &presented);
            let (done, sent) = tokio::join!(
                mark_done(&db, user, "ident", &two.0, two.1),
                submit(&db, user, fin, &answers)
            );
            done.unwrap().unwrap();
            assert!(sent.unwrap());
        }
    });
    futures::future::join_all(race).await;
    for user in trainees {
        let per_user = |table: &str| {
            format!(
                "SELECT COUNT(*) AS n FROM {table} WHERE user_id = {user} AND course_id = {course}"
            )
        };
        assert_eq!(
            count(&db, &per_user("course_completions")).await,
            1,
            "user {user}"
        );
        assert_eq!(
            count(&db, &per_user("certificates")).await,
            1,
            "user {user}"
        );
    }
}

/// Completes course `ident` for `user`: both modules, then a passed final.
async fn complete(db: &Db, user: i64) {
    let versions = module_versions(db).await;
    for (slug, version) in &versions {
        mark_done(db, user, "ident", slug, *version)
            .await
            .unwrap()
            .unwrap();
    }
    let fin = start(db, user, "ident", Purpose::Final, Locale::En)
        .await
        .unwrap()
        .unwrap();
    let (pool, presented, _) = paper_of(db, fin).await;
    assert!(submit(db, user, fin, &right_answers(&pool, &presented))
        .await
        .unwrap());
}

async fn an_expired_certificate_is_renewed_by_a_passed_refresher(db: Db) {
    let (user, _) = setup(&db, "pass_mark = 75\nmax_attempts = 2\npretest = false").await;
    sqlx::query("UPDATE course_texts SET certificate_validity_months = 12")
        .execute(db.pool())
        .await
        .unwrap();
    let en = Locale::En;
    complete(&db, user).await;
    let first: (i64, String) = sqlx::query("SELECT id, code FROM certificates")
        .fetch_one(db.pool())
        .await
        .map(|r| (r.get("id"), r.get("code")))
        .unwrap();
    assert_eq!(
        start(&db, user, "ident", Purpose::Refresher, en)
            .await
            .unwrap(),
        Err(Refusal::NoRenewalDue),
        "a fresh certificate needs no renewal"
    );

    // A year on, the certificate has expired.
    sqlx::query("UPDATE certificates SET expires_at = 10")
        .execute(db.pool())
        .await
        .unwrap();
    let failed = start(&db, user, "ident", Purpose::Refresher, en)
        .await
        .unwrap()
        .unwrap();
    assert!(submit(&db, user, failed, &[]).await.unwrap());
    assert_eq!(
        count(&db, "SELECT COUNT(*) AS n FROM certificates").await,
        1,
        "a failed refresher renews nothing"
    );
    let refresher = start(&db, user, "ident", Purpose::Refresher, en)
        .await
        .unwrap()
        .unwrap();
    let (pool, presented, _) = paper_of(&db, refresher).await;
    let answers = right_answers(&pool, &presented);
    assert!(submit(&db, user, refresher, &answers).await.unwrap());
    assert!(
        submit(&db, user, refresher, &answers).await.unwrap(),
        "a replay changes nothing"
    );
    let renewal = sqlx::query(
        "SELECT code, renews_id, issued_at, expires_at FROM certificates WHERE id <> $1",
    )
    .bind(first.0)
    .fetch_all(db.pool())
    .await
    .unwrap();
    assert_eq!(renewal.len(), 1, "one renewal");
    assert_eq!(renewal[0].get::<Option<i64>, _>("renews_id"), Some(first.0));
    let issued_at: i64 = renewal[0].get("issued_at");
    assert_eq!(
        renewal[0].get::<Option<i64>, _>("expires_at"),
        Some(crate::dates::add_months(issued_at, 12)),
        "the renewal runs from today"
    );
    let new_code: String = renewal[0].get("code");
    let old = crate::ssr::certificates::verify::lookup(&db, &first.1, None)
        .await
        .unwrap()
        .certificate
        .unwrap();
    assert_eq!(old.renewed_by.as_deref(), Some(new_code.as_str()));
    let new = crate::ssr::certificates::verify::lookup(&db, &new_code, None)
        .await
        .unwrap();
    assert_eq!(
        new.status,
        crate::model::certificates::CertificateStatus::Valid
    );
    assert_eq!(
        new.certificate.unwrap().renews.as_deref(),
        Some(first.1.as_str())
    );
    assert_eq!(
        start(&db, user, "ident", Purpose::Refresher, en)
            .await
            .unwrap(),
        Err(Refusal::NoRenewalDue),
        "renewed: nothing left to renew"
    );
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'certificate.renewed'"
        )
        .await,
        1
    );
}

async fn a_revoked_certificate_cannot_be_renewed(db: Db) {
    let (user, _) = setup(&db, "pass_mark = 75\npretest = false").await;
    sqlx::query("UPDATE course_texts SET certificate_validity_months = 12")
        .execute(db.pool())
        .await
        .unwrap();
    complete(&db, user).await;
    sqlx::query(
        "UPDATE certificates SET expires_at = 10, revoked_at = 20, revoked_reason = 'fraud'",
    )
    .execute(db.pool())
    .await
    .unwrap();
    assert_eq!(
        start(&db, user, "ident", Purpose::Refresher, Locale::En)
            .await
            .unwrap(),
        Err(Refusal::NoRenewalDue)
    );
}

test_on_both_databases!(
    an_expired_certificate_is_renewed_by_a_passed_refresher,
    a_revoked_certificate_cannot_be_renewed,
    pretest_then_modules_then_final_completes_the_course,
    attempts_beyond_the_limit_are_refused,
    a_corrupt_stored_paper_is_refused_not_graded_as_empty,
    results_reveal_nothing_while_attempts_remain,
    the_last_module_and_a_passing_final_at_once_complete_the_course_once,
    after_the_deadline_only_answers_saved_in_time_count,
    an_abandoned_attempt_is_graded_when_its_time_is_up,
    concurrent_starts_and_submits_record_one_attempt,
);
