//! Authoring: the pages' data. Changes are plain form posts
//! (`server/src/http/authoring.rs`), so they work without JavaScript.

use crate::model::authoring::{AuthorList, EditorView, HistoryView, WorkspaceView};
use crate::model::ApiError;
use leptos::prelude::*;

#[server(endpoint = "author/list")]
pub async fn load_author_list() -> Result<AuthorList, ApiError> {
    use crate::ssr::{api, authoring::views, error::DomainError};
    api::respond(async move {
        let user = api::signed_in()?;
        let db = &api::state()?.db;
        Ok(views::list(db, &user).await.map_err(DomainError::from)?)
    })
    .await
}

#[server(endpoint = "author/workspace")]
pub async fn load_workspace(course: String) -> Result<WorkspaceView, ApiError> {
    use crate::ssr::{api, authoring::views, error::DomainError};
    api::respond(async move {
        let user = api::signed_in()?;
        let db = &api::state()?.db;
        Ok(views::workspace(db, &course, &user)
            .await
            .map_err(DomainError::from)?)
    })
    .await
}

#[server(endpoint = "author/file")]
pub async fn load_author_file(course: String, file: String) -> Result<EditorView, ApiError> {
    use crate::ssr::{api, authoring::views, error::DomainError};
    api::respond(async move {
        let user = api::signed_in()?;
        let db = &api::state()?.db;
        Ok(views::editor(db, &course, &user, &file)
            .await
            .map_err(DomainError::from)?)
    })
    .await
}

#[server(endpoint = "author/history")]
pub async fn load_author_history(
    course: String,
    file: String,
    from: Option<i64>,
    to: Option<i64>,
) -> Result<HistoryView, ApiError> {
    use crate::ssr::{api, authoring::views, error::DomainError};
    api::respond(async move {
        let user = api::signed_in()?;
        let db = &api::state()?.db;
        Ok(views::file_history(db, &course, &user, &file, from, to)
            .await
            .map_err(DomainError::from)?)
    })
    .await
}
