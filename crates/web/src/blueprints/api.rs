//! The API face of blueprints: the installed ones, checking one, adopting one.

use std::collections::BTreeMap;

use axum::extract::{Path, State};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use plural_kernel::blueprints::Syntax;
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};

use super::service::{self, Adoption};
use crate::api::{ApiJson, Caller};
use crate::error::{Problem, WebResult};
use crate::routes::Routes;
use crate::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct BlueprintSummary {
    pub id: String,
    pub version: String,
    /// Names by language.
    pub name: BTreeMap<String, String>,
    pub summary: BTreeMap<String, String>,
    pub modules: Vec<String>,
    /// SHA-256 of the canonical form.
    pub digest: String,
    /// Campaigns on this node adopted from it.
    pub adoptions: i64,
    /// `shipped` with Plural, `published` by this node, or `installed` from another node.
    pub how: String,
}

/// Blueprints installed on this node.
#[utoipa::path(get, path = "/api/v1/blueprints", tag = "blueprints", responses((status = 200, body = Vec<BlueprintSummary>)))]
pub async fn list(State(state): State<AppState>) -> WebResult<Json<Vec<BlueprintSummary>>> {
    let counts = service::adoption_counts(&state).await?;
    Ok(Json(
        service::catalogue(&state)
            .await?
            .iter()
            .map(|i| BlueprintSummary {
                id: i.blueprint.id.clone(),
                version: i.blueprint.version.clone(),
                name: i.blueprint.name.clone(),
                summary: i.blueprint.summary.clone(),
                modules: i.blueprint.modules.clone(),
                digest: i.digest.clone(),
                adoptions: counts.get(&i.blueprint.id).copied().unwrap_or(0),
                how: i.how.to_string(),
            })
            .collect(),
    ))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BlueprintView {
    pub digest: String,
    /// The blueprint itself, in the form described by `/blueprints/schema.json`.
    #[schema(value_type = Object)]
    pub blueprint: serde_json::Value,
    /// Adoptions on this node (campaigns and others).
    pub adoptions: i64,
    /// How it went, told by groups that adopted it; newest first.
    pub stories: Vec<service::Story>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StoryBody {
    /// Slug of a group that adopted the blueprint (you run it).
    pub group: String,
    /// Markdown, at most 2,000 characters.
    pub story: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct StoryAdded {
    pub id: String,
}

/// Tell how adopting a blueprint went (admins of a group that adopted it).
#[utoipa::path(post, path = "/api/v1/blueprints/{id}/stories", tag = "blueprints", params(("id" = String, Path)),
    request_body = StoryBody,
    responses((status = 201, body = StoryAdded), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn add_story(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<StoryBody>,
) -> WebResult<Response> {
    let i = service::get(&state, &id).await?;
    let id = service::add_story(&state, &caller.actor(), &i.blueprint.id, &b.group, &b.story).await?;
    Ok((StatusCode::CREATED, Json(StoryAdded { id })).into_response())
}

/// One installed blueprint, whole.
#[utoipa::path(get, path = "/api/v1/blueprints/{id}", tag = "blueprints", params(("id" = String, Path)),
    responses((status = 200, body = BlueprintView), (status = 404, body = Problem)))]
pub async fn show(State(state): State<AppState>, Path(id): Path<String>) -> WebResult<Json<BlueprintView>> {
    let i = service::get(&state, &id).await?;
    let blueprint = serde_json::to_value(&i.blueprint).map_err(|e| crate::error::WebError::Internal(e.into()))?;
    let adoptions = service::adoption_counts(&state).await?.get(&i.blueprint.id).copied().unwrap_or(0);
    let stories = service::stories(&state, &i.blueprint.id).await?;
    Ok(Json(BlueprintView { digest: i.digest.clone(), blueprint, adoptions, stories }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ValidateBody {
    /// `toml` or `json`.
    pub syntax: String,
    /// The blueprint file's text.
    pub source: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BlueprintProblem {
    /// Where in the file, such as `campaign.stages[2].deadline.from`.
    pub path: String,
    pub code: String,
    /// What to fix.
    pub message: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Validation {
    pub valid: bool,
    pub id: Option<String>,
    pub version: Option<String>,
    /// SHA-256 of the canonical form, when valid.
    pub digest: Option<String>,
    pub problems: Vec<BlueprintProblem>,
}

/// Check a blueprint against the format and this node's modules. Nothing is installed.
#[utoipa::path(post, path = "/api/v1/blueprints/validate", tag = "blueprints", request_body = ValidateBody,
    responses((status = 200, body = Validation), (status = 422, body = Problem)))]
pub async fn validate(ApiJson(b): ApiJson<ValidateBody>) -> WebResult<Json<Validation>> {
    let syntax = match b.syntax.trim() {
        "toml" => Syntax::Toml,
        "json" => Syntax::Json,
        _ => return Err(plural_kernel::DomainError::field("syntax", "blueprint-syntax-invalid").into()),
    };
    Ok(Json(match service::validate(&b.source, syntax) {
        Ok(i) => Validation {
            valid: true,
            id: Some(i.blueprint.id),
            version: Some(i.blueprint.version),
            digest: Some(i.digest),
            problems: Vec::new(),
        },
        Err(problems) => Validation {
            valid: false,
            id: None,
            version: None,
            digest: None,
            problems: problems
                .into_iter()
                .map(|p| BlueprintProblem { path: p.path, code: p.code.into(), message: p.message })
                .collect(),
        },
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AdoptBody {
    /// The slug of your group.
    pub group: String,
    /// A place's slug; the group's own place when left out.
    #[serde(default)]
    pub place: String,
    /// Dates for the blueprint's inputs (`YYYY-MM-DD`), by input key.
    #[serde(default)]
    pub dates: BTreeMap<String, String>,
    /// Values for the blueprint's custom fields, by field key.
    #[serde(default)]
    pub fields: BTreeMap<String, String>,
    /// Postcode districts counted as local.
    #[serde(default)]
    pub local_districts: Vec<String>,
    /// Which of the blueprint's languages to take the texts from.
    #[serde(default)]
    pub language: String,
    /// Where a rota's sessions happen (venue or address): needed by
    /// blueprints with a rota.
    #[serde(default)]
    pub venue: String,
    /// The money a budget shares out, in whole pounds (such as "12000"):
    /// needed by blueprints with a budget.
    #[serde(default)]
    pub amount: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Adopted {
    /// The new campaign (a draft), pre-filled from the blueprint, for
    /// campaign blueprints.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub campaign: Option<String>,
    /// What else the adoption created for the group, by kind (`services`,
    /// `events`, `opportunities`, `surveys`, `budgets`): ids.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub created: BTreeMap<String, Vec<String>>,
}

/// Adopt a blueprint for a place: creates a draft campaign from it, or the
/// group's directory entry, weekly rota and volunteering opportunities, or
/// a survey of the place and a participatory budget for it.
#[utoipa::path(post, path = "/api/v1/blueprints/{id}/adoptions", tag = "blueprints", params(("id" = String, Path)),
    request_body = AdoptBody,
    responses((status = 201, body = Adopted), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn adopt(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<AdoptBody>,
) -> WebResult<Response> {
    let i = &service::get(&state, &id).await?;
    let a = Adoption {
        group: b.group,
        place: b.place,
        dates: b.dates,
        fields: b.fields,
        local_districts: b.local_districts.join(" "),
        language: b.language,
        venue: b.venue,
        amount: b.amount,
    };
    let out = match service::adopt(&state, &caller.actor(), i, &a).await? {
        service::Adopted::Campaign(c) => Adopted { campaign: Some(c.id), created: BTreeMap::new() },
        service::Adopted::Parts(u) => Adopted { campaign: None, created: u.created.clone() },
    };
    Ok((StatusCode::CREATED, Json(out)).into_response())
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProvenanceStep {
    pub id: String,
    pub version: String,
    /// The publishing node.
    pub origin: String,
    /// The publisher's Ed25519 public key (hex).
    pub key: String,
    pub digest: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Verification {
    pub valid: bool,
    /// Who published which version, from this one back to the original.
    pub provenance: Vec<ProvenanceStep>,
    pub problems: Vec<BlueprintProblem>,
}

/// Check a signed blueprint and its chain of signed versions back to the
/// original: signatures, digests, derived-from links, loops, modules.
#[utoipa::path(post, path = "/api/v1/blueprints/verify", tag = "blueprints",
    request_body(content = Object, description = "A signed blueprint: {head, chain}, as in /blueprints/feed.json"),
    responses((status = 200, body = Verification), (status = 400, body = Problem)))]
pub async fn verify(ApiJson(s): ApiJson<plural_kernel::provenance::Signed>) -> WebResult<Json<Verification>> {
    Ok(Json(match plural_kernel::provenance::verify(&s, &service::MODULES) {
        Ok(steps) => Verification {
            valid: true,
            provenance: steps
                .into_iter()
                .map(|s| ProvenanceStep {
                    id: s.id,
                    version: s.version,
                    origin: s.origin,
                    key: s.key,
                    digest: s.digest,
                })
                .collect(),
            problems: Vec::new(),
        },
        Err(problems) => Verification {
            valid: false,
            provenance: Vec::new(),
            problems: problems
                .into_iter()
                .map(|p| BlueprintProblem { path: p.path, code: p.code.into(), message: p.message })
                .collect(),
        },
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DiffBody {
    /// The version you have (a blueprint, as in `/blueprints/schema.json`).
    #[schema(value_type = Object)]
    pub from: plural_kernel::blueprints::Blueprint,
    /// The newer version.
    #[schema(value_type = Object)]
    pub to: plural_kernel::blueprints::Blueprint,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ChangeView {
    pub path: String,
    /// Absent when the value was added.
    pub before: Option<String>,
    /// Absent when the value was removed.
    pub after: Option<String>,
}

/// What changed between two versions of a blueprint, path by path.
#[utoipa::path(post, path = "/api/v1/blueprints/diff", tag = "blueprints", request_body = DiffBody,
    responses((status = 200, body = Vec<ChangeView>), (status = 400, body = Problem)))]
pub async fn diff(ApiJson(b): ApiJson<DiffBody>) -> Json<Vec<ChangeView>> {
    Json(
        plural_kernel::blueprints::diff(&b.from, &b.to)
            .into_iter()
            .map(|c| ChangeView { path: c.path, before: c.before, after: c.after })
            .collect(),
    )
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct RemoteQuery {
    /// Another Plural node's address, such as `https://commons.example.org`.
    pub url: String,
}

/// Another node's catalogue: its signed feed, fetched and checked here.
#[utoipa::path(get, path = "/api/v1/blueprints/remote", tag = "blueprints", params(RemoteQuery),
    responses((status = 200, body = super::remote::Catalogue), (status = 401, body = Problem),
        (status = 422, body = Problem), (status = 429, body = Problem)))]
pub async fn remote(
    State(state): State<AppState>,
    caller: Caller,
    axum::extract::Query(q): axum::extract::Query<RemoteQuery>,
) -> WebResult<Json<super::remote::Catalogue>> {
    Ok(Json(super::remote::browse(&state, &caller.actor(), &q.url).await?))
}

#[derive(OpenApi)]
#[openapi(
    paths(list, show, validate, verify, diff, remote, adopt, publish, install, adapt, adaptations, update_offer,
        update_take, update_dismiss, follows, follow, add_story),
    tags((name = "blueprints", description = "Community apps as data: installed blueprints, checking one, adopting one"))
)]
pub struct Doc;

pub fn routes() -> Routes {
    Routes::new()
        .api(Method::GET, "/api/v1/blueprints", list)
        .api(Method::GET, "/api/v1/blueprints/remote", remote)
        .api(Method::GET, "/api/v1/blueprints/{id}", show)
        .api(Method::POST, "/api/v1/blueprints/validate", validate)
        .api(Method::POST, "/api/v1/blueprints/published", publish)
        .api(Method::POST, "/api/v1/blueprints/installed", install)
        .api(Method::POST, "/api/v1/blueprints/adaptations", adapt)
        .api(Method::GET, "/api/v1/blueprints/{id}/adaptations", adaptations)
        .api(Method::POST, "/api/v1/blueprints/verify", verify)
        .api(Method::POST, "/api/v1/blueprints/diff", diff)
        .api(Method::POST, "/api/v1/blueprints/{id}/adoptions", adopt)
        .api(Method::POST, "/api/v1/blueprints/{id}/stories", add_story)
        .api(Method::GET, "/api/v1/blueprints/follows", follows)
        .api(Method::POST, "/api/v1/blueprints/follows", follow)
        .api(Method::GET, "/api/v1/campaigns/{id}/blueprint-update", update_offer)
        .api(Method::POST, "/api/v1/campaigns/{id}/blueprint-update", update_take)
        .api(Method::POST, "/api/v1/campaigns/{id}/blueprint-update/dismiss", update_dismiss)
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Stored {
    pub id: String,
    pub version: String,
    pub digest: String,
    /// The publishing node.
    pub origin: String,
    /// `published` (signed by this node) or `installed` (signed by another).
    pub how: String,
}

/// What was kept, or 422 with every problem (nothing kept).
fn stored(outcome: Result<service::Installed, Vec<plural_kernel::blueprints::Problem>>) -> WebResult<Response> {
    match outcome {
        Ok(i) => Ok((
            StatusCode::CREATED,
            Json(Stored {
                id: i.blueprint.id.clone(),
                version: i.blueprint.version.clone(),
                digest: i.digest.clone(),
                origin: i.blueprint.origin.clone().unwrap_or_default(),
                how: i.how.into(),
            }),
        )
            .into_response()),
        Err(problems) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            Json(Validation {
                valid: false,
                id: None,
                version: None,
                digest: None,
                problems: problems
                    .into_iter()
                    .map(|p| BlueprintProblem { path: p.path, code: p.code.into(), message: p.message })
                    .collect(),
            }),
        )
            .into_response()),
    }
}

/// Publish a blueprint as this node (node admins): checked, signed with
/// this node's key and kept in its catalogue and feed.
#[utoipa::path(post, path = "/api/v1/blueprints/published", tag = "blueprints", request_body = ValidateBody,
    responses((status = 201, body = Stored), (status = 403, body = Problem), (status = 422, body = Validation)))]
pub async fn publish(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(b): ApiJson<ValidateBody>,
) -> WebResult<Response> {
    plural_kernel::authz::decide(&caller.actor(), &plural_kernel::authz::Action::ManageBlueprints)?;
    let syntax = match b.syntax.trim() {
        "toml" => Syntax::Toml,
        "json" => Syntax::Json,
        _ => return Err(plural_kernel::DomainError::field("syntax", "blueprint-syntax-invalid").into()),
    };
    stored(service::publish(&state, &b.source, syntax).await?)
}

/// Install a blueprint signed by another node (node admins): the signed
/// document, every signature and its derived-from chain checked first.
#[utoipa::path(post, path = "/api/v1/blueprints/installed", tag = "blueprints",
    request_body(content = Object, description = "A signed blueprint: {head, chain}"),
    responses((status = 201, body = Stored), (status = 403, body = Problem), (status = 422, body = Validation)))]
pub async fn install(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(document): ApiJson<serde_json::Value>,
) -> WebResult<Response> {
    plural_kernel::authz::decide(&caller.actor(), &plural_kernel::authz::Action::ManageBlueprints)?;
    stored(service::install(&state, &document.to_string()).await?)
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AdaptBody {
    /// The id of a campaign adopted from a blueprint.
    pub campaign: String,
    /// The new blueprint's id (lower-case letters, digits and hyphens).
    pub id: String,
    /// Its name (blank or absent: the original's).
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub summary: String,
    /// What this adaptation changed, in words.
    #[serde(default)]
    pub changes: String,
}

/// Publish an adopted campaign as a new blueprint derived from the one it
/// was adopted from (the campaign's organisers): signed by this node, with
/// the original's signed chain.
#[utoipa::path(post, path = "/api/v1/blueprints/adaptations", tag = "blueprints", request_body = AdaptBody,
    responses((status = 201, body = Stored), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 422, body = Validation)))]
pub async fn adapt(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(b): ApiJson<AdaptBody>,
) -> WebResult<Response> {
    let input = service::AdaptationInput { id: b.id, name: b.name, summary: b.summary, changes: b.changes };
    stored(service::publish_adaptation(&state, &caller.actor(), &b.campaign, &input).await?)
}

/// The adaptations of a blueprint this node knows of, with who published them.
#[utoipa::path(get, path = "/api/v1/blueprints/{id}/adaptations", tag = "blueprints", params(("id" = String, Path)),
    responses((status = 200, body = Vec<Stored>)))]
pub async fn adaptations(State(state): State<AppState>, Path(id): Path<String>) -> WebResult<Json<Vec<Stored>>> {
    Ok(Json(
        service::adaptations(&state, &id)
            .await?
            .into_iter()
            .map(|i| Stored {
                id: i.blueprint.id.clone(),
                version: i.blueprint.version.clone(),
                digest: i.digest.clone(),
                origin: i.blueprint.origin.clone().unwrap_or_default(),
                how: i.how.into(),
            })
            .collect(),
    ))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OfferedChange {
    /// Stable key to choose it by: `title`, `threshold`, `stage.<key>`, `stage.<key>.deadline`, …
    pub key: String,
    /// `changed`, `stage_added` or `stage_removed`.
    pub kind: String,
    /// `title`, `goal`, `story`, `target`, `petition_text`, `threshold`, `stage`, `title`, `note`, `deadline`.
    pub part: String,
    /// The blueprint stage it touches.
    pub stage: Option<String>,
    /// The value in the version the campaign is on, and in the new one
    /// (a text, a number, or a deadline rule `{from, years, months, weeks, days}`).
    #[schema(value_type = Object)]
    pub before: Option<serde_json::Value>,
    #[schema(value_type = Object)]
    pub after: Option<serde_json::Value>,
    /// The group already changed this part of its campaign.
    pub conflict: bool,
    /// What the campaign says now, for a conflict.
    pub current: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UpdateOffer {
    pub blueprint: String,
    /// The version the campaign is on.
    pub from_version: String,
    pub to_version: String,
    /// The new version's digest: send it back to take or decline it.
    pub to: String,
    pub changes: Vec<OfferedChange>,
}

async fn run_campaign(state: &AppState, caller: &Caller, id: &str) -> WebResult<crate::campaigns::service::Loaded> {
    let l = crate::campaigns::service::load(state, &caller.actor(), id).await?;
    plural_kernel::authz::decide(&caller.actor(), &plural_kernel::authz::Action::RunCampaign { role: l.role })?;
    Ok(l)
}

fn tag<T: Serialize>(v: &T) -> String {
    serde_json::to_value(v).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

/// A newer version of the blueprint a campaign was adopted from, with what
/// changed for the campaign (its organisers); 404 when there is none.
#[utoipa::path(get, path = "/api/v1/campaigns/{id}/blueprint-update", tag = "blueprints", params(("id" = String, Path)),
    responses((status = 200, body = UpdateOffer), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn update_offer(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> WebResult<Json<UpdateOffer>> {
    let l = run_campaign(&state, &caller, &id).await?;
    let p = super::updates::pending(&state, &l.c).await?.ok_or(crate::error::WebError::not_found())?;
    let changes = p
        .changes
        .iter()
        .map(|o| OfferedChange {
            key: o.change.key.clone(),
            kind: tag(&o.change.kind),
            part: tag(&o.change.part),
            stage: o.change.stage.clone(),
            before: o.change.before.as_ref().and_then(|v| serde_json::to_value(v).ok()),
            after: o.change.after.as_ref().and_then(|v| serde_json::to_value(v).ok()),
            conflict: o.conflict,
            current: o.conflict.then(|| super::updates::current(&p, &l.c, &o.change)),
        })
        .collect();
    Ok(Json(UpdateOffer {
        blueprint: p.to.blueprint.id.clone(),
        from_version: p.from.blueprint.version.clone(),
        to_version: p.to.blueprint.version.clone(),
        to: p.to.digest.clone(),
        changes,
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TakeBody {
    /// The new version's digest, as offered.
    pub to: String,
    /// The keys of the changes to take (others are left as they are).
    #[serde(default)]
    pub take: Vec<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Taken {
    /// The version the campaign is now on.
    pub version: String,
}

/// Take the chosen changes of a newer version, in one transaction; the
/// campaign is then on that version (its organisers).
#[utoipa::path(post, path = "/api/v1/campaigns/{id}/blueprint-update", tag = "blueprints", params(("id" = String, Path)),
    request_body = TakeBody, responses((status = 200, body = Taken), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn update_take(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<TakeBody>,
) -> WebResult<Json<Taken>> {
    let l = run_campaign(&state, &caller, &id).await?;
    super::updates::take(&state, &caller.actor(), &l, &b.to, &b.take).await?;
    let c = plural_store::campaigns::get(&state.db, &id).await?.ok_or(crate::error::WebError::not_found())?;
    Ok(Json(Taken { version: c.blueprint.map(|b| b.version).unwrap_or_default() }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DismissBody {
    /// The new version's digest, as offered.
    pub to: String,
}

/// Decline a newer version: no notice until a newer one (its organisers).
#[utoipa::path(post, path = "/api/v1/campaigns/{id}/blueprint-update/dismiss", tag = "blueprints",
    params(("id" = String, Path)), request_body = DismissBody,
    responses((status = 204), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn update_dismiss(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<DismissBody>,
) -> WebResult<StatusCode> {
    let l = run_campaign(&state, &caller, &id).await?;
    super::updates::dismiss(&state, &caller.actor(), &l, &b.to).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FollowedFeed {
    pub url: String,
    /// When it was last read (unix seconds), and what that found.
    pub fetched_at: Option<i64>,
    pub last_outcome: String,
    pub last_ok: bool,
    pub next_fetch_at: i64,
}

/// The other nodes' catalogues this node follows (node admins).
#[utoipa::path(get, path = "/api/v1/blueprints/follows", tag = "blueprints",
    responses((status = 200, body = Vec<FollowedFeed>), (status = 403, body = Problem)))]
pub async fn follows(State(state): State<AppState>, caller: Caller) -> WebResult<Json<Vec<FollowedFeed>>> {
    plural_kernel::authz::decide(&caller.actor(), &plural_kernel::authz::Action::ManageBlueprints)?;
    Ok(Json(
        plural_store::blueprints::follows(&state.db)
            .await?
            .into_iter()
            .map(|f| FollowedFeed {
                url: f.url,
                fetched_at: f.fetched_at,
                last_outcome: f.last_outcome,
                last_ok: f.last_ok,
                next_fetch_at: f.next_fetch_at,
            })
            .collect(),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FollowBody {
    /// The other node's address (its feed is `<address>/blueprints/feed.json`).
    pub url: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Followed {
    pub url: String,
    pub reading: super::follow::Reading,
}

/// Follow another node's catalogue (node admins): read at once (422 when
/// it cannot be, nothing kept), then every few hours. Following one
/// already followed reads it again now.
#[utoipa::path(post, path = "/api/v1/blueprints/follows", tag = "blueprints", request_body = FollowBody,
    responses((status = 201, body = Followed), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn follow(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(b): ApiJson<FollowBody>,
) -> WebResult<Response> {
    let (url, reading) = super::follow::follow(&state, &caller.actor(), &b.url).await?;
    Ok((StatusCode::CREATED, Json(Followed { url, reading })).into_response())
}
