//! Blueprints: a community app packaged so that any place can adopt it,
//! adapt it and pass its adaptation on. A blueprint is data only — which
//! modules it uses, the stages with their deadline rules, the petition and
//! pledge settings, custom form fields, page texts and emails in one or
//! more languages, and guidance for organisers. It has no executable code,
//! and its texts may not carry HTML.
//!
//! This module parses a blueprint (TOML or JSON) strictly, naming the path
//! of every problem, computes its canonical form (the bytes that are
//! hashed and signed) and computes stage deadlines from dates an organiser
//! enters.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The format this node reads and writes.
pub const FORMAT: &str = "plural-blueprint/1";
pub const ID_MAX: usize = 60;
pub const TEXT_MAX: usize = 20_000;
pub const LINE_MAX: usize = 300;
/// Most stages, fields, inputs or emails in one blueprint.
pub const ITEMS_MAX: usize = 50;

/// Text in several languages: language code → text.
pub type Text = BTreeMap<String, String>;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Blueprint {
    /// Always `plural-blueprint/1`.
    pub format: String,
    /// Stable across versions: lower-case letters, digits and hyphens.
    pub id: String,
    /// `MAJOR.MINOR.PATCH`.
    pub version: String,
    pub name: Text,
    pub summary: Text,
    /// An SPDX identifier, such as `CC-BY-SA-4.0`.
    pub licence: String,
    pub authors: Vec<String>,
    /// The node that published this version (its base URL); set when published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
    /// The blueprint this one adapts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub derived_from: Option<Source>,
    /// The modules it uses; a node refuses a blueprint naming one it does not have.
    pub modules: Vec<String>,
    /// The languages its texts are written in; the first is the default.
    pub languages: Vec<String>,
    /// Guidance for organisers (Markdown, no HTML).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub guidance: Text,
    /// What this version changed, in words (an adaptation says what it
    /// changed from the blueprint it adapts).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub changes: Text,
    /// Dates (or other facts) the organiser enters when adopting it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inputs: Vec<Input>,
    /// Custom form fields.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<Field>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub campaign: Option<CampaignPart>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub directory: Option<DirectoryPart>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rota: Option<RotaPart>,
    /// A survey of the people of the adopting group's place (voice module).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub survey: Option<SurveyPart>,
    /// A participatory budget for the place (voice module); the organiser
    /// enters the amount when adopting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget: Option<BudgetPart>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub emails: Vec<EmailPart>,
}

