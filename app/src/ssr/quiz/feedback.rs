//! What a trainee is told about each question after grading: whether it
//! was right, what they answered — and, where the review policy allows, the
//! right answer and the explanation.

use super::grading::{grade, Answer, Outcome};
use super::presentation::Presented;
use crate::model::quiz::QuestionResult;
use crate::ssr::quiz::question::{Kind, Question};

/// Grades `given` (in presented order) and describes each question;
/// `reveal` includes the key and the explanations.
pub fn results(
    pool: &[Question],
    presented: &[Presented],
    given: &[Option<Answer>],
    partial: bool,
    reveal: bool,
) -> (Vec<QuestionResult>, Vec<Outcome>) {
    let mut outcomes = Vec::new();
    let mut questions = Vec::new();
    for (p, a) in presented
        .iter()
        .zip(given.iter().chain(std::iter::repeat(&None)))
    {
        let q = &pool[p.question];
        let outcome = grade(q, p, a.as_ref(), partial);
        outcomes.push(outcome);
        questions.push(QuestionResult {
            text: q.text.clone(),
            correct: outcome.correct(),
            your_answer: describe_answer(q, p, a.as_ref()),
            right_answer: reveal.then(|| describe_key(q)),
            explanation: q.explanation.clone().filter(|_| reveal),
        });
    }
    (questions, outcomes)
}

fn describe_answer(q: &Question, p: &Presented, a: Option<&Answer>) -> String {
    let at = |pos: &usize| p.order.get(*pos).copied();
    match (&q.kind, a) {
        (Kind::Single { options }, Some(Answer::Choice(pos))) => at(pos)
            .and_then(|i| options.get(i))
            .map(|o| o.text.clone())
            .unwrap_or_default(),
        (Kind::Multiple { options }, Some(Answer::Choices(positions))) => positions
            .iter()
            .filter_map(|pos| at(pos).and_then(|i| options.get(i)).map(|o| o.text.clone()))
            .collect::<Vec<_>>()
            .join("; "),
        (Kind::Short { .. }, Some(Answer::Text(t))) => t.clone(),
        (Kind::Matching { pairs }, Some(Answer::Pairs(picks))) => pairs
            .iter()
            .enumerate()
            .map(|(left, (l, _))| {
                let right = picks
                    .get(left)
                    .copied()
                    .flatten()
                    .and_then(|pos| at(&pos))
                    .and_then(|i| pairs.get(i))
                    .map_or("—", |(_, r)| r.as_str());
                format!("{l} → {right}")
            })
            .collect::<Vec<_>>()
            .join("; "),
        _ => String::new(),
    }
}

fn describe_key(q: &Question) -> String {
    match &q.kind {
        Kind::Single { options } | Kind::Multiple { options } => options
            .iter()
            .filter(|o| o.correct)
            .map(|o| o.text.clone())
            .collect::<Vec<_>>()
            .join("; "),
        Kind::Short { accepted } => accepted.first().cloned().unwrap_or_default(),
        Kind::Matching { pairs } => pairs
            .iter()
            .map(|(l, r)| format!("{l} → {r}"))
            .collect::<Vec<_>>()
            .join("; "),
    }
}
