//! The campaign pages: the list, starting one, the public page (which
//! works as the campaign's website: story, stages, petition, pledges,
//! following), the organisers' page (editing, stages, updates, events, who
//! pledged), the poster, the embeddable counter and unsubscribing.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use plural_kernel::campaigns::{self as rules, CampaignInput, PledgeInput, PledgeKind, SignatureInput, StageInput};
use plural_kernel::language::Language;
use plural_kernel::DomainError;
use plural_store::campaigns::Campaign;
use serde::Deserialize;

use super::service::{self, Loaded, Petition};
use crate::error::{WebError, WebResult};
use crate::forms::{FormData, FormErrors};
use crate::i18n::t;
use crate::layout::{render, Page};
use crate::rich_text::{markdown_to_html, RawHtml};
use crate::routes::Routes;
use crate::session::Visitor;
use crate::AppState;

pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

fn choices(lang: Language, values: &[&str], prefix: &str, selected: &str) -> Vec<Choice> {
    values
        .iter()
        .map(|v| Choice {
            value: (*v).to_string(),
            label: t(lang, &format!("{prefix}{}", v.replace('_', "-"))),
            selected: *v == selected,
        })
        .collect()
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

fn date(unix: i64) -> String {
    crate::circles::service::date_string(unix)
}

pub struct Card {
    pub id: String,
    pub title: String,
    pub goal: String,
    pub group_name: String,
    pub place_name: String,
    pub status: String,
    pub draft: bool,
}

fn card(lang: Language, c: &Campaign) -> Card {
    Card {
        id: c.id.clone(),
        title: c.title.clone(),
        goal: c.goal.clone(),
        group_name: c.group_name.clone(),
        place_name: c.place_name.clone(),
        status: t(lang, &format!("campaign-status-{}", c.status.as_str())),
        draft: c.status == rules::Status::Draft,
    }
}

#[derive(Template)]
#[template(path = "campaigns/list.html")]
struct ListPage {
    page: Page,
    items: Vec<Card>,
    mine: Vec<Card>,
    places: Vec<Choice>,
    can_start: bool,
}

#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    place: String,
}

async fn index(State(state): State<AppState>, v: Visitor, Query(q): Query<ListQuery>) -> WebResult<Response> {
    let actor = v.actor();
    let items = service::list(&state, &q.place).await?.iter().map(|c| card(v.lang, c)).collect();
    let can_start = v.person.is_some() && !service::runnable_groups(&state, &actor).await?.is_empty();
    let mine = service::mine(&state, &actor).await?.iter().map(|c| card(v.lang, c)).collect();
    Ok(render(&ListPage {
        page: v.page(&state, v.t("campaigns-title")),
        items,
        mine,
        places: places(&state, q.place.trim(), v.lang, "campaign-any-place").await?,
        can_start,
    }))
}

/// The campaign's fields as the forms hold them.
#[derive(Debug, Clone, Default)]
pub struct Fields {
    pub group: String,
    pub place: String,
    pub title: String,
    pub goal: String,
    pub story: String,
    pub target: String,
    pub status: String,
    pub outcome: String,
    pub petition: bool,
    pub petition_text: String,
    pub threshold: String,
    pub local_districts: String,
    pub pledges: bool,
}

impl Fields {
    fn from_form(f: &FormData) -> Self {
        Fields {
            group: f.get("group").into(),
            place: f.get("place").into(),
            title: f.get("title").into(),
            goal: f.get("goal").into(),
            story: f.get("story").into(),
            target: f.get("target").into(),
            status: f.get("status").into(),
            outcome: f.get("outcome").into(),
            petition: f.checked("petition"),
            petition_text: f.get("petition_text").into(),
            threshold: f.get("threshold").into(),
            local_districts: f.get("local_districts").into(),
            pledges: f.checked("pledges"),
        }
    }

    fn of(c: &Campaign) -> Self {
        Fields {
            group: c.group_slug.clone(),
            place: c.place_slug.clone(),
            title: c.title.clone(),
            goal: c.goal.clone(),
            story: c.story.clone(),
            target: c.target.clone(),
            status: c.status.as_str().into(),
            outcome: c.outcome.clone(),
            petition: c.petition,
            petition_text: c.petition_text.clone(),
            threshold: if c.threshold > 0 { c.threshold.to_string() } else { String::new() },
            local_districts: c.local_districts.clone(),
            pledges: c.pledges,
        }
    }

