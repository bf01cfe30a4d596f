//! Calls in the JSON API: list, read, create, edit, publish, cancel, conclude, attach documents.

use actix_multipart::Multipart;
use actix_web::{HttpResponse, web};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use crate::db::calls::CallFilter;
use crate::domain::access::Role;
use crate::domain::call::CallSpec;
use crate::domain::call::typed_code;
use crate::domain::phase::{self, PhaseSpec, Procedure};
use crate::error::{AppError, ErrorBody};
use crate::web::AppState;
use crate::web::call_documents::store_document;
use crate::web::ctx::Ctx;
use crate::{db, service};

pub use super::call_output::{
    CallList, CallListItem, CallOutput, DocumentOutput, PhaseOutput, document_output,
};
#[derive(Deserialize, IntoParams)]
pub struct ListParams {
    /// `pcp` or `competitive_dialogue`
    pub procedure: Option<String>,
    /// `published`, `concluded` or `cancelled`
    pub status: Option<String>,
    /// A CPV code or its first digits
    pub cpv: Option<String>,
    /// Words the reference, title or summary contain (at most 100 characters)
    pub q: Option<String>,
    pub page: Option<i64>,
    /// 1 to 100, default 20
    pub per_page: Option<i64>,
}

/// Strict for the API: a filter value it cannot read is an error that names it.
fn filter_from(params: &ListParams) -> Result<CallFilter, AppError> {
    let (filter, violations) =
        crate::web::call_filter::read_filter(crate::web::call_filter::FilterInput {
            procedure: params.procedure.as_deref(),
            status: params.status.as_deref(),
            cpv: params.cpv.as_deref(),
            text: params.q.as_deref(),
        });
    if violations.is_empty() {
        Ok(filter)
    } else {
        Err(AppError::Invalid(violations))
    }
}

/// Published, concluded and cancelled calls, newest first.
#[utoipa::path(get, path = "/api/v1/calls", tag = "calls", params(ListParams),
    responses((status = 200, body = CallList), (status = 422, body = ErrorBody)))]
pub async fn list_calls(
    state: web::Data<AppState>,
    params: web::Query<ListParams>,
) -> Result<web::Json<CallList>, AppError> {
    let filter = filter_from(&params)?;
    let per_page = params.per_page.unwrap_or(20);
    let offset = crate::domain::bounds::page_offset(params.page, per_page)
        .map_err(|v| AppError::Invalid(vec![v]))?;
    let page = params.page.unwrap_or(1);
    let (rows, total) = state
        .db(move |conn| Ok(db::calls::list(conn, &filter, offset, per_page)?))
        .await?;
    Ok(web::Json(CallList {
        items: rows.into_iter().map(Into::into).collect(),
        total,
        page,
        per_page,
    }))
}

/// A call with its phases, criteria and documents. Drafts only for their authority's officers.
#[utoipa::path(get, path = "/api/v1/calls/{id}", tag = "calls", security((), ("bearer" = [])),
    responses((status = 200, body = CallOutput), (status = 404, body = ErrorBody)))]
