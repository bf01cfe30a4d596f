//! The JSON API under `/api/v1`, described by OpenAPI (utoipa). Clients authenticate with the
//! bearer token from `POST /api/v1/session`.

pub mod admin;
pub mod board;
mod call_output;
pub mod calls;
pub mod challenges;
pub mod communications;
pub mod contracts;
pub mod dialogue;
pub mod evaluation;
pub mod json;
pub mod notifications;
pub mod organisations;
pub mod session;
pub mod suppliers;

use actix_web::web;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_swagger_ui::SwaggerUi;

use super::public;

#[derive(OpenApi)]
#[openapi(
    info(title = "PCP Desk API", description = "Pre-commercial procurement and competitive dialogue. \
        Times are UTC (RFC 3339); amounts are integer euro cents. Errors: \
        `{\"error\": code, \"message\": text, \"fields\": [{field, code, message}]}`; messages in Italian, \
        or English with `?lang=en`."),
    paths(
        session::create_session,
        session::delete_session,
        session::me,
        calls::list_calls,
        calls::get_call,
        calls::create_call,
        calls::update_call,
        calls::publish_call,
        calls::cancel_call,
        calls::conclude_call,
        calls::upload_document,
        crate::web::eforms::list_notices,
        admin::list_authorities,
        admin::set_authority_profile,
        admin::create_authority,
        admin::create_user,
        admin::verify_audit,
        organisations::register,
        organisations::list,
        organisations::get,
        organisations::invite,
        organisations::accept_invitation,
        suppliers::submit,
        suppliers::count,
        suppliers::mine,
        suppliers::receipt,
        suppliers::withdraw,
        suppliers::confirm,
        suppliers::clarifications,
        suppliers::ask,
        suppliers::answer,
        suppliers::addenda,
        suppliers::publish_addendum,
        evaluation::evaluators,
        evaluation::appoint,
        evaluation::replace,
        evaluation::declare,
        evaluation::open,
        evaluation::save_scores,
        evaluation::submit_scores,
        evaluation::consensus,
        evaluation::price_verification,
        evaluation::decide,
        evaluation::results,
        board::board,
        crate::web::records::verify_json,
        crate::web::records::receipt_pdf,
        crate::web::records::contract_pdf,
        crate::web::records::framework_pdf,
        crate::web::records::opening_minutes_pdf,
        crate::web::records::evaluation_minutes_pdf,
        crate::web::records::outcome_pdf,
        crate::web::records::report_pdf,
        crate::web::results_csv::results_csv,
        crate::web::public::download_document,
        suppliers::file,
        communications::inbox,
        communications::open,
        communications::of_call,
        contracts::call_contracts,
        contracts::budget,
        contracts::mine,
        contracts::get,
        contracts::save_draft,
        contracts::sign,
        contracts::sign_framework,
        contracts::terminate,
        contracts::deliver,
        contracts::review,
        contracts::pay,
        contracts::file,
        challenges::of_call,
        challenges::get,
        challenges::file_complaint,
        challenges::record_appeal,
        challenges::answer,
        challenges::interim,
        challenges::add_file,
        challenges::file,
        notifications::list,
        notifications::preferences,
        notifications::set_preferences,
        dialogue::channels,
        dialogue::channel,
        dialogue::post_message,
        dialogue::add_file,
        dialogue::file,
        dialogue::schedule,
        dialogue::write_minutes,
        dialogue::submit_minutes,
        dialogue::approve_minutes,
        dialogue::request_changes,
        crate::web::records::session_minutes_pdf,
        dialogue::request_consent,
        dialogue::answer_consent,
        dialogue::consents,
        dialogue::conclude,
        dialogue::save_declaration,
        dialogue::declaration,
        dialogue::record_selection_check,
        dialogue::selection_check,
    ),
    modifiers(&BearerAuth, &ErrorResponses),
    tags((name = "session"), (name = "calls"), (name = "suppliers"), (name = "proposals"), (name = "evaluation"), (name = "contracts"), (name = "communications"), (name = "challenges"), (name = "dialogue"), (name = "records"), (name = "admin"))
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The error answers every operation can give, with the one error body: declared once here
/// rather than on each path, so that no operation forgets one.
struct ErrorResponses;

