//! Calls with their phases, criteria and documents.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;

use super::DbConnection;
use super::schema::{calls, criteria, documents, phases, typed_drafts};
use crate::domain::call::{CallSpec, CallStatus};
use crate::domain::evaluation::{ConsensusRule, PriceFormula};
use crate::domain::phase::{PhaseSpec, Procedure};

mod read;

pub use read::{call_of_phase, find, list};

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = calls)]
struct CallRow {
    id: String,
    authority_id: String,
    procedure: String,
    reference: String,
    title: String,
    summary: String,
    description: String,
    cpv_codes: String,
    budget_cents: i64,
    currency: String,
    contact: String,
    status: String,
    cancel_reason: Option<String>,
    created_by: String,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    published_at: Option<NaiveDateTime>,
    closed_at: Option<NaiveDateTime>,
    committee_max: i32,
    cig: Option<String>,
    nuts: Option<String>,
    eu_funded: bool,
    ipr_exploitation_months: Option<i32>,
}

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = phases)]
struct PhaseRow {
    id: String,
    call_id: String,
    position: i32,
    kind: String,
    name: String,
    deadline: Option<NaiveDateTime>,
    budget_cents: Option<i64>,
    max_contracts: Option<i32>,
    duration_days: Option<i32>,
    min_candidates: Option<i32>,
    standstill_days: Option<i32>,
    accepted_types: String,
    max_file_mb: Option<i32>,
    max_total_mb: Option<i32>,
    opened_at: Option<NaiveDateTime>,
    anonymised: i32,
    consensus_rule: String,
    price_formula: String,
    min_quality: Option<i32>,
    opened_by: Option<String>,
    technical_final_at: Option<NaiveDateTime>,
    decided_at: Option<NaiveDateTime>,
    decided_by: Option<String>,
    decision_text: Option<String>,
    max_candidates: Option<i32>,
}

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = criteria)]
struct CriterionRow {
    id: String,
    phase_id: String,
    position: i32,
    name: String,
    description: String,
    kind: String,
    weight: i32,
    max_points: i32,
    min_threshold: Option<i32>,
}

#[derive(Debug, Clone, Queryable, Insertable, serde::Serialize)]
#[diesel(table_name = documents)]
pub struct Document {
    pub id: String,
    pub call_id: String,
    pub title: String,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub uploaded_by: String,
    pub uploaded_at: NaiveDateTime,
    /// Set for the files of an addendum.
    pub addendum_id: Option<String>,
}

impl CallRecord {
    /// Public once published; a draft cancelled before publication stays private.
    pub fn is_public(&self) -> bool {
        crate::domain::access::is_public_call(self.status, self.published_at.is_some())
    }
}

/// A call as stored: its content, its state and its documents.
#[derive(Debug, Clone)]
pub struct CallRecord {
    pub id: String,
    pub authority_id: String,
    pub authority_name: String,
    pub status: CallStatus,
    pub cancel_reason: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub currency: String,
    pub spec: CallSpec,
    pub phase_ids: Vec<String>,
    /// When each phase's proposals were opened; sealed until then.
    pub phase_opened_at: Vec<Option<DateTime<Utc>>>,
    /// The call's own documents; an addendum's files are listed with the addendum.
    pub documents: Vec<Document>,
}

/// One line of a list of calls.
#[derive(Debug, Clone)]
pub struct CallSummary {
    pub id: String,
    pub reference: String,
    pub title: String,
    pub procedure: Procedure,
    pub status: CallStatus,
    pub authority_name: String,
    pub budget_cents: i64,
    pub cpv_codes: Vec<String>,
    pub published_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Default)]
pub struct CallFilter {
    pub procedure: Option<Procedure>,
    pub status: Option<CallStatus>,
    /// A CPV code or its leading digits ("73" finds every R&D service).
    pub cpv: Option<String>,
    /// Words that the reference, the title or the summary contain (ASCII letters in any case).
    pub text: Option<String>,
    /// Only calls of this authority, drafts included; otherwise only public calls.
    pub authority_id: Option<String>,
}

fn corrupt(what: &str, value: &str) -> diesel::result::Error {
    diesel::result::Error::DeserializationError(
        format!("unknown {what} {value:?} in the database").into(),
    )
}

