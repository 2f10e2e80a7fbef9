//! The `plural` command: run a node, create one, seed a demo, migrate,
//! back up, manage people. The node itself lives in `plural-web`,
//! `plural-store` and `plural-kernel`; this crate only wires them up.

pub mod blueprint_cli;
pub mod cli;
pub mod demo;
pub mod demo_blueprints;
pub mod demo_campaigns;
pub mod demo_circles;
pub mod demo_digest;
pub mod demo_directory;
pub mod demo_events;
pub mod demo_federation;
pub mod demo_insight;
pub mod demo_mutual_aid;
pub mod demo_notices;
pub mod demo_openactive;
pub mod demo_opportunities;
pub mod demo_rules;
pub mod demo_surveys;
pub mod demo_voice;
pub mod export;
pub mod settings;
pub mod setup;

/// `plural import hsds` lives in the web crate so the admin pages can run it too.
pub use plural_web::imports::hsds as import_hsds;
