//! The one table: every figure a node's operator asks about, at 10k, 100k
//! and 1M generated records, on SQLite and PostgreSQL, measured from outside
//! a real `plural serve` (release build):
//! - first-load bytes (brotli, HTML + stylesheet) of every public page;
//! - memory (RSS) idle after start, and after the load below;
//! - requests/s, p50 and p99 for the home, place, search, event and HSDS
//!   pages under `wrk` (2 threads, 8 connections, 10 s each, rotating over
//!   many URLs of the kind);
//! - search API latency, one request at a time (text + distance + dates);
//! - importing 10,000 HSDS services into that node with `plural import hsds`.
//!
//! The load generator is wrk (Debian's `wrk` package; `.ci/bench` installs
//! it). Federation figures (inbox and fan-out) do not depend on how many
//! records a node holds; they are in their own section (`federation`).

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::Context;
use plural_store::Db;
use rand::rngs::StdRng;
use rand::SeedableRng;

use crate::generate::{self, place_slug, PLACES};
use crate::node::{machine, rss_kib, start, status_kib, wire_bytes, write_section};
use crate::scale::{
    database_url, engines, generated, percentile, plural, search_latencies, search_query, SEARCH_SAMPLES,
};

const BUDGET_BYTES: usize = 14 * 1024;
const PAGE_P99_MS: f64 = 50.0;
const SEARCH_P99_MS: f64 = 20.0;
const IMPORTED: usize = 10_000;
const WRK_SECONDS: u64 = 10;

pub struct Options {
    pub engines: Vec<String>,
    pub sizes: Vec<usize>,
    pub postgres_url: Option<String>,
}

/// wrk's figures for one kind of page.
#[derive(Debug, Clone, Copy)]
struct Load {
    rps: f64,
    p50_ms: f64,
    p99_ms: f64,
    errors: u64,
}

