//! Who may fetch a certificate's PDF: its holder, and whoever may see the
//! holder's account (admins; trainers for trainee accounts; ministry users
//! for their organisation's subtree — the people policy). Anyone else gets
//! the same answer as for a missing certificate. A download by anyone but
//! the holder is audited.

use super::code::{self, Parsed};
use super::store;
use super::verify::public;
use crate::model::certificates::PublicCertificate;
use crate::ssr::audit::{self, Action, Event};
use crate::ssr::auth::scope;
use crate::ssr::auth::CurrentUser;
use crate::ssr::db::Db;
use crate::ssr::users;

pub async fn for_viewer(
    db: &Db,
    viewer: &CurrentUser,
    typed: &str,
    ip: Option<&str>,
) -> Result<Option<PublicCertificate>, sqlx::Error> {
    let Parsed::Valid(code) = code::parse(typed) else {
        return Ok(None);
    };
    let Some(row) = store::held_by_code(db, &code).await? else {
        return Ok(None);
    };
    if row.user_id != viewer.id {
        let roles = users::store::roles(db.pool(), row.user_id).await?;
        let allowed = scope::of(db, viewer)
            .await?
            .is_some_and(|scope| scope.covers(&roles, row.organisation_id));
        if !allowed {
            return Ok(None);
        }
        let holder = format!("user:{}", row.user_id);
        audit::record(
            db,
            Event {
                actor_id: Some(viewer.id),
                subject: Some(&holder),
                detail: Some(&code),
                ip,
                ..Event::new(Action::CertificateDownloaded)
            },
        )
        .await?;
    }
    Ok(Some(public(row.certificate).0))
}
