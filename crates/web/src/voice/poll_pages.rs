//! The poll pages: the list, opening a poll, and a poll with its voting
//! form (radios, checkboxes, or a rank for each option) and its results.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::Method;
use axum::response::{IntoResponse, Redirect, Response};
use plural_kernel::language::Language;
use plural_kernel::polls::{Kind, PollInput};
use plural_kernel::DomainError;
use plural_store::polls::Poll;
use serde::Deserialize;

use super::pages::Choice;
use super::polls::{self as service, Submitted};
use crate::error::{WebError, WebResult};
use crate::forms::{FormData, FormErrors};
use crate::i18n::{t, t_args};
use crate::layout::{render, Page};
use crate::routes::Routes;
use crate::session::Visitor;
use crate::AppState;

fn date(unix: i64) -> String {
    crate::circles::service::date_string(unix)
}

pub struct PollCard {
    pub id: String,
    pub question: String,
    pub kind: String,
    pub place_name: String,
    pub who: String,
    pub closes: String,
    pub open: bool,
}

fn kind_label(lang: Language, k: Kind) -> String {
    t(lang, &format!("poll-kind-{}", k.as_str()))
}

fn who(lang: Language, p: &Poll) -> String {
    match &p.group_name {
        Some(g) => t_args(lang, "poll-who-group", &[("group", g.clone())]),
        None => t_args(lang, "poll-who-place", &[("place", p.place_name.clone())]),
    }
}

fn card(lang: Language, p: &Poll) -> PollCard {
    PollCard {
        id: p.id.clone(),
        question: p.question.clone(),
        kind: kind_label(lang, p.kind),
        place_name: p.place_name.clone(),
        who: who(lang, p),
        closes: date(p.closes_at),
        open: service::is_open(p),
    }
}

#[derive(Template)]
#[template(path = "voice/poll_list.html")]
struct ListPage {
    page: Page,
    open: Vec<PollCard>,
    closed: Vec<PollCard>,
    signed_in: bool,
}

#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    place: String,
}

async fn index(State(state): State<AppState>, v: Visitor, Query(q): Query<ListQuery>) -> WebResult<Response> {
    let (open, closed): (Vec<PollCard>, Vec<PollCard>) =
        service::list(&state, &q.place).await?.iter().map(|p| card(v.lang, p)).partition(|c| c.open);
    Ok(render(&ListPage { page: v.page(&state, v.t("poll-title")), open, closed, signed_in: v.person.is_some() }))
}

#[derive(Template)]
#[template(path = "voice/poll_form.html")]
struct FormPage {
    page: Page,
    errors: FormErrors,
    input: PollInput,
    kinds: Vec<Choice>,
    results: Vec<Choice>,
    places: Vec<Choice>,
    groups: Vec<Choice>,
}

async fn form_page(
    state: &AppState,
    v: &Visitor,
    input: PollInput,
    place: &str,
    group: &str,
    errors: FormErrors,
) -> WebResult<Response> {
    let me = v.require()?;
    let heading = v.t("poll-new-title");
    let title = if errors.any() { format!("{} {heading}", v.t("error-title-prefix")) } else { heading };
    let kind = if input.kind.is_empty() { "single" } else { input.kind.as_str() };
    let kinds = Kind::ALL
        .iter()
        .map(|k| Choice { value: k.as_str().into(), label: kind_label(v.lang, *k), selected: k.as_str() == kind })
        .collect();
    let res = if input.results.is_empty() { "after_close" } else { input.results.as_str() };
    let results = ["after_close", "live"]
        .iter()
        .map(|r| Choice {
            value: (*r).into(),
            label: v.t(&format!("poll-results-{}", r.replace('_', "-"))),
            selected: *r == res,
        })
        .collect();
    let mut places = vec![Choice { value: String::new(), label: v.t("voice-choose"), selected: place.is_empty() }];
    places.extend(plural_store::places::list(&state.db).await?.into_iter().map(|p| Choice {
        selected: p.slug == place,
        value: p.slug,
        label: p.name,
    }));
    let mut groups = vec![Choice { value: String::new(), label: v.t("poll-group-none"), selected: group.is_empty() }];
    groups.extend(
        plural_store::groups::of_person(&state.db, me.id)
            .await?
            .into_iter()
            .filter(|(_, role)| *role >= plural_kernel::groups::Role::Admin)
            .map(|(g, _)| Choice { selected: g.slug == group, value: g.slug, label: g.name }),
    );
    Ok(render(&FormPage { page: v.page(state, title), errors, input, kinds, results, places, groups }))
}

