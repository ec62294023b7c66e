//! The SQL of cohorts: the cohort, its trainers, members, courses and
//! session days. The rules (who may, what is valid, auditing) are in
//! `cohorts/mod.rs`.

use crate::ssr::db::filter::Filter;
use crate::ssr::db::Db;
use sqlx::{Any, AnyConnection, Executor, FromRow};

/// A cohort, as stored.
#[derive(Clone, Debug, FromRow)]
pub struct CohortRow {
    pub id: i64,
    pub name: String,
    pub organisation_id: i64,
    pub province: Option<String>,
    pub starts_on: Option<String>,
    pub due_on: Option<String>,
}

/// The stored fields of a cohort, to insert or update.
pub struct CohortFields<'a> {
    pub name: &'a str,
    pub organisation_id: i64,
    pub province: Option<&'a str>,
    pub starts_on: Option<&'a str>,
    pub due_on: Option<&'a str>,
}

pub async fn insert(
    tx: &mut AnyConnection,
    fields: &CohortFields<'_>,
    created_by: Option<i64>,
    at: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO cohorts (name, organisation_id, province, starts_on, due_on, created_by,
                              created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
    )
    .bind(fields.name)
    .bind(fields.organisation_id)
    .bind(fields.province)
    .bind(fields.starts_on)
    .bind(fields.due_on)
    .bind(created_by)
    .bind(at)
    .fetch_one(&mut *tx)
    .await
}

pub async fn update(
    tx: &mut AnyConnection,
    id: i64,
    fields: &CohortFields<'_>,
    at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE cohorts SET name = $1, organisation_id = $2, province = $3, starts_on = $4,
                            due_on = $5, updated_at = $6
         WHERE id = $7",
    )
    .bind(fields.name)
    .bind(fields.organisation_id)
    .bind(fields.province)
    .bind(fields.starts_on)
    .bind(fields.due_on)
    .bind(at)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

const COLUMNS: &str = "id, name, organisation_id, province, starts_on, due_on";

pub async fn by_id<'e>(
    ex: impl Executor<'e, Database = Any>,
    id: i64,
) -> Result<Option<CohortRow>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM cohorts WHERE id = $1"))
        .bind(id)
        .fetch_optional(ex)
        .await
}

/// A cohort in a list, with its counts.
#[derive(Clone, Debug, FromRow)]
pub struct CohortListRow {
    pub id: i64,
    pub name: String,
    pub organisation_id: i64,
    pub province: Option<String>,
    pub starts_on: Option<String>,
    pub due_on: Option<String>,
    pub members: i64,
    pub courses: i64,
}

/// The cohorts of the organisations `within` admits (a condition over
/// `cohorts c`), newest start first.
pub async fn list(db: &Db, within: &Filter) -> Result<Vec<CohortListRow>, sqlx::Error> {
    let sql = format!(
        "SELECT c.id, c.name, c.organisation_id, c.province, c.starts_on, c.due_on,
                (SELECT COUNT(*) FROM cohort_members m WHERE m.cohort_id = c.id) AS members,
                (SELECT COUNT(*) FROM cohort_courses k WHERE k.cohort_id = c.id) AS courses
         FROM cohorts c WHERE {}
         ORDER BY (c.starts_on IS NULL), c.starts_on DESC, c.name, c.id",
        within.sql()
    );
    within
        .apply_as(sqlx::query_as(&sql))
        .fetch_all(db.pool())
        .await
}

/// A trainer or member, as a cohort page lists them.
#[derive(Clone, Debug, FromRow)]
pub struct PersonRow {
    pub id: i64,
    pub name: String,
    pub name_latin: Option<String>,
    pub email: String,
}

pub async fn trainers(db: &Db, cohort: i64) -> Result<Vec<PersonRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT u.id, u.name, u.name_latin, COALESCE(u.email, u.username) AS email FROM cohort_trainers t
         JOIN users u ON u.id = t.user_id WHERE t.cohort_id = $1 ORDER BY LOWER(u.name), u.id",
    )
    .bind(cohort)
    .fetch_all(db.pool())
    .await
}

