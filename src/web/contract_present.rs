//! What the contract pages show and read: the page model of a contract, a contract's line in a
//! list, the budget section of a call's page, and the schedule form read back.

use chrono::NaiveDate;

use super::ctx::Ctx;
use crate::domain::access::Role;
use crate::domain::contract::{
    self as rules, ContractDraft, ContractStatus, DeliverableSpec, DeliverableState,
};
use crate::domain::lang::Lang;
use crate::domain::money::{amount_input, format_euro, parse_euro};
use crate::domain::time::{format_date, format_rome};
use crate::domain::violation::{Violation, ViolationKind};
use crate::i18n::{self, contracts as words};
use crate::service::contracts::{CallBudget, ContractView};
use crate::views::contract::{
    BudgetRow, ContractLine, ContractPage, ContractsSection, DeliverableRowView,
};

/// What the officer typed in the schedule form, kept when it is refused.
#[derive(Default, Clone)]
pub(super) struct Typed {
    pub starts_on: String,
    pub schedule: String,
    pub amount: String,
}

fn euro(cents: i64, lang: Lang) -> String {
    format_euro(cents, lang)
}

fn period(c: &ContractView, lang: Lang) -> Option<String> {
    Some(format!(
        "{} – {}",
        format_date(c.starts_on?, lang),
        format_date(c.ends_on?, lang)
    ))
}

