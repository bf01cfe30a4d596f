//! The blob store's collector asked against the database, for the service and for `pcp-desk gc`.

use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::db::DbConnection;
use crate::domain::submission::held_since;
use crate::storage::{BlobStore, Collection};

/// Removes the stored files (all, or only `among`) older than `min_age` that no row refers to.
/// Files held from a refused attempt count while they are held at `now`; a real run first
/// releases the holdings that have lapsed.
pub fn collect_orphans(
    conn: &mut DbConnection,
    blobs: &BlobStore,
    among: Option<&[String]>,
    min_age: Duration,
    dry_run: bool,
    now: DateTime<Utc>,
) -> anyhow::Result<Collection> {
    let since = held_since(now).naive_utc();
    if !dry_run {
        crate::db::held::release_older(conn, since)?;
    }
    blobs.collect_orphans(among, min_age, dry_run, &mut |hashes| {
        let mut referenced = crate::db::proposals::referenced_blobs(conn, hashes)?;
        referenced.extend(crate::db::held::referenced(conn, hashes, since)?);
        Ok(referenced)
    })
}
