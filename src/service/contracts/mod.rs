//! PCP after each phase's outcome: the framework agreements and the specific contracts the
//! outcome creates, their schedules, signatures, deliverables, reviews, payments and
//! terminations. Each act asks `domain::contract`, writes in one transaction and is audited.

mod previous;
mod views;

pub use previous::{PreviousWork, previous_work};

pub(crate) use views::load_call;
pub use views::{
    CallBudget, ContractView, DeliverableView, FrameworkView, PaymentView, PhaseBudget,
    SubmissionView, budget_of, exploitation_months,
};

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::audit::{self, Change};
use crate::db::contracts::{ContractRow, DeliverableRow, FrameworkRow, PaymentRow, SubmissionRow};
use crate::db::{self, DbConnection, write_tx};
use crate::domain::access::{Actor, Role};
use crate::domain::contract::{
    self as rules, ContractDraft, ContractRefusal, ContractStatus, DraftContext, Review,
};
use crate::domain::evaluation::ResultLine;
use crate::domain::time::rome_date;
use crate::error::AppError;
use crate::service::proposals::PhaseRef;

fn refused(r: ContractRefusal) -> AppError {
    AppError::Contract(r)
}

fn invalid_if_any(v: Vec<crate::domain::violation::Violation>) -> Result<(), AppError> {
    if v.is_empty() {
        Ok(())
    } else {
        Err(AppError::Invalid(v))
    }
}

fn log(
    conn: &mut DbConnection,
    actor: &Actor,
    action: &str,
    entity: (&str, &str),
    after: String,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    audit::append(
        conn,
        Change {
            actor: &actor.user_id,
            action,
            entity_type: entity.0,
            entity_id: entity.1,
            before: String::new(),
            after,
        },
        now,
    )?;
    Ok(())
}

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

/// A contract with its call, for an act on it.
struct Loaded {
    view: ContractView,
    call: crate::db::calls::CallRecord,
    others: Vec<ContractView>,
}

fn load(conn: &mut DbConnection, id: &str, today: NaiveDate) -> Result<Loaded, AppError> {
    let row = db::contracts::find_contract(conn, id)?.ok_or(AppError::NotFound)?;
    let call = db::calls::find(conn, &row.call_id)?.ok_or(AppError::NotFound)?;
    let all = views::load_call(conn, call, today)?;
    let (mine, others): (Vec<_>, Vec<_>) = all.contracts.into_iter().partition(|c| c.id == id);
    let view = mine.into_iter().next().ok_or(AppError::NotFound)?;
    Ok(Loaded {
        view,
        call: all.call,
        others,
    })
}

/// Officers of the authority act on its contracts; anyone else learns nothing of them.
fn managed(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &str,
    today: NaiveDate,
) -> Result<Loaded, AppError> {
    let loaded = load(conn, id, today)?;
    if actor.is_officer_of(&loaded.call.authority_id) {
        Ok(loaded)
    } else if rules::can_view(
        actor,
        &loaded.call.authority_id,
        &loaded.view.organisation_id,
    ) {
        Err(AppError::Forbidden)
    } else {
        Err(AppError::NotFound)
    }
}

/// One contract, for its officers and its supplier.
pub fn contract(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &str,
    now: DateTime<Utc>,
) -> Result<ContractView, AppError> {
    let loaded = load(conn, id, rome_date(now))?;
    if rules::can_view(
        actor,
        &loaded.call.authority_id,
        &loaded.view.organisation_id,
    ) {
        Ok(loaded.view)
    } else {
        Err(AppError::NotFound)
    }
}

/// A call's framework agreements and contracts: all of them for its officers, a supplier's own
/// for a supplier.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CallContractsView {
    pub ipr_exploitation_months: i32,
    pub frameworks: Vec<FrameworkView>,
    pub contracts: Vec<ContractView>,
}

pub fn call_contracts(
    conn: &mut DbConnection,
    actor: &Actor,
    call_id: &str,
    now: DateTime<Utc>,
) -> Result<CallContractsView, AppError> {
    let call = db::calls::find(conn, call_id)?.ok_or(AppError::NotFound)?;
    let officer = actor.is_officer_of(&call.authority_id);
    let supplier = actor.role == Role::Supplier && call.is_public();
    if !(officer || supplier) {
        return Err(AppError::NotFound);
    }
    let all = views::load_call(conn, call, rome_date(now))?;
    let (authority, months) = (
        all.call.authority_id.clone(),
        exploitation_months(&all.call),
    );
    let visible = |org: &str| rules::can_view(actor, &authority, org);
    Ok(CallContractsView {
        ipr_exploitation_months: months,
        frameworks: all
            .frameworks
            .into_iter()
            .filter(|f| visible(&f.organisation_id))
            .collect(),
        contracts: all
            .contracts
            .into_iter()
            .filter(|c| visible(&c.organisation_id))
            .collect(),
    })
}