/// Which version of which blueprint, from which node, with the SHA-256 of
/// its canonical form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub id: String,
    pub version: String,
    pub origin: String,
    pub digest: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Input {
    pub key: String,
    pub label: Text,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub hint: Text,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    Text,
    LongText,
    Number,
    Date,
    YesNo,
    Choice,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    pub key: String,
    pub label: Text,
    pub kind: FieldKind,
    #[serde(default)]
    pub required: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<FieldChoice>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldChoice {
    pub value: String,
    pub label: Text,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CampaignPart {
    pub title: Text,
    pub goal: Text,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub story: Text,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub target: Text,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stages: Vec<StagePart>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub petition: Option<PetitionPart>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pledges: Option<PledgePart>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StagePart {
    pub key: String,
    pub title: Text,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub note: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<Deadline>,
}

/// So many years, months, weeks and days.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Offset {
    pub years: i64,
    pub months: i64,
    pub weeks: i64,
    pub days: i64,
}

fn is_zero(n: &i64) -> bool {
    *n == 0
}

/// A deadline counted from a date the organiser enters (`from` names one
/// of the blueprint's inputs): so many years, months, weeks and days later.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deadline {
    /// The input (a date the organiser enters) it counts from.
    pub from: String,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub years: i64,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub months: i64,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub weeks: i64,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub days: i64,
}

impl Deadline {
    pub fn after(&self) -> Offset {
        Offset { years: self.years, months: self.months, weeks: self.weeks, days: self.days }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PetitionPart {
    pub text: Text,
    #[serde(default)]
    pub threshold: i64,
    /// Whether the threshold counts local signers only.
    #[serde(default)]
    pub local_threshold: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PledgePart {
    /// `money`, `time`, `shares`.
    pub kinds: Vec<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub note: Text,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DirectoryPart {
    pub name: Text,
    pub description: Text,
    /// Open Referral taxonomy terms or plain categories.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RotaPart {
    pub title: Text,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub description: Text,
    /// `monday` … `sunday`.
    pub weekday: String,
    /// `HH:MM`, local time.
    pub starts: String,
    pub ends: String,
    pub shifts: Vec<ShiftPart>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShiftPart {
    pub key: String,
    pub title: Text,
    pub volunteers: i64,
}

/// A survey: open from the day it is adopted for `weeks` weeks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SurveyPart {
    pub title: Text,
    /// What the answers are for (people are told before they answer).
    pub purpose: Text,
    /// How many weeks it is open, 1 to 17 (a survey runs at most 120 days).
    pub weeks: i64,
    pub questions: Vec<QuestionPart>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    /// A written answer.
    Text,
    /// From 1 (least) to 5 (most).
    Scale,
    /// One of the options.
    Choice,
}

impl QuestionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            QuestionKind::Text => "text",
            QuestionKind::Scale => "scale",
            QuestionKind::Choice => "choice",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionPart {
    pub kind: QuestionKind,
    pub prompt: Text,
    /// The options of a choice question (2 or more).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<Text>,
}

/// A participatory budget: its stages follow each other (after the survey,
/// when there is one), each lasting so many weeks. Its texts may name the
/// dates each stage ends as `{proposing_until}`, `{reviewing_until}`,
/// `{voting_until}` (and `{survey_closes}`), and the amount as `{amount}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BudgetPart {
    pub title: Text,
    pub description: Text,
    pub proposing_weeks: i64,
    pub reviewing_weeks: i64,
    pub voting_weeks: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmailPart {
    pub key: String,
    pub subject: Text,
    pub body: Text,
}

/// One thing wrong, at a path in the file (`campaign.stages[2].deadline.from`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub path: String,
    /// Stable kebab-case code.
    pub code: &'static str,
    /// What to fix, in English (the CLI and API show it as is).
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {} ({})", if self.path.is_empty() { "(file)" } else { &self.path }, self.message, self.code)
    }
}

fn problem(path: impl Into<String>, code: &'static str, message: impl Into<String>) -> Problem {
    Problem { path: path.into(), code, message: message.into() }
}

/// Which syntax a blueprint is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    Toml,
    Json,
}

impl Syntax {
    /// From a file name's extension.
    pub fn of_name(name: &str) -> Option<Syntax> {
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".toml") {
            Some(Syntax::Toml)
        } else if lower.ends_with(".json") {
            Some(Syntax::Json)
        } else {
            None
        }
    }
}

/// Read a blueprint, refusing unknown keys and wrong types with the path
/// where they are, then check its content against what a node has.
pub fn parse(source: &str, syntax: Syntax, modules: &[&str]) -> Result<Blueprint, Vec<Problem>> {
    let parsed: Result<Blueprint, Problem> = match syntax {
        Syntax::Json => {
            let de = &mut serde_json::Deserializer::from_str(source);
            serde_path_to_error::deserialize(de).map_err(|e| {
                let path = e.path().to_string();
                problem(if path == "." { String::new() } else { path }, "blueprint-malformed", e.inner().to_string())
            })
        }
        Syntax::Toml => match toml::from_str::<toml::Value>(source) {
            Err(e) => Err(problem("", "blueprint-malformed", e.message().to_string())),
            Ok(value) => serde_path_to_error::deserialize(value).map_err(|e| {
                let path = e.path().to_string();
                problem(if path == "." { String::new() } else { path }, "blueprint-malformed", e.inner().to_string())
            }),
        },
    };
    let b = parsed.map_err(|p| vec![p])?;
    let problems = check(&b, modules);
    if problems.is_empty() {
        Ok(b)
    } else {
        Err(problems)
    }
}

fn is_key(s: &str, max: usize) -> bool {
    !s.is_empty()
        && s.len() <= max
        && s.bytes().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-' || c == b'_')
        && s.bytes().next().is_some_and(|c| c.is_ascii_lowercase())
}

/// `MAJOR.MINOR.PATCH` as numbers, for ordering versions.
pub fn version_parts(v: &str) -> Option<(u64, u64, u64)> {
    let mut it = v.split('.').map(|p| {
        if p.is_empty() || p.len() > 9 || !p.bytes().all(|c| c.is_ascii_digit()) {
            None
        } else {
            p.parse().ok()
        }
    });
    let parts = (it.next()??, it.next()??, it.next()??);
    if it.next().is_some() {
        return None;
    }
    Some(parts)
}

/// Whether a text carries markup a browser would act on: any tag, comment
/// or processing instruction. Markdown is fine; HTML is not.
pub fn has_html(s: &str) -> bool {
    let b = s.as_bytes();
    b.windows(2).any(|w| w[0] == b'<' && (w[1].is_ascii_alphabetic() || w[1] == b'/' || w[1] == b'!' || w[1] == b'?'))
        || s.to_ascii_lowercase().contains("javascript:")
}

struct Checker<'a> {
    problems: Vec<Problem>,
    languages: &'a [String],
}

impl Checker<'_> {
    fn push(&mut self, path: impl Into<String>, code: &'static str, message: impl Into<String>) {
        self.problems.push(problem(path, code, message));
    }

    fn text(&mut self, path: &str, t: &Text, required: bool, max: usize) {
        if required && t.values().all(|v| v.trim().is_empty()) {
            self.push(path, "blueprint-text-required", "write this text in at least the blueprint's first language");
            return;
        }
        if let (Some(first), false) = (self.languages.first(), t.is_empty()) {
            if !t.contains_key(first) {
                self.push(
                    format!("{path}.{first}"),
                    "blueprint-text-missing-language",
                    format!("write this text in \"{first}\", the blueprint's first language"),
                );
            }
        }
        for (lang, v) in t {
            let p = format!("{path}.{lang}");
            if !self.languages.contains(lang) {
                self.push(
                    &p,
                    "blueprint-language-undeclared",
                    format!("add \"{lang}\" to `languages`, or remove this text"),
                );
            }
            if v.chars().count() > max {
                self.push(&p, "blueprint-text-too-long", format!("shorten this text to at most {max} characters"));
            }
            if has_html(v) {
                self.push(
                    &p,
                    "blueprint-text-html",
                    "remove the HTML: blueprint texts are plain text or Markdown, never markup or script",
                );
            }
            if v.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
                self.push(&p, "blueprint-text-invalid", "remove the control characters");
            }
        }
    }

    /// A survey's prompts and options are written one per line, choices
    /// split at `|`, in the survey's own form: so neither may hold those.
    fn one_line(&mut self, path: &str, t: &Text) {
        for (lang, v) in t {
            if v.contains('\n') || v.contains('|') {
                self.push(
                    format!("{path}.{lang}"),
                    "blueprint-question-text-invalid",
                    "write this on one line, without the character |",
                );
            }
        }
    }

    fn key(&mut self, path: &str, k: &str) {
        if !is_key(k, ID_MAX) {
            self.push(
                path,
                "blueprint-key-invalid",
                "use lower-case letters, digits, hyphens and underscores, starting with a letter",
            );
        }
    }

    fn count(&mut self, path: &str, n: usize) {
        if n > ITEMS_MAX {
            self.push(path, "blueprint-too-many", format!("keep to at most {ITEMS_MAX} entries"));
        }
    }
}

