//! Polls: single choice, multiple choice, approval and ranked choice
//! (counted by instant runoff, every round shown). A ballot is checked here
//! and counted here; who voted and what they voted are stored apart, and
//! nothing in a ballot says who cast it or when.

use serde::{Deserialize, Serialize};

use crate::errors::{FieldError, FieldErrors};
use crate::places::Title;

pub const QUESTION_MAX: usize = 200;
pub const DESCRIPTION_MAX: usize = 4000;
pub const OPTION_MAX: usize = 120;
pub const OPTIONS_MIN: usize = 2;
pub const OPTIONS_MAX: usize = 30;
/// A poll stays open at most this long.
pub const DURATION_MAX_DAYS: i64 = 90;
const DAY: i64 = 86_400;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// One option.
    Single,
    /// Up to `max_choices` options.
    Multiple,
    /// Any number of options, each approved or not.
    Approval,
    /// Options in order of preference, counted by instant runoff.
    Ranked,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::Single, Kind::Multiple, Kind::Approval, Kind::Ranked];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Single => "single",
            Kind::Multiple => "multiple",
            Kind::Approval => "approval",
            Kind::Ranked => "ranked",
        }
    }

    pub fn parse(field: &'static str, s: &str) -> Result<Self, FieldError> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s.trim()).ok_or(FieldError::new(field, "poll-kind-invalid"))
    }
}

/// Who may vote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Eligibility {
    /// People whose home is the poll's place or a place within it.
    Place,
    /// Members of the poll's group.
    Group,
    /// Anyone whose home is a place on this node (rule-change polls).
    Node,
}

impl Eligibility {
    pub fn as_str(self) -> &'static str {
        match self {
            Eligibility::Place => "place",
            Eligibility::Group => "group",
            Eligibility::Node => "node",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Eligibility::Place, Eligibility::Group, Eligibility::Node].into_iter().find(|k| k.as_str() == s)
    }
}

/// When results may be seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Results {
    Live,
    AfterClose,
}

impl Results {
    pub fn as_str(self) -> &'static str {
        match self {
            Results::Live => "live",
            Results::AfterClose => "after_close",
        }
    }

    pub fn parse(field: &'static str, s: &str) -> Result<Self, FieldError> {
        [Results::Live, Results::AfterClose]
            .into_iter()
            .find(|k| k.as_str() == s.trim())
            .ok_or(FieldError::new(field, "poll-results-invalid"))
    }

    /// Whether results may be shown now.
    pub fn visible(self, closes_at: i64, now: i64) -> bool {
        self == Results::Live || now >= closes_at
    }
}

