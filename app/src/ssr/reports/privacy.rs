//! Small groups are not reported. A group of fewer than five trainees is
//! withheld ("fewer than 5") — and so is enough of its neighbours that it
//! cannot be worked out by subtracting the shown groups from the total:
//! whenever a set of groups that adds up to a shown total has any withheld,
//! at least two are withheld and together they hold at least five
//! trainees (primary and complementary suppression, as statistics offices
//! publish tables). A group of nobody (0) is shown: it says nothing about
//! anyone, and hiding empty months would hide the real ones beside them.
//! When every non-empty group is withheld and together they are still
//! fewer than five, the total is fewer than five too — and withheld by the
//! same rule one level up.

use crate::model::reports::{Figure, MIN_GROUP};

/// Which of a partition's groups (sizes, in any order) to withhold.
pub fn withheld(sizes: &[i64]) -> Vec<bool> {
    let mut hide: Vec<bool> = sizes.iter().map(|n| (1..MIN_GROUP).contains(n)).collect();
    loop {
        let hidden: Vec<usize> = (0..sizes.len()).filter(|i| hide[*i]).collect();
        let sum: i64 = hidden.iter().map(|i| sizes[*i]).sum();
        if hidden.is_empty() || (hidden.len() >= 2 && sum >= MIN_GROUP) {
            return hide;
        }
        // Withhold the smallest shown non-empty group too (the least
        // information lost).
        match (0..sizes.len())
            .filter(|i| !hide[*i] && sizes[*i] > 0)
            .min_by_key(|i| (sizes[*i], *i))
        {
            Some(next) => hide[next] = true,
            // Everything is withheld already.
            None => return hide,
        }
    }
}

/// `value`, unless withheld.
pub fn figure<T>(value: T, withheld: bool) -> Figure<T> {
    if withheld {
        Figure::Withheld
    } else {
        Figure::Shown(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_groups_are_withheld_with_a_complement() {
        assert_eq!(withheld(&[10, 20, 30]), [false, false, false]);
        // One small group: the next smallest goes with it, so total − shown
        // gives only the pair's sum (11), never the 1.
        assert_eq!(withheld(&[1, 10, 20]), [true, true, false]);
        // Two small groups whose sum is still small: a third goes too.
        assert_eq!(withheld(&[3, 1, 50, 60]), [true, true, true, false]);
        assert_eq!(withheld(&[2, 3, 40]), [true, true, false]);
        // Everything small: everything withheld.
        assert_eq!(withheld(&[1, 2]), [true, true]);
        assert_eq!(withheld(&[4]), [true]);
        assert_eq!(withheld(&[5]), [false]);
        // Nobody is shown as nobody, and never chosen as a complement.
        assert_eq!(withheld(&[0, 3, 10, 0]), [false, true, true, false]);
        assert_eq!(withheld(&[0, 0]), [false, false]);
        assert_eq!(withheld(&[]), Vec::<bool>::new());
    }

    /// The subtraction attack: from the total and the shown groups, no
    /// withheld group's size can be pinned down below five.
    #[test]
    fn no_withheld_group_can_be_recovered_by_subtraction() {
        let cases: Vec<Vec<i64>> = (0..400)
            .map(|seed: i64| {
                (0..(seed % 6 + 1))
                    .map(|i| (seed * 7 + i * 13) % 17)
                    .collect()
            })
            .collect();
        for sizes in cases {
            let hide = withheld(&sizes);
            for (i, n) in sizes.iter().enumerate() {
                if (1..MIN_GROUP).contains(n) {
                    assert!(hide[i], "{sizes:?}: a group of {n} is shown");
                }
            }
            let hidden: Vec<i64> = (0..sizes.len())
                .filter(|i| hide[*i])
                .map(|i| sizes[i])
                .collect();
            let shown_people: i64 = (0..sizes.len())
                .filter(|i| !hide[*i])
                .map(|i| sizes[i])
                .sum();
            if !hidden.is_empty() && shown_people > 0 {
                assert!(
                    hidden.len() >= 2,
                    "{sizes:?}: one withheld group equals total − shown"
                );
                assert!(hidden.iter().sum::<i64>() >= MIN_GROUP, "{sizes:?}");
            } else if !hidden.is_empty() {
                // All withheld: the total is the withheld sum, and is
                // withheld itself when small.
                let total: i64 = sizes.iter().sum();
                assert!(
                    total >= MIN_GROUP || withheld(&[total]) == [true],
                    "{sizes:?}"
                );
            }
        }
    }
}
