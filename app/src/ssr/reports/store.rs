//! The reports' SQL: rows of `course_standings s`, under conditions
//! assembled by `query.rs` (always starting from `query::within`, the
//! caller's scope). Counts and sums read the standings alone — each carries
//! its trainee's organisation, place and roles; only the rows shown or
//! exported are joined to their trainee (`users u`) for the name.

use super::query::Order;
use crate::ssr::db::filter::Filter;
use crate::ssr::db::Db;
use sqlx::FromRow;

const FROM: &str = "FROM course_standings s";

/// One trainee in one course, as stored.
#[derive(Clone, Debug, FromRow)]
pub struct StandingRow {
    pub user_id: i64,
    pub name: String,
    pub name_latin: Option<String>,
    pub anonymised_at: Option<i64>,
    pub organisation_id: Option<i64>,
    pub position: Option<String>,
    pub province: Option<String>,
    pub course_id: i64,
    pub started_at: i64,
    pub modules_done: i64,
    pub pretest_score: Option<i64>,
    pub final_score: Option<i64>,
    pub passed: Option<i64>,
    pub completed_at: Option<i64>,
    pub certificate_code: Option<String>,
    pub certificate_expires_at: Option<i64>,
    pub certificate_revoked_at: Option<i64>,
    pub sessions_attended: i64,
}

const COLUMNS: &str = "s.user_id, u.name, u.name_latin, u.anonymised_at, s.organisation_id,
     s.position, s.province, s.course_id, s.started_at, s.modules_done, s.pretest_score,
     s.final_score, s.passed, s.completed_at, s.certificate_code, s.certificate_expires_at,
     s.certificate_revoked_at, s.sessions_attended";

/// The rows matching `filter` in `order`, one page of them or all. A page
/// is chosen among the standings alone (on the default sort, a walk of the
/// name index) before its fifty rows are joined to their trainees.
pub async fn rows(
    db: &Db,
    filter: &Filter,
    order: &Order,
    page: Option<(u32, u32)>,
) -> Result<Vec<StandingRow>, sqlx::Error> {
    let sql = match page {
        None => rows_sql(filter, order),
        Some((limit, offset)) => format!(
            "SELECT {COLUMNS} FROM course_standings s JOIN users u ON u.id = s.user_id {joins}
             WHERE (s.user_id, s.course_id) IN
                   (SELECT s.user_id, s.course_id FROM course_standings s {joins}
                    WHERE {} ORDER BY {by} LIMIT {limit} OFFSET {offset})
             ORDER BY {by}",
            filter.sql(),
            joins = order.joins,
            by = order.by,
        ),
    };
    filter
        .apply_as(sqlx::query_as(&sql))
        .fetch_all(db.pool())
        .await
}

/// The sums behind the report's totals.
#[derive(Clone, Debug, Default, FromRow)]
pub struct TotalsRow {
    pub row_count: i64,
    pub trainees: i64,
    pub completed: i64,
    pub passed: i64,
    pub certified: i64,
    pub pretests: i64,
    pub pretest_sum: i64,
    pub finals: i64,
    pub final_sum: i64,
}

/// Totals over every row matching `filter`; a certificate is counted as
/// certified while it is usable on `now`.
pub async fn totals(db: &Db, filter: &Filter, now: i64) -> Result<TotalsRow, sqlx::Error> {
    let sql = format!(
        "SELECT COUNT(*) AS row_count,
                COUNT(DISTINCT s.user_id) AS trainees,
                CAST(COALESCE(SUM(CASE WHEN s.completed_at IS NOT NULL THEN 1 ELSE 0 END), 0) AS BIGINT) AS completed,
                CAST(COALESCE(SUM(CASE WHEN s.passed = 1 THEN 1 ELSE 0 END), 0) AS BIGINT) AS passed,
                CAST(COALESCE(SUM(CASE WHEN s.certificate_code IS NOT NULL AND s.certificate_revoked_at IS NULL
                          AND (s.certificate_expires_at IS NULL OR s.certificate_expires_at > {now})
                          THEN 1 ELSE 0 END), 0) AS BIGINT) AS certified,
                COUNT(s.pretest_score) AS pretests,
                CAST(COALESCE(SUM(s.pretest_score), 0) AS BIGINT) AS pretest_sum,
                COUNT(s.final_score) AS finals,
                CAST(COALESCE(SUM(s.final_score), 0) AS BIGINT) AS final_sum
         {FROM} WHERE {}",
        filter.sql()
    );
    filter
        .apply_as(sqlx::query_as(&sql))
        .fetch_one(db.pool())
        .await
}

#[derive(FromRow)]
struct ValueRow {
    value: String,
}

