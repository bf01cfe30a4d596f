//! Open data in OCDS 1.1: the releases and the record of each public call, and of all of them.

use actix_web::{HttpRequest, HttpResponse, web};
use serde_json::Value;

use super::AppState;
use super::records::verify_base;
use crate::db::DbConnection;
use crate::error::AppError;
use crate::service::open_data::{self, OpenDataSite};

/// The release package of a call: one release per change that matters.
pub async fn call_releases(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let call = path.into_inner();
    package(req, state, move |conn, site, now| {
        open_data::release_package(conn, site, &call, now)
    })
    .await
}

/// The record package of a call: its releases linked and compiled.
pub async fn call_record(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let call = path.into_inner();
    package(req, state, move |conn, site, now| {
        open_data::record_package(conn, site, &call, now)
    })
    .await
}

/// Every release of every public call (bulk download).
pub async fn all_releases(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    package(req, state, |conn, site, now| {
        open_data::bulk(conn, site, false, now)
    })
    .await
}

/// The record of every public call (bulk download).
pub async fn all_records(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    package(req, state, |conn, site, now| {
        open_data::bulk(conn, site, true, now)
    })
    .await
}

async fn package<F>(
    req: HttpRequest,
    state: web::Data<AppState>,
    build: F,
) -> Result<HttpResponse, AppError>
where
    F: FnOnce(
            &mut DbConnection,
            &OpenDataSite,
            chrono::DateTime<chrono::Utc>,
        ) -> Result<Value, AppError>
        + Send
        + 'static,
{
    let base = verify_base(&req, &state);
    let prefix = state.settings.ocid_prefix.clone();
    let now = state.now();
    let package = state
        .db(move |conn| {
            let site = OpenDataSite {
                base: &base,
                ocid_prefix: &prefix,
            };
            build(conn, &site, now)
        })
        .await?;
    let body = serde_json::to_vec_pretty(&package).map_err(|e| AppError::Unexpected(e.into()))?;
    Ok(HttpResponse::Ok()
        .content_type("application/json")
        .insert_header(("Access-Control-Allow-Origin", "*"))
        .body(body))
}