pub async fn members(db: &Db, cohort: i64) -> Result<Vec<PersonRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT u.id, u.name, u.name_latin, COALESCE(u.email, u.username) AS email FROM cohort_members m
         JOIN users u ON u.id = m.user_id WHERE m.cohort_id = $1 ORDER BY LOWER(u.name), u.id",
    )
    .bind(cohort)
    .fetch_all(db.pool())
    .await
}

#[derive(FromRow)]
struct IdRow {
    id: i64,
}

pub async fn course_ids(db: &Db, cohort: i64) -> Result<Vec<i64>, sqlx::Error> {
    Ok(sqlx::query_as::<_, IdRow>(
        "SELECT course_id AS id FROM cohort_courses WHERE cohort_id = $1 ORDER BY course_id",
    )
    .bind(cohort)
    .fetch_all(db.pool())
    .await?
    .into_iter()
    .map(|r| r.id)
    .collect())
}

/// Makes `courses` the cohort's assigned courses.
pub async fn set_courses(
    tx: &mut AnyConnection,
    cohort: i64,
    courses: &[i64],
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM cohort_courses WHERE cohort_id = $1")
        .bind(cohort)
        .execute(&mut *tx)
        .await?;
    for course in courses {
        sqlx::query("INSERT INTO cohort_courses (cohort_id, course_id) VALUES ($1, $2)")
            .bind(cohort)
            .bind(course)
            .execute(&mut *tx)
            .await?;
    }
    Ok(())
}

/// Adds a member; `false` if they already were one.
pub async fn add_member(
    tx: &mut AnyConnection,
    cohort: i64,
    user: i64,
    at: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO cohort_members (cohort_id, user_id, added_at) VALUES ($1, $2, $3)
         ON CONFLICT (cohort_id, user_id) DO NOTHING",
    )
    .bind(cohort)
    .bind(user)
    .bind(at)
    .execute(&mut *tx)
    .await?;
    Ok(done.rows_affected() > 0)
}

pub async fn add_trainer(
    tx: &mut AnyConnection,
    cohort: i64,
    user: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO cohort_trainers (cohort_id, user_id) VALUES ($1, $2)
         ON CONFLICT (cohort_id, user_id) DO NOTHING",
    )
    .bind(cohort)
    .bind(user)
    .execute(&mut *tx)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// A cohort's list of people.
#[derive(Clone, Copy, Debug)]
pub enum List {
    Members,
    Trainers,
}

/// Removes `user` from `list`; `false` if they were not on it.
pub async fn remove_from(
    tx: &mut AnyConnection,
    list: List,
    cohort: i64,
    user: i64,
) -> Result<bool, sqlx::Error> {
    let table = match list {
        List::Members => "cohort_members",
        List::Trainers => "cohort_trainers",
    };
    let done = sqlx::query(&format!(
        "DELETE FROM {table} WHERE cohort_id = $1 AND user_id = $2"
    ))
    .bind(cohort)
    .bind(user)
    .execute(&mut *tx)
    .await?;
    Ok(done.rows_affected() > 0)
}

#[derive(FromRow)]
struct DayRow {
    day: String,
}

pub async fn sessions(db: &Db, cohort: i64) -> Result<Vec<String>, sqlx::Error> {
    Ok(sqlx::query_as::<_, DayRow>(
        "SELECT day FROM cohort_sessions WHERE cohort_id = $1 ORDER BY day",
    )
    .bind(cohort)
    .fetch_all(db.pool())
    .await?
    .into_iter()
    .map(|r| r.day)
    .collect())
}

pub async fn add_session(
    tx: &mut AnyConnection,
    cohort: i64,
    day: &str,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO cohort_sessions (cohort_id, day) VALUES ($1, $2)
         ON CONFLICT (cohort_id, day) DO NOTHING",
    )
    .bind(cohort)
    .bind(day)
    .execute(&mut *tx)
    .await?;
    Ok(done.rows_affected() > 0)
}

