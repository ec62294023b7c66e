//! The account forms under `/admin/users`: create (`POST /admin/users`),
//! save (`POST /admin/users/{id}`), disable, enable, anonymise and issue a
//! set-up link. They share one set of outcomes, shown on the person page
//! (or the new-person page).

use super::outcomes;
use crate::model::roles::Role;
use serde::Deserialize;

/// Field names.
pub mod field {
    pub const EMAIL: &str = "email";
    /// For officials without an e-mail address.
    pub const USERNAME: &str = "username";
    pub const NAME: &str = "name";
    pub const NAME_LATIN: &str = "name_latin";
    pub const POSITION: &str = "position";
    pub const PROVINCE: &str = "province";
    pub const LANGUAGE: &str = "language";
    /// An organisation's slug, or empty for none.
    pub const ORGANISATION: &str = "organisation";
    /// The anonymise form's confirmation box.
    pub const CONFIRM: &str = "confirm";
    /// With `Outcome::Created`: the key of the show-once set-up link.
    pub const REVEAL: &str = "reveal";
}

/// The checkbox of a role: `role_trainee`, `role_admin`…
pub fn role_field(role: Role) -> String {
    format!("role_{}", role.as_str())
}

/// The fields every account form posts, as they arrive.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct AccountForm {
    pub email: String,
    pub username: String,
    pub name: String,
    pub name_latin: String,
    pub position: String,
    pub province: String,
    pub language: String,
    pub organisation: String,
    pub role_trainee: Option<String>,
    pub role_trainer: Option<String>,
    pub role_ministry: Option<String>,
    pub role_admin: Option<String>,
}

impl AccountForm {
    /// The roles whose boxes were ticked.
    pub fn roles(&self) -> Vec<Role> {
        [
            (&self.role_trainee, Role::Trainee),
            (&self.role_trainer, Role::Trainer),
            (&self.role_ministry, Role::Ministry),
            (&self.role_admin, Role::Admin),
        ]
        .into_iter()
        .filter(|(checked, _)| checked.is_some())
        .map(|(_, role)| role)
        .collect()
    }

    /// The typed values as address pairs, sent back with an error so the
    /// form shows them again and nothing typed is lost (no JavaScript
    /// needed). Empty values are left out.
    pub fn echo(&self) -> Vec<(String, String)> {
        let mut pairs: Vec<(String, String)> = [
            (field::EMAIL, &self.email),
            (field::USERNAME, &self.username),
            (field::NAME, &self.name),
            (field::NAME_LATIN, &self.name_latin),
            (field::POSITION, &self.position),
            (field::PROVINCE, &self.province),
            (field::LANGUAGE, &self.language),
            (field::ORGANISATION, &self.organisation),
        ]
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect();
        for role in self.roles() {
            pairs.push((role_field(role), "on".into()));
        }
        pairs
    }
}

/// Confirmation of the anonymise form.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct ConfirmForm {
    pub confirm: Option<String>,
}

outcomes! {
    pub enum Outcome {
        Created = (done, "created", "person-done-created"),
        Saved = (done, "saved", "person-done-saved"),
        Disabled = (done, "disabled", "person-done-disabled"),
        Enabled = (done, "enabled", "person-done-enabled"),
        Anonymised = (done, "anonymised", "person-done-anonymised"),
        Link = (done, "link", "person-done-link"),
        FactorReset = (done, "second-factor-reset", "person-done-factor-reset"),
        Forbidden = (error, "forbidden", "person-error-forbidden"),
        NotFound = (error, "not-found", "person-error-not-found"),
        OwnAccount = (error, "own-account", "person-error-own-account"),
        LastAdmin = (error, "last-admin", "person-error-last-admin"),
        InvalidEmail = (error, "invalid-email", "person-error-invalid-email"),
        EmptyName = (error, "empty-name", "person-error-empty-name"),
        NoRole = (error, "no-role", "person-error-no-role"),
        DuplicateEmail = (error, "duplicate-email", "person-error-duplicate-email"),
        InvalidUsername = (error, "invalid-username", "person-error-invalid-username"),
        DuplicateUsername = (error, "duplicate-username", "person-error-duplicate-username"),
        NoLogin = (error, "no-login", "person-error-no-login"),
        UnknownOrganisation = (error, "unknown-organisation", "person-error-unknown-organisation"),
        Confirm = (error, "confirm", "person-error-confirm"),
        TooLong = (error, "too-long", "person-error-too-long"),
        HiddenCharacters = (error, "hidden-characters", "person-error-hidden"),
        Unavailable = (error, "unavailable", "form-error"),
    }
    unknown = ("form-done", "form-error");
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    /// The names the page writes are the names the handler reads.
    #[test]
    fn the_field_names_are_the_forms_names() {
        let mut body = serde_json::Map::new();
        for name in [
            field::EMAIL,
            field::USERNAME,
            field::NAME,
            field::NAME_LATIN,
            field::POSITION,
            field::PROVINCE,
            field::LANGUAGE,
            field::ORGANISATION,
        ] {
            body.insert(name.into(), serde_json::Value::String(format!("v-{name}")));
        }
        for role in Role::ALL {
            body.insert(role_field(role), "on".into());
        }
        let form: AccountForm =
            serde_json::from_value(serde_json::Value::Object(body)).expect("decodes");
        assert_eq!(form.email, "v-email");
        assert_eq!(form.name_latin, "v-name_latin");
        assert_eq!(form.organisation, "v-organisation");
        assert_eq!(form.roles(), Role::ALL.to_vec());
        let echoed: Vec<String> = form.echo().into_iter().map(|(k, _)| k).collect();
        assert!(echoed.contains(&"role_admin".to_string()), "{echoed:?}");
    }
}
