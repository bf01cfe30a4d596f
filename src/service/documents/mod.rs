//! Issuing PDF documents and verifying them.

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

use crate::audit::{self, Change};
use crate::db::documents::IssuedDocument;
use crate::db::{self, DbConnection, write_tx};
use crate::domain::access::Actor;
use crate::domain::lang::Lang;
use crate::error::AppError;
use crate::pdf::Rendered;
use crate::pdf::evaluation::{
    ProcurementReport, ReportPhase, render_evaluation, render_outcome, render_report,
};
use crate::pdf::minutes::{MinutesMember, MinutesProposal, OpeningMinutes, render_opening};
use crate::pdf::receipt::render_receipt;
use crate::service::proposals::{load_phase, receipt};

mod contracts;
mod dialogue;
mod evaluation_data;

pub use contracts::{contract_pdf, framework_pdf};
pub use dialogue::session_minutes_pdf;

use evaluation_data::evaluation_data;

/// A PDF ready to send, with the SHA-256 of its bytes.
pub struct IssuedPdf {
    pub bytes: Vec<u8>,
    pub sha256: String,
    pub file_name: String,
}

/// The submission receipt as a PDF, for whoever may read the receipt. Its date is the instant
/// the proposal was received, so the same receipt always gives the same bytes.
pub fn receipt_pdf(
    conn: &mut DbConnection,
    actor: &Actor,
    proposal_id: &str,
    lang: Lang,
    public_base: &str,
    now: DateTime<Utc>,
) -> Result<IssuedPdf, AppError> {
    let r = receipt(conn, actor, proposal_id)?;
    let authority = load_phase(conn, &r.phase_id)?.call.authority_name;
    let rendered = render_receipt(&r, &authority, lang, public_base);
    issue(
        conn,
        &actor.user_id,
        rendered,
        Issue {
            kind: "receipt",
            entity_id: r.proposal_id.clone(),
            lang,
            title: format!("Ricevuta {}", r.receipt_number),
            event_at: r.received_at.naive_utc(),
            file_name: format!("ricevuta-{}.pdf", r.receipt_number),
        },
        now,
    )
}

/// What identifies an issued document besides its bytes.
struct Issue<'a> {
    kind: &'a str,
    entity_id: String,
    lang: Lang,
    title: String,
    event_at: chrono::NaiveDateTime,
    file_name: String,
}

/// Records a rendered document the first time its bytes are issued, and hands it out.
fn issue(
    conn: &mut DbConnection,
    actor: &str,
    rendered: Rendered,
    what: Issue<'_>,
    now: DateTime<Utc>,
) -> Result<IssuedPdf, AppError> {
    let sha256 = hex::encode(Sha256::digest(&rendered.bytes));
    let doc = IssuedDocument {
        file_sha256: sha256.clone(),
        data_sha256: rendered.data_sha256,
        kind: what.kind.into(),
        entity_id: what.entity_id,
        lang: what.lang.code().into(),
        title: what.title,
        event_at: what.event_at,
        issued_at: now.naive_utc(),
        audit_seq: None,
        audit_hash: None,
    };
    register(conn, actor, &doc, now)?;
    Ok(IssuedPdf {
        bytes: rendered.bytes,
        sha256,
        file_name: what.file_name,
    })
}

/// Records an issued document the first time its bytes are issued.
fn register(
    conn: &mut DbConnection,
    actor: &str,
    doc: &IssuedDocument,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    write_tx(conn, |conn| {
        let head = db::audit::last(conn)?;
        let doc = IssuedDocument {
            audit_seq: head.as_ref().map(|e| e.seq),
            audit_hash: head.map(|e| e.hash),
            ..doc.clone()
        };
        if db::documents::record(conn, &doc)? {
            audit::append(
                conn,
                Change {
                    actor,
                    action: "document.issued",
                    entity_type: &doc.kind,
                    entity_id: &doc.entity_id,
                    before: String::new(),
                    after: format!("{} sha256={}", doc.title, doc.file_sha256),
                },
                now,
            )?;
        }
        Ok(())
    })
}

