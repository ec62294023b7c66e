//! The `lantern` command line, run as a user would run it.

#![expect(
    clippy::unwrap_used,
    reason = "test helpers: a failed unwrap is a failed test, with its line"
)]

use app::ssr::testing::TestDb;
use std::io::Write;
use std::process::{Command, Output, Stdio};

fn lantern(db_url: &str, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_lantern"))
        .args(args)
        .env("LANTERN_DATABASE_URL", db_url)
        // One key for every command of a test (on PostgreSQL there is no
        // file beside the database to keep it in).
        .env("LANTERN_AUDIT_KEY", "a1".repeat(32))
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run lantern");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

async fn scripted_set_up(t: TestDb) {
    let url = t.url();
    let ok = |o: Output| {
        assert!(o.status.success(), "{}", text(&o));
        text(&o)
    };
    assert!(ok(lantern(&url, &["migrate"], "")).contains("up to date"));
    ok(lantern(
        &url,
        &[
            "org",
            "create",
            "--slug",
            "msdhs",
            "--name",
            "Ministry of Social Development",
        ],
        "",
    ));
    let out = ok(lantern(
        &url,
        &[
            "org",
            "create",
            "--slug",
            "datip",
            "--name",
            "Anti-Trafficking",
            "--parent",
            "msdhs",
        ],
        "",
    ));
    assert!(out.contains("under `msdhs`"), "{out}");
    let out = ok(lantern(
        &url,
        &[
            "user",
            "create",
            "--email",
            "Anong@Example.org",
            "--name",
            "อนงค์ ศรีสุข",
            "--role",
            "ministry",
            "--org",
            "datip",
        ],
        "river-lamp-quiet-42\n",
    ));
    assert!(
        out.contains("<anong@example.org> with roles ministry"),
        "{out}"
    );

    let weak = lantern(
        &url,
        &[
            "user",
            "create",
            "--email",
            "b@example.org",
            "--name",
            "B",
            "--role",
            "trainee",
        ],
        "short\n",
    );
    assert_eq!(weak.status.code(), Some(2), "usage: {}", text(&weak));
    assert!(
        text(&weak).contains("at least 12 characters"),
        "{}",
        text(&weak)
    );
    let unknown_org = lantern(
        &url,
        &[
            "user",
            "create",
            "--email",
            "c@example.org",
            "--name",
            "C",
            "--role",
            "trainee",
            "--org",
            "nope",
        ],
        "river-lamp-quiet-42\n",
    );
    assert!(text(&unknown_org).contains("no organisation with the slug `nope`"));
    assert_eq!(unknown_org.status.code(), Some(3), "not found");
    let again = lantern(
        &url,
        &[
            "user",
            "create",
            "--email",
            "anong@example.org",
            "--name",
            "A",
            "--role",
            "trainee",
        ],
        "river-lamp-quiet-42\n",
    );
    assert!(text(&again).contains("already exists"), "{}", text(&again));
    assert_eq!(again.status.code(), Some(6), "conflict");
    let nobody = lantern(
        &url,
        &["user", "reset-link", "--email", "nobody@example.org"],
        "",
    );
    assert_eq!(
        nobody.status.code(),
        Some(3),
        "not found: {}",
        text(&nobody)
    );

    let link = ok(lantern(
        &url,
        &["user", "reset-link", "--email", "anong@example.org"],
        "",
    ));
    assert!(link.starts_with("http://127.0.0.1:3000/reset/"), "{link}");
    assert!(ok(lantern(&url, &["audit", "verify"], "")).contains("intact: 4 entries"));
    sqlx::query("UPDATE audit_log SET subject = 'someone-else' WHERE action = 'account.created'")
        .execute(t.db.pool())
        .await
        .unwrap();
    let broken = lantern(&url, &["audit", "verify"], "");
    assert_eq!(broken.status.code(), Some(4), "a failed check");
    assert!(
        text(&broken).contains("tampered with: entry 3: its content does not match"),
        "{}",
        text(&broken)
    );

    // A workshop's cohort, from a ministry's provisioning script: the id
    // alone on standard output.
    ok(lantern(
        &url,
        &[
            "user",
            "create",
            "--email",
            "coach@example.org",
            "--name",
            "Coach",
            "--role",
            "trainer",
            "--org",
            "datip",
        ],
        "river-lamp-quiet-42\n",
    ));
    let cohort = |extra: &[&str]| {
        let mut args = vec![
            "cohort",
            "create",
            "--name",
            "Chiang Mai police, March 2027",
        ];
        args.extend_from_slice(extra);
        lantern(&url, &args, "")
    };
    let out = ok(cohort(&[
        "--org",
        "datip",
        "--trainer",
        "Coach@Example.org",
        "--due",
        "2027-03-31",
    ]));
    let id: i64 = out.trim().parse().expect("the cohort's id alone");
    let trainer: String = sqlx::query_scalar(
        "SELECT u.email FROM cohort_trainers t JOIN users u ON u.id = t.user_id
         WHERE t.cohort_id = $1",
    )
    .bind(id)
    .fetch_one(t.db.pool())
    .await
    .unwrap();
    assert_eq!(trainer, "coach@example.org");
    for (extra, code) in [
        (&["--org", "nope"][..], 3),
        (&["--org", "datip", "--due", "2027-02-30"][..], 2),
        // A ministry user is not a trainer.
        (&["--org", "datip", "--trainer", "anong@example.org"][..], 3),
    ] {
        let refused = cohort(extra);
        assert_eq!(
            refused.status.code(),
            Some(code),
            "{extra:?}: {}",
            text(&refused)
        );
        assert!(refused.stdout.is_empty(), "no id for a refused cohort");
    }
    let cohorts: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM cohorts")
        .fetch_one(t.db.pool())
        .await
        .unwrap();
    assert_eq!(cohorts, 1, "refused cohorts are not written");

    // Trainees from an HR export: every bad row printed, nothing written,
    // a non-zero exit; a dry run prints what would happen; then the import.
    let dir = tempfile_dir();
    let roster = |name: &str, text: &str| {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path.to_string_lossy().into_owned()
    };
    let id = id.to_string();
    let bad = roster(
        "bad.csv",
        "name,email,username,organisation\nสมศรี มีสุข,,somsri.m,datip\n,x@example.org,,datip\nPim,,pim,nowhere\n",
    );
    let refused = lantern(&url, &["cohort", "enrol", &id, &bad], "");
    assert_eq!(refused.status.code(), Some(2), "{}", text(&refused));
    let out = String::from_utf8_lossy(&refused.stdout).into_owned();
    assert!(out.contains("row 3, column name: required"), "{out}");
    assert!(
        out.contains("row 4, column organisation: no organisation `nowhere`"),
        "{out}"
    );
    assert!(
        text(&refused).contains("2 bad values"),
        "{}",
        text(&refused)
    );
    let members = || async {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM cohort_members")
            .fetch_one(t.db.pool())
            .await
            .unwrap()
    };
    // Anong, a ministry user, is not a trainee: her address in a roster is
    // another person's account to it.
    let taken = roster(
        "taken.csv",
        "name,email,organisation\nAnong,anong@example.org,datip\n",
    );
    let refused = lantern(&url, &["cohort", "enrol", &id, &taken], "");
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        text(&refused).contains("row 2, column email: already used by another person's account"),
        "{}",
        text(&refused)
    );
    let good = roster(
        "good.csv",
        "name,email,username,organisation\nสมศรี มีสุข,,somsri.m,datip\nKham,kham@example.org,,datip\n",
    );
    let dry = ok(lantern(
        &url,
        &["cohort", "enrol", &id, &good, "--dry-run"],
        "",
    ));
    assert!(dry.contains("row 2: would create somsri.m"), "{dry}");
    assert!(
        dry.contains("would create 2, would add 0 existing"),
        "{dry}"
    );
    assert_eq!(members().await, 0, "a dry run writes nothing");
    let done = ok(lantern(&url, &["cohort", "enrol", &id, &good], ""));
    assert!(
        done.contains("created 2, added 0 existing, 0 already members"),
        "{done}"
    );
    assert_eq!(members().await, 2);
    let again = ok(lantern(&url, &["cohort", "enrol", &id, &good], ""));
    assert!(
        again.contains("created 0, added 0 existing, 2 already members"),
        "{again}"
    );
    std::fs::remove_dir_all(&dir).ok();

    // An official without e-mail: an account with a username, and a reset
    // link found by it.
    let made = ok(lantern(
        &url,
        &[
            "user",
            "create",
            "--username",
            "Pol.Noemail",
            "--name",
            "No Email",
            "--role",
            "trainee",
            "--org",
            "datip",
        ],
        "river-lamp-quiet-42\n",
    ));
    assert!(made.contains("<pol.noemail>"), "{made}");
    let link = ok(lantern(
        &url,
        &["user", "reset-link", "--email", "pol.noemail"],
        "",
    ));
    assert!(link.contains("/reset/"), "{link}");
    let neither = lantern(
        &url,
        &["user", "create", "--name", "X", "--role", "trainee"],
        "pw\n",
    );
    assert_eq!(neither.status.code(), Some(2), "{}", text(&neither));
}

