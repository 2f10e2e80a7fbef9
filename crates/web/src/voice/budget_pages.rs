//! The participatory budget pages: the list, opening a budget, and a
//! budget's page, which changes with its stage: propose a project, review
//! the projects (stewards), choose projects within the budget, results.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::Method;
use axum::response::{IntoResponse, Redirect, Response};
use plural_kernel::budgets::{Outcome, Review, Stage};
use plural_kernel::DomainError;
use plural_store::budgets::{Budget, Project};

use super::budgets as service;
use super::pages::Choice;
use crate::error::{WebError, WebResult};
use crate::forms::{FormData, FormErrors};
use crate::layout::{render, Page};
use crate::routes::Routes;
use crate::session::Visitor;
use crate::AppState;

/// A whole amount with thousands separators: 25000 → "25,000".
pub fn money(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    format!("£{}{out}", if n < 0 { "-" } else { "" })
}

#[derive(Template)]
#[template(path = "voice/budget_list.html")]
struct ListPage {
    page: Page,
    budgets: Vec<(String, String, String, String, String)>,
    signed_in: bool,
}

async fn index(State(state): State<AppState>, v: Visitor) -> WebResult<Response> {
    let budgets = service::list(&state)
        .await?
        .into_iter()
        .map(|b| (b.id, b.title, b.place_name, money(b.amount), v.t(&format!("budget-stage-{}", b.stage.as_str()))))
        .collect();
    Ok(render(&ListPage { page: v.page(&state, v.t("budget-title")), budgets, signed_in: v.person.is_some() }))
}

#[derive(Template)]
#[template(path = "voice/budget_form.html")]
struct FormPage {
    page: Page,
    errors: FormErrors,
    title: String,
    description: String,
    amount: String,
    places: Vec<Choice>,
}

async fn form_page(state: &AppState, v: &Visitor, form: &FormData, errors: FormErrors) -> WebResult<Response> {
    let heading = v.t("budget-new-title");
    let title = if errors.any() { format!("{} {heading}", v.t("error-title-prefix")) } else { heading };
    let place = form.get("place");
    let mut places = vec![Choice { value: String::new(), label: v.t("voice-choose"), selected: place.is_empty() }];
    places.extend(plural_store::places::list(&state.db).await?.into_iter().map(|p| Choice {
        selected: p.slug == place,
        value: p.slug,
        label: p.name,
    }));
    Ok(render(&FormPage {
        page: v.page(state, title),
        errors,
        title: form.get("title").into(),
        description: form.get("description").into(),
        amount: form.get("amount").into(),
        places,
    }))
}

async fn new_form(State(state): State<AppState>, v: Visitor) -> WebResult<Response> {
    v.require()?;
    form_page(&state, &v, &FormData::default(), FormErrors::none()).await
}

async fn create(State(state): State<AppState>, v: Visitor, form: FormData) -> WebResult<Response> {
    v.require()?;
    let (place, title, description, amount) =
        (form.get("place"), form.get("title"), form.get("description"), form.get("amount"));
    match service::create(&state, &v.actor(), place, title, description, amount).await {
        Ok(b) => Ok(Redirect::to(&format!("/budgets/{}?notice=budget-opened", b.id)).into_response()),
        Err(WebError::Domain(DomainError::Invalid(errs))) => {
            form_page(&state, &v, &form, FormErrors::from(v.lang, &errs)).await
        }
        Err(e) => Err(e),
    }
}

pub struct ProjectRow {
    pub id: String,
    pub title: String,
    pub description: String,
    pub cost: String,
    pub by: String,
    pub review: String,
    pub review_note: String,
    pub accepted: bool,
    pub checked: bool,
}

pub struct ResultRow {
    pub title: String,
    pub votes: u64,
    pub cost: String,
    pub outcome: String,
    pub funded: bool,
}

#[derive(Template)]
#[template(path = "voice/budget_show.html")]
struct ShowPage {
    page: Page,
    b: Budget,
    amount: String,
    stage: String,
    stages: Vec<(String, bool)>,
    projects: Vec<ProjectRow>,
    signed_in: bool,
    manager: bool,
    proposing: bool,
    reviewing: bool,
    voting: bool,
    closed: bool,
    eligible: bool,
    voted: bool,
    next_stage: String,
    results: Vec<ResultRow>,
    ballots: u64,
    left_over: String,
    kept: FormData,
    errors: FormErrors,
}

