//! The notices pages: one notice (marked when expired), the form to post
//! one for a group or a whole place, editing and deleting; and the block of
//! current notices on a place's and a group's page.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::Method;
use axum::response::{IntoResponse, Redirect, Response};
use plural_kernel::language::Language;
use plural_kernel::notices::NoticeInput;
use plural_kernel::{DomainError, PlaceId};
use plural_store::groups::Group;
use plural_store::notices::{Filter, Notice};
use serde::Deserialize;

use super::service::{self, Loaded};
use crate::error::{WebError, WebResult};
use crate::forms::{FormData, FormErrors};
use crate::i18n::t_args;
use crate::layout::{render, Page};
use crate::rich_text::{markdown_to_html, RawHtml};
use crate::routes::Routes;
use crate::session::Visitor;
use crate::AppState;

/// A notice as a line in a place's or a group's block.
pub struct Card {
    pub id: String,
    pub title: String,
    /// Who posted it: the group, or the place for a place-wide notice.
    pub by: String,
    pub posted: i64,
    /// "Until …", or empty when it does not expire.
    pub until: String,
}

/// The "Notices" block of a place's or a group's page.
pub struct Block {
    pub items: Vec<Card>,
    /// Where "Post a notice" goes; empty when the visitor may not post here.
    pub new_link: String,
}

fn by(n: &Notice) -> String {
    n.group_name.clone().unwrap_or_else(|| n.place_name.clone())
}

/// An expiry in words, in the node's time zone.
fn until_words(state: &AppState, lang: Language, expires_at: Option<i64>) -> String {
    match expires_at {
        Some(at) => {
            let when = plural_kernel::notices::expiry_input(at, service::zone(state)).replace('T', " ");
            t_args(lang, "notices-until", &[("when", when)])
        }
        None => String::new(),
    }
}

async fn block(state: &AppState, lang: Language, filter: Filter, new_link: String) -> WebResult<Block> {
    let items = service::list(state, filter, service::ON_PAGE, 0)
        .await?
        .iter()
        .map(|n| Card {
            id: n.id.to_string(),
            title: n.title.clone(),
            by: by(n),
            posted: n.created_at,
            until: until_words(state, lang, n.expires_at),
        })
        .collect();
    Ok(Block { items, new_link })
}

/// The notices of a place (its own and its groups'), for its page.
pub async fn for_place(state: &AppState, v: &Visitor, place: PlaceId, slug: &str) -> WebResult<Block> {
    let may_post = service::may_post(state, &v.actor(), place, None).await?;
    let link = if may_post { format!("/notices/new?place={slug}") } else { String::new() };
    block(state, v.lang, Filter { place: Some(place), ..Filter::default() }, link).await
}

/// The notices of a group, for its page.
pub async fn for_group(state: &AppState, v: &Visitor, g: &Group) -> WebResult<Block> {
    let may_post = service::may_post(state, &v.actor(), g.place_id, Some(g)).await?;
    let link = if may_post { format!("/notices/new?group={}", g.slug) } else { String::new() };
    block(state, v.lang, Filter { group: Some(g.id), ..Filter::default() }, link).await
}

#[derive(Template)]
#[template(path = "notices/show.html")]
struct ShowPage {
    page: Page,
    n: Notice,
    by: String,
    body_html: String,
    until: String,
    expired: bool,
    can_manage: bool,
}

async fn show(State(state): State<AppState>, v: Visitor, Path(id): Path<String>) -> WebResult<Response> {
    let loaded = service::load(&state, &v.actor(), &id).await?;
    let expired = loaded.is_expired();
    let n = loaded.notice;
    let mut page = v.page(&state, n.title.clone());
    page.activity_id = Some(super::federation::notice_id(state.config.base(), &n));
    Ok(render(&ShowPage {
        page,
        by: by(&n),
        body_html: markdown_to_html(&n.body, RawHtml::Strip),
        until: until_words(&state, v.lang, n.expires_at),
        expired,
        can_manage: loaded.may_manage,
        n,
    }))
}

#[derive(Template)]
#[template(path = "notices/form.html")]
struct FormPage {
    page: Page,
    heading: String,
    /// Whom the notice is from: the group's or the place's name.
    from: String,
    action: String,
    cancel: String,
    group: String,
    place: String,
    errors: FormErrors,
    input: NoticeInput,
}

/// Who a new notice is for: a group (its slug) or a whole place (its slug).
#[derive(Debug, Default, Deserialize)]
pub struct For {
    #[serde(default)]
    group: String,
    #[serde(default)]
    place: String,
}

struct FormState<'a> {
    input: NoticeInput,
    target: &'a For,
    editing: Option<&'a Notice>,
    errors: FormErrors,
}

