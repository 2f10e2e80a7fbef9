//! Installed blueprints, checking a blueprint, and adopting one.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use plural_kernel::authz::Actor;
use plural_kernel::blueprints::{self as bp, Blueprint, Problem, Syntax};
use plural_kernel::campaigns::{CampaignInput, StageInput};
use plural_kernel::provenance::Signed;
use plural_kernel::{DomainError, FieldErrors};
use plural_store::campaigns::{BlueprintRef, Campaign};

use crate::error::{WebError, WebResult};
use crate::AppState;

/// The modules this node has, as blueprints name them.
pub const MODULES: [&str; 8] =
    ["campaigns", "directory", "events", "opportunities", "circles", "mutual-aid", "timebank", "voice"];

/// The JSON Schema of the blueprint format.
pub const SCHEMA: &str = include_str!("../../../../blueprints/schema.json");

/// The blueprints shipped with Plural, installed on every node.
const SHIPPED: [&str; 3] = [
    include_str!("../../../../blueprints/save-our-local.toml"),
    include_str!("../../../../blueprints/community-food-support.toml"),
    include_str!("../../../../blueprints/residents-priorities.toml"),
];

/// A blueprint installed on this node, with the digest of its canonical form.
#[derive(Debug, Clone)]
pub struct Installed {
    pub blueprint: Blueprint,
    pub digest: String,
    /// `shipped` (in the repository's `blueprints/` folder), `published`
    /// (signed by this node) or `installed` (signed by another node).
    pub how: &'static str,
    /// The signed document as stored (published or installed ones).
    pub document: Option<Signed>,
}

/// The installed blueprints, read once. The shipped files are checked by
/// tests, so one that does not parse is left out rather than stopping the node.
pub fn installed() -> &'static [Installed] {
    static ALL: OnceLock<Vec<Installed>> = OnceLock::new();
    ALL.get_or_init(|| {
        SHIPPED
            .iter()
            .filter_map(|src| bp::parse(src, Syntax::Toml, &MODULES).ok())
            .map(|blueprint| Installed { digest: bp::digest(&blueprint), blueprint, how: "shipped", document: None })
            .collect()
    })
}

/// The catalogue: the shipped blueprints and those stored on this node
/// (published here or installed from elsewhere); for each id, the latest
/// stored version replaces older ones and the shipped one.
pub async fn catalogue(state: &AppState) -> WebResult<Vec<Installed>> {
    let mut all: Vec<Installed> = installed().to_vec();
    for s in plural_store::blueprints::all(&state.db).await? {
        let Ok(signed) = serde_json::from_str::<Signed>(&s.document) else { continue };
        let i = Installed {
            blueprint: signed.head.blueprint.clone(),
            digest: s.digest,
            how: if s.how == "published" { "published" } else { "installed" },
            document: Some(signed),
        };
        match all.iter_mut().find(|o| o.blueprint.id == i.blueprint.id) {
            Some(o) => *o = i,
            None => all.push(i),
        }
    }
    Ok(all)
}

/// One blueprint of the catalogue by id.
pub async fn get(state: &AppState, id: &str) -> WebResult<Installed> {
    catalogue(state).await?.into_iter().find(|i| i.blueprint.id == id).ok_or(WebError::not_found())
}

fn problem(path: &str, code: &'static str, message: &str) -> Problem {
    Problem { path: path.into(), code, message: message.into() }
}

async fn store(state: &AppState, signed: &Signed, how: &str) -> WebResult<Result<Installed, Vec<Problem>>> {
    let b = &signed.head.blueprint;
    if let Some(other) = catalogue(state)
        .await?
        .into_iter()
        .find(|o| o.blueprint.id == b.id && o.blueprint.version == b.version && o.blueprint.origin == b.origin)
    {
        if other.digest != signed.head.digest {
            return Ok(Err(vec![problem(
                "version",
                "blueprint-version-exists",
                "this version is already on this node with different content: give the new one a new version",
            )]));
        }
    }
    let row = plural_store::blueprints::Stored {
        digest: signed.head.digest.clone(),
        blueprint_id: b.id.clone(),
        version: b.version.clone(),
        origin: b.origin.clone().unwrap_or_default(),
        how: how.into(),
        document: serde_json::to_string(signed).map_err(anyhow::Error::from)?,
        created_at: plural_store::now(),
    };
    if !plural_store::blueprints::insert(&state.db, &row).await? {
        return Ok(Err(vec![problem("", "blueprint-already-stored", "this exact version is already on this node")]));
    }
    Ok(Ok(Installed {
        blueprint: b.clone(),
        digest: row.digest,
        how: if how == "published" { "published" } else { "installed" },
        document: Some(signed.clone()),
    }))
}

