use super::new_person::outcome_key;
use crate::api::organisations::organisation_tree;
use crate::api::people::show_person;
use crate::components::account_fields::{AccountFields, AccountValues};
use crate::components::notice::{ErrorNotice, FormOutcome};
use crate::components::role_names::RoleNames;
use crate::forms::person::field;
use crate::i18n::{use_i18n, Locale};
use crate::model::people::{Person, PersonView};
use crate::model::roles::Role;
use crate::paths;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// `/admin/users/:id`: one account — its details, and for those allowed,
/// editing, a reset link, disabling and anonymising.
#[component]
pub fn PersonPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    // Fetched once, directly (pages render on the server only): a revealed
    // link is taken out of the database by this one call.
    let id = params.with_untracked(|p| {
        p.get("id")
            .and_then(|id| id.parse::<i64>().ok())
            .unwrap_or(0)
    });
    let reveal = query.with_untracked(|q| q.get("reveal"));
    // Shared: the server may render the view below more than once, but the
    // request must call the server function exactly once.
    let person = crate::pages::page_data::once(show_person(id, reveal));
    view! {
        <section class="narrow">
            <p><a href=paths::ADMIN_USERS>{use_i18n().t("people-back")}</a></p>
            <FormOutcome keys=outcome_key/>
            <Suspense>
                {move || { let person = person.clone(); Suspend::new(async move {
                    match person.await {
                        Ok(view) => view! { <PersonDetails view=view/> }.into_any(),
                        Err(error) => view! { <ErrorNotice error=error/> }.into_any(),
                    }
                })}}
            </Suspense>
        </section>
    }
}

#[component]
fn PersonDetails(view: PersonView) -> impl IntoView {
    let i18n = use_i18n();
    let PersonView {
        person,
        revealed_link,
    } = view;
    let p = person.clone();
    let title = if p.anonymised_at.is_some() {
        i18n.t("person-anonymised")
    } else {
        p.name.clone()
    };
    let status = if p.anonymised_at.is_some() {
        i18n.t("person-anonymised")
    } else if p.disabled_at.is_some() {
        i18n.t("people-status-disabled")
    } else {
        i18n.t("people-status-active")
    };
    let language = Locale::from_code(&p.language)
        .map(|l| l.native_name().to_string())
        .unwrap_or(p.language.clone());
    let never = i18n.t("person-never");
    let active = p.anonymised_at.is_none();
    view! {
        <Title text=title.clone()/>
        <h1>{title}</h1>
        {p.name_latin.clone().map(|l| view! { <p class="latin lead">{l}</p> })}
        {revealed_link.map(|link| view! {
            <div class="reveal" role="status">
                <h2>{i18n.t("person-link-title")}</h2>
                <p>{i18n.t("person-link-body")}</p>
                <label for="link">{i18n.t("person-link-label")}</label>
                <input id="link" type="text" readonly value=link class="link-box"/>
            </div>
        })}
        <dl class="facts">
            <dt>{i18n.t("people-status")}</dt><dd>{status}</dd>
            <dt>{i18n.t("person-email")}</dt><dd>{p.email.clone()}</dd>
            {p.username.clone().map(|u| view! { <dt>{i18n.t("person-username")}</dt><dd>{u}</dd> })}
            <dt>{i18n.t("people-organisation")}</dt>
            <dd>{p.organisation.clone().map_or_else(|| i18n.t("person-no-organisation"), |(_, name)| name)}</dd>
            <dt>{i18n.t("person-position")}</dt><dd>{p.position.clone()}</dd>
            <dt>{i18n.t("person-province")}</dt><dd>{p.province.clone()}</dd>
            <dt>{i18n.t("person-language")}</dt><dd>{language}</dd>
            <dt>{i18n.t("person-roles")}</dt><dd><RoleNames roles=p.roles.clone()/></dd>
            <dt>{i18n.t("person-created")}</dt><dd>{i18n.date_time(p.created_at)}</dd>
            <dt>{i18n.t("person-last-sign-in")}</dt>
            <dd>{p.last_sign_in.map_or(never, |d| i18n.date_time(d))}</dd>
        </dl>
        {(p.may_reset && active).then(|| {
            let action = paths::person_reset_link(p.id);
            view! {
                <form method="post" action=action class="inline-action">
                    <button type="submit">{i18n.t("person-issue-link")}</button>
                    <span class="hint">{i18n.t("person-issue-link-hint")}</span>
                </form>
            }
        })}
        {(p.may_administer && active && !p.is_self).then(|| {
            let action = paths::person_second_factor_reset(p.id);
            view! {
                <form method="post" action=action class="inline-action">
                    <button type="submit">{i18n.t("person-factor-reset")}</button>
                    <span class="hint">{i18n.t("person-factor-reset-hint")}</span>
                </form>
            }
        })}
        {(p.may_administer && active).then(|| view! { <AdminControls person=person/> })}
    }
}

/// Editing, disabling and anonymising (administrators).
#[component]
fn AdminControls(person: Person) -> impl IntoView {
    let i18n = use_i18n();
    let values = AccountValues {
        email: person.email.clone().unwrap_or_default(),
        username: person.username.clone().unwrap_or_default(),
        name: person.name.clone(),
        name_latin: person.name_latin.clone().unwrap_or_default(),
        position: person.position.clone().unwrap_or_default(),
        province: person.province.clone().unwrap_or_default(),
        language: person.language.clone(),
        organisation: person
            .organisation
            .clone()
            .map(|(slug, _)| slug)
            .unwrap_or_default(),
        roles: person.roles.clone(),
    }
    .with_echo();
    let save = paths::person(person.id);
    let disabled = person.disabled_at.is_some();
    let toggle = if disabled {
        paths::person_enable(person.id)
    } else {
        paths::person_disable(person.id)
    };
    let anonymise = paths::person_anonymise(person.id);
    view! {
        <h2>{i18n.t("person-edit-title")}</h2>
        <Suspense>
            {move || {
                let values = values.clone();
                let save = save.clone();
                Suspend::new(async move {
                    match organisation_tree().await {
                        Ok(orgs) => view! {
                            <form class="stacked" method="post" action=save>
                                <AccountFields values=values orgs=orgs grantable=Role::ALL.to_vec()/>
                                <button type="submit" class="primary">{i18n.t("person-save")}</button>
                            </form>
                        }.into_any(),
                        Err(error) => view! { <ErrorNotice error=error/> }.into_any(),
                    }
                })
            }}
        </Suspense>
        {(!person.is_self).then(|| view! {
            <h2>{i18n.t("person-access-title")}</h2>
            <form method="post" action=toggle class="inline-action">
                <button type="submit">
                    {if disabled { i18n.t("person-enable") } else { i18n.t("person-disable") }}
                </button>
                <span class="hint">
                    {if disabled { i18n.t("person-enable-hint") } else { i18n.t("person-disable-hint") }}
                </span>
            </form>
            <h2>{i18n.t("person-anonymise-title")}</h2>
            <form method="post" action=anonymise class="stacked danger-zone">
                <p>{i18n.t("person-anonymise-body")}</p>
                <label class="check" for=field::CONFIRM>
                    <input type="checkbox" id=field::CONFIRM name=field::CONFIRM required/>
                    {i18n.t("person-anonymise-confirm")}
                </label>
                <button type="submit" class="danger">{i18n.t("person-anonymise")}</button>
            </form>
        })}
    }
}
