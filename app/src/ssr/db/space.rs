//! Writes stop, cleanly, before the disk holding a SQLite database is full.
//!
//! SQLite itself survives a full disk (the transaction is rolled back), but
//! sqlx 0.8 does not: when SQLite has already rolled a failed commit back,
//! sqlx's own `ROLLBACK` fails, its count of open transactions stays at one,
//! and that pooled connection's later "transactions" become savepoints
//! inside a transaction nobody commits — answers acknowledged to trainees,
//! then lost (found by scripts/faults.sh disk-full). So a transaction is
//! not begun while the free space is below `LANTERN_MIN_FREE_MB` (default
//! 64): the write is refused whole with "try again", reads go on, and
//! writing resumes by itself once space is freed. The free space is read
//! at most once a second (one `statvfs`).

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};

/// Free space below which writes are refused, unless configured.
pub const DEFAULT_MIN_FREE_MB: u64 = 64;

#[derive(Debug)]
pub struct Guard {
    dir: PathBuf,
    min_free: u64,
    checked_at: AtomicI64,
    low: AtomicBool,
}

impl Guard {
    /// For the directory of a SQLite database file; `LANTERN_MIN_FREE_MB`
    /// overrides the threshold (0 turns the guard off).
    pub fn for_database(file: &str) -> Option<Guard> {
        let min_free_mb = std::env::var("LANTERN_MIN_FREE_MB")
            .ok()
            .and_then(|v| v.trim().parse::<u64>().ok())
            .unwrap_or(DEFAULT_MIN_FREE_MB);
        if min_free_mb == 0 {
            return None;
        }
        let dir = std::path::Path::new(file)
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), PathBuf::from);
        Some(Guard {
            dir,
            min_free: min_free_mb * 1024 * 1024,
            checked_at: AtomicI64::new(i64::MIN),
            low: AtomicBool::new(false),
        })
    }

    /// Whether writes must wait: the free space as last read, read again
    /// when that was more than a second ago.
    pub fn low(&self) -> bool {
        let now = super::now();
        if self.checked_at.swap(now, Ordering::Relaxed) != now {
            let low = free_bytes(&self.dir).is_some_and(|free| free < self.min_free);
            self.low.store(low, Ordering::Relaxed);
        }
        self.low.load(Ordering::Relaxed)
    }
}

/// Bytes an unprivileged process may still write in `dir`.
fn free_bytes(dir: &std::path::Path) -> Option<u64> {
    let stat = rustix::fs::statvfs(dir).ok()?;
    Some(stat.f_bavail.saturating_mul(stat.f_frsize))
}

/// The error a refused write gives: an I/O error saying why, which the
/// layers above answer as "try again in a moment".
pub fn refusal() -> sqlx::Error {
    sqlx::Error::Io(std::io::Error::new(
        std::io::ErrorKind::StorageFull,
        "the disk holding the database is nearly full; writes wait until space is freed",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_free_space_and_compares_it() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("lantern.db");
        let free = free_bytes(dir.path()).expect("statvfs works here");
        assert!(free > 0);
        let guard = Guard {
            dir: dir.path().into(),
            min_free: free.saturating_mul(1000),
            checked_at: AtomicI64::new(i64::MIN),
            low: AtomicBool::new(false),
        };
        assert!(guard.low(), "far more than is free is wanted");
        let roomy = Guard::for_database(file.to_str().unwrap()).unwrap();
        assert_eq!(roomy.dir, dir.path());
        let relaxed = Guard {
            min_free: 1,
            ..roomy
        };
        assert!(!relaxed.low());
    }
}
