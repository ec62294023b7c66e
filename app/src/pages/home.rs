use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos_meta::Title;

/// Explains Lantern to a first-time visitor.
#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let features = [
        (
            i18n.t("home-feature-learn-title"),
            i18n.t("home-feature-learn-body"),
        ),
        (
            i18n.t("home-feature-check-title"),
            i18n.t("home-feature-check-body"),
        ),
        (
            i18n.t("home-feature-certify-title"),
            i18n.t("home-feature-certify-body"),
        ),
        (
            i18n.t("home-feature-report-title"),
            i18n.t("home-feature-report-body"),
        ),
    ];
    view! {
        <Title text=""/>
        <section class="hero">
            <h1>{i18n.t("home-title")}</h1>
            <p class="lead">{i18n.t("home-lead")}</p>
        </section>
        <section aria-labelledby="who-heading">
            <h2 id="who-heading">{i18n.t("home-who-title")}</h2>
            <p>{i18n.t("home-who-body")}</p>
        </section>
        <section aria-labelledby="how-heading">
            <h2 id="how-heading">{i18n.t("home-how-title")}</h2>
            <ul class="feature-list">
                {features
                    .into_iter()
                    .map(|(title, body)| view! {
                        <li>
                            <h3>{title}</h3>
                            <p>{body}</p>
                        </li>
                    })
                    .collect_view()}
            </ul>
        </section>
        <section aria-labelledby="principles-heading">
            <h2 id="principles-heading">{i18n.t("home-principles-title")}</h2>
            <p>{i18n.t("home-principles-body")}</p>
        </section>
    }
}
