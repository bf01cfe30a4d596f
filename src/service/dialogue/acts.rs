//! Writing in a channel: a message with its files, a file added to one's own message before the
//! other side read it, and another candidate's file shared only under its consent.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::db::dialogue::{FileRow, MessageRow};
use crate::db::{self, DbConnection, write_tx};
use crate::domain::access::Actor;
use crate::domain::dialogue::{
    DialogueRefusal, MAX_SHARED_FILES, MessageKind, Side, check_message, consent_for,
};
use crate::domain::lang::Lang;
use crate::domain::time::rome_date;
use crate::domain::violation::{Violation, ViolationKind};
use crate::error::AppError;

use super::{
    DialogueFileView, MessageView, ReceivedFile, audit, channel, channel_key, consents,
    current_stage, file_view, message_view,
};

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct MessageInput {
    pub body: String,
    /// The authority may ask for an answer by this date.
    pub answer_by: Option<NaiveDate>,
    /// The message of this channel this one answers.
    pub reply_to: Option<String>,
    /// Files already in a channel to attach again (the authority only); another candidate's
    /// file needs that candidate's consent for this file and this recipient.
    #[serde(default)]
    pub shared_file_ids: Vec<String>,
    /// A message to quote: of this channel, or (the authority only) of another candidate's
    /// channel with that candidate's consent for this message and this recipient.
    #[serde(default)]
    pub quoted_message_id: Option<String>,
}

fn malformed(field: &str, detail: &str) -> AppError {
    AppError::Invalid(vec![Violation::new(
        field,
        ViolationKind::Malformed {
            detail: detail.into(),
        },
    )])
}

/// Posts a message in the channel of `organisation_id`, with the files the request carried.
#[allow(clippy::too_many_arguments)]
pub fn post_message(
    conn: &mut DbConnection,
    actor: &Actor,
    call_id: &str,
    organisation_id: &str,
    input: &MessageInput,
    files: &[ReceivedFile],
    lang: Lang,
    now: DateTime<Utc>,
) -> Result<MessageView, AppError> {
    write_tx(conn, |conn| {
        let ch = channel(conn, actor, call_id, organisation_id)?;
        if ch.side == Side::Committee {
            return Err(AppError::Dialogue(DialogueRefusal::NotYours));
        }
        let v = check_message(&input.body, input.answer_by, ch.side, rome_date(now));
        if !v.is_empty() {
            return Err(AppError::Invalid(v));
        }
        if let Some(parent) = &input.reply_to {
            let p = db::dialogue::find_message(conn, parent)?;
            if !p.is_some_and(|p| p.call_id == call_id && p.organisation_id == organisation_id) {
                return Err(malformed("reply_to", "not a message of this channel"));
            }
        }
        if input.shared_file_ids.len() > MAX_SHARED_FILES {
            return Err(malformed(
                "shared_file_ids",
                &format!("at most {MAX_SHARED_FILES} files"),
            ));
        }
        let shared = shared_files(conn, &ch, input)?;
        let quote_consent = match &input.quoted_message_id {
            Some(id) => quote_consent(conn, &ch, id)?,
            None => None,
        };
        let row = MessageRow {
            id: uuid::Uuid::new_v4().to_string(),
            call_id: call_id.to_string(),
            organisation_id: organisation_id.to_string(),
            phase_id: current_stage(conn, &ch.call, organisation_id)?,
            reply_to: input.reply_to.clone(),
            kind: MessageKind::Message.as_str().into(),
            from_authority: ch.side == Side::Authority,
            author_id: actor.user_id.clone(),
            body: input.body.trim().to_string(),
            body_en: None,
            answer_by: input.answer_by,
            created_at: now.naive_utc(),
            read_at: None,
            read_by: None,
            quotes: input.quoted_message_id.clone(),
            quote_consent_id: quote_consent.clone(),
        };
        db::dialogue::insert_message(conn, &row)?;
        super::notify(conn, &row, now)?;
        let mut hashes = Vec::new();
        for f in files {
            let stored = file_row(&row.id, actor, f, None, now);
            hashes.push(format!("{}={}", stored.file_name, stored.sha256));
            db::dialogue::insert_file(conn, &stored)?;
        }
        for (original, consent_id) in shared {
            let f = ReceivedFile {
                file_name: original.file_name.clone(),
                content_type: original.content_type.clone(),
                size_bytes: original.size_bytes,
                sha256: original.sha256.clone(),
            };
            let mut stored = file_row(&row.id, actor, &f, consent_id.clone(), now);
            stored.shared_from = Some(original.id.clone());
            hashes.push(format!(
                "{}={} shared_from={} consent={}",
                stored.file_name,
                stored.sha256,
                original.id,
                consent_id.unwrap_or_default()
            ));
            db::dialogue::insert_file(conn, &stored)?;
        }
        audit(
            conn,
            actor,
            "dialogue.message_posted",
            &channel_key(call_id, organisation_id),
            format!(
                "message={} files=[{}] quotes={} consent={}",
                row.id,
                hashes.join(","),
                row.quotes.clone().unwrap_or_default(),
                quote_consent.unwrap_or_default()
            ),
            now,
        )?;
        message_view(conn, &ch.call, row, lang)
    })
}

