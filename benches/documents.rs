//! Large minutes: 100 proposals × 5 members × 10 criteria (5,000 scores with justifications).
//! Prints documents/s and pages/s for our layout engine and, in the same run, for printpdf writing
//! the same lines with no layout at all (no wrapping, no tables): the limit.
//!
//! `cargo bench --bench documents`

use std::time::Instant;

use chrono::{TimeZone, Utc};
use pcp_desk::domain::lang::Lang;
use pcp_desk::pdf::evaluation::{EvaluationMinutes, MemberScore, RankedLine, render_evaluation};
use pcp_desk::pdf::minutes::MinutesMember;
use printpdf::{
    FontId, Mm, Op, ParsedFont, PdfDocument, PdfFont, PdfFontHandle, PdfPage, PdfSaveOptions, Pt,
    TextItem, TextMatrix,
};

const PROPOSALS: usize = 100;
const MEMBERS: usize = 5;
const CRITERIA: usize = 10;
const ROUNDS: usize = 5;

fn minutes() -> EvaluationMinutes {
    let at = Utc.with_ymd_and_hms(2027, 2, 1, 10, 0, 0).unwrap();
    let criteria: Vec<(String, String, i32, i32, Option<i32>)> = (0..CRITERIA)
        .map(|c| {
            (
                format!("Criterio {c}: qualità della soluzione proposta"),
                "Qualità".into(),
                10,
                10,
                Some(4),
            )
        })
        .collect();
    let mut member_scores = Vec::new();
    for p in 0..PROPOSALS {
        for m in 0..MEMBERS {
            for (c, criterion) in criteria.iter().enumerate() {
                member_scores.push(MemberScore {
                    proposal: format!("Operatore economico n. {p} S.r.l."),
                    member: format!("Componente {m}"),
                    criterion: criterion.0.clone(),
                    points: format!("{}.50", (p + m + c) % 10),
                    justification: "La proposta descrive con chiarezza l'architettura, il piano di lavoro è credibile; \
                                    i rischi sono individuati ma le misure di mitigazione restano generiche."
                        .into(),
                });
            }
        }
    }
    EvaluationMinutes {
        authority: "Regione Emilia-Romagna".into(),
        call_reference: "PCP-ER-2027-99".into(),
        call_title: "Benchmark: verbale di grandi dimensioni".into(),
        phase_name: "Fase 1 – Progettazione della soluzione".into(),
        place: "Viale Aldo Moro 52, 40127 Bologna".into(),
        members: (0..MEMBERS)
            .map(|m| MinutesMember {
                name: format!("Componente {m}"),
                chair: m == 0,
                declared_at: Some(at),
                conflict: false,
            })
            .collect(),
        criteria,
        rules: vec![
            (
                "Punteggio della commissione".into(),
                "Media dei componenti".into(),
            ),
            ("Formula del prezzo".into(), "Proporzionale".into()),
        ],
        member_scores,
        consensus: (0..PROPOSALS * CRITERIA)
            .map(|i| {
                (
                    format!("Operatore {}", i / CRITERIA),
                    format!("Criterio {}", i % CRITERIA),
                    "7.50".into(),
                    "Media".into(),
                )
            })
            .collect(),
        ranking: (0..PROPOSALS)
            .map(|p| RankedLine {
                rank: Some(p + 1),
                organisation: format!("Operatore economico n. {p} S.r.l."),
                points: vec!["7.50".into(); CRITERIA],
                price: "€ 95.000,00".into(),
                total: format!("{:.2}", 90.0 - p as f64 * 0.5),
                total_share: 0.9 - p as f32 * 0.005,
                outcome: "Ammesso".into(),
                admitted: p < 6,
                abnormally_low: false,
                price_verdict: None,
            })
            .collect(),
        verifications: Vec::new(),
        decided_at: at,
        decision: "Determina n. 1/2027".into(),
        standstill_until: None,
    }
}

fn pages(pdf: &[u8]) -> usize {
    pdf.windows(10)
        .filter(|w| w == b"/Type/Page" || w == b"/Type /Pag")
        .count()
}

/// The limit: the same text, one line each, 60 lines per page, no measuring or wrapping.
fn bare(m: &EvaluationMinutes) -> Vec<u8> {
    let font = ParsedFont::from_bytes(dejavu::sans::regular(), 0, &mut Vec::new()).unwrap();
    let id = FontId("BARE".into());
    let lines: Vec<String> = m
        .member_scores
        .iter()
        .map(|s| {
            format!(
                "{} {} {} {} {}",
                s.proposal, s.member, s.criterion, s.points, s.justification
            )
        })
        .chain(
            m.ranking
                .iter()
                .map(|r| format!("{} {} {}", r.organisation, r.total, r.outcome)),
        )
        .collect();
    let pages: Vec<PdfPage> = lines
        .chunks(60)
        .map(|chunk| {
            let mut ops = Vec::new();
            for (i, line) in chunk.iter().enumerate() {
                ops.extend([
                    Op::StartTextSection,
                    Op::SetTextMatrix {
                        matrix: TextMatrix::Translate(Pt(40.0), Pt(800.0 - 12.0 * i as f32)),
                    },
                    Op::SetFont {
                        font: PdfFontHandle::External(id.clone()),
                        size: Pt(8.0),
                    },
                    Op::ShowText {
                        items: vec![TextItem::Text(line.clone())],
                    },
                    Op::EndTextSection,
                ]);
            }
            PdfPage::new(Mm(210.0), Mm(297.0), ops)
        })
        .collect();
    let mut doc = PdfDocument::new("bare");
    doc.resources.fonts.map.insert(id, PdfFont::new(font));
    doc.with_pages(pages).save(
        &PdfSaveOptions {
            subset_fonts: true,
            ..Default::default()
        },
        &mut Vec::new(),
    )
}

fn measure(label: &str, mut make: impl FnMut() -> Vec<u8>) -> (f64, f64) {
    let first = make();
    let start = Instant::now();
    let mut page_count = 0;
    for _ in 0..ROUNDS {
        page_count += pages(&make());
    }
    let seconds = start.elapsed().as_secs_f64();
    let docs = ROUNDS as f64 / seconds;
    let per_page = page_count as f64 / seconds;
    println!(
        "{label:<24} {:>5} pages  {:>7.1} KiB  {:>7.3} s/document  {:>6.2} documents/s  {:>8.1} pages/s",
        pages(&first),
        first.len() as f64 / 1024.0,
        seconds / ROUNDS as f64,
        docs,
        per_page
    );
    (docs, per_page)
}

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let m = minutes();
    println!(
        "evaluation minutes: {PROPOSALS} proposals x {MEMBERS} members x {CRITERIA} criteria ({} scores), {ROUNDS} rounds",
        m.member_scores.len()
    );
    let ours = measure("PCP Desk layout", || {
        render_evaluation(&m, Lang::It, "https://pcp.example").bytes
    });
    let limit = measure("printpdf, no layout", || bare(&m));
    // To look at what is measured: PCP_DESK_BENCH_PDF=/tmp/minutes.pdf cargo bench --bench documents
    if let Some(path) = std::env::var_os("PCP_DESK_BENCH_PDF") {
        let bytes = render_evaluation(&m, Lang::It, "https://pcp.example").bytes;
        std::fs::write(path, bytes).expect("the PDF is written");
    }
    println!(
        "ratio: {:.2} documents/s, {:.2} pages/s (goal >= 0.50)",
        ours.0 / limit.0,
        ours.1 / limit.1
    );
}
