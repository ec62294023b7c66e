//! Cohorts: the list and one cohort, for their pages.

use crate::model::cohorts::{CohortList, CohortView};
use crate::model::ApiError;
use leptos::prelude::*;

#[server(endpoint = "cohorts/list")]
pub async fn list_cohorts() -> Result<CohortList, ApiError> {
    use crate::ssr::{api, cohorts, error::DomainError};
    api::respond(async move {
        let user = api::signed_in()?;
        let db = &api::state()?.db;
        Ok(cohorts::list(db, &user, api::locale())
            .await
            .map_err(DomainError::from)?)
    })
    .await
}

#[server(endpoint = "cohorts/view")]
pub async fn load_cohort(id: i64) -> Result<CohortView, ApiError> {
    use crate::ssr::{api, cohorts, error::DomainError};
    api::respond(async move {
        let user = api::signed_in()?;
        let db = &api::state()?.db;
        Ok(cohorts::view(db, &user, id, api::locale())
            .await
            .map_err(DomainError::from)?)
    })
    .await
}

/// The cohort dashboard.
#[server(endpoint = "cohorts/progress")]
pub async fn load_progress(
    id: i64,
    query: crate::model::cohorts::ProgressQuery,
) -> Result<crate::model::cohorts::CohortProgress, ApiError> {
    use crate::ssr::{api, cohorts::progress, error::DomainError};
    api::respond(async move {
        let user = api::signed_in()?;
        let db = &api::state()?.db;
        Ok(progress::progress(db, &user, id, &query, api::locale())
            .await
            .map_err(DomainError::from)?)
    })
    .await
}

/// The preview of the caller's roster upload `upload` for cohort `id`.
#[server(endpoint = "cohorts/roster")]
pub async fn load_roster_preview(
    id: i64,
    upload: i64,
) -> Result<crate::model::cohorts::RosterPreview, ApiError> {
    use crate::ssr::{api, cohorts::enrol, error::DomainError};
    api::respond(async move {
        let user = api::signed_in()?;
        let db = &api::state()?.db;
        Ok(enrol::preview_upload(db, &user, id, upload)
            .await
            .map_err(DomainError::from)?)
    })
    .await
}

/// Whether the reader of `/join` is signed in (then the page asks only
/// for the code).
#[server(endpoint = "join/state")]
pub async fn join_state() -> Result<bool, ApiError> {
    Ok(crate::ssr::api::caller().is_some())
}
