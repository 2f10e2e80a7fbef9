//! Campaigns: a group in a place working towards a goal — who must act,
//! the stages (often the steps of a legal process) with their deadlines,
//! updates and an outcome — with an optional petition (one signature per
//! person, a locality declaration that is a place or a postcode district,
//! never an address) and pledges of money, time or community shares, which
//! Plural records and never collects.

use serde::{Deserialize, Serialize};

use crate::errors::{FieldError, FieldErrors};
use crate::places::Title;

pub const TITLE_MAX: usize = 120;
pub const GOAL_MAX: usize = 500;
pub const TARGET_MAX: usize = 200;
pub const STORY_MAX: usize = 20_000;
pub const OUTCOME_MAX: usize = 2_000;
pub const PETITION_TEXT_MAX: usize = 2_000;
pub const UPDATE_MAX: usize = 5_000;
pub const CONDITION_MAX: usize = 300;
pub const STAGE_TITLE_MAX: usize = 120;
pub const STAGE_NOTE_MAX: usize = 1_000;
/// A petition asking for more than a million signatures is a national
/// campaign, not a local one; the ceiling also keeps the arithmetic small.
pub const THRESHOLD_MAX: i64 = 1_000_000;
/// Pledges of money or shares, in pence: up to ten million pounds.
pub const MONEY_MAX_PENCE: i64 = 1_000_000_000;
/// Pledges of time, in hours.
pub const HOURS_MAX: i64 = 1_000;
/// Postcode districts a campaign counts as local, at most.
pub const DISTRICTS_MAX: usize = 20;
const DAY: i64 = 86_400;

/// Where a campaign is in its life. The outcome text says how it ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Seen only by the group's organisers.
    Draft,
    Active,
    Won,
    Lost,
    /// Ended another way (withdrawn, overtaken by events).
    Ended,
}

impl Status {
    pub const ALL: [Status; 5] = [Status::Draft, Status::Active, Status::Won, Status::Lost, Status::Ended];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Active => "active",
            Status::Won => "won",
            Status::Lost => "lost",
            Status::Ended => "ended",
        }
    }

    pub fn parse(field: &'static str, s: &str) -> Result<Self, FieldError> {
        Status::ALL
            .into_iter()
            .find(|k| k.as_str() == s.trim())
            .ok_or(FieldError::new(field, "campaign-status-invalid"))
    }

    /// Whether people can still sign, pledge and follow.
    pub fn is_open(self) -> bool {
        self == Status::Active
    }
}

/// How a signer's name appears on the petition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Display {
    Name,
    FirstName,
    Anonymous,
}

impl Display {
    pub const ALL: [Display; 3] = [Display::Name, Display::FirstName, Display::Anonymous];

    pub fn as_str(self) -> &'static str {
        match self {
            Display::Name => "name",
            Display::FirstName => "first_name",
            Display::Anonymous => "anonymous",
        }
    }

    pub fn parse(field: &'static str, s: &str) -> Result<Self, FieldError> {
        Display::ALL
            .into_iter()
            .find(|k| k.as_str() == s.trim())
            .ok_or(FieldError::new(field, "campaign-display-invalid"))
    }

    /// The name shown publicly for a signer called `name`; `None` is "anonymous".
    pub fn shown(self, name: &str) -> Option<String> {
        let name = name.trim();
        match self {
            Display::Name if !name.is_empty() => Some(name.to_string()),
            Display::FirstName => name.split_whitespace().next().map(str::to_string),
            _ => None,
        }
    }
}

/// A UK postcode district (the outward code: `E13`, `DG1`, `SW1A`),
/// upper-cased. A whole postcode is refused: it can point at a handful of
/// homes, and a petition must never hold an address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostcodeDistrict(String);

