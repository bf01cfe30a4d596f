//! The JSON API of the dialogue: channels, messages and their files, sessions and minutes, the
//! consent register and the closing of the dialogue.

use actix_web::{HttpResponse, web};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::error::{AppError, ErrorBody};
use crate::service::dialogue::{
    self, ChannelSummary, ChannelView, ConsentInput, ConsentView, MessageInput, MessageView,
    SessionInput, SessionView,
};
use crate::web::AppState;
use crate::web::ctx::Ctx;

use super::json::ApiJson;

/// The channels this reader may open: every candidate's for the authority and the committee,
/// its own for a candidate.
#[utoipa::path(get, path = "/api/v1/calls/{id}/dialogue/channels", tag = "dialogue", security(("bearer" = [])),
    responses((status = 200, body = Vec<ChannelSummary>), (status = 404, body = ErrorBody)))]
pub async fn channels(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<web::Json<Vec<ChannelSummary>>, AppError> {
    let actor = ctx.signed_in()?.clone();
    let id = path.into_inner();
    Ok(web::Json(
        state
            .db(move |conn| dialogue::channels(conn, &actor, &id))
            .await?,
    ))
}

/// A candidate's channel: messages, sessions and its consents. Reading it records the first
/// reading of what the other side sent.
#[utoipa::path(get, path = "/api/v1/calls/{id}/dialogue/channels/{organisation_id}", tag = "dialogue", security(("bearer" = [])),
    params(("id" = String, Path), ("organisation_id" = String, Path)),
    responses((status = 200, body = ChannelView), (status = 404, body = ErrorBody)))]
