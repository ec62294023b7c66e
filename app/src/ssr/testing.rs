//! Throwaway databases for tests, so every repository case runs on both
//! SQLite and PostgreSQL. Not used by the application itself.

use super::db::Db;
use std::path::PathBuf;

/// The PostgreSQL server tests may create databases on.
pub const POSTGRES_URL_VAR: &str = "LANTERN_TEST_POSTGRES_URL";
/// When set (CI sets it), a missing PostgreSQL URL fails the tests instead of
/// skipping the PostgreSQL half.
pub const REQUIRE_POSTGRES_VAR: &str = "LANTERN_REQUIRE_POSTGRES";

/// A migrated, empty database that is deleted when dropped.
pub struct TestDb {
    pub db: Db,
    cleanup: Cleanup,
}

enum Cleanup {
    File(PathBuf),
    PgDatabase { admin_url: String, name: String },
}

fn unique_name() -> String {
    let bytes: [u8; 6] = rand::random();
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("lantern_t_{}_{hex}", std::process::id())
}

impl TestDb {
    pub async fn sqlite() -> TestDb {
        let path = std::env::temp_dir().join(format!("{}.db", unique_name()));
        let db = Db::open(&format!("sqlite://{}", path.display()))
            .await
            .expect("open a SQLite test database");
        TestDb {
            db,
            cleanup: Cleanup::File(path),
        }
    }

    /// A fresh database on the server named by `LANTERN_TEST_POSTGRES_URL`,
    /// or `None` (with a note on stderr) when that is not set.
    pub async fn postgres() -> Option<TestDb> {
        let Some(admin_url) = std::env::var(POSTGRES_URL_VAR)
            .ok()
            .filter(|u| !u.is_empty())
        else {
            assert!(
                std::env::var_os(REQUIRE_POSTGRES_VAR).is_none(),
                "{REQUIRE_POSTGRES_VAR} is set but {POSTGRES_URL_VAR} is not"
            );
            eprintln!("skipped: set {POSTGRES_URL_VAR} to run the PostgreSQL half");
            return None;
        };
        let name = unique_name();
        let admin = Db::connect(&admin_url)
            .await
            .expect("connect to test PostgreSQL");
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(admin.pool())
            .await
            .expect("create a PostgreSQL test database");
        admin.close().await;
        let db = Db::open(&with_database(&admin_url, &name))
            .await
            .expect("open the PostgreSQL test database");
        Some(TestDb {
            db,
            cleanup: Cleanup::PgDatabase { admin_url, name },
        })
    }

    /// A second handle on the same database — its own pool and its own
    /// caches, as another `lantern` process sharing the database has.
    pub async fn another_process(&self) -> Db {
        Db::connect(&self.url())
            .await
            .expect("open a second handle on the test database")
    }

