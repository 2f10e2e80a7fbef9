//! The scale generator: fills a node's database with a realistic directory —
//! a hundred neighbourhoods in one city, organisations, services (each at a
//! location, with a category, a cost and opening hours) and events (one-off
//! and weekly) — `records` services and events in all, half of each.
//!
//! It writes with multi-row INSERTs in large transactions, straight into the
//! tables the node reads, because going through the web forms would take
//! hours at a million records; the rows it writes are the rows those forms
//! write, and the database's triggers index them for search as they go in.
//! The same seed always makes the same node.

use std::time::Instant;

use plural_store::bulk::{Rows, Value as V};
use plural_store::Db;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};

pub const PLACES: usize = 100;
/// Services and events per organisation, on average.
const RECORDS_PER_GROUP: usize = 50;
/// Rows per transaction: big enough to be fast, small enough to keep memory flat.
const ROWS_PER_TRANSACTION: usize = 20_000;

/// The city the places tile: a 10 × 10 grid of neighbourhoods, each about
/// 4 km across, around central London.
const SOUTH: f64 = 51.32;
const WEST: f64 = -0.40;
const STEP_LAT: f64 = 0.036;
const STEP_LON: f64 = 0.058;

/// The default taxonomy's term ids (migration 0002), food … transport.
fn term_id(n: usize) -> String {
    format!("6c8e1f2a-5b7d-4c3e-9a10-{:012}", n % 15 + 1)
}

pub fn place_slug(i: usize) -> String {
    format!("ward-{i:03}")
}

/// The centre of place `i`.
pub fn place_centre(i: usize) -> (f64, f64) {
    let (row, col) = (i / 10, i % 10);
    (SOUTH + STEP_LAT * (row as f64 + 0.5), WEST + STEP_LON * (col as f64 + 0.5))
}

const WARDS: [&str; 20] = [
    "Coldharbour",
    "Brixton Hill",
    "Herne Hill",
    "Stockwell",
    "Vauxhall",
    "Kennington",
    "Oval",
    "Clapham Town",
    "Streatham Wells",
    "Knight's Hill",
    "Gipsy Hill",
    "Thornton",
    "Larkhall",
    "Bishop's",
    "Prince's",
    "Ferndale",
    "Tulse Hill",
    "Thurlow Park",
    "St Leonard's",
    "Myatt's Fields",
];

const ACTIVITIES: [(&str, &str); 24] = [
    ("Food bank", "Emergency food parcels, no referral needed. Fresh fruit and vegetables when we have them."),
    ("Community pantry", "Pay a small membership and choose your own groceries each week."),
    ("Hot lunch club", "A warm meal and company for anyone who wants it. Vegetarian and halal options."),
    ("Debt advice drop-in", "Trained advisers help with rent arrears, council tax and energy debts."),
    ("Benefits clinic", "Help with Universal Credit claims, appeals and the forms that come with them."),
    ("Housing repairs surgery", "Bring your repair problems: damp, mould, heating. We write to landlords for you."),
    ("Tenants' advice", "Know your rights as a tenant; help with deposits, evictions and disrepair."),
    ("Walking group", "A gentle walk around the park and a chat afterwards. All paces welcome."),
    ("Chair yoga", "Seated exercise for strength and balance, suitable for older people."),
    ("Digital skills café", "Free wifi, borrowed laptops and volunteers to help you get online."),
    ("Job club", "CV writing, job searching and interview practice with local employers."),
    ("English conversation class", "Practise speaking English in a friendly group; all levels."),
    ("Stay and play", "Songs, toys and snacks for babies and toddlers with their carers."),
    ("Homework club", "Quiet space, snacks and volunteer tutors for secondary school pupils."),
    ("Lunch for older neighbours", "A two-course lunch, a quiz and transport for those who need it."),
    ("Knit and natter", "Bring your needles or learn from scratch; wool provided."),
    ("Community gardening", "Grow vegetables together on the estate's shared beds. Tools and gloves provided."),
    ("Repair café", "Bring broken toasters, bikes and clothes; our fixers show you how to mend them."),
    ("Legal advice evening", "Free half-hour appointments with volunteer solicitors on family and housing law."),
    ("Men's mental health group", "A confidential space to talk, every week, with a trained facilitator."),
    ("Carers' coffee morning", "Time out and peer support for unpaid carers."),
    ("Refugee welcome desk", "Advice on asylum support, school places and registering with a GP."),
    ("Community transport", "Door-to-door minibus for people who cannot use buses easily."),
    ("Volunteer induction", "Find out how to volunteer locally and meet the groups who need help."),
];