pub async fn channel(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<web::Json<ChannelView>, AppError> {
    let actor = ctx.signed_in()?.clone();
    let ((call, org), lang, now) = (path.into_inner(), ctx.lang, state.now());
    Ok(web::Json(
        state
            .db(move |conn| dialogue::read(conn, &actor, &call, &org, lang, now))
            .await?,
    ))
}

/// Writes in a channel: the authority's officers or the candidate.
#[utoipa::path(post, path = "/api/v1/calls/{id}/dialogue/channels/{organisation_id}/messages", tag = "dialogue", security(("bearer" = [])),
    params(("id" = String, Path), ("organisation_id" = String, Path)), request_body = MessageInput,
    responses((status = 201, body = MessageView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn post_message(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    input: ApiJson<MessageInput>,
) -> Result<HttpResponse, AppError> {
    let actor = ctx.signed_in()?.clone();
    let ((call, org), input, lang, now) =
        (path.into_inner(), input.into_inner(), ctx.lang, state.now());
    let m = state
        .db(move |conn| dialogue::post_message(conn, &actor, &call, &org, &input, &[], lang, now))
        .await?;
    Ok(HttpResponse::Created().json(m))
}

#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct MessageUpload {
    #[schema(format = Binary, content_media_type = "application/octet-stream")]
    pub file: String,
}

/// Adds a file (multipart: `file`) to one's own message, until the other side has read it.
#[utoipa::path(post, path = "/api/v1/dialogue-messages/{id}/files", tag = "dialogue", security(("bearer" = [])),
    request_body(content = MessageUpload, content_type = "multipart/form-data"),
    responses((status = 201, body = crate::service::dialogue::DialogueFileView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_file(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    payload: actix_multipart::Multipart,
) -> Result<HttpResponse, AppError> {
    let actor = ctx.signed_in()?.clone();
    let file =
        crate::web::dialogue_files::upload(&state, &actor, &path.into_inner(), payload).await?;
    Ok(HttpResponse::Created().json(file))
}

/// A message's file, for whoever may read its channel.
#[utoipa::path(get, path = "/api/v1/dialogue-files/{id}", tag = "dialogue", security(("bearer" = [])),
    responses((status = 200, description = "The file", content_type = "application/octet-stream"), (status = 404, body = ErrorBody)))]
pub async fn file(
    req: actix_web::HttpRequest,
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    crate::web::dialogue_files::download(req, ctx, state, path).await
}

/// The officer schedules a session with the candidate.
#[utoipa::path(post, path = "/api/v1/calls/{id}/dialogue/channels/{organisation_id}/sessions", tag = "dialogue", security(("bearer" = [])),
    params(("id" = String, Path), ("organisation_id" = String, Path)), request_body = SessionInput,
    responses((status = 201, body = SessionView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn schedule(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    input: ApiJson<SessionInput>,
) -> Result<HttpResponse, AppError> {
    let actor = ctx.signed_in()?.clone();
    let ((call, org), input, now) = (path.into_inner(), input.into_inner(), state.now());
    let s = state
        .db(move |conn| dialogue::schedule(conn, &actor, &call, &org, &input, now))
        .await?;
    Ok(HttpResponse::Created().json(s))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct MinutesInput {
    pub minutes: String,
}

/// The officer writes the draft minutes of a session.
#[utoipa::path(put, path = "/api/v1/dialogue-sessions/{id}/minutes", tag = "dialogue", security(("bearer" = [])), request_body = MinutesInput,
    responses((status = 200, body = SessionView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn write_minutes(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    input: ApiJson<MinutesInput>,
) -> Result<web::Json<SessionView>, AppError> {
    let actor = ctx.signed_in()?.clone();
    let (id, input, now) = (path.into_inner(), input.into_inner(), state.now());
    Ok(web::Json(
        state
            .db(move |conn| dialogue::write(conn, &actor, &id, &input.minutes, now))
            .await?,
    ))
}

/// The officer sends the minutes to the candidate for approval.
#[utoipa::path(post, path = "/api/v1/dialogue-sessions/{id}/submit", tag = "dialogue", security(("bearer" = [])),
    responses((status = 200, body = SessionView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn submit_minutes(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<web::Json<SessionView>, AppError> {
    let actor = ctx.signed_in()?.clone();
    let (id, now) = (path.into_inner(), state.now());
    Ok(web::Json(
        state
            .db(move |conn| dialogue::submit(conn, &actor, &id, now))
            .await?,
    ))
}

/// The candidate approves the minutes; they are frozen with their SHA-256.
#[utoipa::path(post, path = "/api/v1/dialogue-sessions/{id}/approve", tag = "dialogue", security(("bearer" = [])),
    responses((status = 200, body = SessionView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn approve_minutes(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<web::Json<SessionView>, AppError> {
    let actor = ctx.signed_in()?.clone();
    let (id, now) = (path.into_inner(), state.now());
    Ok(web::Json(
        state
            .db(move |conn| dialogue::approve(conn, &actor, &id, now))
            .await?,
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ChangesInput {
    pub changes: String,
}

/// The candidate sends the minutes back with the changes it asks for.
#[utoipa::path(post, path = "/api/v1/dialogue-sessions/{id}/changes", tag = "dialogue", security(("bearer" = [])), request_body = ChangesInput,
    responses((status = 200, body = SessionView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn request_changes(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    input: ApiJson<ChangesInput>,
) -> Result<web::Json<SessionView>, AppError> {
    let actor = ctx.signed_in()?.clone();
    let (id, input, now) = (path.into_inner(), input.into_inner(), state.now());
    Ok(web::Json(
        state
            .db(move |conn| dialogue::request_changes(conn, &actor, &id, &input.changes, now))
            .await?,
    ))
}

/// The officer asks the candidate for consent to share some of its material.
#[utoipa::path(post, path = "/api/v1/calls/{id}/dialogue/channels/{organisation_id}/consents", tag = "dialogue", security(("bearer" = [])),
    params(("id" = String, Path), ("organisation_id" = String, Path)), request_body = ConsentInput,
    responses((status = 201, body = ConsentView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn request_consent(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    input: ApiJson<ConsentInput>,
) -> Result<HttpResponse, AppError> {
    let actor = ctx.signed_in()?.clone();
    let ((call, org), input, now) = (path.into_inner(), input.into_inner(), state.now());
    let c = state
        .db(move |conn| dialogue::request_consent(conn, &actor, &call, &org, &input, now))
        .await?;
    Ok(HttpResponse::Created().json(c))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ConsentAnswer {
    pub given: bool,
}

/// The candidate gives or refuses its consent.
#[utoipa::path(post, path = "/api/v1/dialogue-consents/{id}/answer", tag = "dialogue", security(("bearer" = [])), request_body = ConsentAnswer,
    responses((status = 200, body = ConsentView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn answer_consent(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    input: ApiJson<ConsentAnswer>,
) -> Result<web::Json<ConsentView>, AppError> {
    let actor = ctx.signed_in()?.clone();
    let (id, given, now) = (path.into_inner(), input.into_inner().given, state.now());
    Ok(web::Json(
        state
            .db(move |conn| dialogue::answer_consent(conn, &actor, &id, given, now))
            .await?,
    ))
}

/// The consent register: all of it for the authority and the committee, a candidate's own.
#[utoipa::path(get, path = "/api/v1/calls/{id}/dialogue/consents", tag = "dialogue", security(("bearer" = [])),
    responses((status = 200, body = Vec<ConsentView>), (status = 404, body = ErrorBody)))]
pub async fn consents(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<web::Json<Vec<ConsentView>>, AppError> {
    let actor = ctx.signed_in()?.clone();
    let id = path.into_inner();
    Ok(web::Json(
        state
            .db(move |conn| dialogue::register(conn, &actor, &id))
            .await?,
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ConcludeInput {
    pub text: String,
}

/// The officer declares the dialogue concluded; the remaining candidates are invited to submit
/// final tenders.
#[utoipa::path(post, path = "/api/v1/calls/{id}/dialogue/conclude", tag = "dialogue", security(("bearer" = [])), request_body = ConcludeInput,
    responses((status = 204), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn conclude(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    input: ApiJson<ConcludeInput>,
) -> Result<HttpResponse, AppError> {
    let actor = ctx.signed_in()?.clone();
    let (id, input, now) = (path.into_inner(), input.into_inner(), state.now());
    state
        .db(move |conn| dialogue::conclude(conn, &actor, &id, &input.text, now))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A request to participate's self-declaration: its candidate, while the phase is open.
#[utoipa::path(put, path = "/api/v1/proposals/{id}/declaration", tag = "dialogue", security(("bearer" = [])),
    request_body = crate::domain::declaration::SelfDeclaration,
    responses((status = 200, body = crate::domain::declaration::SelfDeclaration), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn save_declaration(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    input: ApiJson<crate::domain::declaration::SelfDeclaration>,
) -> Result<web::Json<crate::domain::declaration::SelfDeclaration>, AppError> {
    let actor = ctx.signed_in()?.clone();
    let (id, input, now) = (path.into_inner(), input.into_inner(), state.now());
    Ok(web::Json(
        state
            .db(move |conn| crate::service::declarations::save(conn, &actor, &id, &input, now))
            .await?,
    ))
}

/// The self-declaration, for whoever may read the request's administrative envelope.
#[utoipa::path(get, path = "/api/v1/proposals/{id}/declaration", tag = "dialogue", security(("bearer" = [])),
    responses((status = 200, body = crate::domain::declaration::SelfDeclaration), (status = 404, body = ErrorBody)))]
pub async fn declaration(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<web::Json<crate::domain::declaration::SelfDeclaration>, AppError> {
    let actor = ctx.signed_in()?.clone();
    let id = path.into_inner();
    Ok(web::Json(
        state
            .db(move |conn| crate::service::declarations::find(conn, &actor, &id))
            .await?,
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct SelectionCheckInput {
    pub checks: Vec<crate::domain::declaration::CriterionCheck>,
}

/// The officer or the chair checks a request against every selection criterion: pass or fail,
/// with a reason each; a request that fails one is not selected.
#[utoipa::path(put, path = "/api/v1/proposals/{id}/selection-check", tag = "dialogue", security(("bearer" = [])),
    request_body = SelectionCheckInput,
    responses((status = 200, body = Vec<crate::domain::declaration::CriterionCheck>), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn record_selection_check(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    input: ApiJson<SelectionCheckInput>,
) -> Result<web::Json<Vec<crate::domain::declaration::CriterionCheck>>, AppError> {
    let actor = ctx.signed_in()?.clone();
    let (id, input, now) = (path.into_inner(), input.into_inner(), state.now());
    Ok(web::Json(
        state
            .db(move |conn| {
                crate::service::declarations::record_checks(conn, &actor, &id, &input.checks, now)
            })
            .await?,
    ))
}

/// The selection check of a request, for the authority, the committee and the candidate.
#[utoipa::path(get, path = "/api/v1/proposals/{id}/selection-check", tag = "dialogue", security(("bearer" = [])),
    responses((status = 200, body = Vec<crate::domain::declaration::CriterionCheck>), (status = 404, body = ErrorBody)))]
pub async fn selection_check(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<web::Json<Vec<crate::domain::declaration::CriterionCheck>>, AppError> {
    let actor = ctx.signed_in()?.clone();
    let id = path.into_inner();
    Ok(web::Json(
        state
            .db(move |conn| crate::service::declarations::checks(conn, &actor, &id))
            .await?,
    ))
}
