//! Multipart uploads: text fields are read into memory (small, bounded), files stream to the blob
//! store's staging area. Anything malformed is refused with a message saying what to fix, and a
//! refused upload leaves no file behind (staged files remove themselves when dropped).

use std::time::Duration;

use actix_multipart::Multipart;
use futures_util::{Stream, StreamExt};

use crate::domain::violation::{Violation, ViolationKind};
use crate::error::AppError;
use crate::storage::{self, BlobError, StagedBlob};
use crate::web::AppState;

/// Enough for the longest text a form takes (8,000 characters of up to four bytes each).
const MAX_TEXT_FIELD_BYTES: usize = 32_768;

/// How a file's stream says it stalled, so that the refusal can say so.
const STALLED: &str = "stalled";

pub struct StagedFile {
    pub field: String,
    pub file_name: String,
    pub extension: String,
    pub staged: StagedBlob,
}

#[derive(Default)]
pub struct Upload {
    pub texts: Vec<(String, String)>,
    pub files: Vec<StagedFile>,
    /// The files refused one by one (type, name, content): the rest of the form was still read,
    /// so that every problem can be reported at once.
    pub refused: Vec<Violation>,
}

impl Upload {
    /// The upload, or every file refusal at once.
    pub fn accepted(self) -> Result<Upload, AppError> {
        if self.refused.is_empty() {
            Ok(self)
        } else {
            Err(AppError::Invalid(self.refused))
        }
    }

    pub fn text(&self, name: &str) -> &str {
        self.texts
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }
}

/// What an upload may contain.
pub struct Limits<'a> {
    /// Names of the fields that carry files.
    pub file_fields: &'a [&'a str],
    pub accepted_types: &'a [String],
    pub max_file_bytes: u64,
    pub max_total_bytes: u64,
    pub max_files: usize,
}

fn invalid(field: &str, kind: ViolationKind) -> AppError {
    AppError::Invalid(vec![Violation::new(field, kind)])
}

/// A page's form sends its token as the first field, so that it is checked before any file is
/// read and never shows in the address bar.
pub async fn check_leading_csrf(
    payload: &mut Multipart,
    state: &AppState,
    ctx: &super::ctx::Ctx,
) -> Result<(), AppError> {
    let stall = Duration::from_secs(state.settings.upload_stall_secs.max(1));
    let Some(field) = next_within(payload, stall, "csrf").await? else {
        return Err(AppError::Csrf);
    };
    let mut field = field.map_err(|_| AppError::Csrf)?;
    if field.name() != Some("csrf")
        || field
            .content_disposition()
            .and_then(|c| c.get_filename())
            .is_some()
    {
        return Err(AppError::Csrf);
    }
    let mut token = Vec::new();
    while let Some(chunk) = next_within(&mut field, stall, "csrf").await? {
        token.extend_from_slice(&chunk.map_err(|_| AppError::Csrf)?);
        if token.len() > 256 {
            return Err(AppError::Csrf);
        }
    }
    ctx.check_csrf(std::str::from_utf8(&token).map_err(|_| AppError::Csrf)?)
}

/// Parts (files and texts) a request may carry at most: more is not a form of ours.
pub const MAX_PARTS: usize = 64;

/// The next item of `stream`, or a refusal naming `field` when no byte came for `stall`: a
/// client that stops sending must not hold a staged file and a connection for ever.
async fn next_within<S, T, E>(
    stream: &mut S,
    stall: Duration,
    field: &str,
) -> Result<Option<Result<T, E>>, AppError>
where
    S: Stream<Item = Result<T, E>> + Unpin,
{
    tokio::time::timeout(stall, stream.next())
        .await
        .map_err(|_| stalled(field, stall))
}

fn stalled(field: &str, stall: Duration) -> AppError {
    invalid(
        field,
        ViolationKind::Malformed {
            detail: format!(
                "no data for {} s: the upload was stopped; send it again",
                stall.as_secs()
            ),
        },
    )
}

