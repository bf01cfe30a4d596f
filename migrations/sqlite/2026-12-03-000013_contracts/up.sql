-- PCP after each phase's outcome: a framework agreement per supplier admitted at the first
-- phase, a specific contract per phase it reaches, its deliverables, their submissions and
-- reviews, and the payments made. A contract's status is derived from these facts.
ALTER TABLE calls ADD COLUMN ipr_exploitation_months INTEGER;

CREATE TABLE framework_agreements (
    id TEXT PRIMARY KEY NOT NULL,
    call_id TEXT NOT NULL REFERENCES calls(id),
    organisation_id TEXT NOT NULL REFERENCES organisations(id),
    created_at TIMESTAMP NOT NULL,
    signed_on DATE,
    signed_by TEXT REFERENCES users(id),
    UNIQUE (call_id, organisation_id)
);

CREATE TABLE contracts (
    id TEXT PRIMARY KEY NOT NULL,
    call_id TEXT NOT NULL REFERENCES calls(id),
    phase_id TEXT NOT NULL REFERENCES phases(id),
    organisation_id TEXT NOT NULL REFERENCES organisations(id),
    proposal_id TEXT NOT NULL REFERENCES proposals(id),
    awarded_cents BIGINT,
    amount_cents BIGINT,
    starts_on DATE,
    created_at TIMESTAMP NOT NULL,
    signed_on DATE,
    signed_by TEXT REFERENCES users(id),
    -- When the signature and the termination were recorded: the open data's releases are dated
    -- by these, the acts themselves by their days.
    signed_at TIMESTAMP,
    terminated_on DATE,
    terminated_at TIMESTAMP,
    termination_reason TEXT,
    UNIQUE (phase_id, organisation_id)
);
CREATE INDEX contracts_call ON contracts(call_id);

CREATE TABLE deliverables (
    id TEXT PRIMARY KEY NOT NULL,
    contract_id TEXT NOT NULL REFERENCES contracts(id),
    position INTEGER NOT NULL,
    title TEXT NOT NULL,
    due_on DATE NOT NULL,
    payment_cents BIGINT NOT NULL,
    UNIQUE (contract_id, position)
);

CREATE TABLE deliverable_submissions (
    id TEXT PRIMARY KEY NOT NULL,
    deliverable_id TEXT NOT NULL REFERENCES deliverables(id),
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    submitted_by TEXT NOT NULL REFERENCES users(id),
    submitted_at TIMESTAMP NOT NULL,
    review TEXT,
    review_reason TEXT,
    reviewed_by TEXT REFERENCES users(id),
    reviewed_at TIMESTAMP
);
CREATE INDEX deliverable_submissions_deliverable ON deliverable_submissions(deliverable_id);
CREATE INDEX deliverable_submissions_sha256 ON deliverable_submissions(sha256);

CREATE TABLE payments (
    id TEXT PRIMARY KEY NOT NULL,
    contract_id TEXT NOT NULL REFERENCES contracts(id),
    deliverable_id TEXT NOT NULL REFERENCES deliverables(id),
    amount_cents BIGINT NOT NULL,
    paid_on DATE NOT NULL,
    recorded_by TEXT NOT NULL REFERENCES users(id),
    recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX payments_contract ON payments(contract_id);
