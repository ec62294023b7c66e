//! `/join`: a trainee types their cohort's join code and registers (name,
//! an e-mail address or a username, a password) — or, signed in already,
//! joins the cohort with the code alone. A plain form that posts without
//! JavaScript; refusals come back with what was typed.

use crate::api::cohorts::join_state;
use crate::components::new_password::NewPasswordFields;
use crate::forms::join::{field, Outcome};
use crate::forms::person::field as person;
use crate::forms::{self};
use crate::i18n::{use_i18n, Locale};
use crate::paths;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

#[component]
pub fn JoinPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let typed = move |name: &str| query.with_untracked(|q| q.get(name).unwrap_or_default());
    let error = query.with_untracked(|q| {
        let code = q.get(forms::ERROR)?;
        Some(i18n.t(forms::message_key::<Outcome>(forms::ERROR, &code)))
    });
    let code = typed(field::CODE);
    view! {
        <Title text=i18n.t("join-title")/>
        <Meta name="robots" content="noindex"/>
        <section class="narrow">
            <h1>{i18n.t("join-title")}</h1>
            {error.map(|e| view! { <p class="alert" role="alert">{e}</p> })}
            <Suspense>
                {move || {
                    let code = code.clone();
                    Suspend::new(async move {
                        let signed_in = join_state().await.unwrap_or(false);
                        view! {
                            <form class="stacked" method="post" action=paths::JOIN>
                                <label for=field::CODE>{i18n.t("join-code")}</label>
                                <input id=field::CODE name=field::CODE required value=code
                                    autocapitalize="characters" autocomplete="off" spellcheck="false"
                                    aria-describedby="code-hint"/>
                                <p id="code-hint" class="hint">{i18n.t("join-code-hint")}</p>
                                {(!signed_in).then(|| view! { <NewAccount typed=typed/> })}
                                <button type="submit" class="primary">
                                    {i18n.t(if signed_in { "join-submit-signed-in" } else { "join-submit" })}
                                </button>
                            </form>
                            {(!signed_in).then(|| view! {
                                <p>
                                    {i18n.t("join-have-account")} " "
                                    <a href=paths::with_query(paths::LOGIN, &[("next", paths::JOIN)])>{i18n.t("join-sign-in-first")}</a>
                                </p>
                            })}
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}

/// The new account's fields.
#[component]
fn NewAccount(typed: impl Fn(&str) -> String + Copy + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let language = i18n.locale.code();
    view! {
        <label for=person::NAME>{i18n.t("person-name")}</label>
        <input id=person::NAME name=person::NAME required maxlength="200" value=typed(person::NAME)
            autocomplete="name" aria-describedby="name-hint"/>
        <p id="name-hint" class="hint">{i18n.t("person-name-hint")}</p>
        <label for=person::NAME_LATIN>{i18n.t("person-name-latin")}</label>
        <input id=person::NAME_LATIN name=person::NAME_LATIN maxlength="200" lang="en"
            value=typed(person::NAME_LATIN)/>
        <label for=person::EMAIL>{i18n.t("person-email")}</label>
        <input id=person::EMAIL name=person::EMAIL type="email" maxlength="254" autocomplete="email"
            value=typed(person::EMAIL) aria-describedby="login-hint"/>
        <label for=person::USERNAME>{i18n.t("person-username")}</label>
        <input id=person::USERNAME name=person::USERNAME maxlength="64" autocomplete="username"
            autocapitalize="none" spellcheck="false" value=typed(person::USERNAME)
            aria-describedby="login-hint"/>
        <p id="login-hint" class="hint">{i18n.t("join-login-hint")}</p>
        <label for=person::LANGUAGE>{i18n.t("person-language")}</label>
        <select id=person::LANGUAGE name=person::LANGUAGE>
            {Locale::ALL.iter().map(|l| {
                view! { <option value=l.code() selected=l.code() == language lang=l.code()>{l.native_name()}</option> }
            }).collect_view()}
        </select>
        <NewPasswordFields/>
    }
}
