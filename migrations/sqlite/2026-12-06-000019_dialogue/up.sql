-- The dialogue of a competitive dialogue on the record (art. 30 Directive 2014/24/EU, art. 74
-- D.Lgs. 36/2023): one private channel per candidate (the call and the candidate's organisation),
-- its messages and their files, the sessions held with the candidate and their minutes, the
-- register of the candidate's consents to share its material, and the closing of the dialogue.
CREATE TABLE dialogue_messages (
    id TEXT PRIMARY KEY NOT NULL,
    call_id TEXT NOT NULL REFERENCES calls(id),
    organisation_id TEXT NOT NULL REFERENCES organisations(id),
    phase_id TEXT REFERENCES phases(id),
    reply_to TEXT REFERENCES dialogue_messages(id),
    kind TEXT NOT NULL,
    from_authority BOOLEAN NOT NULL,
    author_id TEXT NOT NULL,
    body TEXT NOT NULL,
    -- The English text of a message the platform writes (a person's message has one language).
    body_en TEXT,
    answer_by DATE,
    created_at TIMESTAMP NOT NULL,
    read_at TIMESTAMP,
    read_by TEXT REFERENCES users(id)
);
CREATE INDEX dialogue_messages_channel ON dialogue_messages(call_id, organisation_id);

CREATE TABLE dialogue_files (
    id TEXT PRIMARY KEY NOT NULL,
    message_id TEXT NOT NULL REFERENCES dialogue_messages(id),
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    uploaded_by TEXT NOT NULL REFERENCES users(id),
    uploaded_at TIMESTAMP NOT NULL,
    -- A file shared from another candidate's channel, and the consent that allowed it.
    shared_from TEXT REFERENCES dialogue_files(id),
    consent_id TEXT
);
CREATE INDEX dialogue_files_message ON dialogue_files(message_id);

CREATE TABLE dialogue_sessions (
    id TEXT PRIMARY KEY NOT NULL,
    call_id TEXT NOT NULL REFERENCES calls(id),
    organisation_id TEXT NOT NULL REFERENCES organisations(id),
    phase_id TEXT REFERENCES phases(id),
    starts_at TIMESTAMP NOT NULL,
    place TEXT NOT NULL,
    attendees TEXT NOT NULL,
    agenda TEXT NOT NULL,
    minutes TEXT NOT NULL,
    status TEXT NOT NULL,
    approved_at TIMESTAMP,
    approved_by TEXT REFERENCES users(id),
    minutes_sha256 TEXT,
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX dialogue_sessions_channel ON dialogue_sessions(call_id, organisation_id);

CREATE TABLE dialogue_consents (
    id TEXT PRIMARY KEY NOT NULL,
    call_id TEXT NOT NULL REFERENCES calls(id),
    organisation_id TEXT NOT NULL REFERENCES organisations(id),
    subject TEXT NOT NULL,
    file_id TEXT REFERENCES dialogue_files(id),
    shared_with TEXT REFERENCES organisations(id),
    purpose TEXT NOT NULL,
    status TEXT NOT NULL,
    requested_by TEXT NOT NULL REFERENCES users(id),
    requested_at TIMESTAMP NOT NULL,
    answered_by TEXT REFERENCES users(id),
    answered_at TIMESTAMP
);
CREATE INDEX dialogue_consents_call ON dialogue_consents(call_id);

CREATE TABLE dialogue_closings (
    call_id TEXT PRIMARY KEY NOT NULL REFERENCES calls(id),
    text TEXT NOT NULL,
    concluded_by TEXT NOT NULL REFERENCES users(id),
    concluded_at TIMESTAMP NOT NULL
);

-- A question about a candidate's own solution is answered in its channel, not published.
ALTER TABLE clarifications ADD COLUMN private BOOLEAN NOT NULL DEFAULT FALSE;
