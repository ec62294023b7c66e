//! `/admin/certificates`: find a certificate by its identifier, see its
//! full record, and revoke it with a reason. The reason stays here and in
//! the audit log; the public verification page says only "revoked".

use crate::api::certificates::get_certificate_record;
use crate::components::notice::{ErrorNotice, FormOutcome};
use crate::forms;
use crate::forms::revoke::{field, Outcome};
use crate::i18n::use_i18n;
use crate::model::certificates::{CertificateRecord, CertificateStatus};
use crate::paths;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The message of this page's form outcome (`?done=` / `?error=`).
fn outcome_key(kind: &str, code: &str) -> &'static str {
    forms::message_key::<Outcome>(kind, code)
}

#[component]
pub fn CertificateAdminPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let code = query
        .with_untracked(|q| q.get("id"))
        .filter(|c| !c.trim().is_empty());
    let typed = code.clone().unwrap_or_default();
    view! {
        <Title text=i18n.t("certificate-admin-title")/>
        <article class="certificate-admin">
            <h1>{i18n.t("certificate-admin-title")}</h1>
            <FormOutcome keys=outcome_key/>
            <form method="get" action=paths::ADMIN_CERTIFICATES class="verify-search" role="search">
                <label for="certificate-id">{i18n.t("verify-label")}</label>
                <input type="text" id="certificate-id" name="id" value=typed autocomplete="off"
                    autocapitalize="characters" spellcheck="false"/>
                <button type="submit">{i18n.t("certificate-admin-find")}</button>
            </form>
            {code.map(|code| view! {
                <Suspense>
                    {move || { let code = code.clone(); Suspend::new(async move {
                        match get_certificate_record(code).await {
                            Ok(Some(record)) => view! { <Record record=record/> }.into_any(),
                            Ok(None) => view! { <p class="alert" role="status">{i18n.t("verify-unknown")}</p> }.into_any(),
                            Err(error) => view! { <ErrorNotice error=error/> }.into_any(),
                        }
                    })}}
                </Suspense>
            })}
        </article>
    }
}

#[component]
fn Record(record: CertificateRecord) -> impl IntoView {
    let i18n = use_i18n();
    let c = record.certificate;
    let status = match record.status {
        CertificateStatus::Valid => i18n.t("verify-valid"),
        CertificateStatus::Expired => i18n.t("verify-expired"),
        _ => i18n.t("verify-revoked"),
    };
    let revoke = paths::revoke_certificate(&c.code);
    let holder = paths::person(record.holder_id);
    let pdf = paths::certificate_pdf(&c.code);
    view! {
        <h2>{status}</h2>
        <dl class="certificate-facts">
            <dt>{i18n.t("verify-id")}</dt><dd><code>{c.code.clone()}</code></dd>
            <dt>{i18n.t("verify-holder")}</dt>
            <dd>
                <a href=holder lang=c.language.clone()>{c.holder_name}</a>
                {c.holder_name_latin.map(|l| view! { " · "<span lang="en">{l}</span> })}
                " · "{record.holder_email}
            </dd>
            <dt>{i18n.t("verify-course")}</dt><dd lang=c.language.clone()>{c.course_title}</dd>
            <dt>{i18n.t("verify-issued")}</dt><dd>{i18n.date(c.issued_at)}</dd>
            <dt>{i18n.t("verify-expires")}</dt>
            <dd>{c.expires_at.map_or_else(|| i18n.t("verify-no-expiry"), |d| i18n.date(d))}</dd>
            {record.revoked_at.map(|at| view! {
                <dt>{i18n.t("certificate-admin-revoked-at")}</dt>
                <dd>{i18n.date_time(at)}" · "{record.revoked_by.clone().unwrap_or_default()}</dd>
                <dt>{i18n.t("certificate-admin-reason")}</dt>
                <dd>{record.revoked_reason.clone().unwrap_or_default()}</dd>
            })}
        </dl>
        <p><a href=pdf download="">{i18n.t("certificates-pdf")}</a></p>
        {record.revoked_at.is_none().then(|| view! {
            <h2>{i18n.t("certificate-admin-revoke-title")}</h2>
            <form method="post" action=revoke class="stacked danger-zone">
                <p>{i18n.t("certificate-admin-revoke-body")}</p>
                <label for="reason">{i18n.t("certificate-admin-reason")}</label>
                <textarea id=field::REASON name=field::REASON required maxlength="500" rows="3"></textarea>
                <button type="submit" class="danger">{i18n.t("certificate-admin-revoke")}</button>
            </form>
        })}
    }
}
