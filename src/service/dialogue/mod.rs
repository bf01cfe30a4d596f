//! The dialogue phase of a competitive dialogue, on the record: one private channel per
//! candidate, its messages and files, the sessions and their minutes, the consent register and
//! the closing. Who sees a channel is `domain::dialogue::side`, asked by every read and act here;
//! a channel that is not the reader's does not exist for it (404).

mod acts;
mod closing;
mod consents;
mod reads;
mod sessions;

pub use acts::{MessageInput, add_file, post_message};
pub use closing::{conclude, post_stage_outcome};
pub use consents::{
    ConsentInput, ConsentView, answer_consent, for_report as consents_for_report, register,
    request_consent,
};
pub use reads::{
    ChannelSummary, ChannelView, DialogueFileView, MessageView, QuoteView, Shareable, channels,
    file, read, shareable,
};
pub(crate) use reads::{file_view, message_view};
pub use sessions::{
    SessionInput, SessionView, approve, approved as approved_session, minutes_fingerprint,
    request_changes, schedule, submit, write,
};

use chrono::{DateTime, Utc};

use crate::db::calls::CallRecord;
use crate::db::dialogue::MessageRow;
use crate::db::{self, DbConnection};
use crate::domain::access::Actor;
use crate::domain::dialogue::{MessageKind, Side, side};
use crate::domain::phase::{PhaseKind, Procedure};
use crate::error::AppError;

/// A file already in the blob store, to be recorded on a message: as a contract's hand-in.
pub type ReceivedFile = crate::service::contracts::DeliveredFile;

/// A candidate's channel as one of its readers finds it.
pub(crate) struct Channel {
    pub call: CallRecord,
    pub organisation_id: String,
    pub side: Side,
}

/// The organisations invited to the dialogue: those admitted to its first stage.
pub fn candidates(conn: &mut DbConnection, call: &CallRecord) -> Result<Vec<String>, AppError> {
    if call.spec.procedure != Procedure::CompetitiveDialogue {
        return Ok(Vec::new());
    }
    let Some(first) = call
        .spec
        .phases
        .iter()
        .position(|p| p.kind == PhaseKind::Dialogue)
    else {
        return Ok(Vec::new());
    };
    let phase_id = &call.phase_ids[first];
    let mut orgs: Vec<String> = db::proposals::admitted_to(conn, phase_id)?;
    orgs.sort();
    Ok(orgs)
}

/// Whether `user_id` sits on a committee of one of the call's phases, having declared no
/// conflict of interest: as for the proposals, only then may it read the candidates' channels.
fn on_committee(
    conn: &mut DbConnection,
    call: &CallRecord,
    user_id: &str,
) -> Result<bool, AppError> {
    for phase_id in &call.phase_ids {
        if db::evaluation::members(conn, phase_id)?
            .iter()
            .any(|(m, _)| m.user_id == user_id && m.is_cleared())
        {
            return Ok(true);
        }
    }
    Ok(false)
}

/// The channel of `organisation_id` in the call, for `actor`, or 404 when it is not its to see.
pub(crate) fn channel(
    conn: &mut DbConnection,
    actor: &Actor,
    call_id: &str,
    organisation_id: &str,
) -> Result<Channel, AppError> {
    let call = db::calls::find(conn, call_id)?.ok_or(AppError::NotFound)?;
    let committee = on_committee(conn, &call, &actor.user_id)?;
    let side =
        side(actor, &call.authority_id, organisation_id, committee).ok_or(AppError::NotFound)?;
    if !candidates(conn, &call)?
        .iter()
        .any(|o| o == organisation_id)
    {
        return Err(AppError::NotFound);
    }
    Ok(Channel {
        call,
        organisation_id: organisation_id.to_string(),
        side,
    })
}

/// The stage a candidate is in: the last dialogue stage or final tenders it was admitted to.
pub(crate) fn current_stage(
    conn: &mut DbConnection,
    call: &CallRecord,
    organisation_id: &str,
) -> Result<Option<String>, AppError> {
    let admitted = db::proposals::admitted_phases(conn, organisation_id)?;
    Ok(call
        .spec
        .phases
        .iter()
        .zip(&call.phase_ids)
        .filter(|(p, id)| {
            matches!(p.kind, PhaseKind::Dialogue | PhaseKind::FinalTenders) && admitted.contains(id)
        })
        .map(|(_, id)| id.clone())
        .next_back())
}

pub(crate) fn stage_name(call: &CallRecord, phase_id: Option<&str>) -> Option<String> {
    let i = call
        .phase_ids
        .iter()
        .position(|p| Some(p.as_str()) == phase_id)?;
    Some(call.spec.phases[i].name.clone())
}

pub(crate) fn organisation_name(conn: &mut DbConnection, id: &str) -> Result<String, AppError> {
    Ok(db::accounts::find_organisation(conn, id)?
        .map(|o| o.legal_name)
        .unwrap_or_default())
}

/// The audit trail names a channel by its call and candidate.
pub(crate) fn channel_key(call_id: &str, organisation_id: &str) -> String {
    format!("{call_id}/{organisation_id}")
}

pub(crate) fn audit(
    conn: &mut DbConnection,
    actor: &Actor,
    action: &str,
    entity_id: &str,
    after: String,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    crate::audit::append(
        conn,
        crate::audit::Change {
            actor: &actor.user_id,
            action,
            entity_type: "dialogue",
            entity_id,
            before: String::new(),
            after,
        },
        now,
    )?;
    Ok(())
}

/// A message the platform writes in a channel, in both languages.
pub(crate) struct SystemMessage<'a> {
    pub call_id: &'a str,
    pub organisation_id: &'a str,
    pub phase_id: Option<String>,
    pub kind: MessageKind,
    pub from_authority: bool,
    pub author_id: &'a str,
    pub it: String,
    pub en: Option<String>,
}

pub(crate) fn record_message(
    conn: &mut DbConnection,
    m: SystemMessage,
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    let row = MessageRow {
        id: uuid::Uuid::new_v4().to_string(),
        call_id: m.call_id.to_string(),
        organisation_id: m.organisation_id.to_string(),
        phase_id: m.phase_id,
        reply_to: None,
        kind: m.kind.as_str().into(),
        from_authority: m.from_authority,
        author_id: m.author_id.to_string(),
        body: m.it,
        body_en: m.en,
        answer_by: None,
        created_at: now.naive_utc(),
        read_at: None,
        read_by: None,
        quotes: None,
        quote_consent_id: None,
    };
    db::dialogue::insert_message(conn, &row)?;
    notify(conn, &row, now)?;
    Ok(row.id)
}

/// Tells the other side that a message waits in the channel.
pub(crate) fn notify(
    conn: &mut DbConnection,
    m: &MessageRow,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let call = db::calls::find(conn, &m.call_id)?.ok_or(AppError::NotFound)?;
    crate::service::notifications::dialogue_message(
        conn,
        &call,
        &m.organisation_id,
        m.from_authority,
        &m.id,
        now,
    )
}