/// Publish a blueprint written on this node: checked, its origin set to
/// this node, signed with this node's key and stored as signed.
pub async fn publish(state: &AppState, source: &str, syntax: Syntax) -> WebResult<Result<Installed, Vec<Problem>>> {
    let mut b = match bp::parse(source, syntax, &MODULES) {
        Ok(b) => b,
        Err(problems) => return Ok(Err(problems)),
    };
    b.origin = Some(origin(state));
    if b.derived_from.is_some() {
        return Ok(Err(vec![problem(
            "derived_from",
            "blueprint-provenance-missing",
            "an adaptation is published with the signed version it came from: install that one, then publish from it",
        )]));
    }
    let signed = Signed { head: plural_kernel::provenance::sign(&b, &signing_key(state)), chain: Vec::new() };
    let outcome = store(state, &signed, "published").await?;
    if let Ok(i) = &outcome {
        if let Err(e) = super::updates::notify_adopters(state, i).await {
            tracing::warn!(error = ?e, "telling adopters of a new blueprint version failed");
        }
    }
    Ok(outcome)
}

/// Install a blueprint signed by another node (the JSON of a signed
/// document): every signature and the whole derived-from chain checked
/// first; nothing is stored when anything is wrong.
pub async fn install(state: &AppState, document: &str) -> WebResult<Result<Installed, Vec<Problem>>> {
    let signed: Signed = match serde_json::from_str(document) {
        Ok(s) => s,
        Err(e) => {
            return Ok(Err(vec![problem(
                "",
                "blueprint-not-signed",
                &format!("this is not a signed blueprint (sign it with `plural blueprint sign`): {e}"),
            )]))
        }
    };
    if let Err(problems) = plural_kernel::provenance::verify(&signed, &MODULES) {
        return Ok(Err(problems));
    }
    let outcome = store(state, &signed, "installed").await?;
    if let Ok(i) = &outcome {
        if let Err(e) = super::updates::notify_adopters(state, i).await {
            tracing::warn!(error = ?e, "telling adopters of a new blueprint version failed");
        }
    }
    Ok(outcome)
}

/// How many campaigns on this node were adopted from each blueprint.
pub async fn adoption_counts(state: &AppState) -> WebResult<BTreeMap<String, i64>> {
    let mut counts: BTreeMap<String, i64> = plural_store::campaigns::adoptions(&state.db).await?.into_iter().collect();
    for (id, n) in plural_store::blueprints::use_counts(&state.db).await? {
        *counts.entry(id).or_default() += n;
    }
    Ok(counts)
}

/// One blueprint of this node's catalogue as it is published to other
/// nodes (the signed feed, the node actor's `blueprints` collection).
pub struct FeedItem {
    pub installed: Installed,
    /// Signed by this node (or as installed, by its publisher).
    pub signed: Signed,
    /// How many groups here adopted it.
    pub adoptions: i64,
    pub stories: Vec<Story>,
}

/// The catalogue as published to other nodes.
pub async fn feed_items(state: &AppState) -> WebResult<Vec<FeedItem>> {
    let counts = adoption_counts(state).await?;
    let mut out = Vec::new();
    for i in catalogue(state).await? {
        out.push(FeedItem {
            signed: signed(state, &i),
            adoptions: counts.get(&i.blueprint.id).copied().unwrap_or(0),
            stories: stories(state, &i.blueprint.id).await?,
            installed: i,
        });
    }
    Ok(out)
}

/// Check a blueprint sent as text: the blueprint and its digest, or every problem.
pub fn validate(source: &str, syntax: Syntax) -> Result<Installed, Vec<Problem>> {
    let blueprint = bp::parse(source, syntax, &MODULES)?;
    Ok(Installed { digest: bp::digest(&blueprint), blueprint, how: "shipped", document: None })
}

/// This node's Ed25519 blueprint-signing key, derived from the node key
/// (so it is as durable as the node key and needs no file of its own).
pub fn signing_key(state: &AppState) -> ed25519_dalek::SigningKey {
    plural_kernel::provenance::signing_key(&state.key.derive("blueprint-signing/ed25519"))
}

/// The node's base URL, as blueprints name their origin.
pub fn origin(state: &AppState) -> String {
    state.config.base_url.trim_end_matches('/').to_string()
}

