//! The blueprint pages: the schema, the installed blueprints, one
//! blueprint (guidance, stages and their deadline rules, provenance) and
//! adopting it for a place.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, Method};
use axum::response::{IntoResponse, Redirect, Response};
use plural_kernel::blueprints::{self as bp, Blueprint, FieldKind};
use plural_kernel::DomainError;

use super::service::{self, Adoption, Installed};
use crate::error::{WebError, WebResult};
use crate::forms::{FormData, FormErrors};
use crate::layout::{render, Page};
use crate::rich_text::{markdown_to_html, RawHtml};
use crate::routes::Routes;
use crate::session::Visitor;
use crate::AppState;

/// `/blueprints/schema.json`: the JSON Schema of the format.
async fn schema() -> Response {
    let mut res = service::SCHEMA.into_response();
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/schema+json"));
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=3600"));
    res
}

/// `/blueprints/key.json`: this node's public blueprint-signing key.
async fn key(State(state): State<AppState>) -> Response {
    let body = serde_json::json!({
        "origin": service::origin(&state),
        "algorithm": "ed25519",
        "key": plural_kernel::provenance::public_key(&service::signing_key(&state)),
    });
    axum::Json(body).into_response()
}

/// `/blueprints/feed.json`: this node's catalogue as plain signed JSON —
/// each blueprint signed by this node, with how many groups here adopted
/// it and their stories. (The node actor's `blueprints` collection carries
/// the same items over ActivityPub: `federation::blueprints`.)
async fn feed(State(state): State<AppState>) -> WebResult<Response> {
    let items: Vec<serde_json::Value> = service::feed_items(&state)
        .await?
        .into_iter()
        .map(|f| serde_json::json!({"signed": f.signed, "adoptions": f.adoptions, "stories": f.stories}))
        .collect();
    let body = serde_json::json!({
        "format": "plural-blueprint-feed/1",
        "origin": service::origin(&state),
        "key": plural_kernel::provenance::public_key(&service::signing_key(&state)),
        "blueprints": items,
    });
    Ok(axum::Json(body).into_response())
}

pub(super) fn text<'a>(b: &'a Blueprint, t: &'a bp::Text, lang: &str) -> &'a str {
    bp::text_in(t, lang, &b.languages)
}

pub struct Card {
    pub id: String,
    pub name: String,
    pub summary: String,
    pub version: String,
    pub modules: String,
    pub adoptions: i64,
}

#[derive(Template)]
#[template(path = "blueprints/list.html")]
struct ListPage {
    page: Page,
    items: Vec<Card>,
    can_manage: bool,
}

async fn index(State(state): State<AppState>, v: Visitor) -> WebResult<Response> {
    let counts = service::adoption_counts(&state).await?;
    let lang = v.lang.code();
    let items = service::catalogue(&state)
        .await?
        .iter()
        .map(|i| {
            let b = &i.blueprint;
            Card {
                id: b.id.clone(),
                name: text(b, &b.name, lang).to_string(),
                summary: text(b, &b.summary, lang).to_string(),
                version: b.version.clone(),
                modules: b.modules.join(", "),
                adoptions: counts.get(&b.id).copied().unwrap_or(0),
            }
        })
        .collect();
    let can_manage = plural_kernel::authz::decide(&v.actor(), &plural_kernel::authz::Action::ManageBlueprints).is_ok();
    Ok(render(&ListPage { page: v.page(&state, v.t("blueprints-title")), items, can_manage }))
}

pub struct StageRow {
    pub title: String,
    pub note: String,
    pub rule: String,
}

pub(super) fn rule(v: &Visitor, b: &Blueprint, d: &bp::Deadline) -> String {
    let from = b
        .inputs
        .iter()
        .find(|i| i.key == d.from)
        .map(|i| text(b, &i.label, v.lang.code()).to_string())
        .unwrap_or_default();
    let mut parts = Vec::new();
    for (n, id) in [
        (d.years, "blueprint-years"),
        (d.months, "blueprint-months"),
        (d.weeks, "blueprint-weeks"),
        (d.days, "blueprint-days"),
    ] {
        if n > 0 {
            parts.push(crate::i18n::t_args(v.lang, id, &[("n", n.to_string())]));
        }
    }
    crate::i18n::t_args(v.lang, "blueprint-deadline-rule", &[("after", parts.join(" ")), ("from", from)])
}

