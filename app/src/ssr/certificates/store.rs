//! The SQL of certificates: issuing, lookups, holders' lists, revocation,
//! batches and signing keys. Rows are `FromRow` structs (`CertificateRow`
//! is flattened into the wider ones); the rules — status, who may see a
//! certificate, renewal — are in the other files of this area.

use crate::ssr::db::Db;
use sqlx::{Any, Executor, FromRow};

/// What a certificate states, and whether it stands: the columns every
/// view of a certificate starts from (`verify::public` turns it into the
/// public view and its status).
#[derive(Clone, Debug, FromRow)]
pub struct CertificateRow {
    pub code: String,
    pub holder_name: String,
    pub holder_name_latin: Option<String>,
    pub course_title: String,
    pub language: String,
    pub minutes: i64,
    pub issuer: String,
    pub issued_at: i64,
    pub expires_at: Option<i64>,
    pub revoked_at: Option<i64>,
    /// The code of the certificate this one renews.
    pub renews: Option<String>,
    /// The code of the certificate that renewed this one.
    pub renewed_by: Option<String>,
}

const CERTIFICATE: &str = "c.code, c.holder_name, c.holder_name_latin, c.course_title, c.language,
       c.minutes, c.issuer, c.issued_at, c.expires_at, c.revoked_at,
       (SELECT r.code FROM certificates r WHERE r.id = c.renews_id) AS renews,
       (SELECT n.code FROM certificates n WHERE n.renews_id = c.id) AS renewed_by";

/// A certificate with its holder's account and organisation: what the
/// people policy needs to decide who may see it.
#[derive(Clone, Debug, FromRow)]
pub struct HeldRow {
    #[sqlx(flatten)]
    pub certificate: CertificateRow,
    pub user_id: i64,
    pub organisation_id: Option<i64>,
}

/// One of a holder's own certificates, with its course.
#[derive(Clone, Debug, FromRow)]
pub struct OwnRow {
    #[sqlx(flatten)]
    pub certificate: CertificateRow,
    pub slug: String,
    /// Current assessments of the course (a refresher needs one).
    pub assessments: i64,
}

/// A certificate as an administrator's record shows it.
#[derive(Clone, Debug, FromRow)]
pub struct RecordRow {
    #[sqlx(flatten)]
    pub certificate: CertificateRow,
    pub user_id: i64,
    pub revoked_reason: Option<String>,
    pub email: String,
    pub slug: String,
    pub revoked_by_name: Option<String>,
}

/// The certificate with this code.
pub async fn by_code(db: &Db, code: &str) -> Result<Option<CertificateRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {CERTIFICATE} FROM certificates c WHERE c.code = $1"
    ))
    .bind(code)
    .fetch_optional(db.pool())
    .await
}

/// The certificate with this code, with its holder.
pub async fn held_by_code(db: &Db, code: &str) -> Result<Option<HeldRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {CERTIFICATE}, c.user_id, u.organisation_id
         FROM certificates c JOIN users u ON u.id = c.user_id WHERE c.code = $1"
    ))
    .bind(code)
    .fetch_optional(db.pool())
    .await
}

/// Every certificate of `course`, with its holder, oldest first.
pub async fn held_of_course(db: &Db, course: i64) -> Result<Vec<HeldRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {CERTIFICATE}, c.user_id, u.organisation_id
         FROM certificates c JOIN users u ON u.id = c.user_id WHERE c.course_id = $1 ORDER BY c.id"
    ))
    .bind(course)
    .fetch_all(db.pool())
    .await
}

/// `user`'s certificates, newest first.
pub async fn of_holder(db: &Db, user: i64) -> Result<Vec<OwnRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {CERTIFICATE}, co.slug,
                (SELECT COUNT(*) FROM assessments a WHERE a.course_id = c.course_id AND a.superseded_at IS NULL) AS assessments
         FROM certificates c JOIN courses co ON co.id = c.course_id
         WHERE c.user_id = $1 ORDER BY c.issued_at DESC, c.id DESC"
    ))
    .bind(user)
    .fetch_all(db.pool())
    .await
}

/// The administrator's record of the certificate with this code.
pub async fn record(db: &Db, code: &str) -> Result<Option<RecordRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {CERTIFICATE}, c.user_id, c.revoked_reason, COALESCE(u.email, u.username) AS email, co.slug,
                (SELECT b.name FROM users b WHERE b.id = c.revoked_by) AS revoked_by_name
         FROM certificates c JOIN users u ON u.id = c.user_id JOIN courses co ON co.id = c.course_id
         WHERE c.code = $1"
    ))
    .bind(code)
    .fetch_optional(db.pool())
    .await
}

