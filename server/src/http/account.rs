//! The signed-in user's own account.

use super::auth::see_other;
use super::error::HttpError;
use app::forms::account_password::Outcome;
use app::forms::Outcome as _;
use app::paths;
use app::ssr::auth::CurrentUser;
use app::ssr::passwords::PolicyError;
use app::ssr::request::{request_locale, ClientIp};
use app::ssr::state::AppState;
use app::ssr::users::{change_password as change, PasswordChangeError};
use axum::{
    extract::State,
    response::{IntoResponse, Response},
    Extension, Form,
};
use http::{header, HeaderMap};
use serde::Deserialize;

/// The form's page, where every outcome is shown.
const PAGE: &str = paths::ACCOUNT_PASSWORD;

/// Fields named in `app::forms::account_password::field`.
#[derive(Deserialize)]
pub struct PasswordForm {
    current: String,
    new: String,
    confirm: String,
}

/// `POST /account/password` (signed in: enforced by the route table).
pub async fn change_password(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Extension(ClientIp(ip)): Extension<ClientIp>,
    headers: HeaderMap,
    Form(form): Form<PasswordForm>,
) -> Response {
    let back = |outcome: Outcome| see_other(&outcome.location(PAGE));
    if form.new != form.confirm {
        return back(Outcome::Mismatch);
    }
    match change(
        &state.db,
        user.id,
        &form.current,
        &form.new,
        &user.session,
        Some(&ip),
    )
    .await
    {
        Ok(()) => back(Outcome::Changed),
        Err(PasswordChangeError::WrongCurrent) => back(Outcome::WrongCurrent),
        Err(PasswordChangeError::Policy(PolicyError::TooShort)) => back(Outcome::TooShort),
        Err(PasswordChangeError::Policy(PolicyError::TooCommon)) => back(Outcome::TooCommon),
        Err(PasswordChangeError::Policy(PolicyError::TooLong)) => back(Outcome::TooLong),
        Err(PasswordChangeError::Db(e)) => {
            HttpError::Unavailable(e.to_string()).respond(request_locale(&headers))
        }
    }
}

/// `GET /account/data.json`: everything Lantern holds about the signed-in
/// user, as a download. There is no id in the URL: it is always your own.
pub async fn export_data(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Extension(ClientIp(ip)): Extension<ClientIp>,
    headers: HeaderMap,
) -> Response {
    match app::ssr::people::export::export(&state.db, user.id, Some(&ip)).await {
        Ok(data) => (
            [
                (header::CONTENT_TYPE, "application/json; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"lantern-my-data.json\"",
                ),
                (header::CACHE_CONTROL, "no-store"),
            ],
            serde_json::to_string_pretty(&data).unwrap_or_default(),
        )
            .into_response(),
        Err(e) => HttpError::Unavailable(e.to_string()).respond(request_locale(&headers)),
    }
}
