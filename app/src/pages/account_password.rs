use crate::components::new_password::NewPasswordFields;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Lets a signed-in user change their own password. Posts to
/// `/account/password`; the outcome comes back as `?done` or `?error=`.
#[component]
pub fn AccountPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let status = move || {
        query.with(|q| {
            if q.get("done").is_some() {
                return Some(("notice", i18n.t("password-changed")));
            }
            let key = match q.get("error").as_deref() {
                Some("current") => "password-error-current",
                Some("short") => "password-error-short",
                Some("common") => "password-error-common",
                Some("mismatch") => "password-error-mismatch",
                Some(_) => "password-error-other",
                None => return None,
            };
            Some(("alert", i18n.t(key)))
        })
    };
    view! {
        <Title text=i18n.t("password-title")/>
        <section class="narrow">
            <h1>{i18n.t("password-title")}</h1>
            {move || status().map(|(class, text)| view! { <p class=class role="status">{text}</p> })}
            <form class="stacked" method="post" action="/account/password">
                <label for="current">{i18n.t("password-current")}</label>
                <input id="current" name="current" type="password" autocomplete="current-password" required/>
                <NewPasswordFields/>
                <button type="submit" class="primary">{i18n.t("password-submit")}</button>
            </form>
        </section>
    }
}
