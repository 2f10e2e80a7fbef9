//! The authorization matrix for changes. Every route of the router that is
//! not a GET (read from the router's own table, so a route added tomorrow
//! must be added to [`WRITES`] too) is tried, on real resources of the demo
//! node, by every role that must not use it: anonymous, a resident, another
//! place's resident, a member and an admin of the resource's group, another
//! group's admin, a verified public body's member, the node admin, the
//! people with a part in one private resource, and a remote ActivityPub
//! server signing its requests. Each must be refused (401, 403, 404, or a
//! redirect to sign in) and the database must be exactly as before.
//!
//! The bodies are what a client would send: page forms carry the role's
//! CSRF token; API bodies are the smallest body the OpenAPI document
//! allows (every required field, of its type), or a real one where the
//! body names the resource (the group an event is published for).
//!
//! A second test sends a remote actor's signed activities that try to change
//! this node's own objects and people through the inbox.

use std::collections::{BTreeMap, BTreeSet};
use std::time::SystemTime;

use plural_kernel::PersonId;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::authz_matrix::{cast, one, people, Cast, Role, NOBODY};
use crate::both_engines;
use crate::helpers::{self, csrf_of, spawn_app_with, Engine, Options, TestApp};
use crate::remote::{send, signed_post, FakeServer, AS};

both_engines!(nobody_changes_what_they_may_not, remote_actors_cannot_change_this_nodes_things);

