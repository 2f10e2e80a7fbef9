//! Permissions in one place.
//!
//! Every "may this person do this to this thing?" question is answered by
//! [`decide`]. Handlers gather the facts (who is asking, their role in the
//! group, …), build an [`Action`] and ask; they never decide themselves.
//! A module that adds a capability adds its actions here.

use crate::errors::DomainError;
use crate::groups::{JoinPolicy, Role};
use crate::ids::PersonId;

/// Who is asking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    Anonymous,
    Person { id: PersonId, node_admin: bool, disabled: bool },
}

impl Actor {
    pub fn person_id(&self) -> Option<PersonId> {
        match self {
            Actor::Person { id, .. } => Some(*id),
            Actor::Anonymous => None,
        }
    }
}

/// What they want to do, with the facts the decision needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    // The node.
    CreatePlace,
    EditPlace,
    ManagePeople,
    /// Import services and events from files and calendar subscriptions (node admins).
    RunImports,
    /// Publish blueprints as this node, install blueprints from elsewhere (node admins).
    ManageBlueprints,
    // Managing people; `admins` counts the active node admins.
    SetNodeAdmin {
        grant: bool,
        is_self: bool,
        admins: usize,
    },
    SetDisabled {
        is_self: bool,
    },
    VerifyPublicBody,
    // A person's own account.
    EditOwnAccount,
    // Groups. `role` is the actor's role in the group, if any.
    CreateGroup,
    EditGroup {
        role: Option<Role>,
    },
    ViewMembers {
        role: Option<Role>,
    },
    Join {
        policy: JoinPolicy,
        role: Option<Role>,
        invited: bool,
    },
    DecideJoinRequests {
        role: Option<Role>,
    },
    CreateInvitation {
        role: Option<Role>,
        invite_role: Role,
    },
    ChangeRole {
        role: Option<Role>,
        target_role: Role,
        new_role: Role,
        is_self: bool,
    },
    RemoveMember {
        role: Option<Role>,
        target_role: Role,
        is_self: bool,
    },
    Leave {
        role: Option<Role>,
        owners: usize,
    },
    // Reading and answering volunteers' messages: the group's admins and owners
    // only, not node admins, since these are private between volunteer and group.
    ViewOpportunityResponses {
        role: Option<Role>,
    },
    // Who said they are coming to an event: the organising group's admins
    // and owners only, not node admins — an RSVP list is personal data.
    ViewRsvps {
        role: Option<Role>,
    },
    // What a group publishes (events, services, volunteering opportunities):
    // drafting, publishing, editing, cancelling, seeing who said they are coming.
    ManageGroupContent {
        role: Option<Role>,
    },
    // Saying "I'm going" to an event: any signed-in person.
    Rsvp,
    // Campaigns. Running one (creating, editing, stages, updates, linking
    // events, seeing who pledged) is the group's admins and owners, and node
    // admins to take down what breaks the node's rules; a draft is seen by
    // nobody else. Signing, pledging and following: any signed-in person.
    RunCampaign {
        role: Option<Role>,
    },
    SupportCampaign,
    // Savings circles. Only members ever see a circle — node admins
    // included — and a refusal to look is "not found", so that refusing
    // does not tell an outsider the circle exists.
    CreateCircle,
    ViewCircle {
        member: bool,
    },
    /// Invitations, starting, co-organisers, new cycles, winding up.
    OrganiseCircle {
        organiser: bool,
    },
    // Mutual aid. Posting and responding: any signed-in person, but never
    // between two people when either has blocked the other.
    PostMutualAid,
    RespondToAid {
        is_author: bool,
        blocked: bool,
    },
    /// A conversation is for its two people only; anyone else is told it
    /// does not exist.
    ViewAidConversation {
        party: bool,
    },
    /// Closing one's own post.
    ManageAidPost {
        is_author: bool,
    },
    /// The moderation queue of a place: its stewards and node admins.
    ModerateAid {
        steward: bool,
    },
    /// Naming a place's stewards: node admins.
    AppointStewards,
    // Federation.
    /// Making a place follow (or stop following) a remote place or group:
    /// the place's stewards and node admins.
    ManagePlaceFederation {
        steward: bool,
    },
    /// Blocking other nodes' domains (defederation): node admins.
    BlockDomains,
    /// Proposing a change to a node rule, decided by a poll: anyone whose
    /// home is a place on this node.
    ProposeRuleChange {
        member: bool,
    },
    // Community voice. Proposing, supporting, commenting and following: any
    // signed-in person.
    Propose,
    /// Changing or publishing a draft: its author only.
    EditProposal {
        is_author: bool,
    },
    /// An official answer or progress update: a verified public body's
    /// admins and owners (`body_role` is the actor's role in the answering
    /// group), or a steward of the proposal's place. Node admins answer only
    /// if they are one of these: an answer speaks for a body.
    AnswerProposal {
        steward: bool,
        body_role: Option<Role>,
        body_verified: bool,
        /// The body's place is the proposal's place or contains it.
        body_here: bool,
    },
    /// Reported comments on proposals in a place: its stewards and node admins.
    ModerateVoice {
        steward: bool,
    },
    /// Opening a poll: for a whole place, its stewards and node admins; for
    /// a group's members, the group's admins and owners.
    CreatePoll {
        for_group: bool,
        steward: bool,
        group_role: Option<Role>,
    },
    /// Opening a participatory budget for a place, moving it through its
    /// stages and reviewing its projects: the place's stewards and node admins.
    ManageBudget {
        steward: bool,
    },
    /// Opening a consultation and publishing the response to it: the admins
    /// and owners of a verified public body.
    RunConsultation {
        body_role: Option<Role>,
        body_verified: bool,
    },
    /// Defining and publishing an insight release over a dataset: a
    /// steward of its place, or the admins and owners of the verified public
    /// body that owns it (a consultation's body). Node admins only if they
    /// are one of these: a release speaks for whoever publishes it.
    DefineRelease {
        steward: bool,
        body_role: Option<Role>,
        body_verified: bool,
    },
    /// Running a survey: for a group, its admins and owners; for a place
    /// itself, its stewards and node admins.
    RunSurvey {
        for_group: bool,
        steward: bool,
        group_role: Option<Role>,
    },
    /// Posting, editing or deleting a notice: for a group, those who publish
    /// for it (its admins and owners, and node admins, as for events); for a
    /// whole place, its stewards and node admins.
    PublishNotice {
        for_group: bool,
        steward: bool,
        group_role: Option<Role>,
    },
    /// Reporting a local issue or confirming one ("me too"): anyone signed in.
    ReportLocalIssue,
    /// Setting a local report's status: the place's stewards and node admins.
    SetLocalReportStatus {
        steward: bool,
    },
    /// Voting: people whose home is in the poll's place, or the group's
    /// members. The vote itself is once per person (the database holds that).
    Vote {
        eligible: bool,
    },
    /// Confirming or disputing that a member paid into a round: the round's
    /// recipient or an organiser, never the payer themselves.
    ConfirmContribution {
        payer: bool,
        recipient: bool,
        organiser: bool,
    },
}

