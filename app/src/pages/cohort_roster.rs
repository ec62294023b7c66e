//! `/cohorts/{id}/roster?upload=N`: an uploaded roster, checked whole and
//! matched against existing accounts — every problem row by row with its
//! column, or what importing will do to each row and one button that does
//! it. A plain page and a plain form: no JavaScript needed.

use super::cohorts::RosterUpload;
use crate::api::cohorts::load_roster_preview;
use crate::components::notice::{ErrorNotice, FormOutcome};
use crate::forms;
use crate::forms::cohort::{field, Outcome};
use crate::i18n::{use_i18n, I18n};
use crate::model::cohorts::{RosterPreview, RosterProblem, RosterStep};
use crate::paths;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

fn outcome_key(kind: &str, code: &str) -> &'static str {
    forms::message_key::<Outcome>(kind, code)
}

#[component]
pub fn CohortRosterPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = use_params_map().with_untracked(|p| {
        p.get("id")
            .and_then(|id| id.parse::<i64>().ok())
            .unwrap_or(0)
    });
    let upload = use_query_map().with_untracked(|q| {
        q.get(field::UPLOAD)
            .and_then(|u| u.parse::<i64>().ok())
            .unwrap_or(0)
    });
    let data = crate::pages::page_data::once(load_roster_preview(id, upload));
    view! {
        <p><a href=paths::cohort(id)>{i18n.t("cohorts-back")}</a></p>
        <FormOutcome keys=outcome_key/>
        <Suspense>
            {move || { let data = data.clone(); Suspend::new(async move {
                match data.await {
                    Ok(preview) => view! { <Preview preview=preview/> }.into_any(),
                    Err(error) => view! { <ErrorNotice error=error/> }.into_any(),
                }
            })}}
        </Suspense>
    }
}

fn message(i18n: &I18n, p: &RosterProblem) -> String {
    match &p.value {
        Some(v) => i18n.t_with(&p.key, &[("value", v.as_str())]),
        None => i18n.t(&p.key),
    }
}

#[component]
fn Preview(preview: RosterPreview) -> impl IntoView {
    let i18n = use_i18n();
    let title = i18n.t_with(
        "cohorts-roster-title",
        &[("cohort", preview.cohort.as_str())],
    );
    let id = preview.cohort_id;
    let read = preview.encoding.as_ref().map(|e| {
        i18n.t_with(
            "cohorts-roster-file-read",
            &[
                ("file", preview.file_name.as_str()),
                ("encoding", e.as_str()),
            ],
        )
    });
    let body = if let Some(p) = &preview.unreadable {
        view! {
            <div class="notice error" role="alert">
                <p>{i18n.t("cohorts-roster-unreadable")}</p>
                <p>{message(&i18n, p)}</p>
            </div>
            <RosterUpload id=id/>
        }
        .into_any()
    } else if !preview.problems.is_empty() {
        let count = preview.problems.len().to_string();
        view! {
            <div class="notice error" role="alert">
                <p>{i18n.t_with("cohorts-roster-problems", &[("count", count.as_str())])}</p>
            </div>
            <table>
                <caption class="visually-hidden">{i18n.t("cohorts-roster-problem")}</caption>
                <thead><tr>
                    <th scope="col">{i18n.t("cohorts-roster-row")}</th>
                    <th scope="col">{i18n.t("cohorts-roster-column")}</th>
                    <th scope="col">{i18n.t("cohorts-roster-problem")}</th>
                </tr></thead>
                <tbody>
                    {preview.problems.iter().map(|p| view! {
                        <tr>
                            <td class="num">{p.row}</td>
                            <td><code>{p.column.clone()}</code></td>
                            <td>{message(&i18n, p)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <RosterUpload id=id/>
        }
        .into_any()
    } else {
        let count = |step: RosterStep| {
            preview
                .rows
                .iter()
                .filter(|r| r.step == step)
                .count()
                .to_string()
        };
        let (create, matched, already) = (
            count(RosterStep::Create),
            count(RosterStep::Match),
            count(RosterStep::AlreadyMember),
        );
        let summary = i18n.t_with(
            "cohorts-roster-summary",
            &[
                ("create", create.as_str()),
                ("match", matched.as_str()),
                ("already", already.as_str()),
            ],
        );
        let total = preview.rows.len().to_string();
        view! {
            <p role="status">{summary}</p>
            <table>
                <caption class="visually-hidden">{i18n.t("cohorts-roster-step")}</caption>
                <thead><tr>
                    <th scope="col">{i18n.t("cohorts-roster-row")}</th>
                    <th scope="col">{i18n.t("person-name")}</th>
                    <th scope="col">{i18n.t("cohorts-roster-login")}</th>
                    <th scope="col">{i18n.t("people-organisation")}</th>
                    <th scope="col">{i18n.t("cohorts-roster-step")}</th>
                </tr></thead>
                <tbody>
                    {preview.rows.iter().map(|r| {
                        let step = match r.step {
                            RosterStep::Create => "cohorts-roster-step-create",
                            RosterStep::Match => "cohorts-roster-step-match",
                            RosterStep::AlreadyMember => "cohorts-roster-step-already",
                        };
                        view! {
                            <tr>
                                <td class="num">{r.row}</td>
                                <td>{r.name.clone()}{r.name_latin.clone().map(|l| view! { <br/><span class="latin">{l}</span> })}</td>
                                <td>{r.login.clone()}</td>
                                <td><code>{r.organisation.clone()}</code></td>
                                <td>{i18n.t(step)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            {(create != "0").then(|| view! { <p class="hint">{i18n.t("cohorts-roster-new-accounts")}</p> })}
            <form method="post" action=paths::cohort_roster_import(id)>
                <input type="hidden" name=field::UPLOAD value=preview.upload.to_string()/>
                <button type="submit">{i18n.t_with("cohorts-roster-import", &[("count", total.as_str())])}</button>
            </form>
            <details>
                <summary>{i18n.t("cohorts-roster-again")}</summary>
                <RosterUpload id=id/>
            </details>
        }
        .into_any()
    };
    view! {
        <Title text=title.clone()/>
        <h1>{title}</h1>
        {read.map(|r| view! { <p class="hint">{r}</p> })}
        {body}
    }
}
