//! A consistent copy of the database and of the files it refers to, taken while the service runs,
//! and its restoration into an empty data dir and database.
//!
//! SQLite: `VACUUM INTO` writes a snapshot of the database; the files are those the snapshot
//! refers to. PostgreSQL: a read-only transaction exports its snapshot, `pg_dump --snapshot` dumps
//! exactly that, and the files are listed in the same transaction. A file is never removed while a
//! record refers to it, so every file the snapshot names is still in the store when it is copied.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};
use diesel::connection::SimpleConnection;
use diesel::{Connection, QueryDsl, RunQueryDsl};
use sha2::{Digest, Sha256};

use crate::config::Settings;
use crate::db::{self, DbConnection};

const SQLITE_COPY: &str = "pcp-desk.db";
const POSTGRES_DUMP: &str = "pcp-desk.pgdump";

#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct Manifest {
    pub format: u32,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub database: String,
    pub files: usize,
    pub bytes: u64,
    pub audit_seq: Option<i64>,
    pub audit_hash: Option<String>,
}

/// Copies the database and its files into `dir` (which must not exist or be empty).
pub fn backup(settings: &Settings, dir: &Path) -> anyhow::Result<Manifest> {
    if dir.exists() && std::fs::read_dir(dir)?.next().is_some() {
        bail!(
            "{} is not empty: back up into a new directory",
            dir.display()
        );
    }
    std::fs::create_dir_all(dir.join("blobs"))?;
    let postgres = db::is_postgres_url(&settings.database_url);
    let (hashes, head) = if postgres {
        dump_postgres(&settings.database_url, &dir.join(POSTGRES_DUMP))?
    } else {
        copy_sqlite(settings, &dir.join(SQLITE_COPY))?
    };
    let bytes = copy_files(
        &settings.data_dir.join("blobs"),
        &dir.join("blobs"),
        &hashes,
    )?;
    copy_dir(&settings.checkpoints_dir(), &dir.join("checkpoints"))?;
    let manifest = Manifest {
        format: 1,
        created_at: chrono::Utc::now(),
        database: if postgres { "postgresql" } else { "sqlite" }.into(),
        files: hashes.len(),
        bytes,
        audit_seq: head.as_ref().map(|e| e.seq),
        audit_hash: head.map(|e| e.hash),
    };
    std::fs::write(
        dir.join("manifest.json"),
        serde_json::to_vec_pretty(&manifest)?,
    )?;
    Ok(manifest)
}

type Snapshot = (BTreeSet<String>, Option<crate::audit::AuditEvent>);

fn copy_sqlite(settings: &Settings, target: &Path) -> anyhow::Result<Snapshot> {
    let mut live = db::connect(&settings.database_url)?.get()?;
    let quoted = target.to_string_lossy().replace('\'', "''");
    live.batch_execute(&format!("VACUUM INTO '{quoted}'"))
        .context("SQLite could not write the copy")?;
    let mut copy = DbConnection::Sqlite(diesel::SqliteConnection::establish(
        &target.to_string_lossy(),
    )?);
    Ok((
        db::proposals::all_referenced_blobs(&mut copy)?,
        db::audit::last(&mut copy)?,
    ))
}

#[derive(diesel::QueryableByName)]
struct ExportedSnapshot {
    #[diesel(sql_type = diesel::sql_types::Text)]
    name: String,
}

fn dump_postgres(url: &str, target: &Path) -> anyhow::Result<Snapshot> {
    let mut pg = diesel::PgConnection::establish(url)?;
    pg.batch_execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")?;
    let snapshot = diesel::sql_query("SELECT pg_export_snapshot() AS name")
        .get_result::<ExportedSnapshot>(&mut pg)?
        .name;
    let mut conn = DbConnection::Postgres(pg);
    let found = (
        db::proposals::all_referenced_blobs(&mut conn)?,
        db::audit::last(&mut conn)?,
    );
    let status = Command::new("pg_dump")
        .args(["--format=custom", "--no-owner", "--snapshot", &snapshot])
        .arg("--file")
        .arg(target)
        .arg(format!("--dbname={url}"))
        .status()
        .context("cannot run pg_dump (install the PostgreSQL client)")?;
    if !status.success() {
        bail!("pg_dump failed ({status})");
    }
    conn.batch_execute("COMMIT")?;
    Ok(found)
}

