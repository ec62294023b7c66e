//! The cohort dashboard: for one assigned course, each member's progress
//! per module, pre-test and best final score, session days attended,
//! certificate status, and whether they are overdue (the cohort's due
//! date has passed and they have not completed). Sortable by any of those;
//! exported as CSV and XLSX with the report's rules (a byte-order mark,
//! typed cells, text defused against formulas).
//!
//! Members the caller may not see — someone who joined with a code from
//! outside the caller's subtree — are counted, not shown.

use super::{courses, store, visible, CohortError};
use crate::dates::format_date;
use crate::i18n::Locale;
use crate::model::cohorts::{CohortProgress, ModuleState, ProgressQuery, ProgressRow};
use crate::model::reports::{CertificateCell, CertificateStatus};
use crate::model::roles::Role;
use crate::ssr::auth::CurrentUser;
use crate::ssr::course_names;
use crate::ssr::csv::{csv_line, Cell};
use crate::ssr::db::{now, Db};
use crate::ssr::records;
use std::cmp::Ordering;
use std::collections::HashMap;

/// The sort columns, by their codes.
pub const SORTS: [&str; 7] = [
    "name",
    "progress",
    "pretest",
    "final",
    "attendance",
    "certificate",
    "overdue",
];

/// The dashboard of cohort `id` as `query` asks.
pub async fn progress(
    db: &Db,
    user: &CurrentUser,
    id: i64,
    query: &ProgressQuery,
    locale: Locale,
) -> Result<CohortProgress, CohortError> {
    let (cohort, scope) = visible(db, user, id).await?;
    let assigned: Vec<_> = courses(db, locale, &store::course_ids(db, id).await?)
        .await?
        .into_iter()
        .filter(|c| c.assigned)
        .collect();
    let course = assigned
        .iter()
        .find(|c| c.slug == query.course)
        .or(assigned.first())
        .cloned();
    let sort = SORTS
        .iter()
        .find(|s| **s == query.sort)
        .copied()
        .unwrap_or("name");
    let descending = query.dir == "desc";
    let mut out = CohortProgress {
        cohort_id: id,
        cohort: cohort.name.clone(),
        due_on: cohort.due_on.clone(),
        courses: assigned,
        course: course.clone(),
        modules: Vec::new(),
        sessions_required: 0,
        sessions: store::sessions(db, id).await?.len() as i64,
        rows: Vec::new(),
        sort: sort.to_string(),
        descending,
        hidden: 0,
    };
    let Some(course) = course else {
        return Ok(out);
    };
    let Some(course_id) = course_names::id_of(db, &course.slug).await? else {
        return Ok(out);
    };
    let modules = store::course_modules(db, course_id, locale.code()).await?;
    out.modules = modules
        .iter()
        .map(|m| (m.slug.clone(), m.title.clone()))
        .collect();
    {
        let mut conn = db.pool().acquire().await?;
        out.sessions_required = records::store::attendance_required(&mut conn, course_id).await?;
    }
    let mut roles: HashMap<i64, Vec<Role>> = HashMap::new();
    for r in store::member_roles(db, id).await? {
        if let Ok(role) = r.role.parse() {
            roles.entry(r.user_id).or_default().push(role);
        }
    }
    let states: HashMap<(i64, i64), bool> = store::module_states(db, id, course_id)
        .await?
        .into_iter()
        .map(|s| ((s.user_id, s.module_id), s.done == 1))
        .collect();
    let standings: HashMap<i64, store::MemberStandingRow> =
        store::member_standings(db, id, course_id)
            .await?
            .into_iter()
            .map(|s| (s.user_id, s))
            .collect();
    let at = now();
    let today = format_date(crate::ssr::zone::current().local(at));
    let past_due = cohort.due_on.as_deref().is_some_and(|d| d < today.as_str());
    for m in store::progress_members(db, id).await? {
        let member_roles = roles.get(&m.id).cloned().unwrap_or_default();
        if !scope.covers(&member_roles, m.organisation_id) {
            out.hidden += 1;
            continue;
        }
        let module_states: Vec<ModuleState> = modules
            .iter()
            .map(|module| match states.get(&(m.id, module.id)) {
                Some(true) => ModuleState::Done,
                Some(false) => ModuleState::Started,
                None => ModuleState::NotStarted,
            })
            .collect();
        let s = standings.get(&m.id);
        let completed_at = s.and_then(|s| s.completed_at);
        out.rows.push(ProgressRow {
            user_id: m.id,
            name: m.name,
            name_latin: m.name_latin,
            login: m.login,
            modules_done: module_states
                .iter()
                .filter(|s| **s == ModuleState::Done)
                .count() as i64,
            modules: module_states,
            pretest: s.and_then(|s| s.pretest_score).map(tenths),
            final_score: s.and_then(|s| s.final_score).map(tenths),
            passed: s.and_then(|s| s.passed).map(|p| p == 1),
            completed_at,
            sessions_attended: s.map_or(0, |s| s.sessions_attended),
            certificate: s.and_then(|s| {
                s.certificate_code.clone().map(|code| CertificateCell {
                    status: CertificateStatus::on(
                        s.certificate_expires_at,
                        s.certificate_revoked_at,
                        at,
                    ),
                    code,
                    expires_at: s.certificate_expires_at,
                })
            }),
            overdue: past_due && completed_at.is_none(),
        });
    }
    sort_rows(&mut out.rows, sort, descending);
    Ok(out)
}

