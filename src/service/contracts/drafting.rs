//! The acts that make a contract: the drafts an outcome creates, the schedule, the signatures
//! of the framework agreement and of the contract, and its termination.

use chrono::{DateTime, NaiveDate, Utc};

use super::{ContractView, FrameworkView, invalid_if_any, load, log, managed, refused, views};
use crate::db::contracts::{ContractRow, DeliverableRow, FrameworkRow};
use crate::db::{self, DbConnection, write_tx};
use crate::domain::access::Actor;
use crate::domain::contract::{
    self as rules, ContractDraft, ContractRefusal, ContractStatus, DraftContext,
};
use crate::domain::evaluation::ResultLine;
use crate::domain::time::rome_date;
use crate::error::AppError;
use crate::service::proposals::PhaseRef;

/// The outcome of a PCP phase creates a draft contract for each admitted supplier, at the price
/// it offered, and at the first PCP phase a framework agreement with each of them.
pub(crate) fn create_drafts(
    conn: &mut DbConnection,
    actor: &Actor,
    phase: &PhaseRef,
    lines: &[ResultLine],
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let phases = &phase.call.spec.phases;
    if !phases[phase.index].kind.is_pcp() {
        return Ok(());
    }
    let first = phases.iter().position(|p| p.kind.is_pcp()) == Some(phase.index);
    for line in lines.iter().filter(|l| l.admitted) {
        let Some(p) = db::proposals::find(conn, &line.proposal_id)? else {
            continue;
        };
        if first {
            db::contracts::ensure_framework(
                conn,
                &FrameworkRow {
                    id: uuid::Uuid::new_v4().to_string(),
                    call_id: phase.call.id.clone(),
                    organisation_id: p.organisation_id.clone(),
                    created_at: now.naive_utc(),
                    signed_on: None,
                    signed_by: None,
                },
            )?;
        }
        let id = uuid::Uuid::new_v4().to_string();
        db::contracts::insert_contract(
            conn,
            &ContractRow {
                id: id.clone(),
                call_id: phase.call.id.clone(),
                phase_id: phase.id().to_string(),
                organisation_id: p.organisation_id.clone(),
                proposal_id: p.id.clone(),
                awarded_cents: line.price_cents,
                amount_cents: line.price_cents,
                starts_on: None,
                created_at: now.naive_utc(),
                signed_on: None,
                signed_by: None,
                signed_at: None,
                terminated_on: None,
                terminated_at: None,
                termination_reason: None,
            },
        )?;
        log(
            conn,
            actor,
            "contract.drafted",
            ("contract", &id),
            format!(
                "phase={} organisation={} awarded_cents={}",
                phase.id(),
                p.organisation_id,
                line.price_cents.map_or("-".into(), |c| c.to_string())
            ),
            now,
        )?;
    }
    Ok(())
}

/// Completes a draft: its start, and the deliverables with their due dates and payments.
pub fn save_draft(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &str,
    draft: &ContractDraft,
    now: DateTime<Utc>,
) -> Result<ContractView, AppError> {
    write_tx(conn, |conn| {
        let loaded = managed(conn, actor, id, rome_date(now))?;
        let c = &loaded.view;
        if c.status != ContractStatus::Draft {
            return Err(refused(ContractRefusal::NotDraft));
        }
        let phase = &loaded.call.spec.phases[c.phase_number - 1];
        let ctx = DraftContext {
            awarded_cents: c.awarded_cents,
            cap_cents: c.cap_cents,
            phase_budget_cents: phase.budget_cents,
            others_cents: loaded
                .others
                .iter()
                .filter(|o| o.phase_id == c.phase_id)
                .map(|o| match o.status {
                    ContractStatus::Terminated => o.paid_cents,
                    _ => o.amount_cents.unwrap_or(0),
                })
                .collect(),
            duration_days: phase.duration_days.unwrap_or(0),
            decided_on: c.decided_on,
        };
        invalid_if_any(rules::check_draft(draft, &ctx))?;
        let amount = rules::amount_of(draft, &ctx).ok_or(AppError::NotFound)?;
        let schedule: Vec<DeliverableRow> = draft
            .deliverables
            .iter()
            .enumerate()
            .map(|(i, d)| DeliverableRow {
                id: uuid::Uuid::new_v4().to_string(),
                contract_id: id.to_string(),
                position: i as i32 + 1,
                title: d.title.trim().to_string(),
                due_on: d.due_on,
                payment_cents: d.payment_cents,
            })
            .collect();
        db::contracts::write_draft(conn, id, amount, draft.starts_on, &schedule)?;
        log(
            conn,
            actor,
            "contract.scheduled",
            ("contract", id),
            format!(
                "amount_cents={amount} starts_on={} deliverables={}",
                draft.starts_on,
                schedule.len()
            ),
            now,
        )?;
        Ok(load(conn, id, rome_date(now))?.view)
    })
}