async fn show_page(
    state: &AppState,
    v: &Visitor,
    b: Budget,
    projects: Vec<Project>,
    kept: FormData,
    errors: FormErrors,
) -> WebResult<Response> {
    let actor = v.actor();
    let me = v.person.as_ref().map(|p| p.id);
    let manager = match me {
        Some(me) => {
            let steward = plural_store::mutual_aid::stewarded_by(&state.db, me).await?.contains(&b.place_id);
            plural_kernel::authz::decide(&actor, &plural_kernel::authz::Action::ManageBudget { steward }).is_ok()
        }
        None => false,
    };
    let (eligible, voted) = match me {
        Some(me) => {
            (service::eligible(state, me, &b).await?, plural_store::budgets::has_voted(&state.db, &b.id, me).await?)
        }
        None => (false, false),
    };
    let chosen: Vec<&str> = kept.0.iter().filter(|(k, _)| k == "project").map(|(_, v)| v.as_str()).collect();
    let rows: Vec<ProjectRow> = projects
        .iter()
        .filter(|p| b.stage < Stage::Voting || p.review == Review::Accepted || manager)
        .map(|p| ProjectRow {
            id: p.id.clone(),
            title: p.title.clone(),
            description: p.description.clone(),
            cost: money(p.cost),
            by: p.author_name.clone().unwrap_or_default(),
            review: v.t(&format!("budget-review-{}", p.review.as_str())),
            review_note: p.review_note.clone(),
            accepted: p.review == Review::Accepted,
            checked: chosen.contains(&p.id.as_str()),
        })
        .collect();
    let (mut results, mut ballots, mut left_over) = (Vec::new(), 0, String::new());
    if b.stage == Stage::Closed {
        let r = service::results(state, &b, &projects).await?;
        ballots = r.ballots;
        left_over = money(r.left_over);
        results = r
            .fared
            .iter()
            .map(|f| ResultRow {
                title: projects.get(f.project).map(|p| p.title.clone()).unwrap_or_default(),
                votes: f.votes,
                cost: money(f.cost),
                outcome: v.t(match f.outcome {
                    Outcome::Funded => "budget-outcome-funded",
                    Outcome::DidNotFit => "budget-outcome-did-not-fit",
                    Outcome::NoVotes => "budget-outcome-no-votes",
                }),
                funded: f.outcome == Outcome::Funded,
            })
            .collect();
    }
    let stages = Stage::ALL.iter().map(|s| (v.t(&format!("budget-stage-{}", s.as_str())), *s == b.stage)).collect();
    let next_stage = b.stage.next().map(|s| v.t(&format!("budget-advance-to-{}", s.as_str()))).unwrap_or_default();
    let title = if errors.any() { format!("{} {}", v.t("error-title-prefix"), b.title) } else { b.title.clone() };
    Ok(render(&ShowPage {
        page: v.page(state, title),
        amount: money(b.amount),
        stage: v.t(&format!("budget-stage-{}", b.stage.as_str())),
        stages,
        projects: rows,
        signed_in: me.is_some(),
        manager,
        proposing: b.stage == Stage::Proposing,
        reviewing: b.stage == Stage::Reviewing,
        voting: b.stage == Stage::Voting,
        closed: b.stage == Stage::Closed,
        eligible,
        voted,
        next_stage,
        results,
        ballots,
        left_over,
        kept,
        errors,
        b,
    }))
}

async fn show(State(state): State<AppState>, v: Visitor, Path(id): Path<String>) -> WebResult<Response> {
    let (b, projects) = service::load(&state, &id).await?;
    show_page(&state, &v, b, projects, FormData::default(), FormErrors::none()).await
}

fn explain(e: WebError, back: &str) -> WebResult<Response> {
    match e {
        WebError::Domain(DomainError::Conflict(code) | DomainError::Forbidden(code))
            if code.starts_with("budget-") || code.starts_with("poll-") =>
        {
            Ok(Redirect::to(&format!("{back}?notice={code}")).into_response())
        }
        e => Err(e),
    }
}

async fn propose(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    form: FormData,
) -> WebResult<Response> {
    v.require()?;
    let (b, projects) = service::load(&state, &id).await?;
    match service::propose(&state, &v.actor(), &b, form.get("title"), form.get("description"), form.get("cost")).await {
        Ok(_) => Ok(Redirect::to(&format!("/budgets/{id}?notice=budget-proposed")).into_response()),
        Err(WebError::Domain(DomainError::Invalid(errs))) => {
            show_page(&state, &v, b, projects, form, FormErrors::from(v.lang, &errs)).await
        }
        Err(e) => explain(e, &format!("/budgets/{id}")),
    }
}

async fn review(
    State(state): State<AppState>,
    v: Visitor,
    Path((id, project)): Path<(String, String)>,
    form: FormData,
) -> WebResult<Response> {
    v.require()?;
    let (b, _) = service::load(&state, &id).await?;
    match service::review(&state, &v.actor(), &b, &project, form.get("decision"), form.get("note")).await {
        Ok(()) => Ok(Redirect::to(&format!("/budgets/{id}?notice=budget-reviewed")).into_response()),
        Err(WebError::Domain(DomainError::Invalid(_))) => {
            Ok(Redirect::to(&format!("/budgets/{id}?notice=budget-review-invalid")).into_response())
        }
        Err(e) => explain(e, &format!("/budgets/{id}")),
    }
}

async fn advance(State(state): State<AppState>, v: Visitor, Path(id): Path<String>) -> WebResult<Response> {
    v.require()?;
    let (b, projects) = service::load(&state, &id).await?;
    match service::advance(&state, &v.actor(), &b, &projects).await {
        Ok(stage) => Ok(Redirect::to(&format!("/budgets/{id}?notice=budget-now-{}", stage.as_str())).into_response()),
        Err(e) => explain(e, &format!("/budgets/{id}")),
    }
}

async fn vote(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    form: FormData,
) -> WebResult<Response> {
    v.require()?;
    let (b, projects) = service::load(&state, &id).await?;
    let chosen: Vec<String> = form.0.iter().filter(|(k, _)| k == "project").map(|(_, v)| v.clone()).collect();
    match service::vote(&state, &v.actor(), &b, &projects, &chosen).await {
        Ok(()) => Ok(Redirect::to(&format!("/budgets/{id}?notice=budget-voted")).into_response()),
        Err(WebError::Domain(DomainError::Invalid(errs))) => {
            show_page(&state, &v, b, projects, form, FormErrors::from(v.lang, &errs)).await
        }
        Err(e) => explain(e, &format!("/budgets/{id}")),
    }
}

pub fn routes() -> Routes {
    Routes::new()
        .page(Method::GET, "/budgets", index)
        .page(Method::POST, "/budgets", create)
        .page(Method::GET, "/budgets/new", new_form)
        .page(Method::GET, "/budgets/{id}", show)
        .page(Method::POST, "/budgets/{id}/projects", propose)
        .page(Method::POST, "/budgets/{id}/projects/{project}/review", review)
        .page(Method::POST, "/budgets/{id}/advance", advance)
        .page(Method::POST, "/budgets/{id}/vote", vote)
}
