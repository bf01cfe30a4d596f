//! Turns stored data into page models, in the visitor's language.

use chrono::{DateTime, Utc};

use super::ctx::Ctx;
pub use super::fields::FieldBuilder;
use crate::db::calls::{CallRecord, CallSummary, Document};
use crate::db::proposals::Addendum;
use crate::domain::call::CallStatus;
use crate::domain::lang::Lang;
use crate::domain::phase::PhaseKind;
use crate::domain::time::{countdown, format_rome};
use crate::i18n::{Tr, role_name};
use crate::service::clarifications::PublicClarification;
use crate::service::evaluation::{Board, PublicResults};
use crate::views::evaluation::{Bar, MemberView, ResultRow, ResultsView};
use crate::views::{
    AddendumView, CallRowView, CallView, ClarificationView, CriterionView, DocumentView, Fact,
    Layout, PhaseView, UserBadge,
};

pub fn layout(ctx: &Ctx, title: &str) -> Layout {
    Layout {
        t: ctx.tr(),
        title: title.to_string(),
        csrf: ctx.csrf.clone(),
        user: ctx.user.as_ref().map(|u| UserBadge {
            name: u.display_name.clone(),
            role: role_name(u.actor.role, ctx.lang),
            is_officer: u.actor.role == crate::domain::access::Role::Officer,
            is_supplier: u.actor.role == crate::domain::access::Role::Supplier,
            is_evaluator: u.actor.role == crate::domain::access::Role::Evaluator,
            unread: u.unread,
        }),
        here: ctx.here.clone(),
        done: ctx.done.map(|d| ctx.tr().s(d.key())),
    }
}

pub fn call_row(c: &CallSummary, t: Tr) -> CallRowView {
    CallRowView {
        id: c.id.clone(),
        reference: c.reference.clone(),
        title: c.title.clone(),
        procedure: t.procedure(&c.procedure),
        status: t.status(&c.status),
        status_code: c.status.as_str(),
        authority: c.authority_name.clone(),
        budget: t.euro(&c.budget_cents),
        date: format_rome(c.published_at.unwrap_or(c.updated_at), t.lang()),
        cpv_codes: c.cpv_codes.join(", "),
        stage: None,
        countdown: None,
    }
}

/// A size as people read it, in the page's language: "605 byte", "1,5 MiB".
pub fn file_size(bytes: i64, lang: crate::domain::lang::Lang) -> String {
    let (value, unit) = match bytes {
        b if b >= 1024 * 1024 => (b as f64 / (1024.0 * 1024.0), "MiB"),
        b if b >= 1024 => (b as f64 / 1024.0, "KiB"),
        b => return format!("{b} byte"),
    };
    let shown = format!("{value:.1}");
    match lang {
        crate::domain::lang::Lang::It => format!("{} {unit}", shown.replace('.', ",")),
        crate::domain::lang::Lang::En => format!("{shown} {unit}"),
    }
}

pub fn document_view(call_id: &str, d: &Document, lang: crate::domain::lang::Lang) -> DocumentView {
    DocumentView {
        id: d.id.clone(),
        title: d.title.clone(),
        file_name: d.file_name.clone(),
        size: file_size(d.size_bytes, lang),
        sha256: d.sha256.clone(),
        href: format!("/calls/{call_id}/documents/{}", d.id),
    }
}

pub fn call_view(call: &CallRecord, now: DateTime<Utc>, t: Tr) -> CallView {
    let lang = t.lang();
    let phases = call
        .spec
        .phases
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let mut facts = Vec::new();
            let mut fact = |label: &str, value: Option<String>| {
                if let Some(value) = value {
                    facts.push(Fact {
                        label: t.s(label),
                        value,
                    });
                }
            };
            fact("call.phase_budget", p.budget_cents.map(|c| t.euro(&c)));
            let kept = if p.kind == PhaseKind::Dialogue {
                "call.solutions_kept"
            } else {
                "call.max_contracts"
            };
            fact(kept, p.max_contracts.map(|n| n.to_string()));
            fact("call.duration", p.duration_days.map(|n| n.to_string()));
            fact(
                "call.min_candidates",
                p.min_candidates.map(|n| n.to_string()),
            );
            fact(
                "call.max_candidates",
                p.max_candidates.map(|n| n.to_string()),
            );
            fact(
                "call.standstill_days",
                p.standstill_days.map(|n| n.to_string()),
            );
            // The phase's facts already state its budget: the rules do not repeat them.
            let rules = if p.kind.has_deadline() {
                crate::i18n::scoring_rules_facts(
                    &crate::domain::evaluation::scoring_rules(&call.spec, i),
                    t,
                )
                .into_iter()
                .filter(|(label, _)| !facts.iter().any(|f| f.label == label.as_str()))
                .collect()
            } else {
                Vec::new()
            };
            let left = p.deadline.map(|d| countdown(now, d));
            PhaseView {
                number: i + 1,
                name: p.name.clone(),
                kind: Some(t.phase_kind(&p.kind))
                    .filter(|k| !p.name.to_lowercase().contains(&k.to_lowercase())),
                deadline: p.deadline.map(|d| format_rome(d, lang)),
                open: matches!(left, Some(crate::domain::time::Countdown::Open { .. })),
                countdown: p
                    .deadline
                    .filter(|_| call.status == CallStatus::Published)
                    .map(|d| countdown_view(now, d, t)),
                facts,
                rules,
                proposals: None,
                submit_href: None,
                evaluation_href: None,
                criteria: p
                    .criteria
                    .iter()
                    .map(|c| CriterionView {
                        name: c.name.clone(),
                        description: c.description.clone(),
                        kind: t.criterion_kind(&c.kind),
                        weight: c.weight,
                        max_points: c.max_points,
                        threshold: c
                            .min_threshold
                            .map(|n| n.to_string())
                            .unwrap_or_else(|| "–".into()),
                    })
                    .collect(),
            }
        })
        .collect();
    CallView {
        id: call.id.clone(),
        reference: call.spec.reference.clone(),
        title: call.spec.title.clone(),
        summary: call.spec.summary.clone(),
        description: paragraphs(&call.spec.description),
        procedure: t.procedure(&call.spec.procedure),
        status: t.status(&call.status),
        status_code: call.status.as_str(),
        authority: call.authority_name.clone(),
        budget: t.euro(&call.spec.budget_cents),
        cpv_codes: call.spec.cpv_codes.clone(),
        contact: call.spec.contact.clone(),
        published: call.published_at.map(|d| format_rome(d, lang)),
        cancel_reason: call.cancel_reason.clone(),
        phases,
        documents: call
            .documents
            .iter()
            .map(|d| document_view(&call.id, d, lang))
            .collect(),
    }
}

