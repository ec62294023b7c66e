//! The SQL of assessments and knowledge checks: assessment versions,
//! attempts (start, autosave, grade), a trainee's history and knowledge
//! check tries. Rows are `FromRow` structs with JSON columns as text; the
//! rules (who may start what, grading, the time limit) are in
//! `attempt.rs`, `grading.rs` and `check.rs`, which decode them with
//! `db::json`.

use crate::ssr::db::Db;
use sqlx::{Any, AnyConnection, Executor, FromRow};

/// One stored version of a course's assessment, with its course's source
/// language.
#[derive(Clone, Debug, FromRow)]
pub struct AssessmentRow {
    pub id: i64,
    pub course_id: i64,
    pub language: String,
    pub content_hash: String,
    pub translation_of: Option<String>,
    pub title: String,
    /// JSON: `AssessmentSettings`.
    pub settings: String,
    pub intro_html: String,
    /// JSON: the question pool.
    pub pool: String,
    pub source_language: String,
}

const ASSESSMENT: &str = "SELECT a.id, a.course_id, a.language, a.content_hash, a.translation_of,
        a.title, a.settings, a.intro_html, a.pool, c.source_language
     FROM assessments a JOIN courses c ON c.id = a.course_id";

/// Counts of a trainee's attempts and modules done in one course.
#[derive(Clone, Copy, Debug, FromRow)]
pub struct HistoryCounts {
    pub pretests: i64,
    pub finals: i64,
    pub passes: i64,
    pub done: i64,
}

/// An attempt as grading needs it.
#[derive(Clone, Debug, FromRow)]
pub struct AttemptRow {
    pub course_id: i64,
    pub assessment_id: i64,
    pub purpose: String,
    /// JSON: the presented paper.
    pub paper: String,
    /// JSON: the answers as form fields.
    pub answers: String,
    pub deadline: Option<i64>,
    pub submitted_at: Option<i64>,
}

/// An attempt with its assessment version, as its page needs it.
#[derive(Clone, Debug, FromRow)]
pub struct AttemptPageRow {
    pub course_id: i64,
    pub assessment_id: i64,
    pub purpose: String,
    pub paper: String,
    pub answers: String,
    pub deadline: Option<i64>,
    pub submitted_at: Option<i64>,
    /// Tenths of a percent.
    pub score: Option<i64>,
    pub passed: Option<i64>,
    pub late: Option<i64>,
    pub title: String,
    pub settings: String,
    pub pool: String,
    pub language: String,
}

/// One line of a trainee's attempts in a course.
#[derive(Clone, Debug, FromRow)]
pub struct SummaryRow {
    pub id: i64,
    pub purpose: String,
    pub started_at: i64,
    pub submitted_at: Option<i64>,
    pub score: Option<i64>,
    pub passed: Option<i64>,
}

/// The latest score of one purpose (pre-test) in tenths of a percent.
#[derive(Clone, Copy, Debug, FromRow)]
struct ScoreRow {
    score: Option<i64>,
}

/// A knowledge-check try.
#[derive(Clone, Debug, FromRow)]
pub struct CheckRow {
    pub seed: i64,
    /// JSON: the answers.
    pub answers: String,
}

#[derive(FromRow)]
struct IdRow {
    id: i64,
}

#[derive(FromRow)]
struct CourseIdRow {
    course_id: i64,
}

#[derive(FromRow)]
struct CountRow {
    n: i64,
}

#[derive(FromRow)]
struct QuizRow {
    quiz: String,
}

/// The current assessment texts (one per language) of course `slug`.
pub async fn current(db: &Db, slug: &str) -> Result<Vec<AssessmentRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{ASSESSMENT} WHERE c.slug = $1 AND a.superseded_at IS NULL"
    ))
    .bind(slug)
    .fetch_all(db.pool())
    .await
}

/// Assessment version `id`.
pub async fn version<'e>(
    ex: impl Executor<'e, Database = Any>,
    id: i64,
) -> Result<AssessmentRow, sqlx::Error> {
    sqlx::query_as(&format!("{ASSESSMENT} WHERE a.id = $1"))
        .bind(id)
        .fetch_one(ex)
        .await
}

