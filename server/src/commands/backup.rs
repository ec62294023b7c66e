//! `lantern backup FILE`: a consistent copy of the live database, taken
//! without stopping the server.
//!
//! SQLite: `VACUUM INTO`, which reads one snapshot of the database in a
//! single transaction while the server keeps writing. PostgreSQL: `pg_dump`
//! in its custom format (one consistent snapshot; restore with `pg_restore`).
//!
//! The copy holds everyone's personal data, so it is created readable by
//! its owner only (0600), and the PostgreSQL password never goes on
//! `pg_dump`'s command line, where any user of the machine could read it in
//! the process list: it is passed in the child's environment (`PGPASSWORD`,
//! readable by the same user only), or `pg_dump` finds it in `~/.pgpass`.

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
    create_private(file)?;
    let result = copy(db, url, file).await;
    if result.is_err() {
        let _ = std::fs::remove_file(file);
    }
    result
}

/// Creates `file` empty and readable by its owner only, before anything is
/// written into it (SQLite's `VACUUM INTO` accepts an empty file).
fn create_private(file: &Path) -> Result<(), CommandError> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options
        .open(file)
        .map(drop)
        .map_err(|e| CommandError::Backup(format!("cannot create {}: {e}", file.display())))
}

async fn copy(db: &Db, url: &str, file: &Path) -> Result<(), CommandError> {
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
            let (url, password) = split_password(url);
            let mut command = tokio::process::Command::new("pg_dump");
            command
                .arg("--format=custom")
                .arg("--file")
                .arg(file)
                .arg("--dbname")
                .arg(&url);
            if let Some(password) = password {
                command.env("PGPASSWORD", password);
            }
            let output = command.output().await.map_err(|e| {
                CommandError::Backup(format!(
                    "cannot run pg_dump ({e}); install the PostgreSQL client tools"
                ))
            })?;
            if !output.status.success() {
                return Err(CommandError::Backup(format!(
                    "pg_dump failed: {}",
                    String::from_utf8_lossy(&output.stderr).trim()
                )));
            }
        }
    }
    Ok(())
}

/// A connection URL without its password, and the password (decoded), so
/// the URL can go on a command line and the password elsewhere.
pub fn split_password(url: &str) -> (String, Option<String>) {
    let Some((scheme, rest)) = url.split_once("://") else {
        return (url.to_string(), None);
    };
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, path) = rest.split_at(authority_end);
    let Some((userinfo, host)) = authority.rsplit_once('@') else {
        return (url.to_string(), None);
    };
    let Some((user, password)) = userinfo.split_once(':') else {
        return (url.to_string(), None);
    };
    (
        format!("{scheme}://{user}@{host}{path}"),
        Some(percent_decode(password)),
    )
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
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
                username: None,
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

    #[test]
    fn the_password_leaves_the_url() {
        assert_eq!(
            split_password(
                "postgres://lantern:p%40ss:w0rd@db.example:5432/lantern?sslmode=require"
            ),
            (
                "postgres://lantern@db.example:5432/lantern?sslmode=require".to_string(),
                Some("p@ss:w0rd".to_string())
            )
        );
        assert_eq!(
            split_password("postgres://lantern@localhost/db"),
            ("postgres://lantern@localhost/db".to_string(), None)
        );
        assert_eq!(
            split_password("postgresql://u:x@h"),
            ("postgresql://u@h".to_string(), Some("x".to_string()))
        );
    }

    #[cfg(unix)]
    fn mode(file: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(file).unwrap().permissions().mode() & 0o777
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
        let user = users::find_by_login(&copy, "kept@example.org")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(user.name, "ဒေါ်အေးအေး");
        #[cfg(unix)]
        assert_eq!(mode(&file), 0o600, "the copy is the owner's alone");
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
        #[cfg(unix)]
        assert_eq!(mode(&file), 0o600, "the copy is the owner's alone");
    }
}
