//! Issuing: when a course that grants a certificate is completed, one
//! certificate is created in the same transaction as the completion. It
//! copies what it states — the holder's name (in their script and in Latin
//! script), the course title in the holder's language, the hours, the
//! issuer — so it reads the same however the account or the course changes.

use super::code;
use crate::ssr::audit::{self, Action, Event};
use crate::ssr::db::now;
use sqlx::{AnyConnection, Row};
use std::sync::OnceLock;

static ISSUER: OnceLock<String> = OnceLock::new();

/// The issuer printed on certificates (`LANTERN_ISSUER`), set once at
/// start-up; "Lantern" until then.
pub fn set_issuer(name: &str) {
    let _ = ISSUER.set(name.to_string());
}

pub fn issuer() -> &'static str {
    ISSUER.get().map_or("Lantern", String::as_str)
}

/// Issues the certificate of completion `completion` if its course grants
/// one and it has none yet. Returns the new certificate's code.
pub async fn for_completion(
    conn: &mut AnyConnection,
    completion: i64,
) -> Result<Option<String>, sqlx::Error> {
    let issued: i64 =
        sqlx::query("SELECT COUNT(*) AS n FROM certificates WHERE completion_id = $1")
            .bind(completion)
            .fetch_one(&mut *conn)
            .await?
            .try_get("n")?;
    if issued > 0 {
        return Ok(None);
    }
    insert(conn, completion, None).await
}

/// After a passed refresher: renews `user`'s newest certificate of
/// `course` that expires and is neither revoked nor renewed. The new
/// certificate states the holder's name and the course title as they are
/// now, runs from today, and names the one it renews. Returns its code.
pub async fn renewal(
    conn: &mut AnyConnection,
    user: i64,
    course: i64,
) -> Result<Option<String>, sqlx::Error> {
    let Some(old) = sqlx::query(
        "SELECT c.id, c.code, c.completion_id FROM certificates c
         WHERE c.user_id = $1 AND c.course_id = $2 AND c.revoked_at IS NULL AND c.expires_at IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM certificates n WHERE n.renews_id = c.id)
         ORDER BY c.id DESC LIMIT 1",
    )
    .bind(user)
    .bind(course)
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(None);
    };
    let old_code: String = old.try_get("code")?;
    let code = insert(
        conn,
        old.try_get("completion_id")?,
        Some(old.try_get("id")?),
    )
    .await?;
    if let Some(code) = &code {
        audit::append(
            conn,
            Event {
                actor_id: Some(user),
                subject: Some(code),
                detail: Some(&format!("renews {old_code}")),
                ..Event::new(Action::CertificateRenewed)
            },
        )
        .await?;
    }
    Ok(code)
}

async fn insert(
    conn: &mut AnyConnection,
    completion: i64,
    renews: Option<i64>,
) -> Result<Option<String>, sqlx::Error> {
    let Some(row) = sqlx::query(
        "SELECT c.user_id, c.course_id, c.completed_at, u.name, u.name_latin, u.preferred_language,
                co.source_language
         FROM course_completions c JOIN users u ON u.id = c.user_id JOIN courses co ON co.id = c.course_id
         WHERE c.id = $1",
    )
    .bind(completion)
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(None);
    };
    let (user, course): (i64, i64) = (row.try_get("user_id")?, row.try_get("course_id")?);
    let wanted: String = row.try_get("preferred_language")?;
    let source: String = row.try_get("source_language")?;
    let texts = sqlx::query(
        "SELECT id, language, title, estimated_minutes, certificate, certificate_validity_months
         FROM course_texts WHERE course_id = $1 AND superseded_at IS NULL",
    )
    .bind(course)
    .fetch_all(&mut *conn)
    .await?;
    let language_of =
        |r: &sqlx::any::AnyRow| r.try_get::<String, _>("language").unwrap_or_default();
    let Some(text) = texts
        .iter()
        .find(|r| language_of(r) == wanted)
        .or_else(|| texts.iter().find(|r| language_of(r) == source))
    else {
        return Ok(None);
    };
    // Whether and for how long are the source's rules.
    let rules = texts
        .iter()
        .find(|r| language_of(r) == source)
        .unwrap_or(text);
    if rules.try_get::<i64, _>("certificate")? != 1 {
        return Ok(None);
    }
    let validity: Option<i64> = rules.try_get("certificate_validity_months")?;
    let issued_at = now();
    let expires_at = validity.map(|m| crate::dates::add_months(issued_at, m as u32));
    let code = code::generate(rand::random());
    sqlx::query(
        "INSERT INTO certificates (code, user_id, course_id, completion_id, course_text_id, language,
           holder_name, holder_name_latin, course_title, minutes, issuer, issued_at, expires_at, renews_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
    )
    .bind(&code)
    .bind(user)
    .bind(course)
    .bind(completion)
    .bind(text.try_get::<i64, _>("id")?)
    .bind(language_of(text))
    .bind(row.try_get::<String, _>("name")?)
    .bind(row.try_get::<Option<String>, _>("name_latin")?)
    .bind(text.try_get::<String, _>("title")?)
    .bind(text.try_get::<i64, _>("estimated_minutes")?)
    .bind(issuer())
    .bind(issued_at)
    .bind(expires_at)
    .bind(renews)
    .execute(&mut *conn)
    .await?;
    audit::append(
        conn,
        Event {
            actor_id: Some(user),
            subject: Some(&code),
            ..Event::new(Action::CertificateIssued)
        },
    )
    .await?;
    Ok(Some(code))
}
