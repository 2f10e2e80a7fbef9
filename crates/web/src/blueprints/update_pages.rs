//! The pages of a campaign adopted from a blueprint: a newer version's
//! changes to choose from (checkboxes, no JavaScript), and publishing the
//! campaign as a new blueprint (an adaptation).

use askama::Template;
use axum::extract::{Path, State};
use axum::http::Method;
use axum::response::{IntoResponse, Redirect, Response};
use plural_kernel::blueprint_updates::{CampaignChange, ChangeKind, Part, Value};
use plural_kernel::blueprints::{self as bp, Blueprint};
use plural_kernel::DomainError;
use plural_store::campaigns::Campaign;

use super::pages::{rule, text};
use super::service::{self, AdaptationInput};
use super::updates::{self, Pending};
use crate::campaigns::service::Loaded;
use crate::error::{WebError, WebResult};
use crate::forms::{FormData, FormErrors};
use crate::layout::{render, Page};
use crate::routes::Routes;
use crate::session::Visitor;
use crate::AppState;

pub struct ChangeRow {
    pub key: String,
    pub label: String,
    pub before: String,
    pub after: String,
    /// What the campaign says now, when the group changed it.
    pub current: String,
    pub conflict: bool,
    pub checked: bool,
}

#[derive(Template)]
#[template(path = "blueprints/update.html")]
struct UpdatePage {
    page: Page,
    c: Campaign,
    name: String,
    from_version: String,
    to_version: String,
    to: String,
    lead: String,
    /// What the new version says it changed, in words.
    changes_note: String,
    changes: Vec<ChangeRow>,
    errors: FormErrors,
}

fn shown(v: &Visitor, b: &Blueprint, value: &Option<Value>) -> String {
    match value {
        None => String::new(),
        Some(Value::Text(t)) if t.trim().is_empty() => v.t("blueprint-change-empty"),
        Some(Value::Text(t)) => t.clone(),
        Some(Value::Number(0)) => v.t("blueprint-change-no-threshold"),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Deadline(None)) => v.t("blueprint-change-no-deadline"),
        Some(Value::Deadline(Some(d))) => rule(v, b, d),
    }
}

fn label(v: &Visitor, ch: &CampaignChange) -> String {
    let stage = ch.stage_title.clone().unwrap_or_default();
    let with_stage = |id: &str| crate::i18n::t_args(v.lang, id, &[("stage", stage.clone())]);
    match (ch.kind, ch.part) {
        (ChangeKind::StageAdded, _) => with_stage("blueprint-change-stage-added"),
        (ChangeKind::StageRemoved, _) => with_stage("blueprint-change-stage-removed"),
        (_, Part::StageTitle) => with_stage("blueprint-change-stage-title"),
        (_, Part::StageNote) => with_stage("blueprint-change-stage-note"),
        (_, Part::StageDeadline) => with_stage("blueprint-change-stage-deadline"),
        (_, Part::Title) => v.t("blueprint-change-title"),
        (_, Part::Goal) => v.t("blueprint-change-goal"),
        (_, Part::Story) => v.t("blueprint-change-story"),
        (_, Part::Target) => v.t("blueprint-change-target"),
        (_, Part::PetitionText) => v.t("blueprint-change-petition-text"),
        (_, Part::Threshold) | (_, Part::Stage) => v.t("blueprint-change-threshold"),
    }
}

/// The rows to choose from; `chosen` (after a failed submission) keeps
/// what was ticked, else changes without a conflict start ticked.
fn rows(v: &Visitor, p: &Pending, c: &Campaign, chosen: Option<&[String]>) -> Vec<ChangeRow> {
    p.changes
        .iter()
        .map(|o| ChangeRow {
            key: o.change.key.clone(),
            label: label(v, &o.change),
            before: shown(v, &p.from.blueprint, &o.change.before),
            after: shown(v, &p.to.blueprint, &o.change.after),
            current: if o.conflict { updates::current(p, c, &o.change) } else { String::new() },
            conflict: o.conflict,
            checked: chosen.map_or(!o.conflict, |k| k.contains(&o.change.key)),
        })
        .collect()
}

async fn loaded(state: &AppState, v: &Visitor, id: &str) -> WebResult<Loaded> {
    v.require()?;
    let l = crate::campaigns::service::load(state, &v.actor(), id).await?;
    if !l.can_run {
        return Err(DomainError::Forbidden("group-admin-only").into());
    }
    Ok(l)
}

async fn update_page(
    state: &AppState,
    v: &Visitor,
    l: Loaded,
    chosen: Option<&[String]>,
    errors: FormErrors,
) -> WebResult<Response> {
    let Some(p) = updates::pending(state, &l.c).await? else {
        return Ok(Redirect::to(&format!("/campaigns/{}/manage", l.c.id)).into_response());
    };
    let b = &p.to.blueprint;
    let name = text(b, &b.name, v.lang.code()).to_string();
    let heading = crate::i18n::t_args(v.lang, "blueprint-update-title", &[("name", name.clone())]);
    let title = if errors.any() { format!("{} {heading}", v.t("error-title-prefix")) } else { heading };
    Ok(render(&UpdatePage {
        page: v.page(state, title),
        changes: rows(v, &p, &l.c, chosen),
        lead: crate::i18n::t_args(
            v.lang,
            "blueprint-update-lead",
            &[("version", b.version.clone()), ("current", p.from.blueprint.version.clone())],
        ),
        changes_note: text(b, &b.changes, v.lang.code()).to_string(),
        name,
        from_version: p.from.blueprint.version.clone(),
        to_version: b.version.clone(),
        to: p.to.digest.clone(),
        errors,
        c: l.c,
    }))
}

