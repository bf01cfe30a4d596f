//! Open data: the public facts of a call, gathered for its OCDS releases and record.

use chrono::{DateTime, Utc};
use serde_json::Value;

use crate::db::calls::{CallFilter, Document};
use crate::db::{self, DbConnection};
use crate::domain::evaluation::{ResultLine, award_final_at};
use crate::domain::submission::ProposalStatus;
use crate::eforms;
use crate::error::AppError;
use crate::ocds::{
    self, AddendumFacts, AuthorityFacts, BidFacts, BidResult, CallFacts, DocumentFacts,
    OrganisationFacts, OutcomeFacts, PhaseFacts, Publisher,
};

/// Where the packages live and what prefixes the process identifiers.
pub struct OpenDataSite<'a> {
    pub base: &'a str,
    pub ocid_prefix: &'a str,
}

impl OpenDataSite<'_> {
    fn releases_uri(&self, call_id: &str) -> String {
        format!("{}/ocds/releases/{call_id}", self.base)
    }
}

/// Which OCDS package.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Package {
    /// The releases, one per change that matters.
    Releases,
    /// The records: the releases linked and compiled.
    Records,
}

/// The package of one public call; drafts do not exist here.
pub fn call_package(
    conn: &mut DbConnection,
    site: &OpenDataSite,
    call_id: &str,
    kind: Package,
    now: DateTime<Utc>,
) -> Result<Value, AppError> {
    let facts = call_facts(conn, site, call_id)?.ok_or(AppError::NotFound)?;
    let releases = anchored(conn, &facts, site.base, now)?;
    let publisher = Publisher::of(&facts.authority, site.base);
    Ok(package(
        site,
        kind,
        Some(call_id),
        &publisher,
        vec![(facts.id, releases)],
    ))
}

/// The eForms notices a public call has now, with when each was issued.
pub fn eforms_notices(
    conn: &mut DbConnection,
    site: &OpenDataSite,
    call_id: &str,
) -> Result<CallNotices, AppError> {
    let facts = call_facts(conn, site, call_id)?.ok_or(AppError::NotFound)?;
    Ok(CallNotices {
        procedure: facts.spec.procedure,
        notices: eforms::available(&facts)
            .into_iter()
            .filter_map(|kind| eforms::issued_at(&facts, kind).map(|at| (kind, at)))
            .collect(),
        missing: eforms::missing(&facts),
    })
}

/// A call's eForms notices, and what keeps its contract notice back, if anything.
pub struct CallNotices {
    /// Which procedure, for the notices' subtypes.
    pub procedure: crate::domain::phase::Procedure,
    pub notices: Vec<(eforms::NoticeKind, DateTime<Utc>)>,
    pub missing: Option<eforms::Missing>,
}

/// One eForms notice of a public call, as XML; not found until the call has it.
pub fn eforms_notice(
    conn: &mut DbConnection,
    site: &OpenDataSite,
    call_id: &str,
    kind: eforms::NoticeKind,
) -> Result<String, AppError> {
    let facts = call_facts(conn, site, call_id)?.ok_or(AppError::NotFound)?;
    eforms::notice(&facts, kind, eforms::NoticeSite { base: site.base }).ok_or(AppError::NotFound)
}

/// Calls per page of the bulk packages unless the harvester asks for fewer or more.
pub const BULK_PAGE: i64 = 50;

/// A page of the bulk download: the public calls oldest first, so a page a harvester has read
/// keeps its calls while new ones are published.
#[derive(Debug, Clone, Copy)]
pub struct BulkPage {
    pub page: i64,
    pub per_page: i64,
}

