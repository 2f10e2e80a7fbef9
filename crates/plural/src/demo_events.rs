//! Demo events: the weekly rhythm of the demo groups, a monthly tenants'
//! meeting, a few one-offs, one cancelled event and one cancelled date, and
//! some RSVPs. Dates are counted from today so the demo always looks current.

use plural_kernel::events::{self as rules, EventInput, EventStatus};
use plural_kernel::groups::Role;
use plural_kernel::PersonId;
use plural_store::events::Override;
use plural_store::Db;
use time::{Date, Duration, OffsetDateTime, Weekday};

struct DemoEvent {
    group: &'static str,
    title: &'static str,
    description: &'static str,
    /// When: the next such weekday (after `skip_days` days), or a fixed number of days ahead.
    on: When,
    start: &'static str,
    end: &'static str,
    repeat: &'static str,
    venue: &'static str,
    address: &'static str,
    postcode: &'static str,
    /// Latitude and longitude of the venue, so search can say how far away it is.
    at: (&'static str, &'static str),
    cost: &'static str,
    capacity: &'static str,
    accessibility: &'static str,
    languages: &'static str,
    age_range: &'static str,
    cancelled: bool,
    /// Indexes into the demo people who said they are going.
    going: &'static [usize],
}

enum When {
    Next(Weekday),
    /// The first Tuesday of next month.
    FirstTuesdayNextMonth,
    InDays(i64),
}

const EVENTS: &[DemoEvent] = &[
    DemoEvent {
        group: "brixton-food-share",
        title: "Thursday food share",
        description: "Fresh fruit, vegetables and bread rescued from local shops. **Free, no questions asked.** Bring a bag if you can.\n\nVolunteers: come at 9:30 to set up.",
        on: When::Next(Weekday::Thursday),
        start: "10:00",
        end: "12:00",
        repeat: "weekly",
        venue: "St Matthew's church hall",
        address: "Brixton Hill, London",
        postcode: "SW2 1JF",
        at: ("51.4585", "-0.1145"),
        cost: "",
        capacity: "",
        accessibility: "Step-free entrance on the side street. Seating available while you wait.",
        languages: "English, Portuguese, Somali",
        age_range: "",
        cancelled: false,
        going: &[1, 4, 6],
    },
    DemoEvent {
        group: "brixton-food-share",
        title: "Saturday food share",
        description: "The weekend share, with a hot drink and a chat. Children welcome.",
        on: When::Next(Weekday::Saturday),
        start: "11:00",
        end: "13:00",
        repeat: "weekly",
        venue: "St Matthew's church hall",
        address: "Brixton Hill, London",
        postcode: "SW2 1JF",
        at: ("51.4585", "-0.1145"),
        cost: "",
        capacity: "",
        accessibility: "Step-free entrance on the side street.",
        languages: "English, Portuguese",
        age_range: "",
        cancelled: false,
        going: &[],
    },
    DemoEvent {
        group: "stockwell-sewing-circle",
        title: "Sewing circle",
        description: "Bring something to mend or come and learn. Machines and thread provided; tea is always on.",
        on: When::Next(Weekday::Wednesday),
        start: "14:00",
        end: "16:00",
        repeat: "weekly",
        venue: "Stockwell Community Centre, room 2",
        address: "1 Studley Road, London",
        postcode: "SW4 6RA",
        at: ("51.4700", "-0.1230"),
        cost: "",
        capacity: "12",
        accessibility: "Ground floor, accessible toilet. Magnifying lamps available.",
        languages: "English, Polish",
        age_range: "16+",
        cancelled: false,
        going: &[2, 3, 7, 10],
    },
    DemoEvent {
        group: "loughborough-junction-garden",
        title: "Saturday garden morning",
        description: "Weeding, watering, building raised beds. Gloves and tools provided; wear old clothes.",
        on: When::Next(Weekday::Saturday),
        start: "09:30",
        end: "12:30",
        repeat: "weekly",
        venue: "Loughborough Junction community garden",
        address: "Off Calais Street, London",
        postcode: "SE5 9LP",
        at: ("51.4660", "-0.1010"),
        cost: "",
        capacity: "",
        accessibility: "Gravel paths; one raised bed at wheelchair height.",
        languages: "English",
        age_range: "All ages (children with an adult)",
        cancelled: false,
        going: &[8, 11],
    },
    DemoEvent {
        group: "coldharbour-tenants",
        title: "Tenants' meeting",
        description: "Monthly meeting of Coldharbour tenants and leaseholders. This month: the repairs backlog and the new bin store.\n\nAgenda and minutes are posted in the group.",
        on: When::FirstTuesdayNextMonth,
        start: "19:00",
        end: "20:30",
        repeat: "monthly",
        venue: "Coldharbour estate community room",
        address: "Coldharbour Lane, London",
        postcode: "SW9 8RR",
        at: ("51.4640", "-0.1080"),
        cost: "",
        capacity: "",
        accessibility: "Ground floor. Hearing loop.",
        languages: "English, Somali (interpreter on request)",
        age_range: "",
        cancelled: false,
        going: &[1, 5],
    },
    DemoEvent {
        group: "loughborough-junction-garden",
        title: "Spring seed swap",
        description: "Bring seeds, cuttings or seedlings to swap, or just come and take some. Advice from our growers all morning.",
        on: When::InDays(10),
        start: "10:00",
        end: "13:00",
        repeat: "none",
        venue: "Loughborough Junction community garden",
        address: "Off Calais Street, London",
        postcode: "SE5 9LP",
        at: ("51.4660", "-0.1010"),
        cost: "",
        capacity: "",
        accessibility: "Gravel paths.",
        languages: "English",
        age_range: "",
        cancelled: false,
        going: &[8, 2],
    },
    DemoEvent {
        group: "loughborough-junction-garden",
        title: "Harvest meal",
        description: "A shared meal cooked from what we grew. Bring a dish if you like. Places are limited, so please say if you are coming.",
        on: When::InDays(24),
        start: "18:00",
        end: "21:00",
        repeat: "none",
        venue: "Loughborough Junction community garden",
        address: "Off Calais Street, London",
        postcode: "SE5 9LP",
        at: ("51.4660", "-0.1010"),
        cost: "Pay what you can (suggested £3)",
        capacity: "3",
        accessibility: "Outdoors with a covered area. Vegetarian and halal food.",
        languages: "English",
        age_range: "All ages",
        cancelled: false,
        going: &[8, 1, 4, 6],
    },
    DemoEvent {
        group: "lambeth-council",
        title: "Council drop-in: housing and benefits",
        description: "Ask a council officer about repairs, housing applications, council tax support and the household support fund. No appointment needed.",
        on: When::InDays(5),
        start: "13:00",
        end: "16:00",
        repeat: "none",
        venue: "Brixton Library",
        address: "Brixton Oval, London",
        postcode: "SW2 1JQ",
        at: ("51.4613", "-0.1155"),
        cost: "",
        capacity: "",
        accessibility: "Step-free. BSL interpreter on request with a week's notice.",
        languages: "English, Portuguese, Spanish",
        age_range: "",
        cancelled: false,
        going: &[],
    },
    DemoEvent {
        group: "peckham-digital",
        title: "Phone and laptop repair café",
        description: "Volunteers help you fix cracked screens, slow laptops and forgotten passwords.",
        on: When::InDays(8),
        start: "12:00",
        end: "15:00",
        repeat: "none",
        venue: "Peckham Library, floor 2",
        address: "122 Peckham Hill Street, London",
        postcode: "SE15 5JR",
        at: ("51.4740", "-0.0690"),
        cost: "",
        capacity: "",
        accessibility: "Lift to all floors.",
        languages: "English",
        age_range: "",
        cancelled: true,
        going: &[],
    },
];

