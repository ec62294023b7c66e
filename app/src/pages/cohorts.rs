//! `/cohorts` (the cohorts the caller sees, and a form for a new one) and
//! `/cohorts/{id}` (one cohort: its details, trainers, members, courses
//! and session days, with forms for those who may change it). Every form
//! is a plain post that works without JavaScript.

use crate::api::cohorts::{list_cohorts, load_cohort};
use crate::api::organisations::organisation_tree;
use crate::components::notice::{ErrorNotice, FormOutcome};
use crate::components::org_select::OrganisationOptions;
use crate::forms;
use crate::forms::cohort::{field, Outcome, OP_ADD, OP_REMOVE};
use crate::i18n::use_i18n;
use crate::model::cohorts::{CohortCourse, CohortList, CohortPerson, CohortView, JoinCode};
use crate::paths;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

fn outcome_key(kind: &str, code: &str) -> &'static str {
    forms::message_key::<Outcome>(kind, code)
}

#[component]
pub fn CohortsPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t("cohorts-title")/>
        <h1>{i18n.t("cohorts-title")}</h1>
        <FormOutcome keys=outcome_key/>
        <Suspense>
            {move || Suspend::new(async move {
                match list_cohorts().await {
                    Ok(list) => view! { <CohortTable list=list/> }.into_any(),
                    Err(error) => view! { <ErrorNotice error=error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn CohortTable(list: CohortList) -> impl IntoView {
    let i18n = use_i18n();
    let CohortList {
        cohorts,
        may_create,
        courses,
    } = list;
    let table = if cohorts.is_empty() {
        view! { <p>{i18n.t("cohorts-none")}</p> }.into_any()
    } else {
        view! {
            <div class="table-scroll" tabindex="0" role="region" aria-label=i18n.t("cohorts-title")>
            <table>
                <thead><tr>
                    <th scope="col">{i18n.t("cohorts-name")}</th>
                    <th scope="col">{i18n.t("reports-col-organisation")}</th>
                    <th scope="col">{i18n.t("reports-col-province")}</th>
                    <th scope="col">{i18n.t("cohorts-starts")}</th>
                    <th scope="col">{i18n.t("cohorts-due")}</th>
                    <th scope="col">{i18n.t("cohorts-members")}</th>
                    <th scope="col">{i18n.t("cohorts-courses")}</th>
                </tr></thead>
                <tbody>
                    {cohorts.into_iter().map(|c| view! {
                        <tr>
                            <td><a href=paths::cohort(c.id)>{c.name}</a></td>
                            <td>{c.organisation}</td>
                            <td>{c.province.unwrap_or_default()}</td>
                            <td>{day(c.starts_on)}</td>
                            <td>{day(c.due_on)}</td>
                            <td class="number">{c.members}</td>
                            <td class="number">{c.courses}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            </div>
        }
        .into_any()
    };
    view! {
        {table}
        {may_create.then(|| view! {
            <h2>{i18n.t("cohorts-new")}</h2>
            <form class="stacked narrow" method="post" action=paths::COHORTS>
                <DetailFields prefix="new" name=String::new() organisation=String::new()
                    province=String::new() starts_on=String::new() due_on=String::new()/>
                <CourseChoices courses=courses/>
                <button type="submit" class="primary">{i18n.t("cohorts-create")}</button>
            </form>
        })}
    }
}

/// A day as the page shows it (ISO, as the date inputs read it).
fn day(d: Option<String>) -> String {
    d.unwrap_or_default()
}

/// Name, organisation, place and dates: the same fields for a new cohort
/// and an existing one.
#[component]
fn DetailFields(
    prefix: &'static str,
    name: String,
    organisation: String,
    province: String,
    starts_on: String,
    due_on: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = |f: &str| format!("{prefix}-{f}");
    view! {
        <label for=id(field::NAME)>{i18n.t("cohorts-name")}</label>
        <input id=id(field::NAME) name=field::NAME required maxlength="200" value=name/>
        <label for=id(field::ORGANISATION)>{i18n.t("reports-col-organisation")}</label>
        <select id=id(field::ORGANISATION) name=field::ORGANISATION required>
            <Suspense>
                {move || {
                    let selected = organisation.clone();
                    Suspend::new(async move {
                        organisation_tree().await
                            .map(|list| view! { <OrganisationOptions orgs=list selected=selected/> })
                            .ok()
                    })
                }}
            </Suspense>
        </select>
        <label for=id(field::PROVINCE)>{i18n.t("reports-col-province")}</label>
        <input id=id(field::PROVINCE) name=field::PROVINCE maxlength="120" value=province/>
        <label for=id(field::STARTS_ON)>{i18n.t("cohorts-starts")}</label>
        <input id=id(field::STARTS_ON) name=field::STARTS_ON type="date" value=starts_on/>
        <label for=id(field::DUE_ON)>{i18n.t("cohorts-due")}</label>
        <input id=id(field::DUE_ON) name=field::DUE_ON type="date" value=due_on/>
    }
}

/// The courses to assign, as checkboxes.
#[component]
fn CourseChoices(courses: Vec<CohortCourse>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <fieldset>
            <legend>{i18n.t("cohorts-courses")}</legend>
            {courses.into_iter().map(|c| {
                let id = format!("course-{}", c.slug);
                view! {
                    <div class="check">
                        <input type="checkbox" id=id.clone() name=field::COURSE value=c.slug checked=c.assigned/>
                        <label for=id>{c.title}</label>
                    </div>
                }
            }).collect_view()}
        </fieldset>
    }
}

/// `/cohorts/{id}`.
#[component]
pub fn CohortPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = use_params_map().with_untracked(|p| {
        p.get("id")
            .and_then(|id| id.parse::<i64>().ok())
            .unwrap_or(0)
    });
    view! {
        <p><a href=paths::COHORTS>{i18n.t("cohorts-back")}</a></p>
        <FormOutcome keys=outcome_key/>
        <Suspense>
            {move || Suspend::new(async move {
                match load_cohort(id).await {
                    Ok(cohort) => view! { <CohortDetails cohort=cohort/> }.into_any(),
                    Err(error) => view! { <ErrorNotice error=error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn CohortDetails(cohort: CohortView) -> impl IntoView {
    let i18n = use_i18n();
    let CohortView {
        id,
        name,
        organisation_slug,
        organisation,
        province,
        starts_on,
        due_on,
        trainers,
        members,
        courses,
        sessions,
        attendance,
        may_manage,
        join_codes,
    } = cohort;
    let assigned: Vec<String> = courses
        .iter()
        .filter(|c| c.assigned)
        .map(|c| c.title.clone())
        .collect();
    let summary = view! {
        <dl class="facts">
            <dt>{i18n.t("reports-col-organisation")}</dt><dd>{organisation}</dd>
            <dt>{i18n.t("reports-col-province")}</dt><dd>{province.clone().unwrap_or_default()}</dd>
            <dt>{i18n.t("cohorts-starts")}</dt><dd>{day(starts_on.clone())}</dd>
            <dt>{i18n.t("cohorts-due")}</dt><dd>{day(due_on.clone())}</dd>
            <dt>{i18n.t("cohorts-courses")}</dt><dd>{assigned.join(", ")}</dd>
        </dl>
    };
    let edit = may_manage.then(|| {
        view! {
            <details>
                <summary>{i18n.t("cohorts-edit")}</summary>
                <form class="stacked narrow" method="post" action=paths::cohort(id)>
                    <DetailFields prefix="edit" name=name.clone() organisation=organisation_slug
                        province=province.unwrap_or_default() starts_on=day(starts_on) due_on=day(due_on)/>
                    <CourseChoices courses=courses/>
                    <button type="submit">{i18n.t("cohorts-save")}</button>
                </form>
            </details>
        }
    });
    view! {
        <Title text=name.clone()/>
        <h1>{name}</h1>
        {summary}
        <p><a href=paths::cohort_progress(id)>{i18n.t("cohorts-progress-open")}</a></p>
        {edit}
        <h2>{i18n.t("cohorts-trainers")}</h2>
        <People people=trainers action=paths::cohort_trainers(id) may_manage=may_manage
            add_label="cohorts-add-trainer"/>
        <h2>{i18n.t("cohorts-members")}</h2>
        <People people=members.clone() action=paths::cohort_members(id) may_manage=may_manage
            add_label="cohorts-add-member"/>
        {may_manage.then(|| view! {
            <RosterUpload id=id/>
            <SignInSheets id=id/>
            <JoinCodes id=id codes=join_codes/>
        })}
        <h2>{i18n.t("cohorts-sessions")}</h2>
        <Sessions days=sessions.clone() action=paths::cohort_sessions(id) may_manage=may_manage/>
        {(!sessions.is_empty() && !members.is_empty()).then(|| view! {
            <h2>{i18n.t("cohorts-attendance")}</h2>
            <Attendance id=id days=sessions attendance=attendance members=members may_manage=may_manage/>
        })}
    }
}

/// Trainers or members, with a remove button each and an add form for
/// those who may change the cohort.
#[component]
fn People(
    people: Vec<CohortPerson>,
    action: String,
    may_manage: bool,
    add_label: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let add_id = format!("{add_label}-email");
    let list = if people.is_empty() {
        view! { <p>{i18n.t("cohorts-nobody")}</p> }.into_any()
    } else {
        let action = action.clone();
        view! {
            <ul class="people">
                {people.into_iter().map(|p| {
                    let remove = may_manage.then(|| view! {
                        <form class="inline" method="post" action=action.clone()>
                            <input type="hidden" name=field::OP value=OP_REMOVE/>
                            <input type="hidden" name=field::PERSON value=p.id.to_string()/>
                            <button type="submit" aria-label=format!("{} {}", i18n.t("cohorts-remove"), p.name)>
                                {i18n.t("cohorts-remove")}
                            </button>
                        </form>
                    });
                    view! {
                        <li>
                            {p.name}
                            {p.name_latin.map(|l| view! { " (" {l} ")" })}
                            " " <span class="hint">{p.email}</span> " "
                            {remove}
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        {list}
        {may_manage.then(|| view! {
            <form class="inline" method="post" action=action>
                <input type="hidden" name=field::OP value=OP_ADD/>
                <label for=add_id.clone()>{i18n.t(add_label)}</label>
                <input id=add_id type="text" name=field::EMAIL required maxlength="254"
                    autocapitalize="none" spellcheck="false"/>
                <button type="submit">{i18n.t("cohorts-add")}</button>
            </form>
        })}
    }
}

#[component]
fn Sessions(days: Vec<String>, action: String, may_manage: bool) -> impl IntoView {
    let i18n = use_i18n();
    let list = if days.is_empty() {
        view! { <p>{i18n.t("cohorts-no-sessions")}</p> }.into_any()
    } else {
        let action = action.clone();
        view! {
            <ul>
                {days.into_iter().map(|d| {
                    let remove = may_manage.then(|| view! {
                        <form class="inline" method="post" action=action.clone()>
                            <input type="hidden" name=field::OP value=OP_REMOVE/>
                            <input type="hidden" name=field::DAY value=d.clone()/>
                            <button type="submit" aria-label=format!("{} {d}", i18n.t("cohorts-remove"))>
                                {i18n.t("cohorts-remove")}
                            </button>
                        </form>
                    });
                    view! { <li>{d.clone()} " " {remove}</li> }
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        {list}
        {may_manage.then(|| view! {
            <form class="inline" method="post" action=action>
                <input type="hidden" name=field::OP value=OP_ADD/>
                <label for="session-day">{i18n.t("cohorts-session-day")}</label>
                <input id="session-day" type="date" name=field::DAY required/>
                <button type="submit">{i18n.t("cohorts-add")}</button>
            </form>
        })}
    }
}

/// Per session day, who attended: a checklist form (no JavaScript needed)
/// for those who may change the cohort, else the count.
#[component]
fn Attendance(
    id: i64,
    days: Vec<String>,
    attendance: Vec<Vec<i64>>,
    members: Vec<CohortPerson>,
    may_manage: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    days.into_iter()
        .zip(attendance)
        .map(|(day, present)| {
            let count = i18n.t_with(
                "cohorts-present",
                &[
                    ("n", &present.len().to_string()),
                    ("total", &members.len().to_string()),
                ],
            );
            let form = may_manage.then(|| {
                let boxes = members
                    .iter()
                    .map(|m| {
                        let box_id = format!("present-{day}-{}", m.id);
                        view! {
                            <div class="check">
                                <input type="checkbox" id=box_id.clone() name=field::PRESENT
                                    value=m.id.to_string() checked=present.contains(&m.id)/>
                                <label for=box_id>{m.name.clone()}</label>
                            </div>
                        }
                    })
                    .collect_view();
                view! {
                    <form method="post" action=paths::cohort_attendance(id)>
                        <input type="hidden" name=field::DAY value=day.clone()/>
                        <fieldset>
                            <legend>{i18n.t_with("cohorts-attendance-on", &[("day", &i18n.day(&day))])}</legend>
                            {boxes}
                        </fieldset>
                        <button type="submit">{i18n.t("cohorts-save-attendance")}</button>
                    </form>
                }
            });
            view! {
                <section class="attendance">
                    <h3>{i18n.day(&day)}</h3>
                    <p>{count}</p>
                    {form}
                </section>
            }
        })
        .collect_view()
}

/// The roster upload: checked and previewed before anything is enrolled.
#[component]
pub fn RosterUpload(id: i64) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h3>{i18n.t("cohorts-roster")}</h3>
        <form class="stacked narrow" method="post" action=paths::cohort_roster(id)
            enctype="multipart/form-data">
            <p id="roster-hint" class="hint">{i18n.t("cohorts-roster-hint")}</p>
            <label for="roster-file">{i18n.t("cohorts-roster-file")}</label>
            <input id="roster-file" type="file" name=field::ROSTER accept=".csv,text/csv"
                required aria-describedby="roster-hint"/>
            <button type="submit">{i18n.t("cohorts-roster-check")}</button>
        </form>
    }
}

/// A cohort's join codes, and the form that makes one.
#[component]
fn JoinCodes(id: i64, codes: Vec<JoinCode>) -> impl IntoView {
    let i18n = use_i18n();
    let action = paths::cohort_join_codes(id);
    let list = (!codes.is_empty()).then(|| {
        let action = action.clone();
        view! {
            <table>
                <caption class="visually-hidden">{i18n.t("cohorts-join-codes")}</caption>
                <thead><tr>
                    <th scope="col">{i18n.t("cohorts-join-code")}</th>
                    <th scope="col">{i18n.t("cohorts-join-expires")}</th>
                    <th scope="col">{i18n.t("cohorts-join-used")}</th>
                    <th scope="col"><span class="visually-hidden">{i18n.t("cohorts-join-revoke")}</span></th>
                </tr></thead>
                <tbody>
                    {codes.into_iter().map(|c| {
                        let used = i18n.t_with("cohorts-join-uses", &[
                            ("uses", c.uses.to_string().as_str()),
                            ("max", c.max_uses.to_string().as_str()),
                        ]);
                        let revoke = c.live.then(|| view! {
                            <form class="inline" method="post" action=action.clone()>
                                <input type="hidden" name=field::OP value=OP_REMOVE/>
                                <input type="hidden" name=field::CODE_ID value=c.id.to_string()/>
                                <button type="submit" aria-label=format!("{} {}", i18n.t("cohorts-join-revoke"), c.code)>
                                    {i18n.t("cohorts-join-revoke")}
                                </button>
                            </form>
                        });
                        view! {
                            <tr class:inactive=!c.live>
                                <td><code class="join-code">{c.code}</code>
                                    {(!c.live).then(|| view! { " " <span class="hint">{i18n.t("cohorts-join-dead")}</span> })}
                                </td>
                                <td>{i18n.date_time(c.expires_at)}</td>
                                <td>{used}</td>
                                <td>{revoke}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        }
    });
    view! {
        <h3>{i18n.t("cohorts-join-codes")}</h3>
        <p class="hint">{i18n.t_with("cohorts-join-hint", &[("path", paths::JOIN)])}</p>
        {list}
        <form class="inline" method="post" action=action>
            <input type="hidden" name=field::OP value=OP_ADD/>
            <label for="join-days">{i18n.t("cohorts-join-days")}</label>
            <input id="join-days" type="number" name=field::DAYS min="1" max="90" value="14" required/>
            <label for="join-uses">{i18n.t("cohorts-join-max")}</label>
            <input id="join-uses" type="number" name=field::USES min="1" max="1000" value="40" required/>
            <button type="submit">{i18n.t("cohorts-join-make")}</button>
        </form>
    }
}

/// Printing sign-in sheets: a plain post that answers with the PDF.
#[component]
fn SignInSheets(id: i64) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h3>{i18n.t("cohorts-sheets")}</h3>
        <form class="stacked narrow" method="post" action=paths::cohort_sheets(id)>
            <p id="sheets-hint" class="hint">{i18n.t("cohorts-sheets-hint")}</p>
            <label class="check" for="sheets-everyone">
                <input type="checkbox" id="sheets-everyone" name=field::EVERYONE value="1"/>
                {i18n.t("cohorts-sheets-everyone")}
            </label>
            <button type="submit" aria-describedby="sheets-hint">{i18n.t("cohorts-sheets-print")}</button>
        </form>
    }
}
