ALTER TABLE dialogue_consents DROP COLUMN message_id;
ALTER TABLE dialogue_messages DROP COLUMN quote_consent_id;
ALTER TABLE dialogue_messages DROP COLUMN quotes;
