//! Insight releases: defining one over a dataset (the domain operation both
//! faces call), the noise (OpenDP's discrete Laplace), and the API.
//!
//! The gate itself is `plural_kernel::insight`; the counting is
//! `plural_store::insight::aggregate`. Nothing here reads a response.

use axum::extract::{Path, Query, State};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use opendp::domains::{AtomDomain, VectorDomain};
use opendp::measurements::make_laplace;
use opendp::measures::MaxDivergence;
use opendp::metrics::L1Distance;
use plural_kernel::authz::{self, Action, Actor};
use plural_kernel::consultations::Question;
use plural_kernel::insight::{
    self as rules, Budget, Mechanism, NoiseFailed, Refusal, ReleaseInput, Source, Statistic, MICRO,
};
use plural_kernel::language::Language;
use plural_kernel::{DomainError, FieldError, GroupId, PersonId, PlaceId};
use plural_store::insight::{NewRelease, Published, Release};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::{ApiJson, Caller};
use crate::error::{Problem, WebError, WebResult};
use crate::routes::Routes;
use crate::AppState;

/// The mechanism's name as stored and shown.
pub const MECHANISM: &str = "discrete_laplace";

/// OpenDP's discrete Laplace mechanism over a vector of integers with the
/// L1 distance: scale = sensitivity / ε, and OpenDP's own privacy map must
/// agree that the release costs no more than the ε it is charged.
pub struct DiscreteLaplace;

impl Mechanism for DiscreteLaplace {
    fn noise(&mut self, values: &[i64], sensitivity: i64, epsilon_micro: i64) -> Result<Vec<i64>, NoiseFailed> {
        if sensitivity < 1 || epsilon_micro < 1 {
            return Err(NoiseFailed);
        }
        let epsilon = epsilon_micro as f64 / MICRO as f64;
        let scale = sensitivity as f64 / epsilon;
        let m = make_laplace::<_, _, MaxDivergence>(
            VectorDomain::new(AtomDomain::<i64>::default()),
            L1Distance::<i64>::default(),
            scale,
            None,
        )
        .map_err(|e| {
            tracing::error!("insight: building the Laplace mechanism: {e}");
            NoiseFailed
        })?;
        let cost = m.map(&sensitivity).map_err(|e| {
            tracing::error!("insight: privacy map: {e}");
            NoiseFailed
        })?;
        // The map rounds up; a hair above ε from floating-point division is
        // allowed, anything more means the scale is wrong.
        if cost > epsilon * (1.0 + 1e-9) {
            tracing::error!("insight: the mechanism would cost ε {cost}, more than the {epsilon} charged");
            return Err(NoiseFailed);
        }
        m.invoke(&values.to_vec()).map_err(|e| {
            tracing::error!("insight: drawing noise: {e}");
            NoiseFailed
        })
    }
}

/// What a release is drawn from.
pub struct Dataset {
    pub source: Source,
    pub id: String,
    pub title: String,
    pub place_id: PlaceId,
    pub place_slug: String,
    /// The public body that owns it (a consultation's).
    pub owner: Option<GroupId>,
    pub questions: Vec<Question>,
    /// Responses can no longer change: releases wait for this, since
    /// comparing a table before and after one person responds would tell
    /// what they said.
    pub closed: bool,
    pub respondents: i64,
    /// For local reports: the places counted and the window of ended months.
    pub reports: Option<(Vec<PlaceId>, (i64, i64))>,
}

pub async fn dataset(state: &AppState, source: Source, id: &str) -> WebResult<Dataset> {
    match source {
        Source::Consultation => {
            let c = super::consultations::load(state, id).await?;
            Ok(Dataset {
                source,
                closed: c.closes_at < plural_store::now(),
                id: c.id,
                title: c.title,
                place_id: c.place_id,
                place_slug: c.place_slug,
                owner: Some(c.group_id),
                questions: c.questions,
                respondents: c.respondents,
                reports: None,
            })
        }
        // A community survey: its place's stewards release what it heard
        // (a group that runs one is not a verified public body, so it asks
        // them; the gate is the same).
        Source::Survey => {
            let s = super::surveys::load(state, id).await?;
            Ok(Dataset {
                source,
                closed: s.closes_at < plural_store::now(),
                id: s.id,
                title: s.title,
                place_id: s.place_id,
                place_slug: s.place_slug,
                owner: s.group_id,
                questions: s.questions,
                respondents: s.respondents,
                reports: None,
            })
        }
        Source::LocalReports => local_reports_dataset(&state.db, state.config.default_language(), id).await,
    }
}

