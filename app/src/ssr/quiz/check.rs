//! Knowledge checks: the quiz at the end of a module. Unlimited tries,
//! immediate feedback (correct answers and explanations after each try),
//! not counted towards a certificate. The key stays here: the page gets
//! [`PublicQuestion`]s until a try has been sent.

use super::answer_form::answers;
use super::feedback;
use super::grading::{grade, percent, public, Answer, Outcome};
use super::presentation::paper;
use super::store;
use crate::model::quiz::{CheckPaper, CheckResult};
use crate::ssr::course_names::version_place;
use crate::ssr::db::{json, now, Db};
use crate::ssr::quiz::question::Question;

/// The questions of module version `version` (empty if it has none).
pub async fn pool(db: &Db, version: i64) -> Result<Vec<Question>, sqlx::Error> {
    let text = store::check_quiz(db, version).await?;
    Ok(json::decode("module_versions.quiz", &text)?)
}

/// A stored seed (a signed 64-bit column) as the bits that seed the
/// shuffle.
fn seed_bits(seed: i64) -> u64 {
    u64::from_ne_bytes(seed.to_ne_bytes())
}

/// A score in percent as stored: tenths of a percent.
pub fn tenths(percent: f64) -> i64 {
    // A percentage (0–100) times ten: always fits.
    (percent * 10.0).round() as i64
}

/// How many orders of its options a knowledge check is shown in: each
/// reading picks one at random. A fixed set, so that the page can render
/// each order once per module version and keep it (`pages/fragments.rs`)
/// instead of building some hundred elements per reading; eight orders
/// still give a reader who tries again a new order seven times in eight.
pub const CHECK_ORDERS: u64 = 8;

/// The seed of order `n` of the check of the module text with content hash
/// `content_hash`: fixed for that text, different between texts.
pub fn order_seed(content_hash: &str, n: u64) -> i64 {
    let base = content_hash
        .get(..15)
        .and_then(|h| i64::from_str_radix(h, 16).ok())
        .unwrap_or(0);
    base.wrapping_add(i64::try_from(n % CHECK_ORDERS).unwrap_or(0))
}

/// A paper for one reading: every question, options in one of the text's
/// [`CHECK_ORDERS`] orders, picked at random.
pub fn new_paper(pool: &[Question], content_hash: &str) -> Option<CheckPaper> {
    paper_in_order(pool, content_hash, rand::random::<u64>() % CHECK_ORDERS)
}

/// The paper of order `n` (see [`order_seed`]).
fn paper_in_order(pool: &[Question], content_hash: &str, n: u64) -> Option<CheckPaper> {
    if pool.is_empty() {
        return None;
    }
    let seed = order_seed(content_hash, n);
    Some(CheckPaper {
        seed,
        questions: paper(pool, None, seed_bits(seed))
            .iter()
            .map(|p| public(&pool[p.question], p))
            .collect(),
    })
}

/// A module version's papers, one per order, each made the first time it
/// is drawn: kept with the version, so a reading takes one instead of
/// building it.
#[derive(Debug, Default)]
pub struct Papers([std::sync::OnceLock<Option<std::sync::Arc<CheckPaper>>>; CHECK_ORDERS as usize]);

impl Papers {
    /// One of the papers, at random ([`new_paper`]'s draw).
    pub fn pick(
        &self,
        pool: &[Question],
        content_hash: &str,
    ) -> Option<std::sync::Arc<CheckPaper>> {
        let n = rand::random::<u64>() % CHECK_ORDERS;
        self.0[n as usize]
            .get_or_init(|| paper_in_order(pool, content_hash, n).map(std::sync::Arc::new))
            .clone()
    }
}

/// Grades and keeps a try; returns its id, or `None` if `version` is not a
/// current text of that module.
pub async fn submit(
    db: &Db,
    user: i64,
    course_slug: &str,
    module_slug: &str,
    version: i64,
    seed: i64,
    form: &[(String, String)],
) -> Result<Option<i64>, sqlx::Error> {
    if version_place(db, course_slug, module_slug, version)
        .await?
        .is_none()
    {
        return Ok(None);
    }
    let pool = pool(db, version).await?;
    let presented = paper(&pool, None, seed_bits(seed));
    let given = answers(&pool, &presented, form);
    let outcomes: Vec<Outcome> = presented
        .iter()
        .zip(&given)
        .map(|(p, a)| grade(&pool[p.question], p, a.as_ref(), false))
        .collect();
    let id = store::insert_check(
        db,
        user,
        version,
        seed,
        &json::encode(&given),
        tenths(percent(&outcomes)),
        now(),
    )
    .await?;
    Ok(Some(id))
}

/// The result of `user`'s try `id` on `version` (nobody else's).
pub async fn result(
    db: &Db,
    user: i64,
    version: i64,
    id: i64,
) -> Result<Option<CheckResult>, sqlx::Error> {
    let Some(row) = store::check_try(db, user, version, id).await? else {
        return Ok(None);
    };
    let pool = pool(db, version).await?;
    let presented = paper(&pool, None, seed_bits(row.seed));
    let given: Vec<Option<Answer>> = json::decode("knowledge_checks.answers", &row.answers)?;
    let (questions, outcomes) = feedback::results(&pool, &presented, &given, false, true);
    Ok(Some(CheckResult {
        score: percent(&outcomes),
        questions,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ssr::quiz::question::{Choice, Kind};
    use std::collections::BTreeSet;

    fn pool() -> Vec<Question> {
        let choice = |text: &str, correct| Choice {
            text: text.into(),
            correct,
        };
        vec![Question {
            id: "q".into(),
            text: "?".into(),
            kind: Kind::Single {
                options: vec![choice("a", true), choice("b", false), choice("c", false)],
            },
            explanation: None,
            module: None,
        }]
    }

    #[test]
    fn a_text_has_a_fixed_set_of_orders_and_each_reading_takes_one() {
        let hash = "9f2c4e6a8b0d1f3e5a7c9b1d3f5e7a9c";
        let orders: BTreeSet<i64> = (0..CHECK_ORDERS).map(|n| order_seed(hash, n)).collect();
        assert_eq!(orders.len() as u64, CHECK_ORDERS, "eight different orders");
        let other: BTreeSet<i64> = (0..CHECK_ORDERS)
            .map(|n| order_seed("0a2c4e6a8b0d1f3e5a7c9b1d3f5e7a9c", n))
            .collect();
        assert!(orders.is_disjoint(&other), "another text, other seeds");
        let seen: BTreeSet<i64> = (0..200)
            .map(|_| new_paper(&pool(), hash).unwrap().seed)
            .collect();
        assert!(seen.is_subset(&orders));
        assert!(seen.len() > 1, "readings do not all get the same order");
        assert!(new_paper(&[], hash).is_none());
        // A version's kept papers: the same orders, each made once.
        let papers = Papers::default();
        let picked: Vec<_> = (0..200)
            .map(|_| papers.pick(&pool(), hash).unwrap())
            .collect();
        assert!(picked.iter().all(|p| orders.contains(&p.seed)));
        let same_seed = picked
            .iter()
            .find(|p| p.seed == picked[0].seed && !std::sync::Arc::ptr_eq(p, &picked[0]));
        assert!(same_seed.is_none(), "one paper per order, shared");
    }
}