    fn input(&self) -> CampaignInput {
        CampaignInput {
            title: self.title.clone(),
            goal: self.goal.clone(),
            story: self.story.clone(),
            target: self.target.clone(),
            status: self.status.clone(),
            outcome: self.outcome.clone(),
            petition: self.petition,
            petition_text: self.petition_text.clone(),
            threshold: self.threshold.clone(),
            local_districts: self.local_districts.clone(),
            pledges: self.pledges,
        }
    }
}

const STATUSES: [&str; 5] = ["draft", "active", "won", "lost", "ended"];

#[derive(Template)]
#[template(path = "campaigns/form.html")]
struct FormPage {
    page: Page,
    errors: FormErrors,
    f: Fields,
    groups: Vec<Choice>,
    places: Vec<Choice>,
    statuses: Vec<Choice>,
    stage: StageInput,
}

async fn form_page(
    state: &AppState,
    v: &Visitor,
    f: Fields,
    stage: StageInput,
    errors: FormErrors,
) -> WebResult<Response> {
    let heading = v.t("campaign-new-title");
    let title = if errors.any() { format!("{} {heading}", v.t("error-title-prefix")) } else { heading };
    let mut groups = vec![Choice { value: String::new(), label: v.t("campaign-choose"), selected: f.group.is_empty() }];
    groups.extend(service::runnable_groups(state, &v.actor()).await?.into_iter().map(|g| Choice {
        selected: g.slug == f.group,
        value: g.slug,
        label: g.name,
    }));
    let status = if f.status.is_empty() { "draft" } else { f.status.as_str() };
    Ok(render(&FormPage {
        page: v.page(state, title),
        groups,
        places: places(state, &f.place, v.lang, "campaign-place-of-group").await?,
        statuses: choices(v.lang, &STATUSES, "campaign-status-", status),
        errors,
        f,
        stage,
    }))
}

#[derive(Debug, Default, Deserialize)]
pub struct NewQuery {
    #[serde(default)]
    group: String,
}

async fn new_form(State(state): State<AppState>, v: Visitor, Query(q): Query<NewQuery>) -> WebResult<Response> {
    v.require()?;
    let f = Fields { group: q.group, petition: true, pledges: true, ..Fields::default() };
    form_page(&state, &v, f, StageInput::default(), FormErrors::none()).await
}

fn stage_of(form: &FormData) -> StageInput {
    StageInput {
        title: form.get("stage_title").into(),
        note: form.get("stage_note").into(),
        due_on: form.get("due_on").into(),
    }
}

async fn create(State(state): State<AppState>, v: Visitor, form: FormData) -> WebResult<Response> {
    v.require()?;
    let f = Fields::from_form(&form);
    let stage = stage_of(&form);
    let stages: Vec<StageInput> =
        if stage.title.trim().is_empty() && stage.due_on.trim().is_empty() { Vec::new() } else { vec![stage.clone()] };
    match service::create(&state, &v.actor(), &f.group, &f.place, &f.input(), &stages).await {
        Ok(c) => Ok(Redirect::to(&format!("/campaigns/{}?notice=campaign-created", c.id)).into_response()),
        Err(WebError::Domain(DomainError::Invalid(errs))) => {
            form_page(&state, &v, f, stage, FormErrors::from(v.lang, &errs)).await
        }
        Err(e) => Err(e),
    }
}

pub struct StageRow {
    pub id: String,
    pub title: String,
    pub note: String,
    pub due: String,
    pub done: bool,
    pub overdue: bool,
}

pub struct UpdateRow {
    pub body_html: String,
    pub by: String,
    pub on: String,
}

pub struct SignatureRow {
    pub name: String,
    pub local: bool,
    pub on: String,
}

pub struct Totals {
    pub money: String,
    pub hours: i64,
    pub shares: String,
    pub conditional_money: String,
    pub conditional_shares: String,
    pub conditional_hours: i64,
    pub any: bool,
}

pub struct PledgeRow {
    pub id: String,
    pub who: String,
    pub what: String,
    pub condition: String,
    pub on: String,
}

fn pledge_what(lang: Language, kind: PledgeKind, amount: i64) -> String {
    match kind {
        PledgeKind::Money => {
            crate::i18n::t_args(lang, "campaign-pledge-money", &[("amount", rules::format_pounds(amount))])
        }
        PledgeKind::Shares => {
            crate::i18n::t_args(lang, "campaign-pledge-shares", &[("amount", rules::format_pounds(amount))])
        }
        PledgeKind::Time => crate::i18n::t_args(lang, "campaign-pledge-hours", &[("hours", amount.to_string())]),
    }
}

