//! Sign in and out in the browser. The API has its own session endpoint.

use actix_web::cookie::{Cookie, SameSite};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::AppState;
use super::ctx::{Ctx, SESSION_COOKIE};
use super::present;
use crate::domain::access::Role;
use crate::error::AppError;
use crate::service;
use crate::views::{self, LoginPage};

#[derive(Deserialize)]
pub struct LoginQuery {
    next: Option<String>,
    registered: Option<String>,
}

/// Only paths on this site, so the form cannot be used to send someone elsewhere.
fn safe_next(next: Option<&str>) -> Option<String> {
    next.and_then(crate::domain::redirect::local_path)
        .filter(|n| *n != "/login")
        .map(str::to_string)
}

pub async fn login_page(ctx: Ctx, query: web::Query<LoginQuery>) -> HttpResponse {
    views::page(&LoginPage {
        layout: present::layout(&ctx, ctx.tr().s("login.title")),
        next: safe_next(query.next.as_deref()).unwrap_or_default(),
        email: String::new(),
        error: None,
        notice: query
            .registered
            .as_ref()
            .map(|_| ctx.tr().s("register.done").to_string()),
    })
}

#[derive(Deserialize)]
pub struct LoginForm {
    csrf: String,
    email: String,
    password: String,
    #[serde(default)]
    next: String,
}

pub async fn login(
    ctx: Ctx,
    state: web::Data<AppState>,
    form: web::Form<LoginForm>,
) -> Result<HttpResponse, AppError> {
    ctx.check_csrf(&form.csrf)?;
    let form = form.into_inner();
    let (email, password) = (form.email.clone(), form.password.clone());
    let hours = state.settings.session_hours;
    let now = state.now();
    let result = state
        .db(move |conn| service::accounts::sign_in(conn, &email, &password, hours, now))
        .await;
    match result {
        Ok(session) => {
            let home = match Role::parse(&session.user.role) {
                Some(Role::Officer) => "/officer",
                Some(Role::Supplier) => "/supplier",
                _ => "/calls",
            };
            let target = safe_next(Some(&form.next)).unwrap_or_else(|| home.to_string());
            let cookie = Cookie::build(SESSION_COOKIE, session.token)
                .path("/")
                .http_only(true)
                .secure(state.settings.secure_cookies)
                .same_site(SameSite::Lax)
                .max_age(actix_web::cookie::time::Duration::hours(hours))
                .finish();
            Ok(HttpResponse::SeeOther()
                .insert_header(("Location", target))
                .cookie(cookie)
                .cookie(super::middleware::renewed_csrf_cookie(
                    state.settings.secure_cookies,
                ))
                .finish())
        }
        Err(AppError::BadCredentials) => Ok(views::page_with_status(
            StatusCode::UNAUTHORIZED,
            &LoginPage {
                layout: present::layout(&ctx, ctx.tr().s("login.title")),
                next: safe_next(Some(&form.next)).unwrap_or_default(),
                email: form.email,
                error: Some(crate::i18n::error_message(
                    &AppError::BadCredentials,
                    ctx.lang,
                )),
                notice: None,
            },
        )),
        Err(e) => Err(e),
    }
}

#[derive(Deserialize)]
pub struct LogoutForm {
    csrf: String,
}

pub async fn logout(
    req: HttpRequest,
    ctx: Ctx,
    state: web::Data<AppState>,
    form: web::Form<LogoutForm>,
) -> Result<HttpResponse, AppError> {
    ctx.check_csrf(&form.csrf)?;
    if let Some(token) = req.cookie(SESSION_COOKIE).map(|c| c.value().to_string()) {
        state
            .db(move |conn| service::accounts::sign_out(conn, &token))
            .await?;
    }
    let mut gone = Cookie::build(SESSION_COOKIE, "").path("/").finish();
    gone.make_removal();
    Ok(HttpResponse::SeeOther()
        .insert_header(("Location", "/calls"))
        .cookie(gone)
        .cookie(super::middleware::renewed_csrf_cookie(
            state.settings.secure_cookies,
        ))
        .finish())
}
