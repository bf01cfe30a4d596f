//! Proposals, clarifications and addenda in the JSON API.

use actix_multipart::Multipart;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::access::Role;
use crate::error::{AppError, ErrorBody};
use crate::service::clarifications::PublicClarification;
use crate::service::proposals::Receipt;
use crate::web::AppState;
use crate::web::ctx::Ctx;
use crate::web::submission::{self, Sender};
use crate::{db, service};
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct ProposalUpload {
    /// Declarations (one or more files)
    #[schema(format = Binary, content_media_type = "application/octet-stream")]
    pub administrative: Vec<String>,
    /// The proposal itself (one or more files)
    #[schema(format = Binary, content_media_type = "application/octet-stream")]
    pub technical: Vec<String>,
    /// Optional file detailing the price, where the phase asks for one
    #[schema(format = Binary, content_media_type = "application/octet-stream")]
    pub financial: Option<Vec<String>>,
    /// The price in euro cents, where the phase asks for one
    pub price_cents: Option<i64>,
}

/// Submits (or replaces) the organisation's proposal in a phase. The deadline is the server's
/// clock at the commit after the last byte; a late proposal is refused and the refusal recorded.
#[utoipa::path(post, path = "/api/v1/phases/{id}/proposals", tag = "proposals", security(("bearer" = [])),
    request_body(content = ProposalUpload, content_type = "multipart/form-data"),
    responses((status = 201, body = Receipt), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn submit(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    payload: Multipart,
) -> Result<HttpResponse, AppError> {
    let actor = ctx.require(Role::Supplier)?.actor.clone();
    let id = submission::submit(&state, &actor, &path.into_inner(), payload, Sender::Api)
        .await
        .map_err(|refused| refused.error)?;
    let receipt = state
        .db(move |conn| service::proposals::receipt(conn, &actor, &id))
        .await?;
    Ok(HttpResponse::Created()
        .insert_header((
            "Location",
            format!("/api/v1/proposals/{}", receipt.proposal_id),
        ))
        .json(receipt))
}

#[derive(Serialize, ToSchema)]
pub struct ProposalCount {
    pub phase_id: String,
    /// Active proposals: all that is public before the opening.
    pub active: i64,
}

#[utoipa::path(get, path = "/api/v1/phases/{id}/proposals/count", tag = "proposals", responses((status = 200, body = ProposalCount)))]
pub async fn count(
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<web::Json<ProposalCount>, AppError> {
    let phase_id = path.into_inner();
    let id = phase_id.clone();
    let active = state
        .db(move |conn| {
            service::proposals::load_phase(conn, &id)?;
            Ok(db::proposals::count_active(conn, &id)?)
        })
        .await?;
    Ok(web::Json(ProposalCount { phase_id, active }))
}

/// The receipts of the signed-in supplier's organisation.
#[utoipa::path(get, path = "/api/v1/proposals", tag = "proposals", security(("bearer" = [])), responses((status = 200, body = Vec<Receipt>)))]
pub async fn mine(
    ctx: Ctx,
    state: web::Data<AppState>,
) -> Result<web::Json<Vec<Receipt>>, AppError> {
    let actor = ctx.require(Role::Supplier)?.actor.clone();
    Ok(web::Json(
        state
            .db(move |conn| service::proposals::receipts_of(conn, &actor))
            .await?,
    ))
}

/// A receipt. Sealed proposals exist only for their own organisation.
#[utoipa::path(get, path = "/api/v1/proposals/{id}", tag = "proposals", security(("bearer" = [])),
    responses((status = 200, body = Receipt), (status = 404, body = ErrorBody)))]
pub async fn receipt(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<web::Json<Receipt>, AppError> {
    let actor = ctx.signed_in()?.clone();
    let id = path.into_inner();
    Ok(web::Json(
        state
            .db(move |conn| service::proposals::receipt(conn, &actor, &id))
            .await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/proposals/{id}/files/{file}", tag = "proposals", security(("bearer" = [])), params(("id" = String, Path), ("file" = String, Path)),
    responses((status = 200, description = "The file, when this reader may see it", content_type = "application/octet-stream"), (status = 401, body = crate::error::ErrorBody), (status = 404, description = "Not found, or not visible to this reader", body = crate::error::ErrorBody)))]
pub async fn file(
    req: HttpRequest,
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    crate::web::proposal_pages::download_file(req, ctx, state, path).await
}

#[utoipa::path(post, path = "/api/v1/proposals/{id}/withdraw", tag = "proposals", security(("bearer" = [])),
    responses((status = 200, body = Receipt), (status = 409, body = ErrorBody)))]
pub async fn withdraw(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<web::Json<Receipt>, AppError> {
    let actor = ctx.require(Role::Supplier)?.actor.clone();
    let (id, now) = (path.into_inner(), state.now());
    Ok(web::Json(
        state
            .db(move |conn| {
                service::proposals::withdraw(conn, &actor, &id, now)?;
                service::proposals::receipt(conn, &actor, &id)
            })
            .await?,
    ))
}

/// After an addendum, confirms the proposal as it stands.
#[utoipa::path(post, path = "/api/v1/proposals/{id}/confirm", tag = "proposals", security(("bearer" = [])),
    responses((status = 200, body = Receipt), (status = 409, body = ErrorBody)))]
