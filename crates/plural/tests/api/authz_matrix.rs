//! The authorization matrix, over the demo node and the router's own table
//! (so a route added tomorrow is walked too), for each role: anonymous, a
//! member of a place, a member of another place, a group member and a
//! group admin of the resource's group, another group's admin, a verified
//! public body's member, the node admin, and a remote ActivityPub client.
//!
//! Two kinds of check:
//! - every GET route, with real ids from the demo in its path, as every
//!   role: never a server error, and never anyone else's email address in
//!   what comes back (pages, API, feeds, exports, federation documents);
//! - the private routes (RSVP lists, volunteers' responses, savings
//!   circles, mutual-aid conversations, moderation queues, account and
//!   admin pages): the roles that may see them get them, every other role
//!   is refused — and the table of private routes must name each route
//!   whose path says it is private, so none can be added unnoticed.

use std::collections::{BTreeMap, BTreeSet};

use plural_kernel::PersonId;
use reqwest::{Method, StatusCode};

use crate::both_engines;
use crate::helpers::{spawn_app, Engine, TestApp};

both_engines!(every_role_sees_only_what_it_may);

pub(crate) const NOBODY: &str = "0190aaaa-0000-7000-8000-000000000000";

/// Who asks: a browser session and an API token with every scope, or nobody.
pub(crate) struct Role {
    pub name: &'static str,
    pub person: Option<PersonId>,
    pub client: reqwest::Client,
    pub jar: std::sync::Arc<reqwest::cookie::Jar>,
    pub token: Option<String>,
}

pub(crate) async fn role(app: &TestApp, name: &'static str, person: Option<PersonId>) -> Role {
    let (client, jar) = app.new_client();
    let mut token = None;
    if let Some(p) = person {
        let session = plural_store::sessions::create(&app.state.db, p, 3600).await.unwrap();
        let url = reqwest::Url::parse(&app.base).unwrap();
        jar.add_cookie_str(&format!("plural_session={session}; Path=/"), &url);
        let (_, secret) =
            plural_store::tokens::create(&app.state.db, p, "matrix", &["read", "write", "admin"]).await.unwrap();
        token = Some(secret);
    }
    Role { name, person, client, jar, token }
}

async fn get(app: &TestApp, who: &Role, path: &str) -> (StatusCode, String) {
    let mut req = who.client.get(app.url(path));
    if path.starts_with("/api/") {
        if let Some(t) = &who.token {
            req = req.bearer_auth(t);
        }
    }
    let res = req.send().await.unwrap();
    let status = res.status();
    (status, res.text().await.unwrap_or_default())
}

pub(crate) async fn one(app: &TestApp, sql: &str) -> Option<String> {
    sqlx::query_scalar::<_, String>(sql).fetch_optional(app.state.db.reader()).await.ok().flatten()
}

async fn person(app: &TestApp, sql: &str) -> PersonId {
    one(app, sql).await.unwrap_or_else(|| panic!("no person for {sql}")).parse().unwrap()
}

