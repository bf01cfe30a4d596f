//! The blob store's collector asked against the database, for the service and for `pcp-desk gc`.

use std::time::Duration;

use crate::db::DbConnection;
use crate::storage::{BlobStore, Collection};

/// Removes the stored files (all, or only `among`) older than `min_age` that no row refers to.
pub fn collect_orphans(
    conn: &mut DbConnection,
    blobs: &BlobStore,
    among: Option<&[String]>,
    min_age: Duration,
    dry_run: bool,
) -> anyhow::Result<Collection> {
    blobs.collect_orphans(among, min_age, dry_run, &mut |hashes| {
        Ok(crate::db::proposals::referenced_blobs(conn, hashes)?)
    })
}
