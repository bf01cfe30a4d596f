//! Public records: PDF documents to download and the page that verifies them.

use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::{DateTime, Utc};

use super::AppState;
use super::ctx::Ctx;
use super::present;
use crate::db::DbConnection;
use crate::domain::access::Actor;
use crate::domain::lang::Lang;
use crate::error::AppError;
use crate::service::documents;
use crate::views::{self, Layout};

/// The address printed in documents and links: the configured public address, or the one
/// this request came to.
pub(super) fn public_base(req: &HttpRequest, state: &AppState) -> String {
    state.settings.public_url.clone().unwrap_or_else(|| {
        let info = req.connection_info();
        format!("{}://{}", info.scheme(), info.host())
    })
}

fn pdf_response(pdf: documents::IssuedPdf) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/pdf")
        .insert_header(super::disposition::attachment(&pdf.file_name))
        .insert_header(("X-Content-SHA256", pdf.sha256))
        .insert_header(("Cache-Control", "private, no-store"))
        .body(pdf.bytes)
}

/// Who asks, and how the document is to be issued: language, verification address, time.
struct IssueRequest {
    actor: Option<Actor>,
    lang: Lang,
    base: String,
    now: DateTime<Utc>,
}

/// Issues a document off the async workers and sends it.
async fn send_pdf<F>(
    req: &HttpRequest,
    ctx: &Ctx,
    state: &AppState,
    issue: F,
) -> Result<HttpResponse, AppError>
where
    F: FnOnce(&mut DbConnection, IssueRequest) -> Result<documents::IssuedPdf, AppError>
        + Send
        + 'static,
{
    let request = IssueRequest {
        actor: ctx.actor().cloned(),
        lang: ctx.lang,
        base: public_base(req, state),
        now: state.now(),
    };
    let pdf = state.db(move |conn| issue(conn, request)).await?;
    Ok(pdf_response(pdf))
}

/// The submission receipt as a PDF (`?lang=en` for English), for whoever may read the receipt.
#[utoipa::path(get, path = "/api/v1/proposals/{id}/receipt.pdf", tag = "records", security(("bearer" = [])), params(("id" = String, Path), ("lang" = Option<String>, Query, description = "it (default) or en")),
    responses((status = 200, description = "The submission receipt", content_type = "application/pdf"), (status = 404, description = "Not found, or not visible to this reader", body = crate::error::ErrorBody)))]
pub async fn receipt_pdf(
    req: HttpRequest,
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let actor = ctx.signed_in()?.clone();
    let id = path.into_inner();
    send_pdf(&req, &ctx, &state, move |conn, r| {
        documents::receipt_pdf(conn, &actor, &id, r.lang, &r.base, r.now)
    })
    .await
}

/// The opening minutes of a phase (`?lang=en` for English).
#[utoipa::path(get, path = "/api/v1/phases/{id}/minutes/opening.pdf", tag = "records", security((), ("bearer" = [])), params(("id" = String, Path), ("lang" = Option<String>, Query, description = "it (default) or en")),
    responses((status = 200, description = "The opening minutes", content_type = "application/pdf"), (status = 404, description = "Not found, or not visible to this reader", body = crate::error::ErrorBody)))]
pub async fn opening_minutes_pdf(
    req: HttpRequest,
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    send_pdf(&req, &ctx, &state, move |conn, r| {
        documents::opening_minutes_pdf(conn, r.actor.as_ref(), &id, r.lang, &r.base, r.now)
    })
    .await
}

/// The evaluation minutes of a phase, public once the outcome is confirmed.
#[utoipa::path(get, path = "/api/v1/phases/{id}/minutes/evaluation.pdf", tag = "records", security((), ("bearer" = [])), params(("id" = String, Path), ("lang" = Option<String>, Query, description = "it (default) or en")),
    responses((status = 200, description = "The evaluation minutes", content_type = "application/pdf"), (status = 404, description = "Not found, or not visible to this reader", body = crate::error::ErrorBody)))]
