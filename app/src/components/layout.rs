//! The frame of every page: skip link, header, main landmark, footer.

use super::menu::SiteMenu;
use crate::i18n::use_i18n;
use crate::paths;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    // Where the language switch sends the visitor back to. Computed here,
    // on the server, from the router.
    let location = use_location();
    let return_to = {
        let search = location.search.get_untracked();
        let path = location.pathname.get_untracked();
        if search.is_empty() {
            path
        } else {
            format!("{path}?{search}")
        }
    };

    view! {
        <div class="page">
            // `target="_self"` keeps the client-side router from taking over
            // the click, so the browser moves keyboard focus to <main>.
            <a class="skip-link" href="#main" target="_self">{i18n.t("skip-to-content")}</a>
            <header class="site-header">
                <a class="brand" href=paths::HOME>
                    <span class="brand-mark" aria-hidden="true"></span>
                    {i18n.t("site-name")}
                </a>
                <SiteMenu return_to=return_to/>
            </header>
            <main id="main" tabindex="-1">{children()}</main>
            <footer class="site-footer">
                <p>{i18n.t("footer-mission")}</p>
                <p class="fine-print">
                    {i18n.t_with("footer-version", &[("version", env!("CARGO_PKG_VERSION"))])}
                </p>
            </footer>
        </div>
    }
}