/// Verification lookups from `ip` since `since` (the audit log is the
/// shared counter of every server process).
/// Counts one public lookup by `client` in its one-minute window and
/// returns the window's count, or `None` when the client is new and
/// `max_clients` windows are open already. Ended windows are pruned first,
/// so the table holds at most the clients of the last minute.
pub async fn count_lookup(
    db: &Db,
    client: &str,
    at: i64,
    window: i64,
    max_clients: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let ended = at - window;
    sqlx::query("DELETE FROM verify_clients WHERE window_start <= $1")
        .bind(ended)
        .execute(db.pool())
        .await?;
    let open: CountRow =
        sqlx::query_as("SELECT COUNT(*) AS n FROM verify_clients WHERE client <> $1")
            .bind(client)
            .fetch_one(db.pool())
            .await?;
    if open.n >= max_clients {
        let known: CountRow =
            sqlx::query_as("SELECT COUNT(*) AS n FROM verify_clients WHERE client = $1")
                .bind(client)
                .fetch_one(db.pool())
                .await?;
        if known.n == 0 {
            return Ok(None);
        }
    }
    let row: CountRow = sqlx::query_as(
        "INSERT INTO verify_clients (client, window_start, lookups) VALUES ($1, $2, 1)
         ON CONFLICT (client) DO UPDATE SET
           lookups = CASE WHEN verify_clients.window_start <= $3 THEN 1
                          ELSE verify_clients.lookups + 1 END,
           window_start = CASE WHEN verify_clients.window_start <= $3 THEN $2
                               ELSE verify_clients.window_start END
         RETURNING lookups AS n",
    )
    .bind(client)
    .bind(at)
    .bind(ended)
    .fetch_one(db.pool())
    .await?;
    Ok(Some(row.n))
}

/// Counts a lookup of the certificate `code` on `day`.
pub async fn count_certificate_lookup(db: &Db, code: &str, day: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO certificate_lookups (code, day, lookups) VALUES ($1, $2, 1)
         ON CONFLICT (code, day) DO UPDATE SET lookups = certificate_lookups.lookups + 1",
    )
    .bind(code)
    .bind(day)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// A certificate a refresher would renew: the holder's newest of the
/// course that expires and is neither revoked nor renewed yet.
#[derive(Clone, Debug, FromRow)]
pub struct RenewableRow {
    pub id: i64,
    pub code: String,
    pub completion_id: i64,
    pub issued_at: i64,
    pub expires_at: Option<i64>,
}

/// `user`'s renewable certificate of `course`, if any — the one query both
/// the starting rules of a refresher and the renewal itself use.
pub async fn renewable<'e>(
    ex: impl Executor<'e, Database = Any>,
    user: i64,
    course: i64,
) -> Result<Option<RenewableRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT c.id, c.code, c.completion_id, c.issued_at, c.expires_at FROM certificates c
         WHERE c.user_id = $1 AND c.course_id = $2 AND c.revoked_at IS NULL AND c.expires_at IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM certificates n WHERE n.renews_id = c.id)
         ORDER BY c.id DESC LIMIT 1",
    )
    .bind(user)
    .bind(course)
    .fetch_optional(ex)
    .await
}

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

/// A completion's holder as a certificate copies them.
#[derive(Clone, Debug, FromRow)]
pub struct HolderRow {
    pub user_id: i64,
    pub course_id: i64,
    pub name: String,
    pub name_latin: Option<String>,
    pub preferred_language: String,
    pub source_language: String,
}

/// The holder and course of completion `completion`.
pub async fn completion_holder<'e>(
    ex: impl Executor<'e, Database = Any>,
    completion: i64,
) -> Result<Option<HolderRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT c.user_id, c.course_id, u.name, u.name_latin, u.preferred_language,
                co.source_language
         FROM course_completions c JOIN users u ON u.id = c.user_id JOIN courses co ON co.id = c.course_id
         WHERE c.id = $1",
    )
    .bind(completion)
    .fetch_optional(ex)
    .await
}

/// A course text as issuing needs it.
#[derive(Clone, Debug, FromRow)]
pub struct IssueTextRow {
    pub id: i64,
    pub language: String,
    pub title: String,
    pub estimated_minutes: i64,
    /// 1 when the course grants a certificate.
    pub certificate: i64,
    pub certificate_validity_months: Option<i64>,
}

/// The current texts of `course`, as issuing needs them.
pub async fn issue_texts<'e>(
    ex: impl Executor<'e, Database = Any>,
    course: i64,
) -> Result<Vec<IssueTextRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, language, title, estimated_minutes, certificate, certificate_validity_months
         FROM course_texts WHERE course_id = $1 AND superseded_at IS NULL",
    )
    .bind(course)
    .fetch_all(ex)
    .await
}

