use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::audit::{self, Change};
use crate::db::calls::{CallRecord, Document, NewCall, StatusChange};
use crate::db::{self, DbConnection, write_tx};
use crate::domain::access::{Actor, Role, can_manage_call, can_view_call};
use crate::domain::call::{
    CallAction, CallSpec, CallStatus, check_draft, check_publishable, has_procedure_shape,
    transition,
};
use crate::domain::violation::{Violation, ViolationKind};
use crate::error::AppError;

/// What the audit log keeps of a call before and after a change.
#[derive(Serialize)]
struct CallAuditSummary<'a> {
    status: &'a str,
    reference: &'a str,
    title: &'a str,
    budget_cents: i64,
    phases: usize,
    deadlines: Vec<String>,
}

fn summary(spec: &CallSpec, status: CallStatus) -> String {
    serde_json::to_string(&CallAuditSummary {
        status: status.as_str(),
        reference: spec.reference.trim(),
        title: spec.title.trim(),
        budget_cents: spec.budget_cents,
        phases: spec.phases.len(),
        deadlines: spec
            .phases
            .iter()
            .filter_map(|p| p.deadline.map(|d| d.to_rfc3339()))
            .collect(),
    })
    .unwrap_or_default()
}

fn invalid_unless_empty(violations: Vec<Violation>) -> Result<(), AppError> {
    if violations.is_empty() {
        Ok(())
    } else {
        Err(AppError::Invalid(violations))
    }
}

fn check_shape(spec: &CallSpec) -> Result<(), AppError> {
    if has_procedure_shape(spec.procedure, &spec.phases) {
        return Ok(());
    }
    Err(AppError::Invalid(vec![Violation::new(
        "phases",
        ViolationKind::Malformed {
            detail: "the phases do not follow the procedure's template".into(),
        },
    )]))
}

/// The call if this visitor may see it; drafts of other authorities do not exist for them.
pub fn load_visible(
    conn: &mut DbConnection,
    actor: Option<&Actor>,
    id: &str,
) -> Result<CallRecord, AppError> {
    let call = db::calls::find(conn, id)?.ok_or(AppError::NotFound)?;
    if can_view_call(
        actor,
        call.status,
        call.published_at.is_some(),
        &call.authority_id,
    ) {
        Ok(call)
    } else {
        Err(AppError::NotFound)
    }
}

/// The call if this officer manages it.
pub fn load_managed(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &str,
) -> Result<CallRecord, AppError> {
    let call = db::calls::find(conn, id)?.ok_or(AppError::NotFound)?;
    if can_manage_call(actor, &call.authority_id) {
        Ok(call)
    } else if can_view_call(
        Some(actor),
        call.status,
        call.published_at.is_some(),
        &call.authority_id,
    ) {
        Err(AppError::Forbidden)
    } else {
        Err(AppError::NotFound)
    }
}

fn officer_authority(actor: &Actor) -> Result<&str, AppError> {
    match (&actor.role, &actor.authority_id) {
        (Role::Officer, Some(a)) => Ok(a),
        _ => Err(AppError::Forbidden),
    }
}

pub fn create(
    conn: &mut DbConnection,
    actor: &Actor,
    spec: &CallSpec,
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    let authority_id = officer_authority(actor)?.to_string();
    invalid_unless_empty(check_draft(spec))?;
    check_shape(spec)?;
    let id = uuid::Uuid::new_v4().to_string();
    write_tx(conn, |conn| {
        db::calls::insert_call(
            conn,
            NewCall {
                id: &id,
                authority_id: &authority_id,
                created_by: &actor.user_id,
                spec,
                now,
            },
        )?;
        audit::append(
            conn,
            Change {
                actor: &actor.user_id,
                action: "call.created",
                entity_type: "call",
                entity_id: &id,
                before: String::new(),
                after: summary(spec, CallStatus::Draft),
            },
            now,
        )?;
        Ok::<_, AppError>(())
    })?;
    Ok(id)
}

