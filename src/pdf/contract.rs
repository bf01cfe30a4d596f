//! The PDF of a PCP specific contract (its summary: parties, amount, period, schedule, payments
//! and the IPR terms) and of a framework agreement.

use chrono::{NaiveDate, TimeZone, Utc};

use super::{Block, DocumentMeta, Rendered, data_fingerprint, render};
use crate::domain::lang::Lang;
use crate::domain::time::format_date;
use crate::i18n::{Tr, contracts as words};
use crate::service::contracts::{ContractView, FrameworkView};

fn noon(d: NaiveDate) -> chrono::DateTime<Utc> {
    Utc.from_utc_datetime(&d.and_hms_opt(11, 0, 0).unwrap_or_default())
}

pub fn render_contract(c: &ContractView, lang: Lang, public_base: &str) -> Rendered {
    let t = Tr(lang);
    let fingerprint = data_fingerprint(&(c, lang.code()));
    let title = format!("{} – {}", t.s("contracts.one"), c.phase_name);
    let issued = c.signed_at.unwrap_or_else(|| noon(c.decided_on));
    let meta = DocumentMeta::record(
        &title,
        (&c.authority, &c.call_reference),
        &fingerprint,
        public_base,
        lang,
        issued,
    );
    let date = |d: Option<NaiveDate>| d.map_or("–".to_string(), |d| format_date(d, lang));
    let mut facts = vec![
        (
            t.s("contracts.call").to_string(),
            format!("{} ({})", c.call_title, c.call_reference),
        ),
        (t.s("contracts.phase").to_string(), c.phase_name.clone()),
        ("Amministrazione".to_string(), c.authority.clone()),
        (t.s("contracts.supplier").to_string(), c.supplier.clone()),
        (
            t.s("contracts.receipt_number").to_string(),
            c.receipt_number.clone(),
        ),
        (
            t.s("contracts.amount").to_string(),
            c.amount_cents.map_or("–".into(), |a| t.euro(&a)),
        ),
        (
            t.s("contracts.period").to_string(),
            format!("{} – {}", date(c.starts_on), date(c.ends_on)),
        ),
        (t.s("contracts.signed_on").to_string(), date(c.signed_on)),
        (
            t.s("contracts.status").to_string(),
            words::status_label(c.status, lang).to_string(),
        ),
    ];
    if lang == Lang::En {
        facts[2].0 = "Contracting authority".into();
    }
    if let Some(cap) = c.cap_cents {
        facts.push((t.s("contracts.cap").to_string(), t.euro(&cap)));
    }
    if let (Some(on), Some(why)) = (c.terminated_on, &c.termination_reason) {
        facts.push((
            t.s("contracts.terminated_on").to_string(),
            format!("{}: {why}", format_date(on, lang)),
        ));
    }
    let schedule = c
        .deliverables
        .iter()
        .map(|d| {
            vec![
                d.position.to_string(),
                d.title.clone(),
                format_date(d.due_on, lang),
                t.euro(&d.payment_cents),
                words::deliverable_label(d.state, lang).to_string(),
                d.latest().map_or("–".into(), |s| s.sha256.clone()),
            ]
        })
        .collect();
    let payments = c
        .payments
        .iter()
        .map(|p| {
            vec![
                c.deliverable(&p.deliverable_id)
                    .map(|d| d.title.clone())
                    .unwrap_or_default(),
                t.euro(&p.amount_cents),
                format_date(p.paid_on, lang),
            ]
        })
        .collect();
    let mut blocks = vec![
        Block::Title(title.clone()),
        Block::Paragraph(t.s("pdf.contract_intro").to_string()),
        Block::Facts(facts),
        Block::Heading(t.s("contracts.deliverables").to_string()),
        Block::Table {
            headers: vec![
                "#".into(),
                t.s("contracts.deliverable").to_string(),
                t.s("contracts.due_on").to_string(),
                t.s("contracts.payment").to_string(),
                t.s("contracts.status").to_string(),
                "SHA-256".into(),
            ],
            widths: vec![0.4, 2.6, 1.2, 1.4, 1.4, 3.0],
            rows: schedule,
        },
        Block::Heading(t.s("contracts.payments").to_string()),
    ];
    if c.payments.is_empty() {
        blocks.push(Block::Paragraph(t.s("contracts.no_payments").to_string()));
    } else {
        blocks.push(Block::Table {
            headers: vec![
                t.s("contracts.deliverable").to_string(),
                t.s("contracts.amount").to_string(),
                t.s("contracts.paid_on").to_string(),
            ],
            widths: vec![4.0, 2.0, 2.0],
            rows: payments,
        });
    }
    blocks.push(Block::Heading(t.s("contracts.ipr").to_string()));
    blocks.extend(
        words::ipr_terms(c.ipr_exploitation_months, lang)
            .into_iter()
            .map(|term| Block::Paragraph(format!("• {term}"))),
    );
    Rendered {
        bytes: render(&meta, &blocks),
        data_sha256: fingerprint,
    }
}

/// What a framework agreement's PDF states besides the agreement itself.
pub struct FrameworkDocument<'a> {
    pub framework: &'a FrameworkView,
    pub authority: &'a str,
    pub call_title: &'a str,
    pub call_reference: &'a str,
    pub ipr_exploitation_months: i32,
    /// Phase names with their budgets and maximum contracts, as the call sets them.
    pub phases: Vec<(String, String)>,
    pub created_on: NaiveDate,
}

pub fn render_framework(f: &FrameworkDocument, lang: Lang, public_base: &str) -> Rendered {
    let t = Tr(lang);
    let fingerprint = data_fingerprint(&(
        f.framework,
        f.authority,
        f.call_reference,
        f.ipr_exploitation_months,
        &f.phases,
        lang.code(),
    ));
    let title = t.s("contracts.framework_one").to_string();
    let meta = DocumentMeta::record(
        &title,
        (f.authority, f.call_reference),
        &fingerprint,
        public_base,
        lang,
        noon(f.framework.signed_on.unwrap_or(f.created_on)),
    );
    let mut blocks = vec![
        Block::Title(format!("{title} – {}", f.framework.supplier)),
        Block::Paragraph(t.s("pdf.framework_intro").to_string()),
        Block::Facts(vec![
            (
                t.s("contracts.call").to_string(),
                format!("{} ({})", f.call_title, f.call_reference),
            ),
            (
                if lang == Lang::It {
                    "Amministrazione"
                } else {
                    "Contracting authority"
                }
                .into(),
                f.authority.to_string(),
            ),
            (
                t.s("contracts.supplier").to_string(),
                f.framework.supplier.clone(),
            ),
            (
                t.s("contracts.signed_on").to_string(),
                f.framework
                    .signed_on
                    .map_or("–".into(), |d| format_date(d, lang)),
            ),
        ]),
        Block::Heading(t.s("contracts.specific").to_string()),
        Block::Table {
            headers: vec![
                t.s("contracts.phase").to_string(),
                t.s("contracts.budget").to_string(),
            ],
            widths: vec![3.0, 5.0],
            rows: f
                .phases
                .iter()
                .map(|(a, b)| vec![a.clone(), b.clone()])
                .collect(),
        },
        Block::Heading(t.s("contracts.ipr").to_string()),
    ];
    blocks.extend(
        words::ipr_terms(f.ipr_exploitation_months, lang)
            .into_iter()
            .map(|term| Block::Paragraph(format!("• {term}"))),
    );
    Rendered {
        bytes: render(&meta, &blocks),
        data_sha256: fingerprint,
    }
}
