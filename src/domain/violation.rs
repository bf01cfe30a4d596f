//! A rule that input breaks, tied to the field it concerns. Messages are rendered by `i18n`.

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Violation {
    /// Dotted path of the field, e.g. `phases.1.deadline`.
    pub field: String,
    pub kind: ViolationKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum ViolationKind {
    Required,
    TooLong {
        max: usize,
    },
    InvalidCpv {
        value: String,
    },
    InvalidFiscalCode,
    InvalidAmount,
    InvalidDate {
        value: String,
    },
    NonexistentLocalTime {
        value: String,
    },
    MustBePositive,
    InPast,
    /// A date of something that already happened, given in the future.
    InFuture,
    /// A reply dated before the request it answers.
    BeforeRequest,
    NotAfterPrevious {
        previous_field: String,
    },
    TooSoonAfterPublication {
        min_days: i64,
    },
    BudgetExceeded {
        phases_total_cents: i64,
        call_total_cents: i64,
    },
    FunnelMustNarrow,
    AtLeast {
        min: i64,
    },
    AtMost {
        max: i64,
    },
    WeightsMustSumTo100 {
        sum: i64,
    },
    NoCriteria,
    ThresholdAboveMax,
    AwardNeedsQualityAndPrice,
    PriceNotAllowed,
    UnknownProcedure {
        value: String,
    },
    UnknownCriterionKind {
        value: String,
    },
    /// The request itself could not be read (malformed JSON, form or multipart).
    Malformed {
        detail: String,
    },
    /// A file that is not accepted, with the types that are.
    /// Long enough, but of words, names, dates or sequences a cracker tries first.
    PasswordTooGuessable,
    /// The file's content is not of the type its name declares.
    ContentNotOfType {
        declared: String,
    },
    FileTypeNotAccepted {
        accepted: String,
    },
    EmptyFile,
    AlreadyRegistered,
    /// A CPV search that is neither a code nor its first digits.
    CpvSearch,
    /// A file to keep that is not in the proposal being replaced.
    NotKeepable,
    /// One of the options must be chosen explicitly (a declaration, a legal choice).
    ChoiceRequired,
    /// The invitation link is unknown, expired or already used.
    InvitationNotValid,
    /// Another organisation is registered with this VAT number or fiscal code.
    IdentifierTaken,
    BeforeDeadline,
    Duplicate,
    MustBeOdd,
    ChairNotMember,
    OutOfRange {
        min: i64,
        max: i64,
    },
    TooManyDecimals {
        max: u32,
    },
    FileTooLarge {
        max_bytes: u64,
    },
    /// A contract's amount is the price the outcome awarded.
    AwardedPriceFixed {
        price_cents: i64,
    },
    /// The date of a contract's act comes after the outcome it follows.
    BeforeDecision,
    OutsidePeriod {
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
    },
    /// The payments of a contract's deliverables add up to its amount.
    ScheduleMismatch {
        scheduled_cents: i64,
        amount_cents: i64,
    },
    AboveCap {
        cap_cents: i64,
    },
    PhaseBudgetExceeded {
        budget_cents: i64,
        contracted_cents: i64,
    },
    /// More than what remains to pay for a deliverable.
    AboveScheduled {
        remaining_cents: i64,
    },
}

impl Violation {
    pub fn new(field: impl Into<String>, kind: ViolationKind) -> Self {
        Violation {
            field: field.into(),
            kind,
        }
    }
}

/// Trimmed text that must be present and at most `max` characters long.
pub fn check_text(field: &str, value: &str, max: usize, out: &mut Vec<Violation>) {
    let value = value.trim();
    if value.is_empty() {
        out.push(Violation::new(field, ViolationKind::Required));
    } else if value.chars().count() > max {
        out.push(Violation::new(field, ViolationKind::TooLong { max }));
    }
}
