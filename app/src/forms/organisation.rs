//! `POST /admin/organisations` (create) and `POST /admin/organisations/{id}`
//! (rename or move).

use super::outcomes;
use serde::Deserialize;

/// Field names.
pub mod field {
    pub const SLUG: &str = "slug";
    pub const NAME: &str = "name";
    /// The parent's slug, or empty for the top level.
    pub const PARENT: &str = "parent";
}

/// A new organisation, as the form sends it.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct NewOrganisation {
    pub slug: String,
    pub name: String,
    pub parent: String,
}

/// A rename or move, as the form sends it.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct OrganisationChange {
    pub name: String,
    pub parent: String,
}

outcomes! {
    pub enum Outcome {
        Created = (done, "created", "orgs-done-created"),
        Saved = (done, "saved", "orgs-done-saved"),
        InvalidSlug = (error, "invalid-slug", "orgs-error-invalid-slug"),
        EmptyName = (error, "empty-name", "orgs-error-empty-name"),
        TooLong = (error, "too-long", "orgs-error-too-long"),
        DuplicateSlug = (error, "duplicate-slug", "orgs-error-duplicate-slug"),
        NotFound = (error, "not-found", "orgs-error-not-found"),
        Cycle = (error, "cycle", "orgs-error-cycle"),
        Forbidden = (error, "forbidden", "error-forbidden"),
        Unavailable = (error, "unavailable", "form-error"),
    }
    unknown = ("form-done", "form-error");
}