/// An installed blueprint as this node publishes it: its origin set to
/// this node, signed with this node's key.
pub fn signed(state: &AppState, i: &Installed) -> plural_kernel::provenance::Signed {
    if let Some(d) = &i.document {
        return d.clone();
    }
    let mut b = i.blueprint.clone();
    if b.origin.is_none() {
        b.origin = Some(origin(state));
    }
    plural_kernel::provenance::Signed {
        head: plural_kernel::provenance::sign(&b, &signing_key(state)),
        chain: Vec::new(),
    }
}

/// What an organiser fills in to adopt a blueprint.
#[derive(Debug, Clone, Default)]
pub struct Adoption {
    pub group: String,
    pub place: String,
    /// Input key → `YYYY-MM-DD` (or blank).
    pub dates: BTreeMap<String, String>,
    /// Field key → value.
    pub fields: BTreeMap<String, String>,
    pub local_districts: String,
    pub language: String,
    /// Where a rota's sessions happen (a venue or address); blueprints
    /// with a rota need it.
    pub venue: String,
    /// The money a budget shares out, in whole pounds; blueprints with a
    /// budget need it.
    pub amount: String,
}

/// What adopting a blueprint made.
#[derive(Debug, Clone)]
pub enum Adopted {
    /// A draft campaign.
    Campaign(Box<Campaign>),
    /// The group's directory entry, rota and the like, recorded together.
    Parts(Box<plural_store::blueprints::Use>),
}

/// Whether a blueprint can be adopted on this node.
pub fn adoptable(b: &Blueprint) -> bool {
    b.campaign.is_some() || b.directory.is_some() || b.rota.is_some() || b.survey.is_some() || b.budget.is_some()
}

use plural_kernel::blueprint_updates::fill;

/// Adopt a blueprint for a place: a draft campaign is created from it,
/// pre-filled, with stage deadlines computed from the dates entered.
pub async fn adopt(state: &AppState, actor: &Actor, i: &Installed, a: &Adoption) -> WebResult<Adopted> {
    if i.blueprint.campaign.is_some() {
        return Ok(Adopted::Campaign(Box::new(adopt_campaign(state, actor, i, a).await?)));
    }
    if !adoptable(&i.blueprint) {
        return Err(DomainError::Conflict("blueprint-not-adoptable").into());
    }
    Ok(Adopted::Parts(Box::new(adopt_parts(state, actor, i, a).await?)))
}

/// Check the custom fields entered for a blueprint.
fn check_fields(b: &Blueprint, a: &Adoption, errors: &mut FieldErrors) {
    for f in &b.fields {
        let value = a.fields.get(&f.key).map(|s| s.trim()).unwrap_or("");
        if f.required && value.is_empty() {
            errors.push(field_name(&format!("field_{}", f.key)), "blueprint-field-required");
        } else if value.chars().count() > 300 || value.chars().any(char::is_control) {
            errors.push(field_name(&format!("field_{}", f.key)), "campaign-text-invalid");
        } else if f.kind == bp::FieldKind::Choice && !value.is_empty() && !f.choices.iter().any(|c| c.value == value) {
            errors.push(field_name(&format!("field_{}", f.key)), "blueprint-choice-invalid");
        }
    }
}

/// The language an adoption takes its texts from.
fn language<'a>(b: &'a Blueprint, a: &'a Adoption) -> &'a str {
    if b.languages.contains(&a.language) {
        a.language.as_str()
    } else {
        b.languages.first().map_or("en", String::as_str)
    }
}

/// RFC 5545 day code and chrono weekday of a blueprint weekday.
fn weekday(name: &str) -> Option<(&'static str, chrono::Weekday)> {
    use chrono::Weekday::*;
    Some(match name {
        "monday" => ("MO", Mon),
        "tuesday" => ("TU", Tue),
        "wednesday" => ("WE", Wed),
        "thursday" => ("TH", Thu),
        "friday" => ("FR", Fri),
        "saturday" => ("SA", Sat),
        "sunday" => ("SU", Sun),
        _ => return None,
    })
}

/// The first day on or after tomorrow falling on `day`, as `YYYY-MM-DD`.
fn next_day(day: chrono::Weekday) -> String {
    use chrono::Datelike;
    let mut d = chrono::Utc::now().date_naive() + chrono::Duration::days(1);
    while d.weekday() != day {
        d += chrono::Duration::days(1);
    }
    d.format("%Y-%m-%d").to_string()
}

