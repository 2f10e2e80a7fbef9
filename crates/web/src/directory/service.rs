//! Directory operations, shared by the pages and the API. Each function
//! gathers the facts, asks [`authz::decide`], then reads or writes the store.

use plural_kernel::authz::{self, Action, Actor};
use plural_kernel::directory::{parse_language_code, parse_money_minor, parse_time_of_day, ServiceStatus, WEEKDAYS};
use plural_kernel::errors::FieldErrors;
use plural_kernel::groups::Role;
use plural_kernel::people::EmailAddress;
use plural_kernel::places::{parse_description, Title};
use plural_kernel::DomainError;
use plural_store::directory::{CostOption, Filter, Location, OrgDetails, Phone, Schedule, Service, ServiceWrite, Term};
use plural_store::groups::Group;

use crate::error::{WebError, WebResult};
use crate::AppState;

const NAME_MAX: usize = 120;
const DESCRIPTION_MAX: usize = 5000;
const SHORT_MAX: usize = 1000;
const LINE_MAX: usize = 200;

/// A service as submitted (form or API), not yet checked.
#[derive(Debug, Clone, Default)]
pub struct ServiceInput {
    pub name: String,
    pub description: String,
    /// HSDS status, or its code (`temporarily-closed`).
    pub status: String,
    /// Slug of the place the service is in.
    pub place: String,
    pub url: String,
    pub email: String,
    pub eligibility: String,
    /// Where it is offered; blank ones are ignored.
    pub locations: Vec<LocationInput>,
    /// RFC 5545 weekday codes (`MO` … `SU`).
    pub days: Vec<String>,
    pub opens_at: String,
    pub closes_at: String,
    /// Its prices; those with no kind are ignored.
    pub costs: Vec<CostInput>,
    /// ISO 639-1 codes separated by commas or spaces.
    pub languages: String,
    /// Taxonomy term ids or codes.
    pub terms: Vec<String>,
    /// Opening hours beyond the first (which the form and the fields above
    /// edit), kept as they are so an edit never drops them.
    pub extra_schedules: Vec<Schedule>,
}

/// One place a service is offered at, as submitted.
#[derive(Debug, Clone, Default)]
pub struct LocationInput {
    pub name: String,
    pub address_1: String,
    pub address_2: String,
    pub city: String,
    pub postcode: String,
    pub latitude: String,
    pub longitude: String,
    pub accessibility: String,
}

impl LocationInput {
    /// Nothing that says where: a spare fieldset left empty.
    fn is_blank(&self) -> bool {
        [&self.name, &self.address_1, &self.address_2, &self.postcode, &self.accessibility]
            .iter()
            .all(|v| v.trim().is_empty())
    }
}

/// One price of a service, as submitted.
#[derive(Debug, Clone, Default)]
pub struct CostInput {
    /// `free`, `paid`, or empty for "not said".
    pub kind: String,
    /// Pounds and pence, when paid.
    pub amount: String,
    pub description: String,
}

/// Most locations and prices one service may list.
pub const MOST_LOCATIONS: usize = 20;
pub const MOST_COSTS: usize = 10;

/// The fields of one location, by their names for the first location.
pub const LOCATION_FIELDS: [&str; 8] =
    ["location_name", "address_1", "address_2", "city", "postcode", "latitude", "longitude", "accessibility"];
/// The fields of one price, by their names for the first price.
pub const COST_FIELDS: [&str; 3] = ["cost", "amount", "cost_description"];

/// Field names of the later locations and prices, as the API's lists name
/// them (`locations[1].postcode`, `cost_options[2].amount`); the form uses the
/// same names. Made once: errors name fields by `&'static str`.
static INDEXED_FIELDS: std::sync::LazyLock<Vec<(usize, &'static str, &'static str)>> = std::sync::LazyLock::new(|| {
    let mut out = Vec::new();
    for i in 1..MOST_LOCATIONS {
        for f in LOCATION_FIELDS {
            let key = if f == "location_name" { "name" } else { f };
            let name: &'static str = Box::leak(format!("locations[{i}].{key}").into_boxed_str());
            out.push((i, f, name));
        }
    }
    for i in 1..MOST_COSTS {
        for f in COST_FIELDS {
            let key = if f == "cost_description" { "description" } else { f };
            let name: &'static str = Box::leak(format!("cost_options[{i}].{key}").into_boxed_str());
            out.push((i, f, name));
        }
    }
    out
});

