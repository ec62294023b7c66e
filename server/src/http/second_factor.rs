//! The second factor over HTTP: the code at sign-in, confirming an
//! enrolment, an administrator's reset and the staff setting. The rules are
//! in `app::ssr::auth::second_factor`.

use super::auth::{begin_session, clear_challenge, see_other};
use super::error::HttpError;
use app::forms::person::Outcome as PersonOutcome;
use app::forms::second_factor::{field, Outcome};
use app::forms::Outcome as _;
use app::paths;
use app::ssr::auth::second_factor::{self as factor, FactorError, CHALLENGE_COOKIE};
use app::ssr::auth::CurrentUser;
use app::ssr::people::reveal;
use app::ssr::request::{cookie, request_locale, ClientIp};
use app::ssr::state::AppState;
use axum::{
    extract::{Path, State},
    response::Response,
    Extension, Form,
};
use http::{header, HeaderMap};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
}

/// `POST /login/code`: finishes a sign-in with a code.
pub async fn login_code(
    State(state): State<AppState>,
    Extension(ClientIp(ip)): Extension<ClientIp>,
    headers: HeaderMap,
    Form(form): Form<CodeForm>,
) -> Response {
    let Some(token) = cookie(&headers, CHALLENGE_COOKIE) else {
        return see_other(&Outcome::Expired.location(paths::LOGIN));
    };
    match factor::answer(&state.db, &token, &form.code, Some(&ip)).await {
        Ok(passed) => {
            let mut res = begin_session(&state, passed.user_id, &ip, &headers, &passed.next).await;
            res.headers_mut()
                .append(header::SET_COOKIE, clear_challenge(&state));
            res
        }
        Err(FactorError::WrongCode) => see_other(&Outcome::Wrong.location(paths::LOGIN_CODE)),
        Err(FactorError::Db(e)) => {
            HttpError::Unavailable(e.to_string()).respond(request_locale(&headers))
        }
        Err(_) => {
            let mut res = see_other(&Outcome::Expired.location(paths::LOGIN));
            res.headers_mut()
                .append(header::SET_COOKIE, clear_challenge(&state));
            res
        }
    }
}

/// `POST /account/second-factor`: confirms an enrolment with a code; the
/// recovery codes wait to be shown once.
pub async fn enrol(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Extension(ClientIp(ip)): Extension<ClientIp>,
    headers: HeaderMap,
    Form(form): Form<CodeForm>,
) -> Response {
    let page = paths::ACCOUNT_SECOND_FACTOR;
    match factor::confirm(&state.db, user.id, &form.code, Some(&ip)).await {
        Ok(codes) => match reveal::put(&state.db, &user.session, user.id, &codes.join(" ")).await {
            Ok(key) => see_other(&Outcome::Enrolled.location_with(page, &[(field::REVEAL, &key)])),
            Err(e) => HttpError::Unavailable(e.to_string()).respond(request_locale(&headers)),
        },
        Err(FactorError::Db(e)) => {
            HttpError::Unavailable(e.to_string()).respond(request_locale(&headers))
        }
        Err(_) => see_other(&Outcome::Wrong.location(page)),
    }
}

/// `POST /admin/users/{id}/second-factor/reset`.
pub async fn reset(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Extension(ClientIp(ip)): Extension<ClientIp>,
    Path(id): Path<i64>,
    headers: HeaderMap,
) -> Response {
    let page = paths::person(id);
    match factor::reset(&state.db, &user, id, Some(&ip)).await {
        Ok(()) => see_other(&PersonOutcome::FactorReset.location(&page)),
        Err(FactorError::Db(e)) => {
            HttpError::Unavailable(e.to_string()).respond(request_locale(&headers))
        }
        Err(_) => see_other(&PersonOutcome::Forbidden.location(&page)),
    }
}

#[derive(Deserialize)]
pub struct SecurityForm {
    staff: Option<String>,
}

/// `POST /admin/security`.
pub async fn security(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Extension(ClientIp(ip)): Extension<ClientIp>,
    headers: HeaderMap,
    Form(form): Form<SecurityForm>,
) -> Response {
    match factor::set_staff_required(&state.db, &user, form.staff.is_some(), Some(&ip)).await {
        Ok(()) => see_other(&Outcome::Saved.location(paths::ADMIN_SECURITY)),
        Err(FactorError::Db(e)) => {
            HttpError::Unavailable(e.to_string()).respond(request_locale(&headers))
        }
        Err(_) => HttpError::Forbidden("error-forbidden").respond(request_locale(&headers)),
    }
}
