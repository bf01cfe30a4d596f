ALTER TABLE clarifications DROP COLUMN private;
DROP TABLE dialogue_closings;
DROP TABLE dialogue_consents;
DROP TABLE dialogue_sessions;
DROP TABLE dialogue_files;
DROP TABLE dialogue_messages;
