//! Submitting, replacing, withdrawing and confirming proposals. Their receipts are in `receipts`.

use chrono::{DateTime, Datelike, Utc};

use crate::audit::{self, Change};
use crate::db::calls::CallRecord;
use crate::db::proposals::{ProposalFile, ProposalRow};
use crate::db::{self, DbConnection, write_tx};
use crate::domain::access::{Actor, Role};
use crate::domain::submission::{
    Envelope, ProposalStatus, SubmissionRules, SubmitRefusal, check_window, receipt_number,
    rules_for,
};
use crate::error::AppError;
use crate::storage::StoredBlob;

mod kept;
pub(crate) mod receipts;
pub use kept::{held, hold, keepable, kept_files, release_held};

pub use receipts::{Receipt, ReceiptFile, file_for_reader, receipt, receipts_of};

/// A phase of a call, located by the phase's id.
pub struct PhaseRef {
    pub call: CallRecord,
    pub index: usize,
}

impl PhaseRef {
    pub fn id(&self) -> &str {
        &self.call.phase_ids[self.index]
    }

    pub fn is_opened(&self) -> bool {
        self.call.phase_opened_at[self.index].is_some()
    }

    /// The rules that score the phase, as the call states them (final tenders take the award's).
    pub fn scoring(&self) -> crate::domain::evaluation::ScoringRules {
        crate::domain::evaluation::scoring_rules(&self.call.spec, self.index)
    }

    pub fn name(&self) -> &str {
        &self.call.spec.phases[self.index].name
    }

    pub fn rules(&self) -> Option<SubmissionRules> {
        rules_for(&self.call.spec.phases, self.index)
    }
}

pub fn load_phase(conn: &mut DbConnection, phase_id: &str) -> Result<PhaseRef, AppError> {
    let call_id = db::calls::call_of_phase(conn, phase_id)?.ok_or(AppError::NotFound)?;
    let call = db::calls::find(conn, &call_id)?.ok_or(AppError::NotFound)?;
    if !call.is_public() {
        return Err(AppError::NotFound);
    }
    let index = call
        .phase_ids
        .iter()
        .position(|p| p == phase_id)
        .ok_or(AppError::NotFound)?;
    Ok(PhaseRef { call, index })
}

fn supplier_organisation(actor: &Actor) -> Result<&str, AppError> {
    match (actor.role, actor.organisation_id.as_deref()) {
        (Role::Supplier, Some(org)) => Ok(org),
        _ => Err(AppError::Forbidden),
    }
}

/// May this supplier submit in this phase now? Asked before any byte is read, and again at commit.
pub fn check_can_submit(
    conn: &mut DbConnection,
    actor: &Actor,
    phase: &PhaseRef,
    now: DateTime<Utc>,
) -> Result<SubmissionRules, AppError> {
    let org = supplier_organisation(actor)?;
    let admitted = db::proposals::is_admitted(conn, phase.id(), org)?;
    check_window(
        phase.call.status,
        &phase.call.spec.phases,
        phase.index,
        admitted,
        now,
    )
    .map_err(AppError::Submission)?;
    phase.rules().ok_or(AppError::Submission(
        SubmitRefusal::NoSubmissionsInThisPhase,
    ))
}

/// Records a refusal for lateness, in its own transaction: the refused upload left nothing else.
pub fn record_late_refusal(
    conn: &mut DbConnection,
    actor: &Actor,
    phase_id: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    write_tx(conn, |conn| {
        audit::append(
            conn,
            Change {
                actor: &actor.user_id,
                action: "proposal.refused_late",
                entity_type: "phase",
                entity_id: phase_id,
                before: String::new(),
                after: format!(
                    "organisation={}",
                    actor.organisation_id.as_deref().unwrap_or("")
                ),
            },
            now,
        )?;
        Ok(())
    })
}

/// A file received in full and in the store, not yet recorded.
#[derive(Clone)]
pub struct ReceivedFile {
    pub envelope: Envelope,
    pub file_name: String,
    pub content_type: String,
    pub blob: StoredBlob,
}

