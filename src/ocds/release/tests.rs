use serde_json::{Value, json};

use super::releases;
use crate::domain::call::CallStatus;
use crate::domain::phase::Procedure;
use crate::ocds::fixtures::{at, awarded_dialogue, bid, call, organisation};
use crate::ocds::{BidResult, OutcomeFacts, Publisher, compile, record_package};

const BASE: &str = "https://gare.example.it";

fn tags(releases: &[Value]) -> Vec<Value> {
    releases.iter().map(|r| r["tag"].clone()).collect()
}

#[test]
fn a_release_follows_each_change_in_order() {
    let facts = awarded_dialogue();
    let during_standstill = releases(&facts, BASE, at("2027-03-05T00:00:00Z"));
    assert_eq!(
        tags(&during_standstill),
        [
            json!(["tender"]),
            json!(["tenderAmendment"]),
            json!(["tenderUpdate"]),
            json!(["tenderUpdate", "award"]),
        ]
    );
    let ids: Vec<&str> = during_standstill
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids[0], "ocds-pcpdsk-c1-01-tender");
    assert_eq!(ids[1], "ocds-pcpdsk-c1-02-amendment-1");
    let dates: Vec<&str> = during_standstill
        .iter()
        .map(|r| r["date"].as_str().unwrap())
        .collect();
    assert!(dates.windows(2).all(|w| w[0] <= w[1]), "{dates:?}");
    assert_eq!(during_standstill[3]["awards"][0]["status"], "pending");

    let after = releases(&facts, BASE, at("2027-03-11T10:00:00Z"));
    assert_eq!(after.len(), 5, "the award becoming final is a change");
    assert_eq!(after[4]["tag"], json!(["awardUpdate"]));
    assert_eq!(after[4]["date"], "2027-03-11T10:00:00Z");
    assert_eq!(after[4]["awards"][0]["status"], "active");
    assert_eq!(
        after[..4],
        during_standstill[..],
        "earlier releases do not change"
    );
}

#[test]
fn an_award_held_by_an_appeal_stays_pending_after_the_standstill() {
    let mut facts = awarded_dialogue();
    facts.award_held = true;
    let after = releases(&facts, BASE, at("2027-03-11T10:00:00Z"));
    assert_eq!(after.len(), 4, "no award-final release while held");
    assert_eq!(after[3]["awards"][0]["status"], "pending");
    facts.award_held = false;
    assert_eq!(releases(&facts, BASE, at("2027-03-11T10:00:00Z")).len(), 5);
}

#[test]
fn nothing_about_proposals_is_published_before_an_outcome() {
    let mut facts = awarded_dialogue();
    for phase in &mut facts.phases {
        phase.outcome = None;
    }
    for release in releases(&facts, BASE, at("2027-06-01T00:00:00Z")) {
        assert!(release.get("bids").is_none());
        assert!(release.get("awards").is_none());
        assert!(release["tender"].get("tenderers").is_none());
        assert_eq!(
            release["parties"].as_array().unwrap().len(),
            1,
            "the buyer only"
        );
    }
}

#[test]
fn the_tender_states_the_procedure_value_items_and_criteria() {
    let release = &releases(&awarded_dialogue(), BASE, at("2027-01-01T00:00:00Z"))[0];
    let tender = &release["tender"];
    assert_eq!(tender["procurementMethod"], "selective");
    assert_eq!(tender["procurementMethodDetails"], "Dialogo competitivo");
    assert_eq!(tender["awardCriteria"], "ratedCriteria");
    assert_eq!(
        tender["value"],
        json!({"amount": 1_000_000.5, "currency": "EUR"})
    );
    assert_eq!(
        tender["items"][0]["classification"],
        json!({"scheme": "CPV", "id": "73000000"})
    );
    assert!(
        tender["awardCriteriaDetails"]
            .as_str()
            .unwrap()
            .contains("Offerte finali: Qualità 70%, Prezzo 30%"),
        "final tenders are scored on the award's criteria: {}",
        tender["awardCriteriaDetails"]
    );
    assert_eq!(tender["status"], "active");
    assert_eq!(release["buyer"]["id"], "IT-CF-80062590379");
    assert_eq!(
        release["parties"][0]["roles"],
        json!(["buyer", "procuringEntity"])
    );
    let documents = tender["documents"].as_array().unwrap();
    assert_eq!(documents.len(), 2, "the notice and the call's file");
    assert_eq!(documents[1]["url"], format!("{BASE}/calls/c1/documents/d1"));
}

