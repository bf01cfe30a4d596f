//! The evaluation of a phase: committee and declarations, opening, scoring, consensus, decision.
//! What the pages and documents read of it is in `evaluation_views`.

pub use super::evaluation_views::{
    Board, BoardProposal, PublicResult, PublicResults, board, composition, my_committees,
    public_results,
};

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::Deserialize;

use crate::audit::{self, Change};
use crate::db::evaluation::{ConsensusRow, Member, ScoreRow};
use crate::db::{self, DbConnection, write_tx};
use crate::domain::access::{Actor, Role};
use crate::domain::criteria::CriterionKind;
use crate::domain::evaluation::{self as rules, ConsensusRule, PriceFormula, ResultLine, Scored};
use crate::domain::evaluation_steps::{
    Progress, Refusal, Seat, may_appoint, may_open, may_record_consensus, may_replace, may_score,
};
use crate::domain::submission::ProposalStatus;
use crate::domain::violation::{Violation, ViolationKind};
use crate::error::AppError;
use crate::service::proposals::{PhaseRef, load_phase};

fn invalid(field: &str, kind: ViolationKind) -> AppError {
    AppError::Invalid(vec![Violation::new(field, kind)])
}

fn state_refused(message: &str) -> AppError {
    AppError::conflict(message)
}

