//! Places following remote places and groups: a place's stewards or node
//! admins name one by handle (`name@host`) or URL; the place's actor sends a
//! Follow; what arrives once it is accepted is kept (`fed_objects`) and shown
//! on the place's page marked with where it comes from. Unfollowing sends an
//! Undo and stops the flow. Node admins block domains here too.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Json;
use plural_kernel::authz::{self, Action, Actor};
use plural_kernel::node_rules::Rule;
use plural_kernel::DomainError;
use plural_store::federation::{Following, RemoteObject};
use plural_store::places::Place;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use utoipa::ToSchema;

use super::actors::{actor_id, Local};
use crate::api::{ApiJson, Caller};
use crate::error::{Problem, WebError, WebResult};
use crate::forms::{FormData, FormErrors};
use crate::layout::{render, Page};
use crate::routes::Routes;
use crate::session::Visitor;
use crate::AppState;

async fn place_for(state: &AppState, actor: &Actor, slug: &str) -> WebResult<Place> {
    let place = plural_store::places::by_slug(&state.db, slug).await?.ok_or(WebError::not_found())?;
    let steward = match actor {
        Actor::Person { id, .. } => plural_store::mutual_aid::stewarded_by(&state.db, *id).await?.contains(&place.id),
        Actor::Anonymous => false,
    };
    authz::decide(actor, &Action::ManagePlaceFederation { steward })?;
    Ok(place)
}

/// Whether this person may manage the place's following (for showing links).
pub async fn may_manage(state: &AppState, actor: &Actor, place: &Place) -> bool {
    let steward = match actor {
        Actor::Person { id, .. } => plural_store::mutual_aid::stewarded_by(&state.db, *id)
            .await
            .map(|ps| ps.contains(&place.id))
            .unwrap_or(false),
        Actor::Anonymous => return false,
    };
    authz::decide(actor, &Action::ManagePlaceFederation { steward }).is_ok()
}

fn invalid(code: &'static str) -> WebError {
    DomainError::field("actor", code).into()
}

/// The remote actor a handle (`name@host`, `@name@host`) or URL names.
pub async fn resolve(state: &AppState, input: &str) -> WebResult<plural_store::federation::RemoteActor> {
    let input = input.trim();
    if input.is_empty() {
        return Err(invalid("federation-actor-missing"));
    }
    let url = if input.starts_with("https://") || input.starts_with("http://") {
        input.to_string()
    } else {
        let acct = input.trim_start_matches('@');
        let Some((name, host)) = acct.rsplit_once('@') else { return Err(invalid("federation-actor-invalid")) };
        if name.is_empty() || host.is_empty() || host.contains('/') || name.contains('/') {
            return Err(invalid("federation-actor-invalid"));
        }
        // The test-only loopback setting also means the test nodes speak plain http.
        let scheme = if state.config.federation.allow_loopback { "http" } else { "https" };
        let finger = format!("{scheme}://{host}/.well-known/webfinger?resource=acct:{name}@{host}");
        webfinger_self(state, &finger).await.ok_or(invalid("federation-actor-unreachable"))?
    };
    if url.starts_with(state.config.base()) {
        return Err(invalid("federation-actor-local"));
    }
    super::inbox::fetch_actor(state, &url, None).await.map_err(|r| {
        tracing::info!(url, code = r.code, detail = %r.detail, "could not follow");
        invalid("federation-actor-unreachable")
    })
}

async fn webfinger_self(state: &AppState, url: &str) -> Option<String> {
    let cfg = &state.config.federation;
    let parsed = url::Url::parse(url).ok()?;
    super::fetch::check_url(&parsed, cfg.allow_loopback).ok()?;
    if super::is_blocked(state, parsed.host_str()?).await {
        return None;
    }
    let res = state.federation.client.get(parsed).header("accept", "application/jrd+json").send().await.ok()?;
    if !res.status().is_success() {
        return None;
    }
    let body = super::fetch::read_limited(res, 64 * 1024).await.ok()?;
    let doc: Value = serde_json::from_slice(&body).ok()?;
    doc.get("links")?.as_array()?.iter().find_map(|l| {
        let is_self = l.get("rel")?.as_str()? == "self";
        let ty = l.get("type").and_then(Value::as_str).unwrap_or_default();
        (is_self && super::fetch::is_activity_type(ty)).then(|| l.get("href")?.as_str().map(str::to_string))?
    })
}

