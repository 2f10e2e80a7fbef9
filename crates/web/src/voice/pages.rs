//! The proposal pages: the list, proposing (draft, then publish), a
//! proposal with its support, follow, official answers and threaded
//! comments, reporting a comment, the stewards' queue and a place's public
//! stewardship log.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::Method;
use axum::response::{IntoResponse, Redirect, Response};
use plural_kernel::language::Language;
use plural_kernel::voice::{self as rules, AnswerState, ProposalInput, Status};
use plural_kernel::DomainError;
use plural_store::voice::{Comment, Proposal, Report};
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

fn date(unix: i64) -> String {
    crate::circles::service::date_string(unix)
}

pub fn state_label(lang: Language, s: Option<AnswerState>) -> String {
    match s {
        Some(s) => t(lang, &format!("voice-state-{}", s.as_str().replace('_', "-"))),
        None => t(lang, "voice-state-none"),
    }
}

pub struct Card {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub place_name: String,
    pub state: String,
    pub supports: i64,
    pub comments: i64,
    pub draft: bool,
}

fn card(lang: Language, p: &Proposal) -> Card {
    Card {
        id: p.id.clone(),
        title: p.title.clone(),
        summary: p.summary.clone(),
        place_name: p.place_name.clone(),
        state: state_label(lang, p.answer_state),
        supports: p.supports,
        comments: p.comments,
        draft: p.status == Status::Draft,
    }
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

fn states(lang: Language, selected: &str) -> Vec<Choice> {
    let mut out = vec![
        Choice { value: String::new(), label: t(lang, "voice-filter-any-state"), selected: selected.is_empty() },
        Choice { value: "unanswered".into(), label: t(lang, "voice-state-none"), selected: selected == "unanswered" },
    ];
    out.extend(AnswerState::ALL.iter().map(|s| Choice {
        value: s.as_str().into(),
        label: state_label(lang, Some(*s)),
        selected: s.as_str() == selected,
    }));
    out
}

#[derive(Template)]
#[template(path = "voice/list.html")]
struct ListPage {
    page: Page,
    items: Vec<Card>,
    places: Vec<Choice>,
    states: Vec<Choice>,
    signed_in: bool,
    mine: Vec<Card>,
    feed_query: String,
}

#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    place: String,
    #[serde(default)]
    state: String,
}

async fn index(State(state): State<AppState>, v: Visitor, Query(q): Query<ListQuery>) -> WebResult<Response> {
    let f = service::filter(&state, &q.place, &q.state).await?;
    let items = service::list(&state, &f).await?.iter().map(|p| card(v.lang, p)).collect();
    let mine = match v.person.as_ref() {
        Some(p) => plural_store::voice::by_author(&state.db, p.id).await?.iter().map(|p| card(v.lang, p)).collect(),
        None => Vec::new(),
    };
    let feed_query = match q.place.trim() {
        "" => String::new(),
        slug => format!("?place={}", url::form_urlencoded::byte_serialize(slug.as_bytes()).collect::<String>()),
    };
    Ok(render(&ListPage {
        page: v.page(&state, v.t("voice-title")),
        items,
        places: places(&state, q.place.trim(), v.lang, "voice-filter-any-place").await?,
        states: states(v.lang, q.state.trim()),
        signed_in: v.person.is_some(),
        mine,
        feed_query,
    }))
}

#[derive(Template)]
#[template(path = "voice/form.html")]
struct FormPage {
    page: Page,
    errors: FormErrors,
    input: ProposalInput,
    places: Vec<Choice>,
    /// Where the form goes: `/proposals` or `/proposals/{id}/edit`.
    action: String,
    heading: String,
}

async fn form_page(
    state: &AppState,
    v: &Visitor,
    input: ProposalInput,
    place: &str,
    action: String,
    errors: FormErrors,
) -> WebResult<Response> {
    let heading = if action == "/proposals" { v.t("voice-new-title") } else { v.t("voice-edit-title") };
    let title = if errors.any() { format!("{} {heading}", v.t("error-title-prefix")) } else { heading.clone() };
    Ok(render(&FormPage {
        page: v.page(state, title),
        places: places(state, place, v.lang, "voice-choose").await?,
        errors,
        input,
        action,
        heading,
    }))
}

fn input_of(form: &FormData) -> ProposalInput {
    ProposalInput {
        title: form.get("title").into(),
        summary: form.get("summary").into(),
        body: form.get("body").into(),
    }
}

