//! `/reports/gain`: knowledge gain per course, per organisation and per
//! module — how many trainees took both the pre-test and a final, their
//! mean scores, and the normalised gain of the means; small groups shown
//! as "fewer than 5".

use super::dashboard::{bars, GroupTable};
use super::{figure_text, read_query, Filters, ReportsNav};
use crate::api::reports::{filter_choices, report_gain};
use crate::components::bar_chart::BarChart;
use crate::components::notice::ErrorNotice;
use crate::i18n::use_i18n;
use crate::model::reports::{Figure, GainReport, GroupFigures};
use crate::paths;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn GainPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = read_query();
    let fetch = query.clone();
    view! {
        <Title text=i18n.t("gain-title")/>
        <h1>{i18n.t("gain-title")}</h1>
        <ReportsNav current=paths::REPORTS_GAIN query=query.clone()/>
        <p>{i18n.t("gain-intro")}</p>
        <Suspense>
            {move || {
                let query = fetch.clone();
                Suspend::new(async move {
                    let choices = filter_choices().await;
                    match (report_gain(query.clone()).await, choices) {
                        (Ok(g), Ok(choices)) => view! {
                            <Filters choices=choices query=query action=paths::REPORTS_GAIN full=false/>
                            <GainView report=g/>
                        }.into_any(),
                        (Err(error), _) | (_, Err(error)) => view! { <ErrorNotice error=error/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn GainView(report: GainReport) -> impl IntoView {
    let i18n = use_i18n();
    let withheld = i18n.t("reports-withheld");
    let o = &report.overall;
    let headline = [
        ("gain-with-both", figure_text(&o.with_both, "", &withheld)),
        (
            "gain-mean-pretest",
            figure_text(&o.mean_pretest, "%", &withheld),
        ),
        (
            "gain-mean-final",
            figure_text(&o.mean_final, "%", &withheld),
        ),
        (
            "dashboard-gain",
            figure_text(&o.gain_percent(), "%", &withheld),
        ),
    ]
    .into_iter()
    .map(|(key, value)| view! { <div><dt>{i18n.t(key)}</dt><dd>{value}</dd></div> })
    .collect_view();
    let modules = report
        .modules
        .iter()
        .map(|m| {
            let w = withheld.as_str();
            let gain = match m.gain {
                Figure::Shown(Some(v)) => format!("{v:.2}"),
                Figure::Shown(None) => "—".into(),
                Figure::Withheld => w.to_string(),
            };
            view! {
                <tr>
                    <th scope="row">{m.course.clone()}</th>
                    <td>{m.module.clone()}</td>
                    <td>{figure_text(&m.with_both, "", w)}</td>
                    <td>{figure_text(&m.mean_pretest, "%", w)}</td>
                    <td>{figure_text(&m.mean_final, "%", w)}</td>
                    <td>{gain}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="gain-headline">
            <h2 id="gain-headline">{i18n.t("reports-totals")}</h2>
            <dl class="totals">{headline}</dl>
            <p class="hint">{i18n.t("gain-explained")}</p>
        </section>
        <section aria-labelledby="gain-courses">
            <h2 id="gain-courses">{i18n.t("dashboard-courses")}</h2>
            <BarChart id="gain-course" title=i18n.t("dashboard-gain-by-course")
                bars=bars(&report.courses, GroupFigures::gain_percent) max=100.0 unit="%"
                value_heading=i18n.t("dashboard-gain")/>
            <GroupTable groups=report.courses.clone() label=i18n.t("reports-col-course") id="gain-course"/>
        </section>
        <section aria-labelledby="gain-organisations">
            <h2 id="gain-organisations">{i18n.t("dashboard-organisations")}</h2>
            <GroupTable groups=report.organisations.clone() label=i18n.t("reports-col-organisation") id="gain-org"/>
        </section>
        <section aria-labelledby="gain-modules">
            <h2 id="gain-modules">{i18n.t("gain-modules")}</h2>
            <p>{i18n.t("gain-modules-explained")}</p>
            <div class="table-wrap" tabindex="0" role="region" aria-labelledby="gain-modules">
                <table class="figures">
                    <thead>
                        <tr>
                            <th scope="col">{i18n.t("reports-col-course")}</th>
                            <th scope="col">{i18n.t("gain-module")}</th>
                            <th scope="col">{i18n.t("gain-with-both")}</th>
                            <th scope="col">{i18n.t("gain-mean-pretest")}</th>
                            <th scope="col">{i18n.t("gain-mean-final")}</th>
                            <th scope="col">{i18n.t("gain-normalised")}</th>
                        </tr>
                    </thead>
                    <tbody>{modules}</tbody>
                </table>
            </div>
        </section>
    }
}
