//! `/reports`: the completion report — one row per trainee and course the
//! caller may see (the server decides; this page shows what it is given).
//! The filters are a GET form and the column headings and pager are links,
//! so every view is a plain URL that works without JavaScript; the export
//! links carry the same query string.

use crate::api::organisations::organisation_tree;
use crate::api::reports::completion_report;
use crate::components::notice::ErrorNotice;
use crate::components::org_select::OrganisationOptions;
use crate::dates::format_date;
use crate::i18n::{use_i18n, I18n};
use crate::model::reports::{
    CertificateStatus, CompletionRow, ReportPage, ReportQuery, RowStatus, SortKey,
};
use crate::paths;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The report's query, read from the address.
fn read_query() -> ReportQuery {
    use_query_map().with_untracked(|q| {
        let get = |k: &str| q.get(k).unwrap_or_default();
        ReportQuery {
            org: get("org"),
            province: get("province"),
            course: get("course"),
            position: get("position"),
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

#[component]
pub fn ReportsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = read_query();
    let fetch = query.clone();
    view! {
        <Title text=i18n.t("reports-title")/>
        <h1>{i18n.t("reports-title")}</h1>
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
        view! {
            <p class="exports">
                {i18n.t("reports-download")}" "
                <a href=csv download>{i18n.t("reports-csv")}</a>" · "
                <a href=xlsx download>{i18n.t("reports-xlsx")}</a>
            </p>
        }
    });
    let too_many =
        (!page.exportable).then(|| view! { <p class="notice">{i18n.t("reports-too-many")}</p> });
    view! {
        <Filters page=page.clone() query=query.clone()/>
        <Totals page=page.clone()/>
        {exports}
        {too_many}
        <Table page=page query=query/>
    }
}

#[component]
fn Filters(page: ReportPage, query: ReportQuery) -> impl IntoView {
    let i18n = use_i18n();
    let selected_org = query.org.clone();
    let option = |value: String, label: String, current: &str| {
        let selected = value == current;
        view! { <option value=value selected=selected>{label}</option> }
    };
    let courses = page
        .choices
        .courses
        .iter()
        .map(|c| option(c.slug.clone(), c.title.clone(), &query.course))
        .collect_view();
    let provinces = page
        .choices
        .provinces
        .iter()
        .map(|p| option(p.clone(), p.clone(), &query.province))
        .collect_view();
    let positions = page
        .choices
        .positions
        .iter()
        .map(|p| option(p.clone(), p.clone(), &query.position))
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
    view! {
        <form class="search report-filters" method="get" action=paths::REPORTS role="search"
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
                <label for="status">{i18n.t("people-status")}</label>
                <select id="status" name="status">
                    <option value="">{i18n.t("people-any")}</option>
                    {statuses}
                </select>
            </div>
            <div>
                <label for="dates">{i18n.t("reports-dates")}</label>
                <select id="dates" name="dates">
                    <option value="completed" selected=query.dates != "started">{i18n.t("reports-dates-completed")}</option>
                    <option value="started" selected=query.dates == "started">{i18n.t("reports-dates-started")}</option>
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
                    <option value="asc" selected=query.dir != "desc">{i18n.t("reports-dir-asc")}</option>
                    <option value="desc" selected=query.dir == "desc">{i18n.t("reports-dir-desc")}</option>
                </select>
            </div>
            <button type="submit">{i18n.t("reports-apply")}</button>
            <a href=paths::REPORTS>{i18n.t("reports-clear")}</a>
        </form>
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
            <td>{format_date(row.started_at)}</td>
            <td>{format!("{} / {}", row.modules_done, row.modules_total)}</td>
            <td>{percent(row.pretest)}</td>
            <td>{percent(row.final_score)}</td>
            <td>{passed}</td>
            <td>{row.completed_at.map(format_date)}</td>
            <td>{certificate}</td>
        </tr>
    }
}