pub fn paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect()
}

/// A question on a call's page; on a competitive dialogue the officer may answer it privately, in
/// the asker's channel, when it concerns the asker's own solution.
pub fn clarification_view(
    c: &PublicClarification,
    can_answer: bool,
    dialogue: bool,
    t: Tr,
) -> ClarificationView {
    ClarificationView {
        private: c.private,
        can_answer_privately: can_answer && dialogue && c.answer.is_none(),
        id: c.id.clone(),
        question: c.question.clone(),
        answer: c.answer.clone(),
        asked_at: format_rome(c.asked_at, t.lang()),
        answered_at: c.answered_at.map(|d| format_rome(d, t.lang())),
        can_answer: can_answer && c.answer.is_none(),
    }
}

pub fn addendum_view(call_id: &str, a: &Addendum, docs: &[Document], t: Tr) -> AddendumView {
    AddendumView {
        number: a.number,
        body: paragraphs(&a.body),
        published_at: format_rome(a.published_at.and_utc(), t.lang()),
        documents: docs
            .iter()
            .map(|d| document_view(call_id, d, t.lang()))
            .collect(),
    }
}

/// Results as a table and a bar chart (SVG coordinates computed here, drawn by the template).
pub fn results_view(phase_id: &str, phase_name: &str, r: &PublicResults, t: Tr) -> ResultsView {
    const BAR: usize = 28;
    const WIDTH: usize = 400;
    let rows: Vec<ResultRow> = r
        .lines
        .iter()
        .map(|l| ResultRow {
            rank: l.rank.map(|n| n.to_string()).unwrap_or_else(|| "–".into()),
            organisation: l.organisation.clone(),
            points: l
                .points
                .iter()
                .map(|p| {
                    p.as_ref()
                        .map(|p| p.two_decimals(t.lang()))
                        .unwrap_or_else(|| "–".into())
                })
                .collect(),
            price: l
                .price_cents
                .map(|c| t.euro(&c))
                .unwrap_or_else(|| "–".into()),
            total: l.total.two_decimals(t.lang()),
            outcome: crate::i18n::result_outcome(r.kind, l.excluded.as_ref(), l.admitted, t.lang()),
            admitted: l.admitted,
        })
        .collect();
    let bars = r
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let total = l.total.to_f64();
            Bar {
                label: l.organisation.clone(),
                total: l.total.two_decimals(t.lang()),
                y: i * (BAR + 8),
                width: ((total / 100.0).clamp(0.0, 1.0) * WIDTH as f64).round() as usize,
                admitted: l.admitted,
            }
        })
        .collect();
    ResultsView {
        phase_id: phase_id.to_string(),
        phase_name: phase_name.to_string(),
        decision: r.decision.clone(),
        decided_at: format_rome(r.decided_at, t.lang()),
        standstill_until: r.standstill_until.map(|d| format_rome(d, t.lang())),
        award_held: r.award_held,
        criteria: r.criteria.clone(),
        rows,
        bars,
        chart_height: r.lines.len() * (BAR + 8),
    }
}

/// The committee on the board: who sits, who chairs, who left, who declared and submitted.
pub fn member_views(board: &Board, lang: Lang) -> Vec<MemberView> {
    board
        .members
        .iter()
        .map(|(m, name)| MemberView {
            name: name.clone(),
            chair: m.is_chair == 1 && m.is_active(),
            left: !m.is_active(),
            declared: m.declared_at.map(|d| format_rome(d.and_utc(), lang)),
            submitted: m.scores_submitted_at.is_some(),
        })
        .collect()
}

/// A proposal's confirmed outcome in the words of its phase, linked to the phase's results.
pub fn outcome_view(
    r: &crate::service::proposals::Receipt,
    lang: crate::domain::lang::Lang,
) -> Option<crate::views::supplier::OutcomeView> {
    r.outcome
        .as_ref()
        .map(|o| crate::views::supplier::OutcomeView {
            text: crate::i18n::result_outcome(o.kind, o.excluded.as_ref(), o.admitted, lang),
            admitted: o.admitted,
            results_href: format!("/calls/{}#results-{}", r.call_id, r.phase_id),
        })
}

pub fn countdown_view(
    now: chrono::DateTime<chrono::Utc>,
    deadline: chrono::DateTime<chrono::Utc>,
    t: Tr,
) -> crate::views::CountdownView {
    use chrono::SecondsFormat::Secs;
    crate::views::CountdownView {
        text: t.countdown(&countdown(now, deadline)),
        deadline: deadline.to_rfc3339_opts(Secs, true),
        now: now.to_rfc3339_opts(Secs, true),
    }
}
