//! New versions reaching adopters. When a newer version of the blueprint a
//! campaign was adopted from is on this node (published here, installed,
//! or read from a followed feed), its organisers are told — on the
//! campaign's management page, and by email to the group's admins when the
//! version arrives — and shown what changed, change by change, as their
//! campaign would read it. They choose which changes to take; those are
//! applied in one transaction and the campaign is then on the new version.
//! A change to something the group already edited is a conflict: shown,
//! and not taken unless chosen. Declining all dismisses the notice until a
//! newer version comes.

use std::collections::BTreeMap;

use plural_kernel::authz::{decide, Action, Actor};
use plural_kernel::blueprint_updates::{self as bu, CampaignChange, ChangeKind, Part, Rendered};
use plural_kernel::blueprints::{self as bp};
use plural_kernel::campaigns::{self as rules, CampaignInput, StageInput};
use plural_kernel::groups::Role;
use plural_kernel::provenance::Signed;
use plural_kernel::{DomainError, FieldError, FieldErrors};
use plural_store::blueprints::{Adoption, StagePlan, UpdatePlan};
use plural_store::campaigns::{Campaign, Stage};

use super::service::{self, Installed};
use crate::campaigns::service::Loaded;
use crate::error::{WebError, WebResult};
use crate::mail::Email;
use crate::AppState;

/// Every version of every blueprint this node has: the shipped ones and
/// every stored version (not only the latest, as the catalogue shows).
pub async fn all_versions(state: &AppState) -> WebResult<Vec<Installed>> {
    let mut all: Vec<Installed> = service::installed().to_vec();
    for s in plural_store::blueprints::all(&state.db).await? {
        let Ok(signed) = serde_json::from_str::<Signed>(&s.document) else { continue };
        all.push(Installed {
            blueprint: signed.head.blueprint.clone(),
            digest: s.digest,
            how: if s.how == "published" { "published" } else { "installed" },
            document: Some(signed),
        });
    }
    Ok(all)
}

/// Who publishes a version: its origin, or this node for the shipped ones.
fn origin_of(state: &AppState, i: &Installed) -> String {
    i.blueprint.origin.clone().unwrap_or_else(|| service::origin(state))
}

/// The newest version of `from`'s blueprint by the same publisher, if newer.
fn newest_after<'a>(state: &AppState, versions: &'a [Installed], from: &Installed) -> Option<&'a Installed> {
    let origin = origin_of(state, from);
    let current = bp::version_parts(&from.blueprint.version)?;
    versions
        .iter()
        .filter(|i| i.blueprint.id == from.blueprint.id && origin_of(state, i) == origin)
        .filter(|i| bp::version_parts(&i.blueprint.version).is_some_and(|v| v > current))
        .max_by_key(|i| bp::version_parts(&i.blueprint.version))
}

/// One change, with whether the group already edited that part.
#[derive(Debug, Clone)]
pub struct Offered {
    pub change: CampaignChange,
    pub conflict: bool,
}

/// A newer version a campaign could take.
#[derive(Debug, Clone)]
pub struct Pending {
    pub from: Installed,
    pub to: Installed,
    pub changes: Vec<Offered>,
    adoption: Adoption,
    old: Rendered,
    new: Rendered,
    stages: Vec<Stage>,
}

/// How a campaign was adopted; for one adopted before this was recorded,
/// its stages are matched to the blueprint's by position.
async fn adoption_of(state: &AppState, c: &Campaign, from: &Installed, stages: &[Stage]) -> WebResult<Adoption> {
    if let Some(a) = plural_store::blueprints::adoption(&state.db, &c.id).await? {
        return Ok(a);
    }
    let keys = from.blueprint.campaign.iter().flat_map(|cp| &cp.stages).map(|s| s.key.clone());
    Ok(Adoption {
        campaign_id: c.id.clone(),
        language: from.blueprint.languages.first().cloned().unwrap_or_default(),
        stage_keys: stages.iter().map(|s| s.id.clone()).zip(keys).collect(),
        ..Adoption::default()
    })
}

