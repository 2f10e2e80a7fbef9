//! Integration tests: each starts a real node on a free port and drives it
//! over HTTP. Tests written with `both_engines!` run on SQLite and, when
//! `PLURAL_TEST_POSTGRES_URL` is set, on PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]

// Shared test utilities; not every test binary state uses each one.
#[allow(dead_code)]
mod helpers;
mod smtp;

mod account;
mod admin;
mod admin_imports;
mod auth;
mod authz_matrix;
mod authz_writes;
mod backup;
mod blueprint_updates;
mod blueprints;
mod budgets;
mod campaigns;
mod circles;
mod consultations;
mod crash;
mod digest;
mod directory;
mod events;
mod federation;
mod groups;
mod hardening;
mod import;
mod insight;
mod ledger_load;
mod local_reports;
mod multiprocess;
mod mutual_aid;
mod network;
mod notices;
mod openactive;
mod opportunities;
mod ops;
mod place_home;
mod places;
mod polls;
mod posters;
mod publishing;
#[allow(dead_code)]
mod remote;
mod rules;
mod schemathesis;
mod search;
mod soak;
mod surveys;
mod timebank;
mod upgrade;
mod voice;
mod write_load;
