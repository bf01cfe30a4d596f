//! The API's JSON body extractor: like `web::Json`, but a body that does not fit is refused
//! naming the field that did not (`phases.0.budget_cents`) and what was expected there, instead
//! of a parser's line and column.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};
use serde::de::DeserializeOwned;

use crate::domain::violation::{Violation, ViolationKind};
use crate::error::AppError;

/// The largest JSON body accepted.
pub const MAX_JSON_BYTES: usize = 1024 * 1024;

pub struct ApiJson<T>(pub T);

impl<T> ApiJson<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> std::ops::Deref for ApiJson<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

fn malformed(field: &str, detail: String) -> AppError {
    AppError::Invalid(vec![Violation::new(
        field,
        ViolationKind::Malformed { detail },
    )])
}

/// `phases[0].budget_cents` as the rest of the API names fields: `phases.0.budget_cents`.
fn field_name(path: &serde_path_to_error::Path) -> String {
    let dotted = path.to_string().replace('[', ".").replace(']', "");
    if dotted == "." || dotted == "?" || dotted.is_empty() {
        "body".into()
    } else {
        dotted
    }
}

/// Parses `bytes` as a `T`, naming the first field that does not fit.
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    let mut json = serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(&mut json).map_err(|e| {
        let field = field_name(e.path());
        let inner = e.into_inner();
        // The position says where, which the field name already does better.
        let detail = inner.to_string();
        let detail = match detail.rfind(" at line ") {
            Some(i) => detail[..i].to_string(),
            None => detail,
        };
        malformed(&field, detail)
    })
}

impl<T: DeserializeOwned + 'static> FromRequest for ApiJson<T> {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, AppError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let is_json = req
            .headers()
            .get(actix_web::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.to_ascii_lowercase().starts_with("application/json"));
        let body = web::Bytes::from_request(req, payload);
        Box::pin(async move {
            if !is_json {
                return Err(malformed(
                    "body",
                    "send the body as JSON, with Content-Type: application/json".into(),
                ));
            }
            let bytes =
                body.await
                    .map_err(|e| match e.as_error::<actix_web::error::PayloadError>() {
                        Some(actix_web::error::PayloadError::Overflow) => AppError::TooLarge {
                            max_bytes: MAX_JSON_BYTES as u64,
                        },
                        _ => malformed("body", e.to_string()),
                    })?;
            parse(&bytes).map(ApiJson)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Call {
        title: String,
        phases: Vec<Phase>,
    }

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Phase {
        budget_cents: Option<i64>,
    }

    fn refusal(body: &str) -> (String, String) {
        match parse::<Call>(body.as_bytes()) {
            Err(AppError::Invalid(v)) => match &v[0].kind {
                ViolationKind::Malformed { detail } => (v[0].field.clone(), detail.clone()),
                other => panic!("{other:?}"),
            },
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_body_that_does_not_fit_names_the_field_and_the_type_expected() {
        let (field, detail) =
            refusal(r#"{"title": "x", "phases": [{}, {"budget_cents": "molti"}]}"#);
        assert_eq!(field, "phases.1.budget_cents");
        assert!(detail.contains("expected i64"), "{detail}");
        assert!(!detail.contains("line"), "{detail}");
        let (field, detail) = refusal(r#"{"phases": []}"#);
        assert_eq!(field, "body");
        assert!(detail.contains("missing field `title`"), "{detail}");
        assert_eq!(refusal("{").0, "body");
    }
}
