//! The seed on both databases: a small plan gives every kind of record,
//! the same plan gives the same data, and the reports read it.

use super::{seed, Plan, SeedError};
use crate::ssr::db::Db;
use crate::test_on_both_databases;

async fn count(db: &Db, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(db.pool()).await.unwrap()
}

async fn a_small_plan_fills_every_table_the_reports_read(db: Db) {
    let plan = Plan {
        trainees: 300,
        courses: 3,
        seed: 7,
    };
    let seeded = seed(&db, plan, |_| {}).await.unwrap();
    assert_eq!(seeded.trainees, 300);
    assert_eq!(seeded.courses, 3);
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM user_roles WHERE role = 'trainee'"
        )
        .await,
        300
    );
    // Staff who read the reports: an admin and one user per ministry.
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM user_roles WHERE role = 'ministry'"
        )
        .await,
        4
    );
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM user_roles WHERE role = 'admin'").await,
        1
    );
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM module_progress").await,
        seeded.progress as i64
    );
    assert!(seeded.progress > 600, "about 2 courses × 4 modules each");
    assert!(seeded.completions > 50 && seeded.certificates == seeded.completions);
    // Certificates in every state.
    let now = crate::ssr::db::now();
    for (what, sql) in [
        ("revoked", "SELECT COUNT(*) FROM certificates WHERE revoked_at IS NOT NULL".to_string()),
        ("expired", format!("SELECT COUNT(*) FROM certificates WHERE revoked_at IS NULL AND expires_at <= {now}")),
        ("expiring", format!("SELECT COUNT(*) FROM certificates WHERE revoked_at IS NULL AND expires_at > {now} AND expires_at <= {}", now + 90 * 86_400)),
        ("valid", format!("SELECT COUNT(*) FROM certificates WHERE revoked_at IS NULL AND expires_at > {}", now + 90 * 86_400)),
    ] {
        assert!(count(&db, &sql).await > 0, "no {what} certificate");
    }
    // Every begun course has its standing, with module scores for gain.
    let pairs = count(
        &db,
        "SELECT COUNT(*) FROM (SELECT DISTINCT user_id, course_id FROM course_positions) p",
    )
    .await;
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM course_standings").await,
        pairs
    );
    assert!(count(&db, "SELECT COUNT(*) FROM attempt_module_scores").await > 0);
    assert!(
        count(
            &db,
            "SELECT COUNT(*) FROM organisations WHERE parent_id IS NULL"
        )
        .await
            >= 4
    );
    // Once only.
    assert!(matches!(
        seed(&db, plan, |_| {}).await,
        Err(SeedError::AlreadySeeded)
    ));
}

test_on_both_databases!(a_small_plan_fills_every_table_the_reports_read);
