//! The pages of communications: a supplier's inbox and one communication (opening it records its
//! reading), and a call's communications for its officers.

use actix_web::{HttpResponse, web};

use super::AppState;
use super::ctx::Ctx;
use crate::domain::access::Role;
use crate::domain::communication::MailStatus;
use crate::domain::lang::Lang;
use crate::domain::time::format_rome;
use crate::error::AppError;
use crate::i18n::communications::kind_label;
use crate::service::communications::{self, CommunicationView, MailDelivery};
use crate::views::communication::{
    CommunicationLine, CommunicationPage, CommunicationsPage, EmailLine,
};
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
        email: c.email.iter().map(|m| email_line(m, lang)).collect(),
    }
}

fn email_line(m: &MailDelivery, lang: Lang) -> EmailLine {
    let t = crate::i18n::Tr(lang);
    let state = match (m.sent_at, m.status) {
        (Some(at), _) => format!(
            "{} {}",
            t.s("communications.email_sent"),
            format_rome(at, lang)
        ),
        (None, MailStatus::Retrying) => format!(
            "{} {} ({} {})",
            t.s("communications.email_retrying"),
            m.next_attempt_at
                .map(|at| format_rome(at, lang))
                .unwrap_or_default(),
            m.attempts,
            t.s("communications.email_attempts")
        ),
        (None, _) => t.s("communications.email_pending").to_string(),
    };
    EmailLine {
        address: m.address.clone(),
        state,
        error: m.last_error.clone().filter(|_| m.sent_at.is_none()),
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
        email_off: false,
        email_failures: Vec::new(),
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
    let lines: Vec<CommunicationLine> = list.iter().map(|c| line(c, lang)).collect();
    let heading = ctx.tr().s("communications.title").to_string();
    Ok(views::page(&CommunicationsPage {
        layout: super::present::layout(&ctx, &heading),
        heading,
        for_officer: true,
        email_off: state.mailer.is_none(),
        email_failures: lines
            .iter()
            .flat_map(|l| {
                l.email.iter().filter_map(|e| {
                    let error = e.error.as_ref()?;
                    Some(format!(
                        "{} <{}>: {error} — {}",
                        l.recipient, e.address, e.state
                    ))
                })
            })
            .collect(),
        lines,
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