#[test]
fn amendments_name_the_releases_they_amend() {
    let all = releases(&awarded_dialogue(), BASE, at("2027-01-01T00:00:00Z"));
    let amendments = &all[1]["tender"]["amendments"];
    assert_eq!(amendments.as_array().unwrap().len(), 1);
    assert_eq!(amendments[0]["releaseID"], all[1]["id"]);
    assert_eq!(amendments[0]["amendsReleaseID"], all[0]["id"]);
    assert_eq!(amendments[0]["description"], "Proroga");
    let documents = all[1]["tender"]["documents"].as_array().unwrap();
    assert!(
        documents
            .iter()
            .any(|d| d["id"] == "d2" && d["documentType"] == "clarifications")
    );
    assert!(all[0]["tender"].get("amendments").is_none());
}

#[test]
fn bids_state_each_result_and_parties_their_roles() {
    let last = releases(&awarded_dialogue(), BASE, at("2027-03-05T00:00:00Z"))
        .pop()
        .unwrap();
    let statuses: Vec<(&str, &str)> = last["bids"]["details"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["id"].as_str().unwrap(), d["status"].as_str().unwrap()))
        .collect();
    assert_eq!(
        statuses,
        [
            ("R-1", "valid"),
            ("R-2", "valid"),
            ("R-3", "disqualified"),
            ("R-4", "withdrawn"),
            ("F-1", "valid"),
            ("F-2", "valid"),
        ]
    );
    let statistics: Vec<(&str, i64)> = last["bids"]["statistics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["measure"].as_str().unwrap(), s["value"].as_i64().unwrap()))
        .collect();
    assert_eq!(
        statistics[..3],
        [("requests", 3), ("validBids", 2), ("electronicBids", 3)],
        "requests to participate state no price"
    );
    assert_eq!(
        statistics[3..],
        [
            ("bids", 2),
            ("validBids", 2),
            ("electronicBids", 2),
            ("lowestValidBidValue", 450_000),
            ("highestValidBidValue", 500_000)
        ]
    );
    assert_eq!(last["bids"]["statistics"][6]["currency"], "EUR");
    let roles = |name: &str| {
        last["parties"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == name)
            .map(|p| p["roles"].clone())
    };
    assert_eq!(roles("Beta"), Some(json!(["tenderer", "supplier"])));
    assert_eq!(roles("Alfa"), Some(json!(["tenderer"])));
    assert_eq!(roles("Gamma"), Some(json!(["tenderer"])));
    assert_eq!(last["tender"]["numberOfTenderers"], 3);
    let award = &last["awards"][0];
    assert_eq!(award["suppliers"][0]["id"], "IT-CF-02987654320");
    assert_eq!(award["value"]["amount"], 500_000);
    assert_eq!(award["title"], "Aggiudicazione");
    assert_eq!(award["relatedBid"], "F-1");
    assert_eq!(last["awards"].as_array().unwrap().len(), 1);
}

