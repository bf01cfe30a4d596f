//! The PDF of a dialogue session's approved minutes: the session's facts, the agenda, the text
//! the candidate approved and the SHA-256 it approved.

use super::{Block, DocumentMeta, Rendered, data_fingerprint, render};
use crate::domain::lang::Lang;
use crate::domain::time::format_rome;
use crate::i18n::Tr;
use crate::service::dialogue::SessionView;

/// What the minutes' PDF states besides the session itself.
pub struct SessionMinutes<'a> {
    pub session: &'a SessionView,
    pub authority: &'a str,
    pub call_title: &'a str,
    pub call_reference: &'a str,
    pub candidate: &'a str,
}

pub fn render_session_minutes(m: &SessionMinutes, lang: Lang, public_base: &str) -> Rendered {
    let t = Tr(lang);
    let s = m.session;
    let fingerprint = data_fingerprint(&(
        "dialogue_minutes",
        s,
        m.authority,
        m.call_reference,
        m.candidate,
        lang.code(),
    ));
    let title = format!("{} — {}", t.s("dialogue.session_minutes"), m.candidate);
    let approved_at = s.approved_at.unwrap_or(s.starts_at);
    let meta = DocumentMeta::record(
        &title,
        (m.authority, m.call_reference),
        &fingerprint,
        public_base,
        lang,
        approved_at,
    );
    let mut blocks = vec![
        Block::Title(title),
        Block::Facts(vec![
            (
                t.s("contracts.call").to_string(),
                format!("{} ({})", m.call_title, m.call_reference),
            ),
            (
                t.s("dialogue.from_candidate").to_string(),
                m.candidate.to_string(),
            ),
            (
                t.s("dialogue.stage").to_string(),
                s.stage.clone().unwrap_or_else(|| "–".into()),
            ),
            (
                t.s("dialogue.starts_at").to_string(),
                format_rome(s.starts_at, lang),
            ),
            (t.s("dialogue.place").to_string(), s.place.clone()),
            (t.s("dialogue.attendees").to_string(), s.attendees.clone()),
        ]),
        Block::Heading(t.s("dialogue.agenda").to_string()),
    ];
    blocks.extend(paragraphs(&s.agenda));
    blocks.push(Block::Heading(t.s("dialogue.minutes").to_string()));
    blocks.extend(paragraphs(&s.minutes));
    blocks.push(Block::Facts(vec![
        (
            t.s("dialogue.minutes_status").to_string(),
            format!(
                "{} — {}",
                crate::i18n::dialogue::minutes_label(s.status, lang),
                format_rome(approved_at, lang)
            ),
        ),
        (
            "SHA-256".to_string(),
            s.minutes_sha256.clone().unwrap_or_default(),
        ),
    ]));
    Rendered {
        bytes: render(&meta, &blocks),
        data_sha256: fingerprint,
    }
}

fn paragraphs(text: &str) -> impl Iterator<Item = Block> + '_ {
    text.split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| Block::Paragraph(p.to_string()))
}

/// The dialogue phase in the procurement report: messages per stage and candidate, sessions
/// held, the consent register and the closing. The public copy names what happened; only the
/// authority's copy adds the agendas and what each consent covered.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DialogueRecord {
    pub confidential: bool,
    /// Stage, candidate, messages exchanged.
    pub exchanges: Vec<Vec<String>>,
    /// Stage, candidate, date, minutes status, SHA-256 of the approved minutes (and, in the
    /// authority's copy, the agenda).
    pub sessions: Vec<Vec<String>>,
    /// Candidate, shared with, status, date (and, in the authority's copy, what and why).
    pub consents: Vec<Vec<String>>,
    pub closing: Option<String>,
}

pub fn dialogue_blocks(d: &DialogueRecord, lang: Lang) -> Vec<Block> {
    let t = Tr(lang);
    let mut blocks = vec![Block::Heading(t.s("dialogue.title").to_string())];
    if !d.confidential {
        blocks.push(Block::Paragraph(t.s("report.dialogue_public").to_string()));
    }
    blocks.push(Block::Subheading(t.s("dialogue.messages").to_string()));
    blocks.push(Block::Table {
        headers: vec![
            t.s("dialogue.stage").to_string(),
            t.s("dialogue.from_candidate").to_string(),
            t.s("dialogue.messages").to_string(),
        ],
        widths: vec![2.5, 3.5, 1.5],
        rows: d.exchanges.clone(),
    });
    blocks.push(Block::Subheading(t.s("dialogue.sessions").to_string()));
    if d.sessions.is_empty() {
        blocks.push(Block::Paragraph(t.s("dialogue.no_sessions").to_string()));
    } else {
        let mut headers = vec![
            t.s("dialogue.stage").to_string(),
            t.s("dialogue.from_candidate").to_string(),
            t.s("dialogue.starts_at").to_string(),
            t.s("dialogue.minutes_status").to_string(),
            "SHA-256".to_string(),
        ];
        let mut widths = vec![1.6, 2.0, 1.6, 1.4, 3.0];
        if d.confidential {
            headers.push(t.s("dialogue.agenda").to_string());
            widths.push(2.4);
        }
        blocks.push(Block::Table {
            headers,
            widths,
            rows: d.sessions.clone(),
        });
    }
    blocks.push(Block::Subheading(t.s("dialogue.consents").to_string()));
    if d.consents.is_empty() {
        blocks.push(Block::Paragraph(t.s("dialogue.no_consents").to_string()));
    } else {
        let mut headers = vec![
            t.s("dialogue.from_candidate").to_string(),
            t.s("dialogue.shared_with").to_string(),
            t.s("dialogue.status").to_string(),
            t.s("dialogue.answered_on").to_string(),
        ];
        let mut widths = vec![2.2, 2.2, 1.2, 1.6];
        if d.confidential {
            headers.push(t.s("dialogue.subject").to_string());
            headers.push(t.s("dialogue.purpose").to_string());
            widths.extend([2.2, 2.2]);
        }
        blocks.push(Block::Table {
            headers,
            widths,
            rows: d.consents.clone(),
        });
    }
    if let Some(text) = &d.closing {
        blocks.push(Block::Subheading(t.s("dialogue.concluded").to_string()));
        blocks.push(Block::Paragraph(text.clone()));
    }
    blocks
}
