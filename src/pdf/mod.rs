//! The document engine: A4 pages with a header (authority, call reference), wrapped paragraphs,
//! label/value facts and tables that break across pages with their header repeated, and a footer
//! with "Pagina X di Y" and the verification note. printpdf 0.12 does no line wrapping, so text
//! is measured with the font's own advance widths (it does no kerning either, so the measure is
//! exact). Documents are built from plain data: nothing here reads the database or the clock, and
//! the same data gives the same bytes.

pub mod evaluation;
pub mod minutes;
pub mod receipt;

use printpdf::{
    Color, FontId, Line, LinePoint, Mm, Op, PaintMode, ParsedFont, PdfDocument, PdfFont,
    PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, Rect, Rgb, TextItem, TextMatrix,
};
use std::sync::OnceLock;

use sha2::{Digest, Sha256};

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
}

struct Fonts {
    regular: Face,
    bold: Face,
}

/// Characters below this have their advance widths looked up once, when the fonts load: every
/// Italian and English text, and most European names, measure from a table.
const TABULATED: usize = 0x250;

/// A font and the advance widths of its common characters.
struct Face {
    font: ParsedFont,
    per_em: f32,
    advances: Vec<u16>,
}

impl Face {
    fn new(font: ParsedFont) -> Face {
        let advances = (0..TABULATED as u32)
            .map(|c| font.get_horizontal_advance(font.lookup_glyph_index(c).unwrap_or(0)))
            .collect();
        Face {
            per_em: f32::from(font.font_metrics.units_per_em),
            advances,
            font,
        }
    }

    fn advance(&self, c: char) -> u32 {
        match self.advances.get(c as usize) {
            Some(units) => u32::from(*units),
            None => u32::from(
                self.font
                    .get_horizontal_advance(self.font.lookup_glyph_index(c as u32).unwrap_or(0)),
            ),
        }
    }

    fn width(&self, s: &str, size: f32) -> f32 {
        let units: u32 = s.chars().map(|c| self.advance(c)).sum();
        units as f32 * size / self.per_em
    }
}

/// Fixed ids keep resource names and subset prefixes the same on every run.
fn regular_id() -> FontId {
    FontId("PDSREG".into())
}

fn bold_id() -> FontId {
    FontId("PDSBLD".into())
}

/// The fonts are parsed once per process: every document uses the same two.
fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| {
        let mut warnings = Vec::new();
        let regular = ParsedFont::from_bytes(dejavu::sans::regular(), 0, &mut warnings);
        let bold = ParsedFont::from_bytes(dejavu::sans::bold(), 0, &mut warnings);
        match (regular, bold) {
            (Some(regular), Some(bold)) => Fonts {
                regular: Face::new(regular),
                bold: Face::new(bold),
            },
            // Compiled in: failing to parse them is a build defect, not a runtime state.
            _ => panic!("the embedded DejaVu fonts cannot be parsed"),
        }
    })
}

/// Greedy word wrap; a word wider than the line (a hash, a long file name) is cut by characters.
/// Widths are added up as words are placed, so a paragraph is measured once.
fn wrap(font: &Face, text: &str, size: f32, width: f32) -> Vec<String> {
    let space = font.width(" ", size);
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut current = String::new();
        let mut current_w = 0.0;
        for word in paragraph.split_whitespace() {
            let word_w = font.width(word, size);
            let needed = if current.is_empty() {
                word_w
            } else {
                current_w + space + word_w
            };
            if needed <= width {
                if !current.is_empty() {
                    current.push(' ');
                }
                current.push_str(word);
                current_w = needed;
                continue;
            }
            if !current.is_empty() {
                lines.push(std::mem::take(&mut current));
                current_w = 0.0;
            }
            if word_w <= width {
                current.push_str(word);
                current_w = word_w;
                continue;
            }
            for c in word.chars() {
                let c_w = font.width(c.encode_utf8(&mut [0; 4]), size);
                if current_w + c_w > width && !current.is_empty() {
                    lines.push(std::mem::take(&mut current));
                    current_w = 0.0;
                }
                current.push(c);
                current_w += c_w;
            }
        }
        lines.push(current);
    }
    lines
}

