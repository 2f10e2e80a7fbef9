//! Community voice: counting ranked ballots. A ranked poll with 8 options
//! gets N random ballots (each ranking 1 to 8 options) written straight
//! into `poll_ballots` on each engine; the benchmark times what the results
//! page does — read every ballot of the poll, decode it, count it by
//! instant runoff — and, apart, the count alone in memory.

use std::time::{Duration, Instant};

use anyhow::Context;
use plural_kernel::polls::{self, Ballot, CheckedPoll, Kind, Results};
use plural_store::bulk::{Rows, Value};
use plural_store::Db;
use rand::{Rng, SeedableRng};

use crate::node;

pub struct Options {
    pub engines: Vec<String>,
    pub ballots: Vec<usize>,
    pub postgres_url: Option<String>,
}

pub const OPTIONS: usize = 8;

pub fn random_ballots(n: usize) -> Vec<Ballot> {
    let mut rng = rand::rngs::StdRng::seed_from_u64(5);
    (0..n)
        .map(|_| {
            let mut order: Vec<usize> = (0..OPTIONS).collect();
            // Skew first preferences, as real polls are, so the runoff takes several rounds.
            order.sort_by_key(|o| rng.gen_range(0..(40 + o * 3)));
            let ranked = rng.gen_range(1..=OPTIONS);
            order.truncate(ranked);
            Ballot(order)
        })
        .collect()
}

/// The URL of a fresh, empty database `name` on `engine` (a file in `dir`
/// for SQLite; dropped and made again on the server for PostgreSQL, `None`
/// without one).
pub async fn fresh_database_url(
    engine: &str,
    dir: &std::path::Path,
    postgres: Option<&str>,
    name: &str,
) -> anyhow::Result<Option<String>> {
    Ok(Some(match engine {
        "sqlite" => format!("sqlite://{}", dir.join(format!("{name}.db")).display()),
        "postgres" => {
            let Some(admin_url) = postgres else { return Ok(None) };
            let admin = Db::connect(admin_url, &Default::default()).await?;
            sqlx::query(&format!("DROP DATABASE IF EXISTS {name}")).execute(admin.writer()).await?;
            sqlx::query(&format!("CREATE DATABASE {name}")).execute(admin.writer()).await?;
            admin.close().await;
            let mut u = url::Url::parse(admin_url)?;
            u.set_path(name);
            u.to_string()
        }
        other => anyhow::bail!("unknown engine {other:?}"),
    }))
}

/// A fresh, migrated database: see [`fresh_database_url`].
pub async fn database(
    engine: &str,
    dir: &std::path::Path,
    postgres: Option<&str>,
    name: &str,
) -> anyhow::Result<Option<Db>> {
    let Some(url) = fresh_database_url(engine, dir, postgres, name).await? else { return Ok(None) };
    let db = Db::connect(&url, &Default::default()).await?;
    db.migrate().await?;
    Ok(Some(db))
}

/// A person made through the store (emails sealed with `key`, which need
/// not be the node's: benchmarks never mail anyone).
pub async fn person(
    db: &Db,
    key: &plural_store::NodeKey,
    email: &str,
    name: &str,
) -> anyhow::Result<plural_kernel::PersonId> {
    let email =
        plural_kernel::people::EmailAddress::parse("email", email).map_err(|e| anyhow::anyhow!("{}", e.code))?;
    let new = plural_store::people::NewPerson {
        email: &email,
        display_name: name,
        password_hash: None,
        language: plural_kernel::language::Language::En,
    };
    Ok(plural_store::people::create(db, key, new).await?)
}

