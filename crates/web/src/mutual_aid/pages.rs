//! The mutual aid pages: the list of offers and requests, posting one, a
//! post with its respond and report forms, the private conversations, and
//! the moderation queue of a place's stewards.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::Method;
use axum::response::{IntoResponse, Redirect, Response};
use plural_kernel::language::Language;
use plural_kernel::mutual_aid::{self as rules, PostInput};
use plural_kernel::{DomainError, PersonId};
use plural_store::mutual_aid::{Conversation, Message, Post, Report};
use serde::Deserialize;

use super::service;
use crate::error::{WebError, WebResult};
use crate::forms::{FormData, FormErrors};
use crate::i18n::t;
use crate::layout::{render, Page};
use crate::routes::Routes;
use crate::session::Visitor;
use crate::AppState;

pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

pub struct Card {
    pub id: String,
    pub kind: String,
    pub category: String,
    pub title: String,
    pub place_name: String,
    pub when: String,
    pub expires: String,
}

fn date(unix: i64) -> String {
    crate::circles::service::date_string(unix)
}

fn card(lang: Language, p: &Post) -> Card {
    Card {
        id: p.id.clone(),
        kind: t(lang, &format!("aid-kind-{}", p.kind.as_str())),
        category: t(lang, &format!("aid-category-{}", p.category.replace('_', "-"))),
        title: p.title.clone(),
        place_name: p.place_name.clone(),
        when: p.when.clone(),
        expires: date(p.expires_at),
    }
}

fn choices(lang: Language, values: &[&str], prefix: &str, selected: &str, blank: Option<&str>) -> Vec<Choice> {
    let mut out: Vec<Choice> = blank
        .map(|b| Choice { value: String::new(), label: t(lang, b), selected: selected.is_empty() })
        .into_iter()
        .collect();
    out.extend(values.iter().map(|v| Choice {
        value: (*v).to_string(),
        label: t(lang, &format!("{prefix}{}", v.replace('_', "-"))),
        selected: *v == selected,
    }));
    out
}

async fn places(state: &AppState, selected: &str, lang: Language, blank: &str) -> WebResult<Vec<Choice>> {
    let mut out = vec![Choice { value: String::new(), label: t(lang, blank), selected: selected.is_empty() }];
    out.extend(plural_store::places::list(&state.db).await?.into_iter().map(|p| Choice {
        selected: p.slug == selected,
        value: p.slug,
        label: p.name,
    }));
    Ok(out)
}

const KINDS: [&str; 2] = ["offer", "request"];

#[derive(Template)]
#[template(path = "mutual_aid/list.html")]
struct ListPage {
    page: Page,
    items: Vec<Card>,
    places: Vec<Choice>,
    kinds: Vec<Choice>,
    categories: Vec<Choice>,
    signed_in: bool,
    mine: Vec<Card>,
}

#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    place: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    category: String,
}

async fn index(State(state): State<AppState>, v: Visitor, Query(q): Query<ListQuery>) -> WebResult<Response> {
    let f = service::filter(&state, &q.place, &q.kind, &q.category).await?;
    let actor = v.actor();
    let items = service::list(&state, &actor, &f).await?.iter().map(|p| card(v.lang, p)).collect();
    let mine = match actor.person_id() {
        Some(p) => plural_store::mutual_aid::posts_by(&state.db, p)
            .await?
            .iter()
            .filter(|p| service::is_open(p))
            .map(|p| card(v.lang, p))
            .collect(),
        None => Vec::new(),
    };
    Ok(render(&ListPage {
        page: v.page(&state, v.t("aid-title")),
        items,
        places: places(&state, q.place.trim(), v.lang, "aid-filter-any-place").await?,
        kinds: choices(v.lang, &KINDS, "aid-kind-", q.kind.trim(), Some("aid-filter-any-kind")),
        categories: choices(
            v.lang,
            &rules::CATEGORIES,
            "aid-category-",
            q.category.trim(),
            Some("aid-filter-any-category"),
        ),
        signed_in: v.person.is_some(),
        mine,
    }))
}

#[derive(Template)]
#[template(path = "mutual_aid/form.html")]
struct FormPage {
    page: Page,
    errors: FormErrors,
    input: PostInput,
    kinds: Vec<Choice>,
    categories: Vec<Choice>,
    places: Vec<Choice>,
}

