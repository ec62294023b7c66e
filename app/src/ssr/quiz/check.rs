//! Knowledge checks: the quiz at the end of a module. Unlimited tries,
//! immediate feedback (correct answers and explanations after each try),
//! not counted towards a certificate. The key stays here: the page gets
//! [`PublicQuestion`]s until a try has been sent.

use super::answer_form::answers;
use super::feedback;
use super::grading::{grade, percent, public, Answer, Outcome};
use super::presentation::paper;
use crate::model::quiz::{CheckPaper, CheckResult};
use crate::ssr::content::quiz::Question;
use crate::ssr::courses::progress::version_place;
use crate::ssr::db::{json, now, Db};
use sqlx::Row;

/// The questions of module version `version` (empty if it has none).
pub async fn pool(db: &Db, version: i64) -> Result<Vec<Question>, sqlx::Error> {
    let text: String = sqlx::query("SELECT quiz FROM module_versions WHERE id = $1")
        .bind(version)
        .fetch_one(db.pool())
        .await?
        .try_get("quiz")?;
    Ok(json::decode("module_versions.quiz", &text)?)
}

/// A fresh paper: every question, options in a new random order.
pub fn new_paper(pool: &[Question]) -> Option<CheckPaper> {
    if pool.is_empty() {
        return None;
    }
    let seed: i64 = rand::random();
    Some(CheckPaper {
        seed,
        questions: paper(pool, None, seed as u64)
            .iter()
            .map(|p| public(&pool[p.question], p))
            .collect(),
    })
}

/// Grades and keeps a try; returns its id, or `None` if `version` is not a
/// current text of that module.
pub async fn submit(
    db: &Db,
    user: i64,
    course_slug: &str,
    module_slug: &str,
    version: i64,
    seed: i64,
    form: &[(String, String)],
) -> Result<Option<i64>, sqlx::Error> {
    if version_place(db, course_slug, module_slug, version)
        .await?
        .is_none()
    {
        return Ok(None);
    }
    let pool = pool(db, version).await?;
    let presented = paper(&pool, None, seed as u64);
    let given = answers(&pool, &presented, form);
    let outcomes: Vec<Outcome> = presented
        .iter()
        .zip(&given)
        .map(|(p, a)| grade(&pool[p.question], p, a.as_ref(), false))
        .collect();
    let id: i64 = sqlx::query(
        "INSERT INTO knowledge_checks (user_id, module_version_id, seed, answers, score, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(user)
    .bind(version)
    .bind(seed)
    .bind(crate::ssr::db::json::encode(&given))
    .bind((percent(&outcomes) * 10.0).round() as i64)
    .bind(now())
    .fetch_one(db.pool())
    .await?
    .try_get("id")?;
    Ok(Some(id))
}

/// The result of `user`'s try `id` on `version` (nobody else's).
pub async fn result(
    db: &Db,
    user: i64,
    version: i64,
    id: i64,
) -> Result<Option<CheckResult>, sqlx::Error> {
    let Some(row) = sqlx::query(
        "SELECT seed, answers FROM knowledge_checks WHERE id = $1 AND user_id = $2 AND module_version_id = $3",
    )
    .bind(id)
    .bind(user)
    .bind(version)
    .fetch_optional(db.pool())
    .await?
    else {
        return Ok(None);
    };
    let pool = pool(db, version).await?;
    let presented = paper(&pool, None, row.try_get::<i64, _>("seed")? as u64);
    let given: Vec<Option<Answer>> = json::decode(
        "knowledge_checks.answers",
        &row.try_get::<String, _>("answers")?,
    )?;
    let (questions, outcomes) = feedback::results(&pool, &presented, &given, false, true);
    Ok(Some(CheckResult {
        score: percent(&outcomes),
        questions,
    }))
}