/// The schedule as the form shows it: one deliverable per line.
fn schedule_text(c: &ContractView) -> String {
    c.deliverables
        .iter()
        .map(|d| {
            format!(
                "{}; {}; {}",
                d.title,
                d.due_on,
                amount_input(d.payment_cents)
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

pub(super) fn page(
    ctx: &Ctx,
    c: &ContractView,
    today: NaiveDate,
    typed: Option<&Typed>,
    errors: Vec<String>,
) -> ContractPage {
    let lang = ctx.lang;
    let t = ctx.tr();
    let actor = ctx.actor();
    let is_officer = actor.is_some_and(|a| a.role == Role::Officer);
    let is_party = actor.is_some_and(|a| rules::is_party(a, &c.organisation_id));
    let deliverables = c
        .deliverables
        .iter()
        .map(|d| {
            let latest = d.latest();
            let remaining = d.payment_cents.saturating_sub(d.paid_cents);
            DeliverableRowView {
                id: d.id.clone(),
                position: d.position,
                title: d.title.clone(),
                due_on: format_date(d.due_on, lang),
                payment: euro(d.payment_cents, lang),
                paid: euro(d.paid_cents, lang),
                state: words::deliverable_label(d.state, lang),
                state_code: match d.state {
                    DeliverableState::Due => "due",
                    DeliverableState::Submitted => "submitted",
                    DeliverableState::ChangesRequested => "changes_requested",
                    DeliverableState::Accepted => "accepted",
                },
                late: d.late,
                file: latest.map(|s| {
                    (
                        s.file_name.clone(),
                        format!("/deliverable-files/{}", s.id),
                        s.sha256.clone(),
                        format_rome(s.submitted_at, lang),
                    )
                }),
                review_reason: latest
                    .and_then(|s| s.review_reason.clone())
                    .filter(|r| !r.is_empty()),
                // The page offers exactly the steps the domain allows now.
                can_hand_in: is_party && rules::check_delivery(c.status, d.state).is_ok(),
                can_review: is_officer && rules::check_review(c.status, d.state, true, "").is_ok(),
                payable: (is_officer
                    && rules::check_payment(d.state, d.payment_cents, d.paid_cents, remaining)
                        .is_ok_and(|v| v.is_empty()))
                .then(|| amount_input(remaining)),
            }
        })
        .collect();
    let payments = c
        .payments
        .iter()
        .map(|p| {
            let what = c
                .deliverable(&p.deliverable_id)
                .map(|d| d.title.clone())
                .unwrap_or_default();
            (
                what,
                euro(p.amount_cents, lang),
                format_date(p.paid_on, lang),
            )
        })
        .collect();
    let typed = typed.cloned().unwrap_or_else(|| Typed {
        starts_on: c.starts_on.unwrap_or(today.max(c.decided_on)).to_string(),
        schedule: schedule_text(c),
        amount: c.amount_cents.map(amount_input).unwrap_or_default(),
    });
    let title = format!("{} – {}", t.s("contracts.one"), c.phase_name);
    ContractPage {
        layout: super::present::layout(ctx, &title),
        id: c.id.clone(),
        title,
        status: words::status_label(c.status, lang),
        status_code: c.status.as_str(),
        call_id: c.call_id.clone(),
        call_title: c.call_title.clone(),
        call_reference: c.call_reference.clone(),
        phase_name: c.phase_name.clone(),
        supplier: c.supplier.clone(),
        receipt_number: c.receipt_number.clone(),
        amount: c
            .amount_cents
            .map(|a| euro(a, lang))
            .unwrap_or_else(|| "–".into()),
        cap: c.cap_cents.map(|a| euro(a, lang)),
        period: period(c, lang),
        signed_on: c.signed_on.map(|d| format_date(d, lang)),
        terminated: c.terminated_on.map(|d| {
            (
                format_date(d, lang),
                c.termination_reason.clone().unwrap_or_default(),
            )
        }),
        framework: c
            .framework
            .as_ref()
            .map(|f| (f.id.clone(), f.signed_on.map(|d| format_date(d, lang)))),
        ipr_terms: words::ipr_terms(c.ipr_exploitation_months, lang),
        deliverables,
        payments,
        is_officer,
        is_draft: c.status == ContractStatus::Draft,
        can_terminate: is_officer && rules::check_termination(c.status, "").is_ok(),
        today: today.to_string(),
        starts_on_input: typed.starts_on,
        schedule_input: typed.schedule,
        amount_input: typed.amount,
        awarded: c.awarded_cents.is_some(),
        errors,
    }
}

/// "Riga 2 – Scadenza: …": a violation as the contract page lists it.
pub(super) fn describe(v: &Violation, lang: Lang) -> String {
    let t = crate::i18n::Tr(lang);
    let message = i18n::violation_message(&v.kind, lang);
    let parts: Vec<&str> = v.field.split('.').collect();
    let label = match parts.as_slice() {
        ["deliverables", i, field] => {
            let n = i.parse::<usize>().map(|i| i + 1).unwrap_or(0);
            let what = match *field {
                "title" => t.s("contracts.deliverable"),
                "due_on" => t.s("contracts.due_on"),
                _ => t.s("contracts.payment"),
            };
            format!("{} {n} – {what}", t.s("contracts.schedule_line"))
        }
        ["deliverables"] | ["schedule"] => t.s("contracts.deliverables").to_string(),
        ["starts_on"] => t.s("contracts.starts_on").to_string(),
        ["amount_cents"] | ["amount"] => t.s("contracts.amount").to_string(),
        ["signed_on"] => t.s("contracts.signed_on").to_string(),
        ["paid_on"] => t.s("contracts.paid_on").to_string(),
        ["reason"] => t.s("contracts.reason").to_string(),
        ["file"] => t.s("contracts.file").to_string(),
        _ => v.field.clone(),
    };
    format!("{label}: {message}")
}

pub(super) fn read_date(field: &str, raw: &str, out: &mut Vec<Violation>) -> Option<NaiveDate> {
    let raw = raw.trim();
    let parsed = ["%Y-%m-%d", "%d/%m/%Y"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(raw, f).ok());
    if parsed.is_none() {
        out.push(Violation::new(
            field,
            if raw.is_empty() {
                ViolationKind::Required
            } else {
                ViolationKind::Malformed {
                    detail: format!("«{raw}»: AAAA-MM-GG"),
                }
            },
        ));
    }
    parsed
}

/// Reads the schedule form: "title; due date; payment in euro" per line.
pub(super) fn read_schedule(typed: &Typed) -> (Option<ContractDraft>, Vec<Violation>) {
    let mut out = Vec::new();
    let starts_on = read_date("starts_on", &typed.starts_on, &mut out);
    let amount_cents = if typed.amount.trim().is_empty() {
        None
    } else {
        let parsed = parse_euro(&typed.amount);
        if parsed.is_none() {
            out.push(Violation::new(
                "amount_cents",
                ViolationKind::Malformed {
                    detail: format!("«{}»", typed.amount.trim()),
                },
            ));
        }
        parsed
    };
    let mut deliverables = Vec::new();
    for (i, line) in typed
        .schedule
        .lines()
        .filter(|l| !l.trim().is_empty())
        .enumerate()
    {
        let parts: Vec<&str> = line.split(';').map(str::trim).collect();
        let field = |name: &str| format!("deliverables.{i}.{name}");
        let [title, due, payment] = parts.as_slice() else {
            out.push(Violation::new(
                field("title"),
                ViolationKind::Malformed {
                    detail: format!("«{}»", line.trim()),
                },
            ));
            continue;
        };
        let due_on = read_date(&field("due_on"), due, &mut out);
        let payment_cents = parse_euro(payment);
        if payment_cents.is_none() {
            out.push(Violation::new(
                field("payment_cents"),
                ViolationKind::Malformed {
                    detail: format!("«{payment}»"),
                },
            ));
        }
        if let (Some(due_on), Some(payment_cents)) = (due_on, payment_cents) {
            deliverables.push(DeliverableSpec {
                title: title.to_string(),
                due_on,
                payment_cents,
            });
        }
    }
    let draft = starts_on
        .filter(|_| out.is_empty())
        .map(|starts_on| ContractDraft {
            starts_on,
            amount_cents,
            deliverables,
        });
    (draft, out)
}

pub(super) fn line(c: &ContractView, lang: Lang) -> ContractLine {
    ContractLine {
        href: format!("/contracts/{}", c.id),
        phase_name: c.phase_name.clone(),
        supplier: c.supplier.clone(),
        amount: c
            .amount_cents
            .map(|a| euro(a, lang))
            .unwrap_or_else(|| "–".into()),
        status: words::status_label(c.status, lang),
        status_code: c.status.as_str(),
        period: period(c, lang).unwrap_or_else(|| "–".into()),
        late: c.deliverables.iter().filter(|d| d.late).count(),
    }
}

/// The contracts section of a PCP call's page for its officers: the budget view and the list.
pub fn section(
    contracts: &[ContractView],
    budget: &CallBudget,
    months: i32,
    lang: Lang,
) -> ContractsSection {
    let t = crate::i18n::Tr(lang);
    let row = |name: String, l: &crate::domain::contract::BudgetLine, max: Option<i32>| BudgetRow {
        name,
        allocated: euro(l.allocated_cents, lang),
        contracted: euro(l.contracted_cents, lang),
        paid: euro(l.paid_cents, lang),
        unspent: euro(l.unspent_cents, lang),
        contracts: match max {
            Some(max) => format!("{} / {max}", l.contracts),
            None => l.contracts.to_string(),
        },
    };
    ContractsSection {
        budget: budget
            .phases
            .iter()
            .map(|p| row(p.phase_name.clone(), &p.line, p.max_contracts))
            .collect(),
        total: row(t.s("contracts.total").to_string(), &budget.total, None),
        contracts: contracts.iter().map(|c| line(c, lang)).collect(),
        ipr_terms: words::ipr_terms(months, lang),
    }
}
