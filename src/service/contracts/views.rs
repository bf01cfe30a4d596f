//! What pages, the API, the PDFs and the open data read of a call's contracts: one read model,
//! built from the stored facts and `domain::contract`, so that every reader shows the same status.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::db::calls::CallRecord;
use crate::db::contracts::{ContractRow, DeliverableRow, FrameworkRow, PaymentRow, SubmissionRow};
use crate::db::{self, DbConnection};
use crate::domain::contract::{
    self as rules, BudgetLine, ContractFacts, ContractMoney, ContractStatus, DeliverableState,
    Review,
};
use crate::error::AppError;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SubmissionView {
    pub id: String,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    /// SHA-256 of the file as received, in hex: the receipt states it.
    pub sha256: String,
    pub submitted_at: DateTime<Utc>,
    pub review: Option<Review>,
    pub review_reason: Option<String>,
    pub reviewed_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PaymentView {
    pub id: String,
    pub deliverable_id: String,
    pub amount_cents: i64,
    #[schema(value_type = String, format = Date)]
    pub paid_on: NaiveDate,
    pub recorded_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DeliverableView {
    pub id: String,
    /// 1 for the first deliverable of the contract.
    pub position: i32,
    pub title: String,
    #[schema(value_type = String, format = Date)]
    pub due_on: NaiveDate,
    /// Paid at acceptance, in euro cents.
    pub payment_cents: i64,
    pub paid_cents: i64,
    pub state: DeliverableState,
    /// Handed in after its due date, or still missing after it.
    pub late: bool,
    /// Every submission, oldest first; the last one is the one that counts.
    pub submissions: Vec<SubmissionView>,
}

impl DeliverableView {
    pub fn latest(&self) -> Option<&SubmissionView> {
        self.submissions.last()
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FrameworkView {
    pub id: String,
    pub call_id: String,
    pub organisation_id: String,
    pub supplier: String,
    #[schema(value_type = Option<String>, format = Date)]
    pub signed_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ContractView {
    pub id: String,
    pub call_id: String,
    pub call_reference: String,
    pub call_title: String,
    pub authority: String,
    pub phase_id: String,
    pub phase_name: String,
    /// 1 for the call's first phase.
    pub phase_number: usize,
    pub organisation_id: String,
    pub supplier: String,
    pub proposal_id: String,
    /// The receipt number of the proposal the contract was awarded on.
    pub receipt_number: String,
    /// The price the phase's outcome awarded; the contract's amount is this price.
    pub awarded_cents: Option<i64>,
    pub amount_cents: Option<i64>,
    /// The most one contract of the phase may be worth.
    pub cap_cents: Option<i64>,
    #[schema(value_type = Option<String>, format = Date)]
    pub starts_on: Option<NaiveDate>,
    /// The start plus the phase's duration.
    #[schema(value_type = Option<String>, format = Date)]
    pub ends_on: Option<NaiveDate>,
    #[schema(value_type = Option<String>, format = Date)]
    pub signed_on: Option<NaiveDate>,
    /// When the signature was recorded.
    pub signed_at: Option<DateTime<Utc>>,
    #[schema(value_type = Option<String>, format = Date)]
    pub terminated_on: Option<NaiveDate>,
    pub terminated_at: Option<DateTime<Utc>>,
    pub termination_reason: Option<String>,
    pub status: ContractStatus,
    pub deliverables: Vec<DeliverableView>,
    pub payments: Vec<PaymentView>,
    pub paid_cents: i64,
    /// The framework agreement this contract is signed under.
    pub framework: Option<FrameworkView>,
    /// The months the supplier has to exploit its results before the call-back right applies.
    pub ipr_exploitation_months: i32,
    #[schema(value_type = String, format = Date)]
    pub decided_on: NaiveDate,
}

impl ContractView {
    pub fn money(&self) -> ContractMoney {
        ContractMoney {
            amount_cents: self.amount_cents.unwrap_or(0),
            paid_cents: self.paid_cents,
            status: self.status,
        }
    }

    pub fn deliverable(&self, id: &str) -> Option<&DeliverableView> {
        self.deliverables.iter().find(|d| d.id == id)
    }
}

/// The months the call gives for commercial exploitation.
pub fn exploitation_months(call: &CallRecord) -> i32 {
    call.spec
        .ipr_exploitation_months
        .unwrap_or(rules::DEFAULT_EXPLOITATION_MONTHS)
}

/// A call's contracts and agreements with everything the views need, loaded in a few queries.
pub(crate) struct CallContracts {
    pub call: CallRecord,
    pub frameworks: Vec<FrameworkView>,
    pub contracts: Vec<ContractView>,
}

pub(crate) fn load_call(
    conn: &mut DbConnection,
    call: CallRecord,
    today: NaiveDate,
) -> Result<CallContracts, AppError> {
    let rows = db::contracts::contracts_of_call(conn, &call.id)?;
    let frameworks = db::contracts::frameworks_of_call(conn, &call.id)?;
    let mut names = HashMap::new();
    for org in rows
        .iter()
        .map(|r| &r.organisation_id)
        .chain(frameworks.iter().map(|f| &f.organisation_id))
    {
        if !names.contains_key(org) {
            let name = db::accounts::find_organisation(conn, org)?
                .map(|o| o.legal_name)
                .unwrap_or_default();
            names.insert(org.clone(), name);
        }
    }
    let frameworks: Vec<FrameworkView> = frameworks
        .into_iter()
        .map(|f| framework_view(f, &names))
        .collect();
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let deliverables = db::contracts::deliverables_of(conn, &ids)?;
    let deliverable_ids: Vec<String> = deliverables.iter().map(|d| d.id.clone()).collect();
    let submissions = db::contracts::submissions_of(conn, &deliverable_ids)?;
    let payments = db::contracts::payments_of(conn, &ids)?;
    let mut decided = HashMap::new();
    for phase_id in rows.iter().map(|r| &r.phase_id) {
        if !decided.contains_key(phase_id) {
            let at = db::evaluation::phase_state(conn, phase_id)?.decided_at;
            let on = at.map_or(today, |t| crate::domain::time::rome_date(t.and_utc()));
            decided.insert(phase_id.clone(), on);
        }
    }
    let mut receipts = HashMap::new();
    for row in &rows {
        if let Some(p) = db::proposals::find(conn, &row.proposal_id)? {
            receipts.insert(row.proposal_id.clone(), p.receipt_number);
        }
    }
    let contracts = rows
        .into_iter()
        .map(|row| {
            let parts = Parts {
                deliverables: deliverables
                    .iter()
                    .filter(|d| d.contract_id == row.id)
                    .collect(),
                submissions: &submissions,
                payments: payments
                    .iter()
                    .filter(|p| p.contract_id == row.id)
                    .collect(),
                framework: frameworks
                    .iter()
                    .find(|f| f.organisation_id == row.organisation_id)
                    .cloned(),
                supplier: names.get(&row.organisation_id).cloned().unwrap_or_default(),
                decided_on: decided.get(&row.phase_id).copied().unwrap_or(today),
                receipt_number: receipts.get(&row.proposal_id).cloned().unwrap_or_default(),
            };
            assemble(&call, row, parts, today)
        })
        .collect();
    Ok(CallContracts {
        call,
        frameworks,
        contracts,
    })
}

fn framework_view(f: FrameworkRow, names: &HashMap<String, String>) -> FrameworkView {
    FrameworkView {
        supplier: names.get(&f.organisation_id).cloned().unwrap_or_default(),
        id: f.id,
        call_id: f.call_id,
        organisation_id: f.organisation_id,
        signed_on: f.signed_on,
    }
}

struct Parts<'a> {
    deliverables: Vec<&'a DeliverableRow>,
    submissions: &'a [SubmissionRow],
    payments: Vec<&'a PaymentRow>,
    framework: Option<FrameworkView>,
    supplier: String,
    decided_on: NaiveDate,
    receipt_number: String,
}

fn assemble(call: &CallRecord, row: ContractRow, parts: Parts, today: NaiveDate) -> ContractView {
    let index = call
        .phase_ids
        .iter()
        .position(|p| *p == row.phase_id)
        .unwrap_or(0);
    let phase = &call.spec.phases[index];
    let deliverables: Vec<DeliverableView> = parts
        .deliverables
        .iter()
        .map(|d| deliverable_view(d, parts.submissions, &parts.payments, today))
        .collect();
    let states: Vec<DeliverableState> = deliverables.iter().map(|d| d.state).collect();
    let status = rules::status(
        &ContractFacts {
            signed_on: row.signed_on,
            starts_on: row.starts_on.unwrap_or(NaiveDate::MAX),
            terminated: row.terminated_on.is_some(),
            deliverables: &states,
        },
        today,
    );
    let paid_cents =
        crate::domain::bounds::total_cents(parts.payments.iter().map(|p| p.amount_cents))
            .unwrap_or(i64::MAX);
    ContractView {
        call_id: call.id.clone(),
        call_reference: call.spec.reference.clone(),
        call_title: call.spec.title.clone(),
        authority: call.authority_name.clone(),
        phase_name: phase.name.clone(),
        phase_number: index + 1,
        cap_cents: rules::contract_cap(phase.budget_cents, phase.max_contracts),
        ends_on: row
            .starts_on
            .map(|s| rules::end_of(s, phase.duration_days.unwrap_or(0))),
        status,
        deliverables,
        payments: parts
            .payments
            .iter()
            .map(|p| PaymentView {
                id: p.id.clone(),
                deliverable_id: p.deliverable_id.clone(),
                amount_cents: p.amount_cents,
                paid_on: p.paid_on,
                recorded_at: p.recorded_at.and_utc(),
            })
            .collect(),
        paid_cents,
        framework: parts.framework,
        supplier: parts.supplier,
        ipr_exploitation_months: exploitation_months(call),
        decided_on: parts.decided_on,
        id: row.id,
        phase_id: row.phase_id,
        organisation_id: row.organisation_id,
        proposal_id: row.proposal_id,
        awarded_cents: row.awarded_cents,
        amount_cents: row.amount_cents,
        starts_on: row.starts_on,
        signed_on: row.signed_on,
        signed_at: row.signed_at.map(|t| t.and_utc()),
        terminated_on: row.terminated_on,
        terminated_at: row.terminated_at.map(|t| t.and_utc()),
        receipt_number: parts.receipt_number,
        termination_reason: row.termination_reason,
    }
}

fn deliverable_view(
    d: &DeliverableRow,
    submissions: &[SubmissionRow],
    payments: &[&PaymentRow],
    today: NaiveDate,
) -> DeliverableView {
    let mine: Vec<SubmissionView> = submissions
        .iter()
        .filter(|s| s.deliverable_id == d.id)
        .map(|s| SubmissionView {
            id: s.id.clone(),
            file_name: s.file_name.clone(),
            content_type: s.content_type.clone(),
            size_bytes: s.size_bytes,
            sha256: s.sha256.clone(),
            submitted_at: s.submitted_at.and_utc(),
            review: s.review.as_deref().and_then(Review::parse),
            review_reason: s.review_reason.clone(),
            reviewed_at: s.reviewed_at.map(|t| t.and_utc()),
        })
        .collect();
    let state = rules::deliverable_state(mine.last().map(|s| s.review));
    // Lateness is judged by the first hand-in: a resubmission asked for is not late.
    let first_on = mine
        .first()
        .map(|s| crate::domain::time::rome_date(s.submitted_at));
    DeliverableView {
        id: d.id.clone(),
        position: d.position,
        title: d.title.clone(),
        due_on: d.due_on,
        payment_cents: d.payment_cents,
        paid_cents: crate::domain::bounds::total_cents(
            payments
                .iter()
                .filter(|p| p.deliverable_id == d.id)
                .map(|p| p.amount_cents),
        )
        .unwrap_or(i64::MAX),
        state,
        late: rules::is_late(d.due_on, first_on, today),
        submissions: mine,
    }
}

/// One phase's money in the budget view.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PhaseBudget {
    pub phase_id: String,
    pub phase_name: String,
    pub max_contracts: Option<i32>,
    pub cap_cents: Option<i64>,
    #[serde(flatten)]
    pub line: BudgetLine,
}

/// Allocated, contracted, paid and unspent, per PCP phase and for the call.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CallBudget {
    pub call_id: String,
    pub phases: Vec<PhaseBudget>,
    pub total: BudgetLine,
}

pub fn budget_of(call: &CallRecord, contracts: &[ContractView]) -> CallBudget {
    let phases: Vec<PhaseBudget> = call
        .spec
        .phases
        .iter()
        .zip(&call.phase_ids)
        .filter(|(p, _)| p.kind.is_pcp())
        .map(|(p, id)| {
            let money: Vec<ContractMoney> = contracts
                .iter()
                .filter(|c| c.phase_id == *id)
                .map(ContractView::money)
                .collect();
            PhaseBudget {
                phase_id: id.clone(),
                phase_name: p.name.clone(),
                max_contracts: p.max_contracts,
                cap_cents: rules::contract_cap(p.budget_cents, p.max_contracts),
                line: rules::budget_line(p.budget_cents.unwrap_or(0), &money),
            }
        })
        .collect();
    let lines: Vec<BudgetLine> = phases.iter().map(|p| p.line).collect();
    CallBudget {
        call_id: call.id.clone(),
        total: rules::total_line(&lines),
        phases,
    }
}
