//! What's on at scale: a node made by the generator with 10k, 100k and 1M
//! records (services and events across a hundred places), on SQLite and on
//! PostgreSQL, measured from outside over HTTP like a resident's browser:
//! - search (text + distance + date) latency, one request at a time, p50/p99;
//! - the place page and the search page under concurrent load: requests/s, p99;
//! - resident memory of the serving process after that load;
//! - importing HSDS services with `plural import hsds` (10k and 100k).

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use plural_store::Db;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use tokio::sync::Mutex;

use crate::generate::{self, place_centre, place_slug, PLACES};
use crate::node::{machine, plural_command, start, status_kib, write_section};

pub(crate) const SEARCH_SAMPLES: usize = 400;
const LOAD_SECONDS: u64 = 8;
const LOAD_CONCURRENCY: usize = 8;
const WORDS: [&str; 12] =
    ["food", "advice", "yoga", "garden", "repair", "lunch", "english", "walking", "debt", "homework", "carers", "job"];

pub struct Options {
    /// `sqlite` and/or `postgres`.
    pub engines: Vec<String>,
    pub sizes: Vec<usize>,
    pub postgres_url: Option<String>,
    pub import_sizes: Vec<usize>,
}

#[derive(Debug, Default)]
struct Row {
    engine: &'static str,
    records: usize,
    generate_s: f64,
    search_p50: f64,
    search_p99: f64,
    place: Load,
    search_page: Load,
    /// The process's own memory (`RssAnon`) and the database file's pages it has mapped (`RssFile`).
    own_mb: f64,
    file_mb: f64,
}

#[derive(Debug, Default, Clone, Copy)]
struct Load {
    rps: f64,
    p99: f64,
    errors: usize,
}

pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// One search a resident might make: a word, near a random point of the
/// city, within 2 km, in the next fortnight.
pub(crate) fn search_query(rng: &mut StdRng) -> String {
    let (lat, lon) = place_centre(rng.gen_range(0..PLACES));
    let word = WORDS[rng.gen_range(0..WORDS.len())];
    let today = time::OffsetDateTime::now_utc().date();
    let to = today + time::Duration::days(14);
    format!("q={word}&lat={lat:.4}&lon={lon:.4}&within=2&from={today}&to={to}")
}

