//! A call for tenders: its content, its lifecycle, and what must hold before it is published.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::cpv;
use super::criteria::{check_criterion, check_set};
use super::phase::{self, PhaseKind, PhaseSpec, Procedure};
use super::violation::{Violation, ViolationKind, check_text};

mod codes;

pub use codes::{is_cig, is_italian_nuts, typed_code};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CallStatus {
    /// Editable, visible to its authority only.
    Draft,
    /// Visible to all; changes only by addenda.
    Published,
    Concluded,
    Cancelled,
}

impl CallStatus {
    pub const ALL: [CallStatus; 4] = [
        CallStatus::Draft,
        CallStatus::Published,
        CallStatus::Concluded,
        CallStatus::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CallStatus::Draft => "draft",
            CallStatus::Published => "published",
            CallStatus::Concluded => "concluded",
            CallStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<CallStatus> {
        CallStatus::ALL.into_iter().find(|c| c.as_str() == s)
    }

    pub fn is_public(self) -> bool {
        self != CallStatus::Draft
    }
}

/// What an officer may do to a call, and the refusal when the call's state does not allow it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallAction {
    Edit,
    Publish,
    Conclude,
    Cancel,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TransitionRefused {
    pub from: CallStatus,
    pub action: &'static str,
}

impl CallAction {
    pub fn as_str(self) -> &'static str {
        match self {
            CallAction::Edit => "edit",
            CallAction::Publish => "publish",
            CallAction::Conclude => "conclude",
            CallAction::Cancel => "cancel",
        }
    }
}

/// The lifecycle: draft -> published -> concluded, or cancelled (with a reason) at any time
/// before it is concluded.
pub fn transition(from: CallStatus, action: CallAction) -> Result<CallStatus, TransitionRefused> {
    use CallAction as A;
    use CallStatus as S;
    match (from, action) {
        (S::Draft, A::Edit) => Ok(S::Draft),
        (S::Draft, A::Publish) => Ok(S::Published),
        (S::Published, A::Conclude) => Ok(S::Concluded),
        (S::Draft | S::Published, A::Cancel) => Ok(S::Cancelled),
        _ => Err(TransitionRefused {
            from,
            action: action.as_str(),
        }),
    }
}

/// The content of a call as the officer writes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CallSpec {
    pub procedure: Procedure,
    pub reference: String,
    pub title: String,
    pub summary: String,
    pub description: String,
    pub cpv_codes: Vec<String>,
    pub budget_cents: i64,
    pub contact: String,
    /// The largest committee this call allows: odd, at most five (default three).
    #[serde(default = "default_committee_max")]
    pub committee_max: i32,
    /// The CIG (codice identificativo di gara) ANAC gave the call: ten letters and digits.
    #[serde(default)]
    pub cig: Option<String>,
    /// The NUTS 3 code of the place of performance (ITH55 Bologna): the eForms notices need it.
    #[serde(default)]
    pub nuts: Option<String>,
    /// Whether EU funds pay for the contract, in part (eForms BT-60).
    #[serde(default)]
    pub eu_funded: bool,
    /// PCP: the months a supplier has to exploit its results commercially before the authority
    /// may call the rights back (default `contract::DEFAULT_EXPLOITATION_MONTHS`).
    #[serde(default)]
    pub ipr_exploitation_months: Option<i32>,
    pub phases: Vec<PhaseSpec>,
}

pub fn default_committee_max() -> i32 {
    3
}

/// Checks that hold for any saved draft: formats, lengths, signs, and the fixed shape of the
/// procedure. Publication adds `check_publishable`.
pub fn check_draft(spec: &CallSpec) -> Vec<Violation> {
    let mut out = Vec::new();
    check_text("reference", &spec.reference, 60, &mut out);
    // The reference names the call's files and headers: printable characters, no quotes.
    if spec
        .reference
        .chars()
        .any(|c| c.is_control() || matches!(c, '"' | '\\'))
    {
        out.push(Violation::new(
            "reference",
            ViolationKind::Malformed {
                detail: "letters, digits and punctuation only: no quotes or control characters"
                    .into(),
            },
        ));
    }
    check_text("title", &spec.title, 300, &mut out);
    if spec.summary.chars().count() > 1000 {
        out.push(Violation::new(
            "summary",
            ViolationKind::TooLong { max: 1000 },
        ));
    }
    if spec.description.chars().count() > 20_000 {
        out.push(Violation::new(
            "description",
            ViolationKind::TooLong { max: 20_000 },
        ));
    }
    for code in &spec.cpv_codes {
        if cpv::parse(code).is_none() {
            out.push(Violation::new(
                "cpv_codes",
                ViolationKind::InvalidCpv {
                    value: code.clone(),
                },
            ));
        }
    }
    crate::domain::bounds::check(
        "budget_cents".into(),
        Some(spec.budget_cents),
        0,
        crate::domain::bounds::MAX_AMOUNT_CENTS,
        &mut out,
    );
    if !(1..=crate::domain::evaluation::MAX_COMMITTEE as i32).contains(&spec.committee_max)
        || spec.committee_max % 2 == 0
    {
        out.push(Violation::new("committee_max", ViolationKind::MustBeOdd));
    }
    if spec.contact.chars().count() > 300 {
        out.push(Violation::new(
            "contact",
            ViolationKind::TooLong { max: 300 },
        ));
    }
    crate::domain::bounds::check(
        "ipr_exploitation_months".into(),
        spec.ipr_exploitation_months.map(i64::from),
        1,
        240,
        &mut out,
    );
    codes::check_codes(spec, &mut out);
    for (i, p) in spec.phases.iter().enumerate() {
        check_phase_fields(&format!("phases.{i}"), p, &mut out);
    }
    out
}

