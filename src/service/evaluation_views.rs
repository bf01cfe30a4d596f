//! The read side of the evaluation: public results, the board the committee and the officer work
//! on, a member's committees and the public composition of a committee.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::evaluation::{active_proposals, compute_ranking, progress, quality_criteria};
use crate::db::evaluation::Member;
use crate::db::{self, DbConnection};
use crate::domain::access::Actor;
use crate::domain::evaluation::{self as rules, ConsensusRule, Exact, ResultLine};
use crate::domain::evaluation_steps::Progress;
use crate::error::AppError;
use crate::service::proposals::load_phase;

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PublicResult {
    pub rank: Option<usize>,
    pub organisation: String,
    pub receipt_number: String,
    /// Exact points per criterion in the phase's order (`n/d`); `null` for a price not scored.
    #[schema(value_type = Vec<Option<String>>)]
    pub points: Vec<Option<Exact>>,
    #[schema(value_type = String)]
    pub total: Exact,
    /// The price, for an offer whose financial envelope was opened.
    pub price_cents: Option<i64>,
    pub abnormally_low: bool,
    pub admitted: bool,
    pub excluded: Option<rules::Exclusion>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PublicResults {
    pub kind: crate::domain::phase::PhaseKind,
    pub decided_at: DateTime<Utc>,
    /// After an award: the end of the standstill, when the award becomes final.
    pub standstill_until: Option<DateTime<Utc>>,
    /// An appeal with interim measures holds the award (art. 18 c.4): not final, no contract.
    pub award_held: bool,
    pub decision: String,
    pub criteria: Vec<String>,
    pub lines: Vec<PublicResult>,
}

/// The confirmed outcome of a phase, public: ranking, consensus scores, admitted and excluded.
pub fn public_results(
    conn: &mut DbConnection,
    phase_id: &str,
) -> Result<Option<PublicResults>, AppError> {
    let phase = load_phase(conn, phase_id)?;
    let state = db::evaluation::phase_state(conn, phase_id)?;
    let (Some(decided_at), Some(decision)) = (state.decided_at, state.decision_text) else {
        return Ok(None);
    };
    let mut lines = Vec::new();
    for line in confirmed_ranking(conn, phase_id)? {
        let proposal = db::proposals::find(conn, &line.proposal_id)?.ok_or(AppError::NotFound)?;
        let organisation = db::accounts::find_organisation(conn, &proposal.organisation_id)?
            .map(|o| o.legal_name)
            .unwrap_or_default();
        lines.push(PublicResult {
            rank: line.rank,
            organisation,
            receipt_number: proposal.receipt_number,
            points: line.points,
            total: line.total,
            price_cents: line.price_cents,
            abnormally_low: line.abnormally_low,
            admitted: line.admitted,
            excluded: line.excluded,
        });
    }
    let start =
        crate::service::communications::standstill_start(conn, phase.id(), decided_at.and_utc())?;
    let standstill_until = rules::award_final_at(&phase.call.spec.phases, phase.index, start);
    let kind = phase.call.spec.phases[phase.index].kind;
    let award_held =
        kind.awards_contracts() && crate::service::challenges::award_held(conn, &phase.call.id)?;
    Ok(Some(PublicResults {
        kind,
        award_held,
        standstill_until,
        decided_at: decided_at.and_utc(),
        decision,
        criteria: phase
            .scoring()
            .criteria
            .iter()
            .map(|c| c.name.clone())
            .collect(),
        lines,
    }))
}

/// The ranking as the outcome confirmed it, in ranking order.
pub fn confirmed_ranking(
    conn: &mut DbConnection,
    phase_id: &str,
) -> Result<Vec<ResultLine>, AppError> {
    db::evaluation::results(conn, phase_id)?
        .into_iter()
        .map(|(_, json)| serde_json::from_str(&json).map_err(|e| AppError::Unexpected(e.into())))
        .collect()
}

/// One proposal as the committee works on it.
#[derive(Debug, Clone)]
pub struct BoardProposal {
    pub id: String,
    /// The organisation, or "Proposta A" while the evaluation is anonymised.
    pub label: String,
    pub received_at: DateTime<Utc>,
    /// Empty while the committee knows the proposal only by its label.
    pub receipt_number: String,
    pub my_scores: Vec<Option<(Exact, String)>>,
    pub mean: Vec<Option<Exact>>,
    /// Once every member has submitted: each member's (name, points, justification) per criterion,
    /// for the chair and the officer to see side by side.
    pub member_scores: Vec<Vec<(String, Exact, String)>>,
    pub consensus: Vec<Option<(Exact, String)>>,
    /// (file id, file name, envelope).
    pub files: Vec<(String, String, crate::domain::submission::Envelope)>,
    /// PCP: the bidder's accepted deliverables of the phase before, for the committee to read.
    pub previous: Vec<crate::service::contracts::PreviousWork>,
    /// PCP: the bidder's rank (none if excluded) and total in the phase before.
    pub previous_result: Option<(Option<usize>, Exact)>,
    pub price_cents: Option<i64>,
}

/// Everything the evaluation pages show of a phase, for a committee member or an officer.
#[derive(Debug, Clone)]
pub struct Board {
    pub kind: crate::domain::phase::PhaseKind,
    pub call_id: String,
    pub call_title: String,
    pub phase_id: String,
    pub phase_name: String,
    pub deadline: Option<DateTime<Utc>>,
    pub criteria: Vec<crate::domain::criteria::CriterionSpec>,
    pub quality: Vec<usize>,
    pub members: Vec<(Member, String)>,
    pub me: Option<Member>,
    pub opened: bool,
    pub technical_final: bool,
    pub decided: bool,
    pub consensus_rule: ConsensusRule,
    /// Where the evaluation stands, for the steps the page may offer.
    pub progress: Progress,
    pub proposals: Vec<BoardProposal>,
    pub count: usize,
    /// For the officer once the technical scores are final: the ranking the decision would confirm,
    /// with abnormally low prices flagged.
    pub preview: Vec<(String, ResultLine)>,
}

pub fn board(
    conn: &mut DbConnection,
    actor: &Actor,
    phase_id: &str,
    now: DateTime<Utc>,
) -> Result<Board, AppError> {
    let phase = load_phase(conn, phase_id)?;
    let members = db::evaluation::members(conn, phase_id)?;
    let me = members
        .iter()
        .map(|(m, _)| m)
        .find(|m| m.user_id == actor.user_id && m.is_active())
        .cloned();
    let officer = actor.is_officer_of(&phase.call.authority_id);
    if me.is_none() && !officer {
        return Err(AppError::Forbidden);
    }
    let state = db::evaluation::phase_state(conn, phase_id)?;
    let progress = progress(conn, &phase, &members, now)?;
    let spec = phase.scoring();
    let quality = quality_criteria(&phase);
    let proposals = active_proposals(conn, phase_id)?;
    let count = proposals.len();
    let scores = db::evaluation::scores_of_phase(conn, phase_id)?;
    let consensus = db::evaluation::consensus_of_phase(conn, phase_id)?;
    let visible = phase.is_opened() && (officer || me.as_ref().is_some_and(Member::is_cleared));
    let mut rows = Vec::new();
    if visible {
        for p in &proposals {
            let receipt = crate::service::proposals::receipt(conn, actor, &p.id)?;
            let per = |c: usize| -> Vec<Exact> {
                scores
                    .iter()
                    .filter(|s| s.proposal_id == p.id && s.criterion == c as i32)
                    .filter_map(|s| Exact::parse(&s.points))
                    .collect()
            };
            let side_by_side = |c: usize| -> Vec<(String, Exact, String)> {
                if !progress.all_submitted {
                    return Vec::new();
                }
                members
                    .iter()
                    .filter(|(m, _)| m.is_active())
                    .filter_map(|(m, name)| {
                        let s = scores.iter().find(|s| {
                            s.member_id == m.id && s.proposal_id == p.id && s.criterion == c as i32
                        })?;
                        Some((
                            name.clone(),
                            Exact::parse(&s.points)?,
                            s.justification.clone(),
                        ))
                    })
                    .collect()
            };
            rows.push(BoardProposal {
                id: p.id.clone(),
                label: receipt.organisation_name.clone(),
                received_at: receipt.received_at,
                receipt_number: receipt.receipt_number.clone(),
                my_scores: (0..spec.criteria.len())
                    .map(|c| {
                        me.as_ref().and_then(|m| {
                            scores
                                .iter()
                                .find(|s| {
                                    s.member_id == m.id
                                        && s.proposal_id == p.id
                                        && s.criterion == c as i32
                                })
                                .and_then(|s| {
                                    Some((Exact::parse(&s.points)?, s.justification.clone()))
                                })
                        })
                    })
                    .collect(),
                mean: (0..spec.criteria.len())
                    .map(|c| rules::mean(&per(c)))
                    .collect(),
                member_scores: (0..spec.criteria.len()).map(side_by_side).collect(),
                consensus: (0..spec.criteria.len())
                    .map(|c| {
                        consensus
                            .iter()
                            .find(|r| r.proposal_id == p.id && r.criterion == c as i32)
                            .and_then(|r| Some((Exact::parse(&r.points)?, r.reason.clone())))
                    })
                    .collect(),
                files: receipt
                    .files
                    .iter()
                    .map(|f| (f.id.clone(), f.file_name.clone(), f.envelope))
                    .collect(),
                price_cents: receipt.price_cents,
                previous_result: crate::service::contracts::previous_result(
                    conn,
                    &phase.call,
                    phase.index,
                    &p.organisation_id,
                )?,
                previous: crate::service::contracts::previous_work(
                    conn,
                    &phase.call,
                    phase.index,
                    &p.organisation_id,
                    crate::domain::time::rome_date(now),
                )?,
            });
        }
    }
    // The officer sees the ranking the decision would confirm; once confirmed, everyone on the
    // board keeps seeing the ranking as it was confirmed.
    let lines = if state.decided_at.is_some() {
        confirmed_ranking(conn, phase_id)?
    } else if officer && state.technical_final_at.is_some() {
        compute_ranking(conn, &phase)?
    } else {
        Vec::new()
    };
    let preview = lines
        .into_iter()
        .map(|line| {
            let label = rows
                .iter()
                .find(|r| r.id == line.proposal_id)
                .map(|r| r.label.clone())
                .unwrap_or_default();
            (label, line)
        })
        .collect();
    Ok(Board {
        kind: phase.call.spec.phases[phase.index].kind,
        preview,
        call_id: phase.call.id.clone(),
        call_title: phase.call.spec.title.clone(),
        phase_id: phase_id.to_string(),
        phase_name: phase.name().to_string(),
        deadline: phase.call.spec.phases[phase.index].deadline,
        criteria: spec.criteria.clone(),
        quality,
        members,
        me,
        opened: phase.is_opened(),
        technical_final: state.technical_final_at.is_some(),
        decided: state.decided_at.is_some(),
        consensus_rule: spec.consensus_rule,
        progress,
        proposals: rows,
        count,
    })
}

/// The committees a member sits on: (call title, phase name, phase id).
pub fn my_committees(
    conn: &mut DbConnection,
    actor: &Actor,
) -> Result<Vec<(String, String, String)>, AppError> {
    let mut out = Vec::new();
    for phase_id in db::evaluation::phases_of_member(conn, &actor.user_id)? {
        let phase = load_phase(conn, &phase_id)?;
        out.push((
            phase.call.spec.title.clone(),
            phase.call.spec.phases[phase.index].name.clone(),
            phase_id,
        ));
    }
    Ok(out)
}

/// The public composition of a phase's committee: names and who chairs, with conflicts recorded.
pub fn composition(
    conn: &mut DbConnection,
    phase_id: &str,
) -> Result<Vec<(String, bool, bool)>, AppError> {
    Ok(db::evaluation::members(conn, phase_id)?
        .into_iter()
        .map(|(m, name)| (name, m.is_chair == 1 && m.is_active(), !m.is_active()))
        .collect())
}

/// Where a call stands for the public list: the phase taking proposals, or being evaluated.
pub fn call_stage(
    conn: &mut DbConnection,
    call_id: &str,
    now: DateTime<Utc>,
) -> Result<crate::domain::call_stage::CallStage, AppError> {
    use crate::domain::call_stage::{CallStage, call_stage};
    let Some(call) = db::calls::find(conn, call_id)? else {
        return Ok(CallStage::Closed);
    };
    let mut decided = Vec::with_capacity(call.phase_ids.len());
    for phase_id in &call.phase_ids {
        decided.push(
            db::evaluation::phase_state(conn, phase_id)?
                .decided_at
                .is_some(),
        );
    }
    Ok(call_stage(call.status, &call.spec.phases, &decided, now))
}