async fn form_page(state: &AppState, v: &Visitor, f: FormState<'_>) -> WebResult<Response> {
    let heading = v.t(if f.editing.is_some() { "notices-edit-title" } else { "notices-new-title" });
    let title = if f.errors.any() { format!("{} {heading}", v.t("error-title-prefix")) } else { heading.clone() };
    let (action, cancel, from) = match f.editing {
        Some(n) => (format!("/notices/{}/edit", n.id), format!("/notices/{}", n.id), by(n)),
        None => {
            let (cancel, from) = match (f.target.group.trim(), f.target.place.trim()) {
                ("", slug) => {
                    let p = plural_store::places::by_slug(&state.db, slug).await?.ok_or(WebError::not_found())?;
                    (format!("/places/{}", p.slug), p.name)
                }
                (slug, _) => {
                    let g = plural_store::groups::by_slug(&state.db, slug).await?.ok_or(WebError::not_found())?;
                    (format!("/groups/{}", g.slug), g.name)
                }
            };
            ("/notices".to_string(), cancel, from)
        }
    };
    Ok(render(&FormPage {
        page: v.page(state, title),
        heading,
        from: t_args(v.lang, "notices-from", &[("name", from)]),
        action,
        cancel,
        group: f.target.group.clone(),
        place: f.target.place.clone(),
        errors: f.errors,
        input: f.input,
    }))
}

fn input_of(form: &FormData) -> NoticeInput {
    NoticeInput {
        title: form.get("title").to_string(),
        body: form.get("body").to_string(),
        expires_at: form.get("expires_at").to_string(),
    }
}

async fn new_form(State(state): State<AppState>, v: Visitor, Query(target): Query<For>) -> WebResult<Response> {
    v.require()?;
    let (place, group) = match (target.group.trim(), target.place.trim()) {
        ("", slug) => (plural_store::places::by_slug(&state.db, slug).await?.ok_or(WebError::not_found())?.id, None),
        (slug, _) => {
            let g = plural_store::groups::by_slug(&state.db, slug).await?.ok_or(WebError::not_found())?;
            (g.place_id, Some(g))
        }
    };
    if !service::may_post(&state, &v.actor(), place, group.as_ref()).await? {
        let reason = if group.is_some() { "group-admin-only" } else { "notice-steward-only" };
        return Err(DomainError::Forbidden(reason).into());
    }
    let f = FormState { input: NoticeInput::default(), target: &target, editing: None, errors: FormErrors::none() };
    form_page(&state, &v, f).await
}

async fn create(State(state): State<AppState>, v: Visitor, form: FormData) -> WebResult<Response> {
    v.require()?;
    let input = input_of(&form);
    let target = For { group: form.get("group").to_string(), place: form.get("place").to_string() };
    match service::create(&state, &v.actor(), &target.group, &target.place, &input).await {
        Ok(n) => Ok(Redirect::to(&format!("/notices/{}?notice=notices-created", n.id)).into_response()),
        Err(WebError::Domain(DomainError::Invalid(errs))) => {
            let errors = FormErrors::from(v.lang, &errs);
            form_page(&state, &v, FormState { input, target: &target, editing: None, errors }).await
        }
        Err(e) => Err(e),
    }
}

/// The notice, if the visitor may change it.
async fn managed(state: &AppState, v: &Visitor, id: &str) -> WebResult<Loaded> {
    v.require()?;
    let loaded = service::load(state, &v.actor(), id).await?;
    if !loaded.may_manage {
        let reason = if loaded.notice.group_id.is_some() { "group-admin-only" } else { "notice-steward-only" };
        return Err(DomainError::Forbidden(reason).into());
    }
    Ok(loaded)
}

async fn edit_form(State(state): State<AppState>, v: Visitor, Path(id): Path<String>) -> WebResult<Response> {
    let loaded = managed(&state, &v, &id).await?;
    let n = &loaded.notice;
    let f = FormState {
        input: service::input_of(&state, n),
        target: &For::default(),
        editing: Some(n),
        errors: FormErrors::none(),
    };
    form_page(&state, &v, f).await
}

async fn update(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    form: FormData,
) -> WebResult<Response> {
    let loaded = managed(&state, &v, &id).await?;
    let input = input_of(&form);
    match service::update(&state, &v.actor(), &loaded, &input).await {
        Ok(n) => Ok(Redirect::to(&format!("/notices/{}?notice=notices-updated", n.id)).into_response()),
        Err(WebError::Domain(DomainError::Invalid(errs))) => {
            let errors = FormErrors::from(v.lang, &errs);
            let f = FormState { input, target: &For::default(), editing: Some(&loaded.notice), errors };
            form_page(&state, &v, f).await
        }
        Err(e) => Err(e),
    }
}

async fn delete(State(state): State<AppState>, v: Visitor, Path(id): Path<String>) -> WebResult<Response> {
    let loaded = managed(&state, &v, &id).await?;
    service::delete(&state, &v.actor(), &loaded).await?;
    let n = &loaded.notice;
    let back = match &n.group_slug {
        Some(slug) => format!("/groups/{slug}"),
        None => format!("/places/{}", n.place_slug),
    };
    Ok(Redirect::to(&format!("{back}?notice=notices-deleted")).into_response())
}

pub fn routes() -> Routes {
    Routes::new()
        .page(Method::POST, "/notices", create)
        .page(Method::GET, "/notices/new", new_form)
        .page(Method::GET, "/notices/{id}", show)
        .page(Method::GET, "/notices/{id}/edit", edit_form)
        .page(Method::POST, "/notices/{id}/edit", update)
        .page(Method::POST, "/notices/{id}/delete", delete)
}
