//! Switches the interface language. A plain form post to `/language`, so it
//! works without JavaScript; the server remembers the choice in a cookie and
//! sends the visitor back to the page they were on.

use crate::forms::language::field;
use crate::i18n::{use_i18n, Locale};
use crate::paths;
use leptos::prelude::*;

/// `return_to`: the page to come back to (path and query).
#[component]
pub fn LanguageSwitch(return_to: String) -> impl IntoView {
    let i18n = use_i18n();

    view! {
        <form class="language-switch" method="post" action=paths::LANGUAGE>
            <input type="hidden" name=field::RETURN_TO value=return_to/>
            <span class="visually-hidden" id="language-label">{i18n.t("language")}</span>
            <div role="group" aria-labelledby="language-label">
                {Locale::ALL
                    .into_iter()
                    .map(|locale| {
                        let current = locale == i18n.locale;
                        view! {
                            <button
                                type="submit"
                                name=field::LANG
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
