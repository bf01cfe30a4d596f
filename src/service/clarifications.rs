//! Questions from suppliers, answers published anonymously, and addenda to published calls.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::audit::{self, Change};
use crate::db::calls::Document;
use crate::db::proposals::{Addendum, Clarification};
use crate::db::{self, DbConnection, write_tx};
use crate::domain::access::{Actor, Role, can_manage_call};
use crate::domain::call::CallStatus;
use crate::domain::violation::{Violation, ViolationKind, check_text};
use crate::error::AppError;

fn checked_text(field: &str, text: &str, max: usize) -> Result<String, AppError> {
    let mut out = Vec::new();
    check_text(field, text, max, &mut out);
    if out.is_empty() {
        Ok(text.trim().to_string())
    } else {
        Err(AppError::Invalid(out))
    }
}

fn not_published() -> AppError {
    AppError::Invalid(vec![Violation::new(
        "call",
        ViolationKind::Malformed {
            detail: "the call is not published".into(),
        },
    )])
}

/// A supplier asks a question on a published call; only the authority sees who asked.
pub fn ask(
    conn: &mut DbConnection,
    actor: &Actor,
    call_id: &str,
    question: &str,
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    let organisation_id = match (actor.role, &actor.organisation_id) {
        (Role::Supplier, Some(o)) => o.clone(),
        _ => return Err(AppError::Forbidden),
    };
    let question = checked_text("question", question, 4000)?;
    write_tx(conn, |conn| {
        let call = db::calls::find(conn, call_id)?.ok_or(AppError::NotFound)?;
        if call.status != CallStatus::Published {
            return Err(not_published());
        }
        let c = Clarification {
            id: uuid::Uuid::new_v4().to_string(),
            call_id: call_id.to_string(),
            organisation_id,
            asked_by: actor.user_id.clone(),
            question: question.clone(),
            asked_at: now.naive_utc(),
            answer: None,
            answered_by: None,
            answered_at: None,
            private: false,
        };
        db::proposals::insert_clarification(conn, &c)?;
        audit::append(
            conn,
            Change {
                actor: &actor.user_id,
                action: "clarification.asked",
                entity_type: "call",
                entity_id: call_id,
                before: String::new(),
                after: c.id.clone(),
            },
            now,
        )?;
        Ok(c.id)
    })
}

/// An officer answers; question and answer become public, without the asker's name.
pub fn answer(
    conn: &mut DbConnection,
    actor: &Actor,
    clarification_id: &str,
    answer: &str,
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    let answer = checked_text("answer", answer, 8000)?;
    write_tx(conn, |conn| {
        let c =
            db::proposals::find_clarification(conn, clarification_id)?.ok_or(AppError::NotFound)?;
        let call = db::calls::find(conn, &c.call_id)?.ok_or(AppError::NotFound)?;
        if !can_manage_call(actor, &call.authority_id) {
            return Err(AppError::Forbidden);
        }
        if c.answer.is_some() {
            return Err(AppError::conflict(
                "already answered: published answers do not change",
            ));
        }
        db::proposals::answer_clarification(conn, clarification_id, &answer, &actor.user_id, now)?;
        crate::service::communications::notify_clarification_answered(
            conn,
            &c.call_id,
            &c.organisation_id,
            |lang| {
                crate::i18n::communications::clarification_text(
                    &call.spec.title,
                    &call.spec.reference,
                    &c.question,
                    &answer,
                    lang,
                )
            },
            now,
        )?;
        audit::append(
            conn,
            Change {
                actor: &actor.user_id,
                action: "clarification.answered",
                entity_type: "call",
                entity_id: &c.call_id,
                before: c.question,
                after: answer.clone(),
            },
            now,
        )?;
        Ok(c.call_id)
    })
}