fn day_of(today: Date, when: &When) -> Date {
    match when {
        // Strictly after today: a new event may not start in the past, and this morning may be.
        When::Next(w) => today.next_occurrence(*w),
        When::FirstTuesdayNextMonth => {
            let (y, m) = match today.month() {
                time::Month::December => (today.year() + 1, time::Month::January),
                m => (today.year(), m.next()),
            };
            Date::from_calendar_date(y, m, 1)
                .map(
                    |first| {
                        if first.weekday() == Weekday::Tuesday {
                            first
                        } else {
                            first.next_occurrence(Weekday::Tuesday)
                        }
                    },
                )
                .unwrap_or(today + Duration::days(14))
        }
        When::InDays(n) => today + Duration::days(*n),
    }
}

/// Add the demo events. `people` are the demo accounts in order.
pub async fn seed_events(db: &Db, people: &[PersonId]) -> anyhow::Result<()> {
    let today = OffsetDateTime::now_utc().date();
    let now = plural_store::now();
    for d in EVENTS {
        let group = plural_store::groups::by_slug(db, d.group)
            .await?
            .ok_or_else(|| anyhow::anyhow!("demo group {} missing", d.group))?;
        let members = plural_store::groups::members(db, group.id).await?;
        let organiser = members
            .iter()
            .find(|m| m.role >= Role::Admin)
            .map(|m| m.person_id)
            .ok_or_else(|| anyhow::anyhow!("demo group {} has no organiser", d.group))?;
        let date = day_of(today, &d.on).to_string();
        let input = EventInput {
            title: d.title,
            description: d.description,
            venue: d.venue,
            address: d.address,
            postcode: d.postcode,
            lat: d.at.0,
            lon: d.at.1,
            date: &date,
            start_time: d.start,
            end_time: d.end,
            repeat: d.repeat,
            is_free: d.cost.is_empty(),
            cost: d.cost,
            capacity: d.capacity,
            accessibility: d.accessibility,
            languages: d.languages,
            age_range: d.age_range,
            ..Default::default()
        };
        let details = rules::check(&input, now, true)
            .map_err(|e| anyhow::anyhow!("demo event {:?} is not valid: {e}", d.title))?;
        let status = if d.cancelled { EventStatus::Cancelled } else { EventStatus::Published };
        let id = plural_store::events::create(db, group.id, group.place_id, &details, status, organiser).await?;
        for person in d.going {
            if let Some(p) = people.get(*person) {
                plural_store::events::rsvp(db, id, *p, details.capacity).await?;
            }
        }
        // The Thursday food share is off on its second date (the hall is booked): "this occurrence" only.
        if d.title == "Thursday food share" {
            let zone = details.time_zone;
            let dates = rules::expand(details.starts_at, zone, details.rrule.as_deref(), now, now + 30 * 86400, 2);
            if let Some(second) = dates.get(1) {
                let change = Override {
                    original_starts_at: *second,
                    cancelled: true,
                    starts_at: *second,
                    ends_at: second + (details.ends_at - details.starts_at),
                    updated_at: now,
                };
                plural_store::events::set_override(db, id, &change).await?;
            }
        }
    }
    Ok(())
}
