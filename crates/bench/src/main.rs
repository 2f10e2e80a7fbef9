//! Plural's benchmarks, run against the release binary (build it first:
//! `cargo build --release`); each writes its figures to BENCHMARKS.md.
//!
//! - `cargo run --release -p plural-bench` — the node foundation: start-up
//!   time, idle memory, first-load bytes of public pages (a demo node).
//! - `cargo run --release -p plural-bench -- table [--sizes 10000,100000,1000000]
//!   [--engines sqlite,postgres]` — the one table: page weight, memory, page
//!   load (wrk), search and import at each size on each engine (`.ci/bench`
//!   installs wrk, builds and runs it).
//! - `cargo run --release -p plural-bench -- scale [--sizes 10000,100000,1000000|none]
//!   [--imports 10000,100000|none] [--engines sqlite,postgres]` — What's on at
//!   scale and HSDS import, on SQLite and, when
//!   `PLURAL_BENCH_POSTGRES_URL` names a server (any database on it; the
//!   benchmark makes and drops `plural_bench`), on PostgreSQL.
//! - `cargo run --release -p plural-bench -- voice [--ballots 100000]
//!   [--responses 1000000] [--engines sqlite,postgres]` — community voice:
//!   counting ranked ballots by instant runoff as a poll's results page does
//!   (`irv` alone) and publishing an insight release over a survey's
//!   responses (`insight` alone); no node needed.
//! - `cargo run --release -p plural-bench -- polls [--engines sqlite,postgres]`
//!   — a poll's results page while votes arrive, on a real node.
//! - `cargo run --release -p plural-bench -- federation [--engines sqlite,postgres]`
//!   — inbox throughput with signature verification, then fan-out (`fanout`
//!   alone: one event to 10,000 followers on 100 loopback servers), on a
//!   real node.
//! - `cargo run --release -p plural-bench -- generate DIR [--records N]
//!   [--database-url URL]` — make a node with N generated records (default
//!   1,000,000) to explore by hand: `plural serve --data-dir DIR`.

mod fanout;
mod federation;
mod foundation;
mod generate;
mod insight;
mod node;
mod polls;
mod scale;
mod table;
mod voice;

use std::path::PathBuf;

use anyhow::Context;

fn list(args: &[String], flag: &str, default: &[usize]) -> anyhow::Result<Vec<usize>> {
    match args.iter().position(|a| a == flag) {
        None => Ok(default.to_vec()),
        Some(i) if args.get(i + 1).is_some_and(|v| v == "none") => Ok(Vec::new()),
        Some(i) => args
            .get(i + 1)
            .with_context(|| format!("{flag} needs a comma-separated list of numbers"))?
            .split(',')
            .map(|n| {
                n.trim().replace('_', "").parse::<usize>().with_context(|| format!("{flag}: {n:?} is not a number"))
            })
            .collect(),
    }
}

fn value<'a>(args: &'a [String], flag: &str) -> Option<&'a String> {
    args.iter().position(|a| a == flag).and_then(|i| args.get(i + 1))
}

/// `--engines sqlite,postgres` (both by default).
fn engines(args: &[String]) -> Vec<String> {
    value(args, "--engines")
        .map_or("sqlite,postgres", String::as_str)
        .split(',')
        .map(|e| e.trim().to_lowercase())
        .collect()
}

/// The PostgreSQL server to measure on, if one is named.
fn postgres_url() -> Option<String> {
    std::env::var("PLURAL_BENCH_POSTGRES_URL").ok().filter(|u| !u.is_empty())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let first = args.first().map(String::as_str);
    if matches!(first, Some("voice" | "irv" | "insight")) {
        let (engines, postgres_url) = (engines(&args), postgres_url());
        if matches!(first, Some("voice" | "irv")) {
            voice::run(voice::Options {
                engines: engines.clone(),
                ballots: list(&args, "--ballots", &[100_000])?,
                postgres_url: postgres_url.clone(),
            })
            .await?;
        }
        if matches!(first, Some("voice" | "insight")) {
            insight::run(insight::Options {
                engines: engines.clone(),
                responses: list(&args, "--responses", &[1_000_000])?,
                postgres_url: postgres_url.clone(),
            })
            .await?;
        }
        return Ok(());
    }
    let bin = node::binary()?;
    match args.first().map(String::as_str) {
        None | Some("foundation") => foundation::run(&bin).await,
        Some("scale") => {
            let options = scale::Options {
                engines: engines(&args),
                sizes: list(&args, "--sizes", &[10_000, 100_000, 1_000_000])?,
                import_sizes: list(&args, "--imports", &[10_000, 100_000])?,
                postgres_url: postgres_url(),
            };
            scale::run(&bin, options).await
        }
        Some("federation") => {
            let options = federation::Options { engines: engines(&args), postgres_url: postgres_url() };
            federation::run(&bin, options).await?;
            let options = fanout::Options { engines: engines(&args), postgres_url: postgres_url() };
            fanout::run(&bin, options).await
        }
        Some("fanout") => {
            let options = fanout::Options { engines: engines(&args), postgres_url: postgres_url() };
            fanout::run(&bin, options).await
        }
        Some("table") => {
            let options = table::Options {
                engines: engines(&args),
                sizes: list(&args, "--sizes", &[10_000, 100_000, 1_000_000])?,
                postgres_url: postgres_url(),
            };
            table::run(&bin, options).await
        }
        Some("polls") => {
            let options = polls::Options { engines: engines(&args), postgres_url: postgres_url() };
            polls::run(&bin, options).await
        }
        Some("generate") => {
            let dir = PathBuf::from(args.get(1).context("generate needs a data folder: generate DIR")?);
            let records = list(&args, "--records", &[1_000_000])?.first().copied().unwrap_or(1_000_000);
            scale::generate_node(&bin, &dir, records, value(&args, "--database-url").map(String::as_str)).await
        }
        Some(other) => {
            anyhow::bail!("unknown benchmark {other:?}: use foundation, table, scale, voice, irv, insight, polls, federation, fanout or generate")
        }
    }
}
