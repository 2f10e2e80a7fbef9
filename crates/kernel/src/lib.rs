//! Plural's kernel: the domain types every module shares.
//!
//! Invariant: the kernel knows nothing about HTTP, SQL or ActivityPub. It is
//! pure code — values are parsed once at the edge (`parse` constructors) and
//! trusted everywhere inside.

pub mod authz;
pub mod blueprint_updates;
pub mod blueprints;
pub mod budgets;
pub mod campaigns;
pub mod circles;
pub mod consultations;
pub mod directory;
pub mod errors;
pub mod events;
pub mod groups;
pub mod ids;
pub mod insight;
pub mod language;
pub mod local_reports;
pub mod mutual_aid;
pub mod node_rules;
pub mod notices;
pub mod opportunities;
pub mod people;
pub mod places;
pub mod polls;
pub mod privacy;
pub mod provenance;
pub mod search;
pub mod surveys;
pub mod timebank;
pub mod voice;

pub use errors::{DomainError, FieldError, FieldErrors};
pub use ids::{EventId, GroupId, JobId, PersonId, PlaceId, TokenId};
