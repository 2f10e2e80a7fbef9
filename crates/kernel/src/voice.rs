//! Community voice: proposals that residents make, support and discuss, and
//! the official answers that a verified public body (or the place's
//! stewards) gives them, followed by progress updates to completion
//! ("you said, we did").

use serde::{Deserialize, Serialize};

use crate::errors::{FieldError, FieldErrors};
use crate::places::Title;

pub const TITLE_MAX: usize = 150;
pub const SUMMARY_MAX: usize = 300;
pub const BODY_MAX: usize = 6000;
pub const COMMENT_MAX: usize = 2000;
pub const ANSWER_MAX: usize = 6000;
/// Replies nest at most this deep; a reply to a reply this deep joins its
/// parent's thread, so pages stay readable on a narrow phone.
pub const THREAD_DEPTH_MAX: usize = 4;

/// Where a proposal is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Seen by its author only, who can still change it.
    Draft,
    /// Public: open for support and comments until answered.
    Published,
    /// Taken down by a steward of the place.
    Removed,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::Draft, Status::Published, Status::Removed];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Published => "published",
            Status::Removed => "removed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Status::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// The state an official answer gives a proposal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AnswerState {
    UnderConsideration,
    Accepted,
    InProgress,
    Done,
    NotTakenForward,
}

impl AnswerState {
    pub const ALL: [AnswerState; 5] = [
        AnswerState::UnderConsideration,
        AnswerState::Accepted,
        AnswerState::InProgress,
        AnswerState::Done,
        AnswerState::NotTakenForward,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AnswerState::UnderConsideration => "under_consideration",
            AnswerState::Accepted => "accepted",
            AnswerState::InProgress => "in_progress",
            AnswerState::Done => "done",
            AnswerState::NotTakenForward => "not_taken_forward",
        }
    }

    pub fn parse(field: &'static str, s: &str) -> Result<Self, FieldError> {
        AnswerState::ALL
            .into_iter()
            .find(|k| k.as_str() == s.trim())
            .ok_or(FieldError::new(field, "voice-answer-state-invalid"))
    }

    /// Whether a proposal in this state still gathers support: until a
    /// decision is taken (no answer yet, or under consideration).
    pub fn gathers_support(state: Option<AnswerState>) -> bool {
        matches!(state, None | Some(AnswerState::UnderConsideration))
    }

    /// The states an answer may move a proposal to from `from`. Accepted work
    /// moves forward to done and never back; a proposal not taken forward may
    /// be considered again; done is the end (further entries restate it as
    /// updates).
    pub fn next(from: Option<AnswerState>) -> &'static [AnswerState] {
        use AnswerState::*;
        match from {
            None | Some(UnderConsideration) => &[UnderConsideration, Accepted, NotTakenForward],
            Some(Accepted) => &[Accepted, InProgress, Done],
            Some(InProgress) => &[InProgress, Done],
            Some(Done) => &[Done],
            Some(NotTakenForward) => &[NotTakenForward, UnderConsideration],
        }
    }

    /// Check a move, with a code that says what is wrong.
    pub fn check_move(field: &'static str, from: Option<AnswerState>, to: AnswerState) -> Result<(), FieldError> {
        if AnswerState::next(from).contains(&to) {
            Ok(())
        } else {
            Err(FieldError::new(field, "voice-answer-state-not-allowed"))
        }
    }
}

/// A proposal as submitted, not yet checked.
#[derive(Debug, Clone, Default)]
pub struct ProposalInput {
    pub title: String,
    /// One or two sentences shown in lists.
    pub summary: String,
    pub body: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedProposal {
    pub title: String,
    pub summary: String,
    pub body: String,
}

fn text(field: &'static str, s: &str, max: usize, required: &'static str) -> Result<String, FieldError> {
    let s = s.trim().replace("\r\n", "\n");
    if s.is_empty() && !required.is_empty() {
        return Err(FieldError::new(field, required));
    }
    if s.chars().count() > max {
        return Err(FieldError::new(field, "voice-text-too-long"));
    }
    if s.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Err(FieldError::new(field, "voice-text-invalid"));
    }
    Ok(s)
}

