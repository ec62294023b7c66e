//! Switches the interface language. A plain form post to `/language`, so it
//! works without JavaScript; the server remembers the choice in a cookie and
//! sends the visitor back to the page they were on.

use crate::i18n::{use_i18n, Locale};
use leptos::prelude::*;

/// `return_to`: the page to come back to (path and query).
#[component]
pub fn LanguageSwitch(return_to: String) -> impl IntoView {
    let i18n = use_i18n();

    view! {
        <form class="language-switch" method="post" action="/language">
            <input type="hidden" name="return_to" value=return_to/>
            <span class="visually-hidden" id="language-label">{i18n.t("language")}</span>
            <div role="group" aria-labelledby="language-label">
                {Locale::ALL
                    .into_iter()
                    .map(|locale| {
                        let current = locale == i18n.locale;
                        view! {
                            <button
                                type="submit"
                                name="lang"
                                value=locale.code()
                                lang=locale.code()
                                aria-pressed=current.to_string()
                            >
                                {locale.native_name()}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
        </form>
    }
}
