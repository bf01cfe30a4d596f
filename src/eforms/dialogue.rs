//! What a competitive dialogue's contract notice (subtype 16, under Directive 2014/24/EU) states
//! beyond a PCP's: the authority's kind and activity, the review body, and the terms the
//! platform fixes for every dialogue it runs.

use super::parts::{LANGUAGE, country, nuts, org_ref, party_id, requirement, text};
use super::xml::El;
use crate::domain::phase::PhaseKind;
use crate::ocds::CallFacts;

/// The review body is the notice's second organisation.
pub const REVIEW_BODY: &str = "ORG-0002";

/// The court that hears appeals (the regional administrative court), as an organisation.
pub fn review_body(call: &CallFacts) -> Option<El> {
    let review = &call.authority.profile.as_ref()?.review_body;
    Some(
        El::new("efac:Organization").child(
            El::new("efac:Company")
                .child(party_id(REVIEW_BODY))
                .child(El::new("cac:PartyName").child(text("cbc:Name", &review.name)))
                .child(
                    El::new("cac:PostalAddress")
                        .child(El::leaf("cbc:CityName", &review.city))
                        .child(El::leaf("cbc:PostalZone", &review.postal_code))
                        .child(nuts(&review.nuts))
                        .child(country("IT")),
                )
                .child(
                    El::new("cac:PartyLegalEntity")
                        .child(El::leaf("cbc:CompanyID", &review.fiscal_code)),
                ),
        ),
    )
}

/// The authority with its legal type and main activity.
pub fn contracting_party(call: &CallFacts) -> El {
    let profile = call.authority.profile.as_ref();
    El::new("cac:ContractingParty")
        .maybe(profile.map(|p| {
            El::new("cac:ContractingPartyType").child(El::code(
                "cbc:PartyTypeCode",
                "buyer-legal-type",
                &p.legal_type,
            ))
        }))
        .maybe(profile.map(|p| {
            El::new("cac:ContractingActivity").child(El::code(
                "cbc:ActivityTypeCode",
                "authority-activity",
                &p.activity,
            ))
        }))
        .child(org_ref("cac:Party", super::parts::AUTHORITY))
}

fn execution(list: &str, code: &str) -> El {
    El::new("cac:ContractExecutionRequirement").child(El::code(
        "cbc:ExecutionRequirementCode",
        list,
        code,
    ))
}

/// The lot's terms. Fixed by the platform: no variants (it takes one solution per candidate),
/// no reserved procurement or execution, electronic invoicing required (compulsory towards
/// Italian public bodies), no electronic catalogues, documents free on the call's page, Italian.
pub fn lot_terms(call: &CallFacts, call_page: &str) -> El {
    let funding = if call.spec.eu_funded {
        "eu-funds"
    } else {
        "no-eu-funds"
    };
    El::new("cac:TenderingTerms")
        .child(El::code(
            "cbc:VariantConstraintCode",
            "permission",
            "not-allowed",
        ))
        .child(El::code("cbc:FundingProgramCode", "eu-funded", funding))
        .child(
            El::new("cac:CallForTendersDocumentReference")
                .child(El::leaf("cbc:ID", &call.spec.reference))
                .child(El::leaf("cbc:DocumentType", "non-restricted-document"))
                .child(
                    El::new("cac:Attachment").child(
                        El::new("cac:ExternalReference").child(El::leaf("cbc:URI", call_page)),
                    ),
                ),
        )
        .child(requirement("reserved-procurement", "none"))
        .child(requirement(
            "selection-criteria-source",
            "epo-procurement-document",
        ))
        .child(execution("reserved-execution", "no"))
        .child(execution("einvoicing", "required"))
        .child(execution("ecatalog-submission", "not-allowed"))
        .child(El::new("cac:TenderRecipientParty").child(El::leaf("cbc:EndpointID", call_page)))
        .child(
            El::new("cac:AppealTerms")
                .child(El::new("cac:PresentationPeriod").child(text(
                    "cbc:Description",
                    "Ricorso al Tribunale amministrativo regionale entro 30 giorni (art. 120 \
                     c.2 del codice del processo amministrativo, D.Lgs. 104/2010).",
                )))
                .child(org_ref("cac:AppealReceiverParty", REVIEW_BODY)),
        )
        .child(El::new("cac:Language").child(El::leaf("cbc:ID", LANGUAGE)))
        .child(
            El::new("cac:PostAwardProcess")
                .child(El::leaf("cbc:ElectronicOrderUsageIndicator", "false"))
                .child(El::leaf("cbc:ElectronicPaymentUsageIndicator", "true")),
        )
}

/// The lot's process: requests to participate on the platform until the deadline, the number
/// of candidates invited, no electronic auction, one contract (no framework, no DPS).
pub fn lot_process(call: &CallFacts, requests_until: Option<El>) -> El {
    let selection = call
        .spec
        .phases
        .iter()
        .find(|p| p.kind == PhaseKind::Selection || p.min_candidates.is_some());
    // BT-661 says, as `true` or `false`, whether the number of candidates invited is limited.
    let shortlist = selection.and_then(|p| p.min_candidates).map(|min| {
        let max = selection.and_then(|p| p.max_candidates);
        El::new("cac:EconomicOperatorShortList")
            .child(El::leaf(
                "cbc:LimitationDescription",
                max.is_some().to_string(),
            ))
            .maybe(max.map(|max| El::leaf("cbc:MaximumQuantity", max.to_string())))
            .child(El::leaf("cbc:MinimumQuantity", min.to_string()))
    });
    El::new("cac:TenderingProcess")
        .child(El::code(
            "cbc:SubmissionMethodCode",
            "esubmission",
            "required",
        ))
        .child(El::leaf(
            "cbc:CandidateReductionConstraintIndicator",
            "false",
        ))
        .child(El::leaf(
            "cbc:GovernmentAgreementConstraintIndicator",
            "true",
        ))
        .maybe(requests_until)
        .maybe(shortlist)
        .child(
            El::new("cac:AuctionTerms").child(El::leaf("cbc:AuctionConstraintIndicator", "false")),
        )
        .child(El::new("cac:ContractingSystem").child(El::code(
            "cbc:ContractingSystemTypeCode",
            "framework-agreement",
            "none",
        )))
        .child(El::new("cac:ContractingSystem").child(El::code(
            "cbc:ContractingSystemTypeCode",
            "dps-usage",
            "none",
        )))
}

/// The contract's duration comes out of the dialogue itself (art. 30 Directive 2014/24/EU).
pub fn planned_period() -> El {
    El::new("cac:PlannedPeriod").child(El::code("cbc:DescriptionCode", "timeperiod", "UNKNOWN"))
}
