use crate::api::organisations::organisation_tree;
use crate::components::account_fields::{AccountFields, AccountValues};
use crate::components::notice::{ErrorNotice, FormOutcome};
use crate::i18n::use_i18n;
use crate::model::roles::Role;
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
            <p><a href="/admin/users">{i18n.t("people-back")}</a></p>
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
                                <form class="stacked" method="post" action="/admin/users">
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

/// The messages of the account forms, by outcome code.
pub fn outcome_key(kind: &str, code: &str) -> &'static str {
    match (kind, code) {
        ("done", "created") => "person-done-created",
        ("done", "saved") => "person-done-saved",
        ("done", "disabled") => "person-done-disabled",
        ("done", "enabled") => "person-done-enabled",
        ("done", "anonymised") => "person-done-anonymised",
        ("done", "link") => "person-done-link",
        ("error", "forbidden") => "person-error-forbidden",
        ("error", "not-found") => "person-error-not-found",
        ("error", "own-account") => "person-error-own-account",
        ("error", "last-admin") => "person-error-last-admin",
        ("error", "invalid-email") => "person-error-invalid-email",
        ("error", "empty-name") => "person-error-empty-name",
        ("error", "no-role") => "person-error-no-role",
        ("error", "duplicate-email") => "person-error-duplicate-email",
        ("error", "unknown-organisation") => "person-error-unknown-organisation",
        ("error", "confirm") => "person-error-confirm",
        ("done", _) => "form-done",
        _ => "form-error",
    }
}
