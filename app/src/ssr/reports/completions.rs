//! The completion report: one row per trainee and course, within the
//! caller's scope, filtered, sorted and paged on the server, with totals
//! over the whole filter. The page and every export call [`report`], so
//! what is downloaded is what is on screen.

use super::query::{self, Resolved};
use super::store::{self, StandingRow, TotalsRow};
use crate::i18n::Locale;
use crate::model::reports::{
    CertificateCell, CohortChoice, CompletionRow, CourseChoice, ReportChoices, ReportPage,
    ReportQuery, ReportTotals,
};
use crate::ssr::audit;
use crate::ssr::auth::{scope, CurrentUser};
use crate::ssr::cohorts;
use crate::ssr::course_names;
use crate::ssr::db::filter::Filter;
use crate::ssr::db::{now, Db};
use crate::ssr::error::DomainError;
use crate::ssr::organisations::{self, Organisation};
use crate::ssr::zone;
use std::collections::HashMap;

pub const PER_PAGE: u32 = 50;

/// Above this many rows a filter is not downloaded in the request (the
/// page says to narrow it).
pub const DIRECT_EXPORT_LIMIT: i64 = 50_000;

/// A report's rows (a page of them, or all) and its totals.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    pub rows: Vec<CompletionRow>,
    pub totals: ReportTotals,
    pub page: u32,
    pub pages: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rows {
    /// The query's page.
    Page,
    /// Every row of the filter (an export).
    All,
}

/// The report `user` may see for `query`. Callers without a reporting
/// scope (trainees, a trainer without an organisation) are refused.
pub async fn report(
    db: &Db,
    user: &CurrentUser,
    query: &ReportQuery,
    locale: Locale,
    which: Rows,
) -> Result<Report, DomainError> {
    let at = now();
    let f = filtered(db, user, query, at).await?;
    let sums = store::totals(db, &f, at).await?;
    let pages = u32::try_from(sums.row_count)
        .unwrap_or(u32::MAX)
        .div_ceil(PER_PAGE)
        .max(1);
    let page = query.page.clamp(1, pages);
    let window = match which {
        Rows::Page => Some((PER_PAGE, (page - 1) * PER_PAGE)),
        Rows::All => None,
    };
    let stored = store::rows(db, &f, &query::order_by(query), window).await?;
    let names = Names::load(db, locale).await?;
    Ok(Report {
        rows: stored.into_iter().map(|r| names.row(r, at)).collect(),
        totals: totals(&sums),
        page,
        pages,
    })
}

/// The report's page with what its filter form offers.
pub async fn page(
    db: &Db,
    user: &CurrentUser,
    query: &ReportQuery,
    locale: Locale,
) -> Result<ReportPage, DomainError> {
    let (report, choices) = tokio::try_join!(
        report(db, user, query, locale, Rows::Page),
        choices(db, user, locale),
    )?;
    Ok(ReportPage {
        exportable: report.totals.rows <= DIRECT_EXPORT_LIMIT,
        rows: report.rows,
        totals: report.totals,
        page: report.page,
        pages: report.pages,
        choices,
    })
}

/// Courses, provinces and positions to filter by, within the scope.
pub async fn choices(
    db: &Db,
    user: &CurrentUser,
    locale: Locale,
) -> Result<ReportChoices, DomainError> {
    let scope = scope::of(db, user).await?.ok_or(DomainError::Forbidden)?;
    let people: Filter = query::within(&scope);
    let (names, provinces, positions) = tokio::try_join!(
        Names::load(db, locale),
        store::distinct_values(db, &people, "s.province"),
        store::distinct_values(db, &people, "s.position"),
    )?;
    let cohorts = cohorts::list(db, user, locale)
        .await
        .map_err(DomainError::from)?
        .cohorts
        .into_iter()
        .map(|c| CohortChoice {
            id: c.id,
            name: c.name,
        })
        .collect();
    let mut courses: Vec<CourseChoice> = names
        .courses
        .values()
        .map(|(slug, title)| CourseChoice {
            slug: slug.clone(),
            title: title.clone(),
        })
        .collect();
    courses.sort_by(|a, b| a.title.cmp(&b.title));
    Ok(ReportChoices {
        courses,
        provinces,
        positions,
        cohorts,
    })
}

/// The rows `user` may see, narrowed by `query`'s filters: where every
/// report, aggregate and export begins.
pub(super) async fn filtered(
    db: &Db,
    user: &CurrentUser,
    query: &ReportQuery,
    at: i64,
) -> Result<Filter, DomainError> {
    let scope = scope::of(db, user).await?.ok_or(DomainError::Forbidden)?;
    let mut f = query::within(&scope);
    query::narrow(
        &mut f,
        query,
        &resolve(db, user, query).await?,
        at,
        &zone::current(),
    );
    Ok(f)
}

