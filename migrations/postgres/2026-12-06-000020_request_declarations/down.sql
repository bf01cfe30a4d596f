DROP TABLE selection_checks;
DROP TABLE request_declarations;
