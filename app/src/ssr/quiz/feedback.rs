//! What a trainee is told about each question after grading: whether it
//! was right, what they answered — and, where the review policy allows, the
//! right answer and the explanation. [`disclosure`] decides how much an
//! attempt's result may show, so no result can be used as an oracle for
//! the key of a later attempt.

use super::grading::{grade, Answer, Outcome};
use super::presentation::Presented;
use crate::model::assessment::Purpose;
use crate::model::quiz::QuestionResult;
use crate::ssr::quiz::question::{Kind, Question};
use crate::ssr::quiz::settings::Review;

/// How much of a graded attempt its trainee is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Disclosure {
    /// The score alone: no per-question verdict, answer or explanation.
    ScoreOnly,
    /// Each question: right or wrong, what was answered, the right answer
    /// and the explanation.
    Full,
}

/// The review policy. Per-question results would tell a trainee which of
/// the pool's answers are right before an attempt that draws from the same
/// pool, so:
/// - the pre-test (drawn from the final's pool) shows its score only;
/// - a final or refresher shows per-question results only once the trainee
///   can take no further attempt of it — passed (`passed`: any final, or
///   this refresher) or no attempts left — and then as `review` says
///   (`after_submit`: then; `after_pass`: only once passed; `never`).
pub fn disclosure(
    purpose: Purpose,
    review: Review,
    passed: bool,
    attempts_left: Option<u32>,
) -> Disclosure {
    let finished = passed || attempts_left == Some(0);
    let shown = match (purpose, review) {
        (Purpose::Pretest, _) | (_, Review::Never) => false,
        (_, Review::AfterSubmit) => finished,
        (_, Review::AfterPass) => passed,
    };
    if shown {
        Disclosure::Full
    } else {
        Disclosure::ScoreOnly
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pretest_and_unfinished_attempts_show_the_score_only() {
        use Disclosure::{Full, ScoreOnly};
        let d = disclosure;
        for review in [Review::AfterSubmit, Review::AfterPass, Review::Never] {
            assert_eq!(d(Purpose::Pretest, review, true, Some(0)), ScoreOnly);
            // Failed with attempts left: nothing to learn the key from.
            assert_eq!(d(Purpose::Final, review, false, Some(1)), ScoreOnly);
            assert_eq!(d(Purpose::Final, review, false, None), ScoreOnly);
            assert_eq!(d(Purpose::Refresher, review, false, Some(2)), ScoreOnly);
        }
        assert_eq!(d(Purpose::Final, Review::AfterSubmit, false, Some(0)), Full);
        assert_eq!(d(Purpose::Final, Review::AfterSubmit, true, Some(1)), Full);
        assert_eq!(
            d(Purpose::Final, Review::AfterPass, false, Some(0)),
            ScoreOnly
        );
        assert_eq!(d(Purpose::Final, Review::AfterPass, true, Some(2)), Full);
        assert_eq!(d(Purpose::Refresher, Review::AfterPass, true, None), Full);
        assert_eq!(d(Purpose::Final, Review::Never, true, Some(0)), ScoreOnly);
    }
}
