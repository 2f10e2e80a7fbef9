//! The domain operations of polls, shared by pages and API.

use plural_kernel::authz::{self, Action, Actor};
use plural_kernel::polls::{self as rules, Ballot, Eligibility, Kind, PollInput, Runoff};
use plural_kernel::{DomainError, FieldErrors, PersonId};
use plural_store::polls::{Poll, VoteOutcome};
use serde::Serialize;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::error::{WebError, WebResult};
use crate::AppState;

fn me(actor: &Actor) -> WebResult<PersonId> {
    actor.person_id().ok_or(WebError::Domain(DomainError::Unauthenticated))
}

pub async fn list(state: &AppState, place: &str) -> WebResult<Vec<Poll>> {
    let place = match place.trim() {
        "" => None,
        slug => Some(plural_store::places::by_slug(&state.db, slug).await?.ok_or(WebError::not_found())?.id),
    };
    Ok(plural_store::polls::list(&state.db, place, 200).await?)
}

pub async fn load(state: &AppState, id: &str) -> WebResult<Poll> {
    plural_store::polls::get(&state.db, id).await?.ok_or(WebError::not_found())
}

pub fn is_open(p: &Poll) -> bool {
    rules::is_open(p.opens_at, p.closes_at, plural_store::now())
}

pub fn results_visible(p: &Poll) -> bool {
    p.results.visible(p.closes_at, plural_store::now())
}

/// Open a poll for a place (its stewards, node admins) or for a group's
/// members (`group` is its slug; its admins and owners).
pub async fn create(state: &AppState, actor: &Actor, place: &str, group: &str, input: &PollInput) -> WebResult<Poll> {
    let person = me(actor)?;
    let mut errors = FieldErrors::new();
    let group = match group.trim() {
        "" => None,
        slug => match plural_store::groups::by_slug(&state.db, slug).await? {
            Some(g) => Some(g),
            None => {
                errors.push("group", "poll-group-invalid");
                None
            }
        },
    };
    let place = match (&group, place.trim()) {
        (Some(g), _) => plural_store::places::get(&state.db, g.place_id).await?,
        (None, "") if errors.is_empty() => {
            errors.push("place", "poll-place-invalid");
            None
        }
        (None, slug) => {
            let p = plural_store::places::by_slug(&state.db, slug).await?;
            if p.is_none() && !slug.is_empty() {
                errors.push("place", "poll-place-invalid");
            }
            p
        }
    };
    if let Some(place) = &place {
        let action = match &group {
            Some(g) => Action::CreatePoll {
                for_group: true,
                steward: false,
                group_role: plural_store::groups::role_of(&state.db, g.id, person).await?,
            },
            None => Action::CreatePoll {
                for_group: false,
                steward: plural_store::mutual_aid::stewarded_by(&state.db, person).await?.contains(&place.id),
                group_role: None,
            },
        };
        authz::decide(actor, &action)?;
    }
    let checked = rules::check_poll(input, plural_store::now());
    let (Some(place), Ok(checked)) = (place, &checked) else {
        if let Err(e) = checked {
            errors.0.extend(e.0);
        }
        return Err(DomainError::Invalid(errors).into());
    };
    if !errors.is_empty() {
        return Err(DomainError::Invalid(errors).into());
    }
    let id = plural_store::polls::create(&state.db, place.id, group.map(|g| g.id), person, checked).await?;
    load(state, &id).await
}

/// Whether a person may vote in a poll: their home is the poll's place or
/// within it, or they belong to the poll's group.
pub async fn eligible(state: &AppState, person: PersonId, p: &Poll) -> WebResult<bool> {
    match (p.eligibility, p.group_id) {
        (Eligibility::Group, Some(g)) => Ok(plural_store::groups::role_of(&state.db, g, person).await?.is_some()),
        (Eligibility::Group, None) => Ok(false),
        (Eligibility::Node, _) => crate::rules::service::is_member(state, person).await,
        (Eligibility::Place, _) => {
            let Some(home) = plural_store::people::get(&state.db, person).await?.and_then(|p| p.home_place_id) else {
                return Ok(false);
            };
            let chain = plural_store::places::ancestry(&state.db, home).await?;
            Ok(chain.iter().any(|pl| pl.id == p.place_id))
        }
    }
}

