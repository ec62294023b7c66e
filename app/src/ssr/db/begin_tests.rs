//! `Db::begin` when the caller goes away half-way: a dropped `BEGIN` must
//! not leave a pooled connection inside a transaction, where the next
//! borrower's writes would silently wait to be rolled back.

use super::Db;
use sqlx::Row;
use std::time::Duration;

async fn a_cancelled_begin_does_not_swallow_later_writes(db: Db, other: Db) {
    sqlx::query("CREATE TABLE begin_probe (n BIGINT NOT NULL)")
        .execute(db.pool())
        .await
        .unwrap();
    for n in 0..200i64 {
        // Dropped at once, usually while BEGIN is on the wire.
        let _ = tokio::time::timeout(Duration::from_micros(1), db.begin()).await;
        sqlx::query("INSERT INTO begin_probe (n) VALUES ($1)")
            .bind(n)
            .execute(db.pool())
            .await
            .unwrap();
    }
    // What was written is visible to everyone else, now.
    let seen: i64 = sqlx::query("SELECT COUNT(*) FROM begin_probe")
        .fetch_one(other.pool())
        .await
        .unwrap()
        .get(0);
    assert_eq!(seen, 200, "writes went into a transaction left open");
}

crate::test_on_both_databases_from_two_processes!(a_cancelled_begin_does_not_swallow_later_writes);
