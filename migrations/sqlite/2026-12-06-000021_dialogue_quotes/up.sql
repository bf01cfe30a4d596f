-- A message may quote another; quoting another candidate's message needs its consent, which may
-- cover one of its messages as well as one of its files.
ALTER TABLE dialogue_messages ADD COLUMN quotes TEXT REFERENCES dialogue_messages(id);
ALTER TABLE dialogue_messages ADD COLUMN quote_consent_id TEXT;
ALTER TABLE dialogue_consents ADD COLUMN message_id TEXT REFERENCES dialogue_messages(id);
