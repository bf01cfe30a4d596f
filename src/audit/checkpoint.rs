//! Signed checkpoints: the audit chain's head (sequence and hash) signed with an Ed25519 key kept
//! outside the database. A checkpoint published (or just kept) somewhere else lets anyone with the
//! public key prove later that the chain was neither cut short nor rewritten before that point.

use std::path::Path;

use chrono::{DateTime, SecondsFormat, Utc};
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};

use super::{Anchor, ChainReport};
use crate::db::{self, DbConnection};

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Checkpoint {
    pub seq: i64,
    pub hash: String,
    pub at: DateTime<Utc>,
    /// Hex of the Ed25519 public key that signed it.
    pub public_key: String,
    /// Hex of the signature over `message(seq, hash, at)`.
    pub signature: String,
}

fn message(seq: i64, hash: &str, at: DateTime<Utc>) -> String {
    format!(
        "pcp-desk audit checkpoint v1\n{seq}\n{hash}\n{}",
        at.to_rfc3339_opts(SecondsFormat::Micros, true)
    )
}

impl Checkpoint {
    pub fn sign(key: &SigningKey, seq: i64, hash: &str, at: DateTime<Utc>) -> Checkpoint {
        let signature = key.sign(message(seq, hash, at).as_bytes());
        Checkpoint {
            seq,
            hash: hash.to_string(),
            at,
            public_key: hex::encode(key.verifying_key().as_bytes()),
            signature: hex::encode(signature.to_bytes()),
        }
    }

    /// Checks that `expected` signed exactly this sequence, hash and time.
    pub fn check_signature(&self, expected: &VerifyingKey) -> Result<(), String> {
        if self.public_key != hex::encode(expected.as_bytes()) {
            return Err("signed with another key than the authority's".into());
        }
        let bytes: [u8; 64] = hex::decode(&self.signature)
            .ok()
            .and_then(|b| b.try_into().ok())
            .ok_or("the signature is not 64 bytes of hex")?;
        expected
            .verify(
                message(self.seq, &self.hash, self.at).as_bytes(),
                &Signature::from_bytes(&bytes),
            )
            .map_err(|_| "the signature does not match its content".to_string())
    }

    pub fn anchor(&self, source: &str) -> Anchor {
        Anchor {
            seq: self.seq,
            hash: self.hash.clone(),
            source: format!("checkpoint {source} (signed {})", self.at.to_rfc3339()),
        }
    }
}

/// Signs the head of the chain, once the chain and its anchors check out, and stores the
/// checkpoint under `dir` as `<seq>.json`.
pub fn make(
    conn: &mut DbConnection,
    key: &SigningKey,
    dir: &Path,
    now: DateTime<Utc>,
) -> anyhow::Result<Checkpoint> {
    let stored = stored(dir)?;
    if let ChainReport::Broken { seq, reason } =
        verify_all(conn, &stored, &key.verifying_key(), vec![])?
    {
        anyhow::bail!("the audit log is broken at event {seq} ({reason}): no checkpoint signed");
    }
    let head = db::audit::last(conn)?.ok_or_else(|| anyhow::anyhow!("the audit log is empty"))?;
    let checkpoint = Checkpoint::sign(key, head.seq, &head.hash, now);
    std::fs::create_dir_all(dir)?;
    let path = dir.join(format!("{:012}.json", head.seq));
    std::fs::write(&path, serde_json::to_vec_pretty(&checkpoint)?)?;
    Ok(checkpoint)
}

/// The checkpoints kept under `dir` (none if it does not exist), with their file names.
pub fn stored(dir: &Path) -> anyhow::Result<Vec<(String, Checkpoint)>> {
    let mut found = Vec::new();
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(found),
        Err(e) => return Err(e.into()),
    };
    for entry in entries {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "json") {
            found.push((path.display().to_string(), read(&path)?));
        }
    }
    found.sort_by_key(|(_, c)| c.seq);
    Ok(found)
}

pub fn read(path: &Path) -> anyhow::Result<Checkpoint> {
    let text = std::fs::read(path)?;
    serde_json::from_slice(&text)
        .map_err(|e| anyhow::anyhow!("{} is not a checkpoint: {e}", path.display()))
}