async fn form_page(
    state: &AppState,
    v: &Visitor,
    input: PostInput,
    place: &str,
    errors: FormErrors,
) -> WebResult<Response> {
    let heading = v.t("aid-new-title");
    let title = if errors.any() { format!("{} {heading}", v.t("error-title-prefix")) } else { heading };
    let kind = if input.kind.is_empty() { "offer" } else { input.kind.as_str() };
    Ok(render(&FormPage {
        page: v.page(state, title),
        kinds: choices(v.lang, &KINDS, "aid-kind-", kind, None),
        categories: choices(v.lang, &rules::CATEGORIES, "aid-category-", input.category.trim(), Some("aid-choose")),
        places: places(state, place, v.lang, "aid-choose").await?,
        errors,
        input,
    }))
}

#[derive(Debug, Default, Deserialize)]
pub struct NewQuery {
    #[serde(default)]
    kind: String,
}

async fn new_form(State(state): State<AppState>, v: Visitor, Query(q): Query<NewQuery>) -> WebResult<Response> {
    let me = v.require()?;
    let home = match me.home_place_id {
        Some(id) => plural_store::places::list(&state.db).await?.into_iter().find(|p| p.id == id).map(|p| p.slug),
        None => None,
    }
    .unwrap_or_default();
    let input = PostInput { kind: q.kind, ..PostInput::default() };
    form_page(&state, &v, input, &home, FormErrors::none()).await
}

async fn create(State(state): State<AppState>, v: Visitor, form: FormData) -> WebResult<Response> {
    v.require()?;
    let input = PostInput {
        kind: form.get("kind").into(),
        category: form.get("category").into(),
        title: form.get("title").into(),
        details: form.get("details").into(),
        when: form.get("when").into(),
        expires_on: form.get("expires_on").into(),
    };
    let place = form.get("place");
    match service::create(&state, &v.actor(), place, &input).await {
        Ok(p) => Ok(Redirect::to(&format!("/mutual-aid/{}?notice=aid-posted", p.id)).into_response()),
        Err(WebError::Domain(DomainError::Invalid(errs))) => {
            form_page(&state, &v, input, place, FormErrors::from(v.lang, &errs)).await
        }
        Err(e) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "mutual_aid/show.html")]
struct ShowPage {
    page: Page,
    p: Post,
    c: Card,
    open: bool,
    status: String,
    is_author: bool,
    signed_in: bool,
    /// My conversation about this post, if I already responded.
    mine: String,
    conversations: Vec<(String, String)>,
    reasons: Vec<Choice>,
    message: String,
    errors: FormErrors,
}

async fn show_page(state: &AppState, v: &Visitor, p: Post, message: String, errors: FormErrors) -> WebResult<Response> {
    let me = v.person.as_ref().map(|p| p.id);
    let is_author = me == Some(p.author_id);
    let (mine, conversations) = match me {
        Some(me) => {
            let all = plural_store::mutual_aid::conversations_of(&state.db, me).await?;
            let mine = all.iter().find(|c| c.post_id == p.id && c.responder_id == me).map(|c| c.id.clone());
            let theirs = all
                .iter()
                .filter(|c| is_author && c.post_id == p.id)
                .map(|c| (c.id.clone(), c.responder_name.clone().unwrap_or_default()))
                .collect();
            (mine.unwrap_or_default(), theirs)
        }
        None => (String::new(), Vec::new()),
    };
    let title = if errors.any() { format!("{} {}", v.t("error-title-prefix"), p.title) } else { p.title.clone() };
    let reason = if errors.has("reason") { "" } else { "unsafe" };
    Ok(render(&ShowPage {
        page: v.page(state, title),
        c: card(v.lang, &p),
        open: service::is_open(&p),
        status: v.t(&format!("aid-status-{}", p.status.as_str())),
        is_author,
        signed_in: me.is_some(),
        mine,
        conversations,
        reasons: choices(v.lang, &rules::REPORT_REASONS, "aid-reason-", reason, None),
        message,
        errors,
        p,
    }))
}

