//! The domain operations on places, shared by pages and API: reading the
//! hierarchy, and creating or editing a place (node admins only).

use plural_kernel::authz::{self, Action, Actor};
use plural_kernel::errors::FieldErrors;
use plural_kernel::places::{parse_description, Footprint, Slug, Title};
use plural_kernel::{DomainError, PlaceId};
use plural_store::places::{Place, PlaceFields};

use crate::error::{WebError, WebResult};
use crate::AppState;

pub const NAME_MAX: usize = 100;
pub const DESCRIPTION_MAX: usize = 2000;

/// A place form or API body, as text, before it is checked.
#[derive(Debug, Clone, Default)]
pub struct PlaceInput {
    pub slug: String,
    pub name: String,
    pub description: String,
    /// The parent's slug; empty for a top-level place.
    pub parent: String,
    pub latitude: String,
    pub longitude: String,
    pub radius_m: String,
    pub geojson: String,
}

impl PlaceInput {
    /// The current values of a place, to start an edit from.
    pub fn of(place: &Place, parent_slug: Option<&str>) -> PlaceInput {
        let mut input = PlaceInput {
            slug: place.slug.clone(),
            name: place.name.clone(),
            description: place.description.clone(),
            parent: parent_slug.unwrap_or_default().to_string(),
            ..PlaceInput::default()
        };
        match &place.footprint {
            Some(Footprint::Circle { latitude, longitude, radius_m }) => {
                input.latitude = latitude.to_string();
                input.longitude = longitude.to_string();
                input.radius_m = radius_m.to_string();
            }
            Some(Footprint::Polygon { geojson }) => input.geojson = geojson.clone(),
            None => {}
        }
        input
    }
}

pub async fn by_slug(state: &AppState, slug: &str) -> WebResult<Place> {
    plural_store::places::by_slug(&state.db, slug).await?.ok_or(WebError::not_found())
}

/// The slug of each place's parent, looked up in a list of all places.
pub fn parent_slug<'a>(all: &'a [Place], place: &Place) -> Option<&'a str> {
    let parent = place.parent_id?;
    all.iter().find(|p| p.id == parent).map(|p| p.slug.as_str())
}

/// The chain of places above `place`, from the top down, looked up in a list
/// of all places (so a page that has the list asks the database nothing more).
pub fn ancestors(all: &[Place], place: &Place) -> Vec<Place> {
    let mut chain: Vec<Place> = Vec::new();
    let mut next = place.parent_id;
    while let Some(id) = next {
        // A cycle cannot be created through the API, but stop on one anyway.
        if chain.len() > 32 || id == place.id || chain.iter().any(|p| p.id == id) {
            break;
        }
        let Some(parent) = all.iter().find(|p| p.id == id) else { break };
        next = parent.parent_id;
        chain.push(parent.clone());
    }
    chain.reverse();
    chain
}

/// `id` and every place below it.
fn subtree(all: &[Place], id: PlaceId) -> Vec<PlaceId> {
    let mut found = vec![id];
    let mut i = 0;
    while i < found.len() {
        let current = found[i];
        for p in all.iter().filter(|p| p.parent_id == Some(current)) {
            if !found.contains(&p.id) {
                found.push(p.id);
            }
        }
        i += 1;
    }
    found
}

struct Checked {
    slug: Slug,
    name: Title,
    description: String,
    parent_id: Option<PlaceId>,
    footprint: Option<Footprint>,
}

