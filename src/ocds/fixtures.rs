//! Public facts of calls for the tests of what is built from them (OCDS, eForms).

use chrono::{DateTime, Utc};

use crate::domain::call::{CallSpec, CallStatus};
use crate::domain::phase::{PhaseKind, Procedure, template};
use crate::ocds::{
    AddendumFacts, AuthorityFacts, BidFacts, BidResult, CallFacts, DocumentFacts,
    OrganisationFacts, OutcomeFacts, PhaseFacts,
};

pub fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

pub fn organisation(name: &str, vat: &str) -> OrganisationFacts {
    OrganisationFacts {
        legal_name: name.into(),
        vat_number: vat.into(),
        country: "IT".into(),
        profile: Some(crate::domain::organisation::SupplierProfile {
            city: "Bologna".into(),
            postal_code: "40121".into(),
            nuts: "ITH55".into(),
            size: "small".into(),
        }),
    }
}

pub fn bid(
    receipt: &str,
    who: &OrganisationFacts,
    price: Option<i64>,
    result: BidResult,
) -> BidFacts {
    BidFacts {
        receipt_number: receipt.into(),
        received_at: at("2027-01-10T09:00:00Z"),
        organisation: who.clone(),
        price_cents: price,
        result,
    }
}

pub fn call(procedure: Procedure) -> CallFacts {
    let phases = template(procedure);
    CallFacts {
        id: "c1".into(),
        ocid: "ocds-pcpdsk-c1".into(),
        authority: AuthorityFacts {
            name: "Regione Emilia-Romagna".into(),
            fiscal_code: "80062590379".into(),
            address: "Viale Aldo Moro 52, Bologna".into(),
            profile: Some(crate::demo::demo_profile()),
        },
        spec: CallSpec {
            procedure,
            reference: "REF-1".into(),
            title: "Mobilità".into(),
            summary: "Sintesi".into(),
            description: String::new(),
            cpv_codes: vec!["73000000-2".into()],
            budget_cents: 100_000_050,
            contact: "gare@regione.it".into(),
            committee_max: 3,
            cig: None,
            nuts: None,
            eu_funded: false,
            ipr_exploitation_months: None,
            phases: phases.clone(),
        },
        currency: "EUR".into(),
        status: CallStatus::Published,
        published_at: at("2026-12-01T10:00:00Z"),
        closed_at: None,
        cancel_reason: None,
        documents: vec![DocumentFacts {
            id: "d1".into(),
            title: "Capitolato".into(),
            content_type: "application/pdf".into(),
            published_at: at("2026-11-30T10:00:00Z"),
        }],
        addenda: Vec::new(),
        phases: (0..phases.len())
            .map(|i| PhaseFacts {
                id: format!("p{i}"),
                outcome: None,
            })
            .collect(),
        contracts: Vec::new(),
        award_held: false,
    }
}

/// A dialogue with an addendum, its requests to participate decided and its award confirmed
/// with a ten-day standstill.
pub fn awarded_dialogue() -> CallFacts {
    let mut facts = call(Procedure::CompetitiveDialogue);
    let (alfa, beta, gamma) = (
        organisation("Alfa", "03841571205"),
        organisation("Beta", "02987654320"),
        organisation("Gamma", "01234567897"),
    );
    facts.addenda.push(AddendumFacts {
        number: 1,
        body: "Proroga".into(),
        published_at: at("2026-12-05T10:00:00Z"),
        documents: vec![DocumentFacts {
            id: "d2".into(),
            title: "Chiarimenti".into(),
            content_type: "application/pdf".into(),
            published_at: at("2026-12-05T10:00:00Z"),
        }],
    });
    facts.phases[0].outcome = Some(OutcomeFacts {
        decided_at: at("2027-01-20T10:00:00Z"),
        decision: "Ammessi al dialogo".into(),
        standstill_until: None,
        bids: vec![
            bid("R-1", &alfa, None, BidResult::Admitted),
            bid("R-2", &beta, None, BidResult::Admitted),
            bid("R-3", &gamma, None, BidResult::Excluded),
            bid("R-4", &gamma, None, BidResult::Withdrawn),
        ],
    });
    let final_tenders = facts
        .spec
        .phases
        .iter()
        .position(|p| p.kind == PhaseKind::FinalTenders)
        .unwrap();
    facts.phases[final_tenders].outcome = Some(OutcomeFacts {
        decided_at: at("2027-03-01T10:00:00Z"),
        decision: "Aggiudicazione a Beta".into(),
        standstill_until: Some(at("2027-03-11T10:00:00Z")),
        bids: vec![
            bid("F-1", &beta, Some(50_000_000), BidResult::Admitted),
            bid("F-2", &alfa, Some(45_000_000), BidResult::NotAdmitted),
        ],
    });
    facts
}