async fn show(State(state): State<AppState>, v: Visitor, Path(id): Path<String>) -> WebResult<Response> {
    let p = service::load(&state, &v.actor(), &id).await?;
    show_page(&state, &v, p, String::new(), FormErrors::none()).await
}

/// A refusal explained on the page the person came from.
fn explain(e: WebError, back: &str) -> WebResult<Response> {
    match e {
        WebError::Domain(DomainError::Conflict(code) | DomainError::Forbidden(code)) if code.starts_with("aid-") => {
            Ok(Redirect::to(&format!("{back}?notice={code}")).into_response())
        }
        e => Err(e),
    }
}

async fn respond(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    form: FormData,
) -> WebResult<Response> {
    v.require()?;
    let actor = v.actor();
    let p = service::load(&state, &actor, &id).await?;
    let message = form.get("message").to_string();
    match service::respond(&state, &actor, &p, &message).await {
        Ok(c) => Ok(Redirect::to(&format!("/mutual-aid/conversations/{c}?notice=aid-responded")).into_response()),
        Err(WebError::Domain(DomainError::Invalid(errs))) => {
            show_page(&state, &v, p, message, FormErrors::from(v.lang, &errs)).await
        }
        Err(e) => explain(e, &format!("/mutual-aid/{id}")),
    }
}

async fn close(State(state): State<AppState>, v: Visitor, Path(id): Path<String>) -> WebResult<Response> {
    v.require()?;
    let actor = v.actor();
    let p = service::load(&state, &actor, &id).await?;
    match service::close(&state, &actor, &p).await {
        Ok(()) => Ok(Redirect::to(&format!("/mutual-aid/{id}?notice=aid-closed")).into_response()),
        Err(e) => explain(e, &format!("/mutual-aid/{id}")),
    }
}

async fn report(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    form: FormData,
) -> WebResult<Response> {
    v.require()?;
    let actor = v.actor();
    let p = service::load(&state, &actor, &id).await?;
    let author = p.author_id;
    match service::report(&state, &actor, &p, author, form.get("reason"), form.get("details")).await {
        Ok(_) => Ok(Redirect::to(&format!("/mutual-aid/{id}?notice=aid-reported")).into_response()),
        Err(WebError::Domain(DomainError::Invalid(errs))) => {
            show_page(&state, &v, p, String::new(), FormErrors::from(v.lang, &errs)).await
        }
        Err(e) => explain(e, &format!("/mutual-aid/{id}")),
    }
}

// Conversations.

pub struct ConversationRow {
    pub id: String,
    pub post_title: String,
    pub with: String,
    pub updated: String,
}

#[derive(Template)]
#[template(path = "mutual_aid/conversations.html")]
struct ConversationsPage {
    page: Page,
    rows: Vec<ConversationRow>,
}

fn with_name(c: &Conversation, me: PersonId) -> String {
    if service::other(c, me) == c.author_id {
        c.author_name.clone().unwrap_or_default()
    } else {
        c.responder_name.clone().unwrap_or_default()
    }
}

async fn conversations(State(state): State<AppState>, v: Visitor) -> WebResult<Response> {
    let me = v.require()?.id;
    let rows = plural_store::mutual_aid::conversations_of(&state.db, me)
        .await?
        .iter()
        .map(|c| ConversationRow {
            id: c.id.clone(),
            post_title: c.post_title.clone(),
            with: with_name(c, me),
            updated: date(c.updated_at),
        })
        .collect();
    Ok(render(&ConversationsPage { page: v.page(&state, v.t("aid-conversations-title")), rows }))
}

pub struct MessageRow {
    pub from: String,
    pub mine: bool,
    pub body: String,
    pub at: String,
}

#[derive(Template)]
#[template(path = "mutual_aid/conversation.html")]
struct ConversationPage {
    page: Page,
    c: Conversation,
    with: String,
    messages: Vec<MessageRow>,
    blocked: bool,
    message: String,
    /// The time bank form: hours, date, what was done.
    time: [String; 3],
    errors: FormErrors,
}

