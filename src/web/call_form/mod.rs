//! The call form as the officer typed it: strings, so that anything typed is shown again
//! next to its error. `to_spec` reads it into the domain's `CallSpec`.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};

use crate::domain::call::{CallSpec, check_draft, check_publishable};
use crate::domain::cpv;
use crate::domain::criteria::CriterionSpec;
use crate::domain::lang::Lang;
use crate::domain::money::amount_input;
use crate::domain::phase::{self, PhaseKind, Procedure};
use crate::domain::violation::Violation;

mod parts;

pub(crate) use parts::read_deadline;

use parts::{read_amount, read_int};

pub const CALL_FIELDS: [&str; 12] = [
    "reference",
    "title",
    "summary",
    "description",
    "cpv_codes",
    "budget",
    "contact",
    "committee_max",
    "cig",
    "nuts",
    "eu_funded",
    "ipr_exploitation_months",
];
pub const PHASE_FIELDS: [&str; 15] = [
    "name",
    "deadline",
    "budget",
    "max_contracts",
    "duration_days",
    "min_candidates",
    "max_candidates",
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
                    amount_input(spec.budget_cents)
                },
            ),
            ("contact", spec.contact.clone()),
            ("committee_max", spec.committee_max.to_string()),
            ("cig", spec.cig.clone().unwrap_or_default()),
            ("nuts", spec.nuts.clone().unwrap_or_default()),
            (
                "eu_funded",
                if spec.eu_funded { "yes" } else { "no" }.to_string(),
            ),
            (
                "ipr_exploitation_months",
                spec.ipr_exploitation_months
                    .map(|m| m.to_string())
                    .unwrap_or_default(),
            ),
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
        let (spec, out) = self.read();
        if out.is_empty() { Ok(spec) } else { Err(out) }
    }

    /// Everything wrong with the form, at once: the values that cannot be read, then what the
    /// domain refuses in the rest (to save a draft, or to publish at `now`). A value that cannot
    /// be read is named once, not again as missing.
    pub fn check(&self, publish: Option<DateTime<Utc>>) -> (CallSpec, Vec<Violation>) {
        let (spec, mut out) = self.read();
        let unreadable: HashSet<String> = out.iter().map(|v| v.field.clone()).collect();
        let refused = match publish {
            Some(now) => check_publishable(&spec, now),
            None => check_draft(&spec),
        };
        out.extend(
            refused
                .into_iter()
                .filter(|v| !unreadable.contains(&form_field(&v.field))),
        );
        (spec, out)
    }

    /// The typed values read as a `CallSpec` (a value that cannot be read is left empty), with
    /// a violation for each.
    fn read(&self) -> (CallSpec, Vec<Violation>) {
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
            cig: crate::domain::call::typed_code(self.value("cig")),
            nuts: crate::domain::call::typed_code(self.value("nuts")),
            eu_funded: self.value("eu_funded") == "yes",
            ipr_exploitation_months: read_int(
                "ipr_exploitation_months",
                self.value("ipr_exploitation_months"),
                &mut out,
            ),
            phases,
        };
        (spec, out)
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
mod tests;
