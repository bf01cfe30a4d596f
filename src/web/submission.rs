//! The submission of a proposal, shared by the supplier pages and the API: check the window,
//! stream the envelopes, check the contents, store the files, then commit with the server's clock.

use actix_multipart::Multipart;

use super::AppState;
use super::upload;
use crate::domain::access::Actor;
use crate::domain::money::parse_euro;
use crate::domain::submission::{self, Envelope, SubmitRefusal};
use crate::domain::violation::{Violation, ViolationKind};
use crate::error::AppError;
use crate::service::proposals::{self, ReceivedFile};
use crate::storage::{Promoted, content_type_for};

const ENVELOPE_FIELDS: [&str; 3] = ["administrative", "technical", "financial"];

/// A price typed in euro (`price`, pages) or given in cents (`price_cents`, API).
fn read_price(upload: &upload::Upload) -> Result<Option<i64>, AppError> {
    let cents = upload.text("price_cents").trim();
    let euro = upload.text("price").trim();
    let bad =
        |field: &str| AppError::Invalid(vec![Violation::new(field, ViolationKind::InvalidAmount)]);
    match (cents, euro) {
        ("", "") => Ok(None),
        ("", euro) => parse_euro(euro).map(Some).ok_or_else(|| bad("price")),
        (cents, _) => cents
            .parse::<i64>()
            .map(Some)
            .map_err(|_| bad("price_cents")),
    }
}

async fn refuse(state: &AppState, actor: &Actor, phase_id: &str, error: AppError) -> AppError {
    if let AppError::Submission(SubmitRefusal::DeadlinePassed { .. }) = error {
        let (actor, phase_id, now) = (actor.clone(), phase_id.to_string(), state.now());
        if let Err(e) = state
            .db(move |conn| proposals::record_late_refusal(conn, &actor, &phase_id, now))
            .await
        {
            tracing::error!(error = %e, "could not record a late refusal");
        }
    }
    error
}

/// Who sends the proposal: a page's attempt that is refused holds the files it brought for the
/// next attempt (a person at 11:58 must not send them again); an API client keeps its own.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Sender {
    Page,
    Api,
}

/// A refused attempt: why, and the price as typed, so that the form shows it again.
pub struct Refused {
    pub error: AppError,
    pub price: String,
}

impl From<AppError> for Refused {
    fn from(error: AppError) -> Refused {
        Refused {
            error,
            price: String::new(),
        }
    }
}

