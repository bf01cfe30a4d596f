//! The page behind an invitation link: the colleague sees which organisation invited them and
//! chooses their own password.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::AppState;
use super::call_form::messages_by_field;
use super::ctx::Ctx;
use super::present::{self, FieldBuilder};
use super::see_other;
use crate::domain::time::format_rome;
use crate::domain::violation::Violation;
use crate::error::AppError;
use crate::service::invitations::{self, OpenInvitation};
use crate::views::supplier::InvitationPage;
use crate::views::{self, Input};

fn page(
    ctx: &Ctx,
    invitation: Option<&OpenInvitation>,
    violations: &[Violation],
) -> InvitationPage {
    let t = ctx.tr();
    let errors = messages_by_field(violations, ctx.lang);
    let builder = FieldBuilder { t, errors: &errors };
    InvitationPage {
        layout: present::layout(ctx, t.s("invitation.title")),
        organisation: invitation.map(|i| i.organisation.clone()),
        email: invitation.map(|i| i.email.clone()).unwrap_or_default(),
        display_name: invitation
            .map(|i| i.display_name.clone())
            .unwrap_or_default(),
        expires_at: invitation
            .map(|i| format_rome(i.expires_at, ctx.lang))
            .unwrap_or_default(),
        password: builder.field(
            "password".into(),
            "user.password",
            "",
            Input::NewPassword,
            Some("user.password_hint"),
            true,
        ),
        not_valid: errors.get("token").cloned().unwrap_or_default(),
    }
}

/// Nobody but the colleague should keep a copy of a page whose address is a secret.
fn private(status: StatusCode, page: &InvitationPage) -> HttpResponse {
    let mut response = views::page_with_status(status, page);
    response.headers_mut().insert(
        actix_web::http::header::CACHE_CONTROL,
        actix_web::http::header::HeaderValue::from_static("no-store"),
    );
    response
}

pub async fn invitation_page(
    ctx: Ctx,
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let now = state.now();
    let token = token.into_inner();
    match state
        .db(move |conn| invitations::open(conn, &token, now))
        .await
    {
        Ok(invitation) => Ok(private(StatusCode::OK, &page(&ctx, Some(&invitation), &[]))),
        Err(AppError::Invalid(v)) => Ok(private(StatusCode::NOT_FOUND, &page(&ctx, None, &v))),
        Err(e) => Err(e),
    }
}

#[derive(Deserialize)]
pub struct AcceptForm {
    csrf: String,
    #[serde(default)]
    password: String,
}

pub async fn accept(
    ctx: Ctx,
    state: web::Data<AppState>,
    token: web::Path<String>,
    form: web::Form<AcceptForm>,
) -> Result<HttpResponse, AppError> {
    ctx.check_csrf(&form.csrf)?;
    let now = state.now();
    let token = token.into_inner();
    let password = form.into_inner().password;
    let result = state
        .db(
            move |conn| match invitations::accept(conn, &token, &password, now) {
                Ok(_) => Ok(Ok(())),
                Err(AppError::Invalid(v)) => {
                    Ok(Err((invitations::open(conn, &token, now).ok(), v)))
                }
                Err(e) => Err(e),
            },
        )
        .await?;
    match result {
        Ok(()) => Ok(see_other("/login?registered=1")),
        Err((invitation, v)) => Ok(private(
            StatusCode::UNPROCESSABLE_ENTITY,
            &page(&ctx, invitation.as_ref(), &v),
        )),
    }
}
