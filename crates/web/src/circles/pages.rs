//! The savings circle pages: your circles, starting one, a circle's page
//! (with every action a member can take as a plain form), an entry's page
//! for disputes and corrections, joining by invitation, and the CSV
//! statement. Every page of a circle is 404 to anyone not in it.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{header, Method};
use axum::response::{IntoResponse, Redirect, Response};
use plural_kernel::circles::{
    self as rules, CircleInput, ContributionState, EntryKind, Frequency, PayoutOrder, Status,
};
use plural_kernel::DomainError;
use plural_store::circles::Circle;

use super::service::{self, date_string, Ask, Loaded};
use crate::error::{WebError, WebResult};
use crate::forms::{FormData, FormErrors};
use crate::i18n::t_args;
use crate::layout::{render, Page};
use crate::routes::Routes;
use crate::session::Visitor;
use crate::AppState;

/// One choice in a select or a set of radios.
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

fn money(c: &Circle, minor: i64) -> String {
    rules::format_money(minor, &c.currency)
}

fn title_with_errors(v: &Visitor, errors: &FormErrors, title: String) -> String {
    if errors.any() {
        format!("{} {title}", v.t("error-title-prefix"))
    } else {
        title
    }
}

// Your circles.

pub struct CircleCard {
    pub id: String,
    pub name: String,
    pub terms: String,
    pub status: String,
}

fn terms(v: &Visitor, c: &Circle) -> String {
    t_args(
        v.lang,
        "circle-terms",
        &[
            ("amount", money(c, c.amount)),
            ("frequency", v.t(&format!("circle-frequency-{}", c.frequency.as_str()))),
            ("seats", c.seats.to_string()),
        ],
    )
}

fn status_words(v: &Visitor, s: Status) -> String {
    v.t(&format!("circle-status-{}", s.as_str().replace('_', "-")))
}

#[derive(Template)]
#[template(path = "circles/list.html")]
struct ListPage {
    page: Page,
    circles: Vec<CircleCard>,
}

async fn index(State(state): State<AppState>, v: Visitor) -> WebResult<Response> {
    v.require()?;
    let circles = service::mine(&state, &v.actor())
        .await?
        .iter()
        .map(|c| CircleCard {
            id: c.id.to_string(),
            name: c.name.clone(),
            terms: terms(&v, c),
            status: status_words(&v, c.status),
        })
        .collect();
    Ok(render(&ListPage { page: v.page(&state, v.t("circles-title")), circles }))
}

// Starting a circle.

#[derive(Template)]
#[template(path = "circles/form.html")]
struct FormPage {
    page: Page,
    errors: FormErrors,
    input: CircleInput,
    currencies: Vec<Choice>,
    frequencies: Vec<Choice>,
    orders: Vec<Choice>,
}

fn form_page(state: &AppState, v: &Visitor, input: CircleInput, errors: FormErrors) -> Response {
    let currency = if input.currency.is_empty() { "GBP" } else { input.currency.as_str() };
    let currencies = rules::CURRENCIES
        .iter()
        .map(|(c, _)| Choice { value: (*c).into(), label: (*c).into(), selected: *c == currency })
        .collect();
    let frequency = if input.frequency.is_empty() { "monthly" } else { input.frequency.as_str() };
    let frequencies = Frequency::ALL
        .into_iter()
        .map(|f| Choice {
            value: f.as_str().into(),
            label: v.t(&format!("circle-frequency-{}", f.as_str())),
            selected: f.as_str() == frequency,
        })
        .collect();
    let order = if input.payout_order.is_empty() { "draw" } else { input.payout_order.as_str() };
    let orders = PayoutOrder::ALL
        .into_iter()
        .map(|o| Choice {
            value: o.as_str().into(),
            label: v.t(&format!("circle-order-{}", o.as_str())),
            selected: o.as_str() == order,
        })
        .collect();
    let title = title_with_errors(v, &errors, v.t("circle-new-title"));
    render(&FormPage { page: v.page(state, title), errors, input, currencies, frequencies, orders })
}

