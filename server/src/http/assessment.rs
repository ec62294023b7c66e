//! The assessment's form posts: start an attempt, save its answers
//! (autosave, from the page's script), submit it. Thin adapters over
//! `app::ssr::quiz::attempt`, which decides everything.

use super::auth::see_other;
use super::error::HttpError;
use app::forms::assessment_start::Outcome as StartOutcome;
use app::forms::Outcome as _;
use app::i18n::Locale;
use app::model::assessment::Purpose;
use app::paths;
use app::ssr::auth::CurrentUser;
use app::ssr::quiz::attempt::{self, Saved};
use app::ssr::state::AppState;
use axum::{
    extract::{Path, State},
    response::{IntoResponse, Response},
    Extension, Form,
};
use http::StatusCode;
use serde::Deserialize;

#[derive(Deserialize)]
pub struct StartForm {
    purpose: String,
}

/// How a refusal to start is shown on the overview.
fn refused(refusal: attempt::Refusal) -> StartOutcome {
    use attempt::Refusal;
    match refusal {
        Refusal::NoAssessment => StartOutcome::NoAssessment,
        Refusal::NoPretest => StartOutcome::NoPretest,
        Refusal::PretestDue => StartOutcome::PretestDue,
        Refusal::AlreadyPassed => StartOutcome::AlreadyPassed,
        Refusal::NoAttemptsLeft => StartOutcome::NoAttemptsLeft,
        Refusal::NoRenewalDue => StartOutcome::NoRenewalDue,
    }
}

/// `POST /courses/{slug}/assessment/start`: opens an attempt (or the one
/// already open) and shows it; a refusal goes back to the overview with
/// its reason.
pub async fn start(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(slug): Path<String>,
    locale: Locale,
    Form(form): Form<StartForm>,
) -> Response {
    let Some(purpose) = Purpose::parse(&form.purpose) else {
        return HttpError::BadRequest("error-request").respond(locale);
    };
    match attempt::start(&state.db, user.id, &slug, purpose, locale).await {
        Ok(Ok(id)) => see_other(&paths::attempt(&slug, id)),
        Ok(Err(attempt::Refusal::NoAssessment)) => HttpError::NotFound.respond(locale),
        Ok(Err(refusal)) => see_other(&refused(refusal).location(&paths::assessment(&slug))),
        Err(e) => HttpError::Unavailable(e.to_string()).respond(locale),
    }
}

/// `POST /courses/{slug}/assessment/{attempt}`: grades the attempt and
/// shows its result. Sending it again shows the same result.
pub async fn submit(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path((slug, id)): Path<(String, i64)>,
    locale: Locale,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    match attempt::submit(&state.db, user.id, id, &form).await {
        Ok(true) => see_other(&paths::with_fragment(&paths::attempt(&slug, id), "result")),
        Ok(false) => HttpError::NotFound.respond(locale),
        Err(e) => HttpError::Unavailable(e.to_string()).respond(locale),
    }
}

/// `POST /courses/{slug}/assessment/{attempt}/save`: autosave. 204 when
/// kept, 409 when the attempt no longer takes answers (submitted, or its
/// time is up).
pub async fn save(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path((_slug, id)): Path<(String, i64)>,
    locale: Locale,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    match attempt::save(&state.db, user.id, id, &form).await {
        Ok(Saved::Saved) => StatusCode::NO_CONTENT.into_response(),
        Ok(Saved::Closed) => StatusCode::CONFLICT.into_response(),
        Ok(Saved::NotFound) => HttpError::NotFound.respond(locale),
        Err(e) => HttpError::Unavailable(e.to_string()).respond(locale),
    }
}
