use crate::components::new_password::NewPasswordFields;
use crate::forms;
use crate::forms::reset_password::Outcome;
use crate::i18n::use_i18n;
use crate::paths;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};

/// Where a one-time reset link leads: choose a new password. Posts to the
/// same address; problems come back as `?error=`.
#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let action = move || paths::reset(&params.with(|p| p.get("token").unwrap_or_default()));
    let error = move || {
        query.with(|q| {
            let code = q.get(forms::ERROR)?;
            Some(i18n.t(forms::message_key::<Outcome>(forms::ERROR, &code)))
        })
    };
    view! {
        <Title text=i18n.t("reset-title")/>
        <Meta name="robots" content="noindex"/>
        <section class="narrow">
            <h1>{i18n.t("reset-title")}</h1>
            {move || error().map(|e| view! { <p class="alert" role="alert">{e}</p> })}
            <p>{i18n.t("reset-intro")}</p>
            <form class="stacked" method="post" action=action>
                <NewPasswordFields/>
                <button type="submit" class="primary">{i18n.t("reset-submit")}</button>
            </form>
        </section>
    }
}
