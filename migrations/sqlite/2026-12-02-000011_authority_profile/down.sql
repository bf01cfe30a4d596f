ALTER TABLE calls DROP COLUMN eu_funded;
ALTER TABLE authorities DROP COLUMN profile;