async fn conversation_page(
    state: &AppState,
    v: &Visitor,
    c: Conversation,
    messages: Vec<Message>,
    message: String,
    time: [String; 3],
    errors: FormErrors,
) -> WebResult<Response> {
    let me = v.require()?.id;
    let with = with_name(&c, me);
    let blocked = plural_store::mutual_aid::has_blocked(&state.db, me, service::other(&c, me)).await?;
    let title = crate::i18n::t_args(v.lang, "aid-conversation-title", &[("name", with.clone())]);
    let title = if errors.any() { format!("{} {title}", v.t("error-title-prefix")) } else { title };
    let messages = messages
        .into_iter()
        .map(|m| MessageRow {
            from: m.sender_name.unwrap_or_default(),
            mine: m.sender_id == me,
            body: m.body,
            at: {
                let t = plural_store::from_unix(m.created_at);
                format!("{} {:02}:{:02}", date(m.created_at), t.hour(), t.minute())
            },
        })
        .collect();
    Ok(render(&ConversationPage { page: v.page(state, title), c, with, messages, blocked, message, time, errors }))
}

async fn conversation(State(state): State<AppState>, v: Visitor, Path(id): Path<String>) -> WebResult<Response> {
    v.require()?;
    let (c, messages) = service::conversation(&state, &v.actor(), &id).await?;
    conversation_page(&state, &v, c, messages, String::new(), Default::default(), FormErrors::none()).await
}

async fn send(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    form: FormData,
) -> WebResult<Response> {
    v.require()?;
    let actor = v.actor();
    let (c, messages) = service::conversation(&state, &actor, &id).await?;
    let message = form.get("message").to_string();
    match service::send(&state, &actor, &c, &message).await {
        Ok(()) => Ok(Redirect::to(&format!("/mutual-aid/conversations/{id}?notice=aid-sent")).into_response()),
        Err(WebError::Domain(DomainError::Invalid(errs))) => {
            conversation_page(&state, &v, c, messages, message, Default::default(), FormErrors::from(v.lang, &errs))
                .await
        }
        Err(e) => explain(e, &format!("/mutual-aid/conversations/{id}")),
    }
}

async fn block(State(state): State<AppState>, v: Visitor, Path(id): Path<String>) -> WebResult<Response> {
    let me = v.require()?.id;
    let actor = v.actor();
    let (c, _) = service::conversation(&state, &actor, &id).await?;
    service::block(&state, &actor, service::other(&c, me)).await?;
    Ok(Redirect::to(&format!("/mutual-aid/conversations/{id}?notice=aid-blocked-them")).into_response())
}

async fn unblock(State(state): State<AppState>, v: Visitor, Path(id): Path<String>) -> WebResult<Response> {
    let me = v.require()?.id;
    let actor = v.actor();
    let (c, _) = service::conversation(&state, &actor, &id).await?;
    service::unblock(&state, &actor, service::other(&c, me)).await?;
    Ok(Redirect::to(&format!("/mutual-aid/conversations/{id}?notice=aid-unblocked")).into_response())
}

async fn report_person(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    form: FormData,
) -> WebResult<Response> {
    let me = v.require()?.id;
    let actor = v.actor();
    let (c, messages) = service::conversation(&state, &actor, &id).await?;
    let post = plural_store::mutual_aid::post(&state.db, &c.post_id).await?.ok_or(WebError::not_found())?;
    match service::report(&state, &actor, &post, service::other(&c, me), form.get("reason"), form.get("details")).await
    {
        Ok(_) => Ok(Redirect::to(&format!("/mutual-aid/conversations/{id}?notice=aid-reported")).into_response()),
        Err(WebError::Domain(DomainError::Invalid(errs))) => {
            conversation_page(
                &state,
                &v,
                c,
                messages,
                String::new(),
                Default::default(),
                FormErrors::from(v.lang, &errs),
            )
            .await
        }
        Err(e) => explain(e, &format!("/mutual-aid/conversations/{id}")),
    }
}

/// Record time given to the other person in the conversation (the time bank).
async fn record_time(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    form: FormData,
) -> WebResult<Response> {
    let me = v.require()?.id;
    let actor = v.actor();
    let (c, messages) = service::conversation(&state, &actor, &id).await?;
    let (hours, done_on, description) = (form.get("hours"), form.get("done_on"), form.get("description"));
    match crate::timebank::service::record(&state, &actor, service::other(&c, me), hours, done_on, description).await {
        Ok(_) => Ok(Redirect::to("/timebank?notice=timebank-recorded").into_response()),
        Err(WebError::Domain(DomainError::Invalid(errs))) => {
            let time = [hours.to_string(), done_on.to_string(), description.to_string()];
            conversation_page(&state, &v, c, messages, String::new(), time, FormErrors::from(v.lang, &errs)).await
        }
        Err(e) => Err(e),
    }
}

