use super::CommandError;
use app::ssr::config::Config;
use app::ssr::content::{compile::compile_tree, import::import};
use std::path::Path;

/// `lantern import DIR`: checks every file first; imports all of it in one
/// transaction, or, if anything is wrong, nothing — printing each problem
/// as `file:line:column: message`.
pub async fn run(dir: &Path, hashes: bool) -> Result<(), CommandError> {
    let config = Config::from_env()?;
    let courses = compile_tree(dir).map_err(CommandError::Content)?;
    let db = super::open_database(&config).await?;
    let report = import(&db, &courses, None)
        .await
        .map_err(|e| CommandError::Db(e.into()));
    db.close().await;
    let report = report?;
    println!(
        "imported {} courses ({} modules): {} new versions, {} modules retired{}",
        report.courses,
        report.modules,
        report.new_versions,
        report.retired_modules,
        if report.changed() {
            ""
        } else {
            " — nothing changed"
        }
    );
    for file in &report.stale_translations {
        println!(
            "out of date: {file} translates an earlier version of its source (shown with a notice)"
        );
    }
    for course in courses.iter().filter(|_| hashes) {
        for module in &course.modules {
            if let Some(source) = module.texts.first() {
                // Course texts have hashes too, but translations of
                // modules are what authors update most.
                println!(
                    "  {}/{:02}-{}: translation_of = \"{}\"",
                    course.slug, module.position, module.slug, source.hash
                );
            }
        }
    }
    Ok(())
}
