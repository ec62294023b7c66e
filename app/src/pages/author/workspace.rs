use super::outcome_key;
use crate::api::authoring::load_workspace;
use crate::components::notice::{ErrorNotice, FormOutcome};
use crate::forms::authoring::{
    field, OP_ADD, OP_DOWN, OP_FOUR_EYES_OFF, OP_FOUR_EYES_ON, OP_RETIRE, OP_UP,
};
use crate::i18n::use_i18n;
use crate::model::authoring::{FileEntry, TextEntry, WorkspaceView};
use crate::paths;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// `/author/{course}`: the course's files with their drafts and
/// translations, and the forms that change it.
#[component]
pub fn AuthorCoursePage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let course = params.with_untracked(|p| p.get("course").unwrap_or_default());
    view! {
        <Suspense>
            {move || { let course = course.clone(); Suspend::new(async move {
                match load_workspace(course).await {
                    Ok(ws) => view! { <Workspace ws=ws/> }.into_any(),
                    Err(error) => view! { <Title text=i18n.t("author-title")/><ErrorNotice error=error/> }.into_any(),
                }
            })}}
        </Suspense>
    }
}

/// A file's link with its state: changed in a draft, out of date.
#[component]
fn FileLink(course: String, entry: FileEntry, label: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <a href=paths::author_file(&course, &entry.file)>{label}</a>
        {entry.draft.then(|| view! { " "<span class="badge">{i18n.t("author-badge-draft")}</span> })}
        {entry.stale.then(|| view! { " "<span class="badge warning">{i18n.t("author-badge-stale")}</span> })}
    }
}

/// A text's row: its source file, its translations, and links to start
/// the missing ones.
#[component]
fn TextRow(
    course: String,
    text: TextEntry,
    label: String,
    languages: Vec<String>,
    source_language: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let missing: Vec<String> = languages
        .into_iter()
        .filter(|l| {
            *l != source_language
                && !text
                    .translations
                    .iter()
                    .any(|t| t.language.as_deref() == Some(l.as_str()))
        })
        .collect();
    let stem = text.source.file.trim_end_matches(".md").to_string();
    view! {
        <FileLink course=course.clone() entry=text.source.clone() label=label/>
        " · "<a href=paths::author_history(&course, &text.source.file)>{i18n.t("author-history")}</a>
        {text.translations.into_iter().map(|t| {
            let label = t.language.clone().unwrap_or_default();
            view! { " · "<FileLink course=course.clone() entry=t label=label/> }
        }).collect_view()}
        {missing.into_iter().map(|l| {
            let href = paths::author_file(&course, &format!("{stem}.{l}.md"));
            let label = i18n.t_with("author-translate", &[("language", l.as_str())]);
            view! { " · "<a href=href>{label}</a> }
        }).collect_view()}
    }
}

