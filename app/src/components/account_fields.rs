//! The fields of an account, shared by the "new account" and "edit account"
//! forms. Their names are `forms::person::field` (what the server's
//! handler reads).

use crate::components::org_select::OrganisationOptions;
use crate::components::role_names::role_key;
use crate::forms::person::{field, role_field};
use crate::i18n::{use_i18n, Locale};
use crate::model::organisations::OrgNode;
use crate::model::roles::Role;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// What the fields start with.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AccountValues {
    pub email: String,
    pub username: String,
    pub name: String,
    pub name_latin: String,
    pub position: String,
    pub province: String,
    pub language: String,
    pub organisation: String,
    pub roles: Vec<Role>,
}

impl AccountValues {
    /// After a refused post the server sends the typed values back in the
    /// address (`?error=…&name=…`); they win over the stored ones, so
    /// nothing typed is lost.
    pub fn with_echo(mut self) -> AccountValues {
        let query = use_query_map();
        query.with_untracked(|q| {
            if q.get(crate::forms::ERROR).is_none() {
                return;
            }
            for (name, value) in [
                (field::EMAIL, &mut self.email),
                (field::USERNAME, &mut self.username),
                (field::NAME, &mut self.name),
                (field::NAME_LATIN, &mut self.name_latin),
                (field::POSITION, &mut self.position),
                (field::PROVINCE, &mut self.province),
                (field::LANGUAGE, &mut self.language),
                (field::ORGANISATION, &mut self.organisation),
            ] {
                *value = q.get(name).unwrap_or_default();
            }
            self.roles = Role::ALL
                .into_iter()
                .filter(|r| q.get(&role_field(*r)).is_some())
                .collect();
        });
        self
    }
}

#[component]
pub fn AccountFields(
    values: AccountValues,
    orgs: Vec<OrgNode>,
    /// The roles the signed-in user may grant.
    grantable: Vec<Role>,
) -> impl IntoView {
    let i18n = use_i18n();
    let language = if values.language.is_empty() {
        Locale::default().code().to_string()
    } else {
        values.language.clone()
    };
    view! {
        <label for=field::NAME>{i18n.t("person-name")}</label>
        <input id=field::NAME name=field::NAME required value=values.name aria-describedby="name-hint"/>
        <p id="name-hint" class="hint">{i18n.t("person-name-hint")}</p>
        <label for=field::NAME_LATIN>{i18n.t("person-name-latin")}</label>
        <input id=field::NAME_LATIN name=field::NAME_LATIN value=values.name_latin lang="en"/>
        <label for=field::EMAIL>{i18n.t("person-email")}</label>
        <input id=field::EMAIL name=field::EMAIL type="email" value=values.email autocomplete="off" aria-describedby="email-hint"/>
        <label for=field::USERNAME>{i18n.t("person-username")}</label>
        <input id=field::USERNAME name=field::USERNAME value=values.username autocomplete="off"
            autocapitalize="none" spellcheck="false" pattern="[A-Za-z0-9._\\-]{3,64}" aria-describedby="email-hint"/>
        <p id="email-hint" class="hint">{i18n.t("person-login-hint")}</p>
        <label for=field::POSITION>{i18n.t("person-position")}</label>
        <input id=field::POSITION name=field::POSITION value=values.position/>
        <label for=field::PROVINCE>{i18n.t("person-province")}</label>
        <input id=field::PROVINCE name=field::PROVINCE value=values.province/>
        <label for=field::ORGANISATION>{i18n.t("people-organisation")}</label>
        <select id=field::ORGANISATION name=field::ORGANISATION>
            <option value="">{i18n.t("person-no-organisation")}</option>
            <OrganisationOptions orgs=orgs selected=values.organisation/>
        </select>
        <label for=field::LANGUAGE>{i18n.t("person-language")}</label>
        <select id=field::LANGUAGE name=field::LANGUAGE>
            {Locale::ALL.iter().map(|l| {
                let selected = l.code() == language;
                view! { <option value=l.code() selected=selected lang=l.code()>{l.native_name()}</option> }
            }).collect_view()}
        </select>
        <fieldset>
            <legend>{i18n.t("person-roles")}</legend>
            {grantable.into_iter().map(|role| {
                let id = role_field(role);
                let (label_for, name) = (id.clone(), id.clone());
                let checked = values.roles.contains(&role);
                view! {
                    <label class="check" for=label_for>
                        <input type="checkbox" id=id name=name checked=checked/>
                        {i18n.t(role_key(role))}
                    </label>
                }
            }).collect_view()}
        </fieldset>
    }
}
