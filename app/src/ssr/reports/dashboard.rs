//! `/reports/dashboard`: completions per month, pass rate and knowledge
//! gain per organisation, course and province, and certificates expiring
//! soon — over the same scope and filters as the completion report, with
//! small groups withheld.

use super::aggregates::{partition, Group, Overlap};
use super::completions::{filtered, Names};
use super::privacy::{figure, withheld};
use super::query::EXPIRING_SECS;
use super::store::{self, CellSumRow, GroupSumRow};
use crate::dates::recent_months;
use crate::i18n::Locale;
use crate::model::reports::{Dashboard, Figure, GroupFigures, MonthFigure, ReportQuery};
use crate::ssr::auth::CurrentUser;
use crate::ssr::db::filter::Filter;
use crate::ssr::db::{now, Db};
use crate::ssr::error::DomainError;
use crate::ssr::zone;
use std::collections::BTreeMap;

/// Months shown in the completions chart.
pub const MONTHS: u32 = 12;

pub async fn dashboard(
    db: &Db,
    user: &CurrentUser,
    query: &ReportQuery,
    locale: Locale,
) -> Result<Dashboard, DomainError> {
    let at = now();
    let f = filtered(db, user, query, at).await?;
    let names = Names::load(db, locale).await?;
    // The scans are independent: on SQLite each is a reader of its own.
    let (groups, months, expiring) = tokio::try_join!(
        Groups::load(db, &f, &names),
        months(db, &f, at),
        expiring(db, &f, at),
    )?;
    Ok(Dashboard {
        overall: groups.overall,
        months,
        expiring,
        organisations: groups.organisations,
        courses: groups.courses,
        provinces: groups.provinces,
    })
}

/// Completions in each of the last [`MONTHS`] calendar months of the
/// deployment's time zone, small months withheld.
async fn months(db: &Db, f: &Filter, at: i64) -> Result<Vec<MonthFigure>, DomainError> {
    let zone = zone::current();
    let (months, end) = recent_months(zone.local(at), MONTHS);
    let months: Vec<(String, i64)> = months
        .into_iter()
        .map(|(label, start)| (label, zone.instant(start)))
        .collect();
    let end = zone.instant(end);
    let mut bucket = String::from("CASE");
    for (i, (_, start)) in months.iter().enumerate() {
        let next = months.get(i + 1).map_or(end, |m| m.1);
        bucket.push_str(&format!(
            " WHEN s.completed_at >= {start} AND s.completed_at < {next} THEN {i}"
        ));
    }
    bucket.push_str(" END");
    let mut recent = f.clone();
    recent.and(format!(
        "s.completed_at >= {} AND s.completed_at < {end}",
        months[0].1
    ));
    let sums = store::group_sums(db, &recent, &bucket).await?;
    let counts: Vec<i64> = (0..months.len())
        .map(|i| {
            sums.iter()
                .find(|r| r.key.as_deref() == Some(&i.to_string()))
                .map_or(0, |r| r.completed)
        })
        .collect();
    let hide = withheld(&counts);
    Ok(months
        .into_iter()
        .zip(counts)
        .zip(hide)
        .map(|(((month, _), n), hidden)| MonthFigure {
            month,
            completions: figure(n, hidden),
        })
        .collect())
}

/// Certificates still valid on `at` that expire within the window.
async fn expiring(db: &Db, f: &Filter, at: i64) -> Result<Figure<i64>, DomainError> {
    let mut expiring = f.clone();
    expiring.and(format!(
        "s.certificate_code IS NOT NULL AND s.certificate_revoked_at IS NULL
         AND s.certificate_expires_at > {at} AND s.certificate_expires_at <= {}",
        at + EXPIRING_SECS
    ));
    let n = store::count(db, &expiring).await?;
    Ok(figure(n, withheld(&[n])[0]))
}

/// The groupings the dashboard and the gain page both show (the gain
/// page leaves out the provinces).
pub(super) struct Groups {
    pub overall: GroupFigures,
    pub organisations: Vec<GroupFigures>,
    pub courses: Vec<GroupFigures>,
    pub provinces: Vec<GroupFigures>,
}

/// A set of groups' figures from their sums, named by `name(key)` →
/// (label, key), in label order.
fn figures(
    rows: Vec<GroupSumRow>,
    overlap: Overlap,
    name: impl Fn(&str) -> (String, String),
) -> Vec<GroupFigures> {
    let mut groups: Vec<Group> = rows
        .into_iter()
        .map(|sums| {
            let (label, key) = name(sums.key.as_deref().unwrap_or(""));
            Group { label, key, sums }
        })
        .collect();
    groups.sort_by(|a, b| a.label.cmp(&b.label));
    partition(groups, overlap)
}

/// Adds up cells by `key` (an organisation, a province), each group's sums
/// keyed by its text.
fn add_up(cells: &[CellSumRow], key: impl Fn(&CellSumRow) -> String) -> Vec<GroupSumRow> {
    let mut groups: BTreeMap<String, GroupSumRow> = BTreeMap::new();
    for cell in cells {
        let k = key(cell);
        groups
            .entry(k.clone())
            .or_insert_with(|| GroupSumRow {
                key: Some(k),
                ..GroupSumRow::default()
            })
            .add(&cell.sums);
    }
    groups.into_values().collect()
}

impl Groups {
    /// Two grouped scans, side by side: organisation × province cells
    /// (which add up to the organisations, the provinces and the whole)
    /// and courses.
    pub(super) async fn load(db: &Db, f: &Filter, names: &Names) -> Result<Groups, DomainError> {
        let (cells, courses) =
            tokio::try_join!(store::cell_sums(db, f), store::course_sums(db, f),)?;
        let mut overall = GroupSumRow::default();
        for cell in &cells {
            overall.add(&cell.sums);
        }
        let overall = figures(vec![overall], Overlap::Disjoint, |_| {
            (String::new(), String::new())
        })
        .remove(0);
        let organisations = figures(
            add_up(&cells, |c| {
                c.organisation_id
                    .map_or_else(String::new, |id| id.to_string())
            }),
            Overlap::Disjoint,
            |key| {
                let org = key
                    .parse()
                    .ok()
                    .and_then(|id: i64| names.organisations.get(&id));
                match org {
                    Some(o) => (names.path(Some(o.id)).join(" › "), o.slug.clone()),
                    None => (String::new(), String::new()),
                }
            },
        );
        let provinces = figures(
            add_up(&cells, |c| c.province.clone().unwrap_or_default()),
            Overlap::Disjoint,
            |key| (key.to_string(), key.to_string()),
        );
        let courses = figures(courses, Overlap::Overlapping, |key| {
            key.parse()
                .ok()
                .and_then(|id: i64| names.courses.get(&id))
                .map(|(slug, title)| (title.clone(), slug.clone()))
                .unwrap_or_default()
        });
        Ok(Groups {
            overall,
            organisations,
            courses,
            provinces,
        })
    }
}