/// Replaces the content of a draft.
pub fn update(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &str,
    spec: &CallSpec,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    write_tx(conn, |conn| {
        let call = load_managed(conn, actor, id)?;
        transition(call.status, CallAction::Edit).map_err(AppError::Refused)?;
        if spec.procedure != call.spec.procedure {
            return Err(AppError::Invalid(vec![Violation::new(
                "procedure",
                ViolationKind::Malformed {
                    detail: "the procedure of a call cannot change".into(),
                },
            )]));
        }
        invalid_unless_empty(check_draft(spec))?;
        check_shape(spec)?;
        db::calls::replace_content(conn, id, spec, now)?;
        audit::append(
            conn,
            Change {
                actor: &actor.user_id,
                action: "call.updated",
                entity_type: "call",
                entity_id: id,
                before: summary(&call.spec, call.status),
                after: summary(spec, call.status),
            },
            now,
        )?;
        Ok(())
    })
}

/// Publishes a draft, optionally with new content first; every violation is reported at once
/// and nothing is stored unless the whole call can be published.
/// Keeps what the officer typed in a draft's form when it could not be saved or published as it
/// was (`action` is `save` or `publish`), so that leaving the page loses nothing. It is not the
/// call's content: nothing public changes, and the next good save drops it.
pub fn keep_typed(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &str,
    action: &str,
    pairs: &[(String, String)],
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let pairs = serde_json::to_string(pairs).map_err(|e| AppError::Unexpected(e.into()))?;
    write_tx(conn, |conn| {
        let call = load_managed(conn, actor, id)?;
        transition(call.status, CallAction::Edit).map_err(AppError::Refused)?;
        db::calls::keep_typed(conn, id, action, &pairs, now)?;
        Ok(())
    })
}

/// A draft's form as typed and not yet saved.
pub struct TypedDraft {
    /// The officer asked to publish (else to save): the errors shown are those of that act.
    pub publish: bool,
    pub pairs: Vec<(String, String)>,
}

/// What was kept by `keep_typed` and not yet saved.
pub fn typed(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &str,
) -> Result<Option<TypedDraft>, AppError> {
    load_managed(conn, actor, id)?;
    let Some((action, pairs)) = db::calls::typed(conn, id)? else {
        return Ok(None);
    };
    let pairs = serde_json::from_str(&pairs).map_err(|e| AppError::Unexpected(e.into()))?;
    Ok(Some(TypedDraft {
        publish: action == "publish",
        pairs,
    }))
}

pub fn publish(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &str,
    new_content: Option<&CallSpec>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    write_tx(conn, |conn| {
        let call = load_managed(conn, actor, id)?;
        let status = transition(call.status, CallAction::Publish).map_err(AppError::Refused)?;
        let spec = new_content.unwrap_or(&call.spec);
        if spec.procedure != call.spec.procedure {
            return Err(AppError::Forbidden);
        }
        check_shape(spec)?;
        invalid_unless_empty(check_publishable(spec, now))?;
        if new_content.is_some() {
            db::calls::replace_content(conn, id, spec, now)?;
        }
        db::calls::set_status(
            conn,
            id,
            StatusChange {
                status,
                cancel_reason: None,
                now,
            },
        )?;
        audit::append(
            conn,
            Change {
                actor: &actor.user_id,
                action: "call.published",
                entity_type: "call",
                entity_id: id,
                before: summary(&call.spec, call.status),
                after: summary(spec, status),
            },
            now,
        )?;
        let published = db::calls::find(conn, id)?.ok_or(AppError::NotFound)?;
        crate::service::notifications::call_published(conn, &published, now)?;
        Ok(())
    })
}

