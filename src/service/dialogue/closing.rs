//! The end of each stage and of the dialogue, told in each candidate's channel: who continues
//! and why, and, once the officer declares the dialogue concluded, the invitation to submit
//! final tenders by their deadline.

use chrono::{DateTime, Utc};

use crate::db::dialogue::ClosingRow;
use crate::db::{self, DbConnection, write_tx};
use crate::domain::access::Actor;
use crate::domain::dialogue::{DialogueRefusal, MAX_MESSAGE_CHARS, MessageKind};
use crate::domain::lang::Lang;
use crate::domain::phase::PhaseKind;
use crate::domain::violation::check_text;
use crate::error::AppError;

use super::{SystemMessage, audit, candidates, record_message};

/// Tells a candidate, in its channel, the outcome of a dialogue stage (the same text as the
/// formal communication of the outcome).
pub fn post_stage_outcome(
    conn: &mut DbConnection,
    call: &db::calls::CallRecord,
    organisation_id: &str,
    phase_id: &str,
    (it, en): (String, String),
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    if !candidates(conn, call)?.iter().any(|o| o == organisation_id) {
        return Ok(());
    }
    record_message(
        conn,
        SystemMessage {
            call_id: &call.id,
            organisation_id,
            phase_id: Some(phase_id.to_string()),
            kind: MessageKind::StageOutcome,
            from_authority: true,
            author_id: "system",
            it,
            en: Some(en),
        },
        now,
    )?;
    Ok(())
}

/// The officer declares the dialogue concluded once its last stage's outcome is confirmed; the
/// candidates admitted to the final tenders are invited, in their channels, to submit them.
pub fn conclude(
    conn: &mut DbConnection,
    actor: &Actor,
    call_id: &str,
    text: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let mut v = Vec::new();
    check_text("text", text, MAX_MESSAGE_CHARS, &mut v);
    if !v.is_empty() {
        return Err(AppError::Invalid(v));
    }
    write_tx(conn, |conn| {
        let call = crate::service::calls::load_managed(conn, actor, call_id)?;
        let kinds: Vec<PhaseKind> = call.spec.phases.iter().map(|p| p.kind).collect();
        let (Some(last_stage), Some(finals)) = (
            kinds.iter().rposition(|k| *k == PhaseKind::Dialogue),
            kinds.iter().position(|k| *k == PhaseKind::FinalTenders),
        ) else {
            return Err(AppError::Dialogue(DialogueRefusal::NotConcludable));
        };
        let stage_id = &call.phase_ids[last_stage];
        if db::evaluation::phase_state(conn, stage_id)?
            .decided_at
            .is_none()
        {
            return Err(AppError::Dialogue(DialogueRefusal::NotConcludable));
        }
        if db::dialogue::closing(conn, call_id)?.is_some() {
            return Err(AppError::Dialogue(DialogueRefusal::AlreadyConcluded));
        }
        let text = text.trim().to_string();
        db::dialogue::insert_closing(
            conn,
            &ClosingRow {
                call_id: call_id.to_string(),
                text: text.clone(),
                concluded_by: actor.user_id.clone(),
                concluded_at: now.naive_utc(),
            },
        )?;
        let finals_id = call.phase_ids[finals].clone();
        let deadline = call.spec.phases[finals].deadline;
        let by = |lang| {
            deadline.map_or("–".to_string(), |d| {
                crate::domain::time::format_rome(d, lang)
            })
        };
        let invited = db::proposals::admitted_to(conn, &finals_id)?;
        for org in &invited {
            record_message(
                conn,
                SystemMessage {
                    call_id,
                    organisation_id: org,
                    phase_id: Some(finals_id.clone()),
                    kind: MessageKind::Concluded,
                    from_authority: true,
                    author_id: &actor.user_id,
                    it: format!(
                        "Il dialogo è concluso. {text}\n\nSiete invitati a presentare l'offerta finale, tecnica ed economica, sulla base della soluzione presentata, entro il {}.",
                        by(Lang::It)
                    ),
                    en: Some(format!(
                        "The dialogue is concluded. {text}\n\nYou are invited to submit your final tender, technical and price, on the basis of the solution you presented, by {}.",
                        by(Lang::En)
                    )),
                },
                now,
            )?;
        }
        audit(
            conn,
            actor,
            "dialogue.concluded",
            call_id,
            format!("invited={}", invited.join(",")),
            now,
        )
    })
}