/// One page of every public call's releases or records, with `links.next` (and `links.prev`)
/// to the neighbouring pages.
pub fn bulk(
    conn: &mut DbConnection,
    site: &OpenDataSite,
    kind: Package,
    page: BulkPage,
    now: DateTime<Utc>,
) -> Result<Value, AppError> {
    let offset = crate::domain::bounds::page_offset(Some(page.page), page.per_page)
        .map_err(|v| AppError::Invalid(vec![v]))?;
    let (mut calls, _) = db::calls::list(conn, &CallFilter::default(), 0, i64::MAX)?;
    calls.reverse();
    let start = usize::try_from(offset)
        .unwrap_or(usize::MAX)
        .min(calls.len());
    let end = usize::try_from(offset.saturating_add(page.per_page))
        .unwrap_or(usize::MAX)
        .min(calls.len());
    let has_next = end < calls.len();
    let mut all = Vec::new();
    for summary in &calls[start..end] {
        if let Some(facts) = call_facts(conn, site, &summary.id)? {
            let releases = anchored(conn, &facts, site.base, now)?;
            all.push((facts, releases));
        }
    }
    // One authority publishing everything is the publisher; several share this service's name.
    let publisher = match all.first() {
        Some((first, _))
            if all
                .iter()
                .all(|(f, _)| f.authority.fiscal_code == first.authority.fiscal_code) =>
        {
            Publisher::of(&first.authority, site.base)
        }
        _ => Publisher {
            name: "PCP Desk".into(),
            fiscal_code: None,
            uri: site.base.to_string(),
        },
    };
    let calls = all
        .into_iter()
        .map(|(facts, releases)| (facts.id, releases))
        .collect();
    let mut package = package(site, kind, None, &publisher, calls);
    let address = |n: i64| {
        let path = match kind {
            Package::Releases => "releases",
            Package::Records => "records",
        };
        format!(
            "{}/ocds/{path}?page={n}&per_page={}",
            site.base, page.per_page
        )
    };
    if page.page > 1 {
        package["uri"] = serde_json::json!(address(page.page));
    }
    let mut links = serde_json::Map::new();
    if has_next {
        links.insert("next".into(), address(page.page + 1).into());
    }
    if page.page > 1 {
        links.insert("prev".into(), address(page.page - 1).into());
    }
    if !links.is_empty() {
        package["links"] = Value::Object(links);
    }
    Ok(package)
}

/// The releases of a call, each with the audit chain's head at its date.
fn anchored(
    conn: &mut DbConnection,
    facts: &CallFacts,
    base: &str,
    now: DateTime<Utc>,
) -> Result<Vec<Value>, AppError> {
    let mut releases = ocds::releases(facts, base, now);
    for (release, at) in releases.iter_mut().zip(ocds::release_dates(facts, now)) {
        if let Some(head) = db::audit::head_at(conn, at)? {
            ocds::set_audit_anchor(release, head.seq, &head.hash);
        }
    }
    Ok(releases)
}

/// A package of the releases of the given calls (id, releases), at its address.
fn package(
    site: &OpenDataSite,
    kind: Package,
    call_id: Option<&str>,
    publisher: &Publisher,
    calls: Vec<(String, Vec<Value>)>,
) -> Value {
    let suffix = call_id.map(|id| format!("/{id}")).unwrap_or_default();
    match kind {
        Package::Releases => ocds::release_package(
            &format!("{}/ocds/releases{suffix}", site.base),
            publisher,
            calls
                .into_iter()
                .flat_map(|(_, releases)| releases)
                .collect(),
        ),
        Package::Records => {
            let linked: Vec<(String, Vec<Value>)> = calls
                .into_iter()
                .map(|(id, releases)| (site.releases_uri(&id), releases))
                .collect();
            ocds::record_package(
                &format!("{}/ocds/records{suffix}", site.base),
                publisher,
                &linked,
            )
        }
    }
}

fn call_facts(
    conn: &mut DbConnection,
    site: &OpenDataSite,
    call_id: &str,
) -> Result<Option<CallFacts>, AppError> {
    let Some(call) = db::calls::find(conn, call_id)? else {
        return Ok(None);
    };
    let Some(published_at) = call.published_at.filter(|_| call.status.is_public()) else {
        return Ok(None);
    };
    let authority = db::accounts::find_authority(conn, &call.authority_id)?
        .ok_or_else(|| AppError::Unexpected(anyhow::anyhow!("call without its authority")))?;
    let addenda = db::proposals::addenda_for_call(conn, call_id)?
        .into_iter()
        .map(|(a, files)| AddendumFacts {
            number: a.number,
            body: a.body,
            published_at: a.published_at.and_utc(),
            documents: files.iter().map(document).collect(),
        })
        .collect();
    let mut phases = Vec::with_capacity(call.phase_ids.len());
    for (index, phase_id) in call.phase_ids.iter().enumerate() {
        let state = db::evaluation::phase_state(conn, phase_id)?;
        let outcome = match (state.decided_at, state.decision_text) {
            (Some(decided_at), Some(decision)) => Some(OutcomeFacts {
                decided_at: decided_at.and_utc(),
                decision,
                standstill_until: award_final_at(
                    &call.spec.phases,
                    index,
                    crate::service::communications::standstill_start(
                        conn,
                        phase_id,
                        decided_at.and_utc(),
                    )?,
                ),
                bids: bids(conn, phase_id)?,
            }),
            _ => None,
        };
        phases.push(PhaseFacts {
            id: phase_id.clone(),
            outcome,
        });
    }
    let contracts = contract_facts(conn, &call)?;
    Ok(Some(CallFacts {
        award_held: crate::service::challenges::award_held(conn, &call.id)?,
        contracts,
        ocid: format!("{}-{}", site.ocid_prefix, call.id),
        id: call.id,
        authority: AuthorityFacts {
            profile: crate::service::accounts::authority_profile(&authority),
            name: authority.name,
            fiscal_code: authority.fiscal_code,
            address: authority.address,
        },
        currency: call.currency,
        status: call.status,
        published_at,
        closed_at: call.closed_at,
        cancel_reason: call.cancel_reason,
        documents: call.documents.iter().map(document).collect(),
        addenda,
        phases,
        spec: call.spec,
    }))
}

