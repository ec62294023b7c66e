//! `/reports/dashboard`: completions per month, pass rate and knowledge
//! gain per organisation, course and province, and certificates expiring
//! soon — over the same scope and filters as the completion report, with
//! small groups withheld.

use super::aggregates::{partition, Group, Overlap};
use super::completions::{filtered, Names};
use super::privacy::{figure, withheld};
use super::query::EXPIRING_SECS;
use super::store::{self, GroupSumRow};
use crate::dates::recent_months;
use crate::i18n::Locale;
use crate::model::reports::{Dashboard, GroupFigures, MonthFigure, ReportQuery};
use crate::ssr::auth::CurrentUser;
use crate::ssr::db::filter::Filter;
use crate::ssr::db::{now, Db};
use crate::ssr::error::DomainError;
use crate::ssr::zone;

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
    let groups = Groups::load(db, &f, &names).await?;

    // Calendar months of the deployment's time zone.
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
    let months = months
        .into_iter()
        .zip(counts)
        .zip(hide)
        .map(|(((month, _), n), hidden)| MonthFigure {
            month,
            completions: figure(n, hidden),
        })
        .collect();

    let mut expiring = f.clone();
    expiring.and(format!(
        "s.certificate_code IS NOT NULL AND s.certificate_revoked_at IS NULL
         AND s.certificate_expires_at > {at} AND s.certificate_expires_at <= {}",
        at + EXPIRING_SECS
    ));
    let expiring = store::count(db, &expiring).await?;
    Ok(Dashboard {
        overall: groups.overall,
        months,
        expiring: figure(expiring, withheld(&[expiring])[0]),
        organisations: groups.organisations,
        courses: groups.courses,
        provinces: provinces(db, &f).await?,
    })
}

/// The groupings the dashboard and the gain page both show (the province
/// table is the dashboard's alone: [`provinces`]).
pub(super) struct Groups {
    pub overall: GroupFigures,
    pub organisations: Vec<GroupFigures>,
    pub courses: Vec<GroupFigures>,
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

/// Figures per province among the rows of `f`.
async fn provinces(db: &Db, f: &Filter) -> Result<Vec<GroupFigures>, DomainError> {
    Ok(figures(
        store::group_sums(db, f, "u.province").await?,
        Overlap::Disjoint,
        |key| (key.to_string(), key.to_string()),
    ))
}

impl Groups {
    pub(super) async fn load(db: &Db, f: &Filter, names: &Names) -> Result<Groups, DomainError> {
        let overall = store::group_sums(db, f, store::OVERALL)
            .await?
            .pop()
            .unwrap_or_default();
        let overall = figures(vec![overall], Overlap::Disjoint, |_| {
            (String::new(), String::new())
        })
        .remove(0);
        let organisations = figures(
            store::group_sums(db, f, "u.organisation_id").await?,
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
        let courses = figures(
            store::group_sums(db, f, "s.course_id").await?,
            Overlap::Overlapping,
            |key| {
                key.parse()
                    .ok()
                    .and_then(|id: i64| names.courses.get(&id))
                    .map(|(slug, title)| (title.clone(), slug.clone()))
                    .unwrap_or_default()
            },
        );
        Ok(Groups {
            overall,
            organisations,
            courses,
        })
    }
}
