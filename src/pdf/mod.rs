//! The document engine: A4 pages with a header (authority, call reference), wrapped paragraphs,
//! label/value facts and tables that break across pages with their header repeated, and a footer
//! with "Pagina X di Y" and the verification note. printpdf 0.12 does no line wrapping, so text
//! is measured with the font's own advance widths (it does no kerning either, so the measure is
//! exact). Documents are built from plain data: nothing here reads the database or the clock, and
//! the same data gives the same bytes.

mod columns;
pub mod contract;
pub mod dialogue;
pub mod evaluation;
mod fonts;
mod layout;
pub mod minutes;
pub mod receipt;

use printpdf::{Mm, Op, PdfDocument, PdfFont, PdfPage, PdfSaveOptions, Pt};
use sha2::{Digest, Sha256};

use self::fonts::{bold_id, fonts, regular_id, wrap};
use self::layout::{Layout, grey};

use crate::domain::lang::Lang;

const PAGE_W: f32 = 595.28;
const PAGE_H: f32 = 841.89;
const MARGIN: f32 = 56.7;
const CONTENT_W: f32 = PAGE_W - 2.0 * MARGIN;
const TOP: f32 = PAGE_H - MARGIN - 30.0;
const BOTTOM: f32 = MARGIN + 24.0;
const BODY: f32 = 10.0;
const SMALL: f32 = 9.0;

/// A rendered document and the fingerprint of its data (printed in its footer).
pub struct Rendered {
    pub bytes: Vec<u8>,
    pub data_sha256: String,
}

/// What every page shows around the content.
#[derive(Debug, Clone)]
pub struct DocumentMeta {
    pub title: String,
    /// The contracting authority.
    pub header_left: String,
    /// The call's reference.
    pub header_right: String,
    /// The verification note printed in every footer.
    pub footer_note: String,
    pub lang: Lang,
    /// The date of the event the document records: its metadata's creation date.
    pub issued_at: chrono::DateTime<chrono::Utc>,
}

impl DocumentMeta {
    /// A record of the authority's on a call, with how to verify it in every footer.
    pub fn record(
        title: &str,
        (authority, reference): (&str, &str),
        fingerprint: &str,
        public_base: &str,
        lang: Lang,
        issued_at: chrono::DateTime<chrono::Utc>,
    ) -> DocumentMeta {
        DocumentMeta {
            title: title.to_string(),
            header_left: authority.to_string(),
            header_right: reference.to_string(),
            footer_note: format!(
                "{} {fingerprint} — {public_base}/verify/{fingerprint}",
                crate::i18n::Tr(lang).s("pdf.fingerprint")
            ),
            lang,
            issued_at,
        }
    }
}

#[derive(Debug, Clone)]
pub enum Block {
    Title(String),
    Heading(String),
    /// A heading within a section: one proposal's scores, say.
    Subheading(String),
    Paragraph(String),
    /// Label and value pairs.
    Facts(Vec<(String, String)>),
    /// Column headers, relative column widths, rows.
    Table {
        headers: Vec<String>,
        widths: Vec<f32>,
        rows: Vec<Vec<String>>,
    },
    /// Horizontal bars: label, value shown, share of the full width (0 to 1), highlighted.
    Bars(Vec<(String, String, f32, bool)>),
    /// The end of minutes: a sentence, place and date, and a line to sign for each (name, role),
    /// kept together on one page.
    Signatures {
        intro: String,
        place_date: String,
        signers: Vec<(String, String)>,
    },
}

fn page_label(lang: Lang, page: usize, total: usize) -> String {
    match lang {
        Lang::It => format!("Pagina {page} di {total}"),
        Lang::En => format!("Page {page} of {total}"),
    }
}

