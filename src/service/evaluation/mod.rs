//! The evaluation of a phase: committee and declarations, opening, scoring, consensus, decision.
//! What the pages and documents read of it is in `evaluation_views`.

pub use super::evaluation_views::{
    Board, BoardProposal, PublicResult, PublicResults, board, composition, my_committees,
    public_results,
};

use chrono::{DateTime, Utc};

use crate::audit::{self, Change};
use crate::db::evaluation::Member;
use crate::db::{self, DbConnection, write_tx};
use crate::domain::access::Actor;
use crate::domain::evaluation::{self as rules, Exact, Offer, ResultLine};
use crate::domain::evaluation_steps::{Progress, Refusal, Seat, may_decide, may_open};
use crate::domain::submission::ProposalStatus;
use crate::domain::violation::{Violation, ViolationKind};
use crate::error::AppError;
use crate::service::proposals::{PhaseRef, load_phase};

mod committee;
mod price_verification;
mod scoring;

pub use committee::{add_replacement, appoint, declare, has_vacancy};
pub use price_verification::{PriceVerificationInput, record_price_verification};
pub use scoring::{ConsensusInput, ScoreInput, record_consensus, save_scores, submit_scores};

fn invalid(field: &str, kind: ViolationKind) -> AppError {
    AppError::Invalid(vec![Violation::new(field, kind)])
}

fn refused(refusal: Refusal) -> AppError {
    match refusal {
        Refusal::NotYours => AppError::Forbidden,
        Refusal::BeforeDeadline => invalid("phase", ViolationKind::BeforeDeadline),
        other => AppError::Step(other),
    }
}

/// Where the evaluation of a phase stands, for the rules of `domain::evaluation_steps`.
pub(super) fn progress(
    conn: &mut DbConnection,
    phase: &PhaseRef,
    members: &[(Member, String)],
    now: DateTime<Utc>,
) -> Result<Progress, AppError> {
    let state = db::evaluation::phase_state(conn, phase.id())?;
    let sitting: Vec<&Member> = members
        .iter()
        .map(|(m, _)| m)
        .filter(|m| m.is_active())
        .collect();
    Ok(Progress {
        past_deadline: phase.call.spec.phases[phase.index]
            .deadline
            .is_some_and(|d| now >= d),
        appointed: members.len(),
        sitting: sitting.len(),
        vacancy: has_vacancy(members),
        all_declared: sitting.iter().all(|m| m.is_cleared()),
        opened: phase.is_opened(),
        all_submitted: !sitting.is_empty()
            && sitting.iter().all(|m| m.scores_submitted_at.is_some()),
        technical_final: state.technical_final_at.is_some(),
        decided: state.decided_at.is_some(),
        consensus_rule: phase.scoring().consensus_rule,
    })
}

pub fn seat(member: &Member) -> Seat {
    Seat {
        chair: member.is_chair == 1,
        cleared: member.is_cleared(),
        submitted: member.scores_submitted_at.is_some(),
    }
}

fn managed_phase(
    conn: &mut DbConnection,
    actor: &Actor,
    phase_id: &str,
) -> Result<PhaseRef, AppError> {
    let phase = load_phase(conn, phase_id)?;
    if !actor.is_officer_of(&phase.call.authority_id) {
        return Err(AppError::Forbidden);
    }
    Ok(phase)
}

fn audit_phase(
    conn: &mut DbConnection,
    actor: &Actor,
    action: &str,
    phase_id: &str,
    after: String,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    audit::append(
        conn,
        Change {
            actor: &actor.user_id,
            action,
            entity_type: "phase",
            entity_id: phase_id,
            before: String::new(),
            after,
        },
        now,
    )?;
    Ok(())
}

fn my_membership(
    conn: &mut DbConnection,
    actor: &Actor,
    phase_id: &str,
) -> Result<Member, AppError> {
    db::evaluation::members(conn, phase_id)?
        .into_iter()
        .map(|(m, _)| m)
        .find(|m| m.user_id == actor.user_id && m.is_active())
        .ok_or(AppError::Forbidden)
}

/// The officer (or the chair) opens the phase's proposals after the deadline; the record lists
/// every proposal with its receipt time and hashes, and the withdrawn or replaced ones.
pub fn open(
    conn: &mut DbConnection,
    actor: &Actor,
    phase_id: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    write_tx(conn, |conn| {
        let phase = load_phase(conn, phase_id)?;
        let members = db::evaluation::members(conn, phase_id)?;
        let is_chair = members
            .iter()
            .any(|(m, _)| m.user_id == actor.user_id && m.is_active() && m.is_chair == 1);
        let officer_or_chair = actor.is_officer_of(&phase.call.authority_id) || is_chair;
        may_open(&progress(conn, &phase, &members, now)?, officer_or_chair).map_err(refused)?;
        db::evaluation::set_opened(conn, phase_id, &actor.user_id, now)?;
        let mut lines = Vec::new();
        for p in db::proposals::for_phase(conn, phase_id)? {
            let hashes: Vec<String> = db::proposals::files(conn, &p.id)?
                .into_iter()
                .map(|f| format!("{}={}", f.file_name, f.sha256))
                .collect();
            lines.push(format!(
                "{} {} {} [{}]",
                p.receipt_number,
                p.status,
                p.received_at,
                hashes.join(", ")
            ));
        }
        crate::service::notifications::proposals_open(conn, &phase, now)?;
        audit_phase(conn, actor, "phase.opened", phase_id, lines.join("; "), now)
    })
}