async fn new_form(State(state): State<AppState>, v: Visitor) -> WebResult<Response> {
    v.require()?;
    Ok(form_page(&state, &v, CircleInput::default(), FormErrors::none()))
}

async fn create(State(state): State<AppState>, v: Visitor, form: FormData) -> WebResult<Response> {
    v.require()?;
    let input = CircleInput {
        name: form.get("name").into(),
        amount: form.get("amount").into(),
        amount_minor: None,
        currency: form.get("currency").into(),
        frequency: form.get("frequency").into(),
        start_on: form.get("start_on").into(),
        seats: form.get("seats").into(),
        rules: form.get("rules").into(),
        payout_order: form.get("payout_order").into(),
    };
    match service::create(&state, &v.actor(), &input).await {
        Ok(id) => Ok(Redirect::to(&format!("/circles/{id}?notice=circle-created")).into_response()),
        Err(WebError::Domain(DomainError::Invalid(errs))) => {
            Ok(form_page(&state, &v, input, FormErrors::from(v.lang, &errs)))
        }
        Err(e) => Err(e),
    }
}

// A circle's page.

pub struct MemberRow {
    pub position: i64,
    pub name: String,
    pub organiser: bool,
    pub committed: bool,
    pub revealed: bool,
    pub on_time: usize,
    pub late: usize,
    pub missed: usize,
}

pub struct ContributionRow {
    pub id: String,
    pub payer: String,
    pub paid_on: String,
    pub state: String,
    pub can_confirm: bool,
}

pub struct RoundRow {
    pub round: i64,
    pub due_on: String,
    pub recipient: String,
    pub pot: String,
    pub paid_out: bool,
    pub contributions: Vec<ContributionRow>,
    /// I receive this round and may record the payout now.
    pub can_take_payout: bool,
}

pub struct SwapRow {
    pub id: String,
    pub from: String,
}

pub struct SettlementRow {
    pub name: String,
    pub paid_in: String,
    pub received: String,
    pub net: String,
    pub owed: bool,
    pub owes: bool,
}

pub struct DrawRow {
    pub seat: i64,
    pub name: String,
    pub commitment: String,
    pub secret: String,
    pub score: String,
}

#[derive(Template)]
#[template(path = "circles/show.html")]
struct ShowPage {
    page: Page,
    c: Circle,
    id: String,
    terms: String,
    status: String,
    start_on: String,
    filled: usize,
    organiser: bool,
    members: Vec<MemberRow>,
    rounds: Vec<RoundRow>,
    /// Rounds I may record a payment for.
    payable: Vec<Choice>,
    others: Vec<Choice>,
    swaps_to_me: Vec<SwapRow>,
    settlement: Vec<SettlementRow>,
    draw: Vec<DrawRow>,
    seed: String,
    can_commit: bool,
    can_reveal: bool,
    waiting_for_draw: bool,
    can_start: bool,
    can_invite: bool,
    order_words: String,
    form: FormData,
    errors: FormErrors,
}

