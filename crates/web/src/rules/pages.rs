//! The `/rules` page and the form to propose a change.

use askama::Template;
use axum::extract::State;
use axum::http::Method;
use axum::response::{IntoResponse, Redirect, Response};
use plural_kernel::language::Language;
use plural_kernel::node_rules::{ProposalInput, Rule, DAYS_DEFAULT};
use plural_kernel::DomainError;
use plural_store::rules::RuleChange;

use super::service;
use crate::error::{WebError, WebResult};
use crate::forms::{FormData, FormErrors};
use crate::i18n::{t, t_args};
use crate::layout::{render, Page};
use crate::routes::Routes;
use crate::session::Visitor;
use crate::AppState;

/// A rule in force, as a line of the page.
pub struct RuleLine {
    pub name: String,
    pub value: String,
    pub source: String,
}

/// A change, as a line of the page.
pub struct ChangeLine {
    pub number: i64,
    pub what: String,
    pub reason: String,
    pub who: String,
    pub outcome: String,
    pub poll: Option<String>,
}

fn rule_name(lang: Language, rule: &str) -> String {
    t(lang, &format!("rules-name-{}", rule.replace('_', "-")))
}

fn source(lang: Language, page: &Page, change: &Option<RuleChange>) -> String {
    match change {
        None => t(lang, "rules-source-config"),
        Some(c) if c.actor_role == "node_admin" => t_args(
            lang,
            "rules-source-admin",
            &[("number", c.number.to_string()), ("date", page.date(&c.decided_at.unwrap_or(c.created_at)))],
        ),
        Some(c) => t_args(
            lang,
            "rules-source-poll",
            &[("number", c.number.to_string()), ("date", page.date(&c.decided_at.unwrap_or(c.created_at)))],
        ),
    }
}

fn change_line(lang: Language, page: &Page, c: &RuleChange) -> ChangeLine {
    let what =
        t_args(lang, &format!("rules-what-{}", c.rule.as_str().replace('_', "-")), &[("value", c.value.clone())]);
    let name = c.proposer_name.clone().unwrap_or_default();
    let who = if c.actor_role == "node_admin" {
        t_args(lang, "rules-who-admin", &[("name", name)])
    } else {
        t_args(lang, "rules-who-members", &[("name", name), ("number", c.number.to_string())])
    };
    let votes = [("yes", c.yes_votes.to_string()), ("no", c.no_votes.to_string()), ("quorum", c.quorum.to_string())];
    let outcome = match c.status.as_str() {
        "open" => t_args(lang, "rules-outcome-open", &[("date", page.date(&c.poll_closes_at.unwrap_or(0)))]),
        "applied" if c.actor_role == "node_admin" => {
            t_args(lang, "rules-outcome-admin", &[("date", page.date(&c.decided_at.unwrap_or(c.created_at)))])
        }
        "applied" => {
            let mut args = votes.to_vec();
            args.push(("date", page.date(&c.decided_at.unwrap_or(0))));
            t_args(lang, "rules-outcome-applied", &args)
        }
        _ => {
            let mut args = votes.to_vec();
            args.push(("date", page.date(&c.decided_at.unwrap_or(0))));
            t_args(lang, "rules-outcome-declined", &args)
        }
    };
    ChangeLine {
        number: c.number,
        what,
        reason: c.reason.clone(),
        who,
        outcome,
        poll: c.poll_id.as_ref().map(|p| format!("/polls/{p}")),
    }
}

#[derive(Template)]
#[template(path = "rules/index.html")]
struct IndexPage {
    page: Page,
    rules: Vec<RuleLine>,
    domains: Vec<RuleLine>,
    open: Vec<ChangeLine>,
    history: Vec<ChangeLine>,
    quorum: String,
}

async fn index(State(state): State<AppState>, v: Visitor) -> WebResult<Response> {
    let page = v.page(&state, v.t("rules-title"));
    let lang = v.lang;
    let (numbers, domains) = service::current(&state).await?;
    let rules = numbers
        .iter()
        .map(|c| RuleLine {
            name: rule_name(lang, c.rule),
            value: c.value.clone(),
            source: source(lang, &page, &c.change),
        })
        .collect();
    let domains = domains
        .iter()
        .map(|c| RuleLine { name: c.value.clone(), value: String::new(), source: source(lang, &page, &c.change) })
        .collect();
    let all = service::history(&state).await?;
    let open = all.iter().filter(|c| c.status == "open").map(|c| change_line(lang, &page, c)).collect();
    let history = all.iter().filter(|c| c.status != "open").map(|c| change_line(lang, &page, c)).collect();
    let quorum = t_args(lang, "rules-quorum", &[("quorum", state.config.rules.quorum.to_string())]);
    Ok(render(&IndexPage { page, rules, domains, open, history, quorum }))
}

pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "rules/propose.html")]
struct ProposePage {
    page: Page,
    errors: FormErrors,
    input: ProposalInput,
    rules: Vec<Choice>,
    member: bool,
}

async fn propose_page(state: &AppState, v: &Visitor, input: ProposalInput, errors: FormErrors) -> WebResult<Response> {
    let me = v.require()?;
    let heading = v.t("rules-propose-title");
    let title = if errors.any() { format!("{} {heading}", v.t("error-title-prefix")) } else { heading };
    let mut rules = vec![Choice { value: String::new(), label: v.t("voice-choose"), selected: input.rule.is_empty() }];
    rules.extend(Rule::ALL.iter().map(|r| Choice {
        value: r.as_str().into(),
        label: rule_name(v.lang, r.as_str()),
        selected: r.as_str() == input.rule.trim(),
    }));
    let member = service::is_member(state, me.id).await?;
    Ok(render(&ProposePage { page: v.page(state, title), errors, input, rules, member }))
}

async fn propose_form(State(state): State<AppState>, v: Visitor) -> WebResult<Response> {
    v.require()?;
    let input = ProposalInput { days: DAYS_DEFAULT.to_string(), ..ProposalInput::default() };
    propose_page(&state, &v, input, FormErrors::none()).await
}

async fn propose(State(state): State<AppState>, v: Visitor, form: FormData) -> WebResult<Response> {
    v.require()?;
    let input = ProposalInput {
        rule: form.get("rule").into(),
        value: form.get("value").into(),
        reason: form.get("reason").into(),
        days: form.get("days").into(),
    };
    match service::propose(&state, &v.actor(), &input).await {
        Ok(c) => {
            let to = c.poll_id.map(|p| format!("/polls/{p}")).unwrap_or_else(|| "/rules".into());
            Ok(Redirect::to(&format!("{to}?notice=rules-proposed")).into_response())
        }
        Err(WebError::Domain(DomainError::Invalid(errs))) => {
            propose_page(&state, &v, input, FormErrors::from(v.lang, &errs)).await
        }
        Err(WebError::Domain(DomainError::Conflict(code))) => {
            let errs = plural_kernel::FieldErrors(vec![plural_kernel::FieldError::new("value", code)]);
            propose_page(&state, &v, input, FormErrors::from(v.lang, &errs)).await
        }
        Err(e) => Err(e),
    }
}

pub fn routes() -> Routes {
    Routes::new().page(Method::GET, "/rules", index).page(Method::GET, "/rules/propose", propose_form).page(
        Method::POST,
        "/rules/propose",
        propose,
    )
}
