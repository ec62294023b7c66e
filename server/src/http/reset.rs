//! `POST /reset/{token}`: sets a new password with a one-time link.

use super::auth::see_other;
use super::error::HttpError;
use app::paths;
use app::ssr::auth::password_reset::{redeem, ResetError};
use app::ssr::passwords::PolicyError;
use app::ssr::request::{request_locale, ClientIp};
use app::ssr::state::AppState;
use axum::{
    extract::{Path, State},
    response::Response,
    Extension, Form,
};
use http::HeaderMap;
use serde::Deserialize;

#[derive(Deserialize)]
pub struct ResetForm {
    new: String,
    confirm: String,
}

pub async fn reset_password(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Extension(ClientIp(ip)): Extension<ClientIp>,
    headers: HeaderMap,
    Form(form): Form<ResetForm>,
) -> Response {
    let token: String = token.chars().filter(char::is_ascii_hexdigit).collect();
    let back = |error: &str| {
        see_other(&paths::with_query(
            &paths::reset(&token),
            &[("error", error)],
        ))
    };
    if form.new != form.confirm {
        return back("mismatch");
    }
    match redeem(&state.db, &token, &form.new, Some(&ip)).await {
        Ok(_) => see_other("/login?reset=1"),
        Err(ResetError::Policy(PolicyError::TooShort)) => back("short"),
        Err(ResetError::Policy(PolicyError::TooCommon)) => back("common"),
        Err(ResetError::Expired) => back("expired"),
        Err(ResetError::Used) => back("used"),
        Err(ResetError::Invalid | ResetError::UnknownUser | ResetError::Forbidden) => {
            back("invalid")
        }
        Err(ResetError::Db(e)) => {
            HttpError::Unavailable(e.to_string()).respond(request_locale(&headers))
        }
    }
}
