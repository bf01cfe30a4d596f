//! The communications an act creates: one per recipient organisation, delivered at once to its
//! inbox on the platform, with its e-mail copy queued in the outbox (`mail`).

use chrono::{DateTime, Utc};

use super::audit;
use crate::db::communications::CommunicationRow;
use crate::db::{self, DbConnection};
use crate::domain::access::{Actor, Role};
use crate::domain::communication::{self as rules, CommunicationKind};
use crate::domain::evaluation::ResultLine;
use crate::domain::lang::Lang;
use crate::error::AppError;
use crate::i18n::communications::{OutcomeFacts, outcome_text};
use crate::service::proposals::PhaseRef;

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
        if spec.kind == crate::domain::phase::PhaseKind::Dialogue {
            crate::service::dialogue::post_stage_outcome(
                conn,
                &phase.call,
                organisation_id,
                phase.id(),
                (texts.it.1.clone(), texts.en.1.clone()),
                now,
            )?;
        }
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
pub(super) fn system() -> Actor {
    Actor {
        user_id: "system".into(),
        role: Role::Admin,
        authority_id: None,
        organisation_id: None,
    }
}

/// Records one communication, delivered at once to the recipient's platform inbox, and queues
/// its e-mail copy to the organisation's address (its PEC, as registered).
fn record(
    conn: &mut DbConnection,
    to: &Recipient,
    kind: CommunicationKind,
    texts: &Texts,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let id = uuid::Uuid::new_v4().to_string();
    db::communications::insert(
        conn,
        &CommunicationRow {
            id: id.clone(),
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
    super::mail::enqueue(conn, &id, to.organisation_id, now)
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
    (call_id, phase_id): (&str, Option<&str>),
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
            phase_id,
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
        (call_id, None),
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
        (call_id, None),
        CommunicationKind::Cancellation,
        &recipients,
        |lang| crate::i18n::communications::cancellation_text(&title, &reference, reason, lang),
        now,
    )
}

/// The authority's answer to a complaint, to the organisation that filed it.
pub(crate) fn notify_complaint_answer(
    conn: &mut DbConnection,
    call_id: &str,
    organisation_id: &str,
    text: impl Fn(Lang) -> (String, String),
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    send_to(
        conn,
        (call_id, None),
        CommunicationKind::ComplaintAnswer,
        &[organisation_id.to_string()],
        text,
        now,
    )
}

/// Art. 90 c.1 (e): a contract of a phase was signed; every organisation with a proposal in the
/// phase is told the date.
pub(crate) fn notify_contract_signed(
    conn: &mut DbConnection,
    call_id: &str,
    phase_id: &str,
    text: impl Fn(Lang) -> (String, String),
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let mut recipients: Vec<String> = Vec::new();
    for p in db::proposals::for_phase(conn, phase_id)? {
        if p.status() == crate::domain::submission::ProposalStatus::Submitted
            && !recipients.contains(&p.organisation_id)
        {
            recipients.push(p.organisation_id);
        }
    }
    send_to(
        conn,
        (call_id, Some(phase_id)),
        CommunicationKind::ContractSigned,
        &recipients,
        text,
        now,
    )
}

/// The answer to a question, to the organisation that asked it.
pub(crate) fn notify_clarification_answered(
    conn: &mut DbConnection,
    call_id: &str,
    organisation_id: &str,
    text: impl Fn(Lang) -> (String, String),
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    send_to(
        conn,
        (call_id, None),
        CommunicationKind::ClarificationAnswered,
        &[organisation_id.to_string()],
        text,
        now,
    )
}