impl Modify for ErrorResponses {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
        const ANY: [(&str, &str); 5] = [
            ("401", "Not signed in, or the session has expired"),
            ("403", "Signed in, but not allowed"),
            ("404", "Not found, or not visible to this reader"),
            (
                "422",
                "A path, query or body field is not valid; `fields` names each",
            ),
            (
                "429",
                "Too many sign-in attempts or uploads from this address",
            ),
        ];
        const CHANGES: [(&str, &str); 2] = [
            ("409", "Not allowed in the current state of the procedure"),
            ("413", "The body or a file is too large"),
        ];
        let error = || {
            ResponseBuilder::new().content(
                "application/json",
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name("ErrorBody")))
                    .build(),
            )
        };
        for item in openapi.paths.paths.values_mut() {
            let operations = [
                (&mut item.get, false),
                (&mut item.post, true),
                (&mut item.put, true),
                (&mut item.delete, true),
                (&mut item.patch, true),
            ];
            for (operation, changes) in operations {
                let Some(operation) = operation else { continue };
                let codes = ANY.iter().chain(if changes { &CHANGES[..] } else { &[] });
                for (code, description) in codes {
                    operation
                        .responses
                        .responses
                        .entry(code.to_string())
                        .or_insert_with(|| error().description(*description).build().into());
                }
            }
        }
    }
}

type LoginLimit = actix_governor::GovernorConfig<
    actix_governor::PeerIpKeyExtractor,
    actix_governor::governor::middleware::NoOpMiddleware<
        actix_governor::governor::clock::QuantaInstant,
    >,
>;

