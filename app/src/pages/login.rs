use crate::forms::login::{field, Outcome, RESET_DONE};
use crate::forms::{self, Outcome as _};
use crate::i18n::use_i18n;
use crate::paths;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The sign-in form. It posts to `/login` (a plain form, so it works
/// without JavaScript); a failed attempt comes back here with its
/// `forms::login::Outcome`.
#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let error = move || {
        query.with(|q| {
            let code = q.get(forms::ERROR)?;
            let key = forms::message_key::<Outcome>(forms::ERROR, &code);
            Some(match Outcome::parse(forms::ERROR, &code) {
                Some(Outcome::RateLimited) => {
                    let minutes = q
                        .get(field::MINUTES)
                        .and_then(|m| m.parse::<u32>().ok())
                        .unwrap_or(15)
                        .to_string();
                    i18n.t_with(key, &[("minutes", minutes.as_str())])
                }
                _ => i18n.t(key),
            })
        })
    };
    let next = move || query.with(|q| q.get(field::NEXT).unwrap_or_default());
    view! {
        <Title text=i18n.t("login-title")/>
        <section class="narrow">
            <h1>{i18n.t("login-title")}</h1>
            {move || error().map(|e| view! { <p class="alert" role="alert">{e}</p> })}
            {move || {
                query
                    .with(|q| q.get(RESET_DONE).is_some())
                    .then(|| view! { <p class="notice" role="status">{i18n.t("reset-done")}</p> })
            }}
            <form class="stacked" method="post" action=paths::LOGIN>
                <input type="hidden" name=field::NEXT value=next/>
                <label for=field::EMAIL>{i18n.t("login-email")}</label>
                <input id=field::EMAIL name=field::EMAIL type="text" autocomplete="username" autocapitalize="none" spellcheck="false" required/>
                <label for=field::PASSWORD>{i18n.t("login-password")}</label>
                <input id=field::PASSWORD name=field::PASSWORD type="password" autocomplete="current-password" required/>
                <button type="submit" class="primary">{i18n.t("sign-in")}</button>
            </form>
            <p class="hint">{i18n.t("login-help")}</p>
        </section>
    }
}