/// Who may use a route.
enum Who {
    /// Anyone: signing in, signing up, links sent by email (the token in
    /// them is the proof), and pure checks that store nothing.
    Public,
    /// Other servers, with an HTTP signature: an unsigned request is refused.
    Signed,
    /// Anyone signed in (acting for themselves: joining, supporting,
    /// answering, starting something of their own).
    SignedIn,
    /// The people this query names (ids filled in from [`Vars`]); all
    /// others are refused.
    People(&'static str),
}

// Who may do what, as queries over the demo's data (the rules themselves
// are `plural_kernel::authz::decide`). A query may name a few more people
// than the rule allows (stewards of any place, say); those are simply not
// tried, so the check stays sound.
const NODE_ADMINS: &str = "SELECT id FROM people WHERE is_node_admin = 1";
const STEWARDS: &str = "SELECT person_id FROM place_stewards UNION SELECT id FROM people WHERE is_node_admin = 1";
/// A group's admins and owners: its membership and invitations.
const GROUP_ADMINS: &str =
    "SELECT person_id FROM memberships WHERE group_id = '{group}' AND role IN ('admin', 'owner')";
/// What a group publishes: its admins, and node admins (to take down what breaks the node's rules).
const GROUP_PUBLISHERS: &str =
    "SELECT person_id FROM memberships WHERE group_id = '{group}' AND role IN ('admin', 'owner')
    UNION SELECT id FROM people WHERE is_node_admin = 1";
const OPPORTUNITY_PUBLISHERS: &str = "SELECT person_id FROM memberships
    WHERE group_id = (SELECT group_id FROM opportunities WHERE id = '{opportunity}') AND role IN ('admin', 'owner')
    UNION SELECT id FROM people WHERE is_node_admin = 1";
const NOTICE_PUBLISHERS: &str = "SELECT person_id FROM memberships
    WHERE group_id = (SELECT group_id FROM notices WHERE id = '{notice}') AND role IN ('admin', 'owner')
    UNION SELECT id FROM people WHERE is_node_admin = 1";
const CAMPAIGN_RUNNERS: &str = "SELECT person_id FROM memberships
    WHERE group_id = (SELECT group_id FROM campaigns WHERE id = '{campaign}') AND role IN ('admin', 'owner')
    UNION SELECT id FROM people WHERE is_node_admin = 1";
const SERVICE_PUBLISHERS: &str = "SELECT person_id FROM memberships
    WHERE group_id = (SELECT group_id FROM directory_services WHERE id = '{service}') AND role IN ('admin', 'owner')
    UNION SELECT id FROM people WHERE is_node_admin = 1";
const CIRCLE_MEMBERS: &str = "SELECT person_id FROM circle_members WHERE circle_id = '{circle}'";
const CIRCLE_ORGANISERS: &str = "SELECT person_id FROM circle_members WHERE circle_id = '{circle}' AND organiser = 1";
const PARTIES: &str = "SELECT author_id FROM aid_conversations WHERE id = '{conversation}'
    UNION SELECT responder_id FROM aid_conversations WHERE id = '{conversation}'";
const PROPOSAL_AUTHOR: &str = "SELECT author_id FROM proposals WHERE id = '{proposal}'";
/// The admins of verified public bodies.
const BODY_ADMINS: &str = "SELECT m.person_id FROM memberships m JOIN groups g ON g.id = m.group_id
    WHERE g.verified_public_body_at IS NOT NULL AND m.role IN ('admin', 'owner')";
const STEWARDS_AND_BODIES: &str =
    "SELECT person_id FROM place_stewards UNION SELECT id FROM people WHERE is_node_admin = 1
    UNION SELECT m.person_id FROM memberships m JOIN groups g ON g.id = m.group_id
    WHERE g.verified_public_body_at IS NOT NULL AND m.role IN ('admin', 'owner')";
const AID_POST_AUTHOR: &str = "SELECT author_id FROM aid_posts WHERE id = '{aid_post}'";
const TIMEBANK_PARTIES: &str = "SELECT giver_id FROM timebank_entries WHERE id = '{timebank_entry}'
    UNION SELECT receiver_id FROM timebank_entries WHERE id = '{timebank_entry}'";
const TOKEN_OWNER: &str = "SELECT person_id FROM api_tokens WHERE id = '{token_id}'";
const PLEDGER: &str = "SELECT person_id FROM campaign_pledges WHERE id = '{pledge}'";
const REPORTER: &str = "SELECT reporter_id FROM local_reports WHERE id = '{local_report}'";

struct Write {
    method: &'static str,
    path: &'static str,
    who: Who,
}

const fn w(method: &'static str, path: &'static str, who: Who) -> Write {
    Write { method, path, who }
}

use Who::{People, Public, Signed, SignedIn};

/// Every change the node accepts, and who may make it.
const WRITES: &[Write] = &[
    // Accounts: each acts on the signed-in person's own account.
    w("POST", "/account", SignedIn),
    w("POST", "/account/delete", SignedIn),
    w("POST", "/account/digest", SignedIn),
    w("POST", "/account/email", SignedIn),
    w("POST", "/account/email/confirm", Public),
    w("POST", "/account/fediverse", SignedIn),
    w("POST", "/account/password", SignedIn),
    w("POST", "/account/sign-out-everywhere", SignedIn),
    w("POST", "/account/tokens", SignedIn),
    w("POST", "/account/tokens/{id}/revoke", People(TOKEN_OWNER)),
    w("DELETE", "/api/v1/me", SignedIn),
    w("PATCH", "/api/v1/me", SignedIn),
    w("PUT", "/api/v1/me/digest", SignedIn),
    w("POST", "/api/v1/me/email", SignedIn),
    w("PUT", "/api/v1/me/fediverse", SignedIn),
    w("POST", "/api/v1/me/password", SignedIn),
    w("POST", "/api/v1/me/sign-out-everywhere", SignedIn),
    w("DELETE", "/api/v1/me/tokens/{id}", People(TOKEN_OWNER)),
    w("POST", "/api/v1/accounts", Public),
    w("POST", "/api/v1/magic-links", Public),
    w("POST", "/api/v1/tokens", Public),
    w("POST", "/sign-in", Public),
    w("POST", "/sign-in/email", Public),
    w("POST", "/sign-in/link", Public),
    w("POST", "/sign-out", Public),
    w("POST", "/sign-up", Public),
    w("POST", "/digest/unsubscribe", Public),
    w("POST", "/digest/unsubscribe/{token}", Public),
    w("POST", "/campaigns/unsubscribe", Public),
    w("POST", "/campaigns/unsubscribe/{token}", Public),
    // Node administration.
    w("POST", "/admin/federation", People(NODE_ADMINS)),
    w("POST", "/admin/imports/subscriptions", People(NODE_ADMINS)),
    w("POST", "/admin/imports/subscriptions/{id}/fetch", People(NODE_ADMINS)),
    w("POST", "/admin/imports/subscriptions/{id}/remove", People(NODE_ADMINS)),
    w("POST", "/admin/imports/{format}", People(NODE_ADMINS)),
    w("POST", "/admin/people/{id}/admin", People(NODE_ADMINS)),
    w("POST", "/admin/people/{id}/disable", People(NODE_ADMINS)),
    w("PUT", "/api/v1/admin/people/{id}/admin", People(NODE_ADMINS)),
    w("PUT", "/api/v1/admin/people/{id}/disabled", People(NODE_ADMINS)),
    w("POST", "/api/v1/federation/domains", People(NODE_ADMINS)),
    w("POST", "/api/v1/ical-subscriptions", People(NODE_ADMINS)),
    w("DELETE", "/api/v1/ical-subscriptions/{id}", People(NODE_ADMINS)),
    w("POST", "/api/v1/ical-subscriptions/{id}/fetch", People(NODE_ADMINS)),
    w("POST", "/api/v1/imports/{format}", People(NODE_ADMINS)),
    w("POST", "/places", People(NODE_ADMINS)),
    w("POST", "/api/v1/places", People(NODE_ADMINS)),
    w("POST", "/places/{slug}/edit", People(NODE_ADMINS)),
    w("PATCH", "/api/v1/places/{slug}", People(NODE_ADMINS)),
    w("POST", "/places/{slug}/following", People(STEWARDS)),
    w("POST", "/places/{slug}/following/remove", People(STEWARDS)),
    w("POST", "/api/v1/places/{slug}/following", People(STEWARDS)),
    w("POST", "/api/v1/places/{slug}/following/remove", People(STEWARDS)),
    w("POST", "/groups/{slug}/verification", People(NODE_ADMINS)),
    w("PUT", "/api/v1/groups/{slug}/verification", People(NODE_ADMINS)),
    w("POST", "/blueprints/manage/follow", People(NODE_ADMINS)),
    w("POST", "/blueprints/manage/install", People(NODE_ADMINS)),
    w("POST", "/blueprints/manage/publish", People(NODE_ADMINS)),
    w("POST", "/blueprints/manage/unfollow", People(NODE_ADMINS)),
    w("POST", "/api/v1/blueprints/follows", People(NODE_ADMINS)),
    w("POST", "/api/v1/blueprints/installed", People(NODE_ADMINS)),
    w("POST", "/api/v1/blueprints/published", People(NODE_ADMINS)),
    // Federation: other servers, signed.
    w("POST", "/ap/groups/{id}/inbox", Signed),
    w("POST", "/ap/people/{id}/inbox", Signed),
    w("POST", "/ap/places/{id}/inbox", Signed),
    w("POST", "/inbox", Signed),
    // Groups.
    w("POST", "/groups", SignedIn),
    w("POST", "/api/v1/groups", SignedIn),
    w("POST", "/groups/{slug}/join", SignedIn),
    w("POST", "/groups/{slug}/leave", SignedIn),
    w("POST", "/api/v1/groups/{slug}/join", SignedIn),
    w("POST", "/api/v1/groups/{slug}/leave", SignedIn),
    w("POST", "/invitations/{token}", SignedIn),
    w("POST", "/api/v1/invitations/{token}/accept", SignedIn),
    w("POST", "/groups/{slug}/edit", People(GROUP_PUBLISHERS)),
    w("PATCH", "/api/v1/groups/{slug}", People(GROUP_PUBLISHERS)),
    w("PUT", "/api/v1/groups/{slug}/directory", People(GROUP_PUBLISHERS)),
    w("POST", "/groups/{slug}/invitations", People(GROUP_ADMINS)),
    w("POST", "/api/v1/groups/{slug}/invitations", People(GROUP_ADMINS)),
    w("POST", "/groups/{slug}/members/{person_id}/remove", People(GROUP_ADMINS)),
    w("POST", "/groups/{slug}/members/{person_id}/role", People(GROUP_ADMINS)),
    w("DELETE", "/api/v1/groups/{slug}/members/{person_id}", People(GROUP_ADMINS)),
    w("PUT", "/api/v1/groups/{slug}/members/{person_id}", People(GROUP_ADMINS)),
    w("POST", "/groups/{slug}/requests/{person_id}/approve", People(GROUP_PUBLISHERS)),
    w("POST", "/groups/{slug}/requests/{person_id}/decline", People(GROUP_PUBLISHERS)),
    w("POST", "/api/v1/groups/{slug}/requests/{person_id}/approve", People(GROUP_PUBLISHERS)),
    w("POST", "/api/v1/groups/{slug}/requests/{person_id}/decline", People(GROUP_PUBLISHERS)),
    // What's on: published for a group by its admins.
    w("POST", "/events", People(GROUP_PUBLISHERS)),
    w("POST", "/api/v1/events", People(GROUP_PUBLISHERS)),
    w("POST", "/events/{id}/edit", People(GROUP_PUBLISHERS)),
    w("PATCH", "/api/v1/events/{id}", People(GROUP_PUBLISHERS)),
    w("POST", "/events/{id}/cancel", People(GROUP_PUBLISHERS)),
    w("POST", "/api/v1/events/{id}/cancel", People(GROUP_PUBLISHERS)),
    w("POST", "/events/{id}/occurrences/{original}", People(GROUP_PUBLISHERS)),
    w("POST", "/events/{id}/rsvp", SignedIn),
    w("POST", "/events/{id}/rsvp/cancel", SignedIn),
    w("POST", "/api/v1/events/{id}/rsvp", SignedIn),
    w("DELETE", "/api/v1/events/{id}/rsvp", SignedIn),
    w("POST", "/services", People(GROUP_PUBLISHERS)),
    w("POST", "/api/v1/services", People(GROUP_PUBLISHERS)),
    w("POST", "/services/{id}/edit", People(SERVICE_PUBLISHERS)),
    w("POST", "/services/{id}/reviewed", People(SERVICE_PUBLISHERS)),
    w("PATCH", "/api/v1/services/{id}", People(SERVICE_PUBLISHERS)),
    w("POST", "/opportunities", People(GROUP_PUBLISHERS)),
    w("POST", "/api/v1/opportunities", People(GROUP_PUBLISHERS)),
    w("POST", "/opportunities/{id}/edit", People(OPPORTUNITY_PUBLISHERS)),
    w("POST", "/opportunities/{id}/close", People(OPPORTUNITY_PUBLISHERS)),
    w("PATCH", "/api/v1/opportunities/{id}", People(OPPORTUNITY_PUBLISHERS)),
    w("POST", "/opportunities/{id}/responses/{response_id}/reply", People(OPPORTUNITY_PUBLISHERS)),
    w("POST", "/api/v1/opportunities/{id}/responses/{response_id}/reply", People(OPPORTUNITY_PUBLISHERS)),
    w("POST", "/opportunities/{id}/interest", SignedIn),
    w("POST", "/opportunities/{id}/withdraw", SignedIn),
    w("POST", "/api/v1/opportunities/{id}/interest", SignedIn),
    w("DELETE", "/api/v1/opportunities/{id}/interest", SignedIn),
    w("POST", "/notices", People(GROUP_PUBLISHERS)),
    w("POST", "/api/v1/notices", People(GROUP_PUBLISHERS)),
    w("POST", "/notices/{id}/edit", People(NOTICE_PUBLISHERS)),
    w("POST", "/notices/{id}/delete", People(NOTICE_PUBLISHERS)),
    w("PATCH", "/api/v1/notices/{id}", People(NOTICE_PUBLISHERS)),
    w("DELETE", "/api/v1/notices/{id}", People(NOTICE_PUBLISHERS)),
    // Savings circles: their members, some things only their organisers.
    w("POST", "/circles", SignedIn),
    w("POST", "/api/v1/circles", SignedIn),
    w("POST", "/circles/join/{token}", SignedIn),
    w("POST", "/api/v1/circle-invitations/{token}", SignedIn),
    w("POST", "/circles/{id}/contributions", People(CIRCLE_MEMBERS)),
    w("POST", "/api/v1/circles/{id}/contributions", People(CIRCLE_MEMBERS)),
    w("POST", "/circles/{id}/entries/{entry}/confirm", People(CIRCLE_MEMBERS)),
    w("POST", "/circles/{id}/entries/{entry}/correct", People(CIRCLE_MEMBERS)),
    w("POST", "/circles/{id}/entries/{entry}/dispute", People(CIRCLE_MEMBERS)),
    w("POST", "/api/v1/circles/{id}/entries/{entry}/confirm", People(CIRCLE_MEMBERS)),
    w("POST", "/api/v1/circles/{id}/entries/{entry}/correct", People(CIRCLE_MEMBERS)),
    w("POST", "/api/v1/circles/{id}/entries/{entry}/dispute", People(CIRCLE_MEMBERS)),
    w("POST", "/circles/{id}/swaps", People(CIRCLE_MEMBERS)),
    w("POST", "/circles/{id}/swaps/{swap}/accept", People(CIRCLE_MEMBERS)),
    w("POST", "/circles/{id}/swaps/{swap}/decline", People(CIRCLE_MEMBERS)),
    w("POST", "/api/v1/circles/{id}/swaps", People(CIRCLE_MEMBERS)),
    w("POST", "/api/v1/circles/{id}/swaps/{swap}/accept", People(CIRCLE_MEMBERS)),
    w("POST", "/api/v1/circles/{id}/swaps/{swap}/decline", People(CIRCLE_MEMBERS)),
    w("POST", "/circles/{id}/draw/commitment", People(CIRCLE_MEMBERS)),
    w("POST", "/circles/{id}/draw/reveal", People(CIRCLE_MEMBERS)),
    w("POST", "/api/v1/circles/{id}/draw/commitment", People(CIRCLE_MEMBERS)),
    w("POST", "/api/v1/circles/{id}/draw/reveal", People(CIRCLE_MEMBERS)),
    w("POST", "/circles/{id}/invitations", People(CIRCLE_ORGANISERS)),
    w("POST", "/circles/{id}/next-cycle", People(CIRCLE_ORGANISERS)),
    w("POST", "/circles/{id}/organisers", People(CIRCLE_ORGANISERS)),
    w("POST", "/circles/{id}/rounds/{round}/payout", People(CIRCLE_ORGANISERS)),
    w("POST", "/circles/{id}/start", People(CIRCLE_ORGANISERS)),
    w("POST", "/circles/{id}/wind-up", People(CIRCLE_ORGANISERS)),
    w("POST", "/api/v1/circles/{id}/invitations", People(CIRCLE_ORGANISERS)),
    w("POST", "/api/v1/circles/{id}/next-cycle", People(CIRCLE_ORGANISERS)),
    w("POST", "/api/v1/circles/{id}/organisers", People(CIRCLE_ORGANISERS)),
    w("POST", "/api/v1/circles/{id}/rounds/{round}/payout", People(CIRCLE_ORGANISERS)),
    w("POST", "/api/v1/circles/{id}/start", People(CIRCLE_ORGANISERS)),
    w("POST", "/api/v1/circles/{id}/wind-up", People(CIRCLE_ORGANISERS)),
    // Mutual aid and the time bank.
    w("POST", "/mutual-aid", SignedIn),
    w("POST", "/api/v1/mutual-aid/posts", SignedIn),
    w("POST", "/mutual-aid/{id}/respond", SignedIn),
    w("POST", "/api/v1/mutual-aid/posts/{id}/responses", SignedIn),
    w("POST", "/mutual-aid/{id}/report", SignedIn),
    w("POST", "/api/v1/mutual-aid/reports", SignedIn),
    w("POST", "/mutual-aid/{id}/close", People(AID_POST_AUTHOR)),
    w("POST", "/api/v1/mutual-aid/posts/{id}/close", People(AID_POST_AUTHOR)),
    w("POST", "/mutual-aid/conversations/{id}/messages", People(PARTIES)),
    w("POST", "/mutual-aid/conversations/{id}/block", People(PARTIES)),
    w("POST", "/mutual-aid/conversations/{id}/unblock", People(PARTIES)),
    w("POST", "/mutual-aid/conversations/{id}/report", People(PARTIES)),
    w("POST", "/mutual-aid/conversations/{id}/hours", People(PARTIES)),
    w("POST", "/api/v1/mutual-aid/conversations/{id}/messages", People(PARTIES)),
    w("POST", "/api/v1/mutual-aid/blocks", SignedIn),
    w("DELETE", "/api/v1/mutual-aid/blocks/{person}", SignedIn),
    w("POST", "/mutual-aid/reports/{id}/decision", People(STEWARDS)),
    w("POST", "/api/v1/mutual-aid/reports/{id}/decision", People(STEWARDS)),
    w("POST", "/mutual-aid/stewards", People(NODE_ADMINS)),
    w("POST", "/api/v1/mutual-aid/stewards", People(NODE_ADMINS)),
    w("POST", "/api/v1/timebank/entries", SignedIn),
    w("POST", "/timebank/entries/{id}/confirm", People(TIMEBANK_PARTIES)),
    w("POST", "/timebank/entries/{id}/correct", People(TIMEBANK_PARTIES)),
    w("POST", "/timebank/entries/{id}/dispute", People(TIMEBANK_PARTIES)),
    w("POST", "/api/v1/timebank/entries/{id}/confirm", People(TIMEBANK_PARTIES)),
    w("POST", "/api/v1/timebank/entries/{id}/correct", People(TIMEBANK_PARTIES)),
    w("POST", "/api/v1/timebank/entries/{id}/dispute", People(TIMEBANK_PARTIES)),
    // Campaigns: run by their group's admins; anyone signed in may back one.
    w("POST", "/campaigns", People(GROUP_PUBLISHERS)),
    w("POST", "/api/v1/campaigns", People(GROUP_PUBLISHERS)),
    w("POST", "/campaigns/{id}/manage", People(CAMPAIGN_RUNNERS)),
    w("PUT", "/api/v1/campaigns/{id}", People(CAMPAIGN_RUNNERS)),
    w("POST", "/campaigns/{id}/adaptation", People(CAMPAIGN_RUNNERS)),
    w("POST", "/campaigns/{id}/blueprint-update", People(CAMPAIGN_RUNNERS)),
    w("POST", "/campaigns/{id}/blueprint-update/dismiss", People(CAMPAIGN_RUNNERS)),
    w("POST", "/api/v1/campaigns/{id}/blueprint-update", People(CAMPAIGN_RUNNERS)),
    w("POST", "/api/v1/campaigns/{id}/blueprint-update/dismiss", People(CAMPAIGN_RUNNERS)),
    w("POST", "/campaigns/{id}/events", People(CAMPAIGN_RUNNERS)),
    w("POST", "/api/v1/campaigns/{id}/events", People(CAMPAIGN_RUNNERS)),
    w("POST", "/campaigns/{id}/stages", People(CAMPAIGN_RUNNERS)),
    w("POST", "/campaigns/{id}/stages/{stage}/done", People(CAMPAIGN_RUNNERS)),
    w("POST", "/api/v1/campaigns/{id}/stages", People(CAMPAIGN_RUNNERS)),
    w("POST", "/api/v1/campaigns/{id}/stages/{stage}/done", People(CAMPAIGN_RUNNERS)),
    w("POST", "/campaigns/{id}/updates", People(CAMPAIGN_RUNNERS)),
    w("POST", "/api/v1/campaigns/{id}/updates", People(CAMPAIGN_RUNNERS)),
    w("POST", "/campaigns/{id}/sign", SignedIn),
    w("POST", "/api/v1/campaigns/{id}/signatures", SignedIn),
    w("POST", "/campaigns/{id}/pledges", SignedIn),
    w("POST", "/api/v1/campaigns/{id}/pledges", SignedIn),
    w("POST", "/campaigns/{id}/pledges/{pledge}/withdraw", People(PLEDGER)),
    w("POST", "/campaigns/{id}/follow", SignedIn),
    w("POST", "/campaigns/{id}/unfollow", SignedIn),
    w("POST", "/api/v1/campaigns/{id}/supporters", SignedIn),
    w("DELETE", "/api/v1/campaigns/{id}/supporters", SignedIn),
    // Blueprints: adopted by a group's admins.
    w("POST", "/blueprints/{id}/adopt", People(GROUP_PUBLISHERS)),
    w("POST", "/api/v1/blueprints/{id}/adoptions", People(GROUP_PUBLISHERS)),
    w("POST", "/blueprints/{id}/stories", People(GROUP_PUBLISHERS)),
    w("POST", "/api/v1/blueprints/{id}/stories", People(GROUP_PUBLISHERS)),
    w("POST", "/api/v1/blueprints/adaptations", Public),
    w("POST", "/api/v1/blueprints/diff", Public),
    w("POST", "/api/v1/blueprints/validate", Public),
    w("POST", "/api/v1/blueprints/verify", Public),
    // Community voice.
    w("POST", "/proposals", SignedIn),
    w("POST", "/api/v1/proposals", SignedIn),
    w("POST", "/proposals/{id}/edit", People(PROPOSAL_AUTHOR)),
    w("PUT", "/api/v1/proposals/{id}", People(PROPOSAL_AUTHOR)),
    w("POST", "/proposals/{id}/publish", People(PROPOSAL_AUTHOR)),
    w("POST", "/api/v1/proposals/{id}/publish", People(PROPOSAL_AUTHOR)),
    w("POST", "/proposals/{id}/answers", People(STEWARDS_AND_BODIES)),
    w("POST", "/api/v1/proposals/{id}/answers", People(STEWARDS_AND_BODIES)),
    w("POST", "/proposals/{id}/comments", SignedIn),
    w("POST", "/api/v1/proposals/{id}/comments", SignedIn),
    w("POST", "/proposals/{id}/comments/{comment}/report", SignedIn),
    w("POST", "/api/v1/voice/reports", SignedIn),
    w("POST", "/proposals/{id}/follow", SignedIn),
    w("POST", "/proposals/{id}/unfollow", SignedIn),
    w("PUT", "/api/v1/proposals/{id}/follow", SignedIn),
    w("DELETE", "/api/v1/proposals/{id}/follow", SignedIn),
    w("POST", "/proposals/{id}/support", SignedIn),
    w("POST", "/proposals/{id}/unsupport", SignedIn),
    w("PUT", "/api/v1/proposals/{id}/support", SignedIn),
    w("DELETE", "/api/v1/proposals/{id}/support", SignedIn),
    w("POST", "/voice/reports/{id}/decision", People(STEWARDS)),
    w("POST", "/api/v1/voice/reports/{id}/decision", People(STEWARDS)),
    w("POST", "/polls", People(GROUP_ADMINS)),
    w("POST", "/api/v1/polls", People(GROUP_ADMINS)),
    w("POST", "/polls/{id}/vote", SignedIn),
    w("POST", "/api/v1/polls/{id}/ballots", SignedIn),
    w("POST", "/budgets", People(STEWARDS)),
    w("POST", "/api/v1/budgets", People(STEWARDS)),
    w("POST", "/budgets/{id}/advance", People(STEWARDS)),
    w("POST", "/api/v1/budgets/{id}/advance", People(STEWARDS)),
    w("POST", "/budgets/{id}/projects", SignedIn),
    w("POST", "/api/v1/budgets/{id}/projects", SignedIn),
    w("POST", "/budgets/{id}/projects/{project}/review", People(STEWARDS)),
    w("POST", "/api/v1/budgets/{id}/projects/{project}/review", People(STEWARDS)),
    w("POST", "/budgets/{id}/vote", SignedIn),
    w("POST", "/api/v1/budgets/{id}/ballots", SignedIn),
    w("POST", "/consultations", People(BODY_ADMINS)),
    w("POST", "/api/v1/consultations", People(BODY_ADMINS)),
    w("POST", "/consultations/{id}/response", People(BODY_ADMINS)),
    w("POST", "/api/v1/consultations/{id}/response", People(BODY_ADMINS)),
    w("POST", "/consultations/{id}/responses", SignedIn),
    w("POST", "/api/v1/consultations/{id}/responses", SignedIn),
    w("POST", "/surveys", People(STEWARDS)),
    w("POST", "/api/v1/surveys", People(STEWARDS)),
    w("POST", "/surveys/{id}/responses", SignedIn),
    w("POST", "/api/v1/surveys/{id}/responses", SignedIn),
    w("POST", "/insight", People(STEWARDS_AND_BODIES)),
    w("POST", "/api/v1/insight/releases", People(STEWARDS_AND_BODIES)),
    w("POST", "/places/{slug}/reports", SignedIn),
    w("POST", "/api/v1/places/{slug}/local-reports", SignedIn),
    w("POST", "/local-reports/{id}/confirm", SignedIn),
    w("POST", "/api/v1/local-reports/{id}/confirmations", SignedIn),
    w("PUT", "/api/v1/local-reports/{id}/photo", People(REPORTER)),
    w("POST", "/local-reports/{id}/status", People(STEWARDS)),
    w("POST", "/api/v1/local-reports/{id}/status", People(STEWARDS)),
    w("POST", "/rules/propose", SignedIn),
    w("POST", "/api/v1/rules/proposals", SignedIn),
];

/// The real values the paths, queries and bodies are filled with.
type Vars = BTreeMap<&'static str, String>;

fn fill(text: &str, vars: &Vars) -> String {
    let mut out = text.to_string();
    for (k, v) in vars {
        out = out.replace(&format!("{{{k}}}"), v);
    }
    out
}

/// The path with its parameters replaced by the demo's real resources.
fn concrete(path: &str, vars: &Vars) -> String {
    let segments: Vec<&str> = path.split('/').collect();
    let mut out = Vec::new();
    for (i, seg) in segments.iter().enumerate() {
        if !(seg.starts_with('{') && seg.ends_with('}')) {
            out.push(seg.to_string());
            continue;
        }
        let before = if i > 0 { segments[i - 1] } else { "" };
        let var = match (before, *seg) {
            ("groups", "{id}") => "group",
            ("places", "{id}") => "place",
            ("people", "{id}") if path.starts_with("/ap/") => "actor_person",
            ("groups", "{slug}") => "group_slug",
            ("places", "{slug}") => "place_slug",
            ("events", "{id}") => "event",
            ("services", "{id}") => "service",
            ("occurrences", "{original}") => "event_starts_at",
            ("members" | "requests", "{person_id}") => "group_member",
            ("opportunities", "{id}") => "opportunity",
            ("responses", "{response_id}") => "opportunity_response",
            ("circles", "{id}") => "circle",
            ("entries", "{entry}") => "entry",
            ("swaps", "{swap}") => "swap",
            ("rounds", "{round}") => "round",
            ("conversations", "{id}") => "conversation",
            ("mutual-aid" | "posts", "{id}") => "aid_post",
            ("reports", "{id}") if path.contains("mutual-aid") => "aid_report",
            ("reports", "{id}") => "voice_report",
            ("proposals", "{id}") => "proposal",
            ("comments", "{comment}") => "comment",
            ("polls", "{id}") => "poll",
            ("budgets", "{id}") => "budget",
            ("projects", "{project}") => "project",
            ("consultations", "{id}") => "consultation",
            ("surveys", "{id}") => "survey",
            ("campaigns", "{id}") => "campaign",
            ("stages", "{stage}") => "stage",
            ("pledges", "{pledge}") => "pledge",
            ("notices", "{id}") => "notice",
            ("local-reports", "{id}") => "local_report",
            ("blueprints", "{id}") => "blueprint",
            ("entries", "{id}") => "timebank_entry",
            ("tokens", "{id}") => "token_id",
            ("subscriptions" | "ical-subscriptions", "{id}") => "subscription",
            ("people", "{id}") => "resident",
            ("blocks", "{person}") => "resident",
            ("imports", "{format}") => "import_format",
            (_, "{token}") => "link_token",
            _ => panic!("no value for {seg} in {path}: add one to `concrete`"),
        };
        out.push(vars.get(var).cloned().unwrap_or_else(|| panic!("no {var} in the demo")));
    }
    out.join("/")
}

/// Bodies that must name a real resource for the refusal to be about who
/// asks rather than about what was sent.
fn body_for(method: &str, path: &str) -> Option<Value> {
    let group = json!("{group_slug}");
    Some(match (method, path) {
        ("POST", "/api/v1/events") => {
            json!({"group": group, "title": "Matrix", "date": "{future}", "start_time": "10:00"})
        }
        ("POST", "/api/v1/services") => json!({"group": group, "name": "Matrix"}),
        ("POST", "/api/v1/opportunities") => json!({"group": group, "title": "Matrix", "description": "Matrix"}),
        ("POST", "/api/v1/notices") => json!({"group": group, "title": "Matrix", "body": "Matrix"}),
        ("POST", "/api/v1/campaigns") => json!({"group": group, "title": "Matrix", "goal": "Matrix"}),
        ("POST", "/api/v1/polls") => json!({"group": group, "question": "Matrix?", "kind": "single",
            "options": ["A", "B"], "results": "live", "closes_on": "{future}", "place": "{place_slug}"}),
        ("POST", "/api/v1/blueprints/{id}/adoptions") => json!({"group": group}),
        ("POST", "/api/v1/blueprints/{id}/stories") => json!({"group": group, "story": "Matrix"}),
        ("POST", "/api/v1/budgets") => json!({"place": "{place_slug}", "title": "Matrix fund", "amount": "£100"}),
        ("POST", "/api/v1/proposals/{id}/answers") => {
            json!({"by": "{body_slug}", "state": "accepted", "answer": "Yes"})
        }
        ("POST", "/api/v1/mutual-aid/stewards") => json!({"place": "{place_slug}", "person": "{resident}"}),
        ("POST", "/api/v1/consultations") => json!({"body": "{body_slug}", "title": "Matrix", "purpose": "Matrix",
            "questions": "scale: How is it?", "closes_on": "{future}"}),
        ("POST", "/api/v1/surveys") => json!({"place": "{place_slug}", "title": "Matrix", "purpose": "Matrix",
            "questions": "scale: How is it?", "closes_on": "{future}"}),
        ("POST", "/api/v1/insight/releases") => json!({"source": "consultation", "dataset": "{consultation}",
            "title": "Matrix", "question": 0, "statistic": "histogram", "epsilon": 0.5}),
        ("POST", "/api/v1/circles/{id}/draw/commitment") => json!({"secret": "{secret}"}),
        ("POST", "/api/v1/circles/{id}/draw/reveal") => json!({"secret": "{secret}"}),
        ("POST", "/api/v1/circles/{id}/next-cycle") => json!({"start_on": "{future}"}),
        _ => return None,
    })
}

/// The fields of a page form beyond its CSRF token, where an empty form
/// would be refused for what it lacks before who sent it is considered.
fn form_for(path: &str) -> Vec<(&'static str, &'static str)> {
    match path {
        "/events"
        | "/services"
        | "/opportunities"
        | "/notices"
        | "/campaigns"
        | "/polls"
        | "/blueprints/{id}/adopt"
        | "/blueprints/{id}/stories" => vec![("group", "{group_slug}")],
        "/budgets" => vec![("title", "Matrix fund"), ("amount", "100"), ("place", "{place_slug}")],
        "/proposals/{id}/answers" => vec![("by", "{body_slug}"), ("state", "accepted"), ("answer", "Yes")],
        "/consultations" => vec![
            ("group", "{body_slug}"),
            ("title", "Matrix"),
            ("purpose", "Matrix"),
            ("questions", "scale: How is it?"),
            ("closes_on", "{future}"),
        ],
        "/surveys" => vec![
            ("runner", "place:{place_slug}"),
            ("title", "Matrix"),
            ("purpose", "Matrix"),
            ("questions", "scale: How is it?"),
            ("closes_on", "{future}"),
        ],
        "/circles/{id}/wind-up" => vec![("confirm", "on")],
        "/circles/{id}/next-cycle" => vec![("start_on", "{future}")],
        "/circles/{id}/draw/commitment" | "/circles/{id}/draw/reveal" => vec![("secret", "{secret}")],
        _ => vec![],
    }
}

/// The smallest JSON value the schema allows: every required field, of its
/// type; the first of an enumeration.
fn sample(schema: &Value, doc: &Value, depth: usize) -> Value {
    if depth > 8 {
        return Value::Null;
    }
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        let name = r.trim_start_matches("#/components/schemas/");
        return sample(&doc["components"]["schemas"][name], doc, depth + 1);
    }
    for key in ["oneOf", "anyOf", "allOf"] {
        if let Some(first) =
            schema.get(key).and_then(Value::as_array).and_then(|v| v.iter().find(|s| s["type"] != "null"))
        {
            return sample(first, doc, depth + 1);
        }
    }
    if let Some(first) = schema.get("enum").and_then(Value::as_array).and_then(|v| v.first()) {
        return first.clone();
    }
    let ty = match &schema["type"] {
        Value::Array(types) => types.iter().find(|t| *t != "null").and_then(Value::as_str).unwrap_or("null"),
        t => t.as_str().unwrap_or("object"),
    };
    match ty {
        "object" => {
            let mut out = serde_json::Map::new();
            for name in schema["required"].as_array().into_iter().flatten().filter_map(Value::as_str) {
                out.insert(name.to_string(), sample(&schema["properties"][name], doc, depth + 1));
            }
            Value::Object(out)
        }
        "array" => {
            let min = schema["minItems"].as_u64().unwrap_or(0);
            Value::Array((0..min).map(|_| sample(&schema["items"], doc, depth + 1)).collect())
        }
        "string" => match schema["format"].as_str() {
            Some("date") => json!("2031-01-01"),
            Some("date-time") => json!("2031-01-01T10:00:00Z"),
            Some("uuid") => json!(NOBODY),
            _ => json!("matrix"),
        },
        "integer" | "number" => json!(1),
        "boolean" => json!(false),
        _ => Value::Null,
    }
}

