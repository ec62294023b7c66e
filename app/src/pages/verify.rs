//! `/verify` (a box to type a certificate's identifier) and `/verify/:id`
//! (what it says and whether it stands). Public: a supervisor or an
//! employer checks a certificate without an account.

use crate::api::certificates::verify_certificate;
use crate::components::notice::ErrorNotice;
use crate::i18n::use_i18n;
use crate::model::certificates::{CertificateStatus, Verification};
use crate::paths;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn VerifyPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    // `/verify/ID`, or the search box's `/verify?id=ID`.
    let code = params
        .with_untracked(|p| p.get("id"))
        .or_else(|| query.with_untracked(|q| q.get("id")))
        .filter(|c| !c.trim().is_empty());
    let typed = code.clone().unwrap_or_default();
    view! {
        <Title text=i18n.t("verify-title")/>
        <article class="verify">
            <h1>{i18n.t("verify-title")}</h1>
            <p class="lead">{i18n.t("verify-intro")}</p>
            <form method="get" action=paths::VERIFY class="verify-search" role="search">
                <label for="verify-id">{i18n.t("verify-label")}</label>
                <input type="text" id="verify-id" name="id" value=typed autocomplete="off"
                    autocapitalize="characters" spellcheck="false"/>
                <button type="submit">{i18n.t("verify-submit")}</button>
            </form>
            {code.map(|code| { let data = crate::pages::page_data::once(verify_certificate(code)); view! {
                <Suspense>
                    {move || { let data = data.clone(); Suspend::new(async move {
                        match data.await {
                            Ok(v) => view! { <Outcome v=v/> }.into_any(),
                            Err(error) => view! { <ErrorNotice error=error/> }.into_any(),
                        }
                    })}}
                </Suspense>
            }})}
        </article>
    }
}

#[component]
fn Outcome(v: Verification) -> impl IntoView {
    let i18n = use_i18n();
    let (class, key) = match v.status {
        CertificateStatus::Valid => ("verdict-valid", "verify-valid"),
        CertificateStatus::Expired => ("verdict-expired", "verify-expired"),
        CertificateStatus::Revoked => ("verdict-revoked", "verify-revoked"),
        CertificateStatus::Unknown => ("verdict-unknown", "verify-unknown"),
        CertificateStatus::Mistyped => ("verdict-unknown", "verify-mistyped"),
        CertificateStatus::Malformed => ("verdict-unknown", "verify-malformed"),
    };
    view! {
        <section class=format!("verification {class}") aria-labelledby="verdict" id="verification">
            <h2 id="verdict">{i18n.t(key)}</h2>
            {v.certificate.map(|c| view! {
                <dl class="certificate-facts">
                    <dt>{i18n.t("verify-id")}</dt><dd><code>{c.code.clone()}</code></dd>
                    <dt>{i18n.t("verify-holder")}</dt>
                    <dd>
                        {if c.holder_name.is_empty() {
                            // An anonymised holder: the certificate exists
                            // and has a status, and no name.
                            view! { <span>{i18n.t("verify-holder-erased")}</span> }.into_any()
                        } else {
                            view! { <span lang=c.language.clone()>{c.holder_name}</span> }.into_any()
                        }}
                        {c.holder_name_latin.map(|l| view! { <br/><span lang="en">{l}</span> })}
                    </dd>
                    <dt>{i18n.t("verify-course")}</dt><dd lang=c.language.clone()>{c.course_title}</dd>
                    <dt>{i18n.t("verify-issued")}</dt><dd>{i18n.date(c.issued_at)}</dd>
                    <dt>{i18n.t("verify-expires")}</dt>
                    <dd>{c.expires_at.map_or_else(|| i18n.t("verify-no-expiry"), |d| i18n.date(d))}</dd>
                    <dt>{i18n.t("verify-issuer")}</dt><dd>{c.issuer}</dd>
                    {c.renews.map(|code| view! {
                        <dt>{i18n.t("verify-renews")}</dt>
                        <dd><a href=paths::verify(&code)><code>{code.clone()}</code></a></dd>
                    })}
                    {c.renewed_by.map(|code| view! {
                        <dt>{i18n.t("verify-renewed-by")}</dt>
                        <dd><a href=paths::verify(&code)><code>{code.clone()}</code></a></dd>
                    })}
                    <dt>{i18n.t("verify-credential")}</dt>
                    <dd><a href=paths::credential(&c.code) type="application/json">{i18n.t("verify-credential-link")}</a></dd>
                </dl>
            })}
        </section>
    }
}