/// A place and a person to own what a benchmark makes.
pub async fn place_and_person(db: &Db) -> anyhow::Result<(plural_kernel::PlaceId, plural_kernel::PersonId)> {
    let fields = plural_store::places::PlaceFields {
        slug: "bench",
        name: "Bench",
        description: "",
        parent_id: None,
        footprint: None,
    };
    let place = plural_store::places::create(db, fields).await?;
    let key = plural_store::NodeKey::from_secret(&plural_store::NodeKey::generate_secret()).context("node key")?;
    let person = person(db, &key, "bench@example.org", "Bench").await?;
    Ok((place, person))
}

/// A place, a person and a ranked poll to hold the ballots.
async fn poll(db: &Db) -> anyhow::Result<String> {
    let (place, person) = place_and_person(db).await?;
    let now = plural_store::now();
    let checked = CheckedPoll {
        question: "Which?".into(),
        description: String::new(),
        kind: Kind::Ranked,
        options: (0..OPTIONS).map(|i| format!("Option {i}")).collect(),
        max_choices: OPTIONS,
        results: Results::Live,
        opens_at: now,
        closes_at: now + 86_400,
    };
    Ok(plural_store::polls::create(db, place, None, person, &checked).await?)
}

pub async fn fill(db: &Db, poll: &str, ballots: &[Ballot]) -> anyhow::Result<()> {
    let mut conn = db.writer().acquire().await?;
    let mut rows = Rows::new("poll_ballots", &["poll_id", "ballot_key", "choices"]);
    for b in ballots {
        rows.push(vec![
            Value::from(poll),
            Value::from(uuid::Uuid::new_v4().simple().to_string()),
            Value::from(b.encode()),
        ]);
        if rows.len() >= 5_000 {
            rows.insert(&mut conn).await?;
        }
    }
    rows.insert(&mut conn).await?;
    Ok(())
}

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}

pub async fn run(o: Options) -> anyhow::Result<()> {
    let mut table = String::from(
        "| engine | ballots | read + decode + count | count alone (in memory) | rounds | target |\n|---|---:|---:|---:|---:|---|\n",
    );
    for n in &o.ballots {
        let ballots = random_ballots(*n);
        let start = Instant::now();
        let runoff = polls::instant_runoff(OPTIONS, &ballots);
        let alone = start.elapsed();
        for engine in &o.engines {
            let dir = tempfile::tempdir()?;
            let Some(db) = database(engine, dir.path(), o.postgres_url.as_deref(), "plural_bench_voice").await? else {
                println!("{engine}: skipped (set PLURAL_BENCH_POSTGRES_URL)");
                continue;
            };
            let id = poll(&db).await?;
            fill(&db, &id, &ballots).await.context("writing ballots")?;
            let mut times = Vec::new();
            for _ in 0..5 {
                let start = Instant::now();
                let stored = plural_store::polls::ballots(&db, &id).await?;
                let decoded: Vec<Ballot> = stored.iter().filter_map(|s| Ballot::decode(s)).collect();
                let counted = polls::instant_runoff(OPTIONS, &decoded);
                anyhow::ensure!(counted.winner == runoff.winner, "the stored ballots counted differently");
                times.push(start.elapsed().as_secs_f64());
            }
            let median = Duration::from_secs_f64(node::median(times));
            let verdict = if median < Duration::from_secs(2) { "met (< 2 s)" } else { "missed (< 2 s)" };
            let line =
                format!("| {engine} | {n} | {} | {} | {} | {verdict} |\n", ms(median), ms(alone), runoff.rounds.len());
            print!("{line}");
            table.push_str(&line);
            db.close().await;
        }
    }
    let body = format!(
        "Counting a ranked poll of 8 options by instant runoff, as its results page does: every ballot read from \
         `poll_ballots`, decoded and counted (median of 5). Random ballots ranking 1–8 options with mildly skewed first \
         preferences (7 rounds). Machine: {}; {}; {}.\n\n{table}",
        node::machine(),
        node::load_note(),
        if cfg!(debug_assertions) { "a debug (unoptimised) build, so these are upper bounds" } else { "a release build" }
    );
    node::write_section("Community voice: ranked ballots", &body)
}
