//! Demo content for the directory of services: what the demo groups offer
//! residents, on real Lambeth and Southwark streets (community venues with
//! made-up numbers, never anyone's home), with opening hours, costs,
//! languages and categories. One service is temporarily closed, so the
//! warning can be seen. Phone numbers are from Ofcom's range for drama.

use plural_store::directory::{CostOption, Location, OrgDetails, Phone, Schedule, ServiceWrite};
use plural_store::Db;

struct DemoLocation {
    name: &'static str,
    address_1: &'static str,
    postcode: &'static str,
    at: (f64, f64),
    accessibility: &'static str,
}

struct DemoService {
    group: &'static str,
    place: &'static str,
    name: &'static str,
    description: &'static str,
    status: &'static str,
    eligibility: &'static str,
    locations: &'static [DemoLocation],
    /// (days, opens, closes)
    hours: &'static [(&'static str, &'static str, &'static str)],
    /// Each price, in pence (zero means free), and what it is for.
    costs: &'static [(i64, &'static str)],
    languages: &'static [&'static str],
    terms: &'static [&'static str],
    url: Option<&'static str>,
    email: Option<&'static str>,
}

const SERVICES: &[DemoService] = &[
    DemoService {
        group: "brixton-food-share",
        place: "brixton-hill",
        name: "Food bank: Thursday evenings and Saturday mornings",
        description: "Surplus fruit, vegetables, bread and store-cupboard food from Brixton market traders.\n\n- **No referral needed**, no questions asked\n- Bring a bag if you can\n- Halal and vegetarian food kept separate",
        status: "active",
        eligibility: "Anyone who needs food.",
        locations: &[DemoLocation {
            name: "St Saviour's Church Hall",
            address_1: "14 Railton Road",
            postcode: "SE24 0LN",
            at: (51.4556, -0.1066),
            accessibility: "Step-free entrance at the side door; accessible toilet; seats while you wait.",
        }],
        hours: &[("TH", "17:00", "19:00"), ("SA", "10:00", "12:30")],
        costs: &[(0, "")],
        languages: &["en", "pl", "pt", "so"],
        terms: &["food", "families-and-children"],
        url: Some("https://brixtonfoodshare.example.org/food-bank"),
        email: Some("hello@brixtonfoodshare.example.org"),
    },
    DemoService {
        group: "brixton-food-share",
        place: "brixton-hill",
        name: "Community fridge",
        description: "A shared fridge where shops and neighbours leave food that would otherwise go to waste. Take what you need.\n\nThe fridge is being repaired: the food bank sessions carry on as usual.",
        status: "temporarily closed",
        eligibility: "",
        locations: &[DemoLocation {
            name: "Outside the Brixton Hill library",
            address_1: "2 Brixton Hill",
            postcode: "SW2 1RW",
            at: (51.4527, -0.1218),
            accessibility: "On the pavement, step-free.",
        }],
        hours: &[("MO,TU,WE,TH,FR,SA,SU", "08:00", "20:00")],
        costs: &[(0, "")],
        languages: &[],
        terms: &["food"],
        url: None,
        email: Some("hello@brixtonfoodshare.example.org"),
    },
    DemoService {
        group: "peckham-digital",
        place: "peckham",
        name: "Free wifi and device help drop-in",
        description: "Use our free wifi and computers, or bring your phone or laptop and we will help: email, online forms, Universal Credit journals, video calls, spotting scams.",
        status: "active",
        eligibility: "Anyone. Children under 12 with an adult.",
        locations: &[DemoLocation {
            name: "Peckham Digital hub",
            address_1: "112 Rye Lane",
            postcode: "SE15 4ST",
            at: (51.4697, -0.0691),
            accessibility: "Ground floor, step-free; large-screen computer and hearing loop.",
        }],
        hours: &[("TU,TH", "10:00", "16:00"), ("SA", "10:00", "13:00")],
        costs: &[(0, "")],
        languages: &["en", "so", "yo", "es"],
        terms: &["digital-access", "work-and-skills", "older-people"],
        url: Some("https://peckhamdigital.example.org/drop-in"),
        email: Some("help@peckhamdigital.example.org"),
    },
    DemoService {
        group: "peckham-digital",
        place: "peckham",
        name: "Refurbished laptops for families",
        description: "Donated laptops, wiped and set up with the software children need for homework. Book a time to collect one and we will show you how it works.",
        status: "active",
        eligibility: "Families with school-age children living in Southwark.",
        locations: &[DemoLocation {
            name: "Peckham Digital hub",
            address_1: "112 Rye Lane",
            postcode: "SE15 4ST",
            at: (51.4697, -0.0691),
            accessibility: "Ground floor, step-free.",
        }, DemoLocation {
            name: "Peckham Library, ground floor",
            address_1: "122 Peckham Hill Street",
            postcode: "SE15 5JR",
            at: (51.4741, -0.0689),
            accessibility: "Step-free entrance and lift; accessible toilet.",
        }],
        hours: &[],
        costs: &[
            (2500, "A contribution, waived for families on Universal Credit."),
            (0, "Free for families on Universal Credit or with free school meals."),
        ],
        languages: &["en", "so", "yo"],
        terms: &["digital-access", "families-and-children"],
        url: Some("https://peckhamdigital.example.org/laptops"),
        email: Some("laptops@peckhamdigital.example.org"),
    },
    DemoService {
        group: "coldharbour-tenants",
        place: "coldharbour",
        name: "Repairs surgery",
        description: "Damp, leaks, broken lifts or heating? Come and tell us. We help you report repairs, keep a record, and chase the landlord together with your neighbours.",
        status: "active",
        eligibility: "Tenants and leaseholders on the Loughborough and Moorlands estates.",
        locations: &[DemoLocation {
            name: "Community flat",
            address_1: "1 Barrington Road",
            postcode: "SW9 7JG",
            at: (51.4676, -0.1032),
            accessibility: "Ground floor; two steps at the entrance, ramp available on request.",
        }],
        hours: &[("TU", "18:30", "20:00")],
        costs: &[(0, "")],
        languages: &["en", "ar", "bn"],
        terms: &["housing", "legal-advice"],
        url: None,
        email: Some("repairs@coldharbourtenants.example.org"),
    },
    DemoService {
        group: "stockwell-sewing-circle",
        place: "stockwell",
        name: "Mending and sewing afternoons",
        description: "Bring something to mend, or learn to use a sewing machine. Machines, thread and tea provided.",
        status: "active",
        eligibility: "Everyone welcome, beginners especially.",
        locations: &[DemoLocation {
            name: "Stockwell Community Centre",
            address_1: "20 Stockwell Road",
            postcode: "SW9 9EZ",
            at: (51.4691, -0.1189),
            accessibility: "Step-free; accessible toilet; quiet room available.",
        }],
        hours: &[("WE", "14:00", "16:00")],
        costs: &[(200, "Towards thread and tea; pay what you can.")],
        languages: &["en", "pt", "pl"],
        terms: &["social-and-leisure", "older-people"],
        url: None,
        email: None,
    },
    DemoService {
        group: "loughborough-junction-garden",
        place: "coldharbour",
        name: "Saturday volunteering mornings",
        description: "Dig, plant, water and harvest with us. No experience needed; gloves and tools provided. A calm, green place to spend a morning.",
        status: "active",
        eligibility: "Anyone over 16; younger people with an adult.",
        locations: &[DemoLocation {
            name: "Loughborough Junction Community Garden",
            address_1: "61 Coldharbour Lane",
            postcode: "SE5 9NS",
            at: (51.4664, -0.1002),
            accessibility: "Level paths to the raised beds; no toilet on site (café next door).",
        }],
        hours: &[("SA", "10:00", "13:00")],
        costs: &[(0, "")],
        languages: &["en"],
        terms: &["volunteering", "health-and-wellbeing", "mental-health"],
        url: Some("https://ljgarden.example.org"),
        email: None,
    },
    DemoService {
        group: "lambeth-council",
        place: "lambeth",
        name: "Money and benefits advice line",
        description: "Free, confidential advice on benefits, council tax, debts and cost-of-living payments. Interpreters available on request.",
        status: "active",
        eligibility: "Lambeth residents.",
        locations: &[],
        hours: &[("MO,TU,WE,TH,FR", "09:00", "17:00")],
        costs: &[(0, "")],
        languages: &["en", "pt", "es", "so", "pl"],
        terms: &["money-and-debt", "legal-advice", "disability", "refugees-and-migrants"],
        url: Some("https://lambeth.example.org/money-advice"),
        email: None,
    },
];