/// Renders the document; the same inputs give the same bytes.
pub fn render(meta: &DocumentMeta, blocks: &[Block]) -> Vec<u8> {
    let fonts = fonts();
    let mut layout = Layout {
        fonts,
        pages: Vec::new(),
        y: TOP,
        open_font: None,
        subheading: None,
        lang: meta.lang,
    };
    layout.new_page();
    for (i, b) in blocks.iter().enumerate() {
        layout.block(b, blocks.get(i + 1));
    }
    let total = layout.pages.len();
    let mut pages = Vec::with_capacity(total);
    for (i, mut ops) in std::mem::take(&mut layout.pages).into_iter().enumerate() {
        let mut frame = Layout {
            fonts,
            pages: vec![Vec::new()],
            y: TOP,
            open_font: None,
            subheading: None,
            lang: meta.lang,
        };
        frame.ops().push(Op::SetFillColor { col: grey(0.25) });
        frame.ops().push(Op::SetOutlineColor { col: grey(0.6) });
        frame.ops().push(Op::SetOutlineThickness { pt: Pt(0.5) });
        frame.text(true, SMALL, MARGIN, PAGE_H - MARGIN, &meta.header_left);
        let right_w = fonts.regular.width(&meta.header_right, SMALL);
        frame.text(
            false,
            SMALL,
            PAGE_W - MARGIN - right_w,
            PAGE_H - MARGIN,
            &meta.header_right,
        );
        frame.line(MARGIN, PAGE_W - MARGIN, PAGE_H - MARGIN - 6.0);
        frame.line(MARGIN, PAGE_W - MARGIN, MARGIN + 12.0);
        let note = wrap(&fonts.regular, &meta.footer_note, 7.5, CONTENT_W * 0.75);
        for (n, l) in note.iter().enumerate() {
            frame.text(false, 7.5, MARGIN, MARGIN - 10.0 * n as f32, l);
        }
        let label = page_label(meta.lang, i + 1, total);
        let label_w = fonts.regular.width(&label, SMALL);
        frame.text(false, SMALL, PAGE_W - MARGIN - label_w, MARGIN, &label);
        frame.ops().push(Op::SetFillColor { col: grey(0.0) });
        let mut all = frame.pages.remove(0);
        all.append(&mut ops);
        pages.push(PdfPage::new(Mm(210.0), Mm(297.0), all));
    }
    let mut doc = PdfDocument::new(&meta.title);
    if let Ok(at) = printpdf::OffsetDateTime::from_unix_timestamp(meta.issued_at.timestamp()) {
        let info = &mut doc.metadata.info;
        (
            info.creation_date,
            info.modification_date,
            info.metadata_date,
        ) = (at, at, at);
    }
    doc.resources
        .fonts
        .map
        .insert(regular_id(), PdfFont::new(fonts.regular.font.clone()));
    doc.resources
        .fonts
        .map
        .insert(bold_id(), PdfFont::new(fonts.bold.font.clone()));
    let options = PdfSaveOptions {
        subset_fonts: true,
        ..Default::default()
    };
    let mut bytes = doc.with_pages(pages).save(&options, &mut Vec::new());
    stamp_trailer_id(&mut bytes);
    bytes
}

/// printpdf fills the trailer's /ID with a per-process counter; it becomes a hash of the
/// document instead, so the bytes depend only on the content.
fn stamp_trailer_id(bytes: &mut [u8]) {
    let Some(pos) = bytes.windows(4).rposition(|w| w == b"/ID[" || w == b"/ID ") else {
        return;
    };
    let mut spans = Vec::new();
    let mut i = pos;
    while i < bytes.len() && bytes[i] != b']' {
        if bytes[i] == b'(' || bytes[i] == b'<' {
            let close = if bytes[i] == b'(' { b')' } else { b'>' };
            let start = i + 1;
            let end = start + bytes[start..].iter().position(|&c| c == close).unwrap_or(0);
            spans.push((start, end));
            i = end;
        }
        i += 1;
    }
    for &(start, end) in &spans {
        bytes[start..end].fill(b'0');
    }
    let digest = hex::encode(Sha256::digest(&*bytes));
    for &(start, end) in &spans {
        for (b, d) in bytes[start..end].iter_mut().zip(digest.bytes().cycle()) {
            *b = d;
        }
    }
}

/// The fingerprint of a document's data, printed in its footer and accepted by /verify.
pub fn data_fingerprint(data: &impl serde::Serialize) -> String {
    hex::encode(Sha256::digest(serde_json::to_vec(data).unwrap_or_default()))
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    fn meta() -> DocumentMeta {
        DocumentMeta {
            title: "Verbale".into(),
            header_left: "Regione Emilia-Romagna".into(),
            header_right: "PCP-ER-2026-01".into(),
            footer_note: "Verifica: /verify".into(),
            lang: Lang::It,
            issued_at: chrono::DateTime::parse_from_rfc3339("2027-01-15T11:00:00Z")
                .unwrap()
                .into(),
        }
    }

    pub(super) fn long_table() -> Vec<Block> {
        vec![
            Block::Title("Verbale di apertura".into()),
            Block::Table {
                headers: vec!["Ricevuta".into(), "SHA-256".into()],
                widths: vec![1.0, 3.0],
                rows: (0..120)
                    .map(|i| vec![format!("PCPD-2026-{i:06}"), "ab".repeat(32)])
                    .collect(),
            },
        ]
    }

    #[test]
    fn the_same_data_gives_the_same_bytes() {
        assert_eq!(
            render(&meta(), &long_table()),
            render(&meta(), &long_table())
        );
    }

    #[test]
    fn long_tables_run_over_several_pages() {
        let pdf = render(&meta(), &long_table());
        let pages = pdf
            .windows(10)
            .filter(|w| w == b"/Type/Page" || w == b"/Type /Pag")
            .count();
        assert!(pages >= 3, "{pages}");
    }

    #[test]
    fn the_metadata_dates_are_the_event_s() {
        let pdf = render(&meta(), &[Block::Title("Verbale".into())]);
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.contains("D:20270115"), "creation date of the event");
        assert!(!text.contains("D:1970"), "never the epoch");
    }
}