fn show_page(state: &AppState, v: &Visitor, l: &Loaded, form: FormData, errors: FormErrors) -> Response {
    let c = &l.circle;
    let facts = l.facts();
    let cycle_rules = facts.rules(c);
    let ledger = l.ledger();
    let today = plural_store::now();
    let organiser = l.is_organiser();
    let forming = c.status == Status::Forming;
    let members = l
        .members
        .iter()
        .map(|m| {
            let record = if forming { Vec::new() } else { rules::record_of(&cycle_rules, &ledger, m.person_id, today) };
            let count = |k: rules::Mark| record.iter().filter(|r| **r == k).count();
            MemberRow {
                position: m.position,
                name: m.display_name.clone().unwrap_or_else(|| v.t("circle-former-member")),
                organiser: m.organiser,
                committed: m.commitment.is_some(),
                revealed: m.secret.is_some(),
                on_time: count(rules::Mark::OnTime),
                late: count(rules::Mark::Late),
                missed: count(rules::Mark::Missed),
            }
        })
        .collect();
    let rounds: Vec<RoundRow> = if forming {
        Vec::new()
    } else {
        (1..=cycle_rules.rounds())
            .map(|r| {
                let recipient = cycle_rules.recipient(r);
                let paid_out = rules::payout_of(&ledger, c.cycle, r).is_some();
                let contributions = l
                    .entries
                    .iter()
                    .filter(|s| {
                        s.entry.kind == EntryKind::Contribution && s.entry.cycle == c.cycle && s.entry.round == r
                    })
                    .map(|s| {
                        let state = rules::contribution_state(&ledger, s.entry.id);
                        let open = matches!(state, ContributionState::Recorded | ContributionState::Disputed);
                        let allowed = s.entry.member != l.me && (recipient == Some(l.me) || organiser);
                        ContributionRow {
                            id: s.entry.id.to_string(),
                            payer: l.name_of(s.entry.member),
                            paid_on: s.entry.paid_on.map(date_string).unwrap_or_default(),
                            state: v.t(&format!("circle-state-{}", state.as_str())),
                            can_confirm: open && allowed && !paid_out && c.status == Status::Running,
                        }
                    })
                    .collect();
                RoundRow {
                    round: r,
                    due_on: date_string(cycle_rules.due_on(r)),
                    recipient: recipient.map(|p| l.name_of(p)).unwrap_or_default(),
                    pot: money(c, rules::pot(&ledger, c.cycle, r)),
                    paid_out,
                    contributions,
                    can_take_payout: recipient == Some(l.me) && !paid_out && c.status == Status::Running,
                }
            })
            .collect()
    };
    let payable = if c.status == Status::Running {
        (1..=cycle_rules.rounds())
            .filter(|r| {
                cycle_rules.recipient(*r) != Some(l.me)
                    && rules::payout_of(&ledger, c.cycle, *r).is_none()
                    && rules::live_contribution(&ledger, c.cycle, *r, l.me).is_none()
            })
            .map(|r| Choice {
                value: r.to_string(),
                label: t_args(
                    v.lang,
                    "circle-round-label",
                    &[("round", r.to_string()), ("date", date_string(cycle_rules.due_on(r)))],
                ),
                selected: form.get("round") == r.to_string(),
            })
            .collect()
    } else {
        Vec::new()
    };
    let others = l
        .members
        .iter()
        .filter(|m| m.person_id != l.me)
        .map(|m| Choice {
            value: m.person_id.to_string(),
            label: m.display_name.clone().unwrap_or_else(|| v.t("circle-former-member")),
            selected: false,
        })
        .collect();
    let swaps_to_me = l
        .swaps
        .iter()
        .filter(|s| s.proposed_to == l.me && s.status == "proposed" && s.cycle == c.cycle)
        .map(|s| SwapRow { id: s.id.to_string(), from: l.name_of(s.proposed_by) })
        .collect();
    let settlement = if forming {
        Vec::new()
    } else {
        service::settlement(l)
            .into_iter()
            .map(|s| SettlementRow {
                name: s.name,
                paid_in: money(c, s.paid_in),
                received: money(c, s.received),
                net: money(c, s.net.abs()),
                owed: s.net > 0,
                owes: s.net < 0,
            })
            .collect()
    };
    let draw = l.draw();
    let draw_rows = match &draw {
        Some(d) => d
            .scores
            .iter()
            .filter_map(|(seat, score)| {
                let m = l.members.iter().find(|m| m.seat == *seat)?;
                Some(DrawRow {
                    seat: *seat,
                    name: m.display_name.clone().unwrap_or_default(),
                    commitment: m.commitment.clone().unwrap_or_default(),
                    secret: m.secret.clone().unwrap_or_default(),
                    score: score.clone(),
                })
            })
            .collect(),
        None => Vec::new(),
    };
    let mine = l.member(l.me);
    let is_draw = c.payout_order == PayoutOrder::Draw;
    let all_committed = l.seats_filled() && l.members.iter().all(|m| m.commitment.is_some());
    let can_commit = forming && is_draw && mine.is_some_and(|m| m.commitment.is_none());
    let can_reveal = forming && is_draw && all_committed && mine.is_some_and(|m| m.secret.is_none());
    let can_start = forming && organiser && l.seats_filled() && (!is_draw || draw.is_some());
    let title = title_with_errors(v, &errors, c.name.clone());
    render(&ShowPage {
        page: v.page(state, title),
        id: c.id.to_string(),
        terms: terms(v, c),
        status: status_words(v, c.status),
        start_on: date_string(c.start_on),
        filled: l.members.len(),
        organiser,
        members,
        rounds,
        payable,
        others,
        swaps_to_me,
        settlement,
        seed: draw.map(|d| d.seed).unwrap_or_default(),
        draw: draw_rows,
        can_commit,
        can_reveal,
        waiting_for_draw: forming && is_draw && !can_commit && !can_reveal && !can_start,
        can_start,
        can_invite: forming && organiser && !l.seats_filled(),
        order_words: v.t(&format!("circle-order-{}", c.payout_order.as_str())),
        form,
        errors,
        c: c.clone(),
    })
}

