//! The PDF of a dialogue session's approved minutes, for whoever may read the channel.

use chrono::{DateTime, Utc};

use super::{Issue, IssuedPdf, issue};
use crate::db::DbConnection;
use crate::domain::access::Actor;
use crate::domain::lang::Lang;
use crate::error::AppError;
use crate::pdf::dialogue::{SessionMinutes, render_session_minutes};
use crate::service::dialogue;

pub fn session_minutes_pdf(
    conn: &mut DbConnection,
    actor: &Actor,
    session_id: &str,
    lang: Lang,
    public_base: &str,
    now: DateTime<Utc>,
) -> Result<IssuedPdf, AppError> {
    let (call, session, candidate) = dialogue::approved_session(conn, actor, session_id)?;
    let rendered = render_session_minutes(
        &SessionMinutes {
            session: &session,
            authority: &call.authority_name,
            call_title: &call.spec.title,
            call_reference: &call.spec.reference,
            candidate: &candidate,
        },
        lang,
        public_base,
    );
    issue(
        conn,
        &actor.user_id,
        rendered,
        Issue {
            kind: "dialogue_minutes",
            entity_id: session.id.clone(),
            lang,
            title: format!(
                "Verbale dell'incontro — {} — {candidate}",
                call.spec.reference
            ),
            event_at: session.approved_at.unwrap_or(session.starts_at).naive_utc(),
            file_name: format!("verbale-incontro-{}.pdf", call.spec.reference),
        },
        now,
    )
}

/// The dialogue phase of a competitive dialogue for its procurement report; `confidential` for
/// the authority's copy.
pub(super) fn dialogue_record(
    conn: &mut DbConnection,
    call: &crate::db::calls::CallRecord,
    confidential: bool,
    lang: Lang,
) -> Result<Option<crate::pdf::dialogue::DialogueRecord>, AppError> {
    use crate::domain::time::format_rome;
    use crate::i18n::dialogue as words;
    let candidates = dialogue::candidates(conn, call)?;
    if candidates.is_empty() {
        return Ok(None);
    }
    let stage = |phase_id: Option<&str>| dialogue::stage_name(call, phase_id).unwrap_or_default();
    let mut names = std::collections::BTreeMap::new();
    for org in &candidates {
        names.insert(org.clone(), dialogue::organisation_name(conn, org)?);
    }
    let name = |org: &str| names.get(org).cloned().unwrap_or_default();
    let mut exchanges: Vec<Vec<String>> = Vec::new();
    for phase_id in &call.phase_ids {
        for org in &candidates {
            let n = crate::db::dialogue::messages_of(conn, &call.id, org)?
                .iter()
                .filter(|m| m.phase_id.as_deref() == Some(phase_id))
                .count();
            if n > 0 {
                exchanges.push(vec![stage(Some(phase_id)), name(org), n.to_string()]);
            }
        }
    }
    let sessions = crate::db::dialogue::sessions_of_call(conn, &call.id)?
        .into_iter()
        .map(|s| {
            let status = crate::domain::dialogue::MinutesStatus::parse(&s.status)
                .map_or("", |st| words::minutes_label(st, lang));
            let mut row = vec![
                stage(s.phase_id.as_deref()),
                name(&s.organisation_id),
                format_rome(s.starts_at.and_utc(), lang),
                status.to_string(),
                s.minutes_sha256.clone().unwrap_or_else(|| "–".into()),
            ];
            if confidential {
                row.push(s.agenda.clone());
            }
            row
        })
        .collect();
    let t = crate::i18n::Tr(lang);
    let consents = dialogue::consents_for_report(conn, &call.id)?
        .into_iter()
        .map(|c| {
            let mut row = vec![
                c.organisation.clone(),
                c.shared_with_name
                    .clone()
                    .unwrap_or_else(|| t.s("dialogue.everyone").to_string()),
                words::consent_label(c.status, lang).to_string(),
                c.answered_at.map_or("–".into(), |a| format_rome(a, lang)),
            ];
            if confidential {
                row.push(c.subject.clone());
                row.push(c.purpose.clone());
            }
            row
        })
        .collect();
    Ok(Some(crate::pdf::dialogue::DialogueRecord {
        confidential,
        exchanges,
        sessions,
        consents,
        closing: crate::db::dialogue::closing(conn, &call.id)?.map(|c| c.text),
    }))
}
