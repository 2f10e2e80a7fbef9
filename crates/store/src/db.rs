//! Connecting to the database, migrating it, and the error type of the store.

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor};
use std::str::FromStr;
use std::time::Duration;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Sql(#[from] sqlx::Error),
    // The cause follows when the error is shown with its chain (`{:#}`), as
    // the CLI does; naming it here too printed it twice.
    #[error("the database could not be migrated")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("unsupported database URL {0:?}: use sqlite://PATH or postgres://…")]
    UnsupportedUrl(String),
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    #[error("could not decrypt stored personal data (wrong node key?)")]
    Decrypt,
    #[error("io error: {0}")]
    Io(#[from] std::io::Error),
}

impl StoreError {
    /// True when the error is a unique-constraint violation (on either engine).
    pub fn is_unique_violation(&self) -> bool {
        match self {
            StoreError::Sql(sqlx::Error::Database(e)) => e.is_unique_violation(),
            _ => false,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    pub fn from_url(url: &str) -> Result<Engine, StoreError> {
        if url.starts_with("sqlite:") {
            Ok(Engine::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Engine::Postgres)
        } else {
            Err(StoreError::UnsupportedUrl(redact(url)))
        }
    }
}

/// A URL fit for logs: the password, if any, replaced.
pub fn redact(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("***"));
            u.to_string()
        }
        _ => url.to_string(),
    }
}

/// How much of a SQLite database file reads may map: the bundled SQLite's
/// own ceiling (about 2 GiB); a larger file is read past it as before.
const SQLITE_MMAP_BYTES: u64 = 0x7fff_0000;

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/postgres");

/// The database. Cloning is cheap (pools are shared).
///
/// On SQLite all writes go through a pool of exactly one connection, so
/// writers queue in the process instead of failing with "database is locked";
/// readers use their own pool and never block the writer (WAL). On PostgreSQL
/// both are the same pool.
#[derive(Clone, Debug)]
pub struct Db {
    engine: Engine,
    read: AnyPool,
    write: AnyPool,
    /// SQLite: rate-limit windows, counted in memory (see `rate_limit`).
    pub(crate) windows: std::sync::Arc<std::sync::Mutex<crate::rate_limit::Windows>>,
}

pub struct ConnectOptions {
    pub max_connections: u32,
    pub busy_timeout: Duration,
}

impl Default for ConnectOptions {
    fn default() -> Self {
        Self { max_connections: 8, busy_timeout: Duration::from_secs(5) }
    }
}

impl Db {
    pub async fn connect(url: &str, opts: &ConnectOptions) -> Result<Db, StoreError> {
        sqlx::any::install_default_drivers();
        let engine = Engine::from_url(url)?;
        match engine {
            Engine::Sqlite => {
                let url = with_create_mode(url);
                let conn = AnyConnectOptions::from_str(&url)?;
                let busy_ms = opts.busy_timeout.as_millis();
                // Reads map the database file instead of copying each page
                // through a read() call into every connection's own small
                // cache: on a large node the copying was a fifth of a page's
                // time. Mapped pages are the operating system's file cache,
                // shared by all connections and processes, not the process's own memory.
                let pragmas = format!(
                    "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; \
                     PRAGMA busy_timeout = {busy_ms}; PRAGMA mmap_size = {SQLITE_MMAP_BYTES};"
                );
                let pool = |n: u32| {
                    let pragmas = pragmas.clone();
                    AnyPoolOptions::new().max_connections(n).acquire_timeout(Duration::from_secs(30)).after_connect(
                        move |c, _| {
                            let pragmas = pragmas.clone();
                            Box::pin(async move {
                                c.execute(pragmas.as_str()).await?;
                                Ok(())
                            })
                        },
                    )
                };
                let write = pool(1).connect_with(conn.clone()).await?;
                let read = pool(opts.max_connections.max(1)).connect_with(conn).await?;
                Ok(Db { engine, read, write, windows: Default::default() })
            }
            Engine::Postgres => {
                let conn = AnyConnectOptions::from_str(url)?;
                let pool = AnyPoolOptions::new()
                    .max_connections(opts.max_connections.max(2))
                    .acquire_timeout(Duration::from_secs(30))
                    .connect_with(conn)
                    .await?;
                Ok(Db { engine, read: pool.clone(), write: pool, windows: Default::default() })
            }
        }
    }

