//! Committees, declarations, scores, consensus and results of a phase.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;

use super::DbConnection;
use super::schema::{
    committee_members, consensus_scores, phase_results, phases, price_verifications, scores, users,
};

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = committee_members)]
pub struct Member {
    pub id: String,
    pub phase_id: String,
    pub user_id: String,
    pub is_chair: i32,
    pub appointed_at: NaiveDateTime,
    pub appointed_by: String,
    pub declared_at: Option<NaiveDateTime>,
    pub has_conflict: Option<i32>,
    pub declaration: Option<String>,
    pub scores_submitted_at: Option<NaiveDateTime>,
    pub replaced_at: Option<NaiveDateTime>,
}

impl Member {
    pub fn is_active(&self) -> bool {
        self.replaced_at.is_none()
    }

    /// Declared no conflict of interest: only then may anything of the proposals be seen.
    pub fn is_cleared(&self) -> bool {
        self.is_active() && self.declared_at.is_some() && self.has_conflict == Some(0)
    }
}

pub fn members(conn: &mut DbConnection, phase_id: &str) -> QueryResult<Vec<(Member, String)>> {
    committee_members::table
        .inner_join(users::table.on(users::id.eq(committee_members::user_id)))
        .filter(committee_members::phase_id.eq(phase_id))
        .order(committee_members::appointed_at.asc())
        .select((committee_members::all_columns, users::display_name))
        .load(conn)
}

/// Phases where a user sits (or sat) on the committee, most recent first.
pub fn phases_of_member(conn: &mut DbConnection, user_id: &str) -> QueryResult<Vec<String>> {
    committee_members::table
        .filter(committee_members::user_id.eq(user_id))
        .filter(committee_members::replaced_at.is_null())
        .order(committee_members::appointed_at.desc())
        .select(committee_members::phase_id)
        .load(conn)
}

pub fn insert_member(conn: &mut DbConnection, m: &Member) -> QueryResult<()> {
    diesel::insert_into(committee_members::table)
        .values(m)
        .execute(conn)
        .map(|_| ())
}

pub fn declare(
    conn: &mut DbConnection,
    member_id: &str,
    conflict: bool,
    text: &str,
    at: DateTime<Utc>,
) -> QueryResult<()> {
    diesel::update(committee_members::table.find(member_id))
        .set((
            committee_members::declared_at.eq(Some(at.naive_utc())),
            committee_members::has_conflict.eq(Some(i32::from(conflict))),
            committee_members::declaration.eq(Some(text)),
        ))
        .execute(conn)
        .map(|_| ())
}

pub fn replace(conn: &mut DbConnection, member_id: &str, at: DateTime<Utc>) -> QueryResult<()> {
    diesel::update(committee_members::table.find(member_id))
        .set(committee_members::replaced_at.eq(Some(at.naive_utc())))
        .execute(conn)
        .map(|_| ())
}

pub fn mark_scores_submitted(
    conn: &mut DbConnection,
    member_id: &str,
    at: DateTime<Utc>,
) -> QueryResult<()> {
    diesel::update(committee_members::table.find(member_id))
        .set(committee_members::scores_submitted_at.eq(Some(at.naive_utc())))
        .execute(conn)
        .map(|_| ())
}

pub fn set_opened(
    conn: &mut DbConnection,
    phase_id: &str,
    by: &str,
    at: DateTime<Utc>,
) -> QueryResult<()> {
    diesel::update(phases::table.find(phase_id))
        .set((
            phases::opened_at.eq(Some(at.naive_utc())),
            phases::opened_by.eq(Some(by)),
        ))
        .execute(conn)
        .map(|_| ())
}

pub fn set_technical_final(
    conn: &mut DbConnection,
    phase_id: &str,
    at: DateTime<Utc>,
) -> QueryResult<()> {
    diesel::update(phases::table.find(phase_id))
        .set(phases::technical_final_at.eq(Some(at.naive_utc())))
        .execute(conn)
        .map(|_| ())
}

pub fn set_decided(
    conn: &mut DbConnection,
    phase_id: &str,
    by: &str,
    text: &str,
    at: DateTime<Utc>,
) -> QueryResult<()> {
    diesel::update(phases::table.find(phase_id))
        .set((
            phases::decided_at.eq(Some(at.naive_utc())),
            phases::decided_by.eq(Some(by)),
            phases::decision_text.eq(Some(text)),
        ))
        .execute(conn)
        .map(|_| ())
}

/// The evaluation state of a phase as stored on it.
#[derive(Debug, Clone, Queryable)]
pub struct PhaseEvaluation {
    pub opened_at: Option<NaiveDateTime>,
    pub opened_by: Option<String>,
    pub technical_final_at: Option<NaiveDateTime>,
    pub decided_at: Option<NaiveDateTime>,
    pub decided_by: Option<String>,
    pub decision_text: Option<String>,
}