pub async fn read(
    mut payload: Multipart,
    state: &AppState,
    limits: &Limits<'_>,
) -> Result<Upload, AppError> {
    let stall = Duration::from_secs(state.settings.upload_stall_secs.max(1));
    let blobs = &state.blobs;
    let mut upload = Upload::default();
    let mut total: u64 = 0;
    let mut parts = 0usize;
    while let Some(field) = next_within(&mut payload, stall, "form").await? {
        parts += 1;
        if parts > MAX_PARTS {
            return Err(invalid(
                "form",
                ViolationKind::AtMost {
                    max: MAX_PARTS as i64,
                },
            ));
        }
        let mut field = field.map_err(|e| {
            invalid(
                "form",
                ViolationKind::Malformed {
                    detail: e.to_string(),
                },
            )
        })?;
        let name = field.name().unwrap_or_default().to_string();
        let raw_file_name = field
            .content_disposition()
            .and_then(|cd| cd.get_filename())
            .map(str::to_string);
        match raw_file_name {
            Some(raw) if limits.file_fields.contains(&name.as_str()) => {
                // A browser sends an empty, nameless part for a file input left empty.
                if raw.is_empty() {
                    while next_within(&mut field, stall, &name).await?.is_some() {}
                    continue;
                }
                if upload.files.len() >= limits.max_files {
                    return Err(invalid(
                        &name,
                        ViolationKind::AtMost {
                            max: limits.max_files as i64,
                        },
                    ));
                }
                let checked = storage::sanitise_file_name(&raw)
                    .ok_or_else(|| ViolationKind::Malformed {
                        detail: format!("file name {raw:?}"),
                    })
                    .and_then(|file_name| {
                        let extension = storage::extension(&file_name).unwrap_or_default();
                        if limits.accepted_types.contains(&extension) {
                            Ok((file_name, extension))
                        } else {
                            let accepted = limits.accepted_types.join(", ").to_uppercase();
                            Err(ViolationKind::FileTypeNotAccepted { accepted })
                        }
                    });
                let (file_name, extension) = match checked {
                    Ok(checked) => checked,
                    Err(kind) => {
                        // Skipped, within the request's budget, so that the rest is still read.
                        upload.refused.push(Violation::new(&name, kind));
                        while let Some(chunk) = next_within(&mut field, stall, &name).await? {
                            let chunk = chunk.map_err(|e| {
                                invalid(
                                    &name,
                                    ViolationKind::Malformed {
                                        detail: e.to_string(),
                                    },
                                )
                            })?;
                            total = total.saturating_add(chunk.len() as u64);
                            if total > limits.max_total_bytes {
                                return Err(invalid(
                                    "total",
                                    ViolationKind::FileTooLarge {
                                        max_bytes: limits.max_total_bytes,
                                    },
                                ));
                            }
                        }
                        continue;
                    }
                };
                let remaining = limits.max_total_bytes.saturating_sub(total);
                let cap = limits.max_file_bytes.min(remaining);
                let chunks = Box::pin(futures_util::stream::unfold(
                    &mut field,
                    |field| async move {
                        match tokio::time::timeout(stall, field.next()).await {
                            Ok(Some(chunk)) => Some((chunk.map_err(|e| e.to_string()), field)),
                            Ok(None) => None,
                            Err(_) => Some((Err(STALLED.to_string()), field)),
                        }
                    },
                ));
                let staged = match blobs.stage(chunks, cap).await {
                    Ok(staged) => staged,
                    Err(BlobError::Empty) => {
                        upload
                            .refused
                            .push(Violation::new(&name, ViolationKind::EmptyFile));
                        continue;
                    }
                    Err(e) => {
                        return Err(match e {
                            BlobError::TooLarge { .. } if cap < limits.max_file_bytes => invalid(
                                "total",
                                ViolationKind::FileTooLarge {
                                    max_bytes: limits.max_total_bytes,
                                },
                            ),
                            BlobError::TooLarge { max_bytes } => {
                                invalid(&name, ViolationKind::FileTooLarge { max_bytes })
                            }
                            BlobError::Empty => invalid(&name, ViolationKind::EmptyFile),
                            BlobError::Interrupted(detail) if detail == STALLED => {
                                stalled(&name, stall)
                            }
                            BlobError::Interrupted(detail) => {
                                invalid(&name, ViolationKind::Malformed { detail })
                            }
                            BlobError::Io(e) => AppError::Unexpected(e.into()),
                        });
                    }
                };
                if !crate::domain::file_content::matches_declared_type(&extension, &staged.head) {
                    // Dropping the staged file removes it.
                    upload.refused.push(Violation::new(
                        &name,
                        ViolationKind::ContentNotOfType {
                            declared: extension.to_uppercase(),
                        },
                    ));
                    continue;
                }
                total += staged.size;
                upload.files.push(StagedFile {
                    field: name,
                    file_name,
                    extension,
                    staged,
                });
            }
            Some(_) => {
                return Err(invalid(
                    &name,
                    ViolationKind::Malformed {
                        detail: "unexpected file".into(),
                    },
                ));
            }
            None => {
                let mut bytes = Vec::new();
                while let Some(chunk) = next_within(&mut field, stall, &name).await? {
                    let chunk = chunk.map_err(|e| {
                        invalid(
                            &name,
                            ViolationKind::Malformed {
                                detail: e.to_string(),
                            },
                        )
                    })?;
                    if bytes.len() + chunk.len() > MAX_TEXT_FIELD_BYTES {
                        return Err(invalid(
                            &name,
                            ViolationKind::TooLong {
                                max: MAX_TEXT_FIELD_BYTES,
                            },
                        ));
                    }
                    bytes.extend_from_slice(&chunk);
                }
                let text = String::from_utf8(bytes).map_err(|_| {
                    invalid(
                        &name,
                        ViolationKind::Malformed {
                            detail: "not UTF-8 text".into(),
                        },
                    )
                })?;
                upload.texts.push((name, text));
            }
        }
    }
    Ok(upload)
}

