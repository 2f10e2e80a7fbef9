//! Community voice: an insight release over a survey's responses. A closed
//! survey (a choice question of 6 options, then a 1–5 scale) gets N
//! responses written straight into `survey_responses`, with the running
//! counts in `response_tallies` that `respond` keeps — each with one of
//! 20 self-declared areas and one of 12 months, about one in twenty
//! skipping a question — and the benchmark times what publishing a release
//! does end to end: the store's `GROUP BY` count, the cells, the privacy
//! gate with OpenDP's noise, and the transaction that spends the ε and
//! writes the release (`plural_web::voice::insight::publish`, as the API
//! and the steward's form call it).

use std::time::{Duration, Instant};

use anyhow::Context;
use plural_kernel::consultations::Question;
use plural_kernel::insight::{ReleaseInput, Source};
use plural_kernel::surveys::Checked;
use plural_store::bulk::{Rows, Value};
use plural_store::Db;
use plural_web::voice::insight::{self, Dataset};
use rand::{Rng, SeedableRng};

use crate::{node, voice};

pub struct Options {
    pub engines: Vec<String>,
    pub responses: Vec<usize>,
    pub postgres_url: Option<String>,
}

const AREAS: usize = 20;
const MONTHS: usize = 12;
const OPTIONS: usize = 6;
/// Responses timed through the real write path.
const RESPONDS: usize = 200;

async fn fill(db: &Db, survey: &str, n: usize) -> anyhow::Result<()> {
    let mut rng = rand::rngs::StdRng::seed_from_u64(5);
    let areas: Vec<String> = (0..AREAS).map(|i| format!("area-{i:02}")).collect();
    let months: Vec<String> = (1..=MONTHS).map(|m| format!("2026-{m:02}")).collect();
    let mut tallies = std::collections::HashMap::new();
    let mut conn = db.writer().acquire().await?;
    let mut rows = Rows::new("survey_responses", &["survey_id", "response_key", "answers", "area", "period"]);
    for _ in 0..n {
        // Skewed towards the first options and the upper points, as real answers are.
        let choice = if rng.gen_ratio(1, 20) {
            "null".to_string()
        } else {
            (rng.gen_range(0..OPTIONS * 2) % OPTIONS).min(rng.gen_range(0..OPTIONS)).to_string()
        };
        let scale = if rng.gen_ratio(1, 20) {
            "null".to_string()
        } else {
            rng.gen_range(1..=5).max(rng.gen_range(1..=5)).to_string()
        };
        let (answers, area, month) = (format!("[{choice},{scale}]"), rng.gen_range(0..AREAS), rng.gen_range(0..MONTHS));
        // The running counts a response adds to when it arrives through `respond`.
        for (question, value) in plural_store::insight::answered(&answers)? {
            *tallies.entry((question, area, month, value)).or_insert(0_i64) += 1;
        }
        rows.push(vec![
            Value::from(survey),
            Value::from(uuid::Uuid::new_v4().simple().to_string()),
            Value::from(answers),
            Value::from(areas[area].as_str()),
            Value::from(months[month].as_str()),
        ]);
        if rows.len() >= 5_000 {
            rows.insert(&mut conn).await?;
        }
    }
    rows.insert(&mut conn).await?;
    let mut rows = Rows::new("response_tallies", &["source", "dataset_id", "question", "area", "period", "value", "n"]);
    for ((question, area, month, value), n) in tallies {
        rows.push(vec![
            Value::from("survey"),
            Value::from(survey),
            Value::from(question),
            Value::from(areas[area].as_str()),
            Value::from(months[month].as_str()),
            Value::from(value),
            Value::from(n),
        ]);
    }
    rows.insert(&mut conn).await?;
    Ok(())
}

/// The median time of one response through `surveys::respond` (the write a
/// resident's form makes, running counts included), over `n` residents.
async fn respond_median(
    db: &Db,
    place: plural_kernel::PlaceId,
    by: plural_kernel::PersonId,
    checked: &Checked,
    n: usize,
) -> anyhow::Result<f64> {
    let key = plural_store::NodeKey::from_secret(&plural_store::NodeKey::generate_secret()).context("key")?;
    let mut open = checked.clone();
    open.opens_at = plural_store::now() - 60;
    open.closes_at = plural_store::now() + 86_400;
    let survey = plural_store::surveys::create(db, place, None, by, &open).await?;
    let mut times = Vec::new();
    for i in 0..n {
        let person = voice::person(db, &key, &format!("resident{i}@example.org"), "Resident").await?;
        let answers = format!("[{},{}]", i % OPTIONS, 1 + i % 5);
        let response = plural_store::surveys::Response { answers: &answers, area: "area-00", period: "2026-11" };
        let start = Instant::now();
        plural_store::surveys::respond(db, &survey, person, &response).await?;
        times.push(start.elapsed().as_secs_f64());
    }
    Ok(node::median(times))
}

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}

