//! Classical item analysis of a final assessment: for each question (by
//! its stable id, across content versions), how many attempts it was on,
//! its facility (mean credit), its discrimination — the point-biserial
//! correlation of its credit with the rest-of-test score, and the upper
//! minus lower 27 % index — how often each option was picked, and the
//! flags a trainer acts on. Plain arithmetic over graded responses, no
//! database: `reports::questions` loads and grades the attempts.

use std::collections::BTreeMap;

/// Flags are raised only on this many attempts of a question or more:
/// below it the figures swing too much to act on.
pub const FLAG_AFTER: usize = 30;

/// One question on one graded paper.
#[derive(Clone, Debug, PartialEq)]
pub struct Response {
    pub question: String,
    /// 0 to 1.
    pub credit: f64,
    /// The author's indices of the options picked (choice questions).
    pub picked: Vec<usize>,
}

/// Why a question deserves a second look.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Flag {
    /// Facility above 0.9.
    TooEasy,
    /// Facility below 0.2.
    TooHard,
    /// Point-biserial below 0.2.
    WeakDiscrimination,
    /// Point-biserial below 0: those who did well overall did worse on it —
    /// often a wrong key.
    NegativeDiscrimination,
    /// An option nobody picked (it distracts no one).
    UnusedOption,
}

impl Flag {
    /// Stable code (page text keys, exports).
    pub fn code(self) -> &'static str {
        match self {
            Flag::TooEasy => "too-easy",
            Flag::TooHard => "too-hard",
            Flag::WeakDiscrimination => "weak",
            Flag::NegativeDiscrimination => "negative",
            Flag::UnusedOption => "unused-option",
        }
    }
}

/// One question's figures.
#[derive(Clone, Debug, PartialEq)]
pub struct ItemStats {
    pub question: String,
    pub attempts: usize,
    pub facility: f64,
    /// `None` when it cannot be computed (no variance in the item or in
    /// the rest of the test, or nothing else on the papers).
    pub point_biserial: Option<f64>,
    pub upper_lower: Option<f64>,
    /// Times each option (author's order) was picked; empty for questions
    /// without options.
    pub picks: Vec<usize>,
    pub flags: Vec<Flag>,
}

/// Pearson's correlation; `None` without variance on either side.
fn correlation(xs: &[f64], ys: &[f64]) -> Option<f64> {
    let n = xs.len() as f64;
    if xs.len() < 2 {
        return None;
    }
    let (mx, my) = (xs.iter().sum::<f64>() / n, ys.iter().sum::<f64>() / n);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (x, y) in xs.iter().zip(ys) {
        sxy += (x - mx) * (y - my);
        sxx += (x - mx) * (x - mx);
        syy += (y - my) * (y - my);
    }
    (sxx > 1e-12 && syy > 1e-12).then(|| sxy / (sxx * syy).sqrt())
}

