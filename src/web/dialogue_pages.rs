//! The dialogue's pages: the channels of a call, one channel with its messages, sessions and
//! consents. They show what `service::dialogue` gives the reader; every act is its, as the
//! API's are.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};

use super::AppState;
use super::ctx::Ctx;
use crate::domain::dialogue::{
    self as dialogue_rules, ConsentStatus, MinutesAct, MinutesStatus, Side,
};
use crate::domain::lang::Lang;
use crate::domain::time::format_rome;
use crate::error::AppError;
use crate::i18n::dialogue as words;
use crate::service::dialogue::{self, ChannelView, MessageView, SessionView};
use crate::views::dialogue::{
    ChannelLine, ChannelPage, ChannelsPage, ConsentLine, FileLine, MessageLine, SessionLine,
};
use crate::views::{self};

pub(super) mod forms;

/// What went wrong with a refused form, one sentence each.
pub(super) fn error_lines(e: &AppError, lang: Lang) -> Vec<String> {
    match e {
        AppError::Invalid(v) => v
            .iter()
            .map(|v| {
                format!(
                    "{}: {}",
                    v.field,
                    crate::i18n::violation_message(&v.kind, lang)
                )
            })
            .collect(),
        e => vec![crate::i18n::error_message(e, lang)],
    }
}

/// The list of a call's channels, with the officer's form to conclude the dialogue.
pub(super) async fn list_page(
    ctx: &Ctx,
    state: &AppState,
    call_id: &str,
    status: StatusCode,
    errors: Vec<String>,
) -> Result<HttpResponse, AppError> {
    let actor = ctx.signed_in()?.clone();
    let id = call_id.to_string();
    let (call, channels, concluded, officer) = state
        .db(move |conn| {
            let channels = dialogue::channels(conn, &actor, &id)?;
            let call = crate::db::calls::find(conn, &id)?.ok_or(AppError::NotFound)?;
            let concluded = crate::db::dialogue::closing(conn, &id)?.map(|c| c.text);
            let officer = actor.is_officer_of(&call.authority_id);
            Ok((call, channels, concluded, officer))
        })
        .await?;
    if !officer
        && let [own] = channels.as_slice()
        && ctx
            .actor()
            .is_some_and(|a| a.organisation_id.as_deref() == Some(&own.organisation_id))
    {
        return Ok(super::see_other(&format!(
            "/calls/{}/dialogue/{}",
            call.id, own.organisation_id
        )));
    }
    let heading = ctx.tr().s("dialogue.channels").to_string();
    let page = ChannelsPage {
        layout: super::present::layout(ctx, &heading),
        heading,
        call_title: call.spec.title.clone(),
        call_href: format!("/calls/{}", call.id),
        channels: channels
            .into_iter()
            .map(|c| ChannelLine {
                href: format!("/calls/{}/dialogue/{}", call.id, c.organisation_id),
                organisation: c.organisation,
                stage: c.stage.unwrap_or_default(),
                messages: c.messages,
                unread: c.unread,
                sessions: c.sessions,
            })
            .collect(),
        can_conclude: officer && concluded.is_none(),
        conclude_action: format!("/officer/calls/{}/dialogue/conclude", call.id),
        concluded,
        errors,
    };
    Ok(views::page_with_status(status, &page))
}

pub async fn list(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    list_page(&ctx, &state, &path.into_inner(), StatusCode::OK, Vec::new()).await
}

fn message_line(m: &MessageView, organisation: &str, lang: Lang) -> MessageLine {
    let t = crate::i18n::Tr(lang);
    let side = if m.from_authority {
        t.s("dialogue.from_authority").to_string()
    } else {
        organisation.to_string()
    };
    let from = if m.author.is_empty() {
        format!("{} ({})", t.s("dialogue.platform"), side)
    } else {
        format!("{side} — {}", m.author)
    };
    MessageLine {
        id: m.id.clone(),
        kind: words::kind_label(m.kind, lang),
        from_authority: m.from_authority,
        from,
        when: format_rome(m.created_at, lang),
        stage: m.stage.clone().unwrap_or_default(),
        paragraphs: super::present::paragraphs(&m.body),
        answer_by: m.answer_by.map(|d| d.format("%d/%m/%Y").to_string()),
        read: match m.read_at {
            Some(at) => format!("{} {}", t.s("dialogue.read_at"), format_rome(at, lang)),
            None => t.s("dialogue.not_read").to_string(),
        },
        is_read: m.read_at.is_some(),
        in_reply: None,
        quote: m.quote.as_ref().map(|q| {
            let when = format_rome(q.created_at, lang);
            let who = match &q.from_candidate {
                Some(other) => format!("{other}, {when} ({})", t.s("dialogue.with_consent")),
                None => when,
            };
            (
                format!("{} {who}", t.s("dialogue.quoting")),
                super::present::paragraphs(&q.body),
            )
        }),
        files: m
            .files
            .iter()
            .map(|f| FileLine {
                href: format!("/dialogue-files/{}", f.id),
                label: format!("{} ({} byte)", f.file_name, f.size_bytes),
                sha256: f.sha256.clone(),
                shared: f.consent_id.is_some(),
            })
            .collect(),
    }
}

