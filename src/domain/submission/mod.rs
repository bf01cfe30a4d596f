//! Proposals: which envelopes a phase asks for, who may submit when, and who may read them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::access::Actor;
use super::call::CallStatus;
use super::criteria::CriterionKind;
use super::phase::{PhaseKind, PhaseSpec};
use super::violation::{Violation, ViolationKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Envelope {
    /// Declarations: the DGUE/ESPD, exclusion grounds, capacity.
    Administrative,
    /// The proposal itself: documents describing the solution or the results achieved.
    Technical,
    /// The price, and optionally a file detailing it.
    Financial,
}

impl Envelope {
    pub const ALL: [Envelope; 3] = [
        Envelope::Administrative,
        Envelope::Technical,
        Envelope::Financial,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Envelope::Administrative => "administrative",
            Envelope::Technical => "technical",
            Envelope::Financial => "financial",
        }
    }

    pub fn parse(s: &str) -> Option<Envelope> {
        Envelope::ALL.into_iter().find(|e| e.as_str() == s)
    }
}

/// File formats a proposal may carry: documents, signed documents and archives.
pub const KNOWN_TYPES: [&str; 8] = ["pdf", "p7m", "zip", "odt", "ods", "docx", "xlsx", "txt"];
pub const DEFAULT_TYPES: [&str; 3] = ["pdf", "p7m", "zip"];
pub const DEFAULT_MAX_FILE_MB: i32 = 25;
pub const DEFAULT_MAX_TOTAL_MB: i32 = 100;
pub const MAX_FILES_PER_ENVELOPE: usize = 10;
/// Upper bound an officer may set, to protect the service.
pub const MAX_CONFIGURABLE_MB: i32 = 1024;

/// What a phase asks of a proposal, shown on the form and enforced on upload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct SubmissionRules {
    /// Envelopes that must contain at least one file.
    pub required_files: Vec<Envelope>,
    /// Whether a price (in the financial envelope) is asked.
    pub asks_price: bool,
    pub accepted_types: Vec<String>,
    pub max_file_bytes: u64,
    pub max_total_bytes: u64,
    pub max_files_per_envelope: usize,
}

impl SubmissionRules {
    pub fn accepts_type(&self, extension: &str) -> bool {
        self.accepted_types.iter().any(|t| t == extension)
    }

    /// Envelopes shown on the form: the required ones, plus the financial one when a price is asked
    /// (its file is optional).
    pub fn envelopes(&self) -> Vec<Envelope> {
        Envelope::ALL
            .into_iter()
            .filter(|e| {
                self.required_files.contains(e) || (*e == Envelope::Financial && self.asks_price)
            })
            .collect()
    }
}

fn has_price(p: &PhaseSpec) -> bool {
    p.criteria
        .iter()
        .any(|c| c.kind == CriterionKind::Price && c.weight > 0)
}

/// The rules of phase `index` of a call. Final tenders are priced when the award weighs price.
pub fn rules_for(phases: &[PhaseSpec], index: usize) -> Option<SubmissionRules> {
    let phase = phases.get(index)?;
    if !phase.kind.has_deadline() {
        return None;
    }
    let asks_price = match phase.kind {
        PhaseKind::FinalTenders => phases[index..]
            .iter()
            .any(|p| p.kind == PhaseKind::Award && has_price(p)),
        PhaseKind::RequestsToParticipate | PhaseKind::Dialogue => false,
        _ => has_price(phase),
    };
    let required_files = match phase.kind {
        PhaseKind::Dialogue => vec![Envelope::Technical],
        _ => vec![Envelope::Administrative, Envelope::Technical],
    };
    let mb = |v: Option<i32>, default: i32| {
        u64::try_from(v.unwrap_or(default).max(1)).unwrap_or(1) * 1024 * 1024
    };
    Some(SubmissionRules {
        required_files,
        asks_price,
        accepted_types: if phase.accepted_types.is_empty() {
            DEFAULT_TYPES.iter().map(|s| s.to_string()).collect()
        } else {
            phase.accepted_types.clone()
        },
        max_file_bytes: mb(phase.max_file_mb, DEFAULT_MAX_FILE_MB),
        max_total_bytes: mb(phase.max_total_mb, DEFAULT_MAX_TOTAL_MB),
        max_files_per_envelope: MAX_FILES_PER_ENVELOPE,
    })
}

