//! What signed PCP contracts add to a release: each contract under its award, with its value
//! and period, and its implementation: the deliverables as milestones, the payments as
//! transactions. Only what was recorded by the release's date is in it.

use chrono::NaiveDate;
use serde_json::{Value, json};

use super::Snapshot;
use crate::domain::time::rome_date;
use crate::ocds::{BidResult, ContractFacts, amount, day, timestamp};

impl Snapshot<'_> {
    pub(super) fn contracts(&self) -> Vec<Value> {
        self.call
            .contracts
            .iter()
            .filter(|c| c.signed_at <= self.at)
            .map(|c| self.contract(c))
            .collect()
    }

    fn contract(&self, c: &ContractFacts) -> Value {
        let currency = &self.call.currency;
        let accepted = |at: Option<chrono::DateTime<chrono::Utc>>| at.filter(|at| *at <= self.at);
        let milestones: Vec<Value> = c
            .deliverables
            .iter()
            .map(|d| {
                let mut m = json!({
                    "id": d.id,
                    "title": d.title,
                    "type": "delivery",
                    "dueDate": day(d.due_on),
                    "status": "scheduled",
                });
                if let Some(at) = accepted(d.accepted_at) {
                    m["status"] = json!("met");
                    m["dateMet"] = json!(timestamp(at));
                }
                m
            })
            .collect();
        let payee = self.payee(c);
        let transactions: Vec<Value> = c
            .payments
            .iter()
            .filter(|p| p.recorded_at <= self.at)
            .map(|p| {
                let mut t = json!({
                    "id": p.id,
                    "source": format!("{}/calls/{}", self.base, self.call.id),
                    "date": day(p.paid_on),
                    "value": { "amount": amount(p.amount_cents), "currency": currency },
                    "payer": self.authority_ref(),
                });
                if let Some(payee) = &payee {
                    t["payee"] = payee.clone();
                }
                t
            })
            .collect();
        let all_met = !c.deliverables.is_empty()
            && c.deliverables
                .iter()
                .all(|d| accepted(d.accepted_at).is_some());
        let terminated = c.terminated.as_ref().filter(|(at, _)| *at <= self.at);
        let status = if terminated.is_some() || all_met {
            "terminated"
        } else {
            "active"
        };
        let mut contract = json!({
            "id": c.id,
            "awardID": format!("phase-{}-{}", c.phase_index + 1, c.receipt_number),
            "title": self.spec(c.phase_index).name,
            "status": status,
            "value": { "amount": amount(c.amount_cents), "currency": currency },
            "period": { "startDate": day(c.starts_on), "endDate": day(c.ends_on) },
            "dateSigned": day(c.signed_on),
            "implementation": { "milestones": milestones },
        });
        if !transactions.is_empty() {
            contract["implementation"]["transactions"] = json!(transactions);
        }
        if let Some((_, reason)) = terminated {
            contract["description"] = json!(reason);
        }
        contract
    }

    /// The supplier the award named: the organisation of the bid with the contract's receipt.
    fn payee(&self, c: &ContractFacts) -> Option<Value> {
        let outcome = self.call.phases.get(c.phase_index)?.outcome.as_ref()?;
        outcome
            .bids
            .iter()
            .find(|b| b.receipt_number == c.receipt_number && b.result == BidResult::Admitted)
            .map(|b| {
                json!({
                    "id": super::results::organisation_id(&b.organisation),
                    "name": b.organisation.legal_name,
                })
            })
    }

    /// A day's contract release says what happened that day.
    pub(super) fn contract_tags(&self, on: NaiveDate) -> Value {
        let that_day = |at: chrono::DateTime<chrono::Utc>| rome_date(at) == on;
        let contracts = &self.call.contracts;
        let mut tags = Vec::new();
        if contracts.iter().any(|c| that_day(c.signed_at)) {
            tags.push("contract");
        }
        if contracts.iter().any(|c| {
            c.deliverables
                .iter()
                .filter_map(|d| d.accepted_at)
                .any(that_day)
                || c.payments.iter().any(|p| that_day(p.recorded_at))
        }) {
            tags.push("implementationUpdate");
        }
        if contracts
            .iter()
            .any(|c| c.terminated.as_ref().is_some_and(|(at, _)| that_day(*at)))
        {
            tags.push("contractTermination");
        }
        json!(tags)
    }
}