/// What the starting rules count for `user` in `course`.
pub async fn history_counts(db: &Db, user: i64, course: i64) -> Result<HistoryCounts, sqlx::Error> {
    sqlx::query_as(
        "SELECT
           (SELECT COUNT(*) FROM assessment_attempts WHERE user_id = $1 AND course_id = $2 AND purpose = 'pretest') AS pretests,
           (SELECT COUNT(*) FROM assessment_attempts WHERE user_id = $1 AND course_id = $2 AND purpose = 'final') AS finals,
           (SELECT COUNT(*) FROM assessment_attempts WHERE user_id = $1 AND course_id = $2 AND purpose = 'final' AND passed = 1) AS passes,
           (SELECT COUNT(*) FROM module_progress p JOIN module_versions v ON v.id = p.module_version_id
              JOIN modules m ON m.id = v.module_id
              WHERE p.user_id = $1 AND m.course_id = $2 AND p.done_at IS NOT NULL) AS done",
    )
    .bind(user)
    .bind(course)
    .fetch_one(db.pool())
    .await
}

/// Refresher attempts `user` started in `course` since `since`.
pub async fn refreshers_since(
    db: &Db,
    user: i64,
    course: i64,
    since: i64,
) -> Result<i64, sqlx::Error> {
    let row: CountRow = sqlx::query_as(
        "SELECT COUNT(*) AS n FROM assessment_attempts
         WHERE user_id = $1 AND course_id = $2 AND purpose = 'refresher' AND started_at >= $3",
    )
    .bind(user)
    .bind(course)
    .bind(since)
    .fetch_one(db.pool())
    .await?;
    Ok(row.n)
}

/// The open attempt of `user` in `course`, if any.
pub async fn open_attempt(db: &Db, user: i64, course: i64) -> Result<Option<i64>, sqlx::Error> {
    Ok(sqlx::query_as::<_, IdRow>(
        "SELECT id FROM assessment_attempts WHERE user_id = $1 AND course_id = $2 AND submitted_at IS NULL",
    )
    .bind(user)
    .bind(course)
    .fetch_optional(db.pool())
    .await?
    .map(|r| r.id))
}

/// A new attempt, as drawn.
pub struct NewAttempt<'a> {
    pub user: i64,
    pub course: i64,
    pub assessment: i64,
    pub purpose: &'a str,
    pub seed: i64,
    /// JSON: the presented paper.
    pub paper: String,
    pub started_at: i64,
    pub deadline: Option<i64>,
}

/// Inserts an attempt; fails with a unique violation when one is open
/// already.
pub async fn insert_attempt(db: &Db, new: NewAttempt<'_>) -> Result<i64, sqlx::Error> {
    let row: IdRow = sqlx::query_as(
        "INSERT INTO assessment_attempts
           (user_id, course_id, assessment_id, purpose, seed, paper, answers, started_at, deadline)
         VALUES ($1, $2, $3, $4, $5, $6, '[]', $7, $8) RETURNING id",
    )
    .bind(new.user)
    .bind(new.course)
    .bind(new.assessment)
    .bind(new.purpose)
    .bind(new.seed)
    .bind(new.paper)
    .bind(new.started_at)
    .bind(new.deadline)
    .fetch_one(db.pool())
    .await?;
    Ok(row.id)
}

/// Keeps `answers` (JSON) on `user`'s open attempt if it is in time
/// (`deadline + grace >= at`). `false` when nothing was saved.
pub async fn save_answers(
    db: &Db,
    user: i64,
    attempt: i64,
    answers: &str,
    at: i64,
    grace: i64,
) -> Result<bool, sqlx::Error> {
    let updated = sqlx::query(
        "UPDATE assessment_attempts SET answers = $1, saved_at = $2
         WHERE id = $3 AND user_id = $4 AND submitted_at IS NULL
           AND (deadline IS NULL OR deadline + $5 >= $2)",
    )
    .bind(answers)
    .bind(at)
    .bind(attempt)
    .bind(user)
    .bind(grace)
    .execute(db.pool())
    .await?
    .rows_affected();
    Ok(updated == 1)
}

