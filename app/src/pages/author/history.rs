use super::outcome_key;
use crate::api::authoring::load_author_history;
use crate::components::notice::{ErrorNotice, FormOutcome};
use crate::forms::authoring::field;
use crate::i18n::use_i18n;
use crate::model::authoring::{Change, HistoryView, QuestionChangeKind, Span};
use crate::paths;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// `/author/{course}/files/{file}/history`: every published version with
/// who published (and approved) it and when, a diff of any two
/// (`?from=&to=`), and rollback.
#[component]
pub fn AuthorHistoryPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let (course, file) = params.with_untracked(|p| {
        (
            p.get("course").unwrap_or_default(),
            p.get("file").unwrap_or_default(),
        )
    });
    let (from, to) = query.with_untracked(|q| {
        (
            q.get(field::FROM).and_then(|v| v.parse().ok()),
            q.get(field::TO).and_then(|v| v.parse().ok()),
        )
    });
    view! {
        <Suspense>
            {move || { let (course, file) = (course.clone(), file.clone()); Suspend::new(async move {
                match load_author_history(course, file, from, to).await {
                    Ok(h) => view! { <History history=h/> }.into_any(),
                    Err(error) => view! { <Title text=i18n.t("author-title")/><ErrorNotice error=error/> }.into_any(),
                }
            })}}
        </Suspense>
    }
}

fn spans(list: Vec<Span>) -> impl IntoView {
    list.into_iter()
        .map(|s| match s.change {
            Change::Same => view! { <span>{s.text}</span> }.into_any(),
            Change::Added => view! { <ins>{s.text}</ins> }.into_any(),
            Change::Removed => view! { <del>{s.text}</del> }.into_any(),
        })
        .collect_view()
}

#[component]
fn History(history: HistoryView) -> impl IntoView {
    let i18n = use_i18n();
    let HistoryView {
        slug,
        file,
        versions,
        revision,
        diff,
    } = history;
    let heading = i18n.t_with("author-history-of", &[("file", file.as_str())]);
    let ids: Vec<i64> = versions.iter().map(|v| v.id).collect();
    view! {
        <Title text=heading.clone()/>
        <nav class="crumbs" aria-label=i18n.t("author-breadcrumb")>
            <a href=paths::AUTHOR>{i18n.t("author-title")}</a>" · "
            <a href=paths::author_course(&slug)>{slug.clone()}</a>" · "
            <a href=paths::author_file(&slug, &file)>{file.clone()}</a>
        </nav>
        <h1>{heading}</h1>
        <FormOutcome keys=outcome_key/>
        {if versions.is_empty() {
            view! { <p>{i18n.t("author-no-versions")}</p> }.into_any()
        } else {
            view! {
                <div class="table-scroll" tabindex="0" role="region" aria-label=i18n.t("author-versions")>
                <table>
                    <thead><tr>
                        <th scope="col">{i18n.t("author-version")}</th>
                        <th scope="col">{i18n.t("author-published-at")}</th>
                        <th scope="col">{i18n.t("author-published-by")}</th>
                        <th scope="col">{i18n.t("author-approved-by-col")}</th>
                        <th scope="col">{i18n.t("author-actions")}</th>
                    </tr></thead>
                    <tbody>
                        {versions.into_iter().enumerate().map(|(i, v)| {
                            let older = ids.get(i + 1).copied();
                            let rollback = paths::author_rollback(&slug, &file);
                            view! {
                                <tr>
                                    <td><code>{v.hash.clone()}</code>{v.current.then(|| view! { " "<span class="badge">{i18n.t("author-current")}</span> })}</td>
                                    <td>{i18n.date_time(v.at)}</td>
                                    <td>{v.published_by.clone().unwrap_or_else(|| i18n.t("author-by-import"))}</td>
                                    <td>{v.approved_by.clone().unwrap_or_default()}</td>
                                    <td>
                                        {older.map(|o| view! { <a href=paths::author_diff(&slug, &file, o, v.id)>{i18n.t("author-diff-previous")}</a>" " })}
                                        {(!v.current).then(|| view! {
                                            <form class="inline" method="post" action=rollback>
                                                <input type="hidden" name=field::VERSION value=v.id.to_string()/>
                                                <input type="hidden" name=field::REVISION value=revision.to_string()/>
                                                <button type="submit">{i18n.t("author-roll-back")}</button>
                                            </form>
                                        })}
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
                </div>
            }.into_any()
        }}
        {diff.map(|d| view! {
            <section id="diff" class="diff" aria-labelledby="diff-heading">
                <h2 id="diff-heading">{i18n.t("author-diff")}</h2>
                {(!d.questions.is_empty()).then(|| view! {
                    <h3>{i18n.t("author-diff-questions")}</h3>
                    <ul class="question-changes">
                        {d.questions.into_iter().map(|q| {
                            let what = match q.change {
                                QuestionChangeKind::Added => i18n.t("author-question-added"),
                                QuestionChangeKind::Removed => i18n.t("author-question-removed"),
                                QuestionChangeKind::Changed => i18n.t("author-question-changed"),
                            };
                            view! { <li><strong>{q.id}</strong>" — "{what}<pre class="source">{spans(q.spans)}</pre></li> }
                        }).collect_view()}
                    </ul>
                })}
                <h3>{i18n.t("author-diff-text")}</h3>
                <pre class="source">{spans(d.spans)}</pre>
            </section>
        })}
    }
}
