use crate::api::organisations::organisation_tree;
use crate::components::account_fields::{AccountFields, AccountValues};
use crate::components::notice::{ErrorNotice, FormOutcome};
use crate::forms::{self, person::Outcome};
use crate::i18n::use_i18n;
use crate::model::roles::Role;
use crate::paths;
use crate::viewer::use_viewer;
use leptos::prelude::*;
use leptos_meta::Title;

/// `/admin/users/new`: an admin creates any account, a trainer a trainee's.
/// There is no password field: the new account gets a one-time set-up link
/// to hand to the person (Lantern does not depend on e-mail).
#[component]
pub fn NewPersonPage() -> impl IntoView {
    let i18n = use_i18n();
    let grantable: Vec<Role> = match use_viewer() {
        Some(v) if v.has(Role::Admin) => Role::ALL.to_vec(),
        _ => vec![Role::Trainee],
    };
    let values = AccountValues {
        roles: vec![Role::Trainee],
        ..AccountValues::default()
    }
    .with_echo();
    view! {
        <Title text=i18n.t("person-new-title")/>
        <section class="narrow">
            <p><a href=paths::ADMIN_USERS>{i18n.t("people-back")}</a></p>
            <h1>{i18n.t("person-new-title")}</h1>
            <FormOutcome keys=outcome_key/>
            <p>{i18n.t("person-new-intro")}</p>
            <Suspense>
                {move || {
                    let values = values.clone();
                    let grantable = grantable.clone();
                    Suspend::new(async move {
                        match organisation_tree().await {
                            Ok(orgs) => view! {
                                <form class="stacked" method="post" action=paths::ADMIN_USERS>
                                    <AccountFields values=values orgs=orgs grantable=grantable/>
                                    <button type="submit" class="primary">{i18n.t("person-create")}</button>
                                </form>
                            }.into_any(),
                            Err(error) => view! { <ErrorNotice error=error/> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}

/// The messages of the account forms, by outcome (`forms::person`).
pub fn outcome_key(kind: &str, code: &str) -> &'static str {
    forms::message_key::<Outcome>(kind, code)
}