/// How a campaign was just adopted (its stages, `stage_ids` in order, are
/// the blueprint's), to be recorded with the campaign.
pub fn adoption_record(
    campaign_id: &str,
    stage_ids: &[String],
    i: &Installed,
    language: &str,
    fields: &BTreeMap<String, String>,
    dates: &BTreeMap<String, String>,
) -> Adoption {
    let keys = i.blueprint.campaign.iter().flat_map(|cp| &cp.stages).map(|s| s.key.clone());
    Adoption {
        campaign_id: campaign_id.to_string(),
        language: bu::language_of(&i.blueprint, language).to_string(),
        fields: fields.iter().map(|(k, v)| (k.clone(), v.trim().to_string())).collect(),
        dates: dates.iter().filter(|(_, v)| !v.trim().is_empty()).map(|(k, v)| (k.clone(), v.trim().into())).collect(),
        stage_keys: stage_ids.iter().cloned().zip(keys).collect(),
        dismissed: None,
    }
}

fn entered(a: &Adoption) -> BTreeMap<String, time::Date> {
    a.dates.iter().filter_map(|(k, v)| rules::parse_date("date", v).ok().map(|d| (k.clone(), d))).collect()
}

fn due(a: &Adoption, d: Option<&bp::Deadline>) -> Option<i64> {
    let d = d?;
    let from = entered(a).get(&d.from).copied()?;
    bp::add_offset(from, d.after()).map(rules::date_to_unix)
}

fn stage_with_key<'a>(p: &'a Pending, key: &str) -> Option<&'a Stage> {
    p.stages.iter().find(|s| p.adoption.stage_keys.get(&s.id).is_some_and(|k| k == key))
}

fn old_stage<'a>(p: &'a Pending, key: &str) -> Option<&'a bu::RenderedStage> {
    p.old.stages.iter().find(|s| s.key == key)
}

/// Whether the campaign's part differs from what its version says.
fn conflicts(p: &Pending, c: &Campaign, ch: &CampaignChange) -> bool {
    let key = ch.stage.as_deref().unwrap_or_default();
    let (stage, old) = (stage_with_key(p, key), old_stage(p, key));
    match ch.part {
        Part::Title => c.title != p.old.title,
        Part::Goal => c.goal != p.old.goal,
        Part::Story => c.story != p.old.story,
        Part::Target => c.target != p.old.target,
        Part::PetitionText => c.petition_text != p.old.petition_text,
        Part::Threshold => c.threshold != p.old.threshold,
        Part::StageTitle => !matches!((stage, old), (Some(s), Some(o)) if s.title == o.title),
        Part::StageNote => !matches!((stage, old), (Some(s), Some(o)) if s.note == o.note),
        Part::StageDeadline => {
            !matches!((stage, old), (Some(s), Some(o)) if s.due_on == due(&p.adoption, o.deadline.as_ref()))
        }
        Part::Stage if ch.kind == ChangeKind::StageRemoved => {
            matches!((stage, old), (Some(s), Some(o)) if s.title != o.title || s.note != o.note)
        }
        Part::Stage => false,
    }
}

/// The newer version a campaign could take, with what changed; `None`
/// when it is on the newest, was not adopted, or declined this one.
pub async fn pending(state: &AppState, c: &Campaign) -> WebResult<Option<Pending>> {
    let Some(r) = &c.blueprint else { return Ok(None) };
    let versions = all_versions(state).await?;
    let Some(from) = versions.iter().find(|i| i.digest == r.digest) else { return Ok(None) };
    let Some(to) = newest_after(state, &versions, from) else { return Ok(None) };
    let stages = plural_store::campaigns::stages(&state.db, &c.id).await?;
    let adoption = adoption_of(state, c, from, &stages).await?;
    if adoption.dismissed.as_deref() == Some(to.digest.as_str()) {
        return Ok(None);
    }
    let (Some(old), Some(new)) = (
        bu::render(&from.blueprint, &adoption.language, &adoption.fields),
        bu::render(&to.blueprint, &adoption.language, &adoption.fields),
    ) else {
        return Ok(None);
    };
    let mut p = Pending { from: from.clone(), to: to.clone(), changes: Vec::new(), adoption, old, new, stages };
    let changes = bu::changes(&p.old, &p.new);
    p.changes = changes.into_iter().map(|change| Offered { conflict: conflicts(&p, c, &change), change }).collect();
    Ok(Some(p))
}

fn invalid(code: &'static str) -> WebError {
    DomainError::Invalid(FieldErrors(vec![FieldError::new("take", code)])).into()
}

/// The new version's value of a text change.
fn new_text(ch: &CampaignChange) -> Option<String> {
    match &ch.after {
        Some(bu::Value::Text(t)) => Some(t.clone()),
        _ => None,
    }
}

