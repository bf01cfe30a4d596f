//! The consent register (art. 30(3) Directive 2014/24/EU): the authority asks a candidate,
//! in its channel, whether it may share a piece of its material, with whom and for what; the
//! candidate gives or refuses; sharing a file asks `domain::dialogue::consent_for`.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::db::calls::CallRecord;
use crate::db::dialogue::ConsentRow;
use crate::db::{self, DbConnection, write_tx};
use crate::domain::access::Actor;
use crate::domain::dialogue::{
    Consent, ConsentStatus, DialogueRefusal, MessageKind, Side, check_consent_request,
};
use crate::domain::violation::{Violation, ViolationKind};
use crate::error::AppError;

use super::{
    SystemMessage, audit, candidates, channel, channel_key, current_stage, on_committee,
    organisation_name, record_message,
};

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct ConsentInput {
    /// What would be shared (e.g. "the architecture of the solution presented on 10 March").
    pub subject: String,
    /// The file of the candidate's channel it covers, if one.
    pub file_id: Option<String>,
    /// The message of the candidate's channel it covers (to be quoted), if one.
    #[serde(default)]
    pub message_id: Option<String>,
    /// The candidate it would be shared with; none: every other candidate.
    pub shared_with: Option<String>,
    pub purpose: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ConsentView {
    pub id: String,
    /// The candidate whose material it is.
    pub organisation_id: String,
    pub organisation: String,
    pub subject: String,
    pub file_id: Option<String>,
    pub file_name: Option<String>,
    pub message_id: Option<String>,
    pub shared_with: Option<String>,
    pub shared_with_name: Option<String>,
    pub purpose: String,
    pub status: ConsentStatus,
    pub requested_at: DateTime<Utc>,
    pub answered_at: Option<DateTime<Utc>>,
}

fn status_of(r: &ConsentRow) -> Result<ConsentStatus, AppError> {
    ConsentStatus::parse(&r.status)
        .ok_or_else(|| AppError::Unexpected(anyhow::anyhow!("stored consent status unknown")))
}

/// The register, as the sharing rule reads it.
pub(super) fn rules_of_call(
    conn: &mut DbConnection,
    call_id: &str,
) -> Result<Vec<Consent>, AppError> {
    db::dialogue::consents_of_call(conn, call_id)?
        .into_iter()
        .map(|r| {
            Ok(Consent {
                status: status_of(&r)?,
                id: r.id,
                owner: r.organisation_id,
                item: r.file_id.or(r.message_id),
                shared_with: r.shared_with,
            })
        })
        .collect()
}

fn view(conn: &mut DbConnection, r: ConsentRow) -> Result<ConsentView, AppError> {
    let file_name = match &r.file_id {
        Some(id) => db::dialogue::find_file(conn, id)?.map(|f| f.file_name),
        None => None,
    };
    let shared_with_name = match &r.shared_with {
        Some(org) => Some(organisation_name(conn, org)?),
        None => None,
    };
    Ok(ConsentView {
        status: status_of(&r)?,
        organisation: organisation_name(conn, &r.organisation_id)?,
        id: r.id,
        organisation_id: r.organisation_id,
        subject: r.subject,
        file_id: r.file_id,
        file_name,
        message_id: r.message_id,
        shared_with: r.shared_with,
        shared_with_name,
        purpose: r.purpose,
        requested_at: r.requested_at.and_utc(),
        answered_at: r.answered_at.map(|t| t.and_utc()),
    })
}

/// The consents a candidate was asked for (shown in its own channel).
pub(super) fn of_owner(
    conn: &mut DbConnection,
    call: &CallRecord,
    organisation_id: &str,
) -> Result<Vec<ConsentView>, AppError> {
    db::dialogue::consents_of_call(conn, &call.id)?
        .into_iter()
        .filter(|r| r.organisation_id == organisation_id)
        .map(|r| view(conn, r))
        .collect()
}

/// The whole register for the authority and the committee; a candidate's own consents for it.
pub fn register(
    conn: &mut DbConnection,
    actor: &Actor,
    call_id: &str,
) -> Result<Vec<ConsentView>, AppError> {
    let call = db::calls::find(conn, call_id)?.ok_or(AppError::NotFound)?;
    if actor.is_officer_of(&call.authority_id) || on_committee(conn, &call, &actor.user_id)? {
        return db::dialogue::consents_of_call(conn, call_id)?
            .into_iter()
            .map(|r| view(conn, r))
            .collect();
    }
    match &actor.organisation_id {
        Some(org) if candidates(conn, &call)?.contains(org) => of_owner(conn, &call, org),
        _ => Err(AppError::NotFound),
    }
}

/// Every consent of a call, for the procurement report.
pub fn for_report(conn: &mut DbConnection, call_id: &str) -> Result<Vec<ConsentView>, AppError> {
    db::dialogue::consents_of_call(conn, call_id)?
        .into_iter()
        .map(|r| view(conn, r))
        .collect()
}

fn malformed(field: &str, detail: &str) -> AppError {
    AppError::Invalid(vec![Violation::new(
        field,
        ViolationKind::Malformed {
            detail: detail.into(),
        },
    )])
}

/// The officer asks a candidate for its consent, in the candidate's channel.
pub fn request_consent(
    conn: &mut DbConnection,
    actor: &Actor,
    call_id: &str,
    organisation_id: &str,
    input: &ConsentInput,
    now: DateTime<Utc>,
) -> Result<ConsentView, AppError> {
    let v = check_consent_request(&input.subject, &input.purpose);
    if !v.is_empty() {
        return Err(AppError::Invalid(v));
    }
    write_tx(conn, |conn| {
        let ch = channel(conn, actor, call_id, organisation_id)?;
        if ch.side != Side::Authority {
            return Err(AppError::Dialogue(DialogueRefusal::NotYours));
        }
        if let Some(file_id) = &input.file_id {
            let owner = match db::dialogue::find_file(conn, file_id)? {
                Some(f) => db::dialogue::find_message(conn, &f.message_id)?
                    .filter(|m| m.call_id == call_id)
                    .map(|m| m.organisation_id),
                None => None,
            };
            if owner.as_deref() != Some(organisation_id) {
                return Err(malformed(
                    "file_id",
                    "not a file of this candidate's channel",
                ));
            }
        }
        if let Some(message_id) = &input.message_id {
            let owner = db::dialogue::find_message(conn, message_id)?
                .filter(|m| m.call_id == call_id)
                .map(|m| m.organisation_id);
            if owner.as_deref() != Some(organisation_id) {
                return Err(malformed(
                    "message_id",
                    "not a message of this candidate's channel",
                ));
            }
        }
        if let Some(with) = &input.shared_with
            && (with == organisation_id || !candidates(conn, &ch.call)?.contains(with))
        {
            return Err(malformed(
                "shared_with",
                "not another candidate of this dialogue",
            ));
        }
        let row = ConsentRow {
            id: uuid::Uuid::new_v4().to_string(),
            call_id: call_id.to_string(),
            organisation_id: organisation_id.to_string(),
            subject: input.subject.trim().to_string(),
            file_id: input.file_id.clone(),
            shared_with: input.shared_with.clone(),
            purpose: input.purpose.trim().to_string(),
            status: ConsentStatus::Requested.as_str().into(),
            requested_by: actor.user_id.clone(),
            requested_at: now.naive_utc(),
            answered_by: None,
            answered_at: None,
            message_id: input.message_id.clone(),
        };
        db::dialogue::insert_consent(conn, &row)?;
        let with = match &row.shared_with {
            Some(org) => organisation_name(conn, org)?,
            None => String::new(),
        };
        let (with_it, with_en) = if with.is_empty() {
            (
                "gli altri candidati".to_string(),
                "the other candidates".to_string(),
            )
        } else {
            (with.clone(), with)
        };
        let phase_id = current_stage(conn, &ch.call, organisation_id)?;
        record_message(
            conn,
            SystemMessage {
                call_id,
                organisation_id,
                phase_id,
                kind: MessageKind::ConsentRequested,
                from_authority: true,
                author_id: &actor.user_id,
                it: format!(
                    "Richiesta di consenso: possiamo condividere «{}» con {with_it}, allo scopo di: {}?",
                    row.subject, row.purpose
                ),
                en: Some(format!(
                    "Request for consent: may we share \"{}\" with {with_en}, for: {}?",
                    row.subject, row.purpose
                )),
            },
            now,
        )?;
        audit(
            conn,
            actor,
            "dialogue.consent_requested",
            &row.id,
            format!(
                "channel={} file={} shared_with={}",
                channel_key(call_id, organisation_id),
                row.file_id.clone().unwrap_or_default(),
                row.shared_with.clone().unwrap_or_else(|| "all".into())
            ),
            now,
        )?;
        view(conn, row)
    })
}

/// The candidate gives or refuses its consent; the answer is final.
pub fn answer_consent(
    conn: &mut DbConnection,
    actor: &Actor,
    consent_id: &str,
    given: bool,
    now: DateTime<Utc>,
) -> Result<ConsentView, AppError> {
    write_tx(conn, |conn| {
        let r = db::dialogue::find_consent(conn, consent_id)?.ok_or(AppError::NotFound)?;
        let ch = channel(conn, actor, &r.call_id, &r.organisation_id)?;
        if ch.side != Side::Candidate {
            return Err(AppError::Dialogue(DialogueRefusal::NotYours));
        }
        let status = if given {
            ConsentStatus::Given
        } else {
            ConsentStatus::Refused
        };
        if db::dialogue::answer_consent(
            conn,
            consent_id,
            status.as_str(),
            &actor.user_id,
            now.naive_utc(),
        )? == 0
        {
            return Err(AppError::Dialogue(DialogueRefusal::ConsentAnswered));
        }
        let (it, en) = if given {
            ("Consenso dato", "Consent given")
        } else {
            ("Consenso negato", "Consent refused")
        };
        let phase_id = current_stage(conn, &ch.call, &r.organisation_id)?;
        record_message(
            conn,
            SystemMessage {
                call_id: &r.call_id,
                organisation_id: &r.organisation_id,
                phase_id,
                kind: MessageKind::ConsentAnswered,
                from_authority: false,
                author_id: &actor.user_id,
                it: format!("{it}: «{}».", r.subject),
                en: Some(format!("{en}: \"{}\".", r.subject)),
            },
            now,
        )?;
        audit(
            conn,
            actor,
            "dialogue.consent_answered",
            consent_id,
            format!("status={}", status.as_str()),
            now,
        )?;
        let r = db::dialogue::find_consent(conn, consent_id)?.ok_or(AppError::NotFound)?;
        view(conn, r)
    })
}
