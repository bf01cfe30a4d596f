//! Procedures and their phases. Choosing the procedure gives its phase template, which the
//! officer then adjusts. Which fields a phase uses depends on its kind.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::criteria::{CriterionKind, CriterionSpec};
use super::evaluation::{ConsensusRule, PriceFormula};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Procedure {
    /// Pre-commercial procurement, COM(2007) 799; art. 135 c.2 D.Lgs. 36/2023.
    Pcp,
    /// Art. 30 Directive 2014/24/EU; art. 74 D.Lgs. 36/2023.
    CompetitiveDialogue,
}

impl Procedure {
    pub const ALL: [Procedure; 2] = [Procedure::Pcp, Procedure::CompetitiveDialogue];

    pub fn as_str(self) -> &'static str {
        match self {
            Procedure::Pcp => "pcp",
            Procedure::CompetitiveDialogue => "competitive_dialogue",
        }
    }

    pub fn parse(s: &str) -> Option<Procedure> {
        Procedure::ALL.into_iter().find(|p| p.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PhaseKind {
    SolutionDesign,
    Prototyping,
    Testing,
    RequestsToParticipate,
    Selection,
    Dialogue,
    FinalTenders,
    Award,
    Standstill,
}

/// Minimum days between publication and the deadline for requests to participate (art. 30(1)).
pub const MIN_DAYS_FOR_REQUESTS: i64 = 30;
/// At least three candidates are invited to the dialogue (art. 65(2)).
pub const MIN_CANDIDATES: i32 = 3;
/// Standstill: 10 days is the EU minimum for electronic notices; Italy sets 32 (art. 18 c.3).
pub const MIN_STANDSTILL_DAYS: i32 = 10;
pub const DEFAULT_STANDSTILL_DAYS: i32 = 32;
/// A PCP phase keeps competition alive: at least two suppliers in every phase.
pub const MIN_PCP_CONTRACTS: i32 = 2;

impl PhaseKind {
    pub const ALL: [PhaseKind; 9] = [
        PhaseKind::SolutionDesign,
        PhaseKind::Prototyping,
        PhaseKind::Testing,
        PhaseKind::RequestsToParticipate,
        PhaseKind::Selection,
        PhaseKind::Dialogue,
        PhaseKind::FinalTenders,
        PhaseKind::Award,
        PhaseKind::Standstill,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PhaseKind::SolutionDesign => "solution_design",
            PhaseKind::Prototyping => "prototyping",
            PhaseKind::Testing => "testing",
            PhaseKind::RequestsToParticipate => "requests_to_participate",
            PhaseKind::Selection => "selection",
            PhaseKind::Dialogue => "dialogue",
            PhaseKind::FinalTenders => "final_tenders",
            PhaseKind::Award => "award",
            PhaseKind::Standstill => "standstill",
        }
    }

    pub fn parse(s: &str) -> Option<PhaseKind> {
        PhaseKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn is_pcp(self) -> bool {
        matches!(
            self,
            PhaseKind::SolutionDesign | PhaseKind::Prototyping | PhaseKind::Testing
        )
    }

    /// Phases in which suppliers submit something before a deadline.
    pub fn has_deadline(self) -> bool {
        self.is_pcp()
            || matches!(
                self,
                PhaseKind::RequestsToParticipate | PhaseKind::Dialogue | PhaseKind::FinalTenders
            )
    }

    /// Phases whose outcome awards contracts: every PCP phase (a specific contract per phase) and
    /// the final tenders of a dialogue. The others select who goes on.
    pub fn awards_contracts(self) -> bool {
        self.is_pcp() || self == PhaseKind::FinalTenders
    }

    pub fn has_budget(self) -> bool {
        self.is_pcp()
    }

    /// PCP phases admit this many suppliers; a dialogue stage keeps this many solutions (art. 30(4)
    /// Directive 2014/24/EU, successive stages), every qualified one when not set.
    pub fn has_max_contracts(self) -> bool {
        self.is_pcp() || self == PhaseKind::Dialogue
    }

    pub fn has_duration(self) -> bool {
        self.is_pcp() || self == PhaseKind::Dialogue
    }

    pub fn has_min_candidates(self) -> bool {
        self == PhaseKind::Selection
    }

    pub fn has_standstill(self) -> bool {
        self == PhaseKind::Standstill
    }

    pub fn has_criteria(self) -> bool {
        self.is_pcp()
            || matches!(
                self,
                PhaseKind::RequestsToParticipate | PhaseKind::Dialogue | PhaseKind::Award
            )
    }

    /// Requests to participate carry qualification data, never a price (art. 30(1)).
    pub fn allows_price(self) -> bool {
        self.has_criteria() && self != PhaseKind::RequestsToParticipate
    }

    /// Dialogue stages can be added or removed; every other phase is fixed by the procedure.
    pub fn is_repeatable(self) -> bool {
        self == PhaseKind::Dialogue
    }
}

/// A phase as the officer edits it and the rules check it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PhaseSpec {
    pub kind: PhaseKind,
    pub name: String,
    pub deadline: Option<DateTime<Utc>>,
    pub budget_cents: Option<i64>,
    pub max_contracts: Option<i32>,
    pub duration_days: Option<i32>,
    pub min_candidates: Option<i32>,
    /// A selection may limit how many candidates it invites (at least three, art. 65(2)); the
    /// requests to participate are ranked on their criteria and the best ones invited.
    #[serde(default)]
    pub max_candidates: Option<i32>,
    pub standstill_days: Option<i32>,
    #[serde(default)]
    pub criteria: Vec<CriterionSpec>,
    /// File types accepted in proposals (extensions); empty means the defaults.
    #[serde(default)]
    pub accepted_types: Vec<String>,
    pub max_file_mb: Option<i32>,
    pub max_total_mb: Option<i32>,
    /// Evaluators see "Proposta A, B, …" until scores are final; on by default for PCP phases.
    pub anonymised: Option<bool>,
    pub consensus_rule: Option<ConsensusRule>,
    pub price_formula: Option<PriceFormula>,
    /// Minimum weighted quality score (out of the quality weights) to stay in the ranking.
    pub min_quality: Option<i32>,
}

impl PhaseSpec {
    pub fn blank(kind: PhaseKind, name: &str) -> PhaseSpec {
        PhaseSpec {
            kind,
            name: name.to_string(),
            deadline: None,
            budget_cents: None,
            max_contracts: None,
            duration_days: None,
            min_candidates: None,
            max_candidates: None,
            standstill_days: None,
            criteria: Vec::new(),
            accepted_types: Vec::new(),
            max_file_mb: None,
            max_total_mb: None,
            anonymised: None,
            consensus_rule: None,
            price_formula: None,
            min_quality: None,
        }
    }
}

fn criterion(name: &str, kind: CriterionKind, weight: i32, max_points: i32) -> CriterionSpec {
    CriterionSpec {
        name: name.to_string(),
        description: String::new(),
        kind,
        weight,
        max_points,
        min_threshold: None,
    }
}

fn pcp_criteria() -> Vec<CriterionSpec> {
    vec![
        criterion(
            "Qualità tecnica e innovatività",
            CriterionKind::Quality,
            50,
            50,
        ),
        criterion("Impatto e fattibilità", CriterionKind::Quality, 30, 30),
        criterion("Prezzo", CriterionKind::Price, 20, 20),
    ]
}

/// Annex H of Horizon Europe: solution design, prototyping, original development and testing,
/// with fewer suppliers in each phase. Names are in Italian; the officer may rename them.
pub fn template(procedure: Procedure) -> Vec<PhaseSpec> {
    match procedure {
        Procedure::Pcp => vec![
            PhaseSpec {
                max_contracts: Some(6),
                duration_days: Some(90),
                criteria: pcp_criteria(),
                ..PhaseSpec::blank(
                    PhaseKind::SolutionDesign,
                    "Fase 1 – Progettazione della soluzione",
                )
            },
            PhaseSpec {
                max_contracts: Some(4),
                duration_days: Some(180),
                criteria: pcp_criteria(),
                ..PhaseSpec::blank(PhaseKind::Prototyping, "Fase 2 – Prototipazione")
            },
            PhaseSpec {
                max_contracts: Some(2),
                duration_days: Some(210),
                criteria: pcp_criteria(),
                ..PhaseSpec::blank(PhaseKind::Testing, "Fase 3 – Sviluppo originale e collaudo")
            },
        ],
        Procedure::CompetitiveDialogue => vec![
            PhaseSpec {
                criteria: vec![
                    criterion(
                        "Capacità tecnica e professionale",
                        CriterionKind::Quality,
                        60,
                        60,
                    ),
                    criterion(
                        "Capacità economica e finanziaria",
                        CriterionKind::Quality,
                        40,
                        40,
                    ),
                ],
                ..PhaseSpec::blank(
                    PhaseKind::RequestsToParticipate,
                    "Domande di partecipazione",
                )
            },
            PhaseSpec {
                min_candidates: Some(MIN_CANDIDATES),
                ..PhaseSpec::blank(PhaseKind::Selection, "Selezione dei candidati")
            },
            PhaseSpec {
                duration_days: Some(60),
                criteria: vec![criterion(
                    "Qualità della soluzione",
                    CriterionKind::Quality,
                    100,
                    100,
                )],
                ..PhaseSpec::blank(PhaseKind::Dialogue, "Dialogo – fase 1")
            },
            PhaseSpec::blank(PhaseKind::FinalTenders, "Offerte finali"),
            PhaseSpec {
                criteria: vec![
                    criterion("Qualità", CriterionKind::Quality, 70, 70),
                    criterion("Prezzo", CriterionKind::Price, 30, 30),
                ],
                ..PhaseSpec::blank(PhaseKind::Award, "Aggiudicazione")
            },
            PhaseSpec {
                standstill_days: Some(DEFAULT_STANDSTILL_DAYS),
                ..PhaseSpec::blank(PhaseKind::Standstill, "Periodo di sospensione (standstill)")
            },
        ],
    }
}

/// A new dialogue stage, inserted after the last one.
pub fn next_dialogue_stage(existing_stages: usize) -> PhaseSpec {
    PhaseSpec {
        duration_days: Some(30),
        criteria: vec![criterion(
            "Qualità della soluzione",
            CriterionKind::Quality,
            100,
            100,
        )],
        ..PhaseSpec::blank(
            PhaseKind::Dialogue,
            &format!("Dialogo – fase {}", existing_stages + 1),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pcp_template_narrows_the_funnel_over_three_phases() {
        let phases = template(Procedure::Pcp);
        let kinds: Vec<_> = phases.iter().map(|p| p.kind).collect();
        assert_eq!(
            kinds,
            [
                PhaseKind::SolutionDesign,
                PhaseKind::Prototyping,
                PhaseKind::Testing
            ]
        );
        let sizes: Vec<_> = phases.iter().map(|p| p.max_contracts.unwrap()).collect();
        assert!(sizes.windows(2).all(|w| w[1] < w[0]));
    }

    #[test]
    fn dialogue_template_has_the_steps_of_article_30() {
        let kinds: Vec<_> = template(Procedure::CompetitiveDialogue)
            .iter()
            .map(|p| p.kind)
            .collect();
        assert_eq!(
            kinds,
            [
                PhaseKind::RequestsToParticipate,
                PhaseKind::Selection,
                PhaseKind::Dialogue,
                PhaseKind::FinalTenders,
                PhaseKind::Award,
                PhaseKind::Standstill
            ]
        );
    }

    #[test]
    fn kinds_and_procedures_round_trip_through_their_names() {
        for kind in PhaseKind::ALL {
            assert_eq!(PhaseKind::parse(kind.as_str()), Some(kind));
        }
        for p in Procedure::ALL {
            assert_eq!(Procedure::parse(p.as_str()), Some(p));
        }
    }

    #[test]
    fn requests_to_participate_never_carry_a_price() {
        assert!(!PhaseKind::RequestsToParticipate.allows_price());
        assert!(PhaseKind::Award.allows_price());
    }
}
