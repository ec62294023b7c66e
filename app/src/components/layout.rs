//! The frame of every page: skip link, header, main landmark, footer.

use super::menu::SiteMenu;
use crate::i18n::use_i18n;
use leptos::prelude::*;

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    // Becomes true once the wasm has taken over the page. CSS uses it for
    // progressive enhancement (the menu collapses only when it can be opened
    // again) and end-to-end tests wait for it.
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));

    view! {
        <div class="page" data-hydrated=move || hydrated.get().to_string()>
            // `target="_self"` keeps the client-side router from taking over
            // the click, so the browser moves keyboard focus to <main>.
            <a class="skip-link" href="#main" target="_self">{i18n.t("skip-to-content")}</a>
            <header class="site-header">
                <a class="brand" href="/">
                    <span class="brand-mark" aria-hidden="true"></span>
                    {i18n.t("site-name")}
                </a>
                <SiteMenu hydrated=hydrated/>
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
