//! A phase and a criterion as typed: shown again as typed, read into the domain's specs with a
//! violation for each field that cannot be read.

use std::collections::HashMap;

use crate::domain::cpv;
use crate::domain::criteria::{CriterionKind, CriterionSpec};
use crate::domain::evaluation::{ConsensusRule, PriceFormula};
use crate::domain::money::{amount_input, parse_euro};
use crate::domain::phase::PhaseSpec;
use crate::domain::time::{LocalTimeError, parse_rome, to_rome_input};
use crate::domain::violation::{Violation, ViolationKind};

use super::{CriterionForm, PhaseForm, opt_number};

impl PhaseForm {
    pub(super) fn from_spec(p: &PhaseSpec) -> PhaseForm {
        let values = HashMap::from([
            ("name", p.name.clone()),
            (
                "deadline",
                p.deadline.map(to_rome_input).unwrap_or_default(),
            ),
            (
                "budget",
                p.budget_cents.map(amount_input).unwrap_or_default(),
            ),
            ("max_contracts", opt_number(p.max_contracts)),
            ("duration_days", opt_number(p.duration_days)),
            ("min_candidates", opt_number(p.min_candidates)),
            ("max_candidates", opt_number(p.max_candidates)),
            ("standstill_days", opt_number(p.standstill_days)),
            ("accepted_types", p.accepted_types.join(", ")),
            ("max_file_mb", opt_number(p.max_file_mb)),
            ("max_total_mb", opt_number(p.max_total_mb)),
            (
                "anonymised",
                p.anonymised
                    .map(|a| if a { "yes" } else { "no" }.to_string())
                    .unwrap_or_default(),
            ),
            (
                "consensus_rule",
                p.consensus_rule
                    .map(|r| r.as_str().to_string())
                    .unwrap_or_default(),
            ),
            (
                "price_formula",
                p.price_formula
                    .map(|f| f.as_str().to_string())
                    .unwrap_or_default(),
            ),
            ("min_quality", opt_number(p.min_quality)),
        ]);
        PhaseForm {
            kind: p.kind,
            values,
            criteria: p.criteria.iter().map(CriterionForm::from_spec).collect(),
        }
    }

    pub fn value(&self, key: &str) -> &str {
        self.values.get(key).map(String::as_str).unwrap_or("")
    }

    pub(super) fn to_spec(&self, field: &str, out: &mut Vec<Violation>) -> PhaseSpec {
        let k = self.kind;
        let f = |name: &str| format!("{field}.{name}");
        let deadline = if k.has_deadline() {
            read_deadline(&f("deadline"), self.value("deadline"), out)
        } else {
            None
        };
        let int = |name: &str, used: bool, out: &mut Vec<Violation>| {
            if used {
                read_int(&f(name), self.value(name), out)
            } else {
                None
            }
        };
        PhaseSpec {
            kind: k,
            name: self.value("name").trim().to_string(),
            deadline,
            budget_cents: if k.has_budget() {
                read_amount(&f("budget"), self.value("budget"), out)
            } else {
                None
            },
            max_contracts: int("max_contracts", k.has_max_contracts(), out),
            duration_days: int("duration_days", k.has_duration(), out),
            min_candidates: int("min_candidates", k.has_min_candidates(), out),
            max_candidates: int("max_candidates", k.has_min_candidates(), out),
            standstill_days: int("standstill_days", k.has_standstill(), out),
            accepted_types: if k.has_deadline() {
                read_types(&f("accepted_types"), self.value("accepted_types"), out)
            } else {
                Vec::new()
            },
            max_file_mb: int("max_file_mb", k.has_deadline(), out),
            max_total_mb: int("max_total_mb", k.has_deadline(), out),
            anonymised: match self.value("anonymised") {
                "yes" => Some(true),
                "no" => Some(false),
                _ => None,
            },
            consensus_rule: ConsensusRule::parse(self.value("consensus_rule")),
            price_formula: PriceFormula::parse(self.value("price_formula")),
            min_quality: int("min_quality", k.has_criteria(), out),
            criteria: if k.has_criteria() {
                self.criteria
                    .iter()
                    .enumerate()
                    .map(|(j, c)| c.to_spec(&format!("{field}.criteria.{j}"), out))
                    .collect()
            } else {
                Vec::new()
            },
        }
    }
}

impl CriterionForm {
    pub fn value(&self, key: &str) -> &str {
        self.values.get(key).map(String::as_str).unwrap_or("")
    }

    pub(super) fn to_spec(&self, field: &str, out: &mut Vec<Violation>) -> CriterionSpec {
        let f = |name: &str| format!("{field}.{name}");
        let kind = match CriterionKind::parse(self.value("kind")) {
            Some(k) => k,
            None => {
                out.push(Violation::new(
                    f("kind"),
                    ViolationKind::UnknownCriterionKind {
                        value: self.value("kind").into(),
                    },
                ));
                CriterionKind::Quality
            }
        };
        CriterionSpec {
            name: self.value("name").trim().to_string(),
            description: self.value("description").trim().to_string(),
            kind,
            weight: read_int(&f("weight"), self.value("weight"), out).unwrap_or(0),
            max_points: read_int(&f("max_points"), self.value("max_points"), out).unwrap_or(0),
            min_threshold: read_int(&f("min_threshold"), self.value("min_threshold"), out),
        }
    }
}

/// "pdf, zip" → ["pdf", "zip"]; each must be a known type.
fn read_types(field: &str, raw: &str, out: &mut Vec<Violation>) -> Vec<String> {
    let types: Vec<String> = cpv::split_list(raw)
        .into_iter()
        .map(|t| t.trim_start_matches('.').to_ascii_lowercase())
        .collect();
    for t in &types {
        if !crate::domain::submission::KNOWN_TYPES.contains(&t.as_str()) {
            out.push(Violation::new(
                field,
                ViolationKind::FileTypeNotAccepted {
                    accepted: crate::domain::submission::KNOWN_TYPES.join(", "),
                },
            ));
        }
    }
    types
}

pub(super) fn read_amount(field: &str, raw: &str, out: &mut Vec<Violation>) -> Option<i64> {
    if raw.trim().is_empty() {
        return None;
    }
    let parsed = parse_euro(raw);
    if parsed.is_none() {
        out.push(Violation::new(field, ViolationKind::InvalidAmount));
    }
    parsed
}

pub(super) fn read_int(field: &str, raw: &str, out: &mut Vec<Violation>) -> Option<i32> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    match raw.parse::<i32>() {
        Ok(n) => Some(n),
        Err(_) => {
            out.push(Violation::new(
                field,
                ViolationKind::Malformed {
                    detail: format!("«{raw}»"),
                },
            ));
            None
        }
    }
}

/// A time typed in Rome, or the violation that names the field; empty is `None`.
pub(crate) fn read_deadline(
    field: &str,
    raw: &str,
    out: &mut Vec<Violation>,
) -> Option<chrono::DateTime<chrono::Utc>> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    match parse_rome(raw) {
        Ok(t) => Some(t),
        Err(LocalTimeError::Malformed) => {
            out.push(Violation::new(
                field,
                ViolationKind::InvalidDate { value: raw.into() },
            ));
            None
        }
        Err(LocalTimeError::Nonexistent) => {
            out.push(Violation::new(
                field,
                ViolationKind::NonexistentLocalTime { value: raw.into() },
            ));
            None
        }
    }
}
