//! `/admin/security`: settings for the whole deployment — whether trainers
//! and ministry users, like administrators, need a second factor.

use crate::api::second_factor::deployment_security;
use crate::components::notice::{ErrorNotice, FormOutcome};
use crate::forms;
use crate::forms::second_factor::{field, Outcome};
use crate::i18n::use_i18n;
use crate::paths;
use leptos::prelude::*;
use leptos_meta::Title;

fn outcome_key(kind: &str, code: &str) -> &'static str {
    forms::message_key::<Outcome>(kind, code)
}

#[component]
pub fn SecurityPage() -> impl IntoView {
    let i18n = use_i18n();
    let settings = crate::pages::page_data::once(deployment_security());
    view! {
        <Title text=i18n.t("security-title")/>
        <section class="narrow">
            <h1>{i18n.t("security-title")}</h1>
            <FormOutcome keys=outcome_key/>
            <Suspense>
                {move || { let settings = settings.clone(); Suspend::new(async move {
                    match settings.await {
                        Ok(s) => view! {
                            <form class="stacked" method="post" action=paths::ADMIN_SECURITY>
                                <p>
                                    <input type="checkbox" id=field::STAFF name=field::STAFF
                                        checked=s.staff_second_factor/>
                                    " "
                                    <label for=field::STAFF>{i18n.t("security-staff")}</label>
                                </p>
                                <p class="hint">{i18n.t("security-staff-hint")}</p>
                                <button type="submit" class="primary">{i18n.t("security-save")}</button>
                            </form>
                        }.into_any(),
                        Err(error) => view! { <ErrorNotice error=error/> }.into_any(),
                    }
                })}}
            </Suspense>
        </section>
    }
}