async fn new_form(State(state): State<AppState>, v: Visitor) -> WebResult<Response> {
    v.require()?;
    let in_two_weeks = date(plural_store::now() + 14 * 86_400);
    let input = PollInput { closes_on: in_two_weeks, ..PollInput::default() };
    form_page(&state, &v, input, "", "", FormErrors::none()).await
}

async fn create(State(state): State<AppState>, v: Visitor, form: FormData) -> WebResult<Response> {
    v.require()?;
    let input = PollInput {
        question: form.get("question").into(),
        description: form.get("description").into(),
        kind: form.get("kind").into(),
        options: form.get("options").into(),
        max_choices: form.get("max_choices").into(),
        results: form.get("results").into(),
        closes_on: form.get("closes_on").into(),
    };
    let (place, group) = (form.get("place"), form.get("group"));
    match service::create(&state, &v.actor(), place, group, &input).await {
        Ok(p) => Ok(Redirect::to(&format!("/polls/{}?notice=poll-opened", p.id)).into_response()),
        Err(WebError::Domain(DomainError::Invalid(errs))) => {
            form_page(&state, &v, input, place, group, FormErrors::from(v.lang, &errs)).await
        }
        Err(e) => Err(e),
    }
}

pub struct OptionRow {
    pub position: usize,
    pub label: String,
    pub checked: bool,
    pub rank: String,
}

pub struct ResultRow {
    pub label: String,
    pub votes: u64,
    pub percent: u64,
    pub winner: bool,
}

pub struct RoundRow {
    pub number: usize,
    /// Votes per option, blank once out of the race.
    pub cells: Vec<String>,
    pub exhausted: u64,
    pub outcome: String,
}

#[derive(Template)]
#[template(path = "voice/poll_show.html")]
struct ShowPage {
    page: Page,
    p: Poll,
    kind: String,
    who: String,
    closes: String,
    open: bool,
    signed_in: bool,
    eligible: bool,
    voted: bool,
    ranked: bool,
    multiple: bool,
    options: Vec<OptionRow>,
    rank_numbers: Vec<usize>,
    results_shown: bool,
    ballots: u64,
    results: Vec<ResultRow>,
    rounds: Vec<RoundRow>,
    winner: String,
    errors: FormErrors,
}

