//! The completion report's exported columns — names and codes stable and
//! documented in `docs/reports.md`, never renamed — and the CSV form of
//! them. The XLSX writer (`server/src/reports/`) writes the same
//! [`Cell`]s, typed, so the two files always agree.

use crate::dates::Zone;
use crate::model::reports::CompletionRow;
use crate::ssr::csv;

/// The header row, in order.
pub const COLUMNS: [&str; 20] = [
    "trainee_id",
    "name",
    "name_latin",
    "organisation",
    "organisation_path",
    "position",
    "province",
    "course",
    "course_title",
    "started_on",
    "modules_done",
    "modules_total",
    "pretest_score",
    "final_score",
    "passed",
    "completed_on",
    "status",
    "certificate_id",
    "certificate_status",
    "sessions_attended",
];

pub use crate::ssr::csv::{csv_line, Cell};

/// Joins organisation names into a path, top first.
pub const PATH_SEPARATOR: &str = " > ";

/// A report row's cells, in [`COLUMNS`] order, dates in `zone`.
pub fn cells(row: &CompletionRow, zone: &Zone) -> Vec<Cell> {
    let text = |t: Option<&str>| match t {
        Some(t) if !t.is_empty() => Cell::Text(t.to_string()),
        _ => Cell::Empty,
    };
    let number = |n: Option<f64>| n.map_or(Cell::Empty, Cell::Number);
    let date = |d: Option<i64>| d.map_or(Cell::Empty, |d| Cell::Date(zone.local(d)));
    vec![
        Cell::Int(row.user_id),
        text(Some(&row.name)),
        text(row.name_latin.as_deref()),
        text(row.organisation_path.last().map(String::as_str)),
        text(Some(&row.organisation_path.join(PATH_SEPARATOR))),
        text(row.position.as_deref()),
        text(row.province.as_deref()),
        Cell::Text(row.course_slug.clone()),
        text(Some(&row.course_title)),
        Cell::Date(zone.local(row.started_at)),
        Cell::Int(row.modules_done),
        Cell::Int(row.modules_total),
        number(row.pretest),
        number(row.final_score),
        row.passed.map_or(Cell::Empty, |p| Cell::Int(i64::from(p))),
        date(row.completed_at),
        Cell::Text(row.status().code().into()),
        text(row.certificate.as_ref().map(|c| c.code.as_str())),
        text(row.certificate.as_ref().map(|c| c.status.code())),
        Cell::Int(row.sessions_attended),
    ]
}

pub use crate::ssr::csv::BOM;

/// The CSV header line, after the byte-order mark.
pub fn csv_head() -> String {
    format!("{BOM}{}", csv::line(COLUMNS))
}

/// A whole CSV file of `rows`, dates in `zone` (a direct download; the
/// background export writes the same lines as the rows arrive).
pub fn csv(rows: &[CompletionRow], zone: &Zone) -> String {
    let mut out = csv_head();
    for row in rows {
        out.push_str(&csv_line(&cells(row, zone)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::reports::{CertificateCell, CertificateStatus};

    fn row() -> CompletionRow {
        CompletionRow {
            user_id: 7,
            name: "=HYPERLINK(\"http://x\")".into(),
            name_latin: Some("Somchai".into()),
            anonymised: false,
            organisation_path: vec!["Ministry".into(), "กรม".into()],
            position: Some("-officer".into()),
            province: Some("เชียงใหม่".into()),
            course_slug: "basics".into(),
            course_title: "Basics, \"identification\"".into(),
            started_at: 1_795_910_400,
            modules_done: 3,
            modules_total: 4,
            pretest: Some(40.0),
            final_score: Some(85.5),
            passed: Some(true),
            completed_at: None,
            certificate: Some(CertificateCell {
                code: "LNT-1".into(),
                status: CertificateStatus::Expiring,
                expires_at: None,
            }),
            sessions_attended: 2,
        }
    }

    #[test]
    fn a_csv_line_has_typed_defused_cells() {
        let line = csv_line(&cells(&row(), &Zone::utc()));
        assert_eq!(
            line,
            "7,\"'=HYPERLINK(\"\"http://x\"\")\",\"Somchai\",\"กรม\",\"Ministry > กรม\",\"'-officer\",\
             \"เชียงใหม่\",\"basics\",\"Basics, \"\"identification\"\"\",2026-11-29,3,4,40.0,85.5,1,,\
             \"in_progress\",\"LNT-1\",\"expiring\",2\r\n"
        );
        assert_eq!(cells(&row(), &Zone::utc()).len(), COLUMNS.len());
    }

    #[test]
    fn dates_are_days_of_the_deployment_time_zone() {
        // 2026-11-29 20:00 UTC is already the 30th in Bangkok.
        let mut late = row();
        late.started_at += 20 * 3600;
        let bangkok = Zone::fixed("Asia/Bangkok", 7 * 3600);
        assert!(csv_line(&cells(&late, &bangkok)).contains(",2026-11-30,3,4,"));
        assert!(csv_line(&cells(&late, &Zone::utc())).contains(",2026-11-29,3,4,"));
    }

    #[test]
    fn the_head_starts_with_a_byte_order_mark() {
        let head = csv_head();
        assert!(head.as_bytes().starts_with(&[0xEF, 0xBB, 0xBF]));
        assert!(head.ends_with("\"certificate_status\",\"sessions_attended\"\r\n"));
    }
}
