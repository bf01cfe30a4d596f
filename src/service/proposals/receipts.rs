//! Receipts: what was received, when, with the SHA-256 of every file; and who may read them.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::db::proposals::ProposalFile;
use crate::db::{self, DbConnection};
use crate::domain::access::Actor;
use crate::domain::submission::{self, Envelope, ProposalStatus};
use crate::error::AppError;

use super::{load_phase, pending_addenda, supplier_organisation};

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ReceiptFile {
    pub id: String,
    pub envelope: Envelope,
    pub file_name: String,
    pub size_bytes: i64,
    pub sha256: String,
}

/// What a receipt states: everything needed to prove what was received, when.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Receipt {
    pub proposal_id: String,
    pub receipt_number: String,
    pub status: ProposalStatus,
    pub received_at: DateTime<Utc>,
    /// Server time in Rome, to the second.
    pub received_at_rome: String,
    pub call_id: String,
    pub call_reference: String,
    pub call_title: String,
    pub phase_id: String,
    pub phase_name: String,
    pub deadline: Option<DateTime<Utc>>,
    pub organisation_id: String,
    pub organisation_name: String,
    pub price_cents: Option<i64>,
    pub files: Vec<ReceiptFile>,
    pub supersedes: Option<String>,
    /// Addenda published after this proposal that it has not been confirmed against.
    pub pending_addenda: Vec<String>,
}

/// The receipt, if this reader may see it: sealed proposals only to their own organisation.
pub fn receipt(
    conn: &mut DbConnection,
    actor: &Actor,
    proposal_id: &str,
) -> Result<Receipt, AppError> {
    let proposal = db::proposals::find(conn, proposal_id)?.ok_or(AppError::NotFound)?;
    let phase = load_phase(conn, &proposal.phase_id)?;
    let officer = actor.is_officer_of(&phase.call.authority_id);
    let seat = db::evaluation::members(conn, &proposal.phase_id)?
        .into_iter()
        .find(|(m, _)| m.user_id == actor.user_id && m.is_active())
        .map(|(m, _)| submission::CommitteeSeat {
            cleared: m.is_cleared(),
        });
    let state = db::evaluation::phase_state(conn, &proposal.phase_id)?;
    let spec = &phase.call.spec.phases[phase.index];
    let anonymised = spec.anonymised.unwrap_or(spec.kind.is_pcp());
    let stage = submission::EvaluationStage {
        opened: phase.is_opened(),
        anonymised,
        technical_final: state.technical_final_at.is_some(),
        decided: state.decided_at.is_some(),
    };
    let reader = submission::reader(actor, &proposal.organisation_id, officer, seat, stage)
        .ok_or(AppError::NotFound)?;
    let (sees_organisation, sees_price) = match reader {
        submission::Reader::Committee {
            sees_organisation,
            sees_price,
        } => (sees_organisation, sees_price),
        _ => (true, true),
    };
    let organisation = db::accounts::find_organisation(conn, &proposal.organisation_id)?
        .ok_or(AppError::NotFound)?;
    let label = db::proposals::for_phase(conn, &proposal.phase_id)?
        .iter()
        .position(|p| p.id == proposal.id)
        .map(submission::anonymous_label)
        .unwrap_or_default();
    let files: Vec<_> = db::proposals::files(conn, &proposal.id)?
        .into_iter()
        .filter(|f| sees_price || f.envelope != Envelope::Financial.as_str())
        .collect();
    let pending = pending_addenda(conn, &proposal)?;
    let supersedes = match &proposal.supersedes {
        Some(id) => db::proposals::find(conn, id)?.map(|p| p.receipt_number),
        None => None,
    };
    Ok(Receipt {
        proposal_id: proposal.id.clone(),
        receipt_number: proposal.receipt_number.clone(),
        status: proposal.status(),
        received_at: proposal.received_at.and_utc(),
        received_at_rome: crate::domain::time::format_rome_seconds(proposal.received_at.and_utc()),
        call_id: phase.call.id.clone(),
        call_reference: phase.call.spec.reference.clone(),
        call_title: phase.call.spec.title.clone(),
        phase_id: proposal.phase_id.clone(),
        phase_name: spec.name.clone(),
        deadline: spec.deadline,
        organisation_id: if sees_organisation {
            organisation.id
        } else {
            String::new()
        },
        organisation_name: if sees_organisation {
            organisation.legal_name
        } else {
            label
        },
        price_cents: proposal.price_cents.filter(|_| sees_price),
        files: files
            .into_iter()
            .map(|f| ReceiptFile {
                id: f.id,
                envelope: Envelope::parse(&f.envelope).unwrap_or(Envelope::Technical),
                file_name: f.file_name,
                size_bytes: f.size_bytes,
                sha256: f.sha256,
            })
            .collect(),
        supersedes,
        pending_addenda: pending,
    })
}

/// A proposal's file, for a reader allowed to see the proposal.
pub fn file_for_reader(
    conn: &mut DbConnection,
    actor: &Actor,
    proposal_id: &str,
    file_id: &str,
) -> Result<ProposalFile, AppError> {
    receipt(conn, actor, proposal_id)?;
    db::proposals::files(conn, proposal_id)?
        .into_iter()
        .find(|f| f.id == file_id)
        .ok_or(AppError::NotFound)
}

/// The receipts of an organisation, newest first.
pub fn receipts_of(conn: &mut DbConnection, actor: &Actor) -> Result<Vec<Receipt>, AppError> {
    let org = supplier_organisation(actor)?.to_string();
    let rows = db::proposals::for_organisation(conn, &org)?;
    rows.iter().map(|p| receipt(conn, actor, &p.id)).collect()
}
