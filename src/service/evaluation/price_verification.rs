//! The verification of an abnormally low offer (art. 110 D.Lgs. 36/2023): the officer records
//! when explanations were requested and received and whether they justify the price.

use chrono::{DateTime, Utc};
use serde::Deserialize;

use crate::db::evaluation::PriceVerificationRow;
use crate::db::{self, DbConnection, write_tx};
use crate::domain::access::Actor;
use crate::domain::violation::{Violation, ViolationKind};
use crate::error::AppError;

use super::{audit_phase, compute_ranking, managed_phase};

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct PriceVerificationInput {
    /// When the written explanations were requested of the bidder.
    pub requested_at: DateTime<Utc>,
    /// When they were received; `null` if none arrived.
    pub answered_at: Option<DateTime<Utc>>,
    /// Whether the explanations justify the price; if not, the offer is excluded.
    pub accepted: bool,
    /// The assessment, stated in the minutes.
    pub reason: String,
}

/// Between the final technical scores and the outcome, for an offer flagged as abnormally low.
pub fn record_price_verification(
    conn: &mut DbConnection,
    actor: &Actor,
    phase_id: &str,
    proposal_id: &str,
    input: &PriceVerificationInput,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    write_tx(conn, |conn| {
        let phase = managed_phase(conn, actor, phase_id)?;
        let state = db::evaluation::phase_state(conn, phase_id)?;
        if state.technical_final_at.is_none() || state.decided_at.is_some() {
            return Err(AppError::Step(
                crate::domain::evaluation_steps::Refusal::NotTimeToVerify,
            ));
        }
        let flagged = compute_ranking(conn, &phase)?
            .iter()
            .any(|l| l.proposal_id == proposal_id && l.abnormally_low);
        if !flagged {
            return Err(AppError::NotFound);
        }
        let mut violations = Vec::new();
        if input.requested_at > now {
            violations.push(Violation::new("requested_at", ViolationKind::InFuture));
        }
        match input.answered_at {
            Some(answered) if answered < input.requested_at => {
                violations.push(Violation::new("answered_at", ViolationKind::BeforeRequest));
            }
            Some(answered) if answered > now => {
                violations.push(Violation::new("answered_at", ViolationKind::InFuture));
            }
            _ => {}
        }
        if input.reason.trim().is_empty() {
            violations.push(Violation::new("reason", ViolationKind::Required));
        } else if input.reason.chars().count() > 4000 {
            violations.push(Violation::new(
                "reason",
                ViolationKind::TooLong { max: 4000 },
            ));
        }
        if !violations.is_empty() {
            return Err(AppError::Invalid(violations));
        }
        db::evaluation::save_price_verification(
            conn,
            &PriceVerificationRow {
                phase_id: phase_id.to_string(),
                proposal_id: proposal_id.to_string(),
                requested_at: input.requested_at.naive_utc(),
                answered_at: input.answered_at.map(|a| a.naive_utc()),
                accepted: i32::from(input.accepted),
                reason: input.reason.trim().to_string(),
                recorded_by: actor.user_id.clone(),
                recorded_at: now.naive_utc(),
            },
        )?;
        audit_phase(
            conn,
            actor,
            "price.verified",
            phase_id,
            format!(
                "proposal={proposal_id} accepted={} reason={}",
                input.accepted,
                input.reason.trim()
            ),
            now,
        )
    })
}