pub async fn get_call(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<web::Json<CallOutput>, AppError> {
    let id = path.into_inner();
    let actor = ctx.actor().cloned();
    let call = state
        .db(move |conn| service::calls::load_visible(conn, actor.as_ref(), &id))
        .await?;
    Ok(web::Json(call.into()))
}

/// The content of a call. Without `phases`, the procedure's template is used.
#[derive(Deserialize, ToSchema)]
pub struct CallInput {
    pub procedure: Procedure,
    pub reference: String,
    pub title: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub cpv_codes: Vec<String>,
    #[serde(default)]
    pub budget_cents: i64,
    #[serde(default)]
    pub contact: String,
    /// The largest committee: odd, at most five; three if not given.
    #[serde(default = "crate::domain::call::default_committee_max")]
    pub committee_max: i32,
    /// The CIG ANAC gave the call (ten digits and capital letters).
    #[serde(default)]
    pub cig: Option<String>,
    /// The NUTS 3 code of the place of performance, e.g. ITH55 (Bologna); the eForms notices
    /// need it.
    #[serde(default)]
    pub nuts: Option<String>,
    /// Whether EU funds pay for the contract, in part (false if not given).
    #[serde(default)]
    pub eu_funded: bool,
    /// PCP: months the supplier has to exploit its results commercially before the authority
    /// may call the rights back (36 if not given).
    #[serde(default)]
    pub ipr_exploitation_months: Option<i32>,
    pub phases: Option<Vec<PhaseSpec>>,
}

impl CallInput {
    fn into_spec(self) -> CallSpec {
        CallSpec {
            phases: self
                .phases
                .unwrap_or_else(|| phase::template(self.procedure)),
            procedure: self.procedure,
            reference: self.reference,
            title: self.title,
            summary: self.summary,
            description: self.description,
            cpv_codes: self.cpv_codes,
            budget_cents: self.budget_cents,
            contact: self.contact,
            committee_max: self.committee_max,
            cig: self.cig.as_deref().and_then(typed_code),
            nuts: self.nuts.as_deref().and_then(typed_code),
            eu_funded: self.eu_funded,
            ipr_exploitation_months: self.ipr_exploitation_months,
        }
    }
}

async fn reload(state: &AppState, ctx: &Ctx, id: String) -> Result<CallOutput, AppError> {
    let actor = ctx.actor().cloned();
    let call = state
        .db(move |conn| service::calls::load_visible(conn, actor.as_ref(), &id))
        .await?;
    Ok(call.into())
}

/// Creates a draft for the officer's authority.
#[utoipa::path(post, path = "/api/v1/calls", tag = "calls", security(("bearer" = [])), request_body = CallInput,
    responses((status = 201, body = CallOutput), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_call(
    ctx: Ctx,
    state: web::Data<AppState>,
    input: super::json::ApiJson<CallInput>,
) -> Result<HttpResponse, AppError> {
    let actor = ctx.require(Role::Officer)?.actor.clone();
    let spec = input.into_inner().into_spec();
    let now = state.now();
    let id = state
        .db(move |conn| service::calls::create(conn, &actor, &spec, now))
        .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/calls/{id}")))
        .json(reload(&state, &ctx, id).await?))
}

/// Replaces the content of a draft.
#[utoipa::path(put, path = "/api/v1/calls/{id}", tag = "calls", security(("bearer" = [])), request_body = CallInput,
    responses((status = 200, body = CallOutput), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_call(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    input: super::json::ApiJson<CallInput>,
) -> Result<web::Json<CallOutput>, AppError> {
    let actor = ctx.require(Role::Officer)?.actor.clone();
    let id = path.into_inner();
    let spec = input.into_inner().into_spec();
    let now = state.now();
    let call_id = id.clone();
    state
        .db(move |conn| service::calls::update(conn, &actor, &call_id, &spec, now))
        .await?;
    Ok(web::Json(reload(&state, &ctx, id).await?))
}

/// Publishes a draft. Every violation (dates, weights, budgets) is reported at once.
#[utoipa::path(post, path = "/api/v1/calls/{id}/publish", tag = "calls", security(("bearer" = [])),
    responses((status = 200, body = CallOutput), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn publish_call(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<web::Json<CallOutput>, AppError> {
    let actor = ctx.require(Role::Officer)?.actor.clone();
    let id = path.into_inner();
    let now = state.now();
    let call_id = id.clone();
    state
        .db(move |conn| service::calls::publish(conn, &actor, &call_id, None, now))
        .await?;
    Ok(web::Json(reload(&state, &ctx, id).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct CancelInput {
    pub reason: String,
}

/// Cancels a draft or published call, with a stated reason.
#[utoipa::path(post, path = "/api/v1/calls/{id}/cancel", tag = "calls", security(("bearer" = [])), request_body = CancelInput,
    responses((status = 200, body = CallOutput), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn cancel_call(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    input: super::json::ApiJson<CancelInput>,
) -> Result<web::Json<CallOutput>, AppError> {
    let actor = ctx.require(Role::Officer)?.actor.clone();
    let id = path.into_inner();
    let now = state.now();
    let call_id = id.clone();
    let reason = input.into_inner().reason;
    state
        .db(move |conn| service::calls::cancel(conn, &actor, &call_id, &reason, now))
        .await?;
    Ok(web::Json(reload(&state, &ctx, id).await?))
}

#[utoipa::path(post, path = "/api/v1/calls/{id}/conclude", tag = "calls", security(("bearer" = [])),
    responses((status = 200, body = CallOutput), (status = 409, body = ErrorBody)))]
pub async fn conclude_call(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<web::Json<CallOutput>, AppError> {
    let actor = ctx.require(Role::Officer)?.actor.clone();
    let id = path.into_inner();
    let now = state.now();
    let call_id = id.clone();
    state
        .db(move |conn| service::calls::conclude(conn, &actor, &call_id, now))
        .await?;
    Ok(web::Json(reload(&state, &ctx, id).await?))
}

#[derive(ToSchema)]
#[allow(dead_code)]
pub struct DocumentUpload {
    pub title: Option<String>,
    #[schema(format = Binary, content_media_type = "application/octet-stream")]
    pub file: String,
}

/// Attaches a public document to a draft (multipart: `title`, `file`).
#[utoipa::path(post, path = "/api/v1/calls/{id}/documents", tag = "calls", security(("bearer" = [])),
    request_body(content = DocumentUpload, content_type = "multipart/form-data"),
    responses((status = 201, body = CallOutput), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn upload_document(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    payload: Multipart,
) -> Result<HttpResponse, AppError> {
    let actor = ctx.require(Role::Officer)?.actor.clone();
    let id = path.into_inner();
    let call_id = id.clone();
    let check_actor = actor.clone();
    state
        .db(move |conn| service::calls::check_can_attach(conn, &check_actor, &call_id))
        .await?;
    store_document(&state, &actor, &id, payload).await?;
    Ok(HttpResponse::Created().json(reload(&state, &ctx, id).await?))
}
