ALTER TABLE organisations DROP COLUMN profile;
