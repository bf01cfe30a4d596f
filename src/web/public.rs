//! Pages anyone can see: the list of calls, its documents; health and language (a call's own
//! page is `call_page`).

use actix_web::cookie::{Cookie, SameSite};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::AppState;
use super::ctx::{Ctx, LANG_COOKIE};
use super::present;
use crate::db::calls::CallFilter;
use crate::db::{self, DbConnection};
use crate::domain::call::CallStatus;
use crate::domain::call_stage::CallStage;
use crate::domain::lang::Lang;
use crate::domain::phase::Procedure;
use crate::error::AppError;
use crate::i18n;
use crate::service;
use crate::views::{self, CallsListPage, Choice};

pub const PAGE_SIZE: i64 = 20;

pub async fn health(state: web::Data<AppState>) -> HttpResponse {
    let checked = state
        .db(|conn| {
            use diesel::connection::SimpleConnection;
            conn.batch_execute("SELECT 1").map_err(AppError::from)?;
            Ok(match conn {
                DbConnection::Sqlite(_) => "sqlite",
                DbConnection::Postgres(_) => "postgres",
            })
        })
        .await;
    match checked {
        Ok(backend) => {
            HttpResponse::Ok().json(serde_json::json!({"status": "ok", "database": backend}))
        }
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            HttpResponse::ServiceUnavailable()
                .json(serde_json::json!({"status": "unavailable", "database": "unreachable"}))
        }
    }
}

pub async fn stylesheet() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/css; charset=utf-8")
        .insert_header(("Cache-Control", "public, max-age=3600"))
        .body(include_str!("../../static/site.css"))
}

pub async fn script() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/javascript; charset=utf-8")
        .insert_header(("Cache-Control", "public, max-age=3600"))
        .body(include_str!("../../static/app.js"))
}

pub async fn home() -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header(("Location", "/calls"))
        .finish()
}

#[derive(Debug, Deserialize, Default)]
pub struct ListQuery {
    pub procedure: Option<String>,
    pub status: Option<String>,
    pub cpv: Option<String>,
    pub q: Option<String>,
    pub page: Option<i64>,
}

impl ListQuery {
    /// The filter and what could not be read of it (shown next to its field).
    pub fn filter(&self) -> (CallFilter, Vec<crate::domain::Violation>) {
        super::call_filter::read_filter(super::call_filter::FilterInput {
            procedure: self.procedure.as_deref(),
            status: self.status.as_deref(),
            cpv: self.cpv.as_deref(),
            text: self.q.as_deref(),
        })
    }
}

/// The list's address for `page`, keeping the filters; encoded by the library.
fn page_link(filter: &CallFilter, page: i64) -> String {
    let mut query: Vec<(&str, String)> = vec![("page", page.to_string())];
    if let Some(p) = filter.procedure {
        query.push(("procedure", p.as_str().to_string()));
    }
    if let Some(s) = filter.status {
        query.push(("status", s.as_str().to_string()));
    }
    if let Some(c) = &filter.cpv {
        query.push(("cpv", c.clone()));
    }
    if let Some(q) = &filter.text {
        query.push(("q", q.clone()));
    }
    let encoded = serde_urlencoded::to_string(&query).unwrap_or_default();
    format!("/calls?{encoded}")
}

