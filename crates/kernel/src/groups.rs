//! Groups: organisations, collectives, campaign teams — with roles.

use crate::errors::FieldError;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupKind {
    CommunityGroup,
    Charity,
    SocialEnterprise,
    PublicBody,
    Business,
    Informal,
}

impl GroupKind {
    pub const ALL: [GroupKind; 6] = [
        GroupKind::CommunityGroup,
        GroupKind::Charity,
        GroupKind::SocialEnterprise,
        GroupKind::PublicBody,
        GroupKind::Business,
        GroupKind::Informal,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            GroupKind::CommunityGroup => "community_group",
            GroupKind::Charity => "charity",
            GroupKind::SocialEnterprise => "social_enterprise",
            GroupKind::PublicBody => "public_body",
            GroupKind::Business => "business",
            GroupKind::Informal => "informal",
        }
    }

    pub fn parse(field: &'static str, s: &str) -> Result<Self, FieldError> {
        GroupKind::ALL.into_iter().find(|k| k.as_str() == s.trim()).ok_or(FieldError::new(field, "group-kind-invalid"))
    }
}

/// A person's role in a group. Ordered: Member < Admin < Owner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Member,
    Admin,
    Owner,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Member, Role::Admin, Role::Owner];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Member => "member",
            Role::Admin => "admin",
            Role::Owner => "owner",
        }
    }

    pub fn parse(field: &'static str, s: &str) -> Result<Self, FieldError> {
        Role::ALL.into_iter().find(|r| r.as_str() == s.trim()).ok_or(FieldError::new(field, "role-invalid"))
    }
}

/// How people come to be members of a group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JoinPolicy {
    /// Anyone signed in may join at once.
    Open,
    /// People ask; an owner or admin approves.
    Approval,
    /// Only by invitation link.
    InviteOnly,
}

impl JoinPolicy {
    pub const ALL: [JoinPolicy; 3] = [JoinPolicy::Open, JoinPolicy::Approval, JoinPolicy::InviteOnly];

    pub fn as_str(self) -> &'static str {
        match self {
            JoinPolicy::Open => "open",
            JoinPolicy::Approval => "approval",
            JoinPolicy::InviteOnly => "invite_only",
        }
    }

    pub fn parse(field: &'static str, s: &str) -> Result<Self, FieldError> {
        JoinPolicy::ALL
            .into_iter()
            .find(|p| p.as_str() == s.trim())
            .ok_or(FieldError::new(field, "join-policy-invalid"))
    }
}
