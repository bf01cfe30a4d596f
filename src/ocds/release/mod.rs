//! One release per change that matters: the call published, each addendum, each phase's
//! confirmed outcome, an award becoming final after its standstill, the call cancelled or
//! concluded. Each release states the whole process as it stood after its change.

mod contracts;
mod documents;
mod parties;
mod results;

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use super::{CallFacts, PhaseFacts, amount, timestamp};
use crate::domain::call::CallStatus;
use crate::domain::evaluation::scoring_rules;
use crate::domain::lang::Lang;
use crate::domain::phase::{PhaseSpec, Procedure};
use crate::i18n::{Tr, phase_kind_name, procedure_name, procedure_rationale};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Change {
    Published,
    Amended(usize),
    Decided(usize),
    AwardFinal(usize),
    Cancelled,
    Concluded,
    /// Contracts signed, deliverables accepted, payments made or contracts terminated on a day
    /// (Europe/Rome): one release per day of such acts.
    Contracts(chrono::NaiveDate),
}

/// The releases of a call, oldest first. `now` decides only whether a standstill has ended.
pub fn releases(call: &CallFacts, base: &str, now: DateTime<Utc>) -> Vec<Value> {
    let changes = changes(call, now);
    let ids: Vec<String> = changes
        .iter()
        .enumerate()
        .map(|(i, (_, change))| release_id(call, i, *change))
        .collect();
    (0..changes.len())
        .map(|i| Snapshot::new(call, base, &changes[..=i], &ids).release())
        .collect()
}

/// The date of each release `releases` gives, in the same order.
pub fn release_dates(call: &CallFacts, now: DateTime<Utc>) -> Vec<DateTime<Utc>> {
    changes(call, now).into_iter().map(|(at, _)| at).collect()
}

fn changes(call: &CallFacts, now: DateTime<Utc>) -> Vec<(DateTime<Utc>, Change)> {
    let mut list = vec![(call.published_at, Change::Published)];
    for (i, addendum) in call.addenda.iter().enumerate() {
        list.push((addendum.published_at, Change::Amended(i)));
    }
    for (i, phase) in call.phases.iter().enumerate() {
        let Some(outcome) = &phase.outcome else {
            continue;
        };
        list.push((outcome.decided_at, Change::Decided(i)));
        if let Some(end) = outcome
            .standstill_until
            .filter(|end| *end <= now && !call.award_held)
        {
            list.push((end, Change::AwardFinal(i)));
        }
    }
    let mut days: std::collections::BTreeMap<chrono::NaiveDate, DateTime<Utc>> = Default::default();
    for act in call.contracts.iter().flat_map(|c| c.acts()) {
        let last = days
            .entry(crate::domain::time::rome_date(act))
            .or_insert(act);
        *last = (*last).max(act);
    }
    for (day, at) in days {
        list.push((at, Change::Contracts(day)));
    }
    match (call.status, call.closed_at) {
        (CallStatus::Cancelled, Some(at)) => list.push((at, Change::Cancelled)),
        (CallStatus::Concluded, Some(at)) => list.push((at, Change::Concluded)),
        _ => {}
    }
    // Stable: changes at the same instant keep the order above.
    list.sort_by_key(|(at, _)| *at);
    list
}

/// A PCP's first phase is open to every supplier; a dialogue invites those it selects.
fn procurement_method(procedure: Procedure) -> &'static str {
    match procedure {
        Procedure::Pcp => "open",
        Procedure::CompetitiveDialogue => "selective",
    }
}

fn method_rationale(procedure: Procedure) -> String {
    let why = procedure_rationale(procedure, Lang::It);
    match procedure {
        Procedure::Pcp => format!("{why} {}", Tr(Lang::It).s("ocds.pcp_method")),
        Procedure::CompetitiveDialogue => why.to_string(),
    }
}

fn release_id(call: &CallFacts, index: usize, change: Change) -> String {
    let slug = match change {
        Change::Published => "tender".to_string(),
        Change::Amended(i) => format!("amendment-{}", call.addenda[i].number),
        Change::Decided(i) => format!("phase-{}-outcome", i + 1),
        Change::AwardFinal(i) => format!("phase-{}-award-final", i + 1),
        Change::Cancelled => "cancellation".to_string(),
        Change::Concluded => "completion".to_string(),
        Change::Contracts(day) => format!("contracts-{day}"),
    };
    format!("{}-{:02}-{slug}", call.ocid, index + 1)
}

