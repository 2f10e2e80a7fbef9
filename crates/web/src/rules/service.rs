//! The domain operations of node rules, shared by pages, API and worker.
//!
//! The effective value of a numeric rule is its latest applied change, else
//! the config file; federation reads domain blocks from the database as it
//! always has. A proposal opens a single-choice poll ("Yes, change it" /
//! "No, keep it as it is") that anyone whose home is a place on this node
//! may vote in; when it closes, [`decide`] applies it if yes has a strict
//! majority of the votes cast and at least `rules.quorum` votes were cast.

use plural_kernel::authz::{self, Action, Actor};
use plural_kernel::node_rules::{self as kernel, ProposalInput, Rule, Value};
use plural_kernel::polls::{CheckedPoll, Kind, Results};
use plural_kernel::{DomainError, PersonId};
use plural_store::jobs::{ClaimedJob, Job};
use plural_store::rules::RuleChange;
use serde::{Deserialize, Serialize};

use crate::config::InsightConfig;
use crate::error::{WebError, WebResult};
use crate::AppState;

const DAY: i64 = 86_400;

/// The insight settings in force: each rule's latest applied change, else
/// the config file's value.
pub async fn insight_config(state: &AppState) -> WebResult<InsightConfig> {
    let mut c = state.config.insight.clone();
    if let Some(ch) = plural_store::rules::latest_applied(&state.db, &[Rule::MinGroupSize], None).await? {
        if let Ok(Value::MinGroupSize(n)) = kernel::check_value(Rule::MinGroupSize, &ch.value) {
            c.min_group_size = n;
        }
    }
    if let Some(ch) = plural_store::rules::latest_applied(&state.db, &[Rule::EpsilonPerDataset], None).await? {
        if let Ok(Value::Epsilon(e)) = kernel::check_value(Rule::EpsilonPerDataset, &ch.value) {
            c.epsilon_per_dataset = e;
        }
    }
    Ok(c)
}

/// Where a rule's current value came from.
#[derive(Debug, Clone, Serialize)]
pub struct Current {
    pub rule: &'static str,
    pub value: String,
    /// The applied change that set it; none when it is the config file's.
    pub change: Option<RuleChange>,
}

/// Every rule's current value, and the domains now blocked.
pub async fn current(state: &AppState) -> WebResult<(Vec<Current>, Vec<Current>)> {
    let c = insight_config(state).await?;
    let min = plural_store::rules::latest_applied(&state.db, &[Rule::MinGroupSize], None).await?;
    let eps = plural_store::rules::latest_applied(&state.db, &[Rule::EpsilonPerDataset], None).await?;
    let numbers = vec![
        Current { rule: "min_group_size", value: c.min_group_size.to_string(), change: min },
        Current { rule: "epsilon_per_dataset", value: Value::Epsilon(c.epsilon_per_dataset).encode(), change: eps },
    ];
    let mut domains = Vec::new();
    for d in plural_store::federation::blocked_domains(&state.db).await? {
        let change =
            plural_store::rules::latest_applied(&state.db, &[Rule::BlockDomain, Rule::UnblockDomain], Some(&d)).await?;
        domains.push(Current { rule: "block_domain", value: d, change });
    }
    Ok((numbers, domains))
}

/// Whether a person's home is a place on this node.
pub async fn is_member(state: &AppState, person: PersonId) -> WebResult<bool> {
    Ok(plural_store::people::get(&state.db, person).await?.and_then(|p| p.home_place_id).is_some())
}

fn node_language(state: &AppState) -> plural_kernel::language::Language {
    plural_kernel::language::Language::parse(&state.config.default_language)
        .unwrap_or(plural_kernel::language::Language::En)
}

/// The question a rule-change poll asks, in the node's words.
fn question(state: &AppState, rule: Rule, value: &str) -> String {
    let lang = node_language(state);
    crate::i18n::t_args(
        lang,
        &format!("rules-question-{}", rule.as_str().replace('_', "-")),
        &[("value", value.into())],
    )
}

