//! Community voice: a poll's results page while votes arrive. A real node
//! (the release binary, `plural serve`) holds two live polls of its place —
//! a single-choice one and a ranked one of 8 options — each with 10,000
//! ballots already cast, and thousands of residents with API tokens. For
//! `SECONDS`, `WRITERS` clients vote (`POST /api/v1/polls/{id}/ballots`, each
//! resident once in each poll) while `READERS` clients load the results pages
//! (`GET /polls/{id}`), both polls in turn. Measured from outside over HTTP:
//! the pages' p50/p99 and rate, the votes' p50/p99 and rate; afterwards every
//! accepted vote must be in the database.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use plural_kernel::polls::{CheckedPoll, Kind, Results};
use plural_store::Db;
use rand::{Rng, SeedableRng};

use crate::node::{self, machine, write_section, FreshNode};
use crate::scale::percentile;
use crate::voice::{fill, place_and_person, random_ballots, OPTIONS};

pub struct Options {
    pub engines: Vec<String>,
    pub postgres_url: Option<String>,
}

const PRIOR_BALLOTS: usize = 10_000;
const VOTERS: usize = 6_000;
const SECONDS: u64 = 15;
const WRITERS: usize = 4;
const READERS: usize = 4;
const TARGET_P99_MS: f64 = 50.0;

struct Latencies {
    sorted: Vec<f64>,
    failed: usize,
}

impl Latencies {
    fn p(&self, q: f64) -> f64 {
        percentile(&self.sorted, q)
    }
}

/// A live poll of `kind` in `place` with `PRIOR_BALLOTS` ballots already in.
async fn live_poll(
    db: &Db,
    place: plural_kernel::PlaceId,
    by: plural_kernel::PersonId,
    kind: Kind,
) -> anyhow::Result<String> {
    let now = plural_store::now();
    let checked = CheckedPoll {
        question: format!("Bench {} poll", kind.as_str()),
        description: String::new(),
        kind,
        options: (0..OPTIONS).map(|i| format!("Option {i}")).collect(),
        max_choices: OPTIONS,
        results: Results::Live,
        opens_at: now,
        closes_at: now + 86_400,
    };
    let id = plural_store::polls::create(db, place, None, by, &checked).await?;
    let mut ballots = random_ballots(PRIOR_BALLOTS);
    if kind == Kind::Single {
        ballots.iter_mut().for_each(|b| b.0.truncate(1));
    }
    fill(db, &id, &ballots).await?;
    Ok(id)
}

/// `VOTERS` residents of `place`, each with an API token.
async fn voters(db: &Db, place: plural_kernel::PlaceId) -> anyhow::Result<Vec<String>> {
    let key = plural_store::NodeKey::from_secret(&plural_store::NodeKey::generate_secret()).context("key")?;
    let mut tokens = Vec::with_capacity(VOTERS);
    for i in 0..VOTERS {
        let person = crate::voice::person(db, &key, &format!("voter{i}@example.org"), "Voter").await?;
        tokens.push(plural_store::tokens::create(db, person, "bench", &["read", "write"]).await?.1);
    }
    sqlx::query("UPDATE people SET home_place_id = $1 WHERE display_name = 'Voter'")
        .bind(place.to_string())
        .execute(db.writer())
        .await?;
    Ok(tokens)
}

/// Readers load the polls' pages in turn until `until`.
async fn read(base: String, polls: Arc<Vec<String>>, until: Instant) -> anyhow::Result<Latencies> {
    let client = reqwest::Client::new();
    let (mut times, mut failed) = (Vec::new(), 0);
    let mut i = 0;
    while Instant::now() < until {
        i += 1;
        let url = format!("{base}/polls/{}", polls[i % polls.len()]);
        let t = Instant::now();
        let ok = match client.get(&url).header("accept-encoding", "br, gzip").send().await {
            Ok(r) => r.status().is_success() && r.bytes().await.is_ok(),
            Err(_) => false,
        };
        if ok {
            times.push(t.elapsed().as_secs_f64() * 1e3);
        } else {
            failed += 1;
        }
    }
    Ok(Latencies { sorted: times, failed })
}

/// Writers take the next resident and vote in both polls, until `until` or
/// the residents run out. Returns the latencies and the votes accepted.
async fn write(
    base: String,
    polls: Arc<Vec<String>>,
    tokens: Arc<Vec<String>>,
    next: Arc<AtomicUsize>,
    until: Instant,
    seed: u64,
) -> anyhow::Result<Latencies> {
    let client = reqwest::Client::new();
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let (mut times, mut failed) = (Vec::new(), 0);
    while Instant::now() < until {
        let Some(token) = tokens.get(next.fetch_add(1, Ordering::Relaxed)) else { break };
        for (k, poll) in polls.iter().enumerate() {
            let mut order: Vec<usize> = (0..OPTIONS).collect();
            order.sort_by_key(|_| rng.gen::<u32>());
            order.truncate(if k == 0 { 1 } else { rng.gen_range(1..=OPTIONS) });
            let t = Instant::now();
            let res = client
                .post(format!("{base}/api/v1/polls/{poll}/ballots"))
                .bearer_auth(token)
                .json(&serde_json::json!({ "choices": order }))
                .send()
                .await;
            match res {
                Ok(r) if r.status() == reqwest::StatusCode::NO_CONTENT => times.push(t.elapsed().as_secs_f64() * 1e3),
                _ => failed += 1,
            }
        }
    }
    Ok(Latencies { sorted: times, failed })
}

