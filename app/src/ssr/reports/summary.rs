//! The PDF summary's contents: the dashboard's figures (small groups
//! withheld, as on screen), the filters they were taken with in words, and
//! who asked when. The server typesets it (`server/src/reports/pdf.rs`).

use super::completions::{audited, Names};
use super::dashboard::dashboard;
use crate::i18n::Locale;
use crate::model::reports::{Dashboard, ReportQuery};
use crate::ssr::auth::CurrentUser;
use crate::ssr::db::{now, Db};
use crate::ssr::error::DomainError;
use crate::ssr::organisations;

/// Everything the summary PDF prints.
#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    pub dashboard: Dashboard,
    /// (message key of the filter's name, its value as the reader knows it).
    pub filters: Vec<(&'static str, String)>,
    pub generated_at: i64,
    pub generated_by: String,
    pub locale: Locale,
}

/// The summary `user` may see for `query`, audited as a download.
pub async fn summary(
    db: &Db,
    user: &CurrentUser,
    query: &ReportQuery,
    locale: Locale,
    ip: Option<&str>,
) -> Result<Summary, DomainError> {
    let dashboard = dashboard(db, user, query, locale).await?;
    let names = Names::load(db, locale).await?;
    let mut filters = Vec::new();
    if !query.org.is_empty() {
        let name = organisations::find_by_slug(db, &query.org)
            .await?
            .map_or_else(|| query.org.clone(), |o| names.path(Some(o.id)).join(" › "));
        filters.push(("reports-col-organisation", name));
    }
    if !query.course.is_empty() {
        let title = names
            .courses
            .values()
            .find(|(slug, _)| *slug == query.course)
            .map_or_else(|| query.course.clone(), |(_, title)| title.clone());
        filters.push(("reports-col-course", title));
    }
    if !query.cohort.is_empty() {
        let id = query.cohort.trim().parse().unwrap_or(-1);
        let name = crate::ssr::cohorts::list(db, user, locale)
            .await
            .ok()
            .and_then(|l| l.cohorts.into_iter().find(|c| c.id == id))
            .map_or_else(|| query.cohort.clone(), |c| c.name);
        filters.push(("reports-cohort", name));
    }
    for (key, value) in [
        ("reports-col-province", &query.province),
        ("reports-col-position", &query.position),
        ("reports-from", &query.from),
        ("reports-to", &query.to),
    ] {
        if !value.is_empty() {
            filters.push((key, value.clone()));
        }
    }
    audited(db, user, query, "pdf, summary", ip).await?;
    Ok(Summary {
        dashboard,
        filters,
        generated_at: now(),
        generated_by: user.name.clone(),
        locale,
    })
}
