-- A request to participate's structured self-declaration (exclusion grounds, turnover, similar
-- services, certifications) as JSON, and the committee's check of it against each selection
-- criterion of the call.
CREATE TABLE request_declarations (
    proposal_id TEXT PRIMARY KEY NOT NULL REFERENCES proposals(id),
    declaration TEXT NOT NULL,
    saved_by TEXT NOT NULL REFERENCES users(id),
    saved_at TIMESTAMP NOT NULL
);

CREATE TABLE selection_checks (
    proposal_id TEXT NOT NULL REFERENCES proposals(id),
    criterion INTEGER NOT NULL,
    passed BOOLEAN NOT NULL,
    reason TEXT NOT NULL,
    checked_by TEXT NOT NULL REFERENCES users(id),
    checked_at TIMESTAMP NOT NULL,
    PRIMARY KEY (proposal_id, criterion)
);
