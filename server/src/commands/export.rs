use super::CommandError;
use app::ssr::config::Config;
use app::ssr::content::export::{folders, write, ExportError};
use std::path::Path;

/// `lantern export DIR`: every published course to `DIR/<slug>/`, each
/// folder written beside the old one and swapped in whole.
pub async fn run(dir: &Path) -> Result<(), CommandError> {
    let config = Config::from_env()?;
    let db = super::open_database(&config).await?;
    let courses = folders(&db).await;
    db.close().await;
    let courses = courses.map_err(|e| match e {
        ExportError::Db(e) => CommandError::Db(e.into()),
        e => CommandError::Export(e),
    })?;
    write(dir, &courses).map_err(CommandError::Export)?;
    let files: usize = courses.iter().map(|c| c.docs.len()).sum();
    println!(
        "exported {} courses ({files} Markdown files) to {}",
        courses.len(),
        dir.display()
    );
    Ok(())
}