/// Check every field, reporting every problem at once.
pub fn check_proposal(input: &ProposalInput) -> Result<CheckedProposal, FieldErrors> {
    let mut errors = FieldErrors::new();
    let title = errors.check(Title::parse("title", &input.title, TITLE_MAX).map_err(|e| match e.code {
        "name-required" => FieldError::new("title", "voice-title-required"),
        "name-too-long" => FieldError::new("title", "voice-text-too-long"),
        _ => FieldError::new("title", "voice-text-invalid"),
    }));
    let summary = errors.check(text("summary", &input.summary, SUMMARY_MAX, "voice-summary-required"));
    let body = errors.check(text("body", &input.body, BODY_MAX, ""));
    match (title, summary, body) {
        (Some(title), Some(summary), Some(body)) if errors.is_empty() => {
            Ok(CheckedProposal { title: title.as_str().to_string(), summary, body })
        }
        _ => Err(errors),
    }
}

/// A comment: required, bounded.
pub fn parse_comment(field: &'static str, s: &str) -> Result<String, FieldError> {
    text(field, s, COMMENT_MAX, "voice-comment-required")
}

/// The reasons an official answer gives: required, bounded.
pub fn parse_answer(field: &'static str, s: &str) -> Result<String, FieldError> {
    text(field, s, ANSWER_MAX, "voice-answer-required")
}

/// Why a comment is reported to the place's stewards.
pub const REPORT_REASONS: [&str; 5] = ["abusive", "personal_data", "spam", "off_topic", "other"];

pub fn parse_reason(field: &'static str, s: &str) -> Result<&'static str, FieldError> {
    REPORT_REASONS.into_iter().find(|c| *c == s.trim()).ok_or(FieldError::new(field, "voice-reason-invalid"))
}

/// Optional details of a report: bounded.
pub fn parse_details(field: &'static str, s: &str) -> Result<String, FieldError> {
    text(field, s, COMMENT_MAX, "")
}

/// One comment's place in a thread, for rendering nested lists without
/// recursion: its depth, whether replies follow it, and how many levels
/// close after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThreadSlot {
    /// Index into the comments given.
    pub index: usize,
    pub depth: usize,
    pub has_replies: bool,
    /// Nested lists to close after this comment (when it has no replies).
    pub close_after: usize,
}

