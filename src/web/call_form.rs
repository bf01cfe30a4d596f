//! The call form as the officer typed it: strings, so that anything typed is shown again
//! next to its error. `to_spec` reads it into the domain's `CallSpec`.

use std::collections::HashMap;

use crate::domain::call::CallSpec;
use crate::domain::cpv;
use crate::domain::criteria::{CriterionKind, CriterionSpec};
use crate::domain::evaluation::{ConsensusRule, PriceFormula};
use crate::domain::lang::Lang;
use crate::domain::money::{cents_to_input, parse_euro};
use crate::domain::phase::{self, PhaseKind, PhaseSpec, Procedure};
use crate::domain::time::{LocalTimeError, parse_rome, to_rome_input};
use crate::domain::violation::{Violation, ViolationKind};

pub const CALL_FIELDS: [&str; 8] = [
    "reference",
    "title",
    "summary",
    "description",
    "cpv_codes",
    "budget",
    "contact",
    "committee_max",
];
pub const PHASE_FIELDS: [&str; 14] = [
    "name",
    "deadline",
    "budget",
    "max_contracts",
    "duration_days",
    "min_candidates",
    "standstill_days",
    "accepted_types",
    "max_file_mb",
    "max_total_mb",
    "anonymised",
    "consensus_rule",
    "price_formula",
    "min_quality",
];
pub const CRITERION_FIELDS: [&str; 6] = [
    "name",
    "kind",
    "weight",
    "max_points",
    "min_threshold",
    "description",
];

#[derive(Debug, Clone, Default)]
pub struct CriterionForm {
    pub values: HashMap<&'static str, String>,
}

#[derive(Debug, Clone)]
pub struct PhaseForm {
    pub kind: PhaseKind,
    pub values: HashMap<&'static str, String>,
    pub criteria: Vec<CriterionForm>,
}

#[derive(Debug, Clone)]
pub struct CallForm {
    pub procedure: Procedure,
    pub values: HashMap<&'static str, String>,
    pub phases: Vec<PhaseForm>,
}

/// A structural change asked by one of the form's buttons; it is shown, not saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormAction {
    Save,
    Publish,
    AddCriterion(usize),
    RemoveCriterion(usize, usize),
    AddStage(usize),
    RemoveStage(usize),
}

impl FormAction {
    pub fn parse(s: &str) -> Option<FormAction> {
        let mut parts = s.split(':');
        let verb = parts.next()?;
        let mut n = || parts.next().and_then(|p| p.parse::<usize>().ok());
        Some(match verb {
            "save" => FormAction::Save,
            "publish" => FormAction::Publish,
            "add_criterion" => FormAction::AddCriterion(n()?),
            "remove_criterion" => FormAction::RemoveCriterion(n()?, n()?),
            "add_stage" => FormAction::AddStage(n()?),
            "remove_stage" => FormAction::RemoveStage(n()?),
            _ => return None,
        })
    }
}

fn opt_number<T: ToString>(v: Option<T>) -> String {
    v.map(|n| n.to_string()).unwrap_or_default()
}

impl CriterionForm {
    fn from_spec(c: &CriterionSpec) -> Self {
        let values = HashMap::from([
            ("name", c.name.clone()),
            ("kind", c.kind.as_str().to_string()),
            ("weight", c.weight.to_string()),
            ("max_points", c.max_points.to_string()),
            ("min_threshold", opt_number(c.min_threshold)),
            ("description", c.description.clone()),
        ]);
        CriterionForm { values }
    }

    fn blank() -> Self {
        CriterionForm {
            values: HashMap::from([
                ("kind", "quality".to_string()),
                ("max_points", "10".to_string()),
            ]),
        }
    }
}

impl CallForm {
    pub fn from_spec(spec: &CallSpec) -> CallForm {
        let values = HashMap::from([
            ("reference", spec.reference.clone()),
            ("title", spec.title.clone()),
            ("summary", spec.summary.clone()),
            ("description", spec.description.clone()),
            ("cpv_codes", spec.cpv_codes.join(", ")),
            (
                "budget",
                if spec.budget_cents == 0 {
                    String::new()
                } else {
                    cents_to_input(spec.budget_cents)
                },
            ),
            ("contact", spec.contact.clone()),
            ("committee_max", spec.committee_max.to_string()),
        ]);
        CallForm {
            procedure: spec.procedure,
            values,
            phases: spec.phases.iter().map(PhaseForm::from_spec).collect(),
        }
    }

