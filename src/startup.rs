//! Builds the application: database, blob store, middleware and routes. Port 0 picks a free
//! port, which is how the tests start one instance each.

use std::net::TcpListener;
use std::sync::Arc;

use actix_web::dev::Server;
use actix_web::middleware::{DefaultHeaders, from_fn};
use actix_web::{App, HttpServer, web as aw};
use anyhow::Context;

use crate::config::Settings;
use crate::db;
use crate::domain::violation::{Violation, ViolationKind};
use crate::error::AppError;
use crate::storage::BlobStore;
use crate::web::{self, AppState, Clock, middleware};

pub struct Application {
    server: Server,
    port: u16,
    pub state: AppState,
}

fn malformed(field: &str, detail: String) -> actix_web::Error {
    AppError::Invalid(vec![Violation::new(
        field,
        ViolationKind::Malformed { detail },
    )])
    .into()
}

async fn not_found() -> Result<actix_web::HttpResponse, AppError> {
    Err(AppError::NotFound)
}

const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; \
     script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

/// Art. 29 D.Lgs. 36/2023 wants digital communications: say which channels carry them, and start
/// the e-mail outbox when there is an SMTP server to send it.
fn start_mailer(
    settings: &Settings,
    pool: &db::Pool,
    clock: &Clock,
    bound: std::net::SocketAddr,
) -> anyhow::Result<Option<Arc<crate::service::communications::Mailer>>> {
    let Some(url) = &settings.smtp_url else {
        tracing::info!(
            "PCP_DESK_SMTP_URL is not set: communications reach each organisation's inbox on \
             the platform only; their e-mails wait in the outbox until SMTP is configured"
        );
        return Ok(None);
    };
    let public_base = settings
        .public_url
        .clone()
        .unwrap_or_else(|| format!("http://{bound}"));
    let mailer = Arc::new(crate::service::communications::Mailer::new(
        pool.clone(),
        url,
        &settings.mail_from,
        clock.clone(),
        public_base.trim_end_matches('/').to_string(),
    )?);
    tracing::info!(
        smtp = %db::redact(url),
        "communications reach each organisation's inbox on the platform and its e-mail (PEC) address"
    );
    if settings.mail_poll_secs > 0 {
        mailer
            .clone()
            .start(std::time::Duration::from_secs(settings.mail_poll_secs))
            .context("cannot start the mail outbox")?;
    }
    Ok(Some(mailer))
}

fn start_reminders(
    settings: &Settings,
    pool: &db::Pool,
    clock: &Clock,
) -> anyhow::Result<Arc<crate::service::notifications::Reminders>> {
    let reminders = Arc::new(crate::service::notifications::Reminders::new(
        pool.clone(),
        clock.clone(),
    ));
    if settings.reminder_poll_secs > 0 {
        reminders
            .clone()
            .start(std::time::Duration::from_secs(settings.reminder_poll_secs))
            .context("cannot start the reminders")?;
    }
    Ok(reminders)
}

impl Application {
    pub fn build(settings: Settings) -> anyhow::Result<Application> {
        Self::build_with_clock(settings, Arc::new(chrono::Utc::now))
    }

    pub fn build_with_clock(settings: Settings, clock: Clock) -> anyhow::Result<Application> {
        let pool = db::connect(&settings.database_url)?;
        let blobs = BlobStore::open(&settings.data_dir.join("blobs")).with_context(|| {
            format!(
                "cannot create the blob store under {}",
                settings.data_dir.display()
            )
        })?;
        // Before the first request, no staged file belongs to an upload still running.
        let swept = blobs
            .sweep_staged(std::time::Duration::ZERO, false)
            .context("cannot clean the staged uploads")?;
        if swept.staged > 0 {
            tracing::info!(
                files = swept.staged,
                bytes = swept.staged_bytes,
                "removed uploads interrupted by the last stop"
            );
        }
        let listener = TcpListener::bind(&settings.bind)
            .with_context(|| format!("cannot listen on {}", settings.bind))?;
        let port = listener.local_addr()?.port();
        let mailer = start_mailer(&settings, &pool, &clock, listener.local_addr()?)?;
        let login_limit = actix_governor::GovernorConfigBuilder::default()
            .seconds_per_request(settings.login_refill_secs.max(1))
            .burst_size(settings.login_burst.max(1))
            .finish()
            .context("invalid login rate limit")?;
        let writer = match db::is_postgres_url(&settings.database_url) {
            true => None,
            false => Some(
                db::group_commit::GroupCommitter::start(pool.clone())
                    .context("cannot start the database writer")?,
            ),
        };
        let reminders = start_reminders(&settings, &pool, &clock)?;
        let state = AppState {
            reminders,
            writer,
            db_permits: Arc::new(tokio::sync::Semaphore::new(pool.max_size() as usize)),
            pool,
            settings: Arc::new(settings),
            blobs,
            clock,
            upload_slots: Default::default(),
            mailer,
        };
        let data = aw::Data::new(state.clone());
        let server = HttpServer::new(move || {
            App::new()
                .app_data(data.clone())
                .app_data(
                    aw::JsonConfig::default()
                        .limit(1024 * 1024)
                        .error_handler(|e, _| malformed("body", e.to_string())),
                )
                .app_data(aw::PayloadConfig::new(web::api::json::MAX_JSON_BYTES))
                .app_data(
                    aw::FormConfig::default()
                        .limit(1024 * 1024)
                        .error_handler(|e, _| malformed("form", e.to_string())),
                )
                .app_data(
                    aw::QueryConfig::default()
                        .error_handler(|e, _| malformed("query", e.to_string())),
                )
                .app_data(
                    aw::PathConfig::default()
                        .error_handler(|e, _| malformed("path", e.to_string())),
                )
                .wrap(from_fn(middleware::limit_uploads))
                .wrap(from_fn(middleware::render_errors))
                .wrap(from_fn(middleware::csrf_cookie))
                .wrap(from_fn(middleware::private_responses))
                .wrap(
                    DefaultHeaders::new()
                        .add(("X-Content-Type-Options", "nosniff"))
                        .add(("X-Frame-Options", "DENY"))
                        .add(("Referrer-Policy", "same-origin"))
                        .add(("Content-Security-Policy", CONTENT_SECURITY_POLICY)),
                )
                .wrap(from_fn(middleware::log_request))
                .configure(|cfg| web::routes(cfg, &login_limit))
                .default_service(aw::to(not_found))
        })
        .listen(listener)?
        .run();
        Ok(Application {
            server,
            port,
            state,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}
