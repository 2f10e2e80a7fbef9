//! Demo volunteering opportunities: what the demo's groups are looking for
//! help with, one already filled (closed), and a few people who came forward.

use plural_kernel::opportunities::{self as rules, OpportunityInput, Status};
use plural_kernel::people::EmailAddress;
use plural_kernel::PersonId;
use plural_store::{Db, NodeKey};

struct DemoOpportunity {
    group: &'static str,
    title: &'static str,
    description: &'static str,
    kind: &'static str,
    hours: &'static str,
    when: &'static str,
    skills: &'static str,
    no_experience_needed: bool,
    min_age: &'static str,
    suitable_for: &'static str,
    location: &'static str,
    remote: bool,
    /// Days from today to the closing date; `None` for open-ended roles.
    closes_in_days: Option<i64>,
    closed: bool,
    /// Who has said "I'm interested", with what.
    interest: &'static [(&'static str, &'static str)],
}

const OPPORTUNITIES: &[DemoOpportunity] = &[
    DemoOpportunity {
        group: "brixton-food-share",
        title: "Van driver for Saturday collections",
        description: "Collect surplus food from three market traders and a supermarket, and bring it back to the hall by 10am.\n\n- You drive our van (insured for anyone over 25 with a full licence)\n- Someone rides along to help carry\n- Petrol is paid for",
        kind: "weekly",
        hours: "3",
        when: "Saturday mornings, 7–10am",
        skills: "Full UK driving licence, Comfortable lifting crates",
        no_experience_needed: false,
        min_age: "25",
        suitable_for: "Early risers",
        location: "St Matthew's Hall, Brixton Hill",
        remote: false,
        closes_in_days: None,
        closed: false,
        interest: &[("tomasz@demo.plural.test", "I drive for work in the week and I'm free most Saturdays. Happy to do every other week to start.")],
    },
    DemoOpportunity {
        group: "brixton-food-share",
        title: "Food packers and welcomers",
        description: "Sort the morning's food into bags, set out the tables, and welcome people as they arrive. **No experience needed** — we show you everything on your first shift.",
        kind: "weekly",
        hours: "2",
        when: "Thursday 4–6pm or Saturday 10am–12",
        skills: "Friendly, Portuguese or Somali a plus",
        no_experience_needed: true,
        min_age: "16",
        suitable_for: "Young people 16+, students, retired people",
        location: "St Matthew's Hall, Brixton Hill",
        remote: false,
        closes_in_days: None,
        closed: false,
        interest: &[
            ("hodan@demo.plural.test", "I speak Somali and can come on Thursdays after college."),
            ("joe@demo.plural.test", "Retired and keen to help. Saturdays suit me best."),
        ],
    },
    DemoOpportunity {
        group: "brixton-food-share",
        title: "Christmas hamper packers",
        description: "Thank you — we have all the help we need for the hampers this year.",
        kind: "one_off",
        hours: "4",
        when: "One Saturday in December",
        skills: "",
        no_experience_needed: true,
        min_age: "",
        suitable_for: "Families welcome",
        location: "St Matthew's Hall, Brixton Hill",
        remote: false,
        closes_in_days: Some(10),
        closed: true,
        interest: &[],
    },
    DemoOpportunity {
        group: "peckham-digital",
        title: "Digital champion: helping older people with their phones",
        description: "Sit with one or two people at our Tuesday drop-in and help them with whatever they bring: video calls with grandchildren, the GP app, spotting scam texts, bus times.\n\nPatience matters more than technical knowledge. We run a short training session before your first drop-in.",
        kind: "weekly",
        hours: "2",
        when: "Tuesdays, 10am–12",
        skills: "Patience, Smartphones (Android or iPhone), Explaining things simply",
        no_experience_needed: true,
        min_age: "16",
        suitable_for: "Anyone patient; great for young people 16+",
        location: "Peckham Library, ground floor",
        remote: false,
        closes_in_days: Some(45),
        closed: false,
        interest: &[("sofia@demo.plural.test", "I help my grandmother with her phone all the time and would love to do this for others.")],
    },
    DemoOpportunity {
        group: "peckham-digital",
        title: "Phone helpline volunteer",
        description: "Answer calls from people stuck with a form or a device, from home, on a shared rota. Calls come through our system, so your own number stays private.",
        kind: "monthly",
        hours: "6",
        when: "Two 3-hour slots a month, your choice",
        skills: "Good listener, Basic computer skills",
        no_experience_needed: false,
        min_age: "18",
        suitable_for: "People with limited mobility; work from home",
        location: "",
        remote: true,
        closes_in_days: None,
        closed: false,
        interest: &[],
    },
    DemoOpportunity {
        group: "loughborough-junction-garden",
        title: "Garden volunteers: Saturday work mornings",
        description: "Weeding, watering, building raised beds, and a cup of tea at 11. Tools and gloves provided. Come when you can — no need to sign up for every week.",
        kind: "flexible",
        hours: "",
        when: "Saturdays 9am–12, drop in",
        skills: "",
        no_experience_needed: true,
        min_age: "",
        suitable_for: "All ages; children with an adult",
        location: "Community Garden, Loughborough Junction (gate on Wanless Road)",
        remote: false,
        closes_in_days: None,
        closed: false,
        interest: &[],
    },
    DemoOpportunity {
        group: "coldharbour-tenants",
        title: "Treasurer for the tenants' association",
        description: "Keep the association's small accounts (about £2,000 a year from subs and a council grant), pay the room hire, and give a short report at the AGM.\n\nWe use a simple spreadsheet and a bank account with two signatories.",
        kind: "monthly",
        hours: "3",
        when: "First Tuesday of the month, plus a little at home",
        skills: "Keeping simple accounts, Spreadsheets",
        no_experience_needed: false,
        min_age: "18",
        suitable_for: "Residents of the Loughborough or Moorlands estates",
        location: "The community flat, Loughborough Estate",
        remote: false,
        closes_in_days: Some(30),
        closed: false,
        interest: &[],
    },
    DemoOpportunity {
        group: "stockwell-sewing-circle",
        title: "Sewing circle helpers",
        description: "Help newcomers thread a machine, take up a hem or fix a zip. If you can sew a button you can help; if you speak Portuguese or Polish, even better.",
        kind: "weekly",
        hours: "2",
        when: "Wednesdays, 2–4pm",
        skills: "Hand sewing, Sewing machines, Portuguese, Polish",
        no_experience_needed: false,
        min_age: "",
        suitable_for: "Beginners welcome to come and learn first",
        location: "Stockwell Community Centre, small hall",
        remote: false,
        closes_in_days: None,
        closed: false,
        interest: &[],
    },
];