/// Everything measured on one generated node.
#[derive(Debug)]
struct Column {
    heading: String,
    generate_s: f64,
    idle_mb: f64,
    loaded_mb: f64,
    /// Of `loaded_mb`, pages of files mapped into the process: on SQLite
    /// mostly the database, which readers map (`mmap_size`) and the kernel
    /// may drop and read again; not memory the node allocated.
    loaded_file_mb: f64,
    /// (page, path, first-load bytes).
    first_loads: Vec<(&'static str, String, usize)>,
    /// (page, load), in the order of [`LOADED_PAGES`].
    loads: Vec<(&'static str, Load)>,
    search_p50: f64,
    search_p99: f64,
    import_s: f64,
}

const LOADED_PAGES: [&str; 7] =
    ["home", "place", "search", "event", "HSDS services", "HSDS organisations", "HSDS service-at-location"];

pub async fn run(bin: &Path, o: Options) -> anyhow::Result<()> {
    let wrk = Command::new("wrk").arg("--version").output();
    anyhow::ensure!(wrk.is_ok(), "the load generator wrk is missing: apt-get install wrk (or run .ci/bench)");
    let engines = engines(&o.engines, o.postgres_url.as_deref());
    let mut columns = Vec::new();
    for (engine, pg) in &engines {
        for &n in &o.sizes {
            let column = measure(bin, engine, n, *pg).await?;
            // Each column as it comes, so a long run that is stopped keeps what it measured.
            eprintln!("{column:?}");
            columns.push(column);
        }
    }
    anyhow::ensure!(!columns.is_empty(), "nothing was measured");
    let table = render(&columns);
    println!("{table}");
    write_section("One table", &table)?;
    Ok(())
}

async fn measure(bin: &Path, engine: &str, records: usize, postgres: Option<&str>) -> anyhow::Result<Column> {
    let node_data = generated(bin, engine, records, postgres).await?;
    let flags = &node_data.flags;
    let db = Db::connect(&database_url(&node_data.path, flags), &Default::default()).await?;
    let events: Vec<String> =
        sqlx::query_scalar("SELECT id FROM events WHERE status = 'published' ORDER BY id LIMIT 200")
            .fetch_all(db.reader())
            .await?;
    let group: String =
        sqlx::query_scalar("SELECT slug FROM groups ORDER BY id LIMIT 1").fetch_one(db.reader()).await?;
    db.close().await;
    anyhow::ensure!(!events.is_empty(), "the generated node has no published events");

    let (node, _) = start(bin, "serve", &node_data.path, &flags[2..]).await?;
    tokio::time::sleep(Duration::from_secs(3)).await;
    let idle_mb = rss_kib(node.child.id())? as f64 / 1024.0;

    let client = reqwest::Client::new();
    let mut rng = StdRng::seed_from_u64(11);
    let search_paths: Vec<String> = (0..200).map(|_| format!("/search?{}", search_query(&mut rng))).collect();
    let public = [
        ("home", "/".to_string()),
        ("place", format!("/places/{}", place_slug(0))),
        ("group", format!("/groups/{group}")),
        ("what's on", "/events".to_string()),
        ("event", format!("/events/{}", events[0])),
        ("services", "/services".to_string()),
        ("volunteering", "/opportunities".to_string()),
        ("search", search_paths[0].clone()),
        ("sign-in", "/sign-in".to_string()),
    ];
    let home = client.get(format!("{}/", node.base)).send().await?.text().await?;
    let css = home
        .split("href=\"")
        .find_map(|s| s.strip_prefix("/assets/").map(|r| format!("/assets/{}", r.split('"').next().unwrap_or(""))))
        .context("stylesheet link on the home page")?;
    let (css_bytes, _, _) = wire_bytes(&client, &format!("{}{css}", node.base)).await?;
    let mut first_loads = Vec::new();
    for (name, path) in public {
        let (html, _, _) = wire_bytes(&client, &format!("{}{path}", node.base)).await?;
        first_loads.push((name, path, html + css_bytes));
    }

    let latencies = search_latencies(&node.base, &mut rng).await?;

    let hsds = |list: &str| (1..=50).map(|p| format!("/openreferral/{list}?page={p}&per_page=20")).collect();
    let page_paths: [Vec<String>; 7] = [
        vec!["/".to_string()],
        (0..PLACES).map(|i| format!("/places/{}", place_slug(i))).collect(),
        search_paths,
        events.iter().map(|id| format!("/events/{id}")).collect(),
        hsds("services"),
        hsds("organizations"),
        hsds("service_at_locations"),
    ];
    let mut loads = Vec::new();
    for (name, paths) in LOADED_PAGES.into_iter().zip(page_paths) {
        loads.push((name, wrk(&node.base, &paths)?));
    }
    let loaded_mb = rss_kib(node.child.id())? as f64 / 1024.0;
    let loaded_file_mb = status_kib(node.child.id(), "RssFile")? as f64 / 1024.0;
    drop(node);

    let import_s = import_into(bin, flags)?;
    Ok(Column {
        heading: format!("{engine} {}", short(records)),
        generate_s: node_data.seconds,
        idle_mb,
        loaded_mb,
        loaded_file_mb,
        first_loads,
        loads,
        search_p50: percentile(&latencies, 0.5),
        search_p99: percentile(&latencies, 0.99),
        import_s,
    })
}

/// Seconds for `plural import hsds` of [`IMPORTED`] new services into the
/// generated node (ids made unique to this run, so a kept node takes them
/// as new again).
fn import_into(bin: &Path, flags: &[String]) -> anyhow::Result<f64> {
    let dir = tempfile::tempdir()?;
    let file = dir.path().join("services.json");
    let run = time::OffsetDateTime::now_utc().unix_timestamp();
    let document =
        serde_json::to_string(&generate::hsds_document(IMPORTED, 5))?.replace("\"bench-", &format!("\"table-{run}-"));
    std::fs::write(&file, document)?;
    let mut args = vec!["import".to_string(), "hsds".into(), file.display().to_string()];
    args.extend(["--place".to_string(), place_slug(0)]);
    args.extend(flags.iter().cloned());
    let t = Instant::now();
    let report = plural(bin, &args)?;
    let took = t.elapsed().as_secs_f64();
    anyhow::ensure!(
        report.contains(&format!("{IMPORTED} services")),
        "the import did not take every service:\n{report}"
    );
    Ok(took)
}

/// Load `paths` (taken in turn by each connection) on `base` with wrk.
fn wrk(base: &str, paths: &[String]) -> anyhow::Result<Load> {
    let dir = tempfile::tempdir()?;
    let script = dir.path().join("paths.lua");
    let list: Vec<String> = paths.iter().map(|p| format!("{p:?}")).collect();
    std::fs::write(
        &script,
        format!(
            r#"local paths = {{ {} }}
local i = 0
wrk.headers["Accept-Encoding"] = "br, gzip"
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("PLURAL %d %d %d %d %d\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99), e.connect + e.read + e.write + e.status + e.timeout))
end
"#,
            list.join(", ")
        ),
    )?;
    let out = Command::new("wrk")
        .args(["-t2", "-c8", &format!("-d{WRK_SECONDS}s"), "-s"])
        .arg(&script)
        .arg(base)
        .output()
        .context("running wrk")?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    anyhow::ensure!(out.status.success(), "wrk failed: {stdout}{}", String::from_utf8_lossy(&out.stderr));
    let line = stdout.lines().find_map(|l| l.strip_prefix("PLURAL ")).context("wrk's summary line")?;
    let n: Vec<u64> = line.split_whitespace().map(str::parse).collect::<Result<_, _>>()?;
    anyhow::ensure!(n.len() == 5, "wrk's summary line: {line}");
    Ok(Load {
        rps: n[0] as f64 / (n[1] as f64 / 1e6),
        p50_ms: n[2] as f64 / 1000.0,
        p99_ms: n[3] as f64 / 1000.0,
        errors: n[4],
    })
}

fn short(records: usize) -> String {
    match records {
        n if n >= 1_000_000 && n % 1_000_000 == 0 => format!("{}M", n / 1_000_000),
        n if n >= 1_000 && n % 1_000 == 0 => format!("{}k", n / 1_000),
        n => n.to_string(),
    }
}

fn ms(v: f64) -> String {
    if v < 10.0 {
        format!("{v:.1} ms")
    } else {
        format!("{v:.0} ms")
    }
}

/// A figure and its target: the cell says MISSED when it is over.
fn against(text: String, over: bool) -> String {
    if over {
        format!("{text} (MISSED)")
    } else {
        text
    }
}

fn render(columns: &[Column]) -> String {
    let date = time::OffsetDateTime::now_utc().date();
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let mut out = format!(
        "Measured {date} on {}, release build (`.ci/bench`, or `cargo run --release -p plural-bench -- table`); \
         the generator's city of {PLACES} places; load average {} when the table was written. Pages: wrk, \
         2 threads and 8 connections for {WRK_SECONDS} s a kind of page, rotating over its URLs (every place, \
         200 searches, 200 events, 50 pages of each HSDS list), on the same cores as the node. Search: {SEARCH_SAMPLES} API \
         searches one at a time. Import: {IMPORTED} new HSDS services into the generated node. Targets: first \
         load ≤ 14 KB; at 1M records pages p99 < 50 ms and search p99 < 20 ms (marked at 1M only).\n\n",
        machine(),
        load.split_whitespace().next().unwrap_or("unknown"),
    );
    let _ =
        writeln!(out, "| figure | {} |", columns.iter().map(|c| c.heading.as_str()).collect::<Vec<_>>().join(" | "));
    let _ = writeln!(out, "|---|{}", "---|".repeat(columns.len()));
    let mut row = |figure: &str, cell: &dyn Fn(&Column) -> String| {
        let cells: Vec<String> = columns.iter().map(cell).collect();
        let _ = writeln!(out, "| {figure} | {} |", cells.join(" | "));
    };
    row("records generated in", &|c| format!("{:.0} s", c.generate_s));
    row("memory, idle after start", &|c| format!("{:.0} MB", c.idle_mb));
    row("memory, after the load (of it, mapped files)", &|c| {
        format!("{:.0} MB ({:.0} MB)", c.loaded_mb, c.loaded_file_mb)
    });
    for (i, (name, path, _)) in columns[0].first_loads.iter().enumerate() {
        let path = match *name {
            "search" => "/search?…".to_string(),
            "event" => "/events/…".to_string(),
            _ => path.clone(),
        };
        row(&format!("first load, {name} (`{path}`)"), &|c| {
            let bytes = c.first_loads[i].2;
            against(format!("{:.1} KB", bytes as f64 / 1024.0), bytes > BUDGET_BYTES)
        });
    }
    for (i, name) in LOADED_PAGES.iter().enumerate() {
        row(&format!("{name} page: req/s · p50 · p99"), &|c| {
            let l = c.loads[i].1;
            let at_target = c.heading.ends_with("1M");
            let errors = if l.errors > 0 { format!(" · {} errors", l.errors) } else { String::new() };
            against(
                format!("{:.0} · {} · {}{errors}", l.rps, ms(l.p50_ms), ms(l.p99_ms)),
                at_target && l.p99_ms >= PAGE_P99_MS,
            )
        });
    }
    row("search API: p50 · p99", &|c| {
        let at_target = c.heading.ends_with("1M");
        against(format!("{} · {}", ms(c.search_p50), ms(c.search_p99)), at_target && c.search_p99 >= SEARCH_P99_MS)
    });
    row(&format!("import of {} HSDS services", short(IMPORTED)), &|c| {
        format!("{:.1} s ({:.0}/s)", c.import_s, IMPORTED as f64 / c.import_s)
    });
    out
}
