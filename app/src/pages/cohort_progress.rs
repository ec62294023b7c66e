//! `/cohorts/{id}/progress`: the cohort dashboard — for one assigned
//! course, each trainee's progress per module, pre-test and best final
//! score, session days attended, certificate status and whether they are
//! overdue. Column headings sort (links, so it works without JavaScript);
//! the same rows download as CSV and XLSX.

use crate::api::cohorts::load_progress;
use crate::components::notice::ErrorNotice;
use crate::i18n::{use_i18n, I18n};
use crate::model::cohorts::{CohortProgress, ModuleState, ProgressQuery, ProgressRow};
use crate::paths;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn CohortProgressPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = use_params_map().with_untracked(|p| {
        p.get("id")
            .and_then(|id| id.parse::<i64>().ok())
            .unwrap_or(0)
    });
    let query = use_query_map().with_untracked(|q| ProgressQuery {
        course: q.get("course").unwrap_or_default(),
        sort: q.get("sort").unwrap_or_default(),
        dir: q.get("dir").unwrap_or_default(),
    });
    view! {
        <p><a href=paths::cohort(id)>{i18n.t("cohorts-back-to-cohort")}</a></p>
        <Suspense>
            {move || {
                let query = query.clone();
                Suspend::new(async move {
                    match load_progress(id, query).await {
                        Ok(p) => view! { <Dashboard p=p/> }.into_any(),
                        Err(error) => view! { <ErrorNotice error=error/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

fn percent(v: Option<f64>) -> String {
    v.map(|v| format!("{v:.1}%")).unwrap_or_default()
}

/// A heading that sorts by `key` (again: the other way).
fn heading(i18n: I18n, p: &CohortProgress, key: &'static str, label: String) -> impl IntoView {
    let active = p.sort == key;
    let dir = if active && !p.descending {
        "desc"
    } else {
        "asc"
    };
    let course = p
        .course
        .as_ref()
        .map(|c| c.slug.clone())
        .unwrap_or_default();
    let href = paths::with_query(
        &paths::cohort_progress(p.cohort_id),
        &[("course", course.as_str()), ("sort", key), ("dir", dir)],
    );
    let sort = active.then_some(if p.descending {
        "descending"
    } else {
        "ascending"
    });
    let _ = i18n;
    view! { <th scope="col" aria-sort=sort><a href=href>{label}</a></th> }
}

#[component]
fn Dashboard(p: CohortProgress) -> impl IntoView {
    let i18n = use_i18n();
    let title = i18n.t_with("cohorts-progress-title", &[("cohort", p.cohort.as_str())]);
    let Some(course) = p.course.clone() else {
        return view! {
            <Title text=title.clone()/>
            <h1>{title}</h1>
            <p>{i18n.t("cohorts-progress-no-course")}</p>
        }
        .into_any();
    };
    let switcher = (p.courses.len() > 1).then(|| {
        let action = paths::cohort_progress(p.cohort_id);
        view! {
            <form method="get" action=action class="inline">
                <label for="progress-course">{i18n.t("reports-col-course")}</label>
                <select id="progress-course" name="course">
                    {p.courses.iter().map(|c| view! {
                        <option value=c.slug.clone() selected=c.slug == course.slug>{c.title.clone()}</option>
                    }).collect_view()}
                </select>
                <button type="submit">{i18n.t("cohorts-progress-show")}</button>
            </form>
        }
    });
    let overdue = p.rows.iter().filter(|r| r.overdue).count().to_string();
    let due = p.due_on.clone().map(|d| i18n.day(&d));
    let facts = view! {
        <p role="status">
            {i18n.t_with("cohorts-progress-summary", &[
                ("trainees", p.rows.len().to_string().as_str()),
                ("overdue", overdue.as_str()),
            ])}
            {due.map(|d| view! { " " {i18n.t_with("cohorts-progress-due", &[("day", d.as_str())])} })}
            {(p.sessions_required > 0).then(|| view! { " " {i18n.t_with("cohorts-progress-sessions", &[("n", p.sessions_required.to_string().as_str())])} })}
        </p>
        {(p.hidden > 0).then(|| view! { <p class="hint">{i18n.t_with("cohorts-progress-hidden", &[("count", p.hidden.to_string().as_str())])}</p> })}
    };
    let (sort, dir) = (p.sort.clone(), if p.descending { "desc" } else { "asc" });
    let csv = paths::cohort_progress_file(p.cohort_id, "csv", &course.slug, &sort, dir);
    let xlsx = paths::cohort_progress_file(p.cohort_id, "xlsx", &course.slug, &sort, dir);
    let table = if p.rows.is_empty() {
        view! { <p>{i18n.t("cohorts-nobody")}</p> }.into_any()
    } else {
        let modules = p.modules.clone();
        view! {
            <div class="table-wrap" tabindex="0" role="region" aria-label=course.title.clone()>
            <table class="report progress">
                <caption class="visually-hidden">{course.title.clone()}</caption>
                <thead><tr>
                    {heading(i18n, &p, "name", i18n.t("reports-col-name"))}
                    {modules.iter().enumerate().map(|(i, (_, title))| view! {
                        <th scope="col"><abbr title=title.clone()>{(i + 1).to_string()}</abbr>
                            <span class="visually-hidden">{title.clone()}</span></th>
                    }).collect_view()}
                    {heading(i18n, &p, "progress", i18n.t("cohorts-progress-modules"))}
                    {heading(i18n, &p, "pretest", i18n.t("reports-col-pretest"))}
                    {heading(i18n, &p, "final", i18n.t("reports-col-final"))}
                    {heading(i18n, &p, "attendance", i18n.t("reports-col-sessions"))}
                    {heading(i18n, &p, "certificate", i18n.t("reports-col-certificate"))}
                    {heading(i18n, &p, "overdue", i18n.t("cohorts-progress-overdue"))}
                </tr></thead>
                <tbody>
                    {p.rows.iter().map(|r| view! { <Row r=r.clone() total=modules.len()/> }).collect_view()}
                </tbody>
            </table>
            </div>
        }
        .into_any()
    };
    view! {
        <Title text=title.clone()/>
        <h1>{title}</h1>
        <h2>{course.title.clone()}</h2>
        {switcher}
        {facts}
        <p>
            <a href=csv download>{i18n.t("cohorts-progress-csv")}</a> " · "
            <a href=xlsx download>{i18n.t("cohorts-progress-xlsx")}</a>
        </p>
        {table}
    }
    .into_any()
}

#[component]
fn Row(r: ProgressRow, total: usize) -> impl IntoView {
    let i18n = use_i18n();
    let certificate = r
        .certificate
        .as_ref()
        .map(|c| i18n.t(&format!("reports-status-{}", c.status.code())))
        .unwrap_or_default();
    view! {
        <tr class:overdue=r.overdue>
            <th scope="row">{r.name.clone()}
                {r.name_latin.clone().map(|l| view! { <br/><span class="latin">{l}</span> })}
                <br/><span class="hint">{r.login.clone()}</span>
            </th>
            {r.modules.iter().map(|m| {
                let (mark, key) = match m {
                    ModuleState::Done => ("✓", "cohorts-module-done"),
                    ModuleState::Started => ("◐", "cohorts-module-started"),
                    ModuleState::NotStarted => ("·", "cohorts-module-not-started"),
                };
                view! { <td class="mark"><span aria-hidden="true">{mark}</span><span class="visually-hidden">{i18n.t(key)}</span></td> }
            }).collect_view()}
            <td class="num">{format!("{}/{}", r.modules_done, total)}</td>
            <td class="num">{percent(r.pretest)}</td>
            <td class="num">{percent(r.final_score)}</td>
            <td class="num">{r.sessions_attended}</td>
            <td>{certificate}</td>
            <td>{r.overdue.then(|| i18n.t("cohorts-progress-overdue-yes"))}</td>
        </tr>
    }
}
