//! HTTP: thin handlers grouped by journey. They parse input, ask `domain` what may happen,
//! let `db` apply it in one transaction, and hand plain data to a view.

pub mod addenda;
pub mod api;
pub mod auth;
mod board_confirm;
mod board_messages;
pub mod call_documents;
pub mod call_filter;
pub mod call_form;
pub mod call_lifecycle;
mod call_page;
mod challenge_files;
mod challenge_pages;
mod communications;
mod confirm;
mod contract_pages;
mod contract_present;
pub mod contracts;
pub mod ctx;
mod declaration_pages;
mod dialogue_files;
mod dialogue_pages;
mod disposition;
pub(crate) mod done;
pub mod eforms;
pub mod evaluator;
pub mod evaluator_home;
pub mod fields;
mod invitations;
pub mod middleware;
mod notification_pages;
pub mod officer;
pub mod officer_home;
pub mod open_data;
pub mod present;
mod price_check;
pub mod proposal_pages;
pub mod public;
pub mod records;
pub mod registration;
pub(crate) mod results_csv;
pub mod scoring;
pub mod submission;
pub mod supplier;
pub mod upload;

use std::sync::Arc;

use actix_web::web;
use chrono::{DateTime, Utc};

use crate::config::Settings;
use crate::db::{DbConnection, Pool};
use crate::error::AppError;
use crate::storage::BlobStore;

/// Where a form post goes next: 303, so the browser follows with a GET.
pub fn see_other(location: &str) -> actix_web::HttpResponse {
    actix_web::HttpResponse::SeeOther()
        .insert_header(("Location", location))
        .finish()
}

/// A submitted form value by name, or empty.
pub fn field<'a>(pairs: &'a [(String, String)], name: &str) -> &'a str {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or("")
}

/// A form that carries only its CSRF token.
#[derive(serde::Deserialize)]
pub struct CsrfForm {
    pub csrf: String,
}

pub type Clock = Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>;

#[derive(Clone)]
pub struct AppState {
    pub pool: Pool,
    pub settings: Arc<Settings>,
    pub blobs: BlobStore,
    pub clock: Clock,
    /// One permit per pooled connection: requests wait for the database here, asynchronously,
    /// instead of each holding a blocking thread while it waits for a connection.
    pub db_permits: Arc<tokio::sync::Semaphore>,
    /// SQLite only: writes on the hot path are committed in groups (see `db::group_commit`).
    pub writer: Option<crate::db::group_commit::GroupCommitter>,
    pub upload_slots: middleware::UploadSlots,
    /// Sends the outbox of communications by e-mail, when SMTP is configured.
    pub mailer: Option<Arc<crate::service::communications::Mailer>>,
    /// The reminder job (its thread runs while this is held).
    pub reminders: Arc<crate::service::notifications::Reminders>,
}

impl AppState {
    /// The server's clock, at the precision both databases keep.
    pub fn now(&self) -> DateTime<Utc> {
        crate::domain::time::truncate_to_micros((self.clock)())
    }

    /// Runs a write in the next group commit (SQLite), or as `db` does (PostgreSQL, which
    /// commits concurrent transactions together by itself).
    pub async fn write<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConnection) -> Result<T, AppError> + Send + 'static,
    {
        match &self.writer {
            Some(writer) => writer.write(f).await,
            None => self.db(f).await,
        }
    }

    /// Releases the files of a finished write; when it failed, removes those that no other row
    /// refers to. Failure to remove is only logged: `pcp-desk gc` finds the file later.
    pub async fn settle_files<T>(
        &self,
        promoted: crate::storage::Promoted,
        write: &Result<T, AppError>,
    ) {
        let hashes = promoted.hashes();
        drop(promoted);
        if write.is_err() {
            self.collect_files(hashes).await;
        }
    }

    /// Removes those of `hashes` that no row refers to any more (after a row was deleted).
    pub async fn collect_files(&self, hashes: Vec<String>) {
        let (blobs, now) = (self.blobs.clone(), self.now());
        let collected = self
            .db(move |conn| {
                let found = crate::service::blobs::collect_orphans(
                    conn,
                    &blobs,
                    Some(&hashes),
                    std::time::Duration::ZERO,
                    false,
                    now,
                )?;
                Ok(found)
            })
            .await;
        if let Err(e) = collected {
            tracing::warn!(error = %e, "could not remove unreferenced files; `pcp-desk gc` will");
        }
    }

    /// Runs blocking database work off the async workers.
    pub async fn db<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConnection) -> Result<T, AppError> + Send + 'static,
    {
        let _permit = self
            .db_permits
            .acquire()
            .await
            .map_err(|e| AppError::Unexpected(e.into()))?;
        let pool = self.pool.clone();
        web::block(move || {
            let mut conn = pool.get()?;
            f(&mut conn)
        })
        .await?
    }
}