async fn show(State(state): State<AppState>, v: Visitor, Path(id): Path<String>) -> WebResult<Response> {
    v.require()?;
    let l = service::load(&state, &v.actor(), &id).await?;
    Ok(show_page(&state, &v, &l, FormData::default(), FormErrors::none()))
}

/// The end of every action on a circle's page: back to the page with a
/// notice; bad input shown on the page with what was typed kept; a refusal
/// explained as a notice. Anything else (not found) is an error page.
async fn after(
    state: &AppState,
    v: &Visitor,
    id: &str,
    form: FormData,
    done: &str,
    r: WebResult<()>,
) -> WebResult<Response> {
    match r {
        Ok(()) => Ok(Redirect::to(&format!("/circles/{id}?notice={done}")).into_response()),
        Err(WebError::Domain(DomainError::Invalid(errs))) => {
            let l = service::load(state, &v.actor(), id).await?;
            Ok(show_page(state, v, &l, form, FormErrors::from(v.lang, &errs)))
        }
        Err(WebError::Domain(DomainError::Conflict(code) | DomainError::Forbidden(code)))
            if code.starts_with("circle-") =>
        {
            Ok(Redirect::to(&format!("/circles/{id}?notice={code}")).into_response())
        }
        Err(e) => Err(e),
    }
}

async fn contribute(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    form: FormData,
) -> WebResult<Response> {
    v.require()?;
    let round = form.get("round").trim().parse::<i64>();
    let r = match round {
        Ok(round) => service::record(&state, &v.actor(), &id, Ask::Contribute { round, paid_on: form.get("paid_on") })
            .await
            .map(|_| ()),
        Err(_) => Err(service::field("round", "circle-round-invalid")),
    };
    after(&state, &v, &id, form, "circle-contribution-recorded", r).await
}

async fn confirm(
    State(state): State<AppState>,
    v: Visitor,
    Path((id, entry)): Path<(String, String)>,
) -> WebResult<Response> {
    v.require()?;
    let r = service::record(&state, &v.actor(), &id, Ask::Confirm { entry: &entry }).await.map(|_| ());
    after(&state, &v, &id, FormData::default(), "circle-contribution-confirmed", r).await
}

async fn payout(
    State(state): State<AppState>,
    v: Visitor,
    Path((id, round)): Path<(String, i64)>,
) -> WebResult<Response> {
    v.require()?;
    let r = service::record(&state, &v.actor(), &id, Ask::Payout { round }).await.map(|_| ());
    after(&state, &v, &id, FormData::default(), "circle-payout-recorded", r).await
}