async fn new_form(State(state): State<AppState>, v: Visitor) -> WebResult<Response> {
    let me = v.require()?;
    let home = match me.home_place_id {
        Some(id) => plural_store::places::get(&state.db, id).await?.map(|p| p.slug),
        None => None,
    }
    .unwrap_or_default();
    form_page(&state, &v, ProposalInput::default(), &home, "/proposals".into(), FormErrors::none()).await
}

async fn create(State(state): State<AppState>, v: Visitor, form: FormData) -> WebResult<Response> {
    v.require()?;
    let input = input_of(&form);
    let place = form.get("place");
    let publish = form.get("save") == "publish";
    match service::create(&state, &v.actor(), place, &input, publish).await {
        Ok(p) => {
            let notice = if publish { "voice-published" } else { "voice-drafted" };
            Ok(Redirect::to(&format!("/proposals/{}?notice={notice}", p.id)).into_response())
        }
        Err(WebError::Domain(DomainError::Invalid(errs))) => {
            form_page(&state, &v, input, place, "/proposals".into(), FormErrors::from(v.lang, &errs)).await
        }
        Err(e) => Err(e),
    }
}

async fn edit_form(State(state): State<AppState>, v: Visitor, Path(id): Path<String>) -> WebResult<Response> {
    v.require()?;
    let p = service::load(&state, &v.actor(), &id).await?;
    if p.status != Status::Draft || v.person.as_ref().map(|me| me.id) != Some(p.author_id) {
        return Err(WebError::not_found());
    }
    let input = ProposalInput { title: p.title.clone(), summary: p.summary.clone(), body: p.body.clone() };
    form_page(&state, &v, input, &p.place_slug, format!("/proposals/{id}/edit"), FormErrors::none()).await
}

async fn edit(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    form: FormData,
) -> WebResult<Response> {
    v.require()?;
    let actor = v.actor();
    let p = service::load(&state, &actor, &id).await?;
    let input = input_of(&form);
    let place = form.get("place");
    match service::update(&state, &actor, &p, place, &input).await {
        Ok(()) => {
            if form.get("save") == "publish" {
                service::publish(&state, &actor, &p).await?;
                return Ok(Redirect::to(&format!("/proposals/{id}?notice=voice-published")).into_response());
            }
            Ok(Redirect::to(&format!("/proposals/{id}?notice=voice-saved")).into_response())
        }
        Err(WebError::Domain(DomainError::Invalid(errs))) => {
            form_page(&state, &v, input, place, format!("/proposals/{id}/edit"), FormErrors::from(v.lang, &errs)).await
        }
        Err(e) => explain(e, &format!("/proposals/{id}")),
    }
}

pub struct AnswerRow {
    pub state: String,
    pub by: String,
    pub author: String,
    pub date: String,
    pub body: String,
    /// The first entry is the answer; later ones are progress updates.
    pub update: bool,
}

pub struct CommentRow {
    pub id: String,
    pub author: String,
    pub date: String,
    pub body: String,
    pub removed: bool,
    pub has_replies: bool,
    pub closes: Vec<()>,
    pub mine: bool,
}

fn thread(comments: &[Comment], me: Option<plural_kernel::PersonId>) -> Vec<CommentRow> {
    let parents: Vec<Option<usize>> =
        comments.iter().map(|c| c.parent_id.as_ref().and_then(|p| comments.iter().position(|x| &x.id == p))).collect();
    rules::thread(&parents)
        .into_iter()
        .filter_map(|slot| {
            let c = comments.get(slot.index)?;
            Some(CommentRow {
                id: c.id.clone(),
                author: c.author_name.clone().unwrap_or_default(),
                date: date(c.created_at),
                body: c.body.clone(),
                removed: c.removed,
                has_replies: slot.has_replies,
                closes: vec![(); slot.close_after],
                mine: me == Some(c.author_id),
            })
        })
        .collect()
}

#[derive(Template)]
#[template(path = "voice/show.html")]
struct ShowPage {
    page: Page,
    p: Proposal,
    state: String,
    draft: bool,
    signed_in: bool,
    supported: bool,
    following: bool,
    open_for_support: bool,
    answers: Vec<AnswerRow>,
    /// Who I may answer as (value, label); empty: no answer form.
    answer_as: Vec<Choice>,
    next_states: Vec<Choice>,
    comments: Vec<CommentRow>,
    /// The comment being replied to, if any (from `?reply=`).
    reply_to: Option<CommentRow>,
    comment: String,
    answer: String,
    errors: FormErrors,
}

