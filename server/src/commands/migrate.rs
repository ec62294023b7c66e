use super::CommandError;
use app::ssr::{config::Config, db::Db};

/// `lantern migrate`: applies pending migrations and exits.
pub async fn run() -> Result<(), CommandError> {
    let config = Config::from_env()?;
    let db = Db::connect(&config.database_url).await?;
    db.migrate().await?;
    println!("{} database is up to date", db.backend().name());
    db.close().await;
    Ok(())
}
