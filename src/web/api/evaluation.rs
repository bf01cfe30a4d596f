use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::db;
use crate::domain::access::Role;
use crate::domain::evaluation::ResultLine;
use crate::error::{AppError, ErrorBody};
use crate::service::evaluation::{
    self, ConsensusInput, PriceVerificationInput, PublicResults, ScoreInput,
};
use crate::web::AppState;
use crate::web::ctx::Ctx;

#[derive(Serialize, ToSchema)]
pub struct Evaluator {
    pub id: String,
    pub display_name: String,
}

/// Evaluator accounts, among which officers appoint committees.
#[utoipa::path(get, path = "/api/v1/evaluators", tag = "evaluation", security(("bearer" = [])),
    responses((status = 200, body = Vec<Evaluator>), (status = 403, body = ErrorBody)))]
pub async fn evaluators(
    ctx: Ctx,
    state: web::Data<AppState>,
) -> Result<web::Json<Vec<Evaluator>>, AppError> {
    ctx.require(Role::Officer)?;
    let list = state
        .db(|conn| {
            Ok(db::accounts::users_with_role(
                conn,
                Role::Evaluator.as_str(),
            )?)
        })
        .await?;
    Ok(web::Json(
        list.into_iter()
            .map(|u| Evaluator {
                id: u.id,
                display_name: u.display_name,
            })
            .collect(),
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct CommitteeInput {
    /// Evaluator user ids: an odd number, at most five.
    pub members: Vec<String>,
    pub chair: String,
}

/// Appoints the committee of a phase, after its deadline.
#[utoipa::path(post, path = "/api/v1/phases/{id}/committee", tag = "evaluation", security(("bearer" = [])), request_body = CommitteeInput,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn appoint(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    input: super::json::ApiJson<CommitteeInput>,
) -> Result<HttpResponse, AppError> {
    let actor = ctx.require(Role::Officer)?.actor.clone();
    let (phase, input, now) = (path.into_inner(), input.into_inner(), state.now());
    state
        .db(move |conn| {
            evaluation::appoint(conn, &actor, &phase, &input.members, &input.chair, now)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Deserialize, ToSchema)]
pub struct ReplacementInput {
    pub user_id: String,
}

/// Adds an evaluator in place of a member who declared a conflict of interest.
#[utoipa::path(post, path = "/api/v1/phases/{id}/committee/replacements", tag = "evaluation", security(("bearer" = [])), request_body = ReplacementInput,
    responses((status = 204), (status = 409, body = ErrorBody)))]
pub async fn replace(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    input: super::json::ApiJson<ReplacementInput>,
) -> Result<HttpResponse, AppError> {
    let actor = ctx.require(Role::Officer)?.actor.clone();
    let (phase, user, now) = (path.into_inner(), input.into_inner().user_id, state.now());
    state
        .db(move |conn| evaluation::add_replacement(conn, &actor, &phase, &user, now))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Deserialize, ToSchema)]
pub struct DeclarationInput {
    /// True if the member has a conflict of interest (they then leave the committee).
    pub conflict: bool,
    /// The statement signed, e.g. "Dichiaro l'assenza di conflitti di interesse (art. 7 DPR 62/2013)".
    pub statement: String,
}