fn session_line(s: &SessionView, ch: &ChannelView, lang: Lang) -> SessionLine {
    // The forms offered are the steps the minutes' rule allows this reader.
    let may = |act| {
        Side::parse(&ch.side).is_some_and(|side| {
            dialogue_rules::minutes_step(s.status, act, side, s.minutes.trim().is_empty()).is_ok()
        })
    };
    SessionLine {
        id: s.id.clone(),
        when: format_rome(s.starts_at, lang),
        stage: s.stage.clone().unwrap_or_default(),
        place: s.place.clone(),
        attendees: s.attendees.clone(),
        agenda: super::present::paragraphs(&s.agenda),
        minutes: s.minutes.clone(),
        minutes_paragraphs: super::present::paragraphs(&s.minutes),
        status: words::minutes_label(s.status, lang),
        can_write: may(MinutesAct::Edit),
        can_approve: may(MinutesAct::Approve),
        pdf_href: (s.status == MinutesStatus::Approved)
            .then(|| format!("/dialogue-sessions/{}/minutes.pdf", s.id)),
        sha256: s.minutes_sha256.clone(),
    }
}

/// One channel, read by `ctx`'s user (which records its reading), with its forms.
pub(super) async fn channel_page(
    ctx: &Ctx,
    state: &AppState,
    (call_id, organisation_id): (&str, &str),
    status: StatusCode,
    errors: Vec<String>,
) -> Result<HttpResponse, AppError> {
    let actor = ctx.signed_in()?.clone();
    let (id, org, lang, now) = (
        call_id.to_string(),
        organisation_id.to_string(),
        ctx.lang,
        state.now(),
    );
    let (ch, shareable) = state
        .db(move |conn| {
            let ch = dialogue::read(conn, &actor, &id, &org, lang, now)?;
            let shareable = if ch.side == "authority" {
                Some(dialogue::shareable(conn, &actor, &id, &org)?)
            } else {
                None
            };
            Ok((ch, shareable))
        })
        .await?;
    let for_authority = ch.side == "authority";
    let for_candidate = ch.side == "candidate";
    let mut messages: Vec<MessageLine> = ch
        .messages
        .iter()
        .map(|m| message_line(m, &ch.organisation, lang))
        .collect();
    for (line, m) in messages.iter_mut().zip(&ch.messages) {
        line.in_reply = m.reply_to.as_ref().and_then(|r| {
            ch.messages
                .iter()
                .find(|p| &p.id == r)
                .map(|p| format_rome(p.created_at, lang))
        });
    }
    let t = ctx.tr();
    let heading = format!("{} — {}", t.s("dialogue.channel"), ch.organisation);
    let shareable = shareable.unwrap_or_default();
    let page = ChannelPage {
        layout: super::present::layout(ctx, &heading),
        heading,
        call_title: ch.call_title.clone(),
        call_href: format!("/calls/{}", ch.call_id),
        list_href: format!("/calls/{}/dialogue", ch.call_id),
        base: format!("/calls/{}/dialogue/{}", ch.call_id, ch.organisation_id),
        organisation: ch.organisation.clone(),
        for_authority,
        for_candidate,
        concluded: ch.concluded.clone(),
        messages,
        sessions: ch
            .sessions
            .iter()
            .map(|s| session_line(s, &ch, lang))
            .collect(),
        consents: ch
            .consents
            .iter()
            .map(|c| ConsentLine {
                id: c.id.clone(),
                subject: c.subject.clone(),
                file: c.file_name.clone().unwrap_or_default(),
                with: c
                    .shared_with_name
                    .clone()
                    .unwrap_or_else(|| t.s("dialogue.everyone").to_string()),
                purpose: c.purpose.clone(),
                status: words::consent_label(c.status, lang),
                can_answer: for_candidate && c.status == ConsentStatus::Requested,
            })
            .collect(),
        own_files: shareable.own,
        other_files: shareable.others_files,
        others: shareable.other_candidates,
        own_messages: shareable.own_messages,
        other_messages: shareable.others_messages,
        errors,
    };
    Ok(views::page_with_status(status, &page))
}

pub async fn show(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (call, org) = path.into_inner();
    channel_page(&ctx, &state, (&call, &org), StatusCode::OK, Vec::new()).await
}
