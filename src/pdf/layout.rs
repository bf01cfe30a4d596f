//! Placing blocks on A4 pages: wrapped lines, facts, tables that break across pages under a
//! repeated header, bars. Produces printpdf operations, one list per page.

use printpdf::{
    Color, Line, LinePoint, Op, PaintMode, PdfFontHandle, Point, Pt, Rect, Rgb, TextItem,
    TextMatrix,
};

use super::columns::{fit, minimum_widths};
use super::fonts::{Fonts, bold_id, regular_id, wrap};
use super::{BODY, BOTTOM, Block, CONTENT_W, MARGIN, SMALL, TOP};
use crate::domain::lang::Lang;

/// Left and right of a cell's text, together.
const CELL_PADDING: f32 = 6.0;
/// A row of signatures: role, name, room to sign, the line.
const SIGNATURE_ROW: f32 = 58.0;

pub(super) fn grey(level: f32) -> Color {
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

pub(super) struct Layout<'a> {
    pub(super) fonts: &'a Fonts,
    pub(super) pages: Vec<Vec<Op>>,
    pub(super) y: f32,
    /// The font of the text section that ends the current page's operations, if one does.
    pub(super) open_font: Option<(bool, f32)>,
    /// The subheading a table stands under, repeated with it on each new page.
    pub(super) subheading: Option<String>,
    pub(super) lang: Lang,
}

impl Layout<'_> {
    pub(super) fn ops(&mut self) -> &mut Vec<Op> {
        if self.pages.is_empty() {
            self.pages.push(Vec::new());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    pub(super) fn new_page(&mut self) {
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
    pub(super) fn text(&mut self, bold: bool, size: f32, x: f32, y: f32, s: &str) {
        let s = super::fonts::printable(self.fonts, s).into_owned();
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

    pub(super) fn line(&mut self, x1: f32, x2: f32, y: f32) {
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

    /// Lays out `block`; a heading keeps the start of `next` with it, so that it is never left
    /// alone at the foot of a page.
    pub(super) fn block(&mut self, block: &Block, next: Option<&Block>) {
        let lead = next.map_or(0.0, |n| self.lead_height(n));
        match block {
            Block::Heading(h) | Block::Subheading(h) => {
                let (bold_size, above) = match block {
                    Block::Heading(_) => (12.0, 10.0),
                    _ => (BODY, 4.0),
                };
                let lines = wrap(&self.fonts.bold, h, bold_size, CONTENT_W).len() as f32;
                self.reserve(above + lines * bold_size * 1.4 + lead);
            }
            _ => {}
        }
        match block {
            Block::Title(t) => {
                self.ops().push(Op::SetFillColor { col: blue() });
                self.lines(true, 16.0, MARGIN, CONTENT_W, t);
                self.ops().push(Op::SetFillColor { col: grey(0.0) });
                self.y -= 6.0;
            }
            Block::Heading(h) => {
                self.subheading = None;
                self.y -= 8.0;
                self.lines(true, 12.0, MARGIN, CONTENT_W, h);
                self.y -= 2.0;
            }
            Block::Subheading(h) => {
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
            Block::Signatures {
                intro,
                place_date,
                signers,
            } => self.signatures(intro, place_date, signers),
        }
    }

    /// The height of the first part of a block: what a heading above it keeps on its page.
    fn lead_height(&self, block: &Block) -> f32 {
        match block {
            Block::Paragraph(_) | Block::Facts(_) => 2.0 * BODY * 1.4,
            Block::Table {
                headers,
                widths,
                rows,
            } => {
                let widths = self.column_widths(headers, widths, rows);
                let header = self.wrap_row(headers, &widths, true);
                let first = rows.first().map(|r| self.wrap_row(r, &widths, false));
                4.0 + Self::row_height(&header) + first.as_deref().map_or(0.0, Self::row_height)
            }
            Block::Bars(_) => 2.0 * 18.0,
            Block::Signatures { signers, .. } => Self::signatures_height(signers.len()),
            Block::Title(_) | Block::Heading(_) | Block::Subheading(_) => 0.0,
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
            .map(|(c, w)| wrap(font, c, SMALL, w - CELL_PADDING))
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
        let widths = self.column_widths(headers, relative, rows);
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

    /// Sized by their content, so that cells break between words.
    fn column_widths(
        &self,
        headers: &[String],
        relative: &[f32],
        rows: &[Vec<String>],
    ) -> Vec<f32> {
        let cells = headers
            .iter()
            .enumerate()
            .map(|(i, h)| (i, h.as_str(), true))
            .chain(rows.iter().flat_map(|r| {
                r.iter()
                    .enumerate()
                    .take(relative.len())
                    .map(|(i, c)| (i, c.as_str(), false))
            }));
        let fonts = self.fonts;
        let measure = |word: &str, bold: bool| {
            let font = if bold { &fonts.bold } else { &fonts.regular };
            font.width(word, SMALL)
        };
        // Half a point more than the padding, so that a word measured to fit is never cut by rounding.
        let minimum = minimum_widths(relative.len(), cells, measure, CELL_PADDING + 0.5);
        fit(relative, &minimum, CONTENT_W)
    }

    fn signatures_height(signers: usize) -> f32 {
        2.0 * BODY * 1.4 + 12.0 + signers.div_ceil(2) as f32 * SIGNATURE_ROW
    }

    /// Two signers to a row: role, name, and the line to sign on.
    fn signatures(&mut self, intro: &str, place_date: &str, signers: &[(String, String)]) {
        self.reserve(Self::signatures_height(signers.len()) + 8.0);
        self.y -= 8.0;
        self.lines(true, BODY, MARGIN, CONTENT_W, intro);
        self.lines(false, BODY, MARGIN, CONTENT_W, place_date);
        self.y -= 12.0;
        let column = CONTENT_W / 2.0;
        for pair in signers.chunks(2) {
            let top = self.y;
            for (i, (name, role)) in pair.iter().enumerate() {
                let x = MARGIN + i as f32 * column;
                let role = wrap(&self.fonts.regular, role, SMALL, column - 12.0);
                let name = wrap(&self.fonts.bold, name, BODY, column - 12.0);
                self.text(false, SMALL, x, top - SMALL, role.first().map_or("", |s| s));
                self.text(
                    true,
                    BODY,
                    x,
                    top - SMALL - BODY * 1.4,
                    name.first().map_or("", |s| s),
                );
                self.line(x, x + column - 24.0, top - SIGNATURE_ROW + 10.0);
            }
            self.y = top - SIGNATURE_ROW;
        }
    }

    fn bars(&mut self, bars: &[(String, String, f32, bool)]) {
        let label_w = CONTENT_W * 0.3;
        let bar_w = CONTENT_W * 0.55;
        for (label, value, share, highlight) in bars {
            // A long name takes more lines beside its bar, never cut.
            let label_lines = wrap(&self.fonts.regular, label, SMALL, label_w - 6.0);
            let extra = (label_lines.len().max(1) - 1) as f32 * SMALL * 1.3;
            self.reserve(18.0 + extra);
            self.y -= 18.0 + extra;
            let y = self.y + extra;
            for (i, line) in label_lines.iter().enumerate() {
                self.text(false, SMALL, MARGIN, y + 4.0 - i as f32 * SMALL * 1.3, line);
            }
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

#[cfg(test)]
mod tests;
