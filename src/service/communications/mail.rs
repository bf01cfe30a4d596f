//! The e-mail copy of every communication (art. 29 D.Lgs. 36/2023: PEC, the operator's digital
//! domicile), sent through SMTP from an outbox that the act fills in its own transaction. A
//! worker claims each due message, sends it and records the SMTP server's acceptance; a refused
//! or failed send is tried again later (`domain::communication::retry_after`) and shown to the
//! officer. The outbox is in the database, so a restart loses nothing and a sent message is never
//! sent again; every message carries a Message-ID made from its outbox id.

use std::sync::{Arc, Weak};

use chrono::{DateTime, Duration, Utc};
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::{Message, SmtpTransport, Transport};
use serde::Serialize;
use utoipa::ToSchema;

use crate::db::mail_outbox::MailRow;
use crate::db::{self, DbConnection, Pool};
use crate::domain::communication::{self as rules, CommunicationKind, MailStatus};
use crate::domain::lang::Lang;
use crate::error::AppError;
use crate::web::Clock;

/// Queues the e-mail copy of communication `communication_id` to its organisation's address.
pub(super) fn enqueue(
    conn: &mut DbConnection,
    communication_id: &str,
    organisation_id: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let Some(address) = db::accounts::find_organisation(conn, organisation_id)?
        .map(|o| o.email)
        .filter(|a| !a.trim().is_empty())
    else {
        return Ok(());
    };
    queue(conn, (Some(communication_id), None), address, now)
}

/// Queues the e-mail copy of notification `notification_id` to `address`.
pub(crate) fn enqueue_notification(
    conn: &mut DbConnection,
    notification_id: &str,
    address: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    if address.trim().is_empty() {
        return Ok(());
    }
    queue(
        conn,
        (None, Some(notification_id)),
        address.to_string(),
        now,
    )
}

fn queue(
    conn: &mut DbConnection,
    (communication_id, notification_id): (Option<&str>, Option<&str>),
    address: String,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    db::mail_outbox::insert(
        conn,
        &MailRow {
            id: uuid::Uuid::new_v4().to_string(),
            communication_id: communication_id.map(str::to_string),
            notification_id: notification_id.map(str::to_string),
            to_address: address,
            created_at: now.naive_utc(),
            attempts: 0,
            next_attempt_at: now.naive_utc(),
            claimed_until: None,
            sent_at: None,
            last_error: None,
            attachment_name: None,
            attachment: None,
            attachment_sha256: None,
        },
    )?;
    Ok(())
}

/// Where the e-mail copy of a communication stands, for the officer.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MailDelivery {
    pub address: String,
    pub status: MailStatus,
    pub attempts: i32,
    /// Why the last attempt failed, as the SMTP server or the connection said.
    pub last_error: Option<String>,
    pub next_attempt_at: Option<DateTime<Utc>>,
    /// When the SMTP server accepted the message.
    pub sent_at: Option<DateTime<Utc>>,
    pub attachment_name: Option<String>,
    pub attachment_sha256: Option<String>,
}

pub(super) fn deliveries(
    conn: &mut DbConnection,
    communication_id: &str,
) -> Result<Vec<MailDelivery>, AppError> {
    Ok(db::mail_outbox::of_communication(conn, communication_id)?
        .into_iter()
        .map(|r| MailDelivery {
            status: rules::mail_status(r.sent_at.is_some(), r.last_error.is_some()),
            address: r.to_address,
            attempts: r.attempts,
            next_attempt_at: r.sent_at.is_none().then(|| r.next_attempt_at.and_utc()),
            sent_at: r.sent_at.map(|t| t.and_utc()),
            last_error: r.last_error,
            attachment_name: r.attachment_name,
            attachment_sha256: r.attachment_sha256,
        })
        .collect())
}

/// What a message says, in Italian and English, and where to read it on the platform.
struct Source {
    it: (String, String),
    en: (String, String),
    link: String,
}

impl From<((String, String), (String, String), String)> for Source {
    fn from((it, en, link): ((String, String), (String, String), String)) -> Source {
        Source { it, en, link }
    }
}