async fn show_page(state: &AppState, v: &Visitor, p: Poll, kept: &FormData, errors: FormErrors) -> WebResult<Response> {
    let me = v.person.as_ref().map(|p| p.id);
    let (eligible, voted) = match me {
        Some(me) => {
            (service::eligible(state, me, &p).await?, plural_store::polls::has_voted(&state.db, &p.id, me).await?)
        }
        None => (false, false),
    };
    let chosen: Vec<&str> = kept.0.iter().filter(|(k, _)| k == "choice").map(|(_, v)| v.as_str()).collect();
    let options = p
        .options
        .iter()
        .enumerate()
        .map(|(i, label)| OptionRow {
            position: i,
            label: label.clone(),
            checked: chosen.contains(&i.to_string().as_str()),
            rank: kept.get(&format!("rank-{i}")).to_string(),
        })
        .collect();
    let results_shown = service::results_visible(&p);
    let (mut ballots, mut results, mut rounds, mut winner) = (0, Vec::new(), Vec::new(), String::new());
    if results_shown {
        let r = service::shown_results(state, &p).await?;
        ballots = r.ballots;
        let first: u64 = r.counts.iter().sum::<u64>().max(1);
        results = r
            .counts
            .iter()
            .enumerate()
            .map(|(i, n)| ResultRow {
                label: p.options.get(i).cloned().unwrap_or_default(),
                votes: *n,
                percent: if p.kind == Kind::Ranked || p.kind == Kind::Single {
                    n * 100 / first
                } else {
                    n * 100 / r.ballots.max(1)
                },
                winner: r.winner == Some(i),
            })
            .collect();
        if let Some(runoff) = &r.runoff {
            rounds = runoff
                .rounds
                .iter()
                .enumerate()
                .map(|(k, round)| RoundRow {
                    number: k + 1,
                    cells: round
                        .counts
                        .iter()
                        .zip(&round.continuing)
                        .map(|(n, c)| if *c { n.to_string() } else { "—".into() })
                        .collect(),
                    exhausted: round.exhausted,
                    outcome: match (round.eliminated, runoff.winner) {
                        (Some(o), _) => t_args(
                            v.lang,
                            "poll-round-eliminated",
                            &[("option", p.options.get(o).cloned().unwrap_or_default())],
                        ),
                        (None, Some(w)) => t_args(
                            v.lang,
                            "poll-round-won",
                            &[("option", p.options.get(w).cloned().unwrap_or_default())],
                        ),
                        (None, None) => String::new(),
                    },
                })
                .collect();
        }
        winner = r.winner.and_then(|w| p.options.get(w).cloned()).unwrap_or_default();
    }
    let title = if errors.any() { format!("{} {}", v.t("error-title-prefix"), p.question) } else { p.question.clone() };
    let mut page = v.page(state, title);
    page.activity_id = Some(crate::federation::questions::poll_id(state.config.base(), &p));
    Ok(render(&ShowPage {
        page,
        kind: kind_label(v.lang, p.kind),
        who: who(v.lang, &p),
        closes: date(p.closes_at),
        open: service::is_open(&p),
        signed_in: me.is_some(),
        eligible,
        voted,
        ranked: p.kind == Kind::Ranked,
        multiple: matches!(p.kind, Kind::Multiple | Kind::Approval),
        rank_numbers: (1..=p.options.len()).collect(),
        options,
        results_shown,
        ballots,
        results,
        rounds,
        winner,
        errors,
        p,
    }))
}

async fn show(State(state): State<AppState>, v: Visitor, Path(id): Path<String>) -> WebResult<Response> {
    let p = service::load(&state, &id).await?;
    show_page(&state, &v, p, &FormData::default(), FormErrors::none()).await
}

async fn vote(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    form: FormData,
) -> WebResult<Response> {
    v.require()?;
    let p = service::load(&state, &id).await?;
    let submitted = if p.kind == Kind::Ranked {
        Submitted::Ranks((0..p.options.len()).map(|i| form.get(&format!("rank-{i}")).to_string()).collect())
    } else {
        Submitted::Choices(form.0.iter().filter(|(k, _)| k == "choice").map(|(_, v)| v.clone()).collect())
    };
    match service::vote(&state, &v.actor(), &p, &submitted).await {
        Ok(()) => Ok(Redirect::to(&format!("/polls/{id}?notice=poll-voted")).into_response()),
        Err(WebError::Domain(DomainError::Invalid(errs))) => {
            show_page(&state, &v, p, &form, FormErrors::from(v.lang, &errs)).await
        }
        Err(WebError::Domain(DomainError::Conflict(code) | DomainError::Forbidden(code)))
            if code.starts_with("poll-") =>
        {
            Ok(Redirect::to(&format!("/polls/{id}?notice={code}")).into_response())
        }
        Err(e) => Err(e),
    }
}

pub fn routes() -> Routes {
    Routes::new()
        .page(Method::GET, "/polls", index)
        .page(Method::POST, "/polls", create)
        .page(Method::GET, "/polls/new", new_form)
        .page(Method::GET, "/polls/{id}", show)
        .page(Method::POST, "/polls/{id}/vote", vote)
}