pub async fn remove_session(
    tx: &mut AnyConnection,
    cohort: i64,
    day: &str,
) -> Result<bool, sqlx::Error> {
    sqlx::query(
        "DELETE FROM cohort_attendance WHERE session_id IN
           (SELECT id FROM cohort_sessions WHERE cohort_id = $1 AND day = $2)",
    )
    .bind(cohort)
    .bind(day)
    .execute(&mut *tx)
    .await?;
    let done = sqlx::query("DELETE FROM cohort_sessions WHERE cohort_id = $1 AND day = $2")
        .bind(cohort)
        .bind(day)
        .execute(&mut *tx)
        .await?;
    Ok(done.rows_affected() > 0)
}

/// The id of cohort `cohort`'s session on `day`.
pub async fn session_id(
    tx: &mut AnyConnection,
    cohort: i64,
    day: &str,
) -> Result<Option<i64>, sqlx::Error> {
    Ok(sqlx::query_as::<_, IdRow>(
        "SELECT id FROM cohort_sessions WHERE cohort_id = $1 AND day = $2",
    )
    .bind(cohort)
    .bind(day)
    .fetch_optional(&mut *tx)
    .await?
    .map(|r| r.id))
}

/// Makes `present` the attendance of session `session`.
pub async fn set_attendance(
    tx: &mut AnyConnection,
    session: i64,
    present: &[i64],
    by: i64,
    at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM cohort_attendance WHERE session_id = $1")
        .bind(session)
        .execute(&mut *tx)
        .await?;
    for user in present {
        sqlx::query(
            "INSERT INTO cohort_attendance (session_id, user_id, recorded_by, recorded_at)
             VALUES ($1, $2, $3, $4)",
        )
        .bind(session)
        .bind(user)
        .bind(by)
        .bind(at)
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

/// Who attended which session day of `cohort`.
#[derive(Clone, Debug, FromRow)]
pub struct AttendanceRow {
    pub day: String,
    pub user_id: i64,
}

pub async fn attendance(db: &Db, cohort: i64) -> Result<Vec<AttendanceRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT s.day, a.user_id FROM cohort_attendance a
         JOIN cohort_sessions s ON s.id = a.session_id
         WHERE s.cohort_id = $1 ORDER BY s.day, a.user_id",
    )
    .bind(cohort)
    .fetch_all(db.pool())
    .await
}

/// The members' ids and the assigned courses' ids, inside a transaction.
pub async fn member_ids(tx: &mut AnyConnection, cohort: i64) -> Result<Vec<i64>, sqlx::Error> {
    Ok(sqlx::query_as::<_, IdRow>(
        "SELECT user_id AS id FROM cohort_members WHERE cohort_id = $1 ORDER BY user_id",
    )
    .bind(cohort)
    .fetch_all(&mut *tx)
    .await?
    .into_iter()
    .map(|r| r.id)
    .collect())
}

pub async fn course_ids_in(tx: &mut AnyConnection, cohort: i64) -> Result<Vec<i64>, sqlx::Error> {
    Ok(sqlx::query_as::<_, IdRow>(
        "SELECT course_id AS id FROM cohort_courses WHERE cohort_id = $1 ORDER BY course_id",
    )
    .bind(cohort)
    .fetch_all(&mut *tx)
    .await?
    .into_iter()
    .map(|r| r.id)
    .collect())
}

/// An account named in a form, with what the rules need to know of it.
#[derive(Clone, Debug, FromRow)]
pub struct AccountRow {
    pub id: i64,
    pub email: String,
    pub organisation_id: Option<i64>,
}

/// The account that signs in with `login` (an address or a username).
pub async fn account_by_login<'e>(
    ex: impl Executor<'e, Database = Any>,
    login: &crate::ssr::users::Login,
) -> Result<Option<AccountRow>, sqlx::Error> {
    let sql = format!(
        "SELECT id, COALESCE(email, username) AS email, organisation_id FROM users
         WHERE {} = $1",
        login.column()
    );
    sqlx::query_as(&sql)
        .bind(login.value())
        .fetch_optional(ex)
        .await
}

pub async fn account_by_id<'e>(
    ex: impl Executor<'e, Database = Any>,
    id: i64,
) -> Result<Option<AccountRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, COALESCE(email, username) AS email, organisation_id FROM users WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(ex)
    .await
}

/// A course one of the trainee's cohorts assigned, with the cohort.
#[derive(Clone, Debug, FromRow)]
pub struct AssignmentRow {
    pub course_slug: String,
    pub cohort: String,
    pub due_on: Option<String>,
}

