DROP TABLE challenge_files;
