//! What a trainee's progress earns, decided in one place: a finished
//! module or a graded attempt comes here, and this module decides whether
//! it completes the course (and so issues a certificate) or renews one.
//! The reader (`courses::progress`) and the assessments (`quiz::attempt`)
//! call it; it calls `certificates` (which issues and audits). Nothing here
//! calls back up into the reader or the quiz, so there is one road to a
//! certificate.

pub mod completion;
pub mod store;

use sqlx::AnyConnection;

/// A step a trainee has just taken in a course, inside its transaction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// A module was marked as done.
    ModuleDone,
    /// A final assessment attempt passed.
    FinalPassed,
    /// A refresher attempt (the final taken again to renew an expiring
    /// certificate) passed.
    RefresherPassed,
    /// Attendance at a face-to-face session day was recorded.
    AttendanceRecorded,
}

/// What the step earned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Earned {
    Nothing,
    /// The course is complete now (or already was); a certificate is issued
    /// with a first completion when the course grants one.
    Completion,
    /// A certificate was renewed; its new code.
    Renewal(String),
}

/// Records what `step` earns `user` in `course`. Runs inside the step's own
/// transaction (`conn`), so the step and what it earned commit together.
pub async fn after(
    conn: &mut AnyConnection,
    user: i64,
    course: i64,
    step: Step,
) -> Result<Earned, sqlx::Error> {
    match step {
        Step::ModuleDone | Step::FinalPassed | Step::AttendanceRecorded => Ok(
            if completion::record_if_complete(conn, user, course).await? {
                Earned::Completion
            } else {
                Earned::Nothing
            },
        ),
        Step::RefresherPassed => Ok(
            match crate::ssr::certificates::issue::renewal(conn, user, course).await? {
                Some(code) => Earned::Renewal(code),
                None => Earned::Nothing,
            },
        ),
    }
}
