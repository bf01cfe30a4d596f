//! eForms notices of public calls: the XML (`/eforms/{call}/{notice}.xml`) and the list of a
//! call's notices in the JSON API.

use actix_web::http::header::{self, ContentDisposition, DispositionParam, DispositionType};
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Serialize;

use super::AppState;
use super::records::public_base;
use crate::eforms::NoticeKind;
use crate::error::AppError;
use crate::ocds::timestamp;
use crate::service::open_data::{self, OpenDataSite};

/// One eForms notice of a public call, as UBL XML.
pub async fn notice_xml(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (call_id, slug) = path.into_inner();
    let kind = NoticeKind::from_slug(&slug).ok_or(AppError::NotFound)?;
    let base = public_base(&req, &state);
    let prefix = state.settings.ocid_prefix.clone();
    let xml = state
        .db(move |conn| {
            let site = OpenDataSite {
                base: &base,
                ocid_prefix: &prefix,
            };
            open_data::eforms_notice(conn, &site, &call_id, kind)
        })
        .await?;
    Ok(HttpResponse::Ok()
        .content_type("application/xml; charset=utf-8")
        .insert_header(ContentDisposition {
            disposition: DispositionType::Inline,
            parameters: vec![DispositionParam::Filename(format!("{slug}.xml"))],
        })
        .insert_header((header::CACHE_CONTROL, "no-cache"))
        .body(xml))
}

/// A notice of the call, where to get it and which eForms subtype it is.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct EformsNotice {
    /// `contract-notice` or `award-notice`.
    pub notice: String,
    /// The eForms notice subtype: E3 and E4 for a PCP (outside the directives).
    pub subtype: String,
    /// When the act the notice reports happened (UTC).
    pub issued_at: String,
    pub url: String,
}

#[utoipa::path(get, path = "/api/v1/calls/{id}/eforms", tag = "calls",
    responses((status = 200, body = [EformsNotice]), (status = 404, body = crate::error::ErrorBody)))]
pub async fn list_notices(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<web::Json<Vec<EformsNotice>>, AppError> {
    let call_id = path.into_inner();
    let base = public_base(&req, &state);
    let prefix = state.settings.ocid_prefix.clone();
    let (id, site_base) = (call_id.clone(), base.clone());
    let listed = state
        .db(move |conn| {
            let site = OpenDataSite {
                base: &site_base,
                ocid_prefix: &prefix,
            };
            open_data::eforms_notices(conn, &site, &id)
        })
        .await?;
    Ok(web::Json(
        listed
            .notices
            .into_iter()
            .map(|(kind, at)| EformsNotice {
                notice: kind.slug().to_string(),
                subtype: kind.subtype(listed.procedure).to_string(),
                issued_at: timestamp(at),
                url: notice_path(&base, &call_id, kind),
            })
            .collect(),
    ))
}

pub fn notice_path(base: &str, call_id: &str, kind: NoticeKind) -> String {
    format!("{base}/eforms/{call_id}/{}.xml", kind.slug())
}
