//! A person's own data, as JSON they can download and keep: the account,
//! their sessions and sign-ins, and what they did that the audit log
//! recorded. Course progress, attempts and certificates join this as those
//! features land.

use crate::ssr::audit::{self, Action, Event};
use crate::ssr::db::{now, Db};
use crate::ssr::users::roles_of;
use serde_json::{json, Value};
use sqlx::Row;

/// The export for user `id`; the download itself is recorded in the audit
/// log.
pub async fn export(db: &Db, id: i64, ip: Option<&str>) -> Result<Value, sqlx::Error> {
    let u = sqlx::query(
        "SELECT u.email, u.name, u.name_latin, u.position, u.province, u.preferred_language,
                u.created_at, o.slug AS org_slug, o.name AS org_name
         FROM users u LEFT JOIN organisations o ON o.id = u.organisation_id
         WHERE u.id = $1",
    )
    .bind(id)
    .fetch_one(db.pool())
    .await?;
    let email: String = u.try_get("email")?;
    let roles: Vec<&str> = roles_of(db, id)
        .await?
        .into_iter()
        .map(crate::model::roles::Role::as_str)
        .collect();
    let sessions = sqlx::query(
        "SELECT created_at, last_seen_at, expires_at, ip, user_agent FROM sessions
         WHERE user_id = $1 ORDER BY created_at",
    )
    .bind(id)
    .fetch_all(db.pool())
    .await?
    .iter()
    .map(|r| {
        Ok(json!({
            "started": r.try_get::<i64, _>("created_at")?,
            "last_seen": r.try_get::<i64, _>("last_seen_at")?,
            "expires": r.try_get::<i64, _>("expires_at")?,
            "ip": r.try_get::<Option<String>, _>("ip")?,
            "browser": r.try_get::<Option<String>, _>("user_agent")?,
        }))
    })
    .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let sign_ins =
        sqlx::query("SELECT at, ip, succeeded FROM login_attempts WHERE email = $1 ORDER BY at")
            .bind(&email)
            .fetch_all(db.pool())
            .await?
            .iter()
            .map(|r| {
                Ok(json!({
                    "at": r.try_get::<i64, _>("at")?,
                    "ip": r.try_get::<String, _>("ip")?,
                    "succeeded": r.try_get::<i64, _>("succeeded")? == 1,
                }))
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let activity = sqlx::query(
        "SELECT at, action, subject, detail, ip FROM audit_log WHERE actor_id = $1 ORDER BY id",
    )
    .bind(id)
    .fetch_all(db.pool())
    .await?
    .iter()
    .map(|r| {
        Ok(json!({
            "at": r.try_get::<i64, _>("at")?,
            "action": r.try_get::<String, _>("action")?,
            "subject": r.try_get::<Option<String>, _>("subject")?,
            "detail": r.try_get::<Option<String>, _>("detail")?,
            "ip": r.try_get::<Option<String>, _>("ip")?,
        }))
    })
    .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let organisation = match u.try_get::<Option<String>, _>("org_slug")? {
        Some(slug) => json!({ "slug": slug, "name": u.try_get::<Option<String>, _>("org_name")? }),
        None => Value::Null,
    };
    let export = json!({
        "format": "lantern-personal-data/1",
        "exported_at": now(),
        "times": "Unix seconds, UTC",
        "account": {
            "email": email,
            "name": u.try_get::<String, _>("name")?,
            "name_latin": u.try_get::<Option<String>, _>("name_latin")?,
            "position": u.try_get::<Option<String>, _>("position")?,
            "province": u.try_get::<Option<String>, _>("province")?,
            "preferred_language": u.try_get::<String, _>("preferred_language")?,
            "organisation": organisation,
            "roles": roles,
            "created": u.try_get::<i64, _>("created_at")?,
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
