//! Challenges to a procedure's acts: a bidder's complaint to the authority (reclamo / istanza in
//! autotutela) about the call's terms, its exclusion, another's admission or the award; an appeal
//! lodged with the administrative court (TAR, art. 120 c.p.a.); an ANAC pre-litigation opinion
//! (art. 220 D.Lgs. 36/2023). An appeal with a request for interim measures holds the award: the
//! contract is not signed, and the award does not become final, until the court decides on the
//! request (art. 18 c.4), nor while measures it granted stand.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::violation::{Violation, ViolationKind, check_text};

pub const MAX_TEXT_CHARS: usize = 8_000;
pub const MAX_COURT_CHARS: usize = 200;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChallengeKind {
    /// A bidder's complaint to the authority, answered by it.
    Complaint,
    /// An appeal lodged with the administrative court, recorded by the officer.
    Appeal,
    /// A request for ANAC's pre-litigation opinion, recorded by the officer.
    AnacOpinion,
}

impl Ground {
    pub const ALL: [Ground; 4] = [
        Ground::Award,
        Ground::Exclusion,
        Ground::Admission,
        Ground::Terms,
    ];
}

/// What a challenge is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Ground {
    /// The call's terms.
    Terms,
    /// The complainant's own exclusion.
    Exclusion,
    /// Another bidder's admission.
    Admission,
    /// The award.
    Award,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChallengeStatus {
    /// Filed or lodged, not answered or decided yet.
    Open,
    /// Accepted (a complaint) or upheld (an appeal, an opinion for the complainant).
    Accepted,
    /// Rejected, with reasons.
    Rejected,
}

macro_rules! codes {
    ($t:ty { $($v:ident => $s:literal),* $(,)? }) => {
        impl $t {
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$v => $s),* }
            }
            pub fn parse(s: &str) -> Option<Self> {
                match s { $($s => Some(Self::$v),)* _ => None }
            }
        }
    };
}
codes!(ChallengeKind { Complaint => "complaint", Appeal => "appeal", AnacOpinion => "anac_opinion" });
codes!(Ground { Terms => "terms", Exclusion => "exclusion", Admission => "admission", Award => "award" });
codes!(ChallengeStatus { Open => "open", Accepted => "accepted", Rejected => "rejected" });

/// The facts of a challenge that decide whether it holds the award.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Facts {
    pub kind: ChallengeKind,
    pub ground: Ground,
    pub interim_requested: bool,
    /// The court's decision on the interim measures: granted or refused.
    pub interim_granted: Option<bool>,
    pub status: ChallengeStatus,
}

/// Art. 18 c.4: an appeal against the award with a request for interim measures holds the
/// contract's signature until the court decides on the request; measures the court granted, on
/// any ground, hold it until the appeal is decided. Complaints and ANAC opinions hold nothing.
pub fn holds_award(f: &Facts) -> bool {
    f.kind == ChallengeKind::Appeal
        && f.interim_requested
        && match f.interim_granted {
            None => f.ground == Ground::Award,
            Some(granted) => granted && f.status == ChallengeStatus::Open,
        }
}

/// Who may file a complaint: an organisation that took part in the call; an exclusion is
/// complained of only by the one excluded.
pub fn may_complain(took_part: bool, ground: Ground, was_excluded: bool) -> bool {
    took_part && (ground != Ground::Exclusion || was_excluded)
}

/// A complaint or appeal's own text, and where it has one the court.
pub fn check_filing(text: &str, court: Option<&str>) -> Vec<Violation> {
    let mut out = Vec::new();
    check_text("text", text, MAX_TEXT_CHARS, &mut out);
    if let Some(court) = court {
        check_text("court", court, MAX_COURT_CHARS, &mut out);
    }
    out
}

/// An answer or decision closes an open challenge once, with its reasons; accepting a complaint
/// says which measures the authority takes.
pub fn check_answer(
    status: ChallengeStatus,
    accepted: bool,
    reasons: &str,
    measures: &str,
) -> Result<Vec<Violation>, ChallengeRefusal> {
    if status != ChallengeStatus::Open {
        return Err(ChallengeRefusal::AlreadyClosed);
    }
    let mut out = Vec::new();
    check_text("reasons", reasons, MAX_TEXT_CHARS, &mut out);
    if accepted {
        check_text("measures", measures, MAX_TEXT_CHARS, &mut out);
    } else if measures.chars().count() > MAX_TEXT_CHARS {
        out.push(Violation::new(
            "measures",
            ViolationKind::TooLong {
                max: MAX_TEXT_CHARS,
            },
        ));
    }
    Ok(out)
}

