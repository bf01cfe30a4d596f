use actix_multipart::Multipart;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::db::accounts::Organisation;
use crate::domain::access::Role;
use crate::domain::organisation::OrganisationSpec;
use crate::error::{AppError, ErrorBody};
use crate::service::accounts::NewUser;
use crate::service::clarifications::PublicClarification;
use crate::service::proposals::Receipt;
use crate::web::AppState;
use crate::web::ctx::Ctx;
use crate::{db, service};

#[derive(Deserialize, ToSchema)]
pub struct UserDetails {
    pub email: String,
    pub password: String,
    pub display_name: String,
}

#[derive(Deserialize, ToSchema)]
pub struct RegistrationInput {
    pub organisation: OrganisationSpec,
    pub user: UserDetails,
}

#[derive(Serialize, ToSchema)]
pub struct Registered {
    pub organisation_id: String,
    pub user_id: String,
}

/// A supplier registers its organisation and first user. Rate-limited like sign-in.
#[utoipa::path(post, path = "/api/v1/organisations", tag = "suppliers", request_body = RegistrationInput,
    responses((status = 201, body = Registered), (status = 422, body = ErrorBody)))]
pub async fn register(
    state: web::Data<AppState>,
    input: web::Json<RegistrationInput>,
) -> Result<HttpResponse, AppError> {
    let input = input.into_inner();
    let now = state.now();
    let (organisation_id, user_id) = state
        .db(move |conn| {
            let u = &input.user;
            let user = NewUser {
                email: &u.email,
                password: &u.password,
                role: Role::Supplier,
                display_name: &u.display_name,
                authority_id: None,
                organisation_id: None,
            };
            service::accounts::register_organisation(conn, &input.organisation, user, now)
        })
        .await?;
    Ok(HttpResponse::Created().json(Registered {
        organisation_id,
        user_id,
    }))
}

#[derive(Serialize, ToSchema)]
pub struct OrganisationOutput {
    pub id: String,
    pub legal_name: String,
    pub vat_number: String,
    pub country: String,
    pub address: String,
    pub email: String,
}

impl From<Organisation> for OrganisationOutput {
    fn from(o: Organisation) -> Self {
        OrganisationOutput {
            id: o.id,
            legal_name: o.legal_name,
            vat_number: o.vat_number,
            country: o.country,
            address: o.address,
            email: o.email,
        }
    }
}

/// Officers and admins see every organisation.
#[utoipa::path(get, path = "/api/v1/organisations", tag = "suppliers", security(("bearer" = [])),
    responses((status = 200, body = Vec<OrganisationOutput>), (status = 403, body = ErrorBody)))]
pub async fn list(
    ctx: Ctx,
    state: web::Data<AppState>,
) -> Result<web::Json<Vec<OrganisationOutput>>, AppError> {
    let user = ctx.user.as_ref().ok_or(AppError::Unauthorized)?;
    if !matches!(user.actor.role, Role::Officer | Role::Admin) {
        return Err(AppError::Forbidden);
    }
    let list = state
        .db(|conn| Ok(db::proposals::list_organisations(conn)?))
        .await?;
    Ok(web::Json(list.into_iter().map(Into::into).collect()))
}

/// Officers and admins see any organisation; a supplier only its own.
#[utoipa::path(get, path = "/api/v1/organisations/{id}", tag = "suppliers", security(("bearer" = [])),
    responses((status = 200, body = OrganisationOutput), (status = 404, body = ErrorBody)))]
pub async fn get(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<web::Json<OrganisationOutput>, AppError> {
    let actor = ctx
        .user
        .as_ref()
        .ok_or(AppError::Unauthorized)?
        .actor
        .clone();
    let id = path.into_inner();
    let allowed = matches!(actor.role, Role::Officer | Role::Admin)
        || actor.organisation_id.as_deref() == Some(id.as_str());
    if !allowed {
        return Err(if actor.role == Role::Supplier {
            AppError::NotFound
        } else {
            AppError::Forbidden
        });
    }
    let org = state
        .db(move |conn| db::accounts::find_organisation(conn, &id)?.ok_or(AppError::NotFound))
        .await?;
    Ok(web::Json(org.into()))
}

/// A supplier adds a colleague to its own organisation.
#[utoipa::path(post, path = "/api/v1/organisations/{id}/members", tag = "suppliers", security(("bearer" = [])), request_body = UserDetails,
    responses((status = 201, body = crate::web::api::admin::CreatedUser), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_member(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    input: web::Json<UserDetails>,
) -> Result<HttpResponse, AppError> {
    let actor = ctx.require(Role::Supplier)?.actor.clone();
    if actor.organisation_id.as_deref() != Some(path.as_str()) {
        return Err(AppError::Forbidden);
    }
    let now = state.now();
    let u = input.into_inner();
    let id = state
        .db(move |conn| {
            let user = NewUser {
                email: &u.email,
                password: &u.password,
                role: Role::Supplier,
                display_name: &u.display_name,
                authority_id: None,
                organisation_id: None,
            };
            service::accounts::add_colleague(conn, &actor, user, now)
        })
        .await?;
    Ok(HttpResponse::Created().json(crate::web::api::admin::CreatedUser { id }))
}

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
    let id = crate::web::submission::submit(&state, &actor, &path.into_inner(), payload).await?;
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
    let actor = ctx
        .user
        .as_ref()
        .ok_or(AppError::Unauthorized)?
        .actor
        .clone();
    let id = path.into_inner();
    Ok(web::Json(
        state
            .db(move |conn| service::proposals::receipt(conn, &actor, &id))
            .await?,
    ))
}

pub async fn file(
    req: HttpRequest,
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    crate::web::supplier::download_file(req, ctx, state, path).await
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
    input: web::Json<QuestionInput>,
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
}

/// Publishes the answer; question and answer become public without the asker's name.
#[utoipa::path(post, path = "/api/v1/clarifications/{id}/answer", tag = "calls", security(("bearer" = [])), request_body = AnswerInput,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn answer(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    input: web::Json<AnswerInput>,
) -> Result<HttpResponse, AppError> {
    let actor = ctx.require(Role::Officer)?.actor.clone();
    let (id, answer, now) = (path.into_inner(), input.into_inner().answer, state.now());
    state
        .db(move |conn| service::clarifications::answer(conn, &actor, &id, &answer, now))
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
