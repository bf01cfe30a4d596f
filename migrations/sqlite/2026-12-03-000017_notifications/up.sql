-- Notices people expect, each to one person: a new call matching a CPV subscription, reminders
-- before a deadline, an evaluator's appointment and the opening of proposals. `once_key` makes
-- each notice happen once however often the job that creates it runs.
CREATE TABLE notifications (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL,
    call_id TEXT REFERENCES calls(id),
    subject_it TEXT NOT NULL,
    body_it TEXT NOT NULL,
    subject_en TEXT NOT NULL,
    body_en TEXT NOT NULL,
    link TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    read_at TIMESTAMP,
    once_key TEXT NOT NULL UNIQUE
);
CREATE INDEX notifications_user ON notifications(user_id);

-- The kinds of notice a person turned off.
CREATE TABLE notification_opt_outs (
    user_id TEXT NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL,
    PRIMARY KEY (user_id, kind)
);

-- CPV codes or their first digits a person follows: a new call with a code under one is notified.
CREATE TABLE cpv_subscriptions (
    user_id TEXT NOT NULL REFERENCES users(id),
    prefix TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, prefix)
);

-- The outbox sends notifications by e-mail too (SQLite changes a column by rebuilding the table).
CREATE TABLE mail_outbox_new (
    id TEXT PRIMARY KEY NOT NULL,
    communication_id TEXT REFERENCES communications(id),
    to_address TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    attempts INTEGER NOT NULL,
    next_attempt_at TIMESTAMP NOT NULL,
    claimed_until TIMESTAMP,
    sent_at TIMESTAMP,
    last_error TEXT,
    attachment_name TEXT,
    attachment BLOB,
    attachment_sha256 TEXT,
    notification_id TEXT REFERENCES notifications(id)
);
INSERT INTO mail_outbox_new (id, communication_id, to_address, created_at, attempts,
    next_attempt_at, claimed_until, sent_at, last_error, attachment_name, attachment,
    attachment_sha256)
SELECT id, communication_id, to_address, created_at, attempts, next_attempt_at, claimed_until,
    sent_at, last_error, attachment_name, attachment, attachment_sha256 FROM mail_outbox;
DROP TABLE mail_outbox;
ALTER TABLE mail_outbox_new RENAME TO mail_outbox;
CREATE INDEX mail_outbox_pending ON mail_outbox(sent_at, next_attempt_at);
CREATE INDEX mail_outbox_communication ON mail_outbox(communication_id);
