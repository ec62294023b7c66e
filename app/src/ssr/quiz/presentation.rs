//! Which questions an attempt draws and in what order their options appear.
//! Everything follows from one seed stored with the attempt, so the same
//! attempt always shows (and is graded against) the same paper.

use crate::ssr::quiz::question::{Kind, Question};

/// A small, well-known generator (SplitMix64): deterministic across
/// platforms and versions, which a library RNG does not promise.
pub struct SplitMix64(u64);

impl SplitMix64 {
    pub fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0), without modulo bias.
    pub fn below(&mut self, n: u64) -> u64 {
        let zone = u64::MAX - u64::MAX % n;
        loop {
            let x = self.next_u64();
            if x < zone {
                return x % n;
            }
        }
    }

    /// Fisher–Yates.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i as u64 + 1) as usize;
            items.swap(i, j);
        }
    }
}

/// One question as an attempt presents it: the pool index and the order of
/// its options (for matching: of the right-hand sides).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Presented {
    pub question: usize,
    pub order: Vec<usize>,
}

/// Draws `draw` questions (all if `None` or more than the pool) in random
/// order, each with its options shuffled.
pub fn paper(pool: &[Question], draw: Option<usize>, seed: u64) -> Vec<Presented> {
    let mut rng = SplitMix64::new(seed);
    let mut indices: Vec<usize> = (0..pool.len()).collect();
    rng.shuffle(&mut indices);
    indices.truncate(draw.unwrap_or(pool.len()).min(pool.len()));
    indices
        .into_iter()
        .map(|question| {
            let n = match &pool[question].kind {
                Kind::Single { options } | Kind::Multiple { options } => options.len(),
                Kind::Matching { pairs } => pairs.len(),
                Kind::Short { .. } => 0,
            };
            let mut order: Vec<usize> = (0..n).collect();
            rng.shuffle(&mut order);
            Presented { question, order }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ssr::quiz::question::Choice;

    fn pool(n: usize) -> Vec<Question> {
        (0..n)
            .map(|i| Question {
                id: format!("q{i}"),
                text: format!("Question {i}"),
                kind: Kind::Single {
                    options: (0..4)
                        .map(|o| Choice {
                            text: format!("{o}"),
                            correct: o == 0,
                        })
                        .collect(),
                },
                explanation: None,
                module: None,
            })
            .collect()
    }

    #[test]
    fn the_same_seed_gives_the_same_paper() {
        let p = pool(20);
        assert_eq!(paper(&p, Some(10), 42), paper(&p, Some(10), 42));
        assert_ne!(paper(&p, Some(10), 42), paper(&p, Some(10), 43));
    }

    #[test]
    fn draws_distinct_questions_and_permutes_options() {
        let p = pool(20);
        let drawn = paper(&p, Some(10), 7);
        assert_eq!(drawn.len(), 10);
        let mut ids: Vec<usize> = drawn.iter().map(|d| d.question).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), 10);
        for d in &drawn {
            let mut o = d.order.clone();
            o.sort();
            assert_eq!(o, vec![0, 1, 2, 3]);
        }
        assert_eq!(paper(&p, Some(50), 7).len(), 20);
        assert_eq!(paper(&p, None, 7).len(), 20);
    }

    #[test]
    fn shuffles_are_roughly_uniform() {
        // Where option 0 lands over many seeds: every position about equally.
        let p = pool(1);
        let mut counts = [0u32; 4];
        for seed in 0..4000 {
            let d = &paper(&p, None, seed)[0];
            counts[d.order.iter().position(|&o| o == 0).unwrap()] += 1;
        }
        for c in counts {
            assert!((850..1150).contains(&c), "{counts:?}");
        }
    }

    #[test]
    fn splitmix_matches_its_reference_values() {
        // The first outputs for seed 0, from the reference implementation.
        let mut r = SplitMix64::new(0);
        assert_eq!(r.next_u64(), 0xe220_a839_7b1d_cdaf);
        assert_eq!(r.next_u64(), 0x6e78_9e6a_a1b9_65f4);
    }
}
