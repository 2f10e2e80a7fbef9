//! `plural demo`: a node full of realistic content, so a newcomer sees every
//! capability working within minutes. Each module adds its own demo content
//! here when it lands.

use plural_kernel::groups::{GroupKind, JoinPolicy, Role};
use plural_kernel::places::Footprint;
use plural_kernel::{PersonId, PlaceId};
use plural_store::groups::GroupFields;
use plural_store::places::PlaceFields;
use plural_store::{Db, NodeKey};
use plural_web::Config;

use crate::settings;
use crate::setup;

/// Every demo account uses this password (it is a demo: say so loudly).
pub const DEMO_PASSWORD: &str = "community garden tuesday";
pub const DEMO_ADMIN: &str = "amara@demo.plural.test";

pub const WELCOME: &str = "\n  Plural demo node: {base}\n\n  Sign in as the node admin:  amara@demo.plural.test\n  or as a resident:           kwame@demo.plural.test\n  Password for every demo account: community garden tuesday\n\n  Emails (sign-in links) are printed in this log.\n";

/// Create the demo node if this data folder has none yet.
pub async fn ensure(config: &Config) -> anyhow::Result<()> {
    settings::create_key_file(config)?;
    let key = settings::node_key(config)?;
    let db = setup::connect(config).await?;
    if plural_store::places::node_name(&db).await?.is_some() {
        return Ok(());
    }
    seed(&db, &key).await?;
    // Adoptions go through the node's own adoption service, which needs
    // the node built (nothing listens; the caller serves it afterwards).
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let app = plural_web::App::build_on(config.clone(), key, listener).await?;
    crate::demo_blueprints::seed_adoptions(app.state()).await?;
    settings::write_config_file(config)?;
    Ok(())
}

struct DemoPerson {
    email: &'static str,
    name: &'static str,
}

const PEOPLE: &[DemoPerson] = &[
    DemoPerson { email: DEMO_ADMIN, name: "Amara (node steward)" },
    DemoPerson { email: "kwame@demo.plural.test", name: "Kwame" },
    DemoPerson { email: "bea@demo.plural.test", name: "Auntie Bea" },
    DemoPerson { email: "tomasz@demo.plural.test", name: "Tomasz K." },
    DemoPerson { email: "hodan@demo.plural.test", name: "Hodan" },
    DemoPerson { email: "rahim@demo.plural.test", name: "Rahim from Loughborough Estate" },
    DemoPerson { email: "grace@demo.plural.test", name: "Grace O." },
    DemoPerson { email: "sofia@demo.plural.test", name: "Sofia" },
    DemoPerson { email: "mo@demo.plural.test", name: "Mo the gardener" },
    DemoPerson { email: "priya@demo.plural.test", name: "Priya (Lambeth Council)" },
    DemoPerson { email: "lena@demo.plural.test", name: "Lena W." },
    DemoPerson { email: "joe@demo.plural.test", name: "Joe" },
];

struct DemoPlace {
    slug: &'static str,
    name: &'static str,
    parent: Option<&'static str>,
    description: &'static str,
    centre: (f64, f64, f64),
}

const PLACES: &[DemoPlace] = &[
    DemoPlace {
        slug: "lambeth",
        name: "Lambeth",
        parent: None,
        description:
            "A south London borough of about 320,000 people, from the river at Waterloo to Norwood in the south.",
        centre: (51.4571, -0.1231, 5500.0),
    },
    DemoPlace {
        slug: "coldharbour",
        name: "Coldharbour",
        parent: Some("lambeth"),
        description: "The ward around Loughborough Junction and the Moorlands and Loughborough estates.",
        centre: (51.4652, -0.1050, 900.0),
    },
    DemoPlace {
        slug: "brixton-hill",
        name: "Brixton Hill",
        parent: Some("lambeth"),
        description: "From Brixton's town centre up the hill towards Streatham.",
        centre: (51.4521, -0.1196, 1000.0),
    },
    DemoPlace {
        slug: "stockwell",
        name: "Stockwell",
        parent: Some("lambeth"),
        description: "Home to London's largest Portuguese-speaking community and the Stockwell Park estate.",
        centre: (51.4723, -0.1226, 900.0),
    },
    DemoPlace {
        slug: "southwark",
        name: "Southwark",
        parent: None,
        description: "Lambeth's neighbour to the east: Bermondsey, Peckham, Camberwell and Dulwich.",
        centre: (51.4734, -0.0728, 5000.0),
    },
    DemoPlace {
        slug: "peckham",
        name: "Peckham",
        parent: Some("southwark"),
        description: "Rye Lane, the market, and one of the most diverse high streets in Britain.",
        centre: (51.4700, -0.0690, 900.0),
    },
];