/// The chain checked against the anchors the database records, `anchors` kept elsewhere (e.g.
/// harvested OCDS releases) and `checkpoints`, each of which must carry `key`'s signature.
pub fn verify_all(
    conn: &mut DbConnection,
    checkpoints: &[(String, Checkpoint)],
    key: &VerifyingKey,
    mut anchors: Vec<Anchor>,
) -> anyhow::Result<ChainReport> {
    for (source, checkpoint) in checkpoints {
        if let Err(why) = checkpoint.check_signature(key) {
            return Ok(ChainReport::Broken {
                seq: checkpoint.seq,
                reason: format!("checkpoint {source}: {why}"),
            });
        }
        anchors.push(checkpoint.anchor(source));
    }
    Ok(super::verify_anchored(conn, &anchors)?)
}

/// The chain checked as configured: its recorded anchors, the checkpoints kept in the data dir
/// and `extra` ones, signed by `public_key` or else by the configured signing key, and `anchors`.
pub fn verify_configured(
    conn: &mut DbConnection,
    settings: &crate::config::Settings,
    public_key: Option<VerifyingKey>,
    extra: Vec<(String, Checkpoint)>,
    anchors: Vec<Anchor>,
) -> anyhow::Result<ChainReport> {
    let mut checkpoints = stored(&settings.checkpoints_dir())?;
    checkpoints.extend(extra);
    let key = match public_key {
        Some(key) => Some(key),
        None if settings.audit_key_file.exists() => {
            Some(load_key(&settings.audit_key_file)?.verifying_key())
        }
        None => None,
    };
    match key {
        Some(key) => verify_all(conn, &checkpoints, &key, anchors),
        None if checkpoints.is_empty() => Ok(super::verify_anchored(conn, &anchors)?),
        None => anyhow::bail!(
            "there are checkpoints but no key to check them: give the public key, or set \
             PCP_DESK_AUDIT_KEY_FILE"
        ),
    }
}

/// A public key given as 64 hex digits.
pub fn parse_public_key(hex_key: &str) -> anyhow::Result<VerifyingKey> {
    let bytes: [u8; 32] = hex::decode(hex_key.trim())
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| anyhow::anyhow!("a public key is 64 hexadecimal digits"))?;
    Ok(VerifyingKey::from_bytes(&bytes)?)
}

/// Reads the signing key (32 bytes in hex), creating it with owner-only permissions if absent.
pub fn load_or_create_key(path: &Path) -> std::io::Result<SigningKey> {
    if path.exists() {
        return load_key(path);
    }
    let secret: [u8; 32] = rand::random();
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    std::io::Write::write_all(&mut file, hex::encode(secret).as_bytes())?;
    file.sync_all()?;
    Ok(SigningKey::from_bytes(&secret))
}

pub fn load_key(path: &Path) -> std::io::Result<SigningKey> {
    let text = std::fs::read_to_string(path)?;
    let secret: [u8; 32] = hex::decode(text.trim())
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| {
            std::io::Error::other(format!("{} is not 32 bytes of hex", path.display()))
        })?;
    Ok(SigningKey::from_bytes(&secret))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_checkpoint_verifies_only_unchanged_and_with_its_key() {
        let dir = tempfile::tempdir().unwrap();
        let key = load_or_create_key(&dir.path().join("key")).unwrap();
        assert_eq!(
            load_key(&dir.path().join("key")).unwrap().to_bytes(),
            key.to_bytes(),
            "the key is kept"
        );
        let at = DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        let checkpoint = Checkpoint::sign(&key, 42, &"ab".repeat(32), at);
        assert_eq!(checkpoint.check_signature(&key.verifying_key()), Ok(()));

        let mut moved = checkpoint.clone();
        moved.seq = 41;
        assert!(moved.check_signature(&key.verifying_key()).is_err());

        let other = SigningKey::from_bytes(&[7; 32]);
        let forged = Checkpoint::sign(&other, 42, &"ab".repeat(32), at);
        assert_eq!(
            forged.check_signature(&key.verifying_key()),
            Err("signed with another key than the authority's".into())
        );
    }
}
