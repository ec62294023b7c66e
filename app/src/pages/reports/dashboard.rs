//! `/reports/dashboard`: the headline figures, completions per month,
//! pass rate and knowledge gain per organisation and course, certificates
//! expiring soon, and a province table — server-rendered SVG charts, each
//! with its data as a table; small groups shown as "fewer than 5".

use super::{figure_text, read_query, Filters, ReportsNav};
use crate::api::reports::{filter_choices, report_dashboard};
use crate::components::bar_chart::{Bar, BarChart};
use crate::components::notice::ErrorNotice;
use crate::i18n::use_i18n;
use crate::model::reports::{Dashboard, Figure, GroupFigures};
use crate::paths;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn DashboardPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = read_query();
    let fetch = query.clone();
    view! {
        <Title text=i18n.t("dashboard-title")/>
        <h1>{i18n.t("dashboard-title")}</h1>
        <ReportsNav current=paths::REPORTS_DASHBOARD query=query.clone()/>
        <p>{i18n.t("dashboard-intro")}</p>
        <Suspense>
            {move || {
                let query = fetch.clone();
                Suspend::new(async move {
                    let choices = filter_choices().await;
                    match (report_dashboard(query.clone()).await, choices) {
                        (Ok(d), Ok(choices)) => view! {
                            <Filters choices=choices query=query action=paths::REPORTS_DASHBOARD full=false/>
                            <DashboardView dashboard=d/>
                        }.into_any(),
                        (Err(error), _) | (_, Err(error)) => view! { <ErrorNotice error=error/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// Bars of one figure of each group.
pub fn bars(groups: &[GroupFigures], value: impl Fn(&GroupFigures) -> Figure<f64>) -> Vec<Bar> {
    groups.iter().map(|g| (g.label.clone(), value(g))).collect()
}

#[component]
fn DashboardView(dashboard: Dashboard) -> impl IntoView {
    let i18n = use_i18n();
    let withheld = i18n.t("reports-withheld");
    let o = &dashboard.overall;
    let headline = [
        (
            "dashboard-trainees",
            figure_text(&o.trainees, "", &withheld),
        ),
        (
            "dashboard-completed",
            figure_text(&o.completed, "", &withheld),
        ),
        (
            "dashboard-pass-rate",
            figure_text(&o.pass_rate, "%", &withheld),
        ),
        (
            "dashboard-gain",
            figure_text(&o.gain_percent(), "%", &withheld),
        ),
        (
            "dashboard-expiring",
            figure_text(&dashboard.expiring, "", &withheld),
        ),
    ]
    .into_iter()
    .map(|(key, value)| view! { <div><dt>{i18n.t(key)}</dt><dd>{value}</dd></div> })
    .collect_view();
    let expiring_link = paths::with_query(paths::REPORTS, &[("status", "expiring")]);
    let months: Vec<Bar> = dashboard
        .months
        .iter()
        .map(|m| (m.month.clone(), m.completions.map(|n| n as f64)))
        .collect();
    let month_max = months
        .iter()
        .filter_map(|(_, v)| v.shown())
        .fold(1.0, f64::max);
    let pass = |g: &GroupFigures| g.pass_rate;
    view! {
        <section aria-labelledby="headline">
            <h2 id="headline">{i18n.t("reports-totals")}</h2>
            <dl class="totals">{headline}</dl>
            <p><a href=expiring_link>{i18n.t("dashboard-expiring-list")}</a></p>
        </section>
        <section aria-labelledby="months-heading">
            <h2 id="months-heading">{i18n.t("dashboard-months")}</h2>
            <BarChart id="months" title=i18n.t("dashboard-months") bars=months max=month_max unit=""
                value_heading=i18n.t("dashboard-completed")/>
        </section>
        <section aria-labelledby="org-heading">
            <h2 id="org-heading">{i18n.t("dashboard-organisations")}</h2>
            <BarChart id="org-pass" title=i18n.t("dashboard-pass-rate-by-organisation")
                bars=bars(&dashboard.organisations, pass) max=100.0 unit="%"
                value_heading=i18n.t("dashboard-pass-rate")/>
            <BarChart id="org-gain" title=i18n.t("dashboard-gain-by-organisation")
                bars=bars(&dashboard.organisations, GroupFigures::gain_percent) max=100.0 unit="%"
                value_heading=i18n.t("dashboard-gain")/>
        </section>
        <section aria-labelledby="course-heading">
            <h2 id="course-heading">{i18n.t("dashboard-courses")}</h2>
            <BarChart id="course-pass" title=i18n.t("dashboard-pass-rate-by-course")
                bars=bars(&dashboard.courses, pass) max=100.0 unit="%"
                value_heading=i18n.t("dashboard-pass-rate")/>
            <BarChart id="course-gain" title=i18n.t("dashboard-gain-by-course")
                bars=bars(&dashboard.courses, GroupFigures::gain_percent) max=100.0 unit="%"
                value_heading=i18n.t("dashboard-gain")/>
        </section>
        <section aria-labelledby="province-heading">
            <h2 id="province-heading">{i18n.t("dashboard-provinces")}</h2>
            <GroupTable groups=dashboard.provinces label=i18n.t("reports-col-province") id="provinces"/>
        </section>
    }
}

/// Each group's figures in a table.
#[component]
pub fn GroupTable(groups: Vec<GroupFigures>, label: String, id: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let withheld = i18n.t("reports-withheld");
    let rows = groups
        .into_iter()
        .map(|g| {
            let w = withheld.as_str();
            let gain = match g.gain {
                Figure::Shown(Some(v)) => format!("{v:.2}"),
                Figure::Shown(None) => "—".into(),
                Figure::Withheld => w.to_string(),
            };
            view! {
                <tr>
                    <th scope="row">{if g.label.is_empty() { "—".to_string() } else { g.label.clone() }}</th>
                    <td>{figure_text(&g.trainees, "", w)}</td>
                    <td>{figure_text(&g.completed, "", w)}</td>
                    <td>{figure_text(&g.pass_rate, "%", w)}</td>
                    <td>{figure_text(&g.with_both, "", w)}</td>
                    <td>{figure_text(&g.mean_pretest, "%", w)}</td>
                    <td>{figure_text(&g.mean_final, "%", w)}</td>
                    <td>{gain}</td>
                </tr>
            }
        })
        .collect_view();
    let caption = format!("{id}-table");
    let labelled_by = caption.clone();
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-labelledby=labelled_by>
            <table class="figures">
                <caption id=caption>{label.clone()}</caption>
                <thead>
                    <tr>
                        <th scope="col">{label}</th>
                        <th scope="col">{i18n.t("dashboard-trainees")}</th>
                        <th scope="col">{i18n.t("dashboard-completed")}</th>
                        <th scope="col">{i18n.t("dashboard-pass-rate")}</th>
                        <th scope="col">{i18n.t("gain-with-both")}</th>
                        <th scope="col">{i18n.t("gain-mean-pretest")}</th>
                        <th scope="col">{i18n.t("gain-mean-final")}</th>
                        <th scope="col">{i18n.t("gain-normalised")}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
