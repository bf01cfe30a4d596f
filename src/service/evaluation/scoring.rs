//! Scores: each member's, saved and submitted; the committee's consensus recorded by the chair.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::Deserialize;

use crate::db::evaluation::{ConsensusRow, Member, ScoreRow};
use crate::db::{self, DbConnection, write_tx};
use crate::domain::access::Actor;
use crate::domain::criteria::CriterionKind;
use crate::domain::evaluation::{self as rules, ConsensusRule, ConsensusValue, Exact};
use crate::domain::evaluation_steps::{Progress, Refusal, Seat, may_record_consensus, may_score};
use crate::domain::violation::{Violation, ViolationKind};
use crate::error::AppError;
use crate::service::proposals::{PhaseRef, load_phase};

use super::{
    active_proposals, audit_phase, invalid, my_membership, progress, quality_criteria, refused,
    seat,
};

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct ScoreInput {
    /// Index of the criterion in the phase's list.
    pub criterion: usize,
    #[schema(value_type = String, example = "42.5")]
    pub points: Decimal,
    #[serde(default)]
    pub justification: String,
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
        let (phase, member) = member_step(conn, actor, phase_id, now, may_score)?;
        if !active_proposals(conn, phase_id)?
            .iter()
            .any(|p| p.id == proposal_id)
        {
            return Err(AppError::NotFound);
        }
        let scored = phase.scoring();
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

/// A member submits: every quality criterion of every proposal must be scored; then locked.
/// With the "mean of members" rule, the last submission makes the technical scores final.
pub fn submit_scores(
    conn: &mut DbConnection,
    actor: &Actor,
    phase_id: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    write_tx(conn, |conn| {
        let (phase, member) = member_step(conn, actor, phase_id, now, may_score)?;
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
        let rule = phase.scoring().consensus_rule;
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
                    points: points.to_string(),
                    reason: String::new(),
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

/// The members' exact mean per (proposal, criterion).
fn member_means(
    proposals: &[db::proposals::ProposalRow],
    criteria: &[usize],
    scores: &[ScoreRow],
) -> Vec<((String, usize), Exact)> {
    let mut out = Vec::new();
    for p in proposals {
        for c in criteria {
            let points: Vec<Exact> = scores
                .iter()
                .filter(|s| s.proposal_id == p.id && s.criterion == *c as i32)
                .filter_map(|s| Exact::parse(&s.points))
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
    /// The committee's points; omitted, or equal to the members' mean as shown (two decimals),
    /// the exact mean is recorded.
    #[schema(value_type = Option<String>, example = "40")]
    #[serde(default)]
    pub points: Option<Decimal>,
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
        let (phase, _) = member_step(conn, actor, phase_id, now, may_record_consensus)?;
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
        let scored = phase.scoring();
        let mut violations = Vec::new();
        let mut rows = Vec::new();
        for (i, s) in input.iter().enumerate() {
            let Some(c) = scored
                .criteria
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
                .map(|(_, m)| m.clone())
                .unwrap_or_default();
            let (points, reason) = match rules::consensus_value(&mean, s.points) {
                ConsensusValue::Mean => (mean, String::new()),
                ConsensusValue::Other(points) => {
                    violations.extend(
                        rules::check_score(&format!("scores.{i}"), points, &s.reason, c)
                            .into_iter()
                            .map(|v| match v.field.strip_suffix(".justification") {
                                Some(base) => Violation::new(format!("{base}.reason"), v.kind),
                                None => v,
                            }),
                    );
                    (Exact::from_decimal(points), s.reason.trim().to_string())
                }
            };
            rows.push(ConsensusRow {
                phase_id: phase_id.to_string(),
                proposal_id: proposal_id.to_string(),
                criterion: s.criterion as i32,
                points: points.to_string(),
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

/// The phase and the actor's seat on its committee, if the rule lets them take this step now.
fn member_step(
    conn: &mut DbConnection,
    actor: &Actor,
    phase_id: &str,
    now: DateTime<Utc>,
    step: fn(&Progress, &Seat) -> Result<(), Refusal>,
) -> Result<(PhaseRef, Member), AppError> {
    let phase = load_phase(conn, phase_id)?;
    let member = my_membership(conn, actor, phase_id)?;
    let members = db::evaluation::members(conn, phase_id)?;
    step(&progress(conn, &phase, &members, now)?, &seat(&member)).map_err(refused)?;
    Ok((phase, member))
}
