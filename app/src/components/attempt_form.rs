//! The form of an assessment attempt. Without JavaScript it is a plain form
//! post and the time left is printed once. As an island it also saves the
//! answers as they are given (so a dropped connection or a closed tab loses
//! nothing — the server keeps what was saved by the deadline), shows the
//! time left counting down, and sends the form when the time is up.

use crate::i18n::use_i18n;
use leptos::prelude::*;
use std::time::Duration;

/// The state the save line reports.
#[derive(Clone, Copy, PartialEq)]
enum SaveState {
    Idle,
    Saving,
    Saved,
    Failed,
    Closed,
}

/// `mm:ss` (or `h:mm:ss`).
fn clock(seconds: i64) -> String {
    let s = seconds.max(0);
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}

#[island]
pub fn AttemptForm(
    action: String,
    save_url: String,
    /// Seconds until the server stops taking answers, if timed.
    seconds_left: Option<i64>,
    submit_label: String,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    let form = NodeRef::<leptos::html::Form>::new();
    let left = RwSignal::new(seconds_left);
    let state = RwSignal::new(SaveState::Idle);
    let dirty = RwSignal::new(false);
    // One save at a time; changes made meanwhile are saved after it.
    let in_flight = RwSignal::new(false);
    let hydrated = RwSignal::new(false);
    let sending = RwSignal::new(false);
    let save_url = StoredValue::new(save_url);

    let params = move || -> Option<web_sys::UrlSearchParams> {
        let data = web_sys::FormData::new_with_form(&form.get_untracked()?).ok()?;
        web_sys::UrlSearchParams::new_with_str_sequence_sequence(&data).ok()
    };
    let save = move || {
        if in_flight.get_untracked() {
            return;
        }
        let Some(body) = params() else { return };
        dirty.set(false);
        in_flight.set(true);
        state.set(SaveState::Saving);
        leptos::task::spawn_local(async move {
            let init = web_sys::RequestInit::new();
            init.set_method("POST");
            init.set_body(&body);
            init.set_credentials(web_sys::RequestCredentials::SameOrigin);
            let outcome = match web_sys::window() {
                Some(w) => {
                    let promise = w.fetch_with_str_and_init(&save_url.get_value(), &init);
                    wasm_bindgen_futures::JsFuture::from(promise).await.ok()
                }
                None => None,
            };
            use wasm_bindgen::JsCast;
            let status = outcome
                .and_then(|r| r.dyn_into::<web_sys::Response>().ok())
                .map(|r| r.status());
            in_flight.set(false);
            state.set(match status {
                // Changed again while saving: not all saved yet.
                Some(204) if dirty.get_untracked() => SaveState::Saving,
                Some(204) => SaveState::Saved,
                Some(409) => SaveState::Closed,
                _ => {
                    dirty.set(true);
                    SaveState::Failed
                }
            });
        });
    };

    Effect::new(move |_| {
        hydrated.set(true);
        // A closed tab or a navigation away: one last save that the browser
        // sends even as the page goes.
        let _ = window_event_listener_untyped("pagehide", move |_| {
            if dirty.get_untracked() {
                if let (Some(body), Some(w)) = (params(), web_sys::window()) {
                    let _ = w
                        .navigator()
                        .send_beacon_with_opt_url_search_params(&save_url.get_value(), Some(&body));
                }
            }
        });
        // Unsaved answers (a failed save, or changes made during one) are
        // saved every few seconds.
        set_interval(
            move || {
                if dirty.get_untracked() {
                    save();
                }
            },
            Duration::from_secs(5),
        );
        if left.get_untracked().is_some() {
            set_interval(
                move || {
                    let now = left.get_untracked().map(|s| s - 1);
                    left.set(now);
                    if now == Some(0) && !sending.get_untracked() {
                        // Time is up: send what is on the page. The server
                        // still takes it within its grace period.
                        sending.set(true);
                        if let Some(f) = form.get_untracked() {
                            let _ = f.submit();
                        }
                    }
                },
                Duration::from_secs(1),
            );
        }
    });

    let changed = move |_| {
        dirty.set(true);
        set_timeout(
            move || {
                if dirty.get_untracked() {
                    save();
                }
            },
            Duration::from_millis(800),
        );
    };
    let status = move || match state.get() {
        SaveState::Idle => String::new(),
        SaveState::Saving => i18n.t("attempt-saving"),
        SaveState::Saved => i18n.t("attempt-saved"),
        SaveState::Failed => i18n.t("attempt-save-failed"),
        SaveState::Closed => i18n.t("attempt-closed"),
    };

    view! {
        <form
            node_ref=form
            method="post"
            action=action
            class="stacked-questions attempt"
            data-hydrated=move || hydrated.get().to_string()
            on:change=changed
            on:input=changed
            on:submit=move |_| sending.set(true)
        >
            {left.get_untracked().is_some().then(|| view! {
                <p class="timer" role="timer">
                    {i18n.t("attempt-time-left")}" "
                    <strong>{move || left.get().map(clock).unwrap_or_default()}</strong>
                </p>
            })}
            {children()}
            <p class="save-state" aria-live="polite">{status}</p>
            <button type="submit" class="primary" disabled=move || sending.get()>{submit_label}</button>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::clock;

    #[test]
    fn clock_reads_minutes_and_seconds() {
        assert_eq!(clock(0), "0:00");
        assert_eq!(clock(65), "1:05");
        assert_eq!(clock(3_725), "1:02:05");
        assert_eq!(clock(-3), "0:00");
    }
}
