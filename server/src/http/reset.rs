//! `POST /reset/{token}`: sets a new password with a one-time link.

use super::auth::see_other;
use super::error::HttpError;
use app::forms::reset_password::Outcome;
use app::forms::{login, Outcome as _};
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
    let back = |outcome: Outcome| see_other(&outcome.location(&paths::reset(&token)));
    if form.new != form.confirm {
        return back(Outcome::Mismatch);
    }
    match redeem(&state.db, &token, &form.new, Some(&ip)).await {
        Ok(_) => see_other(&paths::with_query(
            paths::LOGIN,
            &[(login::RESET_DONE, "1")],
        )),
        Err(ResetError::Policy(PolicyError::TooShort)) => back(Outcome::TooShort),
        Err(ResetError::Policy(PolicyError::TooCommon)) => back(Outcome::TooCommon),
        Err(ResetError::Policy(PolicyError::TooLong)) => back(Outcome::TooLong),
        Err(ResetError::Expired) => back(Outcome::Expired),
        Err(ResetError::Used) => back(Outcome::Used),
        Err(ResetError::Invalid | ResetError::UnknownUser | ResetError::Forbidden) => {
            back(Outcome::Invalid)
        }
        Err(ResetError::Db(e)) => {
            HttpError::Unavailable(e.to_string()).respond(request_locale(&headers))
        }
    }
}