/// Make `place` follow the remote actor named by `input`.
pub async fn follow(
    state: &AppState,
    actor: &Actor,
    slug: &str,
    input: &str,
) -> WebResult<plural_store::federation::RemoteActor> {
    let place = place_for(state, actor, slug).await?;
    let remote = resolve(state, input).await?;
    let local = Local::Place(place).key();
    let me = actor_id(state.config.base(), &local);
    let follow_id = format!("{me}#follows/{}", uuid::Uuid::now_v7());
    plural_store::federation::follow(&state.db, &local, &remote.id, &follow_id).await?;
    let activity = json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": follow_id,
        "type": "Follow",
        "actor": me,
        "object": remote.id,
    });
    super::delivery::send_to(state, &local, &remote.inbox, &activity).await.map_err(WebError::Internal)?;
    Ok(remote)
}

/// Stop following; the remote actor is told with an Undo.
pub async fn unfollow(state: &AppState, actor: &Actor, slug: &str, remote: &str) -> WebResult<()> {
    let place = place_for(state, actor, slug).await?;
    let local = Local::Place(place).key();
    let Some(follow_id) = plural_store::federation::unfollow(&state.db, &local, remote).await? else {
        return Err(WebError::not_found());
    };
    if let Some(r) = plural_store::federation::remote_actor(&state.db, remote).await? {
        let me = actor_id(state.config.base(), &local);
        let activity = json!({
            "@context": "https://www.w3.org/ns/activitystreams",
            "id": format!("{follow_id}/undo"),
            "type": "Undo",
            "actor": me,
            "object": { "id": follow_id, "type": "Follow", "actor": me, "object": remote },
        });
        super::delivery::send_to(state, &local, &r.inbox, &activity).await.map_err(WebError::Internal)?;
    }
    Ok(())
}

/// What the remote actors a place follows have published, for its page.
pub async fn arrived(state: &AppState, place: &Place, limit: i64) -> Vec<RemoteObject> {
    let local = Local::Place(place.clone()).key();
    let from = plural_store::now() - 86400;
    plural_store::federation::objects_for(&state.db, &local, from, limit).await.unwrap_or_default()
}

/// Arrivals for a place that hold every search word (the search page shows
/// them beside the node's own results).
pub async fn search_arrived(state: &AppState, place: &Place, words: &[String], limit: i64) -> Vec<RemoteObject> {
    let local = Local::Place(place.clone()).key();
    let from = plural_store::now() - 86400;
    plural_store::federation::search_objects_for(&state.db, &local, words, from, limit).await.unwrap_or_default()
}

/// Block or unblock a domain (node admins), with the admin's reason; the
/// change is recorded in the node's rule history (`/rules`).
pub async fn block_domain(
    state: &AppState,
    actor: &Actor,
    input: &str,
    blocked: bool,
    reason: &str,
) -> WebResult<String> {
    let rule = if blocked { Rule::BlockDomain } else { Rule::UnblockDomain };
    crate::rules::service::admin_change(state, actor, rule, input, reason).await
}

// ---- pages ----

pub struct ArrivedLine {
    pub name: String,
    pub url: String,
    pub when: String,
    pub origin: String,
}

