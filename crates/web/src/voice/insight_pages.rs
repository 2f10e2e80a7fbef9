//! Insight releases, the HTML face: the public list and release page (an
//! accessible SVG bar chart drawn on the server, the data table, the method
//! in plain words), its CSV and JSON downloads, and the form that defines a
//! release.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, Method};
use axum::response::{IntoResponse, Redirect, Response};
use plural_kernel::insight::{format_epsilon, ReleaseInput, Source, Statistic, MICRO};
use plural_kernel::DomainError;
use plural_store::insight::Release;
use serde::Deserialize;

use super::insight::{self as service, Dataset};
use super::pages::Choice;
use crate::error::{WebError, WebResult};
use crate::forms::{FormData, FormErrors};
use crate::layout::{render, Page};
use crate::routes::Routes;
use crate::session::Visitor;
use crate::AppState;

pub struct ListRow {
    pub id: String,
    pub title: String,
    pub dataset: String,
    pub place: String,
    pub published: i64,
}

#[derive(Template)]
#[template(path = "voice/insight_list.html")]
struct ListPage {
    page: Page,
    releases: Vec<ListRow>,
}

async fn index(State(state): State<AppState>, v: Visitor) -> WebResult<Response> {
    let releases = plural_store::insight::list(&state.db, None, 200)
        .await?
        .into_iter()
        .map(|r| ListRow {
            id: r.id,
            title: r.title,
            dataset: r.dataset_title,
            place: r.place_name,
            published: r.created_at,
        })
        .collect();
    Ok(render(&ListPage { page: v.page(&state, v.t("insight-title")), releases }))
}

/// One row of the table and one bar of the chart.
pub struct Row {
    pub label: String,
    pub area: String,
    pub period: String,
    pub answer: String,
    /// The figure as shown, or the "withheld" words.
    pub shown: String,
    pub withheld: bool,
    /// The bar's length in the chart's units, and where its row sits.
    pub bar: i64,
    pub y: i64,
}

pub const CHART_LABEL_WIDTH: i64 = 220;
pub const CHART_BAR_MAX: i64 = 300;
pub const CHART_ROW: i64 = 32;

#[derive(Template)]
#[template(path = "voice/insight_show.html")]
struct ShowPage {
    page: Page,
    r: Release,
    rows: Vec<Row>,
    by_area: bool,
    by_period: bool,
    chart_height: i64,
    chart_desc: String,
    statistic: String,
    method: Vec<String>,
    dataset_href: String,
}

fn shown(statistic: Statistic, v: f64) -> String {
    match statistic {
        Statistic::Mean => format!("{v:.2}"),
        _ => format!("{}", v as i64),
    }
}

fn rows(v: &Visitor, r: &Release) -> Vec<Row> {
    let max = r.cells.iter().filter_map(|c| c.value).fold(0.0f64, f64::max);
    r.cells
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let answer = c
                .answer
                .and_then(|a| r.answers.get(usize::try_from(a).ok()?).cloned())
                .unwrap_or_else(|| v.t("insight-all-answers"));
            let label = [c.area.as_str(), c.period.as_str(), answer.as_str()]
                .iter()
                .filter(|s| !s.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(" · ");
            Row {
                label,
                area: c.area.clone(),
                period: c.period.clone(),
                shown: match c.value {
                    Some(val) => shown(r.statistic, val),
                    None => i18n_withheld(v, r.min_group),
                },
                withheld: c.value.is_none(),
                bar: match c.value {
                    Some(val) if max > 0.0 => ((val / max) * CHART_BAR_MAX as f64).round() as i64,
                    _ => 0,
                },
                y: i as i64 * CHART_ROW,
                answer,
            }
        })
        .collect()
}

fn i18n_withheld(v: &Visitor, min_group: i64) -> String {
    crate::i18n::t_args(v.lang, "insight-withheld", &[("min", min_group.to_string())])
}

