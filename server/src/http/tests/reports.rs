//! The completion report over HTTP: the page, its CSV and its XLSX hold the
//! same rows and numbers for the same query string; the CSV is Excel-safe
//! (byte-order mark, formulas defused, numbers bare); the workbook is typed
//! and keeps Thai; every download is audited.

use super::support::TestApp;
use app::model::roles::Role;
use app::ssr::content::import::import;
use app::ssr::organisations;
use app::ssr::reports::export::COLUMNS;
use app::ssr::testing::insert_user;
use calamine::{Data, Reader, Xlsx};
use http::StatusCode;

struct World {
    app: TestApp,
    ministry: String,
    /// Trainees in the department's tree (Thai name; a name that is a
    /// formula) and one of the other tree.
    thai: i64,
    formula: i64,
    police: i64,
}

/// A completion (and so a certificate) of the sample course for `user`.
async fn complete(db: &app::ssr::db::Db, user: i64) {
    let completion: i64 = sqlx::query_scalar(
        "INSERT INTO course_completions (user_id, course_id, module_versions, completed_at)
         SELECT $1, id, '[]', 1795910400 FROM courses WHERE slug = 'identification-basics' RETURNING id",
    )
    .bind(user)
    .fetch_one(db.pool())
    .await
    .unwrap();
    let mut conn = db.pool().acquire().await.unwrap();
    app::ssr::certificates::issue::for_completion(&mut conn, completion)
        .await
        .unwrap()
        .expect("a certificate is issued");
}

async fn world() -> World {
    let app = TestApp::new().await;
    let db = &app.state.db;
    organisations::create(db, "msdhs", "กระทรวง", None, None)
        .await
        .unwrap();
    let dat = organisations::create(db, "dat", "Department", Some("msdhs"), None)
        .await
        .unwrap();
    let police = organisations::create(db, "police", "Police", None, None)
        .await
        .unwrap();
    let courses = super::courses::courses();
    import(db, &courses, None).await.unwrap();
    sqlx::query("UPDATE course_texts SET certificate = 1")
        .execute(db.pool())
        .await
        .unwrap();
    let t = &[Role::Trainee];
    let thai = insert_user(db, "s@e.test", "สมชาย ใจดี", t, Some(dat)).await;
    let formula = insert_user(db, "f@e.test", "=HYPERLINK(\"http://x\")", t, Some(dat)).await;
    let police_trainee = insert_user(db, "p@e.test", "Pim", t, Some(police)).await;
    sqlx::query("UPDATE users SET province = 'เชียงใหม่', position = '+66 officer' WHERE id = $1")
        .bind(thai)
        .execute(db.pool())
        .await
        .unwrap();
    for user in [thai, formula, police_trainee] {
        complete(db, user).await;
    }
    let ministry_id = insert_user(db, "m@e.test", "M", &[Role::Ministry], Some(dat)).await;
    let ministry = app.session_for(ministry_id).await;
    World {
        app,
        ministry,
        thai,
        formula,
        police: police_trainee,
    }
}

/// A CSV's records (no quoted line breaks in these fixtures), cells
/// unquoted.
fn records(text: &str) -> Vec<Vec<String>> {
    text.split("\r\n")
        .filter(|l| !l.is_empty())
        .map(|line| {
            let mut cells = Vec::new();
            let mut cell = String::new();
            let mut quoted = false;
            let mut chars = line.chars().peekable();
            while let Some(c) = chars.next() {
                match (c, quoted) {
                    ('"', true) if chars.peek() == Some(&'"') => {
                        cell.push('"');
                        chars.next();
                    }
                    ('"', _) => quoted = !quoted,
                    (',', false) => cells.push(std::mem::take(&mut cell)),
                    _ => cell.push(c),
                }
            }
            cells.push(cell);
            cells
        })
        .collect()
}

const QUERY: &str = "course=identification-basics&sort=name&dir=desc";

