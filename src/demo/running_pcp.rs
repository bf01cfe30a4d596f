//! A PCP in its second phase, with contracts running: published ten months ago, its first phase
//! decided, contracted, delivered, accepted and paid; its second phase decided, with two
//! contracts signed, the first deliverable accepted and paid and the second one due; its third
//! phase open to the two suppliers still in the race.

use chrono::{DateTime, Duration, Utc};
use rust_decimal::Decimal;

use super::{demo_pdf, noon_in_rome, pcp_spec};
use crate::db::{self, DbConnection};
use crate::domain::access::Actor;
use crate::domain::call::CallSpec;
use crate::domain::contract::{ContractDraft, DeliverableSpec};
use crate::domain::submission::Envelope;
use crate::domain::time::rome_date;
use crate::error::AppError;
use crate::service::evaluation::{self, ConsensusInput, ScoreInput};
use crate::service::proposals::{self, ReceivedFile};
use crate::service::{calls, contracts};
use crate::storage::BlobStore;

/// Who acts in the demo.
pub struct Cast<'a> {
    pub officer: &'a Actor,
    /// The chair first.
    pub evaluators: &'a [Actor],
    pub suppliers: &'a [(Actor, &'a str)],
}

fn spec(now: DateTime<Utc>) -> CallSpec {
    let mut spec = pcp_spec(now);
    spec.reference = "PCP-ER-2026-02".into();
    spec.title = "Teleriabilitazione a domicilio dopo l'ictus".into();
    spec.summary =
        "Appalto pre-commerciale per soluzioni di riabilitazione motoria a domicilio, con sensori \
                    indossabili e supervisione a distanza dei fisioterapisti delle Aziende USL."
            .into();
    spec.cpv_codes = vec!["73000000-2".into()];
    spec.cig = Some("B7654321A0".into());
    spec.budget_cents = 300_000_000;
    spec.ipr_exploitation_months = Some(24);
    let plan = [
        (-270, 30_000_000, 3, 90),
        (-100, 120_000_000, 2, 150),
        (60, 150_000_000, 2, 180),
    ];
    for (p, (days, budget, contracts, duration)) in spec.phases.iter_mut().zip(plan) {
        p.deadline = Some(noon_in_rome(now, days));
        p.budget_cents = Some(budget);
        p.max_contracts = Some(contracts);
        p.duration_days = Some(duration);
    }
    spec
}

/// Quality and price marks of the three bids of each phase.
const MARKS: &[&[&str]] = &[&["44", "26"], &["41", "24"], &["36", "21"]];

fn points(s: &str) -> Decimal {
    s.parse().unwrap_or_default()
}

/// Every demo supplier admitted to the phase bids (with its price, where the phase takes one);
/// the committee gives each bid its marks per criterion, agrees and the officer decides, ten
/// days after the deadline.
#[allow(clippy::too_many_arguments)]
pub(super) fn run_phase(
    conn: &mut DbConnection,
    blobs: &BlobStore,
    cast: &Cast,
    phase_id: &str,
    bidders: &[usize],
    prices: &[Option<i64>],
    marks: &[&[&str]],
    deadline: DateTime<Utc>,
) -> Result<DateTime<Utc>, AppError> {
    score_phase(
        conn, blobs, cast, phase_id, bidders, prices, marks, deadline,
    )?;
    decide(conn, cast, phase_id, deadline)
}

/// The bids, the opening, the scores and the consensus of a phase, short of its outcome.
#[allow(clippy::too_many_arguments)]
pub(super) fn score_phase(
    conn: &mut DbConnection,
    blobs: &BlobStore,
    cast: &Cast,
    phase_id: &str,
    bidders: &[usize],
    prices: &[Option<i64>],
    marks: &[&[&str]],
    deadline: DateTime<Utc>,
) -> Result<(), AppError> {
    for (k, &i) in bidders.iter().enumerate() {
        let (actor, name) = &cast.suppliers[i];
        let at = deadline - Duration::days(3) + Duration::hours(k as i64);
        let mut files = Vec::new();
        for (envelope, title) in [
            (Envelope::Administrative, "DGUE"),
            (Envelope::Technical, "Proposta tecnica"),
        ] {
            let blob = blobs
                .store_bytes(&demo_pdf(title, name, at))
                .map_err(|e| AppError::Unexpected(e.into()))?;
            files.push(ReceivedFile {
                envelope,
                file_name: format!("{}.pdf", title.to_lowercase().replace(' ', "-")),
                content_type: "application/pdf".into(),
                blob,
            });
        }
        proposals::record(conn, actor, phase_id, &files, prices[k], at)?;
    }
    let at = deadline + Duration::days(2);
    let ids: Vec<String> = cast.evaluators.iter().map(|e| e.user_id.clone()).collect();
    evaluation::appoint(conn, cast.officer, phase_id, &ids, &ids[0], at)?;
    for e in cast.evaluators {
        let statement = "Dichiaro l'assenza di conflitti di interesse.";
        evaluation::declare(conn, e, phase_id, false, statement, at)?;
    }
    evaluation::open(conn, cast.officer, phase_id, at)?;
    let received = db::proposals::for_phase(conn, phase_id)?;
    for e in cast.evaluators {
        for (p, m) in received.iter().zip(marks) {
            let scores: Vec<ScoreInput> = m
                .iter()
                .enumerate()
                .map(|(criterion, s)| ScoreInput {
                    criterion,
                    points: points(s),
                    justification: "Motivazione del punteggio".into(),
                })
                .collect();
            evaluation::save_scores(conn, e, phase_id, &p.id, &scores, at)?;
        }
        evaluation::submit_scores(conn, e, phase_id, at)?;
    }
    for (p, m) in received.iter().zip(marks) {
        let agreed: Vec<ConsensusInput> = m
            .iter()
            .enumerate()
            .map(|(criterion, s)| ConsensusInput {
                criterion,
                points: Some(points(s)),
                reason: String::new(),
            })
            .collect();
        evaluation::record_consensus(conn, &cast.evaluators[0], phase_id, &p.id, &agreed, at)?;
    }
    Ok(())
}