/// Every problem with a blueprint's content. `modules` are the modules
/// this node has.
pub fn check(b: &Blueprint, modules: &[&str]) -> Vec<Problem> {
    let mut c = Checker { problems: Vec::new(), languages: &b.languages };
    if b.format != FORMAT {
        c.push("format", "blueprint-format-unknown", format!("set `format` to \"{FORMAT}\""));
    }
    c.key("id", &b.id);
    if version_parts(&b.version).is_none() {
        c.push("version", "blueprint-version-invalid", "write the version as MAJOR.MINOR.PATCH, such as 1.0.0");
    }
    if b.languages.is_empty() {
        c.push(
            "languages",
            "blueprint-languages-required",
            "list the languages the texts are written in, such as [\"en\"]",
        );
    }
    for (i, l) in b.languages.iter().enumerate() {
        let ok = (2..=3).contains(&l.len()) && l.bytes().all(|x| x.is_ascii_lowercase());
        if !ok {
            c.push(
                format!("languages[{i}]"),
                "blueprint-language-invalid",
                "use a two- or three-letter language code, such as \"en\"",
            );
        }
    }
    c.text("name", &b.name, true, LINE_MAX);
    c.text("summary", &b.summary, true, 1_000);
    c.text("changes", &b.changes, false, 2_000);
    c.text("guidance", &b.guidance, false, TEXT_MAX);
    let licence_ok = !b.licence.is_empty()
        && b.licence.len() <= 60
        && b.licence.bytes().all(|x| x.is_ascii_alphanumeric() || matches!(x, b'-' | b'.' | b'+'));
    if !licence_ok {
        c.push("licence", "blueprint-licence-invalid", "give an SPDX licence identifier, such as CC-BY-SA-4.0");
    }
    if b.authors.is_empty() {
        c.push("authors", "blueprint-authors-required", "name at least one author");
    }
    for (i, a) in b.authors.iter().enumerate() {
        if a.trim().is_empty() || a.chars().count() > LINE_MAX || has_html(a) {
            c.push(format!("authors[{i}]"), "blueprint-author-invalid", "give the author's name (plain text)");
        }
    }
    if let Some(o) = &b.origin {
        if !(o.starts_with("https://") || o.starts_with("http://")) || o.contains(char::is_whitespace) {
            c.push(
                "origin",
                "blueprint-origin-invalid",
                "give the publishing node's address, such as https://commons.example.org",
            );
        }
    }
    if let Some(d) = &b.derived_from {
        c.key("derived_from.id", &d.id);
        if version_parts(&d.version).is_none() {
            c.push("derived_from.version", "blueprint-version-invalid", "write the version as MAJOR.MINOR.PATCH");
        }
        if !(d.digest.len() == 64 && d.digest.bytes().all(|x| x.is_ascii_hexdigit() && !x.is_ascii_uppercase())) {
            c.push(
                "derived_from.digest",
                "blueprint-digest-invalid",
                "give the SHA-256 of the original's canonical form (64 lower-case hex digits)",
            );
        }
        if d.id == b.id && d.version == b.version && Some(&d.origin) == b.origin.as_ref() {
            c.push("derived_from", "blueprint-derived-from-self", "a blueprint cannot be derived from itself");
        }
    }
    if b.modules.is_empty() {
        c.push("modules", "blueprint-modules-required", "list the modules it uses, such as [\"campaigns\"]");
    }
    for (i, m) in b.modules.iter().enumerate() {
        if !modules.contains(&m.as_str()) {
            c.push(
                format!("modules[{i}]"),
                "blueprint-module-unknown",
                format!("this node has no \"{m}\" module (it has: {})", modules.join(", ")),
            );
        }
    }
    let uses = |m: &str| b.modules.iter().any(|x| x == m);
    c.count("inputs", b.inputs.len());
    let mut input_keys: Vec<&str> = Vec::new();
    for (i, input) in b.inputs.iter().enumerate() {
        let p = format!("inputs[{i}]");
        c.key(&format!("{p}.key"), &input.key);
        if input_keys.contains(&input.key.as_str()) {
            c.push(format!("{p}.key"), "blueprint-key-duplicate", "give each input its own key");
        }
        input_keys.push(&input.key);
        c.text(&format!("{p}.label"), &input.label, true, LINE_MAX);
        c.text(&format!("{p}.hint"), &input.hint, false, 1_000);
    }
    c.count("fields", b.fields.len());
    let mut field_keys: Vec<&str> = Vec::new();
    for (i, f) in b.fields.iter().enumerate() {
        let p = format!("fields[{i}]");
        c.key(&format!("{p}.key"), &f.key);
        if field_keys.contains(&f.key.as_str()) {
            c.push(format!("{p}.key"), "blueprint-key-duplicate", "give each field its own key");
        }
        field_keys.push(&f.key);
        c.text(&format!("{p}.label"), &f.label, true, LINE_MAX);
        match (f.kind, f.choices.is_empty()) {
            (FieldKind::Choice, true) => {
                c.push(format!("{p}.choices"), "blueprint-choices-required", "list the choices of a choice field")
            }
            (FieldKind::Choice, false) => {}
            (_, false) => c.push(
                format!("{p}.choices"),
                "blueprint-choices-unexpected",
                "only a field of kind \"choice\" has choices",
            ),
            (_, true) => {}
        }
        for (j, ch) in f.choices.iter().enumerate() {
            c.key(&format!("{p}.choices[{j}].value"), &ch.value);
            c.text(&format!("{p}.choices[{j}].label"), &ch.label, true, LINE_MAX);
        }
    }
    match (&b.campaign, uses("campaigns")) {
        (Some(_), false) => {
            c.push("campaign", "blueprint-part-without-module", "add \"campaigns\" to `modules`, or remove this part")
        }
        (None, true) => {
            c.push("campaign", "blueprint-part-missing", "describe the campaign, since `modules` lists \"campaigns\"")
        }
        _ => {}
    }
    if let Some(cp) = &b.campaign {
        c.text("campaign.title", &cp.title, true, 120);
        c.text("campaign.goal", &cp.goal, true, 500);
        c.text("campaign.story", &cp.story, false, TEXT_MAX);
        c.text("campaign.target", &cp.target, false, 200);
        c.count("campaign.stages", cp.stages.len());
        let mut stage_keys: Vec<&str> = Vec::new();
        for (i, s) in cp.stages.iter().enumerate() {
            let p = format!("campaign.stages[{i}]");
            c.key(&format!("{p}.key"), &s.key);
            if stage_keys.contains(&s.key.as_str()) {
                c.push(format!("{p}.key"), "blueprint-key-duplicate", "give each stage its own key");
            }
            stage_keys.push(&s.key);
            c.text(&format!("{p}.title"), &s.title, true, 120);
            c.text(&format!("{p}.note"), &s.note, false, 1_000);
            if let Some(d) = &s.deadline {
                if !input_keys.contains(&d.from.as_str()) {
                    c.push(
                        format!("{p}.deadline.from"),
                        "blueprint-input-unknown",
                        format!("\"{}\" is not one of the blueprint's inputs", d.from),
                    );
                }
                let o = d.after();
                let in_range = [o.years, o.months, o.weeks, o.days].iter().all(|n| (0..=1_000).contains(n));
                if !in_range || o == Offset::default() {
                    c.push(
                        format!("{p}.deadline"),
                        "blueprint-offset-invalid",
                        "give a deadline of some years, months, weeks or days after its date (each 0 to 1000)",
                    );
                }
            }
        }
        if let Some(pe) = &cp.petition {
            c.text("campaign.petition.text", &pe.text, true, 2_000);
            if !(0..=1_000_000).contains(&pe.threshold) {
                c.push(
                    "campaign.petition.threshold",
                    "blueprint-threshold-invalid",
                    "give a number of signatures from 0 to 1,000,000",
                );
            }
        }
        if let Some(pl) = &cp.pledges {
            if pl.kinds.is_empty() {
                c.push(
                    "campaign.pledges.kinds",
                    "blueprint-pledge-kinds-required",
                    "list the kinds of pledge: money, time, shares",
                );
            }
            for (i, k) in pl.kinds.iter().enumerate() {
                if !["money", "time", "shares"].contains(&k.as_str()) {
                    c.push(
                        format!("campaign.pledges.kinds[{i}]"),
                        "blueprint-pledge-kind-invalid",
                        "use money, time or shares",
                    );
                }
            }
            c.text("campaign.pledges.note", &pl.note, false, 2_000);
        }
    }
    match (&b.directory, uses("directory")) {
        (Some(_), false) => {
            c.push("directory", "blueprint-part-without-module", "add \"directory\" to `modules`, or remove this part")
        }
        (None, true) => c.push(
            "directory",
            "blueprint-part-missing",
            "describe the directory section, since `modules` lists \"directory\"",
        ),
        _ => {}
    }
    if let Some(d) = &b.directory {
        c.text("directory.name", &d.name, true, 120);
        c.text("directory.description", &d.description, true, TEXT_MAX);
    }
    if b.rota.is_some() && !(uses("events") && uses("opportunities")) {
        c.push("rota", "blueprint-part-without-module", "a rota needs \"events\" and \"opportunities\" in `modules`");
    }
    if let Some(r) = &b.rota {
        c.text("rota.title", &r.title, true, 120);
        c.text("rota.description", &r.description, false, TEXT_MAX);
        if !["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"].contains(&r.weekday.as_str())
        {
            c.push(
                "rota.weekday",
                "blueprint-weekday-invalid",
                "use a day of the week in lower case, such as \"saturday\"",
            );
        }
        let hm = |s: &str| {
            let (h, m) = s.split_once(':')?;
            let (h, m) = (h.parse::<u32>().ok()?, m.parse::<u32>().ok()?);
            (h < 24 && m < 60 && s.len() == 5).then_some(h * 60 + m)
        };
        match (hm(&r.starts), hm(&r.ends)) {
            (Some(s), Some(e)) if s < e => {}
            (None, _) => c.push("rota.starts", "blueprint-time-invalid", "write the time as HH:MM, such as 09:30"),
            (_, None) => c.push("rota.ends", "blueprint-time-invalid", "write the time as HH:MM, such as 12:00"),
            _ => c.push("rota.ends", "blueprint-time-order", "the rota must end after it starts"),
        }
        if r.shifts.is_empty() {
            c.push("rota.shifts", "blueprint-shifts-required", "list at least one shift");
        }
        c.count("rota.shifts", r.shifts.len());
        for (i, s) in r.shifts.iter().enumerate() {
            let p = format!("rota.shifts[{i}]");
            c.key(&format!("{p}.key"), &s.key);
            c.text(&format!("{p}.title"), &s.title, true, 120);
            if !(1..=100).contains(&s.volunteers) {
                c.push(
                    format!("{p}.volunteers"),
                    "blueprint-volunteers-invalid",
                    "give a number of volunteers from 1 to 100",
                );
            }
        }
    }
    let voice_part = b.survey.is_some() || b.budget.is_some();
    match (voice_part, uses("voice")) {
        (true, false) => c.push(
            if b.survey.is_some() { "survey" } else { "budget" },
            "blueprint-part-without-module",
            "add \"voice\" to `modules`, or remove this part",
        ),
        (false, true) => c.push(
            "modules",
            "blueprint-part-missing",
            "describe a survey or a budget, since `modules` lists \"voice\"",
        ),
        _ => {}
    }
    if let Some(sv) = &b.survey {
        c.text("survey.title", &sv.title, true, 150);
        c.text("survey.purpose", &sv.purpose, true, 2_000);
        if !(1..=17).contains(&sv.weeks) {
            c.push("survey.weeks", "blueprint-weeks-invalid", "give a number of weeks from 1 to 17 (at most 120 days)");
        }
        if sv.questions.is_empty() {
            c.push("survey.questions", "blueprint-questions-required", "ask at least one question");
        }
        if sv.questions.len() > crate::consultations::QUESTIONS_MAX {
            c.push(
                "survey.questions",
                "blueprint-too-many",
                format!("keep to at most {} questions", crate::consultations::QUESTIONS_MAX),
            );
        }
        for (i, q) in sv.questions.iter().enumerate() {
            let p = format!("survey.questions[{i}]");
            c.text(&format!("{p}.prompt"), &q.prompt, true, crate::consultations::PROMPT_MAX);
            c.one_line(&format!("{p}.prompt"), &q.prompt);
            match (q.kind, q.options.len()) {
                (QuestionKind::Choice, 0..=1) => c.push(
                    format!("{p}.options"),
                    "blueprint-options-required",
                    "give a choice question at least two options",
                ),
                (QuestionKind::Choice, _) | (_, 0) => {}
                _ => c.push(
                    format!("{p}.options"),
                    "blueprint-options-unexpected",
                    "only a question of kind \"choice\" has options",
                ),
            }
            for (j, o) in q.options.iter().enumerate() {
                let op = format!("{p}.options[{j}]");
                c.text(&op, o, true, crate::consultations::OPTION_MAX);
                c.one_line(&op, o);
            }
        }
    }
    if let Some(bu) = &b.budget {
        c.text("budget.title", &bu.title, true, crate::budgets::TITLE_MAX);
        c.text("budget.description", &bu.description, true, crate::budgets::DESCRIPTION_MAX);
        for (key, weeks) in [
            ("budget.proposing_weeks", bu.proposing_weeks),
            ("budget.reviewing_weeks", bu.reviewing_weeks),
            ("budget.voting_weeks", bu.voting_weeks),
        ] {
            if !(1..=26).contains(&weeks) {
                c.push(key, "blueprint-weeks-invalid", "give a number of weeks from 1 to 26");
            }
        }
    }
    c.count("emails", b.emails.len());
    for (i, e) in b.emails.iter().enumerate() {
        let p = format!("emails[{i}]");
        c.key(&format!("{p}.key"), &e.key);
        c.text(&format!("{p}.subject"), &e.subject, true, LINE_MAX);
        c.text(&format!("{p}.body"), &e.body, true, TEXT_MAX);
    }
    c.problems
}

