//! `/certificates/batches`: trainers and admins download a course's
//! certificates as one ZIP. A batch is built in the background; while one
//! is running the page refreshes itself every few seconds (a meta refresh,
//! so it works without JavaScript) and shows a progress bar.

use crate::api::certificates::get_batches;
use crate::components::notice::{ErrorNotice, FormOutcome};
use crate::forms;
use crate::forms::certificate_batch::{field, Outcome};
use crate::i18n::use_i18n;
use crate::model::certificates::{BatchPage, BatchState};
use crate::paths;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};

/// The message of this page's form outcome (`?done=` / `?error=`).
fn outcome_key(kind: &str, code: &str) -> &'static str {
    forms::message_key::<Outcome>(kind, code)
}

#[component]
pub fn CertificateBatchesPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = crate::pages::page_data::once(get_batches());
    view! {
        <Title text=i18n.t("batches-title")/>
        <article class="batches">
            <h1>{i18n.t("batches-title")}</h1>
            <p class="lead">{i18n.t("batches-intro")}</p>
            <FormOutcome keys=outcome_key/>
            <Suspense>
                {move || { let data = data.clone(); Suspend::new(async move {
                    match data.await {
                        Ok(page) => view! { <Batches page=page/> }.into_any(),
                        Err(error) => view! { <ErrorNotice error=error/> }.into_any(),
                    }
                })}}
            </Suspense>
        </article>
    }
}

#[component]
fn Batches(page: BatchPage) -> impl IntoView {
    let i18n = use_i18n();
    let running = page.batches.iter().any(|b| b.state == BatchState::Running);
    view! {
        {running.then(|| view! { <Meta http_equiv="refresh" content="3"/> })}
        {if page.courses.is_empty() {
            view! { <p>{i18n.t("batches-no-courses")}</p> }.into_any()
        } else {
            view! {
                <table class="batch-courses">
                    <thead><tr>
                        <th scope="col">{i18n.t("verify-course")}</th>
                        <th scope="col">{i18n.t("batches-count")}</th>
                        <th scope="col"><span class="visually-hidden">{i18n.t("batches-prepare")}</span></th>
                    </tr></thead>
                    <tbody>
                        {page.courses.into_iter().map(|c| view! {
                            <tr>
                                <td>{c.title}</td>
                                <td>{c.certificates}</td>
                                <td>
                                    <form method="post" action=paths::CERTIFICATE_BATCHES>
                                        <input type="hidden" name=field::COURSE value=c.slug/>
                                        <button type="submit">{i18n.t("batches-prepare")}</button>
                                    </form>
                                </td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
        {(!page.batches.is_empty()).then(|| view! {
            <h2>{i18n.t("batches-yours")}</h2>
            <ul class="batch-list" aria-live="polite">
                {page.batches.into_iter().map(|b| {
                    let progress = i18n.t_with("batches-progress", &[
                        ("done", b.done.to_string().as_str()),
                        ("total", b.total.to_string().as_str()),
                    ]);
                    let state = match b.state {
                        BatchState::Running => view! {
                            <progress max=b.total value=b.done aria-label=progress.clone()></progress>
                            " "{progress}
                        }.into_any(),
                        BatchState::Ready => view! {
                            <a class="button primary" href=paths::batch_zip(b.id) download="">
                                {i18n.t_with("batches-download", &[("total", b.total.to_string().as_str())])}
                            </a>
                        }.into_any(),
                        BatchState::Failed => view! {
                            <span class="alert">{i18n.t("batches-failed")}</span>
                        }.into_any(),
                    };
                    view! {
                        <li>
                            <strong>{b.course_title}</strong>" · "{i18n.date_time(b.created_at)}
                            <p>{state}</p>
                        </li>
                    }
                }).collect_view()}
            </ul>
        })}
    }
}