#[utoipa::path(post, path = "/api/v1/phases/{id}/declaration", tag = "evaluation", security(("bearer" = [])), request_body = DeclarationInput,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn declare(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    input: super::json::ApiJson<DeclarationInput>,
) -> Result<HttpResponse, AppError> {
    let actor = ctx.require(Role::Evaluator)?.actor.clone();
    let (phase, input, now) = (path.into_inner(), input.into_inner(), state.now());
    state
        .db(move |conn| {
            evaluation::declare(conn, &actor, &phase, input.conflict, &input.statement, now)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Opens the proposals (officer or chair), after the deadline; the opening is recorded.
#[utoipa::path(post, path = "/api/v1/phases/{id}/open", tag = "evaluation", security(("bearer" = [])),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn open(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let actor = ctx.signed_in()?.clone();
    let (phase, now) = (path.into_inner(), state.now());
    state
        .db(move |conn| evaluation::open(conn, &actor, &phase, now))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Deserialize, ToSchema)]
pub struct ScoresInput {
    pub scores: Vec<ScoreInput>,
}

/// Saves the member's draft scores for a proposal (each with a justification).
#[utoipa::path(put, path = "/api/v1/phases/{id}/proposals/{proposal}/scores", tag = "evaluation", security(("bearer" = [])), request_body = ScoresInput,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn save_scores(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    input: super::json::ApiJson<ScoresInput>,
) -> Result<HttpResponse, AppError> {
    let actor = ctx.require(Role::Evaluator)?.actor.clone();
    let ((phase, proposal), input, now) = (path.into_inner(), input.into_inner(), state.now());
    state
        .db(move |conn| {
            evaluation::save_scores(conn, &actor, &phase, &proposal, &input.scores, now)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Submits and locks the member's scores.
#[utoipa::path(post, path = "/api/v1/phases/{id}/scores/submit", tag = "evaluation", security(("bearer" = [])),
    responses((status = 204), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn submit_scores(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let actor = ctx.require(Role::Evaluator)?.actor.clone();
    let (phase, now) = (path.into_inner(), state.now());
    state
        .db(move |conn| evaluation::submit_scores(conn, &actor, &phase, now))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Deserialize, ToSchema)]
pub struct ConsensusScores {
    pub scores: Vec<ConsensusInput>,
}

/// The chair records the committee's scores for a proposal.
#[utoipa::path(post, path = "/api/v1/phases/{id}/proposals/{proposal}/consensus", tag = "evaluation", security(("bearer" = [])), request_body = ConsensusScores,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn consensus(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    input: super::json::ApiJson<ConsensusScores>,
) -> Result<HttpResponse, AppError> {
    let actor = ctx.require(Role::Evaluator)?.actor.clone();
    let ((phase, proposal), input, now) = (path.into_inner(), input.into_inner(), state.now());
    state
        .db(move |conn| {
            evaluation::record_consensus(conn, &actor, &phase, &proposal, &input.scores, now)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The officer records the verification of an abnormally low offer (art. 110 D.Lgs. 36/2023):
/// explanations requested and received, accepted or not, with the reason. A rejected offer is
/// excluded. Required for every flagged offer before the outcome is confirmed.
#[utoipa::path(put, path = "/api/v1/phases/{id}/proposals/{proposal}/price-verification", tag = "evaluation", security(("bearer" = [])), request_body = PriceVerificationInput,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn price_verification(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    input: super::json::ApiJson<PriceVerificationInput>,
) -> Result<HttpResponse, AppError> {
    let actor = ctx.require(Role::Officer)?.actor.clone();
    let ((phase, proposal), input, now) = (path.into_inner(), input.into_inner(), state.now());
    state
        .db(move |conn| {
            evaluation::record_price_verification(conn, &actor, &phase, &proposal, &input, now)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Deserialize, ToSchema)]
pub struct DecisionInput {
    /// The text of the decision.
    pub text: String,
}

/// The officer confirms the outcome: ranking and admissions become public; admitted
/// organisations may submit in the next phase.
#[utoipa::path(post, path = "/api/v1/phases/{id}/decision", tag = "evaluation", security(("bearer" = [])), request_body = DecisionInput,
    responses((status = 200, body = Vec<ResultLine>), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn decide(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    input: super::json::ApiJson<DecisionInput>,
) -> Result<web::Json<Vec<ResultLine>>, AppError> {
    let actor = ctx.require(Role::Officer)?.actor.clone();
    let (phase, text, now) = (path.into_inner(), input.into_inner().text, state.now());
    Ok(web::Json(
        state
            .db(move |conn| evaluation::decide(conn, &actor, &phase, &text, now))
            .await?,
    ))
}

/// The confirmed results of a phase: public once the officer has decided.
#[utoipa::path(get, path = "/api/v1/phases/{id}/results", tag = "evaluation",
    responses((status = 200, body = PublicResults), (status = 404, body = ErrorBody)))]
pub async fn results(
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<web::Json<PublicResults>, AppError> {
    let phase = path.into_inner();
    let results = state
        .db(move |conn| evaluation::public_results(conn, &phase))
        .await?;
    Ok(web::Json(results.ok_or(AppError::NotFound)?))
}
