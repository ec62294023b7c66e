use crate::viewer::Viewer;
use leptos::prelude::*;

/// Who is signed in, for the page header; `None` for a visitor.
#[server(endpoint = "viewer")]
pub async fn get_viewer() -> Result<Option<Viewer>, ServerFnError> {
    Ok(crate::ssr::auth::current_user().map(|u| u.viewer()))
}
