//! The PCP model evaluates the progress made: the committee of a phase reads the deliverables
//! each bidder had accepted in the phase before. One function says which, for the board that
//! lists them and for the download that serves them.

use chrono::NaiveDate;

use crate::db::calls::CallRecord;
use crate::db::{self, DbConnection};
use crate::domain::access::Actor;
use crate::domain::contract::DeliverableState;
use crate::error::AppError;

/// An accepted deliverable of the previous phase: its title and the file accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreviousWork {
    pub deliverable: String,
    pub submission_id: String,
    pub file_name: String,
    pub sha256: String,
}

/// The deliverables `organisation_id` had accepted under its contract of the PCP phase before
/// `phase_index`; none for a first phase or outside a PCP.
pub fn previous_work(
    conn: &mut DbConnection,
    call: &CallRecord,
    phase_index: usize,
    organisation_id: &str,
    today: NaiveDate,
) -> Result<Vec<PreviousWork>, AppError> {
    let phases = &call.spec.phases;
    if !phases[phase_index].kind.is_pcp() {
        return Ok(Vec::new());
    }
    let Some(before) = (0..phase_index).rev().find(|i| phases[*i].kind.is_pcp()) else {
        return Ok(Vec::new());
    };
    let previous_phase = &call.phase_ids[before];
    let contracts = super::views::load_call(conn, call.clone(), today)?.contracts;
    Ok(contracts
        .iter()
        .filter(|c| c.phase_id == *previous_phase && c.organisation_id == organisation_id)
        .flat_map(|c| c.deliverables.iter())
        .filter(|d| d.state == DeliverableState::Accepted)
        .filter_map(|d| {
            let s = d.latest()?;
            Some(PreviousWork {
                deliverable: d.title.clone(),
                submission_id: s.id.clone(),
                file_name: s.file_name.clone(),
                sha256: s.sha256.clone(),
            })
        })
        .collect())
}

/// Whether `actor` sits, cleared, on the committee of an opened later phase in which the
/// supplier bids, and `submission_id` is among the previous work that committee reads.
pub fn committee_reads(
    conn: &mut DbConnection,
    actor: &Actor,
    call: &CallRecord,
    organisation_id: &str,
    submission_id: &str,
    today: NaiveDate,
) -> Result<bool, AppError> {
    for (index, phase_id) in call.phase_ids.iter().enumerate() {
        if call.phase_opened_at[index].is_none() {
            continue;
        }
        let sits = db::evaluation::members(conn, phase_id)?
            .iter()
            .any(|(m, _)| m.user_id == actor.user_id && m.is_active() && m.is_cleared());
        if !sits {
            continue;
        }
        let bids = db::proposals::for_phase(conn, phase_id)?.iter().any(|p| {
            p.organisation_id == organisation_id
                && p.status() == crate::domain::submission::ProposalStatus::Submitted
        });
        if bids
            && previous_work(conn, call, index, organisation_id, today)?
                .iter()
                .any(|w| w.submission_id == submission_id)
        {
            return Ok(true);
        }
    }
    Ok(false)
}

/// The bidder's line in the confirmed outcome of the PCP phase before `phase_index`: its rank
/// (none if it was excluded) and its total out of 100.
pub fn previous_result(
    conn: &mut DbConnection,
    call: &CallRecord,
    phase_index: usize,
    organisation_id: &str,
) -> Result<Option<(Option<usize>, crate::domain::evaluation::Exact)>, AppError> {
    let phases = &call.spec.phases;
    if !phases[phase_index].kind.is_pcp() {
        return Ok(None);
    }
    let Some(before) = (0..phase_index).rev().find(|i| phases[*i].kind.is_pcp()) else {
        return Ok(None);
    };
    let lines = crate::service::evaluation_views::confirmed_ranking(conn, &call.phase_ids[before])?;
    for line in lines {
        let of_bidder = db::proposals::find(conn, &line.proposal_id)?
            .is_some_and(|p| p.organisation_id == organisation_id);
        if of_bidder {
            return Ok(Some((line.rank, line.total)));
        }
    }
    Ok(None)
}
