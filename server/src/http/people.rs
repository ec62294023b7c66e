//! Form posts of the people screens (`/admin/users…`). Each is a thin
//! adapter over `app::ssr::people::admin`, which checks who may do what; the
//! browser is sent back to the page with the form's outcome
//! (`app::forms::person`).

use super::auth::see_other;
use app::forms::person::{field, AccountForm, ConfirmForm, Outcome};
use app::forms::Outcome as _;
use app::i18n::Locale;
use app::paths;
use app::ssr::auth::CurrentUser;
use app::ssr::people::admin::{self, AccountFields, AdminError};
use app::ssr::request::ClientIp;
use app::ssr::state::AppState;
use app::ssr::users::UserError;
use axum::{
    extract::{Path, State},
    response::Response,
    Extension, Form,
};

/// The domain's account fields from the posted form.
fn fields(form: &AccountForm) -> AccountFields {
    AccountFields {
        email: form.email.clone(),
        username: form.username.clone(),
        name: form.name.clone(),
        name_latin: form.name_latin.clone(),
        position: form.position.clone(),
        province: form.province.clone(),
        language: Locale::from_code(&form.language).unwrap_or_default(),
        organisation: form.organisation.clone(),
        roles: form.roles(),
    }
}

/// The outcome a refused change is shown as.
fn outcome(e: &AdminError) -> Outcome {
    match e {
        AdminError::Forbidden => Outcome::Forbidden,
        AdminError::NotFound => Outcome::NotFound,
        AdminError::OwnAccount => Outcome::OwnAccount,
        AdminError::LastAdmin => Outcome::LastAdmin,
        AdminError::User(UserError::InvalidEmail(_)) => Outcome::InvalidEmail,
        AdminError::User(UserError::EmptyName) => Outcome::EmptyName,
        AdminError::User(UserError::NoRole) => Outcome::NoRole,
        AdminError::User(UserError::DuplicateEmail(_)) => Outcome::DuplicateEmail,
        AdminError::User(UserError::InvalidUsername(_)) => Outcome::InvalidUsername,
        AdminError::User(UserError::DuplicateUsername(_)) => Outcome::DuplicateUsername,
        AdminError::User(UserError::NoLogin) => Outcome::NoLogin,
        AdminError::User(UserError::UnknownOrganisation(_)) => Outcome::UnknownOrganisation,
        AdminError::User(UserError::TooLong(_)) => Outcome::TooLong,
        AdminError::User(UserError::HiddenCharacters(_)) => Outcome::HiddenCharacters,
        AdminError::User(_) | AdminError::Reset(_) | AdminError::Db(_) => Outcome::Unavailable,
    }
}

/// Back to `page` with the refusal, and the typed values (`echo`) so
/// nothing is lost.
fn failed(page: &str, e: &AdminError, echo: &[(String, String)]) -> Response {
    if matches!(e, AdminError::Db(_) | AdminError::Reset(_)) {
        tracing::warn!(error = %e, "an account change failed");
    }
    // What was typed comes back — within the limits, so a refused
    // megabyte never becomes a redirect address.
    let echo: Vec<(&str, &str)> = echo
        .iter()
        .filter(|(_, v)| v.chars().count() <= app::ssr::limits::NAME.max(app::ssr::limits::EMAIL))
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    see_other(&outcome(e).location_with(page, &echo))
}

/// `POST /admin/users`: a new account and its set-up link.
pub async fn create(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Form(form): Form<AccountForm>,
) -> Response {
    match admin::create_account(&state.db, &user, fields(&form)).await {
        Ok((id, key)) => {
            see_other(&Outcome::Created.location_with(&paths::person(id), &[(field::REVEAL, &key)]))
        }
        Err(e) => failed(paths::NEW_PERSON, &e, &form.echo()),
    }
}

/// `POST /admin/users/{id}`: saves profile, organisation and roles.
pub async fn update(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Extension(ClientIp(ip)): Extension<ClientIp>,
    Path(id): Path<i64>,
    Form(form): Form<AccountForm>,
) -> Response {
    let page = paths::person(id);
    match admin::update_account(&state.db, &user, id, fields(&form), Some(&ip)).await {
        Ok(()) => see_other(&Outcome::Saved.location(&page)),
        Err(e) => failed(&page, &e, &form.echo()),
    }
}

/// `POST /admin/users/{id}/disable`.
pub async fn disable(
    state: State<AppState>,
    user: Extension<CurrentUser>,
    ip: Extension<ClientIp>,
    id: Path<i64>,
) -> Response {
    set_access(state, user, ip, id, true).await
}

/// `POST /admin/users/{id}/enable`.
pub async fn enable(
    state: State<AppState>,
    user: Extension<CurrentUser>,
    ip: Extension<ClientIp>,
    id: Path<i64>,
) -> Response {
    set_access(state, user, ip, id, false).await
}

async fn set_access(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Extension(ClientIp(ip)): Extension<ClientIp>,
    Path(id): Path<i64>,
    disabled: bool,
) -> Response {
    let page = paths::person(id);
    match admin::set_disabled(&state.db, &user, id, disabled, Some(&ip)).await {
        Ok(()) => see_other(
            &if disabled {
                Outcome::Disabled
            } else {
                Outcome::Enabled
            }
            .location(&page),
        ),
        Err(e) => failed(&page, &e, &[]),
    }
}

/// `POST /admin/users/{id}/anonymise`, with the confirmation box ticked.
pub async fn anonymise(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Extension(ClientIp(ip)): Extension<ClientIp>,
    Path(id): Path<i64>,
    Form(form): Form<ConfirmForm>,
) -> Response {
    let page = paths::person(id);
    if form.confirm.is_none() {
        return see_other(&Outcome::Confirm.location(&page));
    }
    match admin::anonymise(&state.db, &user, id, Some(&ip)).await {
        Ok(()) => see_other(&Outcome::Anonymised.location(&page)),
        Err(e) => failed(&page, &e, &[]),
    }
}

/// `POST /admin/users/{id}/reset-link`: a new one-time link, shown once.
pub async fn reset_link(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i64>,
) -> Response {
    let page = paths::person(id);
    match admin::issue_link(&state.db, &user, id).await {
        Ok(key) => see_other(&Outcome::Link.location_with(&page, &[(field::REVEAL, &key)])),
        Err(e) => failed(&page, &e, &[]),
    }
}
