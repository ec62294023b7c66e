//! A person's own data, as JSON they can download and keep: everything
//! Lantern holds about them — the account and its roles, sessions and
//! sign-ins, the modules they opened and finished, their knowledge checks
//! and assessment attempts with the answers they gave, completions,
//! certificates, and the audit entries of what they did and of what others
//! did to their account.

use super::store;
use crate::ssr::audit::{self, Action, Event};
use crate::ssr::db::{now, Db};
use crate::ssr::users::roles_of;
use serde_json::{json, Value};

/// An audit entry as the export shows it.
fn audit_entry(r: store::ActivityRow) -> Value {
    json!({
        "at": r.at,
        "action": r.action,
        "subject": r.subject,
        "detail": r.detail,
        "ip": r.ip,
    })
}

/// The export for user `id`; the download itself is recorded in the audit
/// log.
pub async fn export(db: &Db, id: i64, ip: Option<&str>) -> Result<Value, sqlx::Error> {
    let u = store::person(db, id)
        .await?
        .ok_or(sqlx::Error::RowNotFound)?;
    let email = u.email.clone();
    let username = u.username.clone();
    let roles: Vec<&str> = roles_of(db, id)
        .await?
        .into_iter()
        .map(crate::model::roles::Role::as_str)
        .collect();
    let sessions: Vec<Value> = store::sessions(db, id)
        .await?
        .into_iter()
        .map(|r| {
            json!({
                "started": r.created_at,
                "last_seen": r.last_seen_at,
                "expires": r.expires_at,
                "ip": r.ip,
                "browser": r.user_agent,
            })
        })
        .collect();
    let sign_ins: Vec<Value> = store::sign_ins(db, email.as_deref(), username.as_deref())
        .await?
        .into_iter()
        .map(|r| {
            json!({
                "at": r.at,
                "ip": r.ip,
                "succeeded": r.succeeded == 1,
            })
        })
        .collect();
    let activity: Vec<Value> = store::activity(db, id)
        .await?
        .into_iter()
        .map(audit_entry)
        .collect();
    let progress: Vec<Value> = store::progress(db, id)
        .await?
        .into_iter()
        .map(|r| {
            json!({
                "course": r.course,
                "module": r.module,
                "language": r.language,
                "opened": r.opened_at,
                "done": r.done_at,
            })
        })
        .collect();
    // Answers as stored; text that is not JSON is handed over as it is, so
    // the export never leaves out what Lantern holds.
    let answers = |text: &str| {
        serde_json::from_str::<Value>(text).unwrap_or_else(|_| Value::String(text.to_string()))
    };
    let knowledge_checks: Vec<Value> = store::checks(db, id)
        .await?
        .into_iter()
        .map(|r| {
            json!({
                "course": r.course,
                "module": r.module,
                "answers": answers(&r.answers),
                "score_percent": r.score,
                "at": r.created_at,
            })
        })
        .collect();
    let attempts: Vec<Value> = store::attempts(db, id)
        .await?
        .into_iter()
        .map(|r| {
            json!({
                "course": r.course,
                "purpose": r.purpose,
                "answers": answers(&r.answers),
                "started": r.started_at,
                "submitted": r.submitted_at,
                "late": r.late != 0,
                "score_percent": r.score,
                "passed": r.passed.map(|p| p != 0),
            })
        })
        .collect();
    let completions: Vec<Value> = store::completions(db, id)
        .await?
        .into_iter()
        .map(|r| json!({ "course": r.course, "completed": r.completed_at }))
        .collect();
    let certificates: Vec<Value> = store::certificates(db, id)
        .await?
        .into_iter()
        .map(|r| {
            json!({
                "id": r.code,
                "course": r.course_title,
                "holder_name": r.holder_name,
                "holder_name_latin": r.holder_name_latin,
                "language": r.language,
                "issued": r.issued_at,
                "expires": r.expires_at,
                "revoked": r.revoked_at,
            })
        })
        .collect();
    let about_them: Vec<Value> = store::about(
        db,
        id,
        email.as_deref().or(username.as_deref()).unwrap_or(""),
    )
    .await?
    .into_iter()
    .map(audit_entry)
    .collect();
    // That a second factor is set up, never its secret.
    let factor = crate::ssr::auth::second_factor::store::factor(db, id).await?;
    let second_factor = json!({
        "enrolled": factor.as_ref().and_then(|f| f.confirmed_at),
        "recovery_codes_left":
            crate::ssr::auth::second_factor::store::recovery_codes_left(db, id).await?,
    });
    let organisation = match u.org_slug {
        Some(slug) => json!({ "slug": slug, "name": u.org_name }),
        None => Value::Null,
    };
    let export = json!({
        "format": "lantern-personal-data/1",
        "exported_at": now(),
        "times": "Unix seconds, UTC",
        "account": {
            "email": email,
            "username": username,
            "name": u.name,
            "name_latin": u.name_latin,
            "position": u.position,
            "province": u.province,
            "preferred_language": u.preferred_language,
            "organisation": organisation,
            "roles": roles,
            "created": u.created_at,
        },
        "sessions": sessions,
        "sign_ins": sign_ins,
        "second_factor": second_factor,
        "progress": progress,
        "knowledge_checks": knowledge_checks,
        "assessment_attempts": attempts,
        "completions": completions,
        "certificates": certificates,
        "activity": activity,
        "audit_about_me": about_them,
    });
    let subject = format!("user:{id}");
    audit::record(
        db,
        Event {
            actor_id: Some(id),
            subject: Some(&subject),
            ip,
            ..Event::new(Action::DataExported)
        },
    )
    .await?;
    Ok(export)
}
