//! What every handler knows about the request: language, CSRF token, who is signed in.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};

use super::AppState;
use super::middleware::CsrfToken;
use crate::auth::token_hash;
use crate::db;
use crate::domain::access::{Actor, Role};
use crate::domain::lang::Lang;
use crate::error::AppError;
use crate::i18n::Tr;

pub const SESSION_COOKIE: &str = "pcp_session";
pub const LANG_COOKIE: &str = "pcp_lang";

#[derive(Debug, Clone)]
pub struct SignedIn {
    pub actor: Actor,
    pub email: String,
    pub display_name: String,
    /// A supplier's communications nobody of its organisation has read yet, for the header.
    pub unread: usize,
}

#[derive(Debug, Clone)]
pub struct Ctx {
    pub lang: Lang,
    pub csrf: String,
    pub user: Option<SignedIn>,
    /// Path and query of this page, for the language switch and the return after login.
    pub here: String,
    /// The action that led to this page, to confirm it was done.
    pub done: Option<super::done::Done>,
}

impl Ctx {
    pub fn tr(&self) -> Tr {
        Tr(self.lang)
    }

    pub fn actor(&self) -> Option<&Actor> {
        self.user.as_ref().map(|u| &u.actor)
    }

    /// Whoever is signed in: 401 when nobody is.
    pub fn signed_in(&self) -> Result<&Actor, AppError> {
        self.actor().ok_or(AppError::Unauthorized)
    }

    /// The signed-in user if they have `role`: 401 when nobody is signed in, 403 otherwise.
    pub fn require(&self, role: Role) -> Result<&SignedIn, AppError> {
        let user = self.user.as_ref().ok_or(AppError::Unauthorized)?;
        if user.actor.role == role {
            Ok(user)
        } else {
            Err(AppError::Forbidden)
        }
    }

    /// Form posts carry the token from the page that was served with them.
    pub fn check_csrf(&self, submitted: &str) -> Result<(), AppError> {
        let same = !submitted.is_empty()
            && submitted.len() == self.csrf.len()
            && submitted
                .bytes()
                .zip(self.csrf.bytes())
                .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                == 0;
        if same { Ok(()) } else { Err(AppError::Csrf) }
    }
}

/// This page's address for the language switch and the return after login, without the action
/// that led here: its message is said once.
fn here_without_done(path: &str, query: &str) -> String {
    let kept: Vec<(String, String)> = serde_urlencoded::from_str::<Vec<(String, String)>>(query)
        .unwrap_or_default()
        .into_iter()
        .filter(|(k, _)| k != "done")
        .collect();
    match serde_urlencoded::to_string(&kept) {
        Ok(q) if !q.is_empty() => format!("{path}?{q}"),
        _ => path.to_string(),
    }
}

pub fn request_lang(req: &HttpRequest) -> Lang {
    let from_query =
        web::Query::<std::collections::HashMap<String, String>>::from_query(req.query_string())
            .ok()
            .and_then(|q| q.get("lang").and_then(|l| Lang::parse(l)));
    from_query
        .or_else(|| req.cookie(LANG_COOKIE).and_then(|c| Lang::parse(c.value())))
        .unwrap_or_default()
}

/// API requests authenticate with a bearer token only, pages with the session cookie only, so
/// that a cookie can never be used to forge an API call from another site.
fn session_token(req: &HttpRequest) -> Option<String> {
    if req.path().starts_with("/api/") {
        let header = req
            .headers()
            .get(actix_web::http::header::AUTHORIZATION)?
            .to_str()
            .ok()?;
        header.strip_prefix("Bearer ").map(|t| t.trim().to_string())
    } else {
        req.cookie(SESSION_COOKIE).map(|c| c.value().to_string())
    }
}

impl FromRequest for Ctx {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Ctx, AppError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let state = req
                .app_data::<web::Data<AppState>>()
                .ok_or_else(|| AppError::Unexpected(anyhow::anyhow!("application state missing")))?
                .clone();
            let csrf = req
                .extensions()
                .get::<CsrfToken>()
                .map(|t| t.0.clone())
                .unwrap_or_default();
            let user = match session_token(&req) {
                Some(token) if !token.is_empty() => {
                    let hash = token_hash(&token);
                    let now = state.now();
                    state
                        .db(move |conn| {
                            let Some(row) = db::accounts::user_for_session(conn, &hash, now)?
                            else {
                                return Ok(None);
                            };
                            let unread = match (&row.organisation_id, row.role.as_str()) {
                                (Some(org), "supplier") => {
                                    db::communications::unread_count(conn, org)?
                                }
                                _ => 0,
                            };
                            Ok(Some((row, unread)))
                        })
                        .await?
                        .and_then(|(row, unread)| {
                            Some(SignedIn {
                                actor: Actor {
                                    role: Role::parse(&row.role)?,
                                    user_id: row.id,
                                    authority_id: row.authority_id,
                                    organisation_id: row.organisation_id,
                                },
                                email: row.email,
                                display_name: row.display_name,
                                unread,
                            })
                        })
                }
                _ => None,
            };
            let here = here_without_done(req.path(), req.query_string());
            Ok(Ctx {
                done: super::done::Done::from_query(req.query_string()),
                lang: request_lang(&req),
                csrf,
                user,
                here,
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::here_without_done;

    #[test]
    fn the_return_address_forgets_the_action_and_keeps_the_rest() {
        assert_eq!(
            here_without_done("/calls/c", "done=published&lang=en"),
            "/calls/c?lang=en"
        );
        assert_eq!(
            here_without_done("/supplier", "done=withdrawn"),
            "/supplier"
        );
        assert_eq!(
            here_without_done("/calls", "q=robotica+logistica&page=2"),
            "/calls?q=robotica+logistica&page=2"
        );
        assert_eq!(here_without_done("/calls", ""), "/calls");
    }
}
