//! Communications after an act: created by the act itself, delivered on the platform at once,
//! read by their recipient (the first reading is recorded), listed for the authority with their
//! due dates.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

mod mail;
mod notify;

pub(crate) use mail::enqueue_notification;
pub use mail::{MailDelivery, Mailer, Pass};
pub(crate) use notify::{
    notify_addendum, notify_cancellation, notify_clarification_answered, notify_complaint_answer,
    notify_contract_signed, notify_outcome,
};

use crate::db::communications::CommunicationRow;
use crate::db::{self, DbConnection};
use crate::domain::access::{Actor, Role};
use crate::domain::communication::{self as rules, CommunicationKind};
use crate::domain::lang::Lang;
use crate::error::AppError;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CommunicationView {
    pub id: String,
    pub call_id: String,
    pub phase_id: Option<String>,
    pub kind: CommunicationKind,
    pub organisation_id: String,
    pub organisation: String,
    pub subject: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
    /// Five days from the act (art. 90 c.1).
    pub due_at: DateTime<Utc>,
    pub delivered_at: Option<DateTime<Utc>>,
    /// The first reading by the recipient.
    pub read_at: Option<DateTime<Utc>>,
    pub overdue: bool,
    /// Its e-mail copies (one per address), as the outbox stands.
    pub email: Vec<MailDelivery>,
}

fn view(
    conn: &mut DbConnection,
    r: CommunicationRow,
    lang: Lang,
    now: DateTime<Utc>,
) -> Result<CommunicationView, AppError> {
    let organisation = db::accounts::find_organisation(conn, &r.organisation_id)?
        .map(|o| o.legal_name)
        .unwrap_or_default();
    let (subject, body) = match lang {
        Lang::It => (r.subject_it, r.body_it),
        Lang::En => (r.subject_en, r.body_en),
    };
    let due_at = r.due_at.and_utc();
    let delivered_at = r.delivered_at.map(|t| t.and_utc());
    Ok(CommunicationView {
        email: mail::deliveries(conn, &r.id)?,
        kind: CommunicationKind::parse(&r.kind)
            .ok_or_else(|| AppError::Unexpected(anyhow::anyhow!("unknown kind {}", r.kind)))?,
        overdue: rules::is_overdue(due_at, delivered_at, now),
        id: r.id,
        call_id: r.call_id,
        phase_id: r.phase_id,
        organisation_id: r.organisation_id,
        organisation,
        subject,
        body,
        created_at: r.created_at.and_utc(),
        due_at,
        delivered_at,
        read_at: r.read_at.map(|t| t.and_utc()),
    })
}

pub(super) fn audit(
    conn: &mut DbConnection,
    actor: &Actor,
    action: &str,
    (entity_type, entity_id): (&str, &str),
    after: String,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    crate::audit::append(
        conn,
        crate::audit::Change {
            actor: &actor.user_id,
            action,
            entity_type,
            entity_id,
            before: String::new(),
            after,
        },
        now,
    )?;
    Ok(())
}

/// The signed-in supplier's communications, newest first.
pub fn inbox(
    conn: &mut DbConnection,
    actor: &Actor,
    lang: Lang,
    now: DateTime<Utc>,
) -> Result<Vec<CommunicationView>, AppError> {
    let org = match (actor.role, &actor.organisation_id) {
        (Role::Supplier, Some(org)) => org.clone(),
        _ => return Err(AppError::Forbidden),
    };
    db::communications::of_organisation(conn, &org)?
        .into_iter()
        .map(|r| view(conn, r, lang, now))
        .collect()
}

/// How many of the supplier's communications nobody of its organisation has read yet.
pub fn unread(conn: &mut DbConnection, actor: &Actor) -> Result<usize, AppError> {
    match (actor.role, &actor.organisation_id) {
        (Role::Supplier, Some(org)) => Ok(db::communications::of_organisation(conn, org)?
            .iter()
            .filter(|r| r.read_at.is_none())
            .count()),
        _ => Ok(0),
    }
}

/// One communication; its recipient's first reading is recorded.
pub fn open(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &str,
    lang: Lang,
    now: DateTime<Utc>,
) -> Result<CommunicationView, AppError> {
    let row = db::communications::find(conn, id)?.ok_or(AppError::NotFound)?;
    let call = db::calls::find(conn, &row.call_id)?.ok_or(AppError::NotFound)?;
    if !rules::can_read(actor, &call.authority_id, &row.organisation_id) {
        return Err(AppError::NotFound);
    }
    if actor.role == Role::Supplier
        && db::communications::mark_read(conn, id, &actor.user_id, now.naive_utc())?
    {
        audit(
            conn,
            actor,
            "communication.read",
            ("communication", id),
            String::new(),
            now,
        )?;
    }
    let row = db::communications::find(conn, id)?.ok_or(AppError::NotFound)?;
    view(conn, row, lang, now)
}

/// Every communication of a call, for its officers: sent, due, read.
pub fn of_call(
    conn: &mut DbConnection,
    actor: &Actor,
    call_id: &str,
    lang: Lang,
    now: DateTime<Utc>,
) -> Result<Vec<CommunicationView>, AppError> {
    let call = db::calls::find(conn, call_id)?.ok_or(AppError::NotFound)?;
    if !actor.is_officer_of(&call.authority_id) {
        return Err(AppError::NotFound);
    }
    db::communications::of_call(conn, call_id)?
        .into_iter()
        .map(|r| view(conn, r, lang, now))
        .collect()
}

/// When the standstill of phase `phase_id`, decided at `decided_at`, starts: the latest delivery
/// of its award communications (`domain::communication::standstill_start`).
pub fn standstill_start(
    conn: &mut DbConnection,
    phase_id: &str,
    decided_at: DateTime<Utc>,
) -> Result<DateTime<Utc>, AppError> {
    let deliveries: Vec<DateTime<Utc>> = db::communications::of_phase(conn, phase_id)?
        .into_iter()
        .filter(|r| CommunicationKind::parse(&r.kind).is_some_and(rules::starts_standstill))
        .filter_map(|r| r.delivered_at.map(|t| t.and_utc()))
        .collect();
    Ok(rules::standstill_start(&deliveries, decided_at))
}
