//! The completion report's filters and sort, as conditions over
//! `course_standings s` alone (each standing carries its trainee's
//! organisation, place, sort name and roles) — and the scope every report
//! query starts from.

use crate::dates::{parse_date, Zone};
use crate::model::reports::{CertificateStatus, ReportQuery, RowStatus, SortKey};
use crate::ssr::auth::policy::{PeopleScope, STANDINGS};
use crate::ssr::db::filter::{Filter, Value};

/// A certificate counts as expiring this long before it expires.
pub use crate::model::reports::EXPIRING_SECS;

/// The rows `scope` may see: trainees (accounts holding the trainee role)
/// whom the scope covers. The one place a report query is scoped; every
/// report, count, choice list and export starts here.
pub fn within(scope: &PeopleScope) -> Filter {
    let mut f = Filter::new();
    scope.restrict(&mut f, &STANDINGS);
    f.and("s.trainee = 1");
    f
}

/// What the query's names stand for, looked up by the caller: `None` for a
/// filter not set, `Some(empty)` for a name that matches nothing (an
/// unknown organisation or course matches no row, never every row).
#[derive(Clone, Debug, Default)]
pub struct Resolved {
    pub organisations: Option<Vec<i64>>,
    pub course: Option<Option<i64>>,
    /// A cohort the caller may see (`Some(None)`: one they may not, or
    /// none at all — which matches no row).
    pub cohort: Option<Option<i64>>,
}

/// Adds `query`'s filters to `f` (already scoped by [`within`]); the date
/// range's days are days in `zone`.
pub fn narrow(f: &mut Filter, query: &ReportQuery, resolved: &Resolved, now: i64, zone: &Zone) {
    if let Some(ids) = &resolved.organisations {
        let ids = f.bind_ids(ids);
        f.and(format!("s.organisation_id IN ({ids})"));
    }
    if let Some(course) = resolved.course {
        let p = f.bind(Value::Int(course.unwrap_or(-1)));
        f.and(format!("s.course_id = {p}"));
    }
    if let Some(cohort) = resolved.cohort {
        let p = f.bind(Value::Int(cohort.unwrap_or(-1)));
        f.and(format!(
            "s.user_id IN (SELECT m.user_id FROM cohort_members m WHERE m.cohort_id = {p})"
        ));
    }
    for (value, column) in [
        (&query.province, "s.province"),
        (&query.position, "s.position"),
    ] {
        let value = value.trim();
        if !value.is_empty() {
            let p = f.bind(Value::Text(value.to_string()));
            f.and(format!("{column} = {p}"));
        }
    }
    let column = if query.dates == "started" {
        "s.started_at"
    } else {
        "s.completed_at"
    };
    if let Some(from) = parse_date(&query.from) {
        let p = f.bind(Value::Int(zone.instant(from)));
        f.and(format!("{column} >= {p}"));
    }
    if let Some(to) = parse_date(&query.to) {
        let p = f.bind(Value::Int(zone.instant(to + 86_400)));
        f.and(format!("{column} < {p}"));
    }
    if let Some(condition) = status_condition(&query.status, now) {
        f.and(condition);
    }
}

/// The condition for a status code; `None` for any other text.
fn status_condition(code: &str, now: i64) -> Option<String> {
    let soon = now + EXPIRING_SECS;
    let live = "s.certificate_code IS NOT NULL AND s.certificate_revoked_at IS NULL";
    Some(match code {
        c if c == RowStatus::InProgress.code() => "s.completed_at IS NULL".into(),
        c if c == RowStatus::Completed.code() => "s.completed_at IS NOT NULL".into(),
        c if c == CertificateStatus::Valid.code() => format!(
            "{live} AND (s.certificate_expires_at IS NULL OR s.certificate_expires_at > {soon})"
        ),
        c if c == CertificateStatus::Expiring.code() => format!(
            "{live} AND s.certificate_expires_at > {now} AND s.certificate_expires_at <= {soon}"
        ),
        c if c == CertificateStatus::Expired.code() => {
            format!("{live} AND s.certificate_expires_at <= {now}")
        }
        c if c == CertificateStatus::Revoked.code() => {
            "s.certificate_revoked_at IS NOT NULL".into()
        }
        _ => return None,
    })
}

/// A certificate's status on `now` (the same rule as the filter).
pub fn certificate_status(
    expires_at: Option<i64>,
    revoked_at: Option<i64>,
    now: i64,
) -> CertificateStatus {
    CertificateStatus::on(expires_at, revoked_at, now)
}

