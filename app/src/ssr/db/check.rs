//! `lantern check`: what the database must satisfy whatever happened to the
//! processes writing it — a `kill -9` in the middle of a submission, a full
//! disk, a database outage, a restore from backup. The fault tests
//! (scripts/faults.sh) run it after every fault; operators run it after a
//! crash or a restore.
//!
//! Each rule is one counting query that finds the rows breaking it, so a
//! finding says how many and what, not only "corrupt". The rules are the
//! ones a half-written transaction would break: a certificate exists only
//! with its completion, a completion only with the passed final that earned
//! it, a submitted attempt is graded.

use super::{Backend, Db};
use sqlx::Row;

/// The rules, each a query counting the rows that break it.
const RULES: [(&str, &str); 3] = [
    (
        "certificates without their completion (missing, or another person's or course's)",
        "SELECT COUNT(*) FROM certificates c
           LEFT JOIN course_completions k ON k.id = c.completion_id
          WHERE k.id IS NULL OR k.user_id <> c.user_id OR k.course_id <> c.course_id",
    ),
    (
        "completions whose attempt is not that person's submitted, passed final of that course",
        "SELECT COUNT(*) FROM course_completions k
           JOIN assessment_attempts a ON a.id = k.attempt_id
          WHERE a.user_id <> k.user_id OR a.course_id <> k.course_id
             OR a.submitted_at IS NULL OR a.passed IS NULL OR a.passed = 0
             OR a.purpose <> 'final'",
    ),
    (
        "submitted attempts without a score",
        "SELECT COUNT(*) FROM assessment_attempts
          WHERE submitted_at IS NOT NULL AND (score IS NULL OR passed IS NULL)",
    ),
];

/// What `check` found.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Report {
    /// SQLite's `integrity_check` and `foreign_key_check` complaints (empty
    /// when sound; PostgreSQL checks its own pages and keys as it writes).
    pub storage: Vec<String>,
    /// Each broken rule with the number of rows breaking it.
    pub broken: Vec<(&'static str, i64)>,
    /// Submitted attempts, completions and certificates: what is there.
    pub submitted: i64,
    pub completions: i64,
    pub certificates: i64,
}

impl Report {
    pub fn is_sound(&self) -> bool {
        self.storage.is_empty() && self.broken.is_empty()
    }
}

pub async fn check(db: &Db) -> Result<Report, sqlx::Error> {
    let mut report = Report::default();
    if db.backend() == Backend::Sqlite {
        for row in sqlx::query("PRAGMA integrity_check")
            .fetch_all(db.pool())
            .await?
        {
            let line: String = row.try_get(0)?;
            if line != "ok" {
                report.storage.push(line);
            }
        }
        let broken_keys = sqlx::query("PRAGMA foreign_key_check")
            .fetch_all(db.pool())
            .await?;
        if !broken_keys.is_empty() {
            report
                .storage
                .push(format!("{} rows break a foreign key", broken_keys.len()));
        }
    }
    for (what, sql) in RULES {
        let count = count(db, sql).await?;
        if count > 0 {
            report.broken.push((what, count));
        }
    }
    report.submitted = count(
        db,
        "SELECT COUNT(*) FROM assessment_attempts WHERE submitted_at IS NOT NULL",
    )
    .await?;
    report.completions = count(db, "SELECT COUNT(*) FROM course_completions").await?;
    report.certificates = count(db, "SELECT COUNT(*) FROM certificates").await?;
    Ok(report)
}

/// How many tables the database has: a restore goes only into an empty one.
pub async fn table_count(db: &Db) -> Result<i64, sqlx::Error> {
    count(
        db,
        match db.backend() {
            Backend::Sqlite => "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'",
            Backend::Postgres => {
                "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema()"
            }
        },
    )
    .await
}

async fn count(db: &Db, sql: &str) -> Result<i64, sqlx::Error> {
    sqlx::query(sql).fetch_one(db.pool()).await?.try_get(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::roles::Role;
    use crate::ssr::testing::{course, import_two_courses, insert_user};

    async fn a_half_written_attempt_is_named(db: Db) {
        import_two_courses(&db).await;
        let report = check(&db).await.unwrap();
        assert!(report.is_sound(), "{report:?}");
        assert_eq!(report.submitted, 0);

        // A submitted attempt that was never graded, as a write cut in half
        // would leave it (the rule, not the schema, catches it).
        let user = insert_user(&db, "half@example.org", "Half", &[Role::Trainee], None).await;
        let (course_id, _) = course(&db, "ident").await;
        sqlx::query(
            "INSERT INTO assessment_attempts
               (user_id, course_id, assessment_id, purpose, seed, paper, answers, started_at, submitted_at)
             SELECT $1, $2, id, 'final', 1, '{}', '{}', 10, 20 FROM assessments WHERE course_id = $3 LIMIT 1",
        )
        .bind(user)
        .bind(course_id)
        .bind(course_id)
        .execute(db.pool())
        .await
        .unwrap();
        let report = check(&db).await.unwrap();
        assert!(!report.is_sound());
        assert_eq!(
            report.broken,
            vec![("submitted attempts without a score", 1)]
        );
        assert_eq!(report.submitted, 1);
    }

    crate::test_on_both_databases!(a_half_written_attempt_is_named);
}
