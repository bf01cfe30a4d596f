//! The submission receipt: what was received, when, with the SHA-256 of every file.

use super::{Block, DocumentMeta, Rendered, data_fingerprint, render};
use crate::domain::lang::Lang;
use crate::domain::time::format_rome_seconds;
use crate::i18n::{self, Tr};
use crate::service::proposals::Receipt;

pub fn render_receipt(r: &Receipt, authority: &str, lang: Lang, public_base: &str) -> Rendered {
    let t = Tr(lang);
    // The receipt records what was received: the outcome, added later, is not part of it, so the
    // receipt issued before the decision and after it are the same document.
    let received = Receipt {
        outcome: None,
        ..r.clone()
    };
    let fingerprint = data_fingerprint(&(&received, authority, lang.code()));
    let meta = DocumentMeta::record(
        &format!("{} {}", t.s("receipt.title"), r.receipt_number),
        (authority, &r.call_reference),
        &fingerprint,
        public_base,
        lang,
        r.closed_at.unwrap_or(r.received_at),
    );
    let mut facts = vec![
        (t.s("receipt.number").to_string(), r.receipt_number.clone()),
        (
            t.s("receipt.received").to_string(),
            format!(
                "{} — UTC {}",
                r.received_at_rome,
                r.received_at.format("%Y-%m-%d %H:%M:%S")
            ),
        ),
        (
            t.s("pdf.call").to_string(),
            format!("{} ({})", r.call_title, r.call_reference),
        ),
        (t.s("call.phase").to_string(), r.phase_name.clone()),
        (
            t.s("org.legal_name").to_string(),
            r.organisation_name.clone(),
        ),
        (
            t.s("calls.status").to_string(),
            i18n::proposal_status_name(r.status, lang).to_string(),
        ),
    ];
    if let Some(closed) = r.closed_at {
        facts.push((
            i18n::closed_label(r.status, lang).to_string(),
            format_rome_seconds(closed),
        ));
    }
    if let Some(deadline) = r.deadline {
        facts.push((
            t.s("call.deadline").to_string(),
            format_rome_seconds(deadline),
        ));
    }
    if let Some(price) = r.price_cents {
        facts.push((t.s("submit.price").to_string(), t.euro(&price)));
    }
    if let Some(previous) = &r.supersedes {
        facts.push((t.s("receipt.supersedes").to_string(), previous.clone()));
    }
    let rows = r
        .files
        .iter()
        .map(|f| {
            vec![
                i18n::envelope_name(f.envelope, lang).to_string(),
                f.file_name.clone(),
                f.size_bytes.to_string(),
                f.sha256.clone(),
            ]
        })
        .collect();
    let blocks = vec![
        Block::Title(format!("{} {}", t.s("receipt.title"), r.receipt_number)),
        Block::Paragraph(t.s("pdf.receipt_intro").to_string()),
        Block::Facts(facts),
        Block::Heading(t.s("receipt.files").to_string()),
        Block::Table {
            headers: vec![
                t.s("receipt.envelope").to_string(),
                t.s("call.file").to_string(),
                t.s("pdf.bytes").to_string(),
                "SHA-256".to_string(),
            ],
            widths: vec![2.2, 2.4, 1.1, 4.3],
            rows,
        },
    ];
    Rendered {
        bytes: render(&meta, &blocks),
        data_sha256: fingerprint,
    }
}
