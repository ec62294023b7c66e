//! `/reports/exports`: large downloads of the completion report, built in
//! the background. While one is being built the page refreshes itself
//! every few seconds (a meta refresh, so it works without JavaScript) and
//! shows a progress bar; a finished one is a download link.

use super::ReportsNav;
use crate::api::reports::report_exports;
use crate::components::notice::{ErrorNotice, FormOutcome};
use crate::forms;
use crate::forms::report_export::{field, Outcome};
use crate::i18n::use_i18n;
use crate::model::reports::{ExportState, ExportSummary, ReportQuery};
use crate::paths;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};

fn outcome_key(kind: &str, code: &str) -> &'static str {
    forms::message_key::<Outcome>(kind, code)
}

#[component]
pub fn ExportsPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = crate::pages::page_data::once(report_exports());
    view! {
        <Title text=i18n.t("exports-title")/>
        <h1>{i18n.t("exports-title")}</h1>
        <ReportsNav current=paths::REPORTS_EXPORTS query=ReportQuery::default()/>
        <p>{i18n.t("exports-intro")}</p>
        <FormOutcome keys=outcome_key/>
        <Suspense>
            {move || { let data = data.clone(); Suspend::new(async move {
                match data.await {
                    Ok(list) => view! { <Exports list=list/> }.into_any(),
                    Err(error) => view! { <ErrorNotice error=error/> }.into_any(),
                }
            })}}
        </Suspense>
    }
}

#[component]
fn Exports(list: Vec<ExportSummary>) -> impl IntoView {
    let i18n = use_i18n();
    let running = list.iter().any(|e| e.state == ExportState::Running);
    if list.is_empty() {
        return view! { <p>{i18n.t("exports-none")}</p> }.into_any();
    }
    let rows = list
        .into_iter()
        .map(|e| {
            let filters = if e.query.is_empty() { i18n.t("exports-no-filters") } else { e.query.clone() };
            let state = match e.state {
                ExportState::Ready => {
                    let href = paths::report_export(e.id, &e.format);
                    let label = i18n.t_with("exports-download", &[("format", &e.format.to_uppercase())]);
                    view! { <a href=href download>{label}</a> }.into_any()
                }
                ExportState::Running => {
                    let (done, total) = (e.done.to_string(), e.total.to_string());
                    let label = i18n.t_with("exports-progress", &[("done", done.as_str()), ("total", total.as_str())]);
                    view! {
                        <progress value=e.done max=e.total.max(1) aria-label=label.clone()></progress>
                        " "<span>{label}</span>
                    }
                    .into_any()
                }
                ExportState::Failed => view! { <span>{i18n.t("exports-failed")}</span> }.into_any(),
            };
            view! {
                <tr>
                    <td>{i18n.date_time(e.created_at)}</td>
                    <td>{e.format.to_uppercase()}</td>
                    <td><code>{filters}</code></td>
                    <td>{e.total}</td>
                    <td>{state}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        {running.then(|| view! { <Meta http_equiv="refresh" content="3"/> })}
        <div class="table-wrap" tabindex="0" role="region" aria-label=i18n.t("exports-title")>
            <table>
                <thead>
                    <tr>
                        <th scope="col">{i18n.t("exports-requested")}</th>
                        <th scope="col">{i18n.t("exports-format")}</th>
                        <th scope="col">{i18n.t("reports-filters")}</th>
                        <th scope="col">{i18n.t("exports-rows")}</th>
                        <th scope="col">{i18n.t("people-status")}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// The form that starts a background export of `query` (on `/reports`).
#[component]
pub fn StartExport(query: ReportQuery) -> impl IntoView {
    let i18n = use_i18n();
    let hidden = query
        .pairs()
        .into_iter()
        .map(|(name, value)| view! { <input type="hidden" name=name value=value/> })
        .collect_view();
    view! {
        <form class="inline" method="post" action=paths::REPORTS_EXPORTS>
            {hidden}
            <label for="export-format">{i18n.t("exports-format")}</label>" "
            <select id="export-format" name=field::FORMAT>
                <option value="csv">"CSV"</option>
                <option value="xlsx">"XLSX"</option>
            </select>" "
            <button type="submit">{i18n.t("exports-start")}</button>
        </form>
    }
}
