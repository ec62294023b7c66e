use super::outcome_key;
use crate::api::authoring::load_author_list;
use crate::components::notice::{ErrorNotice, FormOutcome};
use crate::forms::authoring::field;
use crate::i18n::use_i18n;
use crate::model::authoring::AuthorList;
use crate::paths;
use leptos::prelude::*;
use leptos_meta::Title;

/// `/author`: the courses the caller edits, and a new course.
#[component]
pub fn AuthorPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = crate::pages::page_data::once(load_author_list());
    view! {
        <Title text=i18n.t("author-title")/>
        <h1>{i18n.t("author-title")}</h1>
        <FormOutcome keys=outcome_key/>
        <Suspense>
            {move || { let data = data.clone(); Suspend::new(async move {
                match data.await {
                    Ok(list) => view! { <Courses list=list/> }.into_any(),
                    Err(error) => view! { <ErrorNotice error=error/> }.into_any(),
                }
            })}}
        </Suspense>
    }
}

#[component]
fn Courses(list: AuthorList) -> impl IntoView {
    let i18n = use_i18n();
    let AuthorList { courses, languages } = list;
    let table = if courses.is_empty() {
        view! { <p>{i18n.t("author-none")}</p> }.into_any()
    } else {
        view! {
            <ul class="plain-list">
                {courses.into_iter().map(|c| {
                    let title = c.title.clone().unwrap_or_else(|| c.slug.clone());
                    let drafts = i18n.t_with("author-drafts", &[("count", c.drafts.to_string().as_str())]);
                    view! {
                        <li>
                            <a href=paths::author_course(&c.slug)>{title}</a>
                            " "<span class="meta">{c.slug.clone()}" · "{drafts}
                            {c.four_eyes.then(|| view! { " · "{i18n.t("author-four-eyes")} })}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        {table}
        <h2>{i18n.t("author-new")}</h2>
        <form class="stacked narrow" method="post" action=paths::AUTHOR>
            <label for="new-title">{i18n.t("author-course-title")}</label>
            <input id="new-title" name=field::TITLE required maxlength="200"/>
            <label for="new-slug">{i18n.t("author-course-slug")}</label>
            <input id="new-slug" name=field::SLUG required pattern="[a-z0-9][a-z0-9\\-]*[a-z0-9]" maxlength="64"
                aria-describedby="new-slug-hint"/>
            <p class="hint" id="new-slug-hint">{i18n.t("author-slug-hint")}</p>
            <label for="new-language">{i18n.t("author-language")}</label>
            <select id="new-language" name=field::LANGUAGE>
                {languages.into_iter().map(|l| view! { <option value=l.clone()>{l.clone()}</option> }).collect_view()}
            </select>
            <button type="submit" class="primary">{i18n.t("author-create")}</button>
        </form>
    }
}
