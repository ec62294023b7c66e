use super::CommandError;
use app::ssr::cohorts::enrol::{self, Enrolled, Plan};
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

/// `lantern cohort enrol ID FILE [--dry-run]`: prints every bad row (row,
/// column, reason) and exits non-zero having written nothing; or prints
/// each account created and matched (with `--dry-run`: that would be).
pub async fn enrol(id: i64, file: &std::path::Path, dry_run: bool) -> Result<(), CommandError> {
    let bytes = std::fs::read(file)
        .map_err(|e| CommandError::NotFound(format!("cannot read {}: {e}", file.display())))?;
    let config = Config::from_env()?;
    let db = super::open_database(&config).await?;
    let outcome = enrol::by_operator(&db, id, &bytes, dry_run).await;
    db.close().await;
    match outcome? {
        Ok(done) => {
            print!("{}", report(&done, dry_run));
            Ok(())
        }
        Err(Plan::Unreadable(e)) => Err(CommandError::Input(format!("{}: {e}", file.display()))),
        Err(Plan::Rejected(errors)) => {
            for e in &errors {
                println!("{}: {e}", file.display());
            }
            Err(CommandError::Input(format!(
                "{} bad {} in {}; nothing was written",
                errors.len(),
                if errors.len() == 1 { "value" } else { "values" },
                file.display()
            )))
        }
        Err(Plan::Ready { .. }) => unreachable!("a ready plan is imported"),
    }
}

/// What an import did (or would do), a line per account, then a total.
fn report(done: &Enrolled, dry_run: bool) -> String {
    let (create, add) = if dry_run {
        ("would create", "would add")
    } else {
        ("created", "added")
    };
    let mut out = String::new();
    for (row, id, login) in &done.created {
        if dry_run {
            out.push_str(&format!("row {row}: {create} {login}\n"));
        } else {
            out.push_str(&format!("row {row}: {create} {login} (account {id})\n"));
        }
    }
    for (row, id, login) in &done.matched {
        out.push_str(&format!(
            "row {row}: {add} existing account {id} ({login})\n"
        ));
    }
    out.push_str(&format!(
        "{create} {}, {add} {} existing, {} already members\n",
        done.created.len(),
        done.matched.len(),
        done.already
    ));
    out
}
