//! The editor as an island. Without JavaScript the editor is a plain form:
//! "Preview" saves the draft and the page comes back with the preview and
//! the problems. With JavaScript the same round trip runs by itself a
//! moment after typing stops — the form is posted as "Preview" in the
//! background and the preview, the problems and the draft's revision are
//! taken from the page the server answers with — so the preview follows
//! the text, the draft is saved as it is written, and the preview is
//! rendered by the server exactly as the page renders it (nothing is
//! rendered twice). A page being left sends what is unsaved as a beacon.
//! A save refused as stale stops autosaving and says so: the server has
//! kept the text, and a reload shows both.

use crate::forms::authoring::{field, OP_PREVIEW, OP_SAVE};
use crate::i18n::use_i18n;
use leptos::prelude::*;
use std::time::Duration;

/// The regions of the page the answer replaces, by id.
pub const PREVIEW_ID: &str = "preview";
pub const PROBLEMS_ID: &str = "problems-box";

#[derive(Clone, Copy, PartialEq)]
enum SaveState {
    Idle,
    Saving,
    Saved,
    Failed,
    Stale,
}

#[island]
pub fn LiveEditor(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    let root = NodeRef::<leptos::html::Div>::new();
    let state = RwSignal::new(SaveState::Idle);
    let dirty = RwSignal::new(false);
    let in_flight = RwSignal::new(false);
    let hydrated = RwSignal::new(false);

    let form = move || -> Option<web_sys::HtmlFormElement> {
        use wasm_bindgen::JsCast;
        root.get_untracked()?
            .query_selector("form.editor")
            .ok()??
            .dyn_into()
            .ok()
    };
    // The form's fields with `op` set: what a click on that button sends.
    let body = move |op: &str| -> Option<(String, web_sys::UrlSearchParams)> {
        let f = form()?;
        let data = web_sys::FormData::new_with_form(&f).ok()?;
        let params = web_sys::UrlSearchParams::new_with_str_sequence_sequence(&data).ok()?;
        params.set(field::OP, op);
        Some((f.action(), params))
    };
    // Replaces region `id` of this page with the same region of `doc`.
    let swap = move |doc: &web_sys::Document, id: &str| {
        let (Some(root), Ok(Some(fresh))) =
            (root.get_untracked(), doc.query_selector(&format!("#{id}")))
        else {
            return;
        };
        if let Ok(Some(here)) = root.query_selector(&format!("#{id}")) {
            here.set_inner_html(&fresh.inner_html());
        }
    };
    let take_revision = move |doc: &web_sys::Document| {
        use wasm_bindgen::JsCast;
        let selector = format!("form.editor input[name={}]", field::REVISION);
        let fresh = doc
            .query_selector(&selector)
            .ok()
            .flatten()
            .and_then(|e| e.get_attribute("value"));
        let here = root
            .get_untracked()
            .and_then(|r| r.query_selector(&selector).ok().flatten())
            .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok());
        if let (Some(value), Some(input)) = (fresh, here) {
            input.set_value(&value);
        }
    };
    let save = move || {
        if in_flight.get_untracked() || state.get_untracked() == SaveState::Stale {
            return;
        }
        let Some((action, params)) = body(OP_PREVIEW) else {
            return;
        };
        dirty.set(false);
        in_flight.set(true);
        state.set(SaveState::Saving);
        leptos::task::spawn_local(async move {
            use wasm_bindgen::JsCast;
            let init = web_sys::RequestInit::new();
            init.set_method("POST");
            init.set_body(&params);
            init.set_credentials(web_sys::RequestCredentials::SameOrigin);
            let response = match web_sys::window() {
                Some(w) => {
                    wasm_bindgen_futures::JsFuture::from(w.fetch_with_str_and_init(&action, &init))
                        .await
                        .ok()
                        .and_then(|r| r.dyn_into::<web_sys::Response>().ok())
                }
                None => None,
            };
            let page = match &response {
                Some(r) if r.ok() => match r.text() {
                    Ok(p) => wasm_bindgen_futures::JsFuture::from(p)
                        .await
                        .ok()
                        .and_then(|t| t.as_string()),
                    Err(_) => None,
                },
                _ => None,
            };
            in_flight.set(false);
            let stale = response
                .as_ref()
                .is_some_and(|r| r.url().contains("error=stale"));
            let saved = response
                .as_ref()
                .is_some_and(|r| r.url().contains("done=previewed"));
            match page {
                _ if stale => state.set(SaveState::Stale),
                Some(html) if saved => {
                    if let Some(doc) = web_sys::DomParser::new().ok().and_then(|p| {
                        p.parse_from_string(&html, web_sys::SupportedType::TextHtml)
                            .ok()
                    }) {
                        take_revision(&doc);
                        swap(&doc, PREVIEW_ID);
                        swap(&doc, PROBLEMS_ID);
                    }
                    state.set(if dirty.get_untracked() {
                        SaveState::Saving
                    } else {
                        SaveState::Saved
                    });
                }
                _ => {
                    dirty.set(true);
                    state.set(SaveState::Failed);
                }
            }
        });
    };

    Effect::new(move |_| {
        hydrated.set(true);
        let _ = window_event_listener_untyped("pagehide", move |_| {
            if dirty.get_untracked() && state.get_untracked() != SaveState::Stale {
                if let (Some((action, params)), Some(w)) = (body(OP_SAVE), web_sys::window()) {
                    let _ = w
                        .navigator()
                        .send_beacon_with_opt_url_search_params(&action, Some(&params));
                }
            }
        });
        // A failed save, or typing during one, is retried.
        set_interval(
            move || {
                if dirty.get_untracked() {
                    save();
                }
            },
            Duration::from_secs(5),
        );
    });

    let changed = move |_| {
        dirty.set(true);
        set_timeout(
            move || {
                if dirty.get_untracked() {
                    save();
                }
            },
            Duration::from_millis(1200),
        );
    };
    let status = move || match state.get() {
        SaveState::Idle => String::new(),
        SaveState::Saving => i18n.t("author-autosaving"),
        SaveState::Saved => i18n.t("author-autosaved"),
        SaveState::Failed => i18n.t("author-autosave-failed"),
        SaveState::Stale => i18n.t("author-autosave-stale"),
    };
    view! {
        <div node_ref=root class="live-editor" data-hydrated=move || hydrated.get().to_string() on:input=changed>
            <p class="save-state" aria-live="polite">{status}</p>
            {children()}
        </div>
    }
}