pub async fn list_calls(
    ctx: Ctx,
    state: web::Data<AppState>,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, AppError> {
    let (filter, violations) = query.filter();
    let offset = crate::domain::bounds::page_offset(query.page, PAGE_SIZE)
        .map_err(|v| AppError::Invalid(vec![v]))?;
    let page = query.page.unwrap_or(1);
    let f = filter.clone();
    let now = state.now();
    let (rows, total) = state
        .db(move |conn| {
            let (rows, total) = db::calls::list(conn, &f, offset, PAGE_SIZE)?;
            let mut staged = Vec::with_capacity(rows.len());
            for row in rows {
                let stage = crate::service::evaluation_views::call_stage(conn, &row.id, now)?;
                staged.push((row, stage));
            }
            Ok((staged, total))
        })
        .await?;
    let t = ctx.tr();
    let pages = ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1);
    let errors = super::call_form::messages_by_field(&violations, ctx.lang);
    let error_of = |field: &str| errors.get(field).map(|m| m.join(" "));
    Ok(views::page(&CallsListPage {
        layout: present::layout(&ctx, t.s("calls.title")),
        rows: rows
            .iter()
            .map(|(r, stage)| {
                let mut row = present::call_row(r, t);
                row.stage = i18n::call_stage_text(*stage, ctx.lang);
                if let CallStage::Taking { deadline, .. } = stage {
                    row.countdown = Some(present::countdown_view(now, *deadline, t));
                }
                row
            })
            .collect(),
        procedures: Procedure::ALL
            .into_iter()
            .map(|p| Choice {
                value: p.as_str().into(),
                label: t.procedure(&p).into(),
                selected: filter.procedure == Some(p),
            })
            .collect(),
        statuses: [
            CallStatus::Published,
            CallStatus::Concluded,
            CallStatus::Cancelled,
        ]
        .into_iter()
        .map(|s| Choice {
            value: s.as_str().into(),
            label: t.status(&s).into(),
            selected: filter.status == Some(s),
        })
        .collect(),
        cpv: query.cpv.clone().unwrap_or_default(),
        q: query.q.clone().unwrap_or_default(),
        procedure_error: error_of("procedure"),
        status_error: error_of("status"),
        cpv_error: error_of("cpv"),
        q_error: error_of("q"),
        past_the_end: (page > pages).then(|| page_link(&filter, pages)),
        total,
        page,
        pages,
        previous_link: (page > 1).then(|| page_link(&filter, page - 1)),
        next_link: (page < pages).then(|| page_link(&filter, page + 1)),
    }))
}

/// Documents of a call are public once the call is; a draft's only to its authority.
#[utoipa::path(get, path = "/api/v1/calls/{id}/documents/{doc}", tag = "calls", security((), ("bearer" = [])), params(("id" = String, Path), ("doc" = String, Path)),
    responses((status = 200, description = "The document, as uploaded", content_type = "application/octet-stream"), (status = 404, description = "Not found, or not visible to this reader", body = crate::error::ErrorBody)))]
pub async fn download_document(
    req: HttpRequest,
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (id, doc_id) = path.into_inner();
    let actor = ctx.actor().cloned();
    let doc = state
        .db(move |conn| {
            service::calls::load_visible(conn, actor.as_ref(), &id)?;
            db::calls::find_document(conn, &id, &doc_id)?.ok_or(AppError::NotFound)
        })
        .await?;
    serve_blob(&req, &state, &doc.sha256, &doc.file_name, &doc.content_type).await
}

/// Streams a stored file as a download, with its SHA-256 in a header.
pub async fn serve_blob(
    req: &HttpRequest,
    state: &AppState,
    sha256: &str,
    file_name: &str,
    content_type: &str,
) -> Result<HttpResponse, AppError> {
    let path = state.blobs.path_of(sha256).ok_or(AppError::NotFound)?;
    let file = actix_files::NamedFile::open_async(&path)
        .await
        .map_err(|e| {
            AppError::Unexpected(anyhow::anyhow!("file {sha256} missing from the store: {e}"))
        })?;
    let mut response = file
        .set_content_disposition(super::disposition::attachment(file_name))
        .into_response(req);
    let headers = response.headers_mut();
    let value = |v: &str| HeaderValue::from_str(v).map_err(|e| AppError::Unexpected(e.into()));
    headers.insert(header::CONTENT_TYPE, value(content_type)?);
    headers.insert(HeaderName::from_static("x-content-sha256"), value(sha256)?);
    headers.insert(header::CACHE_CONTROL, value("private, no-store")?);
    Ok(response)
}

#[derive(Deserialize)]
pub struct SwitchQuery {
    next: Option<String>,
}

/// The language switch: remembered in a cookie, then back to the page the visitor was on.
pub async fn switch_language(
    path: web::Path<String>,
    query: web::Query<SwitchQuery>,
) -> Result<HttpResponse, AppError> {
    let lang = Lang::parse(&path.into_inner()).ok_or(AppError::NotFound)?;
    let next = query
        .next
        .as_deref()
        .and_then(crate::domain::redirect::local_path)
        .unwrap_or("/calls");
    let cookie = Cookie::build(LANG_COOKIE, lang.code())
        .path("/")
        .same_site(SameSite::Lax)
        .max_age(actix_web::cookie::time::Duration::days(365))
        .finish();
    Ok(HttpResponse::SeeOther()
        .insert_header(("Location", next))
        .cookie(cookie)
        .finish())
}
