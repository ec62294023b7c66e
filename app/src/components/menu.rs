//! The site navigation. On a phone it folds behind a menu button — but only
//! once the page is hydrated; without JavaScript it simply stays open.

use super::{account_menu::AccountMenu, language_switch::LanguageSwitch};
use crate::i18n::use_i18n;
use leptos::prelude::*;

#[component]
pub fn SiteMenu(hydrated: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let open = RwSignal::new(false);

    view! {
        <button
            type="button"
            class="menu-toggle"
            aria-controls="site-menu"
            aria-expanded=move || open.get().to_string()
            hidden=move || !hydrated.get()
            on:click=move |_| open.update(|o| *o = !*o)
        >
            {i18n.t("menu")}
        </button>
        <div id="site-menu" class="site-menu" data-open=move || open.get().to_string()>
            <nav aria-label=i18n.t("nav-main")>
                <ul>
                    <li><a href="/">{i18n.t("nav-home")}</a></li>
                </ul>
            </nav>
            <AccountMenu/>
            <LanguageSwitch/>
        </div>
    }
}
