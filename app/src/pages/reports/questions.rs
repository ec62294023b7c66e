//! `/reports/questions`: how a course's final-assessment questions perform
//! — attempts, facility, discrimination, option picks and flags — for the
//! trainees in the caller's scope, narrowed by the report's filters.

use super::{read_query, Filters, ReportsNav};
use crate::api::reports::{filter_choices, report_questions};
use crate::components::notice::ErrorNotice;
use crate::i18n::use_i18n;
use crate::model::reports::{QuestionFigures, QuestionReport};
use crate::paths;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn QuestionsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = read_query();
    let fetch = query.clone();
    view! {
        <Title text=i18n.t("questions-title")/>
        <h1>{i18n.t("questions-title")}</h1>
        <ReportsNav current=paths::REPORTS_QUESTIONS query=query.clone()/>
        <p>{i18n.t("questions-intro")}</p>
        <Suspense>
            {move || {
                let query = fetch.clone();
                Suspend::new(async move {
                    let choices = filter_choices().await;
                    match (report_questions(query.clone()).await, choices) {
                        (Ok(r), Ok(choices)) => view! {
                            <Filters choices=choices query=query action=paths::REPORTS_QUESTIONS full=false/>
                            <QuestionsView report=r/>
                        }.into_any(),
                        (Err(error), _) | (_, Err(error)) => view! { <ErrorNotice error=error/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// A figure to two places, or a dash.
fn number(x: Option<f64>) -> String {
    x.map_or_else(|| "—".to_string(), |x| format!("{x:.2}"))
}

#[component]
fn QuestionsView(report: QuestionReport) -> impl IntoView {
    let i18n = use_i18n();
    if !report.course_chosen {
        return view! { <p role="status">{i18n.t("questions-choose-course")}</p> }.into_any();
    }
    let summary = i18n.t_with(
        "questions-summary",
        &[
            ("attempts", &report.attempts.to_string()),
            ("flag_after", &report.flag_after.to_string()),
        ],
    );
    view! {
        <p role="status">{summary}</p>
        <div class="table-scroll" tabindex="0" role="region" aria-label=i18n.t("questions-table")>
        <table>
            <thead><tr>
                <th scope="col">{i18n.t("questions-question")}</th>
                <th scope="col">{i18n.t("questions-attempts")}</th>
                <th scope="col">{i18n.t("questions-facility")}</th>
                <th scope="col">{i18n.t("questions-point-biserial")}</th>
                <th scope="col">{i18n.t("questions-upper-lower")}</th>
                <th scope="col">{i18n.t("questions-flags")}</th>
            </tr></thead>
            <tbody>
                {report.questions.into_iter().map(|q| view! { <QuestionRow q=q/> }).collect_view()}
            </tbody>
        </table>
        </div>
    }
    .into_any()
}

#[component]
fn QuestionRow(q: QuestionFigures) -> impl IntoView {
    let i18n = use_i18n();
    let flags = q
        .flags
        .iter()
        .map(|f| i18n.t(&format!("questions-flag-{f}")))
        .collect::<Vec<_>>()
        .join("; ");
    let options = (!q.options.is_empty()).then(|| {
        view! {
            <details>
                <summary>{i18n.t("questions-options")}</summary>
                <ul>
                    {q.options.into_iter().map(|o| {
                        let key = if o.correct { " ✓ " } else { " " };
                        view! { <li>{o.text}{key}"— "{i18n.t_with("questions-picks", &[("n", &o.picks.to_string())])}</li> }
                    }).collect_view()}
                </ul>
            </details>
        }
    });
    view! {
        <tr>
            <td><code>{q.id}</code>" "{q.text}{options}</td>
            <td class="number">{q.attempts}</td>
            <td class="number">{number(q.facility)}</td>
            <td class="number">{number(q.point_biserial)}</td>
            <td class="number">{number(q.upper_lower)}</td>
            <td>{flags}</td>
        </tr>
    }
}