/// The course of `user`'s attempt `attempt` (nobody else's).
pub async fn owner_course(db: &Db, user: i64, attempt: i64) -> Result<Option<i64>, sqlx::Error> {
    Ok(sqlx::query_as::<_, CourseIdRow>(
        "SELECT course_id FROM assessment_attempts WHERE id = $1 AND user_id = $2",
    )
    .bind(attempt)
    .bind(user)
    .fetch_optional(db.pool())
    .await?
    .map(|r| r.course_id))
}

/// `user`'s open attempts in `course` whose deadline and grace passed
/// before `at`.
pub async fn expired(
    db: &Db,
    user: i64,
    course: i64,
    grace: i64,
    at: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    Ok(sqlx::query_as::<_, IdRow>(
        "SELECT id FROM assessment_attempts
         WHERE user_id = $1 AND course_id = $2 AND submitted_at IS NULL AND deadline + $3 < $4",
    )
    .bind(user)
    .bind(course)
    .bind(grace)
    .bind(at)
    .fetch_all(db.pool())
    .await?
    .into_iter()
    .map(|r| r.id)
    .collect())
}

/// Takes the write lock on `user`'s attempt first thing in a grading
/// transaction: SQLite's write lock (a read that later upgrades would
/// deadlock with a concurrent submit), PostgreSQL's row lock — so
/// concurrent submits of one attempt queue here.
pub async fn lock_attempt(
    conn: &mut AnyConnection,
    user: i64,
    attempt: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE assessment_attempts SET late = late WHERE id = $1 AND user_id = $2")
        .bind(attempt)
        .bind(user)
        .execute(conn)
        .await?;
    Ok(())
}

/// `user`'s attempt `attempt`, inside the grading transaction.
pub async fn attempt(
    conn: &mut AnyConnection,
    user: i64,
    attempt: i64,
) -> Result<Option<AttemptRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT course_id, assessment_id, purpose, paper, answers, deadline, submitted_at
         FROM assessment_attempts WHERE id = $1 AND user_id = $2",
    )
    .bind(attempt)
    .bind(user)
    .fetch_optional(conn)
    .await
}

/// A graded attempt's result.
pub struct Graded<'a> {
    pub attempt: i64,
    /// JSON: the answers graded.
    pub answers: &'a str,
    pub submitted_at: i64,
    /// Tenths of a percent.
    pub score: i64,
    pub passed: bool,
    pub late: bool,
}

/// Records the result, once: `false` if the attempt was submitted already.
pub async fn record_grade(conn: &mut AnyConnection, g: Graded<'_>) -> Result<bool, sqlx::Error> {
    let updated = sqlx::query(
        "UPDATE assessment_attempts SET answers = $1, submitted_at = $2, score = $3, passed = $4, late = $5
         WHERE id = $6 AND submitted_at IS NULL",
    )
    .bind(g.answers)
    .bind(g.submitted_at)
    .bind(g.score)
    .bind(i64::from(g.passed))
    .bind(i64::from(g.late))
    .bind(g.attempt)
    .execute(conn)
    .await?
    .rows_affected();
    Ok(updated == 1)
}

/// A graded attempt's score on the questions testing one module.
pub async fn record_module_score(
    conn: &mut AnyConnection,
    attempt: i64,
    module: &str,
    questions: usize,
    score: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO attempt_module_scores (attempt_id, module_slug, questions, score)
         VALUES ($1, $2, $3, $4)",
    )
    .bind(attempt)
    .bind(module)
    .bind(i64::try_from(questions).unwrap_or(i64::MAX))
    .bind(score)
    .execute(conn)
    .await?;
    Ok(())
}

/// `user`'s attempt `id` in course `slug`, with its assessment version.
pub async fn attempt_page(
    db: &Db,
    user: i64,
    slug: &str,
    id: i64,
) -> Result<Option<AttemptPageRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT a.course_id, a.assessment_id, a.purpose, a.paper, a.answers, a.deadline, a.submitted_at,
                a.score, a.passed, a.late, s.title, s.settings, s.pool, s.language
         FROM assessment_attempts a JOIN assessments s ON s.id = a.assessment_id
         JOIN courses c ON c.id = a.course_id
         WHERE a.id = $1 AND a.user_id = $2 AND c.slug = $3",
    )
    .bind(id)
    .bind(user)
    .bind(slug)
    .fetch_optional(db.pool())
    .await
}