/// The method in plain words, in the reader's language.
pub fn method(v: &Visitor, r: &Release) -> Vec<String> {
    let t = |id: &str, args: &[(&'static str, String)]| crate::i18n::t_args(v.lang, id, args);
    let eps = format_epsilon;
    let scales: Vec<String> =
        service::noise_scales(r.statistic, r.epsilon_micro).into_iter().map(|(_, s)| format!("{s:.1}")).collect();
    let mut lines = vec![
        t("insight-method-suppression", &[("min", r.min_group.to_string()), ("withheld", r.suppressed.to_string())]),
        t("insight-method-noise", &[("scale", scales.join(" / "))]),
        t(
            "insight-method-epsilon",
            &[
                ("epsilon", eps(r.epsilon_micro)),
                ("total", eps(r.budget.total_micro)),
                ("remaining", eps(r.budget.remaining_micro())),
            ],
        ),
        t("insight-method-private", &[]),
    ];
    if r.source == Source::LocalReports {
        lines.insert(1, t("insight-method-once-per-reporter", &[]));
    }
    lines
}

/// The page of the responses a release is drawn from.
fn dataset_href(source: Source, id: &str, place_slug: &str) -> String {
    match source {
        Source::Consultation => format!("/consultations/{id}"),
        Source::Survey => format!("/surveys/{id}"),
        Source::LocalReports => format!("/places/{place_slug}/reports"),
    }
}

async fn show(State(state): State<AppState>, v: Visitor, Path(id): Path<String>) -> WebResult<Response> {
    if let Some(id) = id.strip_suffix(".csv") {
        return csv(&state, id).await;
    }
    if let Some(id) = id.strip_suffix(".json") {
        let r = service::load(&state, id).await?;
        let mut res = axum::Json(service::view(&state, r)).into_response();
        let disposition = format!("attachment; filename=\"insight-{id}.json\"");
        if let Ok(h) = HeaderValue::from_str(&disposition) {
            res.headers_mut().insert(header::CONTENT_DISPOSITION, h);
        }
        return Ok(res);
    }
    let r = service::load(&state, &id).await?;
    let rows = rows(&v, &r);
    let statistic = v.t(&format!("insight-statistic-{}", r.statistic.as_str()));
    let chart_desc = rows.iter().map(|row| format!("{}: {}", row.label, row.shown)).collect::<Vec<_>>().join("; ");
    Ok(render(&ShowPage {
        page: v.page(&state, r.title.clone()),
        chart_height: rows.len() as i64 * CHART_ROW + 8,
        by_area: r.by_area,
        by_period: r.by_period,
        method: method(&v, &r),
        dataset_href: dataset_href(r.source, &r.dataset_id, &r.place_slug),
        rows,
        chart_desc,
        statistic,
        r,
    }))
}

/// `/insight/{id}.csv`: the published table, one row a cell (withheld cells empty).
async fn csv(state: &AppState, id: &str) -> WebResult<Response> {
    let r = service::load(state, id).await?;
    let mut w = csv::Writer::from_writer(Vec::new());
    let internal = |e: csv::Error| WebError::Internal(e.into());
    w.write_record([
        "question",
        "area",
        "period",
        "answer",
        "statistic",
        "value",
        "withheld",
        "epsilon",
        "min_group_size",
    ])
    .map_err(internal)?;
    for c in &r.cells {
        let answer = c.answer.and_then(|a| r.answers.get(usize::try_from(a).ok()?).cloned()).unwrap_or_default();
        let value = c.value.map(|v| shown(r.statistic, v)).unwrap_or_default();
        w.write_record([
            r.prompt.as_str(),
            &c.area,
            &c.period,
            &answer,
            r.statistic.as_str(),
            &value,
            if c.suppressed() { "true" } else { "false" },
            &format_epsilon(r.epsilon_micro),
            &r.min_group.to_string(),
        ])
        .map_err(internal)?;
    }
    let body = w.into_inner().map_err(|e| WebError::Internal(anyhow::anyhow!("csv: {e}")))?;
    let mut res = body.into_response();
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
    if let Ok(h) = HeaderValue::from_str(&format!("attachment; filename=\"insight-{id}.csv\"")) {
        res.headers_mut().insert(header::CONTENT_DISPOSITION, h);
    }
    Ok(res)
}

pub struct QuestionChoice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "voice/insight_form.html")]
struct FormPage {
    page: Page,
    errors: FormErrors,
    source: String,
    dataset: String,
    dataset_title: String,
    dataset_href: String,
    respondents: i64,
    input: ReleaseInput,
    questions: Vec<QuestionChoice>,
    statistics: Vec<Choice>,
    area_and_period: bool,
    remaining: String,
    total: String,
    min_group: i64,
}

#[derive(Debug, Deserialize)]
struct NewQuery {
    source: Option<String>,
    dataset: Option<String>,
}

