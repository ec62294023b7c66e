//! How many failed sign-ins are tolerated before a pause.
//!
//! Per account: 5 failures in 15 minutes lock that account's sign-in for the
//! rest of the window (guessing one person's password). Per address: 50 in
//! 15 minutes (guessing many; a training room shares one address, so the
//! limit is generous). Attempts are stored in the database, so every
//! `lantern` process behind a load balancer sees the same counts.

pub const WINDOW_SECS: i64 = 15 * 60;
pub const PER_ACCOUNT: usize = 5;
pub const PER_ADDRESS: usize = 50;

/// Seconds until another attempt is allowed, given the times of recent
/// failures (any order), or `None` if one is allowed now.
pub fn retry_after(failures: &[i64], limit: usize, now: i64) -> Option<i64> {
    let mut recent: Vec<i64> = failures
        .iter()
        .copied()
        .filter(|at| *at > now - WINDOW_SECS)
        .collect();
    if recent.len() < limit {
        return None;
    }
    recent.sort_unstable();
    // Allowed again once enough of the recent failures have aged out of the
    // window that fewer than `limit` remain.
    let must_expire = recent[recent.len() - limit];
    Some((must_expire + WINDOW_SECS - now).max(1))
}

/// Whole minutes, rounded up, for the "try again in N minutes" message.
pub fn minutes(secs: i64) -> i64 {
    (secs + 59) / 60
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allows_until_the_limit_then_waits_for_the_window() {
        let now = 10_000;
        assert_eq!(retry_after(&[now - 10; 4], 5, now), None);
        let five = [now - 600, now - 500, now - 400, now - 300, now - 200];
        assert_eq!(retry_after(&five, 5, now), Some(300));
        assert_eq!(minutes(300), 5);
        // Old failures do not count.
        assert_eq!(retry_after(&[now - WINDOW_SECS - 1; 10], 5, now), None);
        // With more than the limit, the wait is until only limit-1 remain.
        let six = [
            now - 800,
            now - 600,
            now - 500,
            now - 400,
            now - 300,
            now - 200,
        ];
        assert_eq!(retry_after(&six, 5, now), Some(300));
    }

    #[test]
    fn rounds_minutes_up() {
        assert_eq!(minutes(1), 1);
        assert_eq!(minutes(60), 1);
        assert_eq!(minutes(61), 2);
    }
}