fn join_cpv(codes: &[String]) -> String {
    codes.join(",")
}

fn split_cpv(s: &str) -> Vec<String> {
    s.split(',')
        .filter(|c| !c.is_empty())
        .map(str::to_string)
        .collect()
}

pub struct NewCall<'a> {
    pub id: &'a str,
    pub authority_id: &'a str,
    pub created_by: &'a str,
    pub spec: &'a CallSpec,
    pub now: DateTime<Utc>,
}

pub fn insert_call(conn: &mut DbConnection, new: NewCall<'_>) -> QueryResult<()> {
    let spec = new.spec;
    let row = CallRow {
        id: new.id.to_string(),
        authority_id: new.authority_id.to_string(),
        procedure: spec.procedure.as_str().to_string(),
        reference: spec.reference.trim().to_string(),
        title: spec.title.trim().to_string(),
        summary: spec.summary.trim().to_string(),
        description: spec.description.trim().to_string(),
        cpv_codes: join_cpv(&spec.cpv_codes),
        budget_cents: spec.budget_cents,
        currency: "EUR".to_string(),
        contact: spec.contact.trim().to_string(),
        status: CallStatus::Draft.as_str().to_string(),
        cancel_reason: None,
        created_by: new.created_by.to_string(),
        created_at: new.now.naive_utc(),
        updated_at: new.now.naive_utc(),
        published_at: None,
        closed_at: None,
        committee_max: spec.committee_max,
        cig: spec.cig.clone(),
        nuts: spec.nuts.clone(),
        eu_funded: spec.eu_funded,
        ipr_exploitation_months: spec.ipr_exploitation_months,
    };
    diesel::insert_into(calls::table)
        .values(&row)
        .execute(conn)?;
    insert_phases(conn, new.id, &spec.phases)
}

fn insert_phases(conn: &mut DbConnection, call_id: &str, specs: &[PhaseSpec]) -> QueryResult<()> {
    for (position, p) in specs.iter().enumerate() {
        let phase_id = uuid::Uuid::new_v4().to_string();
        let row = PhaseRow {
            id: phase_id.clone(),
            call_id: call_id.to_string(),
            position: position as i32,
            kind: p.kind.as_str().to_string(),
            name: p.name.trim().to_string(),
            deadline: p.deadline.map(|d| d.naive_utc()),
            budget_cents: p.budget_cents,
            max_contracts: p.max_contracts,
            duration_days: p.duration_days,
            min_candidates: p.min_candidates,
            standstill_days: p.standstill_days,
            accepted_types: p.accepted_types.join(","),
            max_file_mb: p.max_file_mb,
            max_total_mb: p.max_total_mb,
            opened_at: None,
            anonymised: i32::from(p.anonymised.unwrap_or(p.kind.is_pcp())),
            consensus_rule: p
                .consensus_rule
                .unwrap_or(ConsensusRule::ChairRecords)
                .as_str()
                .to_string(),
            price_formula: p
                .price_formula
                .unwrap_or(PriceFormula::Proportional)
                .as_str()
                .to_string(),
            min_quality: p.min_quality,
            opened_by: None,
            technical_final_at: None,
            decided_at: None,
            decided_by: None,
            decision_text: None,
            max_candidates: p.max_candidates,
        };
        diesel::insert_into(phases::table)
            .values(&row)
            .execute(conn)?;
        let rows: Vec<CriterionRow> = p
            .criteria
            .iter()
            .enumerate()
            .map(|(i, c)| CriterionRow {
                id: uuid::Uuid::new_v4().to_string(),
                phase_id: phase_id.clone(),
                position: i as i32,
                name: c.name.trim().to_string(),
                description: c.description.trim().to_string(),
                kind: c.kind.as_str().to_string(),
                weight: c.weight,
                max_points: c.max_points,
                min_threshold: c.min_threshold,
            })
            .collect();
        // One statement per row: batch inserts are not available on the multi backend.
        for row in &rows {
            diesel::insert_into(criteria::table)
                .values(row)
                .execute(conn)?;
        }
    }
    Ok(())
}

