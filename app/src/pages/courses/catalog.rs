use super::minutes;
use crate::api::courses::get_catalog;
use crate::components::notice::ErrorNotice;
use crate::i18n::use_i18n;
use crate::model::courses::CourseCard;
use crate::paths;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// `/courses`: what the reader can take, filtered by language and audience
/// (a GET form: works without JavaScript, and can be bookmarked).
#[component]
pub fn CatalogPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    // Pages render on the server only (islands): fetched directly, no
    // Resource, nothing serialised into the page.
    let (language, audience) = query.with_untracked(|q| {
        (
            q.get("language").unwrap_or_default(),
            q.get("audience").unwrap_or_default(),
        )
    });
    let data = crate::pages::page_data::once(get_catalog(language.clone(), audience.clone()));
    view! {
        <Title text=i18n.t("catalog-title")/>
        <h1>{i18n.t("catalog-title")}</h1>
        <Suspense>
            {move || {
                let (language, audience, data) = (language.clone(), audience.clone(), data.clone());
                Suspend::new(async move {
                    match data.await {
                        Ok(c) => view! {
                            <form class="search" method="get" action=paths::COURSES>
                                <div>
                                    <label for="language">{i18n.t("catalog-language")}</label>
                                    <select id="language" name="language">
                                        <option value="">{i18n.t("people-any")}</option>
                                        {c.languages.iter().map(|l| {
                                            let selected = *l == language;
                                            view! { <option value=l.clone() selected=selected>{language_name(l)}</option> }
                                        }).collect_view()}
                                    </select>
                                </div>
                                <div>
                                    <label for="audience">{i18n.t("catalog-audience")}</label>
                                    <select id="audience" name="audience">
                                        <option value="">{i18n.t("people-any")}</option>
                                        {c.audiences.iter().map(|a| {
                                            let selected = *a == audience;
                                            view! { <option value=a.clone() selected=selected>{audience_name(i18n, a)}</option> }
                                        }).collect_view()}
                                    </select>
                                </div>
                                <button type="submit">{i18n.t("catalog-filter")}</button>
                            </form>
                            {c.courses.is_empty().then(|| view! { <p>{i18n.t("catalog-empty")}</p> })}
                            <ul class="course-list">
                                {c.courses.into_iter().map(|card| view! { <CourseCardView card=card/> }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(error) => view! { <ErrorNotice error=error/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn CourseCardView(card: CourseCard) -> impl IntoView {
    let i18n = use_i18n();
    let href = paths::course(&card.slug);
    let progress = i18n.t_with(
        "catalog-progress",
        &[
            ("done", card.done.to_string().as_str()),
            ("total", card.modules.to_string().as_str()),
        ],
    );
    let (done, total) = (card.done.to_string(), card.modules.to_string());
    // The card's own text may be in another language; this line is the
    // interface's.
    let assigned = card.assignment.map(|a| {
        let line = match &a.due_on {
            Some(due) => i18n.t_with(
                "catalog-due",
                &[("date", &i18n.day(due)), ("cohort", &a.cohort)],
            ),
            None => i18n.t_with("catalog-assigned-by", &[("cohort", &a.cohort)]),
        };
        view! {
            <p class="assigned" lang=i18n.locale.code()>
                <strong>{i18n.t("catalog-assigned")}</strong>" · "{line}
            </p>
        }
    });
    view! {
        <li class="course-card" lang=card.language>
            <h2><a href=href>{card.title}</a></h2>
            {assigned}
            <p>{card.summary}</p>
            <p class="meta">
                {minutes(i18n, card.estimated_minutes)}
                " · "
                {card.languages.iter().map(|l| language_name(l)).collect::<Vec<_>>().join(", ")}
            </p>
            <p class="meta">
                <progress max=total value=done aria-label=progress.clone()></progress>
                " "{progress.clone()}
            </p>
        </li>
    }
}

/// A content language by its own name.
pub fn language_name(code: &str) -> String {
    match code {
        "en" => "English",
        "th" => "ไทย",
        "my" => "မြန်မာ",
        "km" => "ខ្មែរ",
        "lo" => "ລາວ",
        "vi" => "Tiếng Việt",
        other => other,
    }
    .to_string()
}

/// An audience tag in the reader's language, if it is a known one.
fn audience_name(i18n: crate::i18n::I18n, tag: &str) -> String {
    let key = audience_key(tag);
    if key.is_empty() {
        tag.to_string()
    } else {
        i18n.t(key)
    }
}

fn audience_key(tag: &str) -> &'static str {
    match tag {
        "police" => "audience-police",
        "immigration" => "audience-immigration",
        "labour-inspection" => "audience-labour-inspection",
        "social-welfare" => "audience-social-welfare",
        "shelter-staff" => "audience-shelter-staff",
        "shelter-psychologist" => "audience-shelter-psychologist",
        _ => "",
    }
}
