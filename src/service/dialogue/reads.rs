//! Reading the dialogue: the channels a reader may open, one channel with its messages,
//! sessions and consents (recording the first reading of what the other side sent), its files,
//! and what the authority's forms may refer to.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::db::calls::CallRecord;
use crate::db::dialogue::{FileRow, MessageRow};
use crate::db::{self, DbConnection, write_tx};
use crate::domain::access::Actor;
use crate::domain::dialogue::{MessageKind, Side, side};
use crate::domain::lang::Lang;
use crate::error::AppError;

use super::{
    ConsentView, SessionView, audit, candidates, channel, channel_key, consents, current_stage,
    on_committee, organisation_name, sessions, stage_name,
};

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
    /// The message it quotes.
    pub quote: Option<QuoteView>,
}

/// A quoted message: its text, and whose it is when another candidate's (under its consent).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct QuoteView {
    pub message_id: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
    /// The other candidate whose message it is; none for one of this channel.
    pub from_candidate: Option<String>,
    pub consent_id: Option<String>,
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
    let quote = match &m.quotes {
        Some(id) => match db::dialogue::find_message(conn, id)? {
            Some(q) => Some(QuoteView {
                message_id: q.id.clone(),
                from_candidate: if q.organisation_id == m.organisation_id {
                    None
                } else {
                    Some(organisation_name(conn, &q.organisation_id)?)
                },
                body: match (lang, q.body_en) {
                    (Lang::En, Some(en)) => en,
                    _ => q.body,
                },
                created_at: q.created_at.and_utc(),
                consent_id: m.quote_consent_id.clone(),
            }),
            None => None,
        },
        None => None,
    };
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
        quote,
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
            side: ch.side.as_str().into(),
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

/// What the authority's forms in a channel may refer to: the channel's own files, the other
/// candidates' files (shared only under consent) and the other candidates.
#[derive(Debug, Clone, Default)]
pub struct Shareable {
    pub own: Vec<(String, String)>,
    pub others_files: Vec<(String, String)>,
    pub other_candidates: Vec<(String, String)>,
    /// The candidates' own messages (not the authority's), of this channel and of the others:
    /// to quote, or to ask consent for.
    pub own_messages: Vec<(String, String)>,
    pub others_messages: Vec<(String, String)>,
}

/// A message as a choice in a form: its date and its first words.
fn message_choice(m: &MessageRow, owner: &str) -> (String, String) {
    let words: String = m.body.chars().take(60).collect();
    let when = crate::domain::time::format_rome(m.created_at.and_utc(), Lang::It);
    let label = if owner.is_empty() {
        format!("{when}: {words}")
    } else {
        format!("{when} — {owner}: {words}")
    };
    (m.id.clone(), label)
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
            if !m.from_authority {
                if org == organisation_id {
                    out.own_messages.push(message_choice(&m, ""));
                } else {
                    out.others_messages.push(message_choice(&m, &name));
                }
            }
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