/// Replaces the content of a draft: its fields, phases and criteria.
pub fn replace_content(
    conn: &mut DbConnection,
    id: &str,
    spec: &CallSpec,
    now: DateTime<Utc>,
) -> QueryResult<()> {
    diesel::update(calls::table.find(id))
        .set((
            calls::reference.eq(spec.reference.trim()),
            calls::title.eq(spec.title.trim()),
            calls::summary.eq(spec.summary.trim()),
            calls::description.eq(spec.description.trim()),
            calls::cpv_codes.eq(join_cpv(&spec.cpv_codes)),
            calls::budget_cents.eq(spec.budget_cents),
            calls::contact.eq(spec.contact.trim()),
            calls::committee_max.eq(spec.committee_max),
            calls::cig.eq(spec.cig.as_deref()),
            calls::nuts.eq(spec.nuts.as_deref()),
            calls::eu_funded.eq(spec.eu_funded),
            calls::ipr_exploitation_months.eq(spec.ipr_exploitation_months),
            calls::updated_at.eq(now.naive_utc()),
        ))
        .execute(conn)?;
    let phase_ids = phases::table
        .filter(phases::call_id.eq(id))
        .select(phases::id);
    diesel::delete(criteria::table.filter(criteria::phase_id.eq_any(phase_ids))).execute(conn)?;
    diesel::delete(phases::table.filter(phases::call_id.eq(id))).execute(conn)?;
    diesel::delete(typed_drafts::table.find(id)).execute(conn)?;
    insert_phases(conn, id, &spec.phases)
}

/// Keeps what was typed in a draft's form (the action asked, the form's pairs as JSON).
pub fn keep_typed(
    conn: &mut DbConnection,
    id: &str,
    action: &str,
    pairs: &str,
    now: DateTime<Utc>,
) -> QueryResult<()> {
    diesel::delete(typed_drafts::table.find(id)).execute(conn)?;
    diesel::insert_into(typed_drafts::table)
        .values((
            typed_drafts::call_id.eq(id),
            typed_drafts::action.eq(action),
            typed_drafts::pairs.eq(pairs),
            typed_drafts::saved_at.eq(now.naive_utc()),
        ))
        .execute(conn)
        .map(|_| ())
}

/// What was last typed in a draft's form and not yet saved: (action, pairs as JSON).
pub fn typed(conn: &mut DbConnection, id: &str) -> QueryResult<Option<(String, String)>> {
    typed_drafts::table
        .find(id)
        .select((typed_drafts::action, typed_drafts::pairs))
        .first(conn)
        .optional()
}

pub struct StatusChange<'a> {
    pub status: CallStatus,
    pub cancel_reason: Option<&'a str>,
    pub now: DateTime<Utc>,
}

pub fn set_status(conn: &mut DbConnection, id: &str, change: StatusChange<'_>) -> QueryResult<()> {
    let now = change.now.naive_utc();
    let target = calls::table.find(id);
    match change.status {
        CallStatus::Published => diesel::update(target)
            .set((
                calls::status.eq("published"),
                calls::published_at.eq(now),
                calls::updated_at.eq(now),
            ))
            .execute(conn)?,
        status => diesel::update(target)
            .set((
                calls::status.eq(status.as_str()),
                calls::cancel_reason.eq(change.cancel_reason),
                calls::closed_at.eq(now),
                calls::updated_at.eq(now),
            ))
            .execute(conn)?,
    };
    Ok(())
}

pub fn insert_document(conn: &mut DbConnection, doc: &Document) -> QueryResult<()> {
    diesel::insert_into(documents::table)
        .values(doc)
        .execute(conn)
        .map(|_| ())
}

pub fn find_document(
    conn: &mut DbConnection,
    call_id: &str,
    doc_id: &str,
) -> QueryResult<Option<Document>> {
    documents::table
        .filter(documents::call_id.eq(call_id))
        .filter(documents::id.eq(doc_id))
        .first(conn)
        .optional()
}

pub fn delete_document(conn: &mut DbConnection, doc_id: &str) -> QueryResult<usize> {
    diesel::delete(documents::table.find(doc_id)).execute(conn)
}
