//! The organisation tree, for the admin screen and the pickers of the
//! people screens.

use crate::model::organisations::OrgNode;
use crate::model::ApiError;
use leptos::prelude::*;

/// Every organisation in tree order. Admins, trainers and ministry users
/// (who pick organisations when creating or finding people).
#[server(endpoint = "organisations/tree")]
pub async fn organisation_tree() -> Result<Vec<OrgNode>, ApiError> {
    use crate::model::roles::Role;
    use crate::ssr::{api, auth::access, organisations};
    api::respond(async move {
        let user = api::caller();
        access::require_any(user.as_ref(), &[Role::Admin, Role::Trainer, Role::Ministry])?;
        let tree = organisations::tree(&api::state()?.db).await?;
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