/// An officer answers a question about the asker's own solution in its dialogue channel: the
/// question and the answer stay between the candidate and the authority, never published.
pub fn answer_privately(
    conn: &mut DbConnection,
    actor: &Actor,
    clarification_id: &str,
    answer: &str,
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    use crate::domain::dialogue::{DialogueRefusal, MessageKind};
    let answer = checked_text("answer", answer, 8000)?;
    write_tx(conn, |conn| {
        let c =
            db::proposals::find_clarification(conn, clarification_id)?.ok_or(AppError::NotFound)?;
        let call = db::calls::find(conn, &c.call_id)?.ok_or(AppError::NotFound)?;
        if !can_manage_call(actor, &call.authority_id) {
            return Err(AppError::Forbidden);
        }
        if c.answer.is_some() {
            return Err(AppError::conflict(
                "already answered: published answers do not change",
            ));
        }
        if !crate::service::dialogue::candidates(conn, &call)?.contains(&c.organisation_id) {
            return Err(AppError::Dialogue(DialogueRefusal::NotACandidate));
        }
        db::proposals::answer_clarification(conn, clarification_id, &answer, &actor.user_id, now)?;
        db::proposals::make_clarification_private(conn, clarification_id)?;
        let stage = crate::service::dialogue::current_stage(conn, &call, &c.organisation_id)?;
        crate::service::dialogue::record_message(
            conn,
            crate::service::dialogue::SystemMessage {
                call_id: &c.call_id,
                organisation_id: &c.organisation_id,
                phase_id: stage,
                kind: MessageKind::Clarification,
                from_authority: true,
                author_id: &actor.user_id,
                it: format!("Domanda: {}\n\nRisposta: {answer}", c.question),
                en: Some(format!("Question: {}\n\nAnswer: {answer}", c.question)),
            },
            now,
        )?;
        audit::append(
            conn,
            Change {
                actor: &actor.user_id,
                action: "clarification.answered_privately",
                entity_type: "call",
                entity_id: &c.call_id,
                before: c.id.clone(),
                after: c.organisation_id.clone(),
            },
            now,
        )?;
        Ok(c.call_id)
    })
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PublicClarification {
    pub id: String,
    pub question: String,
    pub answer: Option<String>,
    pub asked_at: DateTime<Utc>,
    pub answered_at: Option<DateTime<Utc>>,
    /// Shown only to the authority and to the organisation that asked.
    pub organisation_id: Option<String>,
    /// Answered in the asker's dialogue channel, not published.
    pub private: bool,
}

/// What this reader sees of a call's questions: answered ones for everyone; unanswered ones and
/// those answered privately in a dialogue channel only for the authority and the organisation
/// that asked.
pub fn visible(
    conn: &mut DbConnection,
    actor: Option<&Actor>,
    call_id: &str,
    authority_id: &str,
) -> Result<Vec<PublicClarification>, AppError> {
    let officer = actor.is_some_and(|a| can_manage_call(a, authority_id));
    let org = actor.and_then(|a| a.organisation_id.clone());
    Ok(db::proposals::clarifications_for_call(conn, call_id)?
        .into_iter()
        .filter(|c| {
            (c.answer.is_some() && !c.private)
                || officer
                || org.as_deref() == Some(c.organisation_id.as_str())
        })
        .map(|c| {
            let own = org.as_deref() == Some(c.organisation_id.as_str());
            PublicClarification {
                organisation_id: (officer || own).then(|| c.organisation_id.clone()),
                id: c.id,
                question: c.question,
                answer: c.answer,
                asked_at: c.asked_at.and_utc(),
                answered_at: c.answered_at.map(|d| d.and_utc()),
                private: c.private,
            }
        })
        .collect())
}

/// An addendum whose files are already in the blob store.
pub struct NewAddendum {
    pub body: String,
    pub files: Vec<Document>,
}

/// Publishes an addendum to a published call: the only way a published call changes.
pub fn publish_addendum(
    conn: &mut DbConnection,
    actor: &Actor,
    call_id: &str,
    new: NewAddendum,
    now: DateTime<Utc>,
) -> Result<i32, AppError> {
    let body = checked_text("body", &new.body, 20_000)?;
    write_tx(conn, |conn| {
        let call = db::calls::find(conn, call_id)?.ok_or(AppError::NotFound)?;
        if !can_manage_call(actor, &call.authority_id) {
            return Err(if call.is_public() {
                AppError::Forbidden
            } else {
                AppError::NotFound
            });
        }
        if call.status != CallStatus::Published {
            return Err(not_published());
        }
        let number = db::proposals::addenda_for_call(conn, call_id)?.len() as i32 + 1;
        let addendum = Addendum {
            id: uuid::Uuid::new_v4().to_string(),
            call_id: call_id.to_string(),
            number,
            body: body.clone(),
            published_by: actor.user_id.clone(),
            published_at: now.naive_utc(),
        };
        let files: Vec<Document> = new
            .files
            .into_iter()
            .map(|d| Document {
                addendum_id: Some(addendum.id.clone()),
                call_id: call_id.to_string(),
                ..d
            })
            .collect();
        db::proposals::insert_addendum(conn, &addendum, &files)?;
        audit::append(
            conn,
            Change {
                actor: &actor.user_id,
                action: "call.addendum_published",
                entity_type: "call",
                entity_id: call_id,
                before: String::new(),
                after: format!("addendum {number}: {} files", files.len()),
            },
            now,
        )?;
        crate::service::communications::notify_addendum(conn, call_id, number, now)?;
        Ok(number)
    })
}
