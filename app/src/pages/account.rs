use crate::api::account::my_account;
use crate::components::notice::ErrorNotice;
use crate::components::role_names::RoleNames;
use crate::i18n::{use_i18n, Locale};
use crate::paths;
use leptos::prelude::*;
use leptos_meta::Title;

/// `/account`: the signed-in user's own details, and their data to take
/// away.
#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = crate::pages::page_data::once(my_account());
    view! {
        <Title text=i18n.t("account-title")/>
        <section class="narrow">
            <h1>{i18n.t("account-title")}</h1>
            <Suspense>
                {move || { let data = data.clone(); Suspend::new(async move {
                    match data.await {
                        Ok(p) => {
                            let language = Locale::from_code(&p.language)
                                .map(|l| l.native_name().to_string())
                                .unwrap_or(p.language.clone());
                            view! {
                                <dl class="facts">
                                    <dt>{i18n.t("person-name")}</dt><dd>{p.name}</dd>
                                    <dt>{i18n.t("person-name-latin")}</dt><dd>{p.name_latin}</dd>
                                    <dt>{i18n.t("person-email")}</dt><dd>{p.email}</dd>
                                    {p.username.map(|u| view! { <dt>{i18n.t("person-username")}</dt><dd>{u}</dd> })}
                                    <dt>{i18n.t("people-organisation")}</dt>
                                    <dd>{p.organisation.map_or_else(|| i18n.t("person-no-organisation"), |(_, name)| name)}</dd>
                                    <dt>{i18n.t("person-position")}</dt><dd>{p.position}</dd>
                                    <dt>{i18n.t("person-province")}</dt><dd>{p.province}</dd>
                                    <dt>{i18n.t("person-language")}</dt><dd>{language}</dd>
                                    <dt>{i18n.t("person-roles")}</dt><dd><RoleNames roles=p.roles/></dd>
                                    <dt>{i18n.t("person-created")}</dt><dd>{i18n.date_time(p.created_at)}</dd>
                                </dl>
                                <p class="hint">{i18n.t("account-name-hint")}</p>
                            }.into_any()
                        }
                        Err(error) => view! { <ErrorNotice error=error/> }.into_any(),
                    }
                })}}
            </Suspense>
            <h2>{i18n.t("account-security")}</h2>
            <p><a href=paths::ACCOUNT_PASSWORD>{i18n.t("password-title")}</a></p>
            <p><a href=paths::ACCOUNT_SECOND_FACTOR>{i18n.t("factor-title")}</a></p>
            <h2>{i18n.t("account-data-title")}</h2>
            <p>{i18n.t("account-data-body")}</p>
            <p><a href=paths::ACCOUNT_DATA download="lantern-my-data.json" rel="external">{i18n.t("account-data-download")}</a></p>
        </section>
    }
}