fn refused(refusal: Refusal) -> AppError {
    match refusal {
        Refusal::NotYours => AppError::Forbidden,
        Refusal::BeforeDeadline => invalid("phase", ViolationKind::BeforeDeadline),
        other => state_refused(other.message()),
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
        opened: phase.is_opened(),
        all_submitted: !sitting.is_empty()
            && sitting.iter().all(|m| m.scores_submitted_at.is_some()),
        technical_final: state.technical_final_at.is_some(),
        consensus_rule: phase
            .scored_spec()
            .consensus_rule
            .unwrap_or(ConsensusRule::ChairRecords),
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

/// The officer appoints the committee after the deadline: odd, at most the call's maximum, one chair.
pub fn appoint(
    conn: &mut DbConnection,
    actor: &Actor,
    phase_id: &str,
    members: &[String],
    chair: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    write_tx(conn, |conn| {
        let phase = managed_phase(conn, actor, phase_id)?;
        let violations = rules::check_committee(
            members,
            chair,
            phase.call.spec.committee_max.max(1) as usize,
            phase.call.spec.phases[phase.index].deadline,
            now,
        );
        if !violations.is_empty() {
            return Err(AppError::Invalid(violations));
        }
        let appointed = db::evaluation::members(conn, phase_id)?;
        may_appoint(&progress(conn, &phase, &appointed, now)?).map_err(refused)?;
        for user_id in members {
            let user = db::accounts::find_user_by_id(conn, user_id)?;
            if user
                .as_ref()
                .is_none_or(|u| u.role != Role::Evaluator.as_str())
            {
                return Err(invalid(
                    "members",
                    ViolationKind::Malformed {
                        detail: format!("{user_id} is not an evaluator"),
                    },
                ));
            }
            db::evaluation::insert_member(
                conn,
                &Member {
                    id: uuid::Uuid::new_v4().to_string(),
                    phase_id: phase_id.to_string(),
                    user_id: user_id.clone(),
                    is_chair: i32::from(user_id == chair),
                    appointed_at: now.naive_utc(),
                    appointed_by: actor.user_id.clone(),
                    declared_at: None,
                    has_conflict: None,
                    declaration: None,
                    scores_submitted_at: None,
                    replaced_at: None,
                },
            )?;
        }
        audit_phase(
            conn,
            actor,
            "committee.appointed",
            phase_id,
            format!("members={} chair={chair}", members.join(",")),
            now,
        )
    })
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

/// Each member declares, before seeing anything, whether they have a conflict of interest
/// (DPR 62/2013 art. 7). A member who declares one leaves the committee; both facts are recorded.
pub fn declare(
    conn: &mut DbConnection,
    actor: &Actor,
    phase_id: &str,
    conflict: bool,
    statement: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    if statement.trim().is_empty() {
        return Err(invalid("statement", ViolationKind::Required));
    }
    write_tx(conn, |conn| {
        let member = my_membership(conn, actor, phase_id)?;
        if member.declared_at.is_some() {
            return Err(state_refused("the declaration is already signed"));
        }
        db::evaluation::declare(conn, &member.id, conflict, statement.trim(), now)?;
        let action = if conflict {
            "committee.conflict_declared"
        } else {
            "committee.no_conflict_declared"
        };
        audit_phase(
            conn,
            actor,
            action,
            phase_id,
            format!("member={} statement={}", actor.user_id, statement.trim()),
            now,
        )?;
        if conflict {
            db::evaluation::replace(conn, &member.id, now)?;
            audit_phase(
                conn,
                actor,
                "committee.member_replaced",
                phase_id,
                format!("member={} left for a conflict of interest", actor.user_id),
                now,
            )?;
        }
        Ok(())
    })
}

/// Whether a member left (for a conflict) and the committee is below the size it was appointed
/// with: replacements restore that size, no more.
pub fn has_vacancy(members: &[(Member, String)]) -> bool {
    let first = members.iter().map(|(m, _)| m.appointed_at).min();
    let appointed = members
        .iter()
        .filter(|(m, _)| Some(m.appointed_at) == first)
        .count();
    members.iter().filter(|(m, _)| m.is_active()).count() < appointed
}

/// The officer replaces a member who declared a conflict with another evaluator.
pub fn add_replacement(
    conn: &mut DbConnection,
    actor: &Actor,
    phase_id: &str,
    user_id: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    write_tx(conn, |conn| {
        let phase = managed_phase(conn, actor, phase_id)?;
        let members = db::evaluation::members(conn, phase_id)?;
        may_replace(&progress(conn, &phase, &members, now)?).map_err(refused)?;
        if members.iter().any(|(m, _)| m.user_id == user_id) {
            return Err(invalid("user_id", ViolationKind::Duplicate));
        }
        let chair_left = members
            .iter()
            .any(|(m, _)| !m.is_active() && m.is_chair == 1)
            && !members
                .iter()
                .any(|(m, _)| m.is_active() && m.is_chair == 1);
        let user = db::accounts::find_user_by_id(conn, user_id)?;
        if user
            .as_ref()
            .is_none_or(|u| u.role != Role::Evaluator.as_str())
        {
            return Err(invalid(
                "user_id",
                ViolationKind::Malformed {
                    detail: format!("{user_id} is not an evaluator"),
                },
            ));
        }
        db::evaluation::insert_member(
            conn,
            &Member {
                id: uuid::Uuid::new_v4().to_string(),
                phase_id: phase_id.to_string(),
                user_id: user_id.to_string(),
                is_chair: i32::from(chair_left),
                appointed_at: now.naive_utc(),
                appointed_by: actor.user_id.clone(),
                declared_at: None,
                has_conflict: None,
                declaration: None,
                scores_submitted_at: None,
                replaced_at: None,
            },
        )?;
        audit_phase(
            conn,
            actor,
            "committee.member_added",
            phase_id,
            format!("member={user_id}"),
            now,
        )
    })
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
        audit_phase(conn, actor, "phase.opened", phase_id, lines.join("; "), now)
    })
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct ScoreInput {
    /// Index of the criterion in the phase's list.
    pub criterion: usize,
    #[schema(value_type = String, example = "42.5")]
    pub points: Decimal,
    #[serde(default)]
    pub justification: String,
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

/// A cleared member saves draft scores for one proposal (quality criteria), until submitted.
pub fn save_scores(
    conn: &mut DbConnection,
    actor: &Actor,
    phase_id: &str,
    proposal_id: &str,
    input: &[ScoreInput],
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    write_tx(conn, |conn| {
        let phase = load_phase(conn, phase_id)?;
        let member = my_membership(conn, actor, phase_id)?;
        let members = db::evaluation::members(conn, phase_id)?;
        may_score(&progress(conn, &phase, &members, now)?, &seat(&member)).map_err(refused)?;
        if !active_proposals(conn, phase_id)?
            .iter()
            .any(|p| p.id == proposal_id)
        {
            return Err(AppError::NotFound);
        }
        let scored = phase.scored_spec();
        let criteria = &scored.criteria;
        let mut violations = Vec::new();
        let mut rows = Vec::new();
        for (i, s) in input.iter().enumerate() {
            let Some(c) = criteria
                .get(s.criterion)
                .filter(|c| c.kind == CriterionKind::Quality)
            else {
                violations.push(Violation::new(
                    format!("scores.{i}.criterion"),
                    ViolationKind::Malformed {
                        detail: "not a quality criterion of this phase".into(),
                    },
                ));
                continue;
            };
            violations.extend(rules::check_score(
                &format!("scores.{i}"),
                s.points,
                &s.justification,
                c,
            ));
            rows.push(ScoreRow {
                phase_id: phase_id.to_string(),
                proposal_id: proposal_id.to_string(),
                member_id: member.id.clone(),
                criterion: s.criterion as i32,
                points: s.points.normalize().to_string(),
                justification: s.justification.trim().to_string(),
                saved_at: now.naive_utc(),
            });
        }
        if !violations.is_empty() {
            return Err(AppError::Invalid(violations));
        }
        db::evaluation::save_scores(conn, &rows)?;
        Ok(())
    })
}

pub(super) fn quality_criteria(phase: &PhaseRef) -> Vec<usize> {
    phase
        .scored_spec()
        .criteria
        .iter()
        .enumerate()
        .filter(|(_, c)| c.kind == CriterionKind::Quality)
        .map(|(i, _)| i)
        .collect()
}

/// A member submits: every quality criterion of every proposal must be scored; then locked.
/// With the "mean of members" rule, the last submission makes the technical scores final.
pub fn submit_scores(
    conn: &mut DbConnection,
    actor: &Actor,
    phase_id: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    write_tx(conn, |conn| {
        let phase = load_phase(conn, phase_id)?;
        let member = my_membership(conn, actor, phase_id)?;
        let members = db::evaluation::members(conn, phase_id)?;
        may_score(&progress(conn, &phase, &members, now)?, &seat(&member)).map_err(refused)?;
        let proposals = active_proposals(conn, phase_id)?;
        let scores = db::evaluation::scores_of_phase(conn, phase_id)?;
        let needed = quality_criteria(&phase);
        let missing = proposals.iter().any(|p| {
            needed.iter().any(|c| {
                !scores.iter().any(|s| {
                    s.member_id == member.id && s.proposal_id == p.id && s.criterion == *c as i32
                })
            })
        });
        if missing {
            return Err(invalid("scores", ViolationKind::Required));
        }
        db::evaluation::mark_scores_submitted(conn, &member.id, now)?;
        audit_phase(
            conn,
            actor,
            "scores.submitted",
            phase_id,
            format!("member={}", actor.user_id),
            now,
        )?;
        let all_in = db::evaluation::members(conn, phase_id)?
            .iter()
            .filter(|(m, _)| m.is_active())
            .all(|(m, _)| m.scores_submitted_at.is_some() || m.id == member.id);
        let rule = phase
            .scored_spec()
            .consensus_rule
            .unwrap_or(ConsensusRule::ChairRecords);
        if all_in && rule == ConsensusRule::MeanOfMembers {
            let means = member_means(
                &proposals,
                &needed,
                &db::evaluation::scores_of_phase(conn, phase_id)?,
            );
            let rows: Vec<ConsensusRow> = means
                .into_iter()
                .map(|((proposal_id, criterion), points)| ConsensusRow {
                    phase_id: phase_id.to_string(),
                    proposal_id,
                    criterion: criterion as i32,
                    points: points.normalize().to_string(),
                    reason: "mean of the members' scores".into(),
                    recorded_by: actor.user_id.clone(),
                    recorded_at: now.naive_utc(),
                })
                .collect();
            db::evaluation::save_consensus(conn, &rows)?;
            db::evaluation::set_technical_final(conn, phase_id, now)?;
            audit_phase(
                conn,
                actor,
                "scores.final",
                phase_id,
                "consensus = mean of members".into(),
                now,
            )?;
        }
        Ok(())
    })
}

/// The members' mean per (proposal, criterion).
fn member_means(
    proposals: &[db::proposals::ProposalRow],
    criteria: &[usize],
    scores: &[ScoreRow],
) -> Vec<((String, usize), Decimal)> {
    let mut out = Vec::new();
    for p in proposals {
        for c in criteria {
            let points: Vec<Decimal> = scores
                .iter()
                .filter(|s| s.proposal_id == p.id && s.criterion == *c as i32)
                .filter_map(|s| s.points.parse().ok())
                .collect();
            if let Some(mean) = rules::mean(&points) {
                out.push(((p.id.clone(), *c), mean));
            }
        }
    }
    out
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct ConsensusInput {
    pub criterion: usize,
    #[schema(value_type = String, example = "40")]
    pub points: Decimal,
    /// Required when the points differ from the members' mean.
    #[serde(default)]
    pub reason: String,
}

/// The chair records the committee's score per criterion once every member has submitted.
pub fn record_consensus(
    conn: &mut DbConnection,
    actor: &Actor,
    phase_id: &str,
    proposal_id: &str,
    input: &[ConsensusInput],
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    write_tx(conn, |conn| {
        let phase = load_phase(conn, phase_id)?;
        let member = my_membership(conn, actor, phase_id)?;
        let members = db::evaluation::members(conn, phase_id)?;
        may_record_consensus(&progress(conn, &phase, &members, now)?, &seat(&member))
            .map_err(refused)?;
        let proposals = active_proposals(conn, phase_id)?;
        let Some(proposal) = proposals.iter().find(|p| p.id == proposal_id) else {
            return Err(AppError::NotFound);
        };
        let needed = quality_criteria(&phase);
        let means = member_means(
            std::slice::from_ref(proposal),
            &needed,
            &db::evaluation::scores_of_phase(conn, phase_id)?,
        );
        let scored = phase.scored_spec();
        let criteria = &scored.criteria;
        let mut violations = Vec::new();
        let mut rows = Vec::new();
        for (i, s) in input.iter().enumerate() {
            let Some(c) = criteria
                .get(s.criterion)
                .filter(|_| needed.contains(&s.criterion))
            else {
                violations.push(Violation::new(
                    format!("scores.{i}.criterion"),
                    ViolationKind::Malformed {
                        detail: "not a quality criterion".into(),
                    },
                ));
                continue;
            };
            let mean = means
                .iter()
                .find(|((_, k), _)| *k == s.criterion)
                .map(|(_, m)| *m)
                .unwrap_or_default();
            let reason = if s.points == mean {
                "mean of the members' scores".to_string()
            } else {
                s.reason.trim().to_string()
            };
            violations.extend(
                rules::check_score(&format!("scores.{i}"), s.points, &reason, c)
                    .into_iter()
                    .map(|v| {
                        if v.field.ends_with("justification") {
                            Violation::new(format!("scores.{i}.reason"), v.kind)
                        } else {
                            v
                        }
                    }),
            );
            rows.push(ConsensusRow {
                phase_id: phase_id.to_string(),
                proposal_id: proposal_id.to_string(),
                criterion: s.criterion as i32,
                points: s.points.normalize().to_string(),
                reason,
                recorded_by: actor.user_id.clone(),
                recorded_at: now.naive_utc(),
            });
        }
        if needed
            .iter()
            .any(|c| !input.iter().any(|s| s.criterion == *c))
        {
            violations.push(Violation::new("scores", ViolationKind::Required));
        }
        if !violations.is_empty() {
            return Err(AppError::Invalid(violations));
        }
        db::evaluation::save_consensus(conn, &rows)?;
        let recorded = db::evaluation::consensus_of_phase(conn, phase_id)?;
        let complete = proposals.iter().all(|p| {
            needed.iter().all(|c| {
                recorded
                    .iter()
                    .any(|r| r.proposal_id == p.id && r.criterion == *c as i32)
            })
        });
        if complete {
            db::evaluation::set_technical_final(conn, phase_id, now)?;
            audit_phase(
                conn,
                actor,
                "scores.final",
                phase_id,
                "consensus recorded by the chair".into(),
                now,
            )?;
        }
        Ok(())
    })
}

/// The ranking from the consensus scores and the prices, as the call's rules compute it.
pub fn compute_ranking(
    conn: &mut DbConnection,
    phase: &PhaseRef,
) -> Result<Vec<ResultLine>, AppError> {
    let phase_id = phase.id().to_string();
    let scored = phase.scored_spec();
    let spec = &scored;
    let consensus = db::evaluation::consensus_of_phase(conn, &phase_id)?;
    let scored: Vec<Scored> = active_proposals(conn, &phase_id)?
        .into_iter()
        .map(|p| Scored {
            points: (0..spec.criteria.len())
                .map(|c| {
                    consensus
                        .iter()
                        .find(|r| r.proposal_id == p.id && r.criterion == c as i32)
                        .and_then(|r| r.points.parse().ok())
                        .unwrap_or_default()
                })
                .collect(),
            proposal_id: p.id,
            received_at: p.received_at.and_utc(),
            price_cents: p.price_cents,
        })
        .collect();
    let base = match (spec.budget_cents, spec.max_contracts) {
        (Some(b), Some(n)) if n > 0 => Some(b / i64::from(n)),
        _ => Some(phase.call.spec.budget_cents),
    };
    Ok(rules::rank(
        spec,
        &scored,
        spec.price_formula.unwrap_or(PriceFormula::Proportional),
        base,
        spec.min_quality.map(Decimal::from),
        rules::admissions_for(spec.kind, spec.max_contracts),
    ))
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
    if text.trim().is_empty() {
        return Err(invalid("text", ViolationKind::Required));
    }
    write_tx(conn, |conn| {
        let phase = managed_phase(conn, actor, phase_id)?;
        let state = db::evaluation::phase_state(conn, phase_id)?;
        if state.technical_final_at.is_none() {
            return Err(state_refused("the committee's scores are not final yet"));
        }
        if state.decided_at.is_some() {
            return Err(state_refused("the outcome is already confirmed"));
        }
        let lines = compute_ranking(conn, &phase)?;
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