/// A place's local reports of one year as a dataset (`<place id>:<year>`):
/// one choice question (the category, labelled in `lang`), counted once per
/// reporter; "closed" once a month of the year has ended, and only ended
/// months are counted.
pub async fn local_reports_dataset(db: &plural_store::Db, lang: Language, id: &str) -> WebResult<Dataset> {
    let (place_id, year) = rules::parse_local_reports_dataset(id).ok_or(WebError::not_found())?;
    let place = plural_store::places::get(db, place_id).await?.ok_or(WebError::not_found())?;
    let mut places = vec![place.id];
    places.extend(plural_store::places::children(db, place.id).await?.into_iter().map(|p| p.id));
    let window = rules::local_reports_window(year, plural_store::now());
    let respondents = match window {
        Some(w) => plural_store::local_reports::reporters_between(db, &places, w).await?,
        None => 0,
    };
    let options = plural_kernel::local_reports::Category::ALL
        .iter()
        .map(|c| crate::i18n::t(lang, &format!("local-report-category-{}", c.as_str())))
        .collect();
    Ok(Dataset {
        source: Source::LocalReports,
        closed: window.is_some(),
        id: rules::local_reports_dataset_id(place.id, year),
        title: crate::i18n::t_args(
            lang,
            "insight-local-reports-dataset",
            &[("place", place.name.clone()), ("year", year.to_string())],
        ),
        place_id: place.id,
        place_slug: place.slug,
        owner: None,
        questions: vec![Question::Choice { prompt: crate::i18n::t(lang, "local-report-field-category"), options }],
        respondents,
        reports: window.map(|w| (places, w)),
    })
}

/// May this person define releases over this dataset? `steward` or
/// `public_body` (the role logged), or the refusal.
pub async fn authorize(state: &AppState, actor: &Actor, d: &Dataset) -> WebResult<&'static str> {
    let person = actor.person_id().ok_or(WebError::Domain(DomainError::Unauthenticated))?;
    let steward = plural_store::mutual_aid::stewarded_by(&state.db, person).await?.contains(&d.place_id);
    let (body_role, body_verified) = match d.owner {
        Some(g) => match plural_store::groups::get(&state.db, g).await? {
            Some(group) => (plural_store::groups::role_of(&state.db, g, person).await?, group.verified_public_body),
            None => (None, false),
        },
        None => (None, false),
    };
    authz::decide(actor, &Action::DefineRelease { steward, body_role, body_verified })?;
    Ok(if steward { "steward" } else { "public_body" })
}

/// Whether the person may define releases here (for showing the link).
pub async fn may_define(state: &AppState, actor: &Actor, d: &Dataset) -> WebResult<bool> {
    match authorize(state, actor, d).await {
        Ok(_) => Ok(true),
        Err(WebError::Domain(DomainError::Forbidden(_) | DomainError::Unauthenticated)) => Ok(false),
        Err(e) => Err(e),
    }
}

/// The labels of a question's answers, as the release's histogram shows them.
pub fn answer_labels(q: &Question) -> Vec<String> {
    match q {
        Question::Choice { options, .. } => options.clone(),
        Question::Scale { .. } => rules::answers_of(q).iter().map(i64::to_string).collect(),
        Question::Text { .. } => Vec::new(),
    }
}

fn refused(r: Refusal) -> WebError {
    DomainError::from(FieldError::new(r.field(), r.code())).into()
}

