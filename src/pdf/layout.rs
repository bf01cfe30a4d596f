//! Placing blocks on A4 pages: wrapped lines, facts, tables that break across pages under a
//! repeated header, bars. Produces printpdf operations, one list per page.

use printpdf::{
    Color, Line, LinePoint, Op, PaintMode, PdfFontHandle, Point, Pt, Rect, Rgb, TextItem,
    TextMatrix,
};

use super::fonts::{Fonts, bold_id, regular_id, wrap};
use super::{BODY, BOTTOM, Block, CONTENT_W, MARGIN, SMALL, TOP};
use crate::domain::lang::Lang;

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

    pub(super) fn block(&mut self, block: &Block) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::fonts::fonts;
    use crate::pdf::tests::long_table;

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
}
