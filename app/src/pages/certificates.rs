//! `/certificates`: the signed-in holder's certificates, each with its
//! status and its public verification link.

use crate::api::certificates::my_certificates;
use crate::components::notice::ErrorNotice;
use crate::i18n::use_i18n;
use crate::model::certificates::CertificateStatus;
use crate::paths;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn CertificatesPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = crate::pages::page_data::once(my_certificates());
    view! {
        <Title text=i18n.t("certificates-title")/>
        <article class="certificates">
            <h1>{i18n.t("certificates-title")}</h1>
            <Suspense>
                {move || { let data = data.clone(); Suspend::new(async move {
                    match data.await {
                        Ok(list) if list.is_empty() => view! { <p>{i18n.t("certificates-none")}</p> }.into_any(),
                        Ok(list) => view! {
                            <ul class="certificate-list">
                                {list.into_iter().map(|own| {
                                    let c = own.certificate;
                                    let status = match own.status {
                                        CertificateStatus::Valid => i18n.t("verify-valid"),
                                        CertificateStatus::Expired => i18n.t("certificates-expired"),
                                        _ => i18n.t("verify-revoked"),
                                    };
                                    let verify = paths::verify(&c.code);
                                    let refresher = own.renewable.then(|| {
                                        let href = paths::assessment(&own.course_slug);
                                        let note = if own.status == CertificateStatus::Expired {
                                            i18n.t("certificates-renew-expired")
                                        } else {
                                            i18n.t("certificates-renew-soon")
                                        };
                                        view! {
                                            <p class="callout" role="note">
                                                {note}" "<a href=href>{i18n.t("certificates-renew")}</a>
                                            </p>
                                        }
                                    });
                                    let renewed = c.renewed_by.clone().map(|code| view! {
                                        <p class="hint">{i18n.t("certificates-renewed-by")}" "<a href=paths::verify(&code)><code>{code.clone()}</code></a></p>
                                    });
                                    let pdf = paths::certificate_pdf(&c.code);
                                    view! {
                                        <li>
                                            <h2 lang=c.language.clone()>{c.course_title}</h2>
                                            <p>
                                                <code>{c.code.clone()}</code>" · "{i18n.date(c.issued_at)}" · "<strong>{status}</strong>
                                            </p>
                                            <p>
                                                <a href=pdf download="">{i18n.t("certificates-pdf")}</a>
                                                " · "
                                                <a href=verify>{i18n.t("certificates-verify-link")}</a>
                                                " · "
                                                <a href=paths::credential(&c.code) type="application/json">{i18n.t("certificates-credential-link")}</a>
                                            </p>
                                            {refresher}
                                            {renewed}
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(error) => view! { <ErrorNotice error=error/> }.into_any(),
                    }
                })}}
            </Suspense>
        </article>
    }
}
