CREATE TABLE mail_outbox_old (
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
    attachment BLOB,
    attachment_sha256 TEXT
);
INSERT INTO mail_outbox_old SELECT id, communication_id, to_address, created_at, attempts,
    next_attempt_at, claimed_until, sent_at, last_error, attachment_name, attachment,
    attachment_sha256 FROM mail_outbox WHERE communication_id IS NOT NULL;
DROP TABLE mail_outbox;
ALTER TABLE mail_outbox_old RENAME TO mail_outbox;
CREATE INDEX mail_outbox_pending ON mail_outbox(sent_at, next_attempt_at);
CREATE INDEX mail_outbox_communication ON mail_outbox(communication_id);
DROP TABLE cpv_subscriptions;
DROP TABLE notification_opt_outs;
DROP TABLE notifications;
