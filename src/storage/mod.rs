//! Content-addressed blob store for uploaded files. A file streams to a temporary name while
//! its SHA-256 is computed; it is fsync'ed and renamed to its hash before the database row
//! that points at it commits, so a stored row never points at a missing or partial file.
//!
//! Files are removed only by the collector (`collector.rs`): a promoted file stays pinned until
//! the write that refers to it has committed or failed, so no file is removed while a row that
//! points at it may still commit.

mod collector;
mod names;

pub use collector::{Collection, Promoted, Referenced};
pub use names::{content_type_for, extension, sanitise_file_name};

use std::collections::HashMap;

use crate::domain::file_content::HEAD_BYTES;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use futures_util::{Stream, StreamExt};
use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;

#[derive(Debug, Clone)]
pub struct BlobStore {
    root: PathBuf,
    /// Files promoted by writes not yet finished, with how many such writes refer to each.
    pins: Arc<Mutex<HashMap<String, usize>>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredBlob {
    pub sha256: String,
    pub size: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum BlobError {
    #[error("the file exceeds {max_bytes} bytes")]
    TooLarge { max_bytes: u64 },
    #[error("the file is empty")]
    Empty,
    #[error("the upload was interrupted: {0}")]
    Interrupted(String),
    #[error("storage error: {0}")]
    Io(#[from] std::io::Error),
}

impl BlobStore {
    pub fn open(root: &Path) -> std::io::Result<BlobStore> {
        std::fs::create_dir_all(root.join("tmp"))?;
        Ok(BlobStore {
            root: root.to_path_buf(),
            pins: Arc::default(),
        })
    }

    pub fn path_of(&self, sha256: &str) -> Option<PathBuf> {
        let valid = sha256.len() == 64 && sha256.bytes().all(|b| b.is_ascii_hexdigit());
        valid.then(|| self.root.join(sha256))
    }

    /// Streams chunks to a temporary file, hashing as it goes, and fsyncs it. On any error, or
    /// when the staged file is dropped without being promoted, the temporary file is removed.
    pub async fn stage<S, E>(&self, mut chunks: S, max_bytes: u64) -> Result<StagedBlob, BlobError>
    where
        S: Stream<Item = Result<actix_web::web::Bytes, E>> + Unpin,
        E: std::fmt::Display,
    {
        let mut staged = StagedBlob {
            tmp: self.root.join("tmp").join(uuid::Uuid::new_v4().to_string()),
            sha256: String::new(),
            size: 0,
            head: Vec::new(),
        };
        let mut file = tokio::fs::File::create(&staged.tmp).await?;
        // Bounds the copy each write keeps in flight (2 MiB by default), so memory stays flat
        // however many uploads arrive at once.
        file.set_max_buf_size(64 * 1024);
        let mut hasher = Sha256::new();
        while let Some(chunk) = chunks.next().await {
            let chunk = chunk.map_err(|e| BlobError::Interrupted(e.to_string()))?;
            staged.size += chunk.len() as u64;
            if staged.size > max_bytes {
                return Err(BlobError::TooLarge { max_bytes });
            }
            hasher.update(&chunk);
            let wanted = HEAD_BYTES
                .saturating_sub(staged.head.len())
                .min(chunk.len());
            staged.head.extend_from_slice(&chunk[..wanted]);
            file.write_all(&chunk).await?;
        }
        if staged.size == 0 {
            return Err(BlobError::Empty);
        }
        file.sync_all().await?;
        staged.sha256 = hex::encode(hasher.finalize());
        Ok(staged)
    }

    /// Stages and promotes at once: for files that are stored whatever happens next.
    pub async fn put<S, E>(&self, chunks: S, max_bytes: u64) -> Result<StoredBlob, BlobError>
    where
        S: Stream<Item = Result<actix_web::web::Bytes, E>> + Unpin,
        E: std::fmt::Display,
    {
        let staged = self.stage(chunks, max_bytes).await?;
        let mut promoted = self.promote(vec![staged]).await?;
        promoted
            .blobs
            .pop()
            .ok_or_else(|| BlobError::Io(std::io::Error::other("nothing promoted")))
    }
}

/// A file received in full and fsync'ed under a temporary name, not yet in the store.
#[derive(Debug)]
pub struct StagedBlob {
    tmp: PathBuf,
    pub sha256: String,
    pub size: u64,
    /// The first bytes, to check the content against the declared type.
    pub head: Vec<u8>,
}

impl BlobStore {
    /// Moves staged files to their content addresses, then makes the renames durable with a
    /// single fsync of the store's directory (one flat directory, so one fsync covers a whole
    /// proposal). Call it before the rows that point at the files are committed, and keep the
    /// returned pin until that write has finished.
    pub async fn promote(&self, staged: Vec<StagedBlob>) -> std::io::Result<Promoted> {
        let store = self.clone();
        tokio::task::spawn_blocking(move || {
            // Under the pins' lock, so the collector cannot remove a file between the check
            // that it exists and the pin that keeps it.
            let mut pins = store.pins.lock().unwrap_or_else(|e| e.into_inner());
            let mut blobs = Vec::with_capacity(staged.len());
            let moved = staged.iter().try_for_each(|blob| {
                let target = store.root.join(&blob.sha256);
                if target.exists() {
                    // Same content already stored: keep the existing file (Drop removes ours),
                    // and mark it recent so that a collector in another process leaves it be.
                    std::fs::File::options()
                        .append(true)
                        .open(&target)?
                        .set_modified(std::time::SystemTime::now())?;
                } else {
                    std::fs::rename(&blob.tmp, &target)?;
                }
                blobs.push(StoredBlob {
                    sha256: blob.sha256.clone(),
                    size: blob.size,
                });
                std::io::Result::Ok(())
            });
            for blob in &blobs {
                *pins.entry(blob.sha256.clone()).or_default() += 1;
            }
            drop(pins);
            // Unpins on every path from here, the failed ones included.
            let promoted = Promoted::new(store.clone(), blobs);
            moved?;
            std::fs::File::open(&store.root)?.sync_all()?;
            Ok(promoted)
        })
        .await
        .map_err(std::io::Error::other)?
    }
}

impl Drop for StagedBlob {
    fn drop(&mut self) {
        // After a promotion the temporary name no longer exists and this does nothing.
        let _ = std::fs::remove_file(&self.tmp);
    }
}

impl BlobStore {
    /// Stores a small in-memory file at once (demo data); same guarantees as an upload.
    pub fn store_bytes(&self, bytes: &[u8]) -> std::io::Result<StoredBlob> {
        use std::io::Write;
        let sha256 = hex::encode(Sha256::digest(bytes));
        let target = self.root.join(&sha256);
        if !target.exists() {
            let tmp = self.root.join("tmp").join(uuid::Uuid::new_v4().to_string());
            let mut file = std::fs::File::create(&tmp)?;
            file.write_all(bytes)?;
            file.sync_all()?;
            std::fs::rename(&tmp, &target)?;
            std::fs::File::open(&self.root)?.sync_all()?;
        }
        Ok(StoredBlob {
            sha256,
            size: bytes.len() as u64,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_file_is_stored_under_its_hash() {
        let dir = tempfile::tempdir().unwrap();
        let store = BlobStore::open(dir.path()).unwrap();
        let chunks = futures_util::stream::iter(vec![
            Ok::<_, std::io::Error>(actix_web::web::Bytes::from_static(b"hello ")),
            Ok(actix_web::web::Bytes::from_static(b"world")),
        ]);
        let blob = store.put(chunks, 100).await.unwrap();
        assert_eq!(
            blob.sha256,
            "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9"
        );
        assert_eq!(
            std::fs::read(store.path_of(&blob.sha256).unwrap()).unwrap(),
            b"hello world"
        );
    }

    #[tokio::test]
    async fn an_oversized_or_broken_upload_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let store = BlobStore::open(dir.path()).unwrap();
        let big = futures_util::stream::iter(vec![Ok::<_, std::io::Error>(
            actix_web::web::Bytes::from(vec![1u8; 200]),
        )]);
        assert!(matches!(
            store.put(big, 100).await,
            Err(BlobError::TooLarge { .. })
        ));
        let broken = futures_util::stream::iter(vec![
            Ok(actix_web::web::Bytes::from_static(b"part")),
            Err(std::io::Error::other("connection reset")),
        ]);
        assert!(matches!(
            store.put(broken, 100).await,
            Err(BlobError::Interrupted(_))
        ));
        assert_eq!(
            std::fs::read_dir(dir.path().join("tmp")).unwrap().count(),
            0
        );
    }
}