    /// Reads the submitted pairs; names are `title`, `phases.0.deadline`,
    /// `phases.0.criteria.1.weight`. Unknown names are ignored.
    pub fn from_pairs(procedure: Procedure, pairs: &[(String, String)]) -> CallForm {
        let mut form = CallForm {
            procedure,
            values: HashMap::new(),
            phases: Vec::new(),
        };
        for (name, value) in pairs {
            let parts: Vec<&str> = name.split('.').collect();
            match parts.as_slice() {
                [field] => {
                    if let Some(key) = CALL_FIELDS.iter().find(|k| *k == field) {
                        form.values.insert(key, value.clone());
                    }
                }
                ["phases", i, "kind"] => {
                    if let (Ok(i), Some(kind)) = (i.parse::<usize>(), PhaseKind::parse(value)) {
                        form.phase_mut(i).kind = kind;
                    }
                }
                ["phases", i, field] => {
                    if let (Ok(i), Some(key)) = (
                        i.parse::<usize>(),
                        PHASE_FIELDS.iter().find(|k| *k == field),
                    ) {
                        form.phase_mut(i).values.insert(key, value.clone());
                    }
                }
                ["phases", i, "criteria", j, field] => {
                    if let (Ok(i), Ok(j), Some(key)) = (
                        i.parse::<usize>(),
                        j.parse::<usize>(),
                        CRITERION_FIELDS.iter().find(|k| *k == field),
                    ) {
                        let phase = form.phase_mut(i);
                        while phase.criteria.len() <= j && j < 50 {
                            phase.criteria.push(CriterionForm::default());
                        }
                        if let Some(c) = phase.criteria.get_mut(j) {
                            c.values.insert(key, value.clone());
                        }
                    }
                }
                _ => {}
            }
        }
        form
    }

    fn phase_mut(&mut self, i: usize) -> &mut PhaseForm {
        // Bounded: a form never has more than a few dozen phases.
        let i = i.min(50);
        while self.phases.len() <= i {
            self.phases.push(PhaseForm {
                kind: PhaseKind::Selection,
                values: HashMap::new(),
                criteria: Vec::new(),
            });
        }
        &mut self.phases[i]
    }

    pub fn value(&self, key: &str) -> &str {
        self.values.get(key).map(String::as_str).unwrap_or("")
    }

    /// Applies a structural action; returns false when it does not fit this form.
    pub fn apply(&mut self, action: FormAction) -> bool {
        match action {
            FormAction::AddCriterion(i) => match self.phases.get_mut(i) {
                Some(p) if p.kind.has_criteria() => {
                    p.criteria.push(CriterionForm::blank());
                    true
                }
                _ => false,
            },
            FormAction::RemoveCriterion(i, j) => match self.phases.get_mut(i) {
                Some(p) if j < p.criteria.len() => {
                    p.criteria.remove(j);
                    true
                }
                _ => false,
            },
            FormAction::AddStage(i) => {
                if self
                    .phases
                    .get(i)
                    .is_none_or(|p| p.kind != PhaseKind::Dialogue)
                {
                    return false;
                }
                let stages = self
                    .phases
                    .iter()
                    .filter(|p| p.kind == PhaseKind::Dialogue)
                    .count();
                self.phases.insert(
                    i + 1,
                    PhaseForm::from_spec(&phase::next_dialogue_stage(stages)),
                );
                true
            }
            FormAction::RemoveStage(i) => {
                let stages = self
                    .phases
                    .iter()
                    .filter(|p| p.kind == PhaseKind::Dialogue)
                    .count();
                if stages > 1
                    && self
                        .phases
                        .get(i)
                        .is_some_and(|p| p.kind == PhaseKind::Dialogue)
                {
                    self.phases.remove(i);
                    true
                } else {
                    false
                }
            }
            FormAction::Save | FormAction::Publish => true,
        }
    }

    /// The typed values as a `CallSpec`, or every value that cannot be read.
    pub fn to_spec(&self) -> Result<CallSpec, Vec<Violation>> {
        let mut out = Vec::new();
        let budget_cents = read_amount("budget", self.value("budget"), &mut out).unwrap_or(0);
        let phases = self
            .phases
            .iter()
            .enumerate()
            .map(|(i, p)| p.to_spec(&format!("phases.{i}"), &mut out))
            .collect();
        let spec = CallSpec {
            procedure: self.procedure,
            reference: self.value("reference").trim().to_string(),
            title: self.value("title").trim().to_string(),
            summary: self.value("summary").trim().to_string(),
            description: self.value("description").trim().to_string(),
            cpv_codes: cpv::split_list(self.value("cpv_codes"))
                .into_iter()
                .map(str::to_string)
                .collect(),
            budget_cents,
            contact: self.value("contact").trim().to_string(),
            committee_max: read_int("committee_max", self.value("committee_max"), &mut out)
                .unwrap_or_else(crate::domain::call::default_committee_max),
            phases,
        };
        if out.is_empty() { Ok(spec) } else { Err(out) }
    }
}

