//! The signed-in user's own account.

use crate::model::people::Person;
use crate::model::ApiError;
use leptos::prelude::*;

#[server(endpoint = "account/me")]
pub async fn my_account() -> Result<Person, ApiError> {
    use crate::ssr::{api, people::directory};
    api::respond(async move {
        let user = api::signed_in()?;
        let (person, _) = directory::load(&api::state()?.db, &user, None, user.id)
            .await?
            .ok_or(ApiError::NotFound)?;
        Ok(person)
    })
    .await
}