/// Take the chosen changes (by key) of the version `to` (its digest, as
/// shown): applied in one transaction, the campaign then on `to`. Keys
/// that are not among the changes are refused, as is a version that is no
/// longer the one offered; what the changes would make is checked like
/// the campaign's own form, and nothing is written when anything fails.
pub async fn take(state: &AppState, actor: &Actor, l: &Loaded, to: &str, chosen: &[String]) -> WebResult<()> {
    decide(actor, &Action::RunCampaign { role: l.role })?;
    let c = &l.c;
    let Some(p) = pending(state, c).await? else { return Err(invalid("blueprint-update-gone")) };
    if p.to.digest != to {
        return Err(invalid("blueprint-update-gone"));
    }
    if let Some(_unknown) = chosen.iter().find(|k| !p.changes.iter().any(|o| &o.change.key == *k)) {
        return Err(invalid("blueprint-change-unknown"));
    }
    let take = |key: &str| chosen.iter().any(|k| k == key);
    let offered = |key: &str| p.changes.iter().find(|o| o.change.key == key).map(|o| &o.change);
    let text = |key: &str, current: &str| match offered(key) {
        Some(ch) if take(key) => new_text(ch).unwrap_or_default(),
        _ => current.to_string(),
    };
    let threshold = match offered("threshold").and_then(|ch| ch.after.clone()) {
        Some(bu::Value::Number(n)) if take("threshold") => n,
        _ => c.threshold,
    };
    let input = CampaignInput {
        title: text("title", &c.title),
        goal: text("goal", &c.goal),
        story: text("story", &c.story),
        target: text("target", &c.target),
        status: c.status.as_str().into(),
        outcome: c.outcome.clone(),
        petition: c.petition,
        petition_text: text("petition_text", &c.petition_text),
        threshold: if threshold > 0 { threshold.to_string() } else { String::new() },
        local_districts: c.local_districts.clone(),
        pledges: c.pledges,
    };
    let checked = rules::check(&input).map_err(|_| invalid("blueprint-update-invalid"))?;
    // The stages: the campaign's own order, removed ones left out, changed
    // ones changed, added ones after the stage they follow in the new version.
    let key_of = |s: &Stage| p.adoption.stage_keys.get(&s.id).cloned();
    let mut plan: Vec<StagePlan> = Vec::new();
    let mut remove = Vec::new();
    for s in &p.stages {
        let key = key_of(s);
        let k = key.clone().unwrap_or_default();
        if key.is_some() && take(&format!("stage.{k}")) && offered(&format!("stage.{k}")).is_some() {
            remove.push(s.id.clone());
            continue;
        }
        let new = p.new.stages.iter().find(|n| Some(&n.key) == key.as_ref());
        let title = format!("stage.{k}.title");
        let note = format!("stage.{k}.note");
        let deadline = format!("stage.{k}.deadline");
        plan.push(StagePlan {
            id: Some(s.id.clone()),
            key,
            title: match new {
                Some(n) if take(&title) && offered(&title).is_some() => n.title.clone(),
                _ => s.title.clone(),
            },
            note: match new {
                Some(n) if take(&note) && offered(&note).is_some() => n.note.clone(),
                _ => s.note.clone(),
            },
            due_on: match new {
                Some(n) if take(&deadline) && offered(&deadline).is_some() => due(&p.adoption, n.deadline.as_ref()),
                _ => s.due_on,
            },
        });
    }
    for (i, n) in p.new.stages.iter().enumerate() {
        let key = format!("stage.{}", n.key);
        if !(take(&key) && offered(&key).is_some_and(|ch| ch.kind == ChangeKind::StageAdded)) {
            continue;
        }
        let after = p.new.stages[..i]
            .iter()
            .rev()
            .find_map(|prev| plan.iter().position(|s| s.key.as_deref() == Some(prev.key.as_str())));
        let at = after.map_or(0, |x| x + 1);
        plan.insert(
            at,
            StagePlan {
                id: None,
                key: Some(n.key.clone()),
                title: n.title.clone(),
                note: n.note.clone(),
                due_on: due(&p.adoption, n.deadline.as_ref()),
            },
        );
    }
    for s in &plan {
        let due_on = s
            .due_on
            .and_then(|d| time::OffsetDateTime::from_unix_timestamp(d).ok())
            .map(|d| d.date().to_string())
            .unwrap_or_default();
        rules::check_stage(&StageInput { title: s.title.clone(), note: s.note.clone(), due_on })
            .map_err(|_| invalid("blueprint-update-invalid"))?;
    }
    let update = UpdatePlan {
        campaign: c.id.clone(),
        title: checked.title,
        goal: checked.goal,
        story: checked.story,
        target: checked.target,
        petition_text: checked.petition_text,
        threshold: checked.threshold,
        stages: plan,
        remove,
        version: p.to.blueprint.version.clone(),
        digest: p.to.digest.clone(),
        adoption: p.adoption.clone(),
    };
    if !plural_store::blueprints::apply_update(&state.db, &update, &p.from.digest).await? {
        return Err(invalid("blueprint-update-gone"));
    }
    Ok(())
}

