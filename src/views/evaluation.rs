//! Page models of the evaluation: the evaluator's area, a phase's board, the scoring form, the
//! officer's phase page, and public results with their chart.

use askama::Template;

use super::{FieldView, Layout};

#[derive(Debug, Clone)]
pub struct CommitteeLink {
    pub call_title: String,
    pub phase_name: String,
    pub href: String,
    /// The member's next step, in words.
    pub todo: Option<String>,
}

#[derive(Template)]
#[template(path = "evaluator_home.html")]
pub struct EvaluatorHomePage {
    pub layout: Layout,
    pub committees: Vec<CommitteeLink>,
}

#[derive(Debug, Clone)]
pub struct MemberView {
    pub name: String,
    pub chair: bool,
    pub left: bool,
    pub declared: Option<String>,
    pub submitted: bool,
}

#[derive(Debug, Clone)]
pub struct FileLink {
    pub name: String,
    pub envelope: String,
    pub href: String,
}

#[derive(Debug, Clone)]
pub struct ConsensusCell {
    pub criterion: usize,
    pub name: String,
    pub max_points: i32,
    pub mean: String,
    pub value: String,
    pub reason: String,
    /// Each member's score and justification, side by side for the chair.
    pub members: Vec<MemberCell>,
}

#[derive(Debug, Clone)]
pub struct MemberCell {
    pub name: String,
    pub points: String,
    pub justification: String,
}

#[derive(Debug, Clone)]
pub struct BoardRow {
    pub id: String,
    pub label: String,
    /// PCP: "Fase precedente: 2°, 71,50 punti".
    pub previous: Option<String>,
    pub receipt: String,
    pub scored: usize,
    pub to_score: usize,
    pub files: Vec<FileLink>,
    pub price: Option<String>,
    pub consensus: Vec<ConsensusCell>,
    pub consensus_done: bool,
}

#[derive(Template)]
#[template(path = "evaluation_board.html")]
pub struct BoardPage {
    pub layout: Layout,
    pub phase_id: String,
    pub call_id: String,
    pub call_title: String,
    pub phase_name: String,
    pub members: Vec<MemberView>,
    pub needs_declaration: bool,
    pub is_member: bool,
    pub is_chair: bool,
    pub is_officer: bool,
    pub opened: bool,
    pub submitted: bool,
    pub can_submit: bool,
    pub consensus_open: bool,
    pub technical_final: bool,
    pub decided: bool,
    pub rows: Vec<BoardRow>,
    pub count: usize,
    pub errors: Vec<String>,
    pub notice: Option<String>,
    pub evaluators: Vec<(String, String)>,
    pub can_open: bool,
    pub can_appoint: bool,
    pub can_replace: bool,
    pub preview: Vec<PreviewRow>,
    /// Requests to participate: each has a self-declaration and a selection check.
    pub is_requests: bool,
}

#[derive(Debug, Clone)]
pub struct PreviewRow {
    pub proposal_id: String,
    /// Abnormally low and not yet verified: the officer records the verification here.
    pub verification_pending: bool,
    pub rank: String,
    pub label: String,
    pub total: String,
    pub outcome: String,
    pub abnormally_low: bool,
}

#[derive(Debug, Clone)]
pub struct ScoreField {
    pub criterion: usize,
    pub name: String,
    pub description: String,
    pub max_points: i32,
    pub threshold: Option<i32>,
    pub points: FieldView,
    pub justification: FieldView,
}

#[derive(Template)]
#[template(path = "scoring.html")]
pub struct ScoringPage {
    pub layout: Layout,
    pub phase_id: String,
    pub proposal_id: String,
    pub label: String,
    pub call_title: String,
    pub phase_name: String,
    pub files: Vec<FileLink>,
    pub fields: Vec<ScoreField>,
    pub error_items: Vec<super::ErrorItem>,
    pub locked: bool,
}

/// One bar of the results chart, already laid out (SVG coordinates).
#[derive(Debug, Clone)]
pub struct Bar {
    pub label: String,
    pub total: String,
    pub y: usize,
    pub width: usize,
    pub admitted: bool,
}

#[derive(Debug, Clone)]
pub struct ResultRow {
    pub rank: String,
    pub organisation: String,
    pub points: Vec<String>,
    pub price: String,
    pub total: String,
    pub outcome: String,
    pub admitted: bool,
}

#[derive(Debug, Clone)]
pub struct ResultsView {
    pub phase_id: String,
    pub phase_name: String,
    pub decision: String,
    pub decided_at: String,
    pub standstill_until: Option<String>,
    pub award_held: bool,
    pub criteria: Vec<String>,
    pub rows: Vec<ResultRow>,
    pub bars: Vec<Bar>,
    pub chart_height: usize,
}

#[derive(Debug, Clone)]
pub struct CommitteeView {
    pub phase_name: String,
    pub members: Vec<MemberView>,
}
