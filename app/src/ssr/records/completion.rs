//! The completion rule: a course is complete when every live module has
//! been marked done (on any of its versions) and, if the course has a final
//! assessment, a final attempt has passed. Completion is recorded once,
//! with the module and assessment versions that earned it, because those
//! are what a certificate and a report must name even after the course
//! changes.

use crate::ssr::db::{now, Db};
use sqlx::{AnyConnection, Row};

/// What completion depends on, gathered for one trainee and course.
#[derive(Debug, Default, PartialEq)]
pub struct Standing {
    pub modules: usize,
    /// For each module done: the latest version marked done.
    pub done_versions: Vec<i64>,
    pub has_assessment: bool,
    /// The first passing final attempt and its assessment version.
    pub passed: Option<(i64, i64)>,
}

impl Standing {
    pub fn complete(&self) -> bool {
        self.modules > 0
            && self.done_versions.len() == self.modules
            && (!self.has_assessment || self.passed.is_some())
    }
}

pub async fn standing(
    conn: &mut AnyConnection,
    user: i64,
    course: i64,
) -> Result<Standing, sqlx::Error> {
    let modules: i64 = sqlx::query(
        "SELECT COUNT(*) AS n FROM modules WHERE course_id = $1 AND retired_at IS NULL",
    )
    .bind(course)
    .fetch_one(&mut *conn)
    .await?
    .try_get("n")?;
    let done_versions = sqlx::query(
        "SELECT MAX(p.module_version_id) AS version FROM module_progress p
         JOIN module_versions v ON v.id = p.module_version_id
         JOIN modules m ON m.id = v.module_id
         WHERE p.user_id = $1 AND m.course_id = $2 AND m.retired_at IS NULL AND p.done_at IS NOT NULL
         GROUP BY m.id ORDER BY m.id",
    )
    .bind(user)
    .bind(course)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| r.try_get::<i64, _>("version"))
    .collect::<Result<Vec<_>, _>>()?;
    let has_assessment: i64 = sqlx::query(
        "SELECT COUNT(*) AS n FROM assessments WHERE course_id = $1 AND superseded_at IS NULL",
    )
    .bind(course)
    .fetch_one(&mut *conn)
    .await?
    .try_get("n")?;
    let passed = sqlx::query(
        "SELECT id, assessment_id FROM assessment_attempts
         WHERE user_id = $1 AND course_id = $2 AND purpose = 'final' AND passed = 1
         ORDER BY submitted_at, id LIMIT 1",
    )
    .bind(user)
    .bind(course)
    .fetch_optional(&mut *conn)
    .await?
    .map(|r| Ok::<_, sqlx::Error>((r.try_get("id")?, r.try_get("assessment_id")?)))
    .transpose()?;
    Ok(Standing {
        modules: modules as usize,
        done_versions,
        has_assessment: has_assessment > 0,
        passed,
    })
}

/// Records the completion if the rule is now met (once: later calls change
/// nothing), and issues its certificate if the course grants one. Run inside the transaction of the step that may complete the
/// course, so the step and its completion commit together.
pub async fn record_if_complete(
    conn: &mut AnyConnection,
    user: i64,
    course: i64,
) -> Result<bool, sqlx::Error> {
    let standing = standing(conn, user, course).await?;
    if !standing.complete() {
        return Ok(false);
    }
    let (attempt, assessment) = standing.passed.unzip();
    let inserted = sqlx::query(
        "INSERT INTO course_completions (user_id, course_id, module_versions, assessment_id, attempt_id, completed_at)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (user_id, course_id) DO NOTHING",
    )
    .bind(user)
    .bind(course)
    .bind(crate::ssr::db::json::encode(&standing.done_versions))
    .bind(assessment)
    .bind(attempt)
    .bind(now())
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if inserted == 1 {
        let id: i64 =
            sqlx::query("SELECT id FROM course_completions WHERE user_id = $1 AND course_id = $2")
                .bind(user)
                .bind(course)
                .fetch_one(&mut *conn)
                .await?
                .try_get("id")?;
        crate::ssr::certificates::issue::for_completion(conn, id).await?;
    }
    Ok(true)
}

/// When `user` completed `course`, if they have.
pub async fn completed_at(db: &Db, user: i64, course: i64) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query("SELECT completed_at FROM course_completions WHERE user_id = $1 AND course_id = $2")
        .bind(user)
        .bind(course)
        .fetch_optional(db.pool())
        .await?
        .map(|r| r.try_get("completed_at"))
        .transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn complete_needs_every_module_and_a_pass_when_there_is_an_assessment() {
        let mut s = Standing {
            modules: 2,
            done_versions: vec![10],
            has_assessment: true,
            passed: None,
        };
        assert!(!s.complete());
        s.done_versions.push(11);
        assert!(!s.complete(), "the assessment is not passed yet");
        s.passed = Some((1, 5));
        assert!(s.complete());
        let no_assessment = Standing {
            modules: 1,
            done_versions: vec![3],
            ..Standing::default()
        };
        assert!(no_assessment.complete());
        assert!(
            !Standing::default().complete(),
            "an empty course is never complete"
        );
    }
}
