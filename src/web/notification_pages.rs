//! The page of a person's notices, with the choice of which to receive and, for a supplier, the
//! CPV codes it follows. Reading the page marks the notices read.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};

use super::ctx::Ctx;
use super::done::Done;
use super::{AppState, see_other};
use crate::domain::access::Role;
use crate::domain::notification::NotificationKind;
use crate::domain::time::format_rome;
use crate::error::AppError;
use crate::i18n::notifications::kind_label;
use crate::service::notifications::{self, Preferences};
use crate::views::notification::{KindChoice, NoticeLine, NotificationsPage};
use crate::views::{self};

async fn page(
    ctx: &Ctx,
    state: &AppState,
    status: StatusCode,
    typed: Option<(Vec<NotificationKind>, String)>,
    errors: Vec<String>,
) -> Result<HttpResponse, AppError> {
    let actor = ctx.signed_in()?.clone();
    let (lang, now) = (ctx.lang, state.now());
    let (list, prefs) = state
        .db(move |conn| {
            Ok((
                notifications::inbox(conn, &actor, lang, now)?,
                notifications::preferences(conn, &actor)?,
            ))
        })
        .await?;
    let (off, cpv) = typed.unwrap_or((prefs.off.clone(), prefs.cpv_prefixes.join(", ")));
    let heading = ctx.tr().s("notifications.title").to_string();
    let page = NotificationsPage {
        layout: super::present::layout(ctx, &heading),
        heading,
        lines: list
            .iter()
            .map(|n| NoticeLine {
                subject: n.subject.clone(),
                body: n.body.clone(),
                href: n.link.clone(),
                at: format_rome(n.created_at, lang),
                unread: n.read_at.is_none_or(|r| r >= now),
            })
            .collect(),
        kinds: prefs
            .kinds
            .iter()
            .map(|k| KindChoice {
                code: k.as_str(),
                label: kind_label(*k, lang),
                on: !off.contains(k),
            })
            .collect(),
        for_supplier: ctx.signed_in()?.role == Role::Supplier,
        cpv,
        errors,
    };
    Ok(views::page_with_status(status, &page))
}

pub async fn show(ctx: Ctx, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    page(&ctx, &state, StatusCode::OK, None, Vec::new()).await
}

pub async fn save(
    ctx: Ctx,
    state: web::Data<AppState>,
    form: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let pairs = form.into_inner();
    ctx.check_csrf(super::field(&pairs, "csrf"))?;
    let actor = ctx.signed_in()?.clone();
    let on: Vec<&str> = pairs
        .iter()
        .filter(|(k, _)| k == "on")
        .map(|(_, v)| v.as_str())
        .collect();
    let off: Vec<NotificationKind> = NotificationKind::ALL
        .into_iter()
        .filter(|k| !on.contains(&k.as_str()))
        .collect();
    let cpv = super::field(&pairs, "cpv").to_string();
    let input = Preferences {
        kinds: Vec::new(),
        off: off.clone(),
        cpv_prefixes: crate::domain::cpv::split_list(&cpv)
            .into_iter()
            .map(str::to_string)
            .collect(),
    };
    let now = state.now();
    let result = state
        .db(move |conn| notifications::set_preferences(conn, &actor, &input, now))
        .await;
    match result {
        Ok(_) => Ok(see_other(
            &Done::PreferencesSaved.on("/account/notifications", None),
        )),
        Err(AppError::Invalid(v)) => {
            let lang = ctx.lang;
            let errors = v
                .iter()
                .map(|v| {
                    format!(
                        "{}: {}",
                        v.field,
                        crate::i18n::violation_message(&v.kind, lang)
                    )
                })
                .collect();
            page(
                &ctx,
                &state,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some((off, cpv)),
                errors,
            )
            .await
        }
        Err(e) => Err(e),
    }
}
