//! Form posts of the people screens (`/admin/users…`). Each is a thin
//! adapter over `app::ssr::people::admin`, which checks who may do what; the
//! browser is sent back to the page with `?done=` or `?error=`.

use super::auth::see_other;
use app::i18n::Locale;
use app::model::roles::Role;
use app::paths;
use app::paths::query_value as encode;
use app::ssr::auth::CurrentUser;
use app::ssr::people::admin::{self, AccountFields, AdminError};
use app::ssr::request::ClientIp;
use app::ssr::state::AppState;
use axum::{
    extract::{Path, State},
    response::Response,
    Extension, Form,
};
use serde::Deserialize;

/// The account form. Roles are one checkbox each, so a plain form post
/// needs no repeated keys.
#[derive(Deserialize, Default)]
pub struct AccountForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    name_latin: String,
    #[serde(default)]
    position: String,
    #[serde(default)]
    province: String,
    #[serde(default)]
    language: String,
    #[serde(default)]
    organisation: String,
    role_trainee: Option<String>,
    role_trainer: Option<String>,
    role_ministry: Option<String>,
    role_admin: Option<String>,
}

impl AccountForm {
    fn fields(&self) -> AccountFields {
        let roles = [
            (&self.role_trainee, Role::Trainee),
            (&self.role_trainer, Role::Trainer),
            (&self.role_ministry, Role::Ministry),
            (&self.role_admin, Role::Admin),
        ]
        .into_iter()
        .filter(|(checked, _)| checked.is_some())
        .map(|(_, role)| role)
        .collect();
        AccountFields {
            email: self.email.clone(),
            name: self.name.clone(),
            name_latin: self.name_latin.clone(),
            position: self.position.clone(),
            province: self.province.clone(),
            language: Locale::from_code(&self.language).unwrap_or_default(),
            organisation: self.organisation.clone(),
            roles,
        }
    }

    /// The entered values, for the form to show again after an error, so
    /// nothing typed is lost (no JavaScript needed).
    fn echo(&self) -> String {
        let mut pairs = vec![
            ("email", self.email.as_str()),
            ("name", self.name.as_str()),
            ("name_latin", self.name_latin.as_str()),
            ("position", self.position.as_str()),
            ("province", self.province.as_str()),
            ("language", self.language.as_str()),
            ("organisation", self.organisation.as_str()),
        ];
        for (checked, name) in [
            (&self.role_trainee, "role_trainee"),
            (&self.role_trainer, "role_trainer"),
            (&self.role_ministry, "role_ministry"),
            (&self.role_admin, "role_admin"),
        ] {
            if checked.is_some() {
                pairs.push((name, "on"));
            }
        }
        pairs
            .into_iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("&{k}={}", encode(v)))
            .collect()
    }
}

fn failed(page: &str, e: &AdminError, echo: &str) -> Response {
    if matches!(e, AdminError::Db(_) | AdminError::Reset(_)) {
        tracing::warn!(error = %e, "an account change failed");
    }
    see_other(&format!("{page}?error={}{echo}", e.code()))
}

/// `POST /admin/users`: a new account and its set-up link.
pub async fn create(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Form(form): Form<AccountForm>,
) -> Response {
    match admin::create_account(&state.db, &user, form.fields()).await {
        Ok((id, key)) => see_other(&paths::with_query(
            &paths::person(id),
            &[("done", "created"), ("reveal", &key)],
        )),
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
    match admin::update_account(&state.db, &user, id, form.fields(), Some(&ip)).await {
        Ok(()) => see_other(&format!("{page}?done=saved")),
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
        Ok(()) => see_other(&format!(
            "{page}?done={}",
            if disabled { "disabled" } else { "enabled" }
        )),
        Err(e) => failed(&page, &e, ""),
    }
}

#[derive(Deserialize)]
pub struct ConfirmForm {
    confirm: Option<String>,
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
        return see_other(&format!("{page}?error=confirm"));
    }
    match admin::anonymise(&state.db, &user, id, Some(&ip)).await {
        Ok(()) => see_other(&format!("{page}?done=anonymised")),
        Err(e) => failed(&page, &e, ""),
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
        Ok(key) => see_other(&format!("{page}?done=link&reveal={key}")),
        Err(e) => failed(&page, &e, ""),
    }
}
