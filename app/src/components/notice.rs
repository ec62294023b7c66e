//! Messages a page shows about itself: the outcome of the form just sent
//! (`?done=` / `?error=` in the address, so it works without JavaScript) and
//! the error of a server function.

use crate::i18n::use_i18n;
use crate::model::ApiError;
use crate::paths;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// Shows `?done=<code>` as a notice and `?error=<code>` as an alert, with
/// the translation keys `keys` gives for each code (listed in the page, so
/// the i18n test sees every key).
#[component]
pub fn FormOutcome(keys: fn(&str, &str) -> &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    move || {
        query.with(|q| {
            if let Some(code) = q.get("error") {
                Some(
                    view! { <p class="alert" role="alert">{i18n.t(keys("error", &code))}</p> }
                        .into_any(),
                )
            } else {
                q.get("done").map(|code| {
                    view! { <p class="notice" role="status">{i18n.t(keys("done", &code))}</p> }
                        .into_any()
                })
            }
        })
    }
}

/// A server function's error, in words.
#[component]
pub fn ErrorNotice(error: ApiError) -> impl IntoView {
    let i18n = use_i18n();
    let sign_in = matches!(error, ApiError::SignInRequired);
    view! {
        <p class="alert" role="alert">
            {i18n.t(error.message_key())}
            {sign_in.then(|| view! { " " <a href=paths::LOGIN>{i18n.t("sign-in")}</a> })}
        </p>
    }
}
