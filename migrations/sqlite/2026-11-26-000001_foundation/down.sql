DROP TABLE audit_events; DROP TABLE documents; DROP TABLE criteria; DROP TABLE phases; DROP TABLE calls; DROP TABLE sessions; DROP TABLE users; DROP TABLE organisations; DROP TABLE authorities;