/// The distinct non-empty values of `column` (`s.province`, `s.position`)
/// among the standings `filter` covers.
pub async fn distinct_values(
    db: &Db,
    filter: &Filter,
    column: &str,
) -> Result<Vec<String>, sqlx::Error> {
    let sql = format!(
        "SELECT DISTINCT {column} AS value {FROM}
         WHERE {} AND {column} IS NOT NULL AND {column} <> '' ORDER BY {column}",
        filter.sql()
    );
    Ok(filter
        .apply_as::<ValueRow>(sqlx::query_as(&sql))
        .fetch_all(db.pool())
        .await?
        .into_iter()
        .map(|r| r.value)
        .collect())
}

#[derive(Clone, Copy, Debug, FromRow)]
pub struct ModuleCountRow {
    pub course_id: i64,
    pub modules: i64,
}

/// How many live modules each course has.
pub async fn module_counts(db: &Db) -> Result<Vec<ModuleCountRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT course_id, COUNT(*) AS modules FROM modules WHERE retired_at IS NULL GROUP BY course_id",
    )
    .fetch_all(db.pool())
    .await
}

/// The sums behind one group's figures.
#[derive(Clone, Debug, Default, FromRow)]
pub struct GroupSumRow {
    /// The group's key as text (an id, a province, a month's index).
    pub key: Option<String>,
    pub trainees: i64,
    pub completed: i64,
    /// Rows (trainee × course) with a final submitted, how many of them
    /// passed one, and how many trainees they are.
    pub finals: i64,
    pub passed: i64,
    pub finals_people: i64,
    /// Rows with both a pre-test and a final, their score sums (tenths),
    /// and how many trainees they are.
    pub with_both: i64,
    pub both_people: i64,
    pub pre_sum: i64,
    pub final_sum: i64,
}

impl GroupSumRow {
    /// Adds another group's sums (of other trainees: people counts add up
    /// only across groups that share no one).
    pub fn add(&mut self, other: &GroupSumRow) {
        self.trainees += other.trainees;
        self.completed += other.completed;
        self.finals += other.finals;
        self.passed += other.passed;
        self.finals_people += other.finals_people;
        self.with_both += other.with_both;
        self.both_people += other.both_people;
        self.pre_sum += other.pre_sum;
        self.final_sum += other.final_sum;
    }
}

/// The aggregates behind a [`GroupSumRow`], over `s`. People are counted
/// distinct — one trainee in two courses is one person — unless the groups
/// hold one row per person (courses: one standing per trainee and course),
/// where counting rows gives the same number without the sorting.
fn sums(one_row_per_person: bool) -> String {
    let both = "s.pretest_score IS NOT NULL AND s.final_score IS NOT NULL";
    let people = |condition: &str| {
        if one_row_per_person {
            format!("CAST(COALESCE(SUM(CASE WHEN {condition} THEN 1 ELSE 0 END), 0) AS BIGINT)")
        } else {
            format!("COUNT(DISTINCT CASE WHEN {condition} THEN s.user_id END)")
        }
    };
    format!(
        "{trainees} AS trainees,
         CAST(COALESCE(SUM(CASE WHEN s.completed_at IS NOT NULL THEN 1 ELSE 0 END), 0) AS BIGINT) AS completed,
         COUNT(s.passed) AS finals,
         CAST(COALESCE(SUM(CASE WHEN s.passed = 1 THEN 1 ELSE 0 END), 0) AS BIGINT) AS passed,
         {finals_people} AS finals_people,
         CAST(COALESCE(SUM(CASE WHEN {both} THEN 1 ELSE 0 END), 0) AS BIGINT) AS with_both,
         {both_people} AS both_people,
         CAST(COALESCE(SUM(CASE WHEN {both} THEN s.pretest_score ELSE 0 END), 0) AS BIGINT) AS pre_sum,
         CAST(COALESCE(SUM(CASE WHEN {both} THEN s.final_score ELSE 0 END), 0) AS BIGINT) AS final_sum",
        trainees = if one_row_per_person {
            "COUNT(*)".to_string()
        } else {
            "COUNT(DISTINCT s.user_id)".to_string()
        },
        finals_people = people("s.passed IS NOT NULL"),
        both_people = people(both),
    )
}

/// Sums per value of `key` (an SQL expression over `s`: a month's index)
/// among the rows matching `filter`, in one grouped query.
pub async fn group_sums(
    db: &Db,
    filter: &Filter,
    key: &str,
) -> Result<Vec<GroupSumRow>, sqlx::Error> {
    let sql = format!(
        "SELECT CAST({key} AS TEXT) AS key, {} {FROM} WHERE {} GROUP BY {key}",
        sums(false),
        filter.sql()
    );
    filter
        .apply_as(sqlx::query_as(&sql))
        .fetch_all(db.pool())
        .await
}

