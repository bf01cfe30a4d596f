//! Organisations in the JSON API: registration, reading, colleagues.

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::db::accounts::Organisation;
use crate::domain::access::Role;
use crate::domain::organisation::OrganisationSpec;
use crate::error::{AppError, ErrorBody};
use crate::service::accounts::NewUser;
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
    input: super::json::ApiJson<RegistrationInput>,
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
    /// Seat and size, when the supplier gave them.
    pub profile: Option<crate::domain::organisation::SupplierProfile>,
}

impl From<Organisation> for OrganisationOutput {
    fn from(o: Organisation) -> Self {
        OrganisationOutput {
            profile: crate::service::accounts::supplier_profile(&o),
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
    let actor = ctx.signed_in()?.clone();
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

#[derive(Deserialize, ToSchema)]
pub struct InvitationInput {
    pub email: String,
    pub display_name: String,
}

#[derive(Serialize, ToSchema)]
pub struct InvitationIssued {
    pub email: String,
    /// The one-time link to send the colleague; it is shown only here.
    pub url: String,
    pub expires_at: chrono::DateTime<chrono::Utc>,
}

/// A supplier invites a colleague to its own organisation: a one-time link, valid 7 days, with
/// which the colleague chooses their own password.
#[utoipa::path(post, path = "/api/v1/organisations/{id}/invitations", tag = "suppliers", security(("bearer" = [])), request_body = InvitationInput,
    responses((status = 201, body = InvitationIssued), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn invite(
    req: actix_web::HttpRequest,
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    input: super::json::ApiJson<InvitationInput>,
) -> Result<HttpResponse, AppError> {
    let actor = ctx.require(Role::Supplier)?.actor.clone();
    if actor.organisation_id.as_deref() != Some(path.as_str()) {
        return Err(AppError::Forbidden);
    }
    let now = state.now();
    let input = input.into_inner();
    let issued = state
        .db(move |conn| {
            service::invitations::invite_colleague(
                conn,
                &actor,
                &input.email,
                &input.display_name,
                now,
            )
        })
        .await?;
    Ok(HttpResponse::Created().json(InvitationIssued {
        url: format!(
            "{}/invitations/{}",
            crate::web::records::public_base(&req, &state),
            issued.token
        ),
        email: issued.email,
        expires_at: issued.expires_at,
    }))
}

#[derive(Deserialize, ToSchema)]
pub struct AcceptInvitation {
    pub password: String,
}

/// The invited colleague creates their account with a password of their own; the link then
/// stops working.
#[utoipa::path(post, path = "/api/v1/invitations/{token}", tag = "suppliers", request_body = AcceptInvitation,
    responses((status = 201, body = crate::web::api::admin::CreatedUser), (status = 422, body = ErrorBody)))]
pub async fn accept_invitation(
    state: web::Data<AppState>,
    token: web::Path<String>,
    input: super::json::ApiJson<AcceptInvitation>,
) -> Result<HttpResponse, AppError> {
    let now = state.now();
    let password = input.into_inner().password;
    let token = token.into_inner();
    let id = state
        .db(move |conn| service::invitations::accept(conn, &token, &password, now))
        .await?;
    Ok(HttpResponse::Created().json(crate::web::api::admin::CreatedUser { id }))
}