/// The courses `user`'s cohorts assigned, soonest due first.
pub async fn assignments(db: &Db, user: i64) -> Result<Vec<AssignmentRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT k.slug AS course_slug, c.name AS cohort, c.due_on
         FROM cohort_members m
         JOIN cohorts c ON c.id = m.cohort_id
         JOIN cohort_courses cc ON cc.cohort_id = c.id
         JOIN courses k ON k.id = cc.course_id
         WHERE m.user_id = $1
         ORDER BY (c.due_on IS NULL), c.due_on, k.slug, c.id",
    )
    .bind(user)
    .fetch_all(db.pool())
    .await
}

/// An existing account a roster row may name, with what matching needs.
#[derive(Clone, Debug, FromRow)]
pub struct RosterAccountRow {
    pub id: i64,
    pub name: String,
    pub name_latin: Option<String>,
    pub email: Option<String>,
    pub username: Option<String>,
    pub organisation_id: Option<i64>,
}

pub async fn roster_account(
    conn: &mut AnyConnection,
    login: &crate::ssr::users::Login,
) -> Result<Option<RosterAccountRow>, sqlx::Error> {
    let sql = format!(
        "SELECT id, name, name_latin, email, username, organisation_id FROM users
         WHERE {} = $1 AND anonymised_at IS NULL",
        login.column()
    );
    sqlx::query_as(&sql)
        .bind(login.value())
        .fetch_optional(conn)
        .await
}

#[derive(FromRow)]
struct UploadRow {
    bytes: Vec<u8>,
    file_name: String,
}

/// Keeps `bytes` as `uploader`'s roster for `cohort`, replacing their
/// earlier one and dropping anyone's older than `stale_before`; returns
/// its id.
pub async fn put_upload(
    tx: &mut AnyConnection,
    cohort: i64,
    uploader: i64,
    file_name: &str,
    bytes: &[u8],
    at: i64,
    stale_before: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query(
        "DELETE FROM roster_uploads WHERE (uploaded_by = $1 AND cohort_id = $2) OR created_at < $3",
    )
    .bind(uploader)
    .bind(cohort)
    .bind(stale_before)
    .execute(&mut *tx)
    .await?;
    let row: IdRow = sqlx::query_as(
        "INSERT INTO roster_uploads (cohort_id, uploaded_by, file_name, bytes, created_at)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(cohort)
    .bind(uploader)
    .bind(file_name)
    .bind(bytes)
    .bind(at)
    .fetch_one(&mut *tx)
    .await?;
    Ok(row.id)
}

/// Upload `id`, if it is `uploader`'s for `cohort`: its file name and bytes.
pub async fn upload(
    db: &Db,
    id: i64,
    cohort: i64,
    uploader: i64,
) -> Result<Option<(String, Vec<u8>)>, sqlx::Error> {
    let row: Option<UploadRow> = sqlx::query_as(
        "SELECT bytes, file_name FROM roster_uploads
         WHERE id = $1 AND cohort_id = $2 AND uploaded_by = $3",
    )
    .bind(id)
    .bind(cohort)
    .bind(uploader)
    .fetch_optional(db.pool())
    .await?;
    Ok(row.map(|r| (r.file_name, r.bytes)))
}

pub async fn drop_upload(tx: &mut AnyConnection, id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM roster_uploads WHERE id = $1")
        .bind(id)
        .execute(tx)
        .await?;
    Ok(())
}

/// A cohort's join code.
#[derive(Clone, Debug, FromRow)]
pub struct JoinCodeRow {
    pub id: i64,
    pub cohort_id: i64,
    pub code: String,
    pub expires_at: i64,
    pub max_uses: i64,
    pub uses: i64,
    pub revoked_at: Option<i64>,
}

const JOIN_CODE: &str = "id, cohort_id, code, expires_at, max_uses, uses, revoked_at";

pub async fn insert_join_code(
    tx: &mut AnyConnection,
    cohort: i64,
    code: &str,
    by: i64,
    at: i64,
    expires_at: i64,
    max_uses: i64,
) -> Result<i64, sqlx::Error> {
    let row: IdRow = sqlx::query_as(
        "INSERT INTO cohort_join_codes (cohort_id, code, created_by, created_at, expires_at, max_uses)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(cohort)
    .bind(code)
    .bind(by)
    .bind(at)
    .bind(expires_at)
    .bind(max_uses)
    .fetch_one(tx)
    .await?;
    Ok(row.id)
}

/// A cohort's codes, newest first.
pub async fn join_codes(db: &Db, cohort: i64) -> Result<Vec<JoinCodeRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {JOIN_CODE} FROM cohort_join_codes WHERE cohort_id = $1 ORDER BY id DESC"
    ))
    .bind(cohort)
    .fetch_all(db.pool())
    .await
}