/// Sums per course among the rows matching `filter` (a trainee has one
/// standing per course, so each row is one person).
pub async fn course_sums(db: &Db, filter: &Filter) -> Result<Vec<GroupSumRow>, sqlx::Error> {
    let sql = format!(
        "SELECT CAST(s.course_id AS TEXT) AS key, {} {FROM} WHERE {} GROUP BY s.course_id",
        sums(true),
        filter.sql()
    );
    filter
        .apply_as(sqlx::query_as(&sql))
        .fetch_all(db.pool())
        .await
}

/// The sums of the trainees of one organisation in one province. A
/// trainee is in exactly one such cell, so cells add up — people counts
/// too — to any organisation's, any province's and the overall sums: one
/// grouped scan of the standings for the three.
#[derive(Clone, Debug, FromRow)]
pub struct CellSumRow {
    pub organisation_id: Option<i64>,
    pub province: Option<String>,
    #[sqlx(flatten)]
    pub sums: GroupSumRow,
}

pub async fn cell_sums(db: &Db, filter: &Filter) -> Result<Vec<CellSumRow>, sqlx::Error> {
    let sql = format!(
        "SELECT s.organisation_id, s.province, CAST(NULL AS TEXT) AS key, {}
         {FROM} WHERE {} GROUP BY s.organisation_id, s.province",
        sums(false),
        filter.sql()
    );
    filter
        .apply_as(sqlx::query_as(&sql))
        .fetch_all(db.pool())
        .await
}

/// Rows matching `filter` (a count, e.g. certificates expiring soon).
pub async fn count(db: &Db, filter: &Filter) -> Result<i64, sqlx::Error> {
    #[derive(FromRow)]
    struct N {
        n: i64,
    }
    let sql = format!("SELECT COUNT(*) AS n {FROM} WHERE {}", filter.sql());
    Ok(filter
        .apply_as::<N>(sqlx::query_as(&sql))
        .fetch_one(db.pool())
        .await?
        .n)
}

/// A standing's per-module scores (`course_standings.module_scores`: JSON
/// `[[module, pre-test, final], …]` in tenths of a percent, for the modules
/// both its best pre-test and best final tested).
#[derive(Clone, Debug, FromRow)]
pub struct ModuleScoresRow {
    pub course_id: i64,
    pub module_scores: String,
}

/// The per-module scores of every standing matching `filter` that has
/// them: one narrow row per trainee and course, summed by the caller.
pub async fn module_scores(db: &Db, filter: &Filter) -> Result<Vec<ModuleScoresRow>, sqlx::Error> {
    let sql = format!(
        "SELECT s.course_id, s.module_scores {FROM}
         WHERE {} AND s.module_scores IS NOT NULL",
        filter.sql()
    );
    filter
        .apply_as(sqlx::query_as(&sql))
        .fetch_all(db.pool())
        .await
}

/// A graded final attempt, as item analysis reads it.
#[derive(Clone, Debug, FromRow)]
pub struct FinalAttemptRow {
    pub assessment_id: i64,
    /// JSON: the presented paper.
    pub paper: String,
    /// JSON: the answers as form fields.
    pub answers: String,
}

/// The graded finals of `course` by the accounts `filter` (over `users u`)
/// admits.
pub async fn final_attempts(
    db: &Db,
    filter: &Filter,
    course: i64,
) -> Result<Vec<FinalAttemptRow>, sqlx::Error> {
    let sql = format!(
        "SELECT a.assessment_id, a.paper, a.answers FROM assessment_attempts a
         JOIN users u ON u.id = a.user_id
         WHERE a.course_id = {course} AND a.purpose = 'final' AND a.submitted_at IS NOT NULL
           AND {}
         ORDER BY a.id",
        filter.sql()
    );
    filter
        .apply_as(sqlx::query_as(&sql))
        .fetch_all(db.pool())
        .await
}

/// A live module's current title in one language.
#[derive(Clone, Debug, FromRow)]
pub struct ModuleTitleRow {
    pub course_id: i64,
    pub slug: String,
    pub position: i64,
    pub language: String,
    pub title: String,
}

pub async fn module_titles(db: &Db) -> Result<Vec<ModuleTitleRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT m.course_id, m.slug, m.position, v.language, v.title
         FROM modules m JOIN module_versions v ON v.module_id = m.id AND v.superseded_at IS NULL
         WHERE m.retired_at IS NULL ORDER BY m.course_id, m.position",
    )
    .fetch_all(db.pool())
    .await
}

