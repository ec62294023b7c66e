//! `/courses/:slug/assessment` (the rules, past attempts, and the button to
//! start) and `/courses/:slug/assessment/:attempt` (an open attempt's
//! questions, or a submitted attempt's result).

use super::LanguageNotice;
use crate::api::assessment::{get_assessment, get_attempt};
use crate::components::attempt_form::AttemptForm;
use crate::components::notice::{ErrorNotice, FormOutcome};
use crate::components::question_fields::QuestionFields;
use crate::components::question_results::QuestionResults;
use crate::forms::{self, assessment_start::Outcome as StartOutcome};
use crate::i18n::{use_i18n, I18n};
use crate::model::assessment::{
    AssessmentOverview, AttemptPaper, AttemptResult, AttemptView, NextStep, Offer, Purpose,
};
use crate::paths;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// The message of this page's form outcome (`?done=` / `?error=`).
fn outcome_key(kind: &str, code: &str) -> &'static str {
    forms::message_key::<StartOutcome>(kind, code)
}

/// Why a result shows no per-question results.
fn withheld_key(purpose: Purpose) -> &'static str {
    match purpose {
        Purpose::Pretest => "attempt-pretest-score-only",
        Purpose::Final | Purpose::Refresher => "attempt-key-withheld",
    }
}

fn percent(score: f64) -> String {
    format!("{score}%")
}

#[component]
pub fn AssessmentPage() -> impl IntoView {
    let params = use_params_map();
    let slug = params.with_untracked(|p| p.get("slug").unwrap_or_default());
    let data = crate::pages::page_data::once(get_assessment(slug));
    view! {
        <Suspense>
            {move || { let data = data.clone(); Suspend::new(async move {
                match data.await {
                    Ok(a) => view! { <Overview a=a/> }.into_any(),
                    Err(error) => view! { <ErrorNotice error=error/> }.into_any(),
                }
            })}}
        </Suspense>
    }
}

