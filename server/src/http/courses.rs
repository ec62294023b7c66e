//! The plain routes of the reader: "mark as done" (a form post, so it works
//! without JavaScript) and course pictures.

use super::auth::see_other;
use super::error::HttpError;
use app::forms::module as module_form;
use app::i18n::Locale;
use app::paths;
use app::ssr::auth::CurrentUser;
use app::ssr::courses::{
    self,
    progress::{self, DoneError},
};
use app::ssr::quiz::check as knowledge_check;
use app::ssr::state::AppState;
use axum::{
    extract::{Path, State},
    response::{IntoResponse, Response},
    Extension, Form,
};
use http::header;
use serde::Deserialize;

/// Fields named in `app::forms::module::field`.
#[derive(Deserialize)]
pub struct DoneForm {
    version: i64,
}

/// `POST /courses/{course}/{module}/done`: idempotent; goes on to the next
/// module, or back to the course after the last.
pub async fn mark_done(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path((course, module)): Path<(String, String)>,
    locale: Locale,
    Form(form): Form<DoneForm>,
) -> Response {
    match progress::mark_done(&state.db, user.id, &course, &module, form.version).await {
        Ok(Ok(Some(next))) => see_other(&paths::module(&course, &next)),
        Ok(Ok(None)) => see_other(&paths::with_query(
            &paths::course(&course),
            &[(module_form::DONE, &module)],
        )),
        Ok(Err(DoneError::NotFound)) => HttpError::NotFound.respond(locale),
        Err(e) => HttpError::Unavailable(e.to_string()).respond(locale),
    }
}

/// `GET /media/{hash}.{ext}`: a picture imported with a course. Named by
/// its content hash, so it can be cached for good (privately: courses are
/// for signed-in users).
pub async fn media(
    State(state): State<AppState>,
    Path(name): Path<String>,
    locale: Locale,
) -> Response {
    let hash = name.split('.').next().unwrap_or("");
    if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
        return HttpError::NotFound.respond(locale);
    }
    match courses::store::media(&state.db, hash).await {
        Ok(Some(media)) => {
            let bytes = media.bytes;
            (
                [
                    (header::CONTENT_TYPE, media.content_type),
                    (
                        header::CACHE_CONTROL,
                        "private, max-age=31536000, immutable".to_string(),
                    ),
                ],
                bytes,
            )
                .into_response()
        }
        Ok(None) => HttpError::NotFound.respond(locale),
        Err(e) => HttpError::Unavailable(e.to_string()).respond(locale),
    }
}

/// `POST /courses/{course}/{module}/check`: grades a knowledge-check try
/// and shows its result on the module page.
pub async fn check(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path((course, module)): Path<(String, String)>,
    locale: Locale,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let number = |name: &str| {
        form.iter()
            .find(|(k, _)| k == name)
            .and_then(|(_, v)| v.parse::<i64>().ok())
    };
    let (Some(version), Some(seed)) = (
        number(module_form::field::VERSION),
        number(module_form::field::SEED),
    ) else {
        return HttpError::BadRequest("error-request").respond(locale);
    };
    match knowledge_check::submit(&state.db, user.id, &course, &module, version, seed, &form).await
    {
        Ok(Some(id)) => see_other(&paths::with_fragment(
            &paths::with_query(
                &paths::module(&course, &module),
                &[(module_form::CHECK, id)],
            ),
            module_form::CHECK_RESULT,
        )),
        Ok(None) => HttpError::NotFound.respond(locale),
        Err(e) => HttpError::Unavailable(e.to_string()).respond(locale),
    }
}
