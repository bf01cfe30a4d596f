//! A replacement may keep files of the proposal it replaces: the same bytes (same SHA-256) under
//! a new receipt, without sending them again.

use super::ReceivedFile;
use crate::db::{self, DbConnection};
use crate::domain::access::Actor;
use crate::domain::submission::Envelope;
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

/// The files named by `ids`, each of which must belong to the organisation's active proposal in
/// the phase: nobody keeps a file they did not send.
pub fn kept_files(
    conn: &mut DbConnection,
    actor: &Actor,
    phase_id: &str,
    ids: &[String],
) -> Result<Vec<ReceivedFile>, AppError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let keepable = keepable(conn, actor, phase_id)?;
    ids.iter()
        .map(|id| {
            let f = keepable.iter().find(|f| &f.id == id).ok_or_else(|| {
                AppError::Invalid(vec![Violation::new("keep", ViolationKind::NotKeepable)])
            })?;
            Ok(ReceivedFile {
                envelope: Envelope::parse(&f.envelope).unwrap_or(Envelope::Technical),
                file_name: f.file_name.clone(),
                content_type: f.content_type.clone(),
                blob: StoredBlob {
                    sha256: f.sha256.clone(),
                    size: f.size_bytes.max(0) as u64,
                },
            })
        })
        .collect()
}