fn check_phase_fields(field: &str, p: &PhaseSpec, out: &mut Vec<Violation>) {
    check_text(&format!("{field}.name"), &p.name, 200, out);
    use crate::domain::bounds::{self, PHASE_BOUNDS};
    let values = [
        p.budget_cents,
        p.max_contracts.map(i64::from),
        p.duration_days.map(i64::from),
        p.min_candidates.map(i64::from),
        p.max_candidates.map(i64::from),
        p.standstill_days.map(i64::from),
        p.max_file_mb.map(i64::from),
        p.max_total_mb.map(i64::from),
        p.min_quality.map(i64::from),
    ];
    for ((name, min, max), value) in PHASE_BOUNDS.into_iter().zip(values) {
        bounds::check(format!("{field}.{name}"), value, min, max, out);
    }
    if let Some(bad) = p
        .accepted_types
        .iter()
        .find(|t| !bounds::KNOWN_FILE_TYPES.contains(&t.as_str()))
    {
        out.push(Violation::new(
            format!("{field}.accepted_types"),
            ViolationKind::Malformed {
                detail: format!(
                    "{bad:?}: use types from this list, in lower case: {}",
                    bounds::KNOWN_FILE_TYPES.join(", ")
                ),
            },
        ));
    }
    for (i, c) in p.criteria.iter().enumerate() {
        check_criterion(&format!("{field}.criteria.{i}"), c, p.kind, out);
    }
}

/// A cancellation gives its reason, which is published with the call.
pub fn check_cancel_reason(reason: &str, out: &mut Vec<Violation>) {
    check_text("reason", reason, 2000, out);
}

/// Everything that must hold when the call is published at `now`, reported at once.
pub fn check_publishable(spec: &CallSpec, now: DateTime<Utc>) -> Vec<Violation> {
    let mut out = check_draft(spec);
    if spec.summary.trim().is_empty() {
        out.push(Violation::new("summary", ViolationKind::Required));
    }
    if spec.contact.trim().is_empty() {
        out.push(Violation::new("contact", ViolationKind::Required));
    }
    if spec.cpv_codes.is_empty() {
        out.push(Violation::new("cpv_codes", ViolationKind::Required));
    }
    if spec.budget_cents <= 0 {
        out.push(Violation::new(
            "budget_cents",
            ViolationKind::MustBePositive,
        ));
    }
    check_phases_required(spec, &mut out);
    check_deadlines(spec, now, &mut out);
    match spec.procedure {
        Procedure::Pcp => check_pcp_funnel(spec, &mut out),
        Procedure::CompetitiveDialogue => check_dialogue(spec, now, &mut out),
    }
    out
}

fn check_phases_required(spec: &CallSpec, out: &mut Vec<Violation>) {
    for (i, p) in spec.phases.iter().enumerate() {
        let field = |name: &str| format!("phases.{i}.{name}");
        let required = [
            (p.kind.has_deadline() && p.deadline.is_none(), "deadline"),
            (
                p.kind.has_budget() && p.budget_cents.is_none(),
                "budget_cents",
            ),
            (
                p.kind.is_pcp() && p.max_contracts.is_none(),
                "max_contracts",
            ),
            (
                p.kind.has_duration() && p.duration_days.is_none(),
                "duration_days",
            ),
            (
                p.kind.has_min_candidates() && p.min_candidates.is_none(),
                "min_candidates",
            ),
            (
                p.kind.has_standstill() && p.standstill_days.is_none(),
                "standstill_days",
            ),
        ];
        for (missing, name) in required {
            if missing {
                out.push(Violation::new(field(name), ViolationKind::Required));
            }
        }
        if p.budget_cents == Some(0) {
            out.push(Violation::new(
                field("budget_cents"),
                ViolationKind::MustBePositive,
            ));
        }
        if p.duration_days == Some(0) {
            out.push(Violation::new(
                field("duration_days"),
                ViolationKind::MustBePositive,
            ));
        }
        check_set(&format!("phases.{i}.criteria"), p.kind, &p.criteria, out);
    }
}

