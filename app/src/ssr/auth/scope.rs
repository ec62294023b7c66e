//! Loads an actor's [`PeopleScope`]: their roles and their organisation's
//! subtree. The one loader every caller uses, so the rule in
//! [`super::policy`] sees the same facts everywhere — a page, a form post,
//! a download, a ZIP, and a reset link redeemed long after it was issued.

use super::access::CurrentUser;
use super::policy::PeopleScope;
use crate::model::roles::Role;
use crate::ssr::db::Db;
use crate::ssr::organisations::subtree_ids;

/// Whose accounts the signed-in `user` may see and manage, or `None` for
/// nobody's.
pub async fn of(db: &Db, user: &CurrentUser) -> Result<Option<PeopleScope>, sqlx::Error> {
    of_actor(db, &user.roles, user.organisation_id).await
}

/// The scope of an actor holding `roles` in `organisation` (a link's issuer,
/// say, looked up again when the link is used).
pub async fn of_actor(
    db: &Db,
    roles: &[Role],
    organisation: Option<i64>,
) -> Result<Option<PeopleScope>, sqlx::Error> {
    let manages_people = roles.contains(&Role::Ministry) || roles.contains(&Role::Trainer);
    let subtree = match (manages_people, organisation) {
        (true, Some(org)) => subtree_ids(db, org).await?,
        _ => Vec::new(),
    };
    Ok(PeopleScope::of(roles, &subtree))
}
