//! The contract award notice (E4 for a PCP phase, 29 for a competitive dialogue): every tender
//! of the decided phase, the winners' contracts, the award date.

use super::parts::{
    AUTHORITY, LOT, authority, bidder, contracting_party, extension, framework, header,
    legal_basis, project, rome_date, subtype,
};
use super::xml::El;
use super::{NoticeKind, NoticeSite};
use crate::domain::phase::{PhaseKind, Procedure};
use crate::ocds::{BidFacts, BidResult, CallFacts, OutcomeFacts};

/// The phase whose award the notice tells: for a PCP the latest confirmed outcome (each phase
/// awards its contracts), for a dialogue the outcome of the final tenders.
pub fn decided_phase(call: &CallFacts) -> Option<(usize, &OutcomeFacts)> {
    let mut decided = call
        .phases
        .iter()
        .enumerate()
        .rev()
        .filter_map(|(i, p)| p.outcome.as_ref().map(|o| (i, o)));
    match call.spec.procedure {
        Procedure::Pcp => decided.next(),
        Procedure::CompetitiveDialogue => {
            decided.find(|(i, _)| call.spec.phases[*i].kind == PhaseKind::FinalTenders)
        }
    }
}

/// Tenders that stood in the competition: a withdrawn proposal is no tender.
fn tenders(outcome: &OutcomeFacts) -> impl Iterator<Item = &BidFacts> {
    outcome
        .bids
        .iter()
        .filter(|b| b.result != BidResult::Withdrawn)
}

pub fn award_notice(call: &CallFacts, site: NoticeSite) -> Option<El> {
    let kind = NoticeKind::Award;
    let (_, outcome) = decided_phase(call)?;
    let tenders: Vec<&BidFacts> = tenders(outcome).collect();
    let numbered = |prefix: &str, i: usize| format!("{prefix}-{:04}", i + 1);
    let winners: Vec<usize> = (0..tenders.len())
        .filter(|i| tenders[*i].result == BidResult::Admitted)
        .collect();
    let pcp = call.spec.procedure == Procedure::Pcp;
    let result_code = if winners.is_empty() {
        "clos-nw"
    } else {
        "selec-w"
    };
    let lot_result = El::new("efac:LotResult")
        .child(El::leaf("cbc:ID", "RES-0001").attr("schemeName", "result"))
        .child(El::code(
            "cbc:TenderResultCode",
            "winner-selection-status",
            result_code,
        ))
        .maybe(winners.is_empty().then(|| {
            // Nobody admitted: every tender withdrawn or found inadmissible, or none received.
            let reason = if tenders.is_empty() {
                "no-rece"
            } else {
                "all-rej"
            };
            El::new("efac:DecisionReason").child(El::code(
                "efbc:DecisionReasonCode",
                "non-award-justification",
                reason,
            ))
        }))
        .children((0..tenders.len()).map(|i| {
            El::new("efac:LotTender")
                .child(El::leaf("cbc:ID", numbered("TEN", i)).attr("schemeName", "tender"))
        }))
        .maybe((pcp && !winners.is_empty()).then(|| {
            El::new("efac:FrameworkAgreementValues").child(
                El::leaf("cbc:MaximumValueAmount", euros(call.spec.budget_cents))
                    .attr("currencyID", &call.currency),
            )
        }))
        .children(winners.iter().enumerate().map(|(n, _)| {
            El::new("efac:SettledContract")
                .child(El::leaf("cbc:ID", numbered("CON", n)).attr("schemeName", "contract"))
        }))
        .child(lot_ref());
    let lot_tenders = tenders.iter().enumerate().map(|(i, bid)| {
        let value = bid.price_cents.map(|cents| {
            El::new("cac:LegalMonetaryTotal").child(
                El::leaf("cbc:PayableAmount", euros(cents)).attr("currencyID", &call.currency),
            )
        });
        El::new("efac:LotTender")
            .child(El::leaf("cbc:ID", numbered("TEN", i)).attr("schemeName", "tender"))
            .maybe(value)
            .child(El::new("efac:TenderingParty").child(
                El::leaf("cbc:ID", numbered("TPA", i)).attr("schemeName", "tendering-party"),
            ))
            .child(lot_ref())
            .child(El::new("efac:TenderReference").child(El::leaf("cbc:ID", &bid.receipt_number)))
    });
    let contracts = winners.iter().enumerate().map(|(n, i)| {
        El::new("efac:SettledContract")
            .child(El::leaf("cbc:ID", numbered("CON", n)).attr("schemeName", "contract"))
            .maybe(pcp.then(|| El::leaf("efbc:ContractFrameworkIndicator", "true")))
            .child(El::new("efac:ContractReference").child(El::leaf(
                "cbc:ID",
                format!("{}-{}", call.spec.reference, n + 1),
            )))
            .child(
                El::new("efac:LotTender")
                    .child(El::leaf("cbc:ID", numbered("TEN", *i)).attr("schemeName", "tender")),
            )
    });
    let parties =
        (0..tenders.len()).map(|i| {
            El::new("efac:TenderingParty")
                .child(El::leaf("cbc:ID", numbered("TPA", i)).attr("schemeName", "tendering-party"))
                .child(El::new("efac:Tenderer").child(
                    El::leaf("cbc:ID", organisation_id(i)).attr("schemeName", "organization"),
                ))
        });
    let notice_result = El::new("efac:NoticeResult")
        .child(lot_result)
        .children(lot_tenders)
        .children(contracts)
        .children(parties);
    let organisations = El::new("efac:Organizations")
        .child(authority(call))
        .children(
            tenders
                .iter()
                .enumerate()
                .map(|(i, bid)| bidder(&organisation_id(i), &bid.organisation)),
        );
    Some(
        super::parts::root(
            "ContractAwardNotice",
            "urn:oasis:names:specification:ubl:schema:xsd:ContractAwardNotice-2",
        )
        .child(extension([
            notice_result,
            subtype(kind.subtype(call.spec.procedure)),
            organisations,
        ]))
        .children(header(call, kind, site, outcome.decided_at))
        .child(contracting_party())
        .child(El::new("cac:TenderingTerms").maybe(legal_basis(call)))
        .child(project(call, Some(&call.spec.reference)))
        .child(
            El::new("cac:ProcurementProjectLot")
                .child(El::leaf("cbc:ID", LOT).attr("schemeName", "Lot"))
                .maybe(
                    framework(call.spec.procedure)
                        .map(|f| El::new("cac:TenderingProcess").child(f)),
                )
                .child(project(call, call.spec.cig.as_deref())),
        )
        .child(
            El::new("cac:TenderResult")
                .child(El::leaf("cbc:AwardDate", rome_date(outcome.decided_at))),
        ),
    )
}

fn lot_ref() -> El {
    El::new("efac:TenderLot").child(El::leaf("cbc:ID", LOT).attr("schemeName", "Lot"))
}

/// Bidders follow the authority: ORG-0002, ORG-0003, …
fn organisation_id(tender: usize) -> String {
    debug_assert_eq!(AUTHORITY, "ORG-0001");
    format!("ORG-{:04}", tender + 2)
}

/// An amount in euro with its cents, as UBL amounts are written: "450000.00".
fn euros(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let cents = cents.unsigned_abs();
    format!("{sign}{}.{:02}", cents / 100, cents % 100)
}