pub async fn evaluation_minutes_pdf(
    req: HttpRequest,
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    evaluation_document(req, ctx, state, path.into_inner(), false).await
}

/// The outcome of a phase (the award decision after final tenders).
#[utoipa::path(get, path = "/api/v1/phases/{id}/outcome.pdf", tag = "records", security((), ("bearer" = [])), params(("id" = String, Path), ("lang" = Option<String>, Query, description = "it (default) or en")),
    responses((status = 200, description = "The outcome of the phase", content_type = "application/pdf"), (status = 404, description = "Not found, or not visible to this reader", body = crate::error::ErrorBody)))]
pub async fn outcome_pdf(
    req: HttpRequest,
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    evaluation_document(req, ctx, state, path.into_inner(), true).await
}

async fn evaluation_document(
    req: HttpRequest,
    ctx: Ctx,
    state: web::Data<AppState>,
    id: String,
    outcome: bool,
) -> Result<HttpResponse, AppError> {
    send_pdf(&req, &ctx, &state, move |conn, r| {
        documents::evaluation_pdf(conn, r.actor.as_ref(), &id, outcome, r.lang, &r.base, r.now)
    })
    .await
}

/// The procurement report of a call (art. 84 Directive 2014/24/EU).
#[utoipa::path(get, path = "/api/v1/calls/{id}/report.pdf", tag = "records", security((), ("bearer" = [])), params(("id" = String, Path), ("lang" = Option<String>, Query, description = "it (default) or en")),
    responses((status = 200, description = "The procurement report", content_type = "application/pdf"), (status = 404, description = "Not found, or not visible to this reader", body = crate::error::ErrorBody)))]
pub async fn report_pdf(
    req: HttpRequest,
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    send_pdf(&req, &ctx, &state, move |conn, r| {
        documents::report_pdf(conn, r.actor.as_ref(), &id, r.lang, &r.base, r.now)
    })
    .await
}

#[derive(Template)]
#[template(path = "verify.html")]
pub struct VerifyPage {
    pub layout: Layout,
    pub hash: String,
    /// A valid SHA-256 was looked up.
    pub checked: bool,
    /// What was given is not a SHA-256.
    pub invalid: bool,
    pub found: Option<FoundView>,
}

pub struct FoundView {
    pub title: String,
    pub kind: &'static str,
    pub event_at: String,
    pub issued_at: String,
    pub file_sha256: String,
    pub data_sha256: String,
}

/// Which document a SHA-256 belongs to (the file's or the data's), and when it was issued.
#[derive(serde::Deserialize)]
pub struct VerifyQuery {
    hash: Option<String>,
}

/// The verification form: a SHA-256 pasted (or computed in the browser from a chosen file).
pub async fn verify_form(
    ctx: Ctx,
    query: web::Query<VerifyQuery>,
) -> Result<HttpResponse, AppError> {
    match query
        .hash
        .as_deref()
        .map(str::trim)
        .filter(|h| !h.is_empty())
    {
        None => Ok(views::page(&verify_view(&ctx, String::new(), None, false))),
        Some(typed) => match crate::domain::file_content::sha256_hex(typed) {
            Some(hash) => Ok(super::see_other(&format!("/verify/{hash}"))),
            None => Ok(views::page_with_status(
                actix_web::http::StatusCode::UNPROCESSABLE_ENTITY,
                &verify_view(&ctx, typed.to_string(), None, true),
            )),
        },
    }
}

fn verify_view(ctx: &Ctx, hash: String, found: Option<FoundView>, invalid: bool) -> VerifyPage {
    VerifyPage {
        layout: present::layout(ctx, ctx.tr().s("verify.title")),
        checked: !hash.is_empty() && !invalid,
        invalid,
        hash,
        found,
    }
}

