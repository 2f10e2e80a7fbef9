//! Demo notices: what a neighbourhood would read on its pages this week —
//! the food share closed for a bank holiday, the tenants passing on a
//! change to bin collections, and a road closure posted for the whole of
//! Brixton Hill by the node's steward.

use plural_kernel::notices::{check, NoticeInput};
use plural_kernel::PersonId;
use plural_store::Db;

/// Who posts a notice: a group (its slug), or the node's admin for a whole place (its slug).
enum By {
    Group(&'static str),
    Place(&'static str),
}

struct DemoNotice {
    by: By,
    title: &'static str,
    body: &'static str,
    /// Days from now it is shown until, if it expires.
    expires_in_days: Option<i64>,
}

const NOTICES: &[DemoNotice] = &[
    DemoNotice {
        by: By::Group("brixton-food-share"),
        title: "Food bank closed on Monday",
        body: "We are closed on **Monday** for the bank holiday. The Wednesday session runs as usual, \
               10:00–13:00 at St Matthew's hall.\n\nIf you need food before then, call the council's \
               emergency support line.",
        expires_in_days: Some(5),
    },
    DemoNotice {
        by: By::Group("coldharbour-tenants"),
        title: "Bin collection moved to Thursday",
        body: "From next week the estate's general waste and recycling are collected on **Thursday** \
               mornings instead of Tuesday. Please put bins out after 20:00 on Wednesday.",
        expires_in_days: Some(14),
    },
    DemoNotice {
        by: By::Place("brixton-hill"),
        title: "Road closure on Brixton Hill",
        body: "Brixton Hill is closed northbound between Elm Park and Upper Tulse Hill for water main \
               repairs. Buses 45, 59, 109, 118, 250 and 333 are diverted; the pavements stay open.",
        expires_in_days: Some(10),
    },
];

/// Add the demo's notices (after its people, places and groups). `people[0]`
/// is the node's admin, who posts for a whole place.
pub async fn seed_notices(db: &Db, people: &[PersonId]) -> anyhow::Result<()> {
    let admin = *people.first().ok_or_else(|| anyhow::anyhow!("demo admin missing"))?;
    let now = plural_store::now();
    let zone =
        plural_kernel::events::parse_zone("time_zone", "").map_err(|e| anyhow::anyhow!("demo zone: {}", e.code))?;
    for d in NOTICES {
        let (place, group, author) = match d.by {
            By::Group(slug) => {
                let g = plural_store::groups::by_slug(db, slug)
                    .await?
                    .ok_or_else(|| anyhow::anyhow!("demo group {slug} missing"))?;
                let owner = plural_store::groups::members(db, g.id)
                    .await?
                    .into_iter()
                    .next()
                    .ok_or_else(|| anyhow::anyhow!("demo group {slug} has no owner"))?
                    .person_id;
                (g.place_id, Some(g.id), owner)
            }
            By::Place(slug) => {
                let p = plural_store::places::by_slug(db, slug)
                    .await?
                    .ok_or_else(|| anyhow::anyhow!("demo place {slug} missing"))?;
                (p.id, None, admin)
            }
        };
        let input = NoticeInput {
            title: d.title.into(),
            body: d.body.into(),
            expires_at: d
                .expires_in_days
                .map(|days| plural_kernel::notices::expiry_input(now + days * 86_400, zone))
                .unwrap_or_default(),
        };
        let checked = check(&input, now, zone, None).map_err(|e| anyhow::anyhow!("demo notice {}: {e}", d.title))?;
        plural_store::notices::create(db, place, group, author, &checked).await?;
    }
    Ok(())
}