pub async fn confirm(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<web::Json<Receipt>, AppError> {
    let actor = ctx.require(Role::Supplier)?.actor.clone();
    let (id, now) = (path.into_inner(), state.now());
    Ok(web::Json(
        state
            .db(move |conn| {
                service::proposals::confirm(conn, &actor, &id, now)?;
                service::proposals::receipt(conn, &actor, &id)
            })
            .await?,
    ))
}

/// Answered questions for everyone; unanswered ones for the authority and the asker.
#[utoipa::path(get, path = "/api/v1/calls/{id}/clarifications", tag = "calls", responses((status = 200, body = Vec<PublicClarification>)))]
pub async fn clarifications(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<web::Json<Vec<PublicClarification>>, AppError> {
    let actor = ctx.actor().cloned();
    let id = path.into_inner();
    Ok(web::Json(
        state
            .db(move |conn| {
                let call = service::calls::load_visible(conn, actor.as_ref(), &id)?;
                service::clarifications::visible(conn, actor.as_ref(), &id, &call.authority_id)
            })
            .await?,
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct QuestionInput {
    pub question: String,
}

#[derive(Serialize, ToSchema)]
pub struct Created {
    pub id: String,
}

#[utoipa::path(post, path = "/api/v1/calls/{id}/clarifications", tag = "calls", security(("bearer" = [])), request_body = QuestionInput,
    responses((status = 201, body = Created), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn ask(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    input: super::json::ApiJson<QuestionInput>,
) -> Result<HttpResponse, AppError> {
    let actor = ctx.require(Role::Supplier)?.actor.clone();
    let (call, question, now) = (path.into_inner(), input.into_inner().question, state.now());
    let id = state
        .db(move |conn| service::clarifications::ask(conn, &actor, &call, &question, now))
        .await?;
    Ok(HttpResponse::Created().json(Created { id }))
}

#[derive(Deserialize, ToSchema)]
pub struct AnswerInput {
    pub answer: String,
    /// Answer in the asker's dialogue channel instead of publishing (a question about its own
    /// solution, in a competitive dialogue).
    #[serde(default)]
    pub private: bool,
}

/// Publishes the answer (question and answer become public without the asker's name), or, with
/// `private`, answers in the asker's dialogue channel.
#[utoipa::path(post, path = "/api/v1/clarifications/{id}/answer", tag = "calls", security(("bearer" = [])), request_body = AnswerInput,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn answer(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    input: super::json::ApiJson<AnswerInput>,
) -> Result<HttpResponse, AppError> {
    let actor = ctx.require(Role::Officer)?.actor.clone();
    let (id, input, now) = (path.into_inner(), input.into_inner(), state.now());
    state
        .db(move |conn| {
            if input.private {
                service::clarifications::answer_privately(conn, &actor, &id, &input.answer, now)
            } else {
                service::clarifications::answer(conn, &actor, &id, &input.answer, now)
            }
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Serialize, ToSchema)]
pub struct AddendumOutput {
    pub number: i32,
    pub body: String,
    pub published_at: DateTime<Utc>,
    pub documents: Vec<crate::web::api::calls::DocumentOutput>,
}

#[utoipa::path(get, path = "/api/v1/calls/{id}/addenda", tag = "calls", responses((status = 200, body = Vec<AddendumOutput>)))]
pub async fn addenda(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<web::Json<Vec<AddendumOutput>>, AppError> {
    let actor = ctx.actor().cloned();
    let id = path.into_inner();
    let list = state
        .db(move |conn| {
            service::calls::load_visible(conn, actor.as_ref(), &id)?;
            Ok(db::proposals::addenda_for_call(conn, &id)?)
        })
        .await?;
    Ok(web::Json(
        list.into_iter()
            .map(|(a, docs)| AddendumOutput {
                number: a.number,
                body: a.body,
                published_at: a.published_at.and_utc(),
                documents: docs
                    .into_iter()
                    .map(crate::web::api::calls::document_output)
                    .collect(),
            })
            .collect(),
    ))
}

#[derive(ToSchema)]
#[allow(dead_code)]
pub struct AddendumUpload {
    pub body: String,
    #[schema(format = Binary, content_media_type = "application/octet-stream")]
    pub file: Option<Vec<String>>,
}

#[derive(Serialize, ToSchema)]
pub struct AddendumNumber {
    pub number: i32,
}

/// Publishes an addendum (multipart: `body`, optional `file`s) to a published call.
#[utoipa::path(post, path = "/api/v1/calls/{id}/addenda", tag = "calls", security(("bearer" = [])),
    request_body(content = AddendumUpload, content_type = "multipart/form-data"),
    responses((status = 201, body = AddendumNumber), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn publish_addendum(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    payload: Multipart,
) -> Result<HttpResponse, AppError> {
    let actor = ctx.require(Role::Officer)?.actor.clone();
    let number =
        crate::web::addenda::add_addendum(&state, &actor, &path.into_inner(), payload).await?;
    Ok(HttpResponse::Created().json(AddendumNumber { number }))
}