/// Deadlines are in the future and in the order of the phases.
fn check_deadlines(spec: &CallSpec, now: DateTime<Utc>, out: &mut Vec<Violation>) {
    let mut previous: Option<(usize, DateTime<Utc>)> = None;
    for (i, p) in spec.phases.iter().enumerate() {
        let Some(deadline) = p.deadline.filter(|_| p.kind.has_deadline()) else {
            continue;
        };
        let field = format!("phases.{i}.deadline");
        if deadline <= now {
            out.push(Violation::new(field, ViolationKind::InPast));
        } else if let Some((j, _)) = previous.filter(|(_, before)| deadline <= *before) {
            out.push(Violation::new(
                field,
                ViolationKind::NotAfterPrevious {
                    previous_field: format!("phases.{j}.deadline"),
                },
            ));
        }
        previous = Some((i, deadline));
    }
}

fn check_pcp_funnel(spec: &CallSpec, out: &mut Vec<Violation>) {
    // Budgets out of bounds are reported by the draft check; a sum that overflows is not compared.
    let phases_total =
        crate::domain::bounds::total_cents(spec.phases.iter().filter_map(|p| p.budget_cents));
    if let Some(phases_total) = phases_total.filter(|total| *total > spec.budget_cents) {
        out.push(Violation::new(
            "budget_cents",
            ViolationKind::BudgetExceeded {
                phases_total_cents: phases_total,
                call_total_cents: spec.budget_cents,
            },
        ));
    }
    let mut previous: Option<i32> = None;
    for (i, p) in spec.phases.iter().enumerate() {
        let Some(n) = p.max_contracts else { continue };
        let field = format!("phases.{i}.max_contracts");
        if n < phase::MIN_PCP_CONTRACTS {
            out.push(Violation::new(
                field,
                ViolationKind::AtLeast {
                    min: phase::MIN_PCP_CONTRACTS.into(),
                },
            ));
        } else if previous.is_some_and(|prev| n > prev) {
            out.push(Violation::new(field, ViolationKind::FunnelMustNarrow));
        }
        previous = Some(n);
    }
}

fn check_dialogue(spec: &CallSpec, now: DateTime<Utc>, out: &mut Vec<Violation>) {
    for (i, p) in spec.phases.iter().enumerate() {
        match p.kind {
            PhaseKind::RequestsToParticipate => {
                let min = now + Duration::days(phase::MIN_DAYS_FOR_REQUESTS);
                if p.deadline.is_some_and(|d| d > now && d < min) {
                    out.push(Violation::new(
                        format!("phases.{i}.deadline"),
                        ViolationKind::TooSoonAfterPublication {
                            min_days: phase::MIN_DAYS_FOR_REQUESTS,
                        },
                    ));
                }
            }
            PhaseKind::Selection => {
                if p.min_candidates.is_some_and(|n| n < phase::MIN_CANDIDATES) {
                    out.push(Violation::new(
                        format!("phases.{i}.min_candidates"),
                        ViolationKind::AtLeast {
                            min: phase::MIN_CANDIDATES.into(),
                        },
                    ));
                }
                let floor = p.min_candidates.unwrap_or(0).max(phase::MIN_CANDIDATES);
                if p.max_candidates.is_some_and(|n| n < floor) {
                    out.push(Violation::new(
                        format!("phases.{i}.max_candidates"),
                        ViolationKind::AtLeast { min: floor.into() },
                    ));
                }
            }
            PhaseKind::Standstill
                if p.standstill_days
                    .is_some_and(|n| n < phase::MIN_STANDSTILL_DAYS) =>
            {
                out.push(Violation::new(
                    format!("phases.{i}.standstill_days"),
                    ViolationKind::AtLeast {
                        min: phase::MIN_STANDSTILL_DAYS.into(),
                    },
                ));
            }
            _ => {}
        }
    }
}

/// Whether the phases still have the shape of the procedure: its template's kinds in order,
/// with one or more dialogue stages where the template has one.
pub fn has_procedure_shape(procedure: Procedure, phases: &[PhaseSpec]) -> bool {
    let mut kinds: Vec<PhaseKind> = phases.iter().map(|p| p.kind).collect();
    kinds.dedup_by(|a, b| a == b && a.is_repeatable());
    let expected: Vec<PhaseKind> = phase::template(procedure).iter().map(|p| p.kind).collect();
    kinds == expected
}

#[cfg(test)]
mod tests;