/// Public contact details of the demo organisations (never of their members).
const ORGS: &[(&str, &str, &str, &str)] = &[
    (
        "brixton-food-share",
        "https://brixtonfoodshare.example.org",
        "hello@brixtonfoodshare.example.org",
        "020 7946 0123",
    ),
    ("peckham-digital", "https://peckhamdigital.example.org", "help@peckhamdigital.example.org", "020 7946 0456"),
    ("lambeth-council", "https://lambeth.example.org", "community@lambeth.example.org", "020 7946 0789"),
];

/// Add the demo services to the demo groups (run after they exist).
pub async fn seed_directory(db: &Db) -> anyhow::Result<()> {
    let terms = plural_store::directory::terms(db).await?;
    for (slug, website, email, phone) in ORGS {
        let group = plural_store::groups::by_slug(db, slug)
            .await?
            .ok_or_else(|| anyhow::anyhow!("demo group {slug} missing"))?;
        let details = OrgDetails {
            website: Some((*website).into()),
            email: Some((*email).into()),
            phones: vec![Phone { id: String::new(), number: (*phone).into(), description: "Main line".into() }],
        };
        plural_store::directory::set_org_details(db, group.id, &details).await?;
    }
    for s in SERVICES {
        let group = plural_store::groups::by_slug(db, s.group)
            .await?
            .ok_or_else(|| anyhow::anyhow!("demo group {} missing", s.group))?;
        let place = plural_store::places::by_slug(db, s.place)
            .await?
            .ok_or_else(|| anyhow::anyhow!("demo place {} missing", s.place))?;
        let term_ids = s
            .terms
            .iter()
            .map(|code| {
                terms
                    .iter()
                    .find(|t| t.code == *code)
                    .map(|t| t.id.clone())
                    .ok_or_else(|| anyhow::anyhow!("term {code}"))
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        let write = ServiceWrite {
            place_id: Some(place.id),
            name: s.name.into(),
            description: s.description.into(),
            url: s.url.map(Into::into),
            email: s.email.map(Into::into),
            status: s.status.into(),
            eligibility_description: s.eligibility.into(),
            last_reviewed: Some(plural_web::directory::service::today()),
            locations: s
                .locations
                .iter()
                .map(|l| Location {
                    name: l.name.into(),
                    address_1: l.address_1.into(),
                    city: "London".into(),
                    postcode: l.postcode.into(),
                    latitude: Some(l.at.0),
                    longitude: Some(l.at.1),
                    accessibility: l.accessibility.into(),
                    ..Location::default()
                })
                .collect(),
            schedules: s
                .hours
                .iter()
                .map(|(days, opens, closes)| Schedule {
                    freq: "WEEKLY".into(),
                    byday: (*days).into(),
                    opens_at: (*opens).into(),
                    closes_at: (*closes).into(),
                    ..Schedule::default()
                })
                .collect(),
            cost_options: s
                .costs
                .iter()
                .map(|&(minor, description)| CostOption {
                    free: minor == 0,
                    amount_minor: (minor > 0).then_some(minor),
                    currency: (minor > 0).then(|| "GBP".to_string()),
                    description: description.into(),
                    ..CostOption::default()
                })
                .collect(),
            languages: s.languages.iter().map(|l| (*l).to_string()).collect(),
            term_ids,
        };
        plural_store::directory::create(db, group.id, None, &write).await?;
    }
    Ok(())
}