/// Scores are stored in tenths of a percent.
fn tenths(score: i64) -> f64 {
    score as f64 / 10.0
}

/// Sorts by `sort` (a code of [`SORTS`]); ties, and empty values last
/// either way, by name.
pub fn sort_rows(rows: &mut [ProgressRow], sort: &str, descending: bool) {
    fn num(a: Option<f64>, b: Option<f64>) -> Ordering {
        a.partial_cmp(&b).unwrap_or(Ordering::Equal)
    }
    let key = |r: &ProgressRow| -> Option<f64> {
        match sort {
            "progress" => Some(r.modules_done as f64),
            "pretest" => r.pretest,
            "final" => r.final_score,
            "attendance" => Some(r.sessions_attended as f64),
            "certificate" => r.certificate.as_ref().map(|c| match c.status.code() {
                "valid" => 3.0,
                "expiring" => 2.0,
                "expired" => 1.0,
                _ => 0.0,
            }),
            "overdue" => Some(f64::from(u8::from(r.overdue))),
            _ => None,
        }
    };
    let by_name = |a: &ProgressRow, b: &ProgressRow| {
        a.name
            .to_lowercase()
            .cmp(&b.name.to_lowercase())
            .then(a.user_id.cmp(&b.user_id))
    };
    rows.sort_by(|a, b| {
        if sort == "name" {
            let o = by_name(a, b);
            return if descending { o.reverse() } else { o };
        }
        match (key(a), key(b)) {
            (Some(x), Some(y)) => {
                let o = num(Some(x), Some(y));
                (if descending { o.reverse() } else { o }).then_with(|| by_name(a, b))
            }
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => by_name(a, b),
        }
    });
}

/// The export's header row: fixed columns with one per module
/// (`module:SLUG`) after `modules_total`.
pub fn export_columns(p: &CohortProgress) -> Vec<String> {
    let mut columns: Vec<String> = [
        "trainee_id",
        "name",
        "name_latin",
        "login",
        "course",
        "modules_done",
        "modules_total",
    ]
    .map(String::from)
    .to_vec();
    columns.extend(p.modules.iter().map(|(slug, _)| format!("module:{slug}")));
    columns.extend(
        [
            "pretest_score",
            "final_score",
            "passed",
            "completed_on",
            "sessions_attended",
            "sessions_required",
            "certificate_id",
            "certificate_status",
            "overdue",
        ]
        .map(String::from),
    );
    columns
}

/// One row's cells, in [`export_columns`] order; days in the deployment's
/// time zone.
pub fn export_cells(p: &CohortProgress, r: &ProgressRow, zone: &crate::dates::Zone) -> Vec<Cell> {
    let text = |t: Option<&str>| match t {
        Some(t) if !t.is_empty() => Cell::Text(t.to_string()),
        _ => Cell::Empty,
    };
    let mut cells = vec![
        Cell::Int(r.user_id),
        text(Some(&r.name)),
        text(r.name_latin.as_deref()),
        text(Some(&r.login)),
        text(p.course.as_ref().map(|c| c.slug.as_str())),
        Cell::Int(r.modules_done),
        Cell::Int(r.modules.len() as i64),
    ];
    cells.extend(r.modules.iter().map(|m| text(Some(m.code()))));
    cells.extend([
        r.pretest.map_or(Cell::Empty, Cell::Number),
        r.final_score.map_or(Cell::Empty, Cell::Number),
        r.passed.map_or(Cell::Empty, |p| Cell::Int(i64::from(p))),
        r.completed_at
            .map_or(Cell::Empty, |d| Cell::Date(zone.local(d))),
        Cell::Int(r.sessions_attended),
        Cell::Int(p.sessions_required),
        text(r.certificate.as_ref().map(|c| c.code.as_str())),
        text(r.certificate.as_ref().map(|c| c.status.code())),
        Cell::Int(i64::from(r.overdue)),
    ]);
    cells
}

/// The dashboard as a CSV file (what the ministry report's CSV is: a
/// byte-order mark, RFC 4180, formulas defused).
pub fn csv(p: &CohortProgress, zone: &crate::dates::Zone) -> String {
    let mut out = format!(
        "{}{}",
        crate::ssr::csv::BOM,
        crate::ssr::csv::line(export_columns(p).iter().map(String::as_str))
    );
    for r in &p.rows {
        out.push_str(&csv_line(&export_cells(p, r, zone)));
    }
    out
}

/// Records a download of the dashboard (it names people, as the
/// ministry report's downloads do).
pub async fn record_export(
    db: &Db,
    user: &CurrentUser,
    id: i64,
    format: &str,
    ip: Option<&str>,
) -> Result<(), sqlx::Error> {
    crate::ssr::audit::record(
        db,
        crate::ssr::audit::Event {
            actor_id: Some(user.id),
            subject: Some(&format!("cohort:{id}:progress")),
            detail: Some(format),
            ip,
            ..crate::ssr::audit::Event::new(crate::ssr::audit::Action::ReportExported)
        },
    )
    .await
}