/// Records the proposal if the deadline has not passed at `now`, the instant of commit; an active
/// proposal of the same organisation is superseded and stays on record.
pub fn record(
    conn: &mut DbConnection,
    actor: &Actor,
    phase_id: &str,
    files: &[ReceivedFile],
    price_cents: Option<i64>,
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    let org = supplier_organisation(actor)?.to_string();
    write_tx(conn, |conn| {
        let phase = load_phase(conn, phase_id)?;
        check_can_submit(conn, actor, &phase, now)?;
        let previous = db::proposals::active_for(conn, phase_id, &org)?;
        if let Some(p) = &previous {
            db::proposals::set_status(conn, &p.id, ProposalStatus::Superseded, now)?;
        }
        let id = uuid::Uuid::new_v4().to_string();
        let number = receipt_number(
            now.year(),
            db::proposals::next_receipt_sequence(conn, now.year())?,
        );
        let row = ProposalRow {
            id: id.clone(),
            call_id: phase.call.id.clone(),
            phase_id: phase_id.to_string(),
            organisation_id: org.clone(),
            submitted_by: actor.user_id.clone(),
            status: ProposalStatus::Submitted.as_str().to_string(),
            receipt_number: number.clone(),
            received_at: now.naive_utc(),
            price_cents,
            total_bytes: files.iter().map(|f| f.blob.size as i64).sum(),
            supersedes: previous.as_ref().map(|p| p.id.clone()),
            closed_at: None,
        };
        let mut positions = std::collections::HashMap::new();
        let file_rows: Vec<ProposalFile> = files
            .iter()
            .map(|f| {
                let position = positions.entry(f.envelope).or_insert(0);
                *position += 1;
                ProposalFile {
                    id: uuid::Uuid::new_v4().to_string(),
                    proposal_id: id.clone(),
                    envelope: f.envelope.as_str().to_string(),
                    position: *position,
                    file_name: f.file_name.clone(),
                    content_type: f.content_type.clone(),
                    size_bytes: f.blob.size as i64,
                    sha256: f.blob.sha256.clone(),
                }
            })
            .collect();
        db::proposals::insert_proposal(conn, &row, &file_rows)?;
        let hashes: Vec<String> = files
            .iter()
            .map(|f| format!("{}:{}", f.file_name, f.blob.sha256))
            .collect();
        audit::append(
            conn,
            Change {
                actor: &actor.user_id,
                action: if previous.is_some() {
                    "proposal.replaced"
                } else {
                    "proposal.submitted"
                },
                entity_type: "proposal",
                entity_id: &id,
                before: previous
                    .map(|p| format!("superseded {}", p.receipt_number))
                    .unwrap_or_default(),
                after: format!(
                    "receipt={number} organisation={org} phase={phase_id} files=[{}]",
                    hashes.join(", ")
                ),
            },
            now,
        )?;
        Ok(id)
    })
}

pub fn withdraw(
    conn: &mut DbConnection,
    actor: &Actor,
    proposal_id: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    write_tx(conn, |conn| {
        let proposal = own_proposal(conn, actor, proposal_id)?;
        if proposal.status() != ProposalStatus::Submitted {
            return Err(AppError::Submission(SubmitRefusal::NotActive));
        }
        let phase = load_phase(conn, &proposal.phase_id)?;
        check_window(
            phase.call.status,
            &phase.call.spec.phases,
            phase.index,
            true,
            now,
        )
        .map_err(AppError::Submission)?;
        db::proposals::set_status(conn, proposal_id, ProposalStatus::Withdrawn, now)?;
        audit::append(
            conn,
            Change {
                actor: &actor.user_id,
                action: "proposal.withdrawn",
                entity_type: "proposal",
                entity_id: proposal_id,
                before: format!("receipt={} submitted", proposal.receipt_number),
                after: "withdrawn".into(),
            },
            now,
        )?;
        Ok(())
    })
}

/// After an addendum, a supplier confirms its proposal as it stands.
pub fn confirm(
    conn: &mut DbConnection,
    actor: &Actor,
    proposal_id: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    write_tx(conn, |conn| {
        let proposal = own_proposal(conn, actor, proposal_id)?;
        let phase = load_phase(conn, &proposal.phase_id)?;
        check_window(
            phase.call.status,
            &phase.call.spec.phases,
            phase.index,
            true,
            now,
        )
        .map_err(AppError::Submission)?;
        let pending = pending_addenda(conn, &proposal)?;
        let Some(latest) = pending.last() else {
            return Err(AppError::Submission(SubmitRefusal::NothingToConfirm));
        };
        db::proposals::confirm(conn, proposal_id, latest, &actor.user_id, now)?;
        audit::append(
            conn,
            Change {
                actor: &actor.user_id,
                action: "proposal.confirmed",
                entity_type: "proposal",
                entity_id: proposal_id,
                before: String::new(),
                after: format!("confirmed after addendum {latest}"),
            },
            now,
        )?;
        Ok(())
    })
}

/// Addenda published after the proposal was received and not yet confirmed, oldest first.
pub fn pending_addenda(
    conn: &mut DbConnection,
    proposal: &ProposalRow,
) -> Result<Vec<String>, AppError> {
    if proposal.status() != ProposalStatus::Submitted {
        return Ok(Vec::new());
    }
    let confirmed = db::proposals::confirmed_addenda(conn, &proposal.id)?;
    let addenda = db::proposals::addenda_for_call(conn, &proposal.call_id)?;
    let last_confirmed = addenda.iter().rposition(|(a, _)| confirmed.contains(&a.id));
    Ok(addenda
        .into_iter()
        .enumerate()
        .filter(|(i, (a, _))| {
            a.published_at > proposal.received_at && last_confirmed.is_none_or(|c| *i > c)
        })
        .map(|(_, (a, _))| a.id)
        .collect())
}

fn own_proposal(
    conn: &mut DbConnection,
    actor: &Actor,
    proposal_id: &str,
) -> Result<ProposalRow, AppError> {
    let org = supplier_organisation(actor)?;
    let proposal = db::proposals::find(conn, proposal_id)?.ok_or(AppError::NotFound)?;
    if proposal.organisation_id != org {
        return Err(AppError::NotFound);
    }
    Ok(proposal)
}