/// A date as texts filled from a blueprint show it: `14 March 2027` in
/// English, `2027-03-14` in languages whose month names we do not write.
fn date_text(d: chrono::NaiveDate, lang: &str) -> String {
    if lang == "en" {
        d.format("%-d %B %Y").to_string()
    } else {
        d.format("%Y-%m-%d").to_string()
    }
}

/// An amount of pounds as texts show it: `£12,000`.
fn amount_text(n: i64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    format!("£{out}")
}

/// Adopt a blueprint's directory, rota, survey and budget parts for a
/// group (its admins): a directory service of the group, a weekly event for
/// the rota's session and a published volunteering opportunity for each
/// shift; a survey of the place by the group, open from today; and a
/// participatory budget for the place (which only the place's stewards and
/// node admins may open) of the amount entered, its stages timed after the
/// survey. All pre-filled and then edited with the usual pages. Everything
/// is checked before anything is written.
async fn adopt_parts(
    state: &AppState,
    actor: &Actor,
    i: &Installed,
    a: &Adoption,
) -> WebResult<plural_store::blueprints::Use> {
    use plural_kernel::authz::{decide, Action};
    let b = &i.blueprint;
    let me = actor.person_id().ok_or(DomainError::Unauthenticated)?;
    let mut errors = FieldErrors::new();
    let group = match a.group.trim() {
        "" => None,
        slug => plural_store::groups::by_slug(&state.db, slug).await?,
    };
    if let Some(g) = &group {
        let role = plural_store::groups::role_of(&state.db, g.id, me).await?;
        decide(actor, &Action::ManageGroupContent { role })?;
    } else {
        errors.push("group", "campaign-group-invalid");
    }
    let place = match a.place.trim() {
        "" => match &group {
            Some(g) => plural_store::places::get(&state.db, g.place_id).await?,
            None => None,
        },
        slug => {
            let p = plural_store::places::by_slug(&state.db, slug).await?;
            if p.is_none() {
                errors.push("place", "campaign-place-invalid");
            }
            p
        }
    };
    if let (Some(p), Some(_)) = (&place, &b.budget) {
        // A budget is the place's: its stewards (or node admins) open one.
        let steward = plural_store::mutual_aid::stewarded_by(&state.db, me).await?.contains(&p.id);
        decide(actor, &Action::ManageBudget { steward })?;
    }
    check_fields(b, a, &mut errors);
    let venue = a.venue.trim();
    if b.rota.is_some() && venue.is_empty() {
        errors.push("venue", "blueprint-venue-required");
    } else if venue.chars().count() > 200 || venue.chars().any(char::is_control) {
        errors.push("venue", "campaign-text-invalid");
    }
    let amount = match (&b.budget, a.amount.trim()) {
        (None, _) => None,
        (Some(_), "") => {
            errors.push("amount", "blueprint-amount-required");
            None
        }
        (Some(_), given) => errors.check(plural_kernel::budgets::parse_amount("amount", given)),
    };
    errors.into_result()?;
    let (Some(group), Some(place)) = (group, place) else {
        return Err(DomainError::field("group", "campaign-group-invalid").into());
    };
    let lang = language(b, a);
    // What texts may name besides the custom fields: the place, the
    // amount, and when the survey and each stage of the budget end.
    let mut values = a.fields.clone();
    values.insert("place".into(), place.name.clone());
    let today = chrono::Utc::now().date_naive();
    let survey_closes = b.survey.as_ref().map(|sv| today + chrono::Duration::weeks(sv.weeks));
    if let Some(d) = survey_closes {
        values.insert("survey_closes".into(), date_text(d, lang));
    }
    if let (Some(bu), Some(amount)) = (&b.budget, amount) {
        values.insert("amount".into(), amount_text(amount));
        let proposing = survey_closes.unwrap_or(today) + chrono::Duration::weeks(bu.proposing_weeks);
        let reviewing = proposing + chrono::Duration::weeks(bu.reviewing_weeks);
        let voting = reviewing + chrono::Duration::weeks(bu.voting_weeks);
        for (key, d) in [("proposing_until", proposing), ("reviewing_until", reviewing), ("voting_until", voting)] {
            values.insert(key.into(), date_text(d, lang));
        }
    }
    let text = |t: &bp::Text| fill(bp::text_in(t, lang, &b.languages), &values);
    // A part whose filled-in texts break the module's own rules (a long
    // fund name making a title too long) is named by the part; the
    // module's own field names mean nothing on the adoption form.
    let part_invalid = |part: &'static str, code: &'static str| {
        move |e: FieldErrors| {
            tracing::info!(?e, part, "a part made from a blueprint was refused");
            DomainError::field(part, code)
        }
    };
    let survey = match (&b.survey, survey_closes) {
        (Some(sv), Some(closes)) => {
            let questions: Vec<String> = sv
                .questions
                .iter()
                .map(|q| {
                    let mut line = format!("{}: {}", q.kind.as_str(), text(&q.prompt));
                    for o in &q.options {
                        line.push_str(" | ");
                        line.push_str(&text(o));
                    }
                    line
                })
                .collect();
            let input = plural_kernel::surveys::SurveyInput {
                title: text(&sv.title),
                purpose: text(&sv.purpose),
                questions: questions.join("\n"),
                opens_on: String::new(),
                closes_on: closes.format("%Y-%m-%d").to_string(),
            };
            Some(
                plural_kernel::surveys::check(&input, plural_store::now())
                    .map_err(part_invalid("survey", "blueprint-survey-invalid"))?,
            )
        }
        _ => None,
    };
    let budget = match (&b.budget, amount) {
        (Some(bu), Some(amount)) => Some(
            plural_kernel::budgets::check(&text(&bu.title), &text(&bu.description), &amount.to_string())
                .map_err(part_invalid("budget", "blueprint-budget-invalid"))?,
        ),
        _ => None,
    };
    let days = b.rota.as_ref().and_then(|r| weekday(&r.weekday));

    // Check every part first.
    let service = match &b.directory {
        Some(d) => {
            let mut terms = Vec::new();
            for c in &d.categories {
                if let Some(t) = crate::directory::service::find_term(state, c).await? {
                    terms.push(t.id);
                }
            }
            let input = crate::directory::service::ServiceInput {
                name: text(&d.name),
                description: text(&d.description),
                status: "active".into(),
                place: place.slug.clone(),
                days: days.map(|(code, _)| vec![code.to_string()]).unwrap_or_default(),
                opens_at: b.rota.as_ref().map(|r| r.starts.clone()).unwrap_or_default(),
                closes_at: b.rota.as_ref().map(|r| r.ends.clone()).unwrap_or_default(),
                costs: vec![crate::directory::service::CostInput { kind: "free".into(), ..Default::default() }],
                languages: lang.to_string(),
                terms,
                ..Default::default()
            };
            let mut write = crate::directory::service::check(state, &input).await?;
            write.last_reviewed = Some(crate::directory::service::today());
            Some(write)
        }
        None => None,
    };
    let mut rota = None;
    if let Some(r) = &b.rota {
        let Some((_, day)) = days else { return Err(DomainError::field("rota", "blueprint-rota-invalid").into()) };
        let date = next_day(day);
        let shifts: Vec<String> = r.shifts.iter().map(|s| format!("- {}", text(&s.title))).collect();
        let description = format!("{}\n\n{}", text(&r.description), shifts.join("\n"));
        let title = text(&r.title);
        let input = plural_kernel::events::EventInput {
            title: &title,
            description: &description,
            mode: "in_person",
            venue,
            date: &date,
            start_time: &r.starts,
            end_time: &r.ends,
            repeat: "weekly",
            is_free: true,
            ..Default::default()
        };
        let event = plural_kernel::events::check(&input, plural_store::now(), true).map_err(DomainError::Invalid)?;
        let mut opportunities = Vec::new();
        for s in &r.shifts {
            let input = plural_kernel::opportunities::OpportunityInput {
                title: text(&s.title),
                description: format!("{}\n\n{}", text(&r.title), text(&r.description)),
                commitment_kind: "weekly".into(),
                commitment_hours: String::new(),
                commitment_text: format!("{} {}–{}", r.weekday, r.starts, r.ends),
                no_experience_needed: true,
                location: venue.to_string(),
                status: "published".into(),
                ..Default::default()
            };
            opportunities.push(
                plural_kernel::opportunities::check(&input, plural_store::now(), None).map_err(DomainError::Invalid)?,
            );
        }
        rota = Some((event, opportunities));
    }

    // Then write them, in one transaction: an adoption that fails part-way
    // leaves nothing behind (federation's jobs are queued with them).
    let mut created: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut tx = state.db.begin().await?;
    if let Some(write) = service {
        let id = plural_store::directory::create_in(&mut tx, group.id, Some(me), &write).await?;
        created.entry("services".into()).or_default().push(id);
    }
    if let Some((event, opportunities)) = rota {
        let id = plural_store::events::insert_in(
            &mut tx,
            group.id,
            place.id,
            &event,
            plural_kernel::events::EventStatus::Published,
            Some(me),
        )
        .await?;
        created.entry("events".into()).or_default().push(id.to_string());
        for o in &opportunities {
            let id = plural_store::opportunities::create_in(&mut tx, group.id, place.id, me, o).await?;
            created.entry("opportunities".into()).or_default().push(id.to_string());
        }
    }
    if let Some(checked) = &survey {
        let id = plural_store::surveys::create_in(&mut tx, place.id, Some(group.id), me, checked).await?;
        created.entry("surveys".into()).or_default().push(id);
    }
    if let Some(checked) = &budget {
        let id = plural_store::budgets::create_in(&mut tx, place.id, me, checked).await?;
        created.entry("budgets".into()).or_default().push(id);
    }
    let u = plural_store::blueprints::Use {
        id: uuid::Uuid::new_v4().simple().to_string(),
        blueprint_id: b.id.clone(),
        version: b.version.clone(),
        digest: i.digest.clone(),
        group_id: group.id.to_string(),
        place_id: place.id.to_string(),
        language: lang.to_string(),
        fields: a.fields.clone(),
        created,
        created_by: Some(me.to_string()),
        created_at: plural_store::now(),
    };
    plural_store::blueprints::record_use_in(&mut tx, &u).await?;
    tx.commit().await.map_err(plural_store::StoreError::from)?;
    Ok(u)
}