struct DemoGroup {
    slug: &'static str,
    name: &'static str,
    place: &'static str,
    kind: GroupKind,
    policy: JoinPolicy,
    verified: bool,
    description: &'static str,
    /// (person index, role); the first is the creator and owner.
    members: &'static [(usize, Role)],
    /// People who asked to join and wait for an answer.
    requests: &'static [usize],
}

const GROUPS: &[DemoGroup] = &[
    DemoGroup {
        slug: "coldharbour-tenants",
        name: "Coldharbour Tenants' Association",
        place: "coldharbour",
        kind: GroupKind::CommunityGroup,
        policy: JoinPolicy::Open,
        verified: false,
        description: "Residents of the Loughborough and Moorlands estates working together on repairs, rent and safety. Meetings on the first Tuesday of the month at the community flat.",
        members: &[(1, Role::Owner), (2, Role::Admin), (5, Role::Member), (8, Role::Member), (11, Role::Member)],
        requests: &[],
    },
    DemoGroup {
        slug: "brixton-food-share",
        name: "Brixton Food Share",
        place: "brixton-hill",
        kind: GroupKind::Charity,
        policy: JoinPolicy::Approval,
        verified: false,
        description: "Surplus food from market traders shared every Thursday and Saturday. No referral needed, no questions asked. Volunteers welcome.",
        members: &[(6, Role::Owner), (7, Role::Admin), (4, Role::Member), (1, Role::Member)],
        requests: &[3, 10],
    },
    DemoGroup {
        slug: "lambeth-council",
        name: "Lambeth Council — Community Engagement",
        place: "lambeth",
        kind: GroupKind::PublicBody,
        policy: JoinPolicy::InviteOnly,
        verified: true,
        description: "The council's community engagement team. We publish consultations here and answer proposals from residents.",
        members: &[(9, Role::Owner)],
        requests: &[],
    },
    DemoGroup {
        slug: "stockwell-sewing-circle",
        name: "Stockwell Sewing Circle",
        place: "stockwell",
        kind: GroupKind::Informal,
        policy: JoinPolicy::Open,
        verified: false,
        description: "Bring something to mend or learn to use a machine. Portuguese, English and Polish spoken. Wednesdays, 2–4pm.",
        members: &[(2, Role::Owner), (3, Role::Member), (7, Role::Member)],
        requests: &[],
    },
    DemoGroup {
        slug: "peckham-digital",
        name: "Peckham Digital Inclusion CIC",
        place: "peckham",
        kind: GroupKind::SocialEnterprise,
        policy: JoinPolicy::Approval,
        verified: false,
        description: "Free help with phones, laptops, forms and scams. Refurbished laptops for families who need one. Free wifi in our drop-in.",
        members: &[(10, Role::Owner), (4, Role::Admin)],
        requests: &[11],
    },
    DemoGroup {
        slug: "loughborough-junction-garden",
        name: "Loughborough Junction Community Garden",
        place: "coldharbour",
        kind: GroupKind::CommunityGroup,
        policy: JoinPolicy::Open,
        verified: false,
        description: "A growing space on the old railway land. Saturday work mornings, seed swaps in spring, and a harvest meal in September.",
        members: &[(8, Role::Owner), (1, Role::Member), (5, Role::Member), (6, Role::Member)],
        requests: &[],
    },
    DemoGroup {
        slug: "rye-lane-traders",
        name: "Rye Lane Traders",
        place: "peckham",
        kind: GroupKind::Business,
        policy: JoinPolicy::Approval,
        verified: false,
        description: "Independent shops and stalls on Rye Lane keeping the high street for local people.",
        members: &[(11, Role::Owner), (3, Role::Member)],
        requests: &[],
    },
];