/// The canonical form: JSON with object keys sorted, no insignificant
/// whitespace, in UTF-8. It is what is hashed and signed, so the same
/// blueprint written in TOML or in JSON, in any key order, signs the same.
pub fn canonical(b: &Blueprint) -> String {
    // A Value's maps are BTreeMaps (serde_json without `preserve_order`),
    // so serialising through one sorts every object's keys.
    serde_json::to_value(b).map(|v| v.to_string()).unwrap_or_default()
}

/// The SHA-256 of the canonical form, lower-case hex.
pub fn digest(b: &Blueprint) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(canonical(b).as_bytes()))
}

/// `date` plus an offset: years and months first (a date that does not
/// exist in the target month, like 31 February, becomes that month's last
/// day), then weeks and days.
pub fn add_offset(date: time::Date, o: Offset) -> Option<time::Date> {
    let months_total = i64::from(date.year()) * 12 + i64::from(u8::from(date.month())) - 1 + o.years * 12 + o.months;
    let year = i32::try_from(months_total.div_euclid(12)).ok()?;
    let month = time::Month::try_from(u8::try_from(months_total.rem_euclid(12) + 1).ok()?).ok()?;
    let last = month.length(year);
    let shifted = time::Date::from_calendar_date(year, month, date.day().min(last)).ok()?;
    shifted.checked_add(time::Duration::days(o.weeks * 7 + o.days))
}