/// Revokes code `id` of `cohort`; `false` if there was no live one.
pub async fn revoke_join_code(
    tx: &mut AnyConnection,
    cohort: i64,
    id: i64,
    at: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE cohort_join_codes SET revoked_at = $1
         WHERE id = $2 AND cohort_id = $3 AND revoked_at IS NULL",
    )
    .bind(at)
    .bind(id)
    .bind(cohort)
    .execute(tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Takes one use of `code` if it is live at `at` — in one statement, so
/// two registrations racing for the last use cannot both have it.
/// Returns its cohort.
pub async fn use_join_code(
    tx: &mut AnyConnection,
    code: &str,
    at: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let row: Option<JoinCodeRow> = sqlx::query_as(&format!(
        "UPDATE cohort_join_codes SET uses = uses + 1
         WHERE code = $1 AND revoked_at IS NULL AND expires_at > $2 AND uses < max_uses
         RETURNING {JOIN_CODE}"
    ))
    .bind(code)
    .bind(at)
    .fetch_optional(tx)
    .await?;
    Ok(row.map(|r| r.cohort_id))
}

/// Records a registration attempt from `client` and counts that client's
/// attempts since `since`, this one included. Recording first makes the
/// limit hold for parallel attempts. Attempts older than a day go.
pub async fn count_join_attempt(
    db: &Db,
    client: &str,
    at: i64,
    since: i64,
) -> Result<i64, sqlx::Error> {
    let mut tx = db.begin().await?;
    sqlx::query("DELETE FROM join_attempts WHERE at < $1")
        .bind(at - 24 * 3600)
        .execute(&mut *tx)
        .await?;
    sqlx::query("INSERT INTO join_attempts (client, at) VALUES ($1, $2)")
        .bind(client)
        .bind(at)
        .execute(&mut *tx)
        .await?;
    let n: CountRow =
        sqlx::query_as("SELECT COUNT(*) AS n FROM join_attempts WHERE client = $1 AND at >= $2")
            .bind(client)
            .bind(since)
            .fetch_one(&mut *tx)
            .await?;
    tx.commit().await?;
    Ok(n.n)
}

#[derive(FromRow)]
struct CountRow {
    n: i64,
}

/// A member as the sign-in sheets need them.
#[derive(Clone, Debug, FromRow)]
pub struct SheetMemberRow {
    pub id: i64,
    pub name: String,
    pub name_latin: Option<String>,
    pub email: Option<String>,
    pub username: Option<String>,
    pub organisation_id: Option<i64>,
    /// 1 if the account has ever signed in.
    pub signed_in: i64,
}

/// The cohort's live members, by name.
pub async fn sheet_members(db: &Db, cohort: i64) -> Result<Vec<SheetMemberRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT u.id, u.name, u.name_latin, u.email, u.username, u.organisation_id,
                CAST(CASE WHEN EXISTS (SELECT 1 FROM login_attempts a
                                       WHERE a.email IN (u.email, u.username) AND a.succeeded = 1)
                          THEN 1 ELSE 0 END AS BIGINT) AS signed_in
         FROM cohort_members m JOIN users u ON u.id = m.user_id
         WHERE m.cohort_id = $1 AND u.disabled_at IS NULL AND u.anonymised_at IS NULL
         ORDER BY LOWER(u.name), u.id",
    )
    .bind(cohort)
    .fetch_all(db.pool())
    .await
}

