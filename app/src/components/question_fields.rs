//! One question as form fields: a fieldset whose legend is the question.
//! Field names are what the server reads (`q{n}` for a choice or a text,
//! `q{n}_{m}` for a ticked box or a matching pick); values are positions on
//! this attempt's paper, never the author's option numbers.

use crate::forms::answers;
use crate::i18n::use_i18n;
use crate::model::quiz::{PublicKind, PublicQuestion};
use leptos::prelude::*;

#[component]
pub fn QuestionFields(
    number: usize,
    question: PublicQuestion,
    /// Answers saved earlier, as form fields, to fill in.
    saved: Vec<(String, String)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let n = number;
    let value_of = move |name: &str| {
        saved
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    let name = answers::question(n);
    let body = match question.kind {
        PublicKind::Single { options } => {
            let picked = value_of(&name);
            options
                .into_iter()
                .enumerate()
                .map(|(pos, text)| {
                    let (id, label_for) = (format!("q{n}-{pos}"), format!("q{n}-{pos}"));
                    let checked = picked.as_deref() == Some(pos.to_string().as_str());
                    view! {
                        <label class="check-option" for=label_for>
                            <input type="radio" id=id name=name.clone() value=pos.to_string() checked=checked/>
                            {text}
                        </label>
                    }
                })
                .collect_view()
                .into_any()
        }
        PublicKind::Multiple { options } => options
            .into_iter()
            .enumerate()
            .map(|(pos, text)| {
                let (id, label_for) = (format!("q{n}-{pos}"), format!("q{n}-{pos}"));
                let field = answers::part(n, pos);
                let checked = value_of(&field).is_some();
                view! {
                    <label class="check-option" for=label_for>
                        <input type="checkbox" id=id name=field checked=checked/>
                        {text}
                    </label>
                }
            })
            .collect_view()
            .into_any(),
        PublicKind::Short => {
            let (id, label_for) = (format!("q{n}-text"), format!("q{n}-text"));
            let value = value_of(&name).unwrap_or_default();
            view! {
                <label class="visually-hidden" for=label_for>{i18n.t("check-your-answer")}</label>
                <input type="text" id=id name=name.clone() autocomplete="off" value=value/>
            }
            .into_any()
        }
        PublicKind::Matching { lefts, rights } => lefts
            .into_iter()
            .enumerate()
            .map(|(left, text)| {
                let (id, label_for) = (format!("q{n}-{left}"), format!("q{n}-{left}"));
                let field = answers::part(n, left);
                let picked = value_of(&field);
                let rights = rights.clone();
                view! {
                    <label class="check-pair" for=label_for>{text}</label>
                    <select id=id name=field>
                        <option value="">"—"</option>
                        {rights.into_iter().enumerate().map(|(pos, r)| {
                            let selected = picked.as_deref() == Some(pos.to_string().as_str());
                            view! { <option value=pos.to_string() selected=selected>{r}</option> }
                        }).collect_view()}
                    </select>
                }
            })
            .collect_view()
            .into_any(),
    };
    view! {
        <fieldset class="question">
            <legend>{question.text}</legend>
            {body}
        </fieldset>
    }
}