/// Run `plural` with arguments and fail with its output if it fails.
pub(crate) fn plural(bin: &Path, args: &[String]) -> anyhow::Result<String> {
    let out = plural_command(bin).args(args).output().context("running plural")?;
    anyhow::ensure!(
        out.status.success(),
        "plural {} failed:\n{}{}",
        args.join(" "),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// `plural init` on `data` (and a database URL, if not the folder's SQLite
/// file); returns the flags that name the node to later commands.
pub fn init_node(bin: &Path, data: &Path, database_url: Option<String>) -> anyhow::Result<Vec<String>> {
    let mut flags = vec!["--data-dir".to_string(), data.display().to_string()];
    if let Some(url) = database_url {
        flags.extend(["--database-url".to_string(), url]);
    }
    let mut init: Vec<String> = [
        "init",
        "--non-interactive",
        "--name",
        "Metropolis Commons",
        "--place-name",
        "Metropolis",
        "--place-slug",
        "metropolis",
        "--admin-email",
        "admin@metropolis.invalid",
        "--admin-name",
        "Bench Admin",
    ]
    .map(String::from)
    .to_vec();
    init.extend(flags.iter().cloned());
    plural(bin, &init)?;
    Ok(flags)
}

/// A fresh node: a data folder and, on PostgreSQL, an emptied database.
async fn fresh_node(bin: &Path, data: &Path, postgres: Option<&str>, database: &str) -> anyhow::Result<Vec<String>> {
    let mut database_url = None;
    if let Some(admin_url) = postgres {
        let admin = Db::connect(admin_url, &Default::default()).await?;
        sqlx::query(&format!("DROP DATABASE IF EXISTS {database} WITH (FORCE)")).execute(admin.writer()).await?;
        sqlx::query(&format!("CREATE DATABASE {database}")).execute(admin.writer()).await?;
        admin.close().await;
        let mut url = url::Url::parse(admin_url)?;
        url.set_path(&format!("/{database}"));
        database_url = Some(url.to_string());
    }
    init_node(bin, data, database_url)
}

pub(crate) fn database_url(data: &Path, flags: &[String]) -> String {
    flags
        .iter()
        .position(|f| f == "--database-url")
        .and_then(|i| flags.get(i + 1).cloned())
        .unwrap_or_else(|| format!("sqlite://{}", data.join("plural.db").display()))
}

/// Requests to `urls` (taken in turn) from `LOAD_CONCURRENCY` clients for
/// `LOAD_SECONDS`.
async fn load(urls: Vec<String>) -> anyhow::Result<Load> {
    let client = reqwest::Client::builder().pool_max_idle_per_host(LOAD_CONCURRENCY).build()?;
    let urls = Arc::new(urls);
    let latencies = Arc::new(Mutex::new(Vec::new()));
    let errors = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let until = Instant::now() + Duration::from_secs(LOAD_SECONDS);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..LOAD_CONCURRENCY {
        let (client, urls, latencies, errors, next) =
            (client.clone(), urls.clone(), latencies.clone(), errors.clone(), next.clone());
        tasks.push(tokio::spawn(async move {
            let mut mine = Vec::new();
            while Instant::now() < until {
                let url = &urls[next.fetch_add(1, std::sync::atomic::Ordering::Relaxed) % urls.len()];
                let t = Instant::now();
                let ok = match client.get(url).header("accept-encoding", "br, gzip").send().await {
                    Ok(r) => r.status().is_success() && r.bytes().await.is_ok(),
                    Err(_) => false,
                };
                if ok {
                    mine.push(t.elapsed().as_secs_f64() * 1000.0);
                } else {
                    errors.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                }
            }
            latencies.lock().await.extend(mine);
        }));
    }
    for t in tasks {
        t.await?;
    }
    let elapsed = started.elapsed().as_secs_f64();
    let mut l = latencies.lock().await.clone();
    l.sort_by(|a, b| a.total_cmp(b));
    Ok(Load {
        rps: l.len() as f64 / elapsed,
        p99: percentile(&l, 0.99),
        errors: errors.load(std::sync::atomic::Ordering::Relaxed),
    })
}

/// A generated node to measure: made now in a temporary folder, or, with
/// `PLURAL_BENCH_KEEP=DIR`, kept in `DIR/<engine>-<records>` (and, on
/// PostgreSQL, the database `plural_bench_<records>`) and reused by later
/// runs — a million records take six to eight minutes to make.
pub(crate) struct Generated {
    /// Held so a temporary folder lives until the measuring is done.
    _temporary: Option<tempfile::TempDir>,
    pub(crate) path: std::path::PathBuf,
    pub(crate) flags: Vec<String>,
    pub(crate) seconds: f64,
}

pub(crate) async fn generated(
    bin: &Path,
    engine: &str,
    records: usize,
    postgres: Option<&str>,
) -> anyhow::Result<Generated> {
    let keep = std::env::var("PLURAL_BENCH_KEEP").ok().filter(|k| !k.is_empty());
    let (dir, path) = match &keep {
        Some(keep) => (None, Path::new(keep).join(format!("{}-{records}", engine.to_lowercase()))),
        None => {
            let dir = tempfile::tempdir_in(std::env::var("PLURAL_BENCH_TMP").unwrap_or_else(|_| "/var/tmp".into()))?;
            let path = dir.path().to_path_buf();
            (Some(dir), path)
        }
    };
    let done = path.join("generated-seconds");
    let database = format!("plural_bench_{records}");
    if let Ok(seconds) = std::fs::read_to_string(&done) {
        let mut flags = vec!["--data-dir".to_string(), path.display().to_string()];
        if let Some(admin_url) = postgres {
            let mut url = url::Url::parse(admin_url)?;
            url.set_path(&format!("/{database}"));
            flags.extend(["--database-url".to_string(), url.to_string()]);
        }
        eprintln!("{engine} {records}: reusing {}", path.display());
        return Ok(Generated { _temporary: dir, path, flags, seconds: seconds.trim().parse()? });
    }
    std::fs::create_dir_all(&path)?;
    let flags = fresh_node(bin, &path, postgres, if keep.is_some() { &database } else { "plural_bench" }).await?;
    let db = Db::connect(&database_url(&path, &flags), &Default::default()).await?;
    db.migrate().await?;
    // The search index is kept by triggers as the rows go in: no rebuild needed.
    let made = generate::generate(&db, records, 7).await?;
    db.close().await;
    eprintln!(
        "{engine} {records}: generated {} services, {} events in {:.0} s",
        made.services, made.events, made.seconds
    );
    if keep.is_some() {
        std::fs::write(&done, format!("{}", made.seconds))?;
    }
    Ok(Generated { _temporary: dir, path, flags, seconds: made.seconds })
}

async fn measure(bin: &Path, engine: &'static str, records: usize, postgres: Option<&str>) -> anyhow::Result<Row> {
    let node_data = generated(bin, engine, records, postgres).await?;
    let (flags, generate_s) = (&node_data.flags, node_data.seconds);
    let (node, _) = start(bin, "serve", &node_data.path, &flags[2..]).await?;
    let mut rng = StdRng::seed_from_u64(11);
    let latencies = search_latencies(&node.base, &mut rng).await?;

    let place_urls = (0..PLACES).map(|i| format!("{}/places/{}", node.base, place_slug(i))).collect();
    let place = load(place_urls).await?;
    let search_urls = (0..200).map(|_| format!("{}/search?{}", node.base, search_query(&mut rng))).collect();
    let search_page = load(search_urls).await?;
    let own_mb = status_kib(node.child.id(), "RssAnon")? as f64 / 1024.0;
    let file_mb = status_kib(node.child.id(), "RssFile")? as f64 / 1024.0;
    drop(node);
    Ok(Row {
        engine,
        records,
        generate_s,
        search_p50: percentile(&latencies, 0.5),
        search_p99: percentile(&latencies, 0.99),
        place,
        search_page,
        own_mb,
        file_mb,
    })
}

/// Seconds for `plural import hsds` of `n` services into a fresh node.
async fn import(bin: &Path, n: usize, postgres: Option<&str>) -> anyhow::Result<(f64, String)> {
    let dir = tempfile::tempdir_in(std::env::var("PLURAL_BENCH_TMP").unwrap_or_else(|_| "/var/tmp".into()))?;
    let flags = fresh_node(bin, dir.path(), postgres, "plural_bench").await?;
    let file = dir.path().join("services.json");
    std::fs::write(&file, serde_json::to_vec(&generate::hsds_document(n, 3))?)?;
    let mut args = vec!["import".to_string(), "hsds".into(), file.display().to_string(), "--place".into()];
    args.push("metropolis".into());
    args.extend(flags);
    let t = Instant::now();
    let report = plural(bin, &args)?;
    let took = t.elapsed().as_secs_f64();
    let first_line = report.lines().find(|l| l.starts_with("taken")).unwrap_or("").to_string();
    anyhow::ensure!(first_line.contains(&format!("{n} services")), "import did not take every service:\n{report}");
    Ok((took, first_line))
}

fn ms(v: f64) -> String {
    if v < 10.0 {
        format!("{v:.1} ms")
    } else {
        format!("{v:.0} ms")
    }
}

fn verdict(ok: bool) -> &'static str {
    if ok {
        "met"
    } else {
        "MISSED"
    }
}

/// The engines asked for, each with its name in tables and, for
/// PostgreSQL, the server (left out, with a notice, when none is named).
pub(crate) fn engines<'a>(asked: &[String], postgres_url: Option<&'a str>) -> Vec<(&'static str, Option<&'a str>)> {
    let mut engines = Vec::new();
    if asked.iter().any(|e| e == "sqlite") {
        engines.push(("SQLite", None));
    }
    if asked.iter().any(|e| e == "postgres") {
        match postgres_url {
            Some(url) => engines.push(("PostgreSQL", Some(url))),
            None => eprintln!("NOTICE: PLURAL_BENCH_POSTGRES_URL is not set; PostgreSQL is not measured"),
        }
    }
    engines
}

