//! PCP contracts after each phase's outcome (COM(2007) 799, Annex H; art. 135 c.2 D.Lgs.
//! 36/2023): a framework agreement with each supplier admitted at the first phase, then a
//! specific contract per phase it reaches, with its amount, period, deliverables and payments.
//!
//! A contract's status is derived from its facts (signature, start, deliverables, termination),
//! never stored, so that it cannot drift from what happened.

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use super::violation::{Violation, ViolationKind, check_text};

mod budget;
#[cfg(test)]
mod tests;

pub use budget::{BudgetLine, ContractMoney, budget_line, total_line};

/// A contract's schedule stays readable: at most this many deliverables.
pub const MAX_DELIVERABLES: usize = 20;
pub const MAX_TITLE_CHARS: usize = 300;
pub const MAX_REASON_CHARS: usize = 4_000;
/// How long a supplier has to exploit the results commercially before the authority may call
/// back the rights, when the call says nothing else.
pub const DEFAULT_EXPLOITATION_MONTHS: i32 = 36;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ContractStatus {
    Draft,
    Signed,
    Running,
    Delivered,
    Accepted,
    Terminated,
}

impl ContractStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ContractStatus::Draft => "draft",
            ContractStatus::Signed => "signed",
            ContractStatus::Running => "running",
            ContractStatus::Delivered => "delivered",
            ContractStatus::Accepted => "accepted",
            ContractStatus::Terminated => "terminated",
        }
    }

    /// The contract binds both parties: signed and not terminated.
    pub fn in_force(self) -> bool {
        matches!(
            self,
            ContractStatus::Signed | ContractStatus::Running | ContractStatus::Delivered
        )
    }
}

/// Where one deliverable stands: its latest submission and the officer's review of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DeliverableState {
    Due,
    Submitted,
    ChangesRequested,
    Accepted,
}

/// The officer's review of a submitted deliverable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Review {
    Accepted,
    ChangesRequested,
}

impl Review {
    pub fn as_str(self) -> &'static str {
        match self {
            Review::Accepted => "accepted",
            Review::ChangesRequested => "changes_requested",
        }
    }

    pub fn parse(s: &str) -> Option<Review> {
        [Review::Accepted, Review::ChangesRequested]
            .into_iter()
            .find(|r| r.as_str() == s)
    }
}

/// A deliverable stands where its latest submission stands: `None` if nothing was handed in,
/// `Some(None)` if the latest submission awaits review.
pub fn deliverable_state(latest: Option<Option<Review>>) -> DeliverableState {
    match latest {
        None => DeliverableState::Due,
        Some(None) => DeliverableState::Submitted,
        Some(Some(Review::Accepted)) => DeliverableState::Accepted,
        Some(Some(Review::ChangesRequested)) => DeliverableState::ChangesRequested,
    }
}

/// A contract, its deliverables and its payments are seen by the authority's officers and by
/// the supplier that is party to it, no one else: other suppliers never see them.
pub fn can_view(
    actor: &crate::domain::access::Actor,
    authority_id: &str,
    organisation_id: &str,
) -> bool {
    actor.is_officer_of(authority_id) || is_party(actor, organisation_id)
}

/// The supplier that signs the contract: it hands in the deliverables.
pub fn is_party(actor: &crate::domain::access::Actor, organisation_id: &str) -> bool {
    actor.role == crate::domain::access::Role::Supplier
        && actor.organisation_id.as_deref() == Some(organisation_id)
}

/// What a contract's status is derived from.
#[derive(Debug, Clone)]
pub struct ContractFacts<'a> {
    pub signed_on: Option<NaiveDate>,
    pub starts_on: NaiveDate,
    pub terminated: bool,
    pub deliverables: &'a [DeliverableState],
}

