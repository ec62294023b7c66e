//! The trainee's side: the catalog, a course, a module.

pub mod assessment;
pub mod catalog;
pub mod course;
pub mod module;

use crate::i18n::use_i18n;
use crate::model::courses::TextLanguage;
use leptos::prelude::*;

/// Says when a text is not in the reader's language, or translates an
/// earlier version of its source — never silently mixed.
#[component]
pub fn LanguageNotice(text: TextLanguage) -> impl IntoView {
    let i18n = use_i18n();
    let note = if text.fallback {
        Some(i18n.t("content-fallback"))
    } else if text.stale {
        Some(i18n.t("content-stale"))
    } else {
        None
    };
    note.map(|n| view! { <p class="notice content-language" role="note">{n}</p> })
}

/// "12 min" in the reader's language.
pub fn minutes(i18n: crate::i18n::I18n, n: u32) -> String {
    i18n.t_with("course-minutes", &[("minutes", n.to_string().as_str())])
}