/// A real value for each `{parameter}` of a path, by the segment before it.
async fn fill(app: &TestApp, path: &str) -> String {
    let mut out = Vec::new();
    let segments: Vec<&str> = path.split('/').collect();
    for (i, seg) in segments.iter().enumerate() {
        if !(seg.starts_with('{') && seg.ends_with('}')) {
            out.push(seg.to_string());
            continue;
        }
        let before = if i > 0 { segments[i - 1] } else { "" };
        let sql = match (before, *seg) {
            ("places", "{slug}") => "SELECT slug FROM places ORDER BY created_at LIMIT 1",
            ("groups", "{slug}") => "SELECT slug FROM groups ORDER BY created_at LIMIT 1",
            ("places", "{id}") => "SELECT id FROM places ORDER BY created_at LIMIT 1",
            ("groups", "{id}") => "SELECT id FROM groups ORDER BY created_at LIMIT 1",
            ("log", "{place}") => "SELECT slug FROM places ORDER BY created_at LIMIT 1",
            ("events", "{id}") => "SELECT id FROM events ORDER BY created_at LIMIT 1",
            ("services", "{id}") => "SELECT id FROM directory_services LIMIT 1",
            ("opportunities", "{id}") => "SELECT id FROM opportunities LIMIT 1",
            ("notices", "{id}") => "SELECT id FROM notices LIMIT 1",
            ("polls", "{id}") => "SELECT id FROM polls LIMIT 1",
            ("proposals", "{id}") => "SELECT id FROM proposals LIMIT 1",
            ("budgets", "{id}") => "SELECT id FROM budgets LIMIT 1",
            ("consultations", "{id}") => "SELECT id FROM consultations LIMIT 1",
            ("surveys", "{id}") => "SELECT id FROM surveys LIMIT 1",
            ("campaigns", "{id}") => "SELECT id FROM campaigns LIMIT 1",
            ("circles", "{id}") => "SELECT id FROM circles LIMIT 1",
            ("blueprints", "{id}") => "SELECT id FROM blueprints LIMIT 1",
            ("local-reports", "{id}") => "SELECT id FROM local_reports LIMIT 1",
            ("insight", "{id}") | ("releases", "{id}") => "SELECT id FROM insight_releases LIMIT 1",
            ("mutual-aid", "{id}") | ("posts", "{id}") => "SELECT id FROM aid_posts LIMIT 1",
            ("conversations", "{id}") => "SELECT id FROM aid_conversations LIMIT 1",
            ("organizations", "{id}") => "SELECT id FROM groups ORDER BY created_at LIMIT 1",
            ("taxonomy_terms", "{id}") => "SELECT id FROM directory_taxonomy_terms LIMIT 1",
            ("taxonomies", "{id}") => "SELECT id FROM directory_taxonomies LIMIT 1",
            ("people", "{handle}") => "SELECT fediverse_handle FROM people WHERE fediverse_handle IS NOT NULL LIMIT 1",
            ("people", "{id}") => "SELECT id FROM people WHERE fediverse_handle IS NOT NULL LIMIT 1",
            _ => "",
        };
        let value = if sql.is_empty() { None } else { one(app, sql).await };
        out.push(value.unwrap_or_else(|| NOBODY.to_string()));
    }
    out.join("/")
}

/// Who may read a private route.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Audience {
    /// Anyone signed in (it is their own account).
    SignedIn,
    NodeAdmins,
    /// The stewards of any place, and node admins (moderation queues).
    Stewards,
    /// The admins and owners of the group that organises the event.
    EventOrganisers,
    /// The admins and owners of the group offering the opportunity.
    OpportunityOrganisers,
    CircleMembers,
    /// The two people in a mutual-aid conversation.
    ConversationParties,
}

/// A private route and who may read it.
struct Private {
    path: &'static str,
    audience: Audience,
}

/// Every route whose path says it holds something private, and who may
/// read it. Everyone else is refused.
const PRIVATE: &[Private] = &[
    Private { path: "/account", audience: Audience::SignedIn },
    Private { path: "/account/export", audience: Audience::SignedIn },
    Private { path: "/api/v1/me", audience: Audience::SignedIn },
    Private { path: "/api/v1/me/export", audience: Audience::SignedIn },
    Private { path: "/admin", audience: Audience::NodeAdmins },
    Private { path: "/admin/federation", audience: Audience::NodeAdmins },
    Private { path: "/admin/imports", audience: Audience::NodeAdmins },
    Private { path: "/api/v1/admin/people", audience: Audience::NodeAdmins },
    Private { path: "/events/{id}/rsvps", audience: Audience::EventOrganisers },
    Private { path: "/api/v1/events/{id}/rsvps", audience: Audience::EventOrganisers },
    Private { path: "/opportunities/{id}/responses", audience: Audience::OpportunityOrganisers },
    Private { path: "/api/v1/opportunities/{id}/responses", audience: Audience::OpportunityOrganisers },
    Private { path: "/circles/{id}", audience: Audience::CircleMembers },
    Private { path: "/api/v1/circles/{id}", audience: Audience::CircleMembers },
    Private { path: "/api/v1/circles/{id}/entries", audience: Audience::CircleMembers },
    Private { path: "/api/v1/circles/{id}/settlement", audience: Audience::CircleMembers },
    Private { path: "/circles/{id}/entries/{entry}", audience: Audience::CircleMembers },
    Private { path: "/circles/{id}/statement.csv", audience: Audience::CircleMembers },
    Private { path: "/mutual-aid/conversations/{id}", audience: Audience::ConversationParties },
    Private { path: "/api/v1/mutual-aid/conversations/{id}", audience: Audience::ConversationParties },
    Private { path: "/mutual-aid/moderation", audience: Audience::Stewards },
    Private { path: "/voice/moderation", audience: Audience::Stewards },
    Private { path: "/api/v1/mutual-aid/reports", audience: Audience::Stewards },
    Private { path: "/api/v1/voice/reports", audience: Audience::Stewards },
];