pub fn status(facts: &ContractFacts, today: NaiveDate) -> ContractStatus {
    let all = |ok: &dyn Fn(DeliverableState) -> bool| {
        !facts.deliverables.is_empty() && facts.deliverables.iter().all(|d| ok(*d))
    };
    if facts.terminated {
        ContractStatus::Terminated
    } else if facts.signed_on.is_none() {
        ContractStatus::Draft
    } else if all(&|d| d == DeliverableState::Accepted) {
        ContractStatus::Accepted
    } else if all(&|d| matches!(d, DeliverableState::Submitted | DeliverableState::Accepted)) {
        ContractStatus::Delivered
    } else if today >= facts.starts_on {
        ContractStatus::Running
    } else {
        ContractStatus::Signed
    }
}

/// Why a step on a contract cannot be taken now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContractRefusal {
    /// Only a draft can be changed or signed.
    NotDraft,
    /// A specific contract is signed under the framework agreement, after it.
    FrameworkNotSigned,
    /// The schedule of deliverables and payments is written before signing.
    NoSchedule,
    /// The contract does not bind anyone yet, or no longer.
    NotInForce,
    /// Only a submitted deliverable can be reviewed, once.
    NotSubmitted,
    /// An accepted deliverable is not replaced.
    AlreadyAccepted,
    /// Payments follow the acceptance of the deliverable they pay for.
    NotAccepted,
    /// An accepted or terminated contract cannot be terminated.
    NotTerminable,
    /// The framework agreement is signed once.
    AlreadySigned,
    /// An appeal with interim measures holds the award (art. 18 c.4 D.Lgs. 36/2023).
    HeldByAppeal,
}

impl ContractRefusal {
    /// The machine-readable code the API answers with.
    pub fn code(self) -> &'static str {
        match self {
            ContractRefusal::NotDraft => "not_draft",
            ContractRefusal::FrameworkNotSigned => "framework_not_signed",
            ContractRefusal::NoSchedule => "no_schedule",
            ContractRefusal::NotInForce => "not_in_force",
            ContractRefusal::NotSubmitted => "not_submitted",
            ContractRefusal::AlreadyAccepted => "already_accepted",
            ContractRefusal::NotAccepted => "not_accepted",
            ContractRefusal::NotTerminable => "not_terminable",
            ContractRefusal::AlreadySigned => "already_signed",
            ContractRefusal::HeldByAppeal => "held_by_appeal",
        }
    }
}

/// The most one contract of a PCP phase may be worth: the phase's budget shared by the contracts
/// it allows. It is also the base price above which an offer of the phase is excluded.
pub fn contract_cap(budget_cents: Option<i64>, max_contracts: Option<i32>) -> Option<i64> {
    match (budget_cents, max_contracts) {
        (Some(budget), Some(n)) if n > 0 => Some(budget / i64::from(n)),
        (Some(budget), _) => Some(budget),
        _ => None,
    }
}

/// The contract runs for the phase's duration from its start.
pub fn end_of(starts_on: NaiveDate, duration_days: i32) -> NaiveDate {
    starts_on + Duration::days(i64::from(duration_days.max(0)))
}

/// One deliverable as the officer schedules it: its payment falls due at acceptance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DeliverableSpec {
    pub title: String,
    #[schema(value_type = String, format = Date)]
    pub due_on: NaiveDate,
    /// Paid at acceptance, in euro cents; the payments add up to the contract's amount.
    pub payment_cents: i64,
}

/// The draft of a specific contract as the officer completes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ContractDraft {
    #[schema(value_type = String, format = Date)]
    pub starts_on: NaiveDate,
    /// Only where the phase awarded no price: the amount agreed, in euro cents.
    #[serde(default)]
    pub amount_cents: Option<i64>,
    pub deliverables: Vec<DeliverableSpec>,
}

/// What a draft is checked against: the outcome and the phase's money.
#[derive(Debug, Clone)]
pub struct DraftContext {
    /// The price the outcome awarded, which is the contract's amount.
    pub awarded_cents: Option<i64>,
    pub cap_cents: Option<i64>,
    pub phase_budget_cents: Option<i64>,
    /// The amounts of the phase's other contracts that count against its budget.
    pub others_cents: Vec<i64>,
    pub duration_days: i32,
    /// The day the outcome was confirmed: no contract starts before it.
    pub decided_on: NaiveDate,
}