/// The name of `field` (a name from [`LOCATION_FIELDS`] or [`COST_FIELDS`])
/// in the `i`-th location or price: plain for the first, indexed after.
pub fn field_name(i: usize, field: &'static str) -> &'static str {
    if i == 0 {
        return field;
    }
    INDEXED_FIELDS.iter().find(|(n, f, _)| *n == i && *f == field).map(|(_, _, name)| *name).unwrap_or(field)
}

fn too_long(errors: &mut FieldErrors, field: &'static str, value: &str, max: usize) -> String {
    let v = value.trim();
    if v.chars().count() > max {
        errors.push(field, "directory-too-long");
    }
    v.to_string()
}

fn optional_url(errors: &mut FieldErrors, field: &'static str, value: &str) -> Option<String> {
    let v = value.trim();
    if v.is_empty() {
        return None;
    }
    match url::Url::parse(v) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() && v.len() <= 500 => Some(u.to_string()),
        _ => {
            errors.push(field, "directory-url-invalid");
            None
        }
    }
}

fn optional_coordinate(errors: &mut FieldErrors, field: &'static str, value: &str, limit: f64) -> Option<f64> {
    let v = value.trim();
    if v.is_empty() {
        return None;
    }
    match v.parse::<f64>() {
        Ok(n) if n.is_finite() && n.abs() <= limit => Some(n),
        _ => {
            errors.push(field, "directory-coordinate-invalid");
            None
        }
    }
}

/// A UK-style postcode, tidied: upper case, single space before the last three characters.
fn postcode(errors: &mut FieldErrors, field: &'static str, value: &str) -> String {
    let compact: String = value.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase();
    if !(5..=7).contains(&compact.len()) || !compact.chars().all(|c| c.is_ascii_alphanumeric()) {
        errors.push(field, "directory-postcode-invalid");
        return value.trim().to_string();
    }
    let (out, inward) = compact.split_at(compact.len() - 3);
    format!("{out} {inward}")
}

/// Check one location (the `i`-th submitted); its problems are named by its fields.
fn check_location(errors: &mut FieldErrors, i: usize, l: &LocationInput, place_name: &str) -> Location {
    let name = |f: &'static str| field_name(i, f);
    let address_1 = too_long(errors, name("address_1"), &l.address_1, LINE_MAX);
    if address_1.is_empty() {
        errors.push(name("address_1"), "directory-address-required");
    }
    let city = match l.city.trim() {
        "" => place_name.to_string(),
        c => too_long(errors, name("city"), c, LINE_MAX),
    };
    let postcode = if l.postcode.trim().is_empty() {
        errors.push(name("postcode"), "directory-postcode-invalid");
        String::new()
    } else {
        postcode(errors, name("postcode"), &l.postcode)
    };
    let latitude = optional_coordinate(errors, name("latitude"), &l.latitude, 90.0);
    let longitude = optional_coordinate(errors, name("longitude"), &l.longitude, 180.0);
    if latitude.is_some() != longitude.is_some() {
        errors.push(name("latitude"), "directory-coordinates-pair");
    }
    Location {
        name: too_long(errors, name("location_name"), &l.name, LINE_MAX),
        address_1,
        address_2: too_long(errors, name("address_2"), &l.address_2, LINE_MAX),
        city,
        postcode,
        latitude,
        longitude,
        accessibility: too_long(errors, name("accessibility"), &l.accessibility, SHORT_MAX),
        ..Location::default()
    }
}

/// Check one price (the `i`-th submitted); `None` when it says nothing.
fn check_cost(errors: &mut FieldErrors, i: usize, c: &CostInput) -> Option<CostOption> {
    let description = too_long(errors, field_name(i, "cost_description"), &c.description, SHORT_MAX);
    match c.kind.trim() {
        "" => None,
        "free" => Some(CostOption { free: true, description, ..CostOption::default() }),
        "paid" => errors.check(parse_money_minor(field_name(i, "amount"), &c.amount)).map(|minor| CostOption {
            free: false,
            amount_minor: Some(minor),
            currency: Some("GBP".into()),
            description,
            ..CostOption::default()
        }),
        _ => {
            errors.push(field_name(i, "cost"), "directory-cost-invalid");
            None
        }
    }
}