fn api_body(doc: &Value, method: &str, path: &str, vars: &Vars) -> Option<Value> {
    if let Some(body) = body_for(method, path) {
        return Some(serde_json::from_str(&fill(&body.to_string(), vars)).unwrap());
    }
    let op = &doc["paths"][path][method.to_ascii_lowercase()];
    let schema = op["requestBody"]["content"]["application/json"].get("schema")?;
    Some(sample(schema, doc, 0))
}

/// Everything in the database, as text, table by table — except what a
/// refused request may rightly touch: its rate-limit counter, the session's
/// and token's "last used".
async fn snapshot(app: &TestApp) -> BTreeMap<String, String> {
    // A node admin refused on a group's page is shown the page again, with
    // its member list, and that viewing is logged in each member's access
    // log, as any node admin's look at a member list is.
    const VOLATILE: &[&str] = &["rate_limits", "sessions", "api_tokens", "_sqlx_migrations", "personal_data_access"];
    let db = app.state.db.reader();
    let postgres = app.state.db.engine() == plural_store::Engine::Postgres;
    // SQLite's full-text indexes are left out: they are made from
    // search_documents, which is compared itself.
    let derived = |t: &str| t.contains("fts") || t == "search_near";
    let mut out = BTreeMap::new();
    for table in
        helpers::tables(&app.state.db).await.into_iter().filter(|t| !VOLATILE.contains(&t.as_str()) && !derived(t))
    {
        let text: Option<String> = if postgres {
            sqlx::query_scalar(&format!("SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) FROM {table} t"))
                .fetch_one(db)
                .await
                .unwrap()
        } else {
            let columns: Vec<String> = sqlx::query_scalar(&format!("SELECT name FROM pragma_table_info('{table}')"))
                .fetch_all(db)
                .await
                .unwrap();
            let row = columns.iter().map(|c| format!("quote(\"{c}\")")).collect::<Vec<_>>().join(" || ',' || ");
            sqlx::query_scalar(&format!("SELECT group_concat(r, '|') FROM (SELECT {row} AS r FROM {table} ORDER BY r)"))
                .fetch_one(db)
                .await
                .unwrap()
        };
        out.insert(table, text.unwrap_or_default());
    }
    out
}