#[derive(Debug, Default, Deserialize)]
pub struct ShowQuery {
    #[serde(default)]
    reply: String,
}

struct Kept {
    comment: String,
    answer: String,
    reply: String,
    state: String,
    by: String,
}

async fn show_page(state: &AppState, v: &Visitor, p: Proposal, kept: Kept, errors: FormErrors) -> WebResult<Response> {
    let actor = v.actor();
    let me = v.person.as_ref().map(|p| p.id);
    let (supported, following) = match me {
        Some(me) => plural_store::voice::relation(&state.db, &p.id, me).await?,
        None => (false, false),
    };
    let answers = service::answers(state, &p)
        .await?
        .into_iter()
        .enumerate()
        .map(|(i, a)| AnswerRow {
            state: state_label(v.lang, Some(a.state)),
            by: a.group_name.unwrap_or_else(|| {
                crate::i18n::t_args(v.lang, "voice-by-stewards", &[("place", p.place_name.clone())])
            }),
            author: a.author_name.unwrap_or_default(),
            date: date(a.created_at),
            body: a.body,
            update: i > 0,
        })
        .collect();
    let answer_as = if p.status == Status::Published {
        service::answerers(state, &actor, &p)
            .await?
            .into_iter()
            .map(|(value, label)| Choice {
                selected: value == kept.by,
                label: if value == "steward" {
                    crate::i18n::t_args(v.lang, "voice-as-steward", &[("place", label)])
                } else {
                    label
                },
                value,
            })
            .collect()
    } else {
        Vec::new()
    };
    let next_states = AnswerState::next(p.answer_state)
        .iter()
        .map(|s| Choice {
            value: s.as_str().into(),
            label: state_label(v.lang, Some(*s)),
            selected: s.as_str() == kept.state,
        })
        .collect();
    let all = service::comments(state, &p).await?;
    let comments = thread(&all, me);
    let reply_to = comments.iter().find(|c| c.id == kept.reply && !c.removed).map(|c| CommentRow {
        id: c.id.clone(),
        author: c.author.clone(),
        date: c.date.clone(),
        body: c.body.clone(),
        removed: false,
        has_replies: false,
        closes: Vec::new(),
        mine: c.mine,
    });
    let title = if errors.any() { format!("{} {}", v.t("error-title-prefix"), p.title) } else { p.title.clone() };
    Ok(render(&ShowPage {
        page: v.page(state, title),
        state: state_label(v.lang, p.answer_state),
        draft: p.status == Status::Draft,
        signed_in: me.is_some(),
        supported,
        following,
        open_for_support: service::gathers_support(&p),
        answers,
        answer_as,
        next_states,
        comments,
        reply_to,
        comment: kept.comment,
        answer: kept.answer,
        errors,
        p,
    }))
}

fn nothing_kept(reply: String) -> Kept {
    Kept { comment: String::new(), answer: String::new(), reply, state: String::new(), by: String::new() }
}

async fn show(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    Query(q): Query<ShowQuery>,
) -> WebResult<Response> {
    let p = service::load(&state, &v.actor(), &id).await?;
    show_page(&state, &v, p, nothing_kept(q.reply), FormErrors::none()).await
}

/// A refusal explained on the page the person came from.
fn explain(e: WebError, back: &str) -> WebResult<Response> {
    match e {
        WebError::Domain(DomainError::Conflict(code) | DomainError::Forbidden(code)) if code.starts_with("voice-") => {
            Ok(Redirect::to(&format!("{back}?notice={code}")).into_response())
        }
        e => Err(e),
    }
}

async fn publish(State(state): State<AppState>, v: Visitor, Path(id): Path<String>) -> WebResult<Response> {
    v.require()?;
    let actor = v.actor();
    let p = service::load(&state, &actor, &id).await?;
    match service::publish(&state, &actor, &p).await {
        Ok(()) => Ok(Redirect::to(&format!("/proposals/{id}?notice=voice-published")).into_response()),
        Err(e) => explain(e, &format!("/proposals/{id}")),
    }
}

