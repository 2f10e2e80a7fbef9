//! Demo campaigns: the Coldharbour tenants campaigning to keep their local
//! pub, with stages of an Asset of Community Value nomination, signatures
//! from neighbours (local and not), pledges of shares, money and time, and
//! an update; and a Peckham campaign for a safer crossing that was won.

use plural_kernel::campaigns::{self as rules, CampaignInput, Display, PledgeKind, StageInput};
use plural_kernel::PersonId;
use plural_store::campaigns::NewSignature;
use plural_store::Db;

const DAY: i64 = 86_400;

fn date(unix: i64) -> String {
    let d = rules::unix_to_date(unix);
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

pub async fn seed_campaigns(db: &Db, people: &[PersonId]) -> anyhow::Result<()> {
    let group = |slug: &'static str| async move {
        plural_store::groups::by_slug(db, slug).await?.ok_or_else(|| anyhow::anyhow!("demo group {slug} missing"))
    };
    let tenants = group("coldharbour-tenants").await?;
    let now = plural_store::now();
    let input = CampaignInput {
        title: "Save the Junction Arms".into(),
        goal: "Keep the Junction Arms open as a pub for the estate, and buy it together if it is sold.".into(),
        story: "The Junction Arms has served Loughborough Junction since 1868. It hosts the tenants' meetings, the darts league and the Sunday lunch club for older neighbours.\n\nIn September the owner put it up for sale. We are asking Lambeth Council to list it as an **Asset of Community Value**, so that if it is sold we get six months to raise the money and bid for it as a community.\n\nWe need at least 21 local people to back the nomination.".into(),
        target: "Lambeth Council (Asset of Community Value listing); the owner".into(),
        status: "active".into(),
        outcome: String::new(),
        petition: true,
        petition_text: "We, residents of Coldharbour and Loughborough Junction, ask Lambeth Council to list the Junction Arms as an Asset of Community Value.".into(),
        threshold: "21".into(),
        local_districts: "SE5 SW9".into(),
        pledges: true,
    };
    let stages = [
        (
            "Nomination sent to Lambeth Council",
            "Signed by 21 local members of the tenants' association.",
            now - 20 * DAY,
        ),
        (
            "Council decides on the listing",
            "The council has 8 weeks from receiving the nomination.",
            now - 20 * DAY + 56 * DAY,
        ),
        (
            "Listing lasts five years",
            "If the owner gives notice of a sale, we have 6 weeks to ask to be treated as a bidder.",
            now - 20 * DAY + 56 * DAY + 5 * 365 * DAY,
        ),
    ];
    let stages: Vec<_> = stages
        .iter()
        .filter_map(|(title, note, due)| {
            rules::check_stage(&StageInput { title: (*title).into(), note: (*note).into(), due_on: date(*due) }).ok()
        })
        .collect();
    let checked = rules::check(&input).map_err(|e| anyhow::anyhow!("demo campaign: {e}"))?;
    let id =
        plural_store::campaigns::create(db, tenants.id, tenants.place_id, people[1], &checked, &stages, None).await?;
    if let Some(first) = plural_store::campaigns::stages(db, &id).await?.first() {
        plural_store::campaigns::set_stage_done(db, &id, &first.id, true).await?;
    }
    // Signatures: (person, display, place or postcode district, local).
    let signers: [(usize, Display, &str, &str, bool); 6] = [
        (1, Display::Name, "place", "coldharbour", true),
        (2, Display::FirstName, "place", "coldharbour", true),
        (5, Display::Name, "postcode", "SE5", true),
        (8, Display::Anonymous, "place", "coldharbour", true),
        (11, Display::FirstName, "postcode", "SW9", true),
        (4, Display::Name, "place", "peckham", false),
    ];
    for (person, display, kind, locality, local) in signers {
        let s = NewSignature { campaign: &id, person: people[person], display, locality_kind: kind, locality, local };
        plural_store::campaigns::sign(db, &s).await?;
        plural_store::campaigns::follow(db, &id, people[person]).await?;
    }
    for (person, kind, amount, condition) in [
        (1, PledgeKind::Shares, 50_000, "if the pub goes up for sale and we bid"),
        (2, PledgeKind::Shares, 25_000, ""),
        (5, PledgeKind::Money, 5_000, ""),
        (8, PledgeKind::Time, 12, ""),
        (11, PledgeKind::Shares, 100_000, "if we reach £250,000 in pledges"),
    ] {
        plural_store::campaigns::pledge(db, &id, people[person], kind, amount, condition).await?;
    }
    plural_store::campaigns::add_update(
        db,
        &id,
        people[1],
        "The nomination went in today with 23 local signatures. The council now has eight weeks to decide. Thank you all — see you at the quiz on Thursday.",
    )
    .await?;

    let traders = group("rye-lane-traders").await?;
    let crossing = CampaignInput {
        title: "A safe crossing at Rye Lane and Peckham High Street".into(),
        goal: "A signalled pedestrian crossing at the junction before the new school year.".into(),
        story: "Parents, traders and older shoppers asked for a crossing after two near misses in the spring.".into(),
        target: "Southwark Council highways".into(),
        status: "won".into(),
        outcome:
            "The council installed the crossing in August. Thank you to everyone who signed and came to the meeting."
                .into(),
        petition: true,
        petition_text: "We ask Southwark Council to install a signalled crossing at Rye Lane and Peckham High Street."
            .into(),
        threshold: "200".into(),
        local_districts: "SE15".into(),
        pledges: false,
    };
    let checked = rules::check(&crossing).map_err(|e| anyhow::anyhow!("demo campaign: {e}"))?;
    let id = plural_store::campaigns::create(db, traders.id, traders.place_id, people[11], &checked, &[], None).await?;
    for person in [3, 4, 10] {
        let s = NewSignature {
            campaign: &id,
            person: people[person],
            display: Display::FirstName,
            locality_kind: "place",
            locality: "peckham",
            local: true,
        };
        plural_store::campaigns::sign(db, &s).await?;
    }
    Ok(())
}