/// The opening minutes of a phase: public once its outcome is confirmed; before, for the
/// authority's officers.
pub fn opening_minutes_pdf(
    conn: &mut DbConnection,
    actor: Option<&Actor>,
    phase_id: &str,
    lang: Lang,
    public_base: &str,
    now: DateTime<Utc>,
) -> Result<IssuedPdf, AppError> {
    let phase = load_phase(conn, phase_id)?;
    let state = db::evaluation::phase_state(conn, phase_id)?;
    let opened_at = state.opened_at.ok_or(AppError::NotFound)?;
    let officer = actor.is_some_and(|a| a.is_officer_of(&phase.call.authority_id));
    if state.decided_at.is_none() && !officer {
        return Err(if actor.is_some() {
            AppError::NotFound
        } else {
            AppError::Unauthorized
        });
    }
    let opened_by = match &state.opened_by {
        Some(id) => db::accounts::find_user_by_id(conn, id)?
            .map(|u| u.display_name)
            .unwrap_or_default(),
        None => String::new(),
    };
    let members = db::evaluation::members(conn, phase_id)?
        .into_iter()
        .map(|(m, name)| MinutesMember {
            name,
            chair: m.is_chair == 1,
            declared_at: m.declared_at.map(|d| d.and_utc()),
            conflict: m.has_conflict == Some(1),
        })
        .collect();
    let mut proposals = Vec::new();
    for p in db::proposals::for_phase(conn, phase_id)? {
        let organisation = db::accounts::find_organisation(conn, &p.organisation_id)?
            .map(|o| o.legal_name)
            .unwrap_or_default();
        let files = db::proposals::files(conn, &p.id)?
            .into_iter()
            .map(|f| (f.file_name, f.sha256))
            .collect();
        let status = crate::i18n::proposal_status_name(p.status(), lang).to_string();
        proposals.push(MinutesProposal {
            receipt_number: p.receipt_number,
            organisation,
            received_at: p.received_at.and_utc(),
            status,
            files,
        });
    }
    let late_refusals = db::audit::for_entity(conn, "phase", phase_id)?
        .into_iter()
        .filter(|e| e.action == "proposal.refused_late")
        .map(|e| e.at)
        .collect();
    let spec = &phase.call.spec.phases[phase.index];
    let minutes = OpeningMinutes {
        authority: phase.call.authority_name.clone(),
        call_reference: phase.call.spec.reference.clone(),
        call_title: phase.call.spec.title.clone(),
        phase_name: spec.name.clone(),
        deadline: spec.deadline,
        opened_at: opened_at.and_utc(),
        opened_by,
        place: authority_seat(conn, &phase.call.authority_id)?,
        members,
        proposals,
        late_refusals,
    };
    let rendered = render_opening(&minutes, lang, public_base);
    issue(
        conn,
        actor.map_or("public", |a| a.user_id.as_str()),
        rendered,
        Issue {
            kind: "opening_minutes",
            entity_id: phase_id.to_string(),
            lang,
            title: format!(
                "Verbale di apertura — {} — {}",
                minutes.call_reference, minutes.phase_name
            ),
            event_at: opened_at,
            file_name: format!("verbale-apertura-{}.pdf", minutes.call_reference),
        },
        now,
    )
}

/// The evaluation minutes or the outcome of a phase: public once the outcome is confirmed.
pub fn evaluation_pdf(
    conn: &mut DbConnection,
    actor: Option<&Actor>,
    phase_id: &str,
    outcome: bool,
    lang: Lang,
    public_base: &str,
    now: DateTime<Utc>,
) -> Result<IssuedPdf, AppError> {
    let (minutes, award) = evaluation_data(conn, phase_id, lang)?;
    let rendered = if outcome {
        render_outcome(&minutes, award, lang, public_base)
    } else {
        render_evaluation(&minutes, lang, public_base)
    };
    let (kind, title, file) = match (outcome, award) {
        (false, _) => (
            "evaluation_minutes",
            "Verbale di valutazione",
            "verbale-valutazione",
        ),
        (true, false) => ("phase_outcome", "Esito della fase", "esito"),
        (true, true) => (
            "award_decision",
            "Provvedimento di aggiudicazione",
            "aggiudicazione",
        ),
    };
    issue(
        conn,
        actor.map_or("public", |a| a.user_id.as_str()),
        rendered,
        Issue {
            kind,
            entity_id: phase_id.to_string(),
            lang,
            title: format!(
                "{title} — {} — {}",
                minutes.call_reference, minutes.phase_name
            ),
            event_at: minutes.decided_at.naive_utc(),
            file_name: format!("{file}-{}.pdf", minutes.call_reference),
        },
        now,
    )
}

