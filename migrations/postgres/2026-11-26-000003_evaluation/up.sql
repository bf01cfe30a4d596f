ALTER TABLE calls ADD COLUMN committee_max INTEGER NOT NULL DEFAULT 3;

ALTER TABLE phases ADD COLUMN anonymised INTEGER NOT NULL DEFAULT 1;
ALTER TABLE phases ADD COLUMN consensus_rule TEXT NOT NULL DEFAULT 'chair_records';
ALTER TABLE phases ADD COLUMN price_formula TEXT NOT NULL DEFAULT 'proportional';
ALTER TABLE phases ADD COLUMN min_quality INTEGER;
ALTER TABLE phases ADD COLUMN opened_by TEXT;
ALTER TABLE phases ADD COLUMN technical_final_at TIMESTAMP;
ALTER TABLE phases ADD COLUMN decided_at TIMESTAMP;
ALTER TABLE phases ADD COLUMN decided_by TEXT;
ALTER TABLE phases ADD COLUMN decision_text TEXT;

CREATE TABLE committee_members (
    id TEXT PRIMARY KEY NOT NULL,
    phase_id TEXT NOT NULL REFERENCES phases(id),
    user_id TEXT NOT NULL REFERENCES users(id),
    is_chair INTEGER NOT NULL,
    appointed_at TIMESTAMP NOT NULL,
    appointed_by TEXT NOT NULL REFERENCES users(id),
    declared_at TIMESTAMP,
    has_conflict INTEGER,
    declaration TEXT,
    scores_submitted_at TIMESTAMP,
    replaced_at TIMESTAMP
);
CREATE INDEX committee_phase ON committee_members(phase_id);

CREATE TABLE scores (
    phase_id TEXT NOT NULL REFERENCES phases(id),
    proposal_id TEXT NOT NULL REFERENCES proposals(id),
    member_id TEXT NOT NULL REFERENCES committee_members(id),
    criterion INTEGER NOT NULL,
    points TEXT NOT NULL,
    justification TEXT NOT NULL,
    saved_at TIMESTAMP NOT NULL,
    PRIMARY KEY (phase_id, proposal_id, member_id, criterion)
);

CREATE TABLE consensus_scores (
    phase_id TEXT NOT NULL REFERENCES phases(id),
    proposal_id TEXT NOT NULL REFERENCES proposals(id),
    criterion INTEGER NOT NULL,
    points TEXT NOT NULL,
    reason TEXT NOT NULL,
    recorded_by TEXT NOT NULL REFERENCES users(id),
    recorded_at TIMESTAMP NOT NULL,
    PRIMARY KEY (phase_id, proposal_id, criterion)
);

CREATE TABLE phase_results (
    phase_id TEXT NOT NULL REFERENCES phases(id),
    proposal_id TEXT NOT NULL REFERENCES proposals(id),
    position INTEGER NOT NULL,
    result TEXT NOT NULL,
    PRIMARY KEY (phase_id, proposal_id)
);
