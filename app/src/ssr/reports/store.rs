//! The reports' SQL: rows of `course_standings s` joined to their trainee
//! (`users u`), organisation (`organisations o`) and course (`courses k`),
//! under conditions assembled by `query.rs` (always starting from
//! `query::within`, the caller's scope).

use crate::ssr::db::filter::Filter;
use crate::ssr::db::Db;
use sqlx::FromRow;

const FROM: &str = "FROM course_standings s
     JOIN users u ON u.id = s.user_id
     JOIN courses k ON k.id = s.course_id
     LEFT JOIN organisations o ON o.id = u.organisation_id";

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
}

const COLUMNS: &str = "s.user_id, u.name, u.name_latin, u.anonymised_at, u.organisation_id,
     u.position, u.province, s.course_id, s.started_at, s.modules_done, s.pretest_score,
     s.final_score, s.passed, s.completed_at, s.certificate_code, s.certificate_expires_at,
     s.certificate_revoked_at";

/// The rows matching `filter` in `order`, one page of them or all.
pub async fn rows(
    db: &Db,
    filter: &Filter,
    order: &str,
    page: Option<(u32, u32)>,
) -> Result<Vec<StandingRow>, sqlx::Error> {
    let limit = page.map_or(String::new(), |(limit, offset)| {
        format!(" LIMIT {limit} OFFSET {offset}")
    });
    let sql = format!(
        "SELECT {COLUMNS} {FROM} WHERE {} ORDER BY {order}{limit}",
        filter.sql()
    );
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

/// The distinct non-empty values of `column` (`u.province`, `u.position`)
/// among the accounts `filter` (over `users u`) covers.
pub async fn distinct_values(
    db: &Db,
    filter: &Filter,
    column: &str,
) -> Result<Vec<String>, sqlx::Error> {
    let sql = format!(
        "SELECT DISTINCT {column} AS value FROM users u
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

/// A course's current title in one language.
#[derive(Clone, Debug, FromRow)]
pub struct CourseTitleRow {
    pub id: i64,
    pub slug: String,
    pub source_language: String,
    pub language: String,
    pub title: String,
}

/// Every course's current titles, in every language, by slug.
pub async fn course_titles(db: &Db) -> Result<Vec<CourseTitleRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT k.id, k.slug, k.source_language, t.language, t.title
         FROM courses k JOIN course_texts t ON t.course_id = k.id AND t.superseded_at IS NULL
         ORDER BY k.slug, t.language",
    )
    .fetch_all(db.pool())
    .await
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

/// The `key` of [`group_sums`] for one group of every row.
pub const OVERALL: &str = "";

/// Sums per value of `key` (an SQL expression over `s`, `u`; [`OVERALL`]
/// for a single group) among the rows matching `filter`, in one grouped
/// query.
pub async fn group_sums(
    db: &Db,
    filter: &Filter,
    key: &str,
) -> Result<Vec<GroupSumRow>, sqlx::Error> {
    let both = "s.pretest_score IS NOT NULL AND s.final_score IS NOT NULL";
    // Suppression counts people, not rows: one trainee in two courses is
    // still one person.
    let (key, group_by) = if key == OVERALL {
        ("NULL", String::new())
    } else {
        (key, format!(" GROUP BY {key}"))
    };
    let sql = format!(
        "SELECT CAST({key} AS TEXT) AS key,
                COUNT(DISTINCT s.user_id) AS trainees,
                CAST(COALESCE(SUM(CASE WHEN s.completed_at IS NOT NULL THEN 1 ELSE 0 END), 0) AS BIGINT) AS completed,
                COUNT(s.passed) AS finals,
                CAST(COALESCE(SUM(CASE WHEN s.passed = 1 THEN 1 ELSE 0 END), 0) AS BIGINT) AS passed,
                COUNT(DISTINCT CASE WHEN s.passed IS NOT NULL THEN s.user_id END) AS finals_people,
                CAST(COALESCE(SUM(CASE WHEN {both} THEN 1 ELSE 0 END), 0) AS BIGINT) AS with_both,
                COUNT(DISTINCT CASE WHEN {both} THEN s.user_id END) AS both_people,
                CAST(COALESCE(SUM(CASE WHEN {both} THEN s.pretest_score ELSE 0 END), 0) AS BIGINT) AS pre_sum,
                CAST(COALESCE(SUM(CASE WHEN {both} THEN s.final_score ELSE 0 END), 0) AS BIGINT) AS final_sum
         {FROM} WHERE {}{group_by}",
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

/// Per course and module: trainees whose best pre-test and best final
/// both had questions testing the module, and their score sums (tenths).
#[derive(Clone, Debug, FromRow)]
pub struct ModuleSumRow {
    pub course_id: i64,
    pub module: String,
    pub people: i64,
    pub pairs: i64,
    pub pre_sum: i64,
    pub final_sum: i64,
}

pub async fn module_sums(db: &Db, filter: &Filter) -> Result<Vec<ModuleSumRow>, sqlx::Error> {
    let sql = format!(
        "SELECT s.course_id, pre.module_slug AS module,
                COUNT(DISTINCT s.user_id) AS people,
                COUNT(*) AS pairs,
                CAST(COALESCE(SUM(pre.score), 0) AS BIGINT) AS pre_sum,
                CAST(COALESCE(SUM(fin.score), 0) AS BIGINT) AS final_sum
         {FROM}
         JOIN attempt_module_scores pre ON pre.attempt_id = s.pretest_attempt_id
         JOIN attempt_module_scores fin ON fin.attempt_id = s.final_attempt_id
                                        AND fin.module_slug = pre.module_slug
         WHERE {} GROUP BY s.course_id, pre.module_slug",
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

/// The statement [`rows_stream`] runs.
pub fn rows_sql(filter: &Filter, order: &str) -> String {
    format!(
        "SELECT {COLUMNS} {FROM} WHERE {} ORDER BY {order}",
        filter.sql()
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
    let mut tx = db.pool().begin().await?;
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