/// The releases timed: what a steward would publish from such a survey.
fn releases() -> Vec<(&'static str, ReleaseInput)> {
    let input = |title: &str, question: &str, statistic: &str, by_area: bool, by_period: bool| ReleaseInput {
        title: title.into(),
        question: question.into(),
        statistic: statistic.into(),
        by_area,
        by_period,
        epsilon: "0.05".into(),
    };
    vec![
        ("choice counts by option × area", input("Choices by area", "0", "histogram", true, false)),
        ("scale mean by month", input("Scale by month", "1", "mean", false, true)),
        ("choice counts by option × area × month", input("Choices by area and month", "0", "histogram", true, true)),
    ]
}

pub async fn run(o: Options) -> anyhow::Result<()> {
    let mut table = String::from(
        "| engine | responses | write responses | release | publish (median of 5) | slowest of 5 | cells | target |\n\
         |---|---:|---:|---|---:|---:|---:|---|\n",
    );
    let config = plural_web::config::InsightConfig::default();
    let mut responds = String::new();
    for n in &o.responses {
        for engine in &o.engines {
            let dir = tempfile::tempdir()?;
            let Some(db) =
                voice::database(engine, dir.path(), o.postgres_url.as_deref(), "plural_bench_insight").await?
            else {
                println!("{engine}: skipped (set PLURAL_BENCH_POSTGRES_URL)");
                continue;
            };
            let (place, person) = voice::place_and_person(&db).await?;
            let now = plural_store::now();
            let questions = vec![
                Question::Choice {
                    prompt: "How do you mostly get around?".into(),
                    options: ["Walking", "Bus", "Bicycle", "Car", "Train", "Other"].map(String::from).to_vec(),
                },
                Question::Scale { prompt: "How safe do the streets feel?".into() },
            ];
            let checked = Checked {
                title: "Getting around".into(),
                purpose: "Benchmark".into(),
                questions: questions.clone(),
                opens_at: now - 400 * 86_400,
                closes_at: now - 1,
            };
            let survey = plural_store::surveys::create(&db, place, None, person, &checked).await?;
            let start = Instant::now();
            fill(&db, &survey, *n).await.context("writing responses")?;
            if engine == "postgres" {
                sqlx::query("ANALYZE response_tallies").execute(db.writer()).await?;
            }
            let written = start.elapsed();
            println!("{engine}: {n} responses written in {}", ms(written));
            let respond = respond_median(&db, place, person, &checked, RESPONDS).await?;
            responds.push_str(&format!("{engine} {:.1} ms; ", respond * 1000.0));
            let d = Dataset {
                source: Source::Survey,
                id: survey.clone(),
                title: checked.title.clone(),
                place_id: place,
                place_slug: "bench".into(),
                owner: None,
                questions,
                closed: true,
                respondents: *n as i64,
                reports: None,
            };
            for (name, input) in releases() {
                let mut times = Vec::new();
                let mut cells = 0;
                for _ in 0..5 {
                    let start = Instant::now();
                    let id = insight::publish(&db, &config, &d, &input, person, "steward")
                        .await
                        .map_err(|e| anyhow::anyhow!("publishing {name}: {e:?}"))?;
                    times.push(start.elapsed().as_secs_f64());
                    let release = plural_store::insight::get(&db, &id).await?.context("the release was not written")?;
                    cells = release.cells.len();
                }
                let slowest = times.iter().copied().fold(0.0, f64::max);
                let median = Duration::from_secs_f64(node::median(times));
                let verdict = if median < Duration::from_secs(2) { "met (< 2 s)" } else { "MISSED (< 2 s)" };
                let line = format!(
                    "| {engine} | {n} | {} | {name} | {} | {} | {cells} | {verdict} |\n",
                    ms(written),
                    ms(median),
                    ms(Duration::from_secs_f64(slowest)),
                );
                print!("{line}");
                table.push_str(&line);
            }
            db.close().await;
        }
    }
    let body = format!(
        "Publishing an insight release over a closed survey, end to end as a steward's request does it \
         (`voice::insight::publish`): the `GROUP BY` count in the database, the cells, the privacy gate (minimum group \
         of 10, OpenDP discrete Laplace noise) and the transaction that spends ε 0.05 and writes the release. The \
         survey: a choice question of 6 options and a 1–5 scale, each response from one of 20 self-declared areas and \
         one of 12 months, about 1 in 20 skipping each question; responses bulk-written beforehand with the running \
         counts each response adds to (not timed in the target). A release reads those counts \
         (`response_tallies`), not the responses. What that costs each response, through `surveys::respond` \
         (median of {RESPONDS}): {}. Machine: {}; {}; {}.\n\n{table}",
        responds.trim_end_matches("; "),
        node::machine(),
        node::load_note(),
        if cfg!(debug_assertions) {
            "a debug (unoptimised) build, so these are upper bounds"
        } else {
            "a release build"
        }
    );
    node::write_section("Community voice: insight releases", &body)
}
