//! A call for tenders: its content, its lifecycle, and what must hold before it is published.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::cpv;
use super::criteria::{check_criterion, check_set};
use super::phase::{self, PhaseKind, PhaseSpec, Procedure};
use super::violation::{Violation, ViolationKind, check_text};

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
    if spec.budget_cents < 0 {
        out.push(Violation::new(
            "budget_cents",
            ViolationKind::MustBePositive,
        ));
    }
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
    for (i, p) in spec.phases.iter().enumerate() {
        check_phase_fields(&format!("phases.{i}"), p, &mut out);
    }
    out
}

fn check_phase_fields(field: &str, p: &PhaseSpec, out: &mut Vec<Violation>) {
    check_text(&format!("{field}.name"), &p.name, 200, out);
    let non_negative = [
        ("budget_cents", p.budget_cents.map(|v| v as i128)),
        ("duration_days", p.duration_days.map(i128::from)),
        ("standstill_days", p.standstill_days.map(i128::from)),
    ];
    for (name, value) in non_negative {
        if value.is_some_and(|v| v < 0) {
            out.push(Violation::new(
                format!("{field}.{name}"),
                ViolationKind::MustBePositive,
            ));
        }
    }
    for (i, c) in p.criteria.iter().enumerate() {
        check_criterion(&format!("{field}.criteria.{i}"), c, p.kind, out);
    }
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
    let phases_total: i64 = spec.phases.iter().filter_map(|p| p.budget_cents).sum();
    if phases_total > spec.budget_cents {
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
            PhaseKind::Selection if p.min_candidates.is_some_and(|n| n < phase::MIN_CANDIDATES) => {
                out.push(Violation::new(
                    format!("phases.{i}.min_candidates"),
                    ViolationKind::AtLeast {
                        min: phase::MIN_CANDIDATES.into(),
                    },
                ));
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
mod tests {
    use super::*;
    use crate::domain::criteria::{CriterionKind, CriterionSpec};

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn now() -> DateTime<Utc> {
        at("2026-11-26T10:00:00Z")
    }

    fn pcp() -> CallSpec {
        let mut phases = phase::template(Procedure::Pcp);
        let deadlines = [
            "2027-01-15T11:00:00Z",
            "2027-05-15T10:00:00Z",
            "2027-12-15T11:00:00Z",
        ];
        let budgets = [38_000_000, 152_000_000, 190_000_000];
        for ((p, d), b) in phases.iter_mut().zip(deadlines).zip(budgets) {
            p.deadline = Some(at(d));
            p.budget_cents = Some(b);
        }
        CallSpec {
            procedure: Procedure::Pcp,
            reference: "PCP-2026-01".into(),
            committee_max: 3,
            title: "Servizi digitali per la sanità territoriale".into(),
            summary: "Soluzioni innovative".into(),
            description: String::new(),
            cpv_codes: vec!["73000000-2".into()],
            budget_cents: 380_000_000,
            contact: "pcp@regione.example.it".into(),
            phases,
        }
    }

    fn dialogue() -> CallSpec {
        let mut phases = phase::template(Procedure::CompetitiveDialogue);
        phases[0].deadline = Some(at("2027-01-10T11:00:00Z"));
        phases[2].deadline = Some(at("2027-03-10T11:00:00Z"));
        phases[3].deadline = Some(at("2027-05-10T10:00:00Z"));
        CallSpec {
            procedure: Procedure::CompetitiveDialogue,
            phases,
            ..pcp()
        }
    }

    fn kinds(v: Vec<Violation>) -> Vec<(String, ViolationKind)> {
        v.into_iter().map(|v| (v.field, v.kind)).collect()
    }

    #[test]
    fn a_complete_pcp_can_be_published() {
        assert_eq!(kinds(check_publishable(&pcp(), now())), []);
    }

    #[test]
    fn a_complete_dialogue_can_be_published() {
        assert_eq!(kinds(check_publishable(&dialogue(), now())), []);
    }

    #[test]
    fn every_date_violation_is_reported_at_once_with_its_field() {
        let mut spec = pcp();
        spec.phases[0].deadline = Some(at("2026-11-01T11:00:00Z"));
        spec.phases[2].deadline = Some(at("2027-02-01T11:00:00Z"));
        let found = kinds(check_publishable(&spec, now()));
        assert_eq!(
            found,
            [
                ("phases.0.deadline".to_string(), ViolationKind::InPast),
                (
                    "phases.2.deadline".to_string(),
                    ViolationKind::NotAfterPrevious {
                        previous_field: "phases.1.deadline".into()
                    }
                ),
            ]
        );
    }

    #[test]
    fn requests_to_participate_need_thirty_days() {
        let mut spec = dialogue();
        spec.phases[0].deadline = Some(now() + Duration::days(29));
        let found = kinds(check_publishable(&spec, now()));
        assert_eq!(
            found,
            [(
                "phases.0.deadline".to_string(),
                ViolationKind::TooSoonAfterPublication { min_days: 30 }
            )]
        );
        spec.phases[0].deadline = Some(now() + Duration::days(30));
        assert_eq!(kinds(check_publishable(&spec, now())), []);
    }

    #[test]
    fn selection_invites_at_least_three_and_standstill_lasts_at_least_ten_days() {
        let mut spec = dialogue();
        spec.phases[1].min_candidates = Some(2);
        spec.phases[5].standstill_days = Some(9);
        let fields: Vec<_> = kinds(check_publishable(&spec, now()))
            .into_iter()
            .map(|(f, _)| f)
            .collect();
        assert_eq!(
            fields,
            ["phases.1.min_candidates", "phases.5.standstill_days"]
        );
    }

    #[test]
    fn phase_budgets_cannot_exceed_the_call_budget() {
        let mut spec = pcp();
        spec.budget_cents = 100;
        let found = kinds(check_publishable(&spec, now()));
        assert!(matches!(found[0].1, ViolationKind::BudgetExceeded { .. }));
    }

    #[test]
    fn the_pcp_funnel_never_widens_and_keeps_two_suppliers() {
        let mut spec = pcp();
        spec.phases[1].max_contracts = Some(8);
        spec.phases[2].max_contracts = Some(1);
        let found = kinds(check_publishable(&spec, now()));
        assert_eq!(
            found,
            [
                (
                    "phases.1.max_contracts".to_string(),
                    ViolationKind::FunnelMustNarrow
                ),
                (
                    "phases.2.max_contracts".to_string(),
                    ViolationKind::AtLeast { min: 2 }
                ),
            ]
        );
    }

    #[test]
    fn missing_fields_are_named() {
        let mut spec = pcp();
        spec.phases[1].deadline = None;
        spec.phases[1].budget_cents = None;
        spec.cpv_codes.clear();
        let fields: Vec<_> = kinds(check_publishable(&spec, now()))
            .into_iter()
            .map(|(f, _)| f)
            .collect();
        assert_eq!(
            fields,
            ["cpv_codes", "phases.1.deadline", "phases.1.budget_cents"]
        );
    }

    #[test]
    fn a_bad_cpv_is_caught_even_in_a_draft() {
        let mut spec = pcp();
        spec.cpv_codes = vec!["73000000-9".into()];
        assert_eq!(
            kinds(check_draft(&spec)),
            [(
                "cpv_codes".to_string(),
                ViolationKind::InvalidCpv {
                    value: "73000000-9".into()
                }
            )]
        );
    }

    #[test]
    fn criteria_are_checked_on_publication() {
        let mut spec = dialogue();
        spec.phases[4].criteria = vec![CriterionSpec {
            name: "Qualità".into(),
            description: String::new(),
            kind: CriterionKind::Quality,
            weight: 100,
            max_points: 100,
            min_threshold: None,
        }];
        assert_eq!(
            kinds(check_publishable(&spec, now())),
            [(
                "phases.4.criteria".to_string(),
                ViolationKind::AwardNeedsQualityAndPrice
            )]
        );
    }

    #[test]
    fn lifecycle_allows_only_its_transitions() {
        use CallAction as A;
        use CallStatus as S;
        assert_eq!(transition(S::Draft, A::Publish), Ok(S::Published));
        assert_eq!(transition(S::Published, A::Conclude), Ok(S::Concluded));
        assert_eq!(transition(S::Published, A::Cancel), Ok(S::Cancelled));
        assert!(transition(S::Published, A::Edit).is_err());
        assert!(transition(S::Published, A::Publish).is_err());
        assert!(transition(S::Cancelled, A::Cancel).is_err());
        assert!(transition(S::Concluded, A::Cancel).is_err());
        assert!(transition(S::Draft, A::Conclude).is_err());
    }

    #[test]
    fn dialogue_stages_may_repeat_but_the_shape_is_fixed() {
        let mut phases = phase::template(Procedure::CompetitiveDialogue);
        assert!(has_procedure_shape(Procedure::CompetitiveDialogue, &phases));
        phases.insert(3, phase::next_dialogue_stage(1));
        assert!(has_procedure_shape(Procedure::CompetitiveDialogue, &phases));
        phases.remove(0);
        assert!(!has_procedure_shape(
            Procedure::CompetitiveDialogue,
            &phases
        ));
        assert!(!has_procedure_shape(
            Procedure::Pcp,
            &phase::template(Procedure::CompetitiveDialogue)
        ));
    }
}