async fn commit(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    form: FormData,
) -> WebResult<Response> {
    v.require()?;
    let r = service::commit_secret(&state, &v.actor(), &id, Some(form.get("secret")), None).await;
    // The secret is never written back into the page.
    after(&state, &v, &id, FormData::default(), "circle-committed", r).await
}

async fn reveal(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    form: FormData,
) -> WebResult<Response> {
    v.require()?;
    let r = service::reveal(&state, &v.actor(), &id, form.get("secret")).await;
    after(&state, &v, &id, FormData::default(), "circle-revealed", r).await
}

async fn start(State(state): State<AppState>, v: Visitor, Path(id): Path<String>) -> WebResult<Response> {
    v.require()?;
    let r = service::start(&state, &v.actor(), &id).await;
    after(&state, &v, &id, FormData::default(), "circle-started", r).await
}

async fn propose_swap(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    form: FormData,
) -> WebResult<Response> {
    v.require()?;
    let r = service::propose_swap(&state, &v.actor(), &id, form.get("with")).await.map(|_| ());
    after(&state, &v, &id, form, "circle-swap-proposed", r).await
}

async fn accept_swap(
    State(state): State<AppState>,
    v: Visitor,
    Path((id, swap)): Path<(String, String)>,
) -> WebResult<Response> {
    v.require()?;
    let r = service::decide_swap(&state, &v.actor(), &id, &swap, true).await;
    after(&state, &v, &id, FormData::default(), "circle-swap-accepted", r).await
}

async fn decline_swap(
    State(state): State<AppState>,
    v: Visitor,
    Path((id, swap)): Path<(String, String)>,
) -> WebResult<Response> {
    v.require()?;
    let r = service::decide_swap(&state, &v.actor(), &id, &swap, false).await;
    after(&state, &v, &id, FormData::default(), "circle-swap-declined", r).await
}

async fn add_organiser(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    form: FormData,
) -> WebResult<Response> {
    v.require()?;
    let r = service::add_organiser(&state, &v.actor(), &id, form.get("person")).await;
    after(&state, &v, &id, form, "circle-organiser-added", r).await
}

async fn next_cycle(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    form: FormData,
) -> WebResult<Response> {
    v.require()?;
    let r = service::next_cycle(&state, &v.actor(), &id, form.get("start_on")).await;
    after(&state, &v, &id, form, "circle-next-cycle-started", r).await
}

async fn wind_up(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    form: FormData,
) -> WebResult<Response> {
    v.require()?;
    let r = if form.checked("confirm") {
        service::wind_up(&state, &v.actor(), &id).await
    } else {
        Err(service::field("confirm", "circle-wind-up-unconfirmed"))
    };
    after(&state, &v, &id, form, "circle-wound-up", r).await
}

// Invitations.

#[derive(Template)]
#[template(path = "circles/invitation.html")]
struct InvitationPage {
    page: Page,
    id: String,
    name: String,
    url: String,
}

async fn invite(State(state): State<AppState>, v: Visitor, Path(id): Path<String>) -> WebResult<Response> {
    v.require()?;
    let actor = v.actor();
    match service::invite(&state, &actor, &id).await {
        Ok(token) => {
            let l = service::load(&state, &actor, &id).await?;
            Ok(render(&InvitationPage {
                page: v.page(&state, v.t("circle-invitation-title")),
                id,
                name: l.circle.name,
                url: format!("{}/circles/join/{token}", state.config.base()),
            }))
        }
        Err(e) => after(&state, &v, &id, FormData::default(), "", Err(e)).await,
    }
}

#[derive(Template)]
#[template(path = "circles/join.html")]
struct JoinPage {
    page: Page,
    c: Circle,
    terms: String,
    start_on: String,
    token: String,
    signed_in: bool,
    errors: FormErrors,
}