/// The first phase that takes submissions is open to every registered supplier; later ones only
/// to the organisations the previous phase admitted (the funnel).
pub fn is_entry_phase(phases: &[PhaseSpec], index: usize) -> bool {
    phases.iter().position(|p| p.kind.has_deadline()) == Some(index)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum SubmitRefusal {
    CallNotPublished,
    NoSubmissionsInThisPhase,
    NoDeadline,
    DeadlinePassed {
        deadline: DateTime<Utc>,
    },
    NotAdmitted,
    /// The proposal was already replaced or withdrawn.
    NotActive,
    NothingToConfirm,
}

/// Whether an organisation may submit (or replace, or withdraw) in phase `index` at `now`.
/// The server's clock decides: `now` is the instant the last byte was received.
pub fn check_window(
    status: CallStatus,
    phases: &[PhaseSpec],
    index: usize,
    admitted: bool,
    now: DateTime<Utc>,
) -> Result<DateTime<Utc>, SubmitRefusal> {
    if status != CallStatus::Published {
        return Err(SubmitRefusal::CallNotPublished);
    }
    let phase = phases
        .get(index)
        .ok_or(SubmitRefusal::NoSubmissionsInThisPhase)?;
    if !phase.kind.has_deadline() {
        return Err(SubmitRefusal::NoSubmissionsInThisPhase);
    }
    let deadline = phase.deadline.ok_or(SubmitRefusal::NoDeadline)?;
    if now >= deadline {
        return Err(SubmitRefusal::DeadlinePassed { deadline });
    }
    if !is_entry_phase(phases, index) && !admitted {
        return Err(SubmitRefusal::NotAdmitted);
    }
    Ok(deadline)
}

/// A file as received, before it is stored.
#[derive(Debug, Clone)]
pub struct ReceivedFile {
    pub envelope: Envelope,
    pub size: u64,
}

/// What must hold of the whole proposal once every byte is in; reported at once.
pub fn check_contents(
    rules: &SubmissionRules,
    files: &[ReceivedFile],
    price_cents: Option<i64>,
) -> Vec<Violation> {
    let mut out = Vec::new();
    for envelope in &rules.required_files {
        if !files.iter().any(|f| f.envelope == *envelope) {
            out.push(Violation::new(envelope.as_str(), ViolationKind::Required));
        }
    }
    for envelope in Envelope::ALL {
        let count = files.iter().filter(|f| f.envelope == envelope).count();
        if count > rules.max_files_per_envelope {
            out.push(Violation::new(
                envelope.as_str(),
                ViolationKind::AtMost {
                    max: rules.max_files_per_envelope as i64,
                },
            ));
        }
    }
    if !rules.asks_price && files.iter().any(|f| f.envelope == Envelope::Financial) {
        out.push(Violation::new("financial", ViolationKind::PriceNotAllowed));
    }
    match (rules.asks_price, price_cents) {
        (true, None) => out.push(Violation::new("price", ViolationKind::Required)),
        (true, Some(p)) if p <= 0 => {
            out.push(Violation::new("price", ViolationKind::MustBePositive))
        }
        (true, Some(p)) if p > crate::domain::bounds::MAX_AMOUNT_CENTS => out.push(Violation::new(
            "price",
            ViolationKind::OutOfRange {
                min: 1,
                max: crate::domain::bounds::MAX_AMOUNT_CENTS,
            },
        )),
        (false, Some(_)) => out.push(Violation::new("price", ViolationKind::PriceNotAllowed)),
        _ => {}
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ProposalStatus {
    Submitted,
    /// Replaced by a later proposal of the same organisation; kept on record.
    Superseded,
    Withdrawn,
}

impl ProposalStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ProposalStatus::Submitted => "submitted",
            ProposalStatus::Superseded => "superseded",
            ProposalStatus::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(s: &str) -> Option<ProposalStatus> {
        [
            ProposalStatus::Submitted,
            ProposalStatus::Superseded,
            ProposalStatus::Withdrawn,
        ]
        .into_iter()
        .find(|p| p.as_str() == s)
    }
}

/// Who reads a proposal. Sealed until the opening: before it only the submitting organisation
/// reads anything of a proposal; not officers, not evaluators, not admins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reader {
    /// The submitting organisation: everything, always.
    Author,
    /// The authority's officers, after the opening.
    Authority,
    /// A committee member who declared no conflict, after the opening.
    Committee,
}

pub struct CommitteeSeat {
    pub cleared: bool,
}

/// Where the evaluation of a phase stands, as far as reading its proposals goes.
#[derive(Debug, Clone, Copy, Default)]
pub struct EvaluationStage {
    pub opened: bool,
    pub anonymised: bool,
    pub technical_final: bool,
    pub decided: bool,
}

pub fn reader(
    actor: &Actor,
    proposal_organisation: &str,
    reader_is_authority_officer: bool,
    seat: Option<CommitteeSeat>,
    stage: EvaluationStage,
) -> Option<Reader> {
    if actor.organisation_id.as_deref() == Some(proposal_organisation) {
        return Some(Reader::Author);
    }
    if !stage.opened {
        return None;
    }
    if reader_is_authority_officer {
        return Some(Reader::Authority);
    }
    match seat {
        Some(CommitteeSeat { cleared: true }) => Some(Reader::Committee),
        _ => None,
    }
}

/// The parts of a proposal a reader sees. Every page, API route, download, document and export
/// that shows a part of a proposal asks [`visible_parts`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Parts {
    /// The organisation's name and the receipt number: in an anonymised phase the committee
    /// knows a proposal only by its label until the outcome is confirmed.
    pub identity: bool,
    /// The administrative envelope (declarations that name the bidder): in an anonymised phase
    /// the officer checks it, the committee never reads it.
    pub administrative: bool,
    pub technical: bool,
    /// The financial envelope (its files and the price): opened, two-step, once the technical
    /// scores are final and only for an offer that passed the technical stage.
    pub financial: bool,
}