/// One document (field `file`, an accepted document type, within the size limit) streamed to the
/// blob store and hashed, for an act that records it: its name, its content type and the stored
/// blob, to be settled once the act is recorded or refused.
pub struct StoredDocument {
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub promoted: storage::Promoted,
}

pub async fn one_document(
    payload: Multipart,
    state: &super::AppState,
) -> Result<StoredDocument, AppError> {
    let (_, document) = texts_and_document(payload, state).await?;
    document.ok_or_else(|| AppError::Invalid(vec![Violation::new("file", ViolationKind::Required)]))
}

/// A form's text fields with at most one document (field `file`, optional), streamed to the
/// blob store and hashed as `one_document` does.
pub async fn texts_and_document(
    payload: Multipart,
    state: &super::AppState,
) -> Result<(Upload, Option<StoredDocument>), AppError> {
    let types: Vec<String> = super::officer::DOCUMENT_TYPES
        .iter()
        .map(|t| t.to_string())
        .collect();
    let limits = Limits {
        file_fields: &["file"],
        accepted_types: &types,
        max_file_bytes: state.settings.max_document_bytes,
        max_total_bytes: state.settings.max_document_bytes,
        max_files: 1,
    };
    let mut upload = read(payload, state, &limits).await?.accepted()?;
    let Some(file) = upload.files.pop() else {
        return Ok((upload, None));
    };
    let promoted = state
        .blobs
        .promote(vec![file.staged])
        .await
        .map_err(|e| AppError::Unexpected(e.into()))?;
    let blob = promoted.blobs[0].clone();
    let document = StoredDocument {
        file_name: file.file_name,
        content_type: storage::content_type_for(&file.extension).to_string(),
        size_bytes: blob.size as i64,
        sha256: blob.sha256,
        promoted,
    };
    Ok((upload, Some(document)))
}
