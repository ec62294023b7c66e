//! When a certificate may be renewed: a rule of certificates, used by the
//! assessments (whether a refresher may start) and by the holder's list
//! (whether to point to it). Plain Rust, no database.

/// Re-certification opens this long before a certificate expires, so a
/// holder can renew without a gap.
pub const RENEWAL_WINDOW_SECONDS: i64 = 30 * 86_400;

/// Whether a certificate expiring at `expires_at` may be renewed at `at`.
pub fn renewal_due(expires_at: i64, at: i64) -> bool {
    at >= expires_at - RENEWAL_WINDOW_SECONDS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_opens_thirty_days_before_expiry_and_stays_open() {
        let expires = 1_000_000_000;
        assert!(!renewal_due(expires, expires - RENEWAL_WINDOW_SECONDS - 1));
        assert!(renewal_due(expires, expires - RENEWAL_WINDOW_SECONDS));
        assert!(renewal_due(expires, expires + 1));
    }
}
