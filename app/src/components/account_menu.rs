//! The signed-in user's name and "Sign out", or "Sign in" for a visitor.

use crate::i18n::use_i18n;
use crate::paths;
use crate::viewer::use_viewer;
use leptos::prelude::*;

#[component]
pub fn AccountMenu() -> impl IntoView {
    let i18n = use_i18n();
    match use_viewer() {
        Some(v) => view! {
            <div class="account">
                <span class="account-name">
                    {i18n.t_with("signed-in-as", &[("name", v.name.as_str())])}
                </span>
                <a href=paths::ACCOUNT>{i18n.t("account-title")}</a>
                <form method="post" action=paths::LOGOUT>
                    <button type="submit" class="link-button">{i18n.t("sign-out")}</button>
                </form>
            </div>
        }
        .into_any(),
        None => view! { <a class="account" href=paths::LOGIN>{i18n.t("sign-in")}</a> }.into_any(),
    }
}