const VENUES: [&str; 10] = [
    "Community Centre",
    "Library",
    "Methodist Hall",
    "Tenants' Hall",
    "Youth Club",
    "Leisure Centre",
    "Adventure Playground",
    "Mosque Community Room",
    "Parish Hall",
    "Health Centre",
];

const ORG_WORDS: [&str; 12] = [
    "Neighbours",
    "Community Trust",
    "Residents' Association",
    "Food Network",
    "Advice Centre",
    "Youth Project",
    "Friends of the Park",
    "Women's Group",
    "Elders' Forum",
    "Mutual Aid",
    "Arts Collective",
    "Sports Club",
];

const STREETS: [&str; 8] = [
    "Railton Road",
    "Acre Lane",
    "Brixton Road",
    "Loughborough Road",
    "Coldharbour Lane",
    "Stockwell Park Road",
    "Tulse Hill",
    "Effra Road",
];

const ACCESS: [&str; 4] = ["Step-free access", "Hearing loop", "Accessible toilet", ""];
const LANGS: [&str; 6] = ["en", "en", "en", "pl", "ar", "es"];

fn t(s: impl Into<String>) -> V {
    V::Text(s.into())
}

fn uuid(rng: &mut StdRng) -> String {
    uuid::Builder::from_random_bytes(rng.gen()).into_uuid().to_string()
}

/// What the generator made, for the benchmark to aim its queries at.
pub struct Generated {
    pub services: usize,
    pub events: usize,
    pub seconds: f64,
}

