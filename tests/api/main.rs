//! Black-box tests: each starts the real application on a free port with a fresh database
//! (SQLite file, or PostgreSQL when PCP_DESK_TEST_POSTGRES_URL is set) and talks HTTP to it.

mod api_contract;
mod audit;
mod auth;
mod backup_drill;
mod board_api;
mod browser;
mod calls;
mod consensus_form;
mod contracts;
mod demo;
mod documents;
mod drills;
mod eforms;
mod eforms_shapes;
mod evaluation;
mod evaluation_pages;
mod held_files;
mod helpers;
mod hostile_input;
mod invitations;
mod italian;
mod live;
mod open_data;
mod pages;
mod phone;
mod procedure;
mod ranking_properties;
mod records;
mod reference;
mod roles;
mod sealed_envelopes;
mod submissions;
mod supplier_pages;
mod whole_dialogue;
mod whole_pcp;