    pub fn url(&self) -> String {
        match &self.cleanup {
            Cleanup::File(path) => format!("sqlite://{}", path.display()),
            Cleanup::PgDatabase { admin_url, name } => with_database(admin_url, name),
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        match &self.cleanup {
            Cleanup::File(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let mut p = path.clone().into_os_string();
                    p.push(suffix);
                    let _ = std::fs::remove_file(p);
                }
            }
            Cleanup::PgDatabase { admin_url, name } => {
                // Drop runs outside any async context we can rely on, so use
                // a short-lived runtime on its own thread.
                let (admin_url, name) = (admin_url.clone(), name.clone());
                let _ = std::thread::spawn(move || {
                    let rt = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                        .expect("runtime");
                    rt.block_on(async {
                        if let Ok(admin) = Db::connect(&admin_url).await {
                            let _ = sqlx::query(&format!(
                                "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                            ))
                            .execute(admin.pool())
                            .await;
                            admin.close().await;
                        }
                    });
                })
                .join();
            }
        }
    }
}

/// The same PostgreSQL URL with another database name.
pub fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let authority_start = base.find("://").map_or(0, |i| i + 3);
    let base = match base[authority_start..].find('/') {
        Some(slash) => &base[..authority_start + slash],
        None => base,
    };
    match query {
        Some(q) => format!("{base}/{name}?{q}"),
        None => format!("{base}/{name}"),
    }
}

/// How many cases a property test generates: `default` in `make test`,
/// or `LANTERN_PROPTEST_CASES` for a long hostile-input run
/// (`scripts/fuzz.sh`).
pub fn proptest_cases(default: u32) -> u32 {
    std::env::var("LANTERN_PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Runs an `async fn(Db)` test case on SQLite and on PostgreSQL:
/// `test_on_both_databases!(creates_a_user);` makes the tests
/// `creates_a_user::sqlite` and `creates_a_user::postgres`.
#[macro_export]
macro_rules! test_on_both_databases {
    ($($case:ident),+ $(,)?) => {$(
        mod $case {
            #[tokio::test]
            async fn sqlite() {
                let t = $crate::ssr::testing::TestDb::sqlite().await;
                super::$case(t.db.clone()).await;
            }
            #[tokio::test]
            async fn postgres() {
                if let Some(t) = $crate::ssr::testing::TestDb::postgres().await {
                    super::$case(t.db.clone()).await;
                }
            }
        }
    )+};
}

/// Runs an `async fn(Db, Db)` test case on SQLite and on PostgreSQL with two
/// handles on one database, as two `lantern` processes sharing it have
/// (separate pools, separate caches).
#[macro_export]
macro_rules! test_on_both_databases_from_two_processes {
    ($($case:ident),+ $(,)?) => {$(
        mod $case {
            #[tokio::test]
            async fn sqlite() {
                let t = $crate::ssr::testing::TestDb::sqlite().await;
                super::$case(t.db.clone(), t.another_process().await).await;
            }
            #[tokio::test]
            async fn postgres() {
                if let Some(t) = $crate::ssr::testing::TestDb::postgres().await {
                    super::$case(t.db.clone(), t.another_process().await).await;
                }
            }
        }
    )+};
}

/// Polls `check` every 50 ms until it holds; returns how long that took,
/// or panics after `limit`.
pub async fn within<F, Fut>(
    limit: std::time::Duration,
    what: &str,
    mut check: F,
) -> std::time::Duration
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let start = std::time::Instant::now();
    loop {
        if check().await {
            return start.elapsed();
        }
        assert!(start.elapsed() < limit, "{what}: not within {limit:?}");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

/// The password of every account made by [`new_user`].
pub const TEST_PASSWORD: &str = "river-lamp-quiet-42";

/// A new account for tests: named after its address, English interface,
/// [`TEST_PASSWORD`], no organisation.
pub fn new_user(email: &str, roles: &[crate::model::roles::Role]) -> crate::ssr::users::NewUser {
    crate::ssr::users::NewUser {
        email: email.into(),
        username: None,
        name: email.into(),
        name_latin: None,
        roles: roles.to_vec(),
        organisation_slug: None,
        preferred_language: crate::i18n::Locale::En,
        password: TEST_PASSWORD.into(),
        created_by: None,
        position: None,
        province: None,
    }
}

/// Inserts an account directly, with a password hash computed once per test
/// process — for fixtures that need many accounts and would otherwise spend
/// their time in Argon2. Password [`TEST_PASSWORD`]. An administrator gets a
/// confirmed second factor (administrators need one; see
/// [`second_factor_code`] to sign in as them).
pub async fn insert_user(
    db: &Db,
    email: &str,
    name: &str,
    roles: &[crate::model::roles::Role],
    organisation_id: Option<i64>,
) -> i64 {
    use sqlx::Row;
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let hash = HASH.get_or_init(|| crate::ssr::passwords::hash_blocking(TEST_PASSWORD));
    let id: i64 = sqlx::query(
        "INSERT INTO users (email, name, organisation_id, password_hash, created_at, updated_at)
         VALUES ($1, $2, $3, $4, 0, 0) RETURNING id",
    )
    .bind(email)
    .bind(name)
    .bind(organisation_id)
    .bind(hash)
    .fetch_one(db.pool())
    .await
    .expect("test fixture")
    .get("id");
    for role in roles {
        sqlx::query("INSERT INTO user_roles (user_id, role) VALUES ($1, $2)")
            .bind(id)
            .bind(role.as_str())
            .execute(db.pool())
            .await
            .expect("test fixture");
    }
    if roles.contains(&crate::model::roles::Role::Admin) {
        enrol_second_factor(db, id).await;
    }
    id
}

/// Gives account `user` a confirmed second factor, directly.
pub async fn enrol_second_factor(db: &Db, user: i64) {
    use crate::ssr::auth::second_factor as factor;
    factor::begin(db, user, "fixture", "Lantern")
        .await
        .expect("test fixture");
    let mut tx = db.begin().await.expect("test fixture");
    factor::store::confirm(&mut tx, user, crate::ssr::db::now())
        .await
        .expect("test fixture");
    tx.commit().await.expect("test fixture");
}

/// The code `user`'s authenticator shows at time `at`.
pub async fn second_factor_code(db: &Db, user: i64, at: i64) -> String {
    crate::ssr::auth::second_factor::code_at(db, user, at)
        .await
        .expect("the account has a second factor")
}

#[cfg(test)]
const CARE: &str = "+++\ntitle = \"Trauma-informed care\"\nsummary = \"S.\"\naudience = [\"shelter-staff\"]\nestimated_minutes = 90\ncertificate = true\ncertificate_validity_months = 24\n+++\nIntro.\n";
#[cfg(test)]
const IDENT: &str = "+++\ntitle = \"Identifying victims\"\nsummary = \"S.\"\naudience = [\"police\"]\nestimated_minutes = 30\ncertificate = true\n+++\nIntro.\n";
#[cfg(test)]
const ASSESSMENT: &str = "+++\npass_mark = 75\npretest = true\n+++\nAnswer.\n\n```quiz\n? [a-1] Who decides?\n( ) The officer\n(x) The person\n```\n";

#[cfg(test)]
fn module(n: u32) -> String {
    format!("+++\ntitle = \"Module {n}\"\nestimated_minutes = 10\n+++\nText {n}.\n")
}

/// Imports two small courses through the real pipeline: `care` (no
/// assessment, a 24-month certificate) and `ident` (a final with a
/// pre-test), each with modules `one` and `two`.
#[cfg(test)]
pub async fn import_two_courses(db: &Db) {
    let dir = tempfile::tempdir().unwrap();
    for (slug, course, assessment) in [("care", CARE, None), ("ident", IDENT, Some(ASSESSMENT))] {
        let root = dir.path().join(slug);
        std::fs::create_dir_all(&root).unwrap();
        std::fs::write(root.join("course.md"), course).unwrap();
        std::fs::write(root.join("01-one.md"), module(1)).unwrap();
        std::fs::write(root.join("02-two.md"), module(2)).unwrap();
        if let Some(a) = assessment {
            std::fs::write(root.join("assessment.md"), a).unwrap();
        }
    }
    import_tree(db, dir.path()).await;
}

/// Imports the course folders under `root` through the real pipeline
/// (compile, then one import transaction).
#[cfg(test)]
pub async fn import_tree(db: &Db, root: &std::path::Path) {
    crate::ssr::content::import::import(
        db,
        &crate::ssr::content::compile::compile_tree(root).unwrap(),
        None,
    )
    .await
    .unwrap();
}

#[cfg(test)]
/// The course id and its modules' (slug, module id, English version id).
pub async fn course(db: &Db, slug: &str) -> (i64, Vec<(String, i64, i64)>) {
    let rows = sqlx::query(
        "SELECT c.id AS course, m.slug, m.id AS module, v.id AS version FROM courses c
         JOIN modules m ON m.course_id = c.id JOIN module_versions v ON v.module_id = m.id
         WHERE c.slug = $1 AND v.language = 'en' ORDER BY m.position",
    )
    .bind(slug)
    .fetch_all(db.pool())
    .await
    .unwrap();
    (
        sqlx::Row::get(&rows[0], "course"),
        rows.iter()
            .map(|r| {
                (
                    sqlx::Row::get(r, "slug"),
                    sqlx::Row::get(r, "module"),
                    sqlx::Row::get(r, "version"),
                )
            })
            .collect(),
    )
}

#[cfg(test)]
/// Opens and finishes every module of `slug`, as the reader does.
pub async fn finish(db: &Db, user: i64, slug: &str) {
    let (id, modules) = course(db, slug).await;
    for (module_slug, module, version) in modules {
        crate::ssr::courses::progress::opened(db, user, id, module, version)
            .await
            .unwrap();
        crate::ssr::courses::progress::mark_done(db, user, slug, &module_slug, version)
            .await
            .unwrap()
            .unwrap();
    }
}

#[cfg(test)]
/// A signed-in caller, as pages and forms see one.
pub fn actor(
    id: i64,
    roles: &[crate::model::roles::Role],
    organisation_id: Option<i64>,
) -> crate::ssr::auth::CurrentUser {
    crate::ssr::auth::CurrentUser {
        id,
        email: format!("user{id}@test"),
        name: format!("User {id}"),
        roles: roles.to_vec(),
        organisation_id,
        session: format!("session-of-{id}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swaps_the_database_name() {
        assert_eq!(
            with_database("postgres://u:p@127.0.0.1:5432/lantern_test", "x"),
            "postgres://u:p@127.0.0.1:5432/x"
        );
        assert_eq!(
            with_database("postgres://h/db?sslmode=disable", "x"),
            "postgres://h/x?sslmode=disable"
        );
        assert_eq!(with_database("postgres://h", "x"), "postgres://h/x");
    }
}