async fn update_form(State(state): State<AppState>, v: Visitor, Path(id): Path<String>) -> WebResult<Response> {
    let l = loaded(&state, &v, &id).await?;
    update_page(&state, &v, l, None, FormErrors::none()).await
}

fn chosen(form: &FormData) -> Vec<String> {
    form.0.iter().filter(|(k, _)| k == "take").map(|(_, v)| v.clone()).collect()
}

async fn take(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    form: FormData,
) -> WebResult<Response> {
    let l = loaded(&state, &v, &id).await?;
    let keys = chosen(&form);
    match updates::take(&state, &v.actor(), &l, form.get("to"), &keys).await {
        Ok(()) => Ok(Redirect::to(&format!("/campaigns/{id}/manage?notice=blueprint-update-taken")).into_response()),
        Err(WebError::Domain(DomainError::Invalid(errs))) => {
            update_page(&state, &v, l, Some(&keys), FormErrors::from(v.lang, &errs)).await
        }
        Err(e) => Err(e),
    }
}

async fn dismiss(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    form: FormData,
) -> WebResult<Response> {
    let l = loaded(&state, &v, &id).await?;
    match updates::dismiss(&state, &v.actor(), &l, form.get("to")).await {
        Ok(()) => {
            Ok(Redirect::to(&format!("/campaigns/{id}/manage?notice=blueprint-update-dismissed")).into_response())
        }
        Err(WebError::Domain(DomainError::Invalid(errs))) => {
            update_page(&state, &v, l, None, FormErrors::from(v.lang, &errs)).await
        }
        Err(e) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "blueprints/adapt.html")]
struct AdaptPage {
    page: Page,
    c: Campaign,
    from_name: String,
    input: AdaptationInput,
    /// (path, what to fix) for each problem found.
    problems: Vec<(String, String)>,
    errors: FormErrors,
}

async fn adapt_page(
    state: &AppState,
    v: &Visitor,
    l: Loaded,
    input: AdaptationInput,
    problems: Vec<bp::Problem>,
) -> WebResult<Response> {
    let Some(from) = &l.c.blueprint else { return Err(WebError::not_found()) };
    let original = updates::all_versions(state).await?.into_iter().find(|i| i.digest == from.digest);
    let from_name = original
        .map(|i| text(&i.blueprint, &i.blueprint.name, v.lang.code()).to_string())
        .unwrap_or_else(|| from.id.clone());
    let errors = if problems.is_empty() {
        FormErrors::none()
    } else {
        let field = if problems.iter().any(|p| p.path == "id") { "new_id" } else { "changes" };
        FormErrors::from(
            v.lang,
            &plural_kernel::FieldErrors(vec![plural_kernel::FieldError::new(field, "blueprint-not-accepted")]),
        )
    };
    let heading = v.t("blueprint-adapt-title");
    let title = if errors.any() { format!("{} {heading}", v.t("error-title-prefix")) } else { heading };
    Ok(render(&AdaptPage {
        page: v.page(state, title),
        from_name,
        input,
        problems: problems.into_iter().map(|p| (p.path, p.message)).collect(),
        errors,
        c: l.c,
    }))
}

async fn adapt_form(State(state): State<AppState>, v: Visitor, Path(id): Path<String>) -> WebResult<Response> {
    let l = loaded(&state, &v, &id).await?;
    let input = AdaptationInput { name: l.c.title.clone(), ..AdaptationInput::default() };
    adapt_page(&state, &v, l, input, Vec::new()).await
}

async fn adapt(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    form: FormData,
) -> WebResult<Response> {
    let l = loaded(&state, &v, &id).await?;
    let input = AdaptationInput {
        id: form.get("new_id").trim().to_string(),
        name: form.get("name").into(),
        summary: form.get("summary").into(),
        changes: form.get("changes").into(),
    };
    match service::publish_adaptation(&state, &v.actor(), &id, &input).await? {
        Ok(i) => Ok(Redirect::to(&format!("/blueprints/{}?notice=blueprint-adaptation-published", i.blueprint.id))
            .into_response()),
        Err(problems) => adapt_page(&state, &v, l, input, problems).await,
    }
}

/// For the campaign's management page: the version a newer blueprint
/// offers, if any.
pub async fn newer_version(state: &AppState, c: &Campaign) -> WebResult<Option<String>> {
    Ok(updates::pending(state, c).await?.map(|p| p.to.blueprint.version))
}

pub fn routes() -> Routes {
    Routes::new()
        .page(Method::GET, "/campaigns/{id}/blueprint-update", update_form)
        .page(Method::POST, "/campaigns/{id}/blueprint-update", take)
        .page(Method::POST, "/campaigns/{id}/blueprint-update/dismiss", dismiss)
        .page(Method::GET, "/campaigns/{id}/adaptation", adapt_form)
        .page(Method::POST, "/campaigns/{id}/adaptation", adapt)
}
