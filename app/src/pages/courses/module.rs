use super::{minutes, LanguageNotice};
use crate::api::courses::get_module;
use crate::components::module_body::ModuleBody;
use crate::components::notice::ErrorNotice;
use crate::components::question_fields::QuestionFields;
use crate::components::question_results::QuestionResults;
use crate::forms::module as module_form;
use crate::i18n::use_i18n;
use crate::model::quiz::{CheckPaper, CheckResult};
use crate::pages::fragments::{self, Part};
use crate::paths;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// `/courses/:slug/:module`: the reader. Readable on a phone, with a table
/// of contents, previous/next, and "mark as done" as a plain form. The
/// module's text and its check are rendered once per version, language and
/// order of the check, and kept (`pages/fragments.rs`); what is the
/// reader's own — crumbs, done state, the result of a try — is rendered on
/// every reading.
#[component]
pub fn ModulePage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    // Pages render on the server only (islands): fetched directly, no
    // Resource, nothing serialised into the page.
    let (course, module) = params.with_untracked(|p| {
        (
            p.get("slug").unwrap_or_default(),
            p.get("module").unwrap_or_default(),
        )
    });
    let check = query.with_untracked(|q| {
        q.get(module_form::CHECK)
            .and_then(|c| c.parse::<i64>().ok())
    });
    let just_done = move || query.with(|q| q.get(module_form::DONE).is_some());
    // Shared, so every run of the Suspense closure gets the same view; in an
    // `Arc`, so that getting it is not a copy of the module's text.
    let data = crate::pages::page_data::once(async move {
        get_module(course, module, check)
            .await
            .map(std::sync::Arc::new)
    });
    view! {
        <Suspense>
            {move || { let data = data.clone(); Suspend::new(async move {
                match data.await {
                    Ok(m) => {
                        let course_href = paths::course(&m.course_slug);
                        let done_action = paths::module_done(&m.course_slug, &m.slug);
                        let position = i18n.t_with("module-position", &[
                            ("position", m.position.to_string().as_str()),
                            ("count", m.count.to_string().as_str()),
                        ]);
                        let prev = m.previous.clone().map(|(s, t)| (paths::module(&m.course_slug, &s), t));
                        let next = m.next.clone().map(|(s, t)| (paths::module(&m.course_slug, &s), t));
                        view! {
                            <Title text=m.title.clone()/>
                            <article class="module" lang=m.text.language.clone()>
                                <nav class="crumbs" aria-label=i18n.t("module-breadcrumb")>
                                    <a href=course_href.clone()>{m.course_title.clone()}</a>
                                    " · "{position}" · "{minutes(i18n, m.estimated_minutes)}
                                </nav>
                                <h1>{m.title.clone()}</h1>
                                {just_done().then(|| view! { <p class="notice" role="status">{i18n.t("module-marked-done")}</p> })}
                                <LanguageNotice text=m.text.clone()/>
                                <div class="module-text" inner_html=fragments::rendered(
                                    &m.fragment_key, i18n.locale, Part::ModuleText,
                                    || view! {
                                        <ModuleBody content_warning=m.content_warning.clone() objectives=m.objectives.to_vec()
                                            toc=m.toc.to_vec() html=m.html.to_string()/>
                                    }.to_html(),
                                )></div>
                                {m.check_result.clone().map(|r| view! { <CheckResultView result=r/> })}
                                {m.check.clone().map(|paper| {
                                    let action = paths::module_check(&m.course_slug, &m.slug);
                                    let version = m.version;
                                    let html = fragments::rendered(
                                        &m.fragment_key, i18n.locale, Part::Check(paper.seed),
                                        move || view! { <CheckForm paper=(*paper).clone() action=action version=version/> }.to_html(),
                                    );
                                    view! { <div class="module-check" inner_html=html></div> }
                                })}
                                <form class="mark-done" method="post" action=done_action>
                                    <input type="hidden" name=module_form::field::VERSION value=m.version.to_string()/>
                                    {if m.done {
                                        view! { <p class="status done">{i18n.t("module-status-done")}</p> }.into_any()
                                    } else {
                                        view! { <button type="submit" class="primary">{i18n.t("module-mark-done")}</button> }.into_any()
                                    }}
                                </form>
                                <nav class="prev-next" aria-label=i18n.t("module-navigation")>
                                    {prev.map(|(href, title)| view! {
                                        <a href=href rel="prev"><span class="meta">{i18n.t("module-previous")}</span><br/>{title}</a>
                                    })}
                                    {match next {
                                        Some((href, title)) => view! {
                                            <a href=href rel="next" class="next"><span class="meta">{i18n.t("module-next")}</span><br/>{title}</a>
                                        }.into_any(),
                                        None => view! {
                                            <a href=course_href class="next">{i18n.t("module-back-to-course")}</a>
                                        }.into_any(),
                                    }}
                                </nav>
                            </article>
                        }.into_any()
                    }
                    Err(error) => view! { <ErrorNotice error=error/> }.into_any(),
                }
            })}}
        </Suspense>
    }
}

/// The knowledge check: a plain form (each question a fieldset), graded on
/// the server when sent.
#[component]
fn CheckForm(paper: CheckPaper, action: String, version: i64) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="check" aria-labelledby="check-heading">
            <h2 id="check-heading">{i18n.t("check-title")}</h2>
            <p class="hint">{i18n.t("check-intro")}</p>
            <form method="post" action=action class="stacked-questions">
                <input type="hidden" name=module_form::field::VERSION value=version.to_string()/>
                <input type="hidden" name=module_form::field::SEED value=paper.seed.to_string()/>
                {paper.questions.into_iter().enumerate().map(|(n, q)| view! {
                    <QuestionFields number=n question=q saved=Vec::new()/>
                }).collect_view()}
                <button type="submit">{i18n.t("check-submit")}</button>
            </form>
        </section>
    }
}

/// The outcome of the try just sent, with the right answers and the
/// explanations.
#[component]
fn CheckResultView(result: CheckResult) -> impl IntoView {
    let i18n = use_i18n();
    let score = format!("{}", result.score);
    view! {
        <section id=module_form::CHECK_RESULT class="check-result" aria-labelledby="result-heading">
            <h2 id="result-heading">{i18n.t_with("check-score", &[("score", score.as_str())])}</h2>
            <QuestionResults questions=result.questions/>
        </section>
    }
}