/// What one pass of the outbox did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Pass {
    pub sent: usize,
    pub failed: usize,
}

/// Sends the outbox through one SMTP server (`PCP_DESK_SMTP_URL`).
pub struct Mailer {
    pool: Pool,
    transport: SmtpTransport,
    from: Mailbox,
    clock: Clock,
    public_base: String,
}

/// Messages one pass takes at most, so that a long queue never holds a connection for long.
const PASS_LIMIT: i64 = 200;

impl Mailer {
    /// `url` as lettre reads it: `smtp://host:port` (no TLS), `smtp://host?tls=required`
    /// (STARTTLS), `smtps://user:password@host` (TLS).
    pub fn new(
        pool: Pool,
        url: &str,
        from: &str,
        clock: Clock,
        public_base: String,
    ) -> anyhow::Result<Mailer> {
        let transport = SmtpTransport::from_url(url)
            .map_err(|e| anyhow::anyhow!("PCP_DESK_SMTP_URL is not usable: {e}"))?
            .timeout(Some(std::time::Duration::from_secs(60)))
            .build();
        let from = from
            .parse()
            .map_err(|e| anyhow::anyhow!("PCP_DESK_MAIL_FROM {from:?} is not an address: {e}"))?;
        Ok(Mailer {
            pool,
            transport,
            from,
            clock,
            public_base,
        })
    }

    fn now(&self) -> DateTime<Utc> {
        crate::domain::time::truncate_to_micros((self.clock)())
    }

    /// Sends every message due now, each once; blocking (SMTP and the database).
    pub fn run_once(&self) -> Result<Pass, AppError> {
        let mut conn = self.pool.get()?;
        let mut pass = Pass::default();
        for id in db::mail_outbox::due(&mut conn, self.now().naive_utc(), PASS_LIMIT)? {
            // Each claim's lease counts from its own start: a long pass never claims with a
            // lease that has already run out.
            let now = self.now();
            let until = now + Duration::minutes(rules::MAIL_CLAIM_MINUTES);
            if !db::mail_outbox::claim(&mut conn, &id, now.naive_utc(), until.naive_utc())? {
                continue;
            }
            match self.send(&mut conn, &id) {
                Ok(row) => {
                    self.record(&mut conn, &row, None)?;
                    pass.sent += 1;
                }
                Err(error) => {
                    let row = db::mail_outbox::find(&mut conn, &id)?.ok_or(AppError::NotFound)?;
                    self.record(&mut conn, &row, Some(&error))?;
                    pass.failed += 1;
                }
            }
        }
        Ok(pass)
    }

    /// Sends the outbox every `every` on a thread of its own, until the application is gone.
    pub fn start(self: Arc<Self>, every: std::time::Duration) -> std::io::Result<()> {
        let weak: Weak<Mailer> = Arc::downgrade(&self);
        drop(self);
        std::thread::Builder::new()
            .name("mail-outbox".into())
            .spawn(move || {
                while let Some(mailer) = weak.upgrade() {
                    if let Err(e) = mailer.run_once() {
                        tracing::warn!(error = %e, "the mail outbox could not be read");
                    }
                    drop(mailer);
                    std::thread::sleep(every);
                }
            })
            .map(|_| ())
    }

    /// One attempt: the message as it will always be (attachment rendered once), handed to SMTP.
    fn send(&self, conn: &mut DbConnection, id: &str) -> Result<MailRow, String> {
        let row = db::mail_outbox::find(conn, id)
            .map_err(|e| e.to_string())?
            .ok_or("the message is gone")?;
        let (row, source) = match (&row.communication_id, &row.notification_id) {
            (Some(cid), _) => {
                let c = db::communications::find(conn, cid)
                    .map_err(|e| e.to_string())?
                    .ok_or("the communication is gone")?;
                let row = self.with_attachment(conn, row, &c)?;
                let link = format!("/communications/{}", c.id);
                (
                    row,
                    Source::from(((c.subject_it, c.body_it), (c.subject_en, c.body_en), link)),
                )
            }
            (None, Some(nid)) => {
                let n = db::notifications::find(conn, nid)
                    .map_err(|e| e.to_string())?
                    .ok_or("the notification is gone")?;
                (
                    row,
                    Source::from(((n.subject_it, n.body_it), (n.subject_en, n.body_en), n.link)),
                )
            }
            (None, None) => return Err("the message has no content".into()),
        };
        let message = self.message(&row, &source)?;
        self.transport
            .send(&message)
            .map_err(|e| format!("SMTP: {e}"))?;
        Ok(row)
    }