pub(super) fn active_proposals(
    conn: &mut DbConnection,
    phase_id: &str,
) -> Result<Vec<db::proposals::ProposalRow>, AppError> {
    Ok(db::proposals::for_phase(conn, phase_id)?
        .into_iter()
        .filter(|p| p.status() == ProposalStatus::Submitted)
        .collect())
}

pub(super) fn quality_criteria(phase: &PhaseRef) -> Vec<usize> {
    phase.scoring().quality_criteria()
}

/// The committee's points per (proposal, criterion), exact; missing ones are zero.
pub fn consensus_points(
    conn: &mut DbConnection,
    phase_id: &str,
    proposal_id: &str,
    criteria: usize,
) -> Result<Vec<Exact>, AppError> {
    let consensus = db::evaluation::consensus_of_phase(conn, phase_id)?;
    Ok(points_of(&consensus, proposal_id, criteria))
}

fn points_of(
    consensus: &[db::evaluation::ConsensusRow],
    proposal_id: &str,
    criteria: usize,
) -> Vec<Exact> {
    (0..criteria)
        .map(|c| {
            consensus
                .iter()
                .find(|r| r.proposal_id == proposal_id && r.criterion == c as i32)
                .and_then(|r| Exact::parse(&r.points))
                .unwrap_or_default()
        })
        .collect()
}

/// The ranking from the consensus scores and the prices, as the call's rules compute it.
pub fn compute_ranking(
    conn: &mut DbConnection,
    phase: &PhaseRef,
) -> Result<Vec<ResultLine>, AppError> {
    let rules = phase.scoring();
    let verdicts = db::evaluation::price_verifications_of_phase(conn, phase.id())?;
    let consensus = db::evaluation::consensus_of_phase(conn, phase.id())?;
    let mut offers = Vec::new();
    for p in active_proposals(conn, phase.id())? {
        let checks = crate::service::declarations::checks_of(conn, &p.id)?;
        offers.push(Offer {
            failed_selection: crate::domain::declaration::failed_criterion(&checks),
            price_verdict: verdicts
                .iter()
                .find(|v| v.proposal_id == p.id)
                .map(|v| v.accepted == 1),
            points: points_of(&consensus, &p.id, rules.criteria.len()),
            proposal_id: p.id,
            receipt_number: p.receipt_number,
            received_at: p.received_at.and_utc(),
            price_cents: p.price_cents,
        });
    }
    Ok(rules::rank(&rules, &offers))
}

/// The officer confirms the outcome: results become public and the admitted organisations may
/// submit in the next phase that takes proposals (the funnel).
pub fn decide(
    conn: &mut DbConnection,
    actor: &Actor,
    phase_id: &str,
    text: &str,
    now: DateTime<Utc>,
) -> Result<Vec<ResultLine>, AppError> {
    let mut violations = Vec::new();
    crate::domain::violation::check_text("text", text, 20_000, &mut violations);
    if !violations.is_empty() {
        return Err(AppError::Invalid(violations));
    }
    write_tx(conn, |conn| {
        let phase = managed_phase(conn, actor, phase_id)?;
        let members = db::evaluation::members(conn, phase_id)?;
        may_decide(&progress(conn, &phase, &members, now)?, true).map_err(refused)?;
        let lines = compute_ranking(conn, &phase)?;
        if !rules::awaiting_verification(&lines).is_empty() {
            return Err(AppError::Step(Refusal::VerificationsPending));
        }
        if phase.call.spec.phases[phase.index].kind
            == crate::domain::phase::PhaseKind::RequestsToParticipate
        {
            let criteria = phase.scoring().criteria.len();
            for p in active_proposals(conn, phase_id)? {
                let checks = crate::service::declarations::checks_of(conn, &p.id)?;
                if !crate::domain::declaration::selection_complete(&checks, criteria) {
                    return Err(AppError::Step(Refusal::SelectionChecksPending));
                }
            }
        }
        let stored: Vec<(String, String)> = lines
            .iter()
            .map(|l| {
                (
                    l.proposal_id.clone(),
                    serde_json::to_string(l).unwrap_or_default(),
                )
            })
            .collect();
        db::evaluation::save_results(conn, phase_id, &stored)?;
        db::evaluation::set_decided(conn, phase_id, &actor.user_id, text.trim(), now)?;
        let next = phase
            .call
            .spec
            .phases
            .iter()
            .enumerate()
            .skip(phase.index + 1)
            .find(|(_, p)| p.kind.has_deadline())
            .map(|(i, _)| phase.call.phase_ids[i].clone());
        let mut admitted = Vec::new();
        for line in lines.iter().filter(|l| l.admitted) {
            let Some(p) = db::proposals::find(conn, &line.proposal_id)? else {
                continue;
            };
            if let Some(next) = &next {
                db::proposals::admit(conn, next, &p.organisation_id, now)?;
            }
            admitted.push(p.organisation_id);
        }
        crate::service::contracts::create_drafts(conn, actor, &phase, &lines, now)?;
        crate::service::communications::notify_outcome(conn, &phase, &lines, now)?;
        audit_phase(
            conn,
            actor,
            "phase.decided",
            phase_id,
            format!("admitted={} text={}", admitted.join(","), text.trim()),
            now,
        )?;
        Ok(lines)
    })
}
