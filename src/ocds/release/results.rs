//! What a decided phase adds to a release: the bids with their statistics, the awards, and the
//! organisations that took part.

use serde_json::{Value, json};

use super::Snapshot;
use crate::domain::phase::PhaseKind;
use crate::ocds::{BidFacts, BidResult, OrganisationFacts, amount, timestamp};

impl Snapshot<'_> {
    /// Each decided phase's proposals as bids, with statistics from the codes of the extension's
    /// `bidStatistics` codelist: received, valid, electronic (all of them, here), and the lowest
    /// and highest valid price where proposals state one.
    pub(super) fn bids(&self) -> Value {
        let mut statistics = Vec::new();
        let mut details = Vec::new();
        for (i, phase) in self.outcomes() {
            let outcome = phase.outcome.as_ref().expect("decided");
            let spec = self.spec(i);
            let received = outcome
                .bids
                .iter()
                .filter(|b| b.result != BidResult::Withdrawn)
                .count();
            let valid: Vec<&BidFacts> = outcome
                .bids
                .iter()
                .filter(|b| matches!(b.result, BidResult::Admitted | BidResult::NotAdmitted))
                .collect();
            let date = timestamp(outcome.decided_at);
            let received_measure = if spec.kind == PhaseKind::RequestsToParticipate {
                "requests"
            } else {
                "bids"
            };
            let mut push = |id: &str, measure: &str, value: Value, currency: bool| {
                let mut statistic = json!({
                    "id": format!("phase-{}-{id}", i + 1),
                    "measure": measure,
                    "value": value,
                    "date": date,
                    "notes": spec.name,
                });
                if currency {
                    statistic["currency"] = json!(self.call.currency);
                }
                statistics.push(statistic);
            };
            push("received", received_measure, json!(received), false);
            push("valid", "validBids", json!(valid.len()), false);
            push("electronic", "electronicBids", json!(received), false);
            let prices = valid.iter().filter_map(|b| b.price_cents);
            if let (Some(low), Some(high)) = (prices.clone().min(), prices.max()) {
                push("lowest", "lowestValidBidValue", amount(low), true);
                push("highest", "highestValidBidValue", amount(high), true);
            }
            details.extend(
                outcome
                    .bids
                    .iter()
                    .map(|b| bid_detail(b, &self.call.currency)),
            );
        }
        json!({ "statistics": statistics, "details": details })
    }

    pub(super) fn awards(&self) -> Vec<Value> {
        let mut awards = Vec::new();
        for (i, phase) in self.outcomes() {
            let spec = self.spec(i);
            if !spec.kind.awards_contracts() {
                continue;
            }
            let outcome = phase.outcome.as_ref().expect("decided");
            let title = self.award_title(i);
            let immediate = outcome.standstill_until.is_none() && !self.call.award_held;
            let status = if immediate || self.award_final[i] {
                "active"
            } else {
                "pending"
            };
            let base = json!({
                "title": title,
                "description": outcome.decision,
                "date": timestamp(outcome.decided_at),
            });
            let winners: Vec<&BidFacts> = outcome
                .bids
                .iter()
                .filter(|b| b.result == BidResult::Admitted)
                .collect();
            if winners.is_empty() {
                let mut award = base.clone();
                award["id"] = json!(format!("phase-{}-unsuccessful", i + 1));
                award["status"] = json!("unsuccessful");
                awards.push(award);
            }
            for bid in winners {
                let mut award = base.clone();
                award["id"] = json!(format!("phase-{}-{}", i + 1, bid.receipt_number));
                award["status"] = json!(status);
                award["suppliers"] = json!([organisation_ref(&bid.organisation)]);
                award["relatedBid"] = json!(bid.receipt_number);
                if let Some(cents) = bid.price_cents {
                    award["value"] =
                        json!({ "amount": amount(cents), "currency": self.call.currency });
                }
                if let Some(days) = spec.duration_days {
                    award["contractPeriod"] = json!({ "durationInDays": days });
                }
                awards.push(award);
            }
        }
        awards
    }

    /// A dialogue's award is named after its award phase; a PCP phase's contract after the phase.
    fn award_title(&self, i: usize) -> String {
        let phases = &self.call.spec.phases;
        if phases[i].kind == PhaseKind::FinalTenders
            && let Some(award) = phases[i..].iter().find(|p| p.kind == PhaseKind::Award)
        {
            return award.name.clone();
        }
        phases[i].name.clone()
    }
}

fn bid_detail(bid: &BidFacts, currency: &str) -> Value {
    let status = match bid.result {
        BidResult::Admitted | BidResult::NotAdmitted => "valid",
        BidResult::Excluded => "disqualified",
        BidResult::Withdrawn => "withdrawn",
    };
    let mut detail = json!({
        "id": bid.receipt_number,
        "date": timestamp(bid.received_at),
        "status": status,
        "tenderers": [organisation_ref(&bid.organisation)],
    });
    if let Some(cents) = bid.price_cents {
        detail["value"] = json!({ "amount": amount(cents), "currency": currency });
    }
    detail
}

/// Italian companies are identified by their codice fiscale, which for a company is its VAT
/// number; others by their VAT number under their country's code.
pub(super) fn organisation_identifier(o: &OrganisationFacts) -> (String, String) {
    let vat = o
        .vat_number
        .trim_start_matches(o.country.as_str())
        .to_string();
    if o.country == "IT" {
        ("IT-CF".to_string(), vat)
    } else {
        (format!("{}-VAT", o.country), vat)
    }
}

pub(super) fn organisation_id(o: &OrganisationFacts) -> String {
    let (scheme, id) = organisation_identifier(o);
    format!("{scheme}-{id}")
}

fn organisation_ref(o: &OrganisationFacts) -> Value {
    json!({ "id": organisation_id(o), "name": o.legal_name })
}
