//! Reading calls: one with its phases, criteria and documents, or a page of summaries.

use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::schema::{authorities, calls, criteria, documents, phases};
use crate::domain::call::{CallSpec, CallStatus};
use crate::domain::criteria::{CriterionKind, CriterionSpec};
use crate::domain::evaluation::{ConsensusRule, PriceFormula};
use crate::domain::phase::{PhaseKind, PhaseSpec, Procedure};

use super::{
    CallFilter, CallRecord, CallRow, CallSummary, CriterionRow, PhaseRow, corrupt, split_cpv,
};

pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<Option<CallRecord>> {
    let Some((row, authority_name)) = calls::table
        .inner_join(authorities::table)
        .filter(calls::id.eq(id))
        .select((calls::all_columns, authorities::name))
        .first::<(CallRow, String)>(conn)
        .optional()?
    else {
        return Ok(None);
    };
    let phase_rows: Vec<PhaseRow> = phases::table
        .filter(phases::call_id.eq(id))
        .order(phases::position.asc())
        .load(conn)?;
    let ids: Vec<String> = phase_rows.iter().map(|p| p.id.clone()).collect();
    let mut criterion_rows: Vec<CriterionRow> = criteria::table
        .filter(criteria::phase_id.eq_any(&ids))
        .order(criteria::position.asc())
        .load(conn)?;
    let mut phase_specs = Vec::with_capacity(phase_rows.len());
    for p in &phase_rows {
        let kind = PhaseKind::parse(&p.kind).ok_or_else(|| corrupt("phase kind", &p.kind))?;
        let mut specs = Vec::new();
        for c in criterion_rows.iter_mut().filter(|c| c.phase_id == p.id) {
            specs.push(CriterionSpec {
                name: std::mem::take(&mut c.name),
                description: std::mem::take(&mut c.description),
                kind: CriterionKind::parse(&c.kind)
                    .ok_or_else(|| corrupt("criterion kind", &c.kind))?,
                weight: c.weight,
                max_points: c.max_points,
                min_threshold: c.min_threshold,
            });
        }
        phase_specs.push(PhaseSpec {
            kind,
            name: p.name.clone(),
            deadline: p.deadline.map(|d| d.and_utc()),
            budget_cents: p.budget_cents,
            max_contracts: p.max_contracts,
            duration_days: p.duration_days,
            min_candidates: p.min_candidates,
            max_candidates: p.max_candidates,
            standstill_days: p.standstill_days,
            criteria: specs,
            accepted_types: p
                .accepted_types
                .split(',')
                .filter(|t| !t.is_empty())
                .map(str::to_string)
                .collect(),
            max_file_mb: p.max_file_mb,
            max_total_mb: p.max_total_mb,
            anonymised: Some(p.anonymised != 0),
            consensus_rule: ConsensusRule::parse(&p.consensus_rule),
            price_formula: PriceFormula::parse(&p.price_formula),
            min_quality: p.min_quality,
        });
    }
    let opened = phase_rows
        .iter()
        .map(|p| p.opened_at.map(|d| d.and_utc()))
        .collect();
    let docs = documents::table
        .filter(documents::call_id.eq(id))
        .filter(documents::addendum_id.is_null())
        .order(documents::uploaded_at.asc())
        .load(conn)?;
    Ok(Some(CallRecord {
        status: CallStatus::parse(&row.status)
            .ok_or_else(|| corrupt("call status", &row.status))?,
        spec: CallSpec {
            procedure: Procedure::parse(&row.procedure)
                .ok_or_else(|| corrupt("procedure", &row.procedure))?,
            reference: row.reference,
            title: row.title,
            summary: row.summary,
            description: row.description,
            cpv_codes: split_cpv(&row.cpv_codes),
            budget_cents: row.budget_cents,
            contact: row.contact,
            committee_max: row.committee_max,
            cig: row.cig,
            nuts: row.nuts,
            eu_funded: row.eu_funded,
            ipr_exploitation_months: row.ipr_exploitation_months,
            phases: phase_specs,
        },
        id: row.id,
        authority_id: row.authority_id,
        authority_name,
        cancel_reason: row.cancel_reason,
        created_at: row.created_at.and_utc(),
        updated_at: row.updated_at.and_utc(),
        published_at: row.published_at.map(|d| d.and_utc()),
        closed_at: row.closed_at.map(|d| d.and_utc()),
        currency: row.currency,
        phase_ids: ids,
        phase_opened_at: opened,
        documents: docs,
    }))
}

diesel::define_sql_function!(fn lower(x: diesel::sql_types::Text) -> diesel::sql_types::Text);

/// A page of calls matching the filter, newest first, and the number of all matches.
pub fn list(
    conn: &mut DbConnection,
    filter: &CallFilter,
    offset: i64,
    limit: i64,
) -> QueryResult<(Vec<CallSummary>, i64)> {
    let query = || {
        let mut q = calls::table.inner_join(authorities::table).into_boxed();
        q = match &filter.authority_id {
            Some(a) => q.filter(calls::authority_id.eq(a.clone())),
            // Public: published once. A draft cancelled before publication stays private.
            None => q
                .filter(calls::status.ne(CallStatus::Draft.as_str()))
                .filter(calls::published_at.is_not_null()),
        };
        if let Some(p) = filter.procedure {
            q = q.filter(calls::procedure.eq(p.as_str()));
        }
        if let Some(s) = filter.status {
            q = q.filter(calls::status.eq(s.as_str()));
        }
        if let Some(cpv) = filter.cpv.as_ref().filter(|c| !c.is_empty()) {
            // Codes are stored comma-joined; match at the start of any code.
            let prefix = cpv.replace(['%', '_', ','], "");
            q = q.filter(
                calls::cpv_codes
                    .like(format!("{prefix}%"))
                    .or(calls::cpv_codes.like(format!("%,{prefix}%"))),
            );
        }
        if let Some(text) = filter.text.as_ref().filter(|t| !t.trim().is_empty()) {
            for word in text.split_whitespace().take(8) {
                let pattern = format!("%{}%", word.to_lowercase().replace(['%', '_', '\\'], ""));
                q = q.filter(
                    lower(calls::title)
                        .like(pattern.clone())
                        .or(lower(calls::summary).like(pattern.clone()))
                        .or(lower(calls::reference).like(pattern)),
                );
            }
        }
        q
    };
    let total: i64 = query().count().get_result(conn)?;
    let rows: Vec<(CallRow, String)> = query()
        .select((calls::all_columns, authorities::name))
        .order((calls::published_at.desc(), calls::updated_at.desc()))
        .offset(offset)
        .limit(limit)
        .load(conn)?;
    let mut out = Vec::with_capacity(rows.len());
    for (row, authority_name) in rows {
        out.push(CallSummary {
            procedure: Procedure::parse(&row.procedure)
                .ok_or_else(|| corrupt("procedure", &row.procedure))?,
            status: CallStatus::parse(&row.status)
                .ok_or_else(|| corrupt("call status", &row.status))?,
            cpv_codes: split_cpv(&row.cpv_codes),
            id: row.id,
            reference: row.reference,
            title: row.title,
            authority_name,
            budget_cents: row.budget_cents,
            published_at: row.published_at.map(|d| d.and_utc()),
            updated_at: row.updated_at.and_utc(),
        });
    }
    Ok((out, total))
}

pub fn call_of_phase(conn: &mut DbConnection, phase_id: &str) -> QueryResult<Option<String>> {
    phases::table
        .find(phase_id)
        .select(phases::call_id)
        .first(conn)
        .optional()
}