// Moderation.

#[derive(Template)]
#[template(path = "mutual_aid/moderation.html")]
struct ModerationPage {
    page: Page,
    reports: Vec<Report>,
    /// Node admins name stewards here.
    appoint: bool,
    places: Vec<Choice>,
    email: String,
    errors: FormErrors,
}

async fn moderation_page(
    state: &AppState,
    v: &Visitor,
    place: &str,
    email: String,
    errors: FormErrors,
) -> WebResult<Response> {
    let actor = v.actor();
    let mut reports = service::queue(state, &actor).await?;
    for r in &mut reports {
        r.reason = v.t(&format!("aid-reason-{}", r.reason));
    }
    let appoint = plural_kernel::authz::decide(&actor, &plural_kernel::authz::Action::AppointStewards).is_ok();
    let heading = v.t("aid-moderation-title");
    let title = if errors.any() { format!("{} {heading}", v.t("error-title-prefix")) } else { heading };
    Ok(render(&ModerationPage {
        page: v.page(state, title),
        reports,
        appoint,
        places: places(state, place, v.lang, "aid-choose").await?,
        email,
        errors,
    }))
}

async fn moderation(State(state): State<AppState>, v: Visitor) -> WebResult<Response> {
    v.require()?;
    moderation_page(&state, &v, "", String::new(), FormErrors::none()).await
}

async fn appoint(State(state): State<AppState>, v: Visitor, form: FormData) -> WebResult<Response> {
    v.require()?;
    let (place, email) = (form.get("place"), form.get("email"));
    match service::appoint_by_email(&state, &v.actor(), place, email).await {
        Ok(()) => Ok(Redirect::to("/mutual-aid/moderation?notice=aid-steward-named").into_response()),
        Err(WebError::Domain(DomainError::Invalid(errs))) => {
            moderation_page(&state, &v, place, email.to_string(), FormErrors::from(v.lang, &errs)).await
        }
        Err(e) => Err(e),
    }
}

async fn decide(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    form: FormData,
) -> WebResult<Response> {
    v.require()?;
    // The form's buttons: anything but "remove" dismisses.
    let decision = if form.get("decision") == "remove" { "remove" } else { "dismiss" };
    match service::decide(&state, &v.actor(), &id, decision).await {
        Ok(()) => Ok(Redirect::to("/mutual-aid/moderation?notice=aid-decided").into_response()),
        Err(e) => explain(e, "/mutual-aid/moderation"),
    }
}

pub fn routes() -> Routes {
    Routes::new()
        .page(Method::GET, "/mutual-aid", index)
        .page(Method::POST, "/mutual-aid", create)
        .page(Method::GET, "/mutual-aid/new", new_form)
        .page(Method::GET, "/mutual-aid/conversations", conversations)
        .page(Method::GET, "/mutual-aid/conversations/{id}", conversation)
        .page(Method::POST, "/mutual-aid/conversations/{id}/messages", send)
        .page(Method::POST, "/mutual-aid/conversations/{id}/block", block)
        .page(Method::POST, "/mutual-aid/conversations/{id}/unblock", unblock)
        .page(Method::POST, "/mutual-aid/conversations/{id}/report", report_person)
        .page(Method::POST, "/mutual-aid/conversations/{id}/hours", record_time)
        .page(Method::GET, "/mutual-aid/moderation", moderation)
        .page(Method::POST, "/mutual-aid/reports/{id}/decision", decide)
        .page(Method::POST, "/mutual-aid/stewards", appoint)
        .page(Method::GET, "/mutual-aid/{id}", show)
        .page(Method::POST, "/mutual-aid/{id}/respond", respond)
        .page(Method::POST, "/mutual-aid/{id}/close", close)
        .page(Method::POST, "/mutual-aid/{id}/report", report)
}