#[tokio::test]
async fn page_csv_and_workbook_hold_the_same_rows_and_numbers() {
    let w = world().await;
    // The page: totals and names of the filtered view.
    let page = w
        .app
        .get_as(&format!("/reports?{QUERY}"), &w.ministry)
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    assert!(html.contains("2 rows (2 trainees)"), "{html}");
    assert!(html.contains("สมชาย ใจดี"));
    assert!(
        !html.contains("Pim"),
        "the other tree's trainee is not on the page"
    );
    assert!(html.contains(
        "/reports/completions.csv?course=identification-basics&amp;sort=name&amp;dir=desc"
    ));

    // What the page was rendered from, as the server function sends it.
    let api = w
        .app
        .post_as(
            "/api/reports/completions",
            "query[course]=identification-basics&query[sort]=name&query[dir]=desc",
            &w.ministry,
        )
        .await;
    let screen: serde_json::Value = serde_json::from_slice(&api.body).unwrap();
    let screen_rows = screen["rows"].as_array().unwrap();
    assert_eq!(screen["totals"]["rows"], 2);

    // The CSV.
    let csv = w
        .app
        .get_as(&format!("/reports/completions.csv?{QUERY}"), &w.ministry)
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert_eq!(csv.header("content-type"), "text/csv; charset=utf-8");
    assert!(csv
        .header("content-disposition")
        .contains("completions.csv"));
    assert!(
        csv.body.starts_with(&[0xEF, 0xBB, 0xBF]),
        "a byte-order mark"
    );
    let text = csv.text();
    let text = text.trim_start_matches('\u{feff}');
    assert!(
        text.contains("\"'=HYPERLINK(\"\"http://x\"\")\""),
        "a formula is defused: {text}"
    );
    assert!(text.contains("\"'+66 officer\""));
    let rows = records(text);
    assert_eq!(rows[0], COLUMNS);
    assert_eq!(rows.len() - 1, screen_rows.len());
    let col = |name: &str| COLUMNS.iter().position(|c| *c == name).unwrap();
    for (csv_row, screen_row) in rows[1..].iter().zip(screen_rows) {
        assert_eq!(
            csv_row[col("trainee_id")],
            screen_row["user_id"].to_string()
        );
        assert_eq!(
            csv_row[col("modules_done")],
            screen_row["modules_done"].to_string()
        );
        assert_eq!(csv_row[col("completed_on")], "2026-11-29");
        assert_eq!(
            csv_row[col("certificate_id")],
            screen_row["certificate"]["code"].as_str().unwrap()
        );
        assert_eq!(csv_row[col("certificate_status")], "valid");
        assert_eq!(csv_row[col("status")], "completed");
    }
    // Sorted by name, descending, as on screen: "สมชาย" after "=HYPERLINK".
    assert_eq!(rows[1][col("trainee_id")], w.thai.to_string());
    assert_eq!(rows[2][col("trainee_id")], w.formula.to_string());
    assert_eq!(rows[1][col("province")], "เชียงใหม่");
    assert_eq!(rows[1][col("organisation_path")], "กระทรวง > Department");

    // The workbook, read back.
    let xlsx = w
        .app
        .get_as(&format!("/reports/completions.xlsx?{QUERY}"), &w.ministry)
        .await;
    assert_eq!(xlsx.status, StatusCode::OK);
    assert!(xlsx.header("content-type").contains("spreadsheetml"));
    let mut book: Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(xlsx.body.clone())).unwrap();
    let sheet = book.worksheet_range("completions").unwrap();
    let cells: Vec<Vec<Data>> = sheet.rows().map(<[Data]>::to_vec).collect();
    assert_eq!(cells.len(), rows.len());
    assert_eq!(cells[0], COLUMNS.map(|c| Data::String(c.into())).to_vec());
    for (sheet_row, csv_row) in cells[1..].iter().zip(&rows[1..]) {
        for (i, (cell, text)) in sheet_row.iter().zip(csv_row).enumerate() {
            let same = match cell {
                Data::String(s) => {
                    // The CSV's defusing quote is CSV-only: a workbook
                    // cell written as a string is never a formula.
                    text.strip_prefix('\'').unwrap_or(text) == s
                }
                Data::Float(f) => text.parse::<f64>().unwrap() == *f,
                Data::DateTime(d) => {
                    let day = (d.as_f64() as i64 - 25_569) * 86_400;
                    app::dates::format_date(day) == *text
                }
                Data::Empty => text.is_empty(),
                other => panic!("unexpected cell {other:?}"),
            };
            assert!(same, "column {}: {cell:?} vs {text:?}", COLUMNS[i]);
        }
    }
    assert_eq!(cells[1][col("trainee_id")], Data::Float(w.thai as f64));
    assert_eq!(cells[1][col("name")], Data::String("สมชาย ใจดี".into()));
    assert_eq!(
        cells[2][col("name")],
        Data::String("=HYPERLINK(\"http://x\")".into())
    );
    let formulas = book.worksheet_formula("completions").unwrap();
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "no formulas"
    );

    // Frozen header and auto-filter are in the sheet's XML.
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(xlsx.body.clone())).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(),
        &mut xml,
    )
    .unwrap();
    assert!(xml.contains("state=\"frozen\""), "{xml}");
    assert!(xml.contains("<autoFilter ref=\"A1:T3\""), "{xml}");

    // The summary PDF of the same filters: its figures, not its rows.
    let pdf = w
        .app
        .get_as(&format!("/reports/completions.pdf?{QUERY}"), &w.ministry)
        .await;
    assert_eq!(pdf.status, StatusCode::OK);
    assert_eq!(pdf.header("content-type"), "application/pdf");
    assert!(pdf.body.starts_with(b"%PDF"));

    // Each download is in the audit log, with its filters.
    let details: Vec<String> = sqlx::query_scalar(
        "SELECT detail FROM audit_log WHERE action = 'report.exported' ORDER BY id",
    )
    .fetch_all(w.app.state.db.pool())
    .await
    .unwrap();
    assert_eq!(
        details,
        [
            "csv, 2 rows, course=identification-basics&sort=name&dir=desc",
            "xlsx, 2 rows, course=identification-basics&sort=name&dir=desc",
            "pdf, summary, course=identification-basics&sort=name&dir=desc"
        ]
    );
    let _ = w.police;
}