/// Adopt a campaign blueprint: a draft campaign, pre-filled.
async fn adopt_campaign(state: &AppState, actor: &Actor, i: &Installed, a: &Adoption) -> WebResult<Campaign> {
    let b = &i.blueprint;
    let Some(cp) = &b.campaign else { return Err(DomainError::Conflict("blueprint-not-a-campaign").into()) };
    let mut errors = FieldErrors::new();
    let mut entered = BTreeMap::new();
    for input in &b.inputs {
        let value = a.dates.get(&input.key).map(|s| s.trim()).unwrap_or("");
        if value.is_empty() {
            continue;
        }
        match plural_kernel::campaigns::parse_date("date", value) {
            Ok(d) => {
                entered.insert(input.key.clone(), d);
            }
            Err(_) => errors.push(field_name(&format!("date_{}", input.key)), "campaign-date-invalid"),
        }
    }
    check_fields(b, a, &mut errors);
    let lang = language(b, a);
    let text = |t: &bp::Text| fill(bp::text_in(t, lang, &b.languages), &a.fields);
    let deadlines = bp::deadlines(b, &entered);
    let stages: Vec<StageInput> = cp
        .stages
        .iter()
        .map(|s| StageInput {
            title: text(&s.title),
            note: text(&s.note),
            due_on: deadlines.get(&s.key).map(|d| d.to_string()).unwrap_or_default(),
        })
        .collect();
    let input = CampaignInput {
        title: text(&cp.title),
        goal: text(&cp.goal),
        story: text(&cp.story),
        target: text(&cp.target),
        status: "draft".into(),
        outcome: String::new(),
        petition: cp.petition.is_some(),
        petition_text: cp.petition.as_ref().map(|p| text(&p.text)).unwrap_or_default(),
        threshold: cp
            .petition
            .as_ref()
            .filter(|p| p.threshold > 0)
            .map(|p| p.threshold.to_string())
            .unwrap_or_default(),
        local_districts: a.local_districts.clone(),
        pledges: cp.pledges.is_some(),
    };
    if !errors.is_empty() {
        // Report the group and place too, and write nothing.
        if plural_store::groups::by_slug(&state.db, a.group.trim()).await?.is_none() {
            errors.push("group", "campaign-group-invalid");
        }
        if !a.place.trim().is_empty() && plural_store::places::by_slug(&state.db, a.place.trim()).await?.is_none() {
            errors.push("place", "campaign-place-invalid");
        }
        return Err(DomainError::Invalid(errors).into());
    }
    let from = BlueprintRef { id: b.id.clone(), version: b.version.clone(), digest: i.digest.clone() };
    let n = crate::campaigns::service::check_new(state, actor, &a.group, &a.place, &input, &stages).await?;
    // The campaign and the record of how it was adopted (which the offer
    // of a new version reads) are written together or not at all.
    let mut tx = state.db.begin().await?;
    let (id, stage_ids) =
        plural_store::campaigns::create_in(&mut tx, n.group, n.place, n.by, &n.campaign, &n.stages, Some(&from))
            .await?;
    let record = super::updates::adoption_record(&id, &stage_ids, i, lang, &a.fields, &a.dates);
    plural_store::blueprints::record_adoption_in(&mut tx, &record).await?;
    tx.commit().await.map_err(plural_store::StoreError::from)?;
    plural_store::campaigns::get(&state.db, &id).await?.ok_or(WebError::not_found())
}

