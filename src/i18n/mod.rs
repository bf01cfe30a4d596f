//! Every text a person reads, in Italian (default) and English.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::domain::call::CallStatus;
use crate::domain::criteria::CriterionKind;
use crate::domain::lang::Lang;
use crate::domain::money::format_euro;
use crate::domain::phase::{PhaseKind, Procedure};
use crate::domain::time::Countdown;

/// Key, Italian, English.
type Entries = &'static [(&'static str, &'static str, &'static str)];

macro_rules! entries {
    ($($key:literal => $it:literal, $en:literal;)*) => {
        &[$(($key, $it, $en)),*]
    };
}

mod calls;
pub mod challenges;
pub mod communications;
pub mod contracts;
pub mod dialogue;
mod evaluation;
mod general;
mod messages;
mod names;
mod notices;
pub mod notifications;
mod records;
mod rules;
mod submissions;

const AREAS: [Entries; 11] = [
    dialogue::ENTRIES,
    challenges::ENTRIES,
    notifications::ENTRIES,
    communications::ENTRIES,
    contracts::ENTRIES,
    general::ENTRIES,
    notices::ENTRIES,
    calls::ENTRIES,
    submissions::ENTRIES,
    evaluation::ENTRIES,
    records::ENTRIES,
];

fn catalogue() -> &'static HashMap<&'static str, (&'static str, &'static str)> {
    static CATALOGUE: OnceLock<HashMap<&'static str, (&'static str, &'static str)>> =
        OnceLock::new();
    CATALOGUE.get_or_init(|| {
        AREAS
            .iter()
            .flat_map(|area| area.iter())
            .map(|(key, it, en)| (*key, (*it, *en)))
            .collect()
    })
}

/// Every catalogue entry as (key, Italian, English): for the tests that look for a key or an
/// English text left on an Italian page.
pub fn entries() -> impl Iterator<Item = (&'static str, &'static str, &'static str)> {
    AREAS.iter().flat_map(|area| area.iter()).copied()
}

fn lookup(key: &str) -> Option<(&'static str, &'static str)> {
    catalogue().get(key).copied()
}

/// Texts for one language, handed to every template.
#[derive(Debug, Clone, Copy, Default)]
pub struct Tr(pub Lang);

impl Tr {
    pub fn s(&self, key: &str) -> &'static str {
        match lookup(key) {
            Some((it, en)) => match self.0 {
                Lang::It => it,
                Lang::En => en,
            },
            None => {
                tracing::warn!(key, "missing translation");
                "…"
            }
        }
    }

    pub fn lang(&self) -> Lang {
        self.0
    }

    pub fn procedure(&self, p: &Procedure) -> &'static str {
        procedure_name(*p, self.0)
    }

    pub fn phase_kind(&self, k: &PhaseKind) -> &'static str {
        phase_kind_name(*k, self.0)
    }

    pub fn status(&self, s: &CallStatus) -> &'static str {
        status_name(*s, self.0)
    }

    pub fn criterion_kind(&self, k: &CriterionKind) -> &'static str {
        match k {
            CriterionKind::Quality => self.s("kind.quality"),
            CriterionKind::Price => self.s("kind.price"),
        }
    }

    pub fn euro(&self, cents: &i64) -> String {
        format_euro(*cents, self.0)
    }

    pub fn countdown(&self, c: &Countdown) -> String {
        match *c {
            Countdown::Closed => self.s("call.closed").to_string(),
            Countdown::Open {
                days,
                hours,
                minutes,
            } => format!(
                "{days} {}, {hours} {}, {minutes} {}",
                self.s("call.days"),
                self.s("call.hours"),
                self.s("call.minutes")
            ),
        }
    }
}

pub use messages::*;
pub use names::*;
pub use rules::scoring_rules_facts;

#[cfg(test)]
mod tests {
    use super::*;

    fn files_under(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                files_under(&path, out);
            } else {
                out.push(path);
            }
        }
    }

    #[test]
    fn every_key_used_by_a_template_or_the_code_has_a_translation() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        files_under(&root.join("templates"), &mut files);
        files_under(&root.join("src"), &mut files);
        let mut used = 0;
        for path in files {
            let text = std::fs::read_to_string(&path).unwrap();
            for part in text.split(".s(\"").skip(1) {
                let key = part.split('"').next().unwrap();
                used += 1;
                assert!(
                    lookup(key).is_some(),
                    "{} uses {key:?} which has no translation",
                    path.display()
                );
            }
        }
        assert!(used > 100, "the scan finds the keys in use ({used})");
    }

    #[test]
    fn each_key_is_defined_once() {
        let entries: usize = AREAS.iter().map(|area| area.len()).sum();
        assert_eq!(entries, catalogue().len(), "a key is defined in two areas");
    }

    #[test]
    fn texts_differ_by_language() {
        assert_eq!(Tr(Lang::It).s("nav.calls"), "Bandi");
        assert_eq!(Tr(Lang::En).s("nav.calls"), "Calls");
        assert_eq!(
            Tr(Lang::En).countdown(&Countdown::Open {
                days: 1,
                hours: 2,
                minutes: 3
            }),
            "1 days, 2 hours, 3 minutes"
        );
    }
}