/// Check every field, reporting every problem at once.
async fn check(state: &AppState, input: &PlaceInput, editing: Option<&Place>) -> WebResult<Checked> {
    let mut errors = FieldErrors::new();
    let name = errors.check(Title::parse("name", &input.name, NAME_MAX));
    let slug = if input.slug.trim().is_empty() {
        match name.as_ref().map(|n| Slug::from_name(n.as_str())) {
            Some(Some(slug)) => Some(slug),
            Some(None) => {
                errors.push("slug", "slug-required");
                None
            }
            // The name is missing, which is reported already.
            None => None,
        }
    } else {
        errors.check(Slug::parse("slug", &input.slug))
    };
    let description = errors.check(parse_description("description", &input.description, DESCRIPTION_MAX));
    let all = plural_store::places::list(&state.db).await?;
    let parent_id = match input.parent.trim() {
        "" => None,
        wanted => match all.iter().find(|p| p.slug == wanted) {
            None => {
                errors.push("parent", "place-invalid");
                None
            }
            Some(parent) => {
                if editing.is_some_and(|place| subtree(&all, place.id).contains(&parent.id)) {
                    errors.push("parent", "parent-cycle");
                }
                Some(parent.id)
            }
        },
    };
    let opt = |s: &str| Some(s.to_string()).filter(|s| !s.trim().is_empty());
    let footprint = Footprint::parse(
        opt(&input.latitude).as_deref(),
        opt(&input.longitude).as_deref(),
        opt(&input.radius_m).as_deref(),
        opt(&input.geojson).as_deref(),
        &mut errors,
    );
    if let Some(slug) = &slug {
        let taken = all.iter().any(|p| p.slug == slug.as_str() && editing.is_none_or(|e| e.id != p.id));
        if taken {
            errors.push("slug", "slug-taken");
        }
    }
    errors.into_result()?;
    match (slug, name, description) {
        (Some(slug), Some(name), Some(description)) => Ok(Checked { slug, name, description, parent_id, footprint }),
        _ => Err(DomainError::field("name", "name-required").into()),
    }
}

fn fields(c: &Checked) -> PlaceFields<'_> {
    PlaceFields {
        slug: c.slug.as_str(),
        name: c.name.as_str(),
        description: &c.description,
        parent_id: c.parent_id,
        footprint: c.footprint.as_ref(),
    }
}

fn slug_taken(e: plural_store::StoreError) -> WebError {
    if e.is_unique_violation() {
        DomainError::field("slug", "slug-taken").into()
    } else {
        e.into()
    }
}

pub async fn create(state: &AppState, actor: &Actor, input: &PlaceInput) -> WebResult<Place> {
    authz::decide(actor, &Action::CreatePlace)?;
    let checked = check(state, input, None).await?;
    let id = plural_store::places::create(&state.db, fields(&checked)).await.map_err(slug_taken)?;
    plural_store::places::get(&state.db, id).await?.ok_or(WebError::not_found())
}

pub async fn update(state: &AppState, actor: &Actor, place: &Place, input: &PlaceInput) -> WebResult<Place> {
    authz::decide(actor, &Action::EditPlace)?;
    let checked = check(state, input, Some(place)).await?;
    plural_store::places::update(&state.db, place.id, fields(&checked)).await.map_err(slug_taken)?;
    plural_store::places::get(&state.db, place.id).await?.ok_or(WebError::not_found())
}

/// One line of the hierarchy as a nested list, in reading order.
pub enum TreeStep {
    /// Open a list item for this place (and show its link).
    Item(Place),
    /// The place just shown has children: open a nested list.
    Open,
    /// Close the nested list.
    Close,
    /// Close the list item.
    End,
}

/// The hierarchy as steps for a template (templates cannot recurse).
pub fn tree(all: &[Place]) -> Vec<TreeStep> {
    let known = |id: PlaceId| all.iter().any(|p| p.id == id);
    let roots: Vec<&Place> = all.iter().filter(|p| p.parent_id.is_none_or(|id| !known(id))).collect();
    let mut steps = Vec::new();
    let mut seen = Vec::new();
    for root in roots {
        walk(all, root, &mut steps, &mut seen);
    }
    steps
}

fn walk(all: &[Place], place: &Place, steps: &mut Vec<TreeStep>, seen: &mut Vec<PlaceId>) {
    if seen.contains(&place.id) || seen.len() > 10_000 {
        return;
    }
    seen.push(place.id);
    steps.push(TreeStep::Item(place.clone()));
    let children: Vec<&Place> = all.iter().filter(|p| p.parent_id == Some(place.id)).collect();
    if !children.is_empty() {
        steps.push(TreeStep::Open);
        for child in children {
            walk(all, child, steps, seen);
        }
        steps.push(TreeStep::Close);
    }
    steps.push(TreeStep::End);
}

/// Places in hierarchy order with their depth, for a parent `<select>`.
pub fn indented(all: &[Place]) -> Vec<(Place, usize)> {
    let mut depth: usize = 0;
    let mut out = Vec::new();
    for step in tree(all) {
        match step {
            TreeStep::Item(p) => out.push((p, depth)),
            TreeStep::Open => depth += 1,
            TreeStep::Close => depth = depth.saturating_sub(1),
            TreeStep::End => {}
        }
    }
    out
}
