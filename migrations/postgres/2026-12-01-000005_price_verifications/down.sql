DROP TABLE price_verifications;
