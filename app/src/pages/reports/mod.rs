//! The reports' pages: the completion report (`/reports`), the dashboard
//! (`/reports/dashboard`) and knowledge gain (`/reports/gain`). They share
//! the filters — plain query parameters, a GET form — and a navigation.

pub mod completions;
pub mod dashboard;
pub mod exports;
pub mod gain;
pub mod questions;

use crate::api::organisations::organisation_tree;
use crate::components::org_select::OrganisationOptions;
use crate::i18n::use_i18n;
use crate::model::reports::{
    CertificateStatus, Figure, ReportChoices, ReportQuery, RowStatus, SortKey,
};
use crate::paths;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The report's query, read from the address.
pub fn read_query() -> ReportQuery {
    use_query_map().with_untracked(|q| {
        let get = |k: &str| q.get(k).unwrap_or_default();
        ReportQuery {
            org: get("org"),
            province: get("province"),
            course: get("course"),
            position: get("position"),
            cohort: get("cohort"),
            from: get("from"),
            to: get("to"),
            dates: get("dates"),
            status: get("status"),
            sort: get("sort"),
            dir: get("dir"),
            page: q.get("page").and_then(|p| p.parse().ok()).unwrap_or(1),
        }
    })
}

/// Links between the three report pages; the current one marked.
#[component]
pub fn ReportsNav(current: &'static str, query: ReportQuery) -> impl IntoView {
    let i18n = use_i18n();
    let mut pairs = query.pairs();
    // Sorting and status belong to the row-level report only.
    pairs.retain(|(k, _)| !matches!(*k, "sort" | "dir" | "status" | "dates"));
    let link = move |path: &'static str, key: &str| {
        let href = paths::with_query(path, &pairs);
        let here = (path == current).then_some("page");
        view! { <li><a href=href aria-current=here>{i18n.t(key)}</a></li> }
    };
    view! {
        <nav class="subnav" aria-label=i18n.t("reports-nav")>
            <ul>
                {link(paths::REPORTS, "reports-title")}
                {link(paths::REPORTS_DASHBOARD, "dashboard-title")}
                {link(paths::REPORTS_GAIN, "gain-title")}
                {link(paths::REPORTS_QUESTIONS, "questions-title")}
                {link(paths::REPORTS_EXPORTS, "exports-title")}
            </ul>
        </nav>
    }
}

/// A figure as text: the number with `unit`, or "fewer than 5".
pub fn figure_text<T: std::fmt::Display>(figure: &Figure<T>, unit: &str, withheld: &str) -> String {
    match figure {
        Figure::Shown(v) => format!("{v}{unit}"),
        Figure::Withheld => withheld.to_string(),
    }
}

/// The report filters, a GET form to `action`. `full` adds what only the
/// row-level report has: status, dates, sort and order.
#[component]
pub fn Filters(
    choices: ReportChoices,
    query: ReportQuery,
    action: &'static str,
    full: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let selected_org = query.org.clone();
    let option = |value: String, label: String, current: &str| {
        let selected = value == current;
        view! { <option value=value selected=selected>{label}</option> }
    };
    let courses = choices
        .courses
        .iter()
        .map(|c| option(c.slug.clone(), c.title.clone(), &query.course))
        .collect_view();
    let provinces = choices
        .provinces
        .iter()
        .map(|p| option(p.clone(), p.clone(), &query.province))
        .collect_view();
    let positions = choices
        .positions
        .iter()
        .map(|p| option(p.clone(), p.clone(), &query.position))
        .collect_view();
    let cohorts = choices
        .cohorts
        .iter()
        .map(|c| option(c.id.to_string(), c.name.clone(), &query.cohort))
        .collect_view();
    let statuses = [RowStatus::InProgress.code(), RowStatus::Completed.code()]
        .into_iter()
        .chain(CertificateStatus::ALL.iter().map(|s| s.code()))
        .map(|code| {
            option(
                code.to_string(),
                i18n.t(&format!("reports-status-{code}")),
                &query.status,
            )
        })
        .collect_view();
    let sorts = SortKey::ALL
        .iter()
        .map(|k| {
            option(
                k.code().to_string(),
                i18n.t(&format!("reports-col-{}", k.code())),
                &query.sort,
            )
        })
        .collect_view();
    let (dates, dir) = (query.dates.clone(), query.dir.clone());
    view! {
        <form class="search report-filters" method="get" action=action role="search"
            aria-label=i18n.t("reports-filters")>
            <div>
                <label for="org">{i18n.t("reports-col-organisation")}</label>
                <select id="org" name="org">
                    <option value="">{i18n.t("people-any")}</option>
                    <Suspense>
                        {move || {
                            let selected = selected_org.clone();
                            Suspend::new(async move {
                                organisation_tree().await
                                    .map(|list| view! { <OrganisationOptions orgs=list selected=selected/> })
                                    .ok()
                            })
                        }}
                    </Suspense>
                </select>
            </div>
            <div>
                <label for="course">{i18n.t("reports-col-course")}</label>
                <select id="course" name="course">
                    <option value="">{i18n.t("people-any")}</option>
                    {courses}
                </select>
            </div>
            <div>
                <label for="province">{i18n.t("reports-col-province")}</label>
                <select id="province" name="province">
                    <option value="">{i18n.t("people-any")}</option>
                    {provinces}
                </select>
            </div>
            <div>
                <label for="position">{i18n.t("reports-col-position")}</label>
                <select id="position" name="position">
                    <option value="">{i18n.t("people-any")}</option>
                    {positions}
                </select>
            </div>
            <div>
                <label for="cohort">{i18n.t("reports-cohort")}</label>
                <select id="cohort" name="cohort">
                    <option value="">{i18n.t("people-any")}</option>
                    {cohorts}
                </select>
            </div>
            {full.then(|| view! {
            <div>
                <label for="status">{i18n.t("people-status")}</label>
                <select id="status" name="status">
                    <option value="">{i18n.t("people-any")}</option>
                    {statuses}
                </select>
            </div>
            <div>
                <label for="dates">{i18n.t("reports-dates")}</label>
                <select id="dates" name="dates">
                    <option value="completed" selected=dates != "started">{i18n.t("reports-dates-completed")}</option>
                    <option value="started" selected=dates == "started">{i18n.t("reports-dates-started")}</option>
                </select>
            </div>
            <div>
                <label for="from">{i18n.t("reports-from")}</label>
                <input id="from" name="from" type="date" value=query.from.clone()/>
            </div>
            <div>
                <label for="to">{i18n.t("reports-to")}</label>
                <input id="to" name="to" type="date" value=query.to.clone()/>
            </div>
            <div>
                <label for="sort">{i18n.t("reports-sort")}</label>
                <select id="sort" name="sort">{sorts}</select>
            </div>
            <div>
                <label for="dir">{i18n.t("reports-dir")}</label>
                <select id="dir" name="dir">
                    <option value="asc" selected=dir != "desc">{i18n.t("reports-dir-asc")}</option>
                    <option value="desc" selected=dir == "desc">{i18n.t("reports-dir-desc")}</option>
                </select>
            </div>
            })}
            <button type="submit">{i18n.t("reports-apply")}</button>
            <a href=action>{i18n.t("reports-clear")}</a>
        </form>
    }
}