#[component]
fn Overview(a: AssessmentOverview) -> impl IntoView {
    let i18n = use_i18n();
    let course_href = paths::course(&a.course_slug);
    let start_action = paths::assessment_start(&a.course_slug);
    let n = |v: u32| v.to_string();
    let rules = vec![
        i18n.t_with(
            "assessment-rule-questions",
            &[("count", n(a.questions).as_str())],
        ),
        i18n.t_with(
            "assessment-rule-pass-mark",
            &[("percent", n(a.pass_mark).as_str())],
        ),
        match a.max_attempts {
            Some(max) => i18n.t_with(
                "assessment-rule-attempts",
                &[
                    ("used", n(a.finals_used).as_str()),
                    ("max", n(max).as_str()),
                ],
            ),
            None => i18n.t("assessment-rule-attempts-unlimited"),
        },
        match a.time_limit_minutes {
            Some(m) => i18n.t_with("assessment-rule-time", &[("minutes", n(m).as_str())]),
            None => i18n.t("assessment-rule-untimed"),
        },
    ];
    let action = match a.offer {
        Offer::Continue(id) => view! {
            <p><a class="button primary" href=paths::attempt(&a.course_slug, id)>
                {i18n.t("assessment-continue")}
            </a></p>
        }
        .into_any(),
        Offer::Pretest | Offer::Final | Offer::Refresher => {
            let (purpose, button) = match a.offer {
                Offer::Pretest => (Purpose::Pretest, i18n.t("pretest-start")),
                Offer::Refresher => (Purpose::Refresher, i18n.t("refresher-start")),
                _ => (Purpose::Final, i18n.t("assessment-start")),
            };
            let (title, explained) = match purpose {
                Purpose::Pretest => ("pretest-title", "pretest-explained"),
                _ => ("refresher-title", "refresher-explained"),
            };
            view! {
                {(purpose != Purpose::Final).then(|| view! {
                    <aside class="callout" role="note">
                        <p class="callout-title">{i18n.t(title)}</p>
                        <p>{i18n.t(explained)}</p>
                    </aside>
                })}
                <form method="post" action=start_action>
                    <input type="hidden" name=forms::assessment_start::field::PURPOSE value=purpose.as_str()/>
                    <button type="submit" class="primary">{button}</button>
                </form>
            }
            .into_any()
        }
        Offer::Passed => {
            view! { <p class="notice" role="status">{i18n.t("assessment-passed-already")}</p> }
                .into_any()
        }
        Offer::NoAttemptsLeft => {
            view! { <p class="alert" role="status">{i18n.t("assessment-no-attempts")}</p> }
                .into_any()
        }
    };
    let slug = a.course_slug.clone();
    view! {
        <Title text=a.title.clone()/>
        <article class="assessment" lang=a.text.language.clone()>
            <nav class="crumbs" aria-label=i18n.t("module-breadcrumb")>
                <a href=course_href>{a.course_title.clone()}</a>
            </nav>
            <h1>{a.title.clone()}</h1>
            <FormOutcome keys=outcome_key/>
            <LanguageNotice text=a.text.clone()/>
            <div class="prose" inner_html=a.intro_html.clone()></div>
            <ul class="rules">{rules.into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}</ul>
            {action}
            {(!a.attempts.is_empty()).then(|| view! {
                <h2>{i18n.t("assessment-attempts")}</h2>
                <table class="attempts">
                    <thead><tr>
                        <th scope="col">{i18n.t("assessment-attempt-started")}</th>
                        <th scope="col">{i18n.t("assessment-attempt-kind")}</th>
                        <th scope="col">{i18n.t("assessment-attempt-score")}</th>
                    </tr></thead>
                    <tbody>
                        {a.attempts.into_iter().map(|t| {
                            let href = paths::attempt(&slug, t.id);
                            let kind = match t.purpose {
                                Purpose::Pretest => i18n.t("pretest-title"),
                                Purpose::Final => i18n.t("assessment-final"),
                                Purpose::Refresher => i18n.t("refresher-title"),
                            };
                            let score = match (t.score, t.passed, t.purpose) {
                                (None, _, _) => i18n.t("assessment-in-progress"),
                                (Some(s), true, _) => format!("{} · {}", percent(s), i18n.t("assessment-passed")),
                                (Some(s), false, Purpose::Pretest) => percent(s),
                                (Some(s), false, _) => format!("{} · {}", percent(s), i18n.t("assessment-failed")),
                            };
                            view! {
                                <tr>
                                    <td><a href=href>{i18n.date_time(t.started_at)}</a></td>
                                    <td>{kind}</td>
                                    <td>{score}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            })}
        </article>
    }
}

#[component]
pub fn AttemptPage() -> impl IntoView {
    let params = use_params_map();
    let (slug, attempt) = params.with_untracked(|p| {
        (
            p.get("slug").unwrap_or_default(),
            p.get("attempt")
                .and_then(|a| a.parse::<i64>().ok())
                .unwrap_or(0),
        )
    });
    let data = crate::pages::page_data::once(get_attempt(slug, attempt));
    view! {
        <Suspense>
            {move || { let data = data.clone(); Suspend::new(async move {
                match data.await {
                    Ok(AttemptView::Open(paper)) => view! { <Paper paper=paper/> }.into_any(),
                    Ok(AttemptView::Done(result)) => view! { <Result result=result/> }.into_any(),
                    Err(error) => view! { <ErrorNotice error=error/> }.into_any(),
                }
            })}}
        </Suspense>
    }
}

fn heading(i18n: I18n, purpose: Purpose, title: &str) -> String {
    match purpose {
        Purpose::Pretest => i18n.t("pretest-title"),
        Purpose::Final => title.to_string(),
        Purpose::Refresher => format!("{title} · {}", i18n.t("refresher-title")),
    }
}

#[component]
fn Paper(paper: AttemptPaper) -> impl IntoView {
    let i18n = use_i18n();
    let action = paths::attempt(&paper.course_slug, paper.id);
    let save_url = format!("{action}/save");
    let deadline_note = paper.seconds_left.map(|s| {
        let minutes = (s + 59) / 60;
        i18n.t_with(
            "attempt-deadline",
            &[("minutes", minutes.to_string().as_str())],
        )
    });
    let saved = paper.saved.clone();
    view! {
        <Title text=heading(i18n, paper.purpose, &paper.title)/>
        <article class="assessment">
            <nav class="crumbs" aria-label=i18n.t("module-breadcrumb")>
                <a href=paths::course(&paper.course_slug)>{paper.course_title.clone()}</a>
            </nav>
            <h1>{heading(i18n, paper.purpose, &paper.title)}</h1>
            {(paper.purpose == Purpose::Pretest).then(|| view! { <p class="lead">{i18n.t("pretest-explained")}</p> })}
            <p class="hint">{i18n.t("attempt-intro")}</p>
            {deadline_note.map(|d| view! { <p class="notice" role="note">{d}</p> })}
            <AttemptForm action=action save_url=save_url seconds_left=paper.seconds_left submit_label=i18n.t("attempt-submit")>
                {paper.questions.into_iter().enumerate().map(|(n, q)| view! {
                    <QuestionFields number=n question=q saved=saved.clone()/>
                }).collect_view()}
            </AttemptForm>
        </article>
    }
}

#[component]
fn Result(result: AttemptResult) -> impl IntoView {
    let i18n = use_i18n();
    let slug = result.course_slug.clone();
    let course_href = paths::course(&slug);
    let assessment_href = paths::assessment(&slug);
    let score = percent(result.score);
    let verdict = match (result.purpose, result.passed) {
        (Purpose::Pretest, _) => i18n.t_with("pretest-score", &[("score", score.as_str())]),
        (_, true) => i18n.t_with(
            "attempt-passed",
            &[
                ("score", score.as_str()),
                ("pass", result.pass_mark.to_string().as_str()),
            ],
        ),
        (_, false) => i18n.t_with(
            "attempt-failed",
            &[
                ("score", score.as_str()),
                ("pass", result.pass_mark.to_string().as_str()),
            ],
        ),
    };
    let gain = result.pretest_score.map(|pre| {
        i18n.t_with(
            "attempt-gain",
            &[("pre", percent(pre).as_str()), ("post", score.as_str())],
        )
    });
    let next = match result.next {
        NextStep::StartCourse => view! {
            <p><a class="button primary" href=course_href.clone()>{i18n.t("pretest-next")}</a></p>
        }.into_any(),
        NextStep::Complete => view! {
            <p class="notice" role="status">{i18n.t("attempt-course-complete")}</p>
            <p><a class="button primary" href=course_href.clone()>{i18n.t("module-back-to-course")}</a></p>
        }.into_any(),
        NextStep::FinishModules => view! {
            <p class="notice" role="status">{i18n.t("attempt-finish-modules")}</p>
            <p><a class="button primary" href=course_href.clone()>{i18n.t("module-back-to-course")}</a></p>
        }.into_any(),
        NextStep::Retry { attempts_left } => {
            let left = attempts_left.map(|n| i18n.t_with("attempt-attempts-left", &[("count", n.to_string().as_str())]));
            view! {
                <p>{i18n.t("attempt-retry-advice")}" "{left}</p>
                <p>
                    <a class="button" href=course_href.clone()>{i18n.t("attempt-review-modules")}</a>
                    " "
                    <a class="button primary" href=assessment_href.clone()>{i18n.t("attempt-try-again")}</a>
                </p>
            }.into_any()
        }
        NextStep::NoAttemptsLeft => view! {
            <p class="alert" role="status">{i18n.t("assessment-no-attempts")}</p>
        }.into_any(),
        NextStep::Renewed => view! {
            <p class="notice" role="status">{i18n.t("refresher-renewed")}</p>
            <p><a class="button primary" href=paths::CERTIFICATES>{i18n.t("certificates-title")}</a></p>
        }.into_any(),
    };
    let class = if result.passed || result.purpose == Purpose::Pretest {
        "result passed"
    } else {
        "result failed"
    };
    view! {
        <Title text=heading(i18n, result.purpose, &result.title)/>
        <article class="assessment">
            <nav class="crumbs" aria-label=i18n.t("module-breadcrumb")>
                <a href=course_href.clone()>{result.course_title.clone()}</a>
                " · "<a href=assessment_href.clone()>{result.title.clone()}</a>
            </nav>
            <h1>{heading(i18n, result.purpose, &result.title)}</h1>
            <section id="result" class=class aria-labelledby="result-heading">
                <h2 id="result-heading">{verdict}</h2>
                {result.late.then(|| view! { <p class="notice" role="note">{i18n.t("attempt-late")}</p> })}
                {gain.map(|g| view! { <p class="gain">{g}</p> })}
                {next}
            </section>
            {if result.revealed {
                view! {
                    <section class="check-result" aria-labelledby="answers-heading">
                        <h2 id="answers-heading">{i18n.t("attempt-your-answers")}</h2>
                        <QuestionResults questions=result.questions/>
                    </section>
                }
                .into_any()
            } else {
                view! { <p class="hint">{i18n.t(withheld_key(result.purpose))}</p> }.into_any()
            }}
        </article>
    }
}
