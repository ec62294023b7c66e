use crate::i18n::use_i18n;
use crate::paths;
use leptos::prelude::*;
use leptos_meta::Title;

/// Shown for any path no route matches, with status 404.
#[component]
pub fn NotFound() -> impl IntoView {
    crate::http_status::set(404);
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t("not-found-title")/>
        <section class="narrow">
            <h1>{i18n.t("not-found-title")}</h1>
            <p>{i18n.t("not-found-body")}</p>
            <p><a href=paths::HOME>{i18n.t("not-found-home")}</a></p>
        </section>
    }
}
