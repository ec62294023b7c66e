use crate::api::organisations::organisation_tree;
use crate::components::notice::{ErrorNotice, FormOutcome};
use crate::components::org_select::OrganisationOptions;
use crate::forms;
use crate::forms::organisation::{field, Outcome};
use crate::i18n::use_i18n;
use crate::model::organisations::OrgNode;
use crate::paths;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The message of this page's form outcome (`?done=` / `?error=`).
fn outcome_key(kind: &str, code: &str) -> &'static str {
    forms::message_key::<Outcome>(kind, code)
}

/// `/admin/organisations`: the tree (ministry → department → unit), with a
/// form to add an organisation and one per organisation to rename or move
/// it. `<details>` keeps the page short without needing JavaScript.
#[component]
pub fn OrganisationsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let echo = move |field: &str| {
        query.with_untracked(|q| {
            q.get(forms::ERROR)
                .and_then(|_| q.get(field))
                .unwrap_or_default()
        })
    };
    let (slug, name, parent) = (echo(field::SLUG), echo(field::NAME), echo(field::PARENT));
    view! {
        <Title text=i18n.t("orgs-title")/>
        <h1>{i18n.t("orgs-title")}</h1>
        <FormOutcome keys=outcome_key/>
        <Suspense>
            {move || {
                let (slug, name, parent) = (slug.clone(), name.clone(), parent.clone());
                Suspend::new(async move {
                    match organisation_tree().await {
                        Ok(list) => view! {
                            <OrganisationTree orgs=list.clone()/>
                            <h2>{i18n.t("orgs-new-title")}</h2>
                            <form class="stacked narrow" method="post" action=paths::ADMIN_ORGANISATIONS>
                                <label for="new-name">{i18n.t("orgs-name")}</label>
                                <input id="new-name" name=field::NAME required value=name/>
                                <label for="new-slug">{i18n.t("orgs-slug")}</label>
                                <input id="new-slug" name=field::SLUG required pattern="[a-z0-9][a-z0-9\\-]*[a-z0-9]"
                                    value=slug aria-describedby="slug-hint"/>
                                <p id="slug-hint" class="hint">{i18n.t("orgs-slug-hint")}</p>
                                <label for="new-parent">{i18n.t("orgs-parent")}</label>
                                <select id="new-parent" name=field::PARENT>
                                    <option value="">{i18n.t("orgs-top-level")}</option>
                                    <OrganisationOptions orgs=list selected=parent/>
                                </select>
                                <button type="submit" class="primary">{i18n.t("orgs-create")}</button>
                            </form>
                        }.into_any(),
                        Err(error) => view! { <ErrorNotice error=error/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn OrganisationTree(orgs: Vec<OrgNode>) -> impl IntoView {
    let i18n = use_i18n();
    let all = orgs.clone();
    view! {
        <ul class="org-tree">
            {orgs.into_iter().map(|o| {
                let id = format!("org-{}", o.id);
                let action = paths::organisation(o.id);
                let parent_slug = all
                    .iter()
                    .find(|p| Some(p.id) == o.parent_id)
                    .map(|p| p.slug.clone())
                    .unwrap_or_default();
                let name_id = format!("name-{}", o.id);
                let name_for = name_id.clone();
                let parent_id = format!("parent-{}", o.id);
                let parent_for = parent_id.clone();
                // A class, not a style attribute: the CSP allows no inline style.
                let depth = format!("depth-{}", o.depth.min(5));
                let people = paths::people_of(&o.slug);
                view! {
                    <li id=id class=depth>
                        <span class="org-name">{o.name.clone()}</span>
                        " "<code>{o.slug.clone()}</code>" "
                        <a href=people>{i18n.t("orgs-people")}</a>
                        <details>
                            <summary>{i18n.t("orgs-edit")}</summary>
                            <form class="stacked" method="post" action=action>
                                <label for=name_for>{i18n.t("orgs-name")}</label>
                                <input id=name_id name=field::NAME required value=o.name.clone()/>
                                <label for=parent_for>{i18n.t("orgs-parent")}</label>
                                <select id=parent_id name=field::PARENT>
                                    <option value="">{i18n.t("orgs-top-level")}</option>
                                    <OrganisationOptions orgs=all.clone() selected=parent_slug/>
                                </select>
                                <button type="submit">{i18n.t("orgs-save")}</button>
                            </form>
                        </details>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}
