//! Demo weekly-digest subscriptions: a few residents have asked for the
//! "what's on near you" email, so their account pages show it on and the
//! demo node's log shows the emails on the configured weekday.

use plural_kernel::PersonId;
use plural_store::Db;

/// (person index in the demo's people, places they chose).
const SUBSCRIPTIONS: &[(usize, &[&str])] =
    &[(1, &["lambeth"]), (2, &["coldharbour", "brixton-hill"]), (5, &["peckham"])];

pub async fn seed_digest(db: &Db, people: &[PersonId]) -> anyhow::Result<()> {
    for (person, slugs) in SUBSCRIPTIONS {
        let Some(person) = people.get(*person) else { continue };
        let mut places = Vec::new();
        for slug in *slugs {
            let place = plural_store::places::by_slug(db, slug)
                .await?
                .ok_or_else(|| anyhow::anyhow!("demo place {slug} missing"))?;
            places.push(place.id);
        }
        plural_store::digest::set_places(db, *person, &places).await?;
    }
    Ok(())
}
