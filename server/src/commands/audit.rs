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
