//! One module per command. Each returns a [`CommandError`], printed by the
//! command line as one clear sentence.

pub mod audit;
pub mod backup;
pub mod certificate_benchmark;
pub mod first_admin;
pub mod gift;
pub mod import;
pub mod migrate;
pub mod org;
pub mod serve;
pub mod user;
pub mod verify_credential;

use app::ssr::{
    config::ConfigError, db::DbError, organisations::OrganisationError, users::UserError,
};

#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Db(#[from] DbError),
    #[error(transparent)]
    User(#[from] UserError),
    #[error(transparent)]
    Organisation(#[from] OrganisationError),
    #[error("the audit log has been tampered with: {0}")]
    AuditBroken(String),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: std::net::SocketAddr,
        source: std::io::Error,
    },
    #[error("cannot read the built assets in {dir}: {source}")]
    Assets { dir: String, source: std::io::Error },
    #[error("{0}")]
    Input(String),
    #[error("server error: {0}")]
    Serve(std::io::Error),
    /// Every problem in the content, one per line, `file:line:column: …`.
    #[error("the content was not imported; fix these and run again:\n{0}")]
    Content(app::ssr::content::ContentErrors),
    #[error("backup failed: {0}")]
    Backup(String),
}