pub async fn verify_page(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let typed = path.into_inner();
    let Some(hash) = crate::domain::file_content::sha256_hex(&typed) else {
        return Ok(views::page_with_status(
            actix_web::http::StatusCode::UNPROCESSABLE_ENTITY,
            &verify_view(&ctx, typed, None, true),
        ));
    };
    let lookup = hash.clone();
    let found = state
        .db(move |conn| documents::verify(conn, &lookup))
        .await?;
    let status = if found.is_some() {
        actix_web::http::StatusCode::OK
    } else {
        actix_web::http::StatusCode::NOT_FOUND
    };
    let lang = ctx.lang;
    let found = found.map(|d| FoundView {
        title: d.title,
        kind: crate::i18n::document_kind_name(&d.kind, lang),
        event_at: crate::domain::time::format_rome_seconds(d.event_at.and_utc()),
        issued_at: crate::domain::time::format_rome(d.issued_at.and_utc(), lang),
        file_sha256: d.file_sha256,
        data_sha256: d.data_sha256,
    });
    Ok(views::page_with_status(
        status,
        &verify_view(&ctx, hash, found, false),
    ))
}

/// The same as JSON.
#[utoipa::path(get, path = "/api/v1/verify/{hash}", tag = "records",
    responses((status = 200, body = crate::db::documents::IssuedDocument), (status = 404, body = crate::error::ErrorBody)))]
pub async fn verify_json(
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<web::Json<crate::db::documents::IssuedDocument>, AppError> {
    let hash = path.into_inner();
    let found = state.db(move |conn| documents::verify(conn, &hash)).await?;
    Ok(web::Json(found.ok_or(AppError::NotFound)?))
}

/// A PCP contract's PDF (`?lang=en` for English), for the authority and the supplier party.
#[utoipa::path(get, path = "/api/v1/contracts/{id}/contract.pdf", tag = "records", security(("bearer" = [])), params(("id" = String, Path), ("lang" = Option<String>, Query, description = "it (default) or en")),
    responses((status = 200, description = "The contract", content_type = "application/pdf"), (status = 404, description = "Not found, or not visible to this reader", body = crate::error::ErrorBody)))]
pub async fn contract_pdf(
    req: HttpRequest,
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let actor = ctx.signed_in()?.clone();
    let id = path.into_inner();
    send_pdf(&req, &ctx, &state, move |conn, r| {
        documents::contract_pdf(conn, &actor, &id, r.lang, &r.base, r.now)
    })
    .await
}

/// A PCP framework agreement's PDF, for the authority and the supplier party.
#[utoipa::path(get, path = "/api/v1/frameworks/{id}/agreement.pdf", tag = "records", security(("bearer" = [])), params(("id" = String, Path), ("lang" = Option<String>, Query, description = "it (default) or en")),
    responses((status = 200, description = "The framework agreement", content_type = "application/pdf"), (status = 404, description = "Not found, or not visible to this reader", body = crate::error::ErrorBody)))]
pub async fn framework_pdf(
    req: HttpRequest,
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let actor = ctx.signed_in()?.clone();
    let id = path.into_inner();
    send_pdf(&req, &ctx, &state, move |conn, r| {
        documents::framework_pdf(conn, &actor, &id, r.lang, &r.base, r.now)
    })
    .await
}

/// The approved minutes of a dialogue session, for the candidate, the authority and the committee.
#[utoipa::path(get, path = "/api/v1/dialogue-sessions/{id}/minutes.pdf", tag = "dialogue", security(("bearer" = [])), params(("id" = String, Path), ("lang" = Option<String>, Query, description = "it (default) or en")),
    responses((status = 200, description = "The approved minutes", content_type = "application/pdf"), (status = 404, description = "Not found, not approved yet, or not visible to this reader", body = crate::error::ErrorBody)))]
pub async fn session_minutes_pdf(
    req: HttpRequest,
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let actor = ctx.signed_in()?.clone();
    let id = path.into_inner();
    send_pdf(&req, &ctx, &state, move |conn, r| {
        documents::session_minutes_pdf(conn, &actor, &id, r.lang, &r.base, r.now)
    })
    .await
}
