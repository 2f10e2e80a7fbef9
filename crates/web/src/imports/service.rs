//! Imports as node admins run them from the pages and the API: the
//! permission check, then the same functions as the command line.

use plural_kernel::authz::{self, Action, Actor};
use plural_store::subscriptions::Subscription;

use super::csv::CsvKind;
use super::ical::{self, Target};
use super::report::{no_place, InputRefused, Reason, Report};
use super::subscriptions;
use crate::error::{WebError, WebResult};
use crate::AppState;

/// What an uploaded file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Hsds,
    Csv(CsvKind),
    Ical,
}

/// Why an import or a subscription did not happen. A refusal of the whole
/// input is the client's to fix: the page shows its reasons in the reader's
/// language, the API answers 400 with them in English.
#[derive(Debug)]
pub enum ImportError {
    Refused(InputRefused),
    Web(WebError),
}

pub type ImportResult<T> = Result<T, ImportError>;

impl From<WebError> for ImportError {
    fn from(e: WebError) -> ImportError {
        ImportError::Web(e)
    }
}

impl From<plural_kernel::DomainError> for ImportError {
    fn from(e: plural_kernel::DomainError) -> ImportError {
        ImportError::Web(e.into())
    }
}

impl From<plural_store::StoreError> for ImportError {
    fn from(e: plural_store::StoreError) -> ImportError {
        ImportError::Web(e.into())
    }
}

impl From<InputRefused> for ImportError {
    fn from(r: InputRefused) -> ImportError {
        ImportError::Refused(r)
    }
}

/// An import's error: a refusal of the input, or else the node's fault.
impl From<anyhow::Error> for ImportError {
    fn from(e: anyhow::Error) -> ImportError {
        match e.downcast::<InputRefused>() {
            Ok(r) => ImportError::Refused(r),
            Err(e) => ImportError::Web(match e.downcast::<plural_store::StoreError>() {
                Ok(s) => WebError::Store(s),
                Err(e) => WebError::Internal(e),
            }),
        }
    }
}

impl From<ImportError> for WebError {
    fn from(e: ImportError) -> WebError {
        match e {
            ImportError::Refused(r) => WebError::BadRequest("import-refused", r.to_string()),
            ImportError::Web(e) => e,
        }
    }
}

/// An import's error as the API and the pages' other errors show it.
pub fn web_error(e: anyhow::Error) -> WebError {
    ImportError::from(e).into()
}

async fn place(state: &AppState, slug: &str) -> ImportResult<plural_store::places::Place> {
    Ok(plural_store::places::by_slug(&state.db, slug.trim()).await?.ok_or_else(|| no_place(slug))?)
}

async fn target(state: &AppState, actor: &Actor, group: &str, place: Option<&str>) -> ImportResult<Target> {
    let mut t = ical::target(&state.db, group, place).await?;
    t.by = actor.person_id();
    Ok(t)
}

/// Import an uploaded file. `place` is needed for services, `group` for events.
pub async fn run(
    state: &AppState,
    actor: &Actor,
    format: Format,
    raw: &[u8],
    place_slug: Option<&str>,
    group_slug: Option<&str>,
) -> ImportResult<Report> {
    authz::decide(actor, &Action::RunImports)?;
    let needs = |what: &str| InputRefused::new(Reason::new("import-reason-required").with("field", what));
    let report = match format {
        Format::Hsds => {
            let place = place(state, place_slug.ok_or_else(|| needs("place"))?).await?;
            super::hsds::import_json(&state.db, &place, "upload", raw).await
        }
        Format::Csv(kind) => {
            let place = place(state, place_slug.ok_or_else(|| needs("place"))?).await?;
            super::csv::import_bytes(&state.db, &place, kind, raw, false).await
        }
        Format::Ical => {
            let target = target(state, actor, group_slug.ok_or_else(|| needs("group"))?, place_slug).await?;
            ical::import_bytes(&state.db, &target, raw, false).await
        }
    };
    Ok(report?)
}

/// Follow a calendar for a group; its first fetch is queued at once.
pub async fn subscribe(
    state: &AppState,
    actor: &Actor,
    url: &str,
    group_slug: &str,
    place_slug: Option<&str>,
    interval_secs: i64,
) -> ImportResult<Subscription> {
    authz::decide(actor, &Action::RunImports)?;
    let target = target(state, actor, group_slug, place_slug).await?;
    let allow_loopback = state.config.federation.allow_loopback;
    let id = subscriptions::subscribe(&state.db, url, &target, interval_secs, allow_loopback).await?;
    subscriptions::fetch_soon(&state.db, &id).await?;
    Ok(plural_store::subscriptions::get(&state.db, &id).await?.ok_or_else(WebError::not_found)?)
}

pub async fn list(state: &AppState, actor: &Actor) -> WebResult<Vec<Subscription>> {
    authz::decide(actor, &Action::RunImports)?;
    Ok(plural_store::subscriptions::list(&state.db).await?)
}

pub async fn fetch_now(state: &AppState, actor: &Actor, id: &str) -> WebResult<()> {
    authz::decide(actor, &Action::RunImports)?;
    plural_store::subscriptions::get(&state.db, id).await?.ok_or_else(WebError::not_found)?;
    subscriptions::fetch_soon(&state.db, id).await.map_err(web_error)
}

/// Stop following a calendar; the events it brought stay.
pub async fn remove(state: &AppState, actor: &Actor, id: &str) -> WebResult<()> {
    authz::decide(actor, &Action::RunImports)?;
    if plural_store::subscriptions::remove(&state.db, id).await? {
        Ok(())
    } else {
        Err(WebError::not_found())
    }
}
