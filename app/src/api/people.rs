//! The people directory: who an admin, trainer or ministry user may see.

use crate::model::people::{PeoplePage, PeopleQuery, PersonView};
use crate::model::ApiError;
use leptos::prelude::*;

#[server(endpoint = "people/list")]
pub async fn list_people(query: PeopleQuery) -> Result<PeoplePage, ApiError> {
    use crate::ssr::{api, people::directory};
    api::respond(async move {
        let user = api::signed_in()?;
        Ok(directory::list(&api::state()?.db, &user, &query).await?)
    })
    .await
}

#[server(endpoint = "people/show")]
pub async fn show_person(id: i64, reveal: Option<String>) -> Result<PersonView, ApiError> {
    use crate::ssr::{api, people::directory};
    api::respond(async move {
        let user = api::signed_in()?;
        let state = api::state()?;
        Ok(directory::show(
            &state.db,
            &user,
            id,
            reveal.as_deref(),
            &state.config.base_url,
            api::client_ip().as_deref(),
        )
        .await?)
    })
    .await
}
