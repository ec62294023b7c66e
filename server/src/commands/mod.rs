//! One module per command. Each returns a [`CommandError`], printed by the
//! command line as one clear sentence, and exits with the code of its kind
//! ([`ExitKind`]), so scripts can tell a typo from a broken audit chain
//! from a database that is down.

pub mod audit;
pub mod backup;
pub mod certificate_benchmark;
pub mod check;
pub mod cohort;
pub mod dev;
pub mod export;
pub mod first_admin;
pub mod gift;
pub mod import;
pub mod migrate;
pub mod org;
pub mod restore;
pub mod serve;
pub mod user;
pub mod verify_credential;

mod exit;

pub use exit::ExitKind;

use app::ssr::content::export::ExportError;
use app::ssr::{
    config::{Config, ConfigError},
    db::{Db, DbError},
    organisations::OrganisationError,
    users::UserError,
};

/// Opens (and migrates) the configured database and installs the audit
/// chain's key — from `LANTERN_AUDIT_KEY`, or the key file, created 0600
/// beside the database on first start (see `app::ssr::audit::key`). Every
/// command that may write to the database opens it here, so no entry is
/// ever chained with another key.
pub async fn open_database(config: &Config) -> Result<Db, CommandError> {
    let variable = std::env::var("LANTERN_AUDIT_KEY")
        .ok()
        .filter(|v| !v.trim().is_empty());
    let key = app::ssr::audit::key::load(
        variable.as_deref(),
        config.audit_key_file.as_deref(),
        &config.database_url,
    )?;
    app::ssr::audit::key::install(key);
    app::ssr::zone::install(config.time_zone.clone());
    Ok(Db::open(&config.database_url).await?)
}

#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    AuditKey(#[from] app::ssr::audit::key::KeyError),
    #[error(transparent)]
    Db(#[from] DbError),
    #[error(transparent)]
    User(#[from] UserError),
    #[error(transparent)]
    Organisation(#[from] OrganisationError),
    #[error(transparent)]
    Cohort(#[from] app::ssr::cohorts::CohortError),
    #[error("the audit log has been tampered with: {0}")]
    AuditBroken(String),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: std::net::SocketAddr,
        source: std::io::Error,
    },
    #[error("cannot read the built assets in {dir}: {source}")]
    Assets { dir: String, source: std::io::Error },
    /// The command line or its input is wrong (a bad value, an empty
    /// password on standard input, a file that is not what it should be).
    #[error("{0}")]
    Input(String),
    /// Something the command names does not exist (a file, an account).
    #[error("{0}")]
    NotFound(String),
    /// What the command would create exists already (a file it must not
    /// overwrite).
    #[error("{0}")]
    Exists(String),
    /// A check the command was asked to make failed (a credential that
    /// does not verify).
    #[error("{0}")]
    CheckFailed(String),
    #[error("server error: {0}")]
    Serve(std::io::Error),
    /// Every problem in the content, one per line, `file:line:column: …`.
    #[error("the content was not imported; fix these and run again:\n{0}")]
    Content(app::ssr::content::ContentErrors),
    #[error("backup failed: {0}")]
    Backup(String),
    #[error("export failed: {0}")]
    Export(app::ssr::content::export::ExportError),
}

impl CommandError {
    /// The kind of failure, which decides the exit code.
    pub fn kind(&self) -> ExitKind {
        match self {
            CommandError::Config(_) | CommandError::Input(_) | CommandError::AuditKey(_) => {
                ExitKind::Usage
            }
            CommandError::Db(e) => exit::of_db(e),
            CommandError::User(e) => exit::of_user(e),
            CommandError::Organisation(e) => exit::of_organisation(e),
            CommandError::Cohort(e) => exit::of_cohort(e),
            CommandError::NotFound(_) => ExitKind::NotFound,
            CommandError::Exists(_) => ExitKind::Conflict,
            CommandError::AuditBroken(_)
            | CommandError::Content(_)
            | CommandError::CheckFailed(_) => ExitKind::CheckFailed,
            CommandError::Bind { .. }
            | CommandError::Assets { .. }
            | CommandError::Serve(_)
            | CommandError::Backup(_) => ExitKind::Failure,
            CommandError::Export(e) => match e {
                ExportError::Db(_) => ExitKind::Failure,
                ExportError::MissingSource(_) | ExportError::Invalid(_) => ExitKind::CheckFailed,
                ExportError::Write(..) => ExitKind::Failure,
            },
        }
    }
}