pub fn phase_state(conn: &mut DbConnection, phase_id: &str) -> QueryResult<PhaseEvaluation> {
    phases::table
        .find(phase_id)
        .select((
            phases::opened_at,
            phases::opened_by,
            phases::technical_final_at,
            phases::decided_at,
            phases::decided_by,
            phases::decision_text,
        ))
        .first(conn)
}

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = scores)]
pub struct ScoreRow {
    pub phase_id: String,
    pub proposal_id: String,
    pub member_id: String,
    pub criterion: i32,
    pub points: String,
    pub justification: String,
    pub saved_at: NaiveDateTime,
}

/// Replaces a member's draft scores for one proposal.
pub fn save_scores(conn: &mut DbConnection, rows: &[ScoreRow]) -> QueryResult<()> {
    for r in rows {
        diesel::delete(
            scores::table
                .filter(scores::phase_id.eq(&r.phase_id))
                .filter(scores::proposal_id.eq(&r.proposal_id))
                .filter(scores::member_id.eq(&r.member_id))
                .filter(scores::criterion.eq(r.criterion)),
        )
        .execute(conn)?;
        diesel::insert_into(scores::table).values(r).execute(conn)?;
    }
    Ok(())
}

pub fn scores_of_phase(conn: &mut DbConnection, phase_id: &str) -> QueryResult<Vec<ScoreRow>> {
    scores::table
        .filter(scores::phase_id.eq(phase_id))
        .load(conn)
}

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = consensus_scores)]
pub struct ConsensusRow {
    pub phase_id: String,
    pub proposal_id: String,
    pub criterion: i32,
    pub points: String,
    pub reason: String,
    pub recorded_by: String,
    pub recorded_at: NaiveDateTime,
}

pub fn save_consensus(conn: &mut DbConnection, rows: &[ConsensusRow]) -> QueryResult<()> {
    for r in rows {
        diesel::delete(
            consensus_scores::table
                .filter(consensus_scores::phase_id.eq(&r.phase_id))
                .filter(consensus_scores::proposal_id.eq(&r.proposal_id))
                .filter(consensus_scores::criterion.eq(r.criterion)),
        )
        .execute(conn)?;
        diesel::insert_into(consensus_scores::table)
            .values(r)
            .execute(conn)?;
    }
    Ok(())
}

pub fn consensus_of_phase(
    conn: &mut DbConnection,
    phase_id: &str,
) -> QueryResult<Vec<ConsensusRow>> {
    consensus_scores::table
        .filter(consensus_scores::phase_id.eq(phase_id))
        .load(conn)
}

/// Stores the ranking, one JSON line per proposal, in ranking order.
pub fn save_results(
    conn: &mut DbConnection,
    phase_id: &str,
    lines: &[(String, String)],
) -> QueryResult<()> {
    diesel::delete(phase_results::table.filter(phase_results::phase_id.eq(phase_id)))
        .execute(conn)?;
    for (position, (proposal_id, result)) in lines.iter().enumerate() {
        diesel::insert_into(phase_results::table)
            .values((
                phase_results::phase_id.eq(phase_id),
                phase_results::proposal_id.eq(proposal_id),
                phase_results::position.eq(position as i32),
                phase_results::result.eq(result),
            ))
            .execute(conn)?;
    }
    Ok(())
}

pub fn results(conn: &mut DbConnection, phase_id: &str) -> QueryResult<Vec<(String, String)>> {
    phase_results::table
        .filter(phase_results::phase_id.eq(phase_id))
        .order(phase_results::position.asc())
        .select((phase_results::proposal_id, phase_results::result))
        .load(conn)
}

/// The officer's verification of an abnormally low offer (art. 110 D.Lgs. 36/2023).
#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = price_verifications)]
pub struct PriceVerificationRow {
    pub phase_id: String,
    pub proposal_id: String,
    pub requested_at: NaiveDateTime,
    pub answered_at: Option<NaiveDateTime>,
    pub accepted: i32,
    pub reason: String,
    pub recorded_by: String,
    pub recorded_at: NaiveDateTime,
}

pub fn save_price_verification(
    conn: &mut DbConnection,
    row: &PriceVerificationRow,
) -> QueryResult<()> {
    diesel::delete(
        price_verifications::table
            .filter(price_verifications::phase_id.eq(&row.phase_id))
            .filter(price_verifications::proposal_id.eq(&row.proposal_id)),
    )
    .execute(conn)?;
    diesel::insert_into(price_verifications::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

pub fn price_verifications_of_phase(
    conn: &mut DbConnection,
    phase_id: &str,
) -> QueryResult<Vec<PriceVerificationRow>> {
    price_verifications::table
        .filter(price_verifications::phase_id.eq(phase_id))
        .load(conn)
}