/// A poll as submitted, not yet checked.
#[derive(Debug, Clone, Default)]
pub struct PollInput {
    pub question: String,
    pub description: String,
    pub kind: String,
    /// One option per line.
    pub options: String,
    /// For multiple choice: how many may be chosen.
    pub max_choices: String,
    pub results: String,
    /// `YYYY-MM-DD`: the last day of voting.
    pub closes_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedPoll {
    pub question: String,
    pub description: String,
    pub kind: Kind,
    pub options: Vec<String>,
    pub max_choices: usize,
    pub results: Results,
    pub opens_at: i64,
    /// The end of the last day of voting (unix seconds, UTC).
    pub closes_at: i64,
}

/// Check every field, reporting every problem at once.
pub fn check_poll(input: &PollInput, now: i64) -> Result<CheckedPoll, FieldErrors> {
    let mut errors = FieldErrors::new();
    let question = errors.check(Title::parse("question", &input.question, QUESTION_MAX).map_err(|e| match e.code {
        "name-required" => FieldError::new("question", "poll-question-required"),
        "name-too-long" => FieldError::new("question", "poll-text-too-long"),
        _ => FieldError::new("question", "poll-text-invalid"),
    }));
    let description = input.description.trim().replace("\r\n", "\n");
    if description.chars().count() > DESCRIPTION_MAX {
        errors.push("description", "poll-text-too-long");
    }
    let kind = errors.check(Kind::parse("kind", &input.kind));
    let options: Vec<String> = input.options.lines().map(|l| l.trim().to_string()).filter(|l| !l.is_empty()).collect();
    if options.len() < OPTIONS_MIN {
        errors.push("options", "poll-options-too-few");
    } else if options.len() > OPTIONS_MAX {
        errors.push("options", "poll-options-too-many");
    } else if options.iter().any(|o| o.chars().count() > OPTION_MAX || o.chars().any(char::is_control)) {
        errors.push("options", "poll-option-invalid");
    } else if options
        .iter()
        .enumerate()
        .any(|(i, o)| options.iter().skip(i + 1).any(|p| p.to_lowercase() == o.to_lowercase()))
    {
        errors.push("options", "poll-options-repeated");
    }
    let max_choices = match (kind, input.max_choices.trim()) {
        (Some(Kind::Multiple), s) => match s.parse::<usize>() {
            Ok(n) if n >= 2 && (options.len() < OPTIONS_MIN || n <= options.len()) => n,
            _ => {
                errors.push("max_choices", "poll-max-choices-invalid");
                0
            }
        },
        (Some(Kind::Single), _) => 1,
        _ => options.len(),
    };
    let results = errors.check(Results::parse("results", &input.results));
    let today = now - now.rem_euclid(DAY);
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let closes_at = match time::Date::parse(input.closes_on.trim(), &format) {
        Ok(d) => {
            let day = d.midnight().assume_utc().unix_timestamp();
            if day < today {
                errors.push("closes_on", "poll-closes-in-past");
                None
            } else if day > today + DURATION_MAX_DAYS * DAY {
                errors.push("closes_on", "poll-closes-too-far");
                None
            } else {
                Some(day + DAY - 1)
            }
        }
        Err(_) => {
            errors.push("closes_on", "poll-date-invalid");
            None
        }
    };
    match (question, kind, results, closes_at) {
        (Some(q), Some(kind), Some(results), Some(closes_at)) if errors.is_empty() => Ok(CheckedPoll {
            question: q.as_str().to_string(),
            description,
            kind,
            options,
            max_choices,
            results,
            opens_at: now,
            closes_at,
        }),
        _ => Err(errors),
    }
}

/// Whether a poll takes votes at `now`.
pub fn is_open(opens_at: i64, closes_at: i64, now: i64) -> bool {
    opens_at <= now && now <= closes_at
}

/// A checked ballot: option positions, in order of preference for ranked
/// polls (otherwise ascending).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ballot(pub Vec<usize>);

impl Ballot {
    /// The stored form: positions joined by commas. It holds nothing else.
    pub fn encode(&self) -> String {
        self.0.iter().map(usize::to_string).collect::<Vec<_>>().join(",")
    }