impl PhaseForm {
    fn from_spec(p: &PhaseSpec) -> PhaseForm {
        let values = HashMap::from([
            ("name", p.name.clone()),
            (
                "deadline",
                p.deadline.map(to_rome_input).unwrap_or_default(),
            ),
            (
                "budget",
                p.budget_cents.map(cents_to_input).unwrap_or_default(),
            ),
            ("max_contracts", opt_number(p.max_contracts)),
            ("duration_days", opt_number(p.duration_days)),
            ("min_candidates", opt_number(p.min_candidates)),
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

    fn to_spec(&self, field: &str, out: &mut Vec<Violation>) -> PhaseSpec {
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

    fn to_spec(&self, field: &str, out: &mut Vec<Violation>) -> CriterionSpec {
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

fn read_amount(field: &str, raw: &str, out: &mut Vec<Violation>) -> Option<i64> {
    if raw.trim().is_empty() {
        return None;
    }
    let parsed = parse_euro(raw);
    if parsed.is_none() {
        out.push(Violation::new(field, ViolationKind::InvalidAmount));
    }
    parsed
}

fn read_int(field: &str, raw: &str, out: &mut Vec<Violation>) -> Option<i32> {
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

fn read_deadline(
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

/// The form field a domain field is typed in: amounts are typed in euro, not cents.
pub fn form_field(domain_field: &str) -> String {
    match domain_field.strip_suffix("budget_cents") {
        Some(prefix) => format!("{prefix}budget"),
        None => domain_field.to_string(),
    }
}

/// Messages per form field, in the visitor's language.
pub fn messages_by_field(violations: &[Violation], lang: Lang) -> HashMap<String, Vec<String>> {
    let mut map: HashMap<String, Vec<String>> = HashMap::new();
    for v in violations {
        map.entry(form_field(&v.field))
            .or_default()
            .push(crate::i18n::violation_message(&v.kind, lang));
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn reads_nested_names_into_phases_and_criteria() {
        let form = CallForm::from_pairs(
            Procedure::Pcp,
            &pairs(&[
                ("title", "Bando"),
                ("budget", "1.000.000,00"),
                ("phases.0.kind", "solution_design"),
                ("phases.0.deadline", "2027-01-15T12:00"),
                ("phases.0.criteria.0.name", "Qualità"),
                ("phases.0.criteria.0.weight", "100"),
                ("phases.0.criteria.0.max_points", "10"),
                ("phases.0.criteria.0.kind", "quality"),
            ]),
        );
        let spec = form.to_spec().unwrap();
        assert_eq!(spec.budget_cents, 100_000_000);
        assert_eq!(spec.phases[0].kind, PhaseKind::SolutionDesign);
        assert_eq!(
            spec.phases[0].deadline.unwrap().to_rfc3339(),
            "2027-01-15T11:00:00+00:00"
        );
        assert_eq!(spec.phases[0].criteria[0].weight, 100);
    }

    #[test]
    fn unreadable_values_are_reported_with_their_field() {
        let form = CallForm::from_pairs(
            Procedure::Pcp,
            &pairs(&[
                ("budget", "tanti"),
                ("phases.0.kind", "prototyping"),
                ("phases.0.deadline", "domani"),
            ]),
        );
        let fields: Vec<String> = form
            .to_spec()
            .unwrap_err()
            .into_iter()
            .map(|v| v.field)
            .collect();
        assert_eq!(fields, ["budget", "phases.0.deadline"]);
    }

    #[test]
    fn a_spec_survives_the_form_round_trip() {
        let mut spec = CallSpec {
            procedure: Procedure::CompetitiveDialogue,
            reference: "DC-1".into(),
            title: "Dialogo".into(),
            summary: "S".into(),
            description: String::new(),
            cpv_codes: vec!["73000000-2".into()],
            budget_cents: 12_345_678,
            contact: "c@example.it".into(),
            committee_max: 3,
            phases: phase::template(Procedure::CompetitiveDialogue),
        };
        spec.phases[0].deadline = Some(parse_rome("2027-02-01T12:00").unwrap());
        let form = CallForm::from_spec(&spec);
        assert_eq!(form.to_spec().unwrap(), spec);
    }

    #[test]
    fn dialogue_stages_can_be_added_and_removed_but_not_the_last() {
        let spec_phases = phase::template(Procedure::CompetitiveDialogue);
        let mut form = CallForm {
            procedure: Procedure::CompetitiveDialogue,
            values: HashMap::new(),
            phases: spec_phases.iter().map(PhaseForm::from_spec).collect(),
        };
        assert!(!form.apply(FormAction::RemoveStage(2)));
        assert!(form.apply(FormAction::AddStage(2)));
        assert_eq!(form.phases[3].kind, PhaseKind::Dialogue);
        assert!(form.apply(FormAction::RemoveStage(3)));
        assert!(!form.apply(FormAction::AddStage(0)));
    }

    #[test]
    fn amounts_are_reported_on_the_euro_field() {
        assert_eq!(form_field("phases.1.budget_cents"), "phases.1.budget");
        assert_eq!(form_field("title"), "title");
    }

    #[test]
    fn actions_are_parsed_from_button_values() {
        assert_eq!(
            FormAction::parse("remove_criterion:1:2"),
            Some(FormAction::RemoveCriterion(1, 2))
        );
        assert_eq!(FormAction::parse("publish"), Some(FormAction::Publish));
        assert_eq!(FormAction::parse("drop_table"), None);
        assert_eq!(FormAction::parse("add_criterion:x"), None);
    }
}
