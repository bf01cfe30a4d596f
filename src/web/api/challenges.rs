//! The JSON API of complaints, appeals and ANAC opinions.

use actix_web::web;

use crate::error::{AppError, ErrorBody};
use crate::service::challenges::{
    self, AnswerInput, AppealInput, ChallengeView, ComplaintInput, InterimInput,
};
use crate::web::AppState;
use crate::web::ctx::Ctx;

use super::json::ApiJson;

/// A call's complaints and appeals: every one for its officers, a bidder's own for it.
#[utoipa::path(get, path = "/api/v1/calls/{id}/challenges", tag = "challenges", security(("bearer" = [])),
    responses((status = 200, body = Vec<ChallengeView>), (status = 404, body = ErrorBody)))]
pub async fn of_call(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<web::Json<Vec<ChallengeView>>, AppError> {
    let actor = ctx.signed_in()?.clone();
    let id = path.into_inner();
    Ok(web::Json(
        state
            .db(move |conn| challenges::of_call(conn, &actor, &id))
            .await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/challenges/{id}", tag = "challenges", security(("bearer" = [])),
    responses((status = 200, body = ChallengeView), (status = 404, body = ErrorBody)))]
pub async fn get(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<web::Json<ChallengeView>, AppError> {
    let actor = ctx.signed_in()?.clone();
    let id = path.into_inner();
    Ok(web::Json(
        state
            .db(move |conn| challenges::find(conn, &actor, &id))
            .await?,
    ))
}

/// A bidder files a complaint with the authority.
#[utoipa::path(post, path = "/api/v1/calls/{id}/complaints", tag = "challenges", security(("bearer" = [])), request_body = ComplaintInput,
    responses((status = 200, body = ChallengeView), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn file_complaint(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    input: ApiJson<ComplaintInput>,
) -> Result<web::Json<ChallengeView>, AppError> {
    let actor = ctx.signed_in()?.clone();
    let (id, input, now) = (path.into_inner(), input.into_inner(), state.now());
    Ok(web::Json(
        state
            .db(move |conn| challenges::file_complaint(conn, &actor, &id, &input, now))
            .await?,
    ))
}

/// The officer records an appeal lodged with the court or a request for ANAC's opinion.
#[utoipa::path(post, path = "/api/v1/calls/{id}/appeals", tag = "challenges", security(("bearer" = [])), request_body = AppealInput,
    responses((status = 200, body = ChallengeView), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn record_appeal(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    input: ApiJson<AppealInput>,
) -> Result<web::Json<ChallengeView>, AppError> {
    let actor = ctx.signed_in()?.clone();
    let (id, input, now) = (path.into_inner(), input.into_inner(), state.now());
    Ok(web::Json(
        state
            .db(move |conn| challenges::record_appeal(conn, &actor, &id, &input, now))
            .await?,
    ))
}

/// The authority answers a complaint, or records the decision on an appeal or opinion.
#[utoipa::path(post, path = "/api/v1/challenges/{id}/answer", tag = "challenges", security(("bearer" = [])), request_body = AnswerInput,
    responses((status = 200, body = ChallengeView), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn answer(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    input: ApiJson<AnswerInput>,
) -> Result<web::Json<ChallengeView>, AppError> {
    let actor = ctx.signed_in()?.clone();
    let (id, input, now) = (path.into_inner(), input.into_inner(), state.now());
    Ok(web::Json(
        state
            .db(move |conn| challenges::answer(conn, &actor, &id, &input, now))
            .await?,
    ))
}

/// The court's decision on the interim measures an appeal asked for.
#[utoipa::path(post, path = "/api/v1/challenges/{id}/interim", tag = "challenges", security(("bearer" = [])), request_body = InterimInput,
    responses((status = 200, body = ChallengeView), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn interim(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    input: ApiJson<InterimInput>,
) -> Result<web::Json<ChallengeView>, AppError> {
    let actor = ctx.signed_in()?.clone();
    let (id, input, now) = (path.into_inner(), input.into_inner(), state.now());
    Ok(web::Json(
        state
            .db(move |conn| challenges::record_interim(conn, &actor, &id, &input, now))
            .await?,
    ))
}

#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct ChallengeUpload {
    #[schema(format = Binary, content_media_type = "application/octet-stream")]
    pub file: String,
}

/// Adds a file (multipart: `file`) to a complaint (its complainant, while open) or to any
/// challenge (the authority); the answer states its SHA-256.
#[utoipa::path(post, path = "/api/v1/challenges/{id}/files", tag = "challenges", security(("bearer" = [])),
    request_body(content = ChallengeUpload, content_type = "multipart/form-data"),
    responses((status = 201, body = crate::service::challenges::ChallengeFileView), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_file(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    payload: actix_multipart::Multipart,
) -> Result<actix_web::HttpResponse, AppError> {
    let actor = ctx.signed_in()?.clone();
    let file =
        crate::web::challenge_files::upload(&state, &actor, &path.into_inner(), payload).await?;
    Ok(actix_web::HttpResponse::Created().json(file))
}

/// A challenge's file, for whoever may read the challenge.
#[utoipa::path(get, path = "/api/v1/challenge-files/{id}", tag = "challenges", security(("bearer" = [])),
    responses((status = 200, description = "The file", content_type = "application/octet-stream"), (status = 404, body = ErrorBody)))]
pub async fn file(
    req: actix_web::HttpRequest,
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<actix_web::HttpResponse, AppError> {
    crate::web::challenge_files::download(req, ctx, state, path).await
}
