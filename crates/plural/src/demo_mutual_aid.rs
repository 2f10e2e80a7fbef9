//! Demo mutual aid: neighbours' offers and requests in the demo's places, a
//! conversation already under way, time bank hours given, and a steward
//! for Coldharbour.

use plural_kernel::mutual_aid::{self as rules, PostInput};
use plural_kernel::PersonId;
use plural_store::Db;

struct DemoPost {
    /// Index into the demo's people.
    author: usize,
    place: &'static str,
    kind: &'static str,
    category: &'static str,
    title: &'static str,
    details: &'static str,
    when: &'static str,
}

const POSTS: &[DemoPost] = &[
    DemoPost {
        author: 2,
        place: "coldharbour",
        kind: "request",
        category: "shopping",
        title: "Heavy shopping from the big Tesco",
        details: "My hip is slow to mend. Once a week I need someone with a car or a trolley for the tins and the washing powder.",
        when: "Any weekday morning",
    },
    DemoPost {
        author: 3,
        place: "stockwell",
        kind: "offer",
        category: "diy",
        title: "Putting up shelves and fixing wobbly furniture",
        details: "I have the drill and the rawlplugs. Happy to help anyone on the estate, especially older neighbours.",
        when: "Saturdays",
    },
    DemoPost {
        author: 4,
        place: "peckham",
        kind: "offer",
        category: "tech_help",
        title: "Help with smartphones, video calls and online forms",
        details: "Patient, and I speak Somali and English. Bring your phone to the library café.",
        when: "Wednesday afternoons",
    },
    DemoPost {
        author: 7,
        place: "brixton-hill",
        kind: "request",
        category: "childcare_swaps",
        title: "School pick-up swap, St Saviour's",
        details: "Looking for another St Saviour's parent to swap Tuesday and Thursday pick-ups.",
        when: "Tuesdays and Thursdays, 3.15pm",
    },
    DemoPost {
        author: 6,
        place: "coldharbour",
        kind: "offer",
        category: "company",
        title: "A cup of tea and a chat",
        details: "Retired and around most days. If you would like company or a walk round the park, say hello.",
        when: "Most afternoons",
    },
    DemoPost {
        author: 11,
        place: "coldharbour",
        kind: "offer",
        category: "tech_help",
        title: "Phone unlocking, cheap — pay a deposit first",
        details: "Send a £20 deposit and I'll unlock any phone.",
        when: "Any time",
    },
];

pub async fn seed_mutual_aid(db: &Db, people: &[PersonId]) -> anyhow::Result<()> {
    let person = |i: usize| people.get(i).copied().ok_or_else(|| anyhow::anyhow!("demo person {i} missing"));
    let now = plural_store::now();
    let mut first = None;
    let mut last = None;
    for p in POSTS {
        let place = plural_store::places::by_slug(db, p.place)
            .await?
            .ok_or_else(|| anyhow::anyhow!("demo place {} missing", p.place))?;
        let input = PostInput {
            kind: p.kind.into(),
            category: p.category.into(),
            title: p.title.into(),
            details: p.details.into(),
            when: p.when.into(),
            expires_on: String::new(),
        };
        let checked = rules::check(&input, now).map_err(|e| anyhow::anyhow!("demo post: {e}"))?;
        let id = plural_store::mutual_aid::create_post(db, place.id, person(p.author)?, &checked).await?;
        first.get_or_insert((id.clone(), person(p.author)?));
        last = Some((id, place.id, person(p.author)?));
    }
    // Lena reported the deposit-first offer; it waits in the stewards' queue.
    if let Some((post, place, author)) = last {
        let report = plural_store::mutual_aid::NewReport {
            place,
            post: &post,
            reporter: person(10)?,
            person: author,
            reason: "scam",
            details: "Asked me for money before doing anything.",
        };
        plural_store::mutual_aid::report(db, &report).await?;
    }
    // Kwame answered Auntie Bea's shopping request; she replied.
    if let Some((post, author)) = first {
        let kwame = person(1)?;
        let c = plural_store::mutual_aid::respond(
            db,
            &post,
            author,
            kwame,
            "I drive to the big Tesco on Thursday mornings. I could take you, or bring the heavy things back?",
        )
        .await?;
        plural_store::mutual_aid::add_message(
            db,
            &c,
            author,
            "Bless you. Thursday at ten would be lovely — could we meet at the bus stop by the library?",
        )
        .await?;
    }
    // The time bank: Kwame's hour and a half with Bea's shopping, confirmed;
    // Tomasz's shelves for Hodan, waiting for her to confirm.
    let today = rules::day_start(now);
    let gifts = [(1, 2, 90, "Shopping run to the big Tesco", true), (3, 4, 120, "Put up two shelves", false)];
    let mut ledger: Vec<plural_kernel::timebank::Entry> = Vec::new();
    for (giver, receiver, minutes, what, confirmed) in gifts {
        let (by, to) = (person(giver)?, person(receiver)?);
        let op = plural_kernel::timebank::Op::Record {
            by,
            to,
            minutes,
            done_on: today - 3 * 86_400,
            description: what.into(),
        };
        let e = plural_kernel::timebank::apply(&ledger, &op, uuid::Uuid::now_v7().to_string(), now)?;
        plural_store::timebank::append(db, &e).await?;
        ledger.push(e.clone());
        if confirmed {
            let op = plural_kernel::timebank::Op::Confirm { by: to, entry: e.id.clone() };
            let c = plural_kernel::timebank::apply(&ledger, &op, uuid::Uuid::now_v7().to_string(), now)?;
            plural_store::timebank::append(db, &c).await?;
            ledger.push(c);
        }
    }
    // Grace O. looks after mutual aid in Coldharbour.
    let coldharbour = plural_store::places::by_slug(db, "coldharbour")
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo place coldharbour missing"))?;
    plural_store::mutual_aid::add_steward(db, coldharbour.id, person(6)?).await?;
    Ok(())
}