async fn join_page(state: &AppState, v: &Visitor, token: &str, errors: FormErrors) -> WebResult<Response> {
    let c = service::invitation(state, token).await?;
    let title = title_with_errors(v, &errors, t_args(v.lang, "circle-join-title", &[("name", c.name.clone())]));
    Ok(render(&JoinPage {
        page: v.page(state, title),
        terms: terms(v, &c),
        start_on: date_string(c.start_on),
        token: token.to_string(),
        signed_in: v.person.is_some(),
        errors,
        c,
    }))
}

async fn join_form(State(state): State<AppState>, v: Visitor, Path(token): Path<String>) -> WebResult<Response> {
    join_page(&state, &v, &token, FormErrors::none()).await
}

async fn join(
    State(state): State<AppState>,
    v: Visitor,
    Path(token): Path<String>,
    form: FormData,
) -> WebResult<Response> {
    v.require()?;
    match service::join(&state, &v.actor(), &token, form.checked("accept_rules")).await {
        Ok(id) => Ok(Redirect::to(&format!("/circles/{id}?notice=circle-joined")).into_response()),
        Err(WebError::Domain(DomainError::Invalid(errs))) => {
            join_page(&state, &v, &token, FormErrors::from(v.lang, &errs)).await
        }
        Err(WebError::Domain(DomainError::Conflict("circle-already-member"))) => {
            let id = service::invitation(&state, &token).await?.id;
            Ok(Redirect::to(&format!("/circles/{id}?notice=circle-already-member")).into_response())
        }
        Err(WebError::Domain(DomainError::Conflict(code))) => {
            Ok(Redirect::to(&format!("/circles/join/{token}?notice={code}")).into_response())
        }
        Err(e) => Err(e),
    }
}

// An entry's page: disputes and corrections, each with a note.

#[derive(Template)]
#[template(path = "circles/entry.html")]
struct EntryPage {
    page: Page,
    id: String,
    entry: String,
    name: String,
    round: i64,
    payer: String,
    amount: String,
    paid_on: String,
    state: String,
    related: Vec<(String, String, String)>,
    can_dispute: bool,
    can_correct: bool,
    note: String,
    errors: FormErrors,
}

fn entry_page(
    state: &AppState,
    v: &Visitor,
    l: &Loaded,
    entry: &str,
    note: String,
    errors: FormErrors,
) -> WebResult<Response> {
    let ledger = l.ledger();
    let e = ledger
        .iter()
        .find(|e| e.id.to_string() == entry && e.kind == EntryKind::Contribution)
        .ok_or(WebError::not_found())?;
    let st = rules::contribution_state(&ledger, e.id);
    let facts = l.facts();
    let cycle_rules = facts.rules(&l.circle);
    let open = l.circle.status == Status::Running
        && e.cycle == l.circle.cycle
        && rules::payout_of(&ledger, e.cycle, e.round).is_none();
    let recipient = cycle_rules.recipient(e.round) == Some(l.me);
    let organiser = l.is_organiser();
    let related = l
        .entries
        .iter()
        .filter(|s| s.entry.refers_to == Some(e.id))
        .map(|s| {
            (
                v.t(&format!("circle-kind-{}", s.entry.kind.as_str())),
                l.name_of(s.entry.recorded_by),
                s.entry.note.clone(),
            )
        })
        .collect();
    let title = title_with_errors(v, &errors, v.t("circle-entry-title"));
    Ok(render(&EntryPage {
        page: v.page(state, title),
        id: l.circle.id.to_string(),
        entry: entry.to_string(),
        name: l.circle.name.clone(),
        round: e.round,
        payer: l.name_of(e.member),
        amount: money(&l.circle, e.amount),
        paid_on: e.paid_on.map(date_string).unwrap_or_default(),
        state: v.t(&format!("circle-state-{}", st.as_str())),
        related,
        can_dispute: open && st == ContributionState::Recorded && e.member != l.me && (recipient || organiser),
        can_correct: open
            && st != ContributionState::Corrected
            && ((e.member == l.me && st != ContributionState::Confirmed) || (organiser && e.member != l.me)),
        note,
        errors,
    }))
}

