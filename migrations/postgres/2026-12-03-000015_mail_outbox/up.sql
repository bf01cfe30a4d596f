-- The e-mail (PEC) copy of each communication, sent by the outbox worker: attempts with their
-- last error and the next try, a claim so that two workers never send the same message, and the
-- time the SMTP server accepted it. The attachment is rendered once, at the first attempt, so that
-- every retry sends the same bytes.
CREATE TABLE mail_outbox (
    id TEXT PRIMARY KEY NOT NULL,
    communication_id TEXT NOT NULL REFERENCES communications(id),
    to_address TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    attempts INTEGER NOT NULL,
    next_attempt_at TIMESTAMP NOT NULL,
    claimed_until TIMESTAMP,
    sent_at TIMESTAMP,
    last_error TEXT,
    attachment_name TEXT,
    attachment BYTEA,
    attachment_sha256 TEXT
);
CREATE INDEX mail_outbox_pending ON mail_outbox(sent_at, next_attempt_at);
CREATE INDEX mail_outbox_communication ON mail_outbox(communication_id);
