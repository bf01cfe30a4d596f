//! The evaluation board through the API: what a committee member (or the authority's officer)
//! sees on the board page, from the same service function, so the two cannot differ.

use actix_web::web;
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::AppError;
use crate::service::evaluation_views::{self, Board, BoardProposal};
use crate::web::AppState;
use crate::web::ctx::Ctx;

#[derive(Serialize, ToSchema)]
pub struct BoardOutput {
    pub call_id: String,
    pub call_title: String,
    pub phase_id: String,
    pub phase_name: String,
    /// The criteria by index, as scores refer to them.
    pub criteria: Vec<String>,
    pub progress: BoardProgress,
    pub members: Vec<BoardMember>,
    /// The phase's active proposals; empty until the opening (and for a member until they have
    /// declared no conflict).
    pub proposals: Vec<BoardProposalOutput>,
    pub proposal_count: usize,
}

#[derive(Serialize, ToSchema)]
pub struct BoardProgress {
    pub past_deadline: bool,
    pub sitting: usize,
    pub vacancy: bool,
    pub all_declared: bool,
    pub committee_complete: bool,
    pub opened: bool,
    pub all_submitted: bool,
    pub technical_final: bool,
    pub decided: bool,
}

#[derive(Serialize, ToSchema)]
pub struct BoardMember {
    pub name: String,
    pub chair: bool,
    pub declared: bool,
    pub scores_submitted: bool,
    pub replaced: bool,
}

#[derive(Serialize, ToSchema)]
pub struct BoardScore {
    /// Exact, as a fraction or an integer ("253/6").
    pub points: String,
    pub text: String,
}

#[derive(Serialize, ToSchema)]
pub struct BoardFile {
    pub id: String,
    pub file_name: String,
    pub envelope: String,
    /// Where this reader downloads it.
    pub url: String,
}

#[derive(Serialize, ToSchema)]
pub struct BoardProposalOutput {
    pub id: String,
    /// "Proposta A" while the evaluation is anonymised; the organisation after.
    pub label: String,
    /// Empty while the committee knows the proposal only by its label.
    pub receipt_number: String,
    /// The files this reader may open now (technical only, until the scores are final).
    pub files: Vec<BoardFile>,
    /// PCP: the bidder's accepted deliverables of the phase before (envelope `previous_phase`),
    /// which the committee reads to evaluate the progress made.
    pub previous_work: Vec<BoardFile>,
    /// PCP: the bidder's rank in the phase before (none if it was excluded there).
    pub previous_rank: Option<usize>,
    /// PCP: the bidder's total out of 100 in the phase before, exact.
    pub previous_total: Option<String>,
    /// This member's scores per criterion (the justification as `text`).
    pub my_scores: Vec<Option<BoardScore>>,
    pub mean: Vec<Option<String>>,
    /// The agreed scores per criterion (the reason as `text`).
    pub consensus: Vec<Option<BoardScore>>,
    /// Only once it may be read (financial envelopes of offers that passed, scores final).
    pub price_cents: Option<i64>,
}

fn score(s: &Option<(crate::domain::evaluation::Exact, String)>) -> Option<BoardScore> {
    s.as_ref().map(|(points, text)| BoardScore {
        points: points.to_string(),
        text: text.clone(),
    })
}

impl From<&BoardProposal> for BoardProposalOutput {
    fn from(p: &BoardProposal) -> Self {
        BoardProposalOutput {
            id: p.id.clone(),
            label: p.label.clone(),
            receipt_number: p.receipt_number.clone(),
            files: p
                .files
                .iter()
                .map(|(id, file_name, envelope)| BoardFile {
                    url: format!("/api/v1/proposals/{}/files/{id}", p.id),
                    id: id.clone(),
                    file_name: file_name.clone(),
                    envelope: envelope.as_str().to_string(),
                })
                .collect(),
            previous_work: p
                .previous
                .iter()
                .map(|w| BoardFile {
                    url: format!("/api/v1/deliverable-files/{}", w.submission_id),
                    id: w.submission_id.clone(),
                    file_name: w.file_name.clone(),
                    envelope: "previous_phase".into(),
                })
                .collect(),
            previous_rank: p.previous_result.as_ref().and_then(|(rank, _)| *rank),
            previous_total: p
                .previous_result
                .as_ref()
                .map(|(_, total)| total.to_string()),
            my_scores: p.my_scores.iter().map(score).collect(),
            mean: p
                .mean
                .iter()
                .map(|m| m.as_ref().map(ToString::to_string))
                .collect(),
            consensus: p.consensus.iter().map(score).collect(),
            price_cents: p.price_cents,
        }
    }
}

impl From<Board> for BoardOutput {
    fn from(b: Board) -> Self {
        BoardOutput {
            progress: BoardProgress {
                past_deadline: b.progress.past_deadline,
                sitting: b.progress.sitting,
                vacancy: b.progress.vacancy,
                all_declared: b.progress.all_declared,
                committee_complete: b.progress.committee_complete(),
                opened: b.progress.opened,
                all_submitted: b.progress.all_submitted,
                technical_final: b.progress.technical_final,
                decided: b.progress.decided,
            },
            members: b
                .members
                .iter()
                .map(|(m, name)| BoardMember {
                    name: name.clone(),
                    chair: m.is_chair == 1,
                    declared: m.declared_at.is_some(),
                    scores_submitted: m.scores_submitted_at.is_some(),
                    replaced: m.replaced_at.is_some(),
                })
                .collect(),
            proposals: b.proposals.iter().map(Into::into).collect(),
            proposal_count: b.count,
            criteria: b.criteria.iter().map(|c| c.name.clone()).collect(),
            call_id: b.call_id,
            call_title: b.call_title,
            phase_id: b.phase_id,
            phase_name: b.phase_name,
        }
    }
}

/// The board of a phase: its committee, where the evaluation stands, and the proposals under
/// the labels and with the files this reader may see.
#[utoipa::path(get, path = "/api/v1/phases/{id}/board", tag = "evaluation", security(("bearer" = [])),
    params(("id" = String, Path)), responses((status = 200, body = BoardOutput)))]
pub async fn board(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<web::Json<BoardOutput>, AppError> {
    let actor = ctx.signed_in()?.clone();
    let (id, now) = (path.into_inner(), state.now());
    let board = state
        .db(move |conn| evaluation_views::board(conn, &actor, &id, now))
        .await?;
    Ok(web::Json(board.into()))
}
