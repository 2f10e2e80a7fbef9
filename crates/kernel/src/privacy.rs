//! Privacy levels: who may see a stored field about a person.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PrivacyLevel {
    /// Anyone, including other nodes.
    Public,
    /// People signed in to this node.
    Members,
    /// Fellow members of a group the person shares.
    Group,
    /// The person alone (and nobody else, not even node admins through the UI).
    SelfOnly,
}

impl PrivacyLevel {
    /// The privacy level of each personal field the node stores. Keeping the
    /// table here means the export, the API and the pages agree.
    pub fn of_person_field(field: &str) -> PrivacyLevel {
        match field {
            "display_name" => PrivacyLevel::Public,
            "home_place" => PrivacyLevel::Members,
            "memberships" => PrivacyLevel::Group,
            _ => PrivacyLevel::SelfOnly,
        }
    }
}