/// Define a release and put it through the gate; publish it if it passes.
pub async fn define(
    state: &AppState,
    actor: &Actor,
    source: Source,
    dataset_id: &str,
    input: &ReleaseInput,
) -> WebResult<Release> {
    let d = dataset(state, source, dataset_id).await?;
    let role = authorize(state, actor, &d).await?;
    let person: PersonId = actor.person_id().ok_or(WebError::Domain(DomainError::Unauthenticated))?;
    if !d.closed {
        return Err(DomainError::Conflict("insight-dataset-open").into());
    }
    let settings = crate::rules::service::insight_config(state).await?;
    let id = publish(&state.db, &settings, &d, input, person, role).await?;
    load(state, &id).await
}

/// Check a release's definition, count the true figures, put them through
/// the gate and publish the result, spending the ε: what `define` does once
/// it has checked who asks and that the dataset has closed (the demo calls
/// it directly). The new release's id.
pub async fn publish(
    db: &plural_store::Db,
    config: &crate::config::InsightConfig,
    d: &Dataset,
    input: &ReleaseInput,
    by: PersonId,
    role: &str,
) -> WebResult<String> {
    let spec = rules::check(input, d.source, &d.questions).map_err(DomainError::Invalid)?;
    let question = d.questions.get(spec.question).ok_or(WebError::not_found())?;
    let groups = match &d.reports {
        Some((places, window)) => {
            plural_store::insight::aggregate_local_reports(db, places, *window, spec.by_area, spec.by_period).await?
        }
        None => {
            plural_store::insight::aggregate(db, d.source, &d.id, spec.question, spec.by_area, spec.by_period).await?
        }
    };
    let cells = rules::build_cells(spec.statistic, question, &groups);
    let total = config.total_micro();
    let budget = plural_store::insight::budget(db, d.source, &d.id, total).await?;
    let min_group = config.min_group_size;
    let gated = rules::gate(&spec, &cells, budget, min_group, &mut DiscreteLaplace).map_err(refused)?;
    let answers = answer_labels(question);
    let release = NewRelease {
        source: d.source,
        dataset_id: &d.id,
        dataset_title: &d.title,
        place: d.place_id,
        title: &spec.title,
        question: spec.question,
        prompt: question.prompt(),
        answers: &answers,
        statistic: spec.statistic,
        by_area: spec.by_area,
        by_period: spec.by_period,
        epsilon_micro: spec.epsilon_micro,
        min_group,
        mechanism: MECHANISM,
        cells: &gated.cells,
        suppressed: gated.suppressed,
        by,
        role,
    };
    match plural_store::insight::publish(db, &release, total).await? {
        Published::Released(id) => Ok(id),
        Published::OverBudget(b) => Err(refused(Refusal::BudgetExceeded {
            requested_micro: spec.epsilon_micro,
            remaining_micro: b.remaining_micro(),
        })),
    }
}

pub async fn load(state: &AppState, id: &str) -> WebResult<Release> {
    plural_store::insight::get(&state.db, id).await?.ok_or(WebError::not_found())
}

/// The noise's scale for each published figure, as the method states it.
pub fn noise_scales(statistic: Statistic, epsilon_micro: i64) -> Vec<(&'static str, f64)> {
    let eps = epsilon_micro as f64 / MICRO as f64;
    let top = rules::SCALE_TOP as f64;
    match statistic {
        Statistic::Count | Statistic::Histogram => vec![("count", 1.0 / eps)],
        Statistic::Sum => vec![("sum", top / eps)],
        Statistic::Mean => vec![("count", 2.0 / eps), ("sum", 2.0 * top / eps)],
    }
}

// ---------------------------------------------------------------- API

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = InsightBudgetView)]
pub struct BudgetView {
    /// The dataset's whole privacy budget (ε).
    pub total: f64,
    pub spent: f64,
    pub remaining: f64,
}

