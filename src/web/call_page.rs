//! A call's page: its phases, documents, clarifications, addenda, results and committees, and
//! the one thing a supplier comes to do there.

use actix_web::{HttpResponse, web};

use super::AppState;
use super::ctx::Ctx;
use super::present;
use crate::db;
use crate::domain::access::Role;
use crate::domain::call::CallStatus;
use crate::domain::submission::check_window;
use crate::domain::time::countdown;
use crate::eforms::{Missing, NoticeKind};
use crate::error::AppError;
use crate::service;
use crate::service::open_data::OpenDataSite;
use crate::views::{self, CallPage, EformsLink};

fn missing_label(missing: Missing) -> &'static str {
    match missing {
        Missing::Place => "eforms.missing_place",
        Missing::AuthorityProfile => "eforms.missing_profile",
        Missing::LaterDeadline => "eforms.missing_deadline",
    }
}

fn eforms_label(kind: NoticeKind) -> &'static str {
    match kind {
        NoticeKind::Contract => "eforms.contract_notice",
        NoticeKind::Award => "eforms.award_notice",
    }
}

pub async fn show_call(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let actor = ctx.actor().cloned();
    let now = state.now();
    let prefix = state.settings.ocid_prefix.clone();
    let (
        call,
        counts,
        windows,
        clarifications,
        addenda,
        results,
        committees,
        notices,
        (contracts, dialogue),
    ) = state
        .db(move |conn| {
            let call = service::calls::load_visible(conn, actor.as_ref(), &id)?;
            let manages = actor
                .as_ref()
                .is_some_and(|a| crate::domain::access::can_manage_call(a, &call.authority_id));
            // Notices are for the officer to send on (to ANAC and TED), so only officers see them here.
            let notices = if manages && call.is_public() {
                let site = OpenDataSite {
                    base: "",
                    ocid_prefix: &prefix,
                };
                Some(service::open_data::eforms_notices(conn, &site, &call.id)?)
            } else {
                None
            };
            let mut counts = Vec::new();
            let mut windows = Vec::new();
            for (i, phase_id) in call.phase_ids.iter().enumerate() {
                let takes_proposals = call.spec.phases[i].kind.has_deadline() && call.is_public();
                counts.push(if takes_proposals {
                    Some(db::proposals::count_active(conn, phase_id)?)
                } else {
                    None
                });
                let can_submit = match &actor {
                    Some(a) if a.role == Role::Supplier => {
                        let org = a.organisation_id.clone().unwrap_or_default();
                        let admitted = db::proposals::is_admitted(conn, phase_id, &org)?;
                        check_window(call.status, &call.spec.phases, i, admitted, now).is_ok()
                    }
                    _ => false,
                };
                windows.push(can_submit);
            }
            let clarifications = service::clarifications::visible(
                conn,
                actor.as_ref(),
                &call.id,
                &call.authority_id,
            )?;
            let mut results = Vec::new();
            let mut committees = Vec::new();
            for (i, phase_id) in call.phase_ids.iter().enumerate() {
                if !call.spec.phases[i].kind.has_deadline() || !call.is_public() {
                    continue;
                }
                if let Some(r) = service::evaluation::public_results(conn, phase_id)? {
                    results.push((phase_id.clone(), call.spec.phases[i].name.clone(), r));
                }
                let members = service::evaluation::composition(conn, phase_id)?;
                if !members.is_empty() {
                    committees.push((call.spec.phases[i].name.clone(), members));
                }
            }
            let addenda = db::proposals::addenda_for_call(conn, &call.id)?;
            let pcp = call.spec.procedure == crate::domain::phase::Procedure::Pcp;
            let contracts = match actor.as_ref() {
                Some(officer) if manages && pcp && call.is_public() => Some((
                    service::contracts::call_contracts(conn, officer, &call.id, now)?.contracts,
                    service::contracts::budget(conn, officer, &call.id, now)?,
                )),
                _ => None,
            };
            // The dialogue's channels: the officers', the committee's, a candidate's own.
            let dialogue = match actor.as_ref() {
                Some(a) if !pcp && call.is_public() => {
                    let channels = service::dialogue::channels(conn, a, &call.id);
                    channels.is_ok_and(|c| manages || !c.is_empty())
                }
                _ => false,
            };
            Ok((
                call,
                counts,
                windows,
                clarifications,
                addenda,
                results,
                committees,
                notices,
                (contracts, dialogue),
            ))
        })
        .await?;
    let t = ctx.tr();
    let can_manage = ctx
        .actor()
        .is_some_and(|a| crate::domain::access::can_manage_call(a, &call.authority_id));
    let published = call.status == CallStatus::Published;
    let mut view = present::call_view(&call, now, t);
    for (i, phase) in view.phases.iter_mut().enumerate() {
        phase.proposals = counts[i];
        phase.submit_href =
            windows[i].then(|| format!("/supplier/phases/{}/submit", call.phase_ids[i]));
        let evaluated = call.spec.phases[i].kind.has_deadline() && published;
        phase.evaluation_href =
            (can_manage && evaluated).then(|| format!("/officer/phases/{}", call.phase_ids[i]));
    }
    let main_action = main_action(&ctx, &call, &windows, now);
    let pcp = call.spec.procedure == crate::domain::phase::Procedure::Pcp;
    let months = service::contracts::exploitation_months(&call);
    Ok(views::page(&CallPage {
        ipr_terms: if pcp {
            crate::i18n::contracts::ipr_terms(months, ctx.lang)
        } else {
            Vec::new()
        },
        contracts: contracts.map(|(list, budget)| {
            super::contract_present::section(&list, &budget, months, ctx.lang)
        }),
        main_action,
        dialogue_href: dialogue.then(|| format!("/calls/{}/dialogue", call.id)),
        layout: present::layout(&ctx, &call.spec.title),
        clarifications: clarifications
            .iter()
            .map(|c| present::clarification_view(c, can_manage, !pcp, t))
            .collect(),
        addenda: addenda
            .iter()
            .map(|(a, docs)| present::addendum_view(&call.id, a, docs, t))
            .collect(),
        can_ask: published && ctx.actor().is_some_and(|a| a.role == Role::Supplier),
        can_add_addendum: published && can_manage,
        results: results
            .iter()
            .map(|(phase_id, name, r)| present::results_view(phase_id, name, r, t))
            .collect(),
        committees: committees
            .into_iter()
            .map(
                |(phase_name, members)| crate::views::evaluation::CommitteeView {
                    phase_name,
                    members: members
                        .into_iter()
                        .map(|(name, chair, left)| crate::views::evaluation::MemberView {
                            name,
                            chair,
                            left,
                            declared: None,
                            submitted: false,
                        })
                        .collect(),
                },
            )
            .collect(),
        eforms_missing: notices
            .as_ref()
            .and_then(|n| n.missing)
            .map(|m| t.s(missing_label(m)).to_string()),
        eforms_notices: notices
            .map(|n| n.notices)
            .unwrap_or_default()
            .into_iter()
            .map(|(kind, _)| EformsLink {
                label: format!(
                    "{} ({})",
                    t.s(eforms_label(kind)),
                    kind.subtype(call.spec.procedure)
                ),
                href: crate::web::eforms::notice_path("", &call.id, kind),
            })
            .collect(),
        call: view,
        can_manage,
    }))
}

