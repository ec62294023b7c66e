//! `lantern dev …`: tools for developers and for measuring — generated data
//! at national scale and the reports' timings on it (docs/benchmarks.md).

use super::CommandError;
use app::i18n::Locale;
use app::model::reports::{ReportQuery, SortKey};
use app::model::roles::Role;
use app::ssr::auth::CurrentUser;
use app::ssr::config::Config;
use app::ssr::reports::completions::{page, Rows};
use app::ssr::reports::{dashboard::dashboard, gain::gain};
use app::ssr::seed::{self, Plan, SeedError};
use std::time::{Duration, Instant};

/// `lantern dev seed --trainees N [--courses C] [--seed S]`.
pub async fn seed(trainees: usize, courses: usize, seed: u64) -> Result<(), CommandError> {
    let config = Config::from_env()?;
    let db = super::open_database(&config).await?;
    let started = Instant::now();
    let plan = Plan {
        trainees,
        courses,
        seed,
    };
    let seeded = seed::seed(&db, plan, |step| eprintln!("seeding {step}…"))
        .await
        .map_err(|e| match e {
            SeedError::AlreadySeeded => CommandError::Exists(e.to_string()),
            SeedError::Database(e) => CommandError::Db(e.into()),
            SeedError::Content(e) => CommandError::Input(e),
        })?;
    println!(
        "seeded in {:.1} s: {} organisations, {} trainees, {} courses, {} progress rows, {} attempts, {} completions, {} certificates",
        started.elapsed().as_secs_f64(),
        seeded.organisations,
        seeded.trainees,
        seeded.courses,
        seeded.progress,
        seeded.attempts,
        seeded.completions,
        seeded.certificates
    );
    db.close().await;
    Ok(())
}

fn actor(roles: &[Role], organisation_id: Option<i64>) -> CurrentUser {
    CurrentUser {
        id: 0,
        email: "benchmark@example.invalid".into(),
        name: "Benchmark".into(),
        roles: roles.to_vec(),
        organisation_id,
        session: String::new(),
    }
}