fn tempfile_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "lantern-cli-{}-{}",
        std::process::id(),
        rand_suffix()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn rand_suffix() -> u64 {
    use std::time::{SystemTime, UNIX_EPOCH};
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
}

#[tokio::test]
async fn scripted_set_up_on_sqlite() {
    scripted_set_up(TestDb::sqlite().await).await;
}

#[tokio::test]
async fn scripted_set_up_on_postgres() {
    if let Some(t) = TestDb::postgres().await {
        scripted_set_up(t).await;
    }
}

#[test]
fn help_lists_every_command() {
    let out = Command::new(env!("CARGO_BIN_EXE_lantern"))
        .arg("--help")
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    for command in [
        "serve",
        "migrate",
        "user",
        "org",
        "audit",
        "backup",
        "restore",
        "check",
        "import",
        "import-gift",
        "export",
        "cohort",
        "LANTERN_DATABASE_URL",
    ] {
        assert!(help.contains(command), "{command} missing from:\n{help}");
    }
}

#[tokio::test]
async fn backup_writes_a_usable_copy() {
    let t = TestDb::sqlite().await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("copy.db");
    let out = lantern(&t.url(), &["backup", file.to_str().unwrap()], "");
    assert!(out.status.success(), "{}", text(&out));
    let copy = lantern(
        &format!("sqlite://{}", file.display()),
        &["audit", "verify"],
        "",
    );
    assert!(text(&copy).contains("audit log intact"), "{}", text(&copy));
}

