//! Which step of an evaluation may be taken now, and by whom. The services refuse what these
//! refuse, and the board page offers exactly what they allow, so the two cannot drift apart.

use super::evaluation::ConsensusRule;

/// A phase's evaluation as it stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub past_deadline: bool,
    /// Members appointed so far, including those who left.
    pub appointed: usize,
    /// Members still sitting (not replaced after a conflict of interest).
    pub sitting: usize,
    /// A member who declared a conflict awaits a replacement.
    pub vacancy: bool,
    /// Every sitting member has declared no conflict of interest.
    pub all_declared: bool,
    pub opened: bool,
    /// Every sitting member has submitted their scores (false while nobody sits).
    pub all_submitted: bool,
    pub technical_final: bool,
    pub decided: bool,
    pub consensus_rule: ConsensusRule,
}

impl Progress {
    /// Art. 93 D.Lgs. 36/2023: an odd committee, none of its seats awaiting a replacement, and
    /// every member has declared no conflict. Opening, scoring and deciding need it.
    pub fn committee_complete(&self) -> bool {
        self.sitting % 2 == 1 && !self.vacancy && self.all_declared
    }
}

/// A sitting member of the committee, as far as the steps care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seat {
    pub chair: bool,
    /// Declared no conflict of interest.
    pub cleared: bool,
    pub submitted: bool,
}

/// Why a step cannot be taken now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Not this person's step.
    NotYours,
    BeforeDeadline,
    AlreadyAppointed,
    NoCommittee,
    NoVacancy,
    AlreadyOpen,
    NotOpen,
    NotDeclared,
    AlreadySubmitted,
    NotAllSubmitted,
    /// The members' mean is the committee's score: nobody records it.
    NoConsensusToRecord,
    ScoresFinal,
    /// An even committee, a seat awaiting a replacement, or a member who has not declared.
    CommitteeIncomplete,
    ScoresNotFinal,
    AlreadyDecided,
    DeclarationSigned,
    /// An abnormally low offer still waits for its verification (art. 110 D.Lgs. 36/2023).
    VerificationsPending,
    /// Prices are verified between the final technical scores and the outcome.
    NotTimeToVerify,
    /// A request to participate is not yet checked against every selection criterion.
    SelectionChecksPending,
}

fn require(condition: bool, refusal: Refusal) -> Result<(), Refusal> {
    if condition { Ok(()) } else { Err(refusal) }
}

/// The officer appoints the committee once, after the deadline; later changes are replacements.
pub fn may_appoint(p: &Progress) -> Result<(), Refusal> {
    require(p.past_deadline, Refusal::BeforeDeadline)?;
    require(p.appointed == 0, Refusal::AlreadyAppointed)
}

/// A member who declared a conflict is replaced while the scores can still change.
pub fn may_replace(p: &Progress) -> Result<(), Refusal> {
    require(p.vacancy, Refusal::NoVacancy)?;
    require(!p.technical_final, Refusal::ScoresFinal)
}

/// The officer or the chair opens the proposals after the deadline, before a sitting committee.
pub fn may_open(p: &Progress, officer_or_chair: bool) -> Result<(), Refusal> {
    require(officer_or_chair, Refusal::NotYours)?;
    require(p.past_deadline, Refusal::BeforeDeadline)?;
    require(!p.opened, Refusal::AlreadyOpen)?;
    require(p.sitting > 0, Refusal::NoCommittee)?;
    require(p.committee_complete(), Refusal::CommitteeIncomplete)
}

/// A cleared member saves scores and submits them once, after the opening and before the scores
/// are final.
/// That every proposal is scored is checked against the scores themselves.
pub fn may_score(p: &Progress, seat: &Seat) -> Result<(), Refusal> {
    require(p.opened, Refusal::NotOpen)?;
    require(seat.cleared, Refusal::NotDeclared)?;
    require(!seat.submitted, Refusal::AlreadySubmitted)?;
    require(!p.technical_final, Refusal::ScoresFinal)?;
    require(p.committee_complete(), Refusal::CommitteeIncomplete)
}