/// Field names in errors are `&'static str`; blueprint keys are few and
/// bounded (at most 50 of each, checked), so leaking them once is bounded.
fn field_name(name: &str) -> &'static str {
    static NAMES: OnceLock<std::sync::Mutex<Vec<&'static str>>> = OnceLock::new();
    let names = NAMES.get_or_init(Default::default);
    let mut names = names.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(n) = names.iter().find(|n| **n == name) {
        return n;
    }
    let leaked: &'static str = Box::leak(name.to_string().into_boxed_str());
    names.push(leaked);
    leaked
}

/// What organisers say about an adaptation they publish.
#[derive(Debug, Clone, Default)]
pub struct AdaptationInput {
    /// The new blueprint's id.
    pub id: String,
    /// Its name and summary (blank: the original's), and what it changed.
    pub name: String,
    pub summary: String,
    pub changes: String,
}

/// Publish a group's adopted campaign as a new blueprint (its organisers):
/// the original it was adopted from, with this campaign's texts and stage
/// titles and notes, a new id, version 1.0.0, `derived_from` naming the
/// original, signed by this node and carrying the original's signed chain.
/// Texts are written in the language the campaign was adopted in (made the
/// blueprint's first); a text the campaign changed keeps no other
/// language's version, which would still say the original's words.
pub async fn publish_adaptation(
    state: &AppState,
    actor: &Actor,
    campaign: &str,
    input: &AdaptationInput,
) -> WebResult<Result<Installed, Vec<Problem>>> {
    let l = crate::campaigns::service::load(state, actor, campaign).await?;
    plural_kernel::authz::decide(actor, &plural_kernel::authz::Action::RunCampaign { role: l.role })?;
    let Some(from) = &l.c.blueprint else {
        return Ok(Err(vec![problem(
            "campaign",
            "campaign-not-adopted",
            "this campaign was not adopted from a blueprint",
        )]));
    };
    let Some(original) = super::updates::all_versions(state).await?.into_iter().find(|i| i.digest == from.digest)
    else {
        return Ok(Err(vec![problem(
            "campaign",
            "blueprint-original-missing",
            "the version this campaign was adopted from is no longer on this node",
        )]));
    };
    let original = signed(state, &original);
    let o = &original.head.blueprint;
    let mut b = o.clone();
    b.id = input.id.trim().to_string();
    b.version = "1.0.0".into();
    b.origin = Some(origin(state));
    b.derived_from = Some(bp::Source {
        id: o.id.clone(),
        version: o.version.clone(),
        origin: o.origin.clone().unwrap_or_default(),
        digest: original.head.digest.clone(),
    });
    let adopted = plural_store::blueprints::adoption(&state.db, &l.c.id).await?;
    let lang = plural_kernel::blueprint_updates::language_of(o, adopted.as_ref().map_or("", |a| a.language.as_str()))
        .to_string();
    b.languages.retain(|x| *x != lang);
    b.languages.insert(0, lang.clone());
    b.changes = bp::Text::new();
    let set = |t: &mut bp::Text, v: &str| {
        let v = v.trim();
        if !v.is_empty() && t.get(&lang).map(|x| x.trim()) != Some(v) {
            t.clear();
            t.insert(lang.clone(), v.to_string());
        }
    };
    set(&mut b.name, &input.name);
    set(&mut b.summary, &input.summary);
    set(&mut b.changes, &input.changes);
    let stages = plural_store::campaigns::stages(&state.db, &l.c.id).await?;
    let stage_keys = adopted.map(|a| a.stage_keys).unwrap_or_default();
    if let Some(cp) = &mut b.campaign {
        set(&mut cp.title, &l.c.title);
        set(&mut cp.goal, &l.c.goal);
        set(&mut cp.story, &l.c.story);
        set(&mut cp.target, &l.c.target);
        if let Some(p) = &mut cp.petition {
            set(&mut p.text, &l.c.petition_text);
        }
        for (i, part) in cp.stages.iter_mut().enumerate() {
            // The campaign stage that came from this one (by position when not recorded).
            let stage = if stage_keys.is_empty() {
                stages.get(i)
            } else {
                stages.iter().find(|s| stage_keys.get(&s.id) == Some(&part.key))
            };
            if let Some(stage) = stage {
                set(&mut part.title, &stage.title);
                set(&mut part.note, &stage.note);
            }
        }
    }
    let problems = bp::check(&b, &MODULES);
    if !problems.is_empty() {
        return Ok(Err(problems));
    }
    let signed = Signed {
        head: plural_kernel::provenance::sign(&b, &signing_key(state)),
        chain: std::iter::once(original.head.clone()).chain(original.chain.iter().cloned()).collect(),
    };
    if let Err(problems) = plural_kernel::provenance::verify(&signed, &MODULES) {
        return Ok(Err(problems));
    }
    store(state, &signed, "published").await
}

