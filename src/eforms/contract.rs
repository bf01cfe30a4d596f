//! The contract notice: E3 for a PCP (outside the directives), 16 for a competitive dialogue.

use chrono::{DateTime, Utc};

use super::parts::{
    LOT, authority, contracting_party, extension, first_deadline, framework, header, legal_basis,
    project, requirement, rome_date, rome_time, root, subtype,
};
use super::xml::El;
use super::{NoticeKind, NoticeSite, dialogue};
use crate::domain::phase::{PhaseKind, Procedure};
use crate::ocds::CallFacts;

pub fn contract_notice(call: &CallFacts, site: NoticeSite) -> El {
    let kind = NoticeKind::Contract;
    let procedure = call.spec.procedure;
    let dialogue = procedure == Procedure::CompetitiveDialogue;
    let (procedure_code, deadline) = if dialogue {
        (
            "comp-dial",
            first_deadline(call, PhaseKind::RequestsToParticipate),
        )
    } else {
        ("open", first_deadline(call, PhaseKind::SolutionDesign))
    };
    let organisations = El::new("efac:Organizations")
        .child(authority(call))
        .maybe(dialogue.then(|| dialogue::review_body(call)).flatten());
    root(
        "ContractNotice",
        "urn:oasis:names:specification:ubl:schema:xsd:ContractNotice-2",
    )
    .child(extension([subtype(kind.subtype(procedure)), organisations]))
    .children(header(call, kind, site, call.published_at))
    .child(if dialogue {
        dialogue::contracting_party(call)
    } else {
        contracting_party()
    })
    .child(
        El::new("cac:TenderingTerms")
            .maybe(legal_basis(call))
            .child(requirement(
                "exclusion-grounds-source",
                "epo-procurement-document",
            )),
    )
    .child(El::new("cac:TenderingProcess").child(El::code(
        "cbc:ProcedureCode",
        "procurement-procedure-type",
        procedure_code,
    )))
    .child(project(call, Some(&call.spec.reference)))
    .child(lot(call, site, deadline))
}

fn lot(call: &CallFacts, site: NoticeSite, deadline: Option<DateTime<Utc>>) -> El {
    let call_page = format!("{}/calls/{}", site.base, call.id);
    let dialogue = call.spec.procedure == Procedure::CompetitiveDialogue;
    let period = |name: &'static str, at: DateTime<Utc>| {
        El::new(name)
            .child(El::leaf("cbc:EndDate", rome_date(at)))
            .child(El::leaf("cbc:EndTime", rome_time(at)))
    };
    let terms = if dialogue {
        dialogue::lot_terms(call, &call_page)
    } else {
        El::new("cac:TenderingTerms")
            .child(requirement(
                "selection-criteria-source",
                "epo-procurement-document",
            ))
            .child(El::new("cac:TenderRecipientParty").child(El::leaf("cbc:EndpointID", call_page)))
    };
    let process = if dialogue {
        dialogue::lot_process(
            call,
            deadline.map(|at| period("cac:ParticipationRequestReceptionPeriod", at)),
        )
    } else {
        El::new("cac:TenderingProcess")
            .maybe(deadline.map(|at| period("cac:TenderSubmissionDeadlinePeriod", at)))
            .maybe(framework(call.spec.procedure))
    };
    El::new("cac:ProcurementProjectLot")
        .child(El::leaf("cbc:ID", LOT).attr("schemeName", "Lot"))
        .child(terms)
        .child(process)
        .child(
            project(call, call.spec.cig.as_deref()).maybe(dialogue.then(dialogue::planned_period)),
        )
}
