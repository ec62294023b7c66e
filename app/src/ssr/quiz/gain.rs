//! Knowledge gain: what the pre-test and the final assessment say a course
//! taught. Per trainee, the gain in points (post − pre) and the normalised
//! gain (post − pre)/(100 − pre) — the share of what there was left to learn
//! that was learnt. Per group, Hake's average normalised gain computed from
//! the group's mean scores, the figure training evaluations usually quote.

use crate::ssr::db::Db;

/// Scores in percent.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Gain {
    pub pre: f64,
    pub post: f64,
}

impl Gain {
    pub fn points(self) -> f64 {
        self.post - self.pre
    }

    /// `None` when the pre-test was already perfect (nothing left to gain).
    pub fn normalised(self) -> Option<f64> {
        (self.pre < 100.0).then(|| (self.post - self.pre) / (100.0 - self.pre))
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct GroupGain {
    pub trainees: usize,
    pub mean: Gain,
}

impl GroupGain {
    /// `None` for an empty group.
    pub fn of(gains: &[Gain]) -> Option<GroupGain> {
        if gains.is_empty() {
            return None;
        }
        let n = gains.len() as f64;
        Some(GroupGain {
            trainees: gains.len(),
            mean: Gain {
                pre: gains.iter().map(|g| g.pre).sum::<f64>() / n,
                post: gains.iter().map(|g| g.post).sum::<f64>() / n,
            },
        })
    }
}

/// One trainee's gain in a course.
#[derive(Clone, Debug, PartialEq)]
pub struct TraineeGain {
    pub user_id: i64,
    pub organisation_id: Option<i64>,
    pub gain: Gain,
}

/// Every trainee of the course who took both: their pre-test and their best
/// final attempt.
pub async fn of_course(db: &Db, course_id: i64) -> Result<Vec<TraineeGain>, sqlx::Error> {
    Ok(super::store::gains(db, course_id)
        .await?
        .into_iter()
        .filter_map(|r| match (r.pre, r.post) {
            (Some(pre), Some(post)) => Some(TraineeGain {
                user_id: r.id,
                organisation_id: r.organisation_id,
                gain: Gain {
                    pre: pre as f64 / 10.0,
                    post: post as f64 / 10.0,
                },
            }),
            _ => None,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_and_normalised_gain() {
        let g = Gain {
            pre: 40.0,
            post: 85.0,
        };
        assert_eq!(g.points(), 45.0);
        assert_eq!(g.normalised(), Some(0.75));
        let loss = Gain {
            pre: 60.0,
            post: 50.0,
        };
        assert_eq!(loss.normalised(), Some(-0.25));
        let perfect = Gain {
            pre: 100.0,
            post: 100.0,
        };
        assert_eq!(perfect.normalised(), None);
    }

    #[test]
    fn a_group_gain_is_taken_from_the_mean_scores() {
        let group = GroupGain::of(&[
            Gain {
                pre: 20.0,
                post: 60.0,
            },
            Gain {
                pre: 60.0,
                post: 100.0,
            },
        ])
        .unwrap();
        assert_eq!(group.trainees, 2);
        assert_eq!(group.mean.pre, 40.0);
        assert_eq!(group.mean.points(), 40.0);
        // Hake's <g> from the means (0.666…), not the mean of the
        // individual gains ((0.5 + 1.0) / 2 = 0.75).
        assert!((group.mean.normalised().unwrap() - 40.0 / 60.0).abs() < 1e-9);
        assert_eq!(GroupGain::of(&[]), None);
    }
}
