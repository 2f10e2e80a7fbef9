//! `plural export`: a place's public directory as Open Referral HSDS 3.0
//! JSON (`services.json`) and its events as iCalendar (`events.ics`), the
//! same documents the node serves, written to a folder.

use std::path::{Path, PathBuf};

use anyhow::Context;
use plural_web::AppState;

/// What was written.
#[derive(Debug, Clone)]
pub struct Exported {
    pub services_file: PathBuf,
    pub services: usize,
    pub events_file: PathBuf,
    pub events: usize,
}

/// Events a month back and onwards, as the place's calendar feed has them.
const EVENTS_MAX: i64 = 10_000;

pub async fn export(state: &AppState, place_slug: &str, to: &Path) -> anyhow::Result<Exported> {
    let place = plural_store::places::by_slug(&state.db, place_slug.trim())
        .await?
        .with_context(|| format!("no place with the slug `{place_slug}`"))?;
    std::fs::create_dir_all(to).with_context(|| format!("creating {}", to.display()))?;

    let hsds = plural_web::directory::hsds::export_place(state, &place.slug)
        .await
        .map_err(|e| anyhow::anyhow!("reading the directory: {e}"))?;
    let services = hsds.get("contents").and_then(|c| c.as_array()).map_or(0, Vec::len);
    let services_file = to.join("services.json");
    std::fs::write(&services_file, serde_json::to_vec_pretty(&hsds)?)
        .with_context(|| format!("writing {}", services_file.display()))?;

    let filter = plural_store::events::Filter { place: Some(place.id), ..Default::default() };
    let since = plural_store::now() - 31 * 86400;
    let events = plural_store::events::still_running(&state.db, filter, since, EVENTS_MAX).await?;
    let ics = plural_web::events::feeds::calendar(state, &place.name, &events)
        .await
        .map_err(|e| anyhow::anyhow!("reading the events: {e}"))?;
    let events_file = to.join("events.ics");
    std::fs::write(&events_file, ics).with_context(|| format!("writing {}", events_file.display()))?;
    Ok(Exported { services_file, services, events_file, events: events.len() })
}
