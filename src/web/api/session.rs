use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::access::Role;
use crate::error::{AppError, ErrorBody};
use crate::service;
use crate::web::AppState;
use crate::web::ctx::{Ctx, SignedIn};

#[derive(Deserialize, ToSchema)]
pub struct SessionInput {
    pub email: String,
    pub password: String,
}

#[derive(Serialize, ToSchema)]
pub struct Me {
    pub id: String,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub authority_id: Option<String>,
    pub organisation_id: Option<String>,
}

impl From<&SignedIn> for Me {
    fn from(u: &SignedIn) -> Self {
        Me {
            id: u.actor.user_id.clone(),
            email: u.email.clone(),
            display_name: u.display_name.clone(),
            role: u.actor.role,
            authority_id: u.actor.authority_id.clone(),
            organisation_id: u.actor.organisation_id.clone(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct SessionOutput {
    /// Send as `Authorization: Bearer <token>`.
    pub token: String,
    pub expires_at: DateTime<Utc>,
    pub user: Me,
}

/// Sign in with email and password; rate-limited per client address.
#[utoipa::path(post, path = "/api/v1/session", tag = "session", request_body = SessionInput,
    responses((status = 200, body = SessionOutput), (status = 401, body = ErrorBody), (status = 429)))]
pub async fn create_session(
    state: web::Data<AppState>,
    input: super::json::ApiJson<SessionInput>,
) -> Result<HttpResponse, AppError> {
    let input = input.into_inner();
    let hours = state.settings.session_hours;
    let now = state.now();
    let session = state
        .db(move |conn| service::accounts::sign_in(conn, &input.email, &input.password, hours, now))
        .await?;
    let u = session.user;
    let role = Role::parse(&u.role)
        .ok_or_else(|| AppError::Unexpected(anyhow::anyhow!("unknown role {}", u.role)))?;
    Ok(HttpResponse::Ok().json(SessionOutput {
        token: session.token,
        expires_at: session.expires_at,
        user: Me {
            id: u.id,
            email: u.email,
            display_name: u.display_name,
            role,
            authority_id: u.authority_id,
            organisation_id: u.organisation_id,
        },
    }))
}

/// End this session: the token stops working at once.
#[utoipa::path(delete, path = "/api/v1/session", tag = "session", security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody)))]
pub async fn delete_session(
    req: HttpRequest,
    ctx: Ctx,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    ctx.user.as_ref().ok_or(AppError::Unauthorized)?;
    let token = req
        .headers()
        .get(actix_web::http::header::AUTHORIZATION)
        .and_then(|h| h.to_str().ok())
        .and_then(|h| h.strip_prefix("Bearer "))
        .map(|t| t.trim().to_string())
        .ok_or(AppError::Unauthorized)?;
    state
        .db(move |conn| service::accounts::sign_out(conn, &token))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

#[utoipa::path(get, path = "/api/v1/me", tag = "session", security(("bearer" = [])),
    responses((status = 200, body = Me), (status = 401, body = ErrorBody)))]
pub async fn me(ctx: Ctx) -> Result<web::Json<Me>, AppError> {
    let user = ctx.user.as_ref().ok_or(AppError::Unauthorized)?;
    Ok(web::Json(Me::from(user)))
}
