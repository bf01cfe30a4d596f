//! The dialogue phase of a competitive dialogue, on the record: one private channel per
//! candidate, its messages and files, the sessions and their minutes, the consent register and
//! the closing. Who sees a channel is `domain::dialogue::side`, asked by every read and act here;
//! a channel that is not the reader's does not exist for it (404).

mod acts;
mod closing;
mod consents;
mod sessions;

pub use acts::{MessageInput, add_file, post_message};
pub use closing::{conclude, post_stage_outcome};
pub use consents::{
    ConsentInput, ConsentView, answer_consent, for_report as consents_for_report, register,
    request_consent,
};
pub use sessions::{
    SessionInput, SessionView, approve, approved as approved_session, minutes_fingerprint,
    request_changes, schedule, submit, write,
};

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::db::calls::CallRecord;
use crate::db::dialogue::{FileRow, MessageRow};
use crate::db::{self, DbConnection, write_tx};
use crate::domain::access::Actor;
use crate::domain::dialogue::{MessageKind, Side, side};
use crate::domain::lang::Lang;
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

/// Whether `user_id` sits on a committee of one of the call's phases.
fn on_committee(
    conn: &mut DbConnection,
    call: &CallRecord,
    user_id: &str,
) -> Result<bool, AppError> {
    for phase_id in &call.phase_ids {
        if db::evaluation::members(conn, phase_id)?
            .iter()
            .any(|(m, _)| m.user_id == user_id && m.replaced_at.is_none())
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

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DialogueFileView {
    pub id: String,
    pub file_name: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub uploaded_at: DateTime<Utc>,
    /// Shared from another candidate's channel under this consent.
    pub consent_id: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MessageView {
    pub id: String,
    pub kind: MessageKind,
    pub from_authority: bool,
    /// Who wrote it; empty for what the platform writes.
    pub author: String,
    pub phase_id: Option<String>,
    pub stage: Option<String>,
    pub reply_to: Option<String>,
    pub body: String,
    pub answer_by: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
    /// When the other side first read it.
    pub read_at: Option<DateTime<Utc>>,
    pub files: Vec<DialogueFileView>,
}

pub(crate) fn file_view(f: FileRow) -> DialogueFileView {
    DialogueFileView {
        id: f.id,
        file_name: f.file_name,
        size_bytes: f.size_bytes,
        sha256: f.sha256,
        uploaded_at: f.uploaded_at.and_utc(),
        consent_id: f.consent_id,
    }
}

pub(crate) fn message_view(
    conn: &mut DbConnection,
    call: &CallRecord,
    m: MessageRow,
    lang: Lang,
) -> Result<MessageView, AppError> {
    let kind = MessageKind::parse(&m.kind)
        .ok_or_else(|| AppError::Unexpected(anyhow::anyhow!("stored message kind unknown")))?;
    let author = if m.author_id == "system" {
        String::new()
    } else {
        db::accounts::find_user_by_id(conn, &m.author_id)?
            .map(|u| u.display_name)
            .unwrap_or_default()
    };
    let files = db::dialogue::files_of(conn, &m.id)?
        .into_iter()
        .map(file_view)
        .collect();
    let body = match (lang, m.body_en) {
        (Lang::En, Some(en)) => en,
        _ => m.body,
    };
    Ok(MessageView {
        stage: stage_name(call, m.phase_id.as_deref()),
        id: m.id,
        kind,
        from_authority: m.from_authority,
        author,
        phase_id: m.phase_id,
        reply_to: m.reply_to,
        body,
        answer_by: m.answer_by,
        created_at: m.created_at.and_utc(),
        read_at: m.read_at.map(|t| t.and_utc()),
        files,
    })
}

/// One line of the list of a call's channels.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ChannelSummary {
    pub organisation_id: String,
    pub organisation: String,
    pub messages: usize,
    /// Messages of the other side not yet read by this reader's side.
    pub unread: usize,
    pub sessions: usize,
    /// Whether the candidate is still in the dialogue (admitted to the latest stage reached).
    pub stage: Option<String>,
}

/// The channels `actor` may read in the call: all of them for the authority and the committee,
/// its own for a candidate.
pub fn channels(
    conn: &mut DbConnection,
    actor: &Actor,
    call_id: &str,
) -> Result<Vec<ChannelSummary>, AppError> {
    let call = db::calls::find(conn, call_id)?.ok_or(AppError::NotFound)?;
    let committee = on_committee(conn, &call, &actor.user_id)?;
    let mut out = Vec::new();
    for org in candidates(conn, &call)? {
        let Some(side) = side(actor, &call.authority_id, &org, committee) else {
            continue;
        };
        let messages = db::dialogue::messages_of(conn, call_id, &org)?;
        let mine = side != Side::Candidate;
        let stage = current_stage(conn, &call, &org)?;
        out.push(ChannelSummary {
            organisation: organisation_name(conn, &org)?,
            unread: messages
                .iter()
                .filter(|m| m.from_authority != mine && m.read_at.is_none())
                .count(),
            messages: messages.len(),
            sessions: db::dialogue::sessions_of(conn, call_id, &org)?.len(),
            stage: stage_name(&call, stage.as_deref()),
            organisation_id: org,
        });
    }
    if out.is_empty() && !actor.is_officer_of(&call.authority_id) && !committee {
        return Err(AppError::NotFound);
    }
    Ok(out)
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ChannelView {
    pub call_id: String,
    pub call_title: String,
    pub call_reference: String,
    pub organisation_id: String,
    pub organisation: String,
    /// `authority`, `committee` or `candidate`: what this reader may do here.
    pub side: String,
    pub messages: Vec<MessageView>,
    pub sessions: Vec<SessionView>,
    pub consents: Vec<ConsentView>,
    /// The text with which the dialogue was concluded, once it was.
    pub concluded: Option<String>,
}

/// A channel, read: the messages the other side sent are marked read by this reader's first
/// reading (the committee's reading is not a receipt).
pub fn read(
    conn: &mut DbConnection,
    actor: &Actor,
    call_id: &str,
    organisation_id: &str,
    lang: Lang,
    now: DateTime<Utc>,
) -> Result<ChannelView, AppError> {
    write_tx(conn, |conn| {
        let ch = channel(conn, actor, call_id, organisation_id)?;
        let sent_by_authority = match ch.side {
            Side::Candidate => Some(true),
            Side::Authority => Some(false),
            Side::Committee => None,
        };
        if let Some(from_authority) = sent_by_authority {
            let n = db::dialogue::mark_read(
                conn,
                call_id,
                organisation_id,
                from_authority,
                &actor.user_id,
                now.naive_utc(),
            )?;
            if n > 0 {
                audit(
                    conn,
                    actor,
                    "dialogue.read",
                    &channel_key(call_id, organisation_id),
                    format!("messages={n}"),
                    now,
                )?;
            }
        }
        let messages = db::dialogue::messages_of(conn, call_id, organisation_id)?
            .into_iter()
            .map(|m| message_view(conn, &ch.call, m, lang))
            .collect::<Result<_, _>>()?;
        let sessions = db::dialogue::sessions_of(conn, call_id, organisation_id)?
            .into_iter()
            .map(|s| sessions::view(&ch.call, s))
            .collect::<Result<_, _>>()?;
        let consents = consents::of_owner(conn, &ch.call, organisation_id)?;
        Ok(ChannelView {
            call_id: ch.call.id.clone(),
            call_title: ch.call.spec.title.clone(),
            call_reference: ch.call.spec.reference.clone(),
            organisation: organisation_name(conn, organisation_id)?,
            organisation_id: ch.organisation_id,
            side: match ch.side {
                Side::Authority => "authority",
                Side::Committee => "committee",
                Side::Candidate => "candidate",
            }
            .into(),
            messages,
            sessions,
            consents,
            concluded: db::dialogue::closing(conn, call_id)?.map(|c| c.text),
        })
    })
}

/// A message's file, for whoever may read its channel.
pub fn file(conn: &mut DbConnection, actor: &Actor, file_id: &str) -> Result<FileRow, AppError> {
    let f = db::dialogue::find_file(conn, file_id)?.ok_or(AppError::NotFound)?;
    let m = db::dialogue::find_message(conn, &f.message_id)?.ok_or(AppError::NotFound)?;
    channel(conn, actor, &m.call_id, &m.organisation_id)?;
    Ok(f)
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

/// What the authority's forms in a channel may refer to: the channel's own files, the other
/// candidates' files (shared only under consent) and the other candidates.
#[derive(Debug, Clone, Default)]
pub struct Shareable {
    pub own: Vec<(String, String)>,
    pub others_files: Vec<(String, String)>,
    pub other_candidates: Vec<(String, String)>,
}

pub fn shareable(
    conn: &mut DbConnection,
    actor: &Actor,
    call_id: &str,
    organisation_id: &str,
) -> Result<Shareable, AppError> {
    let ch = channel(conn, actor, call_id, organisation_id)?;
    if ch.side != Side::Authority {
        return Err(AppError::NotFound);
    }
    let mut out = Shareable::default();
    for org in candidates(conn, &ch.call)? {
        let name = organisation_name(conn, &org)?;
        for m in db::dialogue::messages_of(conn, call_id, &org)? {
            for f in db::dialogue::files_of(conn, &m.id)? {
                if f.shared_from.is_some() {
                    continue;
                }
                if org == organisation_id {
                    out.own.push((f.id, f.file_name));
                } else {
                    out.others_files
                        .push((f.id, format!("{} — {name}", f.file_name)));
                }
            }
        }
        if org != organisation_id {
            out.other_candidates.push((org, name));
        }
    }
    Ok(out)
}
