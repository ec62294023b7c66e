//! `POST /language`: remembers the chosen interface language in a cookie
//! and sends the visitor back where they were. A plain form post, so it
//! works without JavaScript.

use super::error::HttpError;
use app::i18n::Locale;
use app::ssr::request::{local_return_path, request_locale, LANGUAGE_COOKIE};
use app::ssr::state::AppState;
use axum::{
    extract::State,
    response::{IntoResponse, Response},
    Form,
};
use http::{header, HeaderMap, StatusCode};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct LanguageForm {
    lang: String,
    return_to: Option<String>,
}

pub async fn set_language(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<LanguageForm>,
) -> Response {
    let Some(locale) = Locale::from_code(&form.lang) else {
        return HttpError::BadRequest("error-unknown-language").respond(request_locale(&headers));
    };
    let secure = if state.config.secure_cookies() {
        "; Secure"
    } else {
        ""
    };
    let cookie = format!(
        "{LANGUAGE_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly{secure}",
        locale.code()
    );
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
