//! One binary, two databases: SQLite (embedded default) and PostgreSQL, through diesel's
//! `MultiConnection`. Queries live in one file per aggregate as free functions.

pub mod accounts;
pub mod audit;
pub mod calls;
pub mod challenges;
pub mod communications;
pub mod contracts;
pub mod declarations;
pub mod dialogue;
pub mod documents;
pub mod evaluation;
pub mod group_commit;
pub mod held;
pub mod invitations;
pub mod mail_outbox;
pub mod notifications;
pub mod proposals;
pub mod schema;

use std::time::Duration;

use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::prelude::*;
use diesel::r2d2::{self, ManageConnection};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Sqlite(diesel::SqliteConnection),
    Postgres(diesel::PgConnection),
}

pub type Pool = r2d2::Pool<ConnectionManager>;
pub type PooledConnection = r2d2::PooledConnection<ConnectionManager>;

#[derive(Debug, thiserror::Error)]
pub enum DbSetupError {
    #[error("cannot connect to the database at {url}: {source}")]
    Connect {
        url: String,
        source: diesel::ConnectionError,
    },
    #[error("cannot create the directory for the SQLite file {path}: {source}")]
    Directory {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot build the connection pool: {0}")]
    Pool(#[from] r2d2::PoolError),
    #[error("cannot apply the database migrations: {0}")]
    Migrations(String),
}

pub fn is_postgres_url(url: &str) -> bool {
    url.starts_with("postgres://") || url.starts_with("postgresql://")
}

/// Establishes connections by the URL's scheme, so a mistyped PostgreSQL URL is reported as
/// such instead of silently becoming a SQLite file name.
#[derive(Debug, Clone)]
pub struct ConnectionManager {
    url: String,
}

impl ConnectionManager {
    pub fn new(url: &str) -> Self {
        ConnectionManager {
            url: url.to_string(),
        }
    }

    fn establish(&self) -> Result<DbConnection, diesel::ConnectionError> {
        if is_postgres_url(&self.url) {
            Ok(DbConnection::Postgres(diesel::PgConnection::establish(
                &self.url,
            )?))
        } else {
            let mut conn = diesel::SqliteConnection::establish(&self.url)?;
            // busy_timeout first, so that switching to WAL waits for a concurrent writer.
            conn.batch_execute(
                "PRAGMA busy_timeout = 10000; PRAGMA journal_mode = WAL; \
                 PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;",
            )
            .map_err(diesel::ConnectionError::CouldntSetupConfiguration)?;
            Ok(DbConnection::Sqlite(conn))
        }
    }
}

impl ManageConnection for ConnectionManager {
    type Connection = DbConnection;
    type Error = r2d2::Error;

    fn connect(&self) -> Result<DbConnection, r2d2::Error> {
        self.establish().map_err(r2d2::Error::ConnectionError)
    }

    fn is_valid(&self, conn: &mut DbConnection) -> Result<(), r2d2::Error> {
        conn.batch_execute("SELECT 1")
            .map_err(r2d2::Error::QueryError)
    }

    fn has_broken(&self, conn: &mut DbConnection) -> bool {
        r2d2::R2D2Connection::is_broken(conn)
    }
}

/// Connects (reporting a clear error if the database cannot be reached), applies the
/// embedded migrations and returns the pool.
pub fn connect(url: &str) -> Result<Pool, DbSetupError> {
    if !is_postgres_url(url) {
        let path = url
            .trim_start_matches("sqlite://")
            .trim_start_matches("file:");
        if let Some(dir) = std::path::Path::new(path)
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
        {
            std::fs::create_dir_all(dir).map_err(|source| DbSetupError::Directory {
                path: path.to_string(),
                source,
            })?;
        }
    }
    let manager = ConnectionManager::new(url);
    let mut first = manager
        .establish()
        .map_err(|source| DbSetupError::Connect {
            url: redact(url),
            source,
        })?;
    run_migrations(&mut first)?;
    drop(first);
    let size = if is_postgres_url(url) { 10 } else { 8 };
    Ok(r2d2::Pool::builder()
        .max_size(size)
        .connection_timeout(Duration::from_secs(10))
        .build(manager)?)
}

pub fn run_migrations(conn: &mut DbConnection) -> Result<(), DbSetupError> {
    let result = match conn {
        DbConnection::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS).map(|_| ()),
        DbConnection::Postgres(c) => c.run_pending_migrations(POSTGRES_MIGRATIONS).map(|_| ()),
    };
    result.map_err(|e| DbSetupError::Migrations(e.to_string()))
}

/// Hides a password in a URL before it reaches a log or an error message.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let userinfo = &url[scheme_end + 3..at];
            match userinfo.split_once(':') {
                Some((user, _)) => format!("{}://{user}:***{}", &url[..scheme_end], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

/// Runs `f` in a write transaction that is serialised with every other write, so that the
/// audit chain always extends its true last link. SQLite takes the write lock up front
/// (`BEGIN IMMEDIATE`); PostgreSQL takes a transaction-scoped advisory lock.
pub fn write_tx<T, E>(
    conn: &mut DbConnection,
    f: impl FnOnce(&mut DbConnection) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<diesel::result::Error>,
{
    if let DbConnection::Postgres(_) = conn {
        return conn.transaction(|c| {
            c.batch_execute("SELECT pg_advisory_xact_lock(7031)")?;
            f(c)
        });
    }
    if let DbConnection::Sqlite(c) = conn {
        let depth =
            AnsiTransactionManager::transaction_manager_status_mut(c).transaction_depth()?;
        if depth.is_some() {
            // Inside a group commit (`group_commit`): a savepoint, so that this change alone
            // is undone if it fails.
            return conn.transaction(f);
        }
        AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE")?;
    }
    let result = f(conn);
    if let DbConnection::Sqlite(c) = conn {
        match &result {
            Ok(_) => AnsiTransactionManager::commit_transaction(c)?,
            Err(_) => AnsiTransactionManager::rollback_transaction(c)?,
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_reach_the_log() {
        assert_eq!(
            redact("postgres://app:s3cret@db:5432/pcp"),
            "postgres://app:***@db:5432/pcp"
        );
        assert_eq!(redact("postgres://app@db/pcp"), "postgres://app@db/pcp");
        assert_eq!(redact("data/pcp-desk.db"), "data/pcp-desk.db");
    }
}
