//! Other people's accounts: the directory (search and view), the
//! administrator's changes, a person's own data export, and the
//! show-once secrets handed back to whoever issued them. Every function
//! takes the acting user and applies [`crate::ssr::auth::policy`].

pub mod admin;
pub mod directory;
pub mod export;
pub mod reveal;
pub mod store;

use super::auth::{policy::PeopleScope, CurrentUser};
use super::db::Db;
use super::organisations::subtree_ids;
use crate::model::roles::Role;

/// Whose accounts `user` may see, or `None` for nobody's.
pub async fn scope_of(db: &Db, user: &CurrentUser) -> Result<Option<PeopleScope>, sqlx::Error> {
    let subtree = match (user.has(Role::Ministry), user.organisation_id) {
        (true, Some(org)) => subtree_ids(db, org).await?,
        _ => Vec::new(),
    };
    Ok(PeopleScope::of(&user.roles, &subtree))
}
