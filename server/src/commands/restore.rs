//! `lantern restore FILE`: a backup made by `lantern backup` becomes the
//! database `LANTERN_DATABASE_URL` names — only an empty one, so a restore
//! can never overwrite live data — and is checked before it is used.
//!
//! SQLite: the copy is written beside the target under a temporary name,
//! checked there (`lantern check`'s rules, SQLite's `integrity_check`) and
//! renamed into place only when sound, so a failed restore leaves no
//! database behind. PostgreSQL: `pg_restore` in one transaction
//! (`--single-transaction --exit-on-error`: all or nothing) into a database
//! with no tables yet, the password in the child's environment as for
//! `lantern backup`. Either way the restored database is then migrated, so
//! a backup from an older release opens in this one.

use super::backup::split_password;
use super::{check, CommandError};
use app::ssr::config::Config;
use app::ssr::db::{backend::sqlite_path, Backend, Db};
use std::path::{Path, PathBuf};

pub async fn run(file: &Path) -> Result<(), CommandError> {
    let config = Config::from_env()?;
    if !file.is_file() {
        return Err(CommandError::NotFound(format!(
            "no backup at {}",
            file.display()
        )));
    }
    let url = &config.database_url;
    match Backend::from_url(url)? {
        Backend::Sqlite => restore_sqlite(file, url).await?,
        Backend::Postgres => restore_postgres(file, url).await?,
    }
    let db = super::open_database(&config).await?;
    let report = check::sound(&db).await?;
    db.close().await;
    println!(
        "restored {} into {}: {} submitted attempts, {} completions, {} certificates; \
         run `lantern audit verify` with the deployment's audit key",
        file.display(),
        split_password(url).0,
        report.submitted,
        report.completions,
        report.certificates
    );
    Ok(())
}

async fn restore_sqlite(file: &Path, url: &str) -> Result<(), CommandError> {
    let mut header = [0u8; 16];
    std::fs::File::open(file)
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut header))
        .map_err(|e| CommandError::Backup(format!("cannot read {}: {e}", file.display())))?;
    if &header != b"SQLite format 3\0" {
        return Err(CommandError::Input(format!(
            "{} is not a SQLite backup (for PostgreSQL, restore a pg_dump archive into a postgres:// URL)",
            file.display()
        )));
    }
    let target = PathBuf::from(sqlite_path(url).ok_or_else(|| {
        CommandError::Input("LANTERN_DATABASE_URL must name a SQLite file".into())
    })?);
    if target.exists() {
        return Err(CommandError::Exists(format!(
            "{} already exists; restore into a new file, then swap it in with the server stopped",
            target.display()
        )));
    }
    if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| CommandError::Backup(format!("cannot create {}: {e}", dir.display())))?;
    }
    let partial = target.with_extension("restoring");
    let _ = std::fs::remove_file(&partial);
    let result = async {
        std::fs::copy(file, &partial).map_err(|e| {
            CommandError::Backup(format!("cannot write {}: {e}", partial.display()))
        })?;
        let db = Db::connect(&format!("sqlite://{}", partial.display())).await?;
        let report = app::ssr::db::check::check(&db).await;
        db.close().await;
        check::require_sound(report.map_err(|e| CommandError::Db(e.into()))?)?;
        std::fs::rename(&partial, &target).map_err(|e| {
            CommandError::Backup(format!("cannot move into {}: {e}", target.display()))
        })
    }
    .await;
    if result.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    result
}

async fn restore_postgres(file: &Path, url: &str) -> Result<(), CommandError> {
    let db = Db::connect(url).await?;
    let tables = app::ssr::db::check::table_count(&db)
        .await
        .map_err(|e| CommandError::Db(e.into()))?;
    db.close().await;
    if tables > 0 {
        return Err(CommandError::Exists(format!(
            "the database has {tables} tables already; restore into a new, empty database"
        )));
    }
    let (url, password) = split_password(url);
    let mut command = tokio::process::Command::new("pg_restore");
    command
        .args([
            "--single-transaction",
            "--exit-on-error",
            "--no-owner",
            "--no-privileges",
        ])
        .arg("--dbname")
        .arg(&url)
        .arg(file);
    if let Some(password) = password {
        command.env("PGPASSWORD", password);
    }
    let output = command.output().await.map_err(|e| {
        CommandError::Backup(format!(
            "cannot run pg_restore ({e}); install the PostgreSQL client tools"
        ))
    })?;
    if !output.status.success() {
        return Err(CommandError::Backup(format!(
            "pg_restore failed, nothing was restored: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        )));
    }
    Ok(())
}
