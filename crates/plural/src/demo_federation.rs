//! Demo federation: Coldharbour follows the pensioners' forum of a
//! neighbouring borough's node, and what that forum published has arrived
//! (marked with where it comes from), so the place page shows the
//! "From other nodes" block. The other node is fictional (`.example`): the
//! follow is recorded as accepted, nothing is fetched. Kwame chose to be
//! visible to other servers, as `@kwame`: his profile is `/people/kwame`.

use plural_kernel::PersonId;
use plural_store::federation::{RemoteActor, RemoteObject};
use plural_store::Db;

const FORUM: &str = "https://croydon-commons.example/ap/groups/01a2186a-0000-7000-8000-00000000f0f0";

pub async fn seed_federation(db: &Db, people: &[PersonId]) -> anyhow::Result<()> {
    if let Some(kwame) = people.get(1) {
        plural_store::people::set_fediverse_handle(db, *kwame, Some("kwame")).await?;
    }
    let Some(place) = plural_store::places::by_slug(db, "coldharbour").await? else { return Ok(()) };
    let now = plural_store::now();
    plural_store::federation::put_remote_actor(
        db.writer(),
        &RemoteActor {
            id: FORUM.into(),
            domain: "croydon-commons.example".into(),
            kind: "Group".into(),
            handle: "pensioners-forum".into(),
            name: "Croydon Pensioners' Forum".into(),
            url: "https://croydon-commons.example/groups/pensioners-forum".into(),
            inbox: format!("{FORUM}/inbox"),
            shared_inbox: "https://croydon-commons.example/inbox".into(),
            key_id: format!("{FORUM}#main-key"),
            public_pem: String::new(),
            fetched_at: now,
        },
    )
    .await?;
    let local = format!("place:{}", place.id);
    let follow_id = format!("demo-follow-{}", place.id);
    plural_store::federation::follow(db, &local, FORUM, &follow_id).await?;
    plural_store::federation::set_following_state(db.writer(), &follow_id, FORUM, "accepted").await?;
    let day = 86400;
    let items = [
        (
            "1",
            "Winter fuel payments: drop-in advice",
            "Volunteers from Age UK help you check what you are owed.",
            3 * day + 10 * 3600,
        ),
        (
            "2",
            "Tea dance at the Fairfield Halls",
            "Live band, step-free access, free for over-60s.",
            9 * day + 14 * 3600,
        ),
    ];
    for (n, name, content, starts) in items {
        let id = format!("https://croydon-commons.example/events/01a2186a-0000-7000-8000-00000000e00{n}");
        let start = now - now % 3600 + starts;
        plural_store::federation::put_object(
            db.writer(),
            &RemoteObject {
                id: id.clone(),
                actor: FORUM.into(),
                kind: "Event".into(),
                name: name.into(),
                content: format!("<p>{content}</p>"),
                url: id,
                starts_at: Some(start),
                ends_at: Some(start + 2 * 3600),
                location: "Croydon".into(),
                document: "{}".into(),
            },
            0,
            false,
        )
        .await?;
    }
    Ok(())
}