/// Fill an empty database with the demo node.
pub async fn seed(db: &Db, key: &NodeKey) -> anyhow::Result<()> {
    plural_store::places::set_node_name(db, "Lambeth & Southwark Commons").await?;
    let mut places: Vec<(&str, PlaceId)> = Vec::new();
    for p in PLACES {
        let parent = p.parent.and_then(|slug| places.iter().find(|(s, _)| *s == slug).map(|(_, id)| *id));
        let footprint = Footprint::Circle { latitude: p.centre.0, longitude: p.centre.1, radius_m: p.centre.2 };
        let fields = PlaceFields {
            slug: p.slug,
            name: p.name,
            description: p.description,
            parent_id: parent,
            footprint: Some(&footprint),
        };
        places.push((p.slug, plural_store::places::create(db, fields).await?));
    }
    let mut people: Vec<PersonId> = Vec::new();
    for (i, p) in PEOPLE.iter().enumerate() {
        let id = setup::create_person(db, key, p.email, p.name, Some(DEMO_PASSWORD), i == 0).await?;
        people.push(id);
    }
    let place_of = |slug: &str| places.iter().find(|(s, _)| *s == slug).map(|(_, id)| *id);
    // Give most residents a home place (a place, never an address).
    let homes = ["lambeth", "coldharbour", "stockwell", "stockwell", "peckham", "coldharbour", "brixton-hill"];
    for (i, id) in people.iter().enumerate().skip(1) {
        if let Some(place) = place_of(homes[i % homes.len()]) {
            let p = plural_store::people::get(db, *id).await?.ok_or_else(|| anyhow::anyhow!("demo person vanished"))?;
            let update = plural_store::people::ProfileUpdate {
                display_name: p.display_name.as_deref().unwrap_or(""),
                language: p.language,
                home_place_id: Some(place),
            };
            plural_store::people::update_profile(db, *id, update).await?;
        }
    }
    for g in GROUPS {
        let place = place_of(g.place).ok_or_else(|| anyhow::anyhow!("demo place {} missing", g.place))?;
        let fields = GroupFields {
            place_id: place,
            slug: g.slug,
            name: g.name,
            description: g.description,
            kind: g.kind,
            join_policy: g.policy,
        };
        let (owner, _) = g.members[0];
        let id = plural_store::groups::create(db, fields, people[owner]).await?;
        for (person, role) in &g.members[1..] {
            plural_store::groups::add_member(db, id, people[*person], *role, "demo").await?;
        }
        for person in g.requests {
            plural_store::groups::request_to_join(db, id, people[*person], "I live nearby and would like to help.")
                .await?;
        }
        if g.verified {
            plural_store::groups::set_verified_public_body(db, id, true).await?;
        }
    }
    crate::demo_opportunities::seed_opportunities(db, key).await?;
    crate::demo_events::seed_events(db, &people).await?;
    crate::demo_openactive::seed_withdrawn_event(db).await?;
    crate::demo_directory::seed_directory(db).await?;
    crate::demo_digest::seed_digest(db, &people).await?;
    crate::demo_circles::seed_circles(db, &people).await?;
    crate::demo_mutual_aid::seed_mutual_aid(db, &people).await?;
    crate::demo_campaigns::seed_campaigns(db, &people).await?;
    crate::demo_federation::seed_federation(db, &people).await?;
    crate::demo_voice::seed_voice(db, &people).await?;
    crate::demo_voice::seed_polls(db, &people).await?;
    crate::demo_voice::seed_budgets(db, &people).await?;
    crate::demo_voice::seed_consultations(db, &people).await?;
    crate::demo_insight::seed_insight(db, key).await?;
    crate::demo_rules::seed_rules(db, &people).await?;
    crate::demo_surveys::seed_surveys(db, &people).await?;
    crate::demo_surveys::seed_local_reports(db, &people).await?;
    crate::demo_notices::seed_notices(db, &people).await?;
    Ok(())
}
