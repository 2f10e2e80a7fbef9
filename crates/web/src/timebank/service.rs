//! The time bank's operations, shared by pages and API.

use plural_kernel::authz::Actor;
use plural_kernel::timebank::{self as rules, Entry, Op};
use plural_kernel::{DomainError, FieldErrors, PersonId};
use plural_store::timebank::StoredEntry;

use crate::error::{WebError, WebResult};
use crate::AppState;

fn me(actor: &Actor) -> WebResult<PersonId> {
    actor.person_id().ok_or(WebError::Domain(DomainError::Unauthenticated))
}

/// Everything in the time bank that involves the person, oldest first.
pub async fn ledger(state: &AppState, actor: &Actor) -> WebResult<(PersonId, Vec<StoredEntry>)> {
    let person = me(actor)?;
    Ok((person, plural_store::timebank::entries_of(&state.db, person).await?))
}

fn kernel_entries(all: &[StoredEntry]) -> Vec<Entry> {
    all.iter().map(|s| s.entry.clone()).collect()
}

pub fn balance(me: PersonId, all: &[StoredEntry]) -> i64 {
    rules::balance(&kernel_entries(all), me)
}

fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

async fn add(state: &AppState, actor: &Actor, op: Op) -> WebResult<String> {
    let (_, all) = ledger(state, actor).await?;
    let entry = rules::apply(&kernel_entries(&all), &op, new_id(), plural_store::now())?;
    plural_store::timebank::append(&state.db, &entry).await.map_err(|e| {
        // Two confirmations racing: the database keeps the first.
        if e.is_unique_violation() {
            WebError::Domain(DomainError::Conflict("timebank-already-confirmed"))
        } else {
            e.into()
        }
    })?;
    Ok(entry.id)
}

/// Record time given to `to`.
pub async fn record(
    state: &AppState,
    actor: &Actor,
    to: PersonId,
    hours: &str,
    done_on: &str,
    description: &str,
) -> WebResult<String> {
    let by = me(actor)?;
    let mut errors = FieldErrors::new();
    let minutes = errors.check(rules::parse_hours("hours", hours));
    let done_on = errors.check(plural_kernel::circles::parse_date("done_on", done_on).map_err(|e| {
        plural_kernel::FieldError::new(
            "done_on",
            if e.code == "circle-date-required" { "timebank-date-required" } else { "timebank-date-invalid" },
        )
    }));
    // Checked here as well as by the kernel, so every problem is named at once.
    if done_on.is_some_and(|d| d > plural_kernel::circles::day_start(plural_store::now())) {
        errors.push("done_on", "timebank-done-on-future");
    }
    let description_ok = !description.trim().is_empty();
    if !description_ok {
        errors.push("description", "timebank-description-required");
    }
    plural_store::people::get(&state.db, to)
        .await?
        .filter(|p| !p.erased)
        .ok_or(DomainError::field("with", "timebank-person-invalid"))?;
    let (Some(minutes), Some(done_on)) = (minutes, done_on) else { return Err(DomainError::Invalid(errors).into()) };
    if !errors.is_empty() {
        return Err(DomainError::Invalid(errors).into());
    }
    add(state, actor, Op::Record { by, to, minutes, done_on, description: description.to_string() }).await
}

pub enum Ask {
    Confirm,
    Dispute,
    Correct,
}

pub async fn act(state: &AppState, actor: &Actor, entry: &str, ask: Ask, note: &str) -> WebResult<String> {
    let by = me(actor)?;
    let entry = entry.to_string();
    let op = match ask {
        Ask::Confirm => Op::Confirm { by, entry },
        Ask::Dispute => Op::Dispute { by, entry, note: note.to_string() },
        Ask::Correct => Op::Correct { by, entry, note: note.to_string() },
    };
    add(state, actor, op).await
}
