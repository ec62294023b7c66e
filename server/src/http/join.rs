//! `POST /join`: a trainee registers into a cohort with its join code and
//! is signed in; a signed-in user joins the cohort. Problems go back to
//! `/join` with what was typed (never the password).

use super::auth::{begin_session, see_other};
use app::forms::join::{field, Outcome};
use app::forms::person::field as person;
use app::forms::Outcome as _;
use app::i18n::Locale;
use app::paths;
use app::ssr::auth::CurrentUser;
use app::ssr::cohorts::join::{self, JoinError, Registration};
use app::ssr::passwords::PolicyError;
use app::ssr::request::ClientIp;
use app::ssr::state::AppState;
use app::ssr::users::UserError;
use axum::{extract::State, response::Response, Extension, Form};
use http::HeaderMap;

type Pairs = Vec<(String, String)>;

fn value(form: &Pairs, key: &str) -> String {
    form.iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.clone())
        .unwrap_or_default()
}

fn outcome(e: &JoinError) -> Outcome {
    match e {
        JoinError::InvalidCode => Outcome::InvalidCode,
        JoinError::Throttled => Outcome::Throttled,
        JoinError::User(u) => match u {
            UserError::EmptyName => Outcome::EmptyName,
            UserError::InvalidEmail(_) => Outcome::InvalidEmail,
            UserError::InvalidUsername(_) => Outcome::InvalidUsername,
            UserError::DuplicateEmail(_) => Outcome::DuplicateEmail,
            UserError::DuplicateUsername(_) => Outcome::DuplicateUsername,
            UserError::NoLogin => Outcome::NoLogin,
            UserError::TooLong(_) => Outcome::TooLong,
            UserError::HiddenCharacters(_) => Outcome::HiddenCharacters,
            UserError::Password(PolicyError::TooShort) => Outcome::TooShort,
            UserError::Password(PolicyError::TooCommon) => Outcome::TooCommon,
            UserError::Password(PolicyError::TooLong) => Outcome::PasswordTooLong,
            _ => Outcome::Unavailable,
        },
        JoinError::Db(e) => {
            tracing::warn!(error = %e, "joining a cohort failed");
            Outcome::Unavailable
        }
    }
}

pub async fn join(
    State(state): State<AppState>,
    user: Option<Extension<CurrentUser>>,
    Extension(ClientIp(ip)): Extension<ClientIp>,
    locale: Locale,
    headers: HeaderMap,
    Form(form): Form<Pairs>,
) -> Response {
    let code = value(&form, field::CODE);
    if let Some(Extension(user)) = user {
        return match join::join(&state.db, &ip, &user, &code).await {
            Ok(_) => see_other(&Outcome::Joined.location(paths::COURSES)),
            Err(e) => see_other(&outcome(&e).location_with(paths::JOIN, &[(field::CODE, &code)])),
        };
    }
    let r = Registration {
        name: value(&form, person::NAME),
        name_latin: value(&form, person::NAME_LATIN),
        email: value(&form, person::EMAIL),
        username: value(&form, person::USERNAME),
        language: Locale::from_code(&value(&form, person::LANGUAGE)).unwrap_or(locale),
        password: value(&form, app::forms::account_password::field::NEW),
    };
    let echo = |o: Outcome| {
        let typed: Vec<(&str, &str)> = [
            (field::CODE, code.as_str()),
            (person::NAME, r.name.as_str()),
            (person::NAME_LATIN, r.name_latin.as_str()),
            (person::EMAIL, r.email.as_str()),
            (person::USERNAME, r.username.as_str()),
        ]
        .into_iter()
        .filter(|(_, v)| !v.is_empty() && v.chars().count() <= 254)
        .collect();
        see_other(&o.location_with(paths::JOIN, &typed))
    };
    if r.password != value(&form, app::forms::account_password::field::CONFIRM) {
        return echo(Outcome::Mismatch);
    }
    match join::register(&state.db, &ip, &code, &r).await {
        Ok(id) => begin_session(&state, id, &ip, &headers, paths::COURSES).await,
        Err(e) => echo(outcome(&e)),
    }
}
