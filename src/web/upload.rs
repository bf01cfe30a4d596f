//! Multipart uploads: text fields are read into memory (small, bounded), the file streams to
//! the blob store. Anything malformed is refused with a message saying what to fix.

use actix_multipart::Multipart;
use futures_util::StreamExt;

use crate::domain::violation::{Violation, ViolationKind};
use crate::error::AppError;
use crate::storage::{self, BlobError, BlobStore, StoredBlob};

const MAX_TEXT_FIELD_BYTES: usize = 4096;

pub struct UploadedFile {
    pub file_name: String,
    pub extension: String,
    pub blob: StoredBlob,
}

#[derive(Default)]
pub struct Upload {
    pub texts: Vec<(String, String)>,
    pub file: Option<UploadedFile>,
}

impl Upload {
    pub fn text(&self, name: &str) -> &str {
        self.texts
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }
}

fn invalid(field: &str, kind: ViolationKind) -> AppError {
    AppError::Invalid(vec![Violation::new(field, kind)])
}

/// Reads a form with text fields and one file field named `file_field`, accepting only the
/// given extensions.
pub async fn read_single_file(
    mut payload: Multipart,
    blobs: &BlobStore,
    file_field: &str,
    accepted: &[&str],
    max_bytes: u64,
) -> Result<Upload, AppError> {
    let mut upload = Upload::default();
    while let Some(field) = payload.next().await {
        let mut field = field.map_err(|e| {
            invalid(
                file_field,
                ViolationKind::Malformed {
                    detail: e.to_string(),
                },
            )
        })?;
        let name = field.name().unwrap_or_default().to_string();
        let file_name = field
            .content_disposition()
            .and_then(|cd| cd.get_filename())
            .map(str::to_string);
        match file_name {
            Some(raw_name) if name == file_field => {
                if upload.file.is_some() {
                    return Err(invalid(file_field, ViolationKind::AtMost { max: 1 }));
                }
                let file_name = storage::sanitise_file_name(&raw_name)
                    .ok_or_else(|| invalid(file_field, ViolationKind::Required))?;
                let extension = storage::extension(&file_name).unwrap_or_default();
                if !accepted.contains(&extension.as_str()) {
                    return Err(invalid(
                        file_field,
                        ViolationKind::FileTypeNotAccepted {
                            accepted: accepted.join(", ").to_uppercase(),
                        },
                    ));
                }
                let blob = blobs
                    .put(&mut field, max_bytes)
                    .await
                    .map_err(|e| match e {
                        BlobError::TooLarge { max_bytes } => {
                            invalid(file_field, ViolationKind::FileTooLarge { max_bytes })
                        }
                        BlobError::Empty => invalid(file_field, ViolationKind::EmptyFile),
                        BlobError::Interrupted(detail) => {
                            invalid(file_field, ViolationKind::Malformed { detail })
                        }
                        BlobError::Io(e) => AppError::Unexpected(e.into()),
                    })?;
                upload.file = Some(UploadedFile {
                    file_name,
                    extension,
                    blob,
                });
            }
            _ => {
                let mut bytes = Vec::new();
                while let Some(chunk) = field.next().await {
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
