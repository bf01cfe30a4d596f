//! The opening minutes (verbale di apertura): who opened the proposals and when, the committee,
//! and every proposal received with its time and file hashes, including withdrawn and replaced
//! ones and the refused late attempts.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{Block, DocumentMeta, Rendered, data_fingerprint, render};
use crate::domain::lang::Lang;
use crate::domain::time::format_rome_seconds;
use crate::i18n::Tr;

#[derive(Debug, Clone, Serialize)]
pub struct MinutesMember {
    pub name: String,
    pub chair: bool,
    pub declared_at: Option<DateTime<Utc>>,
    pub conflict: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct MinutesProposal {
    pub receipt_number: String,
    pub organisation: String,
    pub received_at: DateTime<Utc>,
    pub status: String,
    pub files: Vec<(String, String)>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OpeningMinutes {
    pub authority: String,
    pub call_reference: String,
    pub call_title: String,
    pub phase_name: String,
    pub deadline: Option<DateTime<Utc>>,
    pub opened_at: DateTime<Utc>,
    pub opened_by: String,
    /// Where the minutes are signed: the authority's seat.
    pub place: String,
    pub members: Vec<MinutesMember>,
    pub proposals: Vec<MinutesProposal>,
    pub late_refusals: Vec<DateTime<Utc>>,
}

pub fn render_opening(m: &OpeningMinutes, lang: Lang, public_base: &str) -> Rendered {
    let t = Tr(lang);
    let fingerprint = data_fingerprint(&(m, lang.code()));
    let title = format!("{} — {}", t.s("minutes.opening"), m.phase_name);
    let meta = DocumentMeta::record(
        &title,
        (&m.authority, &m.call_reference),
        &fingerprint,
        public_base,
        lang,
        m.opened_at,
    );
    let mut facts = vec![
        (
            t.s("pdf.call").to_string(),
            format!("{} ({})", m.call_title, m.call_reference),
        ),
        (t.s("call.phase").to_string(), m.phase_name.clone()),
        (
            t.s("minutes.opened_at").to_string(),
            format_rome_seconds(m.opened_at),
        ),
        (t.s("minutes.opened_by").to_string(), m.opened_by.clone()),
    ];
    if let Some(d) = m.deadline {
        facts.insert(
            2,
            (t.s("call.deadline").to_string(), format_rome_seconds(d)),
        );
    }
    let proposals = m
        .proposals
        .iter()
        .map(|p| {
            let files: Vec<String> = p
                .files
                .iter()
                .map(|(name, sha)| format!("{name}: {sha}"))
                .collect();
            vec![
                p.receipt_number.clone(),
                p.organisation.clone(),
                format_rome_seconds(p.received_at),
                p.status.clone(),
                files.join("\n"),
            ]
        })
        .collect();
    let mut blocks = vec![
        Block::Title(title),
        Block::Facts(facts),
        Block::Heading(t.s("board.committee").to_string()),
        committee_table(&m.members, t),
        Block::Heading(t.s("board.proposals").to_string()),
        Block::Table {
            headers: vec![
                t.s("receipt.number").into(),
                t.s("results.organisation").into(),
                t.s("receipt.received").into(),
                t.s("calls.status").into(),
                t.s("minutes.files").into(),
            ],
            widths: vec![1.6, 1.8, 1.7, 1.1, 4.2],
            rows: proposals,
        },
    ];
    let late = if m.late_refusals.is_empty() {
        t.s("minutes.no_late").to_string()
    } else {
        let times: Vec<String> = m
            .late_refusals
            .iter()
            .map(|d| format_rome_seconds(*d))
            .collect();
        format!("{} {}", t.s("minutes.late"), times.join("; "))
    };
    blocks.push(Block::Paragraph(late));
    blocks.push(signature_block(&m.members, &m.place, m.opened_at, t));
    Rendered {
        bytes: render(&meta, &blocks),
        data_sha256: fingerprint,
    }
}

/// How both minutes end: the committee signs, with place and date.
pub(super) fn signature_block(
    members: &[MinutesMember],
    place: &str,
    at: DateTime<Utc>,
    t: Tr,
) -> Block {
    let date = crate::domain::time::format_rome(at, t.lang());
    Block::Signatures {
        intro: t.s("minutes.signed").to_string(),
        place_date: format!("{}: {place}, {date}", t.s("minutes.place_date")),
        signers: members
            .iter()
            .filter(|m| !m.conflict)
            .map(|m| {
                let role = if m.chair {
                    t.s("board.chair")
                } else {
                    t.s("minutes.member")
                };
                (m.name.clone(), role.to_string())
            })
            .collect(),
    }
}

/// The committee as both minutes state it: each member, their role and their declaration on
/// conflicts of interest with its time.
pub(super) fn committee_table(members: &[MinutesMember], t: Tr) -> Block {
    let rows = members
        .iter()
        .map(|x| {
            let role = if x.chair {
                t.s("board.chair")
            } else {
                t.s("minutes.member")
            };
            let declaration = match (x.declared_at, x.conflict) {
                (Some(d), false) => {
                    format!("{} {}", t.s("minutes.no_conflict"), format_rome_seconds(d))
                }
                (Some(d), true) => {
                    format!("{} {}", t.s("minutes.conflict"), format_rome_seconds(d))
                }
                (None, _) => t.s("board.not_declared").to_string(),
            };
            vec![x.name.clone(), role.to_string(), declaration]
        })
        .collect();
    Block::Table {
        headers: vec![
            t.s("minutes.name").into(),
            t.s("minutes.role").into(),
            t.s("minutes.declaration").into(),
        ],
        widths: vec![3.0, 1.5, 4.0],
        rows,
    }
}