fn merged(parts: Vec<Latencies>) -> Latencies {
    let failed = parts.iter().map(|l| l.failed).sum();
    let mut sorted: Vec<f64> = parts.into_iter().flat_map(|l| l.sorted).collect();
    sorted.sort_by(|a, b| a.total_cmp(b));
    Latencies { sorted, failed }
}

async fn one_engine(bin: &Path, engine: &str, postgres: Option<&str>) -> anyhow::Result<Option<String>> {
    let Some(node) = FreshNode::make(bin, engine, postgres, "plural_bench_polls").await? else { return Ok(None) };
    let db = &node.db;
    let (place, person) = place_and_person(db).await?;
    let polls = Arc::new(vec![
        live_poll(db, place, person, Kind::Single).await?,
        live_poll(db, place, person, Kind::Ranked).await?,
    ]);
    let tokens = Arc::new(voters(db, place).await.context("making voters")?);
    let served = node.serve(bin).await?;
    // The first view of each poll after start counts it; the measured views come after.
    let client = reqwest::Client::new();
    for p in polls.iter() {
        client.get(format!("{}/polls/{p}", served.base)).send().await?.error_for_status()?;
    }
    let until = Instant::now() + Duration::from_secs(SECONDS);
    let started = Instant::now();
    let next = Arc::new(AtomicUsize::new(0));
    let writers: Vec<_> = (0..WRITERS)
        .map(|w| tokio::spawn(write(served.base.clone(), polls.clone(), tokens.clone(), next.clone(), until, w as u64)))
        .collect();
    let readers: Vec<_> = (0..READERS).map(|_| tokio::spawn(read(served.base.clone(), polls.clone(), until))).collect();
    let mut votes = Vec::new();
    for w in writers {
        votes.push(w.await??);
    }
    let mut views = Vec::new();
    for r in readers {
        views.push(r.await??);
    }
    let elapsed = started.elapsed().as_secs_f64();
    let (votes, views) = (merged(votes), merged(views));
    drop(served);
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM poll_ballots").fetch_one(db.reader()).await?;
    let expected = (2 * PRIOR_BALLOTS + votes.sorted.len()) as i64;
    anyhow::ensure!(stored == expected, "{engine}: {stored} ballots stored, {expected} expected");
    node.finish().await?;
    let verdict = if views.p(0.99) < TARGET_P99_MS { "met" } else { "missed" };
    let line = format!(
        "| {engine} | {:.0} | {:.1} | {:.1} | {} | {:.0} | {:.1} | {:.1} | {} | {verdict} (< {TARGET_P99_MS:.0} ms) |\n",
        views.sorted.len() as f64 / elapsed,
        views.p(0.5),
        views.p(0.99),
        views.failed,
        votes.sorted.len() as f64 / elapsed,
        votes.p(0.5),
        votes.p(0.99),
        votes.failed,
    );
    print!("{line}");
    Ok(Some(line))
}

pub async fn run(bin: &Path, o: Options) -> anyhow::Result<()> {
    let mut table = String::from(
        "| engine | page views/s | page p50 ms | page p99 ms | page errors | votes/s | vote p50 ms | vote p99 ms | \
         vote errors | target: page p99 |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n",
    );
    for engine in &o.engines {
        match one_engine(bin, engine, o.postgres_url.as_deref()).await? {
            Some(line) => table.push_str(&line),
            None => println!("{engine}: skipped (set PLURAL_BENCH_POSTGRES_URL)"),
        }
    }
    let body = format!(
        "A real node (`plural serve`, release build) with two live polls of 8 options, single choice and ranked, each \
         holding {PRIOR_BALLOTS} ballots already. For {SECONDS} s, {WRITERS} clients vote through the API (each of \
         {VOTERS} residents once in each poll) while {READERS} clients load the two results pages in turn; every \
         accepted vote is then found in the database. Results pages show a count at most a second old once a poll \
         has 2,000 ballots (recounted in the background), so a view never waits for the instant runoff. Machine: {}; \
         {}.\n\n{table}",
        machine(),
        node::load_note(),
    );
    write_section("Community voice: a poll's results page while votes arrive", &body)
}
