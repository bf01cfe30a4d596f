//! The JSON API of communications: a supplier's inbox (opening one records its reading) and a
//! call's communications for its officers.

use actix_web::web;

use crate::error::{AppError, ErrorBody};
use crate::service::communications::{self, CommunicationView};
use crate::web::AppState;
use crate::web::ctx::Ctx;

/// The signed-in supplier's communications, newest first (`?lang=en` for the English text).
#[utoipa::path(get, path = "/api/v1/communications", tag = "communications", security(("bearer" = [])),
    responses((status = 200, body = Vec<CommunicationView>), (status = 403, body = ErrorBody)))]
pub async fn inbox(
    ctx: Ctx,
    state: web::Data<AppState>,
) -> Result<web::Json<Vec<CommunicationView>>, AppError> {
    let actor = ctx.signed_in()?.clone();
    let (lang, now) = (ctx.lang, state.now());
    Ok(web::Json(
        state
            .db(move |conn| communications::inbox(conn, &actor, lang, now))
            .await?,
    ))
}

/// One communication, for its recipient (whose first reading is recorded) and the authority.
#[utoipa::path(get, path = "/api/v1/communications/{id}", tag = "communications", security(("bearer" = [])),
    responses((status = 200, body = CommunicationView), (status = 404, body = ErrorBody)))]
pub async fn open(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<web::Json<CommunicationView>, AppError> {
    let actor = ctx.signed_in()?.clone();
    let (id, lang, now) = (path.into_inner(), ctx.lang, state.now());
    Ok(web::Json(
        state
            .db(move |conn| communications::open(conn, &actor, &id, lang, now))
            .await?,
    ))
}

/// Every communication of a call, for its officers: sent, due and read.
#[utoipa::path(get, path = "/api/v1/calls/{id}/communications", tag = "communications", security(("bearer" = [])),
    responses((status = 200, body = Vec<CommunicationView>), (status = 404, body = ErrorBody)))]
pub async fn of_call(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<web::Json<Vec<CommunicationView>>, AppError> {
    let actor = ctx.signed_in()?.clone();
    let (id, lang, now) = (path.into_inner(), ctx.lang, state.now());
    Ok(web::Json(
        state
            .db(move |conn| communications::of_call(conn, &actor, &id, lang, now))
            .await?,
    ))
}
