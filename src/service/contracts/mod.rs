//! PCP after each phase's outcome: the framework agreements and the specific contracts the
//! outcome creates, their schedules, signatures, deliverables, reviews, payments and
//! terminations. Each act asks `domain::contract`, writes in one transaction and is audited.

mod delivery;
mod drafting;
mod previous;
mod views;

pub use delivery::{
    DeliveredFile, DeliveryReceipt, deliver, record_payment, review, submission_file,
};
pub(crate) use drafting::create_drafts;
pub use drafting::{save_draft, sign, sign_framework, terminate};

pub use previous::{PreviousWork, previous_result, previous_work};

pub(crate) use views::load_call;
pub use views::{
    CallBudget, ContractView, DeliverableView, FrameworkView, PaymentView, PhaseBudget,
    SubmissionView, budget_of, exploitation_months,
};

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::audit::{self, Change};
use crate::db::{self, DbConnection};
use crate::domain::access::{Actor, Role};
use crate::domain::contract::{self as rules, ContractRefusal};
use crate::domain::time::rome_date;
use crate::error::AppError;

pub(super) fn refused(r: ContractRefusal) -> AppError {
    AppError::Contract(r)
}

pub(super) fn invalid_if_any(v: Vec<crate::domain::violation::Violation>) -> Result<(), AppError> {
    if v.is_empty() {
        Ok(())
    } else {
        Err(AppError::Invalid(v))
    }
}

pub(super) fn log(
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

/// A contract with its call, for an act on it.
pub(super) struct Loaded {
    pub view: ContractView,
    pub call: crate::db::calls::CallRecord,
    pub others: Vec<ContractView>,
}

pub(super) fn load(
    conn: &mut DbConnection,
    id: &str,
    today: NaiveDate,
) -> Result<Loaded, AppError> {
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
pub(super) fn managed(
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
    // Each call once, newest contract first: a call's contracts need not be adjacent.
    let mut calls: Vec<String> = Vec::new();
    for c in db::contracts::contracts_of_organisation(conn, &org)? {
        if !calls.contains(&c.call_id) {
            calls.push(c.call_id);
        }
    }
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
