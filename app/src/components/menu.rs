//! The site navigation. On a phone it folds behind a menu button — but only
//! where JavaScript runs; without it the menu simply stays open. The button
//! is worked by the shell's few lines of inline script (`shell::MENU_SCRIPT`),
//! not by the wasm bundle: a page with no island downloads no wasm at all.

use super::{account_menu::AccountMenu, language_switch::LanguageSwitch};
use crate::i18n::use_i18n;
use crate::model::roles::Role;
use crate::paths;
use crate::viewer::use_viewer;
use leptos::prelude::*;

#[component]
pub fn SiteMenu(return_to: String) -> impl IntoView {
    let i18n = use_i18n();
    // Links to the sections a role may enter; the server checks again.
    let viewer = use_viewer();
    let has = |role| viewer.as_ref().is_some_and(|v| v.has(role));
    let people = has(Role::Admin) || has(Role::Trainer) || has(Role::Ministry);
    let admin = has(Role::Admin);
    let batches = admin || has(Role::Trainer);

    view! {
        <div class="site-nav">
        // Hidden until the inline script marks the page `data-js` (CSS).
        <button type="button" class="menu-toggle" aria-controls="site-menu" aria-expanded="false">
            {i18n.t("menu")}
        </button>
        <div id="site-menu" class="site-menu" data-open="false">
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
                    {batches.then(|| view! { <li><a href=paths::AUTHOR>{i18n.t("nav-author")}</a></li> })}
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
