//! `POST /language`: remembers the chosen interface language in a cookie
//! and sends the visitor back where they were. A plain form post, so it
//! works without JavaScript.

use super::error::HttpError;
use app::i18n::Locale;
use app::ssr::auth::CurrentUser;
use app::ssr::request::{local_return_path, request_locale, LANGUAGE_COOKIE};
use app::ssr::state::AppState;
use app::ssr::users;
use axum::{
    extract::State,
    response::{IntoResponse, Response},
    Extension, Form,
};
use http::{header, HeaderMap, StatusCode};
use serde::Deserialize;

/// Fields named in `app::forms::language::field`.
#[derive(Deserialize)]
pub struct LanguageForm {
    lang: String,
    return_to: Option<String>,
}

/// The cookie that carries the interface language.
pub fn language_cookie(state: &AppState, locale: Locale) -> String {
    let secure = if state.config.secure_cookies() {
        "; Secure"
    } else {
        ""
    };
    format!(
        "{LANGUAGE_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly{secure}",
        locale.code()
    )
}

/// A signed-in user's choice is also saved to their account, so it follows
/// them to the next device they sign in on.
pub async fn set_language(
    State(state): State<AppState>,
    user: Option<Extension<CurrentUser>>,
    headers: HeaderMap,
    Form(form): Form<LanguageForm>,
) -> Response {
    let Some(locale) = Locale::from_code(&form.lang) else {
        return HttpError::BadRequest("error-unknown-language").respond(request_locale(&headers));
    };
    if let Some(Extension(user)) = user {
        if let Err(e) = users::set_preferred_language(&state.db, user.id, locale).await {
            tracing::warn!(error = %e, "could not save the preferred language");
        }
    }
    let cookie = language_cookie(&state, locale);
    (
        StatusCode::SEE_OTHER,
        [
            (
                header::LOCATION,
                local_return_path(form.return_to.as_deref()),
            ),
            (header::SET_COOKIE, cookie),
        ],
    )
        .into_response()
}