/// `lantern dev report-benchmark [--runs N]`: times the completion
/// report's first page under several filters, a deep page, the dashboard
/// and the gain page, as an admin (everyone) and as one ministry's user,
/// on whatever database `LANTERN_DATABASE_URL` names (seed it first).
/// Prints the median and the slowest of `runs`.
pub async fn report_benchmark(runs: usize) -> Result<(), CommandError> {
    let config = Config::from_env()?;
    let db = super::open_database(&config).await?;
    let ministry: Option<i64> =
        sqlx::query_scalar("SELECT id FROM organisations WHERE slug = 'seed-rtp'")
            .fetch_optional(db.pool())
            .await
            .map_err(|e| CommandError::Db(e.into()))?;
    let Some(ministry) = ministry else {
        return Err(CommandError::NotFound(
            "no seeded data: run `lantern dev seed --trainees 100000` first".into(),
        ));
    };
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM course_standings")
        .fetch_one(db.pool())
        .await
        .map_err(|e| CommandError::Db(e.into()))?;
    let progress: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM module_progress")
        .fetch_one(db.pool())
        .await
        .map_err(|e| CommandError::Db(e.into()))?;
    println!(
        "{} — {rows} report rows, {progress} progress rows; median and slowest of {runs} runs",
        db.backend().name()
    );
    let admin = actor(&[Role::Admin], None);
    let police = actor(&[Role::Ministry], Some(ministry));
    let q = |f: &dyn Fn(&mut ReportQuery)| {
        let mut q = ReportQuery::default();
        f(&mut q);
        q
    };
    let cases: Vec<(&str, &CurrentUser, ReportQuery)> = vec![
        ("report, admin, no filter", &admin, q(&|_| {})),
        ("report, ministry, no filter", &police, q(&|_| {})),
        (
            "report, ministry, province + course + completed",
            &police,
            q(&|q| {
                q.province = "เชียงใหม่".into();
                q.course = "seed-03".into();
                q.status = "completed".into();
            }),
        ),
        (
            "report, admin, expiring, by best final desc",
            &admin,
            q(&|q| {
                q.status = "expiring".into();
                q.sort = SortKey::Final.code().into();
                q.dir = "desc".into();
            }),
        ),
        (
            "report, admin, organisation subtree, date range",
            &admin,
            q(&|q| {
                q.org = "seed-mol-1".into();
                q.from = "2025-01-01".into();
                q.to = "2025-12-31".into();
            }),
        ),
        ("report, admin, page 1000", &admin, q(&|q| q.page = 1000)),
        (
            "report, admin, sorted by organisation",
            &admin,
            q(&|q| q.sort = SortKey::Organisation.code().into()),
        ),
        (
            "report, ministry, sorted by course, page 100",
            &police,
            q(&|q| {
                q.sort = SortKey::Course.code().into();
                q.page = 100;
            }),
        ),
    ];
    let time = |elapsed: &mut Vec<Duration>| {
        elapsed.sort();
        (
            elapsed[elapsed.len() / 2].as_secs_f64() * 1000.0,
            elapsed[elapsed.len() - 1].as_secs_f64() * 1000.0,
        )
    };
    let db_error = |e: app::ssr::error::DomainError| CommandError::Input(e.to_string());
    for (label, user, query) in &cases {
        let mut elapsed = Vec::new();
        let mut total = 0;
        for _ in 0..runs.max(1) {
            let t = Instant::now();
            // What `/reports` does: the page, its totals and its filter
            // choices.
            let r = page(&db, user, query, Locale::En).await.map_err(db_error)?;
            elapsed.push(t.elapsed());
            total = r.totals.rows;
        }
        let (median, worst) = time(&mut elapsed);
        println!("{label:<52} {median:>8.1} ms {worst:>8.1} ms   ({total} rows)");
    }
    for (label, user) in [("admin", &admin), ("ministry", &police)] {
        let mut elapsed = Vec::new();
        for _ in 0..runs.max(1) {
            let t = Instant::now();
            dashboard(&db, user, &ReportQuery::default(), Locale::En)
                .await
                .map_err(db_error)?;
            elapsed.push(t.elapsed());
        }
        let (median, worst) = time(&mut elapsed);
        println!(
            "{:<52} {median:>8.1} ms {worst:>8.1} ms",
            format!("dashboard, {label}")
        );
        let mut elapsed = Vec::new();
        for _ in 0..runs.max(1) {
            let t = Instant::now();
            gain(&db, user, &ReportQuery::default(), Locale::En)
                .await
                .map_err(db_error)?;
            elapsed.push(t.elapsed());
        }
        let (median, worst) = time(&mut elapsed);
        println!(
            "{:<52} {median:>8.1} ms {worst:>8.1} ms",
            format!("gain, {label}")
        );
    }
    db.close().await;
    Ok(())
}

/// Peak resident memory of this process since the last reset, in MiB
/// (Linux: `VmHWM` in /proc/self/status).
fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kb / 1024.0)
}