/// The adaptations of a blueprint this node knows of (published here or
/// installed from elsewhere): those whose signed chain includes it.
pub async fn adaptations(state: &AppState, id: &str) -> WebResult<Vec<Installed>> {
    let mut out = Vec::new();
    for s in plural_store::blueprints::all(&state.db).await? {
        let Ok(signed) = serde_json::from_str::<Signed>(&s.document) else { continue };
        if signed.head.blueprint.id != id && signed.chain.iter().any(|l| l.blueprint.id == id) {
            out.push(Installed {
                blueprint: signed.head.blueprint.clone(),
                digest: s.digest,
                how: if s.how == "published" { "published" } else { "installed" },
                document: Some(signed),
            });
        }
    }
    Ok(out)
}

/// The longest story, in characters.
pub const STORY_MAX: usize = 2000;

/// A story of how adopting a blueprint went, as shown and carried in the
/// catalogue (Markdown, and the sanitised HTML of it).
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Story {
    /// The group that adopted it, and its place.
    pub group: String,
    pub place: String,
    /// Markdown, as written.
    pub body: String,
    /// The Markdown as sanitised HTML.
    pub body_html: String,
    /// Unix seconds.
    pub created_at: i64,
}

/// The stories of a blueprint, newest first.
pub async fn stories(state: &AppState, id: &str) -> WebResult<Vec<Story>> {
    Ok(plural_store::blueprints::stories(&state.db, id)
        .await?
        .into_iter()
        .map(|s| Story {
            body_html: crate::rich_text::markdown_to_html(&s.body, crate::rich_text::RawHtml::Strip),
            group: s.group_name,
            place: s.place_name,
            body: s.body,
            created_at: s.created_at,
        })
        .collect())
}

