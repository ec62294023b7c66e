//! Figures of groups — organisations, courses, provinces, months — from
//! their sums, with small groups withheld across each partition
//! (`privacy.rs`). Shared by the dashboard, the gain page and the PDF
//! summary, so each shows the same numbers and withholds the same groups.

use super::privacy::{figure, withheld};
use super::store::GroupSumRow;
use crate::model::reports::GroupFigures;
use crate::model::reports::MIN_GROUP;
use crate::ssr::quiz::gain::Gain;

/// A group to show: its label, its key (a slug) and its sums.
pub struct Group {
    pub label: String,
    pub key: String,
    pub sums: GroupSumRow,
}

fn round(x: f64, places: i32) -> f64 {
    let f = 10f64.powi(places);
    (x * f).round() / f
}

/// Whether groups share no trainee, so that they add up to the total.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Overlap {
    /// Organisations, provinces, months: a withheld group could be worked
    /// out by subtraction, so complements are withheld too.
    Disjoint,
    /// Courses: one trainee takes several, the groups do not add up to the
    /// total, and only the small groups themselves are withheld.
    Overlapping,
}

/// The figures of a set of groups, each withheld as a whole when it is
/// small, and each rate or mean withheld when the trainees behind it are
/// few — for disjoint groups with enough complementary groups that no
/// withheld figure can be recovered by subtraction from the total.
pub fn partition(groups: Vec<Group>, overlap: Overlap) -> Vec<GroupFigures> {
    let withheld = |sizes: &[i64]| -> Vec<bool> {
        match overlap {
            Overlap::Disjoint => withheld(sizes),
            Overlap::Overlapping => sizes.iter().map(|n| (1..MIN_GROUP).contains(n)).collect(),
        }
    };
    let sizes: Vec<i64> = groups.iter().map(|g| g.sums.trainees).collect();
    let hide = withheld(&sizes);
    let either = |other: Vec<bool>| -> Vec<bool> {
        other.iter().zip(&hide).map(|(a, b)| *a || *b).collect()
    };
    let hide_rate = either(withheld(
        &groups
            .iter()
            .map(|g| g.sums.finals_people)
            .collect::<Vec<_>>(),
    ));
    let hide_gain = either(withheld(
        &groups
            .iter()
            .map(|g| g.sums.both_people)
            .collect::<Vec<_>>(),
    ));
    groups
        .into_iter()
        .enumerate()
        .map(|(i, g)| {
            let s = &g.sums;
            // A rate or mean of nobody is not 0: it is not there.
            let no_rate = hide_rate[i] || s.finals_people == 0;
            let no_means = hide_gain[i] || s.both_people == 0;
            let pass_rate = if s.finals > 0 {
                round(100.0 * s.passed as f64 / s.finals as f64, 1)
            } else {
                0.0
            };
            let means = (s.with_both > 0).then(|| Gain {
                pre: s.pre_sum as f64 / s.with_both as f64 / 10.0,
                post: s.final_sum as f64 / s.with_both as f64 / 10.0,
            });
            GroupFigures {
                label: g.label,
                key: g.key,
                trainees: figure(s.trainees, hide[i]),
                completed: figure(s.completed, hide[i]),
                pass_rate: figure(pass_rate, no_rate),
                with_both: figure(s.both_people, hide_gain[i]),
                mean_pretest: figure(means.map_or(0.0, |m| round(m.pre, 1)), no_means),
                mean_final: figure(means.map_or(0.0, |m| round(m.post, 1)), no_means),
                gain: figure(
                    means.and_then(Gain::normalised).map(|g| round(g, 2)),
                    no_means,
                ),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::reports::Figure;

    fn group(
        label: &str,
        trainees: i64,
        finals: i64,
        passed: i64,
        both: i64,
        pre: i64,
        post: i64,
    ) -> Group {
        Group {
            label: label.into(),
            key: label.into(),
            sums: GroupSumRow {
                key: None,
                trainees,
                completed: passed,
                finals,
                passed,
                finals_people: finals,
                with_both: both,
                both_people: both,
                pre_sum: pre * both,
                final_sum: post * both,
            },
        }
    }

    /// Normalised gain on a hand-computed example: means 40% → 85% is
    /// (85 − 40) / (100 − 40) = 0.75.
    #[test]
    fn gain_from_the_group_means() {
        let figures = partition(vec![group("a", 8, 8, 6, 6, 400, 850)], Overlap::Disjoint);
        let a = &figures[0];
        assert_eq!(a.trainees, Figure::Shown(8));
        assert_eq!(a.pass_rate, Figure::Shown(75.0));
        assert_eq!(a.mean_pretest, Figure::Shown(40.0));
        assert_eq!(a.mean_final, Figure::Shown(85.0));
        assert_eq!(a.gain, Figure::Shown(Some(0.75)));
    }

    #[test]
    fn a_small_group_and_its_complement_are_withheld_whole() {
        let figures = partition(
            vec![
                group("small", 3, 3, 3, 3, 500, 900),
                group("medium", 9, 9, 4, 9, 400, 600),
                group("large", 40, 30, 20, 30, 300, 700),
            ],
            Overlap::Disjoint,
        );
        assert_eq!(figures[0].trainees, Figure::Withheld);
        assert_eq!(figures[0].gain, Figure::Withheld);
        // The complement: otherwise total − large − medium = small.
        assert_eq!(figures[1].trainees, Figure::Withheld);
        assert_eq!(figures[1].pass_rate, Figure::Withheld);
        assert_eq!(figures[2].trainees, Figure::Shown(40));
    }

    #[test]
    fn a_rate_behind_few_trainees_is_withheld_even_in_a_large_group() {
        let figures = partition(
            vec![
                group("a", 30, 2, 1, 2, 500, 900),
                group("b", 30, 20, 10, 20, 400, 600),
                group("c", 30, 25, 20, 25, 300, 700),
            ],
            Overlap::Disjoint,
        );
        assert_eq!(figures[0].trainees, Figure::Shown(30));
        assert_eq!(figures[0].pass_rate, Figure::Withheld);
        assert_eq!(figures[1].pass_rate, Figure::Withheld, "the complement");
        assert_eq!(figures[2].pass_rate, Figure::Shown(80.0));
    }

    #[test]
    fn a_rate_of_nobody_is_not_zero() {
        let figures = partition(
            vec![
                group("none", 8, 0, 0, 0, 0, 0),
                group("b", 9, 9, 9, 9, 400, 600),
            ],
            Overlap::Disjoint,
        );
        assert_eq!(figures[0].trainees, Figure::Shown(8));
        assert_eq!(figures[0].with_both, Figure::Shown(0));
        assert_eq!(figures[0].pass_rate, Figure::Withheld);
        assert_eq!(figures[0].gain, Figure::Withheld);
        assert_eq!(figures[1].pass_rate, Figure::Shown(100.0));
    }

    #[test]
    fn overlapping_groups_withhold_only_the_small_ones() {
        let figures = partition(
            vec![
                group("small", 3, 3, 3, 3, 500, 900),
                group("medium", 9, 9, 4, 9, 400, 600),
            ],
            Overlap::Overlapping,
        );
        assert_eq!(figures[0].trainees, Figure::Withheld);
        assert_eq!(figures[1].trainees, Figure::Shown(9));
    }
}