fn changed(before: &BTreeMap<String, String>, after: &BTreeMap<String, String>) -> Vec<String> {
    after.iter().filter(|(t, v)| before.get(*t) != Some(*v)).map(|(t, _)| t.clone()).collect()
}

/// Whether the answer is a refusal: 401, 403 or 404; or, from a page, a
/// redirect to sign in, or back to the page with the reason as its notice
/// (`?notice=budget-steward-only`), as some pages tell it.
fn refused(status: StatusCode, location: &str) -> bool {
    let notice = location.split("notice=").nth(1).unwrap_or("");
    matches!(status, StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN | StatusCode::NOT_FOUND)
        || (status == StatusCode::SEE_OTHER
            && (location.starts_with("/sign-in") || notice.ends_with("-only") || notice.contains("not-allowed")))
}

struct Attempt<'a> {
    app: &'a TestApp,
    doc: &'a Value,
    vars: &'a Vars,
    /// A remote server's actor, to sign the remote role's requests.
    remote_key: (&'a str, &'a str),
    remote_base: &'a str,
    remote_actor: &'a str,
}

impl Attempt<'_> {
    /// Send the write as `who` (None: a remote server, signing it); the status and where it redirects.
    async fn send(&self, who: Option<&Role>, write: &Write) -> (StatusCode, String, String) {
        let app = self.app;
        let path = concrete(write.path, self.vars);
        let method = Method::from_bytes(write.method.as_bytes()).unwrap();
        let url = app.url(&path);
        // A remote server is refused like anyone without a session, even
        // with the CSRF token any visitor gets.
        let (client, jar, token) = match who {
            Some(r) => (r.client.clone(), r.jar.clone(), r.token.clone()),
            None => {
                let (client, jar) = app.new_client();
                (client, jar, None)
            }
        };
        let mut req = client.request(method.clone(), &url);
        let body: Vec<u8>;
        if write.path.starts_with("/ap/") || write.path == "/inbox" {
            let activity = json!({"@context": "https://www.w3.org/ns/activitystreams", "type": "Follow",
                "id": format!("{}/activities/{}", self.remote_base, uuid::Uuid::new_v4()),
                "actor": self.remote_actor, "object": url});
            body = activity.to_string().into_bytes();
            req = req.header("content-type", AS);
        } else if path.starts_with("/api/") {
            if let Some(t) = token {
                req = req.bearer_auth(t);
            }
            let value = api_body(self.doc, write.method, write.path, self.vars).unwrap_or(Value::Null);
            body = if value.is_null() { Vec::new() } else { value.to_string().into_bytes() };
            if !body.is_empty() {
                req = req.header("content-type", "application/json");
            }
        } else {
            let mut fields = vec![("csrf".to_string(), csrf_of(&client, &jar, &app.base).await)];
            fields.extend(form_for(write.path).into_iter().map(|(k, v)| (k.to_string(), fill(v, self.vars))));
            body = serde_urlencoded::to_string(&fields).unwrap().into_bytes();
            req = req.header("content-type", "application/x-www-form-urlencoded");
        }
        if who.is_none() {
            let u = url::Url::parse(&url).unwrap();
            let (key_id, pem) = self.remote_key;
            for (k, v) in plural_web::federation::signatures::sign_request(
                method.as_str(),
                &u,
                Some(&body),
                key_id,
                pem,
                SystemTime::now(),
            )
            .unwrap()
            {
                req = req.header(k, v);
            }
        }
        let res = req.body(body).send().await.unwrap();
        let status = res.status();
        let location = res.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
        (status, location, res.text().await.unwrap_or_default())
    }
}

