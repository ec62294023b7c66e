//! The completion rule: a course is complete when every live module has
//! been marked done (on any of its versions) and, if the course has a final
//! assessment, a final attempt has passed, and — if the course requires
//! face-to-face attendance (`attendance_sessions`) — the trainee attended
//! that many session days of their cohorts that assigned it. Completion is recorded once,
//! with the module and assessment versions that earned it, because those
//! are what a certificate and a report must name even after the course
//! changes.

use super::store;
use crate::ssr::db::{json, now, Db};
use sqlx::AnyConnection;

/// What completion depends on, gathered for one trainee and course.
#[derive(Debug, Default, PartialEq)]
pub struct Standing {
    pub modules: usize,
    /// For each module done: the latest version marked done.
    pub done_versions: Vec<i64>,
    pub has_assessment: bool,
    /// The first passing final attempt and its assessment version.
    pub passed: Option<(i64, i64)>,
    /// Session days required, and attended.
    pub sessions_required: i64,
    pub sessions_attended: i64,
}

impl Standing {
    pub fn complete(&self) -> bool {
        self.modules > 0
            && self.done_versions.len() == self.modules
            && (!self.has_assessment || self.passed.is_some())
            && self.sessions_attended >= self.sessions_required
    }
}

pub async fn standing(
    conn: &mut AnyConnection,
    user: i64,
    course: i64,
) -> Result<Standing, sqlx::Error> {
    Ok(Standing {
        modules: usize::try_from(store::live_modules(conn, course).await?).unwrap_or(0),
        done_versions: store::done_versions(conn, user, course).await?,
        has_assessment: store::has_assessment(conn, course).await?,
        passed: store::first_pass(conn, user, course)
            .await?
            .map(|p| (p.id, p.assessment_id)),
        sessions_required: store::attendance_required(conn, course).await?,
        sessions_attended: store::sessions_attended(conn, user, course).await?,
    })
}

/// Records the completion if the rule is now met (once: later calls change
/// nothing), and issues its certificate if the course grants one. Run
/// inside the transaction of the step that may complete the course, so the
/// step and its completion commit together.
pub async fn record_if_complete(
    conn: &mut AnyConnection,
    user: i64,
    course: i64,
) -> Result<bool, sqlx::Error> {
    store::lock_standing(conn, user, course).await?;
    let standing = standing(conn, user, course).await?;
    if !standing.complete() {
        return Ok(false);
    }
    let (attempt, assessment) = standing.passed.unzip();
    let recorded = store::insert_completion(
        conn,
        &store::NewCompletion {
            user,
            course,
            module_versions: &json::encode(&standing.done_versions),
            assessment,
            attempt,
            at: now(),
        },
    )
    .await?;
    if let Some(id) = recorded {
        crate::ssr::certificates::issue::for_completion(conn, id).await?;
    }
    Ok(true)
}

/// When `user` completed `course`, if they have.
pub async fn completed_at(db: &Db, user: i64, course: i64) -> Result<Option<i64>, sqlx::Error> {
    store::completed_at(db, user, course).await
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
            ..Standing::default()
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

    #[test]
    fn a_course_that_requires_attendance_waits_for_it() {
        let mut s = Standing {
            modules: 1,
            done_versions: vec![3],
            sessions_required: 2,
            sessions_attended: 1,
            ..Standing::default()
        };
        assert!(!s.complete(), "one of two session days");
        s.sessions_attended = 2;
        assert!(s.complete());
    }
}