/// The signed contracts of a call, as the contract pages show them (`service::contracts`).
fn contract_facts(
    conn: &mut DbConnection,
    call: &crate::db::calls::CallRecord,
) -> Result<Vec<ocds::ContractFacts>, AppError> {
    // The status of a contract does not enter its open data; its dated acts do.
    let today = crate::domain::time::rome_date(chrono::Utc::now());
    let views = crate::service::contracts::load_call(conn, call.clone(), today)?.contracts;
    Ok(views
        .into_iter()
        .filter_map(|c| {
            let (signed_on, signed_at, starts_on, ends_on) =
                (c.signed_on?, c.signed_at?, c.starts_on?, c.ends_on?);
            Some(ocds::ContractFacts {
                phase_index: c.phase_number - 1,
                receipt_number: c.receipt_number,
                amount_cents: c.amount_cents?,
                starts_on,
                ends_on,
                signed_on,
                signed_at,
                terminated: c
                    .terminated_at
                    .map(|at| (at, c.termination_reason.unwrap_or_default())),
                deliverables: c
                    .deliverables
                    .iter()
                    .map(|d| ocds::DeliverableFacts {
                        id: d.id.clone(),
                        title: d.title.clone(),
                        due_on: d.due_on,
                        accepted_at: d
                            .latest()
                            .filter(|_| {
                                d.state == crate::domain::contract::DeliverableState::Accepted
                            })
                            .and_then(|s| s.reviewed_at),
                    })
                    .collect(),
                payments: c
                    .payments
                    .iter()
                    .map(|p| ocds::PaymentFacts {
                        id: p.id.clone(),
                        amount_cents: p.amount_cents,
                        paid_on: p.paid_on,
                        recorded_at: p.recorded_at,
                    })
                    .collect(),
                id: c.id,
            })
        })
        .collect())
}

fn document(d: &Document) -> DocumentFacts {
    DocumentFacts {
        id: d.id.clone(),
        title: d.title.clone(),
        content_type: d.content_type.clone(),
        published_at: d.uploaded_at.and_utc(),
    }
}

/// The proposals of a decided phase with their results, then the withdrawn ones, which the
/// opening minutes list too.
fn bids(conn: &mut DbConnection, phase_id: &str) -> Result<Vec<BidFacts>, AppError> {
    let mut bids = Vec::new();
    for (proposal_id, json) in db::evaluation::results(conn, phase_id)? {
        let line: ResultLine =
            serde_json::from_str(&json).map_err(|e| AppError::Unexpected(e.into()))?;
        let result = if line.admitted {
            BidResult::Admitted
        } else if line.excluded.is_some() {
            BidResult::Excluded
        } else {
            BidResult::NotAdmitted
        };
        let proposal = db::proposals::find(conn, &proposal_id)?.ok_or(AppError::NotFound)?;
        // Only a price whose financial envelope was opened: never a technical exclusion's.
        bids.push(bid(conn, &proposal, line.price_cents, result)?);
    }
    for proposal in db::proposals::for_phase(conn, phase_id)? {
        if proposal.status() == ProposalStatus::Withdrawn {
            bids.push(bid(conn, &proposal, None, BidResult::Withdrawn)?);
        }
    }
    Ok(bids)
}

fn bid(
    conn: &mut DbConnection,
    proposal: &db::proposals::ProposalRow,
    price_cents: Option<i64>,
    result: BidResult,
) -> Result<BidFacts, AppError> {
    let organisation = db::accounts::find_organisation(conn, &proposal.organisation_id)?
        .ok_or(AppError::NotFound)?;
    Ok(BidFacts {
        receipt_number: proposal.receipt_number.clone(),
        received_at: proposal.received_at.and_utc(),
        organisation: OrganisationFacts {
            profile: crate::service::accounts::supplier_profile(&organisation),
            legal_name: organisation.legal_name,
            vat_number: organisation.vat_number,
            country: organisation.country,
        },
        price_cents,
        result,
    })
}