/// Analyses `papers` (each the responses of one attempt); `options` gives
/// each choice question's number of options (by id). Questions in id order.
pub fn analyse(papers: &[Vec<Response>], options: &BTreeMap<String, usize>) -> Vec<ItemStats> {
    // Per question: (credit, rest-of-test score, total score, picks).
    struct Seen {
        credit: f64,
        rest: Option<f64>,
        total: f64,
        picked: Vec<usize>,
    }
    let mut by_question: BTreeMap<&str, Vec<Seen>> = BTreeMap::new();
    for paper in papers {
        let sum: f64 = paper.iter().map(|r| r.credit).sum();
        let n = paper.len() as f64;
        for r in paper {
            // The rest of the test: the mean credit on the paper's other
            // questions (papers may draw different questions).
            let rest = (paper.len() > 1).then(|| (sum - r.credit) / (n - 1.0));
            by_question.entry(&r.question).or_default().push(Seen {
                credit: r.credit,
                rest,
                total: sum / n,
                picked: r.picked.clone(),
            });
        }
    }
    by_question
        .into_iter()
        .map(|(question, seen)| {
            let attempts = seen.len();
            let facility = seen.iter().map(|s| s.credit).sum::<f64>() / attempts as f64;
            let paired: Vec<(f64, f64)> = seen
                .iter()
                .filter_map(|s| s.rest.map(|rest| (s.credit, rest)))
                .collect();
            let point_biserial = correlation(
                &paired.iter().map(|p| p.0).collect::<Vec<_>>(),
                &paired.iter().map(|p| p.1).collect::<Vec<_>>(),
            );
            // The upper and lower 27 % of these attempts by total score.
            let mut ranked: Vec<&Seen> = seen.iter().collect();
            ranked.sort_by(|a, b| a.total.total_cmp(&b.total));
            let k = ((attempts as f64) * 0.27).round() as usize;
            let upper_lower = (k >= 1 && 2 * k <= attempts).then(|| {
                let mean = |group: &[&Seen]| {
                    group.iter().map(|s| s.credit).sum::<f64>() / group.len() as f64
                };
                mean(&ranked[attempts - k..]) - mean(&ranked[..k])
            });
            let mut picks = vec![0; options.get(question).copied().unwrap_or(0)];
            for s in &seen {
                for i in &s.picked {
                    if let Some(count) = picks.get_mut(*i) {
                        *count += 1;
                    }
                }
            }
            let mut flags = Vec::new();
            if attempts >= FLAG_AFTER {
                if facility > 0.9 {
                    flags.push(Flag::TooEasy);
                }
                if facility < 0.2 {
                    flags.push(Flag::TooHard);
                }
                match point_biserial {
                    Some(r) if r < 0.0 => flags.push(Flag::NegativeDiscrimination),
                    Some(r) if r < 0.2 => flags.push(Flag::WeakDiscrimination),
                    _ => {}
                }
                if picks.contains(&0) {
                    flags.push(Flag::UnusedOption);
                }
            }
            ItemStats {
                question: question.to_string(),
                attempts,
                facility,
                point_biserial,
                upper_lower,
                picks,
                flags,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(question: &str, credit: f64, picked: &[usize]) -> Response {
        Response {
            question: question.into(),
            credit,
            picked: picked.to_vec(),
        }
    }

    /// Four papers of two questions, worked by hand:
    ///
    /// | paper | a | b |
    /// | 1 | 1 | 1 |
    /// | 2 | 1 | 0 |
    /// | 3 | 0 | 1 |
    /// | 4 | 1 | 1 |
    ///
    /// For `a` the rest of the test is `b`: a = (1,1,0,1), rest = (1,0,1,1).
    /// Means 0.75 and 0.75; deviations (.25,.25,-.75,.25) and
    /// (.25,-.75,.25,.25); Sxy = .0625 - .1875 - .1875 + .0625 = -0.25,
    /// Sxx = Syy = 0.75, r = -0.25 / 0.75 = -1/3.
    /// Upper–lower: k = round(4 × 0.27) = 1; by total (1, .5, .5, 1) the
    /// lowest is paper 2 or 3 (stable order: paper 2, a = 1) and the
    /// highest paper 4 (a = 1): D = 0.
    #[test]
    fn a_hand_worked_example() {
        let papers = vec![
            vec![r("a", 1.0, &[0]), r("b", 1.0, &[])],
            vec![r("a", 1.0, &[0]), r("b", 0.0, &[])],
            vec![r("a", 0.0, &[2]), r("b", 1.0, &[])],
            vec![r("a", 1.0, &[0]), r("b", 1.0, &[])],
        ];
        let options = BTreeMap::from([("a".to_string(), 3)]);
        let stats = analyse(&papers, &options);
        let a = &stats[0];
        assert_eq!((a.question.as_str(), a.attempts), ("a", 4));
        assert!((a.facility - 0.75).abs() < 1e-9);
        assert!((a.point_biserial.unwrap() + 1.0 / 3.0).abs() < 1e-9);
        assert_eq!(a.upper_lower, Some(0.0));
        assert_eq!(a.picks, [3, 0, 1]);
        assert!(a.flags.is_empty(), "no flags under {FLAG_AFTER} attempts");
        assert!(stats[1].picks.is_empty(), "b has no options");
    }

    #[test]
    fn a_discriminating_item_and_its_upper_lower_index() {
        // Ten papers: `x` right exactly on the five best papers.
        let papers: Vec<Vec<Response>> = (0..10)
            .map(|i| {
                let good = i >= 5;
                vec![
                    r("x", if good { 1.0 } else { 0.0 }, &[]),
                    r("y", if good { 1.0 } else { 0.5 }, &[]),
                    r("z", 1.0, &[]),
                ]
            })
            .collect();
        let x = analyse(&papers, &BTreeMap::new()).remove(0);
        // The rest of the test is higher exactly where `x` is right.
        assert!((x.point_biserial.unwrap() - 1.0).abs() < 1e-9);
        // k = round(2.7) = 3: the three best all right, the three worst all wrong.
        assert_eq!(x.upper_lower, Some(1.0));
    }

    #[test]
    fn flags_appear_from_thirty_attempts() {
        let papers: Vec<Vec<Response>> = (0..FLAG_AFTER)
            .map(|i| {
                let good = i % 3 != 0;
                vec![
                    // Everyone right: too easy, no variance.
                    r("easy", 1.0, &[0]),
                    // Right only for the weaker papers: a wrong key.
                    r("keyed-wrong", if good { 0.0 } else { 1.0 }, &[0]),
                    r("anchor", if good { 1.0 } else { 0.0 }, &[]),
                ]
            })
            .collect();
        let options = BTreeMap::from([("easy".to_string(), 2), ("keyed-wrong".to_string(), 2)]);
        let stats = analyse(&papers, &options);
        let find = |id: &str| stats.iter().find(|s| s.question == id).unwrap();
        assert_eq!(find("easy").flags, [Flag::TooEasy, Flag::UnusedOption]);
        assert!(find("keyed-wrong")
            .flags
            .contains(&Flag::NegativeDiscrimination));
        let few = analyse(&papers[..FLAG_AFTER - 1], &options);
        assert!(few.iter().all(|s| s.flags.is_empty()));
    }
}