/// The amount a draft will carry: the awarded price, else the one typed.
pub fn amount_of(draft: &ContractDraft, ctx: &DraftContext) -> Option<i64> {
    ctx.awarded_cents.or(draft.amount_cents)
}

/// Every problem of a draft at once, each tied to its field.
pub fn check_draft(draft: &ContractDraft, ctx: &DraftContext) -> Vec<Violation> {
    let mut out = Vec::new();
    match (ctx.awarded_cents, draft.amount_cents) {
        (Some(price), Some(typed)) if typed != price => out.push(Violation::new(
            "amount_cents",
            ViolationKind::AwardedPriceFixed { price_cents: price },
        )),
        (None, None) => out.push(Violation::new("amount_cents", ViolationKind::Required)),
        _ => {}
    }
    let amount = amount_of(draft, ctx);
    if let Some(amount) = amount {
        check_amount(amount, ctx, &mut out);
    }
    if draft.starts_on < ctx.decided_on {
        out.push(Violation::new("starts_on", ViolationKind::BeforeDecision));
    }
    let ends_on = end_of(draft.starts_on, ctx.duration_days);
    if draft.deliverables.is_empty() {
        out.push(Violation::new("deliverables", ViolationKind::Required));
    } else if draft.deliverables.len() > MAX_DELIVERABLES {
        out.push(Violation::new(
            "deliverables",
            ViolationKind::AtMost {
                max: MAX_DELIVERABLES as i64,
            },
        ));
    }
    let mut scheduled: i128 = 0;
    for (i, d) in draft.deliverables.iter().enumerate() {
        let field = |name: &str| format!("deliverables.{i}.{name}");
        check_text(&field("title"), &d.title, MAX_TITLE_CHARS, &mut out);
        if d.due_on < draft.starts_on || d.due_on > ends_on {
            out.push(Violation::new(
                field("due_on"),
                ViolationKind::OutsidePeriod {
                    from: draft.starts_on,
                    to: ends_on,
                },
            ));
        }
        if d.payment_cents < 0 {
            out.push(Violation::new(
                field("payment_cents"),
                ViolationKind::MustBePositive,
            ));
        }
        scheduled += i128::from(d.payment_cents);
    }
    if let Some(amount) = amount
        && !draft.deliverables.is_empty()
        && scheduled != i128::from(amount)
    {
        out.push(Violation::new(
            "deliverables",
            ViolationKind::ScheduleMismatch {
                scheduled_cents: i64::try_from(scheduled).unwrap_or(i64::MAX),
                amount_cents: amount,
            },
        ));
    }
    out
}

/// A contract's amount: positive, within the cap per contract, and with the phase's other
/// contracts within the phase's budget.
fn check_amount(amount: i64, ctx: &DraftContext, out: &mut Vec<Violation>) {
    if amount <= 0 {
        out.push(Violation::new(
            "amount_cents",
            ViolationKind::MustBePositive,
        ));
        return;
    }
    let max = crate::domain::bounds::MAX_AMOUNT_CENTS;
    if amount > max {
        out.push(Violation::new(
            "amount_cents",
            ViolationKind::OutOfRange { min: 1, max },
        ));
        return;
    }
    if let Some(cap) = ctx.cap_cents
        && amount > cap
    {
        out.push(Violation::new(
            "amount_cents",
            ViolationKind::AboveCap { cap_cents: cap },
        ));
    }
    if let Some(budget) = ctx.phase_budget_cents {
        let contracted: i128 = ctx.others_cents.iter().map(|c| i128::from(*c)).sum();
        if contracted + i128::from(amount) > i128::from(budget) {
            out.push(Violation::new(
                "amount_cents",
                ViolationKind::PhaseBudgetExceeded {
                    budget_cents: budget,
                    contracted_cents: i64::try_from(contracted).unwrap_or(i64::MAX),
                },
            ));
        }
    }
}