#[tokio::test]
async fn a_filter_outside_the_scope_downloads_nothing_but_the_header() {
    let w = world().await;
    let csv = w
        .app
        .get_as("/reports/completions.csv?org=police", &w.ministry)
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert_eq!(records(csv.text().trim_start_matches('\u{feff}')).len(), 1);
    let page = w
        .app
        .get_as("/reports?org=police&page=7", &w.ministry)
        .await;
    assert!(page.text().contains("0 rows (0 trainees)"));
    let trainee = w.app.session_for(w.police).await;
    let refused = w.app.get_as("/reports/completions.csv", &trainee).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_dashboard_and_gain_pages_draw_charts_without_javascript_and_withhold_small_groups() {
    let w = world().await;
    for path in [
        "/reports/dashboard",
        "/reports/gain",
        "/reports/dashboard?org=dat&course=identification-basics",
    ] {
        let page = w.app.get_as(path, &w.ministry).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        let html = page.text();
        // Two trainees in the department: no figure of theirs is a number.
        assert!(html.contains("fewer than 5"), "{path}");
        assert!(html.contains("<svg"), "{path}: a chart drawn on the server");
        assert!(
            html.contains("<details>"),
            "{path}: with its numbers as a table"
        );
        assert!(
            !html.contains("Pim") && !html.contains("Police"),
            "{path}: nothing of the other tree"
        );
    }
    let trainee = w.app.session_for(w.police).await;
    assert_eq!(
        w.app.get_as("/reports/dashboard", &trainee).await.status,
        StatusCode::FORBIDDEN
    );
}

/// Dates are days of the deployment's time zone, written as the reader
/// writes them: Thai month names and Buddhist Era years on Thai pages.
#[tokio::test]
async fn dates_on_pages_follow_the_readers_language_and_the_deployment_time_zone() {
    let w = world().await;
    // Completed at 2026-11-29 00:00 UTC: 07:00 that day in Bangkok.
    let english = w
        .app
        .get_as("/reports?course=identification-basics", &w.ministry)
        .await;
    assert!(english.text().contains("29 Nov 2026"), "{}", english.text());
    let thai = w
        .app
        .get_with(
            "/reports?course=identification-basics",
            &[("cookie", &format!("{}; lantern_lang=th", w.ministry))],
        )
        .await;
    assert!(thai.text().contains("29 พ.ย. 2569"), "{}", thai.text());
}

/// Waits for export `id` to finish (the task runs in the background).
async fn finished(app: &TestApp, id: i64) {
    for _ in 0..200 {
        let done: Option<i64> =
            sqlx::query_scalar("SELECT finished_at FROM report_exports WHERE id = $1")
                .bind(id)
                .fetch_one(app.state.db.pool())
                .await
                .unwrap();
        if done.is_some() {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    panic!("export {id} did not finish");
}

async fn newest_export(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT MAX(id) FROM report_exports")
        .fetch_one(app.state.db.pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn a_background_export_holds_exactly_the_direct_downloads_rows() {
    let w = world().await;
    let direct = w
        .app
        .get_as(&format!("/reports/completions.csv?{QUERY}"), &w.ministry)
        .await;
    // Started by a plain form post, as on the report page.
    let started = w
        .app
        .post_as(
            "/reports/exports",
            &format!("format=csv&{QUERY}"),
            &w.ministry,
        )
        .await;
    assert_eq!(started.status, StatusCode::SEE_OTHER);
    assert_eq!(started.header("location"), "/reports/exports?done=started");
    let id = newest_export(&w.app).await;
    finished(&w.app, id).await;
    let page = w.app.get_as("/reports/exports", &w.ministry).await;
    assert!(page.text().contains(&format!("/reports/exports/{id}.csv")));
    let file = w
        .app
        .get_as(&format!("/reports/exports/{id}.csv"), &w.ministry)
        .await;
    assert_eq!(file.status, StatusCode::OK);
    assert_eq!(
        file.body, direct.body,
        "the same bytes as the direct download"
    );
    // Compressed on the way, as browsers ask for it (the compression layer
    // polls the chunk stream once more after its end).
    let gzipped = w
        .app
        .get_with(
            &format!("/reports/exports/{id}.csv"),
            &[("cookie", w.ministry.as_str()), ("accept-encoding", "gzip")],
        )
        .await;
    assert_eq!(gzipped.header("content-encoding"), "gzip");
    let mut unzipped = Vec::new();
    std::io::Read::read_to_end(
        &mut flate2::read::GzDecoder::new(&gzipped.body[..]),
        &mut unzipped,
    )
    .unwrap();
    assert_eq!(unzipped, direct.body);
    // The requester's only: anyone else finds nothing there.
    let admin_id = insert_user(&w.app.state.db, "a2@e.test", "A", &[Role::Admin], None).await;
    let admin = w.app.session_for(admin_id).await;
    assert_eq!(
        w.app
            .get_as(&format!("/reports/exports/{id}.csv"), &admin)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        w.app
            .get_as(&format!("/reports/exports/{id}.xlsx"), &w.ministry)
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    // XLSX, built in small chunks, streamed back whole.
    let db = &w.app.state.db;
    let user = app::ssr::auth::CurrentUser {
        id: sqlx::query_scalar("SELECT id FROM users WHERE email = 'm@e.test'")
            .fetch_one(db.pool())
            .await
            .unwrap(),
        email: "m@e.test".into(),
        name: "M".into(),
        roles: vec![Role::Ministry],
        organisation_id: sqlx::query_scalar("SELECT id FROM organisations WHERE slug = 'dat'")
            .fetch_one(db.pool())
            .await
            .unwrap(),
        session: String::new(),
    };
    let query: app::model::reports::ReportQuery =
        serde_json::from_value(serde_json::json!({"course": "identification-basics"})).unwrap();
    let xlsx_id = app::ssr::reports::exports::create(db, &user, &query, "xlsx", None)
        .await
        .unwrap();
    let rows = crate::reports::jobs::build(db, &user, xlsx_id, "xlsx", app::i18n::Locale::En, 1024)
        .await
        .unwrap();
    assert_eq!(rows, 2);
    let chunks: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM report_export_chunks WHERE export_id = $1")
            .bind(xlsx_id)
            .fetch_one(db.pool())
            .await
            .unwrap();
    assert!(chunks > 3, "stored in several chunks: {chunks}");
    let file = w
        .app
        .get_as(&format!("/reports/exports/{xlsx_id}.xlsx"), &w.ministry)
        .await;
    let mut book: Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(file.body)).unwrap();
    let sheet = book.worksheet_range("completions").unwrap();
    assert_eq!(sheet.rows().count(), 3, "a header and the two rows");

    // One at a time per requester.
    sqlx::query("INSERT INTO report_exports (requested_by, format, query, total, created_at) VALUES ($1, 'csv', '{}', 9, $2)")
        .bind(user.id)
        .bind(app::ssr::db::now())
        .execute(db.pool())
        .await
        .unwrap();
    let busy = w
        .app
        .post_as("/reports/exports", "format=csv", &w.ministry)
        .await;
    assert_eq!(busy.header("location"), "/reports/exports?error=busy");
    let page = w.app.get_as("/reports/exports", &w.ministry).await.text();
    assert!(
        page.contains("<progress") && page.contains("http-equiv=\"refresh\""),
        "{page}"
    );
    let audited: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'report.exported' AND detail LIKE '%background%'",
    )
    .fetch_one(db.pool())
    .await
    .unwrap();
    assert_eq!(audited, 5, "two requested, three downloaded");
}