    pub fn decode(s: &str) -> Option<Ballot> {
        if s.is_empty() {
            return Some(Ballot(Vec::new()));
        }
        s.split(',').map(|p| p.parse().ok()).collect::<Option<Vec<usize>>>().map(Ballot)
    }
}

/// Check chosen options (single, multiple, approval).
pub fn check_choices(kind: Kind, options: usize, max: usize, chosen: &[usize]) -> Result<Ballot, FieldError> {
    let field = "choices";
    if chosen.iter().any(|c| *c >= options) {
        return Err(FieldError::new(field, "poll-option-unknown"));
    }
    let mut sorted = chosen.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    if sorted.len() != chosen.len() {
        return Err(FieldError::new(field, "poll-choice-repeated"));
    }
    match kind {
        Kind::Single if sorted.len() != 1 => Err(FieldError::new(field, "poll-choose-one")),
        Kind::Multiple | Kind::Approval if sorted.is_empty() => Err(FieldError::new(field, "poll-choose-some")),
        Kind::Multiple if sorted.len() > max => Err(FieldError::new(field, "poll-too-many-choices")),
        Kind::Ranked => Err(FieldError::new(field, "poll-rank-required")),
        _ => Ok(Ballot(sorted)),
    }
}

/// Check a ranking given as option positions in order of preference (the
/// API). Not every option need be ranked; none may be ranked twice.
pub fn check_ranking(options: usize, ranking: &[usize]) -> Result<Ballot, FieldError> {
    let field = "ranking";
    if ranking.is_empty() {
        return Err(FieldError::new(field, "poll-rank-none"));
    }
    if ranking.iter().any(|c| *c >= options) {
        return Err(FieldError::new(field, "poll-option-unknown"));
    }
    if ranking.iter().enumerate().any(|(i, c)| ranking.iter().skip(i + 1).any(|d| d == c)) {
        return Err(FieldError::new(field, "poll-rank-repeated"));
    }
    Ok(Ballot(ranking.to_vec()))
}

/// Check ranks given per option (the form: option `i` got rank `ranks[i]`,
/// blank for unranked). The ranks used must be 1, 2, … with none repeated
/// and none missing.
pub fn check_ranks(ranks: &[Option<usize>]) -> Result<Ballot, FieldError> {
    let field = "ranking";
    let mut given: Vec<(usize, usize)> = ranks.iter().enumerate().filter_map(|(i, r)| r.map(|r| (r, i))).collect();
    if given.is_empty() {
        return Err(FieldError::new(field, "poll-rank-none"));
    }
    given.sort_unstable();
    if given.iter().any(|(r, _)| *r == 0 || *r > ranks.len()) {
        return Err(FieldError::new(field, "poll-rank-invalid"));
    }
    if given.windows(2).any(|w| matches!(w, [a, b] if a.0 == b.0)) {
        return Err(FieldError::new(field, "poll-rank-repeated"));
    }
    if given.iter().enumerate().any(|(k, (r, _))| *r != k + 1) {
        return Err(FieldError::new(field, "poll-rank-missing"));
    }
    Ok(Ballot(given.into_iter().map(|(_, i)| i).collect()))
}

/// Votes per option (single, multiple, approval).
pub fn tally(options: usize, ballots: &[Ballot]) -> Vec<u64> {
    let mut counts = vec![0u64; options];
    for b in ballots {
        for c in &b.0 {
            if let Some(n) = counts.get_mut(*c) {
                *n += 1;
            }
        }
    }
    counts
}

/// One round of an instant runoff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Round {
    /// Votes for each option this round (0 for options out of the race).
    pub counts: Vec<u64>,
    /// Whether each option was still in the race this round.
    pub continuing: Vec<bool>,
    /// Ballots with no continuing option left.
    pub exhausted: u64,
    /// The option eliminated at the end of this round, if any.
    pub eliminated: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Runoff {
    pub rounds: Vec<Round>,
    /// `None` only when no ballot ranks any option.
    pub winner: Option<usize>,
}

/// Which continuing option to eliminate: the fewest votes this round; a tie
/// is broken by the fewest votes in the round before, and so on back to the
/// first; a tie in every round eliminates the option listed last.
fn loser(counts: &[u64], continuing: &[bool], history: &[Round]) -> Option<usize> {
    let mut tied: Vec<usize> = (0..counts.len()).filter(|i| continuing.get(*i).copied().unwrap_or(false)).collect();
    let min = tied.iter().filter_map(|i| counts.get(*i)).min().copied()?;
    tied.retain(|i| counts.get(*i) == Some(&min));
    for round in history.iter().rev() {
        if tied.len() < 2 {
            break;
        }
        let min = tied.iter().filter_map(|i| round.counts.get(*i)).min().copied().unwrap_or(0);
        tied.retain(|i| round.counts.get(*i) == Some(&min));
    }
    tied.last().copied()
}

/// Decide a round: a winner (a majority of the ballots still counting, or
/// the last option left), or the option to eliminate.
fn settle(counts: &[u64], continuing: &[bool], history: &[Round]) -> (Option<usize>, Option<usize>) {
    let live: u64 = counts.iter().sum();
    let left = continuing.iter().filter(|c| **c).count();
    if live == 0 {
        return (None, None);
    }
    let (best, top) =
        counts.iter().enumerate().max_by_key(|(i, n)| (**n, std::cmp::Reverse(*i))).map_or((0, 0), |(i, n)| (i, *n));
    if top * 2 > live || left <= 1 {
        return (Some(best), None);
    }
    (None, loser(counts, continuing, history))
}

/// Count ranked ballots by instant runoff. Each ballot sits on the pile of
/// its highest-ranked continuing option; eliminating an option moves only
/// the ballots on its pile, so the work is proportional to the ballots and
/// their ranks, not to rounds × ballots.
pub fn instant_runoff(options: usize, ballots: &[Ballot]) -> Runoff {
    let mut continuing = vec![true; options];
    let mut piles: Vec<Vec<usize>> = vec![Vec::new(); options];
    let mut next = vec![0usize; ballots.len()];
    let mut exhausted = 0u64;
    let place = |b: usize, next: &mut [usize], piles: &mut [Vec<usize>], continuing: &[bool]| -> bool {
        let Some(ranking) = ballots.get(b) else { return false };
        let Some(pos) = next.get_mut(b) else { return false };
        while let Some(c) = ranking.0.get(*pos) {
            *pos += 1;
            if continuing.get(*c).copied().unwrap_or(false) {
                if let Some(pile) = piles.get_mut(*c) {
                    pile.push(b);
                    return true;
                }
            }
        }
        false
    };
    for b in 0..ballots.len() {
        if !place(b, &mut next, &mut piles, &continuing) {
            exhausted += 1;
        }
    }
    let mut rounds: Vec<Round> = Vec::new();
    loop {
        let counts: Vec<u64> = piles.iter().map(|p| p.len() as u64).collect();
        let (winner, out) = settle(&counts, &continuing, &rounds);
        rounds.push(Round { counts, continuing: continuing.clone(), exhausted, eliminated: out });
        let Some(out) = out else { return Runoff { rounds, winner } };
        if let Some(c) = continuing.get_mut(out) {
            *c = false;
        }
        let moving = piles.get_mut(out).map(std::mem::take).unwrap_or_default();
        for b in moving {
            if !place(b, &mut next, &mut piles, &continuing) {
                exhausted += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const NOW: i64 = 1_795_651_200; // 2026-11-26

    /// The straightforward count: every round, every ballot is read from the
    /// top for its highest continuing option.
    fn reference(options: usize, ballots: &[Ballot]) -> Runoff {
        let mut continuing = vec![true; options];
        let mut rounds: Vec<Round> = Vec::new();
        loop {
            let mut counts = vec![0u64; options];
            let mut exhausted = 0;
            for b in ballots {
                match b.0.iter().find(|c| continuing[**c]) {
                    Some(c) => counts[*c] += 1,
                    None => exhausted += 1,
                }
            }
            let live: u64 = counts.iter().sum();
            let left = continuing.iter().filter(|c| **c).count();
            let mut winner = None;
            let mut out = None;
            if live > 0 {
                let top = *counts.iter().max().unwrap();
                let best = counts.iter().position(|n| *n == top).unwrap();
                if top * 2 > live || left <= 1 {
                    winner = Some(best);
                } else {
                    out = loser(&counts, &continuing, &rounds);
                }
            }
            rounds.push(Round { counts, continuing: continuing.clone(), exhausted, eliminated: out });
            match out {
                Some(o) => continuing[o] = false,
                None => return Runoff { rounds, winner },
            }
        }
    }

    fn ballots(options: usize) -> impl Strategy<Value = Vec<Ballot>> {
        let one = proptest::sample::subsequence((0..options).collect::<Vec<_>>(), 0..=options)
            .prop_shuffle()
            .prop_map(Ballot);
        proptest::collection::vec(one, 0..200)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]
        /// The fast count agrees with the straightforward one, round by round.
        #[test]
        fn instant_runoff_matches_the_reference((options, bs) in (1usize..7).prop_flat_map(|n| (Just(n), ballots(n)))) {
            prop_assert_eq!(instant_runoff(options, &bs), reference(options, &bs));
        }

        /// Every round accounts for every ballot, and the winner is continuing.
        #[test]
        fn rounds_account_for_every_ballot((options, bs) in (1usize..7).prop_flat_map(|n| (Just(n), ballots(n)))) {
            let r = instant_runoff(options, &bs);
            for round in &r.rounds {
                prop_assert_eq!(round.counts.iter().sum::<u64>() + round.exhausted, bs.len() as u64);
            }
            if let (Some(w), Some(last)) = (r.winner, r.rounds.last()) {
                prop_assert!(last.continuing[w]);
                let live: u64 = last.counts.iter().sum();
                let left = last.continuing.iter().filter(|c| **c).count();
                prop_assert!(last.counts[w] * 2 > live || left == 1);
            }
        }

        /// Ranks from the form are accepted exactly when they are 1..k, once each.
        #[test]
        fn ranks_must_be_contiguous_and_unique(ranks in proptest::collection::vec(proptest::option::of(0usize..6), 1..6)) {
            let given: Vec<usize> = ranks.iter().flatten().copied().collect();
            let mut sorted = given.clone();
            sorted.sort_unstable();
            let ok = !given.is_empty() && sorted == (1..=given.len()).collect::<Vec<_>>();
            prop_assert_eq!(check_ranks(&ranks).is_ok(), ok);
        }
    }

    #[test]
    fn a_classic_runoff() {
        // 0 leads on first preferences but loses once 2's voters transfer.
        let mut bs = Vec::new();
        bs.extend(std::iter::repeat_n(Ballot(vec![0]), 8));
        bs.extend(std::iter::repeat_n(Ballot(vec![1, 2]), 7));
        bs.extend(std::iter::repeat_n(Ballot(vec![2, 1]), 4));
        let r = instant_runoff(3, &bs);
        assert_eq!(r.rounds.len(), 2);
        assert_eq!(r.rounds[0].eliminated, Some(2));
        assert_eq!(r.rounds[1].counts, vec![8, 11, 0]);
        assert_eq!(r.winner, Some(1));
    }

    #[test]
    fn bad_ballots_are_refused_with_reasons() {
        assert_eq!(check_ranks(&[Some(1), Some(1), None]).unwrap_err().code, "poll-rank-repeated");
        assert_eq!(check_ranks(&[Some(1), Some(3), None]).unwrap_err().code, "poll-rank-missing");
        assert_eq!(check_ranks(&[None, None]).unwrap_err().code, "poll-rank-none");
        assert_eq!(check_ranks(&[Some(2), None, Some(1)]).unwrap(), Ballot(vec![2, 0]));
        assert_eq!(check_ranking(3, &[1, 1]).unwrap_err().code, "poll-rank-repeated");
        assert_eq!(check_choices(Kind::Single, 3, 1, &[0, 1]).unwrap_err().code, "poll-choose-one");
        assert_eq!(check_choices(Kind::Multiple, 4, 2, &[0, 1, 2]).unwrap_err().code, "poll-too-many-choices");
        assert_eq!(check_choices(Kind::Approval, 3, 3, &[5]).unwrap_err().code, "poll-option-unknown");
        assert!(check_choices(Kind::Approval, 3, 3, &[2, 0]).is_ok());
        assert_eq!(Ballot::decode(&Ballot(vec![2, 0, 1]).encode()), Some(Ballot(vec![2, 0, 1])));
    }

    #[test]
    fn every_problem_in_a_poll_is_reported_at_once() {
        let bad = PollInput {
            question: " ".into(),
            kind: "lottery".into(),
            options: "Yes\n\n".into(),
            results: "sometimes".into(),
            closes_on: "2020-01-01".into(),
            ..PollInput::default()
        };
        let fields: Vec<&str> = check_poll(&bad, NOW).unwrap_err().0.iter().map(|e| e.field).collect();
        assert_eq!(fields, vec!["question", "kind", "options", "results", "closes_on"]);
        let good = PollInput {
            question: "Which day for the clean-up?".into(),
            kind: "multiple".into(),
            options: "Saturday\nSunday\nBank holiday Monday".into(),
            max_choices: "2".into(),
            results: "after_close".into(),
            closes_on: "2026-12-10".into(),
            ..PollInput::default()
        };
        let p = check_poll(&good, NOW).unwrap();
        assert_eq!((p.options.len(), p.max_choices), (3, 2));
        assert!(Results::AfterClose.visible(p.closes_at, p.closes_at));
        assert!(!Results::AfterClose.visible(p.closes_at, p.closes_at - 1));
    }
}