pub fn arrived_lines(objects: &[RemoteObject], page: &Page) -> Vec<ArrivedLine> {
    objects
        .iter()
        .map(|o| ArrivedLine {
            name: if o.name.is_empty() { o.kind.clone() } else { o.name.clone() },
            url: o.url.clone(),
            when: o.starts_at.map(|t| page.date(&t)).unwrap_or_default(),
            origin: url::Url::parse(&o.actor).ok().and_then(|u| u.host_str().map(str::to_string)).unwrap_or_default(),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "federation/following.html")]
struct FollowingPage {
    page: Page,
    place: Place,
    followings: Vec<Following>,
    arrived: Vec<ArrivedLine>,
    input: String,
    errors: FormErrors,
    handle: String,
}

async fn following_page(
    state: &AppState,
    v: &Visitor,
    slug: &str,
    input: String,
    errors: FormErrors,
) -> WebResult<Response> {
    let place = place_for(state, &v.actor(), slug).await?;
    let local = Local::Place(place.clone()).key();
    let followings = plural_store::federation::followings(&state.db, &local).await?;
    let heading = crate::i18n::t_args(v.lang, "federation-following-title", &[("place", place.name.clone())]);
    let title = if errors.any() { format!("{} {heading}", v.t("error-title-prefix")) } else { heading };
    let page = v.page(state, title);
    let arrived = arrived_lines(&arrived(state, &place, 50).await, &page);
    Ok(render(&FollowingPage {
        handle: format!("{}@{}", place.slug, state.config.host()),
        page,
        place,
        followings,
        arrived,
        input,
        errors,
    }))
}

async fn show(State(state): State<AppState>, v: Visitor, Path(slug): Path<String>) -> WebResult<Response> {
    v.require()?;
    following_page(&state, &v, &slug, String::new(), FormErrors::none()).await
}

async fn follow_form(
    State(state): State<AppState>,
    v: Visitor,
    Path(slug): Path<String>,
    form: FormData,
) -> WebResult<Response> {
    v.require()?;
    let input = form.get("actor").to_string();
    match follow(&state, &v.actor(), &slug, &input).await {
        Ok(_) => Ok(Redirect::to(&format!("/places/{slug}/following?notice=federation-follow-sent")).into_response()),
        Err(WebError::Domain(DomainError::Invalid(errs))) => {
            following_page(&state, &v, &slug, input, FormErrors::from(v.lang, &errs)).await
        }
        Err(e) => Err(e),
    }
}

async fn unfollow_form(
    State(state): State<AppState>,
    v: Visitor,
    Path(slug): Path<String>,
    form: FormData,
) -> WebResult<Response> {
    v.require()?;
    unfollow(&state, &v.actor(), &slug, form.get("actor")).await?;
    Ok(Redirect::to(&format!("/places/{slug}/following?notice=federation-unfollowed")).into_response())
}

#[derive(Template)]
#[template(path = "federation/domains.html")]
struct DomainsPage {
    page: Page,
    blocked: Vec<String>,
    input: String,
    reason: String,
    errors: FormErrors,
}

async fn domains_page(
    state: &AppState,
    v: &Visitor,
    input: String,
    reason: String,
    errors: FormErrors,
) -> WebResult<Response> {
    authz::decide(&v.actor(), &Action::BlockDomains)?;
    let heading = v.t("federation-domains-title");
    let title = if errors.any() { format!("{} {heading}", v.t("error-title-prefix")) } else { heading };
    Ok(render(&DomainsPage {
        page: v.page(state, title),
        blocked: plural_store::federation::blocked_domains(&state.db).await?,
        input,
        reason,
        errors,
    }))
}

async fn domains(State(state): State<AppState>, v: Visitor) -> WebResult<Response> {
    v.require()?;
    domains_page(&state, &v, String::new(), String::new(), FormErrors::none()).await
}

async fn block_form(State(state): State<AppState>, v: Visitor, form: FormData) -> WebResult<Response> {
    v.require()?;
    let input = form.get("domain").to_string();
    let reason = form.get("reason").to_string();
    let blocked = form.get("action") != "unblock";
    match block_domain(&state, &v.actor(), &input, blocked, &reason).await {
        Ok(_) => {
            let notice = if blocked { "federation-domain-blocked" } else { "federation-domain-unblocked" };
            Ok(Redirect::to(&format!("/admin/federation?notice={notice}")).into_response())
        }
        Err(WebError::Domain(DomainError::Invalid(errs))) => {
            domains_page(&state, &v, input, reason, FormErrors::from(v.lang, &errs)).await
        }
        Err(e) => Err(e),
    }
}

// ---- API ----

#[derive(Debug, Serialize, ToSchema)]
pub struct FollowingView {
    /// The remote actor's ActivityPub id.
    pub actor: String,
    pub name: String,
    /// Its page.
    pub url: String,
    /// `pending` until the remote actor accepts, then `accepted` (or `rejected`).
    pub state: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = PlaceFollowBody)]
