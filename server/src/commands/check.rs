//! `lantern check`: the database's storage and the rules a half-written
//! write would break (`app::ssr::db::check`), printed as a count per rule;
//! exits 4 when anything is wrong. Run after a crash, a full disk or a
//! restore; the fault tests run it after every fault.

use super::CommandError;
use app::ssr::config::Config;
use app::ssr::db::check::{check, Report};
use app::ssr::db::Db;

pub async fn run() -> Result<(), CommandError> {
    let config = Config::from_env()?;
    let db = super::open_database(&config).await?;
    let report = sound(&db).await;
    db.close().await;
    let report = report?;
    println!(
        "database sound: {} submitted attempts, {} completions, {} certificates",
        report.submitted, report.completions, report.certificates
    );
    Ok(())
}

/// The report, or the failure naming everything wrong.
pub async fn sound(db: &Db) -> Result<Report, CommandError> {
    let report = check(db).await.map_err(|e| CommandError::Db(e.into()))?;
    require_sound(report)
}

pub fn require_sound(report: Report) -> Result<Report, CommandError> {
    if report.is_sound() {
        return Ok(report);
    }
    let mut lines: Vec<String> = report.storage.clone();
    lines.extend(report.broken.iter().map(|(what, n)| format!("{n} {what}")));
    Err(CommandError::CheckFailed(format!(
        "the database is not sound:\n{}",
        lines.join("\n")
    )))
}