/// [`SEARCH_SAMPLES`] API searches one at a time, after 50 that warm the
/// caches a resident's first searches would warm: milliseconds, sorted.
pub(crate) async fn search_latencies(base: &str, rng: &mut StdRng) -> anyhow::Result<Vec<f64>> {
    let client = reqwest::Client::new();
    for _ in 0..50 {
        let q = search_query(rng);
        client.get(format!("{base}/api/v1/search?{q}")).send().await?.error_for_status()?;
    }
    let mut latencies = Vec::with_capacity(SEARCH_SAMPLES);
    for _ in 0..SEARCH_SAMPLES {
        let q = search_query(rng);
        let t = Instant::now();
        let res = client.get(format!("{base}/api/v1/search?{q}")).send().await?;
        anyhow::ensure!(res.status().is_success(), "search {q}: {}", res.status());
        res.bytes().await?;
        latencies.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    latencies.sort_by(|a, b| a.total_cmp(b));
    Ok(latencies)
}

pub async fn run(bin: &Path, o: Options) -> anyhow::Result<()> {
    let engines = engines(&o.engines, o.postgres_url.as_deref());
    let mut rows = Vec::new();
    let mut imports = Vec::new();
    for (engine, pg) in &engines {
        for &n in &o.sizes {
            let row = measure(bin, engine, n, *pg).await?;
            // Each row as it comes, so a long run that is stopped keeps what it measured.
            eprintln!("{row:?}");
            rows.push(row);
        }
        for &n in &o.import_sizes {
            let (secs, _) = import(bin, n, *pg).await?;
            eprintln!("{engine}: imported {n} services in {secs:.1} s");
            imports.push((*engine, n, secs));
        }
    }

    let date = time::OffsetDateTime::now_utc().date();
    let mut all_met = true;
    if !rows.is_empty() {
        let mut out = format!(
            "Measured {date} on {}, release build; the generator's city of {PLACES} places \
             (`cargo run --release -p plural-bench -- scale --imports none`). \
             Search: {SEARCH_SAMPLES} searches one at a time (a word + within 2 km of a point + the next 14 days) \
             through `/api/v1/search`, after 50 to warm up. Pages: {LOAD_CONCURRENCY} concurrent clients for \
             {LOAD_SECONDS} s on loopback, the load generator on the same 2 cores as the node. \
             Memory: the process's own (`RssAnon`) and the database file's pages it maps (`RssFile`, \
             the operating system's file cache, shared, counted once per connection's map). \
             Targets at 1M records: search p99 < 20 ms, pages p99 < 50 ms.\n\n",
            machine()
        );
        out.push_str(
            "| engine | records | generate | search p50 | search p99 | place page req/s | place page p99 | search page req/s | search page p99 | memory after load: own · file mapped |\n|---|---|---|---|---|---|---|---|---|---|\n",
        );
        for r in &rows {
            let at_target = r.records >= 1_000_000;
            let mark = |ok: bool| if at_target { format!(" ({})", verdict(ok)) } else { String::new() };
            if at_target {
                all_met &= r.search_p99 < 20.0 && r.place.p99 < 50.0 && r.search_page.p99 < 50.0;
            }
            let errors = r.place.errors + r.search_page.errors;
            out.push_str(&format!(
                "| {} | {} | {:.0} s | {} | {}{} | {:.0} | {}{} | {:.0} | {}{} | {:.0} MB · {:.0} MB |{}\n",
                r.engine,
                r.records,
                r.generate_s,
                ms(r.search_p50),
                ms(r.search_p99),
                mark(r.search_p99 < 20.0),
                r.place.rps,
                ms(r.place.p99),
                mark(r.place.p99 < 50.0),
                r.search_page.rps,
                ms(r.search_page.p99),
                mark(r.search_page.p99 < 50.0),
                r.own_mb,
                r.file_mb,
                if errors > 0 { format!(" {errors} errors") } else { String::new() },
            ));
        }
        println!("{out}");
        write_section("What's on at scale", &out)?;
    }
    if !imports.is_empty() {
        let mut out = format!(
            "Measured {date} on {}, release build: `plural import hsds` of one generated HSDS JSON file \
             (each service with its organisation, a location, a price, hours and a language; 50 services per \
             organisation) into a fresh node, wall-clock time of the whole command \
             (`cargo run --release -p plural-bench -- scale --sizes none`). Target: 100k services under 30 s.\n\n\
             | engine | HSDS services imported | seconds | |\n|---|---|---|---|\n",
            machine()
        );
        for (engine, n, secs) in &imports {
            let at_target = *n >= 100_000;
            if at_target {
                all_met &= *secs < 30.0;
            }
            out.push_str(&format!(
                "| {engine} | {n} | {secs:.1} s | {} |\n",
                if at_target { verdict(*secs < 30.0) } else { "" }
            ));
        }
        println!("{out}");
        write_section("HSDS import", &out)?;
    }
    if !all_met {
        eprintln!("a target was missed; see the table");
    }
    Ok(())
}

/// `generate DIR`: a node with `records` generated records, left in place.
pub async fn generate_node(bin: &Path, data: &Path, records: usize, database_url: Option<&str>) -> anyhow::Result<()> {
    std::fs::create_dir_all(data)?;
    let flags = init_node(bin, data, database_url.map(str::to_string))?;
    let db = Db::connect(&self::database_url(data, &flags), &Default::default()).await?;
    db.migrate().await?;
    let made = generate::generate(&db, records, 7).await?;
    db.close().await;
    println!(
        "made {} services and {} events across {PLACES} places in {:.0} s; serve it with: plural serve {}",
        made.services,
        made.events,
        made.seconds,
        flags.join(" ")
    );
    Ok(())
}