pub struct FollowBody {
    /// A handle (`name@host`) or the actor's URL.
    pub actor: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DomainBody {
    /// A domain, e.g. `spam.example`.
    pub domain: String,
    /// True to block, false to lift the block.
    pub blocked: bool,
    /// Why (required; shown in the node's rule history at `/rules`).
    #[serde(default)]
    pub reason: String,
}

fn view(f: &Following) -> FollowingView {
    FollowingView { actor: f.remote_actor.clone(), name: f.name.clone(), url: f.url.clone(), state: f.state.clone() }
}

/// The remote places and groups a place follows (its stewards and node admins).
#[utoipa::path(get, path = "/api/v1/places/{slug}/following", tag = "federation",
    params(("slug" = String, Path, description = "The place")),
    responses((status = 200, body = [FollowingView]), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn api_list(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
) -> WebResult<Json<Vec<FollowingView>>> {
    let place = place_for(&state, &caller.actor(), &slug).await?;
    let list = plural_store::federation::followings(&state.db, &Local::Place(place).key()).await?;
    Ok(Json(list.iter().map(view).collect()))
}

/// Make a place follow a remote place or group (by handle or URL).
#[utoipa::path(post, path = "/api/v1/places/{slug}/following", tag = "federation", request_body = FollowBody,
    params(("slug" = String, Path, description = "The place")),
    responses((status = 202, body = FollowingView, description = "Follow sent; pending until accepted"),
        (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn api_follow(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
    ApiJson(b): ApiJson<FollowBody>,
) -> WebResult<Response> {
    let remote = follow(&state, &caller.actor(), &slug, &b.actor).await?;
    let v = FollowingView { actor: remote.id, name: remote.name, url: remote.url, state: "pending".into() };
    Ok((StatusCode::ACCEPTED, Json(v)).into_response())
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UnfollowBody {
    /// The remote actor's ActivityPub id.
    pub actor: String,
}

/// Stop following a remote actor.
#[utoipa::path(post, path = "/api/v1/places/{slug}/following/remove", tag = "federation", request_body = UnfollowBody,
    params(("slug" = String, Path, description = "The place")),
    responses((status = 204, description = "Unfollowed"), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn api_unfollow(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
    ApiJson(b): ApiJson<UnfollowBody>,
) -> WebResult<StatusCode> {
    unfollow(&state, &caller.actor(), &slug, &b.actor).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Block or unblock a domain (node admins): nothing is accepted from it or
/// sent to it.
#[utoipa::path(post, path = "/api/v1/federation/domains", tag = "federation", request_body = DomainBody,
    responses((status = 204, description = "Done"), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn api_block(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(b): ApiJson<DomainBody>,
) -> WebResult<StatusCode> {
    block_domain(&state, &caller.actor(), &b.domain, b.blocked, &b.reason).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(api_list, api_follow, api_unfollow, api_block),
    tags((name = "federation", description = "Places following other nodes' places and groups; blocked domains"))
)]
pub struct Doc;

pub fn routes() -> Routes {
    Routes::new()
        .page(Method::GET, "/places/{slug}/following", show)
        .page(Method::POST, "/places/{slug}/following", follow_form)
        .page(Method::POST, "/places/{slug}/following/remove", unfollow_form)
        .page(Method::GET, "/admin/federation", domains)
        .page(Method::POST, "/admin/federation", block_form)
        .api(Method::GET, "/api/v1/places/{slug}/following", api_list)
        .api(Method::POST, "/api/v1/places/{slug}/following", api_follow)
        .api(Method::POST, "/api/v1/places/{slug}/following/remove", api_unfollow)
        .api(Method::POST, "/api/v1/federation/domains", api_block)
}