/// Each stage's deadline (stage key → date), from the dates entered for
/// the blueprint's inputs; stages whose date is not entered have none.
pub fn deadlines(b: &Blueprint, entered: &BTreeMap<String, time::Date>) -> BTreeMap<String, time::Date> {
    let mut out = BTreeMap::new();
    for s in b.campaign.iter().flat_map(|c| &c.stages) {
        if let Some(d) = &s.deadline {
            if let Some(date) = entered.get(&d.from).and_then(|from| add_offset(*from, d.after())) {
                out.insert(s.key.clone(), date);
            }
        }
    }
    out
}

/// One difference between two versions of a blueprint, at a path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// Such as `campaign.stages[5].deadline.weeks`.
    pub path: String,
    /// The value before (JSON text), or `None` when it was added.
    pub before: Option<String>,
    /// The value after, or `None` when it was removed.
    pub after: Option<String>,
}

fn flatten(prefix: &str, v: &serde_json::Value, out: &mut BTreeMap<String, String>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, v) in m {
                flatten(&if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") }, v, out);
            }
        }
        serde_json::Value::Array(a) => {
            for (i, v) in a.iter().enumerate() {
                flatten(&format!("{prefix}[{i}]"), v, out);
            }
        }
        other => {
            out.insert(
                prefix.to_string(),
                match other {
                    serde_json::Value::String(s) => s.clone(),
                    v => v.to_string(),
                },
            );
        }
    }
}

