use crate::components::new_password::NewPasswordFields;
use crate::forms;
use crate::forms::account_password::{field, Outcome};
use crate::i18n::use_i18n;
use crate::paths;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Lets a signed-in user change their own password. Posts to
/// `/account/password`; the outcome comes back as
/// `forms::account_password::Outcome`.
#[component]
pub fn AccountPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let status = move || {
        query.with(|q| {
            let (kind, code) = match (q.get(forms::ERROR), q.get(forms::DONE)) {
                (Some(code), _) => (forms::ERROR, code),
                (None, Some(code)) => (forms::DONE, code),
                (None, None) => return None,
            };
            let class = if kind == forms::ERROR {
                "alert"
            } else {
                "notice"
            };
            Some((class, i18n.t(forms::message_key::<Outcome>(kind, &code))))
        })
    };
    view! {
        <Title text=i18n.t("password-title")/>
        <section class="narrow">
            <h1>{i18n.t("password-title")}</h1>
            {move || status().map(|(class, text)| view! { <p class=class role="status">{text}</p> })}
            <form class="stacked" method="post" action=paths::ACCOUNT_PASSWORD>
                <label for=field::CURRENT>{i18n.t("password-current")}</label>
                <input id=field::CURRENT name=field::CURRENT type="password" autocomplete="current-password" required/>
                <NewPasswordFields/>
                <button type="submit" class="primary">{i18n.t("password-submit")}</button>
            </form>
        </section>
    }
}
