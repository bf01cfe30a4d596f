//! Storage of PCP framework agreements, specific contracts, deliverables, their submissions and
//! the payments made. What these mean is in `domain::contract`.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::DbConnection;
use super::schema::{
    contracts, deliverable_submissions, deliverables, framework_agreements, payments,
};

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = framework_agreements)]
pub struct FrameworkRow {
    pub id: String,
    pub call_id: String,
    pub organisation_id: String,
    pub created_at: NaiveDateTime,
    pub signed_on: Option<NaiveDate>,
    pub signed_by: Option<String>,
}

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = contracts)]
pub struct ContractRow {
    pub id: String,
    pub call_id: String,
    pub phase_id: String,
    pub organisation_id: String,
    pub proposal_id: String,
    pub awarded_cents: Option<i64>,
    pub amount_cents: Option<i64>,
    pub starts_on: Option<NaiveDate>,
    pub created_at: NaiveDateTime,
    pub signed_on: Option<NaiveDate>,
    pub signed_by: Option<String>,
    pub signed_at: Option<NaiveDateTime>,
    pub terminated_on: Option<NaiveDate>,
    pub terminated_at: Option<NaiveDateTime>,
    pub termination_reason: Option<String>,
}

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = deliverables)]
pub struct DeliverableRow {
    pub id: String,
    pub contract_id: String,
    pub position: i32,
    pub title: String,
    pub due_on: NaiveDate,
    pub payment_cents: i64,
}

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = deliverable_submissions)]
pub struct SubmissionRow {
    pub id: String,
    pub deliverable_id: String,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub submitted_by: String,
    pub submitted_at: NaiveDateTime,
    /// "accepted" or "changes_requested"; `None` until reviewed.
    pub review: Option<String>,
    pub review_reason: Option<String>,
    pub reviewed_by: Option<String>,
    pub reviewed_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = payments)]
pub struct PaymentRow {
    pub id: String,
    pub contract_id: String,
    pub deliverable_id: String,
    pub amount_cents: i64,
    pub paid_on: NaiveDate,
    pub recorded_by: String,
    pub recorded_at: NaiveDateTime,
}

/// Records the agreement unless the supplier already has one for this call.
pub fn ensure_framework(conn: &mut DbConnection, row: &FrameworkRow) -> QueryResult<()> {
    let exists = framework(conn, &row.call_id, &row.organisation_id)?.is_some();
    if !exists {
        diesel::insert_into(framework_agreements::table)
            .values(row)
            .execute(conn)?;
    }
    Ok(())
}

pub fn framework(
    conn: &mut DbConnection,
    call_id: &str,
    organisation_id: &str,
) -> QueryResult<Option<FrameworkRow>> {
    framework_agreements::table
        .filter(framework_agreements::call_id.eq(call_id))
        .filter(framework_agreements::organisation_id.eq(organisation_id))
        .first(conn)
        .optional()
}

pub fn find_framework(conn: &mut DbConnection, id: &str) -> QueryResult<Option<FrameworkRow>> {
    framework_agreements::table.find(id).first(conn).optional()
}

pub fn frameworks_of_call(
    conn: &mut DbConnection,
    call_id: &str,
) -> QueryResult<Vec<FrameworkRow>> {
    framework_agreements::table
        .filter(framework_agreements::call_id.eq(call_id))
        .order(framework_agreements::created_at.asc())
        .load(conn)
}

pub fn sign_framework(
    conn: &mut DbConnection,
    id: &str,
    signed_on: NaiveDate,
    signed_by: &str,
) -> QueryResult<()> {
    diesel::update(framework_agreements::table.find(id))
        .set((
            framework_agreements::signed_on.eq(signed_on),
            framework_agreements::signed_by.eq(signed_by),
        ))
        .execute(conn)
        .map(|_| ())
}

