use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The sign-in form. It posts to `/login` (a plain form, so it works
/// without JavaScript); a failed attempt comes back here with `?error=`.
#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let error = move || {
        query.with(|q| match q.get("error").as_deref() {
            Some("invalid") => Some(i18n.t("login-error-invalid")),
            Some("limited") => {
                let minutes = q.get("minutes").unwrap_or_else(|| "15".into());
                let minutes = minutes.parse::<u32>().unwrap_or(15).to_string();
                Some(i18n.t_with("login-error-limited", &[("minutes", minutes.as_str())]))
            }
            Some(_) => Some(i18n.t("login-error-other")),
            None => None,
        })
    };
    let next = move || query.with(|q| q.get("next").unwrap_or_default());
    view! {
        <Title text=i18n.t("login-title")/>
        <section class="narrow">
            <h1>{i18n.t("login-title")}</h1>
            {move || error().map(|e| view! { <p class="alert" role="alert">{e}</p> })}
            {move || {
                query
                    .with(|q| q.get("reset").is_some())
                    .then(|| view! { <p class="notice" role="status">{i18n.t("reset-done")}</p> })
            }}
            <form class="stacked" method="post" action="/login">
                <input type="hidden" name="next" value=next/>
                <label for="email">{i18n.t("login-email")}</label>
                <input id="email" name="email" type="email" autocomplete="username" required/>
                <label for="password">{i18n.t("login-password")}</label>
                <input id="password" name="password" type="password" autocomplete="current-password" required/>
                <button type="submit" class="primary">{i18n.t("sign-in")}</button>
            </form>
            <p class="hint">{i18n.t("login-help")}</p>
        </section>
    }
}