#[test]
fn each_pcp_phase_awards_a_contract_to_each_admitted_supplier() {
    let mut facts = call(Procedure::Pcp);
    let (alfa, beta, gamma) = (
        organisation("Alfa", "03841571205"),
        organisation("Beta", "02987654320"),
        organisation("Gamma", "01234567897"),
    );
    facts.phases[0].outcome = Some(OutcomeFacts {
        decided_at: at("2027-01-20T10:00:00Z"),
        decision: "Ammessi alla fase 2".into(),
        standstill_until: None,
        bids: vec![
            bid("P-1", &alfa, Some(9_000_000), BidResult::Admitted),
            bid("P-2", &beta, Some(8_000_000), BidResult::Admitted),
            bid("P-3", &gamma, Some(7_000_000), BidResult::NotAdmitted),
        ],
    });
    let last = releases(&facts, BASE, at("2027-02-01T00:00:00Z"))
        .pop()
        .unwrap();
    assert_eq!(last["tag"], json!(["tenderUpdate", "award"]));
    let awards = last["awards"].as_array().unwrap();
    assert_eq!(awards.len(), 2);
    assert!(awards.iter().all(|a| a["status"] == "active"));
    assert_eq!(awards[0]["contractPeriod"], json!({"durationInDays": 90}));
    let milestones = last["tender"]["milestones"].as_array().unwrap();
    assert_eq!(milestones[0]["status"], "met");
    assert_eq!(milestones[1]["status"], "scheduled");
    let documents: Vec<&str> = last["tender"]["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["url"].as_str().unwrap())
        .collect();
    for path in [
        "/phases/p0/minutes/opening.pdf",
        "/phases/p0/minutes/evaluation.pdf",
        "/phases/p0/outcome.pdf",
        "/calls/c1/report.pdf",
    ] {
        assert!(
            documents.contains(&format!("{BASE}{path}").as_str()),
            "{path}"
        );
    }
}

#[test]
fn a_phase_without_winners_has_an_unsuccessful_award() {
    let mut facts = call(Procedure::Pcp);
    facts.phases[0].outcome = Some(OutcomeFacts {
        decided_at: at("2027-01-20T10:00:00Z"),
        decision: "Nessuna proposta idonea".into(),
        standstill_until: None,
        bids: vec![bid(
            "P-1",
            &organisation("Alfa", "03841571205"),
            None,
            BidResult::Excluded,
        )],
    });
    let last = releases(&facts, BASE, at("2027-02-01T00:00:00Z"))
        .pop()
        .unwrap();
    assert_eq!(last["awards"][0]["status"], "unsuccessful");
    assert!(last["awards"][0].get("suppliers").is_none());
}

#[test]
fn a_cancelled_call_says_why() {
    let mut facts = call(Procedure::Pcp);
    facts.status = CallStatus::Cancelled;
    facts.closed_at = Some(at("2026-12-10T10:00:00Z"));
    facts.cancel_reason = Some("Fondi revocati".into());
    let all = releases(&facts, BASE, at("2027-01-01T00:00:00Z"));
    assert_eq!(all[1]["tag"], json!(["tenderCancellation"]));
    assert_eq!(all[1]["tender"]["status"], "cancelled");
    assert_eq!(all[1]["tender"]["statusDetails"], "Fondi revocati");
    assert_eq!(all[0]["tender"]["status"], "active");
}

#[test]
fn the_record_compiles_to_the_latest_state() {
    let facts = awarded_dialogue();
    let all = releases(&facts, BASE, at("2027-04-01T00:00:00Z"));
    let publisher = Publisher::of(&facts.authority, BASE);
    let package = record_package(
        "https://gare.example.it/ocds/records/c1",
        &publisher,
        &[(
            "https://gare.example.it/ocds/releases/c1".into(),
            all.clone(),
        )],
    );
    let record = &package["records"][0];
    assert_eq!(record["ocid"], "ocds-pcpdsk-c1");
    assert_eq!(record["releases"].as_array().unwrap().len(), all.len());
    assert_eq!(
        record["releases"][0]["url"],
        "https://gare.example.it/ocds/releases/c1#ocds-pcpdsk-c1-01-tender"
    );
    let compiled = &record["compiledRelease"];
    assert_eq!(compiled, &compile(&all));
    let mut latest = all.last().unwrap().clone();
    latest["id"] = compiled["id"].clone();
    latest["tag"] = json!(["compiled"]);
    assert_eq!(compiled, &latest, "each release states the whole process");
    assert_eq!(package["publishedDate"], "2027-03-11T10:00:00Z");
    assert_eq!(package["publisher"]["uid"], "80062590379");
}

#[test]
fn an_organisation_in_several_phases_is_one_party_and_one_tenderer() {
    let mut facts = call(Procedure::Pcp);
    let alfa = organisation("Alfa", "03841571205");
    // Renamed between phases, the same VAT number: the same organisation.
    let renamed = organisation("Alfa Tecnologie S.r.l.", "03841571205");
    let beta = organisation("Beta", "02987654320");
    for (phase, who) in [(0, [&alfa, &beta]), (1, [&renamed, &beta])] {
        facts.phases[phase].outcome = Some(OutcomeFacts {
            decided_at: at("2027-01-20T10:00:00Z") + chrono::Duration::days(60 * phase as i64),
            decision: "Ammessi".into(),
            standstill_until: None,
            bids: vec![
                bid(
                    &format!("P{phase}-1"),
                    who[0],
                    Some(9_000_000),
                    BidResult::Admitted,
                ),
                bid(
                    &format!("P{phase}-2"),
                    who[1],
                    Some(8_000_000),
                    BidResult::Admitted,
                ),
            ],
        });
    }
    let last = releases(&facts, BASE, at("2027-06-01T00:00:00Z"))
        .pop()
        .unwrap();
    let ids: Vec<&str> = last["parties"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(ids.len(), unique.len(), "{ids:?}");
    assert_eq!(ids.len(), 3, "the buyer and two suppliers: {ids:?}");
    // Seats where recorded: the authority's and each supplier's city and postal code.
    let parties = last["parties"].as_array().unwrap();
    assert_eq!(parties[0]["address"]["locality"], "Bologna");
    assert_eq!(parties[0]["address"]["postalCode"], "40127");
    assert_eq!(parties[1]["address"]["countryName"], "Italia");
    assert_eq!(parties[1]["address"]["postalCode"], "40121");
    let tender = &last["tender"];
    assert_eq!(tender["tenderers"].as_array().unwrap().len(), 2);
    assert_eq!(tender["numberOfTenderers"], 2);
    // A PCP's first phase is open to every supplier.
    assert_eq!(tender["procurementMethod"], "open");
    let statistics = last["bids"]["statistics"].as_array().unwrap();
    let received: Vec<&Value> = statistics
        .iter()
        .filter(|s| s["measure"] == "bids")
        .map(|s| &s["value"])
        .collect();
    assert_eq!(received, [&json!(2), &json!(2)], "one count per phase");
}
