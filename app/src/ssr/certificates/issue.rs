//! Issuing: when a course that grants a certificate is completed, one
//! certificate is created in the same transaction as the completion. It
//! copies what it states — the holder's name (in their script and in Latin
//! script), the course title in the holder's language, the hours, the
//! issuer — so it reads the same however the account or the course changes.

use super::{code, store};
use crate::ssr::audit::{self, Action, Event};
use crate::ssr::db::now;
use crate::ssr::standings;
use crate::ssr::texts;
use sqlx::AnyConnection;
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
    if store::issued_for(&mut *conn, completion).await? {
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
    let Some(old) = super::store::renewable(&mut *conn, user, course).await? else {
        return Ok(None);
    };
    let code = insert(conn, old.completion_id, Some(old.id)).await?;
    if let Some(code) = &code {
        audit::append(
            conn,
            Event {
                actor_id: Some(user),
                subject: Some(code),
                detail: Some(&format!("renews {}", old.code)),
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
    let Some(holder) = store::completion_holder(&mut *conn, completion).await? else {
        return Ok(None);
    };
    let texts = store::issue_texts(&mut *conn, holder.course_id).await?;
    fn language(t: &store::IssueTextRow) -> &str {
        &t.language
    }
    let Some(text) = texts::in_language(
        &texts,
        language,
        &holder.preferred_language,
        &holder.source_language,
    ) else {
        return Ok(None);
    };
    // Whether and for how long are the source's rules.
    let rules = texts::in_language(&texts, language, &holder.source_language, "").unwrap_or(text);
    if rules.certificate != 1 {
        return Ok(None);
    }
    let issued_at = now();
    let expires_at = rules
        .certificate_validity_months
        .map(|m| crate::dates::add_months(issued_at, u32::try_from(m).unwrap_or(0)));
    let code = code::generate(rand::random());
    store::insert(
        &mut *conn,
        &store::NewCertificate {
            code: &code,
            user: holder.user_id,
            course: holder.course_id,
            completion,
            course_text: text.id,
            language: &text.language,
            holder_name: &holder.name,
            holder_name_latin: holder.name_latin.as_deref(),
            course_title: &text.title,
            minutes: text.estimated_minutes,
            issuer: issuer(),
            issued_at,
            expires_at,
            renews,
        },
    )
    .await?;
    standings::refresh(&mut *conn, holder.user_id, holder.course_id).await?;
    audit::append(
        conn,
        Event {
            actor_id: Some(holder.user_id),
            subject: Some(&code),
            ..Event::new(Action::CertificateIssued)
        },
    )
    .await?;
    Ok(Some(code))
}