/// The groups a person may tell a blueprint's story for: those they run
/// (admins and owners) that adopted it.
pub async fn story_groups(state: &AppState, actor: &Actor, id: &str) -> WebResult<Vec<plural_store::groups::Group>> {
    use plural_kernel::authz::{decide, Action};
    let Some(me) = actor.person_id() else { return Ok(Vec::new()) };
    let mut out = Vec::new();
    for (g, role) in plural_store::groups::of_person(&state.db, me).await? {
        if decide(actor, &Action::ManageGroupContent { role: Some(role) }).is_ok()
            && plural_store::blueprints::group_adopted(&state.db, id, &g.id.to_string()).await?
        {
            out.push(g);
        }
    }
    Ok(out)
}

/// Tell how adopting a blueprint went, for a group that adopted it (its
/// admins and owners). The story is Markdown, at most [`STORY_MAX`]
/// characters, shown sanitised.
pub async fn add_story(state: &AppState, actor: &Actor, id: &str, group: &str, body: &str) -> WebResult<String> {
    use plural_kernel::authz::{decide, Action};
    let me = actor.person_id().ok_or(DomainError::Unauthenticated)?;
    let mut errors = FieldErrors::new();
    let group = match group.trim() {
        "" => None,
        slug => plural_store::groups::by_slug(&state.db, slug).await?,
    };
    match &group {
        Some(g) => {
            let role = plural_store::groups::role_of(&state.db, g.id, me).await?;
            decide(actor, &Action::ManageGroupContent { role })?;
            if !plural_store::blueprints::group_adopted(&state.db, id, &g.id.to_string()).await? {
                errors.push("group", "blueprint-story-not-adopter");
            }
        }
        None => errors.push("group", "campaign-group-invalid"),
    }
    let body = body.trim();
    if body.is_empty() {
        errors.push("story", "blueprint-story-required");
    } else if body.chars().count() > STORY_MAX {
        errors.push("story", "blueprint-story-too-long");
    } else if body.chars().any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t') {
        errors.push("story", "campaign-text-invalid");
    }
    errors.into_result()?;
    let Some(group) = group else { return Err(DomainError::field("group", "campaign-group-invalid").into()) };
    Ok(plural_store::blueprints::add_story(&state.db, id, &group.id.to_string(), Some(me.to_string()), body).await?)
}