/// The contracts of the signed-in supplier's organisation, across calls.
pub fn my_contracts(
    conn: &mut DbConnection,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Vec<ContractView>, AppError> {
    let org = match (actor.role, &actor.organisation_id) {
        (Role::Supplier, Some(org)) => org.clone(),
        _ => return Err(AppError::Forbidden),
    };
    let mut calls: Vec<String> = db::contracts::contracts_of_organisation(conn, &org)?
        .into_iter()
        .map(|c| c.call_id)
        .collect();
    calls.dedup();
    let mut out = Vec::new();
    for call_id in calls {
        out.extend(
            call_contracts(conn, actor, &call_id, now)?
                .contracts
                .into_iter()
                .filter(|c| c.organisation_id == org),
        );
    }
    Ok(out)
}

/// The budget view of a call, for its officers.
pub fn budget(
    conn: &mut DbConnection,
    actor: &Actor,
    call_id: &str,
    now: DateTime<Utc>,
) -> Result<CallBudget, AppError> {
    let call = db::calls::find(conn, call_id)?.ok_or(AppError::NotFound)?;
    if !actor.is_officer_of(&call.authority_id) {
        return Err(AppError::NotFound);
    }
    let all = views::load_call(conn, call, rome_date(now))?;
    Ok(budget_of(&all.call, &all.contracts))
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
        invalid_if_any(rules::check_act_date(
            "signed_on",
            signed_on,
            c.decided_on,
            today,
        ))?;
        db::contracts::sign_contract(conn, id, signed_on, &actor.user_id, now.naive_utc())?;
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

/// The contract a deliverable belongs to, loaded for an act on the deliverable.
fn contract_of_deliverable(
    conn: &mut DbConnection,
    deliverable_id: &str,
    today: NaiveDate,
) -> Result<Loaded, AppError> {
    let d = db::contracts::find_deliverable(conn, deliverable_id)?.ok_or(AppError::NotFound)?;
    load(conn, &d.contract_id, today)
}

/// A file handed in for a deliverable, as stored.
pub struct DeliveredFile {
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
}

/// What a supplier keeps of a hand-in: the deliverable, the file's SHA-256 and the time.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DeliveryReceipt {
    pub submission_id: String,
    pub contract_id: String,
    pub deliverable_id: String,
    pub deliverable: String,
    pub file_name: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub submitted_at: DateTime<Utc>,
    pub late: bool,
}

/// The supplier party to the contract hands in a deliverable.
pub fn deliver(
    conn: &mut DbConnection,
    actor: &Actor,
    deliverable_id: &str,
    file: &DeliveredFile,
    now: DateTime<Utc>,
) -> Result<DeliveryReceipt, AppError> {
    let today = rome_date(now);
    write_tx(conn, |conn| {
        let loaded = contract_of_deliverable(conn, deliverable_id, today)?;
        let c = &loaded.view;
        let party = actor.role == Role::Supplier
            && actor.organisation_id.as_deref() == Some(&c.organisation_id);
        if !party {
            return Err(
                if rules::can_view(actor, &loaded.call.authority_id, &c.organisation_id) {
                    AppError::Forbidden
                } else {
                    AppError::NotFound
                },
            );
        }
        let d = c.deliverable(deliverable_id).ok_or(AppError::NotFound)?;
        rules::check_delivery(c.status, d.state).map_err(refused)?;
        let row = SubmissionRow {
            id: uuid::Uuid::new_v4().to_string(),
            deliverable_id: deliverable_id.to_string(),
            file_name: file.file_name.clone(),
            content_type: file.content_type.clone(),
            size_bytes: file.size_bytes,
            sha256: file.sha256.clone(),
            submitted_by: actor.user_id.clone(),
            submitted_at: crate::domain::time::truncate_to_micros(now).naive_utc(),
            review: None,
            review_reason: None,
            reviewed_by: None,
            reviewed_at: None,
        };
        db::contracts::insert_submission(conn, &row)?;
        log(
            conn,
            actor,
            "deliverable.submitted",
            ("deliverable", deliverable_id),
            format!(
                "{} ({} bytes, sha256 {})",
                row.file_name, row.size_bytes, row.sha256
            ),
            now,
        )?;
        // The first hand-in decides lateness; a resubmission asked for is not late.
        let late = d.late;
        Ok(DeliveryReceipt {
            submission_id: row.id,
            contract_id: c.id.clone(),
            deliverable_id: deliverable_id.to_string(),
            deliverable: d.title.clone(),
            file_name: row.file_name,
            size_bytes: row.size_bytes,
            sha256: row.sha256,
            submitted_at: row.submitted_at.and_utc(),
            late,
        })
    })
}

/// The officer accepts the latest submission of a deliverable or asks for changes.
pub fn review(
    conn: &mut DbConnection,
    actor: &Actor,
    deliverable_id: &str,
    accepted: bool,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<ContractView, AppError> {
    let today = rome_date(now);
    write_tx(conn, |conn| {
        let contract_id = contract_of_deliverable(conn, deliverable_id, today)?
            .view
            .id;
        let c = managed(conn, actor, &contract_id, today)?.view;
        let d = c.deliverable(deliverable_id).ok_or(AppError::NotFound)?;
        invalid_if_any(rules::check_review(c.status, d.state, accepted, reason).map_err(refused)?)?;
        let latest = d.latest().ok_or(refused(ContractRefusal::NotSubmitted))?;
        let review = if accepted {
            Review::Accepted
        } else {
            Review::ChangesRequested
        };
        db::contracts::review_submission(
            conn,
            &latest.id,
            review.as_str(),
            reason.trim(),
            &actor.user_id,
            now.naive_utc(),
        )?;
        log(
            conn,
            actor,
            &format!("deliverable.{}", review.as_str()),
            ("deliverable", deliverable_id),
            format!("sha256={} reason={}", latest.sha256, reason.trim()),
            now,
        )?;
        Ok(load(conn, &contract_id, today)?.view)
    })
}

/// Records a payment made for an accepted deliverable.
pub fn record_payment(
    conn: &mut DbConnection,
    actor: &Actor,
    deliverable_id: &str,
    amount_cents: i64,
    paid_on: NaiveDate,
    now: DateTime<Utc>,
) -> Result<ContractView, AppError> {
    let today = rome_date(now);
    write_tx(conn, |conn| {
        let contract_id = contract_of_deliverable(conn, deliverable_id, today)?
            .view
            .id;
        let c = managed(conn, actor, &contract_id, today)?.view;
        let d = c.deliverable(deliverable_id).ok_or(AppError::NotFound)?;
        let mut v = rules::check_payment(d.state, d.payment_cents, d.paid_cents, amount_cents)
            .map_err(refused)?;
        let accepted_on = d
            .latest()
            .and_then(|s| s.reviewed_at)
            .map_or(today, rome_date);
        v.extend(rules::check_act_date(
            "paid_on",
            paid_on,
            accepted_on,
            today,
        ));
        invalid_if_any(v)?;
        let row = PaymentRow {
            id: uuid::Uuid::new_v4().to_string(),
            contract_id: contract_id.clone(),
            deliverable_id: deliverable_id.to_string(),
            amount_cents,
            paid_on,
            recorded_by: actor.user_id.clone(),
            recorded_at: now.naive_utc(),
        };
        db::contracts::insert_payment(conn, &row)?;
        log(
            conn,
            actor,
            "payment.recorded",
            ("contract", &contract_id),
            format!("deliverable={deliverable_id} amount_cents={amount_cents} paid_on={paid_on}"),
            now,
        )?;
        Ok(load(conn, &contract_id, today)?.view)
    })
}

/// A deliverable's file, for whoever may see the contract, and for the committee of the next
/// phase once accepted (`previous_work`).
pub fn submission_file(
    conn: &mut DbConnection,
    actor: &Actor,
    submission_id: &str,
    now: DateTime<Utc>,
) -> Result<SubmissionRow, AppError> {
    let s = db::contracts::find_submission(conn, submission_id)?.ok_or(AppError::NotFound)?;
    let today = rome_date(now);
    let l = contract_of_deliverable(conn, &s.deliverable_id, today)?;
    let org = &l.view.organisation_id;
    if rules::can_view(actor, &l.call.authority_id, org)
        || previous::committee_reads(conn, actor, &l.call, org, submission_id, today)?
    {
        Ok(s)
    } else {
        Err(AppError::NotFound)
    }
}
