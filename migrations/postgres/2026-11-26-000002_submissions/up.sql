ALTER TABLE phases ADD COLUMN accepted_types TEXT NOT NULL DEFAULT '';
ALTER TABLE phases ADD COLUMN max_file_mb INTEGER;
ALTER TABLE phases ADD COLUMN max_total_mb INTEGER;
ALTER TABLE phases ADD COLUMN opened_at TIMESTAMP;

-- Which organisations may submit in a phase after the entry one (the funnel).
CREATE TABLE admissions (
    phase_id TEXT NOT NULL REFERENCES phases(id),
    organisation_id TEXT NOT NULL REFERENCES organisations(id),
    admitted_at TIMESTAMP NOT NULL,
    PRIMARY KEY (phase_id, organisation_id)
);

CREATE TABLE proposals (
    id TEXT PRIMARY KEY NOT NULL,
    call_id TEXT NOT NULL REFERENCES calls(id),
    phase_id TEXT NOT NULL REFERENCES phases(id),
    organisation_id TEXT NOT NULL REFERENCES organisations(id),
    submitted_by TEXT NOT NULL REFERENCES users(id),
    status TEXT NOT NULL,
    receipt_number TEXT NOT NULL UNIQUE,
    received_at TIMESTAMP NOT NULL,
    price_cents BIGINT,
    total_bytes BIGINT NOT NULL,
    supersedes TEXT REFERENCES proposals(id),
    closed_at TIMESTAMP
);
CREATE INDEX proposals_phase ON proposals(phase_id, status);
CREATE INDEX proposals_organisation ON proposals(organisation_id);
CREATE UNIQUE INDEX proposals_one_active ON proposals(phase_id, organisation_id) WHERE status = 'submitted';

CREATE TABLE proposal_files (
    id TEXT PRIMARY KEY NOT NULL,
    proposal_id TEXT NOT NULL REFERENCES proposals(id),
    envelope TEXT NOT NULL,
    position INTEGER NOT NULL,
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    sha256 TEXT NOT NULL
);
CREATE INDEX proposal_files_proposal ON proposal_files(proposal_id);
CREATE INDEX proposal_files_sha ON proposal_files(sha256);

CREATE TABLE clarifications (
    id TEXT PRIMARY KEY NOT NULL,
    call_id TEXT NOT NULL REFERENCES calls(id),
    organisation_id TEXT NOT NULL REFERENCES organisations(id),
    asked_by TEXT NOT NULL REFERENCES users(id),
    question TEXT NOT NULL,
    asked_at TIMESTAMP NOT NULL,
    answer TEXT,
    answered_by TEXT REFERENCES users(id),
    answered_at TIMESTAMP
);
CREATE INDEX clarifications_call ON clarifications(call_id, asked_at);

CREATE TABLE addenda (
    id TEXT PRIMARY KEY NOT NULL,
    call_id TEXT NOT NULL REFERENCES calls(id),
    number INTEGER NOT NULL,
    body TEXT NOT NULL,
    published_by TEXT NOT NULL REFERENCES users(id),
    published_at TIMESTAMP NOT NULL,
    UNIQUE (call_id, number)
);

ALTER TABLE documents ADD COLUMN addendum_id TEXT REFERENCES addenda(id);

CREATE TABLE proposal_confirmations (
    proposal_id TEXT NOT NULL REFERENCES proposals(id),
    addendum_id TEXT NOT NULL REFERENCES addenda(id),
    confirmed_by TEXT NOT NULL REFERENCES users(id),
    confirmed_at TIMESTAMP NOT NULL,
    PRIMARY KEY (proposal_id, addendum_id)
);