/// Every row matching `filter` in `order`, one at a time (a background
/// export's source: the rows are never all in memory).
pub fn rows_stream<'a>(
    db: &'a Db,
    filter: &'a Filter,
    sql: &'a str,
) -> impl futures::Stream<Item = Result<StandingRow, sqlx::Error>> + 'a {
    filter.apply_as(sqlx::query_as(sql)).fetch(db.pool())
}

/// The statement [`rows_stream`] runs (and [`rows`] for all rows).
pub fn rows_sql(filter: &Filter, order: &Order) -> String {
    format!(
        "SELECT {COLUMNS} FROM course_standings s JOIN users u ON u.id = s.user_id {}
         WHERE {} ORDER BY {}",
        order.joins,
        filter.sql(),
        order.by
    )
}

/// A background export, as stored.
#[derive(Clone, Debug, FromRow)]
pub struct ExportRow {
    pub id: i64,
    pub requested_by: i64,
    pub format: String,
    pub query: String,
    pub total: i64,
    pub done: i64,
    pub created_at: i64,
    pub finished_at: Option<i64>,
    pub failure: Option<String>,
}

const EXPORT_COLUMNS: &str =
    "id, requested_by, format, query, total, done, created_at, finished_at, failure";

/// Records a new export (refused by the database if the requester has one
/// running) and keeps the requester's newest `keep`.
pub async fn insert_export(
    db: &Db,
    requester: i64,
    format: &str,
    query: &str,
    total: i64,
    keep: i64,
    at: i64,
) -> Result<i64, sqlx::Error> {
    let mut tx = db.begin().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO report_exports (requested_by, format, query, total, created_at)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(requester)
    .bind(format)
    .bind(query)
    .bind(total)
    .bind(at)
    .fetch_one(&mut *tx)
    .await?;
    let old = "SELECT id FROM report_exports WHERE requested_by = $1 AND id NOT IN
                 (SELECT id FROM report_exports WHERE requested_by = $1 ORDER BY id DESC LIMIT $2)";
    sqlx::query(&format!(
        "DELETE FROM report_export_chunks WHERE export_id IN ({old})"
    ))
    .bind(requester)
    .bind(keep)
    .execute(&mut *tx)
    .await?;
    sqlx::query(&format!("DELETE FROM report_exports WHERE id IN ({old})"))
        .bind(requester)
        .bind(keep)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(id)
}

/// Exports left unfinished by a restart before `before` are failed.
pub async fn close_stalled_exports(db: &Db, before: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE report_exports SET failure = 'interrupted'
         WHERE finished_at IS NULL AND failure IS NULL AND created_at < $1",
    )
    .bind(before)
    .execute(db.pool())
    .await?;
    Ok(())
}

pub async fn exports_of(db: &Db, requester: i64) -> Result<Vec<ExportRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {EXPORT_COLUMNS} FROM report_exports WHERE requested_by = $1 ORDER BY id DESC"
    ))
    .bind(requester)
    .fetch_all(db.pool())
    .await
}

pub async fn export(db: &Db, id: i64) -> Result<Option<ExportRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {EXPORT_COLUMNS} FROM report_exports WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(db.pool())
    .await
}

pub async fn set_export_progress(db: &Db, id: i64, done: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE report_exports SET done = $1 WHERE id = $2")
        .bind(done)
        .bind(id)
        .execute(db.pool())
        .await?;
    Ok(())
}

pub async fn append_chunk(db: &Db, id: i64, seq: i64, data: &[u8]) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO report_export_chunks (export_id, seq, data) VALUES ($1, $2, $3)")
        .bind(id)
        .bind(seq)
        .bind(data)
        .execute(db.pool())
        .await?;
    Ok(())
}

pub async fn finish_export(db: &Db, id: i64, done: i64, at: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE report_exports SET done = $1, total = $1, finished_at = $2 WHERE id = $3")
        .bind(done)
        .bind(at)
        .bind(id)
        .execute(db.pool())
        .await?;
    Ok(())
}

pub async fn fail_export(db: &Db, id: i64, failure: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE report_exports SET failure = $1 WHERE id = $2 AND finished_at IS NULL")
        .bind(failure)
        .bind(id)
        .execute(db.pool())
        .await?;
    Ok(())
}

#[derive(FromRow)]
struct ChunkRow {
    data: Vec<u8>,
}

/// Chunk `seq` of export `id`, if there is one.
pub async fn chunk(db: &Db, id: i64, seq: i64) -> Result<Option<Vec<u8>>, sqlx::Error> {
    Ok(sqlx::query_as::<_, ChunkRow>(
        "SELECT data FROM report_export_chunks WHERE export_id = $1 AND seq = $2",
    )
    .bind(id)
    .bind(seq)
    .fetch_optional(db.pool())
    .await?
    .map(|r| r.data))
}