/// The court decides on interim measures once, for an appeal that asked for them.
pub fn check_interim(f: &Facts) -> Result<(), ChallengeRefusal> {
    if f.kind != ChallengeKind::Appeal || !f.interim_requested {
        Err(ChallengeRefusal::NoInterimRequest)
    } else if f.interim_granted.is_some() {
        Err(ChallengeRefusal::InterimDecided)
    } else {
        Ok(())
    }
}

/// The date of a step that happened: not in the future, not before the filing.
pub fn check_step_date(
    field: &str,
    on: NaiveDate,
    filed_on: NaiveDate,
    today: NaiveDate,
) -> Vec<Violation> {
    super::contract::check_act_date(field, on, filed_on, today)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChallengeRefusal {
    /// The organisation did not take part, or complains of another's exclusion.
    NotAParty,
    /// Answered or decided already.
    AlreadyClosed,
    /// The appeal asked for no interim measures.
    NoInterimRequest,
    /// The court has decided on them already.
    InterimDecided,
    /// Only the officer answers complaints; only a bidder files them.
    NotYours,
}

impl ChallengeRefusal {
    pub fn code(self) -> &'static str {
        match self {
            ChallengeRefusal::NotAParty => "not_a_party",
            ChallengeRefusal::AlreadyClosed => "already_closed",
            ChallengeRefusal::NoInterimRequest => "no_interim_request",
            ChallengeRefusal::InterimDecided => "interim_decided",
            ChallengeRefusal::NotYours => "not_yours",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn appeal(interim_requested: bool, granted: Option<bool>, status: ChallengeStatus) -> Facts {
        Facts {
            kind: ChallengeKind::Appeal,
            ground: Ground::Award,
            interim_requested,
            interim_granted: granted,
            status,
        }
    }

    #[test]
    fn an_appeal_with_interim_measures_holds_the_award_until_the_court_decides_on_them() {
        use ChallengeStatus::*;
        assert!(holds_award(&appeal(true, None, Open)));
        assert!(!holds_award(&appeal(true, Some(false), Open)), "refused");
        assert!(holds_award(&appeal(true, Some(true), Open)), "granted");
        assert!(!holds_award(&appeal(true, Some(true), Rejected)));
        assert!(!holds_award(&appeal(true, Some(true), Accepted)));
        assert!(!holds_award(&appeal(false, None, Open)), "no request");
        let terms = Facts {
            ground: Ground::Terms,
            ..appeal(true, None, Open)
        };
        assert!(!holds_award(&terms), "a request against the terms alone");
        assert!(holds_award(&Facts {
            interim_granted: Some(true),
            ..terms
        }));
        for kind in [ChallengeKind::Complaint, ChallengeKind::AnacOpinion] {
            let f = Facts {
                kind,
                ..appeal(true, None, Open)
            };
            assert!(!holds_award(&f), "{kind:?} holds nothing");
        }
    }

    #[test]
    fn only_a_bidder_complains_and_of_an_exclusion_only_the_one_excluded() {
        assert!(may_complain(true, Ground::Award, false));
        assert!(may_complain(true, Ground::Exclusion, true));
        assert!(!may_complain(true, Ground::Exclusion, false));
        assert!(!may_complain(false, Ground::Terms, false));
    }

    #[test]
    fn an_answer_closes_once_with_reasons_and_an_acceptance_names_its_measures() {
        use ChallengeStatus::*;
        assert_eq!(check_answer(Open, false, "Infondato.", ""), Ok(vec![]));
        let v = check_answer(Open, true, "Fondato.", " ").unwrap();
        assert_eq!(v[0].field, "measures");
        assert_eq!(
            check_answer(Open, false, "", "").unwrap()[0].field,
            "reasons"
        );
        assert_eq!(
            check_answer(Accepted, false, "x", ""),
            Err(ChallengeRefusal::AlreadyClosed)
        );
        assert_eq!(
            check_interim(&appeal(false, None, Open)),
            Err(ChallengeRefusal::NoInterimRequest)
        );
        assert_eq!(
            check_interim(&appeal(true, Some(false), Open)),
            Err(ChallengeRefusal::InterimDecided)
        );
        assert_eq!(check_interim(&appeal(true, None, Open)), Ok(()));
        for k in [
            ChallengeKind::Complaint,
            ChallengeKind::Appeal,
            ChallengeKind::AnacOpinion,
        ] {
            assert_eq!(ChallengeKind::parse(k.as_str()), Some(k));
        }
        assert_eq!(Ground::parse("award"), Some(Ground::Award));
        assert_eq!(ChallengeStatus::parse("nope"), None);
        assert!(check_filing("", Some("")).len() == 2);
    }
}
