-- Where eForms carries them: the call's CIG (ANAC) and the NUTS code of the place of performance.
ALTER TABLE calls ADD COLUMN cig TEXT;
ALTER TABLE calls ADD COLUMN nuts TEXT;