/// A certificate to store.
pub struct NewCertificate<'a> {
    pub code: &'a str,
    pub user: i64,
    pub course: i64,
    pub completion: i64,
    pub course_text: i64,
    pub language: &'a str,
    pub holder_name: &'a str,
    pub holder_name_latin: Option<&'a str>,
    pub course_title: &'a str,
    pub minutes: i64,
    pub issuer: &'a str,
    pub issued_at: i64,
    pub expires_at: Option<i64>,
    pub renews: Option<i64>,
}

pub async fn insert<'e>(
    ex: impl Executor<'e, Database = Any>,
    c: &NewCertificate<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO certificates (code, user_id, course_id, completion_id, course_text_id, language,
           holder_name, holder_name_latin, course_title, minutes, issuer, issued_at, expires_at, renews_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
    )
    .bind(c.code)
    .bind(c.user)
    .bind(c.course)
    .bind(c.completion)
    .bind(c.course_text)
    .bind(c.language)
    .bind(c.holder_name)
    .bind(c.holder_name_latin)
    .bind(c.course_title)
    .bind(c.minutes)
    .bind(c.issuer)
    .bind(c.issued_at)
    .bind(c.expires_at)
    .bind(c.renews)
    .execute(ex)
    .await?;
    Ok(())
}

#[derive(FromRow)]
struct CountRow {
    n: i64,
}

/// Whether completion `completion` has its certificate already.
pub async fn issued_for<'e>(
    ex: impl Executor<'e, Database = Any>,
    completion: i64,
) -> Result<bool, sqlx::Error> {
    let row: CountRow =
        sqlx::query_as("SELECT COUNT(*) AS n FROM certificates WHERE completion_id = $1")
            .bind(completion)
            .fetch_one(ex)
            .await?;
    Ok(row.n > 0)
}

/// One role of one account.
#[derive(Clone, Debug, FromRow)]
pub struct UserRoleRow {
    pub user_id: i64,
    pub role: String,
}

/// The roles of every holder of a certificate of `course`.
pub async fn holder_roles(db: &Db, course: i64) -> Result<Vec<UserRoleRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT user_id, role FROM user_roles
         WHERE user_id IN (SELECT user_id FROM certificates WHERE course_id = $1)",
    )
    .bind(course)
    .fetch_all(db.pool())
    .await
}

/// The title of a course in its source language (batches are listed in
/// it; `NULL` if the course has no current text).
const COURSE_TITLE: &str = "(SELECT t.title FROM course_texts t
     WHERE t.course_id = co.id AND t.language = co.source_language AND t.superseded_at IS NULL)";

/// A course that has certificates.
#[derive(Clone, Debug, FromRow)]
pub struct CertifiedCourseRow {
    pub id: i64,
    pub slug: String,
    pub title: Option<String>,
}

/// Courses with at least one certificate, by slug.
pub async fn certified_courses(db: &Db) -> Result<Vec<CertifiedCourseRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT co.id, co.slug, {COURSE_TITLE} AS title FROM courses co
         WHERE EXISTS (SELECT 1 FROM certificates c WHERE c.course_id = co.id) ORDER BY co.slug"
    ))
    .fetch_all(db.pool())
    .await
}

#[derive(FromRow)]
struct IdRow {
    id: i64,
}

/// Records a batch of `total` certificates of `course` for `requester`,
/// keeping only their newest `kept` batches; returns its id.
/// Marks unfinished batches started before `before` as failed.
pub async fn close_stalled_batches(db: &Db, before: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE certificate_batches SET failure = 'interrupted'
         WHERE finished_at IS NULL AND failure IS NULL AND created_at < $1",
    )
    .bind(before)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// Batches being built now, across the deployment.
pub async fn running_batches(db: &Db) -> Result<i64, sqlx::Error> {
    let row: CountRow = sqlx::query_as(
        "SELECT COUNT(*) AS n FROM certificate_batches WHERE finished_at IS NULL AND failure IS NULL",
    )
    .fetch_one(db.pool())
    .await?;
    Ok(row.n)
}

pub async fn insert_batch(
    db: &Db,
    requester: i64,
    course: i64,
    total: i64,
    kept: i64,
    at: i64,
) -> Result<i64, sqlx::Error> {
    let mut tx = db.begin().await?;
    let row: IdRow = sqlx::query_as(
        "INSERT INTO certificate_batches (requested_by, course_id, total, created_at)
         VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(requester)
    .bind(course)
    .bind(total)
    .bind(at)
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query(
        "DELETE FROM certificate_batches WHERE requested_by = $1 AND id NOT IN
           (SELECT id FROM certificate_batches WHERE requested_by = $1 ORDER BY id DESC LIMIT $2)",
    )
    .bind(requester)
    .bind(kept)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(row.id)
}

/// A batch as its requester's list shows it.
#[derive(Clone, Debug, FromRow)]
pub struct BatchRow {
    pub id: i64,
    pub total: i64,
    pub done: i64,
    pub created_at: i64,
    pub finished_at: Option<i64>,
    pub failure: Option<String>,
    pub title: Option<String>,
}

/// `user`'s batches, newest first.
pub async fn batches_of(db: &Db, user: i64) -> Result<Vec<BatchRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT b.id, b.total, b.done, b.created_at, b.finished_at, b.failure, {COURSE_TITLE} AS title
         FROM certificate_batches b JOIN courses co ON co.id = b.course_id
         WHERE b.requested_by = $1 ORDER BY b.id DESC"
    ))
    .bind(user)
    .fetch_all(db.pool())
    .await
}

