//! Removing files: staged files left by an interrupted upload or a crash, and stored files that
//! no row refers to. A stored file is removed only when it is not pinned by a write in flight
//! in this process, is older than the given age (for a collector in another process, which
//! cannot see the pins), and the database, asked under the pins' lock, has no row that refers
//! to it.

use std::collections::HashSet;
use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use super::{BlobStore, StoredBlob};

/// Files promoted for a write; they stay pinned until this is dropped.
#[derive(Debug)]
pub struct Promoted {
    store: BlobStore,
    pub blobs: Vec<StoredBlob>,
}

impl Promoted {
    pub(super) fn new(store: BlobStore, blobs: Vec<StoredBlob>) -> Promoted {
        Promoted { store, blobs }
    }

    pub fn hashes(&self) -> Vec<String> {
        self.blobs.iter().map(|b| b.sha256.clone()).collect()
    }
}

impl Drop for Promoted {
    fn drop(&mut self) {
        let mut pins = self.store.pins.lock().unwrap_or_else(|e| e.into_inner());
        for blob in &self.blobs {
            if let Some(count) = pins.get_mut(&blob.sha256) {
                *count -= 1;
                if *count == 0 {
                    pins.remove(&blob.sha256);
                }
            }
        }
    }
}

/// Which of the given hashes a row in the database refers to.
pub type Referenced<'a> = dyn FnMut(&[String]) -> anyhow::Result<HashSet<String>> + 'a;

/// What a collection found and (unless it was a dry run) removed.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Collection {
    pub orphans: Vec<String>,
    pub orphan_bytes: u64,
    pub staged: usize,
    pub staged_bytes: u64,
}

/// How many hashes one database question carries.
const BATCH: usize = 500;

impl BlobStore {
    /// Removes staged files older than `min_age` (every one at start-up, before any upload).
    pub fn sweep_staged(&self, min_age: Duration, dry_run: bool) -> std::io::Result<Collection> {
        let mut found = Collection::default();
        for (path, size) in old_files(&self.root.join("tmp"), min_age)? {
            if !dry_run {
                remove(&path)?;
            }
            found.staged += 1;
            found.staged_bytes += size;
        }
        Ok(found)
    }

    /// Removes stored files older than `min_age` that no row refers to: all of them, or only
    /// `among` (the files of a write that just failed, or of a row just deleted).
    pub fn collect_orphans(
        &self,
        among: Option<&[String]>,
        min_age: Duration,
        dry_run: bool,
        referenced: &mut Referenced<'_>,
    ) -> anyhow::Result<Collection> {
        let candidates: Vec<(PathBuf, u64)> = match among {
            None => old_files(&self.root, min_age)?,
            Some(hashes) => hashes
                .iter()
                .filter_map(|h| self.path_of(h))
                .filter_map(|p| Some((p.clone(), age_and_size(&p, min_age)?)))
                .collect(),
        };
        let mut found = Collection::default();
        for batch in candidates.chunks(BATCH) {
            // Held while the database is asked and the files removed: a write in flight has
            // pinned its files before it can commit a row that refers to them.
            let pins = self.pins.lock().unwrap_or_else(|e| e.into_inner());
            let unpinned: Vec<(&PathBuf, String, u64)> = batch
                .iter()
                .filter_map(|(path, size)| {
                    let name = path.file_name()?.to_str()?.to_string();
                    let is_blob = self.path_of(&name).is_some() && !pins.contains_key(&name);
                    is_blob.then_some((path, name, *size))
                })
                .collect();
            let hashes: Vec<String> = unpinned.iter().map(|(_, h, _)| h.clone()).collect();
            let in_use = referenced(&hashes)?;
            for (path, hash, size) in unpinned {
                // Asked again after the database: a service in another process may have reused
                // the file (and refreshed its time) while the question was asked.
                if in_use.contains(&hash) || age_and_size(path, min_age).is_none() {
                    continue;
                }
                if !dry_run {
                    remove(path)?;
                }
                found.orphans.push(hash);
                found.orphan_bytes += size;
            }
            drop(pins);
        }
        if !dry_run && !found.orphans.is_empty() {
            std::fs::File::open(&self.root)?.sync_all()?;
        }
        Ok(found)
    }
}