/// `passed_technical`: the technical scores are final and the offer is above every threshold.
pub fn visible_parts(reader: Reader, stage: EvaluationStage, passed_technical: bool) -> Parts {
    let financial = stage.technical_final && passed_technical;
    match reader {
        Reader::Author => Parts {
            identity: true,
            administrative: true,
            technical: true,
            financial: true,
        },
        Reader::Authority => Parts {
            identity: true,
            administrative: true,
            technical: true,
            financial,
        },
        Reader::Committee => Parts {
            identity: !stage.anonymised || stage.decided,
            administrative: !stage.anonymised,
            technical: true,
            financial,
        },
    }
}

impl Parts {
    pub fn envelope(&self, envelope: Envelope) -> bool {
        match envelope {
            Envelope::Administrative => self.administrative,
            Envelope::Technical => self.technical,
            Envelope::Financial => self.financial,
        }
    }
}

/// "Proposta A", "Proposta B", … in the order received; past Z, "Proposta AA".
pub fn anonymous_label(index: usize) -> String {
    let letters = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut label = String::new();
    let mut n = index;
    loop {
        label.insert(0, letters[n % 26] as char);
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    format!("Proposta {label}")
}

/// How long the files of a refused page submission are held for the next attempt: long enough to
/// mend a price at 11:58 without sending 100 MiB again, short enough that nothing lingers.
pub const HOLD_HOURS: i64 = 24;

/// The earliest instant at which a file held at that instant is still held at `now`.
pub fn held_since(now: DateTime<Utc>) -> DateTime<Utc> {
    now - chrono::Duration::hours(HOLD_HOURS)
}

/// Receipt numbers are unique and ordered: year and a sequence, e.g. `PCPD-2026-000042`.
pub fn receipt_number(year: i32, sequence: i64) -> String {
    format!("PCPD-{year}-{sequence:06}")
}

#[cfg(test)]
mod tests;