/// Fill `db` (migrated, empty of generated data) with `records` services and
/// events across [`PLACES`] places.
pub async fn generate(db: &Db, records: usize, seed: u64) -> anyhow::Result<Generated> {
    let started = Instant::now();
    let mut rng = StdRng::seed_from_u64(seed);
    let now = plural_store::now();
    let day = 86_400i64;

    // The city (made by `plural init`) and its wards, through the store's own function.
    let city = match plural_store::places::by_slug(db, "metropolis").await? {
        Some(p) => p.id,
        None => {
            plural_store::places::create(
                db,
                plural_store::places::PlaceFields {
                    slug: "metropolis",
                    name: "Metropolis",
                    description: "",
                    parent_id: None,
                    footprint: None,
                },
            )
            .await?
        }
    };
    let mut places = Vec::new();
    for i in 0..PLACES {
        let (latitude, longitude) = place_centre(i);
        let footprint = plural_kernel::places::Footprint::Circle { latitude, longitude, radius_m: 2500.0 };
        let name = format!("{} {}", WARDS[i % WARDS.len()], i / WARDS.len() + 1);
        let id = plural_store::places::create(
            db,
            plural_store::places::PlaceFields {
                slug: &place_slug(i),
                name: &name,
                description: "A ward of Metropolis.",
                parent_id: Some(city),
                footprint: Some(&footprint),
            },
        )
        .await?;
        places.push(id.to_string());
    }

    let groups_n = records.div_ceil(RECORDS_PER_GROUP).max(PLACES);
    let mut groups: Vec<(String, usize)> = Vec::with_capacity(groups_n);
    let mut tx = db.begin().await?;
    let mut g = Rows::new(
        "groups",
        &["id", "place_id", "slug", "name", "description", "kind", "join_policy", "created_at", "updated_at"],
    );
    for i in 0..groups_n {
        let place = i % PLACES;
        let id = uuid(&mut rng);
        let name = format!("{} {} {}", WARDS[place % WARDS.len()], ORG_WORDS[i % ORG_WORDS.len()], i / PLACES + 1);
        g.push(vec![
            t(id.clone()),
            t(places[place].clone()),
            t(format!("org-{i:06}")),
            t(name),
            t("A local organisation made by the scale generator."),
            t(["charity", "community_group", "social_enterprise"][i % 3]),
            t("open"),
            V::Int(now),
            V::Int(now),
        ]);
        groups.push((id, place));
    }
    g.insert(&mut tx).await?;
    tx.commit().await?;

    let mut services = Rows::new(
        "directory_services",
        &[
            "id",
            "group_id",
            "place_id",
            "name",
            "description",
            "status",
            "eligibility_description",
            "last_reviewed",
            "created_at",
            "updated_at",
        ],
    );
    let mut locations = Rows::new(
        "directory_locations",
        &["id", "group_id", "name", "address_1", "city", "postcode", "latitude", "longitude", "accessibility"],
    );
    let mut at_location = Rows::new("directory_service_at_location", &["id", "service_id", "location_id"]);
    let mut terms = Rows::new("directory_service_terms", &["id", "service_id", "term_id"]);
    let mut costs = Rows::new("directory_cost_options", &["id", "service_id", "free", "amount_minor", "currency"]);
    let mut schedules = Rows::new(
        "directory_schedules",
        &["id", "service_id", "freq", "byday", "opens_at", "closes_at", "description"],
    );
    let mut languages = Rows::new("directory_languages", &["id", "service_id", "code"]);
    let mut events = Rows::new(
        "events",
        &[
            "id",
            "group_id",
            "place_id",
            "title",
            "description",
            "mode",
            "venue",
            "address",
            "postcode",
            "lat",
            "lon",
            "online_url",
            "starts_at",
            "ends_at",
            "time_zone",
            "repeats",
            "rrule",
            "last_starts_at",
            "is_free",
            "cost",
            "capacity",
            "accessibility",
            "languages",
            "age_range",
            "status",
            "created_at",
            "updated_at",
        ],
    );

    let (mut n_services, mut n_events) = (0, 0);
    let mut tx = db.begin_deferred().await?;
    let mut in_tx = 0;
    for r in 0..records {
        let (group, place) = groups.choose(&mut rng).cloned().unwrap_or_default();
        let (clat, clon) = place_centre(place);
        let lat = clat + rng.gen_range(-STEP_LAT / 2.0..STEP_LAT / 2.0);
        let lon = clon + rng.gen_range(-STEP_LON / 2.0..STEP_LON / 2.0);
        let a = rng.gen_range(0..ACTIVITIES.len());
        let (activity, blurb) = ACTIVITIES[a];
        let venue = format!("{} {}", WARDS[place % WARDS.len()], VENUES.choose(&mut rng).copied().unwrap_or(""));
        let street = format!("{} {}", rng.gen_range(1..300), STREETS.choose(&mut rng).copied().unwrap_or(""));
        let postcode = format!("SE{} {}{}", place % 28 + 1, rng.gen_range(1..10), ["AB", "DF", "GH", "JL"][r % 4]);
        let access = ACCESS.choose(&mut rng).copied().unwrap_or("");
        let free = rng.gen_bool(0.8);
        let created = now - rng.gen_range(0..365 * day);
        if r % 2 == 0 {
            let id = uuid(&mut rng);
            let location = uuid(&mut rng);
            services.push(vec![
                t(id.clone()),
                t(group.clone()),
                t(places[place].clone()),
                t(format!("{activity} at {venue}")),
                t(format!("{blurb} Run by volunteers from the neighbourhood.")),
                t(if rng.gen_bool(0.95) { "active" } else { "temporarily closed" }),
                t(""),
                t("2026-10-01"),
                V::Int(created),
                V::Int(created),
            ]);
            locations.push(vec![
                t(location.clone()),
                t(group),
                t(venue),
                t(street),
                t("Metropolis"),
                t(postcode),
                V::Real(Some(lat)),
                V::Real(Some(lon)),
                t(access),
            ]);
            at_location.push(vec![t(uuid(&mut rng)), t(id.clone()), t(location)]);
            terms.push(vec![t(uuid(&mut rng)), t(id.clone()), t(term_id(a))]);
            costs.push(if free {
                vec![t(uuid(&mut rng)), t(id.clone()), V::Int(1), V::OptInt(None), V::OptText(None)]
            } else {
                vec![t(uuid(&mut rng)), t(id.clone()), V::Int(0), V::Int(rng.gen_range(1..20) * 50), t("GBP")]
            });
            let open = rng.gen_range(9..17);
            schedules.push(vec![
                t(uuid(&mut rng)),
                t(id.clone()),
                t("WEEKLY"),
                t(["MO", "TU", "WE", "TH", "FR", "SA"][r % 6]),
                t(format!("{open:02}:00")),
                t(format!("{:02}:00", open + 2)),
                t(""),
            ]);
            languages.push(vec![t(uuid(&mut rng)), t(id), t(LANGS[r % LANGS.len()])]);
            n_services += 1;
        } else {
            // Most events are ahead of us, some are past; a third repeat weekly.
            let hour = rng.gen_range(9..20) as i64;
            let starts = (now / day + rng.gen_range(-30..180)) * day + hour * 3600;
            let weekly = rng.gen_bool(0.33);
            let (rrule, last) = if weekly {
                let weeks = rng.gen_range(4..52);
                (V::Text(format!("FREQ=WEEKLY;COUNT={weeks}")), V::Int(starts + (weeks - 1) * 7 * day))
            } else {
                (V::OptText(None), V::Int(starts))
            };
            events.push(vec![
                t(uuid(&mut rng)),
                t(group),
                t(places[place].clone()),
                t(format!("{activity} — {}", WARDS[place % WARDS.len()])),
                t(format!("{blurb} Everyone is welcome; just turn up.")),
                t("in_person"),
                t(venue),
                t(street),
                t(postcode),
                V::Real(Some(lat)),
                V::Real(Some(lon)),
                t(""),
                V::Int(starts),
                V::Int(starts + 2 * 3600),
                t("Europe/London"),
                t(if weekly { "weekly" } else { "none" }),
                rrule,
                last,
                V::Int(free as i64),
                t(if free { "" } else { "£3, or pay what you can" }),
                if rng.gen_bool(0.3) { V::Int(rng.gen_range(10..60)) } else { V::OptInt(None) },
                t(access),
                t(LANGS[r % LANGS.len()]),
                t(""),
                t(if rng.gen_bool(0.97) { "published" } else { "cancelled" }),
                V::Int(created),
                V::Int(created),
            ]);
            n_events += 1;
        }
        in_tx += 1;
        if in_tx == ROWS_PER_TRANSACTION || r + 1 == records {
            // Locations and links before the services they belong to (foreign
            // keys checked at commit), so each service is filed for search
            // once, with its point, as the import does.
            for b in [
                &mut locations,
                &mut at_location,
                &mut services,
                &mut terms,
                &mut costs,
                &mut schedules,
                &mut languages,
                &mut events,
            ] {
                b.insert(&mut tx).await?;
            }
            tx.commit().await?;
            tx = db.begin_deferred().await?;
            in_tx = 0;
        }
    }
    tx.commit().await?;
    let seconds = started.elapsed().as_secs_f64();
    if db.engine() == plural_store::Engine::Postgres {
        // What autovacuum does on a live node soon after a bulk load (not
        // counted in the generation time). Without it the first minutes of
        // measuring read every fresh row's heap page to check it is visible:
        // a full count of 510k services took 75 ms before, 31 ms after.
        sqlx::query("VACUUM ANALYZE").execute(db.writer()).await?;
    }
    Ok(Generated { services: n_services, events: n_events, seconds })
}

