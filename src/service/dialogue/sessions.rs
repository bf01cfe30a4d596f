//! Sessions with a candidate: scheduled by the authority, minuted by it, approved by the
//! candidate or sent back with the changes it asks for; approved minutes are frozen with the
//! SHA-256 of what was approved, and become a PDF like the other records.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::ToSchema;

use crate::db::calls::CallRecord;
use crate::db::dialogue::SessionRow;
use crate::db::{self, DbConnection, write_tx};
use crate::domain::access::Actor;
use crate::domain::dialogue::{
    DialogueRefusal, MAX_MESSAGE_CHARS, MAX_MINUTES_CHARS, MessageKind, MinutesAct, MinutesStatus,
    Side, check_session, minutes_step,
};
use crate::domain::lang::Lang;
use crate::domain::violation::{Violation, check_text};
use crate::error::AppError;

use super::{
    SystemMessage, audit, channel, channel_key, current_stage, record_message, stage_name,
};

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct SessionInput {
    pub starts_at: DateTime<Utc>,
    /// The room, or the link of the video call.
    pub place: String,
    pub attendees: String,
    pub agenda: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SessionView {
    pub id: String,
    pub organisation_id: String,
    pub phase_id: Option<String>,
    pub stage: Option<String>,
    pub starts_at: DateTime<Utc>,
    pub place: String,
    pub attendees: String,
    pub agenda: String,
    pub minutes: String,
    pub status: MinutesStatus,
    pub approved_at: Option<DateTime<Utc>>,
    /// The SHA-256 of the approved minutes (`minutes_fingerprint`).
    pub minutes_sha256: Option<String>,
}

pub(super) fn view(call: &CallRecord, s: SessionRow) -> Result<SessionView, AppError> {
    let status = MinutesStatus::parse(&s.status)
        .ok_or_else(|| AppError::Unexpected(anyhow::anyhow!("stored minutes status unknown")))?;
    Ok(SessionView {
        stage: stage_name(call, s.phase_id.as_deref()),
        id: s.id,
        organisation_id: s.organisation_id,
        phase_id: s.phase_id,
        starts_at: s.starts_at.and_utc(),
        place: s.place,
        attendees: s.attendees,
        agenda: s.agenda,
        minutes: s.minutes,
        status,
        approved_at: s.approved_at.map(|t| t.and_utc()),
        minutes_sha256: s.minutes_sha256,
    })
}

/// What the candidate approves: the session's facts and the minutes' text, as SHA-256 of
/// their JSON, so that anyone holding the record can recompute it.
pub fn minutes_fingerprint(s: &SessionView) -> String {
    let approved = serde_json::json!({
        "session": s.id,
        "starts_at": s.starts_at,
        "place": s.place,
        "attendees": s.attendees,
        "agenda": s.agenda,
        "minutes": s.minutes,
    });
    hex::encode(Sha256::digest(approved.to_string().as_bytes()))
}

fn invalid_if_any(v: Vec<Violation>) -> Result<(), AppError> {
    if v.is_empty() {
        Ok(())
    } else {
        Err(AppError::Invalid(v))
    }
}

/// The officer schedules a session with a candidate in the candidate's current stage.
pub fn schedule(
    conn: &mut DbConnection,
    actor: &Actor,
    call_id: &str,
    organisation_id: &str,
    input: &SessionInput,
    now: DateTime<Utc>,
) -> Result<SessionView, AppError> {
    invalid_if_any(check_session(&input.place, &input.attendees, &input.agenda))?;
    write_tx(conn, |conn| {
        let ch = channel(conn, actor, call_id, organisation_id)?;
        if ch.side != Side::Authority {
            return Err(AppError::Dialogue(DialogueRefusal::NotYours));
        }
        let row = SessionRow {
            id: uuid::Uuid::new_v4().to_string(),
            call_id: call_id.to_string(),
            organisation_id: organisation_id.to_string(),
            phase_id: current_stage(conn, &ch.call, organisation_id)?,
            starts_at: input.starts_at.naive_utc(),
            place: input.place.trim().to_string(),
            attendees: input.attendees.trim().to_string(),
            agenda: input.agenda.trim().to_string(),
            minutes: String::new(),
            status: MinutesStatus::Draft.as_str().into(),
            approved_at: None,
            approved_by: None,
            minutes_sha256: None,
            created_by: actor.user_id.clone(),
            created_at: now.naive_utc(),
        };
        db::dialogue::insert_session(conn, &row)?;
        let when = |lang| crate::domain::time::format_rome(input.starts_at, lang);
        record_message(
            conn,
            SystemMessage {
                call_id,
                organisation_id,
                phase_id: row.phase_id.clone(),
                kind: MessageKind::SessionScheduled,
                from_authority: true,
                author_id: &actor.user_id,
                it: format!(
                    "Incontro fissato il {}, {}.\n\nPartecipanti: {}\n\nOrdine del giorno: {}",
                    when(Lang::It),
                    row.place,
                    row.attendees,
                    row.agenda
                ),
                en: Some(format!(
                    "Session scheduled on {}, {}.\n\nAttendees: {}\n\nAgenda: {}",
                    when(Lang::En),
                    row.place,
                    row.attendees,
                    row.agenda
                )),
            },
            now,
        )?;
        audit(
            conn,
            actor,
            "dialogue.session_scheduled",
            &row.id,
            format!(
                "channel={} starts_at={}",
                channel_key(call_id, organisation_id),
                row.starts_at
            ),
            now,
        )?;
        view(&ch.call, row)
    })
}

/// A session and the channel it belongs to, with the step `act` would take.
fn step(
    conn: &mut DbConnection,
    actor: &Actor,
    session_id: &str,
    act: MinutesAct,
    minutes_empty: Option<bool>,
) -> Result<(super::Channel, SessionRow, MinutesStatus), AppError> {
    let s = db::dialogue::find_session(conn, session_id)?.ok_or(AppError::NotFound)?;
    let ch = channel(conn, actor, &s.call_id, &s.organisation_id)?;
    let status = MinutesStatus::parse(&s.status)
        .ok_or_else(|| AppError::Unexpected(anyhow::anyhow!("stored minutes status unknown")))?;
    let empty = minutes_empty.unwrap_or(s.minutes.trim().is_empty());
    let next = minutes_step(status, act, ch.side, empty).map_err(AppError::Dialogue)?;
    Ok((ch, s, next))
}

/// The officer writes (or rewrites) the draft minutes.
pub fn write(
    conn: &mut DbConnection,
    actor: &Actor,
    session_id: &str,
    minutes: &str,
    now: DateTime<Utc>,
) -> Result<SessionView, AppError> {
    let mut v = Vec::new();
    check_text("minutes", minutes, MAX_MINUTES_CHARS, &mut v);
    invalid_if_any(v)?;
    write_tx(conn, |conn| {
        let (ch, s, next) = step(conn, actor, session_id, MinutesAct::Edit, Some(false))?;
        db::dialogue::write_minutes(conn, session_id, minutes.trim(), next.as_str())?;
        audit(
            conn,
            actor,
            "dialogue.minutes_written",
            session_id,
            format!("chars={}", minutes.trim().chars().count()),
            now,
        )?;
        let s = db::dialogue::find_session(conn, &s.id)?.ok_or(AppError::NotFound)?;
        view(&ch.call, s)
    })
}

/// The officer sends the minutes to the candidate for approval.
pub fn submit(
    conn: &mut DbConnection,
    actor: &Actor,
    session_id: &str,
    now: DateTime<Utc>,
) -> Result<SessionView, AppError> {
    write_tx(conn, |conn| {
        let (ch, s, next) = step(conn, actor, session_id, MinutesAct::Submit, None)?;
        db::dialogue::set_minutes_status(conn, session_id, next.as_str())?;
        let when = crate::domain::time::format_rome(s.starts_at.and_utc(), Lang::It);
        let when_en = crate::domain::time::format_rome(s.starts_at.and_utc(), Lang::En);
        record_message(
            conn,
            SystemMessage {
                call_id: &s.call_id,
                organisation_id: &s.organisation_id,
                phase_id: s.phase_id.clone(),
                kind: MessageKind::MinutesSubmitted,
                from_authority: true,
                author_id: &actor.user_id,
                it: format!(
                    "Il verbale dell'incontro del {when} è pronto: approvatelo o chiedete modifiche."
                ),
                en: Some(format!(
                    "The minutes of the session of {when_en} are ready: approve them or ask for changes."
                )),
            },
            now,
        )?;
        audit(
            conn,
            actor,
            "dialogue.minutes_submitted",
            session_id,
            String::new(),
            now,
        )?;
        let s = db::dialogue::find_session(conn, &s.id)?.ok_or(AppError::NotFound)?;
        view(&ch.call, s)
    })
}

/// The candidate approves the minutes: they are frozen with the fingerprint of what it saw.
pub fn approve(
    conn: &mut DbConnection,
    actor: &Actor,
    session_id: &str,
    now: DateTime<Utc>,
) -> Result<SessionView, AppError> {
    write_tx(conn, |conn| {
        let (ch, s, _) = step(conn, actor, session_id, MinutesAct::Approve, None)?;
        let sha = minutes_fingerprint(&view(&ch.call, s.clone())?);
        if db::dialogue::approve_minutes(conn, session_id, &sha, &actor.user_id, now.naive_utc())?
            == 0
        {
            return Err(AppError::Dialogue(DialogueRefusal::MinutesNotAwaiting));
        }
        record_message(
            conn,
            SystemMessage {
                call_id: &s.call_id,
                organisation_id: &s.organisation_id,
                phase_id: s.phase_id.clone(),
                kind: MessageKind::MinutesApproved,
                from_authority: false,
                author_id: &actor.user_id,
                it: format!("Verbale approvato. SHA-256: {sha}"),
                en: Some(format!("Minutes approved. SHA-256: {sha}")),
            },
            now,
        )?;
        audit(
            conn,
            actor,
            "dialogue.minutes_approved",
            session_id,
            format!("sha256={sha}"),
            now,
        )?;
        let s = db::dialogue::find_session(conn, &s.id)?.ok_or(AppError::NotFound)?;
        view(&ch.call, s)
    })
}

/// The candidate sends the minutes back with the changes it asks for, in its channel.
pub fn request_changes(
    conn: &mut DbConnection,
    actor: &Actor,
    session_id: &str,
    changes: &str,
    now: DateTime<Utc>,
) -> Result<SessionView, AppError> {
    let mut v = Vec::new();
    check_text("changes", changes, MAX_MESSAGE_CHARS, &mut v);
    invalid_if_any(v)?;
    write_tx(conn, |conn| {
        let (ch, s, next) = step(conn, actor, session_id, MinutesAct::RequestChanges, None)?;
        db::dialogue::set_minutes_status(conn, session_id, next.as_str())?;
        record_message(
            conn,
            SystemMessage {
                call_id: &s.call_id,
                organisation_id: &s.organisation_id,
                phase_id: s.phase_id.clone(),
                kind: MessageKind::ChangesRequested,
                from_authority: false,
                author_id: &actor.user_id,
                it: changes.trim().to_string(),
                en: None,
            },
            now,
        )?;
        audit(
            conn,
            actor,
            "dialogue.minutes_changes_requested",
            session_id,
            String::new(),
            now,
        )?;
        let s = db::dialogue::find_session(conn, &s.id)?.ok_or(AppError::NotFound)?;
        view(&ch.call, s)
    })
}

/// An approved session, for whoever may read its channel (for its PDF).
pub fn approved(
    conn: &mut DbConnection,
    actor: &Actor,
    session_id: &str,
) -> Result<(CallRecord, SessionView, String), AppError> {
    let s = db::dialogue::find_session(conn, session_id)?.ok_or(AppError::NotFound)?;
    let ch = channel(conn, actor, &s.call_id, &s.organisation_id)?;
    let organisation = super::organisation_name(conn, &s.organisation_id)?;
    let v = view(&ch.call, s)?;
    if v.status != MinutesStatus::Approved {
        return Err(AppError::NotFound);
    }
    Ok((ch.call, v, organisation))
}
