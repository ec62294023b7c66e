use super::CommandError;
use app::ssr::{config::Config, organisations};

/// `lantern org create --slug S --name N [--parent SLUG]`.
pub async fn create(slug: &str, name: &str, parent: Option<&str>) -> Result<(), CommandError> {
    let config = Config::from_env()?;
    let db = super::open_database(&config).await?;
    let id = organisations::create(&db, slug, name, parent, None).await?;
    match parent {
        Some(p) => println!("created organisation {id} `{slug}` under `{p}`"),
        None => println!("created organisation {id} `{slug}`"),
    }
    db.close().await;
    Ok(())
}