#[component]
fn Workspace(ws: WorkspaceView) -> impl IntoView {
    let i18n = use_i18n();
    let slug = ws.slug.clone();
    let title = ws.title.clone().unwrap_or_else(|| slug.clone());
    let revision = ws.draft_revision.to_string();
    let languages = ws.languages.clone();
    let source_language = ws.source_language.clone();
    let module_count = ws.modules.len();
    view! {
        <Title text=title.clone()/>
        <nav class="crumbs" aria-label=i18n.t("author-breadcrumb")><a href=paths::AUTHOR>{i18n.t("author-title")}</a></nav>
        <h1>{title}</h1>
        <FormOutcome keys=outcome_key/>
        {(!ws.problems.is_empty()).then(|| view! {
            <section class="alert" aria-labelledby="problems-heading">
                <h2 id="problems-heading">{i18n.t("author-problems")}</h2>
                <ul class="problems">{ws.problems.iter().map(|p| view! { <li><code>{p.clone()}</code></li> }).collect_view()}</ul>
            </section>
        })}
        <h2>{i18n.t("author-files")}</h2>
        <ul class="plain-list files">
            {ws.course.clone().map(|t| view! {
                <li><TextRow course=slug.clone() text=t label=i18n.t("author-course-page") languages=languages.clone() source_language=source_language.clone()/></li>
            })}
        </ul>
        <h3>{i18n.t("author-modules")}</h3>
        <ol class="files">
            {ws.modules.iter().cloned().enumerate().map(|(i, t)| {
                let module = t.module.clone().unwrap_or_default();
                let label = t.source.file.clone();
                let action = paths::author_modules(&slug);
                view! {
                    <li>
                        <TextRow course=slug.clone() text=t label=label languages=languages.clone() source_language=source_language.clone()/>
                        <form class="inline" method="post" action=action>
                            <input type="hidden" name=field::MODULE value=module.clone()/>
                            {(i > 0).then(|| view! { <button type="submit" name=field::OP value=OP_UP>{i18n.t("author-move-up")}</button> })}
                            {(i + 1 < module_count).then(|| view! { <button type="submit" name=field::OP value=OP_DOWN>{i18n.t("author-move-down")}</button> })}
                            <button type="submit" name=field::OP value=OP_RETIRE class="danger">{i18n.t("author-retire")}</button>
                        </form>
                    </li>
                }
            }).collect_view()}
        </ol>
        {(!ws.removed.is_empty()).then(|| view! {
            <p>{i18n.t("author-removed")}" "{ws.removed.join(", ")}</p>
        })}
        <form class="stacked narrow" method="post" action=paths::author_modules(&slug)>
            <input type="hidden" name=field::OP value=OP_ADD/>
            <label for="module-title">{i18n.t("author-module-title")}</label>
            <input id="module-title" name=field::TITLE maxlength="200"/>
            <label for="module-slug">{i18n.t("author-module-slug")}</label>
            <input id="module-slug" name=field::MODULE required pattern="[a-z0-9][a-z0-9\\-]*[a-z0-9]" maxlength="64"/>
            <button type="submit">{i18n.t("author-add-module")}</button>
        </form>
        {ws.assessment.clone().map(|t| view! {
            <h3>{i18n.t("author-assessment")}</h3>
            <p><TextRow course=slug.clone() text=t label="assessment.md".to_string() languages=languages.clone() source_language=source_language.clone()/></p>
        })}
        {ws.assessment.is_none().then(|| view! {
            <p><a href=paths::author_file(&slug, "assessment.md")>{i18n.t("author-add-assessment")}</a></p>
        })}

        <h2>{i18n.t("author-images")}</h2>
        {(!ws.images.is_empty()).then(|| view! {
            <p class="hint">{i18n.t("author-images-hint")}</p>
            <ul class="plain-list">
                {ws.images.iter().map(|p| view! { <li><code>{format!("![…]({p})")}</code></li> }).collect_view()}
            </ul>
        })}
        <form class="stacked narrow" method="post" action=paths::author_images(&slug) enctype="multipart/form-data">
            <label for="image-file">{i18n.t("author-image-file")}</label>
            <input id="image-file" type="file" name=field::IMAGE required accept="image/png,image/jpeg,image/gif,image/webp"/>
            <button type="submit">{i18n.t("author-upload")}</button>
        </form>

        <h2>{i18n.t("author-publication")}</h2>
        {if ws.has_drafts {
            view! {
                {ws.four_eyes.then(|| view! {
                    <p>{i18n.t("author-four-eyes-explained")}</p>
                    {if ws.approved_by.is_empty() {
                        view! { <p>{i18n.t("author-not-approved")}</p> }.into_any()
                    } else {
                        view! { <p>{i18n.t("author-approved-by")}" "{ws.approved_by.join(", ")}</p> }.into_any()
                    }}
                    <form method="post" action=paths::author_approve(&slug)>
                        <input type="hidden" name=field::REVISION value=revision.clone()/>
                        <button type="submit">{i18n.t("author-approve")}</button>
                    </form>
                })}
                <form method="post" action=paths::author_publish(&slug)>
                    <input type="hidden" name=field::REVISION value=revision.clone()/>
                    <button type="submit" class="primary">{i18n.t("author-publish")}</button>
                </form>
            }.into_any()
        } else {
            view! { <p>{i18n.t("author-no-drafts")}</p> }.into_any()
        }}

        <h2>{i18n.t("author-editors")}</h2>
        <ul>{ws.editors.iter().map(|e| view! { <li>{e.clone()}</li> }).collect_view()}</ul>
        <form class="stacked narrow" method="post" action=paths::author_editors(&slug)>
            <label for="editor-email">{i18n.t("author-editor-email")}</label>
            <input id="editor-email" name=field::EMAIL required maxlength="254"/>
            <button type="submit">{i18n.t("author-add-editor")}</button>
        </form>
        <form method="post" action=paths::author_editors(&slug)>
            {if ws.four_eyes {
                ws.may_turn_off_four_eyes.then(|| view! {
                    <button type="submit" name=field::OP value=OP_FOUR_EYES_OFF>{i18n.t("author-four-eyes-off")}</button>
                }.into_any())
            } else {
                Some(view! {
                    <button type="submit" name=field::OP value=OP_FOUR_EYES_ON>{i18n.t("author-four-eyes-on")}</button>
                }.into_any())
            }}
        </form>
    }
}
