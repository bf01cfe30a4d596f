//! What the evaluation minutes, the outcome and the report state of a decided phase, gathered
//! from the committee, the scores, the consensus and the results.

use crate::db::{self, DbConnection};
use crate::domain::lang::Lang;
use crate::error::AppError;
use crate::pdf::evaluation::{EvaluationMinutes, MemberScore, RankedLine};
use crate::pdf::minutes::MinutesMember;
use crate::service::proposals::load_phase;

/// What the evaluation minutes and the outcome state, once the outcome is confirmed.
pub(super) fn evaluation_data(
    conn: &mut DbConnection,
    phase_id: &str,
    lang: Lang,
) -> Result<(EvaluationMinutes, bool), AppError> {
    use crate::domain::evaluation::{Exact, consensus_is_mean, share};
    let phase = load_phase(conn, phase_id)?;
    let state = db::evaluation::phase_state(conn, phase_id)?;
    let (Some(decided_at), Some(decision)) = (state.decided_at, state.decision_text) else {
        return Err(AppError::NotFound);
    };
    let t = crate::i18n::Tr(lang);
    let scored = phase.scoring();
    let members = db::evaluation::members(conn, phase_id)?;
    let member_name = |id: &str| {
        members
            .iter()
            .find(|(m, _)| m.id == id)
            .map(|(_, n)| n.clone())
            .unwrap_or_default()
    };
    let mut organisations = std::collections::HashMap::new();
    for p in db::proposals::for_phase(conn, phase_id)? {
        let name = db::accounts::find_organisation(conn, &p.organisation_id)?
            .map(|o| o.legal_name)
            .unwrap_or_default();
        organisations.insert(p.id, name);
    }
    let criterion_name = |c: i32| {
        scored
            .criteria
            .get(c as usize)
            .map(|c| c.name.clone())
            .unwrap_or_default()
    };
    let decimals = |s: &str| {
        Exact::parse(s)
            .map(|e| e.two_decimals(lang))
            .unwrap_or_else(|| s.to_string())
    };
    let mut rows = db::evaluation::scores_of_phase(conn, phase_id)?;
    // By proposal, then member, then the criteria in the call's order.
    rows.sort_by_cached_key(|s| {
        (
            organisations
                .get(&s.proposal_id)
                .cloned()
                .unwrap_or_default(),
            member_name(&s.member_id),
            s.criterion,
        )
    });
    let member_scores: Vec<MemberScore> = rows
        .into_iter()
        .map(|s| MemberScore {
            proposal: organisations
                .get(&s.proposal_id)
                .cloned()
                .unwrap_or_default(),
            member: member_name(&s.member_id),
            criterion: criterion_name(s.criterion),
            points: decimals(&s.points),
            justification: s.justification,
        })
        .collect();
    let mut consensus_rows = db::evaluation::consensus_of_phase(conn, phase_id)?;
    consensus_rows.sort_by_cached_key(|c| {
        (
            organisations
                .get(&c.proposal_id)
                .cloned()
                .unwrap_or_default(),
            c.criterion,
        )
    });
    let consensus: Vec<(String, String, String, String)> = consensus_rows
        .into_iter()
        .map(|c| {
            (
                organisations
                    .get(&c.proposal_id)
                    .cloned()
                    .unwrap_or_default(),
                criterion_name(c.criterion),
                decimals(&c.points),
                if consensus_is_mean(&c.reason) {
                    t.s("consensus.mean_reason").to_string()
                } else {
                    c.reason
                },
            )
        })
        .collect();
    let mut ranking = Vec::new();
    for (proposal_id, json) in db::evaluation::results(conn, phase_id)? {
        let line: crate::domain::evaluation::ResultLine =
            serde_json::from_str(&json).map_err(|e| AppError::Unexpected(e.into()))?;
        let outcome =
            crate::i18n::result_outcome(scored.kind, line.excluded.as_ref(), line.admitted, lang);
        ranking.push(RankedLine {
            rank: line.rank,
            organisation: organisations.get(&proposal_id).cloned().unwrap_or_default(),
            points: line
                .points
                .iter()
                .map(|p| {
                    p.as_ref()
                        .map(|p| p.two_decimals(lang))
                        .unwrap_or_else(|| "–".into())
                })
                .collect(),
            price: line
                .price_cents
                .map(|c| t.euro(&c))
                .unwrap_or_else(|| "–".into()),
            total: line.total.two_decimals(lang),
            total_share: share(&line.total, 100) as f32,
            outcome,
            admitted: line.admitted,
            abnormally_low: line.abnormally_low,
            price_verdict: line.price_verdict,
        });
    }
    let verifications = db::evaluation::price_verifications_of_phase(conn, phase_id)?
        .into_iter()
        .map(|v| {
            vec![
                organisations
                    .get(&v.proposal_id)
                    .cloned()
                    .unwrap_or_default(),
                crate::domain::time::format_rome_seconds(v.requested_at.and_utc()),
                v.answered_at
                    .map(|a| crate::domain::time::format_rome_seconds(a.and_utc()))
                    .unwrap_or_else(|| "–".into()),
                t.s(if v.accepted == 1 {
                    "verification.accepted"
                } else {
                    "verification.rejected"
                })
                .to_string(),
                v.reason,
            ]
        })
        .collect();
    let award =
        phase.call.spec.phases[phase.index].kind == crate::domain::phase::PhaseKind::FinalTenders;
    let start =
        crate::service::communications::standstill_start(conn, phase.id(), decided_at.and_utc())?;
    let standstill_until =
        crate::domain::evaluation::award_final_at(&phase.call.spec.phases, phase.index, start);
    let minutes = EvaluationMinutes {
        authority: phase.call.authority_name.clone(),
        call_reference: phase.call.spec.reference.clone(),
        call_title: phase.call.spec.title.clone(),
        phase_name: phase.call.spec.phases[phase.index].name.clone(),
        place: super::authority_seat(conn, &phase.call.authority_id)?,
        members: members
            .iter()
            .map(|(m, name)| MinutesMember {
                name: name.clone(),
                chair: m.is_chair == 1,
                declared_at: m.declared_at.map(|d| d.and_utc()),
                conflict: m.has_conflict == Some(1),
            })
            .collect(),
        criteria: scored
            .criteria
            .iter()
            .map(|c| {
                (
                    c.name.clone(),
                    t.criterion_kind(&c.kind).to_string(),
                    c.weight,
                    c.max_points,
                    c.min_threshold,
                )
            })
            .collect(),
        rules: crate::i18n::scoring_rules_facts(&scored, t),
        member_scores,
        consensus,
        ranking,
        verifications,
        decided_at: decided_at.and_utc(),
        decision,
        standstill_until,
    };
    Ok((minutes, award))
}