/// The procurement report of a call: public once at least one phase's outcome is confirmed. A
/// competitive dialogue's tells its dialogue phase; the authority's officers get the copy with
/// its confidential parts.
pub fn report_pdf(
    conn: &mut DbConnection,
    actor: Option<&Actor>,
    call_id: &str,
    lang: Lang,
    public_base: &str,
    now: DateTime<Utc>,
) -> Result<IssuedPdf, AppError> {
    let call = db::calls::find(conn, call_id)?.ok_or(AppError::NotFound)?;
    if !call.is_public() {
        return Err(AppError::NotFound);
    }
    // The authority's officers get its copy, with the dialogue's confidential parts.
    let confidential = actor.is_some_and(|a| a.is_officer_of(&call.authority_id));
    let t = crate::i18n::Tr(lang);
    let signed: Vec<crate::service::contracts::ContractView> =
        crate::service::contracts::load_call(
            conn,
            call.clone(),
            crate::domain::time::rome_date(now),
        )?
        .contracts
        .into_iter()
        .filter(|c| c.signed_on.is_some())
        .collect();
    let budget = crate::service::contracts::budget_of(&call, &signed);
    let mut phases = Vec::new();
    let mut last = None;
    for phase_id in &call.phase_ids {
        if db::evaluation::phase_state(conn, phase_id)?
            .decided_at
            .is_none()
        {
            continue;
        }
        let (minutes, _) = evaluation_data(conn, phase_id, lang)?;
        last = Some(minutes.decided_at);
        let contracts = signed
            .iter()
            .filter(|c| c.phase_id == *phase_id)
            .map(|c| report_contract_row(c, lang))
            .collect();
        let budget = budget
            .phases
            .iter()
            .find(|b| b.phase_id == *phase_id)
            .map(|b| report_budget_line(&b.line, lang));
        phases.push(ReportPhase {
            minutes,
            contracts,
            budget,
        });
    }
    let event_at = last.ok_or(AppError::NotFound)?;
    let report = ProcurementReport {
        authority: call.authority_name.clone(),
        call_reference: call.spec.reference.clone(),
        call_title: call.spec.title.clone(),
        subject: call.spec.summary.clone(),
        value: t.euro(&call.spec.budget_cents),
        procedure: t.procedure(&call.spec.procedure).to_string(),
        justification: crate::i18n::procedure_rationale(call.spec.procedure, lang).to_string(),
        excluded_from_directives: call.spec.procedure == crate::domain::phase::Procedure::Pcp,
        phases,
        challenges: crate::service::challenges::for_report(conn, call_id)?
            .iter()
            .map(|c| crate::i18n::challenges::report_row(c, lang))
            .collect(),
        dialogue: dialogue::dialogue_record(conn, &call, confidential, lang)?,
    };
    let rendered = render_report(&report, lang, public_base);
    issue(
        conn,
        actor.map_or("public", |a| a.user_id.as_str()),
        rendered,
        Issue {
            kind: "procurement_report",
            entity_id: call_id.to_string(),
            lang,
            title: format!("Relazione sulla procedura — {}", report.call_reference),
            event_at: event_at.naive_utc(),
            file_name: format!("relazione-{}.pdf", report.call_reference),
        },
        now,
    )
}

pub fn verify(conn: &mut DbConnection, hash: &str) -> Result<Option<IssuedDocument>, AppError> {
    let Some(hash) = crate::domain::file_content::sha256_hex(hash) else {
        return Ok(None);
    };
    Ok(db::documents::find(conn, &hash)?)
}

/// Where the authority's minutes are signed: its seat, as registered.
fn authority_seat(conn: &mut DbConnection, authority_id: &str) -> Result<String, AppError> {
    Ok(db::accounts::find_authority(conn, authority_id)?
        .map(|a| a.address)
        .unwrap_or_default())
}

fn report_contract_row(c: &crate::service::contracts::ContractView, lang: Lang) -> Vec<String> {
    use crate::domain::time::format_date;
    let t = crate::i18n::Tr(lang);
    let accepted = c
        .deliverables
        .iter()
        .filter(|d| d.state == crate::domain::contract::DeliverableState::Accepted)
        .count();
    let period = match (c.starts_on, c.ends_on) {
        (Some(s), Some(e)) => format!("{} – {}", format_date(s, lang), format_date(e, lang)),
        _ => "–".into(),
    };
    vec![
        c.supplier.clone(),
        c.amount_cents.map_or("–".into(), |a| t.euro(&a)),
        period,
        format!("{accepted} / {}", c.deliverables.len()),
        t.euro(&c.paid_cents),
    ]
}

fn report_budget_line(l: &crate::domain::contract::BudgetLine, lang: Lang) -> String {
    let t = crate::i18n::Tr(lang);
    format!(
        "{}: {} · {}: {} · {}: {} · {}: {}",
        t.s("contracts.allocated"),
        t.euro(&l.allocated_cents),
        t.s("contracts.contracted"),
        t.euro(&l.contracted_cents),
        t.s("contracts.paid"),
        t.euro(&l.paid_cents),
        t.s("contracts.unspent"),
        t.euro(&l.unspent_cents),
    )
}