async fn form_page(
    state: &AppState,
    v: &Visitor,
    d: &Dataset,
    input: ReleaseInput,
    errors: FormErrors,
) -> WebResult<Response> {
    let settings = crate::rules::service::insight_config(state).await?;
    let budget = plural_store::insight::budget(&state.db, d.source, &d.id, settings.total_micro()).await?;
    let heading = v.t("insight-new-title");
    let title = if errors.any() { format!("{} {heading}", v.t("error-title-prefix")) } else { heading };
    let questions = d
        .questions
        .iter()
        .enumerate()
        .map(|(i, q)| QuestionChoice {
            value: i.to_string(),
            label: format!("{}. {} ({})", i + 1, q.prompt(), v.t(&format!("insight-kind-{}", q.kind()))),
            selected: input.question == i.to_string(),
        })
        .collect();
    let statistics = Statistic::ALL
        .iter()
        .map(|s| Choice {
            value: s.as_str().to_string(),
            label: v.t(&format!("insight-statistic-{}-help", s.as_str())),
            selected: input.statistic == s.as_str(),
        })
        .collect();
    Ok(render(&FormPage {
        page: v.page(state, title),
        errors,
        source: d.source.as_str().to_string(),
        dataset: d.id.clone(),
        dataset_title: d.title.clone(),
        dataset_href: dataset_href(d.source, &d.id, &d.place_slug),
        respondents: d.respondents,
        input,
        questions,
        statistics,
        area_and_period: d.source.has_area_and_period(),
        remaining: format_epsilon(budget.remaining_micro()),
        total: format_epsilon(budget.total_micro),
        min_group: settings.min_group_size,
    }))
}

async fn load_dataset(state: &AppState, source: Option<&str>, id: Option<&str>) -> WebResult<Dataset> {
    let source = source.and_then(Source::parse).ok_or(WebError::not_found())?;
    service::dataset(state, source, id.unwrap_or_default()).await
}

/// Tell why the form cannot be used (still open, not allowed) on the dataset's page.
fn explain(e: WebError, back: &str) -> WebResult<Response> {
    match e {
        WebError::Domain(DomainError::Conflict(code) | DomainError::Forbidden(code))
            if code.starts_with("insight-") =>
        {
            Ok(Redirect::to(&format!("{back}?notice={code}")).into_response())
        }
        e => Err(e),
    }
}

async fn new_form(State(state): State<AppState>, v: Visitor, Query(q): Query<NewQuery>) -> WebResult<Response> {
    v.require()?;
    let d = load_dataset(&state, q.source.as_deref(), q.dataset.as_deref()).await?;
    let back = dataset_href(d.source, &d.id, &d.place_slug);
    if let Err(e) = service::authorize(&state, &v.actor(), &d).await {
        return explain(e, &back);
    }
    if !d.closed {
        return explain(DomainError::Conflict("insight-dataset-open").into(), &back);
    }
    let settings = crate::rules::service::insight_config(&state).await?;
    let budget = plural_store::insight::budget(&state.db, d.source, &d.id, settings.total_micro()).await?;
    let suggested = budget.remaining_micro().min(MICRO / 2);
    let input = ReleaseInput {
        title: format!("{}: {}", v.t("insight-what-we-heard"), d.title),
        statistic: "histogram".into(),
        question: "0".into(),
        epsilon: format_epsilon(suggested),
        ..Default::default()
    };
    form_page(&state, &v, &d, input, FormErrors::none()).await
}

async fn create_page(State(state): State<AppState>, v: Visitor, form: FormData) -> WebResult<Response> {
    v.require()?;
    let d = load_dataset(&state, Some(form.get("source")), Some(form.get("dataset"))).await?;
    let input = ReleaseInput {
        title: form.get("title").into(),
        question: form.get("question").into(),
        statistic: form.get("statistic").into(),
        by_area: form.get("by_area") == "yes",
        by_period: form.get("by_period") == "yes",
        epsilon: form.get("epsilon").into(),
    };
    let back = dataset_href(d.source, &d.id, &d.place_slug);
    match service::define(&state, &v.actor(), d.source, &d.id, &input).await {
        Ok(r) => Ok(Redirect::to(&format!("/insight/{}?notice=insight-published", r.id)).into_response()),
        Err(WebError::Domain(DomainError::Invalid(errs))) => {
            form_page(&state, &v, &d, input, FormErrors::from(v.lang, &errs)).await
        }
        Err(e) => explain(e, &back),
    }
}

pub fn routes() -> Routes {
    Routes::new()
        .page(Method::GET, "/insight", index)
        .page(Method::POST, "/insight", create_page)
        .page(Method::GET, "/insight/new", new_form)
        .page(Method::GET, "/insight/{id}", show)
}
