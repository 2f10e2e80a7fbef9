//! A new version of a blueprint, as it touches a campaign adopted from an
//! earlier one: what changed, change by change (a text, the petition's
//! threshold, a stage added, removed, retitled or given another deadline
//! rule), each with a stable key an adopter can choose by. Texts are shown
//! as the adopter's campaign got them: in the language adopted in, with
//! the custom fields (`{asset_name}`) filled in.
//!
//! Whether a change conflicts (the group already edited that part of its
//! campaign) is decided by comparing the campaign with what the version it
//! is on says (`Rendered` of that version): where they differ, the group
//! wrote its own.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::blueprints::{self as bp, Blueprint, Deadline};

/// `{key}` in a text replaced by the value given for that field.
pub fn fill(text: &str, fields: &BTreeMap<String, String>) -> String {
    fields.iter().fold(text.to_string(), |t, (k, v)| t.replace(&format!("{{{k}}}"), v.trim()))
}

/// The language a campaign is made in: the one asked for if the blueprint
/// has it, else the blueprint's first.
pub fn language_of<'a>(b: &'a Blueprint, asked: &'a str) -> &'a str {
    if b.languages.iter().any(|l| l == asked) {
        asked
    } else {
        b.languages.first().map_or("en", String::as_str)
    }
}

/// A blueprint's campaign part as a campaign adopted from it reads.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Rendered {
    pub title: String,
    pub goal: String,
    pub story: String,
    pub target: String,
    pub petition_text: String,
    pub threshold: i64,
    pub stages: Vec<RenderedStage>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedStage {
    pub key: String,
    pub title: String,
    pub note: String,
    pub deadline: Option<Deadline>,
}

/// The campaign part of `b` in `lang` with `fields` filled in; `None` when
/// the blueprint has no campaign.
pub fn render(b: &Blueprint, lang: &str, fields: &BTreeMap<String, String>) -> Option<Rendered> {
    let cp = b.campaign.as_ref()?;
    let lang = language_of(b, lang);
    let text = |t: &bp::Text| fill(bp::text_in(t, lang, &b.languages), fields);
    Some(Rendered {
        title: text(&cp.title),
        goal: text(&cp.goal),
        story: text(&cp.story),
        target: text(&cp.target),
        petition_text: cp.petition.as_ref().map(|p| text(&p.text)).unwrap_or_default(),
        threshold: cp.petition.as_ref().map_or(0, |p| p.threshold.max(0)),
        stages: cp
            .stages
            .iter()
            .map(|s| RenderedStage {
                key: s.key.clone(),
                title: text(&s.title),
                note: text(&s.note),
                deadline: s.deadline.clone(),
            })
            .collect(),
    })
}

/// What a change does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// A text or number changed.
    Changed,
    /// A stage was added.
    StageAdded,
    /// A stage was removed.
    StageRemoved,
}

/// The part of a campaign a change touches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    Title,
    Goal,
    Story,
    Target,
    PetitionText,
    Threshold,
    Stage,
    StageTitle,
    StageNote,
    StageDeadline,
}

impl Part {
    fn name(self) -> &'static str {
        match self {
            Part::Title => "title",
            Part::Goal => "goal",
            Part::Story => "story",
            Part::Target => "target",
            Part::PetitionText => "petition_text",
            Part::Threshold => "threshold",
            Part::Stage => "stage",
            Part::StageTitle => "title",
            Part::StageNote => "note",
            Part::StageDeadline => "deadline",
        }
    }
}

/// A value before or after a change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Value {
    Text(String),
    Number(i64),
    Deadline(Option<Deadline>),
}

/// One change an adopter may take or leave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CampaignChange {
    /// Stable within a pair of versions: `title`, `threshold`,
    /// `stage.bidder_request.deadline`, `stage.bidder_request` (added or removed).
    pub key: String,
    pub kind: ChangeKind,
    pub part: Part,
    /// The stage it touches, by its key in the blueprint.
    pub stage: Option<String>,
    /// The stage's title (in the new version, or the old one when removed).
    pub stage_title: Option<String>,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

fn key_of(part: Part, stage: Option<&str>) -> String {
    match (part, stage) {
        (Part::Stage, Some(s)) => format!("stage.{s}"),
        (p, Some(s)) => format!("stage.{s}.{}", p.name()),
        (p, None) => p.name().to_string(),
    }
}