/// `records` HSDS 3.0 services as one JSON document, each with its
/// organisation, a location, a cost, a schedule and a language — the input
/// of the import benchmark.
pub fn hsds_document(records: usize, seed: u64) -> serde_json::Value {
    let mut rng = StdRng::seed_from_u64(seed);
    let orgs = records.div_ceil(RECORDS_PER_GROUP).max(1);
    let mut contents = Vec::with_capacity(records);
    for r in 0..records {
        let o = r % orgs;
        let (activity, blurb) = ACTIVITIES[r % ACTIVITIES.len()];
        let place = r % PLACES;
        let (clat, clon) = place_centre(place);
        contents.push(serde_json::json!({
            "id": format!("bench-service-{r}"),
            "name": format!("{activity} {r}"),
            "description": blurb,
            "status": "active",
            "organization": {
                "id": format!("bench-org-{o}"),
                "name": format!("{} {} {o}", WARDS[o % WARDS.len()], ORG_WORDS[o % ORG_WORDS.len()]),
                "description": "An organisation in the import benchmark."
            },
            "service_at_locations": [{
                "id": format!("bench-sal-{r}"),
                "location": {
                    "id": format!("bench-location-{r}"),
                    "location_type": "physical",
                    "name": VENUES[r % VENUES.len()],
                    "latitude": clat + rng.gen_range(-0.01..0.01),
                    "longitude": clon + rng.gen_range(-0.01..0.01),
                    "addresses": [{
                        "id": format!("bench-address-{r}"),
                        "address_1": format!("{} {}", r % 300 + 1, STREETS[r % STREETS.len()]),
                        "city": "Metropolis",
                        "region": "",
                        "state_province": "London",
                        "postal_code": format!("SE{} 1AB", place % 28 + 1),
                        "country": "GB",
                        "address_type": "physical"
                    }]
                }
            }],
            "cost_options": [{ "id": format!("bench-cost-{r}"), "amount": 0, "currency": "GBP", "option": "Free" }],
            "schedules": [{ "id": format!("bench-schedule-{r}"), "freq": "WEEKLY", "byday": "MO", "opens_at": "10:00", "closes_at": "12:00" }],
            "languages": [{ "id": format!("bench-language-{r}"), "code": "en" }]
        }));
    }
    serde_json::json!({ "contents": contents })
}
