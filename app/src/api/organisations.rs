//! The organisation tree, for the admin screen and the pickers of the
//! people screens.

use crate::model::organisations::OrgNode;
use crate::model::ApiError;
use leptos::prelude::*;

/// The organisations the caller may see, in tree order: all of them for
/// admins, their own subtree for trainers and ministry users (who pick
/// organisations when creating or finding people).
#[server(endpoint = "organisations/tree")]
pub async fn organisation_tree() -> Result<Vec<OrgNode>, ApiError> {
    use crate::model::roles::Role;
    use crate::ssr::{api, auth::access, auth::scope, organisations};
    api::respond(async move {
        let user = api::caller();
        let user =
            access::require_any(user.as_ref(), &[Role::Admin, Role::Trainer, Role::Ministry])?;
        let db = &api::state()?.db;
        let visible = scope::of(db, user)
            .await?
            .map_or(Some(Vec::new()), |s| s.organisations());
        let tree = organisations::tree_within(db, visible.as_deref()).await?;
        Ok(tree
            .into_iter()
            .map(|(o, depth)| OrgNode {
                id: o.id,
                slug: o.slug,
                name: o.name,
                parent_id: o.parent_id,
                depth,
            })
            .collect())
    })
    .await
}
