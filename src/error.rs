//! One error type for every handler. JSON callers get `{"error", "message", "fields"}`; pages
//! get the same error rendered as HTML by `web::errors`.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;

use crate::domain::Violation;
use crate::domain::call::TransitionRefused;
use crate::domain::lang::Lang;
use crate::domain::submission::SubmitRefusal;
use crate::i18n;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("invalid input")]
    Invalid(Vec<Violation>),
    #[error("authentication required")]
    Unauthorized,
    #[error("wrong email or password")]
    BadCredentials,
    #[error("not allowed")]
    Forbidden,
    #[error("the form expired, reload the page")]
    Csrf,
    #[error("not found")]
    NotFound,
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("evaluation step refused: {0:?}")]
    Step(crate::domain::evaluation_steps::Refusal),
    #[error("the call's state does not allow this: {0:?}")]
    Refused(TransitionRefused),
    #[error("contract step refused: {0:?}")]
    Contract(crate::domain::contract::ContractRefusal),
    #[error("challenge step refused: {0:?}")]
    Challenge(crate::domain::challenge::ChallengeRefusal),
    #[error("dialogue step refused: {0:?}")]
    Dialogue(crate::domain::dialogue::DialogueRefusal),
    #[error("submission refused: {0:?}")]
    Submission(SubmitRefusal),
    #[error("too large")]
    TooLarge { max_bytes: u64 },
    #[error("too many uploads in progress from this address")]
    TooManyUploads { max: usize },
    #[error("unexpected error: {0}")]
    Unexpected(#[from] anyhow::Error),
}

impl From<diesel::result::Error> for AppError {
    fn from(e: diesel::result::Error) -> Self {
        match e {
            diesel::result::Error::NotFound => AppError::NotFound,
            // Two requests raced for the same unique value; the loser is told, not given a 500.
            diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                info,
            ) => AppError::Conflict(format!("already exists: {}", info.message())),
            e => AppError::Unexpected(e.into()),
        }
    }
}

impl From<actix_web::error::BlockingError> for AppError {
    fn from(e: actix_web::error::BlockingError) -> Self {
        AppError::Unexpected(anyhow::anyhow!("blocking task failed: {e}"))
    }
}

impl From<diesel::r2d2::PoolError> for AppError {
    fn from(e: diesel::r2d2::PoolError) -> Self {
        AppError::Unexpected(e.into())
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct FieldMessage {
    pub field: String,
    pub code: String,
    pub message: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    pub error: &'static str,
    pub message: String,
    pub fields: Vec<FieldMessage>,
}

impl AppError {
    pub fn code(&self) -> &'static str {
        match self {
            AppError::Invalid(_) => "invalid",
            AppError::Unauthorized => "unauthorized",
            AppError::BadCredentials => "bad_credentials",
            AppError::Forbidden => "forbidden",
            AppError::Csrf => "csrf",
            AppError::NotFound => "not_found",
            AppError::Conflict(_) | AppError::Step(_) => "conflict",
            AppError::Contract(r) => r.code(),
            AppError::Challenge(r) => r.code(),
            AppError::Dialogue(r) => r.code(),
            AppError::Refused(_) => "not_allowed_in_this_state",
            AppError::Submission(r) => match r {
                SubmitRefusal::DeadlinePassed { .. } => "deadline_passed",
                SubmitRefusal::NotAdmitted => "not_admitted",
                _ => "submission_refused",
            },
            AppError::TooLarge { .. } => "too_large",
            AppError::TooManyUploads { .. } => "too_many_uploads",
            AppError::Unexpected(_) => "unexpected",
        }
    }

    pub fn body(&self, lang: Lang) -> ErrorBody {
        let fields = match self {
            AppError::Invalid(violations) => violations
                .iter()
                .map(|v| FieldMessage {
                    field: v.field.clone(),
                    code: i18n::violation_code(&v.kind).to_string(),
                    message: i18n::violation_message(&v.kind, lang),
                })
                .collect(),
            _ => Vec::new(),
        };
        ErrorBody {
            error: self.code(),
            message: i18n::error_message(self, lang),
            fields,
        }
    }

    pub fn conflict(message: impl Into<String>) -> Self {
        AppError::Conflict(message.into())
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Unauthorized | AppError::BadCredentials => StatusCode::UNAUTHORIZED,
            AppError::Forbidden | AppError::Csrf => StatusCode::FORBIDDEN,
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Conflict(_)
            | AppError::Step(_)
            | AppError::Contract(_)
            | AppError::Challenge(_)
            | AppError::Dialogue(_)
            | AppError::Refused(_)
            | AppError::Submission(_) => StatusCode::CONFLICT,
            AppError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::TooManyUploads { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Unexpected(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let AppError::Unexpected(e) = self {
            tracing::error!(error = ?e, "request failed");
        }
        // `web::middleware::render_errors` re-renders this in the visitor's language.
        HttpResponse::build(self.status_code()).json(self.body(Lang::It))
    }
}
