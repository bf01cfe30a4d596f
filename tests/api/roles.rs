//! Every route against every role: each answers 401 to a visitor who is not signed in and 403
//! (or 404 where even the existence of a draft or a sealed proposal is private) to roles it does
//! not serve; public records and open data answer everyone alike.

use std::collections::HashMap;

use serde_json::{Value, json};

use crate::helpers::{Browser, csrf_in, pcp_call, spawn_app_with};

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
enum Who {
    Anonymous,
    Admin,
    Officer,
    OtherOfficer,
    Evaluator,
    Supplier,
}

// The role a route serves goes last, so that its changes do not alter what the others see.
const EVERYONE: [Who; 6] = [
    Who::Anonymous,
    Who::Admin,
    Who::OtherOfficer,
    Who::Evaluator,
    Who::Supplier,
    Who::Officer,
];

enum Body {
    None,
    Json(Value),
    Form(Vec<(&'static str, String)>),
    Multipart,
    Proposal,
    Addendum,
}

struct Case {
    method: &'static str,
    path: String,
    body: Body,
    /// Who the route serves, with the status they get.
    served: Vec<(Who, u16)>,
    /// Roles refused with 404 instead of 403.
    hidden_from: Vec<Who>,
}

fn case(
    method: &'static str,
    path: String,
    body: Body,
    served: &[(Who, u16)],
    hidden_from: &[Who],
) -> Case {
    Case {
        method,
        path,
        body,
        served: served.to_vec(),
        hidden_from: hidden_from.to_vec(),
    }
}

/// A public route: every role, signed in or not, gets the same status.
fn everyone(status: u16) -> Vec<(Who, u16)> {
    EVERYONE.iter().map(|who| (*who, status)).collect()
}

#[tokio::test]
async fn every_route_refuses_the_roles_it_does_not_serve() {
    // Many sign-ins from one address: lift the login rate limit for this test.
    let app = spawn_app_with(|s| s.login_burst = 100).await;
    let accounts = app.seed_accounts().await;
    let officer_token = app.token(&accounts.officer).await;
    let draft = app
        .create_call(&officer_token, &pcp_call("PCP-DRAFT"))
        .await;
    let published = app.create_call(&officer_token, &pcp_call("PCP-PUB")).await;
    let other_draft = app
        .create_call(&officer_token, &pcp_call("PCP-DRAFT-2"))
        .await;
    let (open_call, open_phase) =
        crate::helpers::publish(&app, &officer_token, &pcp_call("PCP-OPEN")).await;
    let supplier_token = app.token(&accounts.supplier).await;
    let proposal: Value = crate::helpers::submit(
        &app,
        &supplier_token,
        &open_phase,
        crate::helpers::proposal_form(b"%PDF", 100),
    )
    .await
    .json()
    .await
    .unwrap();
    let proposal = proposal["proposal_id"].as_str().unwrap().to_string();
    let mut questions = Vec::new();
    for q in ["Prima domanda?", "Seconda domanda?"] {
        let res = app
            .post_json(
                &format!("/api/v1/calls/{open_call}/clarifications"),
                Some(&supplier_token),
                &json!({"question": q}),
            )
            .await;
        questions.push(
            res.json::<Value>().await.unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string(),
        );
    }
    let org = accounts.organisation_id.clone();
    app.post_json(
        &format!("/api/v1/calls/{published}/publish"),
        Some(&officer_token),
        &json!({}),
    )
    .await;

    let emails = HashMap::from([
        (Who::Admin, accounts.admin.clone()),
        (Who::Officer, accounts.officer.clone()),
        (Who::OtherOfficer, accounts.other_officer.clone()),
        (Who::Evaluator, accounts.evaluator.clone()),
        (Who::Supplier, accounts.supplier.clone()),
    ]);
    let mut tokens = HashMap::new();
    let mut browsers: HashMap<Who, (Browser, String)> = HashMap::new();
    for who in EVERYONE {
        let email = emails.get(&who).map(String::as_str);
        if let Some(email) = email {
            tokens.insert(who, app.token(email).await);
        }
        let browser = app.browser(email).await;
        let csrf = csrf_in(&browser.page("/login").await.1).unwrap();
        browsers.insert(who, (browser, csrf));
    }

    use Who::*;
    let officers_200 = [(Officer, 200)];
    let new_user = json!({"email": "x@test.it", "password": "ruota-fienile-arancio", "role": "evaluator", "display_name": "X"});
    let new_authority =
        json!({"name": "Ente", "fiscal_code": "80062590379", "address": "Via Roma 1"});
    let officers = [(Officer, 200), (OtherOfficer, 200)];
    // A sealed proposal does not exist for anyone but its organisation.
    let sealed = [Admin, Officer, OtherOfficer, Evaluator];
    // Changes happen in this order: the draft is edited, given a document, published and
    // cancelled; concluding the published call is refused. Later cases see those states.
    let cases = vec![
        // JSON API
        case(
            "GET",
            "/api/v1/me".into(),
            Body::None,
            &[
                (Admin, 200),
                (Officer, 200),
                (OtherOfficer, 200),
                (Evaluator, 200),
                (Supplier, 200),
            ],
            &[],
        ),
        case(
            "DELETE",
            "/api/v1/session".into(),
            Body::None,
            &[
                (Admin, 204),
                (Officer, 204),
                (OtherOfficer, 204),
                (Evaluator, 204),
                (Supplier, 204),
            ],
            &[],
        ),
        case(
            "POST",
            "/api/v1/calls".into(),
            Body::Json(json!({"procedure": "pcp", "reference": "R", "title": "T"})),
            &[(Officer, 201), (OtherOfficer, 201)],
            &[],
        ),
        case(
            "PUT",
            format!("/api/v1/calls/{draft}"),
            Body::Json(pcp_call("PCP-DRAFT")),
            &officers_200,
            &[OtherOfficer],
        ),
        case(
            "POST",
            format!("/api/v1/calls/{draft}/documents"),
            Body::Multipart,
            &[(Officer, 201)],
            &[OtherOfficer],
        ),
        // Its officer reaches the rule, which refuses: no phase has an outcome yet.
        case(
            "POST",
            format!("/api/v1/calls/{published}/conclude"),
            Body::None,
            &[(Officer, 409)],
            &[],
        ),
        case(
            "POST",
            format!("/api/v1/calls/{draft}/publish"),
            Body::None,
            &officers_200,
            &[OtherOfficer],
        ),
        case(
            "POST",
            format!("/api/v1/calls/{draft}/cancel"),
            Body::Json(json!({"reason": "r"})),
            &officers_200,
            &[],
        ),
        case(
            "POST",
            "/api/v1/authorities".into(),
            Body::Json(new_authority),
            &[(Admin, 409)],
            &[],
        ),
        case(
            "PUT",
            format!("/api/v1/authorities/{}/profile", accounts.authority_id),
            Body::Json(crate::eforms::profile()),
            &[(Admin, 200)],
            &[],
        ),
        case(
            "POST",
            "/api/v1/users".into(),
            Body::Json(new_user),
            &[(Admin, 201)],
            &[],
        ),
        case(
            "GET",
            "/api/v1/audit/verify".into(),
            Body::None,
            &[(Admin, 200)],
            &[],
        ),
        case(
            "GET",
            "/api/v1/organisations".into(),
            Body::None,
            &[(Admin, 200), (Officer, 200), (OtherOfficer, 200)],
            &[],
        ),
        case(
            "GET",
            format!("/api/v1/organisations/{org}"),
            Body::None,
            &[
                (Admin, 200),
                (Officer, 200),
                (OtherOfficer, 200),
                (Supplier, 200),
            ],
            &[],
        ),
        case(
            "POST",
            format!("/api/v1/organisations/{org}/invitations"),
            Body::Json(json!({"email": "c@test.it", "display_name": "C"})),
            &[(Supplier, 201)],
            &[],
        ),
        case(
            "POST",
            "/api/v1/invitations/not-a-link".into(),
            Body::Json(json!({"password": "ruota-fienile-arancio"})),
            &everyone(422),
            &[],
        ),
        case(
            "POST",
            format!("/api/v1/phases/{open_phase}/proposals"),
            Body::Proposal,
            &[(Supplier, 201)],
            &[],
        ),
        case(
            "GET",
            "/api/v1/proposals".into(),
            Body::None,
            &[(Supplier, 200)],
            &[],
        ),
        case(
            "POST",
            format!("/api/v1/calls/{open_call}/clarifications"),
            Body::Json(json!({"question": "?"})),
            &[(Supplier, 201)],
            &[],
        ),
        case(
            "POST",
            format!("/api/v1/clarifications/{}/answer", questions[0]),
            Body::Json(json!({"answer": "Sì"})),
            &[(Officer, 204)],
            &[],
        ),
        case(
            "POST",
            format!("/api/v1/calls/{open_call}/addenda"),
            Body::Addendum,
            &[(Officer, 201)],
            &[],
        ),
        case(
            "POST",
            format!("/api/v1/proposals/{proposal}/withdraw"),
            Body::None,
            &[(Supplier, 409)],
            &[],
        ),
        // Evaluation, before the deadline: the committee's routes refuse everyone who does not
        // sit on it, the officer's are refused by the state of the phase.
        case(
            "GET",
            "/api/v1/evaluators".into(),
            Body::None,
            &officers,
            &[],
        ),
        case(
            "POST",
            format!("/api/v1/phases/{open_phase}/committee"),
            Body::Json(json!({"members": [], "chair": ""})),
            &[(Officer, 422)],
            &[],
        ),
        case(
            "POST",
            format!("/api/v1/phases/{open_phase}/committee/replacements"),
            Body::Json(json!({"user_id": "nobody"})),
            &[(Officer, 409)],
            &[],
        ),
        case(
            "POST",
            format!("/api/v1/phases/{open_phase}/open"),
            Body::None,
            &[(Officer, 422)],
            &[],
        ),
        case(
            "POST",
            format!("/api/v1/phases/{open_phase}/declaration"),
            Body::Json(json!({"conflict": false, "statement": "Nessun conflitto."})),
            &[],
            &[],
        ),
        case(
            "PUT",
            format!("/api/v1/phases/{open_phase}/proposals/{proposal}/scores"),
            Body::Json(json!({"scores": []})),
            &[],
            &[],
        ),
        case(
            "POST",
            format!("/api/v1/phases/{open_phase}/scores/submit"),
            Body::None,
            &[],
            &[],
        ),
        case(
            "POST",
            format!("/api/v1/phases/{open_phase}/proposals/{proposal}/consensus"),
            Body::Json(json!({"scores": []})),
            &[],
            &[],
        ),
        case(
            "POST",
            format!("/api/v1/phases/{open_phase}/decision"),
            Body::Json(json!({"text": "Determina"})),
            &[(Officer, 409)],
            &[],
        ),
        case(
            "GET",
            format!("/officer/phases/{open_phase}"),
            Body::None,
            &officers_200,
            &[],
        ),
        case(
            "GET",
            "/evaluator".into(),
            Body::None,
            &[(Evaluator, 200)],
            &[],
        ),
        // The board answers the authority's officer under either address.
        case(
            "GET",
            format!("/evaluator/phases/{open_phase}"),
            Body::None,
            &officers_200,
            &[],
        ),
        // Records: a receipt is its organisation's; nothing else exists before an outcome.
        case(
            "GET",
            format!("/api/v1/proposals/{proposal}/receipt.pdf"),
            Body::None,
            &[(Supplier, 200)],
            &sealed,
        ),
        case(
            "GET",
            format!("/supplier/proposals/{proposal}/receipt.pdf"),
            Body::None,
            &[(Supplier, 200)],
            &sealed,
        ),
        case(
            "GET",
            "/invitations/not-a-link".into(),
            Body::None,
            &everyone(404),
            &[],
        ),
        case(
            "GET",
            format!("/phases/{open_phase}/minutes/evaluation.pdf"),
            Body::None,
            &everyone(404),
            &[],
        ),
        case(
            "GET",
            format!("/phases/{open_phase}/outcome.pdf"),
            Body::None,
            &everyone(404),
            &[],
        ),
        case(
            "GET",
            format!("/phases/{open_phase}/results.csv"),
            Body::None,
            &everyone(404),
            &[],
        ),
        case(
            "GET",
            format!("/api/v1/phases/{open_phase}/results"),
            Body::None,
            &everyone(404),
            &[],
        ),
        case(
            "GET",
            format!("/calls/{open_call}/report.pdf"),
            Body::None,
            &everyone(404),
            &[],
        ),
        case(
            "GET",
            format!("/verify/{}", "0".repeat(64)),
            Body::None,
            &everyone(404),
            &[],
        ),
        // Open data: public calls to everyone, drafts to nobody, not even their officer.
        case(
            "GET",
            format!("/ocds/releases/{open_call}"),
            Body::None,
            &everyone(200),
            &[],
        ),
        case(
            "GET",
            format!("/ocds/records/{other_draft}"),
            Body::None,
            &everyone(404),
            &[],
        ),
        case(
            "GET",
            "/ocds/records".into(),
            Body::None,
            &everyone(200),
            &[],
        ),
        // Pages
        case(
            "GET",
            "/supplier".into(),
            Body::None,
            &[(Supplier, 200)],
            &[],
        ),
        case(
            "GET",
            format!("/supplier/phases/{open_phase}/submit"),
            Body::None,
            &[(Supplier, 200)],
            &[],
        ),
        case(
            "POST",
            format!("/supplier/phases/{open_phase}/submit"),
            Body::Proposal,
            &[(Supplier, 303)],
            &[],
        ),
        case(
            "POST",
            "/supplier/colleagues".into(),
            Body::Form(vec![]),
            &[(Supplier, 422)],
            &[],
        ),
        case(
            "POST",
            format!("/calls/{open_call}/questions"),
            Body::Form(vec![("question", "Terza?".into())]),
            &[(Supplier, 303)],
            &[],
        ),
        case(
            "POST",
            format!("/officer/clarifications/{}/answer", questions[1]),
            Body::Form(vec![("answer", "No".into())]),
            &[(Officer, 303)],
            &[],
        ),
        case(
            "POST",
            format!("/officer/calls/{open_call}/addenda"),
            Body::Addendum,
            &[(Officer, 303)],
            &[],
        ),
        case("GET", "/officer".into(), Body::None, &officers, &[]),
        case(
            "GET",
            "/officer/calls/new".into(),
            Body::None,
            &officers,
            &[],
        ),
        case(
            "POST",
            "/officer/calls".into(),
            Body::Form(vec![]),
            &[(Officer, 422), (OtherOfficer, 422)],
            &[],
        ),
        case(
            "GET",
            format!("/officer/calls/{other_draft}/edit"),
            Body::None,
            &officers_200,
            &[OtherOfficer],
        ),
        case(
            "GET",
            format!("/officer/calls/{published}/edit"),
            Body::None,
            &officers_200,
            &[],
        ),
        case(
            "POST",
            format!("/officer/calls/{other_draft}"),
            Body::Form(vec![("action", "add_criterion:0".into())]),
            &officers_200,
            &[OtherOfficer],
        ),
        case(
            "POST",
            format!("/officer/calls/{published}"),
            Body::Form(vec![]),
            &[(Officer, 409)],
            &[],
        ),
        case(
            "POST",
            format!("/officer/calls/{other_draft}/documents"),
            Body::Multipart,
            &[(Officer, 303)],
            &[OtherOfficer],
        ),
        case(
            "POST",
            format!("/officer/calls/{published}/documents"),
            Body::Multipart,
            &[(Officer, 409)],
            &[],
        ),
        case(
            "POST",
            format!("/officer/calls/{other_draft}/documents/none/delete"),
            Body::Form(vec![]),
            &[(Officer, 404)],
            &[OtherOfficer],
        ),
        // Not concluded (no outcome), so its officer cancels it with a reason.
        case(
            "POST",
            format!("/officer/calls/{published}/cancel"),
            Body::Form(vec![
                ("reason", "Revoca".into()),
                ("confirmed", "yes".into()),
            ]),
            &[(Officer, 303)],
            &[],
        ),
        case(
            "POST",
            format!("/officer/calls/{other_draft}/conclude"),
            Body::Form(vec![]),
            &[(Officer, 409)],
            &[OtherOfficer],
        ),
        case(
            "POST",
            format!("/officer/calls/{other_draft}/cancel"),
            Body::Form(vec![
                ("reason", "Revoca".into()),
                ("confirmed", "yes".into()),
            ]),
            &[(Officer, 303)],
            &[OtherOfficer],
        ),
    ];
    // Roles whose sessions the DELETE /api/v1/session case ends are signed in again afterwards.
    let mut failures = Vec::new();
    for c in &cases {
        for who in EVERYONE {
            let expected = match c.served.iter().find(|(w, _)| *w == who) {
                Some((_, status)) => *status,
                None if who == Anonymous => 401,
                None if c.hidden_from.contains(&who) => 404,
                None => 403,
            };
            let is_api = c.path.starts_with("/api/");
            let url = app.url(&c.path);
            let (browser, csrf) = &browsers[&who];
            let client = if is_api { &app.api } else { &browser.client };
            let mut req = match c.method {
                "GET" => client.get(&url),
                "PUT" => client.put(&url),
                "DELETE" => client.delete(&url),
                _ => client.post(&url),
            };
            if is_api && let Some(token) = tokens.get(&who) {
                req = req.bearer_auth(token);
            }
            req = match &c.body {
                Body::None => req,
                Body::Json(v) => req.json(v),
                Body::Form(fields) => {
                    let mut fields: Vec<(&str, String)> = fields.clone();
                    fields.push(("csrf", csrf.clone()));
                    req.form(&fields)
                }
                Body::Proposal | Body::Addendum | Body::Multipart => {
                    // A page's form begins with its token; the API signs in by bearer token.
                    let form = if is_api {
                        reqwest::multipart::Form::new()
                    } else {
                        crate::helpers::page_form(csrf)
                    };
                    let form = match c.body {
                        Body::Proposal => crate::helpers::proposal_parts(form, b"%PDF", 100),
                        Body::Addendum => form.text("body", "Rettifica"),
                        _ => form.text("title", "Allegato").part(
                            "file",
                            reqwest::multipart::Part::bytes(b"%PDF-1.4".to_vec())
                                .file_name("a.pdf"),
                        ),
                    };
                    req.multipart(form)
                }
            };
            let status = req.send().await.unwrap().status().as_u16();
            if status != expected {
                failures.push(format!(
                    "{} {} as {who:?}: got {status}, expected {expected}",
                    c.method, c.path
                ));
            }
        }
        if c.method == "DELETE" {
            for (who, email) in &emails {
                tokens.insert(*who, app.token(email).await);
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
