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
    for (i, b) in blocks.iter().enumerate() {
        layout.block(b, blocks.get(i + 1));
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
fn cells_break_between_words_and_headings_keep_their_table() {
    let table = Block::Table {
        headers: vec![
            "Posizione".into(),
            "Operatore economico".into(),
            "Stato".into(),
        ],
        widths: vec![0.3, 8.0, 0.3],
        rows: vec![vec![
            "1".into(),
            "Appennino Digitale S.r.l.".into(),
            "Presentata".into(),
        ]],
    };
    let pages = laid_out(std::slice::from_ref(&table));
    let words = [
        "Posizione",
        "Operatore",
        "economico",
        "Stato",
        "1",
        "Appennino",
        "Digitale",
        "S.r.l.",
        "Presentata",
    ];
    for line in shown(&pages[0]) {
        assert!(
            line.split(' ').all(|w| words.contains(&w)),
            "{line:?} is cut mid-word"
        );
    }
    // A paragraph that ends just above the foot of the page: the heading goes over with its
    // table instead of staying alone at the bottom.
    let mut blocks = vec![Block::Paragraph("parola ".repeat(560))];
    blocks.push(Block::Heading("Graduatoria".into()));
    blocks.push(table);
    let pages = laid_out(&blocks);
    let page_of = |text: &str| {
        pages
            .iter()
            .position(|p| shown(p).iter().any(|l| l == text))
    };
    assert_eq!(
        page_of("Graduatoria"),
        page_of("Posizione"),
        "{} pages",
        pages.len()
    );
}

#[test]
fn a_long_bar_label_is_wrapped_not_cut() {
    let name = "Consorzio Stabile per l'Innovazione Digitale dell'Appennino Emiliano S.c.a.r.l.";
    let pages = laid_out(&[Block::Bars(vec![(name.into(), "83,17".into(), 0.8, true)])]);
    let lines = shown(&pages[0]);
    assert_eq!(
        lines[..lines.len() - 1].join(" "),
        name,
        "every word of the label is printed"
    );
}