async fn importing_content(t: TestDb) {
    let url = t.url();
    let content = concat!(env!("CARGO_MANIFEST_DIR"), "/../content");
    let first = lantern(&url, &["import", content, "--hashes"], "");
    assert!(first.status.success(), "{}", text(&first));
    assert!(
        text(&first).contains("imported 2 courses (15 modules)"),
        "{}",
        text(&first)
    );
    // The shipped curriculum imports with no warning: no translation of an
    // earlier source.
    assert!(!text(&first).contains("out of date"), "{}", text(&first));
    assert!(
        text(&first).contains("victim-identification/01-what-trafficking-is: translation_of = \"")
    );
    let again = lantern(&url, &["import", content], "");
    assert!(text(&again).contains("nothing changed"), "{}", text(&again));

    // Exported, the courses are the files that were imported, byte for byte.
    let out = tempfile::tempdir().unwrap();
    let exported = lantern(&url, &["export", out.path().to_str().unwrap()], "");
    assert!(
        text(&exported).contains("exported 2 courses (38 Markdown files)"),
        "{}",
        text(&exported)
    );
    for course in ["victim-identification", "trauma-informed-care"] {
        let shipped = std::path::Path::new(content).join(course);
        let mut names: Vec<_> = std::fs::read_dir(&shipped)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        names.sort();
        let mut written: Vec<_> = std::fs::read_dir(out.path().join(course))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        written.sort();
        assert_eq!(names, written);
        for name in names {
            assert!(
                std::fs::read(shipped.join(&name)).unwrap()
                    == std::fs::read(out.path().join(course).join(&name)).unwrap(),
                "{course}/{name:?} differs"
            );
        }
    }
    let reimported = lantern(&url, &["import", out.path().to_str().unwrap()], "");
    assert!(
        text(&reimported).contains("nothing changed"),
        "{}",
        text(&reimported)
    );

    // A broken tree: every problem is listed with its place, nothing is written.
    let broken = tempfile::tempdir().unwrap();
    let course = broken.path().join("broken-course");
    std::fs::create_dir_all(&course).unwrap();
    std::fs::write(
        course.join("course.md"),
        "+++\ntitle = \"B\"\nsummary = \"S\"\nestimated_minutes = 5\n+++\n",
    )
    .unwrap();
    std::fs::write(
        course.join("01-first.md"),
        "+++\ntitle = \"F\"\nestimated_minutes = \"ten\"\n+++\n",
    )
    .unwrap();
    let out = lantern(&url, &["import", broken.path().to_str().unwrap()], "");
    assert_eq!(out.status.code(), Some(4), "a failed check");
    let shown = text(&out);
    assert!(shown.contains("the content was not imported"), "{shown}");
    assert!(shown.contains("broken-course/01-first.md:3:1: front matter key `estimated_minutes` must be a positive integer, found \"ten\""), "{shown}");
}

