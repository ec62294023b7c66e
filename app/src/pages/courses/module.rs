use super::{minutes, LanguageNotice};
use crate::api::courses::get_module;
use crate::components::notice::ErrorNotice;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// `/courses/:slug/:module`: the reader. Readable on a phone, with a table
/// of contents, previous/next, and "mark as done" as a plain form.
#[component]
pub fn ModulePage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let key = move || {
        params.with(|p| {
            (
                p.get("slug").unwrap_or_default(),
                p.get("module").unwrap_or_default(),
            )
        })
    };
    let module = Resource::new(key, |(course, module)| get_module(course, module));
    let just_done = move || query.with(|q| q.get("done").is_some());
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match module.await {
                    Ok(m) => {
                        let course_href = format!("/courses/{}", m.course_slug);
                        let done_action = format!("/courses/{}/{}/done", m.course_slug, m.slug);
                        let position = i18n.t_with("module-position", &[
                            ("position", m.position.to_string().as_str()),
                            ("count", m.count.to_string().as_str()),
                        ]);
                        let prev = m.previous.clone().map(|(s, t)| (format!("/courses/{}/{}", m.course_slug, s), t));
                        let next = m.next.clone().map(|(s, t)| (format!("/courses/{}/{}", m.course_slug, s), t));
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
                                {m.content_warning.clone().map(|w| view! {
                                    <aside class="callout callout-warning" role="note">
                                        <p class="callout-title">{i18n.t("content-warning")}</p>
                                        <p>{w}</p>
                                    </aside>
                                })}
                                {(!m.objectives.is_empty()).then(|| view! {
                                    <section class="objectives" aria-labelledby="objectives-heading">
                                        <h2 id="objectives-heading">{i18n.t("module-objectives")}</h2>
                                        <ul>{m.objectives.iter().map(|o| view! { <li>{o.clone()}</li> }).collect_view()}</ul>
                                    </section>
                                })}
                                {(m.toc.len() > 1).then(|| view! {
                                    <nav class="toc" aria-labelledby="toc-heading">
                                        <h2 id="toc-heading">{i18n.t("module-contents")}</h2>
                                        <ul>
                                            {m.toc.iter().map(|t| {
                                                let href = format!("#{}", t.id);
                                                let class = format!("toc-{}", t.level);
                                                view! { <li class=class><a href=href target="_self">{t.text.clone()}</a></li> }
                                            }).collect_view()}
                                        </ul>
                                    </nav>
                                })}
                                <div class="prose" inner_html=m.html.clone()></div>
                                <form class="mark-done" method="post" action=done_action>
                                    <input type="hidden" name="version" value=m.version.to_string()/>
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
            })}
        </Suspense>
    }
}