async fn nobody_changes_what_they_may_not(engine: Engine) {
    let Some(app) = spawn_app_with(engine, Options { tune: |c| c.federation.allow_loopback = true }).await else {
        return;
    };
    let table = plural_web::routes().into_parts().1;
    let Cast { roles, insiders, event, opportunity, circle, entry, conversation, .. } = cast(&app).await;

    // Every change the router accepts is in the table, and nothing else is.
    let routes: BTreeSet<(String, &str)> =
        table.iter().filter(|r| r.method != Method::GET).map(|r| (r.method.to_string(), r.path)).collect();
    let listed: BTreeSet<(String, &str)> = WRITES.iter().map(|w| (w.method.to_string(), w.path)).collect();
    let missing: Vec<_> = routes.difference(&listed).collect();
    assert!(missing.is_empty(), "not in WRITES (say who may use them): {missing:?}");
    let extra: Vec<_> = listed.difference(&routes).collect();
    assert!(extra.is_empty(), "in WRITES but not in the router: {extra:?}");

    let q = |sql: String| {
        let app = &app;
        async move { one(app, &sql).await.unwrap_or_else(|| NOBODY.to_string()) }
    };
    let mut vars = Vars::new();
    let group = q(format!("SELECT group_id FROM events WHERE id = '{event}'")).await;
    vars.insert("group_slug", q(format!("SELECT slug FROM groups WHERE id = '{group}'")).await);
    vars.insert("place_slug", q("SELECT slug FROM places ORDER BY created_at LIMIT 1".into()).await);
    vars.insert(
        "service",
        q(format!(
            "SELECT id FROM directory_services ORDER BY CASE WHEN group_id = '{group}' THEN 0 ELSE 1 END LIMIT 1"
        ))
        .await,
    );
    vars.insert("place", q("SELECT id FROM places ORDER BY created_at LIMIT 1".into()).await);
    vars.insert("actor_person", q("SELECT id FROM people WHERE fediverse_handle IS NOT NULL LIMIT 1".into()).await);
    vars.insert("event_starts_at", q(format!("SELECT CAST(starts_at AS TEXT) FROM events WHERE id = '{event}'")).await);
    vars.insert(
        "group_member",
        q(format!("SELECT person_id FROM memberships WHERE group_id = '{group}' AND role = 'member' LIMIT 1")).await,
    );
    vars.insert(
        "opportunity_response",
        q(format!("SELECT id FROM opportunity_responses WHERE opportunity_id = '{opportunity}' LIMIT 1")).await,
    );
    vars.insert("swap", q(format!("SELECT id FROM circle_swaps WHERE circle_id = '{circle}' LIMIT 1")).await);
    vars.insert("round", "1".into());
    vars.insert("aid_post", q("SELECT id FROM aid_posts ORDER BY created_at LIMIT 1".into()).await);
    vars.insert("aid_report", q("SELECT id FROM aid_reports LIMIT 1".into()).await);
    vars.insert("voice_report", q("SELECT id FROM voice_reports LIMIT 1".into()).await);
    let proposal = q("SELECT id FROM proposals WHERE status = 'published' ORDER BY created_at LIMIT 1".into()).await;
    vars.insert(
        "comment",
        q(format!("SELECT id FROM proposal_comments WHERE proposal_id = '{proposal}' LIMIT 1")).await,
    );
    vars.insert("proposal", proposal);
    vars.insert("poll", q("SELECT id FROM polls ORDER BY created_at LIMIT 1".into()).await);
    let budget = q("SELECT id FROM budgets ORDER BY created_at LIMIT 1".into()).await;
    vars.insert("project", q(format!("SELECT id FROM budget_projects WHERE budget_id = '{budget}' LIMIT 1")).await);
    vars.insert("budget", budget);
    vars.insert("consultation", q("SELECT id FROM consultations ORDER BY created_at LIMIT 1".into()).await);
    vars.insert("survey", q("SELECT id FROM surveys ORDER BY created_at LIMIT 1".into()).await);
    let campaign = q("SELECT id FROM campaigns ORDER BY created_at LIMIT 1".into()).await;
    vars.insert("stage", q(format!("SELECT id FROM campaign_stages WHERE campaign_id = '{campaign}' LIMIT 1")).await);
    vars.insert("pledge", q(format!("SELECT id FROM campaign_pledges WHERE campaign_id = '{campaign}' LIMIT 1")).await);
    vars.insert("campaign", campaign);
    vars.insert("notice", q("SELECT id FROM notices ORDER BY created_at LIMIT 1".into()).await);
    vars.insert("local_report", q("SELECT id FROM local_reports ORDER BY created_at LIMIT 1".into()).await);
    vars.insert("blueprint", q("SELECT blueprint_id FROM blueprints LIMIT 1".into()).await);
    vars.insert("timebank_entry", q("SELECT id FROM timebank_entries ORDER BY recorded_at LIMIT 1".into()).await);
    vars.insert("subscription", q("SELECT id FROM ical_subscriptions LIMIT 1".into()).await);
    let node_admin = roles.iter().find(|r| r.name == "node admin").and_then(|r| r.person).unwrap();
    vars.insert("token_id", q(format!("SELECT id FROM api_tokens WHERE person_id = '{node_admin}' LIMIT 1")).await);
    let resident = roles.iter().find(|r| r.name == "member").and_then(|r| r.person).unwrap();
    vars.insert("resident", resident.to_string());
    vars.insert("import_format", "csv".into());
    vars.insert("future", (chrono::Utc::now() + chrono::Duration::days(30)).format("%Y-%m-%d").to_string());
    vars.insert("secret", "00".repeat(32));
    vars.insert(
        "body_slug",
        q("SELECT slug FROM groups WHERE verified_public_body_at IS NOT NULL ORDER BY created_at LIMIT 1".into()).await,
    );
    vars.insert("link_token", "matrix-not-a-real-token".into());
    vars.insert("group", group);
    vars.insert("event", event);
    vars.insert("opportunity", opportunity);
    vars.insert("circle", circle);
    vars.insert("entry", entry);
    vars.insert("conversation", conversation);

    let doc: Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    let remote = FakeServer::start().await;
    let mallory = remote.actor("mallory");
    let attempt = Attempt {
        app: &app,
        doc: &doc,
        vars: &vars,
        remote_key: (&mallory.key_id, &mallory.private_pem),
        remote_base: &remote.base,
        remote_actor: &mallory.id,
    };

    let mut tried = 0;
    let mut failures = Vec::new();
    let mut before = snapshot(&app).await;
    for write in WRITES {
        let allowed: BTreeSet<PersonId> = match &write.who {
            Who::Public => continue,
            Who::Signed | Who::SignedIn => roles.iter().chain(insiders.iter()).filter_map(|r| r.person).collect(),
            Who::People(sql) => people(&app, &fill(sql, &vars)).await,
        };
        let may = |r: &Role| r.person.is_some_and(|p| allowed.contains(&p));
        // Everyone who may not, and a remote server signing its request
        // (which may only use the inboxes).
        let mut who: Vec<Option<&Role>> = roles.iter().chain(insiders.iter()).filter(|r| !may(r)).map(Some).collect();
        if !matches!(write.who, Who::Signed) {
            who.push(None);
        }
        for role in who {
            let name = role.map_or("a remote server", |r| r.name);
            let (status, location, body) = attempt.send(role, write).await;
            tried += 1;
            if !refused(status, &location) {
                failures.push(format!(
                    "{name} must not use {} {}, got {status} {location}: {body:.200}",
                    write.method, write.path
                ));
            }
        }
        let after = snapshot(&app).await;
        let touched = changed(&before, &after);
        if !touched.is_empty() {
            failures.push(format!("refused {} {} still changed {touched:?}", write.method, write.path));
        }
        before = after;
    }
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
    println!("write matrix: {} routes, {tried} refused attempts", WRITES.len());
    app.stop().await;
}