/// The parts of the public page every view of it needs.
struct Shown {
    stages: Vec<StageRow>,
    updates: Vec<UpdateRow>,
    events: Vec<(String, String, String)>,
    petition: Petition,
    signatures: Vec<SignatureRow>,
    totals: Totals,
}

async fn shown(state: &AppState, lang: Language, c: &Campaign) -> WebResult<Shown> {
    let today = rules::date_to_unix(rules::unix_to_date(plural_store::now()));
    let stages = plural_store::campaigns::stages(&state.db, &c.id)
        .await?
        .into_iter()
        .map(|s| StageRow {
            id: s.id,
            title: s.title,
            note: s.note,
            due: s.due_on.map(date).unwrap_or_default(),
            overdue: !s.done && s.due_on.is_some_and(|d| d < today),
            done: s.done,
        })
        .collect();
    let updates = plural_store::campaigns::updates(&state.db, &c.id)
        .await?
        .into_iter()
        .map(|u| UpdateRow {
            body_html: markdown_to_html(&u.body, RawHtml::AsText),
            by: u.author_name.unwrap_or_default(),
            on: date(u.created_at),
        })
        .collect();
    let events = plural_store::campaigns::events(&state.db, &c.id)
        .await?
        .into_iter()
        .map(|e| (e.id, e.title, date(e.starts_at)))
        .collect();
    let petition = service::petition(state, c).await?;
    let signatures = plural_store::campaigns::recent_signatures(&state.db, &c.id, 20)
        .await?
        .into_iter()
        .map(|s| SignatureRow {
            name: s
                .display
                .shown(s.display_name.as_deref().unwrap_or(""))
                .unwrap_or_else(|| t(lang, "campaign-anonymous")),
            local: s.local,
            on: date(s.created_at),
        })
        .collect();
    let t0 = service::totals(state, c).await?;
    let totals = Totals {
        money: rules::format_pounds(t0.money_pence),
        hours: t0.hours,
        shares: rules::format_pounds(t0.shares_pence),
        conditional_money: rules::format_pounds(t0.conditional_money_pence),
        conditional_shares: rules::format_pounds(t0.conditional_shares_pence),
        conditional_hours: t0.conditional_hours,
        any: t0.pledges > 0,
    };
    Ok(Shown { stages, updates, events, petition, signatures, totals })
}

/// What someone typed into the public page's forms, to show again with errors.
#[derive(Debug, Clone, Default)]
pub struct Typed {
    pub display: String,
    pub locality_kind: String,
    pub place: String,
    pub postcode_district: String,
    pub kind: String,
    pub amount: String,
    pub condition: String,
}

#[derive(Template)]
#[template(path = "campaigns/show.html")]
struct ShowPage {
    page: Page,
    c: Campaign,
    card: Card,
    story_html: String,
    outcome_html: String,
    petition_html: String,
    open: bool,
    can_run: bool,
    signed_in: bool,
    signed: bool,
    following: bool,
    s: Shown,
    displays: Vec<Choice>,
    kinds: Vec<Choice>,
    places: Vec<Choice>,
    mine: Vec<PledgeRow>,
    typed: Typed,
    errors: FormErrors,
    widget: String,
}

async fn show_page(state: &AppState, v: &Visitor, l: Loaded, typed: Typed, errors: FormErrors) -> WebResult<Response> {
    let c = l.c;
    let me = v.person.as_ref().map(|p| p.id);
    let (signed, following) = match me {
        Some(p) => (
            plural_store::campaigns::has_signed(&state.db, &c.id, p).await?,
            plural_store::campaigns::is_supporter(&state.db, &c.id, p).await?,
        ),
        None => (false, false),
    };
    let mine = service::my_pledges(state, &v.actor(), &c)
        .await?
        .into_iter()
        .map(|p| PledgeRow {
            what: pledge_what(v.lang, p.kind, p.amount),
            id: p.id,
            who: String::new(),
            condition: p.condition,
            on: date(p.created_at),
        })
        .collect();
    let title = if errors.any() { format!("{} {}", v.t("error-title-prefix"), c.title) } else { c.title.clone() };
    let display = if typed.display.is_empty() { "name" } else { typed.display.as_str() };
    let kind = if typed.kind.is_empty() { "money" } else { typed.kind.as_str() };
    let home = v.person.as_ref().and_then(|p| p.home_place_id);
    let home_slug = match (&typed.place[..], home) {
        ("", Some(id)) => plural_store::places::get(&state.db, id).await?.map(|p| p.slug).unwrap_or_default(),
        (s, _) => s.to_string(),
    };
    Ok(render(&ShowPage {
        page: v.page(state, title),
        card: card(v.lang, &c),
        story_html: markdown_to_html(&c.story, RawHtml::AsText),
        outcome_html: markdown_to_html(&c.outcome, RawHtml::AsText),
        petition_html: markdown_to_html(&c.petition_text, RawHtml::AsText),
        open: c.status.is_open(),
        can_run: l.can_run,
        signed_in: me.is_some(),
        signed,
        following,
        s: shown(state, v.lang, &c).await?,
        displays: choices(v.lang, &["name", "first_name", "anonymous"], "campaign-display-", display),
        kinds: choices(v.lang, &["money", "time", "shares"], "campaign-pledge-kind-", kind),
        places: places(state, &home_slug, v.lang, "campaign-choose").await?,
        mine,
        typed,
        errors,
        widget: super::widget::snippet(state, v.lang, &c),
        c,
    }))
}

