//! The database: one repository layer over SQLite (embedded default) and
//! PostgreSQL (for deployments that share one database between several
//! `lantern` processes).
//!
//! Queries go through sqlx's `Any` driver with `$1`-style placeholders, which
//! both databases accept, and only portable types: 64-bit integers, text and
//! byte strings. Times are stored as Unix seconds (`BIGINT`), flags as
//! nullable timestamps (`disabled_at`), never as booleans. Each database has
//! its own migration folder, because DDL differs (identity columns); tests run
//! every repository case against both.

pub mod backend;
pub mod cache;
pub mod check;
pub mod filter;
pub mod json;
pub mod space;

#[cfg(test)]
mod begin_tests;

pub use backend::Backend;

use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::migrate::{MigrateError, Migrator};
use sqlx::{AnyPool, Executor};
use std::time::Duration;

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("migrations/postgres");

/// Set on every SQLite connection.
///
/// `synchronous = FULL`: a committed transaction survives a power cut, not
/// only a crash of the process. Lantern's writes (answers, completions,
/// certificates) are few and precious; the extra fsync per commit costs far
/// less than a lost certificate. WAL lets readers continue during a write.
const SQLITE_PRAGMAS: [&str; 4] = [
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = FULL",
    "PRAGMA foreign_keys = ON",
    "PRAGMA busy_timeout = 5000",
];

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("unsupported database URL `{0}`: use sqlite://PATH or postgres://…")]
    UnsupportedUrl(String),
    #[error("cannot create the database directory {path}: {source}")]
    CreateDir {
        path: String,
        source: std::io::Error,
    },
    #[error("database error: {0}")]
    Sqlx(#[from] sqlx::Error),
    #[error("after migrating, {0} rows point at rows that do not exist")]
    BrokenKeys(usize),
    #[error("migration failed: {0}")]
    Migrate(#[from] MigrateError),
}

/// A connection pool plus the knowledge of which database it talks to,
/// and what this process keeps in memory about it (`cache`).
#[derive(Clone, Debug)]
pub struct Db {
    pool: AnyPool,
    backend: Backend,
    caches: std::sync::Arc<cache::Caches>,
    /// SQLite files only: writes wait while the disk is nearly full.
    space: Option<std::sync::Arc<space::Guard>>,
}

impl Db {
    /// Connects to the database at `url`, creating a SQLite file (and its
    /// directory) if it does not exist yet.
    pub async fn connect(url: &str) -> Result<Db, DbError> {
        sqlx::any::install_default_drivers();
        let backend = Backend::from_url(url)?;
        let url = match backend {
            Backend::Sqlite => backend::prepare_sqlite_url(url)?,
            Backend::Postgres => url.to_string(),
        };
        let pool = AnyPoolOptions::new()
            .max_connections(match backend {
                Backend::Sqlite => 8,
                Backend::Postgres => 16,
            })
            .acquire_timeout(Duration::from_secs(10))
            // A pooled PostgreSQL connection may have died with its server
            // (the outage fault test), so it is pinged before use. A SQLite
            // connection is a file handle in this process and cannot: its
            // ping was a second round trip to the connection's worker
            // thread on every query (docs/benchmarks.md, issue 17).
            .test_before_acquire(backend == Backend::Postgres)
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        for pragma in SQLITE_PRAGMAS {
                            conn.execute(pragma).await?;
                        }
                    }
                    Ok(())
                })
            })
            .connect(&url)
            .await?;
        let space = match backend {
            Backend::Sqlite => backend::sqlite_path(&url)
                .and_then(space::Guard::for_database)
                .map(std::sync::Arc::new),
            Backend::Postgres => None,
        };
        Ok(Db {
            pool,
            backend,
            caches: Default::default(),
            space,
        })
    }

    /// Applies every migration not yet applied. Safe to run from several
    /// processes at once (sqlx takes a lock).
    pub async fn migrate(&self) -> Result<(), DbError> {
        match self.backend {
            Backend::Postgres => POSTGRES_MIGRATIONS.run(&self.pool).await?,
            Backend::Sqlite => {
                // A migration that rebuilds a table (SQLite cannot change a
                // column in place) drops the old one; with foreign keys on,
                // that drop would cascade into every row pointing at it.
                // So migrations run on one connection with them off — the
                // pragma has no effect inside a transaction, and sqlx wraps
                // each migration in one — and every key is checked after.
                let mut conn = self.pool.acquire().await?;
                conn.execute("PRAGMA foreign_keys = OFF").await?;
                let ran = SQLITE_MIGRATIONS.run(&mut *conn).await;
                let on = conn.execute("PRAGMA foreign_keys = ON").await;
                ran?;
                on?;
                let broken: Vec<AnyRow> = sqlx::query("PRAGMA foreign_key_check")
                    .fetch_all(&mut *conn)
                    .await?;
                if !broken.is_empty() {
                    return Err(DbError::BrokenKeys(broken.len()));
                }
            }
        }
        Ok(())
    }

    /// Connects and migrates: what the server and most commands need.
    pub async fn open(url: &str) -> Result<Db, DbError> {
        let db = Db::connect(url).await?;
        db.migrate().await?;
        Ok(db)
    }

    /// Begins a transaction. On SQLite it takes the write lock at once
    /// (waiting up to the busy timeout for it): a transaction that read
    /// first and wrote later would otherwise fail outright ("database is
    /// locked") whenever another connection wrote in between — two trainees
    /// submitting at the same moment. The lock is taken by a write that
    /// changes nothing, as `BEGIN IMMEDIATE` would; sqlx's `begin_with`
    /// cannot be used, since it refuses a pooled connection whose previous
    /// transaction's rollback is still queued. PostgreSQL needs none of it.
    ///
    /// On PostgreSQL the `BEGIN` runs on a task of its own, so it finishes
    /// even when the caller's future is dropped half-way (a browser that
    /// goes away, a page render that stops waiting): sqlx 0.8 counts the
    /// transaction only once `BEGIN` has answered, and a `BEGIN` cancelled
    /// before that leaves the connection inside a transaction nobody ends —
    /// the next borrower's writes then vanish into it (sqlx issues #4385,
    /// #4393). Finished on its task, the transaction is counted and rolled
    /// back when dropped, like any other.
    pub async fn begin(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
        match self.backend {
            Backend::Sqlite => {
                if self.space.as_ref().is_some_and(|s| s.low()) {
                    return Err(space::refusal());
                }
                let mut tx = self.pool.begin().await?;
                tx.execute("DELETE FROM courses WHERE 0 = 1").await?;
                Ok(tx)
            }
            Backend::Postgres => {
                let pool = self.pool.clone();
                tokio::spawn(async move { pool.begin().await })
                    .await
                    .map_err(|_| sqlx::Error::WorkerCrashed)?
            }
        }
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// This process's caches of this database (see [`cache`]).
    pub fn caches(&self) -> &cache::Caches {
        &self.caches
    }

    /// Answers when the database does; used by `/healthz`.
    pub async fn ping(&self) -> Result<(), DbError> {
        let _: AnyRow = sqlx::query("SELECT 1").fetch_one(&self.pool).await?;
        Ok(())
    }

    /// Writes a consistent copy of a SQLite database to `target` while it
    /// is in use (`VACUUM INTO`), for `lantern backup`.
    pub async fn vacuum_into(&self, target: &str) -> Result<(), sqlx::Error> {
        sqlx::query("VACUUM INTO $1")
            .bind(target)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Closes every connection; later queries fail.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// The current time as Unix seconds, the way every timestamp is stored.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}