/// The chair records the committee's scores once every member has submitted, under the rule
/// "the chair records the consensus", until the scores are final.
pub fn may_record_consensus(p: &Progress, seat: &Seat) -> Result<(), Refusal> {
    require(seat.chair && seat.cleared, Refusal::NotYours)?;
    require(
        p.consensus_rule == ConsensusRule::ChairRecords,
        Refusal::NoConsensusToRecord,
    )?;
    require(p.all_submitted, Refusal::NotAllSubmitted)?;
    require(!p.technical_final, Refusal::ScoresFinal)?;
    require(p.committee_complete(), Refusal::CommitteeIncomplete)
}

/// The officer confirms the outcome once, from final scores of a complete committee.
pub fn may_decide(p: &Progress, officer: bool) -> Result<(), Refusal> {
    require(officer, Refusal::NotYours)?;
    require(p.technical_final, Refusal::ScoresNotFinal)?;
    require(!p.decided, Refusal::AlreadyDecided)?;
    require(p.committee_complete(), Refusal::CommitteeIncomplete)
}

/// What a committee member has to do next in a phase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MemberTodo {
    /// Sign the declaration on conflicts of interest.
    Declare,
    /// Wait for the proposals to be opened.
    AwaitOpening,
    /// Score the proposals: `done` of `of` fully scored.
    Score { done: usize, of: usize },
    /// Every proposal is scored: send the scores.
    Submit,
    /// As chair, record the committee's consensus.
    RecordConsensus,
    /// Nothing left for this member.
    Nothing,
}

/// The member's next step, from where the phase stands and how many proposals they have scored.
pub fn member_todo(p: &Progress, seat: &Seat, scored: usize, proposals: usize) -> MemberTodo {
    if !seat.cleared {
        return MemberTodo::Declare;
    }
    if !p.opened {
        return MemberTodo::AwaitOpening;
    }
    if may_score(p, seat).is_ok() {
        return if scored < proposals {
            MemberTodo::Score {
                done: scored,
                of: proposals,
            }
        } else {
            MemberTodo::Submit
        };
    }
    if may_record_consensus(p, seat).is_ok() {
        return MemberTodo::RecordConsensus;
    }
    MemberTodo::Nothing
}

/// What the officer has to do next in a phase, or what it waits for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OfficerTodo {
    /// The phase still takes proposals.
    AwaitDeadline,
    AppointCommittee,
    /// A member declared a conflict of interest and awaits a replacement.
    ReplaceMember,
    AwaitDeclarations,
    OpenProposals,
    AwaitScores,
    ConfirmOutcome,
    /// The outcome is confirmed.
    Decided,
}