impl From<Budget> for BudgetView {
    fn from(b: Budget) -> Self {
        let e = |m: i64| m as f64 / MICRO as f64;
        BudgetView { total: e(b.total_micro), spent: e(b.spent_micro), remaining: e(b.remaining_micro()) }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CellView {
    /// The area (a place's slug), when grouped by area.
    pub area: String,
    /// The month (`YYYY-MM`), when grouped by period.
    pub period: String,
    /// The answer this cell counts, for a histogram.
    pub answer: Option<String>,
    /// The noised figure; null when withheld.
    #[schema(value_type = Option<f64>)]
    pub value: Option<serde_json::Value>,
    /// Withheld: it rested on fewer than `min_group_size` responses.
    pub withheld: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReleaseView {
    pub id: String,
    pub url: String,
    /// `consultation`, `survey` or `local_reports`.
    pub source: String,
    pub dataset: String,
    pub dataset_title: String,
    pub place: String,
    pub title: String,
    /// The question's position (from 0) and its words.
    pub question: i64,
    pub prompt: String,
    /// `count`, `histogram`, `sum` or `mean`.
    pub statistic: String,
    /// `area`, `period`.
    pub grouped_by: Vec<String>,
    /// The privacy budget this release spent.
    pub epsilon: f64,
    pub min_group_size: i64,
    /// `discrete_laplace` (OpenDP).
    pub mechanism: String,
    /// The noise's scale per figure kind (`count`, `sum`).
    #[schema(value_type = Object)]
    pub noise_scale: serde_json::Map<String, serde_json::Value>,
    pub cells: Vec<CellView>,
    pub withheld: i64,
    pub published_at: i64,
    /// The dataset's budget as it stands now.
    pub budget: BudgetView,
    pub csv: String,
}

/// A cell's figure as JSON: whole numbers for counts and sums, two decimals for a mean.
pub fn figure(statistic: Statistic, v: f64) -> serde_json::Value {
    match statistic {
        Statistic::Mean => serde_json::json!(v),
        _ => serde_json::json!(v as i64),
    }
}

pub fn view(state: &AppState, r: Release) -> ReleaseView {
    let label = |a: Option<i64>| a.and_then(|a| r.answers.get(usize::try_from(a).ok()?).cloned());
    let cells = r
        .cells
        .iter()
        .map(|c| CellView {
            area: c.area.clone(),
            period: c.period.clone(),
            answer: label(c.answer),
            value: c.value.map(|v| figure(r.statistic, v)),
            withheld: c.suppressed(),
        })
        .collect();
    let mut grouped_by = Vec::new();
    if r.by_area {
        grouped_by.push("area".to_string());
    }
    if r.by_period {
        grouped_by.push("period".to_string());
    }
    let base = state.config.base();
    ReleaseView {
        url: format!("{base}/insight/{}", r.id),
        csv: format!("{base}/insight/{}.csv", r.id),
        noise_scale: noise_scales(r.statistic, r.epsilon_micro)
            .into_iter()
            .map(|(k, v)| (k.to_string(), serde_json::json!((v * 1000.0).round() / 1000.0)))
            .collect(),
        id: r.id,
        source: r.source.as_str().to_string(),
        dataset: r.dataset_id,
        dataset_title: r.dataset_title,
        place: r.place_slug,
        title: r.title,
        question: r.question,
        prompt: r.prompt,
        statistic: r.statistic.as_str().to_string(),
        grouped_by,
        epsilon: r.epsilon_micro as f64 / MICRO as f64,
        min_group_size: r.min_group,
        mechanism: r.mechanism,
        cells,
        withheld: r.suppressed,
        published_at: r.created_at,
        budget: r.budget.into(),
    }
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct ListQuery {
    /// `consultation`, `survey` or `local_reports` (with `dataset`).
    pub source: Option<String>,
    pub dataset: Option<String>,
}

fn source_of(s: &str) -> WebResult<Source> {
    Source::parse(s).ok_or_else(|| DomainError::field("source", "insight-source-invalid").into())
}

/// Published releases, newest first (of one dataset when `source` and `dataset` are given).
#[utoipa::path(get, path = "/api/v1/insight/releases", tag = "insight", params(ListQuery),
    responses((status = 200, body = Vec<ReleaseView>), (status = 422, body = Problem)))]
pub async fn api_list(State(state): State<AppState>, Query(q): Query<ListQuery>) -> WebResult<Json<Vec<ReleaseView>>> {
    let filter = match (q.source.as_deref(), q.dataset.as_deref()) {
        (Some(s), Some(d)) => Some((source_of(s)?, d)),
        (None, None) => None,
        _ => return Err(DomainError::field("dataset", "insight-dataset-filter").into()),
    };
    let releases = plural_store::insight::list(&state.db, filter, 200).await?;
    Ok(Json(releases.into_iter().map(|r| view(&state, r)).collect()))
}

/// A published release: the noised table, the method and the ε it spent.
#[utoipa::path(get, path = "/api/v1/insight/releases/{id}", tag = "insight", params(("id" = String, Path)),
    responses((status = 200, body = ReleaseView), (status = 404, body = Problem)))]
