//! Answers as a plain HTML form posts them — the one format for a
//! knowledge check, an assessment attempt and its autosave.

use super::grading::Answer;
use super::presentation::Presented;
use crate::forms;
use crate::ssr::limits;
use crate::ssr::quiz::question::{Kind, Question};

/// Reads the answers of a posted form (field names: `forms::answers`).
pub fn answers(
    pool: &[Question],
    presented: &[Presented],
    form: &[(String, String)],
) -> Vec<Option<Answer>> {
    let field = |name: String| {
        form.iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
    };
    presented
        .iter()
        .enumerate()
        .map(|(n, p)| match &pool[p.question].kind {
            Kind::Single { .. } => field(forms::answers::question(n))
                .and_then(|v| v.parse().ok())
                .map(Answer::Choice),
            Kind::Multiple { options } => Some(Answer::Choices(
                (0..options.len())
                    .filter(|m| field(forms::answers::part(n, *m)).is_some())
                    .collect(),
            )),
            Kind::Short { .. } => field(forms::answers::question(n))
                .map(|v| Answer::Text(v.chars().take(limits::ANSWER).collect())),
            Kind::Matching { pairs } => Some(Answer::Pairs(
                (0..pairs.len())
                    .map(|left| field(forms::answers::part(n, left)).and_then(|v| v.parse().ok()))
                    .collect(),
            )),
        })
        .collect()
}

/// The fields of `form` that carry answers (`q…`), as they are stored with
/// an attempt, each value cut to [`limits::ANSWER`] characters; anything
/// else posted is dropped.
pub fn answer_fields(form: &[(String, String)]) -> Vec<(String, String)> {
    form.iter()
        .filter(|(k, _)| forms::answers::is_answer_field(k))
        .take(2_000)
        .map(|(k, v)| (k.clone(), v.chars().take(limits::ANSWER).collect()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_only_answer_fields() {
        let form = vec![
            ("q0".to_string(), "1".to_string()),
            ("q1_2".to_string(), "on".to_string()),
            ("seed".to_string(), "5".to_string()),
            ("q".to_string(), "x".to_string()),
            ("qx".to_string(), "x".to_string()),
        ];
        let kept: Vec<String> = answer_fields(&form).into_iter().map(|(k, _)| k).collect();
        assert_eq!(kept, ["q0", "q1_2"]);
    }

    #[test]
    fn typed_answers_are_cut_to_their_limit_before_storage() {
        let long = "ก".repeat(100_000);
        let form = vec![("q0".to_string(), long)];
        let stored = answer_fields(&form);
        assert_eq!(stored[0].1.chars().count(), limits::ANSWER);
    }
}
