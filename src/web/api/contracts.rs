//! The JSON API of PCP contracts: framework agreements, specific contracts, deliverables,
//! reviews, payments and the budget view.

use actix_multipart::Multipart;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::ToSchema;

use crate::domain::contract::ContractDraft;
use crate::error::{AppError, ErrorBody};
use crate::service::contracts::{
    self, CallBudget, CallContractsView, ContractView, DeliveryReceipt, FrameworkView,
};
use crate::web::AppState;
use crate::web::ctx::Ctx;

use super::json::ApiJson;

/// A call's framework agreements and contracts: all for its officers, a supplier's own for it.
#[utoipa::path(get, path = "/api/v1/calls/{id}/contracts", tag = "contracts", security(("bearer" = [])),
    responses((status = 200, body = CallContractsView), (status = 404, body = ErrorBody)))]
pub async fn call_contracts(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<web::Json<CallContractsView>, AppError> {
    let actor = ctx.signed_in()?.clone();
    let (id, now) = (path.into_inner(), state.now());
    let view = state
        .db(move |conn| contracts::call_contracts(conn, &actor, &id, now))
        .await?;
    Ok(web::Json(view))
}

/// Allocated, contracted, paid and unspent, per PCP phase and for the call (officers).
#[utoipa::path(get, path = "/api/v1/calls/{id}/budget", tag = "contracts", security(("bearer" = [])),
    responses((status = 200, body = CallBudget), (status = 404, body = ErrorBody)))]
pub async fn budget(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<web::Json<CallBudget>, AppError> {
    let actor = ctx.signed_in()?.clone();
    let (id, now) = (path.into_inner(), state.now());
    Ok(web::Json(
        state
            .db(move |conn| contracts::budget(conn, &actor, &id, now))
            .await?,
    ))
}

/// The signed-in supplier's contracts, across calls.
#[utoipa::path(get, path = "/api/v1/contracts", tag = "contracts", security(("bearer" = [])),
    responses((status = 200, body = Vec<ContractView>), (status = 403, body = ErrorBody)))]
