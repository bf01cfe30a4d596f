//! A whole competitive dialogue through the API: five requests to participate, three invited
//! (the limit the call sets), one reduction stage that keeps two solutions, final tenders scored
//! on the award's rules (linear price formula, mean of the members), the award and its standstill.

use std::collections::BTreeMap;

use chrono::Duration;
use serde_json::{Value, json};

use crate::helpers::{
    TestApp, TestClock, dialogue_call, file_part, publish, register_supplier, spawn_app_at, submit,
};
use crate::procedure::{
    appoint_declare_open, assert_as_reference, committee, consensus_of_means, decide, ok,
    score_and_submit,
};
use crate::reference;
use crate::whole_pcp::vat_number;

fn envelope_form(
    name: &str,
    administrative: bool,
    price_cents: Option<i64>,
) -> reqwest::multipart::Form {
    let mut form = reqwest::multipart::Form::new().part(
        "technical",
        file_part(
            "soluzione.pdf",
            format!("%PDF soluzione di {name}").into_bytes(),
        ),
    );
    if administrative {
        form = form.part(
            "administrative",
            file_part("dgue.pdf", format!("%PDF DGUE di {name}").into_bytes()),
        );
    }
    if let Some(p) = price_cents {
        form = form.text("price_cents", p.to_string());
    }
    form
}

fn hundredths(s: &str) -> i64 {
    s.parse::<i64>().unwrap() * 100
}

/// Submits for each candidate, passes the deadline, then appoints a committee of three that
/// declares and opens; returns the proposal of each candidate.
pub(crate) async fn submit_and_open(
    app: &TestApp,
    clock: &TestClock,
    emails: &[String],
    phase: &str,
    candidates: &[(usize, Option<i64>, bool)],
    until_deadline: Duration,
    prefix: &str,
) -> (BTreeMap<usize, String>, crate::procedure::Committee, String) {
    let mut proposals = BTreeMap::new();
    for (candidate, price, administrative) in candidates {
        let token = app.token(&emails[*candidate]).await;
        let form = envelope_form(&format!("Candidato {candidate}"), *administrative, *price);
        let receipt = ok(submit(app, &token, phase, form).await, "submit").await;
        proposals.insert(
            *candidate,
            receipt["proposal_id"].as_str().unwrap().to_string(),
        );
    }
    clock.advance(until_deadline);
    let officer = app.token("officer@test.it").await;
    let admin = app.token("admin@test.it").await;
    let c = committee(app, &admin, &officer, prefix, 3).await;
    appoint_declare_open(app, &officer, phase, &c).await;
    (proposals, c, officer)
}

fn offers(
    proposals: &BTreeMap<usize, String>,
    scores: &[(usize, [&str; 3], Option<i64>)],
) -> Vec<reference::Offer> {
    scores
        .iter()
        .enumerate()
        .map(|(i, (candidate, s, price))| reference::Offer {
            id: proposals[candidate].clone(),
            receipt: i,
            scores: s.iter().map(|p| vec![hundredths(p), 0]).collect(),
            price: *price,
            verdict: None,
            failed_selection: false,
        })
        .collect()
}

pub(crate) fn typed(
    proposals: &BTreeMap<usize, String>,
    scores: &[(usize, [&str; 3], Option<i64>)],
) -> Vec<(String, Vec<Vec<String>>)> {
    scores
        .iter()
        .map(|(c, s, _)| {
            (
                proposals[c].clone(),
                s.iter().map(|p| vec![p.to_string()]).collect(),
            )
        })
        .collect()
}

fn quality_only(admits: Option<usize>) -> reference::Rules {
    reference::Rules {
        criteria: vec![reference::Criterion {
            price: false,
            weight: 100,
            max: 100,
            threshold: None,
        }],
        linear: false,
        base: None,
        min_quality: None,
        admits,
        budget: None,
        low_percent: 80,
    }
}

