DROP TABLE held_files;