/// The officer confirms the outcome ten days after the deadline.
pub(super) fn decide(
    conn: &mut DbConnection,
    cast: &Cast,
    phase_id: &str,
    deadline: DateTime<Utc>,
) -> Result<DateTime<Utc>, AppError> {
    let decided = deadline + Duration::days(10);
    evaluation::decide(
        conn,
        cast.officer,
        phase_id,
        "Determina di ammissione alla fase successiva.",
        decided,
    )?;
    Ok(decided)
}

/// Signs every contract of the phase on `on` with two deliverables; `delivered` of them (in
/// order) are handed in three days before they fall due, accepted a week later and paid.
fn carry_out(
    conn: &mut DbConnection,
    blobs: &BlobStore,
    cast: &Cast,
    call_id: &str,
    phase_id: &str,
    on: DateTime<Utc>,
    delivered: usize,
) -> Result<(), AppError> {
    let all = contracts::call_contracts(conn, cast.officer, call_id, on)?;
    for f in all.frameworks.iter().filter(|f| f.signed_on.is_none()) {
        contracts::sign_framework(conn, cast.officer, &f.id, rome_date(on), on)?;
    }
    for c in all.contracts.iter().filter(|c| c.phase_id == phase_id) {
        let amount = c.amount_cents.unwrap_or(0);
        let start = rome_date(on);
        let length = (c.ends_on.unwrap_or(start) - start).num_days().max(0);
        let draft = ContractDraft {
            starts_on: start,
            amount_cents: None,
            deliverables: vec![
                DeliverableSpec {
                    title: "Rapporto intermedio".into(),
                    due_on: start + Duration::days(60),
                    payment_cents: amount * 2 / 5,
                },
                DeliverableSpec {
                    title: "Rapporto finale e dimostrazione".into(),
                    due_on: start + Duration::days(length.max(90) - 5),
                    payment_cents: amount - amount * 2 / 5,
                },
            ],
        };
        let c = contracts::save_draft(conn, cast.officer, &c.id, &draft, on)?;
        let c = contracts::sign(conn, cast.officer, &c.id, start, on)?;
        let party = cast
            .suppliers
            .iter()
            .find(|(a, _)| a.organisation_id.as_deref() == Some(&c.organisation_id));
        let Some((supplier, name)) = party else {
            continue;
        };
        for d in c.deliverables.iter().take(delivered) {
            let handed_in =
                d.due_on.and_hms_opt(10, 0, 0).unwrap_or_default().and_utc() - Duration::days(3);
            let bytes = demo_pdf(&d.title, name, handed_in);
            let blob = blobs
                .store_bytes(&bytes)
                .map_err(|e| AppError::Unexpected(e.into()))?;
            let file = contracts::DeliveredFile {
                file_name: format!("prodotto-{}.pdf", d.position),
                content_type: "application/pdf".into(),
                size_bytes: blob.size as i64,
                sha256: blob.sha256,
            };
            contracts::deliver(conn, supplier, &d.id, &file, handed_in)?;
            let accepted = handed_in + Duration::days(7);
            contracts::review(conn, cast.officer, &d.id, true, "", accepted)?;
            contracts::record_payment(
                conn,
                cast.officer,
                &d.id,
                d.payment_cents,
                rome_date(accepted),
                accepted + Duration::days(1),
            )?;
        }
    }
    Ok(())
}

pub fn load(
    conn: &mut DbConnection,
    blobs: &BlobStore,
    cast: &Cast,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let spec = spec(now);
    let published = now - Duration::days(300);
    let id = calls::create(conn, cast.officer, &spec, published)?;
    calls::publish(conn, cast.officer, &id, None, published)?;
    let call = db::calls::find(conn, &id)?.ok_or(AppError::NotFound)?;
    let deadlines: Vec<DateTime<Utc>> = spec.phases.iter().filter_map(|p| p.deadline).collect();
    let first = run_phase(
        conn,
        blobs,
        cast,
        &call.phase_ids[0],
        &[0, 1, 2],
        &[Some(8_000_000), Some(9_000_000), Some(9_500_000)],
        MARKS,
        deadlines[0],
    )?;
    carry_out(
        conn,
        blobs,
        cast,
        &id,
        &call.phase_ids[0],
        first + Duration::days(5),
        2,
    )?;
    let second = run_phase(
        conn,
        blobs,
        cast,
        &call.phase_ids[1],
        &[0, 1, 2],
        &[Some(50_000_000), Some(55_000_000), Some(58_000_000)],
        MARKS,
        deadlines[1],
    )?;
    carry_out(
        conn,
        blobs,
        cast,
        &id,
        &call.phase_ids[1],
        second + Duration::days(5),
        1,
    )?;
    Ok(())
}