async fn toggle(state: &AppState, v: &Visitor, id: &str, what: &str) -> WebResult<Response> {
    v.require()?;
    let actor = v.actor();
    let p = service::load(state, &actor, id).await?;
    let result = match what {
        "support" => service::support(state, &actor, &p).await,
        "unsupport" => service::unsupport(state, &actor, &p).await,
        "follow" => service::follow(state, &actor, &p, true).await,
        _ => service::follow(state, &actor, &p, false).await,
    };
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/proposals/{id}?notice=voice-{what}ed")).into_response()),
        Err(e) => explain(e, &format!("/proposals/{id}")),
    }
}

async fn support(State(state): State<AppState>, v: Visitor, Path(id): Path<String>) -> WebResult<Response> {
    toggle(&state, &v, &id, "support").await
}
async fn unsupport(State(state): State<AppState>, v: Visitor, Path(id): Path<String>) -> WebResult<Response> {
    toggle(&state, &v, &id, "unsupport").await
}
async fn follow(State(state): State<AppState>, v: Visitor, Path(id): Path<String>) -> WebResult<Response> {
    toggle(&state, &v, &id, "follow").await
}
async fn unfollow(State(state): State<AppState>, v: Visitor, Path(id): Path<String>) -> WebResult<Response> {
    toggle(&state, &v, &id, "unfollow").await
}

async fn comment(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    form: FormData,
) -> WebResult<Response> {
    v.require()?;
    let actor = v.actor();
    let p = service::load(&state, &actor, &id).await?;
    let (body, parent) = (form.get("comment"), form.get("parent"));
    match service::comment(&state, &actor, &p, parent, body).await {
        Ok(c) => Ok(Redirect::to(&format!("/proposals/{id}?notice=voice-commented#c-{c}")).into_response()),
        Err(WebError::Domain(DomainError::Invalid(errs))) => {
            let kept = Kept { comment: body.to_string(), ..nothing_kept(parent.to_string()) };
            show_page(&state, &v, p, kept, FormErrors::from(v.lang, &errs)).await
        }
        Err(e) => explain(e, &format!("/proposals/{id}")),
    }
}

async fn answer(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    form: FormData,
) -> WebResult<Response> {
    v.require()?;
    let actor = v.actor();
    let p = service::load(&state, &actor, &id).await?;
    let (by, new_state, body) = (form.get("by"), form.get("state"), form.get("answer"));
    match service::answer(&state, &actor, &p, by, new_state, body).await {
        Ok(_) => Ok(Redirect::to(&format!("/proposals/{id}?notice=voice-answered")).into_response()),
        Err(WebError::Domain(DomainError::Invalid(errs))) => {
            let kept = Kept {
                answer: body.to_string(),
                state: new_state.to_string(),
                by: by.to_string(),
                ..nothing_kept(String::new())
            };
            show_page(&state, &v, p, kept, FormErrors::from(v.lang, &errs)).await
        }
        Err(e) => explain(e, &format!("/proposals/{id}")),
    }
}

#[derive(Template)]
#[template(path = "voice/report.html")]
struct ReportPage {
    page: Page,
    p: Proposal,
    c: CommentRow,
    reasons: Vec<Choice>,
    details: String,
    errors: FormErrors,
}

async fn report_page(
    state: &AppState,
    v: &Visitor,
    p: Proposal,
    comment: &str,
    reason: &str,
    details: String,
    errors: FormErrors,
) -> WebResult<Response> {
    let me = v.person.as_ref().map(|p| p.id);
    let all = service::comments(state, &p).await?;
    let c = thread(&all, me).into_iter().find(|c| c.id == comment && !c.removed).ok_or(WebError::not_found())?;
    let heading = v.t("voice-report-title");
    let title = if errors.any() { format!("{} {heading}", v.t("error-title-prefix")) } else { heading };
    let reasons = rules::REPORT_REASONS
        .iter()
        .map(|r| Choice {
            value: (*r).into(),
            label: v.t(&format!("voice-reason-{}", r.replace('_', "-"))),
            selected: *r == reason,
        })
        .collect();
    Ok(render(&ReportPage { page: v.page(state, title), p, c, reasons, details, errors }))
}

async fn report_form(
    State(state): State<AppState>,
    v: Visitor,
    Path((id, comment)): Path<(String, String)>,
) -> WebResult<Response> {
    v.require()?;
    let p = service::load(&state, &v.actor(), &id).await?;
    report_page(&state, &v, p, &comment, "", String::new(), FormErrors::none()).await
}