pub fn cancel(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let mut violations = Vec::new();
    crate::domain::call::check_cancel_reason(reason, &mut violations);
    write_tx(conn, |conn| {
        let call = load_managed(conn, actor, id)?;
        let status = transition(call.status, CallAction::Cancel).map_err(AppError::Refused)?;
        invalid_unless_empty(violations)?;
        let reason = reason.trim();
        db::calls::set_status(
            conn,
            id,
            StatusChange {
                status,
                cancel_reason: Some(reason),
                now,
            },
        )?;
        audit::append(
            conn,
            Change {
                actor: &actor.user_id,
                action: "call.cancelled",
                entity_type: "call",
                entity_id: id,
                before: summary(&call.spec, call.status),
                after: format!("{} reason={reason}", summary(&call.spec, status)),
            },
            now,
        )?;
        crate::service::communications::notify_cancellation(conn, id, reason, now)?;
        Ok(())
    })
}

pub fn conclude(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    write_tx(conn, |conn| {
        let call = load_managed(conn, actor, id)?;
        let status = transition(call.status, CallAction::Conclude).map_err(AppError::Refused)?;
        let mut decided = Vec::new();
        // Each outcome counts from when its standstill started (the award's communications).
        for phase_id in &call.phase_ids {
            let decided_at = db::evaluation::phase_state(conn, phase_id)?
                .decided_at
                .map(|d| d.and_utc());
            decided.push(match decided_at {
                Some(at) => Some(crate::service::communications::standstill_start(
                    conn, phase_id, at,
                )?),
                None => None,
            });
        }
        if crate::service::challenges::award_held(conn, id)? {
            return Err(AppError::Contract(
                crate::domain::contract::ContractRefusal::HeldByAppeal,
            ));
        }
        if !crate::domain::evaluation::may_conclude(&call.spec.phases, &decided, now) {
            return Err(AppError::conflict(
                "the procedure concludes once its outcome is final: a PCP after its last phase's \
                 outcome, a competitive dialogue once its award is final; otherwise cancel it with \
                 a reason",
            ));
        }
        db::calls::set_status(
            conn,
            id,
            StatusChange {
                status,
                cancel_reason: None,
                now,
            },
        )?;
        audit::append(
            conn,
            Change {
                actor: &actor.user_id,
                action: "call.concluded",
                entity_type: "call",
                entity_id: id,
                before: summary(&call.spec, call.status),
                after: summary(&call.spec, status),
            },
            now,
        )?;
        Ok(())
    })
}

/// Checks that a document may be attached before its bytes are stored.
pub fn check_can_attach(conn: &mut DbConnection, actor: &Actor, id: &str) -> Result<(), AppError> {
    let call = load_managed(conn, actor, id)?;
    transition(call.status, CallAction::Edit).map_err(AppError::Refused)?;
    Ok(())
}

/// Records a document whose file is already in the blob store.
pub fn attach_document(
    conn: &mut DbConnection,
    actor: &Actor,
    doc: &Document,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    write_tx(conn, |conn| {
        check_can_attach(conn, actor, &doc.call_id)?;
        db::calls::insert_document(conn, doc)?;
        audit::append(
            conn,
            Change {
                actor: &actor.user_id,
                action: "call.document_added",
                entity_type: "call",
                entity_id: &doc.call_id,
                before: String::new(),
                after: format!(
                    "{} ({} bytes, sha256 {})",
                    doc.file_name, doc.size_bytes, doc.sha256
                ),
            },
            now,
        )?;
        Ok(())
    })
}

pub fn remove_document(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &str,
    doc_id: &str,
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    write_tx(conn, |conn| {
        check_can_attach(conn, actor, id)?;
        let doc = db::calls::find_document(conn, id, doc_id)?.ok_or(AppError::NotFound)?;
        db::calls::delete_document(conn, doc_id)?;
        audit::append(
            conn,
            Change {
                actor: &actor.user_id,
                action: "call.document_removed",
                entity_type: "call",
                entity_id: id,
                before: format!("{} (sha256 {})", doc.file_name, doc.sha256),
                after: String::new(),
            },
            now,
        )?;
        Ok(doc.sha256)
    })
}