fn grey(level: f32) -> Color {
    Color::Rgb(Rgb {
        r: level,
        g: level,
        b: level,
        icc_profile: None,
    })
}

fn blue() -> Color {
    Color::Rgb(Rgb {
        r: 0.0,
        g: 0.3,
        b: 0.6,
        icc_profile: None,
    })
}

struct Layout<'a> {
    fonts: &'a Fonts,
    pages: Vec<Vec<Op>>,
    y: f32,
    /// The font of the text section that ends the current page's operations, if one does.
    open_font: Option<(bool, f32)>,
    /// The subheading a table stands under, repeated with it on each new page.
    subheading: Option<String>,
    lang: Lang,
}

impl Layout<'_> {
    fn ops(&mut self) -> &mut Vec<Op> {
        if self.pages.is_empty() {
            self.pages.push(Vec::new());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = TOP;
    }

    /// Starts a new page unless `height` still fits on this one.
    fn reserve(&mut self, height: f32) -> bool {
        if self.y - height < BOTTOM {
            self.new_page();
            return true;
        }
        false
    }

    /// Consecutive lines share one text section, and its font while it stays the same: a third
    /// of the operators of a line-per-section stream, for the same page.
    fn text(&mut self, bold: bool, size: f32, x: f32, y: f32, s: &str) {
        let open_font = self.open_font;
        let ops = self.ops();
        let continues = matches!(ops.last(), Some(Op::EndTextSection));
        if continues {
            ops.pop();
        } else {
            ops.push(Op::StartTextSection);
        }
        if !continues || open_font != Some((bold, size)) {
            let font = if bold { bold_id() } else { regular_id() };
            ops.push(Op::SetFont {
                font: PdfFontHandle::External(font),
                size: Pt(size),
            });
        }
        ops.extend([
            Op::SetTextMatrix {
                matrix: TextMatrix::Translate(Pt(x), Pt(y)),
            },
            Op::ShowText {
                items: vec![TextItem::Text(s.to_string())],
            },
            Op::EndTextSection,
        ]);
        self.open_font = Some((bold, size));
    }

    fn line(&mut self, x1: f32, x2: f32, y: f32) {
        let p = |x: f32| LinePoint {
            p: Point { x: Pt(x), y: Pt(y) },
            bezier: false,
        };
        self.ops().push(Op::DrawLine {
            line: Line {
                points: vec![p(x1), p(x2)],
                is_closed: false,
            },
        });
    }

    fn lines(&mut self, bold: bool, size: f32, x: f32, width: f32, text: &str) {
        let font = if bold {
            &self.fonts.bold
        } else {
            &self.fonts.regular
        };
        let leading = size * 1.4;
        for l in wrap(font, text, size, width) {
            self.reserve(leading);
            self.y -= leading;
            let y = self.y;
            self.text(bold, size, x, y, &l);
        }
    }

    fn block(&mut self, block: &Block) {
        match block {
            Block::Title(t) => {
                self.ops().push(Op::SetFillColor { col: blue() });
                self.lines(true, 16.0, MARGIN, CONTENT_W, t);
                self.ops().push(Op::SetFillColor { col: grey(0.0) });
                self.y -= 6.0;
            }
            Block::Heading(h) => {
                self.subheading = None;
                self.reserve(40.0);
                self.y -= 8.0;
                self.lines(true, 12.0, MARGIN, CONTENT_W, h);
                self.y -= 2.0;
            }
            Block::Subheading(h) => {
                self.reserve(36.0);
                self.y -= 4.0;
                self.lines(true, BODY, MARGIN, CONTENT_W, h);
                self.subheading = Some(h.clone());
            }
            Block::Paragraph(p) => {
                self.lines(false, BODY, MARGIN, CONTENT_W, p);
                self.y -= 4.0;
            }
            Block::Facts(facts) => {
                let label_w = CONTENT_W * 0.34;
                for (label, value) in facts {
                    let labels = wrap(&self.fonts.bold, label, SMALL, label_w - 6.0);
                    let values = wrap(&self.fonts.regular, value, BODY, CONTENT_W - label_w);
                    let height = labels.len().max(values.len()) as f32 * BODY * 1.4;
                    self.reserve(height);
                    let top = self.y;
                    for (i, l) in labels.iter().enumerate() {
                        self.text(true, SMALL, MARGIN, top - BODY * 1.4 * (i + 1) as f32, l);
                    }
                    for (i, v) in values.iter().enumerate() {
                        self.text(
                            false,
                            BODY,
                            MARGIN + label_w,
                            top - BODY * 1.4 * (i + 1) as f32,
                            v,
                        );
                    }
                    self.y = top - height - 2.0;
                }
                self.y -= 4.0;
            }
            Block::Table {
                headers,
                widths,
                rows,
            } => self.table(headers, widths, rows),
            Block::Bars(bars) => self.bars(bars),
        }
    }

    /// The lines of each cell of a row, measured once for both its height and its drawing.
    fn wrap_row(&self, cells: &[String], widths: &[f32], bold: bool) -> Vec<Vec<String>> {
        let font = if bold {
            &self.fonts.bold
        } else {
            &self.fonts.regular
        };
        cells
            .iter()
            .zip(widths)
            .map(|(c, w)| wrap(font, c, SMALL, w - 6.0))
            .collect()
    }

    fn row_height(wrapped: &[Vec<String>]) -> f32 {
        wrapped.iter().map(Vec::len).max().unwrap_or(1) as f32 * SMALL * 1.35 + 6.0
    }

    fn row(&mut self, wrapped: &[Vec<String>], widths: &[f32], bold: bool) {
        let height = Self::row_height(wrapped);
        let top = self.y;
        let mut x = MARGIN;
        for (cell, w) in wrapped.iter().zip(widths) {
            for (i, l) in cell.iter().enumerate() {
                self.text(
                    bold,
                    SMALL,
                    x + 3.0,
                    top - 3.0 - SMALL * 1.35 * (i + 1) as f32 + 2.0,
                    l,
                );
            }
            x += w;
        }
        self.y = top - height;
        let y = self.y;
        self.line(MARGIN, MARGIN + CONTENT_W, y);
    }

    /// Rows never split; a row that does not fit goes to the next page under a repeated header.
    fn table(&mut self, headers: &[String], relative: &[f32], rows: &[Vec<String>]) {
        let total: f32 = relative.iter().sum();
        let widths: Vec<f32> = relative.iter().map(|w| w / total * CONTENT_W).collect();
        let header = self.wrap_row(headers, &widths, true);
        let first = rows.first().map(|r| self.wrap_row(r, &widths, false));
        self.reserve(Self::row_height(&header) + first.as_deref().map_or(0.0, Self::row_height));
        self.y -= 4.0;
        self.header_row(&header, &widths);
        for r in rows {
            let wrapped = self.wrap_row(r, &widths, false);
            if self.reserve(Self::row_height(&wrapped)) {
                if let Some(subheading) = self.subheading.clone() {
                    let continued = match self.lang {
                        Lang::It => "segue",
                        Lang::En => "continued",
                    };
                    self.lines(
                        true,
                        BODY,
                        MARGIN,
                        CONTENT_W,
                        &format!("{subheading} ({continued})"),
                    );
                    self.y -= 4.0;
                }
                self.header_row(&header, &widths);
            }
            self.row(&wrapped, &widths, false);
        }
        self.y -= 6.0;
    }

    fn bars(&mut self, bars: &[(String, String, f32, bool)]) {
        let label_w = CONTENT_W * 0.3;
        let bar_w = CONTENT_W * 0.55;
        for (label, value, share, highlight) in bars {
            self.reserve(18.0);
            self.y -= 18.0;
            let y = self.y;
            let shown: String = wrap(&self.fonts.regular, label, SMALL, label_w - 6.0)
                .into_iter()
                .next()
                .unwrap_or_default();
            self.text(false, SMALL, MARGIN, y + 4.0, &shown);
            let width = bar_w * share.clamp(0.0, 1.0);
            let fill = if *highlight { blue() } else { grey(0.6) };
            let mut rect = Rect::from_xywh(Pt(MARGIN + label_w), Pt(y), Pt(width), Pt(12.0));
            rect.mode = Some(PaintMode::Fill);
            self.ops().extend([
                Op::SetFillColor { col: fill },
                Op::DrawRectangle { rectangle: rect },
                Op::SetFillColor { col: grey(0.0) },
            ]);
            self.text(true, SMALL, MARGIN + label_w + width + 4.0, y + 3.0, value);
        }
        self.y -= 8.0;
    }

    fn header_row(&mut self, header: &[Vec<String>], widths: &[f32]) {
        let y = self.y;
        self.line(MARGIN, MARGIN + CONTENT_W, y);
        self.row(header, widths, true);
    }
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
    for b in blocks {
        layout.block(b);
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
mod tests {
    use super::*;

    fn meta() -> DocumentMeta {
        DocumentMeta {
            title: "Verbale".into(),
            header_left: "Regione Emilia-Romagna".into(),
            header_right: "PCP-ER-2026-01".into(),
            footer_note: "Verifica: /verify".into(),
            lang: Lang::It,
        }
    }

    fn long_table() -> Vec<Block> {
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

    fn laid_out(blocks: &[Block]) -> Vec<Vec<Op>> {
        let mut layout = Layout {
            fonts: fonts(),
            pages: Vec::new(),
            y: TOP,
            open_font: None,
            subheading: None,
            lang: Lang::It,
        };
        layout.new_page();
        for b in blocks {
            layout.block(b);
        }
        layout.pages
    }

    fn shown(ops: &[Op]) -> Vec<String> {
        ops.iter()
            .filter_map(|op| match op {
                Op::ShowText { items } => match items.as_slice() {
                    [TextItem::Text(t)] => Some(t.clone()),
                    _ => None,
                },
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_table_continued_on_a_new_page_repeats_its_subheading_and_header() {
        let mut blocks = vec![Block::Subheading("Operatore Alfa S.r.l.".into())];
        blocks.extend(long_table().into_iter().skip(1));
        let pages = laid_out(&blocks);
        assert!(pages.len() >= 3);
        for page in &pages[1..] {
            let lines = shown(page);
            assert_eq!(lines[0], "Operatore Alfa S.r.l. (segue)");
            assert_eq!(lines[1..3], ["Ricevuta", "SHA-256"]);
        }
    }

    #[test]
    fn lines_share_text_sections_until_a_drawing_interrupts_them() {
        let pages = laid_out(&[Block::Paragraph("parola ".repeat(400))]);
        let sections = pages[0]
            .iter()
            .filter(|op| matches!(op, Op::StartTextSection))
            .count();
        assert_eq!(sections, 1, "one section for the whole paragraph");
        assert!(shown(&pages[0]).len() > 10);
        let table = laid_out(&long_table());
        let first = &table[0];
        let mut in_section = false;
        for op in first {
            match op {
                Op::StartTextSection => {
                    assert!(!in_section, "sections do not nest");
                    in_section = true;
                }
                Op::EndTextSection => in_section = false,
                Op::DrawLine { .. } | Op::DrawRectangle { .. } => {
                    assert!(!in_section, "no drawing inside a text section")
                }
                _ => {}
            }
        }
        assert!(!in_section, "every section is closed");
    }

    #[test]
    fn wrapping_keeps_every_character_and_respects_the_width() {
        let fonts = fonts();
        let text = "Città di Forlì: però più caffè € 1.234,56 ".repeat(10);
        let lines = wrap(&fonts.regular, &text, 10.0, 200.0);
        assert!(lines.len() > 3);
        assert!(lines.iter().all(|l| fonts.regular.width(l, 10.0) <= 200.0));
        assert_eq!(
            lines.join(" ").split_whitespace().collect::<Vec<_>>(),
            text.split_whitespace().collect::<Vec<_>>()
        );
        let hash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        let cut = wrap(&fonts.regular, hash, 9.0, 120.0);
        assert!(cut.len() > 1);
        assert_eq!(cut.concat(), hash);
    }
}