pub fn routes(
    cfg: &mut web::ServiceConfig,
    login_limit: &actix_governor::GovernorConfig<
        actix_governor::PeerIpKeyExtractor,
        actix_governor::governor::middleware::NoOpMiddleware<
            actix_governor::governor::clock::QuantaInstant,
        >,
    >,
) {
    cfg.route("/health", web::get().to(public::health))
        .route("/static/site.css", web::get().to(public::stylesheet))
        .route("/static/app.js", web::get().to(public::script))
        .route("/", web::get().to(public::home))
        .route("/calls", web::get().to(public::list_calls))
        .route("/calls/{id}", web::get().to(call_page::show_call))
        .route(
            "/calls/{id}/documents/{doc}",
            web::get().to(public::download_document),
        )
        .route("/lang/{code}", web::get().to(public::switch_language))
        .route("/login", web::get().to(auth::login_page))
        .service(
            web::resource("/login")
                .wrap(actix_governor::Governor::new(login_limit))
                .route(web::post().to(auth::login)),
        )
        .route("/logout", web::post().to(auth::logout))
        .route("/officer", web::get().to(officer_home::home))
        .route("/officer/calls/new", web::get().to(officer::new_call_page))
        .route("/officer/calls", web::post().to(officer::create_call))
        .route(
            "/officer/calls/{id}/edit",
            web::get().to(officer::edit_call_page),
        )
        .route("/officer/calls/{id}", web::post().to(officer::update_call))
        .route(
            "/officer/calls/{id}/documents",
            web::post().to(call_documents::upload_document),
        )
        .route(
            "/officer/calls/{id}/documents/{doc}/delete",
            web::post().to(call_documents::delete_document),
        )
        .route(
            "/officer/calls/{id}/cancel",
            web::post().to(call_lifecycle::cancel_call),
        )
        .route(
            "/officer/calls/{id}/conclude",
            web::post().to(call_lifecycle::conclude_call),
        )
        .route(
            "/officer/calls/{id}/addenda",
            web::post().to(addenda::publish_addendum),
        )
        .route(
            "/officer/clarifications/{id}/answer",
            web::post().to(addenda::answer_question),
        )
        .route(
            "/calls/{id}/questions",
            web::post().to(supplier::ask_question),
        )
        .route("/register", web::get().to(registration::registration_form))
        .route("/register", web::post().to(registration::register))
        .route(
            "/invitations/{token}",
            web::get().to(invitations::invitation_page),
        )
        .route("/invitations/{token}", web::post().to(invitations::accept))
        .route("/supplier", web::get().to(supplier::home))
        .route(
            "/supplier/communications",
            web::get().to(communications::inbox),
        )
        .route("/communications/{id}", web::get().to(communications::open))
        .route(
            "/officer/calls/{id}/communications",
            web::get().to(communications::of_call),
        )
        .route(
            "/account/notifications",
            web::get().to(notification_pages::show),
        )
        .route(
            "/account/notifications",
            web::post().to(notification_pages::save),
        )
        .route(
            "/proposals/{id}/declaration",
            web::get().to(declaration_pages::show),
        )
        .route(
            "/proposals/{id}/declaration",
            web::post().to(declaration_pages::save),
        )
        .route(
            "/proposals/{id}/selection-check",
            web::post().to(declaration_pages::record_check),
        )
        .route("/calls/{id}/dialogue", web::get().to(dialogue_pages::list))
        .route(
            "/calls/{id}/dialogue/{organisation_id}",
            web::get().to(dialogue_pages::show),
        )
        .route(
            "/calls/{id}/dialogue/{organisation_id}/messages",
            web::post().to(dialogue_pages::forms::post_message),
        )
        .route(
            "/calls/{id}/dialogue/{organisation_id}/sessions",
            web::post().to(dialogue_pages::forms::schedule),
        )
        .route(
            "/calls/{id}/dialogue/{organisation_id}/consents",
            web::post().to(dialogue_pages::forms::ask_consent),
        )
        .route(
            "/officer/calls/{id}/dialogue/conclude",
            web::post().to(dialogue_pages::forms::conclude),
        )
        .route(
            "/dialogue-sessions/{id}/minutes",
            web::post().to(dialogue_pages::forms::minutes),
        )
        .route(
            "/dialogue-sessions/{id}/approve",
            web::post().to(dialogue_pages::forms::approve),
        )
        .route(
            "/dialogue-sessions/{id}/changes",
            web::post().to(dialogue_pages::forms::changes),
        )
        .route(
            "/dialogue-sessions/{id}/minutes.pdf",
            web::get().to(records::session_minutes_pdf),
        )
        .route(
            "/dialogue-consents/{id}/answer",
            web::post().to(dialogue_pages::forms::answer_consent),
        )
        .route(
            "/dialogue-files/{id}",
            web::get().to(dialogue_files::download),
        )
        .route(
            "/calls/{id}/challenges",
            web::get().to(challenge_pages::show),
        )
        .route(
            "/calls/{id}/complaints",
            web::post().to(challenge_pages::file_complaint),
        )
        .route(
            "/officer/calls/{id}/appeals",
            web::post().to(challenge_pages::record_appeal),
        )
        .route(
            "/challenges/{id}/files",
            web::post().to(challenge_pages::add_file),
        )
        .route(
            "/challenge-files/{id}",
            web::get().to(challenge_files::download),
        )
        .route(
            "/officer/challenges/{id}/answer",
            web::post().to(challenge_pages::answer),
        )
        .route(
            "/officer/challenges/{id}/interim",
            web::post().to(challenge_pages::interim),
        )
        .route(
            "/supplier/contracts",
            web::get().to(contract_pages::my_contracts),
        )
        .route(
            "/supplier/deliverables/{id}/submissions",
            web::post().to(contract_pages::hand_in),
        )
        .route(
            "/contracts/{id}",
            web::get().to(contract_pages::contract_page),
        )
        .route(
            "/contracts/{id}/contract.pdf",
            web::get().to(records::contract_pdf),
        )
        .route(
            "/frameworks/{id}/agreement.pdf",
            web::get().to(records::framework_pdf),
        )
        .route(
            "/deliverable-files/{id}",
            web::get().to(contracts::download),
        )
        .route(
            "/officer/contracts/{id}/schedule",
            web::post().to(contract_pages::save_schedule),
        )
        .route(
            "/officer/contracts/{id}/sign",
            web::post().to(contract_pages::sign),
        )
        .route(
            "/officer/contracts/{id}/terminate",
            web::post().to(contract_pages::terminate),
        )
        .route(
            "/officer/frameworks/{id}/sign",
            web::post().to(contract_pages::sign_framework),
        )
        .route(
            "/officer/deliverables/{id}/review",
            web::post().to(contract_pages::review),
        )
        .route(
            "/officer/deliverables/{id}/payments",
            web::post().to(contract_pages::pay),
        )
        .route(
            "/supplier/colleagues",
            web::post().to(supplier::invite_colleague),
        )
        .route(
            "/supplier/phases/{id}/submit",
            web::get().to(proposal_pages::submit_form),
        )
        .route(
            "/supplier/phases/{id}/submit",
            web::post().to(proposal_pages::submit),
        )
        .route(
            "/supplier/proposals/{id}",
            web::get().to(proposal_pages::receipt),
        )
        .route(
            "/supplier/proposals/{id}/withdraw",
            web::post().to(proposal_pages::withdraw),
        )
        .route(
            "/supplier/proposals/{id}/confirm",
            web::post().to(proposal_pages::confirm),
        )
        .route(
            "/supplier/proposals/{id}/files/{file}",
            web::get().to(proposal_pages::download_file),
        );
    cfg.route(
        "/phases/{id}/minutes/opening.pdf",
        web::get().to(records::opening_minutes_pdf),
    );
    cfg.route(
        "/phases/{id}/minutes/evaluation.pdf",
        web::get().to(records::evaluation_minutes_pdf),
    )
    .route(
        "/phases/{id}/outcome.pdf",
        web::get().to(records::outcome_pdf),
    );
    cfg.route(
        "/phases/{id}/results.csv",
        web::get().to(results_csv::results_csv),
    );
    cfg.route("/calls/{id}/report.pdf", web::get().to(records::report_pdf));
    cfg.route("/ocds/releases", web::get().to(open_data::all_releases))
        .route("/ocds/records", web::get().to(open_data::all_records))
        .route(
            "/ocds/releases/{call}",
            web::get().to(open_data::call_releases),
        )
        .route(
            "/ocds/records/{call}",
            web::get().to(open_data::call_record),
        )
        .route(
            "/eforms/{call}/{notice}.xml",
            web::get().to(eforms::notice_xml),
        );
    cfg.route("/verify", web::get().to(records::verify_form))
        .route("/verify/{hash}", web::get().to(records::verify_page))
        .route(
            "/supplier/proposals/{id}/receipt.pdf",
            web::get().to(records::receipt_pdf),
        );
    cfg.route("/evaluator", web::get().to(evaluator_home::home))
        .route("/evaluator/phases/{id}", web::get().to(evaluator::board))
        .route("/officer/phases/{id}", web::get().to(evaluator::board))
        .route(
            "/evaluator/phases/{id}/declaration",
            web::post().to(evaluator::declare),
        )
        .route(
            "/evaluator/phases/{id}/submit",
            web::post().to(evaluator::submit),
        )
        .route(
            "/evaluator/phases/{id}/proposals/{proposal}",
            web::get().to(scoring::scoring_form),
        )
        .route(
            "/evaluator/phases/{id}/proposals/{proposal}",
            web::post().to(scoring::save_scores),
        )
        .route(
            "/evaluator/phases/{id}/proposals/{proposal}/consensus",
            web::post().to(evaluator::consensus),
        )
        .route(
            "/evaluator/proposals/{id}/files/{file}",
            web::get().to(proposal_pages::download_file),
        )
        .route("/phases/{id}/open", web::post().to(evaluator::open))
        .route(
            "/officer/phases/{id}/committee",
            web::post().to(evaluator::appoint),
        )
        .route(
            "/officer/phases/{id}/replacement",
            web::post().to(evaluator::replace),
        )
        .route(
            "/officer/phases/{id}/proposals/{proposal}/price-verification",
            web::post().to(price_check::record),
        )
        .route(
            "/officer/phases/{id}/decision",
            web::post().to(evaluator::decide),
        );
    api::routes(cfg, login_limit);
}