/// What a voter submitted: chosen options, or ranks per option (the
/// form), or a ranking (the API).
pub enum Submitted {
    Choices(Vec<String>),
    Ranks(Vec<String>),
    Ranking(Vec<usize>),
}

fn position(s: &str) -> Result<usize, plural_kernel::FieldError> {
    s.trim().parse().map_err(|_| plural_kernel::FieldError::new("choices", "poll-option-unknown"))
}

/// Check a ballot against the poll (without storing anything).
pub fn check_ballot(p: &Poll, submitted: &Submitted) -> Result<Ballot, plural_kernel::FieldError> {
    let n = p.options.len();
    match (p.kind, submitted) {
        (Kind::Ranked, Submitted::Ranking(r)) => {
            rules::check_ranking(n, r).map_err(|e| plural_kernel::FieldError::new("choices", e.code))
        }
        (Kind::Ranked, Submitted::Ranks(ranks)) => {
            let ranks = ranks
                .iter()
                .map(|r| match r.trim() {
                    "" => Ok(None),
                    s => {
                        s.parse().map(Some).map_err(|_| plural_kernel::FieldError::new("ranking", "poll-rank-invalid"))
                    }
                })
                .collect::<Result<Vec<Option<usize>>, _>>()?;
            if ranks.len() != n {
                return Err(plural_kernel::FieldError::new("ranking", "poll-rank-invalid"));
            }
            rules::check_ranks(&ranks)
        }
        (Kind::Ranked, Submitted::Choices(_)) => Err(plural_kernel::FieldError::new("ranking", "poll-rank-required")),
        (kind, Submitted::Choices(c)) => {
            let chosen = c.iter().map(|s| position(s)).collect::<Result<Vec<_>, _>>()?;
            rules::check_choices(kind, n, p.max_choices, &chosen)
        }
        (kind, Submitted::Ranking(r)) => rules::check_choices(kind, n, p.max_choices, r),
        (_, Submitted::Ranks(_)) => Err(plural_kernel::FieldError::new("choices", "poll-choose-one")),
    }
}