/// Looks up the organisation and course the query names.
pub(super) async fn resolve(
    db: &Db,
    user: &CurrentUser,
    query: &ReportQuery,
) -> Result<Resolved, DomainError> {
    let organisations = if query.org.is_empty() {
        None
    } else {
        Some(match organisations::find_by_slug(db, &query.org).await? {
            Some(org) => organisations::subtree_ids(db, org.id).await?,
            None => Vec::new(),
        })
    };
    let course = if query.course.is_empty() {
        None
    } else {
        Some(crate::ssr::course_names::id_of(db, &query.course).await?)
    };
    let cohort = if query.cohort.is_empty() {
        None
    } else {
        Some(match query.cohort.trim().parse::<i64>() {
            Ok(id)
                if cohorts::sees(db, user, id)
                    .await
                    .map_err(DomainError::from)? =>
            {
                Some(id)
            }
            _ => None,
        })
    };
    Ok(Resolved {
        organisations,
        course,
        cohort,
    })
}

fn totals(s: &TotalsRow) -> ReportTotals {
    let mean = |sum: i64, n: i64| (n > 0).then(|| round1(sum as f64 / n as f64 / 10.0));
    ReportTotals {
        rows: s.row_count,
        trainees: s.trainees,
        completed: s.completed,
        passed: s.passed,
        certified: s.certified,
        mean_pretest: mean(s.pretest_sum, s.pretests),
        mean_final: mean(s.final_sum, s.finals),
    }
}

/// A percentage to one decimal place.
fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// What a stored row's ids stand for: course slugs and titles in the
/// reader's language, module counts, organisation paths. Loaded once per
/// report (a few hundred rows), never per row.
pub(super) struct Names {
    /// Course id → (slug, title).
    pub(super) courses: HashMap<i64, (String, String)>,
    modules: HashMap<i64, i64>,
    pub(super) organisations: HashMap<i64, Organisation>,
}

impl Names {
    pub(super) async fn load(db: &Db, locale: Locale) -> Result<Names, sqlx::Error> {
        let courses = course_names::all_titled(db, locale)
            .await?
            .into_iter()
            .map(|c| (c.id, (c.slug, c.title)))
            .collect();
        let modules = store::module_counts(db)
            .await?
            .into_iter()
            .map(|r| (r.course_id, r.modules))
            .collect();
        let organisations = organisations::by_id(db).await?;
        Ok(Names {
            courses,
            modules,
            organisations,
        })
    }

    /// Organisation names from the root down to `id`.
    pub(super) fn path(&self, id: Option<i64>) -> Vec<String> {
        organisations::path(&self.organisations, id)
    }

    pub(super) fn row(&self, r: StandingRow, now: i64) -> CompletionRow {
        let (slug, title) = self.courses.get(&r.course_id).cloned().unwrap_or_default();
        let percent = |tenths: Option<i64>| tenths.map(|t| t as f64 / 10.0);
        let anonymised = r.anonymised_at.is_some();
        CompletionRow {
            user_id: r.user_id,
            name: if anonymised { String::new() } else { r.name },
            name_latin: r.name_latin.filter(|_| !anonymised),
            anonymised,
            organisation_path: self.path(r.organisation_id),
            position: r.position,
            province: r.province,
            course_slug: slug,
            course_title: title,
            started_at: r.started_at,
            modules_done: r.modules_done,
            modules_total: self.modules.get(&r.course_id).copied().unwrap_or(0),
            pretest: percent(r.pretest_score),
            final_score: percent(r.final_score),
            passed: r.passed.map(|p| p == 1),
            completed_at: r.completed_at,
            certificate: r.certificate_code.map(|code| CertificateCell {
                code,
                status: query::certificate_status(
                    r.certificate_expires_at,
                    r.certificate_revoked_at,
                    now,
                ),
                expires_at: r.certificate_expires_at,
            }),
            sessions_attended: r.sessions_attended,
        }
    }
}

/// Every row of `query` for a download in `format` (`csv`, `xlsx`), or
/// `None` when there are more than [`DIRECT_EXPORT_LIMIT`]. The export is
/// audited with its format, size and filters.
pub async fn for_export(
    db: &Db,
    user: &CurrentUser,
    query: &ReportQuery,
    locale: Locale,
    format: &str,
    ip: Option<&str>,
) -> Result<Option<Report>, DomainError> {
    let report = report(db, user, query, locale, Rows::All).await?;
    if report.totals.rows > DIRECT_EXPORT_LIMIT {
        return Ok(None);
    }
    audited(
        db,
        user,
        query,
        &format!("{format}, {} rows", report.totals.rows),
        ip,
    )
    .await?;
    Ok(Some(report))
}

/// Records that `user` downloaded a report (`what`: its format and size)
/// with `query`'s filters.
pub(super) async fn audited(
    db: &Db,
    user: &CurrentUser,
    query: &ReportQuery,
    what: &str,
    ip: Option<&str>,
) -> Result<(), DomainError> {
    let filters = query
        .pairs()
        .into_iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&");
    let detail = if filters.is_empty() {
        what.to_string()
    } else {
        format!("{what}, {filters}")
    };
    audit::record(
        db,
        audit::Event {
            actor_id: Some(user.id),
            subject: Some("report:completions"),
            detail: Some(&detail),
            ip,
            ..audit::Event::new(audit::Action::ReportExported)
        },
    )
    .await?;
    Ok(())
}
