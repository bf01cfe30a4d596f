CREATE TABLE authorities (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    fiscal_code TEXT NOT NULL UNIQUE,
    address TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE organisations (
    id TEXT PRIMARY KEY NOT NULL,
    legal_name TEXT NOT NULL,
    vat_number TEXT NOT NULL,
    country TEXT NOT NULL,
    address TEXT NOT NULL,
    email TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE users (
    id TEXT PRIMARY KEY NOT NULL,
    email TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL,
    display_name TEXT NOT NULL,
    authority_id TEXT REFERENCES authorities(id),
    organisation_id TEXT REFERENCES organisations(id),
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE calls (
    id TEXT PRIMARY KEY NOT NULL,
    authority_id TEXT NOT NULL REFERENCES authorities(id),
    procedure TEXT NOT NULL,
    reference TEXT NOT NULL,
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    description TEXT NOT NULL,
    cpv_codes TEXT NOT NULL,
    budget_cents BIGINT NOT NULL,
    currency TEXT NOT NULL,
    contact TEXT NOT NULL,
    status TEXT NOT NULL,
    cancel_reason TEXT,
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    published_at TIMESTAMP,
    closed_at TIMESTAMP
);
CREATE INDEX calls_status ON calls(status, published_at);
CREATE INDEX calls_authority ON calls(authority_id);

CREATE TABLE phases (
    id TEXT PRIMARY KEY NOT NULL,
    call_id TEXT NOT NULL REFERENCES calls(id),
    position INTEGER NOT NULL,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    deadline TIMESTAMP,
    budget_cents BIGINT,
    max_contracts INTEGER,
    duration_days INTEGER,
    min_candidates INTEGER,
    standstill_days INTEGER
);
CREATE INDEX phases_call ON phases(call_id, position);

CREATE TABLE criteria (
    id TEXT PRIMARY KEY NOT NULL,
    phase_id TEXT NOT NULL REFERENCES phases(id),
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    kind TEXT NOT NULL,
    weight INTEGER NOT NULL,
    max_points INTEGER NOT NULL,
    min_threshold INTEGER
);
CREATE INDEX criteria_phase ON criteria(phase_id, position);

CREATE TABLE documents (
    id TEXT PRIMARY KEY NOT NULL,
    call_id TEXT NOT NULL REFERENCES calls(id),
    title TEXT NOT NULL,
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    uploaded_by TEXT NOT NULL REFERENCES users(id),
    uploaded_at TIMESTAMP NOT NULL
);
CREATE INDEX documents_call ON documents(call_id);

CREATE TABLE audit_events (
    seq BIGINT PRIMARY KEY NOT NULL,
    at TIMESTAMP NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    entity_type TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    before_summary TEXT NOT NULL,
    after_summary TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_entity ON audit_events(entity_type, entity_id);