/// Resets the peak (`VmHWM`) to the current resident size.
fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// `lantern dev export-benchmark [--format csv|xlsx]`: on a seeded
/// database, exports every report row as the seeded admin — the direct
/// download (all rows in memory, what `/reports/completions.csv` does up to
/// 50,000 rows) against the background export (streamed, stored in
/// chunks) — and prints time, size and peak resident memory of each.
pub async fn export_benchmark(format: &str) -> Result<(), CommandError> {
    use app::ssr::reports::{completions, exports};
    let config = Config::from_env()?;
    let db = super::open_database(&config).await?;
    let db_error = |e: sqlx::Error| CommandError::Db(e.into());
    let admin: Option<i64> =
        sqlx::query_scalar("SELECT id FROM users WHERE email = 'seed-admin@example.invalid'")
            .fetch_optional(db.pool())
            .await
            .map_err(db_error)?;
    let Some(admin) = admin else {
        return Err(CommandError::NotFound(
            "no seeded data: run `lantern dev seed --trainees 100000` first".into(),
        ));
    };
    let mut user = actor(&[Role::Admin], None);
    user.id = admin;
    let query = ReportQuery::default();
    let zone = app::ssr::zone::current();

    // The streamed export first, in a fresh process: its peak is then the
    // server's own, not what the in-memory run left behind.
    reset_peak_rss();
    let before = peak_rss_mib().unwrap_or(0.0);
    let t = Instant::now();
    let id = exports::create(&db, &user, &query, format, None)
        .await
        .map_err(|e| CommandError::Input(e.to_string()))?;
    let written = crate::reports::jobs::build(
        &db,
        &user,
        id,
        format,
        Locale::En,
        crate::reports::jobs::CHUNK_BYTES,
    )
    .await
    .map_err(CommandError::Input)?;
    let stored: i64 = sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(LENGTH(data)), 0) AS BIGINT) FROM report_export_chunks WHERE export_id = $1",
    )
    .bind(id)
    .fetch_one(db.pool())
    .await
    .map_err(db_error)?;
    println!(
        "{format}, streamed (background export):   {written} rows, {:.1} MB in {:.1} s, peak RSS {:.0} MiB (from {before:.0})",
        stored as f64 / 1e6,
        t.elapsed().as_secs_f64(),
        peak_rss_mib().unwrap_or(0.0)
    );
    reset_peak_rss();
    let before = peak_rss_mib().unwrap_or(0.0);
    let t = Instant::now();
    let all = completions::report(&db, &user, &query, Locale::En, Rows::All)
        .await
        .map_err(|e| CommandError::Input(e.to_string()))?;
    let bytes = if format == "xlsx" {
        crate::reports::xlsx::workbook(&all.rows, &zone)
            .map_err(|e| CommandError::Input(e.to_string()))?
            .len()
    } else {
        app::ssr::reports::export::csv(&all.rows, &zone).len()
    };
    let rows = all.rows.len();
    drop(all);
    println!(
        "{format}, all rows in memory (direct):    {rows} rows, {:.1} MB in {:.1} s, peak RSS {:.0} MiB (from {before:.0})",
        bytes as f64 / 1e6,
        t.elapsed().as_secs_f64(),
        peak_rss_mib().unwrap_or(0.0)
    );

    db.close().await;
    Ok(())
}

/// `lantern dev accounts --count N --prefix P`: N trainee accounts
/// `P-1@load.test` … `P-N@load.test`, all with the password given on
/// standard input — what the load suite and the fault tests sign in with
/// (scripts/load.sh, scripts/faults.sh). Unlike seeded accounts these can
/// sign in; accounts that already exist are left as they are, so a run can
/// be repeated.
pub async fn accounts(count: usize, prefix: &str, org: Option<String>) -> Result<(), CommandError> {
    use app::ssr::users::{self, NewUser, UserError};
    let password = super::user::read_password(std::io::stdin().lock())?;
    let config = Config::from_env()?;
    let db = super::open_database(&config).await?;
    let started = Instant::now();
    let mut created = 0;
    for i in 1..=count {
        let new = NewUser {
            email: format!("{prefix}-{i}@load.test"),
            username: None,
            name: format!("{prefix} {i}"),
            name_latin: None,
            roles: vec![Role::Trainee],
            organisation_slug: org.clone(),
            preferred_language: Locale::En,
            password: password.clone(),
            created_by: None,
            position: None,
            province: None,
        };
        match users::create(&db, new).await {
            Ok(_) => created += 1,
            Err(UserError::DuplicateEmail(_)) => {}
            Err(e) => return Err(e.into()),
        }
    }
    println!(
        "created {created} of {count} accounts {prefix}-1@load.test … {prefix}-{count}@load.test in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    db.close().await;
    Ok(())
}