fn remove(path: &std::path::Path) -> std::io::Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// The size of a regular file last modified at least `min_age` ago.
fn age_and_size(path: &std::path::Path, min_age: Duration) -> Option<u64> {
    let meta = std::fs::metadata(path).ok()?;
    let age = SystemTime::now()
        .duration_since(meta.modified().ok()?)
        .unwrap_or_default();
    (meta.is_file() && age >= min_age).then_some(meta.len())
}

fn old_files(dir: &std::path::Path, min_age: Duration) -> std::io::Result<Vec<(PathBuf, u64)>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if let Some(size) = age_and_size(&path, min_age) {
            files.push((path, size));
        }
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store_with(files: &[&[u8]]) -> (tempfile::TempDir, BlobStore, Vec<String>) {
        let dir = tempfile::tempdir().unwrap();
        let store = BlobStore::open(dir.path()).unwrap();
        let hashes = files
            .iter()
            .map(|f| store.store_bytes(f).unwrap().sha256)
            .collect();
        (dir, store, hashes)
    }

    fn nothing_referenced(_: &[String]) -> anyhow::Result<HashSet<String>> {
        Ok(HashSet::new())
    }

    #[test]
    fn only_unreferenced_files_are_collected() {
        let (_dir, store, hashes) = store_with(&[b"kept", b"orphan"]);
        let kept = hashes[0].clone();
        let mut referenced =
            |_: &[String]| -> anyhow::Result<HashSet<String>> { Ok([kept.clone()].into()) };
        let dry = store
            .collect_orphans(None, Duration::ZERO, true, &mut referenced)
            .unwrap();
        assert_eq!(dry.orphans, vec![hashes[1].clone()]);
        assert!(
            store.path_of(&hashes[1]).unwrap().exists(),
            "a dry run removes nothing"
        );
        let done = store
            .collect_orphans(None, Duration::ZERO, false, &mut referenced)
            .unwrap();
        assert_eq!(done, dry);
        assert!(store.path_of(&hashes[0]).unwrap().exists());
        assert!(!store.path_of(&hashes[1]).unwrap().exists());
    }

    #[tokio::test]
    async fn a_pinned_file_is_never_collected() {
        let (_dir, store, hashes) = store_with(&[b"shared"]);
        let chunks = futures_util::stream::iter(vec![Ok::<_, std::io::Error>(
            actix_web::web::Bytes::from_static(b"shared"),
        )]);
        let staged = store.stage(chunks, 100).await.unwrap();
        let promoted = store.promote(vec![staged]).await.unwrap();
        let found = store
            .collect_orphans(
                Some(&hashes),
                Duration::ZERO,
                false,
                &mut nothing_referenced,
            )
            .unwrap();
        assert!(found.orphans.is_empty(), "pinned by a write in flight");
        drop(promoted);
        let found = store
            .collect_orphans(
                Some(&hashes),
                Duration::ZERO,
                false,
                &mut nothing_referenced,
            )
            .unwrap();
        assert_eq!(found.orphans, hashes);
    }

    #[test]
    fn recent_files_wait_for_their_age() {
        let (_dir, store, _) = store_with(&[b"new"]);
        std::fs::write(store.root.join("tmp").join("partial"), b"half").unwrap();
        let hour = Duration::from_secs(3600);
        let found = store
            .collect_orphans(None, hour, false, &mut nothing_referenced)
            .unwrap();
        assert!(found.orphans.is_empty());
        assert_eq!(store.sweep_staged(hour, false).unwrap().staged, 0);
        let swept = store.sweep_staged(Duration::ZERO, false).unwrap();
        assert_eq!((swept.staged, swept.staged_bytes), (1, 4));
        assert_eq!(
            std::fs::read_dir(store.root.join("tmp")).unwrap().count(),
            0
        );
    }
}