pub fn insert_contract(conn: &mut DbConnection, row: &ContractRow) -> QueryResult<()> {
    diesel::insert_into(contracts::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn find_contract(conn: &mut DbConnection, id: &str) -> QueryResult<Option<ContractRow>> {
    contracts::table.find(id).first(conn).optional()
}

pub fn contracts_of_call(conn: &mut DbConnection, call_id: &str) -> QueryResult<Vec<ContractRow>> {
    contracts::table
        .filter(contracts::call_id.eq(call_id))
        .order((contracts::created_at.asc(), contracts::id.asc()))
        .load(conn)
}

pub fn contracts_of_organisation(
    conn: &mut DbConnection,
    organisation_id: &str,
) -> QueryResult<Vec<ContractRow>> {
    contracts::table
        .filter(contracts::organisation_id.eq(organisation_id))
        .order((contracts::created_at.desc(), contracts::id.asc()))
        .load(conn)
}

/// Completes a draft: its amount, start and schedule (the schedule is replaced whole).
pub fn write_draft(
    conn: &mut DbConnection,
    id: &str,
    amount_cents: i64,
    starts_on: NaiveDate,
    schedule: &[DeliverableRow],
) -> QueryResult<()> {
    diesel::update(contracts::table.find(id))
        .set((
            contracts::amount_cents.eq(amount_cents),
            contracts::starts_on.eq(starts_on),
        ))
        .execute(conn)?;
    diesel::delete(deliverables::table.filter(deliverables::contract_id.eq(id))).execute(conn)?;
    // One row at a time: the multi-backend connection has no batch insert.
    for row in schedule {
        diesel::insert_into(deliverables::table)
            .values(row)
            .execute(conn)?;
    }
    Ok(())
}

pub fn sign_contract(
    conn: &mut DbConnection,
    id: &str,
    signed_on: NaiveDate,
    signed_by: &str,
    at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(contracts::table.find(id))
        .set((
            contracts::signed_on.eq(signed_on),
            contracts::signed_by.eq(signed_by),
            contracts::signed_at.eq(at),
        ))
        .execute(conn)
        .map(|_| ())
}

pub fn terminate_contract(
    conn: &mut DbConnection,
    id: &str,
    on: NaiveDate,
    reason: &str,
    at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(contracts::table.find(id))
        .set((
            contracts::terminated_on.eq(on),
            contracts::terminated_at.eq(at),
            contracts::termination_reason.eq(reason),
        ))
        .execute(conn)
        .map(|_| ())
}

pub fn deliverables_of(
    conn: &mut DbConnection,
    contract_ids: &[String],
) -> QueryResult<Vec<DeliverableRow>> {
    deliverables::table
        .filter(deliverables::contract_id.eq_any(contract_ids))
        .order((
            deliverables::contract_id.asc(),
            deliverables::position.asc(),
        ))
        .load(conn)
}

pub fn find_deliverable(conn: &mut DbConnection, id: &str) -> QueryResult<Option<DeliverableRow>> {
    deliverables::table.find(id).first(conn).optional()
}

/// Every submission of the deliverables, oldest first.
pub fn submissions_of(
    conn: &mut DbConnection,
    deliverable_ids: &[String],
) -> QueryResult<Vec<SubmissionRow>> {
    deliverable_submissions::table
        .filter(deliverable_submissions::deliverable_id.eq_any(deliverable_ids))
        .order((
            deliverable_submissions::submitted_at.asc(),
            deliverable_submissions::id.asc(),
        ))
        .load(conn)
}

pub fn find_submission(conn: &mut DbConnection, id: &str) -> QueryResult<Option<SubmissionRow>> {
    deliverable_submissions::table
        .find(id)
        .first(conn)
        .optional()
}

pub fn insert_submission(conn: &mut DbConnection, row: &SubmissionRow) -> QueryResult<()> {
    diesel::insert_into(deliverable_submissions::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn review_submission(
    conn: &mut DbConnection,
    id: &str,
    review: &str,
    reason: &str,
    reviewed_by: &str,
    at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(deliverable_submissions::table.find(id))
        .set((
            deliverable_submissions::review.eq(review),
            deliverable_submissions::review_reason.eq(reason),
            deliverable_submissions::reviewed_by.eq(reviewed_by),
            deliverable_submissions::reviewed_at.eq(at),
        ))
        .execute(conn)
        .map(|_| ())
}

pub fn payments_of(
    conn: &mut DbConnection,
    contract_ids: &[String],
) -> QueryResult<Vec<PaymentRow>> {
    payments::table
        .filter(payments::contract_id.eq_any(contract_ids))
        .order((payments::paid_on.asc(), payments::recorded_at.asc()))
        .load(conn)
}

pub fn insert_payment(conn: &mut DbConnection, row: &PaymentRow) -> QueryResult<()> {
    diesel::insert_into(payments::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// The files of deliverables, for the blob store's collector.
pub fn submission_hashes(conn: &mut DbConnection) -> QueryResult<Vec<String>> {
    deliverable_submissions::table
        .select(deliverable_submissions::sha256)
        .distinct()
        .load(conn)
}

pub fn referenced_submission_hashes(
    conn: &mut DbConnection,
    hashes: &[String],
) -> QueryResult<Vec<String>> {
    deliverable_submissions::table
        .filter(deliverable_submissions::sha256.eq_any(hashes))
        .select(deliverable_submissions::sha256)
        .distinct()
        .load(conn)
}
