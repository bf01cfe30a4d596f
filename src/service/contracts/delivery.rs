//! The work under a contract: deliverables handed in, reviewed and paid, and who may read them.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::{ContractView, Loaded, invalid_if_any, load, log, managed, previous, refused};
use crate::db::contracts::{PaymentRow, SubmissionRow};
use crate::db::{self, DbConnection, write_tx};
use crate::domain::access::Actor;
use crate::domain::contract::{self as rules, ContractRefusal, Review};
use crate::domain::time::rome_date;
use crate::error::AppError;

/// The contract a deliverable belongs to, loaded for an act on the deliverable.
fn contract_of_deliverable(
    conn: &mut DbConnection,
    deliverable_id: &str,
    today: NaiveDate,
) -> Result<Loaded, AppError> {
    let d = db::contracts::find_deliverable(conn, deliverable_id)?.ok_or(AppError::NotFound)?;
    load(conn, &d.contract_id, today)
}

/// The contract of a deliverable, for an act of its officers.
fn managed_deliverable(
    conn: &mut DbConnection,
    actor: &Actor,
    deliverable_id: &str,
    today: NaiveDate,
) -> Result<ContractView, AppError> {
    let d = db::contracts::find_deliverable(conn, deliverable_id)?.ok_or(AppError::NotFound)?;
    Ok(managed(conn, actor, &d.contract_id, today)?.view)
}

/// A file handed in for a deliverable, as stored.
pub struct DeliveredFile {
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
}

/// What a supplier keeps of a hand-in: the deliverable, the file's SHA-256 and the time.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DeliveryReceipt {
    pub submission_id: String,
    pub contract_id: String,
    pub deliverable_id: String,
    pub deliverable: String,
    pub file_name: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub submitted_at: DateTime<Utc>,
    pub late: bool,
}

/// The supplier party to the contract hands in a deliverable.
pub fn deliver(
    conn: &mut DbConnection,
    actor: &Actor,
    deliverable_id: &str,
    file: &DeliveredFile,
    now: DateTime<Utc>,
) -> Result<DeliveryReceipt, AppError> {
    let today = rome_date(now);
    write_tx(conn, |conn| {
        let loaded = contract_of_deliverable(conn, deliverable_id, today)?;
        let c = &loaded.view;
        if !rules::is_party(actor, &c.organisation_id) {
            return Err(
                if rules::can_view(actor, &loaded.call.authority_id, &c.organisation_id) {
                    AppError::Forbidden
                } else {
                    AppError::NotFound
                },
            );
        }
        let d = c.deliverable(deliverable_id).ok_or(AppError::NotFound)?;
        rules::check_delivery(c.status, d.state).map_err(refused)?;
        let row = SubmissionRow {
            id: uuid::Uuid::new_v4().to_string(),
            deliverable_id: deliverable_id.to_string(),
            file_name: file.file_name.clone(),
            content_type: file.content_type.clone(),
            size_bytes: file.size_bytes,
            sha256: file.sha256.clone(),
            submitted_by: actor.user_id.clone(),
            submitted_at: crate::domain::time::truncate_to_micros(now).naive_utc(),
            review: None,
            review_reason: None,
            reviewed_by: None,
            reviewed_at: None,
        };
        db::contracts::insert_submission(conn, &row)?;
        log(
            conn,
            actor,
            "deliverable.submitted",
            ("deliverable", deliverable_id),
            format!(
                "{} ({} bytes, sha256 {})",
                row.file_name, row.size_bytes, row.sha256
            ),
            now,
        )?;
        // The first hand-in decides lateness; a resubmission asked for is not late.
        let late = d.late;
        Ok(DeliveryReceipt {
            submission_id: row.id,
            contract_id: c.id.clone(),
            deliverable_id: deliverable_id.to_string(),
            deliverable: d.title.clone(),
            file_name: row.file_name,
            size_bytes: row.size_bytes,
            sha256: row.sha256,
            submitted_at: row.submitted_at.and_utc(),
            late,
        })
    })
}

/// The officer accepts the latest submission of a deliverable or asks for changes.
pub fn review(
    conn: &mut DbConnection,
    actor: &Actor,
    deliverable_id: &str,
    accepted: bool,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<ContractView, AppError> {
    let today = rome_date(now);
    write_tx(conn, |conn| {
        let c = managed_deliverable(conn, actor, deliverable_id, today)?;
        let contract_id = c.id.clone();
        let d = c.deliverable(deliverable_id).ok_or(AppError::NotFound)?;
        invalid_if_any(rules::check_review(c.status, d.state, accepted, reason).map_err(refused)?)?;
        let latest = d.latest().ok_or(refused(ContractRefusal::NotSubmitted))?;
        let review = if accepted {
            Review::Accepted
        } else {
            Review::ChangesRequested
        };
        db::contracts::review_submission(
            conn,
            &latest.id,
            review.as_str(),
            reason.trim(),
            &actor.user_id,
            now.naive_utc(),
        )?;
        log(
            conn,
            actor,
            &format!("deliverable.{}", review.as_str()),
            ("deliverable", deliverable_id),
            format!("sha256={} reason={}", latest.sha256, reason.trim()),
            now,
        )?;
        Ok(load(conn, &contract_id, today)?.view)
    })
}

/// Records a payment made for an accepted deliverable.
pub fn record_payment(
    conn: &mut DbConnection,
    actor: &Actor,
    deliverable_id: &str,
    amount_cents: i64,
    paid_on: NaiveDate,
    now: DateTime<Utc>,
) -> Result<ContractView, AppError> {
    let today = rome_date(now);
    write_tx(conn, |conn| {
        let c = managed_deliverable(conn, actor, deliverable_id, today)?;
        let contract_id = c.id.clone();
        let d = c.deliverable(deliverable_id).ok_or(AppError::NotFound)?;
        let mut v = rules::check_payment(d.state, d.payment_cents, d.paid_cents, amount_cents)
            .map_err(refused)?;
        let accepted_on = d
            .latest()
            .and_then(|s| s.reviewed_at)
            .map_or(today, rome_date);
        v.extend(rules::check_act_date(
            "paid_on",
            paid_on,
            accepted_on,
            today,
        ));
        invalid_if_any(v)?;
        let row = PaymentRow {
            id: uuid::Uuid::new_v4().to_string(),
            contract_id: contract_id.clone(),
            deliverable_id: deliverable_id.to_string(),
            amount_cents,
            paid_on,
            recorded_by: actor.user_id.clone(),
            recorded_at: now.naive_utc(),
        };
        db::contracts::insert_payment(conn, &row)?;
        log(
            conn,
            actor,
            "payment.recorded",
            ("contract", &contract_id),
            format!("deliverable={deliverable_id} amount_cents={amount_cents} paid_on={paid_on}"),
            now,
        )?;
        Ok(load(conn, &contract_id, today)?.view)
    })
}

/// A deliverable's file, for whoever may see the contract, and for the committee of the next
/// phase once accepted (`previous_work`).
pub fn submission_file(
    conn: &mut DbConnection,
    actor: &Actor,
    submission_id: &str,
    now: DateTime<Utc>,
) -> Result<SubmissionRow, AppError> {
    let s = db::contracts::find_submission(conn, submission_id)?.ok_or(AppError::NotFound)?;
    let today = rome_date(now);
    let l = contract_of_deliverable(conn, &s.deliverable_id, today)?;
    let org = &l.view.organisation_id;
    if rules::can_view(actor, &l.call.authority_id, org)
        || previous::committee_reads(conn, actor, &l.call, org, submission_id, today)?
    {
        Ok(s)
    } else {
        Err(AppError::NotFound)
    }
}
