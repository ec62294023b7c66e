//! The second factor's pages: the code at sign-in (`/login/code`) and the
//! signed-in user's enrolment (`/account/second-factor`). Plain forms; the
//! QR code is an SVG the server draws, and the secret is also written out
//! for typing in by hand.

use crate::api::second_factor::my_second_factor;
use crate::components::notice::{ErrorNotice, FormOutcome};
use crate::forms;
use crate::forms::second_factor::{field, Outcome};
use crate::i18n::use_i18n;
use crate::model::second_factor::SecondFactorView;
use crate::paths;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

fn outcome_key(kind: &str, code: &str) -> &'static str {
    forms::message_key::<Outcome>(kind, code)
}

/// The one code field, shared by sign-in and enrolment.
#[component]
fn CodeField(#[prop(into)] label: String) -> impl IntoView {
    view! {
        <label for=field::CODE>{label}</label>
        <input id=field::CODE name=field::CODE type="text" autocomplete="one-time-code"
            required maxlength="32" spellcheck="false" autocapitalize="off"/>
    }
}

/// `/login/code`: the second step of signing in.
#[component]
pub fn LoginCodePage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t("factor-login-title")/>
        <section class="narrow">
            <h1>{i18n.t("factor-login-title")}</h1>
            <FormOutcome keys=outcome_key/>
            <p>{i18n.t("factor-login-lead")}</p>
            <form class="stacked" method="post" action=paths::LOGIN_CODE>
                <CodeField label=i18n.t("factor-code-label")/>
                <button type="submit" class="primary">{i18n.t("factor-login-submit")}</button>
            </form>
            <p class="hint">{i18n.t("factor-login-help")}</p>
        </section>
    }
}

/// `/account/second-factor`: enrolling, the recovery codes once, and the
/// state of the factor.
#[component]
pub fn SecondFactorPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    // Fetched once: recovery codes are taken out of the database by it.
    let reveal = query.with_untracked(|q| q.get(field::REVEAL));
    let view_data = crate::pages::page_data::once(my_second_factor(reveal));
    view! {
        <Title text=i18n.t("factor-title")/>
        <section class="narrow">
            <h1>{i18n.t("factor-title")}</h1>
            <FormOutcome keys=outcome_key/>
            <Suspense>
                {move || { let data = view_data.clone(); Suspend::new(async move {
                    match data.await {
                        Ok(v) => view! { <FactorState view=v/> }.into_any(),
                        Err(error) => view! { <ErrorNotice error=error/> }.into_any(),
                    }
                })}}
            </Suspense>
        </section>
    }
}

#[component]
fn FactorState(view: SecondFactorView) -> impl IntoView {
    let i18n = use_i18n();
    let codes = view.recovery_codes.clone().map(|codes| {
        view! {
            <div class="reveal" role="status">
                <h2>{i18n.t("factor-codes-title")}</h2>
                <p>{i18n.t("factor-codes-body")}</p>
                <ul class="recovery-codes">
                    {codes.into_iter().map(|c| view! { <li><code>{c}</code></li> }).collect_view()}
                </ul>
            </div>
        }
    });
    let body = if view.enrolled {
        let left = view.recovery_codes_left.to_string();
        view! {
            <p>{i18n.t("factor-enrolled")}</p>
            <p>{i18n.t_with("factor-codes-left", &[("count", left.as_str())])}</p>
        }
        .into_any()
    } else {
        let lead = if view.required {
            i18n.t("factor-required")
        } else {
            i18n.t("factor-optional")
        };
        let enrolment = view.enrolment.clone().unwrap_or_default();
        view! {
            <p>{lead}</p>
            <ol class="steps">
                <li>{i18n.t("factor-step-app")}</li>
                <li>
                    {i18n.t("factor-step-scan")}
                    <div class="qr" role="img" aria-label=i18n.t("factor-qr-label")
                        inner_html=enrolment.qr_svg></div>
                    <p>{i18n.t("factor-step-type")}</p>
                    <p><code class="secret">{enrolment.secret}</code></p>
                </li>
                <li>{i18n.t("factor-step-confirm")}</li>
            </ol>
            <form class="stacked" method="post" action=paths::ACCOUNT_SECOND_FACTOR>
                <CodeField label=i18n.t("factor-code-label-app")/>
                <button type="submit" class="primary">{i18n.t("factor-confirm")}</button>
            </form>
        }
        .into_any()
    };
    view! { {codes} {body} }
}
