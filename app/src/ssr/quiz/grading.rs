//! Scoring. Answers arrive as positions on the presented paper and are
//! mapped back to the author's options through the stored order, so what a
//! browser sends never names an option by its place in the source (where
//! the correct one is often first).

use super::normalise;
use super::presentation::Presented;
use crate::model::quiz::{PublicKind, PublicQuestion};
use crate::ssr::quiz::question::{Kind, Question};

/// A trainee's answer to one question, in presented positions.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Answer {
    /// Single choice: the position picked.
    Choice(usize),
    /// Multiple response: the positions picked.
    Choices(Vec<usize>),
    Text(String),
    /// Matching: for each left-hand side (in the author's order), the
    /// position of the right-hand side picked.
    Pairs(Vec<Option<usize>>),
}

/// One question's result: credit between 0 and 1.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Outcome {
    pub credit: f64,
}

impl Outcome {
    pub fn correct(self) -> bool {
        self.credit >= 1.0
    }
}

/// The author's index of the option at `position` on the paper.
fn original(p: &Presented, position: usize) -> Option<usize> {
    p.order.get(position).copied()
}

/// Scores `answer` to question `q` as presented by `p`. `partial` (from
/// the assessment's front matter) gives proportional credit to multiple
/// response and matching questions, wrong picks subtracting; otherwise they
/// are all or nothing.
pub fn grade(q: &Question, p: &Presented, answer: Option<&Answer>, partial: bool) -> Outcome {
    let credit = match (&q.kind, answer) {
        (Kind::Single { options }, Some(Answer::Choice(pos))) => {
            let picked = original(p, *pos);
            f64::from(u8::from(
                picked.is_some_and(|i| options.get(i).is_some_and(|o| o.correct)),
            ))
        }
        (Kind::Multiple { options }, Some(Answer::Choices(positions))) => {
            let mut picked: Vec<usize> = positions
                .iter()
                .filter_map(|pos| original(p, *pos))
                .collect();
            picked.sort();
            picked.dedup();
            let right = picked
                .iter()
                .filter(|i| options.get(**i).is_some_and(|o| o.correct))
                .count();
            let wrong = picked.len() - right;
            let total = options.iter().filter(|o| o.correct).count();
            if partial {
                ((right as f64 - wrong as f64) / total as f64).max(0.0)
            } else {
                f64::from(u8::from(right == total && wrong == 0))
            }
        }
        (Kind::Short { accepted }, Some(Answer::Text(text))) => {
            f64::from(u8::from(normalise::matches(text, accepted)))
        }
        (Kind::Matching { pairs }, Some(Answer::Pairs(picks))) => {
            let right = (0..pairs.len())
                .filter(|left| {
                    picks
                        .get(*left)
                        .copied()
                        .flatten()
                        .and_then(|pos| original(p, pos))
                        .is_some_and(|right| pairs[right].1 == pairs[*left].1)
                })
                .count();
            if partial {
                right as f64 / pairs.len() as f64
            } else {
                f64::from(u8::from(right == pairs.len()))
            }
        }
        _ => 0.0,
    };
    Outcome { credit }
}

/// The score in percent, rounded to one decimal.
pub fn percent(outcomes: &[Outcome]) -> f64 {
    if outcomes.is_empty() {
        return 0.0;
    }
    let sum: f64 = outcomes.iter().map(|o| o.credit).sum();
    (sum / outcomes.len() as f64 * 1000.0).round() / 10.0
}