/// This node's ActivityStreams document at `path`.
async fn as_document(app: &TestApp, path: &str) -> Value {
    app.client.get(app.url(path)).header("accept", AS).send().await.unwrap().json().await.unwrap()
}

/// A remote server, signing as its own actor, tries to change what belongs
/// to this node: its events, groups and people. The inbox refuses each
/// (the object is not the sender's), and nothing of this node changes.
async fn remote_actors_cannot_change_this_nodes_things(engine: Engine) {
    let Some(app) = spawn_app_with(engine, Options { tune: |c| c.federation.allow_loopback = true }).await else {
        return;
    };
    plural::demo::seed(&app.state.db, &app.key).await.unwrap();
    let remote = FakeServer::start().await;
    let mallory = remote.actor("mallory");
    let event = one(&app, "SELECT id FROM events WHERE status = 'published' LIMIT 1").await.unwrap();
    let slug = one(&app, "SELECT slug FROM groups ORDER BY created_at LIMIT 1").await.unwrap();
    let group: Value = as_document(&app, &format!("/groups/{slug}")).await;
    let event_doc: Value = as_document(&app, &format!("/events/{event}")).await;
    let inbox = group["inbox"].as_str().unwrap().to_string();
    let activity = |kind: &str, object: Value| {
        json!({"@context": "https://www.w3.org/ns/activitystreams",
            "id": format!("{}/activities/{}", remote.base, uuid::Uuid::new_v4()),
            "type": kind, "actor": mallory.id, "object": object})
    };
    let mut renamed = event_doc.clone();
    renamed["name"] = json!("Cancelled by mallory");
    let tries = [
        ("an Update of this node's event", activity("Update", renamed)),
        ("a Delete of this node's event", activity("Delete", json!(event_doc["id"]))),
        ("a Delete of this node's group", activity("Delete", group["id"].clone())),
        (
            "a Create of an event under this node's address",
            activity("Create", {
                let mut e = event_doc.clone();
                e["id"] = json!(format!("{}/events/{NOBODY}", app.base));
                e
            }),
        ),
        (
            "an Undo of a follow that is not the sender's",
            activity(
                "Undo",
                json!({"type": "Follow",
            "id": format!("{}/follows/1", app.base), "actor": group["id"], "object": mallory.id}),
            ),
        ),
    ];
    let place = one(&app, "SELECT id FROM places ORDER BY created_at LIMIT 1").await.unwrap();
    let before = snapshot(&app).await;
    for (what, act) in &tries {
        let (status, body) = send(&app, &inbox, &mallory, act).await;
        assert!(
            matches!(status, StatusCode::FORBIDDEN | StatusCode::UNAUTHORIZED | StatusCode::BAD_REQUEST),
            "{what} must be refused, got {status}: {body}"
        );
    }
    // Sent to a person's and a place's inbox too, and unsigned to the shared one.
    let place_inbox = app.url(&format!("/ap/places/{place}/inbox"));
    let (status, _) = send(&app, &place_inbox, &mallory, &tries[0].1).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let res =
        signed_post(&app.client, &app.url("/inbox"), b"{}", &mallory.key_id, &mallory.private_pem, SystemTime::now())
            .await;
    assert!(res.status().is_client_error());
    let after = snapshot(&app).await;
    // The sender's actor document is fetched (signed with this node's own
    // key, made on first use) and kept; nothing else.
    let touched: Vec<String> =
        changed(&before, &after).into_iter().filter(|t| t != "fed_remote_actors" && t != "fed_keys").collect();
    assert!(touched.is_empty(), "a refused activity changed {touched:?}");
    let still: Value = as_document(&app, &format!("/events/{event}")).await;
    assert_eq!(still["name"], event_doc["name"]);
    app.stop().await;
}