async fn person(db: &Db, key: &NodeKey, email: &str) -> anyhow::Result<PersonId> {
    let email = EmailAddress::parse("email", email).map_err(|e| anyhow::anyhow!("demo email: {}", e.code))?;
    let (p, _) = plural_store::people::find_by_email(db, key, &email)
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo person {} missing", email.as_str()))?;
    Ok(p.id)
}

/// Add the demo's volunteering opportunities (after its people and groups).
pub async fn seed_opportunities(db: &Db, key: &NodeKey) -> anyhow::Result<()> {
    let now = plural_store::now();
    for d in OPPORTUNITIES {
        let group = plural_store::groups::by_slug(db, d.group)
            .await?
            .ok_or_else(|| anyhow::anyhow!("demo group {} missing", d.group))?;
        let owner = plural_store::groups::members(db, group.id)
            .await?
            .into_iter()
            .next()
            .ok_or_else(|| anyhow::anyhow!("demo group {} has no owner", d.group))?
            .person_id;
        let input = OpportunityInput {
            title: d.title.into(),
            description: d.description.into(),
            commitment_kind: d.kind.into(),
            commitment_hours: d.hours.into(),
            commitment_text: d.when.into(),
            skills: d.skills.into(),
            no_experience_needed: d.no_experience_needed,
            min_age: d.min_age.into(),
            suitable_for: d.suitable_for.into(),
            location: d.location.into(),
            remote: d.remote,
            closes_on: d
                .closes_in_days
                .map(|days| plural_web::opportunities::service::date_string(now + days * 86_400))
                .unwrap_or_default(),
            status: Status::Published.as_str().into(),
        };
        let checked =
            rules::check(&input, now, None).map_err(|e| anyhow::anyhow!("demo opportunity {}: {e}", d.title))?;
        let id = plural_store::opportunities::create(db, group.id, group.place_id, owner, &checked).await?;
        for (email, message) in d.interest {
            plural_store::opportunities::express_interest(db, id, person(db, key, email).await?, message).await?;
        }
        if d.closed {
            plural_store::opportunities::set_status(db, id, Status::Closed).await?;
        }
    }
    Ok(())
}
