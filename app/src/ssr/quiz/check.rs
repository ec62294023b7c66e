//! Knowledge checks: the quiz at the end of a module. Unlimited tries,
//! immediate feedback (correct answers and explanations after each try),
//! not counted towards a certificate. The key stays here: the page gets
//! [`PublicQuestion`]s until a try has been sent.

use super::answer_form::answers;
use super::feedback;
use super::grading::{grade, percent, public, Answer, Outcome};
use super::presentation::paper;
use super::store;
use crate::model::quiz::{CheckPaper, CheckResult};
use crate::ssr::course_names::version_place;
use crate::ssr::db::{json, now, Db};
use crate::ssr::quiz::question::Question;

/// The questions of module version `version` (empty if it has none).
pub async fn pool(db: &Db, version: i64) -> Result<Vec<Question>, sqlx::Error> {
    let text = store::check_quiz(db, version).await?;
    Ok(json::decode("module_versions.quiz", &text)?)
}

/// A stored seed (a signed 64-bit column) as the bits that seed the
/// shuffle.
fn seed_bits(seed: i64) -> u64 {
    u64::from_ne_bytes(seed.to_ne_bytes())
}

/// A score in percent as stored: tenths of a percent.
pub fn tenths(percent: f64) -> i64 {
    // A percentage (0–100) times ten: always fits.
    (percent * 10.0).round() as i64
}

/// A fresh paper: every question, options in a new random order.
pub fn new_paper(pool: &[Question]) -> Option<CheckPaper> {
    if pool.is_empty() {
        return None;
    }
    let seed: i64 = rand::random();
    Some(CheckPaper {
        seed,
        questions: paper(pool, None, seed_bits(seed))
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
    let presented = paper(&pool, None, seed_bits(seed));
    let given = answers(&pool, &presented, form);
    let outcomes: Vec<Outcome> = presented
        .iter()
        .zip(&given)
        .map(|(p, a)| grade(&pool[p.question], p, a.as_ref(), false))
        .collect();
    let id = store::insert_check(
        db,
        user,
        version,
        seed,
        &json::encode(&given),
        tenths(percent(&outcomes)),
        now(),
    )
    .await?;
    Ok(Some(id))
}

/// The result of `user`'s try `id` on `version` (nobody else's).
pub async fn result(
    db: &Db,
    user: i64,
    version: i64,
    id: i64,
) -> Result<Option<CheckResult>, sqlx::Error> {
    let Some(row) = store::check_try(db, user, version, id).await? else {
        return Ok(None);
    };
    let pool = pool(db, version).await?;
    let presented = paper(&pool, None, seed_bits(row.seed));
    let given: Vec<Option<Answer>> = json::decode("knowledge_checks.answers", &row.answers)?;
    let (questions, outcomes) = feedback::results(&pool, &presented, &given, false, true);
    Ok(Some(CheckResult {
        score: percent(&outcomes),
        questions,
    }))
}
