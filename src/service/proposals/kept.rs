//! Files a proposal may take without their bytes being sent again: those of the proposal it
//! replaces (the same SHA-256 under a new receipt), and those held from the sender's last attempt
//! on the page, refused for another reason.

use chrono::{DateTime, Utc};

use super::ReceivedFile;
use crate::db::held::HeldFile;
use crate::db::{self, DbConnection, write_tx};
use crate::domain::access::Actor;
use crate::domain::submission::{Envelope, held_since};
use crate::domain::violation::{Violation, ViolationKind};
use crate::error::AppError;
use crate::storage::StoredBlob;

/// The files of the organisation's active proposal in the phase (id, envelope, name, size).
pub fn keepable(
    conn: &mut DbConnection,
    actor: &Actor,
    phase_id: &str,
) -> Result<Vec<db::proposals::ProposalFile>, AppError> {
    let organisation = actor
        .organisation_id
        .as_deref()
        .ok_or(AppError::Forbidden)?;
    match db::proposals::active_for(conn, phase_id, organisation)? {
        Some(active) => Ok(db::proposals::files(conn, &active.id)?),
        None => Ok(Vec::new()),
    }
}

/// The files held for this person in the phase at `now`: only the one who sent them sees them.
pub fn held(
    conn: &mut DbConnection,
    actor: &Actor,
    phase_id: &str,
    now: DateTime<Utc>,
) -> Result<Vec<HeldFile>, AppError> {
    Ok(db::held::of_holder(
        conn,
        &actor.user_id,
        phase_id,
        held_since(now).naive_utc(),
    )?)
}

/// The files named by `ids`, each of which must belong to the organisation's active proposal in
/// the phase or be held for this person: nobody keeps a file they did not send.
pub fn kept_files(
    conn: &mut DbConnection,
    actor: &Actor,
    phase_id: &str,
    ids: &[String],
    now: DateTime<Utc>,
) -> Result<Vec<ReceivedFile>, AppError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    // Both kinds of row name a file already in the store; either can be taken by its id.
    let from_proposal = keepable(conn, actor, phase_id)?.into_iter().map(|f| {
        (
            f.id,
            f.envelope,
            f.file_name,
            f.content_type,
            f.sha256,
            f.size_bytes,
        )
    });
    let from_held = held(conn, actor, phase_id, now)?.into_iter().map(|f| {
        (
            f.id,
            f.envelope,
            f.file_name,
            f.content_type,
            f.sha256,
            f.size_bytes,
        )
    });
    let mut candidates: Vec<(String, ReceivedFile)> = from_proposal
        .chain(from_held)
        .map(|(id, envelope, file_name, content_type, sha256, size)| {
            let file = ReceivedFile {
                envelope: Envelope::parse(&envelope).unwrap_or(Envelope::Technical),
                file_name,
                content_type,
                blob: StoredBlob {
                    sha256,
                    size: size.max(0) as u64,
                },
            };
            (id, file)
        })
        .collect();
    ids.iter()
        .map(|id| {
            let i = candidates
                .iter()
                .position(|(candidate, _)| candidate == id)
                .ok_or_else(|| {
                    AppError::Invalid(vec![Violation::new("keep", ViolationKind::NotKeepable)])
                })?;
            Ok(candidates.swap_remove(i).1)
        })
        .collect()
}

/// After a refused attempt: the held files the sender left ticked stay held, the others are
/// released, and the files this attempt brought are held too. Returns the hashes released.
pub fn hold(
    conn: &mut DbConnection,
    actor: &Actor,
    phase_id: &str,
    still_ticked: &[String],
    received: &[ReceivedFile],
    now: DateTime<Utc>,
) -> Result<Vec<String>, AppError> {
    write_tx(conn, |conn| {
        let released = db::held::release_except(conn, &actor.user_id, phase_id, still_ticked)?;
        let rows: Vec<HeldFile> = received
            .iter()
            .map(|f| HeldFile {
                id: uuid::Uuid::new_v4().to_string(),
                phase_id: phase_id.to_string(),
                user_id: actor.user_id.clone(),
                envelope: f.envelope.as_str().to_string(),
                file_name: f.file_name.clone(),
                content_type: f.content_type.clone(),
                size_bytes: f.blob.size as i64,
                sha256: f.blob.sha256.clone(),
                held_at: now.naive_utc(),
            })
            .collect();
        db::held::insert(conn, &rows)?;
        Ok(released)
    })
}

/// After a receipt: nothing is held for this person in the phase any more. Returns the hashes.
pub fn release_held(
    conn: &mut DbConnection,
    actor: &Actor,
    phase_id: &str,
) -> Result<Vec<String>, AppError> {
    write_tx(conn, |conn| {
        Ok(db::held::release_except(
            conn,
            &actor.user_id,
            phase_id,
            &[],
        )?)
    })
}
