//! The SQL of certificates. (Being moved here from the files of this
//! area one query at a time; new queries of the area go here.)

use crate::ssr::db::Db;
use sqlx::FromRow;

#[derive(FromRow)]
struct CodeRow {
    code: String,
}

/// The code of `user`'s newest certificate of `course`, if any.
pub async fn newest_code(db: &Db, user: i64, course: i64) -> Result<Option<String>, sqlx::Error> {
    Ok(sqlx::query_as::<_, CodeRow>(
        "SELECT code FROM certificates WHERE user_id = $1 AND course_id = $2
         ORDER BY issued_at DESC, id DESC LIMIT 1",
    )
    .bind(user)
    .bind(course)
    .fetch_optional(db.pool())
    .await?
    .map(|r| r.code))
}
