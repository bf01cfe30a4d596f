//! The evaluation minutes (verbale di valutazione) and the phase outcome (or award decision).

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::minutes::{MinutesMember, committee_table};
use super::{Block, DocumentMeta, Rendered, data_fingerprint, render};
use crate::domain::lang::Lang;
use crate::domain::time::format_rome_seconds;
use crate::i18n::Tr;

#[derive(Debug, Clone, Serialize)]
pub struct MemberScore {
    pub proposal: String,
    pub member: String,
    pub criterion: String,
    pub points: String,
    pub justification: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RankedLine {
    pub rank: Option<usize>,
    pub organisation: String,
    pub points: Vec<String>,
    /// The price, or "–" where the financial envelope stayed closed.
    pub price: String,
    pub total: String,
    /// Out of 100, for the chart.
    pub total_share: f32,
    pub outcome: String,
    pub admitted: bool,
    pub abnormally_low: bool,
    /// For an abnormally low price: the officer's assessment once recorded.
    pub price_verdict: Option<bool>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EvaluationMinutes {
    pub authority: String,
    pub call_reference: String,
    pub call_title: String,
    pub phase_name: String,
    /// Where the minutes are signed: the authority's seat.
    pub place: String,
    pub members: Vec<MinutesMember>,
    /// Name, kind, weight, maximum points, threshold.
    pub criteria: Vec<(String, String, i32, i32, Option<i32>)>,
    /// The rules that scored the phase, as the call states them: consensus, price formula, base
    /// price, phase budget, contracts, minimum quality, anonymisation, tie-break.
    pub rules: Vec<(String, String)>,
    pub member_scores: Vec<MemberScore>,
    /// Proposal, criterion, points, reason.
    pub consensus: Vec<(String, String, String, String)>,
    pub ranking: Vec<RankedLine>,
    /// Abnormally low offers verified (art. 110): organisation, explanations requested,
    /// received, outcome, reason.
    pub verifications: Vec<Vec<String>>,
    pub decided_at: DateTime<Utc>,
    pub decision: String,
    pub standstill_until: Option<DateTime<Utc>>,
}

fn meta(
    m: &EvaluationMinutes,
    title: &str,
    fingerprint: &str,
    lang: Lang,
    public_base: &str,
) -> DocumentMeta {
    DocumentMeta::record(
        title,
        (&m.authority, &m.call_reference),
        fingerprint,
        public_base,
        lang,
        m.decided_at,
    )
}

fn ranking_table(m: &EvaluationMinutes, t: Tr) -> Block {
    let mut headers = vec![
        t.s("results.rank").to_string(),
        t.s("results.organisation").to_string(),
    ];
    headers.extend(m.criteria.iter().map(|c| c.0.clone()));
    headers.push(t.s("results.price").to_string());
    headers.push(t.s("results.total").to_string());
    headers.push(t.s("results.outcome").to_string());
    let mut widths = vec![0.8, 2.2];
    widths.extend(m.criteria.iter().map(|_| 1.2));
    widths.extend([1.5, 1.1, 2.6]);
    let rows = m
        .ranking
        .iter()
        .map(|l| {
            let mut row = vec![
                l.rank.map(|r| r.to_string()).unwrap_or_else(|| "–".into()),
                l.organisation.clone(),
            ];
            row.extend(l.points.iter().cloned());
            row.push(l.price.clone());
            row.push(l.total.clone());
            let flag = match (l.abnormally_low, l.price_verdict) {
                (false, _) | (true, Some(false)) => String::new(),
                (true, Some(true)) => format!(" — {}", t.s("verification.accepted_short")),
                (true, None) => format!(" — {}", t.s("preview.abnormally_low")),
            };
            row.push(format!("{}{flag}", l.outcome));
            row
        })
        .collect();
    Block::Table {
        headers,
        widths,
        rows,
    }
}

/// The verification of abnormally low offers, when there was any.
fn verifications(m: &EvaluationMinutes, t: Tr) -> Vec<Block> {
    if m.verifications.is_empty() {
        return Vec::new();
    }
    vec![
        Block::Heading(t.s("verification.title").to_string()),
        Block::Table {
            headers: vec![
                t.s("results.organisation").into(),
                t.s("verification.requested_at").into(),
                t.s("verification.answered_at").into(),
                t.s("results.outcome").into(),
                t.s("minutes.reason").into(),
            ],
            widths: vec![2.2, 1.6, 1.6, 1.4, 3.6],
            rows: m.verifications.clone(),
        },
    ]
}

fn decision_facts(m: &EvaluationMinutes, t: Tr) -> Block {
    let mut facts = vec![
        (t.s("results.decision").to_string(), m.decision.clone()),
        (
            t.s("minutes.decided_at").to_string(),
            format_rome_seconds(m.decided_at),
        ),
    ];
    if let Some(s) = m.standstill_until {
        facts.push((
            t.s("results.standstill").to_string(),
            format_rome_seconds(s),
        ));
    }
    Block::Facts(facts)
}

pub fn render_evaluation(m: &EvaluationMinutes, lang: Lang, public_base: &str) -> Rendered {
    let t = Tr(lang);
    let fingerprint = data_fingerprint(&("evaluation", m, lang.code()));
    let title = format!("{} — {}", t.s("minutes.evaluation"), m.phase_name);
    let criteria = m
        .criteria
        .iter()
        .map(|(name, kind, weight, max, threshold)| {
            vec![
                name.clone(),
                kind.clone(),
                weight.to_string(),
                max.to_string(),
                threshold
                    .map(|v| v.to_string())
                    .unwrap_or_else(|| "–".into()),
            ]
        })
        .collect();
    // One table per proposal: the justifications get the width a proposal column would take.
    let mut scores = vec![Block::Heading(t.s("minutes.member_scores").to_string())];
    for group in m.member_scores.chunk_by(|a, b| a.proposal == b.proposal) {
        scores.push(Block::Subheading(group[0].proposal.clone()));
        scores.push(Block::Table {
            headers: vec![
                t.s("minutes.member").into(),
                t.s("call.criterion").into(),
                t.s("scoring.points").into(),
                t.s("scoring.justification").into(),
            ],
            widths: vec![1.5, 2.3, 0.8, 5.4],
            rows: group
                .iter()
                .map(|s| {
                    vec![
                        s.member.clone(),
                        s.criterion.clone(),
                        s.points.clone(),
                        s.justification.clone(),
                    ]
                })
                .collect(),
        });
    }
    let mut consensus = vec![Block::Heading(t.s("consensus.title").to_string())];
    for group in m.consensus.chunk_by(|a, b| a.0 == b.0) {
        consensus.push(Block::Subheading(group[0].0.clone()));
        consensus.push(Block::Table {
            headers: vec![
                t.s("call.criterion").into(),
                t.s("scoring.points").into(),
                t.s("minutes.reason").into(),
            ],
            widths: vec![3.0, 1.0, 6.0],
            rows: group
                .iter()
                .map(|(_, c, v, r)| vec![c.clone(), v.clone(), r.clone()])
                .collect(),
        });
    }
    let bars = m
        .ranking
        .iter()
        .map(|l| {
            (
                l.organisation.clone(),
                l.total.clone(),
                l.total_share,
                l.admitted,
            )
        })
        .collect();
    let mut blocks = vec![
        Block::Title(title.clone()),
        Block::Facts(vec![
            (
                t.s("pdf.call").to_string(),
                format!("{} ({})", m.call_title, m.call_reference),
            ),
            (t.s("call.phase").to_string(), m.phase_name.clone()),
        ]),
        Block::Facts(m.rules.clone()),
        Block::Heading(t.s("board.committee").to_string()),
        committee_table(&m.members, t),
        Block::Heading(t.s("call.criteria").to_string()),
        Block::Table {
            headers: vec![
                t.s("call.criterion").into(),
                t.s("call.criterion_kind").into(),
                t.s("call.weight").into(),
                t.s("call.max_points").into(),
                t.s("call.threshold").into(),
            ],
            widths: vec![4.0, 1.4, 1.2, 1.4, 1.4],
            rows: criteria,
        },
    ];
    blocks.extend(scores);
    blocks.extend(consensus);
    blocks.extend([
        Block::Heading(t.s("minutes.ranking").to_string()),
        ranking_table(m, t),
        Block::Bars(bars),
    ]);
    blocks.extend(verifications(m, t));
    blocks.push(decision_facts(m, t));
    blocks.push(super::minutes::signature_block(
        &m.members,
        &m.place,
        m.decided_at,
        t,
    ));
    Rendered {
        bytes: render(&meta(m, &title, &fingerprint, lang, public_base), &blocks),
        data_sha256: fingerprint,
    }
}

/// The outcome of a phase (the award decision, for final tenders): the decision, who is admitted
/// or awarded, who is excluded and why.
pub fn render_outcome(
    m: &EvaluationMinutes,
    award: bool,
    lang: Lang,
    public_base: &str,
) -> Rendered {
    let t = Tr(lang);
    let fingerprint = data_fingerprint(&("outcome", m, lang.code()));
    let heading = if award {
        t.s("minutes.award")
    } else {
        t.s("minutes.outcome")
    };
    let title = format!("{heading} — {}", m.phase_name);
    let blocks = vec![
        Block::Title(title.clone()),
        Block::Facts(vec![
            (
                t.s("pdf.call").to_string(),
                format!("{} ({})", m.call_title, m.call_reference),
            ),
            (t.s("call.phase").to_string(), m.phase_name.clone()),
        ]),
        Block::Facts(m.rules.clone()),
        decision_facts(m, t),
        Block::Heading(t.s("minutes.ranking").to_string()),
        ranking_table(m, t),
    ];
    Rendered {
        bytes: render(&meta(m, &title, &fingerprint, lang, public_base), &blocks),
        data_sha256: fingerprint,
    }
}

/// One phase of the procurement report.
#[derive(Debug, Clone, Serialize)]
pub struct ReportPhase {
    pub minutes: EvaluationMinutes,
    /// PCP: the signed contracts of the phase, one row each (supplier, amount, period,
    /// deliverables accepted, paid), and the phase's budget line.
    pub contracts: Vec<Vec<String>>,
    pub budget: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProcurementReport {
    pub authority: String,
    pub call_reference: String,
    pub call_title: String,
    pub subject: String,
    pub value: String,
    pub procedure: String,
    pub justification: String,
    /// A PCP is excluded from the directives (art. 135 c.2 D.Lgs. 36/2023): its report says so
    /// instead of citing art. 84 of Directive 2014/24/EU, which a competitive dialogue's keeps.
    pub excluded_from_directives: bool,
    pub phases: Vec<ReportPhase>,
    /// Complaints, appeals and ANAC opinions, one row each: kind, ground, party, filed, status
    /// and outcome.
    pub challenges: Vec<Vec<String>>,
    /// A competitive dialogue's dialogue phase.
    pub dialogue: Option<super::dialogue::DialogueRecord>,
}

/// The report of art. 84 Directive 2014/24/EU: authority, subject and value, the procedure and
/// why, phase by phase who was selected or rejected and why, the winners, conflicts of interest
/// and the measures taken.
pub fn render_report(r: &ProcurementReport, lang: Lang, public_base: &str) -> Rendered {
    let t = Tr(lang);
    let fingerprint = data_fingerprint(&("report", r, lang.code()));
    let heading = if r.excluded_from_directives {
        t.s("report.title_pcp")
    } else {
        t.s("report.title")
    };
    let mut title = format!("{heading} — {}", r.call_reference);
    if r.dialogue.as_ref().is_some_and(|d| d.confidential) {
        title.push_str(&format!(" ({})", t.s("report.confidential_copy")));
    }
    let issued_at = r
        .phases
        .iter()
        .map(|p| p.minutes.decided_at)
        .max()
        .unwrap_or_default();
    let meta = DocumentMeta::record(
        &title,
        (&r.authority, &r.call_reference),
        &fingerprint,
        public_base,
        lang,
        issued_at,
    );
    let mut blocks = vec![
        Block::Title(title),
        Block::Paragraph(t.s("report.intro").to_string()),
        Block::Facts(vec![
            (t.s("call.authority").to_string(), r.authority.clone()),
            (
                t.s("report.subject").to_string(),
                format!("{} — {}", r.call_title, r.subject),
            ),
            (t.s("call.budget").to_string(), r.value.clone()),
            (t.s("calls.procedure").to_string(), r.procedure.clone()),
            (t.s("report.why").to_string(), r.justification.clone()),
        ]),
    ];
    for p in &r.phases {
        let m = &p.minutes;
        blocks.push(Block::Heading(m.phase_name.clone()));
        blocks.push(Block::Facts(m.rules.clone()));
        blocks.push(decision_facts(m, t));
        blocks.push(ranking_table(m, t));
        blocks.extend(verifications(m, t));
        if !p.contracts.is_empty() || p.budget.is_some() {
            blocks.push(Block::Subheading(t.s("contracts.specific").to_string()));
            if let Some(budget) = &p.budget {
                blocks.push(Block::Paragraph(budget.clone()));
            }
            if !p.contracts.is_empty() {
                blocks.push(Block::Table {
                    headers: vec![
                        t.s("contracts.supplier").to_string(),
                        t.s("contracts.amount").to_string(),
                        t.s("contracts.period").to_string(),
                        t.s("contracts.deliverables").to_string(),
                        t.s("contracts.paid").to_string(),
                    ],
                    widths: vec![2.6, 1.6, 2.4, 1.4, 1.6],
                    rows: p.contracts.clone(),
                });
            }
        }
        let conflicts: Vec<&MinutesMember> = m.members.iter().filter(|x| x.conflict).collect();
        blocks.push(Block::Paragraph(if conflicts.is_empty() {
            t.s("report.no_conflicts").to_string()
        } else {
            let names: Vec<String> = conflicts.iter().map(|x| x.name.clone()).collect();
            format!("{} {}", t.s("report.conflicts"), names.join(", "))
        }));
    }
    if let Some(d) = &r.dialogue {
        blocks.extend(super::dialogue::dialogue_blocks(d, lang));
    }
    if !r.challenges.is_empty() {
        blocks.push(Block::Heading(t.s("challenges.title").to_string()));
        blocks.push(Block::Table {
            headers: vec![
                t.s("challenges.kind").to_string(),
                t.s("challenges.ground").to_string(),
                t.s("challenges.appellant").to_string(),
                t.s("challenges.filed_on").to_string(),
                t.s("challenges.status").to_string(),
            ],
            widths: vec![2.2, 2.0, 2.2, 1.4, 1.8],
            rows: r.challenges.clone(),
        });
    }
    Rendered {
        bytes: render(&meta, &blocks),
        data_sha256: fingerprint,
    }
}