pub async fn set_batch_progress(
    db: &Db,
    id: i64,
    done: i64,
    total: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE certificate_batches SET done = $1, total = $2 WHERE id = $3")
        .bind(done)
        .bind(total)
        .bind(id)
        .execute(db.pool())
        .await?;
    Ok(())
}

pub async fn finish_batch(db: &Db, id: i64, archive: Vec<u8>, at: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE certificate_batches SET archive = $1, finished_at = $2, done = total WHERE id = $3",
    )
    .bind(archive)
    .bind(at)
    .bind(id)
    .execute(db.pool())
    .await?;
    Ok(())
}

pub async fn fail_batch(db: &Db, id: i64, failure: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE certificate_batches SET failure = $1 WHERE id = $2")
        .bind(failure)
        .bind(id)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// A finished batch's archive.
#[derive(Clone, Debug, FromRow)]
pub struct ArchiveRow {
    pub archive: Option<Vec<u8>>,
    pub slug: String,
}

/// The finished archive of batch `id`, if `requester` asked for it.
pub async fn archive(db: &Db, id: i64, requester: i64) -> Result<Option<ArchiveRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT b.archive, co.slug FROM certificate_batches b JOIN courses co ON co.id = b.course_id
         WHERE b.id = $1 AND b.requested_by = $2 AND b.finished_at IS NOT NULL",
    )
    .bind(id)
    .bind(requester)
    .fetch_optional(db.pool())
    .await
}

/// Revokes the certificate with this code unless it is revoked already;
/// `false` when nothing changed.
pub async fn revoke<'e>(
    ex: impl Executor<'e, Database = Any>,
    code: &str,
    reason: &str,
    by: i64,
    at: i64,
) -> Result<bool, sqlx::Error> {
    let updated = sqlx::query(
        "UPDATE certificates SET revoked_at = $1, revoked_reason = $2, revoked_by = $3
         WHERE code = $4 AND revoked_at IS NULL",
    )
    .bind(at)
    .bind(reason)
    .bind(by)
    .bind(code)
    .execute(ex)
    .await?
    .rows_affected();
    Ok(updated == 1)
}

/// Whether a certificate with this code exists.
pub async fn exists<'e>(
    ex: impl Executor<'e, Database = Any>,
    code: &str,
) -> Result<bool, sqlx::Error> {
    Ok(
        sqlx::query_as::<_, IdRow>("SELECT id FROM certificates WHERE code = $1")
            .bind(code)
            .fetch_optional(ex)
            .await?
            .is_some(),
    )
}

#[derive(FromRow)]
struct SlugRow {
    slug: String,
}

/// The slug of the course of the certificate with this code.
pub async fn course_slug_of(db: &Db, code: &str) -> Result<String, sqlx::Error> {
    let row: SlugRow = sqlx::query_as(
        "SELECT co.slug FROM certificates c JOIN courses co ON co.id = c.course_id WHERE c.code = $1",
    )
    .bind(code)
    .fetch_one(db.pool())
    .await?;
    Ok(row.slug)
}

/// A signing key as stored.
#[derive(Clone, Debug, FromRow)]
pub struct SecretKeyRow {
    pub id: i64,
    pub secret_key: Vec<u8>,
}

/// A published public key.
#[derive(Clone, Debug, FromRow)]
pub struct PublicKeyRow {
    pub id: i64,
    pub public_key: Vec<u8>,
}

pub async fn insert_signing_key(
    db: &Db,
    public_key: &[u8],
    secret_key: &[u8],
    at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO signing_keys (public_key, secret_key, created_at) VALUES ($1, $2, $3)",
    )
    .bind(public_key.to_vec())
    .bind(secret_key.to_vec())
    .bind(at)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// The newest signing key.
pub async fn newest_signing_key(db: &Db) -> Result<Option<SecretKeyRow>, sqlx::Error> {
    sqlx::query_as("SELECT id, secret_key FROM signing_keys ORDER BY id DESC LIMIT 1")
        .fetch_optional(db.pool())
        .await
}

/// Every public key, oldest first.
pub async fn public_keys(db: &Db) -> Result<Vec<PublicKeyRow>, sqlx::Error> {
    sqlx::query_as("SELECT id, public_key FROM signing_keys ORDER BY id")
        .fetch_all(db.pool())
        .await
}