/// Vote: eligibility, an open poll, a valid ballot, once. The ballot is
/// stored apart from the record that this person voted.
pub async fn vote(state: &AppState, actor: &Actor, p: &Poll, submitted: &Submitted) -> WebResult<()> {
    let person = me(actor)?;
    authz::decide(actor, &Action::Vote { eligible: eligible(state, person, p).await? })?;
    if !is_open(p) {
        return Err(DomainError::Conflict("poll-closed").into());
    }
    let ballot = check_ballot(p, submitted).map_err(DomainError::from)?;
    match plural_store::polls::vote(&state.db, &p.id, person, &ballot.encode()).await? {
        VoteOutcome::Counted => Ok(()),
        VoteOutcome::AlreadyVoted => Err(DomainError::Conflict("poll-already-voted").into()),
        VoteOutcome::Closed => Err(DomainError::Conflict("poll-closed").into()),
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct PollResults {
    pub ballots: u64,
    /// Votes per option (first preferences for a ranked poll).
    pub counts: Vec<u64>,
    /// Ranked polls: every round of the instant runoff.
    pub runoff: Option<Runoff>,
    /// The option with most votes, or the runoff's winner; `None` on a tie
    /// for the most votes or with no votes.
    pub winner: Option<usize>,
}

/// Count a poll's ballots, exactly as stored now: what decisions (a rule
/// change's outcome, the federated final counts) are made on.
pub async fn results(state: &AppState, p: &Poll) -> WebResult<PollResults> {
    let stored = plural_store::polls::ballots(&state.db, &p.id).await?;
    let ballots: Vec<Ballot> = stored.iter().filter_map(|s| Ballot::decode(s)).collect();
    Ok(count(p, &ballots))
}

pub fn count(p: &Poll, ballots: &[Ballot]) -> PollResults {
    let n = p.options.len();
    if p.kind == Kind::Ranked {
        let runoff = rules::instant_runoff(n, ballots);
        let counts = runoff.rounds.first().map(|r| r.counts.clone()).unwrap_or_else(|| vec![0; n]);
        return PollResults { ballots: ballots.len() as u64, counts, winner: runoff.winner, runoff: Some(runoff) };
    }
    let counts = rules::tally(n, ballots);
    let top = counts.iter().max().copied().unwrap_or(0);
    let leaders: Vec<usize> = (0..n).filter(|i| counts.get(*i) == Some(&top)).collect();
    let winner = if top > 0 && leaders.len() == 1 { leaders.first().copied() } else { None };
    PollResults { ballots: ballots.len() as u64, counts, runoff: None, winner }
}

/// How long a count stays current while a poll is open.
const SHOWN_FOR: Duration = Duration::from_secs(1);
/// Polls with fewer ballots than this are counted on every view: exact, and
/// cheap (about a millisecond).
const EXACT_BELOW: u64 = 2_000;
/// Votes checked in just before the close may commit a moment after it; a
/// count started this long after the close is final.
const SETTLED_AFTER_CLOSE: i64 = 5;
/// Counts kept per process before the unread ones are dropped.
const KEPT_COUNTS: usize = 1024;

/// Results as pages and the API show them. Counting reads every ballot (a
/// ranked poll runs its whole instant runoff), so a busy poll is counted by
/// each process at most once a second, and readers meanwhile get the last
/// count: a page never waits for a recount, and many views cost one count.
/// Small polls are counted exactly on every view; a count made after the
/// poll closed is final and kept. Per process and derived from the
/// database, so several web processes need no agreement.
#[derive(Default)]
pub struct ShownResults {
    counts: Mutex<HashMap<String, Counted>>,
}

struct Counted {
    results: Arc<PollResults>,
    at: Instant,
    /// The poll's closing time when counted: moving it makes the count old.
    closes_at: i64,
    is_final: bool,
    recounting: bool,
}

impl ShownResults {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Counted>> {
        // A panic elsewhere cannot leave a count half-written: each entry is replaced whole.
        self.counts.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn keep(&self, p: &Poll, results: Arc<PollResults>, started_unix: i64) {
        let mut counts = self.lock();
        if counts.len() >= KEPT_COUNTS {
            counts.retain(|_, c| c.recounting || c.at.elapsed() < Duration::from_secs(60));
        }
        let is_final = started_unix > p.closes_at + SETTLED_AFTER_CLOSE;
        let counted = Counted { results, at: Instant::now(), closes_at: p.closes_at, is_final, recounting: false };
        counts.insert(p.id.clone(), counted);
    }

    /// What a view of `p` should do now.
    fn next(&self, p: &Poll) -> Next {
        let mut counts = self.lock();
        let Some(c) = counts.get_mut(&p.id).filter(|c| c.closes_at == p.closes_at) else { return Next::CountNow };
        if c.is_final {
            return Next::Show(c.results.clone());
        }
        if c.results.ballots < EXACT_BELOW {
            return Next::CountNow;
        }
        if c.recounting || c.at.elapsed() < SHOWN_FOR {
            return Next::Show(c.results.clone());
        }
        c.recounting = true;
        Next::ShowAndRecount(c.results.clone())
    }
}

enum Next {
    /// The last count is current (or a recount is already running).
    Show(Arc<PollResults>),
    /// Show the last count, and recount in the background.
    ShowAndRecount(Arc<PollResults>),
    /// No usable count (first view, a small poll, a moved close): count now.
    CountNow,
}

/// A poll's results for showing: see [`ShownResults`].
pub async fn shown_results(state: &AppState, p: &Poll) -> WebResult<Arc<PollResults>> {
    let started = plural_store::now();
    match state.shown_results.next(p) {
        Next::Show(current) => Ok(current),
        Next::ShowAndRecount(last) => {
            let (state, poll) = (state.clone(), p.clone());
            tokio::spawn(async move {
                match results(&state, &poll).await {
                    Ok(r) => state.shown_results.keep(&poll, Arc::new(r), started),
                    Err(e) => {
                        tracing::warn!(poll = %poll.id, error = ?e, "recounting a poll failed; showing the last count");
                        if let Some(c) = state.shown_results.lock().get_mut(&poll.id) {
                            c.recounting = false;
                        }
                    }
                }
            });
            Ok(last)
        }
        Next::CountNow => {
            let r = Arc::new(results(state, p).await?);
            state.shown_results.keep(p, r.clone(), started);
            Ok(r)
        }
    }
}