/// Check everything submitted; nothing is written unless all of it is right.
pub async fn check(state: &AppState, input: &ServiceInput) -> WebResult<ServiceWrite> {
    let mut errors = FieldErrors::new();
    let name = errors.check(Title::parse("name", &input.name, NAME_MAX));
    let description = errors.check(parse_description("description", &input.description, DESCRIPTION_MAX));
    let status = errors.check(ServiceStatus::parse("status", &input.status));
    let place = match input.place.trim() {
        "" => None,
        slug => plural_store::places::by_slug(&state.db, slug).await?,
    };
    if place.is_none() {
        errors.push("place", "place-invalid");
    }
    let url = optional_url(&mut errors, "url", &input.url);
    let email = match input.email.trim() {
        "" => None,
        e => errors.check(EmailAddress::parse("email", e)).map(|e| e.as_str().to_string()),
    };
    let eligibility = too_long(&mut errors, "eligibility", &input.eligibility, SHORT_MAX);

    if input.locations.len() > MOST_LOCATIONS {
        errors.push("locations", "directory-too-many");
    }
    let place_name = place.as_ref().map(|p| p.name.clone()).unwrap_or_default();
    let locations: Vec<Location> = input
        .locations
        .iter()
        .take(MOST_LOCATIONS)
        .enumerate()
        .filter(|(_, l)| !l.is_blank())
        .map(|(i, l)| check_location(&mut errors, i, l, &place_name))
        .collect();

    let mut days: Vec<&str> = Vec::new();
    for d in &input.days {
        match WEEKDAYS.iter().find(|w| w.eq_ignore_ascii_case(d.trim())) {
            Some(w) if !days.contains(w) => days.push(w),
            Some(_) => {}
            None => errors.push("days", "directory-days-invalid"),
        }
    }
    days.sort_by_key(|d| WEEKDAYS.iter().position(|w| w == d));
    let times_given = !input.opens_at.trim().is_empty() || !input.closes_at.trim().is_empty();
    let schedules = if days.is_empty() {
        if times_given {
            errors.push("days", "directory-days-required");
        }
        vec![]
    } else {
        let opens = errors.check(parse_time_of_day("opens_at", &input.opens_at));
        let closes = errors.check(parse_time_of_day("closes_at", &input.closes_at));
        match (opens, closes) {
            (Some(o), Some(c)) if c > o => {
                vec![Schedule {
                    freq: "WEEKLY".into(),
                    byday: days.join(","),
                    opens_at: o,
                    closes_at: c,
                    ..Schedule::default()
                }]
            }
            (Some(_), Some(_)) => {
                errors.push("closes_at", "directory-closes-before-opens");
                vec![]
            }
            _ => vec![],
        }
    };

    let mut schedules = schedules;
    schedules.extend(input.extra_schedules.iter().cloned());

    if input.costs.len() > MOST_COSTS {
        errors.push("cost_options", "directory-too-many");
    }
    let cost_options: Vec<CostOption> =
        input.costs.iter().take(MOST_COSTS).enumerate().filter_map(|(i, c)| check_cost(&mut errors, i, c)).collect();

    let mut languages: Vec<String> = Vec::new();
    for code in input.languages.split([',', ' ', ';']).filter(|c| !c.trim().is_empty()) {
        if let Some(c) = errors.check(parse_language_code("languages", code)) {
            if !languages.contains(&c) {
                languages.push(c);
            }
        }
    }
    if languages.len() > 30 {
        errors.push("languages", "directory-too-long");
    }

    let all_terms = plural_store::directory::terms(&state.db).await?;
    let mut term_ids: Vec<String> = Vec::new();
    for t in input.terms.iter().map(|t| t.trim()).filter(|t| !t.is_empty()) {
        match all_terms.iter().find(|term| term.id == t || term.code == t) {
            Some(term) if !term_ids.contains(&term.id) => term_ids.push(term.id.clone()),
            Some(_) => {}
            None => errors.push("terms", "directory-term-invalid"),
        }
    }

    match (name, description, status, place) {
        (Some(name), Some(description), Some(status), Some(place)) if errors.is_empty() => Ok(ServiceWrite {
            place_id: Some(place.id),
            name: name.as_str().to_string(),
            description,
            url,
            email,
            status: status.as_str().to_string(),
            eligibility_description: eligibility,
            last_reviewed: None,
            locations,
            schedules,
            cost_options,
            languages,
            term_ids,
        }),
        _ => Err(DomainError::Invalid(errors).into()),
    }
}