/// Every change from `old` to `new` that a campaign adopted from `old` could take.
pub fn changes(old: &Rendered, new: &Rendered) -> Vec<CampaignChange> {
    let mut out = Vec::new();
    let mut push = |part: Part, before: Value, after: Value| {
        if before != after {
            out.push(CampaignChange {
                key: key_of(part, None),
                kind: ChangeKind::Changed,
                part,
                stage: None,
                stage_title: None,
                before: Some(before),
                after: Some(after),
            });
        }
    };
    push(Part::Title, Value::Text(old.title.clone()), Value::Text(new.title.clone()));
    push(Part::Goal, Value::Text(old.goal.clone()), Value::Text(new.goal.clone()));
    push(Part::Story, Value::Text(old.story.clone()), Value::Text(new.story.clone()));
    push(Part::Target, Value::Text(old.target.clone()), Value::Text(new.target.clone()));
    push(Part::PetitionText, Value::Text(old.petition_text.clone()), Value::Text(new.petition_text.clone()));
    push(Part::Threshold, Value::Number(old.threshold), Value::Number(new.threshold));
    for s in &old.stages {
        if !new.stages.iter().any(|n| n.key == s.key) {
            out.push(CampaignChange {
                key: key_of(Part::Stage, Some(&s.key)),
                kind: ChangeKind::StageRemoved,
                part: Part::Stage,
                stage: Some(s.key.clone()),
                stage_title: Some(s.title.clone()),
                before: Some(Value::Text(s.title.clone())),
                after: None,
            });
        }
    }
    for n in &new.stages {
        let Some(o) = old.stages.iter().find(|o| o.key == n.key) else {
            out.push(CampaignChange {
                key: key_of(Part::Stage, Some(&n.key)),
                kind: ChangeKind::StageAdded,
                part: Part::Stage,
                stage: Some(n.key.clone()),
                stage_title: Some(n.title.clone()),
                before: None,
                after: Some(Value::Text(n.title.clone())),
            });
            continue;
        };
        for (part, before, after) in [
            (Part::StageTitle, Value::Text(o.title.clone()), Value::Text(n.title.clone())),
            (Part::StageNote, Value::Text(o.note.clone()), Value::Text(n.note.clone())),
            (Part::StageDeadline, Value::Deadline(o.deadline.clone()), Value::Deadline(n.deadline.clone())),
        ] {
            if before != after {
                out.push(CampaignChange {
                    key: key_of(part, Some(&n.key)),
                    kind: ChangeKind::Changed,
                    part,
                    stage: Some(n.key.clone()),
                    stage_title: Some(n.title.clone()),
                    before: Some(before),
                    after: Some(after),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::blueprints::{parse, Syntax};

    const SAVE_OUR_LOCAL: &str = include_str!("../../../blueprints/save-our-local.toml");
    const MODULES: [&str; 1] = ["campaigns"];

    fn fields() -> BTreeMap<String, String> {
        BTreeMap::from([("asset_name".to_string(), "the Golden Lion".to_string())])
    }

    #[test]
    fn each_change_is_named_by_a_stable_key() {
        let v1 = parse(SAVE_OUR_LOCAL, Syntax::Toml, &MODULES).unwrap();
        let mut v2 = v1.clone();
        v2.version = "2.0.0".into();
        let cp = v2.campaign.as_mut().unwrap();
        cp.goal.insert("en".into(), "Keep {asset_name} open for good".into());
        cp.petition.as_mut().unwrap().threshold = 50;
        let removed = cp.stages.remove(0);
        if let Some(d) = cp.stages[0].deadline.as_mut() {
            d.weeks += 2;
        }
        let first = cp.stages[0].key.clone();
        cp.stages.push(bp::StagePart {
            key: "celebrate".into(),
            title: [("en".to_string(), "Celebrate".to_string())].into(),
            note: BTreeMap::new(),
            deadline: None,
        });
        let old = render(&v1, "en", &fields()).unwrap();
        let new = render(&v2, "en", &fields()).unwrap();
        let c = changes(&old, &new);
        let keys: Vec<&str> = c.iter().map(|c| c.key.as_str()).collect();
        let removed_key = format!("stage.{}", removed.key);
        let moved_key = format!("stage.{first}.deadline");
        assert!(keys.contains(&"goal") && keys.contains(&"threshold"), "{keys:?}");
        assert!(keys.contains(&removed_key.as_str()) && keys.contains(&"stage.celebrate"), "{keys:?}");
        let goal = c.iter().find(|c| c.key == "goal").unwrap();
        assert_eq!(goal.after, Some(Value::Text("Keep the Golden Lion open for good".into())));
        let stage_changes = c.iter().filter(|c| c.key == moved_key).count();
        assert_eq!(stage_changes, usize::from(v1.campaign.as_ref().unwrap().stages[1].deadline.is_some()));
        assert!(changes(&old, &old).is_empty());
    }
}
