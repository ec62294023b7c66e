use super::outcome_key;
use crate::api::authoring::load_author_file;
use crate::components::live_editor::{LiveEditor, PREVIEW_ID, PROBLEMS_ID};
use crate::components::module_body::ModuleBody;
use crate::components::notice::{ErrorNotice, FormOutcome};
use crate::components::question_fields::QuestionFields;
use crate::forms::authoring::{field, OP_DISCARD, OP_PREVIEW, OP_SAVE};
use crate::i18n::use_i18n;
use crate::model::authoring::{EditorView, PreviewView};
use crate::paths;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// `/author/{course}/files/{file}`: one Markdown file, its problems at
/// line and column, and its preview as trainees will see it. "Preview"
/// saves the draft and comes back here, so without JavaScript nothing
/// typed is lost either.
#[component]
pub fn AuthorFilePage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let (course, file) = params.with_untracked(|p| {
        (
            p.get("course").unwrap_or_default(),
            p.get("file").unwrap_or_default(),
        )
    });
    view! {
        <Suspense>
            {move || { let (course, file) = (course.clone(), file.clone()); Suspend::new(async move {
                match load_author_file(course, file).await {
                    Ok(view) => view! { <Editor view=view/> }.into_any(),
                    Err(error) => view! { <Title text=i18n.t("author-title")/><ErrorNotice error=error/> }.into_any(),
                }
            })}}
        </Suspense>
    }
}

#[component]
fn Editor(view: EditorView) -> impl IntoView {
    let i18n = use_i18n();
    let EditorView {
        slug,
        file,
        text,
        revision,
        draft,
        conflict,
        problems,
        other_problems,
        preview,
        source,
        source_hash,
    } = view;
    let action = paths::author_file(&slug, &file);
    let editing = conflict.clone().unwrap_or_else(|| text.clone());
    view! {
        <Title text=file.clone()/>
        <nav class="crumbs" aria-label=i18n.t("author-breadcrumb")>
            <a href=paths::AUTHOR>{i18n.t("author-title")}</a>" · "
            <a href=paths::author_course(&slug)>{slug.clone()}</a>
        </nav>
        <h1>{file.clone()}</h1>
        <FormOutcome keys=outcome_key/>
        <p class="meta">
            {if draft { i18n.t("author-state-draft") } else { i18n.t("author-state-published") }}
            " · "<a href=paths::author_history(&slug, &file)>{i18n.t("author-history")}</a>
        </p>
        {conflict.is_some().then(|| view! {
            <section class="alert" aria-labelledby="conflict-heading">
                <h2 id="conflict-heading">{i18n.t("author-conflict")}</h2>
                <p>{i18n.t("author-conflict-explained")}</p>
                <details open>
                    <summary>{i18n.t("author-conflict-theirs")}</summary>
                    <pre class="source">{text.clone()}</pre>
                </details>
            </section>
        })}
        <LiveEditor>
        <div id=PROBLEMS_ID>
        {(!problems.is_empty()).then(|| view! {
            <section class="alert" aria-labelledby="file-problems-heading">
                <h2 id="file-problems-heading">{i18n.t("author-problems-file")}</h2>
                <ul class="problems">
                    {problems.into_iter().map(|p| {
                        let at = i18n.t_with("author-at", &[("line", p.line.to_string().as_str()), ("column", p.column.to_string().as_str())]);
                        view! { <li><strong>{at}</strong>" "{p.message}</li> }
                    }).collect_view()}
                </ul>
            </section>
        })}
        {(!other_problems.is_empty()).then(|| view! {
            <details>
                <summary>{i18n.t("author-problems-elsewhere")}</summary>
                <ul class="problems">{other_problems.into_iter().map(|p| view! { <li><code>{p}</code></li> }).collect_view()}</ul>
            </details>
        })}
        </div>
        <div class="editor-grid">
            {source.map(|paragraphs| view! {
                <section class="source-panel" aria-labelledby="source-heading">
                    <h2 id="source-heading">{i18n.t("author-source")}</h2>
                    <p class="hint">{i18n.t("author-source-hint")}</p>
                    {source_hash.clone().map(|hash| view! {
                        <p class="hint">{i18n.t("author-source-hash")}" "<code>{format!("translation_of = \"{hash}\"")}</code></p>
                    })}
                    {paragraphs.into_iter().map(|p| if p.changed {
                        view! { <p class="changed"><mark>{p.text}</mark></p> }.into_any()
                    } else {
                        view! { <p>{p.text}</p> }.into_any()
                    }).collect_view()}
                </section>
            })}
            <form class="editor" method="post" action=action>
                <input type="hidden" name=field::REVISION value=revision.to_string()/>
                <label for="text">{i18n.t("author-text")}</label>
                <textarea id="text" name=field::TEXT rows="30" spellcheck="true" lang="">{editing}</textarea>
                <div class="actions">
                    <button type="submit" name=field::OP value=OP_PREVIEW class="primary">{i18n.t("author-preview")}</button>
                    <button type="submit" name=field::OP value=OP_SAVE>{i18n.t("author-save")}</button>
                    {draft.then(|| view! {
                        <button type="submit" name=field::OP value=OP_DISCARD class="danger">{i18n.t("author-discard")}</button>
                    })}
                </div>
            </form>
            <section id=PREVIEW_ID class="preview" aria-labelledby="preview-heading">
                <h2 id="preview-heading">{i18n.t("author-preview-heading")}</h2>
                {match preview {
                    Some(p) => view! { <Preview preview=p/> }.into_any(),
                    None => view! { <p>{i18n.t("author-no-preview")}</p> }.into_any(),
                }}
            </section>
        </div>
        </LiveEditor>
    }
}

/// The text as trainees will see it; its questions as they get them
/// (options in the written order here), not answerable.
#[component]
fn Preview(preview: PreviewView) -> impl IntoView {
    let i18n = use_i18n();
    let PreviewView {
        title,
        objectives,
        content_warning,
        html,
        toc,
        questions,
    } = preview;
    view! {
        <article class="module">
            <p class="module-title">{title}</p>
            <ModuleBody content_warning=content_warning objectives=objectives toc=toc html=html/>
            {(!questions.is_empty()).then(|| view! {
                <section class="check" aria-labelledby="preview-check-heading">
                    <h2 id="preview-check-heading">{i18n.t("check-title")}</h2>
                    <fieldset disabled class="stacked-questions">
                        <legend class="visually-hidden">{i18n.t("author-preview-questions")}</legend>
                        {questions.into_iter().enumerate().map(|(n, q)| view! {
                            <QuestionFields number=n question=q saved=Vec::new()/>
                        }).collect_view()}
                    </fieldset>
                </section>
            })}
        </article>
    }
}
