//! The site navigation. On a phone it folds behind a menu button — but only
//! once the page is hydrated; without JavaScript it simply stays open. It is
//! an island: the only part of a page compiled into the browser bundle.

use super::{account_menu::AccountMenu, language_switch::LanguageSwitch};
use crate::i18n::use_i18n;
use crate::model::roles::Role;
use crate::paths;
use crate::viewer::use_viewer;
use leptos::prelude::*;

#[island]
pub fn SiteMenu(return_to: String) -> impl IntoView {
    let i18n = use_i18n();
    let open = RwSignal::new(false);
    // Becomes true once the wasm has taken over the menu. CSS uses it for
    // progressive enhancement (the menu collapses only when it can be opened
    // again) and end-to-end tests wait for it.
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    // Links to the sections a role may enter; the server checks again.
    let viewer = use_viewer();
    let has = |role| viewer.as_ref().is_some_and(|v| v.has(role));
    let people = has(Role::Admin) || has(Role::Trainer) || has(Role::Ministry);
    let admin = has(Role::Admin);
    let batches = admin || has(Role::Trainer);

    view! {
        <div class="site-nav" data-hydrated=move || hydrated.get().to_string()>
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
                    <li><a href=paths::HOME>{i18n.t("nav-home")}</a></li>
                    {viewer.is_some().then(|| view! {
                        <li><a href=paths::COURSES>{i18n.t("nav-courses")}</a></li>
                        <li><a href=paths::CERTIFICATES>{i18n.t("nav-certificates")}</a></li>
                    })}
                    {people.then(|| view! { <li><a href=paths::ADMIN_USERS>{i18n.t("nav-people")}</a></li> })}
                    {people.then(|| view! { <li><a href=paths::REPORTS>{i18n.t("nav-reports")}</a></li> })}
                    {people.then(|| view! { <li><a href=paths::COHORTS>{i18n.t("nav-cohorts")}</a></li> })}
                    {batches.then(|| view! { <li><a href=paths::CERTIFICATE_BATCHES>{i18n.t("nav-batches")}</a></li> })}
                    {admin.then(|| view! {
                        <li><a href=paths::ADMIN_CERTIFICATES>{i18n.t("nav-admin-certificates")}</a></li>
                        <li><a href=paths::ADMIN_ORGANISATIONS>{i18n.t("nav-organisations")}</a></li>
                        <li><a href=paths::ADMIN_AUDIT>{i18n.t("nav-audit")}</a></li>
                        <li><a href=paths::ADMIN_SECURITY>{i18n.t("nav-security")}</a></li>
                    })}
                </ul>
            </nav>
            <AccountMenu/>
            <LanguageSwitch return_to=return_to/>
        </div>
        </div>
    }
}