async fn show(State(state): State<AppState>, v: Visitor, Path(id): Path<String>) -> WebResult<Response> {
    let l = service::load(&state, &v.actor(), &id).await?;
    show_page(&state, &v, l, Typed::default(), FormErrors::none()).await
}

/// A refusal explained on the page the person came from.
fn explain(e: WebError, back: &str) -> WebResult<Response> {
    match e {
        WebError::Domain(DomainError::Conflict(code) | DomainError::Forbidden(code))
            if code.starts_with("campaign-") =>
        {
            Ok(Redirect::to(&format!("{back}?notice={code}")).into_response())
        }
        e => Err(e),
    }
}

fn typed(form: &FormData) -> Typed {
    Typed {
        display: form.get("display").into(),
        locality_kind: form.get("locality_kind").into(),
        place: form.get("place").into(),
        postcode_district: form.get("postcode_district").into(),
        kind: form.get("kind").into(),
        amount: form.get("amount").into(),
        condition: form.get("condition").into(),
    }
}

async fn sign(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    form: FormData,
) -> WebResult<Response> {
    v.require()?;
    let actor = v.actor();
    let l = service::load(&state, &actor, &id).await?;
    let typed = typed(&form);
    let input = SignatureInput {
        display: typed.display.clone(),
        locality_kind: typed.locality_kind.clone(),
        place: typed.place.clone(),
        postcode_district: typed.postcode_district.clone(),
    };
    match service::sign(&state, &actor, &l, &input).await {
        Ok(()) => {
            if form.checked("follow") {
                service::follow(&state, &actor, &l).await?;
            }
            Ok(Redirect::to(&format!("/campaigns/{id}?notice=campaign-signed")).into_response())
        }
        Err(WebError::Domain(DomainError::Invalid(errs))) => {
            show_page(&state, &v, l, typed, FormErrors::from(v.lang, &errs)).await
        }
        Err(e) => explain(e, &format!("/campaigns/{id}")),
    }
}

async fn pledge(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    form: FormData,
) -> WebResult<Response> {
    v.require()?;
    let actor = v.actor();
    let l = service::load(&state, &actor, &id).await?;
    let typed = typed(&form);
    let input =
        PledgeInput { kind: typed.kind.clone(), amount: typed.amount.clone(), condition: typed.condition.clone() };
    match service::pledge(&state, &actor, &l, &input).await {
        Ok(_) => Ok(Redirect::to(&format!("/campaigns/{id}?notice=campaign-pledged")).into_response()),
        Err(WebError::Domain(DomainError::Invalid(errs))) => {
            show_page(&state, &v, l, typed, FormErrors::from(v.lang, &errs)).await
        }
        Err(e) => explain(e, &format!("/campaigns/{id}")),
    }
}

async fn withdraw(
    State(state): State<AppState>,
    v: Visitor,
    Path((id, pledge)): Path<(String, String)>,
) -> WebResult<Response> {
    v.require()?;
    let actor = v.actor();
    let l = service::load(&state, &actor, &id).await?;
    service::withdraw_pledge(&state, &actor, &l, &pledge).await?;
    Ok(Redirect::to(&format!("/campaigns/{id}?notice=campaign-pledge-withdrawn")).into_response())
}

async fn follow(State(state): State<AppState>, v: Visitor, Path(id): Path<String>) -> WebResult<Response> {
    v.require()?;
    let actor = v.actor();
    let l = service::load(&state, &actor, &id).await?;
    service::follow(&state, &actor, &l).await?;
    Ok(Redirect::to(&format!("/campaigns/{id}?notice=campaign-following")).into_response())
}

