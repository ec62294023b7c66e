use crate::api::organisations::organisation_tree;
use crate::api::people::list_people;
use crate::components::notice::ErrorNotice;
use crate::components::org_select::OrganisationOptions;
use crate::components::role_names::RoleNames;
use crate::i18n::use_i18n;
use crate::model::people::{PeoplePage, PeopleQuery};
use crate::model::roles::Role;
use crate::paths;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// `/admin/users`: find people. Admins see everyone, trainers trainee
/// accounts, ministry users their organisation's people (the server decides;
/// this page shows what it is given). The search is a GET form, so results
/// can be bookmarked and it works without JavaScript.
#[component]
pub fn PeoplePage() -> impl IntoView {
    let i18n = use_i18n();
    let query_map = use_query_map();
    let query = move || {
        query_map.with_untracked(|q| PeopleQuery {
            q: q.get("q").unwrap_or_default(),
            org: q.get("org").unwrap_or_default(),
            role: q.get("role").unwrap_or_default(),
            status: q.get("status").unwrap_or_default(),
            page: q.get("page").and_then(|p| p.parse().ok()).unwrap_or(1),
        })
    };
    let current = query();
    let selected_org = current.org.clone();

    view! {
        <Title text=i18n.t("people-title")/>
        <h1>{i18n.t("people-title")}</h1>
        <form class="search" method="get" action=paths::ADMIN_USERS role="search">
            <div>
                <label for="q">{i18n.t("people-search")}</label>
                <input id="q" name="q" type="search" value=current.q.clone()/>
            </div>
            <div>
                <label for="org">{i18n.t("people-organisation")}</label>
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
                <label for="role">{i18n.t("people-role")}</label>
                <select id="role" name="role">
                    <option value="">{i18n.t("people-any")}</option>
                    {Role::ALL
                        .iter()
                        .map(|r| {
                            let selected = current.role == r.as_str();
                            view! { <option value=r.as_str() selected=selected><RoleNames roles=vec![*r]/></option> }
                        })
                        .collect_view()}
                </select>
            </div>
            <div>
                <label for="status">{i18n.t("people-status")}</label>
                <select id="status" name="status">
                    <option value="active" selected=current.status.is_empty() || current.status == "active">{i18n.t("people-status-active")}</option>
                    <option value="disabled" selected=current.status == "disabled">{i18n.t("people-status-disabled")}</option>
                    <option value="all" selected=current.status == "all">{i18n.t("people-status-all")}</option>
                </select>
            </div>
            <button type="submit">{i18n.t("people-search-submit")}</button>
        </form>
        <Suspense>
            {move || Suspend::new(async move {
                match list_people(query()).await {
                    Ok(page) => view! { <PeopleTable page=page query=query()/> }.into_any(),
                    Err(error) => view! { <ErrorNotice error=error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn PeopleTable(page: PeoplePage, query: PeopleQuery) -> impl IntoView {
    let i18n = use_i18n();
    let total = page.total.to_string();
    let link = move |to: u32| {
        paths::with_query(
            paths::ADMIN_USERS,
            &[
                ("q", query.q.as_str()),
                ("org", &query.org),
                ("role", &query.role),
                ("status", &query.status),
                ("page", &to.to_string()),
            ],
        )
    };
    let prev = (page.page > 1).then(|| link(page.page - 1));
    let next = (page.page < page.pages).then(|| link(page.page + 1));
    let (current, pages) = (page.page.to_string(), page.pages.to_string());
    view! {
        <div class="toolbar">
            <p role="status">{i18n.t_with("people-count", &[("count", total.as_str())])}</p>
            {page.may_create.then(|| view! {
                <a class="button primary" href=paths::NEW_PERSON>{i18n.t("people-new")}</a>
            })}
        </div>
        <div class="table-wrap" tabindex="0" role="region" aria-label=i18n.t("table-scroll")>
            <table>
                <thead>
                    <tr>
                        <th scope="col">{i18n.t("person-name")}</th>
                        <th scope="col">{i18n.t("person-email")}</th>
                        <th scope="col">{i18n.t("people-organisation")}</th>
                        <th scope="col">{i18n.t("people-role")}</th>
                        <th scope="col">{i18n.t("people-status")}</th>
                    </tr>
                </thead>
                <tbody>
                    {page.people.into_iter().map(|p| {
                        let href = paths::person(p.id);
                        let name = if p.anonymised { i18n.t("person-anonymised") } else { p.name.clone() };
                        let status = if p.anonymised {
                            i18n.t("person-anonymised")
                        } else if p.disabled {
                            i18n.t("people-status-disabled")
                        } else {
                            i18n.t("people-status-active")
                        };
                        view! {
                            <tr>
                                <td>
                                    <a href=href>{name}</a>
                                    {p.name_latin.map(|l| view! { <br/><span class="latin">{l}</span> })}
                                </td>
                                <td>{p.email}</td>
                                <td>{p.organisation}</td>
                                <td><RoleNames roles=p.roles/></td>
                                <td>{status}</td>
                            </tr>
                        }
                    }).collect_view()}
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