/// Words in a path that mean what is behind it is not for everyone.
const PRIVATE_WORDS: &[&str] = &[
    "rsvps",
    "responses",
    "/circles/{id}",
    "conversations/{id}",
    "moderation",
    "/admin",
    "/account",
    "/api/v1/me",
    "reports",
];

/// The first address of a person of this node (the demo's and the test's
/// own people) in a body, if any.
fn email_in(body: &str) -> Option<String> {
    ["@demo.plural.test", "@brixton-hill.example.org", "@example.org"].iter().find_map(|domain| {
        let at = body.find(domain)?;
        let start =
            body[..at].rfind(|c: char| !(c.is_ascii_alphanumeric() || "._%+-".contains(c))).map_or(0, |i| i + 1);
        Some(body[start..at + domain.len()].to_string())
    })
}

pub(crate) async fn people(app: &TestApp, sql: &str) -> BTreeSet<PersonId> {
    sqlx::query_scalar::<_, String>(sql)
        .fetch_all(app.state.db.reader())
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.parse().unwrap())
        .collect()
}

/// The demo node's people in every role, who may read each private route,
/// and the resources the private routes are checked on.
pub(crate) struct Cast {
    pub roles: Vec<Role>,
    /// People with a part in one private resource each.
    pub insiders: Vec<Role>,
    pub audiences: BTreeMap<Audience, BTreeSet<PersonId>>,
    pub event: String,
    pub opportunity: String,
    pub circle: String,
    pub entry: String,
    pub conversation: String,
}

