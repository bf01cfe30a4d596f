//! Where a published call stands, as the public list shows it: which phase takes proposals until
//! when, which is being evaluated, or that every outcome is confirmed.

use chrono::{DateTime, Utc};

use super::call::CallStatus;
use super::phase::PhaseSpec;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallStage {
    /// Phase `phase` (0-based) takes proposals until `deadline`; from every supplier when it is
    /// the first phase that takes any, otherwise only from those the previous outcome admitted.
    Taking {
        phase: usize,
        deadline: DateTime<Utc>,
        open_to_all: bool,
    },
    /// Its deadline has passed and its outcome is not confirmed yet.
    Evaluating { phase: usize },
    /// The previous outcome is confirmed; this phase has no deadline yet.
    Waiting { phase: usize },
    /// Every phase's outcome is confirmed.
    Decided,
    /// Not running: a draft, or concluded, or cancelled (the status says which).
    Closed,
}

/// The stage of a call whose phases' outcomes are confirmed where `decided[i]` (one per phase).
pub fn call_stage(
    status: CallStatus,
    phases: &[PhaseSpec],
    decided: &[bool],
    now: DateTime<Utc>,
) -> CallStage {
    if status != CallStatus::Published {
        return CallStage::Closed;
    }
    let mut first = true;
    for (phase, spec) in phases.iter().enumerate() {
        if !spec.kind.has_deadline() {
            continue;
        }
        let open_to_all = first;
        first = false;
        if decided.get(phase).copied().unwrap_or(false) {
            continue;
        }
        return match spec.deadline {
            Some(deadline) if now < deadline => CallStage::Taking {
                phase,
                deadline,
                open_to_all,
            },
            Some(_) => CallStage::Evaluating { phase },
            None => CallStage::Waiting { phase },
        };
    }
    CallStage::Decided
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::phase::PhaseKind;
    use chrono::Duration;

    fn phase(kind: PhaseKind, deadline: Option<DateTime<Utc>>) -> PhaseSpec {
        let mut spec: PhaseSpec = serde_json::from_value(serde_json::json!({
            "kind": kind, "name": "Fase", "deadline": null, "budget_cents": null,
            "max_contracts": null, "duration_days": null, "min_candidates": null,
            "standstill_days": null, "max_file_mb": null, "max_total_mb": null, "anonymised": null
        }))
        .unwrap();
        spec.deadline = deadline;
        spec
    }

    #[test]
    fn the_first_undecided_phase_tells_the_stage() {
        let now = Utc::now();
        let (past, future) = (now - Duration::days(1), now + Duration::days(1));
        let pcp = [
            phase(PhaseKind::SolutionDesign, Some(past)),
            phase(PhaseKind::Prototyping, Some(future)),
            phase(PhaseKind::Testing, None),
        ];
        let stage = |decided: &[bool]| call_stage(CallStatus::Published, &pcp, decided, now);
        assert_eq!(stage(&[false; 3]), CallStage::Evaluating { phase: 0 });
        assert_eq!(
            stage(&[true, false, false]),
            CallStage::Taking {
                phase: 1,
                deadline: future,
                open_to_all: false
            }
        );
        assert_eq!(stage(&[true, true, false]), CallStage::Waiting { phase: 2 });
        assert_eq!(stage(&[true; 3]), CallStage::Decided);
        assert_eq!(
            call_stage(CallStatus::Concluded, &pcp, &[false; 3], now),
            CallStage::Closed
        );
        let open = [phase(PhaseKind::SolutionDesign, Some(future))];
        assert!(matches!(
            call_stage(CallStatus::Published, &open, &[false], now),
            CallStage::Taking {
                open_to_all: true,
                ..
            }
        ));
    }

    #[test]
    fn phases_without_a_deadline_are_skipped() {
        let now = Utc::now();
        let future = now + Duration::days(30);
        let dialogue = [
            phase(PhaseKind::RequestsToParticipate, Some(future)),
            phase(PhaseKind::FinalTenders, None),
            phase(PhaseKind::Award, None),
        ];
        assert!(matches!(
            call_stage(CallStatus::Published, &dialogue, &[false; 3], now),
            CallStage::Taking {
                phase: 0,
                open_to_all: true,
                ..
            }
        ));
        assert_eq!(
            call_stage(CallStatus::Published, &dialogue, &[true, true, false], now),
            CallStage::Decided,
            "the award phase takes no proposals of its own"
        );
    }
}
