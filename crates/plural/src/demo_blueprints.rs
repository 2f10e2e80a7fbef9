//! Demo adoptions of the shipped blueprints, made through the same service
//! the adoption page calls (so the demo shows exactly what adopting makes):
//! the Coldharbour tenants run a Saturday pantry on the Loughborough Estate
//! from "Community food support" (its directory entry, weekly session and
//! shifts), and Lambeth Council asks Brixton Hill what matters most before
//! residents share out the ward's neighbourhood fund ("Residents'
//! priorities": a survey, then a participatory budget). Each tells its
//! story on the blueprint's page.

use std::collections::BTreeMap;

use plural_kernel::authz::Actor;
use plural_web::blueprints::service::{self, Adoption};
use plural_web::AppState;

async fn person(state: &AppState, email: &str) -> anyhow::Result<Actor> {
    let address = plural_kernel::people::EmailAddress::parse("email", email).map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let (p, _) = plural_store::people::find_by_email(&state.db, &state.key, &address)
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo person {email} missing"))?;
    Ok(Actor::Person { id: p.id, node_admin: false, disabled: false })
}

fn fields(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs.iter().map(|(k, v)| ((*k).to_string(), (*v).to_string())).collect()
}

/// Adopt a blueprint as `actor` and tell how it went.
async fn adopt(state: &AppState, actor: &Actor, id: &str, a: Adoption, story: &str) -> anyhow::Result<()> {
    let web = |e: plural_web::error::WebError| anyhow::anyhow!("demo adoption of {id}: {e:?}");
    let i = service::get(state, id).await.map_err(web)?;
    service::adopt(state, actor, &i, &a).await.map_err(web)?;
    service::add_story(state, actor, id, &a.group, story).await.map_err(web)?;
    Ok(())
}

pub async fn seed_adoptions(state: &AppState) -> anyhow::Result<()> {
    // Auntie Bea, an admin of the tenants' association.
    let bea = person(state, "bea@demo.plural.test").await?;
    adopt(
        state,
        &bea,
        "community-food-support",
        Adoption {
            group: "coldharbour-tenants".into(),
            fields: fields(&[
                ("food_safety_lead", "Auntie Bea or Rahim (both hold Level 2 food hygiene)"),
                ("referral_needed", "no"),
                ("what_to_bring", "A bag if you have one. Nobody is asked why they come."),
            ]),
            venue: "Community room, Loughborough Estate, Loughborough Road, SW9".into(),
            language: "en".into(),
            ..Adoption::default()
        },
        "We started the Saturday pantry in the estate's community room with two volunteers and a borrowed fridge. \
         The guidance on registering with Lambeth's environmental health team saved us a scare: register **before** \
         you open, not after.\n\nSix months on we have eleven volunteers on the rota and share food from the Brixton \
         market traders with about forty households a week. Sign-ups for shifts through the volunteering pages \
         mean nobody has to chase a WhatsApp group on a Friday night.",
    )
    .await?;

    // Priya, of Lambeth Council's community engagement team, helps steward Brixton Hill.
    let priya = person(state, "priya@demo.plural.test").await?;
    let brixton_hill = plural_store::places::by_slug(&state.db, "brixton-hill")
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo place brixton-hill missing"))?;
    if let Some(id) = priya.person_id() {
        if !plural_store::mutual_aid::stewarded_by(&state.db, id).await?.contains(&brixton_hill.id) {
            plural_store::mutual_aid::add_steward(&state.db, brixton_hill.id, id).await?;
        }
    }
    adopt(
        state,
        &priya,
        "residents-priorities",
        Adoption {
            group: "lambeth-council".into(),
            place: "brixton-hill".into(),
            fields: fields(&[
                ("fund_name", "the Brixton Hill neighbourhood fund"),
                ("fund_holder", "Lambeth Council (Neighbourhood CIL)"),
            ]),
            amount: "15000".into(),
            language: "en".into(),
            ..Adoption::default()
        },
        "We used to decide the ward's share of the Neighbourhood CIL at a council meeting few residents knew about. \
         This year we asked first: the survey went out online and on paper at the library and Brixton Hill's two \
         mosques, and drop-in sessions at the Tesco community space brought in people who never fill in forms.\n\n\
         Street lighting and places for young people came top by a distance — so that is what most of the proposals \
         were about.",
    )
    .await
}
