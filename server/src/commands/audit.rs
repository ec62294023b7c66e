use super::CommandError;
use app::ssr::audit::{self, Verification};
use app::ssr::config::Config;

/// `lantern audit verify`: walks the hash chain; fails at the first broken
/// link, naming it.
pub async fn verify() -> Result<(), CommandError> {
    let config = Config::from_env()?;
    let db = super::open_database(&config).await?;
    let result = audit::verify(&db)
        .await
        .map_err(|e| CommandError::Db(e.into()))?;
    db.close().await;
    match result {
        Verification::Intact { entries } => {
            println!("audit log intact: {entries} entries");
            Ok(())
        }
        Verification::Broken {
            id: Some(id),
            reason,
        } => Err(CommandError::AuditBroken(format!("entry {id}: {reason}"))),
        Verification::Broken { id: None, reason } => Err(CommandError::AuditBroken(reason)),
    }
}

/// Entries appended per transaction while filling the benchmark's log.
const FILL_BATCH: u64 = 10_000;

/// `lantern audit benchmark --entries N`: fills a throwaway SQLite database
/// with N keyed audit entries, then times the full walk (`lantern audit
/// verify`) against what `/admin/audit` does on each view — the check from
/// the signed checkpoint — first with no checkpoint, then after one new
/// entry. The figures go in docs/benchmarks.md.
pub async fn benchmark(entries: u64) -> Result<(), CommandError> {
    use app::ssr::audit::{Action, Event};
    use std::time::Instant;
    let dir = std::env::temp_dir().join(format!("lantern-audit-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(CommandError::Serve)?;
    let url = format!("sqlite://{}/audit.db", dir.display());
    let db = app::ssr::db::Db::open(&url).await?;
    let db_error = |e: sqlx::Error| CommandError::Db(e.into());
    let event = || Event {
        actor_id: Some(1),
        subject: Some("user:1"),
        ip: Some("192.0.2.1"),
        ..Event::new(Action::SignInSucceeded)
    };
    let started = Instant::now();
    let mut written = 0;
    while written < entries {
        let batch = FILL_BATCH.min(entries - written);
        let mut tx = db.begin().await.map_err(db_error)?;
        for _ in 0..batch {
            audit::append(&mut tx, event()).await.map_err(db_error)?;
        }
        tx.commit().await.map_err(db_error)?;
        written += batch;
    }
    let fill = started.elapsed();
    let timed = |label: &str, elapsed: std::time::Duration, result: &Verification| {
        println!(
            "{label:<44} {:>10.1} ms   {result:?}",
            elapsed.as_secs_f64() * 1000.0
        );
    };
    println!(
        "filled {entries} entries in {:.1} s ({:.0} appends/s)",
        fill.as_secs_f64(),
        entries as f64 / fill.as_secs_f64()
    );
    let t = Instant::now();
    let full = audit::verify(&db).await.map_err(db_error)?;
    timed("full walk (lantern audit verify)", t.elapsed(), &full);
    let t = Instant::now();
    let first = audit::verify_recent(&db).await.map_err(db_error)?;
    timed("page check, no checkpoint yet", t.elapsed(), &first);
    audit::record(&db, event()).await.map_err(db_error)?;
    let t = Instant::now();
    let quick = audit::verify_recent(&db).await.map_err(db_error)?;
    timed("page check after one new entry", t.elapsed(), &quick);
    db.close().await;
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}