/// The files to share again, each with the consent that allows it where it is another
/// candidate's: refused as a whole when any lacks one.
fn shared_files(
    conn: &mut DbConnection,
    ch: &super::Channel,
    input: &MessageInput,
) -> Result<Vec<(FileRow, Option<String>)>, AppError> {
    if input.shared_file_ids.is_empty() {
        return Ok(Vec::new());
    }
    if ch.side != Side::Authority {
        return Err(AppError::Dialogue(DialogueRefusal::NotYours));
    }
    let register = consents::rules_of_call(conn, &ch.call.id)?;
    let mut out = Vec::new();
    for id in &input.shared_file_ids {
        let original = db::dialogue::find_file(conn, id)?
            .ok_or_else(|| malformed("shared_file_ids", "no such file in this dialogue"))?;
        let from = db::dialogue::find_message(conn, &original.message_id)?
            .filter(|m| m.call_id == ch.call.id)
            .ok_or_else(|| malformed("shared_file_ids", "no such file in this dialogue"))?;
        let consent = consent_for(&register, &from.organisation_id, id, &ch.organisation_id)
            .map_err(AppError::Dialogue)?;
        out.push((original, consent.map(|c| c.id.clone())));
    }
    Ok(out)
}

/// Whether `ch` may quote message `id`, and under which consent: a message of the same channel
/// needs none; another candidate's is for the authority only, with its owner's consent.
fn quote_consent(
    conn: &mut DbConnection,
    ch: &super::Channel,
    id: &str,
) -> Result<Option<String>, AppError> {
    let quoted = db::dialogue::find_message(conn, id)?
        .filter(|m| m.call_id == ch.call.id)
        .ok_or_else(|| malformed("quoted_message_id", "no such message in this dialogue"))?;
    if quoted.organisation_id == ch.organisation_id {
        return Ok(None);
    }
    if ch.side != Side::Authority {
        return Err(malformed(
            "quoted_message_id",
            "no such message in this dialogue",
        ));
    }
    let register = consents::rules_of_call(conn, &ch.call.id)?;
    consent_for(&register, &quoted.organisation_id, id, &ch.organisation_id)
        .map(|c| c.map(|c| c.id.clone()))
        .map_err(AppError::Dialogue)
}

fn file_row(
    message_id: &str,
    actor: &Actor,
    f: &ReceivedFile,
    consent_id: Option<String>,
    now: DateTime<Utc>,
) -> FileRow {
    FileRow {
        id: uuid::Uuid::new_v4().to_string(),
        message_id: message_id.to_string(),
        file_name: f.file_name.clone(),
        content_type: f.content_type.clone(),
        size_bytes: f.size_bytes,
        sha256: f.sha256.clone(),
        uploaded_by: actor.user_id.clone(),
        uploaded_at: now.naive_utc(),
        shared_from: None,
        consent_id,
    }
}

/// Adds a file to one's own message, until the other side has read it: what was read is what
/// the receipt covers.
pub fn add_file(
    conn: &mut DbConnection,
    actor: &Actor,
    message_id: &str,
    file: &ReceivedFile,
    now: DateTime<Utc>,
) -> Result<DialogueFileView, AppError> {
    write_tx(conn, |conn| {
        let m = db::dialogue::find_message(conn, message_id)?.ok_or(AppError::NotFound)?;
        channel(conn, actor, &m.call_id, &m.organisation_id)?;
        if m.author_id != actor.user_id {
            return Err(AppError::Dialogue(DialogueRefusal::NotYours));
        }
        if m.read_at.is_some() {
            return Err(AppError::conflict(
                "the message has been read: send the file with a new message",
            ));
        }
        let stored = file_row(message_id, actor, file, None, now);
        db::dialogue::insert_file(conn, &stored)?;
        audit(
            conn,
            actor,
            "dialogue.file_added",
            &channel_key(&m.call_id, &m.organisation_id),
            format!(
                "message={message_id} {}={}",
                stored.file_name, stored.sha256
            ),
            now,
        )?;
        Ok(file_view(stored))
    })
}