/// Copies each file and checks the copy against its name (its SHA-256); returns the bytes.
fn copy_files(from: &Path, to: &Path, hashes: &BTreeSet<String>) -> anyhow::Result<u64> {
    let mut bytes = 0;
    for hash in hashes {
        let source = from.join(hash);
        if !source.exists() {
            bail!("the database refers to file {hash}, which is missing from the store");
        }
        let target = to.join(hash);
        std::fs::copy(&source, &target)?;
        let copied = std::fs::read(&target)?;
        if hex::encode(Sha256::digest(&copied)) != *hash {
            bail!("file {hash} does not match its hash: the store holds a damaged copy");
        }
        bytes += copied.len() as u64;
    }
    std::fs::File::open(to)?.sync_all()?;
    Ok(bytes)
}

fn copy_dir(from: &Path, to: &Path) -> anyhow::Result<()> {
    let Ok(entries) = std::fs::read_dir(from) else {
        return Ok(());
    };
    std::fs::create_dir_all(to)?;
    for entry in entries {
        let path = entry?.path();
        if path.is_file() {
            std::fs::copy(&path, to.join(path.file_name().unwrap_or_default()))?;
        }
    }
    Ok(())
}

/// Brings a backup back into the configured data dir and database, which must hold no data.
pub fn restore(settings: &Settings, dir: &Path) -> anyhow::Result<Manifest> {
    let manifest: Manifest = serde_json::from_slice(
        &std::fs::read(dir.join("manifest.json")).context("no manifest.json: not a backup")?,
    )?;
    let postgres = db::is_postgres_url(&settings.database_url);
    if (manifest.database == "postgresql") != postgres {
        bail!(
            "this backup is of a {} database; configure PCP_DESK_DATABASE_URL accordingly",
            manifest.database
        );
    }
    if postgres {
        refuse_if_in_use(&settings.database_url)?;
        let status = Command::new("pg_restore")
            .args(["--no-owner", "--clean", "--if-exists", "--exit-on-error"])
            .arg(format!("--dbname={}", settings.database_url))
            .arg(dir.join(POSTGRES_DUMP))
            .status()
            .context("cannot run pg_restore (install the PostgreSQL client)")?;
        if !status.success() {
            bail!("pg_restore failed ({status})");
        }
    } else {
        let target = PathBuf::from(
            settings
                .database_url
                .trim_start_matches("sqlite://")
                .trim_start_matches("file:"),
        );
        if target.exists() {
            refuse_if_in_use(&settings.database_url)?;
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", target.display()));
            }
        }
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::copy(dir.join(SQLITE_COPY), &target)?;
    }
    let store = settings.data_dir.join("blobs");
    crate::storage::BlobStore::open(&store)?;
    let mut hashes = BTreeSet::new();
    for entry in std::fs::read_dir(dir.join("blobs"))? {
        hashes.insert(entry?.file_name().to_string_lossy().into_owned());
    }
    copy_files(&dir.join("blobs"), &store, &hashes)?;
    copy_dir(&dir.join("checkpoints"), &settings.checkpoints_dir())?;
    // Migrations bring an older backup up to this version.
    db::connect(&settings.database_url)?;
    Ok(manifest)
}

/// A restore never overwrites a database that holds accounts.
fn refuse_if_in_use(url: &str) -> anyhow::Result<()> {
    let Ok(pool) = db::connect(url) else {
        return Ok(());
    };
    let mut conn = pool.get()?;
    let users: i64 = db::schema::users::table.count().get_result(&mut conn)?;
    if users > 0 {
        bail!("the configured database already holds data: restore into an empty one");
    }
    Ok(())
}
