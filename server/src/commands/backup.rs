//! `lantern backup FILE`: a consistent copy of the live database, taken
//! without stopping the server.
//!
//! SQLite: `VACUUM INTO`, which reads one snapshot of the database in a
//! single transaction while the server keeps writing. PostgreSQL: `pg_dump`
//! in its custom format (one consistent snapshot; restore with `pg_restore`).

use super::CommandError;
use app::ssr::{config::Config, db::Backend, db::Db};
use std::path::Path;

pub async fn run(file: &Path) -> Result<(), CommandError> {
    let config = Config::from_env()?;
    let db = Db::connect(&config.database_url).await?;
    backup(&db, &config.database_url, file).await?;
    db.close().await;
    println!(
        "wrote a {} backup to {}",
        db.backend().name(),
        file.display()
    );
    Ok(())
}

pub async fn backup(db: &Db, url: &str, file: &Path) -> Result<(), CommandError> {
    if file.exists() {
        return Err(CommandError::Exists(format!(
            "{} already exists; choose a new file name",
            file.display()
        )));
    }
    if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| CommandError::Backup(format!("cannot create {}: {e}", dir.display())))?;
    }
    match db.backend() {
        Backend::Sqlite => {
            let target = file
                .to_str()
                .ok_or_else(|| CommandError::Backup("the file name must be valid UTF-8".into()))?;
            db.vacuum_into(target)
                .await
                .map_err(|e| CommandError::Backup(e.to_string()))?;
        }
        Backend::Postgres => {
            let output = tokio::process::Command::new("pg_dump")
                .arg("--format=custom")
                .arg("--file")
                .arg(file)
                .arg(url)
                .output()
                .await
                .map_err(|e| {
                    CommandError::Backup(format!(
                        "cannot run pg_dump ({e}); install the PostgreSQL client tools"
                    ))
                })?;
            if !output.status.success() {
                let _ = std::fs::remove_file(file);
                return Err(CommandError::Backup(format!(
                    "pg_dump failed: {}",
                    String::from_utf8_lossy(&output.stderr).trim()
                )));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::i18n::Locale;
    use app::model::roles::Role;
    use app::ssr::{testing::TestDb, users};

    async fn with_a_user(t: &TestDb) {
        users::create(
            &t.db,
            users::NewUser {
                email: "kept@example.org".into(),
                name: "ဒေါ်အေးအေး".into(),
                name_latin: Some("Daw Aye Aye".into()),
                roles: vec![Role::Trainee],
                organisation_slug: None,
                preferred_language: Locale::En,
                password: "river-lamp-quiet-42".into(),
                created_by: None,
                position: None,
                province: None,
            },
        )
        .await
        .unwrap();
    }

    #[tokio::test]
    async fn sqlite_backup_opens_with_the_data_and_refuses_to_overwrite() {
        let t = TestDb::sqlite().await;
        with_a_user(&t).await;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("nested/copy.db");
        backup(&t.db, &t.url(), &file).await.unwrap();
        let copy = Db::open(&format!("sqlite://{}", file.display()))
            .await
            .unwrap();
        let user = users::find_by_email(&copy, "kept@example.org")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(user.name, "ဒေါ်အေးအေး");
        let again = backup(&t.db, &t.url(), &file).await.unwrap_err();
        assert!(again.to_string().contains("already exists"), "{again}");
    }

    #[tokio::test]
    async fn postgres_backup_writes_a_dump() {
        let Some(t) = TestDb::postgres().await else {
            return;
        };
        with_a_user(&t).await;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("copy.dump");
        backup(&t.db, &t.url(), &file).await.unwrap();
        let bytes = std::fs::read(&file).unwrap();
        assert!(
            bytes.starts_with(b"PGDMP"),
            "a pg_dump custom-format archive"
        );
    }
}
