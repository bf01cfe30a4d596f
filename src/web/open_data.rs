//! Open data in OCDS 1.1: the releases and the record of each public call, and of all of them.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use sha2::{Digest, Sha256};

use super::AppState;
use super::records::public_base;
use crate::error::AppError;
use serde::Deserialize;

use crate::service::open_data::{self, BulkPage, OpenDataSite, Package};

/// The release package of a call: one release per change that matters.
pub async fn call_releases(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    respond(
        req,
        state,
        Package::Releases,
        Scope::Call(path.into_inner()),
    )
    .await
}

/// The record package of a call: its releases linked and compiled.
pub async fn call_record(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    respond(req, state, Package::Records, Scope::Call(path.into_inner())).await
}

/// `?page=` (from 1) and `?per_page=` (1 to 100) of the bulk downloads.
#[derive(Debug, Deserialize)]
pub struct PageQuery {
    page: Option<i64>,
    per_page: Option<i64>,
}

impl PageQuery {
    fn page(&self) -> BulkPage {
        BulkPage {
            page: self.page.unwrap_or(1),
            per_page: self.per_page.unwrap_or(open_data::BULK_PAGE),
        }
    }
}

/// Every release of every public call (bulk download), a page at a time.
pub async fn all_releases(
    req: HttpRequest,
    state: web::Data<AppState>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    respond(req, state, Package::Releases, Scope::Bulk(query.page())).await
}

/// The record of every public call (bulk download), a page at a time.
pub async fn all_records(
    req: HttpRequest,
    state: web::Data<AppState>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    respond(req, state, Package::Records, Scope::Bulk(query.page())).await
}

/// One call's package, or a page of the bulk download.
enum Scope {
    Call(String),
    Bulk(BulkPage),
}

async fn respond(
    req: HttpRequest,
    state: web::Data<AppState>,
    kind: Package,
    scope: Scope,
) -> Result<HttpResponse, AppError> {
    let base = public_base(&req, &state);
    let prefix = state.settings.ocid_prefix.clone();
    let now = state.now();
    let package = state
        .db(move |conn| {
            let site = OpenDataSite {
                base: &base,
                ocid_prefix: &prefix,
            };
            match &scope {
                Scope::Call(id) => open_data::call_package(conn, &site, id, kind, now),
                Scope::Bulk(page) => open_data::bulk(conn, &site, kind, *page, now),
            }
        })
        .await?;
    let body = serde_json::to_vec_pretty(&package).map_err(|e| AppError::Unexpected(e.into()))?;
    // The same data gives the same bytes, so their hash tells a harvester nothing changed.
    let etag = format!("\"{}\"", hex::encode(Sha256::digest(&body)));
    let unchanged = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|tags| tags.split(',').any(|t| t.trim() == etag));
    let mut response = if unchanged {
        HttpResponse::NotModified()
    } else {
        HttpResponse::Ok()
    };
    response
        .insert_header((header::ETAG, etag))
        .insert_header((header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"));
    if unchanged {
        return Ok(response.finish());
    }
    Ok(response.content_type("application/json").body(body))
}
