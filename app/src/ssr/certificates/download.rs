//! Who may fetch a certificate's PDF: its holder, and whoever may see the
//! holder's account (admins; trainers for trainee accounts; ministry users
//! for their organisation's subtree — the people policy). Anyone else gets
//! the same answer as for a missing certificate.

use super::code::{self, Parsed};
use super::verify::{public, COLUMNS};
use crate::model::certificates::PublicCertificate;
use crate::model::roles::Role;
use crate::ssr::auth::CurrentUser;
use crate::ssr::db::Db;
use crate::ssr::people::scope_of;
use sqlx::Row;

pub async fn for_viewer(
    db: &Db,
    viewer: &CurrentUser,
    typed: &str,
) -> Result<Option<PublicCertificate>, sqlx::Error> {
    let Parsed::Valid(code) = code::parse(typed) else {
        return Ok(None);
    };
    let Some(row) = sqlx::query(&format!(
        "SELECT {COLUMNS}, c.user_id, u.organisation_id
         FROM certificates c JOIN users u ON u.id = c.user_id WHERE c.code = $1"
    ))
    .bind(&code)
    .fetch_optional(db.pool())
    .await?
    else {
        return Ok(None);
    };
    let holder: i64 = row.try_get("user_id")?;
    if holder != viewer.id {
        let roles: Vec<Role> = sqlx::query("SELECT role FROM user_roles WHERE user_id = $1")
            .bind(holder)
            .fetch_all(db.pool())
            .await?
            .iter()
            .filter_map(|r| r.try_get::<String, _>("role").ok())
            .filter_map(|r| r.parse::<Role>().ok())
            .collect();
        let organisation: Option<i64> = row.try_get("organisation_id")?;
        let allowed = scope_of(db, viewer)
            .await?
            .is_some_and(|scope| scope.covers(&roles, organisation));
        if !allowed {
            return Ok(None);
        }
    }
    Ok(Some(public(&row)?.0))
}