/// Seeds the demo and finds (or makes) a person for every role.
pub(crate) async fn cast(app: &TestApp) -> Cast {
    plural::demo::seed(&app.state.db, &app.key).await.unwrap();
    plural::demo_blueprints::seed_adoptions(&app.state).await.unwrap();

    // The resources the private routes are checked on.
    let event = one(app, "SELECT event_id FROM event_rsvps LIMIT 1").await.expect("a demo event with RSVPs");
    let opportunity = one(app, "SELECT opportunity_id FROM opportunity_responses LIMIT 1")
        .await
        .expect("a demo opportunity with responses");
    let circle = one(app, "SELECT id FROM circles LIMIT 1").await.expect("a demo circle");
    let entry = one(app, &format!("SELECT id FROM circle_entries WHERE circle_id = '{circle}' LIMIT 1"))
        .await
        .expect("a demo circle entry");
    let conversation = one(app, "SELECT id FROM aid_conversations LIMIT 1").await.expect("a demo conversation");
    let group = one(app, &format!("SELECT group_id FROM events WHERE id = '{event}'")).await.unwrap();
    let organisers =
        |g: &str| format!("SELECT person_id FROM memberships WHERE group_id = '{g}' AND role IN ('admin', 'owner')");
    let opportunity_group =
        one(app, &format!("SELECT group_id FROM opportunities WHERE id = '{opportunity}'")).await.unwrap();
    // Who may read each kind of private route.
    let mut audiences: BTreeMap<Audience, BTreeSet<PersonId>> = BTreeMap::new();
    audiences.insert(Audience::SignedIn, people(app, "SELECT id FROM people").await);
    audiences.insert(Audience::NodeAdmins, people(app, "SELECT id FROM people WHERE is_node_admin = 1").await);
    let stewards = "SELECT person_id FROM place_stewards UNION SELECT id FROM people WHERE is_node_admin = 1";
    audiences.insert(Audience::Stewards, people(app, stewards).await);
    audiences.insert(Audience::EventOrganisers, people(app, &organisers(&group)).await);
    audiences.insert(Audience::OpportunityOrganisers, people(app, &organisers(&opportunity_group)).await);
    let in_circle = format!("SELECT person_id FROM circle_members WHERE circle_id = '{circle}'");
    audiences.insert(Audience::CircleMembers, people(app, &in_circle).await);
    let parties = format!(
        "SELECT author_id FROM aid_conversations WHERE id = '{conversation}'
         UNION SELECT responder_id FROM aid_conversations WHERE id = '{conversation}'"
    );
    audiences.insert(Audience::ConversationParties, people(app, &parties).await);

    // The roles: people of the demo in each position, and three with no
    // part in any of it (a resident of the place, one of another place, the
    // admin of an unrelated group).
    let group_admin = person(app, &(organisers(&group) + " ORDER BY joined_at LIMIT 1")).await;
    let group_member = person(
        app,
        &format!(
        "SELECT person_id FROM memberships WHERE group_id = '{group}' AND role = 'member' ORDER BY joined_at LIMIT 1"
    ),
    )
    .await;
    let node_admin = person(app, "SELECT id FROM people WHERE is_node_admin = 1 LIMIT 1").await;
    let body_member = person(
        app,
        "SELECT m.person_id FROM memberships m JOIN groups g ON g.id = m.group_id
         WHERE g.verified_public_body_at IS NOT NULL ORDER BY m.joined_at LIMIT 1",
    )
    .await;
    let place: plural_kernel::PlaceId =
        one(app, "SELECT id FROM places ORDER BY created_at LIMIT 1").await.unwrap().parse().unwrap();
    let elsewhere = app.place("matrix-elsewhere", "Elsewhere").await;
    let mut fresh = Vec::new();
    for (name, home) in [("member", Some(place)), ("outsider", Some(elsewhere)), ("other-admin", None)] {
        let email = format!("matrix-{name}@example.org");
        app.api_person("Matrix resident", &email, &["read"]).await;
        let id = app.person_id(&email).await;
        let update = plural_store::people::ProfileUpdate {
            display_name: "Matrix resident",
            language: plural_kernel::language::Language::En,
            home_place_id: home,
        };
        plural_store::people::update_profile(&app.state.db, id, update).await.unwrap();
        audiences.get_mut(&Audience::SignedIn).unwrap().insert(id);
        fresh.push(id);
    }
    sqlx::query(
        "INSERT INTO memberships (group_id, person_id, role, joined_at)
         SELECT id, $1, 'admin', 0 FROM groups WHERE id NOT IN ($2, $3) AND verified_public_body_at IS NULL
         ORDER BY created_at DESC LIMIT 1",
    )
    .bind(fresh[2].to_string())
    .bind(&group)
    .bind(&opportunity_group)
    .execute(app.state.db.writer())
    .await
    .unwrap();
    let circle_member = audiences[&Audience::CircleMembers].iter().next().copied().expect("a circle member");
    let party = audiences[&Audience::ConversationParties].iter().next().copied().expect("a conversation");
    let opportunity_admin = audiences[&Audience::OpportunityOrganisers].iter().next().copied().expect("an organiser");
    let roles = vec![
        role(app, "anonymous", None).await,
        role(app, "member", Some(fresh[0])).await,
        role(app, "other place's member", Some(fresh[1])).await,
        role(app, "group member", Some(group_member)).await,
        role(app, "group admin", Some(group_admin)).await,
        role(app, "other group's admin", Some(fresh[2])).await,
        role(app, "public body", Some(body_member)).await,
        role(app, "node admin", Some(node_admin)).await,
    ];
    let insiders = [
        role(app, "circle member", Some(circle_member)).await,
        role(app, "in the conversation", Some(party)).await,
        role(app, "the opportunity's organiser", Some(opportunity_admin)).await,
    ];

    Cast { roles, insiders: insiders.into(), audiences, event, opportunity, circle, entry, conversation }
}

