//! The documents of a release: the notice, the call's files, each addendum's files and the
//! public records of each decided phase; and the amendments the addenda made.

use serde_json::{Value, json};

use super::{Change, Snapshot};
use crate::ocds::{DocumentFacts, timestamp};

impl Snapshot<'_> {
    /// Every document public at this release, in the order they appeared, so that compiling the
    /// releases keeps the order each release states.
    pub(super) fn documents(&self) -> Value {
        let call = self.call;
        let base = self.base;
        let file = |doc: &DocumentFacts, kind: &str| {
            json!({
                "id": doc.id,
                "documentType": kind,
                "title": doc.title,
                "url": format!("{base}/calls/{}/documents/{}", call.id, doc.id),
                "datePublished": timestamp(doc.published_at),
                "format": doc.content_type,
                "language": "it",
            })
        };
        let mut documents = Vec::new();
        let mut first_outcome = None;
        for (at, change) in self.history {
            match *change {
                Change::Published => {
                    documents.push(json!({
                        "id": "notice",
                        "documentType": "tenderNotice",
                        "title": call.spec.title,
                        "url": format!("{base}/calls/{}", call.id),
                        "datePublished": timestamp(call.published_at),
                        "format": "text/html",
                        "language": "it",
                    }));
                    documents.extend(call.documents.iter().map(|d| file(d, "biddingDocuments")));
                }
                Change::Amended(a) => documents.extend(
                    call.addenda[a]
                        .documents
                        .iter()
                        .map(|d| file(d, "clarifications")),
                ),
                Change::Decided(i) => {
                    if first_outcome.is_none() {
                        first_outcome = Some(*at);
                        documents.push(self.report_document(*at));
                    }
                    documents.extend(self.phase_records(i));
                }
                Change::AwardFinal(_)
                | Change::Cancelled
                | Change::Concluded
                | Change::Contracts(_) => {}
            }
        }
        json!(documents)
    }

    /// The procurement report, published with the first outcome and reissued with each one.
    fn report_document(&self, first_outcome: chrono::DateTime<chrono::Utc>) -> Value {
        let last_outcome = self
            .history
            .iter()
            .filter(|(_, c)| matches!(c, Change::Decided(_)))
            .map(|(at, _)| *at)
            .max()
            .unwrap_or(first_outcome);
        json!({
            "id": "procurement-report",
            "documentType": "evaluationReports",
            "title": "Relazione sulla procedura (art. 84 dir. 2014/24/UE)",
            "url": format!("{}/calls/{}/report.pdf", self.base, self.call.id),
            "datePublished": timestamp(first_outcome),
            "dateModified": timestamp(last_outcome),
            "format": "application/pdf",
            "language": "it",
        })
    }

    /// The public records of a decided phase: minutes, outcome and results.
    fn phase_records(&self, i: usize) -> Vec<Value> {
        let phase = &self.call.phases[i];
        let Some(outcome) = &phase.outcome else {
            return Vec::new();
        };
        let outcome_kind = if self.spec(i).kind.awards_contracts() {
            "awardNotice"
        } else {
            "shortlistedFirms"
        };
        [
            (
                "opening",
                "evaluationReports",
                "Verbale di apertura",
                "minutes/opening.pdf",
                "application/pdf",
            ),
            (
                "evaluation",
                "evaluationReports",
                "Verbale di valutazione",
                "minutes/evaluation.pdf",
                "application/pdf",
            ),
            (
                "outcome",
                outcome_kind,
                "Esito",
                "outcome.pdf",
                "application/pdf",
            ),
            (
                "results",
                "evaluationReports",
                "Graduatoria (CSV)",
                "results.csv",
                "text/csv",
            ),
        ]
        .into_iter()
        .map(|(id, kind, title, path, format)| {
            json!({
                "id": format!("phase-{}-{id}", i + 1),
                "documentType": kind,
                "title": format!("{title} — {}", self.spec(i).name),
                "url": format!("{}/phases/{}/{path}", self.base, phase.id),
                "datePublished": timestamp(outcome.decided_at),
                "format": format,
                "language": "it",
            })
        })
        .collect()
    }

    pub(super) fn amendments(&self) -> Vec<Value> {
        let mut amendments = Vec::new();
        for (index, (_, change)) in self.history.iter().enumerate() {
            let Change::Amended(a) = *change else {
                continue;
            };
            let id = &self.ids[index];
            let addendum = &self.call.addenda[a];
            let mut amendment = json!({
                "id": format!("addendum-{}", addendum.number),
                "date": timestamp(addendum.published_at),
                "rationale": format!("Avviso integrativo n. {}", addendum.number),
                "description": addendum.body,
                "releaseID": id,
            });
            if index > 0 {
                amendment["amendsReleaseID"] = json!(self.ids[index - 1]);
            }
            amendments.push(amendment);
        }
        amendments
    }
}
