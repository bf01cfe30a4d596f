//! The pages of communications: a supplier's inbox and one communication (opening it records its
//! reading), and a call's communications for its officers.

use actix_web::{HttpResponse, web};

use super::AppState;
use super::ctx::Ctx;
use crate::domain::access::Role;
use crate::domain::lang::Lang;
use crate::domain::time::format_rome;
use crate::error::AppError;
use crate::i18n::communications::kind_label;
use crate::service::communications::{self, CommunicationView};
use crate::views::communication::{CommunicationLine, CommunicationPage, CommunicationsPage};
use crate::views::{self};

fn line(c: &CommunicationView, lang: Lang) -> CommunicationLine {
    CommunicationLine {
        href: format!("/communications/{}", c.id),
        subject: c.subject.clone(),
        kind: kind_label(c.kind, lang),
        recipient: c.organisation.clone(),
        sent: c
            .delivered_at
            .map(|t| format_rome(t, lang))
            .unwrap_or_else(|| "–".into()),
        due: format_rome(c.due_at, lang),
        read: c.read_at.map(|t| format_rome(t, lang)),
        overdue: c.overdue,
    }
}

pub async fn inbox(ctx: Ctx, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let actor = ctx.require(Role::Supplier)?.actor.clone();
    let (lang, now) = (ctx.lang, state.now());
    let list = state
        .db(move |conn| communications::inbox(conn, &actor, lang, now))
        .await?;
    let heading = ctx.tr().s("communications.title").to_string();
    Ok(views::page(&CommunicationsPage {
        layout: super::present::layout(&ctx, &heading),
        heading,
        for_officer: false,
        lines: list.iter().map(|c| line(c, lang)).collect(),
    }))
}

pub async fn of_call(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let actor = ctx.require(Role::Officer)?.actor.clone();
    let (id, lang, now) = (path.into_inner(), ctx.lang, state.now());
    let list = state
        .db(move |conn| communications::of_call(conn, &actor, &id, lang, now))
        .await?;
    let heading = ctx.tr().s("communications.title").to_string();
    Ok(views::page(&CommunicationsPage {
        layout: super::present::layout(&ctx, &heading),
        heading,
        for_officer: true,
        lines: list.iter().map(|c| line(c, lang)).collect(),
    }))
}

pub async fn open(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let actor = ctx.signed_in()?.clone();
    let (id, lang, now) = (path.into_inner(), ctx.lang, state.now());
    let c = state
        .db(move |conn| communications::open(conn, &actor, &id, lang, now))
        .await?;
    Ok(views::page(&CommunicationPage {
        layout: super::present::layout(&ctx, &c.subject),
        line: line(&c, lang),
        call_href: format!("/calls/{}", c.call_id),
        body: c.body,
    }))
}