/// Signing a draft on `signed_on` (a date that has come, not before the outcome): under a signed
/// framework agreement and with its schedule written.
pub fn check_signing(
    status: ContractStatus,
    framework_signed: bool,
    has_schedule: bool,
) -> Result<(), ContractRefusal> {
    if status != ContractStatus::Draft {
        Err(ContractRefusal::NotDraft)
    } else if !framework_signed {
        Err(ContractRefusal::FrameworkNotSigned)
    } else if !has_schedule {
        Err(ContractRefusal::NoSchedule)
    } else {
        Ok(())
    }
}

/// The date of an act that has happened: not after today, not before `earliest`.
pub fn check_act_date(
    field: &str,
    on: NaiveDate,
    earliest: NaiveDate,
    today: NaiveDate,
) -> Vec<Violation> {
    if on > today {
        vec![Violation::new(field, ViolationKind::InFuture)]
    } else if on < earliest {
        vec![Violation::new(field, ViolationKind::BeforeDecision)]
    } else {
        Vec::new()
    }
}

/// A supplier hands in a deliverable while its contract is in force and the deliverable is not
/// accepted (a resubmission answers a request for changes or replaces one not yet reviewed).
pub fn check_delivery(
    contract: ContractStatus,
    deliverable: DeliverableState,
) -> Result<(), ContractRefusal> {
    if !contract.in_force() {
        Err(ContractRefusal::NotInForce)
    } else if deliverable == DeliverableState::Accepted {
        Err(ContractRefusal::AlreadyAccepted)
    } else {
        Ok(())
    }
}

/// The officer accepts a submitted deliverable, or asks for changes with a reason.
pub fn check_review(
    contract: ContractStatus,
    deliverable: DeliverableState,
    accepted: bool,
    reason: &str,
) -> Result<Vec<Violation>, ContractRefusal> {
    if !contract.in_force() {
        return Err(ContractRefusal::NotInForce);
    }
    if deliverable != DeliverableState::Submitted {
        return Err(ContractRefusal::NotSubmitted);
    }
    let mut out = Vec::new();
    if !accepted {
        check_text("reason", reason, MAX_REASON_CHARS, &mut out);
    } else if reason.chars().count() > MAX_REASON_CHARS {
        out.push(Violation::new(
            "reason",
            ViolationKind::TooLong {
                max: MAX_REASON_CHARS,
            },
        ));
    }
    Ok(out)
}

/// A payment for an accepted deliverable: positive and, with what was already paid for it, not
/// above its scheduled payment.
pub fn check_payment(
    deliverable: DeliverableState,
    scheduled_cents: i64,
    paid_cents: i64,
    amount_cents: i64,
) -> Result<Vec<Violation>, ContractRefusal> {
    if deliverable != DeliverableState::Accepted {
        return Err(ContractRefusal::NotAccepted);
    }
    let mut out = Vec::new();
    if amount_cents <= 0 {
        out.push(Violation::new(
            "amount_cents",
            ViolationKind::MustBePositive,
        ));
    } else if i128::from(paid_cents) + i128::from(amount_cents) > i128::from(scheduled_cents) {
        out.push(Violation::new(
            "amount_cents",
            ViolationKind::AboveScheduled {
                remaining_cents: scheduled_cents.saturating_sub(paid_cents).max(0),
            },
        ));
    }
    Ok(out)
}

pub fn check_termination(
    status: ContractStatus,
    reason: &str,
) -> Result<Vec<Violation>, ContractRefusal> {
    if matches!(
        status,
        ContractStatus::Accepted | ContractStatus::Terminated
    ) {
        return Err(ContractRefusal::NotTerminable);
    }
    let mut out = Vec::new();
    check_text("reason", reason, MAX_REASON_CHARS, &mut out);
    Ok(out)
}

/// A deliverable is late when it arrived after its due date, or is still missing after it.
pub fn is_late(due_on: NaiveDate, submitted_on: Option<NaiveDate>, today: NaiveDate) -> bool {
    match submitted_on {
        Some(on) => on > due_on,
        None => today > due_on,
    }
}