/// Returns the new proposal's id. Nothing is recorded unless the whole proposal is; a page's
/// refused attempt holds the files it brought (see `Sender`).
pub async fn submit(
    state: &AppState,
    actor: &Actor,
    phase_id: &str,
    payload: Multipart,
    sender: Sender,
) -> Result<String, Refused> {
    let (check_actor, check_phase, now) = (actor.clone(), phase_id.to_string(), state.now());
    let checked = state
        .db(move |conn| {
            let phase = proposals::load_phase(conn, &check_phase)?;
            proposals::check_can_submit(conn, &check_actor, &phase, now)
        })
        .await;
    let rules = match checked {
        Ok(rules) => rules,
        Err(e) => return Err(refuse(state, actor, phase_id, e).await.into()),
    };
    let limits = upload::Limits {
        file_fields: &ENVELOPE_FIELDS,
        accepted_types: &rules.accepted_types,
        max_file_bytes: rules.max_file_bytes,
        max_total_bytes: rules.max_total_bytes,
        max_files: rules.max_files_per_envelope * ENVELOPE_FIELDS.len(),
    };
    let mut upload = upload::read(payload, state, &limits).await?;
    let typed_price = upload.text("price").to_string();
    // Every problem at once: the files refused, the price, then what the phase requires.
    let mut violations = std::mem::take(&mut upload.refused);
    let price = match read_price(&upload) {
        Ok(price) => price,
        Err(AppError::Invalid(v)) => {
            violations.extend(v);
            None
        }
        Err(e) => return Err(e.into()),
    };
    // A replacement keeps the files of the proposal it replaces that the supplier left ticked.
    let keep: Vec<String> = upload
        .texts
        .iter()
        .filter(|(name, _)| name == "keep")
        .map(|(_, id)| id.clone())
        .collect();
    let (keep_actor, keep_phase, ticked, now) = (
        actor.clone(),
        phase_id.to_string(),
        keep.clone(),
        state.now(),
    );
    let kept = match state
        .db(move |conn| proposals::kept_files(conn, &keep_actor, &keep_phase, &ticked, now))
        .await
    {
        Ok(kept) => kept,
        Err(AppError::Invalid(v)) => {
            violations.extend(v);
            Vec::new()
        }
        Err(e) => return Err(e.into()),
    };
    let received: Vec<submission::ReceivedFile> = upload
        .files
        .iter()
        .filter_map(|f| {
            Envelope::parse(&f.field).map(|envelope| submission::ReceivedFile {
                envelope,
                size: f.staged.size,
            })
        })
        .chain(kept.iter().map(|f| submission::ReceivedFile {
            envelope: f.envelope,
            size: f.blob.size,
        }))
        .collect();
    let named: Vec<String> = violations.iter().map(|v| v.field.clone()).collect();
    let is_named = |field: &str| {
        named
            .iter()
            .any(|n| n == field || (field == "price" && n == "price_cents"))
    };
    violations.extend(
        submission::check_contents(&rules, &received, price)
            .into_iter()
            .filter(|v| !is_named(&v.field)),
    );
    let refused = !violations.is_empty();
    if refused && sender == Sender::Api {
        return Err(AppError::Invalid(violations).into());
    }
    let (meta, staged): (Vec<_>, Vec<_>) = upload
        .files
        .into_iter()
        .map(|f| {
            (
                (
                    Envelope::parse(&f.field).unwrap_or(Envelope::Technical),
                    f.file_name,
                    f.extension,
                ),
                f.staged,
            )
        })
        .unzip();
    let promoted = state
        .blobs
        .promote(staged)
        .await
        .map_err(|e| AppError::Unexpected(e.into()))?;
    let files: Vec<ReceivedFile> = meta
        .into_iter()
        .zip(promoted.blobs.clone())
        .map(|((envelope, file_name, extension), blob)| ReceivedFile {
            envelope,
            file_name,
            content_type: content_type_for(&extension).into(),
            blob,
        })
        .chain(kept)
        .collect();
    if refused {
        let brought = files[..promoted.blobs.len()].to_vec();
        hold(state, actor, phase_id, keep, brought, promoted).await;
        return Err(Refused {
            error: AppError::Invalid(violations),
            price: typed_price,
        });
    }
    let (record_actor, record_phase, clock) = (actor.clone(), phase_id.to_string(), state.clone());
    let recorded = state
        .write(move |conn| {
            // The proposal counts at the instant of commit, after its last byte arrived.
            let now = clock.now();
            proposals::record(conn, &record_actor, &record_phase, &files, price, now)
        })
        .await;
    // A refused proposal's files go unless another proposal refers to them.
    state.settle_files(promoted, &recorded).await;
    match recorded {
        Ok(id) => {
            let (release_actor, release_phase) = (actor.clone(), phase_id.to_string());
            match state
                .write(move |conn| proposals::release_held(conn, &release_actor, &release_phase))
                .await
            {
                Ok(released) => state.collect_files(released).await,
                Err(e) => tracing::warn!(error = %e, "held files stay until they lapse"),
            }
            Ok(id)
        }
        Err(e) => Err(Refused {
            error: refuse(state, actor, phase_id, e).await,
            price: typed_price,
        }),
    }
}

/// Holds the files a refused page attempt brought (already in the store, pinned by `promoted`)
/// and the held files it still ticked; releases the rest. A failure only means they must be
/// sent again.
async fn hold(
    state: &AppState,
    actor: &Actor,
    phase_id: &str,
    ticked: Vec<String>,
    brought: Vec<ReceivedFile>,
    promoted: Promoted,
) {
    let (hold_actor, hold_phase, now) = (actor.clone(), phase_id.to_string(), state.now());
    let held = state
        .write(move |conn| proposals::hold(conn, &hold_actor, &hold_phase, &ticked, &brought, now))
        .await;
    // Unpinned only once the rows that refer to them are in (or could not be written).
    let brought = promoted.hashes();
    drop(promoted);
    match held {
        Ok(released) => state.collect_files(released).await,
        Err(e) => {
            tracing::warn!(error = %e, "could not hold the files of a refused attempt");
            state.collect_files(brought).await;
        }
    }
}