pub fn today() -> String {
    let d = time::OffsetDateTime::now_utc().date();
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

async fn role_in(state: &AppState, actor: &Actor, group: &Group) -> WebResult<Option<Role>> {
    match actor.person_id() {
        Some(p) => Ok(plural_store::groups::role_of(&state.db, group.id, p).await?),
        None => Ok(None),
    }
}

/// The groups a person may publish services for.
pub async fn publishable_groups(state: &AppState, actor: &Actor) -> WebResult<Vec<Group>> {
    match actor.person_id() {
        Some(p) => Ok(plural_store::groups::of_person(&state.db, p)
            .await?
            .into_iter()
            .filter(|(_, role)| authz::decide(actor, &Action::ManageGroupContent { role: Some(*role) }).is_ok())
            .map(|(g, _)| g)
            .collect()),
        None => Ok(vec![]),
    }
}

/// The group a new service is for, if the actor may publish for it.
async fn group_to_publish_for(state: &AppState, actor: &Actor, group_slug: &str) -> WebResult<Group> {
    let group = match group_slug.trim() {
        "" => None,
        slug => plural_store::groups::by_slug(&state.db, slug).await?,
    };
    let Some(group) = group else {
        // Asking anonymously is "sign in" before it is "which group".
        authz::decide(actor, &Action::ManageGroupContent { role: None }).or_else(|e| match e {
            DomainError::Forbidden(_) => Ok(()),
            e => Err(e),
        })?;
        return Err(DomainError::field("group", "directory-group-invalid").into());
    };
    authz::decide(actor, &Action::ManageGroupContent { role: role_in(state, actor, &group).await? })?;
    Ok(group)
}

/// Check a new service without saving it (for "Preview").
pub async fn check_new(
    state: &AppState,
    actor: &Actor,
    group_slug: &str,
    input: &ServiceInput,
) -> WebResult<ServiceWrite> {
    group_to_publish_for(state, actor, group_slug).await?;
    check(state, input).await
}

/// Publish a service for a group (its admins and owners).
pub async fn create(state: &AppState, actor: &Actor, group_slug: &str, input: &ServiceInput) -> WebResult<Service> {
    let group = group_to_publish_for(state, actor, group_slug).await?;
    let mut write = check(state, input).await?;
    write.last_reviewed = Some(today());
    let id = plural_store::directory::create(&state.db, group.id, actor.person_id(), &write).await?;
    plural_store::directory::service(&state.db, &id).await?.ok_or(WebError::not_found())
}

/// A service and the group that publishes it.
pub async fn load(state: &AppState, id: &str) -> WebResult<(Service, Group)> {
    if uuid::Uuid::parse_str(id).is_err() {
        return Err(WebError::not_found());
    }
    let service = plural_store::directory::service(&state.db, id).await?.ok_or(WebError::not_found())?;
    let group = plural_store::groups::get(&state.db, service.group_id).await?.ok_or(WebError::not_found())?;
    Ok((service, group))
}

/// Whether the actor may edit the group's services.
pub async fn can_edit(state: &AppState, actor: &Actor, group: &Group) -> WebResult<bool> {
    if actor.person_id().is_none() {
        return Ok(false);
    }
    Ok(authz::decide(actor, &Action::ManageGroupContent { role: role_in(state, actor, group).await? }).is_ok())
}

async fn require_edit(state: &AppState, actor: &Actor, id: &str) -> WebResult<(Service, Group)> {
    let (service, group) = load(state, id).await?;
    authz::decide(actor, &Action::ManageGroupContent { role: role_in(state, actor, &group).await? })?;
    Ok((service, group))
}

/// Check a change to a service without saving it (for "Preview").
pub async fn check_update(state: &AppState, actor: &Actor, id: &str, input: &ServiceInput) -> WebResult<ServiceWrite> {
    require_edit(state, actor, id).await?;
    check(state, input).await
}

/// Replace a service's details; editing counts as reviewing them.
pub async fn update(state: &AppState, actor: &Actor, id: &str, input: &ServiceInput) -> WebResult<Service> {
    let (service, group) = require_edit(state, actor, id).await?;
    let mut write = check(state, input).await?;
    write.last_reviewed = Some(today());
    plural_store::directory::update(&state.db, &service.id, group.id, &write).await?;
    plural_store::directory::service(&state.db, &service.id).await?.ok_or(WebError::not_found())
}

/// Say the details were checked today and are still right.
pub async fn mark_reviewed(state: &AppState, actor: &Actor, id: &str) -> WebResult<Service> {
    let (service, _) = require_edit(state, actor, id).await?;
    plural_store::directory::mark_reviewed(&state.db, &service.id, &today()).await?;
    plural_store::directory::service(&state.db, &service.id).await?.ok_or(WebError::not_found())
}

/// What the service list can be narrowed to, by slugs and codes as people type them.
#[derive(Debug, Clone, Default)]
pub struct ListQuery {
    pub place: String,
    pub term: String,
    pub group: String,
}

/// Services matching the query; unknown place, term or group → not found.
pub async fn list(state: &AppState, q: &ListQuery, limit: i64, offset: i64) -> WebResult<(Vec<Service>, i64)> {
    let mut filter = Filter::default();
    if !q.place.trim().is_empty() {
        // A place includes the places within it: Lambeth shows Coldharbour's services too.
        let places = plural_store::places::list(&state.db).await?;
        let root = places.iter().find(|p| p.slug == q.place.trim()).ok_or(WebError::not_found())?;
        let ids = crate::search::service::place_and_within(&places, root);
        filter.place_ids = ids;
    }
    if !q.group.trim().is_empty() {
        filter.group_id =
            Some(plural_store::groups::by_slug(&state.db, q.group.trim()).await?.ok_or(WebError::not_found())?.id);
    }
    if !q.term.trim().is_empty() {
        filter.term_id = Some(find_term(state, &q.term).await?.ok_or(WebError::not_found())?.id);
    }
    Ok(plural_store::directory::services(&state.db, &filter, limit, offset).await?)
}

/// A term by its id or code.
pub async fn find_term(state: &AppState, key: &str) -> WebResult<Option<Term>> {
    let key = key.trim();
    Ok(plural_store::directory::terms(&state.db).await?.into_iter().find(|t| t.id == key || t.code == key))
}

/// A price in pence, as people read it: `£2.50`.
pub fn money(minor: i64) -> String {
    format!("£{}.{:02}", minor / 100, minor % 100)
}

/// An organisation's public contact details as submitted.
#[derive(Debug, Clone, Default)]
pub struct OrgInput {
    pub website: String,
    pub email: String,
    /// (number, description)
    pub phones: Vec<(String, String)>,
}

/// A public phone number: digits, spaces, `+`, `(`, `)` and `-`, with 6 to 20 digits.
fn phone_number(errors: &mut FieldErrors, value: &str) -> String {
    let v = value.trim();
    let digits = v.chars().filter(char::is_ascii_digit).count();
    if !(6..=20).contains(&digits) || !v.chars().all(|c| c.is_ascii_digit() || " +()-".contains(c)) {
        errors.push("phones", "directory-phone-invalid");
    }
    v.to_string()
}

/// Replace a group's public contact details (its admins and owners). These
/// are the organisation's own, never a member's.
pub async fn set_org_details(
    state: &AppState,
    actor: &Actor,
    group_slug: &str,
    input: &OrgInput,
) -> WebResult<(Group, OrgDetails)> {
    let group = plural_store::groups::by_slug(&state.db, group_slug.trim()).await?.ok_or(WebError::not_found())?;
    authz::decide(actor, &Action::ManageGroupContent { role: role_in(state, actor, &group).await? })?;
    let mut errors = FieldErrors::new();
    let website = optional_url(&mut errors, "website", &input.website);
    let email = match input.email.trim() {
        "" => None,
        e => errors.check(EmailAddress::parse("email", e)).map(|e| e.as_str().to_string()),
    };
    if input.phones.len() > 5 {
        errors.push("phones", "directory-too-long");
    }
    let phones = input
        .phones
        .iter()
        .map(|(number, description)| Phone {
            id: String::new(),
            number: phone_number(&mut errors, number),
            description: too_long(&mut errors, "phones", description, LINE_MAX),
        })
        .collect();
    errors.into_result()?;
    let details = OrgDetails { website, email, phones };
    plural_store::directory::set_org_details(&state.db, group.id, &details).await?;
    let stored = plural_store::directory::org_details(&state.db, group.id).await?;
    Ok((group, stored))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn later_locations_and_prices_are_named_as_the_api_lists_them() {
        assert_eq!(field_name(0, "postcode"), "postcode");
        assert_eq!(field_name(1, "postcode"), "locations[1].postcode");
        assert_eq!(field_name(3, "location_name"), "locations[3].name");
        assert_eq!(field_name(2, "amount"), "cost_options[2].amount");
        assert_eq!(field_name(1, "cost_description"), "cost_options[1].description");
        assert_eq!(field_name(MOST_LOCATIONS - 1, "city"), format!("locations[{}].city", MOST_LOCATIONS - 1));
    }
}