fn stages(v: &Visitor, b: &Blueprint) -> Vec<StageRow> {
    let lang = v.lang.code();
    b.campaign
        .iter()
        .flat_map(|c| &c.stages)
        .map(|s| StageRow {
            title: text(b, &s.title, lang).to_string(),
            note: text(b, &s.note, lang).to_string(),
            rule: s.deadline.as_ref().map(|d| rule(v, b, d)).unwrap_or_default(),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "blueprints/show.html")]
struct ShowPage {
    page: Page,
    i: Installed,
    name: String,
    summary: String,
    guidance_html: String,
    stages: Vec<StageRow>,
    adoptions: i64,
    can_adopt: bool,
    adaptations: Vec<AdaptationRow>,
    stories: Vec<service::Story>,
    /// The groups the visitor may tell the story for (empty: no form).
    story_groups: Vec<Choice>,
    story: String,
    errors: FormErrors,
}

/// An adaptation of a blueprint, with where it came from.
pub struct AdaptationRow {
    pub id: String,
    pub name: String,
    pub version: String,
    pub authors: String,
    /// The node that published it.
    pub origin: String,
    /// The version of this blueprint it adapts (or the adaptation it adapts).
    pub derived_from: String,
    pub changes: String,
    /// Whether it is in this node's catalogue (so it has a page here).
    pub listed: bool,
}

async fn show(State(state): State<AppState>, v: Visitor, Path(id): Path<String>) -> WebResult<Response> {
    show_page(&state, &v, &id, "", "", FormErrors::none()).await
}

/// A group that adopted the blueprint tells how it went.
async fn add_story(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    form: FormData,
) -> WebResult<Response> {
    v.require()?;
    let i = service::get(&state, &id).await?;
    match service::add_story(&state, &v.actor(), &i.blueprint.id, form.get("group"), form.get("story")).await {
        Ok(_) => {
            Ok(Redirect::to(&format!("/blueprints/{id}?notice=blueprint-story-added#stories-heading")).into_response())
        }
        Err(WebError::Domain(DomainError::Invalid(errs))) => {
            show_page(&state, &v, &id, form.get("group"), form.get("story"), FormErrors::from(v.lang, &errs)).await
        }
        Err(e) => Err(e),
    }
}

async fn show_page(
    state: &AppState,
    v: &Visitor,
    id: &str,
    group: &str,
    story: &str,
    errors: FormErrors,
) -> WebResult<Response> {
    let state = state.clone();
    let i = service::get(&state, id).await?;
    let b = &i.blueprint;
    let lang = v.lang.code();
    let adoptions = service::adoption_counts(&state).await?.get(&b.id).copied().unwrap_or(0);
    let listed: Vec<String> = service::catalogue(&state).await?.into_iter().map(|c| c.digest).collect();
    let adaptations = service::adaptations(&state, &b.id)
        .await?
        .into_iter()
        .map(|a| {
            let ab = &a.blueprint;
            AdaptationRow {
                id: ab.id.clone(),
                name: text(ab, &ab.name, lang).to_string(),
                version: ab.version.clone(),
                authors: ab.authors.join(", "),
                origin: ab.origin.clone().unwrap_or_default(),
                derived_from: ab
                    .derived_from
                    .as_ref()
                    .map(|d| format!("{} {} ({})", d.id, d.version, d.origin))
                    .unwrap_or_default(),
                changes: text(ab, &ab.changes, lang).to_string(),
                listed: listed.contains(&a.digest),
            }
        })
        .collect();
    let mut story_groups = Vec::new();
    let mine = service::story_groups(&state, &v.actor(), &b.id).await?;
    if !mine.is_empty() {
        story_groups.push(Choice { value: String::new(), label: v.t("campaign-choose"), selected: group.is_empty() });
        story_groups.extend(mine.into_iter().map(|g| Choice {
            selected: g.slug == group,
            value: g.slug,
            label: g.name,
        }));
    }
    let heading = text(b, &b.name, lang).to_string();
    let title = if errors.any() { format!("{} {heading}", v.t("error-title-prefix")) } else { heading };
    Ok(render(&ShowPage {
        adaptations,
        page: v.page(&state, title),
        name: text(b, &b.name, lang).to_string(),
        summary: text(b, &b.summary, lang).to_string(),
        guidance_html: markdown_to_html(text(b, &b.guidance, lang), RawHtml::AsText),
        stages: stages(v, b),
        adoptions,
        can_adopt: service::adoptable(b),
        stories: service::stories(&state, &b.id).await?,
        story_groups,
        story: story.to_string(),
        errors,
        i,
    }))
}

pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

pub struct InputRow {
    pub name: String,
    pub label: String,
    pub hint: String,
    pub value: String,
}

pub struct FieldRow {
    pub name: String,
    pub label: String,
    pub kind: &'static str,
    pub required: bool,
    pub value: String,
    pub choices: Vec<Choice>,
}

#[derive(Template)]
#[template(path = "blueprints/adopt.html")]
struct AdoptPage {
    page: Page,
    id: String,
    name: String,
    guidance_html: String,
    groups: Vec<Choice>,
    places: Vec<Choice>,
    inputs: Vec<InputRow>,
    fields: Vec<FieldRow>,
    local_districts: String,
    /// A campaign blueprint (local districts asked for) or one with a rota
    /// (its venue asked for).
    is_campaign: bool,
    has_rota: bool,
    venue: String,
    /// A blueprint with a budget (its amount asked for).
    has_budget: bool,
    amount: String,
    errors: FormErrors,
}

async fn adopt_page(
    state: &AppState,
    v: &Visitor,
    i: &Installed,
    a: &Adoption,
    errors: FormErrors,
) -> WebResult<Response> {
    let b = &i.blueprint;
    let lang = v.lang.code();
    let name = text(b, &b.name, lang).to_string();
    let heading = crate::i18n::t_args(v.lang, "blueprint-adopt-title", &[("name", name.clone())]);
    let title = if errors.any() { format!("{} {heading}", v.t("error-title-prefix")) } else { heading };
    let mut groups = vec![Choice { value: String::new(), label: v.t("campaign-choose"), selected: a.group.is_empty() }];
    groups.extend(crate::campaigns::service::runnable_groups(state, &v.actor()).await?.into_iter().map(|g| Choice {
        selected: g.slug == a.group,
        value: g.slug,
        label: g.name,
    }));
    let mut places =
        vec![Choice { value: String::new(), label: v.t("campaign-place-of-group"), selected: a.place.is_empty() }];
    places.extend(plural_store::places::list(&state.db).await?.into_iter().map(|p| Choice {
        selected: p.slug == a.place,
        value: p.slug,
        label: p.name,
    }));
    let inputs = b
        .inputs
        .iter()
        .map(|input| InputRow {
            name: format!("date_{}", input.key),
            label: text(b, &input.label, lang).to_string(),
            hint: text(b, &input.hint, lang).to_string(),
            value: a.dates.get(&input.key).cloned().unwrap_or_default(),
        })
        .collect();
    let fields = b
        .fields
        .iter()
        .map(|f| {
            let value = a.fields.get(&f.key).cloned().unwrap_or_default();
            FieldRow {
                name: format!("field_{}", f.key),
                label: text(b, &f.label, lang).to_string(),
                kind: match f.kind {
                    FieldKind::Choice => "choice",
                    FieldKind::LongText => "long_text",
                    FieldKind::YesNo => "yes_no",
                    FieldKind::Date => "date",
                    FieldKind::Number => "number",
                    FieldKind::Text => "text",
                },
                required: f.required,
                choices: std::iter::once(Choice {
                    value: String::new(),
                    label: v.t("campaign-choose"),
                    selected: value.is_empty(),
                })
                .chain(f.choices.iter().map(|c| Choice {
                    selected: c.value == value,
                    value: c.value.clone(),
                    label: text(b, &c.label, lang).to_string(),
                }))
                .collect(),
                value,
            }
        })
        .collect();
    Ok(render(&AdoptPage {
        page: v.page(state, title),
        id: b.id.clone(),
        guidance_html: markdown_to_html(text(b, &b.guidance, lang), RawHtml::AsText),
        name,
        groups,
        places,
        inputs,
        fields,
        local_districts: a.local_districts.clone(),
        is_campaign: b.campaign.is_some(),
        has_rota: b.rota.is_some(),
        venue: a.venue.clone(),
        has_budget: b.budget.is_some(),
        amount: a.amount.clone(),
        errors,
    }))
}

async fn adopt_form(State(state): State<AppState>, v: Visitor, Path(id): Path<String>) -> WebResult<Response> {
    v.require()?;
    let i = &service::get(&state, &id).await?;
    if !service::adoptable(&i.blueprint) {
        return Err(WebError::not_found());
    }
    adopt_page(&state, &v, i, &Adoption::default(), FormErrors::none()).await
}

fn adoption_of(i: &Installed, form: &FormData, lang: &str) -> Adoption {
    let b = &i.blueprint;
    Adoption {
        group: form.get("group").into(),
        place: form.get("place").into(),
        dates: b
            .inputs
            .iter()
            .map(|x| (x.key.clone(), form.get(&format!("date_{}", x.key)).to_string()))
            .collect::<BTreeMap<_, _>>(),
        fields: b.fields.iter().map(|f| (f.key.clone(), form.get(&format!("field_{}", f.key)).to_string())).collect(),
        local_districts: form.get("local_districts").into(),
        language: lang.into(),
        venue: form.get("venue").into(),
        amount: form.get("amount").into(),
    }
}

async fn adopt(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    form: FormData,
) -> WebResult<Response> {
    v.require()?;
    let i = &service::get(&state, &id).await?;
    let a = adoption_of(i, &form, v.lang.code());
    match service::adopt(&state, &v.actor(), i, &a).await {
        Ok(service::Adopted::Campaign(c)) => {
            Ok(Redirect::to(&format!("/campaigns/{}/manage?notice=blueprint-adopted", c.id)).into_response())
        }
        Ok(service::Adopted::Parts(u)) => {
            // A survey and budget are found from the place's pages; say so.
            let notice = if u.created.contains_key("surveys") || u.created.contains_key("budgets") {
                "blueprint-adopted-voice"
            } else {
                "blueprint-adopted-parts"
            };
            Ok(Redirect::to(&format!("/blueprints/{}?notice={notice}", i.blueprint.id)).into_response())
        }
        Err(WebError::Domain(DomainError::Invalid(errs))) => {
            adopt_page(&state, &v, i, &a, FormErrors::from(v.lang, &errs)).await
        }
        Err(e) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "blueprints/browse.html")]
struct BrowsePage {
    page: Page,
    url: String,
    catalogue: Option<super::remote::Catalogue>,
    errors: FormErrors,
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct BrowseQuery {
    #[serde(default)]
    url: String,
}

/// Another node's catalogue, by its address (a plain GET form).
async fn browse(
    State(state): State<AppState>,
    v: Visitor,
    axum::extract::Query(q): axum::extract::Query<BrowseQuery>,
) -> WebResult<Response> {
    v.require()?;
    let (catalogue, errors) = match q.url.trim() {
        "" => (None, FormErrors::none()),
        url => match super::remote::browse(&state, &v.actor(), url).await {
            Ok(c) => (Some(c), FormErrors::none()),
            Err(WebError::Domain(DomainError::Invalid(errs))) => (None, FormErrors::from(v.lang, &errs)),
            Err(e) => return Err(e),
        },
    };
    let heading = v.t("blueprint-browse-title");
    let title = if errors.any() { format!("{} {heading}", v.t("error-title-prefix")) } else { heading };
    Ok(render(&BrowsePage { page: v.page(&state, title), url: q.url, catalogue, errors }))
}

#[derive(Template)]
#[template(path = "blueprints/manage.html")]
struct ManagePage {
    page: Page,
    source: String,
    document: String,
    done: Option<String>,
    /// (path, what to fix) for each problem found.
    problems: Vec<(String, String)>,
    errors: FormErrors,
    follows: Vec<FollowRow>,
    follow_url: String,
}

pub struct FollowRow {
    pub url: String,
    pub read: String,
    pub outcome: String,
    pub ok: bool,
}

async fn follow_rows(state: &AppState) -> WebResult<Vec<FollowRow>> {
    Ok(plural_store::blueprints::follows(&state.db)
        .await?
        .into_iter()
        .map(|f| FollowRow {
            read: f
                .fetched_at
                .and_then(|t| time::OffsetDateTime::from_unix_timestamp(t).ok())
                .map(|t| format!("{} {:02}:{:02} UTC", t.date(), t.hour(), t.minute()))
                .unwrap_or_default(),
            url: f.url,
            outcome: f.last_outcome,
            ok: f.last_ok,
        })
        .collect())
}

async fn manage_page(
    state: &AppState,
    v: &Visitor,
    source: String,
    document: String,
    outcome: Option<Result<Installed, Vec<bp::Problem>>>,
    field: &'static str,
) -> WebResult<Response> {
    let (done, problems, errors) = match outcome {
        None => (None, Vec::new(), FormErrors::none()),
        Some(Ok(i)) => {
            let key = if i.how == "published" { "blueprint-published" } else { "blueprint-installed" };
            let done =
                crate::i18n::t_args(v.lang, key, &[("name", format!("{} {}", i.blueprint.id, i.blueprint.version))]);
            (Some(done), Vec::new(), FormErrors::none())
        }
        Some(Err(problems)) => (
            None,
            problems.into_iter().map(|p| (p.path, p.message)).collect(),
            FormErrors::from(
                v.lang,
                &plural_kernel::FieldErrors(vec![plural_kernel::FieldError::new(field, "blueprint-not-accepted")]),
            ),
        ),
    };
    let heading = v.t("blueprint-manage-title");
    let title = if errors.any() { format!("{} {heading}", v.t("error-title-prefix")) } else { heading };
    let (source, document) = if done.is_some() { (String::new(), String::new()) } else { (source, document) };
    let follows = follow_rows(state).await?;
    Ok(render(&ManagePage {
        page: v.page(state, title),
        source,
        document,
        done,
        problems,
        errors,
        follows,
        follow_url: String::new(),
    }))
}

/// Node admins publish a blueprint as this node or install one signed elsewhere.
async fn manage(State(state): State<AppState>, v: Visitor) -> WebResult<Response> {
    plural_kernel::authz::decide(&v.actor(), &plural_kernel::authz::Action::ManageBlueprints)?;
    manage_page(&state, &v, String::new(), String::new(), None, "source").await
}

async fn manage_publish(State(state): State<AppState>, v: Visitor, form: FormData) -> WebResult<Response> {
    plural_kernel::authz::decide(&v.actor(), &plural_kernel::authz::Action::ManageBlueprints)?;
    let source = form.get("source").to_string();
    let syntax = if source.trim_start().starts_with('{') { bp::Syntax::Json } else { bp::Syntax::Toml };
    let outcome = service::publish(&state, &source, syntax).await?;
    manage_page(&state, &v, source, String::new(), Some(outcome), "source").await
}

async fn manage_install(State(state): State<AppState>, v: Visitor, form: FormData) -> WebResult<Response> {
    plural_kernel::authz::decide(&v.actor(), &plural_kernel::authz::Action::ManageBlueprints)?;
    let document = form.get("document").to_string();
    let given = document.trim();
    let outcome = if given.starts_with("https://") || given.starts_with("http://") {
        match super::remote::fetch_document(given, state.config.federation.allow_loopback).await {
            Ok(text) => service::install(&state, &text).await?,
            Err(e) => Err(vec![bp::Problem {
                path: String::new(),
                code: "blueprint-feed-unreachable",
                message: format!("could not fetch it: {e}"),
            }]),
        }
    } else {
        service::install(&state, given).await?
    };
    manage_page(&state, &v, String::new(), document, Some(outcome), "document").await
}

/// Follow another node's catalogue (node admins).
async fn manage_follow(State(state): State<AppState>, v: Visitor, form: FormData) -> WebResult<Response> {
    plural_kernel::authz::decide(&v.actor(), &plural_kernel::authz::Action::ManageBlueprints)?;
    let url = form.get("url").to_string();
    match super::follow::follow(&state, &v.actor(), &url).await {
        Ok(_) => Ok(Redirect::to("/blueprints/manage?notice=blueprint-followed").into_response()),
        Err(WebError::Domain(DomainError::Invalid(errs))) => {
            let heading = v.t("blueprint-manage-title");
            Ok(render(&ManagePage {
                page: v.page(&state, format!("{} {heading}", v.t("error-title-prefix"))),
                source: String::new(),
                document: String::new(),
                done: None,
                problems: Vec::new(),
                errors: FormErrors::from(v.lang, &errs),
                follows: follow_rows(&state).await?,
                follow_url: url,
            }))
        }
        Err(e) => Err(e),
    }
}

async fn manage_unfollow(State(state): State<AppState>, v: Visitor, form: FormData) -> WebResult<Response> {
    super::follow::unfollow(&state, &v.actor(), form.get("url")).await?;
    Ok(Redirect::to("/blueprints/manage?notice=blueprint-unfollowed").into_response())
}

pub fn routes() -> Routes {
    Routes::new()
        .page(Method::POST, "/blueprints/manage/follow", manage_follow)
        .page(Method::POST, "/blueprints/manage/unfollow", manage_unfollow)
        .page(Method::GET, "/blueprints/schema.json", schema)
        .page(Method::GET, "/blueprints/key.json", key)
        .page(Method::GET, "/blueprints/feed.json", feed)
        .page(Method::GET, "/blueprints", index)
        .page(Method::GET, "/blueprints/browse", browse)
        .page(Method::GET, "/blueprints/manage", manage)
        .page(Method::POST, "/blueprints/manage/publish", manage_publish)
        .page(Method::POST, "/blueprints/manage/install", manage_install)
        .page(Method::GET, "/blueprints/{id}", show)
        .page(Method::GET, "/blueprints/{id}/adopt", adopt_form)
        .page(Method::POST, "/blueprints/{id}/stories", add_story)
        .page(Method::POST, "/blueprints/{id}/adopt", adopt)
}