    pub fn engine(&self) -> Engine {
        self.engine
    }

    /// The pool for queries that only read.
    pub fn reader(&self) -> &AnyPool {
        &self.read
    }

    /// The pool for anything that writes (and for reads that must see the
    /// latest writes inside a transaction).
    pub fn writer(&self) -> &AnyPool {
        &self.write
    }

    pub async fn begin(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>, StoreError> {
        Ok(self.write.begin().await?)
    }

    /// A transaction whose foreign keys are checked when it commits, so a
    /// service's parts can go in before the service itself (the service
    /// then enters search with its point in one write, instead of being
    /// indexed without it and moved when its location arrives). On
    /// PostgreSQL only constraints declared DEFERRABLE wait (migration 0014).
    pub async fn begin_deferred(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>, StoreError> {
        let mut tx = self.write.begin().await?;
        sqlx::query(crate::dialect::defer_foreign_keys(self.engine)).execute(&mut *tx).await?;
        Ok(tx)
    }

    fn migrator(&self) -> &'static sqlx::migrate::Migrator {
        match self.engine {
            Engine::Sqlite => &SQLITE_MIGRATIONS,
            Engine::Postgres => &POSTGRES_MIGRATIONS,
        }
    }

    /// Apply every migration not yet applied. Safe to run from several
    /// processes at once on PostgreSQL (sqlx takes an advisory lock).
    pub async fn migrate(&self) -> Result<(), StoreError> {
        self.migrator().run(&self.write).await?;
        crate::places::fill_centres(self).await
    }

    /// Ready means reachable and fully migrated.
    pub async fn is_ready(&self) -> Result<bool, StoreError> {
        let latest = self.migrator().iter().map(|m| m.version).max().unwrap_or(0);
        let applied: Option<i64> = sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success = $1")
            .bind(true)
            .fetch_one(&self.read)
            .await
            .or_else(|e| match e {
                sqlx::Error::Database(_) => Ok(None),
                e => Err(e),
            })?;
        Ok(applied == Some(latest))
    }

    /// Migration versions and descriptions for this engine (for tests and `plural migrate --status`).
    pub fn migrations(&self) -> Vec<(i64, String)> {
        self.migrator().iter().map(|m| (m.version, m.description.to_string())).collect()
    }

    pub async fn close(&self) {
        self.read.close().await;
        self.write.close().await;
    }
}

/// Create the SQLite file if it does not exist yet.
fn with_create_mode(url: &str) -> String {
    if url.contains("mode=") || url.contains(":memory:") {
        url.to_string()
    } else if url.contains('?') {
        format!("{url}&mode=rwc")
    } else {
        format!("{url}?mode=rwc")
    }
}

/// The migration sets of both engines, for the test that keeps them in step.
pub fn migration_sets() -> [(Engine, Vec<(i64, String)>); 2] {
    let list = |m: &sqlx::migrate::Migrator| m.iter().map(|m| (m.version, m.description.to_string())).collect();
    [(Engine::Sqlite, list(&SQLITE_MIGRATIONS)), (Engine::Postgres, list(&POSTGRES_MIGRATIONS))]
}

impl Db {
    /// A consistent copy of a live SQLite database, taken while writes go on
    /// (`VACUUM INTO` reads one snapshot). PostgreSQL has its own tools.
    pub async fn backup_sqlite_to(&self, path: &std::path::Path) -> Result<(), StoreError> {
        if self.engine != Engine::Sqlite {
            return Err(StoreError::UnsupportedUrl("backup_sqlite_to needs SQLite".into()));
        }
        if path.exists() {
            return Err(StoreError::Io(std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                format!("{} already exists; choose a new file", path.display()),
            )));
        }
        sqlx::query("VACUUM INTO $1").bind(path.display().to_string()).execute(&self.read).await?;
        Ok(())
    }
}