/// A member, with what the dashboard and its scope need.
#[derive(Clone, Debug, FromRow)]
pub struct ProgressMemberRow {
    pub id: i64,
    pub name: String,
    pub name_latin: Option<String>,
    pub login: String,
    pub organisation_id: Option<i64>,
}

pub async fn progress_members(db: &Db, cohort: i64) -> Result<Vec<ProgressMemberRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT u.id, u.name, u.name_latin, COALESCE(u.username, u.email, '') AS login,
                u.organisation_id
         FROM cohort_members m JOIN users u ON u.id = m.user_id
         WHERE m.cohort_id = $1 ORDER BY LOWER(u.name), u.id",
    )
    .bind(cohort)
    .fetch_all(db.pool())
    .await
}

#[derive(Clone, Debug, FromRow)]
pub struct MemberRoleRow {
    pub user_id: i64,
    pub role: String,
}

/// Every role of every member.
pub async fn member_roles(db: &Db, cohort: i64) -> Result<Vec<MemberRoleRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT r.user_id, r.role FROM user_roles r
         JOIN cohort_members m ON m.user_id = r.user_id WHERE m.cohort_id = $1",
    )
    .bind(cohort)
    .fetch_all(db.pool())
    .await
}

/// A live module of a course, titled in a language (else any).
#[derive(Clone, Debug, FromRow)]
pub struct CourseModuleRow {
    pub id: i64,
    pub slug: String,
    pub title: String,
}

pub async fn course_modules(
    db: &Db,
    course: i64,
    language: &str,
) -> Result<Vec<CourseModuleRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT m.id, m.slug,
                COALESCE((SELECT v.title FROM module_versions v
                          WHERE v.module_id = m.id AND v.superseded_at IS NULL AND v.language = $2
                          ORDER BY v.id DESC LIMIT 1),
                         (SELECT v.title FROM module_versions v
                          WHERE v.module_id = m.id AND v.superseded_at IS NULL
                          ORDER BY v.id LIMIT 1),
                         m.slug) AS title
         FROM modules m WHERE m.course_id = $1 AND m.retired_at IS NULL ORDER BY m.position",
    )
    .bind(course)
    .bind(language)
    .fetch_all(db.pool())
    .await
}

/// Whether a member opened (0) or finished (1) a module of a course, in
/// any of its versions.
#[derive(Clone, Debug, FromRow)]
pub struct ModuleStateRow {
    pub user_id: i64,
    pub module_id: i64,
    pub done: i64,
}

pub async fn module_states(
    db: &Db,
    cohort: i64,
    course: i64,
) -> Result<Vec<ModuleStateRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT p.user_id, v.module_id,
                CAST(MAX(CASE WHEN p.done_at IS NOT NULL THEN 1 ELSE 0 END) AS BIGINT) AS done
         FROM cohort_members cm
         JOIN module_progress p ON p.user_id = cm.user_id
         JOIN module_versions v ON v.id = p.module_version_id
         JOIN modules m ON m.id = v.module_id
         WHERE cm.cohort_id = $1 AND m.course_id = $2
         GROUP BY p.user_id, v.module_id",
    )
    .bind(cohort)
    .bind(course)
    .fetch_all(db.pool())
    .await
}

/// A member's standing in a course.
#[derive(Clone, Debug, FromRow)]
pub struct MemberStandingRow {
    pub user_id: i64,
    pub pretest_score: Option<i64>,
    pub final_score: Option<i64>,
    pub passed: Option<i64>,
    pub completed_at: Option<i64>,
    pub certificate_code: Option<String>,
    pub certificate_expires_at: Option<i64>,
    pub certificate_revoked_at: Option<i64>,
    pub sessions_attended: i64,
}

pub async fn member_standings(
    db: &Db,
    cohort: i64,
    course: i64,
) -> Result<Vec<MemberStandingRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT s.user_id, s.pretest_score, s.final_score, s.passed, s.completed_at,
                s.certificate_code, s.certificate_expires_at, s.certificate_revoked_at,
                s.sessions_attended
         FROM cohort_members cm JOIN course_standings s ON s.user_id = cm.user_id
         WHERE cm.cohort_id = $1 AND s.course_id = $2",
    )
    .bind(cohort)
    .bind(course)
    .fetch_all(db.pool())
    .await
}