impl PostcodeDistrict {
    pub fn parse(field: &'static str, s: &str) -> Result<Self, FieldError> {
        let s = s.trim().to_ascii_uppercase();
        if s.split_whitespace().count() > 1
            || (s.len() > 4 && s.chars().last().is_some_and(|c| c.is_ascii_alphabetic()))
        {
            return Err(FieldError::new(field, "campaign-postcode-district-only"));
        }
        let b = s.as_bytes();
        let letters = b.iter().take_while(|c| c.is_ascii_uppercase()).count();
        let rest = &b[letters.min(b.len())..];
        let ok = (1..=2).contains(&letters)
            && !rest.is_empty()
            && rest.len() <= 2
            && rest[0].is_ascii_digit()
            && rest.iter().skip(1).all(|c| c.is_ascii_digit() || c.is_ascii_uppercase());
        if ok {
            Ok(PostcodeDistrict(s))
        } else {
            Err(FieldError::new(field, "campaign-postcode-district-invalid"))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The postcode districts a campaign counts as local, from a list written
/// with commas or spaces.
pub fn parse_districts(field: &'static str, s: &str) -> Result<Vec<PostcodeDistrict>, FieldError> {
    let mut out: Vec<PostcodeDistrict> = Vec::new();
    for part in s.split([',', ' ', ';', '\n']).map(str::trim).filter(|p| !p.is_empty()) {
        let d =
            PostcodeDistrict::parse(field, part).map_err(|_| FieldError::new(field, "campaign-districts-invalid"))?;
        if !out.contains(&d) {
            out.push(d);
        }
    }
    if out.len() > DISTRICTS_MAX {
        return Err(FieldError::new(field, "campaign-districts-too-many"));
    }
    Ok(out)
}

fn line(field: &'static str, s: &str, max: usize) -> Result<String, FieldError> {
    let s = s.trim();
    if s.chars().count() > max {
        return Err(FieldError::new(field, "campaign-text-too-long"));
    }
    if s.chars().any(char::is_control) {
        return Err(FieldError::new(field, "campaign-text-invalid"));
    }
    Ok(s.to_string())
}

/// Several lines of text (Markdown for the story): line breaks allowed,
/// other control characters not.
pub fn text(field: &'static str, s: &str, max: usize) -> Result<String, FieldError> {
    let s = s.trim().replace("\r\n", "\n");
    if s.chars().count() > max {
        return Err(FieldError::new(field, "campaign-text-too-long"));
    }
    if s.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Err(FieldError::new(field, "campaign-text-invalid"));
    }
    Ok(s)
}

/// A campaign as submitted, not yet checked.
#[derive(Debug, Clone, Default)]
pub struct CampaignInput {
    pub title: String,
    pub goal: String,
    /// Markdown.
    pub story: String,
    /// Who must act: the council, the owner, a minister.
    pub target: String,
    pub status: String,
    pub outcome: String,
    pub petition: bool,
    pub petition_text: String,
    /// Signatures wanted; blank for none.
    pub threshold: String,
    /// Postcode districts that count as local, besides the place itself.
    pub local_districts: String,
    pub pledges: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedCampaign {
    pub title: String,
    pub goal: String,
    pub story: String,
    pub target: String,
    pub status: Status,
    pub outcome: String,
    pub petition: bool,
    pub petition_text: String,
    pub threshold: i64,
    pub local_districts: Vec<PostcodeDistrict>,
    pub pledges: bool,
}

pub fn parse_count(field: &'static str, s: &str, max: i64, code: &'static str) -> Result<i64, FieldError> {
    match s.trim().replace(',', "") {
        t if t.is_empty() => Ok(0),
        t => t.parse::<i64>().ok().filter(|n| (0..=max).contains(n)).ok_or(FieldError::new(field, code)),
    }
}

/// Check every field, reporting every problem at once.
pub fn check(input: &CampaignInput) -> Result<CheckedCampaign, FieldErrors> {
    let mut errors = FieldErrors::new();
    let title = errors.check(Title::parse("title", &input.title, TITLE_MAX).map_err(|e| match e.code {
        "name-required" => FieldError::new("title", "campaign-title-required"),
        "name-too-long" => FieldError::new("title", "campaign-text-too-long"),
        _ => FieldError::new("title", "campaign-text-invalid"),
    }));
    let goal = errors.check(line("goal", &input.goal, GOAL_MAX));
    if goal.as_deref() == Some("") {
        errors.push("goal", "campaign-goal-required");
    }
    let story = errors.check(text("story", &input.story, STORY_MAX));
    let target = errors.check(line("target", &input.target, TARGET_MAX));
    let status = match input.status.trim() {
        "" => Some(Status::Draft),
        s => errors.check(Status::parse("status", s)),
    };
    let outcome = errors.check(text("outcome", &input.outcome, OUTCOME_MAX));
    let petition_text = errors.check(text("petition_text", &input.petition_text, PETITION_TEXT_MAX));
    if input.petition && petition_text.as_deref() == Some("") {
        errors.push("petition_text", "campaign-petition-text-required");
    }
    let threshold =
        errors.check(parse_count("threshold", &input.threshold, THRESHOLD_MAX, "campaign-threshold-invalid"));
    let local_districts = errors.check(parse_districts("local_districts", &input.local_districts));
    match (title, goal, story, target, status, outcome, petition_text, threshold, local_districts) {
        (
            Some(title),
            Some(goal),
            Some(story),
            Some(target),
            Some(status),
            Some(outcome),
            Some(petition_text),
            Some(threshold),
            Some(local_districts),
        ) if errors.is_empty() => Ok(CheckedCampaign {
            title: title.as_str().to_string(),
            goal,
            story,
            target,
            status,
            outcome,
            petition: input.petition,
            petition_text,
            threshold,
            local_districts,
            pledges: input.pledges,
        }),
        _ => Err(errors),
    }
}

/// `YYYY-MM-DD` as the unix start of that day (UTC).
pub fn parse_date(field: &'static str, s: &str) -> Result<time::Date, FieldError> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(s.trim(), &format).map_err(|_| FieldError::new(field, "campaign-date-invalid"))
}

pub fn date_to_unix(d: time::Date) -> i64 {
    d.midnight().assume_utc().unix_timestamp()
}

pub fn unix_to_date(unix: i64) -> time::Date {
    time::OffsetDateTime::from_unix_timestamp(unix - unix.rem_euclid(DAY)).map(|t| t.date()).unwrap_or(time::Date::MIN)
}

/// A stage as submitted.
#[derive(Debug, Clone, Default)]
pub struct StageInput {
    pub title: String,
    pub note: String,
    /// `YYYY-MM-DD` or blank.
    pub due_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedStage {
    pub title: String,
    pub note: String,
    /// Unix start of the deadline's day.
    pub due_on: Option<i64>,
}

pub fn check_stage(input: &StageInput) -> Result<CheckedStage, FieldErrors> {
    let mut errors = FieldErrors::new();
    let title = errors.check(line("stage_title", &input.title, STAGE_TITLE_MAX));
    if title.as_deref() == Some("") {
        errors.push("stage_title", "campaign-stage-title-required");
    }
    let note = errors.check(text("stage_note", &input.note, STAGE_NOTE_MAX));
    let due_on = match input.due_on.trim() {
        "" => Some(None),
        s => errors.check(parse_date("due_on", s).map(|d| Some(date_to_unix(d)))),
    };
    match (title, note, due_on) {
        (Some(title), Some(note), Some(due_on)) if errors.is_empty() => Ok(CheckedStage { title, note, due_on }),
        _ => Err(errors),
    }
}

/// Where a signer says they live: one of the node's places (by slug) or a
/// postcode district. Never an address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Locality {
    Place(String),
    District(PostcodeDistrict),
}

/// A signature as submitted.
#[derive(Debug, Clone, Default)]
pub struct SignatureInput {
    pub display: String,
    /// `place` or `postcode`.
    pub locality_kind: String,
    pub place: String,
    pub postcode_district: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedSignature {
    pub display: Display,
    pub locality: Locality,
}

pub fn check_signature(input: &SignatureInput) -> Result<CheckedSignature, FieldErrors> {
    let mut errors = FieldErrors::new();
    let display = errors.check(Display::parse("display", &input.display));
    let locality = match input.locality_kind.trim() {
        "place" if !input.place.trim().is_empty() => Some(Locality::Place(input.place.trim().to_string())),
        "place" => {
            errors.push("place", "campaign-place-required");
            None
        }
        "postcode" => {
            errors.check(PostcodeDistrict::parse("postcode_district", &input.postcode_district)).map(Locality::District)
        }
        _ => {
            errors.push("locality_kind", "campaign-locality-invalid");
            None
        }
    };
    match (display, locality) {
        (Some(display), Some(locality)) if errors.is_empty() => Ok(CheckedSignature { display, locality }),
        _ => Err(errors),
    }
}

/// Whether a signer is local: their place is the campaign's place or within
/// it (`place_chain` is the signer's place and its ancestors), or their
/// postcode district is one the campaign counts as local.
pub fn is_local(
    campaign_place: &str,
    districts: &[PostcodeDistrict],
    locality: &Locality,
    place_chain: &[String],
) -> bool {
    match locality {
        Locality::Place(_) => place_chain.iter().any(|p| p == campaign_place),
        Locality::District(d) => districts.contains(d),
    }
}

/// What is pledged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PledgeKind {
    /// Money, in pence.
    Money,
    /// Time, in hours.
    Time,
    /// Community shares, in pence.
    Shares,
}

impl PledgeKind {
    pub const ALL: [PledgeKind; 3] = [PledgeKind::Money, PledgeKind::Time, PledgeKind::Shares];

    pub fn as_str(self) -> &'static str {
        match self {
            PledgeKind::Money => "money",
            PledgeKind::Time => "time",
            PledgeKind::Shares => "shares",
        }
    }

    pub fn parse(field: &'static str, s: &str) -> Result<Self, FieldError> {
        PledgeKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s.trim())
            .ok_or(FieldError::new(field, "campaign-pledge-kind-invalid"))
    }
}

/// Pounds as written (`50`, `£1,250.50`) in pence.
pub fn parse_pence(field: &'static str, s: &str) -> Result<i64, FieldError> {
    let bad = || FieldError::new(field, "campaign-amount-invalid");
    let s = s.trim().trim_start_matches('£').replace(',', "");
    let (pounds, pence) = match s.split_once('.') {
        Some((p, d)) if d.len() == 2 && d.bytes().all(|c| c.is_ascii_digit()) => {
            (p.to_string(), d.parse::<i64>().map_err(|_| bad())?)
        }
        Some(_) => return Err(bad()),
        None => (s, 0),
    };
    if pounds.is_empty() || !pounds.bytes().all(|c| c.is_ascii_digit()) || pounds.len() > 10 {
        return Err(bad());
    }
    let total = pounds.parse::<i64>().map_err(|_| bad())? * 100 + pence;
    if total <= 0 || total > MONEY_MAX_PENCE {
        return Err(bad());
    }
    Ok(total)
}

/// A pledge as submitted.
#[derive(Debug, Clone, Default)]
pub struct PledgeInput {
    pub kind: String,
    /// Pounds for money and shares, hours for time.
    pub amount: String,
    /// "If we reach £50,000".
    pub condition: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedPledge {
    pub kind: PledgeKind,
    /// Pence, or hours.
    pub amount: i64,
    pub condition: String,
}

pub fn check_pledge(input: &PledgeInput) -> Result<CheckedPledge, FieldErrors> {
    let mut errors = FieldErrors::new();
    let kind = errors.check(PledgeKind::parse("kind", &input.kind));
    let amount = match kind {
        Some(PledgeKind::Time) => errors.check(
            input
                .amount
                .trim()
                .parse::<i64>()
                .ok()
                .filter(|h| (1..=HOURS_MAX).contains(h))
                .ok_or(FieldError::new("amount", "campaign-hours-invalid")),
        ),
        Some(_) => errors.check(parse_pence("amount", &input.amount)),
        None => None,
    };
    let condition = errors.check(line("condition", &input.condition, CONDITION_MAX));
    match (kind, amount, condition) {
        (Some(kind), Some(amount), Some(condition)) if errors.is_empty() => {
            Ok(CheckedPledge { kind, amount, condition })
        }
        _ => Err(errors),
    }
}

/// Totals of pledges by kind: (money pence, hours, shares pence), with and
/// without conditions.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct PledgeTotals {
    pub money_pence: i64,
    pub hours: i64,
    pub shares_pence: i64,
    /// Of the above, how much depends on a condition.
    pub conditional_money_pence: i64,
    pub conditional_hours: i64,
    pub conditional_shares_pence: i64,
    pub pledges: i64,
}

pub fn totals<'a>(pledges: impl IntoIterator<Item = (PledgeKind, i64, &'a str)>) -> PledgeTotals {
    let mut t = PledgeTotals::default();
    for (kind, amount, condition) in pledges {
        let conditional = !condition.trim().is_empty();
        let (all, cond) = match kind {
            PledgeKind::Money => (&mut t.money_pence, &mut t.conditional_money_pence),
            PledgeKind::Time => (&mut t.hours, &mut t.conditional_hours),
            PledgeKind::Shares => (&mut t.shares_pence, &mut t.conditional_shares_pence),
        };
        *all = all.saturating_add(amount);
        if conditional {
            *cond = cond.saturating_add(amount);
        }
        t.pledges += 1;
    }
    t
}