async fn every_role_sees_only_what_it_may(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let table = plural_web::routes().into_parts().1;
    let Cast { roles, insiders, audiences, event, opportunity, circle, entry, conversation } = cast(&app).await;

    // Every private-looking route is in the table above, so none escapes.
    for r in table.iter().filter(|r| r.method == Method::GET) {
        let looks_private = PRIVATE_WORDS.iter().any(|w| r.path.contains(w))
            && !r.path.contains("local-reports")
            && !r.path.contains("/reports")
            && !r.path.starts_with("/api/v1/me/digest")
            && !r.path.starts_with("/api/v1/me/tokens")
            && !r.path.starts_with("/account/");
        if looks_private {
            assert!(PRIVATE.iter().any(|p| p.path == r.path), "GET {} looks private: add it to PRIVATE", r.path);
        }
    }

    // The private routes: their audience gets them, everyone else is refused.
    for p in PRIVATE {
        let id = match p.audience {
            Audience::EventOrganisers => event.as_str(),
            Audience::OpportunityOrganisers => opportunity.as_str(),
            Audience::CircleMembers => circle.as_str(),
            Audience::ConversationParties => conversation.as_str(),
            Audience::SignedIn | Audience::NodeAdmins | Audience::Stewards => NOBODY,
        };
        let path = p.path.replace("{id}", id).replace("{entry}", &entry);
        let mut allowed_seen = false;
        for who in roles.iter().chain(insiders.iter()) {
            let allowed = who.person.is_some_and(|person| audiences[&p.audience].contains(&person));
            let (status, body) = get(&app, who, &path).await;
            if allowed {
                allowed_seen = true;
                assert_eq!(status, StatusCode::OK, "{} should read {path}: {body:.300}", who.name);
            } else {
                assert!(
                    matches!(
                        status,
                        StatusCode::SEE_OTHER
                            | StatusCode::UNAUTHORIZED
                            | StatusCode::FORBIDDEN
                            | StatusCode::NOT_FOUND
                    ),
                    "{} must not read {path}, got {status}: {body:.300}",
                    who.name
                );
            }
        }
        assert!(allowed_seen, "nobody was shown {path}: the check proves nothing");
    }

    // Every GET route, as every role: no server error, nobody else's email.
    let mut asked = 0;
    for r in table.iter().filter(|r| r.method == Method::GET) {
        let path = fill(&app, r.path).await;
        for who in &roles {
            asked += 1;
            let (status, body) = get(&app, who, &path).await;
            assert!(!status.is_server_error(), "{} on {path}: {status}", who.name);
            // Their own address on their own account pages is theirs to see.
            let mine = path.starts_with("/account") || path.starts_with("/api/v1/me");
            if let Some(address) = email_in(&body) {
                assert!(mine, "{} read an email address ({address}) on {path}", who.name);
            }
        }
        // A remote ActivityPub client asking for the same URL.
        let res = app.client.get(app.url(&path)).header("Accept", "application/activity+json").send().await.unwrap();
        assert!(!res.status().is_server_error(), "ActivityPub GET {path}: {}", res.status());
        let body = res.text().await.unwrap_or_default();
        assert_eq!(email_in(&body), None, "an ActivityPub client read an email address on {path}");
    }
    let gets = table.iter().filter(|r| r.method == Method::GET).count();
    println!("read matrix: {gets} GET routes, {} private routes, {asked} requests", PRIVATE.len());
    app.stop().await;
}
