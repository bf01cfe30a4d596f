use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::audit::{self, ChainReport};
use crate::db;
use crate::db::accounts::Authority;
use crate::domain::access::Role;
use crate::domain::authority::AuthorityProfile;
use crate::error::{AppError, ErrorBody};
use crate::service::{
    self,
    accounts::{NewAuthority, NewUser},
};
use crate::web::AppState;
use crate::web::ctx::Ctx;

#[derive(Serialize, ToSchema)]
pub struct AuthorityOutput {
    pub id: String,
    pub name: String,
    pub fiscal_code: String,
    pub address: String,
    /// Seat, telephone, kind, main activity and review body, for eForms notices.
    pub profile: Option<AuthorityProfile>,
}

impl From<Authority> for AuthorityOutput {
    fn from(a: Authority) -> Self {
        AuthorityOutput {
            profile: service::accounts::authority_profile(&a),
            id: a.id,
            name: a.name,
            fiscal_code: a.fiscal_code,
            address: a.address,
        }
    }
}

/// Contracting authorities are public bodies: anyone may list them.
#[utoipa::path(get, path = "/api/v1/authorities", tag = "admin", responses((status = 200, body = Vec<AuthorityOutput>)))]
pub async fn list_authorities(
    state: web::Data<AppState>,
) -> Result<web::Json<Vec<AuthorityOutput>>, AppError> {
    let list = state
        .db(|conn| Ok(db::accounts::list_authorities(conn)?))
        .await?;
    Ok(web::Json(list.into_iter().map(Into::into).collect()))
}

#[derive(Deserialize, ToSchema)]
pub struct AuthorityInput {
    pub name: String,
    /// Eleven digits with the check digit
    pub fiscal_code: String,
    pub address: String,
    /// What notices under the directives state about the authority; may be recorded later.
    #[serde(default)]
    pub profile: Option<AuthorityProfile>,
}

#[utoipa::path(post, path = "/api/v1/authorities", tag = "admin", security(("bearer" = [])), request_body = AuthorityInput,
    responses((status = 201, body = AuthorityOutput), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_authority(
    ctx: Ctx,
    state: web::Data<AppState>,
    input: super::json::ApiJson<AuthorityInput>,
) -> Result<HttpResponse, AppError> {
    let admin = ctx.require(Role::Admin)?.actor.user_id.clone();
    let now = state.now();
    let input = input.into_inner();
    let created = state
        .db(move |conn| {
            service::accounts::create_authority(
                conn,
                &admin,
                NewAuthority {
                    name: &input.name,
                    fiscal_code: &input.fiscal_code,
                    address: &input.address,
                    profile: input.profile.as_ref(),
                },
                now,
            )
        })
        .await?;
    Ok(HttpResponse::Created().json(AuthorityOutput::from(created)))
}

/// Records or replaces the authority's profile (administrators only).
#[utoipa::path(put, path = "/api/v1/authorities/{id}/profile", tag = "admin", security(("bearer" = [])), request_body = AuthorityProfile,
    responses((status = 200, body = AuthorityOutput), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set_authority_profile(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    input: super::json::ApiJson<AuthorityProfile>,
) -> Result<web::Json<AuthorityOutput>, AppError> {
    let admin = ctx.require(Role::Admin)?.actor.clone();
    let now = state.now();
    let id = path.into_inner();
    let profile = input.into_inner();
    let updated = state
        .db(move |conn| {
            service::accounts::set_authority_profile(conn, &admin.user_id, &id, &profile, now)
        })
        .await?;
    Ok(web::Json(updated.into()))
}

#[derive(Deserialize, ToSchema)]
pub struct UserInput {
    pub email: String,
    pub password: String,
    pub role: Role,
    pub display_name: String,
    pub authority_id: Option<String>,
    pub organisation_id: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct CreatedUser {
    pub id: String,
}

#[utoipa::path(post, path = "/api/v1/users", tag = "admin", security(("bearer" = [])), request_body = UserInput,
    responses((status = 201, body = CreatedUser), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_user(
    ctx: Ctx,
    state: web::Data<AppState>,
    input: super::json::ApiJson<UserInput>,
) -> Result<HttpResponse, AppError> {
    let admin = ctx.require(Role::Admin)?.actor.user_id.clone();
    let now = state.now();
    let u = input.into_inner();
    let id = state
        .db(move |conn| {
            service::accounts::create_user(
                conn,
                &admin,
                NewUser {
                    email: &u.email,
                    password: &u.password,
                    role: u.role,
                    display_name: &u.display_name,
                    authority_id: u.authority_id.as_deref(),
                    organisation_id: u.organisation_id.as_deref(),
                },
                now,
            )
        })
        .await?;
    Ok(HttpResponse::Created().json(CreatedUser { id }))
}

#[derive(Serialize, ToSchema)]
pub struct AuditReport {
    pub intact: bool,
    pub events: Option<i64>,
    pub broken_at: Option<i64>,
    pub reason: Option<String>,
}

/// Follows the audit log's hash chain and reports the first broken link, or the first anchor
/// (an issued document's record of the chain, a signed checkpoint) the chain no longer meets.
#[utoipa::path(get, path = "/api/v1/audit/verify", tag = "admin", security(("bearer" = [])),
    responses((status = 200, body = AuditReport), (status = 403, body = ErrorBody)))]
pub async fn verify_audit(
    ctx: Ctx,
    state: web::Data<AppState>,
) -> Result<web::Json<AuditReport>, AppError> {
    ctx.require(Role::Admin)?;
    let settings = state.settings.clone();
    let report = state
        .db(move |conn| {
            Ok(audit::checkpoint::verify_configured(
                conn,
                &settings,
                None,
                vec![],
                vec![],
            )?)
        })
        .await?;
    Ok(web::Json(match report {
        ChainReport::Intact { events } => AuditReport {
            intact: true,
            events: Some(events),
            broken_at: None,
            reason: None,
        },
        ChainReport::Broken { seq, reason } => AuditReport {
            intact: false,
            events: None,
            broken_at: Some(seq),
            reason: Some(reason),
        },
    }))
}
