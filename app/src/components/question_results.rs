//! The graded questions of a knowledge check or an attempt: right or not,
//! what was answered, and — where the review policy allowed the server to
//! send them — the right answer and the explanation.

use crate::i18n::use_i18n;
use crate::model::quiz::QuestionResult;
use leptos::prelude::*;

#[component]
pub fn QuestionResults(questions: Vec<QuestionResult>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ol>
            {questions.into_iter().map(|q| {
                let verdict = if q.correct { i18n.t("check-correct") } else { i18n.t("check-incorrect") };
                let class = if q.correct { "verdict correct" } else { "verdict incorrect" };
                view! {
                    <li>
                        <p><strong>{q.text}</strong>" "<span class=class>{verdict}</span></p>
                        <p>{i18n.t("check-your-answer")}": "{q.your_answer}</p>
                        {q.right_answer.filter(|_| !q.correct).map(|r| view! { <p>{i18n.t("check-right-answer")}": "{r}</p> })}
                        {q.explanation.map(|e| view! { <p class="hint">{e}</p> })}
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}
