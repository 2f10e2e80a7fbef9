//! Demo history for the OpenActive feeds: an event that was published and
//! then taken back to draft (its venue fell through), so the feeds show a
//! deleted item as well as live ones, as a real node's feeds soon do.

use plural_kernel::events::{self as rules, EventInput, EventStatus};
use plural_kernel::groups::Role;
use plural_store::Db;

pub async fn seed_withdrawn_event(db: &Db) -> anyhow::Result<()> {
    let group = plural_store::groups::by_slug(db, "coldharbour-tenants")
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo group coldharbour-tenants missing"))?;
    let organiser = plural_store::groups::members(db, group.id)
        .await?
        .iter()
        .find(|m| m.role >= Role::Admin)
        .map(|m| m.person_id)
        .ok_or_else(|| anyhow::anyhow!("demo group coldharbour-tenants has no organiser"))?;
    let now = plural_store::now();
    let date = (time::OffsetDateTime::now_utc().date() + time::Duration::days(45)).to_string();
    let input = EventInput {
        title: "Summer street party",
        description: "Tables down the middle of the road, music and food from every corner of the estate. \
                      Back to draft while we agree the road closure with the council.",
        venue: "Coldharbour Lane (closed to traffic)",
        date: &date,
        start_time: "13:00",
        end_time: "19:00",
        is_free: true,
        ..Default::default()
    };
    let details =
        rules::check(&input, now, true).map_err(|e| anyhow::anyhow!("demo street party is not valid: {e}"))?;
    let id =
        plural_store::events::create(db, group.id, group.place_id, &details, EventStatus::Published, organiser).await?;
    plural_store::events::set_status(db, id, EventStatus::Draft).await?;
    Ok(())
}
