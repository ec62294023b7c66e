//! Knowledge checks: the quiz at the end of a module. Unlimited tries,
//! immediate feedback (correct answers and explanations after each try),
//! not counted towards a certificate. The key stays here: the page gets
//! [`PublicQuestion`]s until a try has been sent.

use super::grading::{grade, percent, public, Answer, Outcome};
use super::presentation::{paper, Presented};
use crate::api::quiz::{CheckPaper, CheckResult, QuestionResult};
use crate::ssr::content::quiz::{Kind, Question};
use crate::ssr::courses::progress::version_place;
use crate::ssr::db::{now, Db};
use sqlx::Row;

/// The questions of module version `version` (empty if it has none).
pub async fn pool(db: &Db, version: i64) -> Result<Vec<Question>, sqlx::Error> {
    let json: String = sqlx::query("SELECT quiz FROM module_versions WHERE id = $1")
        .bind(version)
        .fetch_one(db.pool())
        .await?
        .try_get("quiz")?;
    Ok(serde_json::from_str(&json).unwrap_or_default())
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

/// Reads the answers of a posted form. Field names: `q{n}` (a position or
/// a text) and `q{n}_{m}` (a ticked box, or a matching pair's pick).
pub fn answers(
    pool: &[Question],
    presented: &[Presented],
    form: &[(String, String)],
) -> Vec<Option<Answer>> {
    let field = |name: String| {
        form.iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
    };
    presented
        .iter()
        .enumerate()
        .map(|(n, p)| match &pool[p.question].kind {
            Kind::Single { .. } => field(format!("q{n}"))
                .and_then(|v| v.parse().ok())
                .map(Answer::Choice),
            Kind::Multiple { options } => Some(Answer::Choices(
                (0..options.len())
                    .filter(|m| field(format!("q{n}_{m}")).is_some())
                    .collect(),
            )),
            Kind::Short { .. } => field(format!("q{n}")).map(|v| Answer::Text(v.to_string())),
            Kind::Matching { pairs } => Some(Answer::Pairs(
                (0..pairs.len())
                    .map(|left| field(format!("q{n}_{left}")).and_then(|v| v.parse().ok()))
                    .collect(),
            )),
        })
        .collect()
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
    .bind(serde_json::to_string(&given).unwrap_or_default())
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
    let given: Vec<Option<Answer>> =
        serde_json::from_str(&row.try_get::<String, _>("answers")?).unwrap_or_default();
    let mut outcomes = Vec::new();
    let mut questions = Vec::new();
    for (p, a) in presented
        .iter()
        .zip(given.iter().chain(std::iter::repeat(&None)))
    {
        let q = &pool[p.question];
        let outcome = grade(q, p, a.as_ref(), false);
        outcomes.push(outcome);
        questions.push(QuestionResult {
            text: q.text.clone(),
            correct: outcome.correct(),
            your_answer: describe_answer(q, p, a.as_ref()),
            right_answer: describe_key(q),
            explanation: q.explanation.clone(),
        });
    }
    Ok(Some(CheckResult {
        score: percent(&outcomes),
        questions,
    }))
}

fn describe_answer(q: &Question, p: &Presented, a: Option<&Answer>) -> String {
    let at = |pos: &usize| p.order.get(*pos).copied();
    match (&q.kind, a) {
        (Kind::Single { options }, Some(Answer::Choice(pos))) => at(pos)
            .and_then(|i| options.get(i))
            .map(|o| o.text.clone())
            .unwrap_or_default(),
        (Kind::Multiple { options }, Some(Answer::Choices(positions))) => positions
            .iter()
            .filter_map(|pos| at(pos).and_then(|i| options.get(i)).map(|o| o.text.clone()))
            .collect::<Vec<_>>()
            .join("; "),
        (Kind::Short { .. }, Some(Answer::Text(t))) => t.clone(),
        (Kind::Matching { pairs }, Some(Answer::Pairs(picks))) => pairs
            .iter()
            .enumerate()
            .map(|(left, (l, _))| {
                let right = picks
                    .get(left)
                    .copied()
                    .flatten()
                    .and_then(|pos| at(&pos))
                    .and_then(|i| pairs.get(i))
                    .map(|(_, r)| r.as_str())
                    .unwrap_or("—");
                format!("{l} → {right}")
            })
            .collect::<Vec<_>>()
            .join("; "),
        _ => String::new(),
    }
}

fn describe_key(q: &Question) -> String {
    match &q.kind {
        Kind::Single { options } | Kind::Multiple { options } => options
            .iter()
            .filter(|o| o.correct)
            .map(|o| o.text.clone())
            .collect::<Vec<_>>()
            .join("; "),
        Kind::Short { accepted } => accepted.first().cloned().unwrap_or_default(),
        Kind::Matching { pairs } => pairs
            .iter()
            .map(|(l, r)| format!("{l} → {r}"))
            .collect::<Vec<_>>()
            .join("; "),
    }
}