/// What changed from one version to another, field by field, so an
/// adopter can read it and choose what to take. Provenance fields (origin,
/// derived_from) are left out: they change with every publication.
pub fn diff(from: &Blueprint, to: &Blueprint) -> Vec<Change> {
    let strip = |b: &Blueprint| Blueprint { origin: None, derived_from: None, ..b.clone() };
    let (mut a, mut b) = (BTreeMap::new(), BTreeMap::new());
    flatten("", &serde_json::to_value(strip(from)).unwrap_or_default(), &mut a);
    flatten("", &serde_json::to_value(strip(to)).unwrap_or_default(), &mut b);
    let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter(|k| a.get(*k) != b.get(*k))
        .map(|k| Change { path: k.clone(), before: a.get(k).cloned(), after: b.get(k).cloned() })
        .collect()
}

/// A text in a language, falling back to the blueprint's first language.
pub fn text_in<'a>(t: &'a Text, lang: &str, languages: &[String]) -> &'a str {
    t.get(lang)
        .or_else(|| languages.first().and_then(|l| t.get(l)))
        .or_else(|| t.values().next())
        .map(String::as_str)
        .unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    const MODULES: [&str; 5] = ["campaigns", "directory", "events", "opportunities", "voice"];

    fn minimal() -> String {
        r#"
format = "plural-blueprint/1"
id = "save-our-local"
version = "1.0.0"
licence = "CC-BY-SA-4.0"
authors = ["Newham Pubs Group"]
modules = ["campaigns"]
languages = ["en"]
name = { en = "Save our local" }
summary = { en = "List a pub as an Asset of Community Value." }

[[inputs]]
key = "sale_notified"
label = { en = "The day the owner gave notice of a sale" }

[campaign]
title = { en = "Save the pub" }
goal = { en = "Keep it open" }

[[campaign.stages]]
key = "bidder_request"
title = { en = "Ask to be treated as a bidder" }
deadline = { from = "sale_notified", weeks = 6 }
"#
        .to_string()
    }

    #[test]
    fn a_good_blueprint_reads_the_same_in_toml_and_json() {
        let b = parse(&minimal(), Syntax::Toml, &MODULES).unwrap();
        let json = serde_json::to_string_pretty(&b).unwrap();
        let again = parse(&json, Syntax::Json, &MODULES).unwrap();
        assert_eq!(b, again);
        assert_eq!(canonical(&b), canonical(&again));
        assert_eq!(digest(&b).len(), 64);
        let d = deadlines(&b, &BTreeMap::from([("sale_notified".to_string(), date!(2027 - 03 - 01))]));
        assert_eq!(d.get("bidder_request"), Some(&date!(2027 - 04 - 12)));
    }

    #[test]
    fn unknown_keys_and_wrong_types_name_their_path() {
        let src = minimal().replace(
            "deadline = { from = \"sale_notified\", weeks = 6 }",
            "deadline = { from = \"sale_notified\", fortnights = 3 }",
        );
        let p = parse(&src, Syntax::Toml, &MODULES).unwrap_err();
        assert!(p[0].path.starts_with("campaign.stages[0].deadline"), "{p:?}");
        let src = minimal().replace("version = \"1.0.0\"", "version = 1");
        assert_eq!(parse(&src, Syntax::Toml, &MODULES).unwrap_err()[0].path, "version");
        let p = parse("{\"format\": \"plural-blueprint/1\", \"id\": 3}", Syntax::Json, &MODULES).unwrap_err();
        assert_eq!(p[0].path, "id");
        assert!(parse("not = [toml", Syntax::Toml, &MODULES).is_err());
    }

    #[test]
    fn content_problems_are_all_reported_with_paths() {
        let src = minimal()
            .replace("modules = [\"campaigns\"]", "modules = [\"campaigns\", \"jukebox\"]")
            .replace("Keep it open", "Keep it <script>alert(1)</script> open")
            .replace("from = \"sale_notified\"", "from = \"nowhere\"")
            .replace("version = \"1.0.0\"", "version = \"one\"");
        let paths: Vec<String> = parse(&src, Syntax::Toml, &MODULES).unwrap_err().into_iter().map(|p| p.path).collect();
        for p in ["modules[1]", "campaign.goal.en", "campaign.stages[0].deadline.from", "version"] {
            assert!(paths.contains(&p.to_string()), "{p} not in {paths:?}");
        }
    }

    #[test]
    fn html_is_refused_markdown_is_not() {
        assert!(has_html("<b>hi</b>") && has_html("a <!-- x -->") && has_html("[x](javascript:alert(1))"));
        assert!(!has_html("**bold**, 3 < 4, <3, a -> b"));
    }

    #[test]
    fn month_ends_clamp() {
        let o = |months| Offset { months, ..Offset::default() };
        assert_eq!(add_offset(date!(2027 - 08 - 31), o(6)), Some(date!(2028 - 02 - 29)));
        assert_eq!(add_offset(date!(2027 - 01 - 31), o(1)), Some(date!(2027 - 02 - 28)));
        assert_eq!(
            add_offset(date!(2024 - 02 - 29), Offset { years: 5, ..Offset::default() }),
            Some(date!(2029 - 02 - 28))
        );
    }

    const SAVE_OUR_LOCAL: &str = include_str!("../../../blueprints/save-our-local.toml");
    const FOOD_SUPPORT: &str = include_str!("../../../blueprints/community-food-support.toml");
    const RESIDENTS_PRIORITIES: &str = include_str!("../../../blueprints/residents-priorities.toml");

    #[test]
    fn the_shipped_blueprints_are_valid() {
        for src in [SAVE_OUR_LOCAL, FOOD_SUPPORT, RESIDENTS_PRIORITIES] {
            if let Err(p) = parse(src, Syntax::Toml, &MODULES) {
                panic!("{p:?}");
            }
        }
        // A node without the campaigns module refuses "Save our local", naming the module.
        let p = parse(SAVE_OUR_LOCAL, Syntax::Toml, &["directory"]).unwrap_err();
        assert_eq!((p[0].path.as_str(), p[0].code), ("modules[0]", "blueprint-module-unknown"));
    }

    #[test]
    fn survey_and_budget_parts_are_checked_with_their_paths() {
        let good = parse(RESIDENTS_PRIORITIES, Syntax::Toml, &MODULES).unwrap();
        let survey = good.survey.as_ref().unwrap();
        assert_eq!((survey.weeks, survey.questions.len()), (4, 6));
        // Without the voice module a node refuses it, naming the module.
        let p = parse(RESIDENTS_PRIORITIES, Syntax::Toml, &["campaigns"]).unwrap_err();
        assert_eq!((p[0].path.as_str(), p[0].code), ("modules[0]", "blueprint-module-unknown"));
        let mut b = good.clone();
        let sv = b.survey.as_mut().unwrap();
        sv.weeks = 30;
        sv.questions[0].options.truncate(1);
        sv.questions[1].options.push(Text::from([("en".to_string(), "Yes".to_string())]));
        sv.questions[2].prompt.insert("en".into(), "Good | bad?".into());
        let bu = b.budget.as_mut().unwrap();
        bu.voting_weeks = 0;
        bu.title.insert("en".into(), "<b>Fund</b>".into());
        let found: Vec<(String, &str)> = check(&b, &MODULES).into_iter().map(|p| (p.path, p.code)).collect();
        assert_eq!(
            found,
            [
                ("survey.weeks".to_string(), "blueprint-weeks-invalid"),
                ("survey.questions[0].options".to_string(), "blueprint-options-required"),
                ("survey.questions[1].options".to_string(), "blueprint-options-unexpected"),
                ("survey.questions[2].prompt.en".to_string(), "blueprint-question-text-invalid"),
                ("budget.title.en".to_string(), "blueprint-text-html"),
                ("budget.voting_weeks".to_string(), "blueprint-weeks-invalid"),
            ]
        );
        // A survey needs the voice module listed, and the module a part.
        let mut b = good.clone();
        b.modules = vec!["campaigns".into()];
        let sol = parse(SAVE_OUR_LOCAL, Syntax::Toml, &MODULES).unwrap();
        (b.campaign, b.inputs) = (sol.campaign, sol.inputs);
        let found: Vec<(String, &str)> = check(&b, &MODULES).into_iter().map(|p| (p.path, p.code)).collect();
        assert_eq!(found, [("survey".to_string(), "blueprint-part-without-module")]);
        let mut b = good;
        b.survey = None;
        b.budget = None;
        let found: Vec<(String, &str)> = check(&b, &MODULES).into_iter().map(|p| (p.path, p.code)).collect();
        assert_eq!(found, [("modules".to_string(), "blueprint-part-missing")]);
    }

    #[test]
    fn a_new_version_shows_what_changed_by_path() {
        let v1 = parse(SAVE_OUR_LOCAL, Syntax::Toml, &MODULES).unwrap();
        let mut v2 = v1.clone();
        v2.version = "2.0.0".into();
        v2.origin = Some("https://newham.example".into());
        if let Some(c) = v2.campaign.as_mut() {
            c.stages[5].deadline.as_mut().unwrap().weeks = 8;
            c.stages.pop();
        }
        let changes = diff(&v1, &v2);
        let paths: Vec<&str> = changes.iter().map(|c| c.path.as_str()).collect();
        assert!(paths.contains(&"version") && paths.contains(&"campaign.stages[5].deadline.weeks"), "{paths:?}");
        assert!(paths.iter().any(|p| p.starts_with("campaign.stages[7]")), "the removed stage: {paths:?}");
        assert!(!paths.contains(&"origin"), "provenance is not content");
        let weeks = changes.iter().find(|c| c.path == "campaign.stages[5].deadline.weeks").unwrap();
        assert_eq!((weeks.before.as_deref(), weeks.after.as_deref()), (Some("6"), Some("8")));
        assert!(diff(&v1, &v1).is_empty());
    }

    fn acv(n: time::Date, l: time::Date, s: time::Date) -> BTreeMap<String, time::Date> {
        let b = parse(SAVE_OUR_LOCAL, Syntax::Toml, &MODULES).unwrap();
        let entered = BTreeMap::from([
            ("nomination_submitted".to_string(), n),
            ("listed_on".to_string(), l),
            ("sale_notified".to_string(), s),
        ]);
        deadlines(&b, &entered)
    }

    #[test]
    fn acv_deadlines_for_known_dates() {
        let d = acv(date!(2027 - 01 - 15), date!(2027 - 03 - 01), date!(2028 - 08 - 31));
        assert_eq!(d["decision"], date!(2027 - 03 - 12));
        assert_eq!(d["review"], date!(2027 - 04 - 26));
        assert_eq!(d["listing_ends"], date!(2032 - 03 - 01));
        assert_eq!(d["bidder_request"], date!(2028 - 10 - 12));
        assert_eq!(d["full_moratorium"], date!(2029 - 02 - 28));
        assert_eq!(d["protected_period"], date!(2030 - 02 - 28));
        // Stages with no date entered have no deadline.
        let b = parse(SAVE_OUR_LOCAL, Syntax::Toml, &MODULES).unwrap();
        let only = deadlines(&b, &BTreeMap::from([("sale_notified".to_string(), date!(2028 - 01 - 10))]));
        assert_eq!(only.keys().collect::<Vec<_>>(), ["bidder_request", "full_moratorium", "protected_period"]);
    }

    proptest! {
        /// The Asset of Community Value timeline, for any dates: the council
        /// has exactly 8 weeks; a listing lasts 5 years (1825 to 1827 days,
        /// 29 February listings ending on 28 February); the bidder request is
        /// due exactly 6 weeks after the owner's notice, before the 6-month
        /// full moratorium ends (181 to 184 days), which is before the
        /// 18-month protected period ends (546 to 550 days).
        #[test]
        fn acv_timeline_holds_for_any_dates(n in any_date(), l in any_date(), s in any_date()) {
            let d = acv(n, l, s);
            prop_assert_eq!((d["decision"] - n).whole_days(), 56);
            prop_assert_eq!((d["review"] - l).whole_days(), 56);
            prop_assert!((1825..=1827).contains(&(d["listing_ends"] - l).whole_days()));
            prop_assert_eq!((d["bidder_request"] - s).whole_days(), 42);
            prop_assert!(d["bidder_request"] < d["full_moratorium"]);
            prop_assert!(d["full_moratorium"] < d["protected_period"]);
            let full = (d["full_moratorium"] - s).whole_days();
            prop_assert!((181..=184).contains(&full), "6 months is {} days", full);
            let protected = (d["protected_period"] - s).whole_days();
            prop_assert!((546..=550).contains(&protected), "18 months is {} days", protected);
        }
    }

    fn any_date() -> impl Strategy<Value = time::Date> {
        (2000i32..2100, 1u8..=12, 1u8..=31).prop_map(|(y, m, d)| {
            let month = time::Month::try_from(m).unwrap();
            time::Date::from_calendar_date(y, month, d.min(month.length(y))).unwrap()
        })
    }

    proptest! {
        /// Adding never goes backwards, and more time is never an earlier date.
        #[test]
        fn offsets_are_monotonic(d in any_date(), a in 0i64..40, b in 0i64..40, weeks in 0i64..60) {
            let at = |months| add_offset(d, Offset { months, weeks, ..Offset::default() }).unwrap();
            prop_assert!(at(a) >= d);
            if a <= b {
                prop_assert!(at(a) <= at(b));
            }
        }

        /// Weeks and days are exact.
        #[test]
        fn weeks_are_exact(d in any_date(), weeks in 0i64..520, days in 0i64..400) {
            let later = add_offset(d, Offset { weeks, days, ..Offset::default() }).unwrap();
            prop_assert_eq!((later - d).whole_days(), weeks * 7 + days);
        }

        /// A month later is the same day of the month, or the month's last.
        #[test]
        fn months_keep_the_day_or_clamp(d in any_date(), months in 0i64..240) {
            let later = add_offset(d, Offset { months, ..Offset::default() }).unwrap();
            prop_assert!(later.day() == d.day() || (later.day() < d.day() && later.day() == later.month().length(later.year())));
            let span = i64::from(later.year() - d.year()) * 12 + i64::from(u8::from(later.month())) - i64::from(u8::from(d.month()));
            prop_assert_eq!(span, months);
        }
    }
}