/// The process as it stood after the changes so far.
struct Snapshot<'a> {
    call: &'a CallFacts,
    base: &'a str,
    at: DateTime<Utc>,
    change: Change,
    /// The changes so far, this release's last; `ids` names the release of each.
    history: &'a [(DateTime<Utc>, Change)],
    ids: &'a [String],
    decided: Vec<bool>,
    award_final: Vec<bool>,
    closed: Option<Change>,
}

impl<'a> Snapshot<'a> {
    fn new(
        call: &'a CallFacts,
        base: &'a str,
        history: &'a [(DateTime<Utc>, Change)],
        ids: &'a [String],
    ) -> Snapshot<'a> {
        let (at, change) = *history.last().expect("a release follows a change");
        let mut snapshot = Snapshot {
            call,
            base,
            at,
            change,
            history,
            ids,
            decided: vec![false; call.phases.len()],
            award_final: vec![false; call.phases.len()],
            closed: None,
        };
        for (_, change) in history {
            match *change {
                Change::Published | Change::Amended(_) | Change::Contracts(_) => {}
                Change::Decided(i) => snapshot.decided[i] = true,
                Change::AwardFinal(i) => snapshot.award_final[i] = true,
                Change::Cancelled | Change::Concluded => snapshot.closed = Some(*change),
            }
        }
        snapshot
    }

    fn spec(&self, i: usize) -> &'a PhaseSpec {
        &self.call.spec.phases[i]
    }

    /// The decided phases, with their facts.
    fn outcomes(&self) -> impl Iterator<Item = (usize, &'a PhaseFacts)> + '_ {
        self.call
            .phases
            .iter()
            .enumerate()
            .filter(|(i, p)| self.decided[*i] && p.outcome.is_some())
    }

    fn release(&self) -> Value {
        let mut release = json!({
            "ocid": self.call.ocid,
            "id": self.ids[self.history.len() - 1],
            "date": timestamp(self.at),
            "tag": self.tags(),
            "initiationType": "tender",
            "language": "it",
            "parties": self.parties(),
            "buyer": self.authority_ref(),
            "tender": self.tender(),
        });
        let bids = self.bids();
        if !bids["details"].as_array().is_some_and(Vec::is_empty) {
            release["bids"] = bids;
        }
        let awards = self.awards();
        if !awards.is_empty() {
            release["awards"] = json!(awards);
        }
        let contracts = self.contracts();
        if !contracts.is_empty() {
            release["contracts"] = json!(contracts);
        }
        release
    }

    fn tags(&self) -> Value {
        match self.change {
            Change::Published => json!(["tender"]),
            Change::Amended(_) => json!(["tenderAmendment"]),
            Change::Decided(i) if self.spec(i).kind.awards_contracts() => {
                json!(["tenderUpdate", "award"])
            }
            Change::Decided(_) | Change::Concluded => json!(["tenderUpdate"]),
            Change::AwardFinal(_) => json!(["awardUpdate"]),
            Change::Cancelled => json!(["tenderCancellation"]),
            Change::Contracts(day) => self.contract_tags(day),
        }
    }

    fn authority_ref(&self) -> Value {
        json!({
            "id": format!("IT-CF-{}", self.call.authority.fiscal_code),
            "name": self.call.authority.name,
        })
    }

    fn tender(&self) -> Value {
        let call = self.call;
        let spec = &call.spec;
        let status = match self.closed {
            Some(Change::Cancelled) => "cancelled",
            Some(Change::Concluded) => "complete",
            _ => "active",
        };
        let items: Vec<Value> = spec
            .cpv_codes
            .iter()
            .enumerate()
            .map(|(i, code)| {
                json!({
                    "id": (i + 1).to_string(),
                    "description": spec.title,
                    "classification": {
                        "scheme": "CPV",
                        "id": code.split('-').next().unwrap_or(code),
                    },
                })
            })
            .collect();
        let mut tender = json!({
            "id": spec.reference,
            "title": spec.title,
            "description": if spec.description.trim().is_empty() { &spec.summary } else { &spec.description },
            "status": status,
            "procuringEntity": self.authority_ref(),
            "items": items,
            "value": { "amount": amount(spec.budget_cents), "currency": call.currency },
            "procurementMethod": procurement_method(spec.procedure),
            "procurementMethodDetails": procedure_name(spec.procedure, Lang::It),
            "procurementMethodRationale": method_rationale(spec.procedure),
            "mainProcurementCategory": "services",
            "awardCriteria": "ratedCriteria",
            "awardCriteriaDetails": self.criteria_details(),
            "submissionMethod": ["electronicSubmission"],
            "submissionMethodDetails": format!("{}/calls/{}", self.base, call.id),
            "tenderPeriod": self.tender_period(),
            "milestones": self.milestones(),
            "documents": self.documents(),
        });
        if let (Some(Change::Cancelled), Some(reason)) = (self.closed, &call.cancel_reason) {
            tender["statusDetails"] = json!(reason);
        }
        let amendments = self.amendments();
        if !amendments.is_empty() {
            tender["amendments"] = json!(amendments);
        }
        let tenderers: Vec<Value> = self
            .parties()
            .as_array()
            .into_iter()
            .flatten()
            .filter(|p| {
                p["roles"]
                    .as_array()
                    .is_some_and(|r| r.contains(&json!("tenderer")))
            })
            .map(|p| json!({ "id": p["id"], "name": p["name"] }))
            .collect();
        if !tenderers.is_empty() {
            tender["numberOfTenderers"] = json!(tenderers.len());
            tender["tenderers"] = json!(tenderers);
        }
        tender
    }

    fn tender_period(&self) -> Value {
        let mut period = json!({ "startDate": timestamp(self.call.published_at) });
        if let Some(end) = self.call.spec.phases.iter().find_map(|p| p.deadline) {
            period["endDate"] = json!(timestamp(end));
        }
        period
    }

    /// The criteria and weights of each scored phase, as one text.
    fn criteria_details(&self) -> String {
        let phases = &self.call.spec.phases;
        phases
            .iter()
            .enumerate()
            .filter(|(_, p)| p.kind.has_deadline())
            .map(|(i, p)| {
                let rules = scoring_rules(&self.call.spec, i);
                let criteria: Vec<String> = rules
                    .criteria
                    .iter()
                    .map(|c| format!("{} {}%", c.name, c.weight))
                    .collect();
                // Every rule that decides the outcome, published with the tender.
                let stated: Vec<String> =
                    crate::i18n::scoring_rules_facts(&rules, crate::i18n::Tr(Lang::It))
                        .into_iter()
                        .map(|(label, value)| format!("{label}: {value}"))
                        .collect();
                format!(
                    "{}: {} ({})",
                    p.name,
                    criteria.join(", "),
                    stated.join("\n")
                )
            })
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// Each phase that takes proposals, as a milestone: due at its deadline, met when its
    /// outcome is confirmed.
    fn milestones(&self) -> Value {
        let milestones: Vec<Value> = self
            .call
            .spec
            .phases
            .iter()
            .enumerate()
            .filter(|(_, p)| p.kind.has_deadline())
            .map(|(i, p)| {
                let mut milestone = json!({
                    "id": format!("phase-{}", i + 1),
                    "title": p.name,
                    "type": "assessment",
                    "description": phase_kind_name(p.kind, Lang::It),
                    "status": "scheduled",
                });
                if let Some(deadline) = p.deadline {
                    milestone["dueDate"] = json!(timestamp(deadline));
                }
                if let Some(outcome) = self.decided_outcome(i) {
                    milestone["status"] = json!("met");
                    milestone["dateMet"] = json!(timestamp(outcome.decided_at));
                }
                milestone
            })
            .collect();
        json!(milestones)
    }

    fn decided_outcome(&self, i: usize) -> Option<&'a crate::ocds::OutcomeFacts> {
        self.decided[i]
            .then(|| self.call.phases[i].outcome.as_ref())
            .flatten()
    }
}

#[cfg(test)]
mod tests;