/// What a trainee is shown: the text and the options in presented order,
/// and nothing that says which is right.
pub fn public(q: &Question, p: &Presented) -> PublicQuestion {
    let ordered = |texts: Vec<String>| -> Vec<String> {
        p.order
            .iter()
            .filter_map(|i| texts.get(*i).cloned())
            .collect()
    };
    let kind = match &q.kind {
        Kind::Single { options } => PublicKind::Single {
            options: ordered(options.iter().map(|o| o.text.clone()).collect()),
        },
        Kind::Multiple { options } => PublicKind::Multiple {
            options: ordered(options.iter().map(|o| o.text.clone()).collect()),
        },
        Kind::Short { .. } => PublicKind::Short,
        Kind::Matching { pairs } => PublicKind::Matching {
            lefts: pairs.iter().map(|(l, _)| l.clone()).collect(),
            rights: ordered(pairs.iter().map(|(_, r)| r.clone()).collect()),
        },
    };
    PublicQuestion {
        id: q.id.clone(),
        text: q.text.clone(),
        kind,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ssr::content::quiz::parse;
    use std::collections::HashSet;

    fn question(block: &str) -> Question {
        parse("t.md", block, 1, &mut HashSet::new(), None)
            .unwrap()
            .remove(0)
    }

    /// Presented in reverse, so positions differ from the author's order.
    fn reversed(q: &Question) -> Presented {
        let n = match &q.kind {
            Kind::Single { options } | Kind::Multiple { options } => options.len(),
            Kind::Matching { pairs } => pairs.len(),
            Kind::Short { .. } => 0,
        };
        Presented {
            question: 0,
            order: (0..n).rev().collect(),
        }
    }

    #[test]
    fn single_choice_maps_positions_back() {
        let q = question("? [s] Who decides?\n(x) The person\n( ) The officer\n( ) The broker\n");
        let p = reversed(&q);
        assert!(grade(&q, &p, Some(&Answer::Choice(2)), false).correct());
        assert!(!grade(&q, &p, Some(&Answer::Choice(0)), false).correct());
        assert_eq!(grade(&q, &p, None, false).credit, 0.0);
        assert_eq!(grade(&q, &p, Some(&Answer::Choice(9)), false).credit, 0.0);
        assert_eq!(
            grade(&q, &p, Some(&Answer::Text("x".into())), false).credit,
            0.0
        );
    }

    #[test]
    fn multiple_response_all_or_nothing_or_partial() {
        let q = question(
            "? [m] Indicators?\n[x] Debt\n[x] Held papers\n[ ] Sunshine\n[x] No free movement\n",
        );
        let p = Presented {
            question: 0,
            order: vec![0, 1, 2, 3],
        };
        let all = Answer::Choices(vec![0, 1, 3]);
        let two = Answer::Choices(vec![0, 1]);
        let two_and_wrong = Answer::Choices(vec![0, 1, 2]);
        assert!(grade(&q, &p, Some(&all), false).correct());
        assert_eq!(grade(&q, &p, Some(&two), false).credit, 0.0);
        assert!((grade(&q, &p, Some(&two), true).credit - 2.0 / 3.0).abs() < 1e-9);
        assert!((grade(&q, &p, Some(&two_and_wrong), true).credit - 1.0 / 3.0).abs() < 1e-9);
        assert_eq!(
            grade(&q, &p, Some(&Answer::Choices(vec![2])), true).credit,
            0.0,
            "never below zero"
        );
        assert!(
            grade(&q, &p, Some(&Answer::Choices(vec![0, 0, 1, 3])), false).correct(),
            "repeats count once"
        );
    }

    #[test]
    fn short_answers_are_normalised() {
        let q = question("? [h] Hotline?\n= 1300\n= one three hundred\n");
        let p = reversed(&q);
        assert!(grade(&q, &p, Some(&Answer::Text(" 1 300 ".into())), false).correct());
        assert!(grade(
            &q,
            &p,
            Some(&Answer::Text("One Three Hundred".into())),
            false
        )
        .correct());
        assert!(!grade(&q, &p, Some(&Answer::Text("191".into())), false).correct());
    }

    #[test]
    fn matching_pairs() {
        let q = question("? [t] Match\n- VoT -> victim of trafficking\n- TIP -> trafficking in persons\n- NRM -> national referral mechanism\n");
        let p = reversed(&q); // rights shown: NRM's, TIP's, VoT's
        let right = Answer::Pairs(vec![Some(2), Some(1), Some(0)]);
        let one_wrong = Answer::Pairs(vec![Some(2), Some(0), None]);
        assert!(grade(&q, &p, Some(&right), false).correct());
        assert_eq!(grade(&q, &p, Some(&one_wrong), false).credit, 0.0);
        assert!((grade(&q, &p, Some(&one_wrong), true).credit - 1.0 / 3.0).abs() < 1e-9);
    }

    #[test]
    fn percent_rounds_to_one_decimal() {
        let o = |credit| Outcome { credit };
        assert_eq!(percent(&[o(1.0), o(0.0), o(1.0)]), 66.7);
        assert_eq!(percent(&[]), 0.0);
    }

    #[test]
    fn the_public_question_carries_no_key() {
        let q =
            question("? [s] Who decides?\n(x) The person\n( ) The officer\n> Consent matters.\n");
        let shown = public(&q, &reversed(&q));
        assert_eq!(
            shown.kind,
            PublicKind::Single {
                options: vec!["The officer".into(), "The person".into()]
            }
        );
        let json = serde_json::to_string(&shown).unwrap();
        assert!(
            !json.contains("correct") && !json.contains("Consent"),
            "{json}"
        );
        let short = question("? [h] Hotline?\n= 1300\n");
        let json = serde_json::to_string(&public(&short, &reversed(&short))).unwrap();
        assert!(!json.contains("1300"), "{json}");
    }
}
