//! Calls as the JSON API returns them.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::db::calls::{CallRecord, CallSummary};
use crate::domain::call::CallStatus;
use crate::domain::criteria::CriterionSpec;
use crate::domain::phase::{PhaseKind, Procedure};
use crate::domain::time::format_rome;

#[derive(Serialize, ToSchema)]
pub struct DocumentOutput {
    pub id: String,
    pub title: String,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub uploaded_at: DateTime<Utc>,
    pub url: String,
}

pub fn document_output(d: crate::db::calls::Document) -> DocumentOutput {
    DocumentOutput {
        url: format!("/calls/{}/documents/{}", d.call_id, d.id),
        id: d.id,
        title: d.title,
        file_name: d.file_name,
        content_type: d.content_type,
        size_bytes: d.size_bytes,
        sha256: d.sha256,
        uploaded_at: d.uploaded_at.and_utc(),
    }
}

#[derive(Serialize, ToSchema)]
pub struct PhaseOutput {
    pub id: String,
    pub position: usize,
    pub kind: PhaseKind,
    pub name: String,
    pub deadline: Option<DateTime<Utc>>,
    /// The deadline as shown in Rome, e.g. "15/01/2027 12:00 (CET)".
    pub deadline_rome: Option<String>,
    pub budget_cents: Option<i64>,
    pub max_contracts: Option<i32>,
    pub duration_days: Option<i32>,
    pub min_candidates: Option<i32>,
    pub max_candidates: Option<i32>,
    pub standstill_days: Option<i32>,
    pub criteria: Vec<CriterionSpec>,
    /// What a proposal in this phase must contain, where the phase takes proposals.
    pub submission: Option<crate::domain::submission::SubmissionRules>,
    /// The rules that score this phase's proposals, published in advance (final tenders: the
    /// award's).
    pub scoring: Option<crate::domain::evaluation::ScoringRules>,
    pub opened_at: Option<DateTime<Utc>>,
}

#[derive(Serialize, ToSchema)]
pub struct CallOutput {
    pub id: String,
    pub status: CallStatus,
    pub procedure: Procedure,
    pub reference: String,
    pub title: String,
    pub summary: String,
    pub description: String,
    pub cpv_codes: Vec<String>,
    pub budget_cents: i64,
    pub currency: String,
    pub contact: String,
    pub cig: Option<String>,
    pub nuts: Option<String>,
    pub authority_id: String,
    pub authority_name: String,
    pub cancel_reason: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub phases: Vec<PhaseOutput>,
    pub documents: Vec<DocumentOutput>,
}

impl From<CallRecord> for CallOutput {
    fn from(c: CallRecord) -> Self {
        let rules: Vec<_> = (0..c.spec.phases.len())
            .map(|i| crate::domain::submission::rules_for(&c.spec.phases, i))
            .collect();
        let mut scoring = (0..c.spec.phases.len())
            .map(|i| {
                c.spec.phases[i]
                    .kind
                    .has_deadline()
                    .then(|| crate::domain::evaluation::scoring_rules(&c.spec, i))
            })
            .collect::<Vec<_>>()
            .into_iter();
        let phases = c
            .spec
            .phases
            .into_iter()
            .zip(c.phase_ids)
            .zip(rules.into_iter().zip(c.phase_opened_at))
            .enumerate()
            .map(
                |(position, ((p, id), (submission, opened_at)))| PhaseOutput {
                    id,
                    position,
                    submission,
                    scoring: scoring.next().flatten(),
                    opened_at,
                    kind: p.kind,
                    deadline_rome: p
                        .deadline
                        .map(|d| format_rome(d, crate::domain::lang::Lang::It)),
                    name: p.name,
                    deadline: p.deadline,
                    budget_cents: p.budget_cents,
                    max_contracts: p.max_contracts,
                    duration_days: p.duration_days,
                    min_candidates: p.min_candidates,
                    max_candidates: p.max_candidates,
                    standstill_days: p.standstill_days,
                    criteria: p.criteria,
                },
            )
            .collect();
        let documents = c.documents.into_iter().map(document_output).collect();
        CallOutput {
            id: c.id,
            status: c.status,
            procedure: c.spec.procedure,
            reference: c.spec.reference,
            title: c.spec.title,
            summary: c.spec.summary,
            description: c.spec.description,
            cpv_codes: c.spec.cpv_codes,
            budget_cents: c.spec.budget_cents,
            currency: c.currency,
            contact: c.spec.contact,
            cig: c.spec.cig,
            nuts: c.spec.nuts,
            authority_id: c.authority_id,
            authority_name: c.authority_name,
            cancel_reason: c.cancel_reason,
            created_at: c.created_at,
            updated_at: c.updated_at,
            published_at: c.published_at,
            closed_at: c.closed_at,
            phases,
            documents,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct CallListItem {
    pub id: String,
    pub reference: String,
    pub title: String,
    pub procedure: Procedure,
    pub status: CallStatus,
    pub authority_name: String,
    pub budget_cents: i64,
    pub cpv_codes: Vec<String>,
    pub published_at: Option<DateTime<Utc>>,
}

impl From<CallSummary> for CallListItem {
    fn from(c: CallSummary) -> Self {
        CallListItem {
            id: c.id,
            reference: c.reference,
            title: c.title,
            procedure: c.procedure,
            status: c.status,
            authority_name: c.authority_name,
            budget_cents: c.budget_cents,
            cpv_codes: c.cpv_codes,
            published_at: c.published_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct CallList {
    pub items: Vec<CallListItem>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}
