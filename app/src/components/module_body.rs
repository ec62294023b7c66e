//! A module's text as trainees read it — content warning, objectives,
//! contents, the prose — shared by the reader and the editor's preview, so
//! the preview is the page.

use crate::i18n::use_i18n;
use crate::model::courses::TocItem;
use leptos::prelude::*;

#[component]
pub fn ModuleBody(
    content_warning: Option<String>,
    objectives: Vec<String>,
    toc: Vec<TocItem>,
    /// Sanitised when compiled.
    html: String,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        {content_warning.map(|w| view! {
            <aside class="callout callout-warning" role="note">
                <p class="callout-title">{i18n.t("content-warning")}</p>
                <p>{w}</p>
            </aside>
        })}
        {(!objectives.is_empty()).then(|| view! {
            <section class="objectives" aria-labelledby="objectives-heading">
                <h2 id="objectives-heading">{i18n.t("module-objectives")}</h2>
                <ul>{objectives.into_iter().map(|o| view! { <li>{o}</li> }).collect_view()}</ul>
            </section>
        })}
        {(toc.len() > 1).then(|| view! {
            <nav class="toc" aria-labelledby="toc-heading">
                <h2 id="toc-heading">{i18n.t("module-contents")}</h2>
                <ul>
                    {toc.into_iter().map(|t| {
                        let href = format!("#{}", t.id);
                        let class = format!("toc-{}", t.level);
                        view! { <li class=class><a href=href target="_self">{t.text}</a></li> }
                    }).collect_view()}
                </ul>
            </nav>
        })}
        <div class="prose" inner_html=html></div>
    }
}