/// Propose a change: checked, refused as a duplicate of an open proposal,
/// then its poll opened and the closing job queued.
pub async fn propose(state: &AppState, actor: &Actor, input: &ProposalInput) -> WebResult<RuleChange> {
    let person = actor.person_id().ok_or(WebError::Domain(DomainError::Unauthenticated))?;
    let home = plural_store::people::get(&state.db, person).await?.and_then(|p| p.home_place_id);
    authz::decide(actor, &Action::ProposeRuleChange { member: home.is_some() })?;
    let Some(home) = home else { return Err(DomainError::Forbidden("rules-members-only").into()) };
    let p = kernel::check_proposal(input).map_err(DomainError::Invalid)?;
    let value = p.value.encode();
    if plural_store::rules::open_duplicate(&state.db, p.rule, &value).await? {
        return Err(DomainError::Conflict("rules-duplicate").into());
    }
    // The poll is held at the top of the proposer's place chain; who may
    // vote is the node's members, whatever the place.
    let chain = plural_store::places::ancestry(&state.db, home).await?;
    let place = chain.first().map(|pl| pl.id).unwrap_or(home);
    let now = plural_store::now();
    let today = now - now.rem_euclid(DAY);
    let poll = CheckedPoll {
        question: question(state, p.rule, &value),
        description: p.reason.clone(),
        kind: Kind::Single,
        options: vec![
            crate::i18n::t(node_language(state), "rules-option-yes"),
            crate::i18n::t(node_language(state), "rules-option-no"),
        ],
        max_choices: 1,
        results: Results::AfterClose,
        opens_at: now,
        closes_at: today + p.days * DAY + DAY - 1,
    };
    // The poll is not federated: the node's own governance is voted on by
    // its members alone, and a domain is not told it is being considered
    // for a block.
    let Some((id, _poll)) =
        plural_store::rules::propose(&state.db, p.rule, &value, &p.reason, person, place, &poll).await?
    else {
        return Err(DomainError::Conflict("rules-duplicate").into());
    };
    plural_store::jobs::enqueue_at(state.db.writer(), &RuleDecide { id: id.clone() }, poll.closes_at + 1).await?;
    plural_store::rules::get(&state.db, &id).await?.ok_or(WebError::not_found())
}

/// A node admin's direct change (the federation block form): applied at
/// once and recorded in the same history, with the admin's reason.
pub async fn admin_change(state: &AppState, actor: &Actor, rule: Rule, value: &str, reason: &str) -> WebResult<String> {
    authz::decide(actor, &Action::BlockDomains)?;
    let person = actor.person_id().ok_or(WebError::Domain(DomainError::Unauthenticated))?;
    let mut errors = plural_kernel::FieldErrors::new();
    let value =
        errors.check(kernel::check_value(rule, value).map_err(|e| plural_kernel::FieldError::new("domain", e.code)));
    let reason = reason.trim();
    if reason.is_empty() {
        errors.push("reason", "rules-reason-required");
    } else if reason.chars().count() > kernel::REASON_MAX {
        errors.push("reason", "rules-reason-too-long");
    }
    let (Some(value), true) = (value, errors.is_empty()) else { return Err(DomainError::Invalid(errors).into()) };
    let value = value.encode();
    plural_store::rules::admin_change(&state.db, rule, &value, reason, person).await?;
    state.federation.memo.forget_blocked();
    Ok(value)
}

/// Decides a rule change once its poll has closed.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RuleDecide {
    pub id: String,
}

impl Job for RuleDecide {
    const KIND: &'static str = "rules.decide";
}

/// Count a closed rule-change poll and apply or decline the change. Does
/// nothing before the poll closes, or once the change is decided.
pub async fn decide(state: &AppState, id: &str) -> WebResult<Option<RuleChange>> {
    let Some(change) = plural_store::rules::get(&state.db, id).await? else { return Ok(None) };
    let Some(poll_id) = change.poll_id.as_deref() else { return Ok(None) };
    let Some(poll) = plural_store::polls::get(&state.db, poll_id).await? else { return Ok(None) };
    if change.status != "open" || plural_store::now() <= poll.closes_at {
        return Ok(None);
    }
    let r = crate::voice::polls::results(state, &poll).await?;
    let yes = r.counts.first().copied().unwrap_or(0);
    let no = r.counts.get(1).copied().unwrap_or(0);
    let quorum = u64::try_from(state.config.rules.quorum).unwrap_or(0);
    // Checked again: a value outside the floors never takes effect.
    let valid = kernel::check_value(change.rule, &change.value).is_ok();
    let carried = valid && kernel::carried(yes, no, quorum);
    let as_i64 = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
    plural_store::rules::decide(&state.db, id, as_i64(yes), as_i64(no), as_i64(quorum), carried).await?;
    state.federation.memo.forget_blocked();
    Ok(plural_store::rules::get(&state.db, id).await?)
}

/// The worker's handler for [`RuleDecide`]; a poll whose close was moved
/// later is looked at again then.
pub async fn handle(state: &AppState, job: &ClaimedJob) -> anyhow::Result<()> {
    let RuleDecide { id } = job.payload()?;
    let change = plural_store::rules::get(&state.db, &id).await?;
    if let Some(c) = change.filter(|c| c.status == "open") {
        match c.poll_closes_at {
            Some(at) if at >= plural_store::now() => {
                plural_store::jobs::enqueue_at(state.db.writer(), &RuleDecide { id }, at + 1).await?;
            }
            _ => {
                decide(state, &id).await.map_err(|e| anyhow::anyhow!("{e:?}"))?;
            }
        }
    }
    Ok(())
}

/// Every rule change, open ones first among the newest.
pub async fn history(state: &AppState) -> WebResult<Vec<RuleChange>> {
    Ok(plural_store::rules::list(&state.db).await?)
}
