//! How many failed sign-ins are tolerated before a pause — rules built so
//! that guessing is slow and nobody can lock a chosen official out for long.
//!
//! - **Per account and address**: 5 failures in 15 minutes pause that
//!   account's sign-in *from that address* for the rest of the window. The
//!   guesser waits; the official, signing in from their own office, does not.
//! - **Per account from anywhere**: after 10 failures since the last success,
//!   each further attempt waits for a back-off that doubles with every
//!   failure (1 s, 2 s, 4 s …) but never exceeds [`MAX_BACKOFF_SECS`]: a
//!   guesser spread over many addresses gets a few dozen tries an hour,
//!   and the official never waits more than a minute.
//! - **Per address**: 50 failures in 15 minutes, over any accounts (a
//!   training room shares one address, so the limit is generous).
//!
//! Attempts are stored in the database, so every `lantern` process behind a
//! load balancer sees the same counts; how the counting stays atomic is in
//! `auth::login`.

pub const WINDOW_SECS: i64 = 15 * 60;
pub const PER_ACCOUNT_AND_ADDRESS: usize = 5;
pub const PER_ADDRESS: usize = 50;
/// Failures of an account (from anywhere) before back-off starts.
pub const BACKOFF_AFTER: usize = 10;
pub const MAX_BACKOFF_SECS: i64 = 60;

/// Seconds until another attempt is allowed, given the times of recent
/// failures (any order), or `None` if one is allowed now.
pub fn retry_after(failures: &[i64], limit: usize, now: i64) -> Option<i64> {
    let mut recent: Vec<i64> = failures
        .iter()
        .copied()
        .filter(|at| *at > now - WINDOW_SECS)
        .collect();
    if recent.len() <= limit {
        return None;
    }
    recent.sort_unstable();
    // Allowed again once enough of the recent failures have aged out of the
    // window that no more than `limit` remain.
    let must_expire = recent[recent.len() - limit - 1];
    Some((must_expire + WINDOW_SECS - now).max(1))
}

/// The back-off an account's earlier failures (not counting this attempt)
/// impose on the next attempt: `None` if it may go ahead now.
pub fn backoff(failures: &[i64], now: i64) -> Option<i64> {
    let recent: Vec<i64> = failures
        .iter()
        .copied()
        .filter(|at| *at > now - WINDOW_SECS)
        .collect();
    if recent.len() < BACKOFF_AFTER {
        return None;
    }
    let excess = u32::try_from(recent.len() - BACKOFF_AFTER).unwrap_or(u32::MAX);
    let gap = 1i64
        .checked_shl(excess.min(32))
        .unwrap_or(MAX_BACKOFF_SECS)
        .min(MAX_BACKOFF_SECS);
    let last = recent.iter().copied().max().unwrap_or(now);
    let wait = last + gap - now;
    (wait > 0).then_some(wait)
}

/// Whole minutes, rounded up, for the "try again in N minutes" message.
pub fn minutes(secs: i64) -> i64 {
    (secs + 59) / 60
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limit_counts_this_attempt_and_waits_for_the_window() {
        let now = 10_000;
        // Five failures including this one are allowed; the sixth waits.
        assert_eq!(retry_after(&[now - 10; 5], 5, now), None);
        let six = [now - 600, now - 500, now - 400, now - 300, now - 200, now];
        assert_eq!(retry_after(&six, 5, now), Some(300));
        assert_eq!(minutes(300), 5);
        // Old failures do not count.
        assert_eq!(retry_after(&[now - WINDOW_SECS - 1; 10], 5, now), None);
    }

    #[test]
    fn back_off_doubles_and_stops_at_a_minute() {
        let now = 50_000;
        assert_eq!(backoff(&[now - 1; 9], now), None);
        // The tenth failure a second ago: wait one second more.
        assert_eq!(backoff(&[now - 1; 10], now), None);
        assert_eq!(backoff(&[now; 10], now), Some(1));
        assert_eq!(backoff(&[now; 13], now), Some(8));
        assert_eq!(backoff(&[now; 40], now), Some(MAX_BACKOFF_SECS));
        assert_eq!(
            backoff(&[now - 61; 40], now),
            None,
            "never more than a minute"
        );
        assert_eq!(backoff(&[now - WINDOW_SECS; 40], now), None);
    }

    #[test]
    fn rounds_minutes_up() {
        assert_eq!(minutes(1), 1);
        assert_eq!(minutes(60), 1);
        assert_eq!(minutes(61), 2);
    }
}
