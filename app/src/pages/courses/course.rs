use super::{minutes, LanguageNotice};
use crate::api::courses::get_course;
use crate::components::notice::ErrorNotice;
use crate::i18n::use_i18n;
use crate::model::courses::ModuleStatus;
use crate::paths;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// `/courses/:slug`: the introduction, the modules with their status, the
/// time left, and — before the first module — the content warning.
#[component]
pub fn CoursePage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    // Pages render on the server only (islands), so the data is fetched
    // directly: no Resource, nothing serialised into the page.
    let slug = params.with_untracked(|p| p.get("slug").unwrap_or_default());
    let data = crate::pages::page_data::once(get_course(slug));
    view! {
        <Suspense>
            {move || { let data = data.clone(); Suspend::new(async move {
                match data.await {
                    Ok(c) => {
                        let first = c.modules.first().map(|m| paths::module(&c.slug, &m.slug));
                        let resume = c.resume.as_ref().map(|m| paths::module(&c.slug, m));
                        let started = c.modules.iter().any(|m| m.status != ModuleStatus::NotStarted);
                        let start = if started { resume.or(first) } else { first };
                        let slug = c.slug.clone();
                        let assessment_href = paths::assessment(&c.slug);
                        // The pre-test comes before the first module: offered
                        // first, never forced.
                        let pretest_due = c.assessment.as_ref().is_some_and(|a| a.pretest_due);
                        view! {
                            <Title text=c.title.clone()/>
                            <article class="course" lang=c.text.language.clone()>
                                <p><a href=paths::COURSES>{i18n.t("catalog-back")}</a></p>
                                <h1>{c.title.clone()}</h1>
                                <LanguageNotice text=c.text.clone()/>
                                {(!c.outdated_translations.is_empty()).then(|| view! {
                                    <div class="notice" role="note">
                                        <p>{i18n.t("course-outdated-translations")}</p>
                                        <ul>{c.outdated_translations.iter().map(|t| view! { <li>{t.clone()}</li> }).collect_view()}</ul>
                                    </div>
                                })}
                                <p class="lead">{c.summary.clone()}</p>
                                <p class="meta">
                                    {i18n.t_with("course-time-left", &[
                                        ("left", minutes(i18n, c.minutes_left).as_str()),
                                        ("total", minutes(i18n, c.estimated_minutes).as_str()),
                                    ])}
                                </p>
                                <div class="prose" inner_html=c.intro_html.clone()></div>
                                {c.content_warning.clone().map(|w| view! {
                                    <aside class="callout callout-warning" role="note">
                                        <p class="callout-title">{i18n.t("content-warning")}</p>
                                        <p>{w}</p>
                                    </aside>
                                })}
                                {c.completed_at.map(|at| view! {
                                    <p class="notice" role="status">
                                        {i18n.t_with("course-completed", &[("date", i18n.date(at).as_str())])}
                                    </p>
                                })}
                                {c.certificate_code.clone().map(|code| view! {
                                    <p><a class="button primary" href=paths::certificate_pdf(&code) download="">
                                        {i18n.t("certificates-pdf")}
                                    </a></p>
                                })}
                                {pretest_due.then(|| view! {
                                    <aside class="callout" role="note">
                                        <p class="callout-title">{i18n.t("pretest-title")}</p>
                                        <p>{i18n.t("pretest-explained")}</p>
                                        <p><a class="button primary" href=assessment_href.clone()>{i18n.t("pretest-start")}</a></p>
                                    </aside>
                                })}
                                {start.map(|href| view! {
                                    <p><a class="button primary" href=href>
                                        {if started { i18n.t("course-resume") } else { i18n.t("course-start") }}
                                    </a></p>
                                })}
                                <h2>{i18n.t("course-modules")}</h2>
                                <ol class="module-list">
                                    {c.modules.into_iter().map(|m| {
                                        let href = paths::module(&slug, &m.slug);
                                        let status = match m.status {
                                            ModuleStatus::Done => i18n.t("module-status-done"),
                                            ModuleStatus::InProgress => i18n.t("module-status-in-progress"),
                                            ModuleStatus::NotStarted => i18n.t("module-status-not-started"),
                                        };
                                        let class = match m.status {
                                            ModuleStatus::Done => "status done",
                                            ModuleStatus::InProgress => "status in-progress",
                                            ModuleStatus::NotStarted => "status",
                                        };
                                        view! {
                                            <li>
                                                <a href=href>{m.title}</a>
                                                " "<span class="meta">{minutes(i18n, m.estimated_minutes)}</span>
                                                " "<span class=class>{status}</span>
                                                {m.changed_since_done.then(|| view! {
                                                    " "<span class="meta">{i18n.t("module-changed-since-done")}</span>
                                                })}
                                            </li>
                                        }
                                    }).collect_view()}
                                </ol>
                                {c.assessment.clone().map(|a| {
                                    let status = if a.passed { i18n.t("assessment-passed") } else { i18n.t("assessment-not-passed") };
                                    view! {
                                        <h2>{i18n.t("course-assessment")}</h2>
                                        <p>
                                            <a href=assessment_href.clone()>{a.title}</a>
                                            " "<span class=if a.passed { "status done" } else { "status" }>{status}</span>
                                        </p>
                                    }
                                })}
                            </article>
                        }.into_any()
                    }
                    Err(error) => view! { <ErrorNotice error=error/> }.into_any(),
                }
            })}}
        </Suspense>
    }
}
