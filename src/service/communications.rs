//! Communications after an act: created by the act itself, delivered on the platform at once,
//! read by their recipient (the first reading is recorded), listed for the authority with their
//! due dates.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::db::communications::CommunicationRow;
use crate::db::{self, DbConnection};
use crate::domain::access::{Actor, Role};
use crate::domain::communication::{self as rules, CommunicationKind};
use crate::domain::evaluation::ResultLine;
use crate::domain::lang::Lang;
use crate::error::AppError;
use crate::i18n::communications::{OutcomeFacts, outcome_text};
use crate::service::proposals::PhaseRef;

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

/// The outcome of a phase tells every bidder what it means for it (art. 90 c.1 b–d), in the same
/// transaction as the outcome.
pub(crate) fn notify_outcome(
    conn: &mut DbConnection,
    phase: &PhaseRef,
    lines: &[ResultLine],
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let spec = &phase.call.spec.phases[phase.index];
    let awards = spec.kind.awards_contracts();
    let mut bidders = Vec::new();
    for line in lines {
        if let Some(p) = db::proposals::find(conn, &line.proposal_id)? {
            let name = db::accounts::find_organisation(conn, &p.organisation_id)?
                .map(|o| o.legal_name)
                .unwrap_or_default();
            bidders.push((line, p.organisation_id, name));
        }
    }
    let winners: Vec<String> = bidders
        .iter()
        .filter(|(l, _, _)| l.admitted)
        .map(|(_, _, name)| name.clone())
        .collect();
    let standstill =
        crate::domain::evaluation::award_final_at(&phase.call.spec.phases, phase.index, now);
    // The platform's own address: the inbox is on the platform.
    let results_url = format!("/calls/{}#results", phase.call.id);
    let mut sent = Vec::new();
    for (line, organisation_id, _) in &bidders {
        let kind = rules::outcome_kind(awards, line.admitted, line.excluded.is_some());
        let text = |lang: Lang| {
            let reason = line
                .excluded
                .as_ref()
                .map(|e| crate::i18n::exclusion_reason(e, lang));
            outcome_text(
                kind,
                &OutcomeFacts {
                    call_reference: &phase.call.spec.reference,
                    call_title: &phase.call.spec.title,
                    phase_name: phase.name(),
                    winners: &winners,
                    reason: reason.as_deref(),
                    standstill_until: standstill
                        .filter(|_| awards)
                        .map(|t| crate::domain::time::format_rome(t, lang)),
                    results_url: &results_url,
                },
                lang,
            )
        };
        let texts = Texts {
            it: text(Lang::It),
            en: text(Lang::En),
        };
        let to = Recipient {
            call_id: &phase.call.id,
            phase_id: Some(phase.id()),
            organisation_id,
        };
        record(conn, &to, kind, &texts, now)?;
        sent.push(format!("{}:{organisation_id}", kind.as_str()));
    }
    audit(
        conn,
        &system(),
        "communications.sent",
        ("phase", phase.id()),
        sent.join(","),
        now,
    )
}

/// The subject and body of a communication, in Italian and in English.
struct Texts {
    it: (String, String),
    en: (String, String),
}

struct Recipient<'a> {
    call_id: &'a str,
    phase_id: Option<&'a str>,
    organisation_id: &'a str,
}

/// Acts communicate on their own, not on behalf of whoever triggered them.
fn system() -> Actor {
    Actor {
        user_id: "system".into(),
        role: Role::Admin,
        authority_id: None,
        organisation_id: None,
    }
}

/// Records one communication, delivered at once to the recipient's platform inbox.
fn record(
    conn: &mut DbConnection,
    to: &Recipient,
    kind: CommunicationKind,
    texts: &Texts,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    db::communications::insert(
        conn,
        &CommunicationRow {
            id: uuid::Uuid::new_v4().to_string(),
            call_id: to.call_id.to_string(),
            phase_id: to.phase_id.map(str::to_string),
            kind: kind.as_str().to_string(),
            organisation_id: to.organisation_id.to_string(),
            subject_it: texts.it.0.clone(),
            body_it: texts.it.1.clone(),
            subject_en: texts.en.0.clone(),
            body_en: texts.en.1.clone(),
            created_at: now.naive_utc(),
            due_at: rules::due_at(now).naive_utc(),
            delivered_at: Some(now.naive_utc()),
            read_at: None,
            read_by: None,
        },
    )?;
    Ok(())
}

fn audit(
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

/// The organisations that took part in a call: with a proposal in any phase (`active_only`: one
/// still submitted), once each, in order of their first proposal.
fn participants(
    conn: &mut DbConnection,
    call: &crate::db::calls::CallRecord,
    active_only: bool,
) -> Result<Vec<String>, AppError> {
    let mut out: Vec<String> = Vec::new();
    for phase_id in &call.phase_ids {
        for p in db::proposals::for_phase(conn, phase_id)? {
            let counts =
                !active_only || p.status() == crate::domain::submission::ProposalStatus::Submitted;
            if counts && !out.contains(&p.organisation_id) {
                out.push(p.organisation_id);
            }
        }
    }
    Ok(out)
}

/// Sends one communication of `kind` to each of `recipients`, texts by language.
fn send_to(
    conn: &mut DbConnection,
    call_id: &str,
    kind: CommunicationKind,
    recipients: &[String],
    text: impl Fn(Lang) -> (String, String),
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    if recipients.is_empty() {
        return Ok(());
    }
    let texts = Texts {
        it: text(Lang::It),
        en: text(Lang::En),
    };
    for organisation_id in recipients {
        let to = Recipient {
            call_id,
            phase_id: None,
            organisation_id,
        };
        record(conn, &to, kind, &texts, now)?;
    }
    audit(
        conn,
        &system(),
        "communications.sent",
        ("call", call_id),
        format!("{}:{}", kind.as_str(), recipients.join(",")),
        now,
    )
}

/// An addendum asks every organisation with an active proposal to confirm or replace it.
pub(crate) fn notify_addendum(
    conn: &mut DbConnection,
    call_id: &str,
    number: i32,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let call = db::calls::find(conn, call_id)?.ok_or(AppError::NotFound)?;
    let recipients = participants(conn, &call, true)?;
    let (title, reference) = (call.spec.title.clone(), call.spec.reference.clone());
    send_to(
        conn,
        call_id,
        CommunicationKind::Addendum,
        &recipients,
        |lang| crate::i18n::communications::addendum_text(&title, &reference, number, lang),
        now,
    )
}

/// Cancelling a call tells everyone who took part, with the reason.
pub(crate) fn notify_cancellation(
    conn: &mut DbConnection,
    call_id: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let call = db::calls::find(conn, call_id)?.ok_or(AppError::NotFound)?;
    let recipients = participants(conn, &call, false)?;
    let (title, reference) = (call.spec.title.clone(), call.spec.reference.clone());
    send_to(
        conn,
        call_id,
        CommunicationKind::Cancellation,
        &recipients,
        |lang| crate::i18n::communications::cancellation_text(&title, &reference, reason, lang),
        now,
    )
}
