//! `/reports`: the completion report — one row per trainee and course the
//! caller may see (the server decides; this page shows what it is given).
//! The filters are a GET form and the column headings and pager are links,
//! so every view is a plain URL that works without JavaScript; the export
//! links carry the same query string.

use super::exports::StartExport;
use super::{read_query, Filters, ReportsNav};
use crate::api::reports::completion_report;
use crate::components::notice::ErrorNotice;
use crate::i18n::{use_i18n, I18n};
use crate::model::reports::{CompletionRow, ReportPage, ReportQuery, SortKey};
use crate::paths;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ReportsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = read_query();
    let fetch = query.clone();
    view! {
        <Title text=i18n.t("reports-title")/>
        <h1>{i18n.t("reports-title")}</h1>
        <ReportsNav current=paths::REPORTS query=query.clone()/>
        <p>{i18n.t("reports-intro")}</p>
        <Suspense>
            {move || {
                let query = fetch.clone();
                Suspend::new(async move {
                    match completion_report(query.clone()).await {
                        Ok(page) => view! { <Report page=page query=query/> }.into_any(),
                        Err(error) => view! { <ErrorNotice error=error/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn Report(page: ReportPage, query: ReportQuery) -> impl IntoView {
    let i18n = use_i18n();
    let exports = page.exportable.then(|| {
        let pairs = query.pairs();
        let csv = paths::with_query(paths::REPORTS_CSV, &pairs);
        let xlsx = paths::with_query(paths::REPORTS_XLSX, &pairs);
        let pdf = paths::with_query(paths::REPORTS_PDF, &pairs);
        view! {
            <p class="exports">
                {i18n.t("reports-download")}" "
                <a href=csv download>{i18n.t("reports-csv")}</a>" · "
                <a href=xlsx download>{i18n.t("reports-xlsx")}</a>" · "
                <a href=pdf download>{i18n.t("reports-pdf")}</a>
            </p>
        }
    });
    let too_many =
        (!page.exportable).then(|| view! { <p class="notice">{i18n.t("reports-too-many")}</p> });
    let background = view! {
        <details class="background-export" open=!page.exportable>
            <summary>{i18n.t("exports-offer")}</summary>
            <StartExport query=query.clone()/>
        </details>
    };
    view! {
        <Filters choices=page.choices.clone() query=query.clone() action=paths::REPORTS full=true/>
        <Totals page=page.clone()/>
        {exports}
        {too_many}
        {background}
        <Table page=page query=query/>
    }
}

/// A percentage as shown (one decimal, no trailing `.0`).
fn percent(value: Option<f64>) -> String {
    value.map_or_else(|| "—".into(), |v| format!("{v}%"))
}

#[component]
fn Totals(page: ReportPage) -> impl IntoView {
    let i18n = use_i18n();
    let t = page.totals;
    let item = move |key: &str, value: String| {
        view! { <div><dt>{i18n.t(key)}</dt><dd>{value}</dd></div> }
    };
    view! {
        <section aria-labelledby="totals-heading">
            <h2 id="totals-heading">{i18n.t("reports-totals")}</h2>
            <p role="status">{i18n.t_with("reports-count", &[("count", &t.rows.to_string()), ("trainees", &t.trainees.to_string())])}</p>
            <dl class="totals">
                {item("reports-total-completed", t.completed.to_string())}
                {item("reports-total-passed", t.passed.to_string())}
                {item("reports-total-certified", t.certified.to_string())}
                {item("reports-total-pretest", percent(t.mean_pretest))}
                {item("reports-total-final", percent(t.mean_final))}
            </dl>
        </section>
    }
}

/// A column heading that sorts by `key` (again: the other way).
fn heading(i18n: I18n, query: &ReportQuery, key: SortKey) -> impl IntoView {
    let active = SortKey::parse(&query.sort).unwrap_or(SortKey::Name) == key;
    let descending = active && query.dir == "desc";
    let mut next = query.clone();
    next.sort = key.code().into();
    next.dir = if active && !descending {
        "desc".into()
    } else {
        "asc".into()
    };
    let href = paths::with_query(paths::REPORTS, &next.pairs());
    let sort = match (active, descending) {
        (false, _) => None,
        (true, false) => Some("ascending"),
        (true, true) => Some("descending"),
    };
    view! {
        <th scope="col" aria-sort=sort>
            <a href=href>{i18n.t(&format!("reports-col-{}", key.code()))}</a>
        </th>
    }
}

#[component]
fn Table(page: ReportPage, query: ReportQuery) -> impl IntoView {
    let i18n = use_i18n();
    let link = {
        let query = query.clone();
        move |to: u32| {
            let mut pairs = query.pairs();
            pairs.push(("page", to.to_string()));
            paths::with_query(paths::REPORTS, &pairs)
        }
    };
    let prev = (page.page > 1).then(|| link(page.page - 1));
    let next = (page.page < page.pages).then(|| link(page.page + 1));
    let (current, pages) = (page.page.to_string(), page.pages.to_string());
    let h = |key| heading(i18n, &query, key);
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label=i18n.t("reports-table")>
            <table class="report">
                <thead>
                    <tr>
                        {h(SortKey::Name)}
                        {h(SortKey::Organisation)}
                        {h(SortKey::Position)}
                        {h(SortKey::Province)}
                        {h(SortKey::Course)}
                        {h(SortKey::Started)}
                        {h(SortKey::Modules)}
                        {h(SortKey::Pretest)}
                        {h(SortKey::Final)}
                        <th scope="col">{i18n.t("reports-col-passed")}</th>
                        {h(SortKey::Completed)}
                        <th scope="col">{i18n.t("reports-col-certificate")}</th>
                        <th scope="col">{i18n.t("reports-col-sessions")}</th>
                    </tr>
                </thead>
                <tbody>
                    {page.rows.into_iter().map(|r| view! { <ReportRow row=r/> }).collect_view()}
                </tbody>
            </table>
        </div>
        <nav class="pager" aria-label=i18n.t("pager-label")>
            {prev.map(|href| view! { <a href=href rel="prev">{i18n.t("pager-previous")}</a> })}
            <span>{i18n.t_with("pager-position", &[("page", current.as_str()), ("pages", pages.as_str())])}</span>
            {next.map(|href| view! { <a href=href rel="next">{i18n.t("pager-next")}</a> })}
        </nav>
    }
}

#[component]
fn ReportRow(row: CompletionRow) -> impl IntoView {
    let i18n = use_i18n();
    let name = if row.anonymised {
        i18n.t("person-anonymised")
    } else {
        row.name.clone()
    };
    let passed = row.passed.map_or_else(
        || "—".to_string(),
        |p| i18n.t(if p { "reports-yes" } else { "reports-no" }),
    );
    let certificate = row.certificate.clone().map(|c| {
        let status = i18n.t(&format!("reports-status-{}", c.status.code()));
        view! { <span class="code">{c.code}</span><br/><span>{status}</span> }
    });
    view! {
        <tr>
            <th scope="row">
                <a href=paths::person(row.user_id)>{name}</a>
                {row.name_latin.clone().map(|l| view! { <br/><span class="latin">{l}</span> })}
            </th>
            <td>{row.organisation_path.join(" › ")}</td>
            <td>{row.position.clone()}</td>
            <td>{row.province.clone()}</td>
            <td>{row.course_title.clone()}</td>
            <td>{i18n.date(row.started_at)}</td>
            <td>{format!("{} / {}", row.modules_done, row.modules_total)}</td>
            <td>{percent(row.pretest)}</td>
            <td>{percent(row.final_score)}</td>
            <td>{passed}</td>
            <td>{row.completed_at.map(|d| i18n.date(d))}</td>
            <td>{certificate}</td>
            <td class="number">{row.sessions_attended}</td>
        </tr>
    }
}