/// Why not. The code is stable on the wire (`forbidden` problem `reason`).
pub type Denied = DomainError;

fn deny(code: &'static str) -> Result<(), Denied> {
    Err(DomainError::Forbidden(code))
}

/// The single authority on permissions.
pub fn decide(actor: &Actor, action: &Action) -> Result<(), Denied> {
    let (node_admin, disabled) = match actor {
        Actor::Anonymous => return Err(DomainError::Unauthenticated),
        Actor::Person { node_admin, disabled, .. } => (*node_admin, *disabled),
    };
    if disabled {
        return deny("account-disabled");
    }
    let at_least = |role: Option<Role>, min: Role| role.is_some_and(|r| r >= min);
    match *action {
        Action::CreatePlace
        | Action::EditPlace
        | Action::ManagePeople
        | Action::RunImports
        | Action::ManageBlueprints
        | Action::VerifyPublicBody => {
            if node_admin {
                Ok(())
            } else {
                deny("node-admin-only")
            }
        }
        Action::SetNodeAdmin { .. } | Action::SetDisabled { .. } if !node_admin => deny("node-admin-only"),
        // The node must never be left without an admin to run it.
        Action::SetNodeAdmin { grant: false, is_self: true, admins } if admins <= 1 => {
            deny("last-node-admin-cannot-revoke-self")
        }
        Action::SetNodeAdmin { .. } => Ok(()),
        // Disabling oneself would end one's own session mid-action; another admin must do it.
        Action::SetDisabled { is_self: true } => deny("cannot-disable-self"),
        Action::SetDisabled { is_self: false } => Ok(()),
        Action::EditOwnAccount | Action::CreateGroup | Action::Rsvp | Action::SupportCampaign => Ok(()),
        Action::RunCampaign { role } => {
            if at_least(role, Role::Admin) || node_admin {
                Ok(())
            } else {
                deny("group-admin-only")
            }
        }
        // Node admins too, so they can take down what breaks the node's rules.
        Action::ManageGroupContent { role } => {
            if at_least(role, Role::Admin) || node_admin {
                Ok(())
            } else {
                deny("group-admin-only")
            }
        }
        Action::EditGroup { role } | Action::DecideJoinRequests { role } => {
            if at_least(role, Role::Admin) || node_admin {
                Ok(())
            } else {
                deny("group-admin-only")
            }
        }
        Action::ViewMembers { role } => {
            if role.is_some() || node_admin {
                Ok(())
            } else {
                deny("group-members-only")
            }
        }
        Action::Join { policy, role, invited } => {
            if role.is_some() {
                return Err(DomainError::Conflict("already-a-member"));
            }
            match (policy, invited) {
                (_, true) | (JoinPolicy::Open, _) | (JoinPolicy::Approval, _) => Ok(()),
                (JoinPolicy::InviteOnly, false) => deny("invitation-required"),
            }
        }
        Action::CreateInvitation { role, invite_role } => {
            // Admins invite members and admins; only owners can make owners.
            match role {
                Some(Role::Owner) => Ok(()),
                Some(Role::Admin) if invite_role <= Role::Admin => Ok(()),
                _ => deny("group-admin-only"),
            }
        }
        Action::ChangeRole { role, target_role, new_role, is_self } => {
            match role {
                // Owners may change anyone, but not demote themselves here:
                // handing over ownership is a deliberate act (promote another first, then leave).
                Some(Role::Owner) if is_self && new_role < Role::Owner => deny("owner-cannot-demote-self"),
                Some(Role::Owner) => Ok(()),
                // Admins manage members and admins, never owners.
                Some(Role::Admin) if target_role < Role::Owner && new_role < Role::Owner => Ok(()),
                _ => deny("group-admin-only"),
            }
        }
        Action::RemoveMember { role, target_role, is_self } => {
            if is_self {
                return deny("use-leave");
            }
            match role {
                Some(Role::Owner) => Ok(()),
                Some(Role::Admin) if target_role < Role::Owner => Ok(()),
                _ => deny("group-admin-only"),
            }
        }
        Action::ViewOpportunityResponses { role } | Action::ViewRsvps { role } => {
            if at_least(role, Role::Admin) {
                Ok(())
            } else {
                deny("group-admin-only")
            }
        }
        Action::CreateCircle | Action::PostMutualAid | Action::Propose => Ok(()),
        Action::EditProposal { is_author } => {
            if is_author {
                Ok(())
            } else {
                deny("voice-author-only")
            }
        }
        Action::AnswerProposal { steward, body_role, body_verified, body_here } => {
            if steward {
                Ok(())
            } else if !at_least(body_role, Role::Admin) {
                deny("voice-answer-not-allowed")
            } else if !body_verified {
                deny("voice-body-not-verified")
            } else if !body_here {
                deny("voice-body-not-here")
            } else {
                Ok(())
            }
        }
        Action::CreatePoll { for_group: true, group_role, .. } => {
            if at_least(group_role, Role::Admin) {
                Ok(())
            } else {
                deny("poll-group-admin-only")
            }
        }
        Action::CreatePoll { for_group: false, steward, .. } => {
            if steward || node_admin {
                Ok(())
            } else {
                deny("poll-steward-only")
            }
        }
        Action::RunConsultation { body_role, body_verified } => {
            if !at_least(body_role, Role::Admin) {
                deny("consultation-body-only")
            } else if !body_verified {
                deny("voice-body-not-verified")
            } else {
                Ok(())
            }
        }
        Action::DefineRelease { steward, body_role, body_verified } => {
            if steward || (body_verified && at_least(body_role, Role::Admin)) {
                Ok(())
            } else {
                deny("insight-not-allowed")
            }
        }
        Action::RunSurvey { for_group: true, group_role, .. } => {
            if at_least(group_role, Role::Admin) {
                Ok(())
            } else {
                deny("survey-group-admin-only")
            }
        }
        Action::RunSurvey { for_group: false, steward, .. } => {
            if steward || node_admin {
                Ok(())
            } else {
                deny("survey-steward-only")
            }
        }
        // A group's notice speaks for the group, like its events: whoever
        // may publish its content (node admins too, to take one down).
        Action::PublishNotice { for_group: true, group_role, .. } => {
            if at_least(group_role, Role::Admin) || node_admin {
                Ok(())
            } else {
                deny("group-admin-only")
            }
        }
        Action::PublishNotice { for_group: false, steward, .. } => {
            if steward || node_admin {
                Ok(())
            } else {
                deny("notice-steward-only")
            }
        }
        Action::ReportLocalIssue => Ok(()),
        Action::SetLocalReportStatus { steward } => {
            if steward || node_admin {
                Ok(())
            } else {
                deny("local-report-steward-only")
            }
        }
        Action::ManageBudget { steward } => {
            if steward || node_admin {
                Ok(())
            } else {
                deny("budget-steward-only")
            }
        }
        Action::Vote { eligible } => {
            if eligible {
                Ok(())
            } else {
                deny("poll-not-eligible")
            }
        }
        Action::ModerateVoice { steward } => {
            if steward || node_admin {
                Ok(())
            } else {
                deny("voice-steward-only")
            }
        }
        Action::RespondToAid { is_author, blocked } => {
            if is_author {
                Err(DomainError::Conflict("aid-own-post"))
            } else if blocked {
                deny("aid-blocked")
            } else {
                Ok(())
            }
        }
        Action::ViewAidConversation { party } => {
            if party {
                Ok(())
            } else {
                Err(DomainError::NotFound)
            }
        }
        Action::ManageAidPost { is_author } => {
            if is_author {
                Ok(())
            } else {
                deny("aid-author-only")
            }
        }
        Action::ModerateAid { steward } => {
            if steward || node_admin {
                Ok(())
            } else {
                deny("aid-steward-only")
            }
        }
        Action::ManagePlaceFederation { steward } => {
            if steward || node_admin {
                Ok(())
            } else {
                deny("place-steward-only")
            }
        }
        Action::ProposeRuleChange { member } => {
            if member {
                Ok(())
            } else {
                deny("rules-members-only")
            }
        }
        Action::BlockDomains => {
            if node_admin {
                Ok(())
            } else {
                deny("node-admin-only")
            }
        }
        Action::AppointStewards => {
            if node_admin {
                Ok(())
            } else {
                deny("node-admin-only")
            }
        }
        Action::ViewCircle { member } => {
            if member {
                Ok(())
            } else {
                Err(DomainError::NotFound)
            }
        }
        Action::OrganiseCircle { organiser } => {
            if organiser {
                Ok(())
            } else {
                deny("circle-organiser-only")
            }
        }
        Action::ConfirmContribution { payer, recipient, organiser } => {
            if payer {
                deny("circle-cannot-confirm-own")
            } else if recipient || organiser {
                Ok(())
            } else {
                deny("circle-recipient-or-organiser-only")
            }
        }
        Action::Leave { role, owners } => match role {
            None => Err(DomainError::Conflict("not-a-member")),
            Some(Role::Owner) if owners <= 1 => deny("last-owner-cannot-leave"),
            Some(_) => Ok(()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn person(node_admin: bool, disabled: bool) -> Actor {
        Actor::Person { id: PersonId::new(), node_admin, disabled }
    }

    fn role() -> impl Strategy<Value = Role> {
        prop_oneof![Just(Role::Member), Just(Role::Admin), Just(Role::Owner)]
    }
    fn opt_role() -> impl Strategy<Value = Option<Role>> {
        prop_oneof![Just(None), role().prop_map(Some)]
    }
    fn policy() -> impl Strategy<Value = JoinPolicy> {
        prop_oneof![Just(JoinPolicy::Open), Just(JoinPolicy::Approval), Just(JoinPolicy::InviteOnly)]
    }

    fn action() -> impl Strategy<Value = Action> {
        prop_oneof![
            Just(Action::CreatePlace),
            Just(Action::EditPlace),
            Just(Action::ManagePeople),
            Just(Action::RunImports),
            Just(Action::VerifyPublicBody),
            (any::<bool>(), any::<bool>(), 0usize..4).prop_map(|(grant, is_self, admins)| Action::SetNodeAdmin {
                grant,
                is_self,
                admins
            }),
            any::<bool>().prop_map(|is_self| Action::SetDisabled { is_self }),
            Just(Action::EditOwnAccount),
            Just(Action::CreateGroup),
            opt_role().prop_map(|role| Action::EditGroup { role }),
            opt_role().prop_map(|role| Action::ViewMembers { role }),
            (policy(), opt_role(), any::<bool>()).prop_map(|(policy, role, invited)| Action::Join {
                policy,
                role,
                invited
            }),
            opt_role().prop_map(|role| Action::DecideJoinRequests { role }),
            (opt_role(), role()).prop_map(|(role, invite_role)| Action::CreateInvitation { role, invite_role }),
            (opt_role(), role(), role(), any::<bool>()).prop_map(|(role, target_role, new_role, is_self)| {
                Action::ChangeRole { role, target_role, new_role, is_self }
            }),
            (opt_role(), role(), any::<bool>()).prop_map(|(role, target_role, is_self)| Action::RemoveMember {
                role,
                target_role,
                is_self
            }),
            (opt_role(), 0usize..4).prop_map(|(role, owners)| Action::Leave { role, owners }),
            opt_role().prop_map(|role| Action::ViewOpportunityResponses { role }),
            opt_role().prop_map(|role| Action::ViewRsvps { role }),
            opt_role().prop_map(|role| Action::ManageGroupContent { role }),
            Just(Action::Rsvp),
            opt_role().prop_map(|role| Action::RunCampaign { role }),
            Just(Action::SupportCampaign),
            Just(Action::CreateCircle),
            Just(Action::PostMutualAid),
            (any::<bool>(), any::<bool>()).prop_map(|(is_author, blocked)| Action::RespondToAid { is_author, blocked }),
            any::<bool>().prop_map(|party| Action::ViewAidConversation { party }),
            any::<bool>().prop_map(|is_author| Action::ManageAidPost { is_author }),
            any::<bool>().prop_map(|steward| Action::ModerateAid { steward }),
            Just(Action::AppointStewards),
            any::<bool>().prop_map(|steward| Action::ManagePlaceFederation { steward }),
            Just(Action::BlockDomains),
            any::<bool>().prop_map(|member| Action::ProposeRuleChange { member }),
            any::<bool>().prop_map(|member| Action::ViewCircle { member }),
            any::<bool>().prop_map(|organiser| Action::OrganiseCircle { organiser }),
            (any::<bool>(), any::<bool>(), any::<bool>()).prop_map(|(payer, recipient, organiser)| {
                Action::ConfirmContribution { payer, recipient, organiser }
            }),
            Just(Action::Propose),
            any::<bool>().prop_map(|is_author| Action::EditProposal { is_author }),
            (any::<bool>(), opt_role(), any::<bool>(), any::<bool>()).prop_map(
                |(steward, body_role, body_verified, body_here)| Action::AnswerProposal {
                    steward,
                    body_role,
                    body_verified,
                    body_here
                }
            ),
            any::<bool>().prop_map(|steward| Action::ModerateVoice { steward }),
            (any::<bool>(), any::<bool>(), opt_role())
                .prop_map(|(for_group, steward, group_role)| { Action::CreatePoll { for_group, steward, group_role } }),
            any::<bool>().prop_map(|eligible| Action::Vote { eligible }),
            any::<bool>().prop_map(|steward| Action::ManageBudget { steward }),
            (any::<bool>(), any::<bool>(), opt_role()).prop_map(|(for_group, steward, group_role)| Action::RunSurvey {
                for_group,
                steward,
                group_role
            }),
            Just(Action::ReportLocalIssue),
            (any::<bool>(), any::<bool>(), opt_role()).prop_map(|(for_group, steward, group_role)| {
                Action::PublishNotice { for_group, steward, group_role }
            }),
            any::<bool>().prop_map(|steward| Action::SetLocalReportStatus { steward }),
            (opt_role(), any::<bool>())
                .prop_map(|(body_role, body_verified)| Action::RunConsultation { body_role, body_verified }),
        ]
    }

    proptest! {
        /// Nobody who is not signed in may do anything that needs permission.
        #[test]
        fn anonymous_is_always_asked_to_sign_in(a in action()) {
            prop_assert!(matches!(decide(&Actor::Anonymous, &a), Err(DomainError::Unauthenticated)));
        }

        /// A disabled account may do nothing at all, admin or not.
        #[test]
        fn disabled_accounts_are_always_refused(a in action(), admin in any::<bool>()) {
            prop_assert!(decide(&person(admin, true), &a).is_err());
        }

        /// Raising someone's role never takes a permission away.
        #[test]
        fn more_role_never_means_less_permission(a in action(), admin in any::<bool>()) {
            let with = |r: Option<Role>| match a {
                Action::EditGroup { .. } => Action::EditGroup { role: r },
                Action::ViewMembers { .. } => Action::ViewMembers { role: r },
                Action::DecideJoinRequests { .. } => Action::DecideJoinRequests { role: r },
                Action::ManageGroupContent { .. } => Action::ManageGroupContent { role: r },
                Action::RunCampaign { .. } => Action::RunCampaign { role: r },
                Action::CreateInvitation { invite_role, .. } => Action::CreateInvitation { role: r, invite_role },
                Action::RemoveMember { target_role, is_self, .. } => Action::RemoveMember { role: r, target_role, is_self },
                Action::ViewOpportunityResponses { .. } => Action::ViewOpportunityResponses { role: r },
                Action::ViewRsvps { .. } => Action::ViewRsvps { role: r },
                Action::AnswerProposal { steward, body_verified, body_here, .. } => {
                    Action::AnswerProposal { steward, body_role: r, body_verified, body_here }
                }
                Action::RunConsultation { body_verified, .. } => Action::RunConsultation { body_role: r, body_verified },
                Action::CreatePoll { for_group, steward, .. } => Action::CreatePoll { for_group, steward, group_role: r },
                Action::RunSurvey { for_group, steward, .. } => Action::RunSurvey { for_group, steward, group_role: r },
                Action::PublishNotice { for_group, steward, .. } => Action::PublishNotice { for_group, steward, group_role: r },
                other => other,
            };
            let p = person(admin, false);
            for (lo, hi) in [(Some(Role::Member), Some(Role::Admin)), (Some(Role::Admin), Some(Role::Owner))] {
                if decide(&p, &with(lo)).is_ok() {
                    prop_assert!(decide(&p, &with(hi)).is_ok());
                }
            }
        }

        /// A group admin can never touch an owner or make one.
        #[test]
        fn admins_never_create_or_touch_owners(target in role(), new in role(), is_self in any::<bool>(), admin in any::<bool>()) {
            let p = person(admin, false);
            let change = decide(&p, &Action::ChangeRole { role: Some(Role::Admin), target_role: target, new_role: new, is_self });
            if target == Role::Owner || new == Role::Owner {
                prop_assert!(change.is_err());
            }
            let invite = decide(&p, &Action::CreateInvitation { role: Some(Role::Admin), invite_role: new });
            prop_assert_eq!(invite.is_ok(), new != Role::Owner);
        }

        /// A group is never left without an owner.
        #[test]
        fn the_last_owner_cannot_leave(admin in any::<bool>()) {
            let last = decide(&person(admin, false), &Action::Leave { role: Some(Role::Owner), owners: 1 });
            let one_of_two = decide(&person(admin, false), &Action::Leave { role: Some(Role::Owner), owners: 2 });
            prop_assert!(last.is_err());
            prop_assert!(one_of_two.is_ok());
        }
    }

    proptest! {
        /// Only node admins manage people, and the last admin cannot step down.
        #[test]
        fn people_management_is_for_node_admins(grant in any::<bool>(), is_self in any::<bool>(), admins in 0usize..4) {
            let a = Action::SetNodeAdmin { grant, is_self, admins };
            prop_assert!(decide(&person(false, false), &a).is_err());
            let d = Action::SetDisabled { is_self };
            prop_assert!(decide(&person(false, false), &d).is_err());
            prop_assert_eq!(decide(&person(true, false), &d).is_ok(), !is_self);
            let admin_ok = decide(&person(true, false), &a).is_ok();
            prop_assert_eq!(admin_ok, grant || !is_self || admins > 1);
        }
    }

    #[test]
    fn node_admin_only_actions() {
        for a in [
            Action::CreatePlace,
            Action::EditPlace,
            Action::ManagePeople,
            Action::RunImports,
            Action::ManageBlueprints,
            Action::VerifyPublicBody,
        ] {
            assert!(decide(&person(false, false), &a).is_err());
            assert!(decide(&person(true, false), &a).is_ok());
        }
    }

    #[test]
    fn opportunities_are_managed_by_group_admins_and_owners() {
        let p = person(false, false);
        for (role, ok) in
            [(None, false), (Some(Role::Member), false), (Some(Role::Admin), true), (Some(Role::Owner), true)]
        {
            assert_eq!(decide(&p, &Action::ManageGroupContent { role }).is_ok(), ok);
            assert_eq!(decide(&p, &Action::ViewOpportunityResponses { role }).is_ok(), ok);
        }
        // Node admins may tidy a listing, but volunteers' messages stay with the group.
        let admin = person(true, false);
        assert!(decide(&admin, &Action::ManageGroupContent { role: None }).is_ok());
        assert!(decide(&admin, &Action::ViewOpportunityResponses { role: None }).is_err());
        // And who is coming to an event stays with its organisers.
        assert!(decide(&admin, &Action::ViewRsvps { role: None }).is_err());
        assert!(decide(&p, &Action::ViewRsvps { role: Some(Role::Admin) }).is_ok());
        assert!(decide(&p, &Action::ViewRsvps { role: Some(Role::Member) }).is_err());
    }

    #[test]
    fn only_group_admins_and_owners_manage_group_content() {
        let p = person(false, false);
        let manage = |role| decide(&p, &Action::ManageGroupContent { role });
        assert!(manage(None).is_err());
        assert!(manage(Some(Role::Member)).is_err());
        assert!(manage(Some(Role::Admin)).is_ok());
        assert!(manage(Some(Role::Owner)).is_ok());
        assert!(decide(&person(true, false), &Action::ManageGroupContent { role: None }).is_ok());
        assert!(decide(&p, &Action::Rsvp).is_ok());
        assert!(decide(&Actor::Anonymous, &Action::Rsvp).is_err());
    }

    #[test]
    fn notices_are_posted_by_group_publishers_or_place_stewards() {
        let p = person(false, false);
        let group = |group_role| Action::PublishNotice { for_group: true, steward: false, group_role };
        for (role, ok) in
            [(None, false), (Some(Role::Member), false), (Some(Role::Admin), true), (Some(Role::Owner), true)]
        {
            assert_eq!(decide(&p, &group(role)).is_ok(), ok, "{role:?}");
        }
        // Being a steward of the place does not make one a voice of its groups.
        let steward_not_member = Action::PublishNotice { for_group: true, steward: true, group_role: None };
        assert!(decide(&p, &steward_not_member).is_err());
        // A place-wide notice: its stewards; a group role there counts for nothing.
        let place = |steward, group_role| Action::PublishNotice { for_group: false, steward, group_role };
        assert!(decide(&p, &place(true, None)).is_ok());
        assert!(matches!(
            decide(&p, &place(false, Some(Role::Owner))),
            Err(DomainError::Forbidden("notice-steward-only"))
        ));
        // Node admins may post (and take down) either.
        let admin = person(true, false);
        assert!(decide(&admin, &group(None)).is_ok());
        assert!(decide(&admin, &place(false, None)).is_ok());
        assert!(matches!(decide(&Actor::Anonymous, &group(Some(Role::Owner))), Err(DomainError::Unauthenticated)));
    }

    #[test]
    fn mutual_aid_conversations_are_private_and_blocks_hold() {
        for admin in [false, true] {
            let p = person(admin, false);
            assert!(matches!(decide(&p, &Action::ViewAidConversation { party: false }), Err(DomainError::NotFound)));
            assert!(decide(&p, &Action::RespondToAid { is_author: false, blocked: true }).is_err());
            assert_eq!(decide(&p, &Action::ModerateAid { steward: false }).is_ok(), admin);
        }
        let p = person(false, false);
        assert!(decide(&p, &Action::RespondToAid { is_author: false, blocked: false }).is_ok());
        assert!(decide(&p, &Action::ModerateAid { steward: true }).is_ok());
    }

    #[test]
    fn circles_are_for_their_members_only_node_admins_included() {
        for admin in [false, true] {
            let p = person(admin, false);
            assert!(matches!(decide(&p, &Action::ViewCircle { member: false }), Err(DomainError::NotFound)));
            assert!(decide(&p, &Action::ViewCircle { member: true }).is_ok());
            assert!(decide(&p, &Action::OrganiseCircle { organiser: false }).is_err());
        }
    }

    proptest! {
        /// Nobody confirms their own payment, whatever else they are.
        #[test]
        fn nobody_confirms_their_own_contribution(recipient in any::<bool>(), organiser in any::<bool>(), admin in any::<bool>()) {
            let p = person(admin, false);
            let own = decide(&p, &Action::ConfirmContribution { payer: true, recipient, organiser });
            prop_assert!(own.is_err());
            let other = decide(&p, &Action::ConfirmContribution { payer: false, recipient, organiser });
            prop_assert_eq!(other.is_ok(), recipient || organiser);
        }
    }

    proptest! {
        /// Only a verified public body's admins and owners, or the place's
        /// stewards, give official answers; being a node admin is not enough.
        #[test]
        fn only_verified_bodies_and_stewards_answer(steward in any::<bool>(), role in opt_role(), verified in any::<bool>(), here in any::<bool>(), admin in any::<bool>()) {
            let a = Action::AnswerProposal { steward, body_role: role, body_verified: verified, body_here: here };
            let ok = decide(&person(admin, false), &a).is_ok();
            let body = verified && here && role.is_some_and(|r| r >= Role::Admin);
            prop_assert_eq!(ok, steward || body);
        }
    }

    proptest! {
        /// Nobody votes where they are not eligible, node admins included.
        #[test]
        fn only_the_eligible_vote(admin in any::<bool>(), eligible in any::<bool>()) {
            prop_assert_eq!(decide(&person(admin, false), &Action::Vote { eligible }).is_ok(), eligible);
        }
    }

    #[test]
    fn an_unverified_body_is_told_so() {
        let p = person(false, false);
        let a = Action::AnswerProposal {
            steward: false,
            body_role: Some(Role::Owner),
            body_verified: false,
            body_here: true,
        };
        assert!(matches!(decide(&p, &a), Err(DomainError::Forbidden("voice-body-not-verified"))));
    }

    #[test]
    fn joining_follows_the_policy() {
        let p = person(false, false);
        assert!(decide(&p, &Action::Join { policy: JoinPolicy::Open, role: None, invited: false }).is_ok());
        assert!(decide(&p, &Action::Join { policy: JoinPolicy::InviteOnly, role: None, invited: false }).is_err());
        assert!(decide(&p, &Action::Join { policy: JoinPolicy::InviteOnly, role: None, invited: true }).is_ok());
        assert!(matches!(
            decide(&p, &Action::Join { policy: JoinPolicy::Open, role: Some(Role::Member), invited: false }),
            Err(DomainError::Conflict(_))
        ));
    }
}
