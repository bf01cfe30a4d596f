//! Form fields for the pages: label, value as typed, errors, hint, in the visitor's language.

use std::collections::HashMap;

use super::call_form::{CallForm, PhaseForm};
use crate::domain::criteria::CriterionKind;
use crate::domain::phase::PhaseKind;
use crate::i18n::Tr;
use crate::views::{Choice, CriterionRowView, FieldView, Input, PhaseFormView};

/// Builds form fields from typed values and the messages for each.
pub struct FieldBuilder<'a> {
    pub t: Tr,
    pub errors: &'a HashMap<String, Vec<String>>,
}

impl FieldBuilder<'_> {
    pub fn field(
        &self,
        name: String,
        label: &str,
        value: &str,
        input: Input,
        hint: Option<&str>,
        required: bool,
    ) -> FieldView {
        FieldView {
            errors: self.errors.get(&name).cloned().unwrap_or_default(),
            name,
            label: self.t.s(label),
            value: value.to_string(),
            input,
            hint: hint.map(|h| self.t.s(h)),
            required,
        }
    }

    pub fn call_fields(&self, form: &CallForm) -> Vec<FieldView> {
        let f = |name: &str, label: &str, input: Input, hint: Option<&str>, required: bool| {
            self.field(
                name.to_string(),
                label,
                form.value(name),
                input,
                hint,
                required,
            )
        };
        vec![
            f("reference", "call.reference", Input::Text, None, true),
            f("title", "call.title", Input::Text, None, true),
            f("summary", "call.summary", Input::TextArea, None, true),
            f(
                "description",
                "call.description",
                Input::TextArea,
                None,
                false,
            ),
            f(
                "cpv_codes",
                "call.cpv_codes",
                Input::Text,
                Some("form.cpv_hint"),
                true,
            ),
            f(
                "budget",
                "call.budget",
                Input::Text,
                Some("form.euro_hint"),
                true,
            ),
            f("contact", "call.contact", Input::Text, None, true),
            f("cig", "call.cig", Input::Text, Some("call.cig_hint"), false),
            f(
                "nuts",
                "call.nuts",
                Input::Text,
                Some("call.nuts_hint"),
                false,
            ),
            f(
                "eu_funded",
                "call.eu_funded",
                Input::Select(
                    [("no", "call.no"), ("yes", "call.yes")]
                        .iter()
                        .map(|(value, label)| Choice {
                            value: value.to_string(),
                            label: self.t.s(label).to_string(),
                            selected: *value == form.value("eu_funded"),
                        })
                        .collect(),
                ),
                None,
                true,
            ),
            f(
                "committee_max",
                "call.committee_max",
                Input::Number,
                Some("call.committee_max_hint"),
                true,
            ),
            f(
                "ipr_exploitation_months",
                "call.ipr_exploitation_months",
                Input::Number,
                Some("call.ipr_exploitation_months_hint"),
                false,
            ),
        ]
    }

    fn phase_fields(&self, i: usize, p: &PhaseForm) -> Vec<FieldView> {
        let k = p.kind;
        let f = |name: &str, label: &str, input: Input, hint: Option<&str>| {
            self.field(
                format!("phases.{i}.{name}"),
                label,
                p.value(name),
                input,
                hint,
                true,
            )
        };
        let mut fields = vec![f("name", "call.phase", Input::Text, None)];
        if k.has_deadline() {
            fields.push(f(
                "deadline",
                "call.deadline",
                Input::DateTime,
                Some("form.date_hint"),
            ));
        }
        if k.has_budget() {
            fields.push(f(
                "budget",
                "call.phase_budget",
                Input::Text,
                Some("form.euro_hint"),
            ));
        }
        if k.has_max_contracts() {
            if k == PhaseKind::Dialogue {
                fields.push(self.field(
                    format!("phases.{i}.max_contracts"),
                    "call.solutions_kept",
                    p.value("max_contracts"),
                    Input::Number,
                    None,
                    false,
                ));
            } else {
                fields.push(f(
                    "max_contracts",
                    "call.max_contracts",
                    Input::Number,
                    None,
                ));
            }
        }
        if k.has_duration() {
            fields.push(f("duration_days", "call.duration", Input::Number, None));
        }
        if k.has_min_candidates() {
            fields.push(f(
                "min_candidates",
                "call.min_candidates",
                Input::Number,
                None,
            ));
            fields.push(f(
                "max_candidates",
                "call.max_candidates",
                Input::Number,
                Some("call.max_candidates_hint"),
            ));
        }
        if k.has_standstill() {
            fields.push(f(
                "standstill_days",
                "call.standstill_days",
                Input::Number,
                None,
            ));
        }
        if k.has_deadline() {
            let optional = |name: &str, label: &str, input: Input, hint: Option<&str>| {
                self.field(
                    format!("phases.{i}.{name}"),
                    label,
                    p.value(name),
                    input,
                    hint,
                    false,
                )
            };
            fields.push(optional(
                "accepted_types",
                "call.accepted_types",
                Input::Text,
                Some("call.accepted_types_hint"),
            ));
            fields.push(optional(
                "max_file_mb",
                "call.max_file_mb",
                Input::Number,
                None,
            ));
            fields.push(optional(
                "max_total_mb",
                "call.max_total_mb",
                Input::Number,
                None,
            ));
        }
        if k.has_criteria() {
            let select = |name: &str, label: &str, options: &[(&str, &str)]| {
                let value = p.value(name);
                let choices = options
                    .iter()
                    .map(|(v, l)| Choice {
                        value: v.to_string(),
                        label: self.t.s(l).to_string(),
                        selected: *v == value,
                    })
                    .collect();
                self.field(
                    format!("phases.{i}.{name}"),
                    label,
                    value,
                    Input::Select(choices),
                    None,
                    false,
                )
            };
            fields.push(select(
                "anonymised",
                "call.anonymised",
                &[("", "call.default"), ("yes", "call.yes"), ("no", "call.no")],
            ));
            fields.push(select(
                "consensus_rule",
                "call.consensus_rule",
                &[
                    ("chair_records", "call.rule_chair"),
                    ("mean_of_members", "call.rule_mean"),
                ],
            ));
            if k.allows_price() {
                fields.push(select(
                    "price_formula",
                    "call.price_formula",
                    &[
                        ("proportional", "call.formula_proportional"),
                        ("linear", "call.formula_linear"),
                    ],
                ));
            }
            fields.push(self.field(
                format!("phases.{i}.min_quality"),
                "call.min_quality",
                p.value("min_quality"),
                Input::Number,
                None,
                false,
            ));
        }
        fields
    }

    pub fn phase_forms(&self, form: &CallForm) -> Vec<PhaseFormView> {
        let stages = form
            .phases
            .iter()
            .filter(|p| p.kind == PhaseKind::Dialogue)
            .count();
        form.phases
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let criteria = p
                    .criteria
                    .iter()
                    .enumerate()
                    .map(|(j, c)| {
                        let name = |field: &str| format!("phases.{i}.criteria.{j}.{field}");
                        let kinds = [CriterionKind::Quality, CriterionKind::Price]
                            .into_iter()
                            .map(|k| Choice {
                                value: k.as_str().to_string(),
                                label: self.t.criterion_kind(&k).to_string(),
                                selected: c.value("kind") == k.as_str(),
                            })
                            .collect();
                        CriterionRowView {
                            fields: vec![
                                self.field(
                                    name("name"),
                                    "call.criterion",
                                    c.value("name"),
                                    Input::Text,
                                    None,
                                    true,
                                ),
                                self.field(
                                    name("kind"),
                                    "call.criterion_kind",
                                    c.value("kind"),
                                    Input::Select(kinds),
                                    None,
                                    true,
                                ),
                                self.field(
                                    name("weight"),
                                    "call.weight",
                                    c.value("weight"),
                                    Input::Number,
                                    None,
                                    true,
                                ),
                                self.field(
                                    name("max_points"),
                                    "call.max_points",
                                    c.value("max_points"),
                                    Input::Number,
                                    None,
                                    true,
                                ),
                                self.field(
                                    name("min_threshold"),
                                    "call.threshold",
                                    c.value("min_threshold"),
                                    Input::Number,
                                    None,
                                    false,
                                ),
                                self.field(
                                    name("description"),
                                    "call.description",
                                    c.value("description"),
                                    Input::Text,
                                    None,
                                    false,
                                ),
                            ],
                            remove_action: format!("remove_criterion:{i}:{j}"),
                        }
                    })
                    .collect();
                let is_stage = p.kind == PhaseKind::Dialogue;
                let last_stage = is_stage
                    && form
                        .phases
                        .get(i + 1)
                        .is_none_or(|n| n.kind != PhaseKind::Dialogue);
                PhaseFormView {
                    number: i + 1,
                    kind_code: p.kind.as_str(),
                    kind: self.t.phase_kind(&p.kind),
                    fields: self.phase_fields(i, p),
                    has_criteria: p.kind.has_criteria(),
                    criteria,
                    criteria_errors: self
                        .errors
                        .get(&format!("phases.{i}.criteria"))
                        .cloned()
                        .unwrap_or_default(),
                    weight_sum: p
                        .criteria
                        .iter()
                        .filter_map(|c| c.value("weight").trim().parse::<i64>().ok())
                        .sum(),
                    add_criterion_action: format!("add_criterion:{i}"),
                    remove_stage_action: (is_stage && stages > 1)
                        .then(|| format!("remove_stage:{i}")),
                    add_stage_action: last_stage.then(|| format!("add_stage:{i}")),
                }
            })
            .collect()
    }
}