/// Order comments as a thread: each followed by its replies (oldest first at
/// every level), replies deeper than [`THREAD_DEPTH_MAX`] kept at that
/// depth. `parents[i]` is the index of comment `i`'s parent; a parent that
/// is missing makes the comment a top-level one. Input order is taken as
/// oldest first.
pub fn thread(parents: &[Option<usize>]) -> Vec<ThreadSlot> {
    let n = parents.len();
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut roots = Vec::new();
    for (i, p) in parents.iter().enumerate() {
        match p.filter(|p| *p < n && *p != i) {
            Some(p) => {
                if let Some(c) = children.get_mut(p) {
                    c.push(i);
                }
            }
            None => roots.push(i),
        }
    }
    // A cycle (which the store cannot make) would leave comments unreached:
    // those are shown at the top level.
    let mut order: Vec<(usize, usize)> = Vec::with_capacity(n);
    let mut seen = vec![false; n];
    let mut stack: Vec<(usize, usize)> = roots.iter().rev().map(|r| (*r, 0)).collect();
    loop {
        while let Some((i, depth)) = stack.pop() {
            if seen.get(i).copied().unwrap_or(true) {
                continue;
            }
            if let Some(s) = seen.get_mut(i) {
                *s = true;
            }
            order.push((i, depth));
            let child_depth = (depth + 1).min(THREAD_DEPTH_MAX);
            for c in children.get(i).into_iter().flatten().rev() {
                stack.push((*c, child_depth));
            }
        }
        match seen.iter().position(|s| !s) {
            Some(i) => stack.push((i, 0)),
            None => break,
        }
    }
    let mut slots = Vec::with_capacity(order.len());
    for (k, (index, depth)) in order.iter().enumerate() {
        let next = order.get(k + 1).map(|(_, d)| *d).unwrap_or(0);
        let has_replies = next > *depth;
        slots.push(ThreadSlot {
            index: *index,
            depth: *depth,
            has_replies,
            close_after: if has_replies { 0 } else { depth.saturating_sub(next) },
        });
    }
    slots
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn every_problem_is_reported_at_once() {
        let bad = ProposalInput { title: " ".into(), summary: "".into(), body: "x".repeat(BODY_MAX + 1) };
        let errs = check_proposal(&bad).err().map(|e| e.0).unwrap_or_default();
        let fields: Vec<&str> = errs.iter().map(|e| e.field).collect();
        assert_eq!(fields, vec!["title", "summary", "body"]);
        let good = ProposalInput {
            title: "A zebra crossing on Coldharbour Lane".into(),
            summary: "Outside the school gates.".into(),
            body: String::new(),
        };
        assert!(check_proposal(&good).is_ok());
    }

    #[test]
    fn accepted_work_moves_forward_only() {
        use AnswerState::*;
        assert!(AnswerState::check_move("state", None, Accepted).is_ok());
        assert!(AnswerState::check_move("state", None, Done).is_err());
        assert!(AnswerState::check_move("state", Some(Accepted), InProgress).is_ok());
        assert!(AnswerState::check_move("state", Some(InProgress), Accepted).is_err());
        assert!(AnswerState::check_move("state", Some(Done), InProgress).is_err());
        assert!(AnswerState::check_move("state", Some(NotTakenForward), UnderConsideration).is_ok());
        assert!(AnswerState::gathers_support(None));
        assert!(!AnswerState::gathers_support(Some(Accepted)));
    }

    #[test]
    fn a_thread_nests_replies_under_their_parents() {
        // 0, 1 reply to 0, 2 top, 3 reply to 1, 4 reply to 0
        let slots = thread(&[None, Some(0), None, Some(1), Some(0)]);
        let order: Vec<(usize, usize)> = slots.iter().map(|s| (s.index, s.depth)).collect();
        assert_eq!(order, vec![(0, 0), (1, 1), (3, 2), (4, 1), (2, 0)]);
        assert_eq!(slots[2].close_after, 1);
        assert_eq!(slots[3].close_after, 1);
        assert!(slots[0].has_replies && slots[1].has_replies && !slots[2].has_replies);
    }

    fn closes_balance(parents: &[Option<usize>]) -> bool {
        let slots = thread(parents);
        let opened: usize = slots.iter().filter(|s| s.has_replies).count();
        let closed: usize = slots.iter().map(|s| s.close_after).sum();
        opened == closed
    }

    proptest! {
        /// Every comment appears once, replies come after their parent, and
        /// every nested list opened is closed.
        #[test]
        fn threads_are_complete_and_balanced(raw in proptest::collection::vec(proptest::option::of(0usize..40), 0..40)) {
            // Parents only ever point at earlier comments, as in the store.
            let parents: Vec<Option<usize>> =
                raw.iter().enumerate().map(|(i, p)| p.filter(|p| *p < i)).collect();
            let slots = thread(&parents);
            let mut seen: Vec<usize> = slots.iter().map(|s| s.index).collect();
            seen.sort_unstable();
            prop_assert_eq!(seen, (0..parents.len()).collect::<Vec<_>>());
            for (k, s) in slots.iter().enumerate() {
                if let Some(p) = parents[s.index] {
                    let at = slots.iter().position(|x| x.index == p).unwrap_or(usize::MAX);
                    prop_assert!(at < k);
                }
                prop_assert!(s.depth <= THREAD_DEPTH_MAX);
            }
            prop_assert!(closes_balance(&parents));
        }
    }
}