/// Records the signature of a draft contract on `signed_on`.
pub fn sign(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &str,
    signed_on: NaiveDate,
    now: DateTime<Utc>,
) -> Result<ContractView, AppError> {
    let today = rome_date(now);
    write_tx(conn, |conn| {
        let c = managed(conn, actor, id, today)?.view;
        let framework_signed = c.framework.as_ref().is_some_and(|f| f.signed_on.is_some());
        let has_schedule = c.starts_on.is_some() && !c.deliverables.is_empty();
        rules::check_signing(c.status, framework_signed, has_schedule).map_err(refused)?;
        if crate::service::challenges::award_held(conn, &c.call_id)? {
            return Err(refused(ContractRefusal::HeldByAppeal));
        }
        invalid_if_any(rules::check_act_date(
            "signed_on",
            signed_on,
            c.decided_on,
            today,
        ))?;
        db::contracts::sign_contract(conn, id, signed_on, &actor.user_id, now.naive_utc())?;
        let day = signed_on.format("%d/%m/%Y").to_string();
        crate::service::communications::notify_contract_signed(
            conn,
            &c.call_id,
            &c.phase_id,
            |lang| {
                crate::i18n::communications::contract_signed_text(
                    &c.call_title,
                    &c.call_reference,
                    &c.phase_name,
                    &c.supplier,
                    &day,
                    lang,
                )
            },
            now,
        )?;
        log(
            conn,
            actor,
            "contract.signed",
            ("contract", id),
            format!("signed_on={signed_on} amount_cents={:?}", c.amount_cents),
            now,
        )?;
        Ok(load(conn, id, today)?.view)
    })
}

/// Records the signature of a framework agreement on `signed_on`.
pub fn sign_framework(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &str,
    signed_on: NaiveDate,
    now: DateTime<Utc>,
) -> Result<FrameworkView, AppError> {
    let today = rome_date(now);
    write_tx(conn, |conn| {
        let f = db::contracts::find_framework(conn, id)?.ok_or(AppError::NotFound)?;
        let call = db::calls::find(conn, &f.call_id)?.ok_or(AppError::NotFound)?;
        if !actor.is_officer_of(&call.authority_id) {
            return Err(
                if rules::can_view(actor, &call.authority_id, &f.organisation_id) {
                    AppError::Forbidden
                } else {
                    AppError::NotFound
                },
            );
        }
        if f.signed_on.is_some() {
            return Err(refused(ContractRefusal::AlreadySigned));
        }
        if crate::service::challenges::award_held(conn, &f.call_id)? {
            return Err(refused(ContractRefusal::HeldByAppeal));
        }
        let earliest = rome_date(f.created_at.and_utc());
        invalid_if_any(rules::check_act_date(
            "signed_on",
            signed_on,
            earliest,
            today,
        ))?;
        db::contracts::sign_framework(conn, id, signed_on, &actor.user_id)?;
        log(
            conn,
            actor,
            "framework.signed",
            ("framework_agreement", id),
            format!("organisation={} signed_on={signed_on}", f.organisation_id),
            now,
        )?;
        let all = views::load_call(conn, call, today)?;
        all.frameworks
            .into_iter()
            .find(|f| f.id == id)
            .ok_or(AppError::NotFound)
    })
}

/// Ends a contract before its acceptance, with the reason.
pub fn terminate(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<ContractView, AppError> {
    let today = rome_date(now);
    write_tx(conn, |conn| {
        let c = managed(conn, actor, id, today)?.view;
        invalid_if_any(rules::check_termination(c.status, reason).map_err(refused)?)?;
        db::contracts::terminate_contract(conn, id, today, reason.trim(), now.naive_utc())?;
        log(
            conn,
            actor,
            "contract.terminated",
            ("contract", id),
            format!(
                "on={today} paid_cents={} reason={}",
                c.paid_cents,
                reason.trim()
            ),
            now,
        )?;
        Ok(load(conn, id, today)?.view)
    })
}
