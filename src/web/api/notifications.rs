//! The JSON API of notifications and of the preferences that choose them.

use actix_web::web;

use crate::error::{AppError, ErrorBody};
use crate::service::notifications::{self, NotificationView, Preferences};
use crate::web::AppState;
use crate::web::ctx::Ctx;

use super::json::ApiJson;

/// The signed-in person's notifications, newest first (listing marks them read).
#[utoipa::path(get, path = "/api/v1/notifications", tag = "communications", security(("bearer" = [])),
    responses((status = 200, body = Vec<NotificationView>), (status = 401, body = ErrorBody)))]
pub async fn list(
    ctx: Ctx,
    state: web::Data<AppState>,
) -> Result<web::Json<Vec<NotificationView>>, AppError> {
    let actor = ctx.signed_in()?.clone();
    let (lang, now) = (ctx.lang, state.now());
    Ok(web::Json(
        state
            .db(move |conn| notifications::inbox(conn, &actor, lang, now))
            .await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/notifications/preferences", tag = "communications", security(("bearer" = [])),
    responses((status = 200, body = Preferences), (status = 401, body = ErrorBody)))]
pub async fn preferences(
    ctx: Ctx,
    state: web::Data<AppState>,
) -> Result<web::Json<Preferences>, AppError> {
    let actor = ctx.signed_in()?.clone();
    Ok(web::Json(
        state
            .db(move |conn| notifications::preferences(conn, &actor))
            .await?,
    ))
}

/// Replaces the kinds turned off (`off`) and the CPV codes followed (`cpv_prefixes`).
#[utoipa::path(put, path = "/api/v1/notifications/preferences", tag = "communications", security(("bearer" = [])), request_body = Preferences,
    responses((status = 200, body = Preferences), (status = 422, body = ErrorBody)))]
pub async fn set_preferences(
    ctx: Ctx,
    state: web::Data<AppState>,
    input: ApiJson<Preferences>,
) -> Result<web::Json<Preferences>, AppError> {
    let actor = ctx.signed_in()?.clone();
    let (input, now) = (input.into_inner(), state.now());
    Ok(web::Json(
        state
            .db(move |conn| notifications::set_preferences(conn, &actor, &input, now))
            .await?,
    ))
}
