use super::CommandError;
use app::ssr::cohorts::{self, Details};
use app::ssr::config::Config;

/// `lantern cohort create --name NAME --org SLUG [--trainer EMAIL]
/// [--province P] [--starts YYYY-MM-DD] [--due YYYY-MM-DD]`: prints the
/// new cohort's id alone on standard output, for scripts.
pub async fn create(details: Details, trainer: Option<&str>) -> Result<(), CommandError> {
    let config = Config::from_env()?;
    let db = super::open_database(&config).await?;
    let id = cohorts::create_by_operator(&db, &details, trainer).await;
    db.close().await;
    println!("{}", id?);
    Ok(())
}