#[tokio::test]
async fn a_competitive_dialogue_invites_three_reduces_to_two_and_awards_by_the_award_rules() {
    let clock = TestClock::default();
    let sink = crate::mail::SmtpSink::running();
    let smtp = sink.as_ref().map(|s| s.url());
    let app = spawn_app_at(
        move |s| {
            s.login_burst = 1000;
            s.smtp_url = smtp;
        },
        clock.clock(),
    )
    .await;
    let accounts = app.seed_accounts().await;
    let officer = app.token(&accounts.officer).await;
    let mut call = dialogue_call("DC-ER-2027-05", 31);
    call["phases"][1]["max_candidates"] = json!(3);
    call["phases"][2]["max_contracts"] = json!(2);
    call["phases"][4]["price_formula"] = json!("linear");
    call["phases"][4]["consensus_rule"] = json!("mean_of_members");
    let (call_id, requests) = publish(&app, &officer, &call).await;
    let published: Value = app
        .get_json(&format!("/api/v1/calls/{call_id}"), None)
        .await
        .json()
        .await
        .unwrap();
    let phase_id = |i: usize| published["phases"][i]["id"].as_str().unwrap().to_string();
    let final_rules = &published["phases"][3]["scoring"];
    assert_eq!(
        final_rules["price_formula"], "linear",
        "published in advance: {final_rules}"
    );
    assert_eq!(final_rules["consensus_rule"], "mean_of_members");
    assert_eq!(final_rules["base_price_cents"], 450_000_000);
    assert_eq!(published["phases"][0]["scoring"]["admits"], 3);

    let mut emails = Vec::new();
    for i in 0..5 {
        let (_, email) =
            register_supplier(&app, &format!("Consorzio {i}"), &vat_number(20 + i)).await;
        emails.push(email);
    }

    // Requests to participate: five candidates, three invited; 1 and 3 tie exactly for the third
    // place and the earlier request (1) is invited.
    let request_scores = [
        (0, ["60", "62", "61"], None),
        (1, ["70", "71", "72"], None),
        (2, ["80", "82", "81"], None),
        (3, ["72", "71", "70"], None),
        (4, ["90", "88", "89"], None),
    ];
    let candidates: Vec<(usize, Option<i64>, bool)> = (0..5).map(|c| (c, None, true)).collect();
    let (proposals, c, officer) = submit_and_open(
        &app,
        &clock,
        &emails,
        &requests,
        &candidates,
        Duration::days(32),
        "dr",
    )
    .await;
    score_and_submit(
        &app,
        &requests,
        &c,
        &[0],
        &typed(&proposals, &request_scores),
    )
    .await;
    let ids: Vec<String> = proposals.values().cloned().collect();
    consensus_of_means(&app, &requests, &c, &[0], &ids).await;
    let early = app
        .post_json(
            &format!("/api/v1/phases/{requests}/decision"),
            Some(&officer),
            &json!({"text": "Determina"}),
        )
        .await;
    assert_eq!(early.status(), 409, "every request is checked first");
    crate::procedure::pass_selection(&app, &c, 1, &ids).await;
    let lines = decide(&app, &officer, &requests).await;
    let expected = reference::score(&quality_only(Some(3)), &offers(&proposals, &request_scores));
    let invited = assert_as_reference(&lines, &expected);
    let invited: Vec<usize> = proposals
        .iter()
        .filter(|(_, p)| invited.contains(*p))
        .map(|(c, _)| *c)
        .collect();
    assert_eq!(
        invited,
        [1, 2, 4],
        "the limit of three, the tie to the earlier request"
    );
    let results: Value = app
        .get_json(&format!("/api/v1/phases/{requests}/results"), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(results["lines"].as_array().unwrap().len(), 5);
    let (_, page) = app
        .browser(None)
        .await
        .page(&format!("/calls/{call_id}"))
        .await;
    assert!(page.contains("Invitato al dialogo") && page.contains("Non invitato"));

    // The dialogue stage keeps the best two solutions.
    let stage = phase_id(2);
    let stage_scores = [
        (1, ["75", "76", "77"], None),
        (2, ["65", "66", "64"], None),
        (4, ["85", "84", "86"], None),
    ];
    let candidates: Vec<(usize, Option<i64>, bool)> =
        invited.iter().map(|c| (*c, None, false)).collect();
    let (proposals, c, officer) = submit_and_open(
        &app,
        &clock,
        &emails,
        &stage,
        &candidates,
        Duration::days(64),
        "ds",
    )
    .await;
    score_and_submit(&app, &stage, &c, &[0], &typed(&proposals, &stage_scores)).await;
    let ids: Vec<String> = proposals.values().cloned().collect();
    consensus_of_means(&app, &stage, &c, &[0], &ids).await;
    let lines = decide(&app, &officer, &stage).await;
    let expected = reference::score(&quality_only(Some(2)), &offers(&proposals, &stage_scores));
    let kept = assert_as_reference(&lines, &expected);
    assert!(kept.contains(&proposals[&1]) && kept.contains(&proposals[&4]));

    // Final tenders: linear over the call's value of EUR 4,500,000 gives 4 (quality 52, the
    // lowest price) 52 + 30 = 82 and 1 (quality 60) 60 + 30 × 0.9/1.5 = 78: 4 wins. Scored
    // proportionally, 1 would have won with 60 + 25 = 85.
    let finals = phase_id(3);
    let final_scores = [
        (1, ["60", "61", "59"], Some(360_000_000)),
        (4, ["52", "51", "53"], Some(300_000_000)),
    ];
    let candidates = [(1, Some(360_000_000), true), (4, Some(300_000_000), true)];
    let (proposals, c, officer) = submit_and_open(
        &app,
        &clock,
        &emails,
        &finals,
        &candidates,
        Duration::days(56),
        "df",
    )
    .await;
    // Mean of the members: the last submission makes the scores final; nobody records consensus.
    score_and_submit(&app, &finals, &c, &[0], &typed(&proposals, &final_scores)).await;
    let lines = decide(&app, &officer, &finals).await;
    let award_rules = reference::Rules {
        criteria: vec![
            reference::Criterion {
                price: false,
                weight: 70,
                max: 70,
                threshold: None,
            },
            reference::Criterion {
                price: true,
                weight: 30,
                max: 30,
                threshold: None,
            },
        ],
        linear: true,
        base: Some(450_000_000),
        min_quality: None,
        admits: Some(1),
        budget: None,
        low_percent: 80,
    };
    let expected = reference::score(&award_rules, &offers(&proposals, &final_scores));
    let awarded = assert_as_reference(&lines, &expected);
    assert_eq!(
        awarded.into_iter().collect::<Vec<_>>(),
        [proposals[&4].clone()]
    );
    let winner = lines.iter().find(|l| l["admitted"] == true).unwrap();
    assert_eq!(winner["total"], "82");

    let results: Value = app
        .get_json(&format!("/api/v1/phases/{finals}/results"), None)
        .await
        .json()
        .await
        .unwrap();
    let decided =
        chrono::DateTime::parse_from_rfc3339(results["decided_at"].as_str().unwrap()).unwrap();
    let until = chrono::DateTime::parse_from_rfc3339(results["standstill_until"].as_str().unwrap())
        .unwrap();
    assert_eq!(
        until - decided,
        Duration::days(32),
        "the standstill the call sets"
    );
    let (_, page) = app
        .browser(None)
        .await
        .page(&format!("/calls/{call_id}"))
        .await;
    assert!(page.contains("Aggiudicatario") && page.contains("Non aggiudicatario"));

    // The standstill runs from the last communication of the award (art. 18 c.3): one delivered
    // two days late moves its end, in the results and in the open data.
    let officer = app.token(&accounts.officer).await;
    if let Some(mailer) = &app.state.mailer {
        crate::mail::pass(mailer).await;
    }
    let sent: Value = app
        .get_json(
            &format!("/api/v1/calls/{call_id}/communications"),
            Some(&officer),
        )
        .await
        .json()
        .await
        .unwrap();
    let awards: Vec<&Value> = sent
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["phase_id"] == finals.as_str())
        .collect();
    assert!(awards.iter().any(|c| c["kind"] == "award"));
    assert!(
        awards
            .iter()
            .all(|c| c["kind"] == "award" || c["kind"] == "award_notice")
    );
    // Every bidder has the award by e-mail too, with the day the standstill ends.
    if let Some(sink) = &sink {
        let until = pcp_desk::domain::time::format_rome(
            until.with_timezone(&chrono::Utc),
            pcp_desk::domain::lang::Lang::It,
        );
        let awards: Vec<Value> = awards.iter().map(|c| (*c).clone()).collect();
        crate::mail::assert_mailed_once(&app, &sink.received(), &awards, Some(&until)).await;
    }
    let late = awards[0]["id"].as_str().unwrap().to_string();
    let delivered = (decided + Duration::days(2)).naive_utc();
    app.state
        .db(move |conn| {
            use diesel::prelude::*;
            use pcp_desk::db::schema::communications::dsl;
            diesel::update(dsl::communications.find(late))
                .set(dsl::delivered_at.eq(delivered))
                .execute(conn)?;
            Ok(())
        })
        .await
        .unwrap();
    let moved: Value = app
        .get_json(&format!("/api/v1/phases/{finals}/results"), None)
        .await
        .json()
        .await
        .unwrap();
    let moved_until =
        chrono::DateTime::parse_from_rfc3339(moved["standstill_until"].as_str().unwrap()).unwrap();
    assert_eq!(moved_until - until, Duration::days(2));

    // An appeal against the award with a request for interim measures keeps the award from
    // becoming final even after the standstill (art. 18 c.4), until the court decides on it.
    let today = clock.today();
    let appeal: Value = app
        .post_json(
            &format!("/api/v1/calls/{call_id}/appeals"),
            Some(&officer),
            &json!({"kind": "appeal", "ground": "award", "phase_id": finals,
                    "court": "TAR Emilia-Romagna, Bologna", "filed_on": today,
                    "text": "Ricorso avverso l'aggiudicazione.", "interim_requested": true}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(appeal["holds_award"], true, "{appeal}");
    clock.advance(Duration::days(40));
    let officer = app.token(&accounts.officer).await;
    let conclude = format!("/api/v1/calls/{call_id}/conclude");
    let held = app.post_json(&conclude, Some(&officer), &json!({})).await;
    assert_eq!(held.status(), 409);
    let held: Value = held.json().await.unwrap();
    assert_eq!(held["error"], "held_by_appeal");
    let held_results: Value = app
        .get_json(&format!("/api/v1/phases/{finals}/results"), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(held_results["award_held"], true);
    let refused = app
        .post_json(
            &format!("/api/v1/challenges/{}/interim", appeal["id"].as_str().unwrap()),
            Some(&officer),
            &json!({"granted": false, "decided_on": clock.today(), "text": "Istanza cautelare respinta."}),
        )
        .await;
    assert_eq!(refused.status(), 200);
    let concluded = app.post_json(&conclude, Some(&officer), &json!({})).await;
    assert_eq!(concluded.status(), 200, "{:?}", concluded.text().await);
}