#[tokio::test]
async fn importing_content_on_sqlite() {
    importing_content(TestDb::sqlite().await).await;
}

#[tokio::test]
async fn importing_content_on_postgres() {
    if let Some(db) = TestDb::postgres().await {
        importing_content(db).await;
    }
}

#[test]
fn gift_banks_convert_to_quiz_blocks() {
    let dir = tempfile::tempdir().unwrap();
    let gift = dir.path().join("bank.gift");
    std::fs::write(
        &gift,
        "$CATEGORY: Indicators\n\n::held::Is a held passport an indicator?{T}\n\n::essay::Describe it.{}\n",
    )
    .unwrap();
    let out = dir.path().join("converted");
    let run = Command::new(env!("CARGO_BIN_EXE_lantern"))
        .args([
            "import-gift",
            gift.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    let shown = text(&run);
    assert!(run.status.success(), "{shown}");
    assert!(
        shown.contains("converted 1 questions; skipped 1"),
        "{shown}"
    );
    assert!(
        shown.contains("bank.gift:5: skipped essay question"),
        "{shown}"
    );
    let md = std::fs::read_to_string(out.join("indicators.md")).unwrap();
    assert!(
        md.contains("```quiz\n? [held] Is a held passport an indicator?\n(x) True\n( ) False\n```"),
        "{md}"
    );
}

/// Exit codes by kind (README): a database that cannot be opened is 5, a
/// wrong command line 2, a missing file 3 — whatever the command.
#[test]
fn failures_exit_with_the_code_of_their_kind() {
    let dir = tempfile::tempdir().unwrap();
    // A directory where the database file should be: SQLite cannot open it.
    let unusable = format!("sqlite://{}", dir.path().display());
    let out = lantern(&unusable, &["migrate"], "");
    assert_eq!(out.status.code(), Some(5), "{}", text(&out));
    let out = lantern("mysql://localhost/x", &["migrate"], "");
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let out = lantern(&unusable, &["no-such-command"], "");
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let missing = dir.path().join("missing.json");
    let missing = missing.to_str().unwrap();
    let out = lantern(
        &unusable,
        &["verify-credential", missing, "--issuer", missing],
        "",
    );
    assert_eq!(out.status.code(), Some(3), "{}", text(&out));
}

/// A reset link's token never reaches the server's log, even at the most
/// verbose level: the real server, run as an operator runs it.
#[test]
fn reset_tokens_stay_out_of_the_request_log() {
    use std::io::{BufRead, Read};
    use std::net::{TcpListener, TcpStream};
    let dir = tempfile::tempdir().unwrap();
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut server = Command::new(env!("CARGO_BIN_EXE_lantern"))
        .arg("serve")
        .env(
            "LANTERN_DATABASE_URL",
            format!("sqlite://{}/log.db", dir.path().display()),
        )
        .env("LANTERN_ADDR", format!("127.0.0.1:{port}"))
        .env("LANTERN_SITE_ROOT", dir.path())
        .env("LANTERN_ADMIN_PASSWORD", "a-long-admin-password")
        .env("RUST_LOG", "debug")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read the log as it is written: a debug log fills a pipe's buffer
    // long before the server is up, and a full pipe stops the server.
    let stderr = server.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut log = String::new();
        for line in std::io::BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
        {
            log.push_str(&line);
            log.push('\n');
        }
        log
    });
    let token = "5ec7e75ec7e75ec7e75ec7e75ec7e75ec7e75ec7e75ec7e75ec7e75ec7e75ec7";
    let get = |path: &str| -> Option<String> {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        )
        .ok()?;
        let mut reply = String::new();
        stream.read_to_string(&mut reply).ok()?;
        Some(reply)
    };
    let mut up = false;
    for _ in 0..100 {
        if get("/healthz").is_some_and(|r| r.starts_with("HTTP/1.1 200")) {
            up = true;
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert!(up, "the server did not start");
    let reply = get(&format!("/reset/{token}")).unwrap();
    assert!(reply.starts_with("HTTP/1.1 200"), "{reply}");
    server.kill().unwrap();
    server.wait().unwrap();
    let log = reader.join().unwrap();
    assert!(log.contains("/reset/[redacted]"), "{log}");
    assert!(!log.contains(token), "{log}");
}

/// The audit benchmark runs end to end on a small log (the real figures
/// come from a release build; see docs/benchmarks.md).
#[test]
fn the_audit_benchmark_runs() {
    let out = lantern(
        "sqlite::memory:",
        &["audit", "benchmark", "--entries", "50"],
        "",
    );
    let said = text(&out);
    assert!(out.status.success(), "{said}");
    assert!(said.contains("filled 50 entries"), "{said}");
    assert!(said.contains("page check after one new entry"), "{said}");
    assert!(said.contains("Intact { entries: 51 }"), "{said}");
}

/// `lantern backup` then `lantern restore` into a new database: the copy
/// passes `lantern check` and `lantern audit verify`, holds the accounts,
/// and a second restore into the now-used database is refused (exit 6).
async fn backup_then_restore(source: TestDb, target: &str, file: &std::path::Path) {
    let made = lantern(
        &source.url(),
        &["dev", "accounts", "--count", "2", "--prefix", "kept"],
        "load-test-password-long\n",
    );
    assert!(made.status.success(), "{}", text(&made));
    let backup = lantern(&source.url(), &["backup", file.to_str().unwrap()], "");
    assert!(backup.status.success(), "{}", text(&backup));
    let restored = lantern(target, &["restore", file.to_str().unwrap()], "");
    assert!(restored.status.success(), "{}", text(&restored));
    assert!(text(&restored).contains("restored"), "{}", text(&restored));
    let check = lantern(target, &["check"], "");
    assert!(text(&check).contains("database sound"), "{}", text(&check));
    let audit = lantern(target, &["audit", "verify"], "");
    assert!(
        text(&audit).contains("audit log intact"),
        "{}",
        text(&audit)
    );
    let again = lantern(target, &["restore", file.to_str().unwrap()], "");
    assert_eq!(again.status.code(), Some(6), "{}", text(&again));
    let kept = lantern(
        target,
        &["user", "reset-link", "--email", "kept-2@load.test"],
        "",
    );
    assert!(
        kept.status.success(),
        "the account came back: {}",
        text(&kept)
    );
}

#[tokio::test]
async fn backup_then_restore_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let target = format!("sqlite://{}", dir.path().join("restored.db").display());
    backup_then_restore(TestDb::sqlite().await, &target, &dir.path().join("copy.db")).await;
    assert!(
        !dir.path().join("restored.restoring").exists(),
        "no temporary copy is left behind"
    );
}

#[tokio::test]
async fn backup_then_restore_on_postgres() {
    let Some(source) = TestDb::postgres().await else {
        return;
    };
    let admin_url = std::env::var("LANTERN_TEST_POSTGRES_URL").unwrap();
    let name = format!("lantern_restore_{}", rand_suffix() % 1_000_000_000);
    let admin = app::ssr::db::Db::connect(&admin_url).await.unwrap();
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(admin.pool())
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let target = app::ssr::testing::with_database(&admin_url, &name);
    backup_then_restore(source, &target, &dir.path().join("copy.dump")).await;
    sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .execute(admin.pool())
        .await
        .unwrap();
    admin.close().await;
}