pub async fn mine(
    ctx: Ctx,
    state: web::Data<AppState>,
) -> Result<web::Json<Vec<ContractView>>, AppError> {
    let actor = ctx.signed_in()?.clone();
    let now = state.now();
    Ok(web::Json(
        state
            .db(move |conn| contracts::my_contracts(conn, &actor, now))
            .await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/contracts/{id}", tag = "contracts", security(("bearer" = [])),
    responses((status = 200, body = ContractView), (status = 404, body = ErrorBody)))]
pub async fn get(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<web::Json<ContractView>, AppError> {
    let actor = ctx.signed_in()?.clone();
    let (id, now) = (path.into_inner(), state.now());
    Ok(web::Json(
        state
            .db(move |conn| contracts::contract(conn, &actor, &id, now))
            .await?,
    ))
}

/// Completes a draft contract: its start and its deliverables with due dates and payments,
/// which add up to the amount (the awarded price).
#[utoipa::path(put, path = "/api/v1/contracts/{id}", tag = "contracts", security(("bearer" = [])), request_body = ContractDraft,
    responses((status = 200, body = ContractView), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn save_draft(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    input: ApiJson<ContractDraft>,
) -> Result<web::Json<ContractView>, AppError> {
    let actor = ctx.signed_in()?.clone();
    let (id, draft, now) = (path.into_inner(), input.into_inner(), state.now());
    Ok(web::Json(
        state
            .db(move |conn| contracts::save_draft(conn, &actor, &id, &draft, now))
            .await?,
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct SignatureInput {
    /// The day both parties signed (Europe/Rome): not in the future, not before the outcome.
    #[schema(value_type = String, format = Date)]
    pub signed_on: NaiveDate,
}

/// Records the signature of a draft contract, under a signed framework agreement.
#[utoipa::path(post, path = "/api/v1/contracts/{id}/sign", tag = "contracts", security(("bearer" = [])), request_body = SignatureInput,
    responses((status = 200, body = ContractView), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn sign(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    input: ApiJson<SignatureInput>,
) -> Result<web::Json<ContractView>, AppError> {
    let actor = ctx.signed_in()?.clone();
    let (id, on, now) = (path.into_inner(), input.into_inner().signed_on, state.now());
    Ok(web::Json(
        state
            .db(move |conn| contracts::sign(conn, &actor, &id, on, now))
            .await?,
    ))
}

/// Records the signature of a framework agreement.
#[utoipa::path(post, path = "/api/v1/frameworks/{id}/sign", tag = "contracts", security(("bearer" = [])), request_body = SignatureInput,
    responses((status = 200, body = FrameworkView), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn sign_framework(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    input: ApiJson<SignatureInput>,
) -> Result<web::Json<FrameworkView>, AppError> {
    let actor = ctx.signed_in()?.clone();
    let (id, on, now) = (path.into_inner(), input.into_inner().signed_on, state.now());
    Ok(web::Json(
        state
            .db(move |conn| contracts::sign_framework(conn, &actor, &id, on, now))
            .await?,
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct ReasonInput {
    pub reason: String,
}

/// Terminates a contract that is not accepted, with the reason.
#[utoipa::path(post, path = "/api/v1/contracts/{id}/terminate", tag = "contracts", security(("bearer" = [])), request_body = ReasonInput,
    responses((status = 200, body = ContractView), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn terminate(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    input: ApiJson<ReasonInput>,
) -> Result<web::Json<ContractView>, AppError> {
    let actor = ctx.signed_in()?.clone();
    let (id, reason, now) = (path.into_inner(), input.into_inner().reason, state.now());
    Ok(web::Json(
        state
            .db(move |conn| contracts::terminate(conn, &actor, &id, &reason, now))
            .await?,
    ))
}

#[derive(ToSchema)]
#[allow(dead_code)]
pub struct DeliverableUpload {
    #[schema(format = Binary, content_media_type = "application/octet-stream")]
    pub file: String,
}

/// The supplier hands in a deliverable (multipart: `file`); the receipt states its SHA-256.
#[utoipa::path(post, path = "/api/v1/deliverables/{id}/submissions", tag = "contracts", security(("bearer" = [])),
    request_body(content = DeliverableUpload, content_type = "multipart/form-data"),
    responses((status = 201, body = DeliveryReceipt), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn deliver(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    payload: Multipart,
) -> Result<HttpResponse, AppError> {
    let actor = ctx.signed_in()?.clone();
    let receipt =
        crate::web::contracts::deliver(&state, &actor, &path.into_inner(), payload).await?;
    Ok(HttpResponse::Created().json(receipt))
}

#[derive(Deserialize, ToSchema)]
pub struct ReviewInput {
    /// True to accept the latest submission; false to ask for changes (a reason is required).
    pub accepted: bool,
    #[serde(default)]
    pub reason: String,
}

/// The officer accepts the latest submission of a deliverable, or asks for changes.
#[utoipa::path(post, path = "/api/v1/deliverables/{id}/review", tag = "contracts", security(("bearer" = [])), request_body = ReviewInput,
    responses((status = 200, body = ContractView), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn review(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    input: ApiJson<ReviewInput>,
) -> Result<web::Json<ContractView>, AppError> {
    let actor = ctx.signed_in()?.clone();
    let (id, input, now) = (path.into_inner(), input.into_inner(), state.now());
    Ok(web::Json(
        state
            .db(move |conn| {
                contracts::review(conn, &actor, &id, input.accepted, &input.reason, now)
            })
            .await?,
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct PaymentInput {
    /// Euro cents; with earlier payments, at most the deliverable's scheduled payment.
    pub amount_cents: i64,
    #[schema(value_type = String, format = Date)]
    pub paid_on: NaiveDate,
}

/// Records a payment made for an accepted deliverable.
#[utoipa::path(post, path = "/api/v1/deliverables/{id}/payments", tag = "contracts", security(("bearer" = [])), request_body = PaymentInput,
    responses((status = 200, body = ContractView), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn pay(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    input: ApiJson<PaymentInput>,
) -> Result<web::Json<ContractView>, AppError> {
    let actor = ctx.signed_in()?.clone();
    let (id, input, now) = (path.into_inner(), input.into_inner(), state.now());
    Ok(web::Json(
        state
            .db(move |conn| {
                contracts::record_payment(conn, &actor, &id, input.amount_cents, input.paid_on, now)
            })
            .await?,
    ))
}

/// A deliverable's file, for the authority and the supplier party to the contract.
#[utoipa::path(get, path = "/api/v1/deliverable-files/{id}", tag = "contracts", security(("bearer" = [])),
    responses((status = 200, description = "The file", content_type = "application/octet-stream"), (status = 404, body = ErrorBody)))]
pub async fn file(
    req: HttpRequest,
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    crate::web::contracts::download(req, ctx, state, path).await
}