pub async fn api_show(State(state): State<AppState>, Path(id): Path<String>) -> WebResult<Json<ReleaseView>> {
    Ok(Json(view(&state, load(&state, &id).await?)))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReleaseBody {
    /// `consultation` (surveys and local reports once merged).
    pub source: String,
    /// The consultation's id.
    pub dataset: String,
    pub title: String,
    /// The question's position, from 0.
    pub question: usize,
    /// `count` (any question), `histogram` (choice, scale), `sum` or `mean` (scale).
    pub statistic: String,
    /// Group by area (surveys and local reports only).
    #[serde(default)]
    pub by_area: bool,
    /// Group by month (surveys and local reports only).
    #[serde(default)]
    pub by_period: bool,
    /// The privacy budget to spend, e.g. 0.5 (at least 0.01, at most 2, and no more than is left).
    pub epsilon: f64,
}

/// Define a release and publish it through the privacy gate: cells under the
/// minimum group size withheld, discrete Laplace noise added, the ε charged
/// to the dataset's budget. Refused (422) when the budget would be
/// overspent or every cell would be withheld; 409 while the dataset is open.
#[utoipa::path(post, path = "/api/v1/insight/releases", tag = "insight", request_body = ReleaseBody,
    responses((status = 201, body = ReleaseView), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn api_create(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(b): ApiJson<ReleaseBody>,
) -> WebResult<Response> {
    let source = source_of(&b.source)?;
    let epsilon = if b.epsilon.is_finite() && b.epsilon > 0.0 { format!("{:.6}", b.epsilon) } else { String::new() };
    let input = ReleaseInput {
        title: b.title,
        question: b.question.to_string(),
        statistic: b.statistic,
        by_area: b.by_area,
        by_period: b.by_period,
        epsilon,
    };
    let r = define(&state, &caller.actor(), source, &b.dataset, &input).await?;
    Ok((StatusCode::CREATED, Json(view(&state, r))).into_response())
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DatasetBudgetView {
    pub source: String,
    pub dataset: String,
    pub budget: BudgetView,
    pub min_group_size: i64,
    /// Releases may be defined once the dataset has closed.
    pub closed: bool,
}

/// A dataset's privacy budget: its total, what its releases spent, what is left.
#[utoipa::path(get, path = "/api/v1/insight/budgets/{source}/{dataset}", tag = "insight",
    params(("source" = String, Path), ("dataset" = String, Path)),
    responses((status = 200, body = DatasetBudgetView), (status = 404, body = Problem)))]
pub async fn api_budget(
    State(state): State<AppState>,
    Path((source, id)): Path<(String, String)>,
) -> WebResult<Json<DatasetBudgetView>> {
    let source = Source::parse(&source).ok_or(WebError::not_found())?;
    let d = dataset(&state, source, &id).await?;
    let settings = crate::rules::service::insight_config(&state).await?;
    let budget = plural_store::insight::budget(&state.db, source, &d.id, settings.total_micro()).await?;
    Ok(Json(DatasetBudgetView {
        source: source.as_str().to_string(),
        dataset: d.id,
        budget: budget.into(),
        min_group_size: settings.min_group_size,
        closed: d.closed,
    }))
}

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(api_list, api_show, api_create, api_budget),
    tags((name = "insight", description = "Insight releases: aggregates of responses through the privacy gate (minimum group size, differential privacy with a budget per dataset); never a response itself"))
)]
pub struct Doc;