/// "Presenta una proposta" for a supplier a phase is open to; "sign in to submit" for a visitor
/// while a phase takes proposals from everyone.
fn main_action(
    ctx: &Ctx,
    call: &crate::db::calls::CallRecord,
    windows: &[bool],
    now: chrono::DateTime<chrono::Utc>,
) -> Option<crate::views::MainAction> {
    let t = ctx.tr();
    let phases = &call.spec.phases;
    let (href, label, deadline) = if ctx.actor().is_some() {
        let i = windows.iter().position(|open| *open)?;
        (
            format!("/supplier/phases/{}/submit", call.phase_ids[i]),
            "supplier.submit",
            phases[i].deadline?,
        )
    } else {
        let (i, deadline) = (0..phases.len()).find_map(|i| {
            check_window(call.status, phases, i, false, now)
                .ok()
                .map(|d| (i, d))
        })?;
        let next = format!("/supplier/phases/{}/submit", call.phase_ids[i]);
        (
            format!(
                "/login?{}",
                serde_urlencoded::to_string([("next", next)]).ok()?
            ),
            "call.sign_in_to_submit",
            deadline,
        )
    };
    Some(crate::views::MainAction {
        href,
        label: t.s(label),
        until: format!(
            "{} {} · {}",
            t.s("call.until"),
            crate::domain::time::format_rome(deadline, ctx.lang),
            t.countdown(&countdown(now, deadline))
        ),
    })
}