async fn report(
    State(state): State<AppState>,
    v: Visitor,
    Path((id, comment)): Path<(String, String)>,
    form: FormData,
) -> WebResult<Response> {
    v.require()?;
    let actor = v.actor();
    let p = service::load(&state, &actor, &id).await?;
    let (reason, details) = (form.get("reason"), form.get("details"));
    match service::report(&state, &actor, &p, &comment, reason, details).await {
        Ok(_) => Ok(Redirect::to(&format!("/proposals/{id}?notice=voice-reported")).into_response()),
        Err(WebError::Domain(DomainError::Invalid(errs))) if errs.0.iter().all(|e| e.field != "comment") => {
            report_page(&state, &v, p, &comment, reason, details.to_string(), FormErrors::from(v.lang, &errs)).await
        }
        Err(WebError::Domain(DomainError::Invalid(_))) => Err(WebError::not_found()),
        Err(e) => explain(e, &format!("/proposals/{id}")),
    }
}

#[derive(Template)]
#[template(path = "voice/moderation.html")]
struct ModerationPage {
    page: Page,
    reports: Vec<Report>,
}

async fn moderation(State(state): State<AppState>, v: Visitor) -> WebResult<Response> {
    v.require()?;
    let mut reports = service::queue(&state, &v.actor()).await?;
    for r in &mut reports {
        r.reason = v.t(&format!("voice-reason-{}", r.reason.replace('_', "-")));
    }
    Ok(render(&ModerationPage { page: v.page(&state, v.t("voice-moderation-title")), reports }))
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
    match service::decide(&state, &v.actor(), &id, decision, form.get("reason")).await {
        Ok(()) => Ok(Redirect::to("/voice/moderation?notice=voice-decided").into_response()),
        Err(WebError::Domain(DomainError::Invalid(_))) => {
            Ok(Redirect::to("/voice/moderation?notice=voice-reason-too-long").into_response())
        }
        Err(e) => explain(e, "/voice/moderation"),
    }
}

pub struct LogRow {
    pub date: String,
    pub who: String,
    pub role: String,
    pub action: String,
    pub subject: String,
    pub reason: String,
}

#[derive(Template)]
#[template(path = "voice/log.html")]
struct LogPage {
    page: Page,
    place_name: String,
    place_slug: String,
    rows: Vec<LogRow>,
}

/// A place's public stewardship log: who acted, in which role, on what, why.
async fn log(State(state): State<AppState>, v: Visitor, Path(slug): Path<String>) -> WebResult<Response> {
    let place = plural_store::places::by_slug(&state.db, &slug).await?.ok_or(WebError::not_found())?;
    let rows = plural_store::voice::log_of(&state.db, place.id, 500)
        .await?
        .into_iter()
        .map(|l| LogRow {
            date: date(l.created_at),
            who: l.actor_name.unwrap_or_default(),
            role: v.t(&format!("voice-role-{}", l.role.replace('_', "-"))),
            action: v.t(&format!("voice-action-{}", l.action.replace('_', "-"))),
            subject: l.subject,
            reason: l.reason,
        })
        .collect();
    let title = crate::i18n::t_args(v.lang, "voice-log-title", &[("place", place.name.clone())]);
    Ok(render(&LogPage { page: v.page(&state, title), place_name: place.name, place_slug: place.slug, rows }))
}

pub fn routes() -> Routes {
    Routes::new()
        .page(Method::GET, "/proposals", index)
        .page(Method::POST, "/proposals", create)
        .page(Method::GET, "/proposals/new", new_form)
        .page(Method::GET, "/proposals/{id}", show)
        .page(Method::GET, "/proposals/{id}/edit", edit_form)
        .page(Method::POST, "/proposals/{id}/edit", edit)
        .page(Method::POST, "/proposals/{id}/publish", publish)
        .page(Method::POST, "/proposals/{id}/support", support)
        .page(Method::POST, "/proposals/{id}/unsupport", unsupport)
        .page(Method::POST, "/proposals/{id}/follow", follow)
        .page(Method::POST, "/proposals/{id}/unfollow", unfollow)
        .page(Method::POST, "/proposals/{id}/comments", comment)
        .page(Method::GET, "/proposals/{id}/comments/{comment}/report", report_form)
        .page(Method::POST, "/proposals/{id}/comments/{comment}/report", report)
        .page(Method::POST, "/proposals/{id}/answers", answer)
        .page(Method::GET, "/voice/moderation", moderation)
        .page(Method::POST, "/voice/reports/{id}/decision", decide)
        .page(Method::GET, "/voice/log/{place}", log)
}
