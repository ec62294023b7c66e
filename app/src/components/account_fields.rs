//! The fields of an account, shared by the "new account" and "edit account"
//! forms. The names match the server's `AccountForm`.

use crate::components::org_select::OrganisationOptions;
use crate::components::role_names::role_key;
use crate::i18n::{use_i18n, Locale};
use crate::model::organisations::OrgNode;
use crate::model::roles::Role;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// What the fields start with.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AccountValues {
    pub email: String,
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
            if q.get("error").is_none() {
                return;
            }
            for (field, value) in [
                ("email", &mut self.email),
                ("name", &mut self.name),
                ("name_latin", &mut self.name_latin),
                ("position", &mut self.position),
                ("province", &mut self.province),
                ("language", &mut self.language),
                ("organisation", &mut self.organisation),
            ] {
                *value = q.get(field).unwrap_or_default();
            }
            self.roles = Role::ALL
                .into_iter()
                .filter(|r| q.get(&format!("role_{}", r.as_str())).is_some())
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
        <label for="name">{i18n.t("person-name")}</label>
        <input id="name" name="name" required value=values.name aria-describedby="name-hint"/>
        <p id="name-hint" class="hint">{i18n.t("person-name-hint")}</p>
        <label for="name_latin">{i18n.t("person-name-latin")}</label>
        <input id="name_latin" name="name_latin" value=values.name_latin lang="en"/>
        <label for="email">{i18n.t("person-email")}</label>
        <input id="email" name="email" type="email" required value=values.email autocomplete="off"/>
        <label for="position">{i18n.t("person-position")}</label>
        <input id="position" name="position" value=values.position/>
        <label for="province">{i18n.t("person-province")}</label>
        <input id="province" name="province" value=values.province/>
        <label for="organisation">{i18n.t("people-organisation")}</label>
        <select id="organisation" name="organisation">
            <option value="">{i18n.t("person-no-organisation")}</option>
            <OrganisationOptions orgs=orgs selected=values.organisation/>
        </select>
        <label for="language">{i18n.t("person-language")}</label>
        <select id="language" name="language">
            {Locale::ALL.iter().map(|l| {
                let selected = l.code() == language;
                view! { <option value=l.code() selected=selected lang=l.code()>{l.native_name()}</option> }
            }).collect_view()}
        </select>
        <fieldset>
            <legend>{i18n.t("person-roles")}</legend>
            {grantable.into_iter().map(|role| {
                let id = format!("role_{}", role.as_str());
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