/// Every attempt of `user` in `course`, oldest first.
pub async fn summaries(db: &Db, user: i64, course: i64) -> Result<Vec<SummaryRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, purpose, started_at, submitted_at, score, passed FROM assessment_attempts
         WHERE user_id = $1 AND course_id = $2 ORDER BY started_at, id",
    )
    .bind(user)
    .bind(course)
    .fetch_all(db.pool())
    .await
}

/// The score (tenths of a percent) of `user`'s latest submitted attempt of
/// `purpose` in `course`.
pub async fn latest_score(
    db: &Db,
    user: i64,
    course: i64,
    purpose: &str,
) -> Result<Option<i64>, sqlx::Error> {
    Ok(sqlx::query_as::<_, ScoreRow>(
        "SELECT score FROM assessment_attempts
         WHERE user_id = $1 AND course_id = $2 AND purpose = $3 AND submitted_at IS NOT NULL
         ORDER BY submitted_at DESC, id DESC LIMIT 1",
    )
    .bind(user)
    .bind(course)
    .bind(purpose)
    .fetch_optional(db.pool())
    .await?
    .and_then(|r| r.score))
}

/// The knowledge check (JSON questions) of module version `version`.
pub async fn check_quiz(db: &Db, version: i64) -> Result<String, sqlx::Error> {
    let row: QuizRow = sqlx::query_as("SELECT quiz FROM module_versions WHERE id = $1")
        .bind(version)
        .fetch_one(db.pool())
        .await?;
    Ok(row.quiz)
}

/// A knowledge-check try of `user`'s on module version `version`.
pub async fn check_try(
    db: &Db,
    user: i64,
    version: i64,
    id: i64,
) -> Result<Option<CheckRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT seed, answers FROM knowledge_checks WHERE id = $1 AND user_id = $2 AND module_version_id = $3",
    )
    .bind(id)
    .bind(user)
    .bind(version)
    .fetch_optional(db.pool())
    .await
}

/// Keeps a graded knowledge-check try; returns its id.
pub async fn insert_check(
    db: &Db,
    user: i64,
    version: i64,
    seed: i64,
    answers: &str,
    score: i64,
    at: i64,
) -> Result<i64, sqlx::Error> {
    let row: IdRow = sqlx::query_as(
        "INSERT INTO knowledge_checks (user_id, module_version_id, seed, answers, score, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(user)
    .bind(version)
    .bind(seed)
    .bind(answers)
    .bind(score)
    .bind(at)
    .fetch_one(db.pool())
    .await?;
    Ok(row.id)
}

/// A trainee's best pre-test and final scores (tenths of a percent) in a
/// course.
#[derive(Clone, Copy, Debug, FromRow)]
pub struct GainRow {
    pub id: i64,
    pub organisation_id: Option<i64>,
    pub pre: Option<i64>,
    pub post: Option<i64>,
}

/// Every trainee who attempted `course`, with their best pre-test and
/// final scores.
pub async fn gains(db: &Db, course: i64) -> Result<Vec<GainRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT u.id, u.organisation_id,
                (SELECT MAX(score) FROM assessment_attempts a
                  WHERE a.user_id = u.id AND a.course_id = $1 AND a.purpose = 'pretest'
                    AND a.submitted_at IS NOT NULL) AS pre,
                (SELECT MAX(score) FROM assessment_attempts a
                  WHERE a.user_id = u.id AND a.course_id = $1 AND a.purpose = 'final'
                    AND a.submitted_at IS NOT NULL) AS post
         FROM users u
         WHERE u.id IN (SELECT user_id FROM assessment_attempts WHERE course_id = $1)
         ORDER BY u.id",
    )
    .bind(course)
    .fetch_all(db.pool())
    .await
}