async fn entry(
    State(state): State<AppState>,
    v: Visitor,
    Path((id, entry)): Path<(String, String)>,
) -> WebResult<Response> {
    v.require()?;
    let l = service::load(&state, &v.actor(), &id).await?;
    entry_page(&state, &v, &l, &entry, String::new(), FormErrors::none())
}

async fn annotate(
    state: &AppState,
    v: &Visitor,
    id: &str,
    entry: &str,
    form: &FormData,
    dispute: bool,
) -> WebResult<Response> {
    v.require()?;
    let note = form.get("note");
    let ask = if dispute { Ask::Dispute { entry, note } } else { Ask::Correct { entry, note } };
    let done = if dispute { "circle-disputed" } else { "circle-corrected" };
    match service::record(state, &v.actor(), id, ask).await {
        Ok(_) => Ok(Redirect::to(&format!("/circles/{id}?notice={done}")).into_response()),
        Err(WebError::Domain(DomainError::Invalid(errs))) => {
            let l = service::load(state, &v.actor(), id).await?;
            entry_page(state, v, &l, entry, note.to_string(), FormErrors::from(v.lang, &errs))
        }
        Err(e) => after(state, v, id, FormData::default(), done, Err(e)).await,
    }
}

async fn dispute(
    State(state): State<AppState>,
    v: Visitor,
    Path((id, entry)): Path<(String, String)>,
    form: FormData,
) -> WebResult<Response> {
    annotate(&state, &v, &id, &entry, &form, true).await
}

async fn correct(
    State(state): State<AppState>,
    v: Visitor,
    Path((id, entry)): Path<(String, String)>,
    form: FormData,
) -> WebResult<Response> {
    annotate(&state, &v, &id, &entry, &form, false).await
}

/// The ledger as CSV, for a member's own records.
async fn statement(State(state): State<AppState>, v: Visitor, Path(id): Path<String>) -> WebResult<Response> {
    v.require()?;
    let l = service::load(&state, &v.actor(), &id).await?;
    let csv = service::statement_csv(&l)?;
    let name = format!("attachment; filename=\"circle-{}-statement.csv\"", l.circle.id);
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, name),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        csv,
    )
        .into_response())
}

pub fn routes() -> Routes {
    Routes::new()
        .page(Method::GET, "/circles", index)
        .page(Method::POST, "/circles", create)
        .page(Method::GET, "/circles/new", new_form)
        .page(Method::GET, "/circles/join/{token}", join_form)
        .page(Method::POST, "/circles/join/{token}", join)
        .page(Method::GET, "/circles/{id}", show)
        .page(Method::GET, "/circles/{id}/statement.csv", statement)
        .page(Method::POST, "/circles/{id}/invitations", invite)
        .page(Method::POST, "/circles/{id}/draw/commitment", commit)
        .page(Method::POST, "/circles/{id}/draw/reveal", reveal)
        .page(Method::POST, "/circles/{id}/start", start)
        .page(Method::POST, "/circles/{id}/contributions", contribute)
        .page(Method::GET, "/circles/{id}/entries/{entry}", entry)
        .page(Method::POST, "/circles/{id}/entries/{entry}/confirm", confirm)
        .page(Method::POST, "/circles/{id}/entries/{entry}/dispute", dispute)
        .page(Method::POST, "/circles/{id}/entries/{entry}/correct", correct)
        .page(Method::POST, "/circles/{id}/rounds/{round}/payout", payout)
        .page(Method::POST, "/circles/{id}/swaps", propose_swap)
        .page(Method::POST, "/circles/{id}/swaps/{swap}/accept", accept_swap)
        .page(Method::POST, "/circles/{id}/swaps/{swap}/decline", decline_swap)
        .page(Method::POST, "/circles/{id}/organisers", add_organiser)
        .page(Method::POST, "/circles/{id}/next-cycle", next_cycle)
        .page(Method::POST, "/circles/{id}/wind-up", wind_up)
}