/// Decline a version: no notice until a newer one.
pub async fn dismiss(state: &AppState, actor: &Actor, l: &Loaded, to: &str) -> WebResult<()> {
    decide(actor, &Action::RunCampaign { role: l.role })?;
    let Some(p) = pending(state, &l.c).await? else { return Err(invalid("blueprint-update-gone")) };
    if p.to.digest != to {
        return Err(invalid("blueprint-update-gone"));
    }
    plural_store::blueprints::dismiss(&state.db, &p.adoption, to).await?;
    Ok(())
}

/// Tell the admins of every group whose campaign was adopted from an
/// earlier version of `new` by email (queued; the notice on the campaign's
/// page is there whatever happens to the email).
pub async fn notify_adopters(state: &AppState, new: &Installed) -> WebResult<()> {
    let versions = all_versions(state).await?;
    let earlier: Vec<String> = versions
        .iter()
        .filter(|i| newest_after(state, &versions, i).is_some_and(|n| n.digest == new.digest))
        .map(|i| i.digest.clone())
        .collect();
    for (campaign, group) in plural_store::blueprints::adopters(&state.db, &earlier).await? {
        let Some(c) = plural_store::campaigns::get(&state.db, &campaign).await? else { continue };
        let Ok(group) = group.parse() else { continue };
        for m in plural_store::groups::members(&state.db, group).await? {
            if !matches!(m.role, Role::Owner | Role::Admin) {
                continue;
            }
            let Some(address) = plural_store::people::email(&state.db, &state.key, m.person_id).await? else {
                continue;
            };
            let lang = plural_store::people::get(&state.db, m.person_id).await?.map(|p| p.language).unwrap_or_default();
            let b = &new.blueprint;
            let args = [
                ("node", state.node_name.to_string()),
                ("title", c.title.clone()),
                ("blueprint", bp::text_in(&b.name, lang.code(), &b.languages).to_string()),
                ("version", b.version.clone()),
                ("link", format!("{}/campaigns/{}/blueprint-update", state.config.base(), c.id)),
            ];
            let email = Email {
                to: address,
                subject: crate::i18n::t_args(lang, "blueprint-email-update-subject", &args),
                text: crate::i18n::t_args(lang, "blueprint-email-update-body", &args),
                ..Email::default()
            };
            crate::mail::queue(&state.db, &state.key, &email).await?;
        }
    }
    Ok(())
}

/// What the campaign says now for the part a change touches, as text
/// (shown beside a conflict, so the group sees what taking it replaces).
pub fn current(p: &Pending, c: &Campaign, ch: &CampaignChange) -> String {
    let stage = ch.stage.as_deref().and_then(|k| stage_with_key(p, k));
    let day = |d: Option<i64>| {
        d.and_then(|d| time::OffsetDateTime::from_unix_timestamp(d).ok())
            .map(|d| d.date().to_string())
            .unwrap_or_default()
    };
    match ch.part {
        Part::Title => c.title.clone(),
        Part::Goal => c.goal.clone(),
        Part::Story => c.story.clone(),
        Part::Target => c.target.clone(),
        Part::PetitionText => c.petition_text.clone(),
        Part::Threshold => c.threshold.to_string(),
        Part::StageTitle | Part::Stage => stage.map(|s| s.title.clone()).unwrap_or_default(),
        Part::StageNote => stage.map(|s| s.note.clone()).unwrap_or_default(),
        Part::StageDeadline => day(stage.and_then(|s| s.due_on)),
    }
}
