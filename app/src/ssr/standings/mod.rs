//! Each trainee's standing in each course they have begun — started,
//! modules done, pre-test and best final score, passed, completed, newest
//! certificate — kept in `course_standings` so the reports read one row
//! per trainee and course instead of aggregating every progress row on
//! every page. Whatever changes a standing refreshes it inside its own
//! transaction, so the report is never behind what a trainee sees. It
//! sits below the reader, the quiz, records and certificates, which all
//! call it; it calls none of them.

pub mod store;

use sqlx::AnyConnection;
use store::Pairs;

/// Recomputes `user`'s standing in `course` (after a module was opened or
/// done, an attempt graded, a certificate issued, renewed or revoked).
pub async fn refresh(conn: &mut AnyConnection, user: i64, course: i64) -> Result<(), sqlx::Error> {
    store::refresh_standings(conn, Pairs::One { user, course }).await
}

/// Recomputes every standing in `course` (after an import may have
/// retired a module, which changes what counts as done).
pub async fn refresh_course(conn: &mut AnyConnection, course: i64) -> Result<(), sqlx::Error> {
    store::refresh_standings(conn, Pairs::Course(course)).await
}

/// Recomputes the standing a certificate belongs to (after revoking it).
pub async fn refresh_certificate(conn: &mut AnyConnection, code: &str) -> Result<(), sqlx::Error> {
    store::refresh_standings(conn, Pairs::Certificate(code)).await
}

/// Recomputes every standing (after generated data was loaded in bulk).
pub async fn refresh_all(conn: &mut AnyConnection) -> Result<(), sqlx::Error> {
    store::refresh_standings(conn, Pairs::All).await
}
