//! Form posts of the organisation screen (`/admin/organisations`,
//! administrators only — the route table and the domain both check).

use super::auth::see_other;
use app::paths::{self, query_value as encode};
use app::ssr::auth::{policy, CurrentUser};
use app::ssr::organisations::{self, OrganisationError};
use app::ssr::state::AppState;
use axum::{
    extract::{Path, State},
    response::Response,
    Extension, Form,
};
use serde::Deserialize;

const PAGE: &str = paths::ADMIN_ORGANISATIONS;

fn code(e: &OrganisationError) -> &'static str {
    match e {
        OrganisationError::InvalidSlug(_) => "invalid-slug",
        OrganisationError::EmptyName => "empty-name",
        OrganisationError::DuplicateSlug(_) => "duplicate-slug",
        OrganisationError::UnknownParent(_) | OrganisationError::NotFound => "not-found",
        OrganisationError::Cycle => "cycle",
        OrganisationError::Db(e) => {
            tracing::warn!(error = %e, "an organisation change failed");
            "unavailable"
        }
    }
}

#[derive(Deserialize)]
pub struct NewOrganisation {
    #[serde(default)]
    slug: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    parent: String,
}

/// `POST /admin/organisations`.
pub async fn create(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Form(form): Form<NewOrganisation>,
) -> Response {
    if !policy::may_administer(&user.roles) {
        return see_other(&format!("{PAGE}?error=forbidden"));
    }
    let parent = Some(form.parent.as_str()).filter(|p| !p.is_empty());
    match organisations::create(
        &state.db,
        form.slug.trim(),
        &form.name,
        parent,
        Some(user.id),
    )
    .await
    {
        Ok(_) => see_other(&format!("{PAGE}?done=created")),
        Err(e) => see_other(&format!(
            "{PAGE}?error={}&slug={}&name={}&parent={}",
            code(&e),
            encode(&form.slug),
            encode(&form.name),
            encode(&form.parent)
        )),
    }
}

#[derive(Deserialize)]
pub struct OrganisationChange {
    #[serde(default)]
    name: String,
    /// The new parent's slug, or empty for the top level.
    #[serde(default)]
    parent: String,
}

/// `POST /admin/organisations/{id}`: rename or move.
pub async fn update(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i64>,
    Form(form): Form<OrganisationChange>,
) -> Response {
    if !policy::may_administer(&user.roles) {
        return see_other(&format!("{PAGE}?error=forbidden"));
    }
    let parent = if form.parent.is_empty() {
        None
    } else {
        match organisations::find_by_slug(&state.db, &form.parent).await {
            Ok(Some(p)) => Some(p.id),
            Ok(None) => return see_other(&format!("{PAGE}?error=not-found")),
            Err(e) => return see_other(&format!("{PAGE}?error={}", code(&e.into()))),
        }
    };
    match organisations::update(&state.db, id, &form.name, parent, Some(user.id)).await {
        Ok(()) => see_other(&format!("{PAGE}?done=saved#org-{id}")),
        Err(e) => see_other(&format!("{PAGE}?error={}#org-{id}", code(&e))),
    }
}