async fn unfollow(State(state): State<AppState>, v: Visitor, Path(id): Path<String>) -> WebResult<Response> {
    v.require()?;
    let actor = v.actor();
    let l = service::load(&state, &actor, &id).await?;
    service::unfollow(&state, &actor, &l).await?;
    Ok(Redirect::to(&format!("/campaigns/{id}?notice=campaign-unfollowed")).into_response())
}

// The organisers' page.

#[derive(Template)]
#[template(path = "campaigns/manage.html")]
struct ManagePage {
    page: Page,
    c: Campaign,
    f: Fields,
    statuses: Vec<Choice>,
    stages: Vec<StageRow>,
    stage: StageInput,
    update: String,
    event: String,
    pledges: Vec<PledgeRow>,
    /// A newer version of the blueprint it was adopted from (blueprints module).
    blueprint_update: Option<String>,
    errors: FormErrors,
}

#[derive(Default)]
struct ManageTyped {
    f: Option<Fields>,
    stage: StageInput,
    update: String,
    event: String,
}

async fn manage_page(
    state: &AppState,
    v: &Visitor,
    l: Loaded,
    typed: ManageTyped,
    errors: FormErrors,
) -> WebResult<Response> {
    let actor = v.actor();
    let pledges = service::pledge_list(state, &actor, &l)
        .await?
        .into_iter()
        .map(|p| PledgeRow {
            what: pledge_what(v.lang, p.kind, p.amount),
            id: p.id,
            who: p.person_name.unwrap_or_else(|| v.t("campaign-former-member")),
            condition: p.condition,
            on: date(p.created_at),
        })
        .collect();
    let c = l.c;
    let heading = crate::i18n::t_args(v.lang, "campaign-manage-title", &[("title", c.title.clone())]);
    let title = if errors.any() { format!("{} {heading}", v.t("error-title-prefix")) } else { heading };
    let f = typed.f.unwrap_or_else(|| Fields::of(&c));
    let stages = shown(state, v.lang, &c).await?.stages;
    let blueprint_update = crate::blueprints::update_pages::newer_version(state, &c).await?;
    Ok(render(&ManagePage {
        page: v.page(state, title),
        blueprint_update,
        statuses: choices(v.lang, &STATUSES, "campaign-status-", &f.status),
        f,
        stages,
        stage: typed.stage,
        update: typed.update,
        event: typed.event,
        pledges,
        errors,
        c,
    }))
}

async fn manage(State(state): State<AppState>, v: Visitor, Path(id): Path<String>) -> WebResult<Response> {
    v.require()?;
    let l = service::load(&state, &v.actor(), &id).await?;
    if !l.can_run {
        return Err(DomainError::Forbidden("group-admin-only").into());
    }
    manage_page(&state, &v, l, ManageTyped::default(), FormErrors::none()).await
}

async fn edit(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    form: FormData,
) -> WebResult<Response> {
    v.require()?;
    let actor = v.actor();
    let l = service::load(&state, &actor, &id).await?;
    let mut f = Fields::from_form(&form);
    f.group = l.c.group_slug.clone();
    f.place = l.c.place_slug.clone();
    match service::edit(&state, &actor, &l, &f.input()).await {
        Ok(()) => Ok(Redirect::to(&format!("/campaigns/{id}/manage?notice=campaign-saved")).into_response()),
        Err(WebError::Domain(DomainError::Invalid(errs))) => {
            let typed = ManageTyped { f: Some(f), ..ManageTyped::default() };
            manage_page(&state, &v, l, typed, FormErrors::from(v.lang, &errs)).await
        }
        Err(e) => Err(e),
    }
}

async fn add_stage(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    form: FormData,
) -> WebResult<Response> {
    v.require()?;
    let actor = v.actor();
    let l = service::load(&state, &actor, &id).await?;
    let stage = stage_of(&form);
    match service::add_stage(&state, &actor, &l, &stage).await {
        Ok(()) => Ok(Redirect::to(&format!("/campaigns/{id}/manage?notice=campaign-stage-added")).into_response()),
        Err(WebError::Domain(DomainError::Invalid(errs))) => {
            let typed = ManageTyped { stage, ..ManageTyped::default() };
            manage_page(&state, &v, l, typed, FormErrors::from(v.lang, &errs)).await
        }
        Err(e) => Err(e),
    }
}

