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

-- The outbox sends notifications by e-mail too.
ALTER TABLE mail_outbox ALTER COLUMN communication_id DROP NOT NULL;
ALTER TABLE mail_outbox ADD COLUMN notification_id TEXT REFERENCES notifications(id);
