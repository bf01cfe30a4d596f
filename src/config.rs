//! Settings from `PCP_DESK_*` environment variables, with defaults that need no configuration.

use std::path::PathBuf;

/// Until a publisher has its own prefix from the Open Contracting Partnership.
pub const DEFAULT_OCID_PREFIX: &str = "ocds-pcpdsk";

/// Until the operator names the authority's sending address.
pub const DEFAULT_MAIL_FROM: &str = "PCP Desk <pcp-desk@localhost>";

#[derive(Debug, Clone)]
pub struct Settings {
    /// `postgres://…` for PostgreSQL; anything else is a SQLite file path.
    pub database_url: String,
    pub bind: String,
    pub data_dir: PathBuf,
    /// The address people use to reach the service, for links in documents.
    pub public_url: Option<String>,
    /// Set the `Secure` flag on cookies (behind HTTPS).
    pub secure_cookies: bool,
    /// Login attempts allowed in a burst per client address, refilled one per `login_refill_secs`.
    pub login_burst: u32,
    pub login_refill_secs: u64,
    pub session_hours: i64,
    pub max_document_bytes: u64,
    /// The prefix of OCDS process identifiers (ocid), as the Open Contracting Partnership
    /// assigns it to a publisher.
    pub ocid_prefix: String,
    /// The Ed25519 key that signs audit checkpoints; keep it off the database's machine or
    /// backups if the database's owner is not to be trusted with it.
    pub audit_key_file: PathBuf,
    /// An upload that sends no byte for this long is stopped and its staged file removed.
    pub upload_stall_secs: u64,
    /// Uploads one client address may have in progress at once.
    pub uploads_per_client: usize,
    /// The SMTP server that carries the e-mail (PEC) copy of every communication, as
    /// `smtp://host:port`, `smtp://user:password@host?tls=required` or `smtps://…`; without it
    /// communications reach the platform inbox only and their e-mails wait in the outbox.
    pub smtp_url: Option<String>,
    /// The sender of those e-mails.
    pub mail_from: String,
    /// How often the outbox worker looks for due messages; 0 keeps it off (tests send the outbox
    /// themselves).
    pub mail_poll_secs: u64,
    /// How often the reminder job looks for deadlines 48 and 24 hours away; 0 keeps it off
    /// (tests run it themselves).
    pub reminder_poll_secs: u64,
}

impl Settings {
    /// Where `pcp-desk audit checkpoint` keeps the checkpoints it signs.
    pub fn checkpoints_dir(&self) -> PathBuf {
        self.data_dir.join("checkpoints")
    }
}

impl Settings {
    pub fn from_env() -> Result<Settings, String> {
        let var = |name: &str| {
            std::env::var(format!("PCP_DESK_{name}"))
                .ok()
                .filter(|v| !v.is_empty())
        };
        let data_dir = PathBuf::from(var("DATA_DIR").unwrap_or_else(|| "./data".into()));
        let number = |name: &str, default: u64| -> Result<u64, String> {
            match var(name) {
                None => Ok(default),
                Some(v) => v
                    .parse()
                    .map_err(|_| format!("PCP_DESK_{name} must be a whole number, got {v:?}")),
            }
        };
        Ok(Settings {
            database_url: var("DATABASE_URL")
                .unwrap_or_else(|| data_dir.join("pcp-desk.db").to_string_lossy().into_owned()),
            bind: var("BIND").unwrap_or_else(|| "127.0.0.1:8080".into()),
            public_url: var("PUBLIC_URL"),
            secure_cookies: var("SECURE_COOKIES").is_some_and(|v| v == "1" || v == "true"),
            login_burst: number("LOGIN_BURST", 10)? as u32,
            login_refill_secs: number("LOGIN_REFILL_SECS", 6)?,
            session_hours: number("SESSION_HOURS", 12)? as i64,
            max_document_bytes: number("MAX_DOCUMENT_BYTES", 50 * 1024 * 1024)?,
            ocid_prefix: var("OCID_PREFIX").unwrap_or_else(|| DEFAULT_OCID_PREFIX.into()),
            audit_key_file: var("AUDIT_KEY_FILE")
                .map(PathBuf::from)
                .unwrap_or_else(|| data_dir.join("audit-signing.key")),
            upload_stall_secs: number("UPLOAD_STALL_SECS", 60)?,
            uploads_per_client: number("UPLOADS_PER_CLIENT", 16)? as usize,
            smtp_url: var("SMTP_URL"),
            mail_from: var("MAIL_FROM").unwrap_or_else(|| DEFAULT_MAIL_FROM.into()),
            mail_poll_secs: number("MAIL_POLL_SECS", 5)?,
            reminder_poll_secs: number("REMINDER_POLL_SECS", 60)?,
            data_dir,
        })
    }

    /// Settings for a throw-away instance (tests): everything under `data_dir`, any free port.
    pub fn for_data_dir(data_dir: PathBuf, database_url: Option<String>) -> Settings {
        Settings {
            database_url: database_url
                .unwrap_or_else(|| data_dir.join("pcp-desk.db").to_string_lossy().into_owned()),
            bind: "127.0.0.1:0".into(),
            public_url: None,
            secure_cookies: false,
            login_burst: 10,
            login_refill_secs: 6,
            session_hours: 12,
            max_document_bytes: 50 * 1024 * 1024,
            ocid_prefix: DEFAULT_OCID_PREFIX.into(),
            audit_key_file: data_dir.join("audit-signing.key"),
            upload_stall_secs: 60,
            uploads_per_client: 16,
            smtp_url: None,
            mail_from: DEFAULT_MAIL_FROM.into(),
            mail_poll_secs: 0,
            reminder_poll_secs: 0,
            data_dir,
        }
    }
}
