//! Form posts of the organisation screen (`/admin/organisations`,
//! administrators only — the route table and the domain both check).

use super::auth::see_other;
use app::forms::organisation::{field, NewOrganisation, OrganisationChange, Outcome};
use app::forms::Outcome as _;
use app::paths;
use app::ssr::auth::{policy, CurrentUser};
use app::ssr::organisations::{self, OrganisationError};
use app::ssr::state::AppState;
use axum::{
    extract::{Path, State},
    response::Response,
    Extension, Form,
};

const PAGE: &str = paths::ADMIN_ORGANISATIONS;

/// The outcome a refused change is shown as.
fn outcome(e: &OrganisationError) -> Outcome {
    match e {
        OrganisationError::InvalidSlug(_) => Outcome::InvalidSlug,
        OrganisationError::EmptyName => Outcome::EmptyName,
        OrganisationError::TooLong(_) => Outcome::TooLong,
        OrganisationError::DuplicateSlug(_) => Outcome::DuplicateSlug,
        OrganisationError::UnknownParent(_) | OrganisationError::NotFound => Outcome::NotFound,
        OrganisationError::Cycle => Outcome::Cycle,
        OrganisationError::Db(e) => {
            tracing::warn!(error = %e, "an organisation change failed");
            Outcome::Unavailable
        }
    }
}

/// `POST /admin/organisations`.
pub async fn create(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Form(form): Form<NewOrganisation>,
) -> Response {
    if !policy::may_administer(&user.roles) {
        return see_other(&Outcome::Forbidden.location(PAGE));
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
        Ok(_) => see_other(&Outcome::Created.location(PAGE)),
        Err(e) => see_other(&outcome(&e).location_with(
            PAGE,
            &[
                (field::SLUG, &form.slug),
                (field::NAME, &form.name),
                (field::PARENT, &form.parent),
            ],
        )),
    }
}

/// `POST /admin/organisations/{id}`: rename or move.
pub async fn update(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i64>,
    Form(form): Form<OrganisationChange>,
) -> Response {
    if !policy::may_administer(&user.roles) {
        return see_other(&Outcome::Forbidden.location(PAGE));
    }
    let parent = if form.parent.is_empty() {
        None
    } else {
        match organisations::find_by_slug(&state.db, &form.parent).await {
            Ok(Some(p)) => Some(p.id),
            Ok(None) => return see_other(&Outcome::NotFound.location(PAGE)),
            Err(e) => return see_other(&outcome(&e.into()).location(PAGE)),
        }
    };
    let anchor = format!("org-{id}");
    match organisations::update(&state.db, id, &form.name, parent, Some(user.id)).await {
        Ok(()) => see_other(&paths::with_fragment(
            &Outcome::Saved.location(PAGE),
            &anchor,
        )),
        Err(e) => see_other(&paths::with_fragment(&outcome(&e).location(PAGE), &anchor)),
    }
}