pub fn routes(cfg: &mut web::ServiceConfig, login_limit: &LoginLimit) {
    cfg.service(
        web::resource("/api/v1/session")
            .route(
                web::post()
                    .to(session::create_session)
                    .wrap(actix_governor::Governor::new(login_limit)),
            )
            .route(web::delete().to(session::delete_session)),
    )
    .route("/api/v1/me", web::get().to(session::me))
    .route("/api/v1/calls", web::get().to(calls::list_calls))
    .route("/api/v1/calls", web::post().to(calls::create_call))
    .route("/api/v1/calls/{id}", web::get().to(calls::get_call))
    .route("/api/v1/calls/{id}", web::put().to(calls::update_call))
    .route(
        "/api/v1/calls/{id}/eforms",
        web::get().to(crate::web::eforms::list_notices),
    )
    .route(
        "/api/v1/calls/{id}/publish",
        web::post().to(calls::publish_call),
    )
    .route(
        "/api/v1/calls/{id}/cancel",
        web::post().to(calls::cancel_call),
    )
    .route(
        "/api/v1/calls/{id}/conclude",
        web::post().to(calls::conclude_call),
    )
    .route(
        "/api/v1/calls/{id}/documents",
        web::post().to(calls::upload_document),
    )
    .route(
        "/api/v1/calls/{id}/documents/{doc}",
        web::get().to(public::download_document),
    )
    .route(
        "/api/v1/authorities",
        web::get().to(admin::list_authorities),
    )
    .route(
        "/api/v1/authorities",
        web::post().to(admin::create_authority),
    )
    .route(
        "/api/v1/authorities/{id}/profile",
        web::put().to(admin::set_authority_profile),
    )
    .route("/api/v1/users", web::post().to(admin::create_user))
    .route("/api/v1/audit/verify", web::get().to(admin::verify_audit))
    .service(
        web::resource("/api/v1/organisations")
            .route(
                web::post()
                    .to(organisations::register)
                    .wrap(actix_governor::Governor::new(login_limit)),
            )
            .route(web::get().to(organisations::list)),
    )
    .route(
        "/api/v1/organisations/{id}",
        web::get().to(organisations::get),
    )
    .route(
        "/api/v1/organisations/{id}/invitations",
        web::post().to(organisations::invite),
    )
    .route(
        "/api/v1/invitations/{token}",
        web::post().to(organisations::accept_invitation),
    )
    .route(
        "/api/v1/phases/{id}/proposals",
        web::post().to(suppliers::submit),
    )
    .route(
        "/api/v1/phases/{id}/proposals/count",
        web::get().to(suppliers::count),
    )
    .route("/api/v1/proposals", web::get().to(suppliers::mine))
    .route("/api/v1/proposals/{id}", web::get().to(suppliers::receipt))
    .route(
        "/api/v1/proposals/{id}/files/{file}",
        web::get().to(suppliers::file),
    )
    .route(
        "/api/v1/proposals/{id}/withdraw",
        web::post().to(suppliers::withdraw),
    )
    .route(
        "/api/v1/proposals/{id}/confirm",
        web::post().to(suppliers::confirm),
    )
    .route(
        "/api/v1/calls/{id}/clarifications",
        web::get().to(suppliers::clarifications),
    )
    .route(
        "/api/v1/calls/{id}/clarifications",
        web::post().to(suppliers::ask),
    )
    .route(
        "/api/v1/clarifications/{id}/answer",
        web::post().to(suppliers::answer),
    )
    .route(
        "/api/v1/calls/{id}/addenda",
        web::get().to(suppliers::addenda),
    )
    .route(
        "/api/v1/calls/{id}/addenda",
        web::post().to(suppliers::publish_addendum),
    )
    .route(
        "/api/v1/calls/{id}/contracts",
        web::get().to(contracts::call_contracts),
    )
    .route(
        "/api/v1/calls/{id}/budget",
        web::get().to(contracts::budget),
    )
    .route(
        "/api/v1/calls/{id}/communications",
        web::get().to(communications::of_call),
    )
    .route(
        "/api/v1/communications",
        web::get().to(communications::inbox),
    )
    .route(
        "/api/v1/communications/{id}",
        web::get().to(communications::open),
    )
    .route("/api/v1/contracts", web::get().to(contracts::mine))
    .route("/api/v1/contracts/{id}", web::get().to(contracts::get))
    .route(
        "/api/v1/contracts/{id}",
        web::put().to(contracts::save_draft),
    )
    .route(
        "/api/v1/contracts/{id}/sign",
        web::post().to(contracts::sign),
    )
    .route(
        "/api/v1/contracts/{id}/terminate",
        web::post().to(contracts::terminate),
    )
    .route(
        "/api/v1/frameworks/{id}/sign",
        web::post().to(contracts::sign_framework),
    )
    .route(
        "/api/v1/deliverables/{id}/submissions",
        web::post().to(contracts::deliver),
    )
    .route(
        "/api/v1/deliverables/{id}/review",
        web::post().to(contracts::review),
    )
    .route(
        "/api/v1/deliverables/{id}/payments",
        web::post().to(contracts::pay),
    )
    .route(
        "/api/v1/deliverable-files/{id}",
        web::get().to(contracts::file),
    )
    .route(
        "/api/v1/calls/{id}/challenges",
        web::get().to(challenges::of_call),
    )
    .route(
        "/api/v1/calls/{id}/complaints",
        web::post().to(challenges::file_complaint),
    )
    .route(
        "/api/v1/calls/{id}/appeals",
        web::post().to(challenges::record_appeal),
    )
    .route("/api/v1/challenges/{id}", web::get().to(challenges::get))
    .route(
        "/api/v1/challenges/{id}/files",
        web::post().to(challenges::add_file),
    )
    .route(
        "/api/v1/challenge-files/{id}",
        web::get().to(challenges::file),
    )
    .route(
        "/api/v1/calls/{id}/dialogue/channels",
        web::get().to(dialogue::channels),
    )
    .route(
        "/api/v1/calls/{id}/dialogue/channels/{organisation_id}",
        web::get().to(dialogue::channel),
    )
    .route(
        "/api/v1/calls/{id}/dialogue/channels/{organisation_id}/messages",
        web::post().to(dialogue::post_message),
    )
    .route(
        "/api/v1/calls/{id}/dialogue/channels/{organisation_id}/sessions",
        web::post().to(dialogue::schedule),
    )
    .route(
        "/api/v1/calls/{id}/dialogue/channels/{organisation_id}/consents",
        web::post().to(dialogue::request_consent),
    )
    .route(
        "/api/v1/calls/{id}/dialogue/consents",
        web::get().to(dialogue::consents),
    )
    .route(
        "/api/v1/calls/{id}/dialogue/conclude",
        web::post().to(dialogue::conclude),
    )
    .route(
        "/api/v1/dialogue-messages/{id}/files",
        web::post().to(dialogue::add_file),
    )
    .route("/api/v1/dialogue-files/{id}", web::get().to(dialogue::file))
    .route(
        "/api/v1/dialogue-sessions/{id}/minutes",
        web::put().to(dialogue::write_minutes),
    )
    .route(
        "/api/v1/dialogue-sessions/{id}/submit",
        web::post().to(dialogue::submit_minutes),
    )
    .route(
        "/api/v1/dialogue-sessions/{id}/approve",
        web::post().to(dialogue::approve_minutes),
    )
    .route(
        "/api/v1/dialogue-sessions/{id}/changes",
        web::post().to(dialogue::request_changes),
    )
    .route(
        "/api/v1/dialogue-sessions/{id}/minutes.pdf",
        web::get().to(crate::web::records::session_minutes_pdf),
    )
    .route(
        "/api/v1/dialogue-consents/{id}/answer",
        web::post().to(dialogue::answer_consent),
    )
    .route(
        "/api/v1/proposals/{id}/declaration",
        web::put().to(dialogue::save_declaration),
    )
    .route(
        "/api/v1/proposals/{id}/declaration",
        web::get().to(dialogue::declaration),
    )
    .route(
        "/api/v1/proposals/{id}/selection-check",
        web::put().to(dialogue::record_selection_check),
    )
    .route(
        "/api/v1/proposals/{id}/selection-check",
        web::get().to(dialogue::selection_check),
    )
    .route("/api/v1/notifications", web::get().to(notifications::list))
    .route(
        "/api/v1/notifications/preferences",
        web::get().to(notifications::preferences),
    )
    .route(
        "/api/v1/notifications/preferences",
        web::put().to(notifications::set_preferences),
    )
    .route(
        "/api/v1/challenges/{id}/answer",
        web::post().to(challenges::answer),
    )
    .route(
        "/api/v1/challenges/{id}/interim",
        web::post().to(challenges::interim),
    )
    .route("/api/v1/evaluators", web::get().to(evaluation::evaluators))
    .route("/api/v1/phases/{id}/board", web::get().to(board::board))
    .route(
        "/api/v1/phases/{id}/committee",
        web::post().to(evaluation::appoint),
    )
    .route(
        "/api/v1/phases/{id}/committee/replacements",
        web::post().to(evaluation::replace),
    )
    .route(
        "/api/v1/phases/{id}/declaration",
        web::post().to(evaluation::declare),
    )
    .route("/api/v1/phases/{id}/open", web::post().to(evaluation::open))
    .route(
        "/api/v1/phases/{id}/proposals/{proposal}/scores",
        web::put().to(evaluation::save_scores),
    )
    .route(
        "/api/v1/phases/{id}/scores/submit",
        web::post().to(evaluation::submit_scores),
    )
    .route(
        "/api/v1/phases/{id}/proposals/{proposal}/consensus",
        web::post().to(evaluation::consensus),
    )
    .route(
        "/api/v1/phases/{id}/proposals/{proposal}/price-verification",
        web::put().to(evaluation::price_verification),
    )
    .route(
        "/api/v1/phases/{id}/decision",
        web::post().to(evaluation::decide),
    )
    .route(
        "/api/v1/phases/{id}/results",
        web::get().to(evaluation::results),
    )
    .route(
        "/api/v1/verify/{hash}",
        web::get().to(crate::web::records::verify_json),
    )
    .route(
        "/api/v1/proposals/{id}/receipt.pdf",
        web::get().to(crate::web::records::receipt_pdf),
    )
    .route(
        "/api/v1/contracts/{id}/contract.pdf",
        web::get().to(crate::web::records::contract_pdf),
    )
    .route(
        "/api/v1/frameworks/{id}/agreement.pdf",
        web::get().to(crate::web::records::framework_pdf),
    )
    .route(
        "/api/v1/phases/{id}/minutes/opening.pdf",
        web::get().to(crate::web::records::opening_minutes_pdf),
    )
    .route(
        "/api/v1/phases/{id}/minutes/evaluation.pdf",
        web::get().to(crate::web::records::evaluation_minutes_pdf),
    )
    .route(
        "/api/v1/phases/{id}/outcome.pdf",
        web::get().to(crate::web::records::outcome_pdf),
    )
    .route(
        "/api/v1/phases/{id}/results.csv",
        web::get().to(crate::web::results_csv::results_csv),
    )
    .route(
        "/api/v1/calls/{id}/report.pdf",
        web::get().to(crate::web::records::report_pdf),
    )
    .service(SwaggerUi::new("/api/v1/docs/{_:.*}").url("/api/v1/openapi.json", ApiDoc::openapi()));
}