/// £1,234.50 (or £1,234 for whole pounds).
pub fn format_pounds(pence: i64) -> String {
    let pounds = pence / 100;
    let digits = pounds.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match pence % 100 {
        0 => format!("£{grouped}"),
        p => format!("£{grouped}.{p:02}"),
    }
}

/// How far a petition is towards its threshold, in whole percent (capped
/// at 100); no threshold is no progress bar.
pub fn progress_percent(signatures: i64, threshold: i64) -> Option<i64> {
    (threshold > 0).then(|| (signatures.max(0).saturating_mul(100) / threshold).min(100))
}

/// An update as submitted.
pub fn check_update(body: &str) -> Result<String, FieldError> {
    let body = text("body", body, UPDATE_MAX)?;
    if body.is_empty() {
        return Err(FieldError::new("body", "campaign-update-required"));
    }
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn postcode_districts_never_take_a_whole_postcode() {
        for ok in ["E13", "e13", "DG1", "SW1A", "EC1V", "W1", "M60", " b33 "] {
            assert!(PostcodeDistrict::parse("p", ok).is_ok(), "{ok}");
        }
        for whole in ["E13 9PJ", "SW1A 1AA", "DG12QW", "E139PJ"] {
            assert_eq!(
                PostcodeDistrict::parse("p", whole).err().map(|e| e.code),
                Some("campaign-postcode-district-only"),
                "{whole}"
            );
        }
        for bad in ["", "13", "ABC1", "E", "E1234", "<b>"] {
            assert!(PostcodeDistrict::parse("p", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn display_choices_hide_what_they_say() {
        assert_eq!(Display::Name.shown("Ama Mensah").as_deref(), Some("Ama Mensah"));
        assert_eq!(Display::FirstName.shown("Ama Mensah").as_deref(), Some("Ama"));
        assert_eq!(Display::Anonymous.shown("Ama Mensah"), None);
    }

    #[test]
    fn pounds_parse_and_format() {
        assert_eq!(parse_pence("a", "£1,250.50"), Ok(125_050));
        assert_eq!(parse_pence("a", "50"), Ok(5_000));
        for bad in ["", "0", "-5", "1.5", "abc", "£", "99999999999"] {
            assert!(parse_pence("a", bad).is_err(), "{bad}");
        }
        assert_eq!(format_pounds(125_050), "£1,250.50");
        assert_eq!(format_pounds(5_000_000), "£50,000");
        assert_eq!(format_pounds(0), "£0");
    }

    #[test]
    fn a_petition_needs_its_text_and_reports_every_problem() {
        let input = CampaignInput {
            petition: true,
            threshold: "many".into(),
            local_districts: "E13 9PJ".into(),
            ..Default::default()
        };
        let fields: Vec<&str> = check(&input).err().unwrap_or_default().0.iter().map(|e| e.field).collect();
        for f in ["title", "goal", "petition_text", "threshold", "local_districts"] {
            assert!(fields.contains(&f), "{f} in {fields:?}");
        }
    }

    #[test]
    fn locality_counts_places_within_and_listed_districts() {
        let e13 = PostcodeDistrict::parse("p", "E13").unwrap_or_else(|_| unreachable!());
        let chain = vec!["plaistow".to_string(), "newham".to_string()];
        assert!(is_local("newham", &[], &Locality::Place("plaistow".into()), &chain));
        assert!(!is_local("stratford", &[], &Locality::Place("plaistow".into()), &chain));
        assert!(is_local("newham", std::slice::from_ref(&e13), &Locality::District(e13.clone()), &[]));
        let dg1 = PostcodeDistrict::parse("p", "DG1").unwrap_or_else(|_| unreachable!());
        assert!(!is_local("newham", &[e13], &Locality::District(dg1), &[]));
    }

    proptest! {
        #[test]
        fn totals_add_up_by_kind(pledges in proptest::collection::vec((0usize..3, 1i64..1_000_000, any::<bool>()), 0..50)) {
            let rows: Vec<(PledgeKind, i64, &str)> = pledges
                .iter()
                .map(|(k, a, c)| (PledgeKind::ALL[*k], *a, if *c { "if we reach the target" } else { "" }))
                .collect();
            let t = totals(rows.iter().copied());
            let sum = |kind: PledgeKind, cond: bool| rows.iter().filter(|r| r.0 == kind && (!cond || !r.2.is_empty())).map(|r| r.1).sum::<i64>();
            prop_assert_eq!(t.money_pence, sum(PledgeKind::Money, false));
            prop_assert_eq!(t.hours, sum(PledgeKind::Time, false));
            prop_assert_eq!(t.shares_pence, sum(PledgeKind::Shares, false));
            prop_assert_eq!(t.conditional_money_pence, sum(PledgeKind::Money, true));
            prop_assert!(t.conditional_hours <= t.hours);
            prop_assert_eq!(t.pledges, rows.len() as i64);
        }

        #[test]
        fn progress_stays_within_bounds(signatures in 0i64..10_000_000, threshold in 0i64..THRESHOLD_MAX) {
            match progress_percent(signatures, threshold) {
                None => prop_assert_eq!(threshold, 0),
                Some(p) => {
                    prop_assert!((0..=100).contains(&p));
                    prop_assert_eq!(p == 100, signatures >= threshold);
                }
            }
        }
    }
}