pub fn routes() -> Routes {
    Routes::new()
        .api(Method::GET, "/api/v1/insight/releases", api_list)
        .api(Method::POST, "/api/v1/insight/releases", api_create)
        .api(Method::GET, "/api/v1/insight/releases/{id}", api_show)
        .api(Method::GET, "/api/v1/insight/budgets/{source}/{dataset}", api_budget)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The statistical test of the noise: many draws of a noisy count. The
    /// discrete Laplace with scale b has mean 0 and variance
    /// 2·e^(−1/b) / (1 − e^(−1/b))²; at ε = 0.5 on a count (b = 2) that is
    /// about 7.92. With 20,000 draws the sample variance's standard error
    /// is under 0.2, so a tolerance of 0.8 passes the right scale and fails
    /// a wrong one (b = 1.9 gives 7.18, b = 2.1 gives 8.68; ε read as 1, b =
    /// 1, gives 1.84).
    #[test]
    fn the_noise_is_discrete_laplace_at_the_stated_scale() {
        const N: usize = 20_000;
        let truth = 37;
        let draws = DiscreteLaplace.noise(&vec![truth; N], 1, 500_000).unwrap();
        let n = N as f64;
        let mean = draws.iter().map(|&d| d as f64).sum::<f64>() / n;
        let var = draws.iter().map(|&d| (d as f64 - mean).powi(2)).sum::<f64>() / (n - 1.0);
        let b: f64 = 2.0;
        let p = (-1.0 / b).exp();
        let expected = 2.0 * p / (1.0 - p).powi(2);
        assert!((mean - truth as f64).abs() < 0.15, "mean {mean}");
        assert!((var - expected).abs() < 0.8, "variance {var}, expected {expected}");
        // Integers only, and symmetric: as many above the truth as below, within 3 %.
        let above = draws.iter().filter(|&&d| d > truth).count() as f64;
        let below = draws.iter().filter(|&&d| d < truth).count() as f64;
        assert!((above - below).abs() / n < 0.03, "{above} above, {below} below");
        // P(noise = 0) = (1 − p) / (1 + p) for the discrete Laplace.
        let zero = draws.iter().filter(|&&d| d == truth).count() as f64 / n;
        assert!((zero - (1.0 - p) / (1.0 + p)).abs() < 0.015, "P(0) = {zero}");
    }

    /// A sum's noise is scaled by how far one answer can move it.
    #[test]
    fn a_larger_sensitivity_means_wider_noise() {
        const N: usize = 5_000;
        let spread = |sensitivity| {
            let d = DiscreteLaplace.noise(&vec![0; N], sensitivity, 1_000_000).unwrap();
            d.iter().map(|&x| (x as f64).abs()).sum::<f64>() / N as f64
        };
        let (one, five) = (spread(1), spread(5));
        assert!(five > 3.5 * one && five < 6.5 * one, "mean |noise|: {one} at 1, {five} at 5");
        assert!(DiscreteLaplace.noise(&[1], 0, 1_000_000).is_err());
    }

    /// The differencing attack at the stated ε: two datasets differing by
    /// one person's answer give noisy counts whose distributions are at
    /// most e^ε apart, so the count cannot tell whether they were in. With
    /// ε = 0.5, the best test guesses right at most e^ε/(1+e^ε) ≈ 62 % of
    /// the time; the likelihood-ratio guess here is measured on 20,000
    /// trials and stays within that bound (and far from certainty).
    #[test]
    fn one_persons_answer_is_hidden_by_the_noise() {
        const N: usize = 20_000;
        let with = DiscreteLaplace.noise(&vec![12; N], 1, 500_000).unwrap();
        let without = DiscreteLaplace.noise(&vec![11; N], 1, 500_000).unwrap();
        // The best guess: "they were in" when the count is 12 or more.
        let right = with.iter().filter(|&&d| d >= 12).count() + without.iter().filter(|&&d| d < 12).count();
        let accuracy = right as f64 / (2 * N) as f64;
        let bound = 0.5f64.exp() / (1.0 + 0.5f64.exp());
        assert!(accuracy < bound + 0.01, "the attacker guessed right {accuracy} of the time");
        assert!(accuracy > 0.5, "{accuracy}");
    }
}