/// A sort: its `ORDER BY` and the joins it needs (none for columns of
/// the standing itself — a join the planner may start from would keep it
/// off the name index, so it is added only for the sorts that read it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Order {
    pub by: String,
    pub joins: &'static str,
}

/// The [`Order`] for the query's sort (name by default), empty values last
/// on every database, ties broken by trainee and course so pages never
/// overlap.
pub fn order_by(query: &ReportQuery) -> Order {
    let key = SortKey::parse(&query.sort).unwrap_or(SortKey::Name);
    let (expr, joins) = match key {
        SortKey::Name => ("s.name_key", ""),
        SortKey::Organisation => (
            "o.name",
            "LEFT JOIN organisations o ON o.id = s.organisation_id",
        ),
        SortKey::Province => ("s.province", ""),
        SortKey::Position => ("s.position", ""),
        SortKey::Course => ("k.slug", "JOIN courses k ON k.id = s.course_id"),
        SortKey::Started => ("s.started_at", ""),
        SortKey::Modules => ("s.modules_done", ""),
        SortKey::Pretest => ("s.pretest_score", ""),
        SortKey::Final => ("s.final_score", ""),
        SortKey::Completed => ("s.completed_at", ""),
    };
    let dir = if query.dir == "desc" { "DESC" } else { "ASC" };
    // The sort name is never empty (NOT NULL): sorted as the index is.
    let nulls_last = if key == SortKey::Name {
        String::new()
    } else {
        format!("({expr} IS NULL), ")
    };
    Order {
        by: format!("{nulls_last}{expr} {dir}, s.user_id {dir}, s.course_id {dir}"),
        joins,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::roles::Role;

    #[test]
    fn every_scope_is_limited_to_trainees_and_an_empty_one_to_nothing() {
        let f = within(&PeopleScope::default());
        assert_eq!(f.sql(), "1 = 0 AND s.trainee = 1");
        let admin = within(&PeopleScope::of(&[Role::Admin], &[]).unwrap());
        assert_eq!(admin.sql(), "s.trainee = 1");
    }

    #[test]
    fn unknown_names_match_nothing_and_bad_dates_are_ignored() {
        let mut f = Filter::new();
        let resolved = Resolved {
            organisations: Some(Vec::new()),
            course: Some(None),
            cohort: Some(None),
        };
        let query = ReportQuery {
            from: "2026-02-30".into(),
            to: "yesterday".into(),
            status: "everything".into(),
            ..ReportQuery::default()
        };
        narrow(&mut f, &query, &resolved, 0, &Zone::utc());
        assert_eq!(
            f.sql(),
            "s.organisation_id IN (NULL) AND s.course_id = $1 \
             AND s.user_id IN (SELECT m.user_id FROM cohort_members m WHERE m.cohort_id = $2)"
        );
    }

    #[test]
    fn the_date_range_includes_its_last_day() {
        let mut f = Filter::new();
        let query = ReportQuery {
            from: "2026-11-01".into(),
            to: "2026-11-30".into(),
            ..ReportQuery::default()
        };
        narrow(&mut f, &query, &Resolved::default(), 0, &Zone::utc());
        assert_eq!(f.sql(), "s.completed_at >= $1 AND s.completed_at < $2");
    }

    #[test]
    fn certificate_statuses_by_date() {
        let day = 86_400;
        assert_eq!(certificate_status(None, None, 0), CertificateStatus::Valid);
        assert_eq!(
            certificate_status(Some(91 * day), None, 0),
            CertificateStatus::Valid
        );
        assert_eq!(
            certificate_status(Some(90 * day), None, 0),
            CertificateStatus::Expiring
        );
        assert_eq!(
            certificate_status(Some(0), None, 0),
            CertificateStatus::Expired
        );
        assert_eq!(
            certificate_status(Some(90 * day), Some(1), 0),
            CertificateStatus::Revoked
        );
    }

    #[test]
    fn sorting_is_whitelisted_and_stable() {
        let q = ReportQuery {
            sort: "u.password_hash; DROP TABLE users".into(),
            dir: "sideways".into(),
            ..ReportQuery::default()
        };
        assert_eq!(
            order_by(&q),
            Order {
                by: "s.name_key ASC, s.user_id ASC, s.course_id ASC".into(),
                joins: "",
            }
        );
        let q = ReportQuery {
            sort: "final".into(),
            dir: "desc".into(),
            ..ReportQuery::default()
        };
        assert!(order_by(&q)
            .by
            .starts_with("(s.final_score IS NULL), s.final_score DESC"));
        let q = ReportQuery {
            sort: "organisation".into(),
            ..ReportQuery::default()
        };
        assert!(order_by(&q).joins.contains("organisations o"));
    }
}
