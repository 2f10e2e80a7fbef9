//! The time bank's API: your entries and balance, recording time given,
//! confirming, disputing and correcting.

use axum::extract::{Path, State};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use plural_kernel::timebank::{self as rules, Kind};
use plural_kernel::{DomainError, PersonId};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::service::{self, Ask};
use crate::api::{ApiJson, Caller};
use crate::error::{Problem, WebResult};
use crate::routes::Routes;
use crate::AppState;

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = TimebankEntryView)]
pub struct EntryView {
    pub id: String,
    /// `record`, `confirmation`, `dispute` or `correction`.
    pub kind: String,
    pub giver: String,
    pub giver_name: Option<String>,
    pub receiver: String,
    pub receiver_name: Option<String>,
    pub minutes: i64,
    pub description: String,
    pub done_on: Option<String>,
    pub refers_to: Option<String>,
    pub note: String,
    pub recorded_at: i64,
    /// For records: `recorded`, `disputed`, `confirmed` or `corrected`.
    pub state: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LedgerView {
    /// Confirmed minutes given minus confirmed minutes received.
    pub balance_minutes: i64,
    pub entries: Vec<EntryView>,
}

/// Your time bank: every entry you gave or received, and your balance.
#[utoipa::path(get, path = "/api/v1/timebank", tag = "timebank",
    responses((status = 200, body = LedgerView), (status = 401, body = Problem)))]
pub async fn ledger(State(state): State<AppState>, caller: Caller) -> WebResult<Json<LedgerView>> {
    let (me, all) = service::ledger(&state, &caller.actor()).await?;
    let kernel: Vec<rules::Entry> = all.iter().map(|s| s.entry.clone()).collect();
    Ok(Json(LedgerView {
        balance_minutes: service::balance(me, &all),
        entries: all
            .iter()
            .map(|s| {
                let e = &s.entry;
                EntryView {
                    id: e.id.clone(),
                    kind: e.kind.as_str().into(),
                    giver: e.giver.to_string(),
                    giver_name: s.giver_name.clone(),
                    receiver: e.receiver.to_string(),
                    receiver_name: s.receiver_name.clone(),
                    minutes: e.minutes,
                    description: e.description.clone(),
                    done_on: e.done_on.map(crate::circles::service::date_string),
                    refers_to: e.refers_to.clone(),
                    note: e.note.clone(),
                    recorded_at: s.recorded_at,
                    state: (e.kind == Kind::Record).then(|| rules::state(&kernel, &e.id).as_str().to_string()),
                }
            })
            .collect(),
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RecordBody {
    /// The person (id) you gave the time to.
    pub with: String,
    /// Hours, in quarter hours: `1`, `1.5`, `"0.25"`.
    #[schema(value_type = String)]
    pub hours: serde_json::Value,
    /// `YYYY-MM-DD`, not in the future.
    pub done_on: String,
    /// What you did, in a few words.
    pub description: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = TimebankRecorded)]
pub struct Recorded {
    pub id: String,
}

/// Record time you gave someone; they confirm it.
#[utoipa::path(post, path = "/api/v1/timebank/entries", tag = "timebank", request_body = RecordBody,
    responses((status = 201, body = Recorded), (status = 401, body = Problem), (status = 422, body = Problem)))]
pub async fn record(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(b): ApiJson<RecordBody>,
) -> WebResult<Response> {
    let to: PersonId = b.with.trim().parse().map_err(|_| DomainError::field("with", "timebank-person-invalid"))?;
    let hours = match &b.hours {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let id = service::record(&state, &caller.actor(), to, &hours, &b.done_on, &b.description).await?;
    Ok((StatusCode::CREATED, Json(Recorded { id })).into_response())
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = TimebankNoteBody)]
pub struct NoteBody {
    #[serde(default)]
    pub note: String,
}

async fn act(state: &AppState, caller: &Caller, id: &str, ask: Ask, note: &str) -> WebResult<Response> {
    let id = service::act(state, &caller.actor(), id, ask, note).await?;
    Ok((StatusCode::CREATED, Json(Recorded { id })).into_response())
}

/// Confirm time someone gave you (the receiver only, once).
#[utoipa::path(post, path = "/api/v1/timebank/entries/{id}/confirm", tag = "timebank", params(("id" = String, Path)),
    responses((status = 201, body = Recorded), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem)))]
pub async fn confirm(State(state): State<AppState>, caller: Caller, Path(id): Path<String>) -> WebResult<Response> {
    act(&state, &caller, &id, Ask::Confirm, "").await
}

/// Flag a record of time given to you that is not right.
#[utoipa::path(post, path = "/api/v1/timebank/entries/{id}/dispute", tag = "timebank", params(("id" = String, Path)),
    request_body = NoteBody,
    responses((status = 201, body = Recorded), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem)))]
pub async fn dispute(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<NoteBody>,
) -> WebResult<Response> {
    act(&state, &caller, &id, Ask::Dispute, &b.note).await
}

/// Cancel a record you made in error, before it is confirmed.
#[utoipa::path(post, path = "/api/v1/timebank/entries/{id}/correct", tag = "timebank", params(("id" = String, Path)),
    request_body = NoteBody,
    responses((status = 201, body = Recorded), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem)))]
pub async fn correct(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<NoteBody>,
) -> WebResult<Response> {
    act(&state, &caller, &id, Ask::Correct, &b.note).await
}

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(ledger, record, confirm, dispute, correct),
    tags((name = "timebank", description = "Hours given between members: an hour given is an hour earned"))
)]
pub struct Doc;

pub fn routes() -> Routes {
    Routes::new()
        .api(Method::GET, "/api/v1/timebank", ledger)
        .api(Method::POST, "/api/v1/timebank/entries", record)
        .api(Method::POST, "/api/v1/timebank/entries/{id}/confirm", confirm)
        .api(Method::POST, "/api/v1/timebank/entries/{id}/dispute", dispute)
        .api(Method::POST, "/api/v1/timebank/entries/{id}/correct", correct)
}
