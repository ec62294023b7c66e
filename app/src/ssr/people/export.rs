//! A person's own data, as JSON they can download and keep: the account,
//! their sessions and sign-ins, and what they did that the audit log
//! recorded. Course progress, attempts and certificates join this as those
//! features land.

use super::store;
use crate::ssr::audit::{self, Action, Event};
use crate::ssr::db::{now, Db};
use crate::ssr::users::roles_of;
use serde_json::{json, Value};

/// The export for user `id`; the download itself is recorded in the audit
/// log.
pub async fn export(db: &Db, id: i64, ip: Option<&str>) -> Result<Value, sqlx::Error> {
    let u = store::person(db, id)
        .await?
        .ok_or(sqlx::Error::RowNotFound)?;
    let email = u.email.clone();
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
    let sign_ins: Vec<Value> = store::sign_ins(db, &email)
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
        .map(|r| {
            json!({
                "at": r.at,
                "action": r.action,
                "subject": r.subject,
                "detail": r.detail,
                "ip": r.ip,
            })
        })
        .collect();
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
        "activity": activity,
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