    /// The outcome PDF for a communication of an outcome, rendered at the first attempt.
    fn with_attachment(
        &self,
        conn: &mut DbConnection,
        row: MailRow,
        communication: &db::communications::CommunicationRow,
    ) -> Result<MailRow, String> {
        let kind = CommunicationKind::parse(&communication.kind);
        let phase = match (&communication.phase_id, kind) {
            (Some(phase), Some(kind)) if rules::attaches_outcome(kind) => phase,
            _ => return Ok(row),
        };
        if row.attachment.is_some() {
            return Ok(row);
        }
        let pdf = crate::service::documents::evaluation_pdf(
            conn,
            None,
            phase,
            true,
            Lang::It,
            &self.public_base,
            self.now(),
        )
        .map_err(|e| format!("the outcome PDF: {e}"))?;
        db::mail_outbox::set_attachment(conn, &row.id, &pdf.file_name, &pdf.bytes, &pdf.sha256)
            .map_err(|e| e.to_string())?;
        Ok(MailRow {
            attachment_name: Some(pdf.file_name),
            attachment: Some(pdf.bytes),
            attachment_sha256: Some(pdf.sha256),
            ..row
        })
    }

    fn message(&self, row: &MailRow, source: &Source) -> Result<Message, String> {
        let to: Mailbox = row
            .to_address
            .parse()
            .map_err(|e| format!("the address {:?}: {e}", row.to_address))?;
        let text = crate::i18n::communications::mail_text(
            (&source.it.0, &source.it.1),
            (&source.en.0, &source.en.1),
            &format!("{}{}", self.public_base, source.link),
            row.attachment_name
                .as_deref()
                .zip(row.attachment_sha256.as_deref()),
            &self.public_base,
        );
        let builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(&source.it.0)
            .message_id(Some(format!("<{}@pcp-desk>", row.id)));
        let body = SinglePart::plain(text);
        let built = match (&row.attachment, &row.attachment_name) {
            (Some(bytes), Some(name)) => {
                let pdf = ContentType::parse("application/pdf").map_err(|e| e.to_string())?;
                builder.multipart(
                    MultiPart::mixed()
                        .singlepart(body)
                        .singlepart(Attachment::new(name.clone()).body(bytes.clone(), pdf)),
                )
            }
            _ => builder.singlepart(body),
        };
        built.map_err(|e| e.to_string())
    }

    /// The attempt's result, with its audit event, in one transaction.
    fn record(
        &self,
        conn: &mut DbConnection,
        row: &MailRow,
        error: Option<&str>,
    ) -> Result<(), AppError> {
        let now = self.now();
        db::write_tx(conn, |conn| {
            let action = match error {
                None => {
                    db::mail_outbox::mark_sent(conn, &row.id, now.naive_utc())?;
                    "communication.emailed"
                }
                Some(error) => {
                    let next = now + rules::retry_after(row.attempts);
                    db::mail_outbox::mark_failed(conn, &row.id, error, next.naive_utc())?;
                    "communication.email_failed"
                }
            };
            let after = format!(
                "to={};attempt={};attachment_sha256={};error={}",
                row.to_address,
                row.attempts,
                row.attachment_sha256.as_deref().unwrap_or(""),
                error.unwrap_or("")
            );
            let entity = match (&row.communication_id, &row.notification_id) {
                (Some(id), _) => ("communication", id.as_str()),
                (None, Some(id)) => ("notification", id.as_str()),
                (None, None) => ("mail", row.id.as_str()),
            };
            super::audit(conn, &super::notify::system(), action, entity, after, now)
        })
    }
}
