//! Cross-cutting request handling: the CSRF cookie, one log line per request, and errors
//! rendered in the visitor's language (HTML for pages, JSON for the API).

use std::time::Instant;

use actix_web::body::{BoxBody, EitherBody, MessageBody};
use actix_web::cookie::{Cookie, SameSite};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{HttpMessage, HttpResponse, ResponseError};

use super::ctx::request_lang;
use crate::auth::new_token;
use crate::error::AppError;
use crate::views;

pub const CSRF_COOKIE: &str = "pcp_csrf";

/// The token that form posts must carry back (double-submit: cookie and form field).
#[derive(Debug, Clone)]
pub struct CsrfToken(pub String);

pub async fn csrf_cookie(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let existing = req
        .cookie(CSRF_COOKIE)
        .map(|c| c.value().to_string())
        .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()));
    let fresh = existing.is_none();
    let token = existing.unwrap_or_else(new_token);
    req.extensions_mut().insert(CsrfToken(token.clone()));
    let mut res = next.call(req).await?;
    let renewed = res.response().cookies().any(|c| c.name() == CSRF_COOKIE);
    if fresh && !renewed {
        let secure = res
            .request()
            .app_data::<actix_web::web::Data<super::AppState>>()
            .is_some_and(|s| s.settings.secure_cookies);
        let cookie = Cookie::build(CSRF_COOKIE, token)
            .path("/")
            .http_only(true)
            .secure(secure)
            .same_site(SameSite::Lax)
            .finish();
        res.response_mut().add_cookie(&cookie)?;
    }
    Ok(res)
}

/// Responses to a signed-in request are nobody else's: no cache keeps them (a shared computer's
/// back button, a proxy). Behind HTTPS, browsers are told to come back only over HTTPS.
pub async fn private_responses(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    use actix_web::http::header::{self, HeaderValue};
    let signed_in = req.cookie(super::ctx::SESSION_COOKIE).is_some()
        || req.headers().contains_key(header::AUTHORIZATION);
    let https = req
        .app_data::<actix_web::web::Data<super::AppState>>()
        .is_some_and(|s| s.settings.secure_cookies);
    let mut res = next.call(req).await?;
    let headers = res.headers_mut();
    if signed_in {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if https {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        );
    }
    Ok(res)
}

/// A fresh CSRF token, set when a session starts or ends: a token planted before sign-in is
/// worth nothing after it.
pub fn renewed_csrf_cookie(secure: bool) -> Cookie<'static> {
    Cookie::build(CSRF_COOKIE, new_token())
        .path("/")
        .http_only(true)
        .secure(secure)
        .same_site(SameSite::Lax)
        .finish()
}

pub async fn log_request(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let start = Instant::now();
    let method = req.method().to_string();
    let path = req.path().to_string();
    let res = next.call(req).await;
    let ms = start.elapsed().as_secs_f64() * 1000.0;
    match &res {
        Ok(r) => {
            tracing::info!(%method, %path, status = r.status().as_u16(), ms = format!("{ms:.1}"), "request")
        }
        Err(e) => {
            tracing::warn!(%method, %path, error = %e, ms = format!("{ms:.1}"), "request failed")
        }
    }
    res
}

/// Uploads in progress per client address, so that one client holding many connections open
/// (slowly, or stalled) cannot use up the files and connections everyone else needs.
#[derive(Clone, Default)]
pub struct UploadSlots(
    std::sync::Arc<std::sync::Mutex<std::collections::HashMap<std::net::IpAddr, usize>>>,
);

struct UploadSlot {
    slots: UploadSlots,
    ip: std::net::IpAddr,
}

impl UploadSlots {
    fn take(&self, ip: std::net::IpAddr, max: usize) -> Option<UploadSlot> {
        let mut counts = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let count = counts.entry(ip).or_default();
        if *count >= max {
            return None;
        }
        *count += 1;
        Some(UploadSlot {
            slots: self.clone(),
            ip,
        })
    }
}

impl Drop for UploadSlot {
    fn drop(&mut self) {
        let mut counts = self.slots.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(count) = counts.get_mut(&self.ip) {
            *count -= 1;
            if *count == 0 {
                counts.remove(&self.ip);
            }
        }
    }
}

pub async fn limit_uploads(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody, BoxBody>>, actix_web::Error> {
    let is_upload = req
        .headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().starts_with("multipart/"));
    let state = req
        .app_data::<actix_web::web::Data<super::AppState>>()
        .cloned();
    let (Some(state), Some(peer), true) = (state, req.peer_addr(), is_upload) else {
        return Ok(next.call(req).await?.map_into_left_body());
    };
    let max = state.settings.uploads_per_client.max(1);
    let Some(_slot) = state.upload_slots.take(peer.ip(), max) else {
        let refused = AppError::TooManyUploads { max };
        return Ok(req.error_response(refused).map_into_right_body());
    };
    Ok(next.call(req).await?.map_into_left_body())
}

pub async fn render_errors(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody, BoxBody>>, actix_web::Error> {
    let res = next.call(req).await?;
    let Some(app_error) = res
        .response()
        .error()
        .and_then(|e| e.as_error::<AppError>())
    else {
        return Ok(res.map_into_left_body());
    };
    let req = res.request().clone();
    let lang = request_lang(&req);
    let status = app_error.status_code();
    // Machines read the API and the open data: they get the error with its fields, in JSON.
    let for_machines = ["/api/", "/ocds/", "/eforms/"]
        .iter()
        .any(|prefix| req.path().starts_with(prefix));
    let response = if for_machines {
        HttpResponse::build(status).json(app_error.body(lang))
    } else {
        let html = match app_error {
            AppError::Unauthorized => {
                let csrf = req
                    .extensions()
                    .get::<CsrfToken>()
                    .map(|t| t.0.clone())
                    .unwrap_or_default();
                views::login_page(lang, req.path(), &csrf)
            }
            other => views::error_page(lang, other),
        };
        HttpResponse::build(status)
            .content_type("text/html; charset=utf-8")
            .body(html)
    };
    Ok(ServiceResponse::new(req, response).map_into_right_body())
}