pub fn officer_todo(p: &Progress) -> OfficerTodo {
    if p.decided {
        OfficerTodo::Decided
    } else if !p.past_deadline {
        OfficerTodo::AwaitDeadline
    } else if p.appointed == 0 {
        OfficerTodo::AppointCommittee
    } else if p.vacancy {
        OfficerTodo::ReplaceMember
    } else if !p.all_declared {
        OfficerTodo::AwaitDeclarations
    } else if !p.opened {
        OfficerTodo::OpenProposals
    } else if may_decide(p, true).is_ok() {
        OfficerTodo::ConfirmOutcome
    } else {
        OfficerTodo::AwaitScores
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn after_deadline() -> Progress {
        Progress {
            past_deadline: true,
            appointed: 0,
            sitting: 0,
            vacancy: false,
            all_declared: true,
            opened: false,
            all_submitted: false,
            technical_final: false,
            decided: false,
            consensus_rule: ConsensusRule::ChairRecords,
        }
    }

    const CHAIR: Seat = Seat {
        chair: true,
        cleared: true,
        submitted: false,
    };

    #[test]
    fn a_committee_is_appointed_once_after_the_deadline() {
        let before = Progress {
            past_deadline: false,
            ..after_deadline()
        };
        assert_eq!(may_appoint(&before), Err(Refusal::BeforeDeadline));
        assert_eq!(may_appoint(&after_deadline()), Ok(()));
        let appointed = Progress {
            appointed: 3,
            sitting: 2,
            vacancy: true,
            ..after_deadline()
        };
        assert_eq!(may_appoint(&appointed), Err(Refusal::AlreadyAppointed));
        assert_eq!(may_replace(&appointed), Ok(()), "a replacement instead");
    }

    #[test]
    fn replacements_stop_when_the_scores_are_final() {
        let p = Progress {
            appointed: 3,
            sitting: 2,
            vacancy: true,
            opened: true,
            ..after_deadline()
        };
        assert_eq!(
            may_replace(&p),
            Ok(()),
            "a conflict may surface at the opening"
        );
        let final_scores = Progress {
            technical_final: true,
            ..p
        };
        assert_eq!(may_replace(&final_scores), Err(Refusal::ScoresFinal));
        let full = Progress {
            vacancy: false,
            ..p
        };
        assert_eq!(may_replace(&full), Err(Refusal::NoVacancy));
    }

    #[test]
    fn the_opening_needs_the_deadline_a_sitting_committee_and_the_right_person() {
        let ready = Progress {
            appointed: 3,
            sitting: 3,
            ..after_deadline()
        };
        assert_eq!(may_open(&ready, true), Ok(()));
        assert_eq!(may_open(&ready, false), Err(Refusal::NotYours));
        assert_eq!(may_open(&after_deadline(), true), Err(Refusal::NoCommittee));
        let opened = Progress {
            opened: true,
            ..ready
        };
        assert_eq!(may_open(&opened, true), Err(Refusal::AlreadyOpen));
    }

    #[test]
    fn members_score_and_submit_once_cleared_after_the_opening() {
        let open = Progress {
            appointed: 3,
            sitting: 3,
            opened: true,
            ..after_deadline()
        };
        assert_eq!(may_score(&open, &CHAIR), Ok(()));
        let sealed = Progress {
            opened: false,
            ..open
        };
        assert_eq!(may_score(&sealed, &CHAIR), Err(Refusal::NotOpen));
        let undeclared = Seat {
            cleared: false,
            ..CHAIR
        };
        assert_eq!(may_score(&open, &undeclared), Err(Refusal::NotDeclared));
        let done = Seat {
            submitted: true,
            ..CHAIR
        };
        assert_eq!(may_score(&open, &done), Err(Refusal::AlreadySubmitted));
    }

    #[test]
    fn only_the_chair_records_consensus_and_only_until_the_scores_are_final() {
        let all_in = Progress {
            appointed: 3,
            sitting: 3,
            opened: true,
            all_submitted: true,
            ..after_deadline()
        };
        assert_eq!(may_record_consensus(&all_in, &CHAIR), Ok(()));
        let member = Seat {
            chair: false,
            ..CHAIR
        };
        assert_eq!(
            may_record_consensus(&all_in, &member),
            Err(Refusal::NotYours)
        );
        let waiting = Progress {
            all_submitted: false,
            ..all_in
        };
        assert_eq!(
            may_record_consensus(&waiting, &CHAIR),
            Err(Refusal::NotAllSubmitted)
        );
        let final_scores = Progress {
            technical_final: true,
            ..all_in
        };
        assert_eq!(
            may_record_consensus(&final_scores, &CHAIR),
            Err(Refusal::ScoresFinal),
            "once final (and after the decision) the scores cannot be rewritten"
        );
        let mean = Progress {
            consensus_rule: ConsensusRule::MeanOfMembers,
            ..all_in
        };
        assert_eq!(
            may_record_consensus(&mean, &CHAIR),
            Err(Refusal::NoConsensusToRecord)
        );
    }

    #[test]
    fn an_even_or_undeclared_committee_neither_opens_scores_nor_decides() {
        let ready = Progress {
            appointed: 3,
            sitting: 3,
            ..after_deadline()
        };
        // A member declared a conflict and was never replaced: two remain.
        let even = Progress {
            sitting: 2,
            vacancy: true,
            ..ready
        };
        assert_eq!(may_open(&even, true), Err(Refusal::CommitteeIncomplete));
        let undeclared = Progress {
            all_declared: false,
            ..ready
        };
        assert_eq!(
            may_open(&undeclared, true),
            Err(Refusal::CommitteeIncomplete)
        );
        let opened_even = Progress {
            opened: true,
            ..even
        };
        assert_eq!(
            may_score(&opened_even, &CHAIR),
            Err(Refusal::CommitteeIncomplete)
        );
        let final_even = Progress {
            technical_final: true,
            ..opened_even
        };
        assert_eq!(
            may_decide(&final_even, true),
            Err(Refusal::CommitteeIncomplete)
        );
        let final_scores = Progress {
            opened: true,
            technical_final: true,
            ..ready
        };
        assert_eq!(may_decide(&final_scores, true), Ok(()));
        assert_eq!(may_decide(&final_scores, false), Err(Refusal::NotYours));
        let decided = Progress {
            decided: true,
            ..final_scores
        };
        assert_eq!(may_decide(&decided, true), Err(Refusal::AlreadyDecided));
    }

    #[test]
    fn a_member_is_told_the_next_step() {
        let seat = Seat {
            chair: false,
            cleared: false,
            submitted: false,
        };
        let mut p = Progress {
            past_deadline: true,
            appointed: 3,
            sitting: 3,
            vacancy: false,
            all_declared: false,
            opened: false,
            all_submitted: false,
            technical_final: false,
            decided: false,
            consensus_rule: ConsensusRule::ChairRecords,
        };
        assert_eq!(member_todo(&p, &seat, 0, 4), MemberTodo::Declare);
        let cleared = Seat {
            cleared: true,
            ..seat
        };
        assert_eq!(member_todo(&p, &cleared, 0, 4), MemberTodo::AwaitOpening);
        p.all_declared = true;
        p.opened = true;
        assert_eq!(
            member_todo(&p, &cleared, 1, 4),
            MemberTodo::Score { done: 1, of: 4 }
        );
        assert_eq!(member_todo(&p, &cleared, 4, 4), MemberTodo::Submit);
        let sent = Seat {
            submitted: true,
            ..cleared
        };
        assert_eq!(member_todo(&p, &sent, 4, 4), MemberTodo::Nothing);
        p.all_submitted = true;
        let chair = Seat {
            chair: true,
            ..sent
        };
        assert_eq!(member_todo(&p, &chair, 4, 4), MemberTodo::RecordConsensus);
    }

    #[test]
    fn the_officer_is_told_the_next_step() {
        let mut p = Progress {
            past_deadline: false,
            appointed: 0,
            sitting: 0,
            vacancy: false,
            all_declared: false,
            opened: false,
            all_submitted: false,
            technical_final: false,
            decided: false,
            consensus_rule: ConsensusRule::ChairRecords,
        };
        assert_eq!(officer_todo(&p), OfficerTodo::AwaitDeadline);
        p.past_deadline = true;
        assert_eq!(officer_todo(&p), OfficerTodo::AppointCommittee);
        (p.appointed, p.sitting) = (3, 3);
        assert_eq!(officer_todo(&p), OfficerTodo::AwaitDeclarations);
        p.all_declared = true;
        assert_eq!(officer_todo(&p), OfficerTodo::OpenProposals);
        p.opened = true;
        assert_eq!(officer_todo(&p), OfficerTodo::AwaitScores);
        (p.all_submitted, p.technical_final) = (true, true);
        assert_eq!(officer_todo(&p), OfficerTodo::ConfirmOutcome);
        p.decided = true;
        assert_eq!(officer_todo(&p), OfficerTodo::Decided);
    }
}