async fn stage_done(
    State(state): State<AppState>,
    v: Visitor,
    Path((id, stage)): Path<(String, String)>,
    form: FormData,
) -> WebResult<Response> {
    v.require()?;
    let actor = v.actor();
    let l = service::load(&state, &actor, &id).await?;
    service::set_stage_done(&state, &actor, &l, &stage, form.get("done") == "1").await?;
    Ok(Redirect::to(&format!("/campaigns/{id}/manage?notice=campaign-saved")).into_response())
}

async fn post_update(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    form: FormData,
) -> WebResult<Response> {
    v.require()?;
    let actor = v.actor();
    let l = service::load(&state, &actor, &id).await?;
    let body = form.get("body").to_string();
    match service::post_update(&state, &actor, &l, &body).await {
        Ok(_) => Ok(Redirect::to(&format!("/campaigns/{id}?notice=campaign-update-posted")).into_response()),
        Err(WebError::Domain(DomainError::Invalid(errs))) => {
            let typed = ManageTyped { update: body, ..ManageTyped::default() };
            manage_page(&state, &v, l, typed, FormErrors::from(v.lang, &errs)).await
        }
        Err(e) => Err(e),
    }
}

async fn link_event(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    form: FormData,
) -> WebResult<Response> {
    v.require()?;
    let actor = v.actor();
    let l = service::load(&state, &actor, &id).await?;
    let event = form.get("event").to_string();
    match service::link_event(&state, &actor, &l, &event).await {
        Ok(()) => Ok(Redirect::to(&format!("/campaigns/{id}?notice=campaign-event-linked")).into_response()),
        Err(WebError::Domain(DomainError::Invalid(errs))) => {
            let typed = ManageTyped { event, ..ManageTyped::default() };
            manage_page(&state, &v, l, typed, FormErrors::from(v.lang, &errs)).await
        }
        Err(e) => Err(e),
    }
}

// Unsubscribing without signing in: the link shows a page with a button
// (mail scanners that open links must not unsubscribe anyone).

#[derive(Template)]
#[template(path = "campaigns/unsubscribe.html")]
struct UnsubscribePage {
    page: Page,
    token: String,
    valid: bool,
}

async fn unsubscribe_page(State(state): State<AppState>, v: Visitor, Path(token): Path<String>) -> Response {
    let valid = service::of_token(&state.key, &token).is_some();
    let mut res = render(&UnsubscribePage { page: v.page(&state, v.t("campaign-unsubscribe-title")), token, valid });
    if !valid {
        *res.status_mut() = StatusCode::NOT_FOUND;
    }
    res
}

async fn unsubscribe(State(state): State<AppState>, form: FormData) -> WebResult<Response> {
    service::unsubscribe(&state, form.get("token")).await?;
    Ok(Redirect::to("/?notice=campaign-unsubscribed").into_response())
}

/// RFC 8058 one-click unsubscribe (see `csrf::protect`).
async fn one_click(State(state): State<AppState>, Path(token): Path<String>) -> WebResult<StatusCode> {
    service::unsubscribe(&state, &token).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub fn routes() -> Routes {
    Routes::new()
        .page(Method::GET, "/campaigns", index)
        .page(Method::POST, "/campaigns", create)
        .page(Method::GET, "/campaigns/new", new_form)
        .page(Method::GET, "/campaigns/{id}", show)
        .page(Method::POST, "/campaigns/{id}/sign", sign)
        .page(Method::POST, "/campaigns/{id}/pledges", pledge)
        .page(Method::POST, "/campaigns/{id}/pledges/{pledge}/withdraw", withdraw)
        .page(Method::POST, "/campaigns/{id}/follow", follow)
        .page(Method::POST, "/campaigns/{id}/unfollow", unfollow)
        .page(Method::GET, "/campaigns/{id}/manage", manage)
        .page(Method::POST, "/campaigns/{id}/manage", edit)
        .page(Method::POST, "/campaigns/{id}/stages", add_stage)
        .page(Method::POST, "/campaigns/{id}/stages/{stage}/done", stage_done)
        .page(Method::POST, "/campaigns/{id}/updates", post_update)
        .page(Method::POST, "/campaigns/{id}/events", link_event)
        .page(Method::GET, "/campaigns/unsubscribe/{token}", unsubscribe_page)
        .page(Method::POST, "/campaigns/unsubscribe/{token}", one_click)
        .page(Method::POST, "/campaigns/unsubscribe", unsubscribe)
}
