//! Receipts: what was received, when, with the SHA-256 of every file; and who may read them.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::db::proposals::ProposalFile;
use crate::db::{self, DbConnection};
use crate::domain::access::Actor;
use crate::domain::evaluation::technical_exclusion;
use crate::domain::submission::{self, Envelope, Parts, ProposalStatus};
use crate::error::AppError;

use super::{PhaseRef, load_phase, pending_addenda, supplier_organisation};

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ReceiptFile {
    pub id: String,
    pub envelope: Envelope,
    pub file_name: String,
    pub size_bytes: i64,
    pub sha256: String,
}

/// A proposal's place in its phase's confirmed outcome, public once the outcome is confirmed.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ProposalOutcome {
    pub kind: crate::domain::phase::PhaseKind,
    pub rank: Option<usize>,
    pub admitted: bool,
    pub excluded: Option<crate::domain::evaluation::Exclusion>,
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
    /// When the proposal was withdrawn or replaced, by the server's clock.
    pub closed_at: Option<DateTime<Utc>>,
    /// Addenda published after this proposal that it has not been confirmed against.
    pub pending_addenda: Vec<String>,
    /// Once the phase's outcome is confirmed: this proposal's (absent if it was not evaluated).
    pub outcome: Option<ProposalOutcome>,
}

/// The receipt, if this reader may see it, with only the parts `visible_parts` lets them see.
pub fn receipt(
    conn: &mut DbConnection,
    actor: &Actor,
    proposal_id: &str,
) -> Result<Receipt, AppError> {
    let proposal = db::proposals::find(conn, proposal_id)?.ok_or(AppError::NotFound)?;
    let phase = load_phase(conn, &proposal.phase_id)?;
    let parts = parts_for(conn, actor, &phase, &proposal)?.ok_or(AppError::NotFound)?;
    let organisation = db::accounts::find_organisation(conn, &proposal.organisation_id)?
        .ok_or(AppError::NotFound)?;
    let files: Vec<_> = db::proposals::files(conn, &proposal.id)?
        .into_iter()
        .filter(|f| Envelope::parse(&f.envelope).is_some_and(|e| parts.envelope(e)))
        .collect();
    let pending = pending_addenda(conn, &proposal)?;
    let supersedes = match &proposal.supersedes {
        Some(id) => db::proposals::find(conn, id)?.map(|p| p.receipt_number),
        None => None,
    };
    let spec = &phase.call.spec.phases[phase.index];
    let (organisation_id, organisation_name, receipt_number) = if parts.identity {
        (
            organisation.id,
            organisation.legal_name,
            proposal.receipt_number.clone(),
        )
    } else {
        let label = anonymous_label_of(conn, &proposal)?;
        (String::new(), label, String::new())
    };
    Ok(Receipt {
        proposal_id: proposal.id.clone(),
        receipt_number,
        status: proposal.status(),
        received_at: proposal.received_at.and_utc(),
        closed_at: proposal.closed_at.map(|at| at.and_utc()),
        received_at_rome: crate::domain::time::format_rome_seconds(proposal.received_at.and_utc()),
        call_id: phase.call.id.clone(),
        call_reference: phase.call.spec.reference.clone(),
        call_title: phase.call.spec.title.clone(),
        phase_id: proposal.phase_id.clone(),
        phase_name: spec.name.clone(),
        deadline: spec.deadline,
        organisation_id,
        organisation_name,
        price_cents: proposal.price_cents.filter(|_| parts.financial),
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
        outcome: outcome_of(conn, &phase, &proposal.id)?,
    })
}

fn outcome_of(
    conn: &mut DbConnection,
    phase: &PhaseRef,
    proposal_id: &str,
) -> Result<Option<ProposalOutcome>, AppError> {
    if db::evaluation::phase_state(conn, phase.id())?
        .decided_at
        .is_none()
    {
        return Ok(None);
    }
    Ok(
        crate::service::evaluation_views::confirmed_ranking(conn, phase.id())?
            .into_iter()
            .find(|line| line.proposal_id == proposal_id)
            .map(|line| ProposalOutcome {
                kind: phase.call.spec.phases[phase.index].kind,
                rank: line.rank,
                admitted: line.admitted,
                excluded: line.excluded,
            }),
    )
}

/// What this actor sees of a proposal now (`None`: nothing at all), by `visible_parts`.
pub fn parts_for(
    conn: &mut DbConnection,
    actor: &Actor,
    phase: &PhaseRef,
    proposal: &db::proposals::ProposalRow,
) -> Result<Option<Parts>, AppError> {
    let officer = actor.is_officer_of(&phase.call.authority_id);
    let seat = db::evaluation::members(conn, &proposal.phase_id)?
        .into_iter()
        .find(|(m, _)| m.user_id == actor.user_id && m.is_active())
        .map(|(m, _)| submission::CommitteeSeat {
            cleared: m.is_cleared(),
        });
    let state = db::evaluation::phase_state(conn, &proposal.phase_id)?;
    let rules = phase.scoring();
    let stage = submission::EvaluationStage {
        opened: phase.is_opened(),
        anonymised: rules.anonymised,
        technical_final: state.technical_final_at.is_some(),
        decided: state.decided_at.is_some(),
    };
    let Some(reader) = submission::reader(actor, &proposal.organisation_id, officer, seat, stage)
    else {
        return Ok(None);
    };
    let passed_technical = stage.technical_final && {
        let points = crate::service::evaluation::consensus_points(
            conn,
            phase.id(),
            &proposal.id,
            rules.criteria.len(),
        )?;
        technical_exclusion(&rules, &points).is_none()
    };
    Ok(Some(submission::visible_parts(
        reader,
        stage,
        passed_technical,
    )))
}

/// "Proposta A, B, …": the place of the proposal among those opened, in the order received.
/// Only active proposals are opened and nothing changes after the deadline, so a label never
/// moves and no letter is skipped for a replaced or withdrawn proposal.
fn anonymous_label_of(
    conn: &mut DbConnection,
    proposal: &db::proposals::ProposalRow,
) -> Result<String, AppError> {
    let mut opened: Vec<_> = db::proposals::for_phase(conn, &proposal.phase_id)?
        .into_iter()
        .filter(|p| p.status() == ProposalStatus::Submitted)
        .collect();
    opened.sort_by(|a, b| {
        (a.received_at, &a.receipt_number).cmp(&(b.received_at, &b.receipt_number))
    });
    Ok(opened
        .iter()
        .position(|p| p.id == proposal.id)
        .map(submission::anonymous_label)
        .unwrap_or_default())
}

/// A proposal's file, for a reader allowed to see the file's envelope.
pub fn file_for_reader(
    conn: &mut DbConnection,
    actor: &Actor,
    proposal_id: &str,
    file_id: &str,
) -> Result<ProposalFile, AppError> {
    let visible = receipt(conn, actor, proposal_id)?;
    if !visible.files.iter().any(|f| f.id == file_id) {
        return Err(AppError::NotFound);
    }
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
