//! `cargo run --release -p plural-bench` — measures a real `plural demo`
//! node and records the figures in BENCHMARKS.md:
//! - time from starting `plural serve` to the first successful `/readyz`;
//! - idle memory (resident set) of the serving process;
//! - compressed bytes of the first load (HTML + CSS) of public pages,
//!   against the 14 KB budget (one TCP round trip).
//!
//! It runs the release binary (build it first: `cargo build --release`),
//! makes its own data (a fresh demo node in a temporary folder) and repeats
//! each timing several times, reporting the median.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::Context;

const RUNS: usize = 5;
const BUDGET_BYTES: usize = 14 * 1024;

struct Node {
    child: Child,
    base: String,
}

impl Drop for Node {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn binary() -> anyhow::Result<PathBuf> {
    if let Ok(p) = std::env::var("PLURAL_BIN") {
        return Ok(PathBuf::from(p));
    }
    let target = std::env::var("CARGO_TARGET_DIR").unwrap_or_else(|_| "target".into());
    let p = PathBuf::from(target).join("release/plural");
    anyhow::ensure!(p.exists(), "build the node first: cargo build --release (looked for {})", p.display());
    Ok(p)
}

fn free_port() -> anyhow::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// Start `plural <command>` on the data folder and wait for `/readyz`.
async fn start(bin: &PathBuf, command: &str, data: &std::path::Path) -> anyhow::Result<(Node, Duration)> {
    let port = free_port()?;
    let base = format!("http://127.0.0.1:{port}");
    let started = Instant::now();
    let child = Command::new(bin)
        .args([command, "--data-dir"])
        .arg(data)
        .args(["--bind", &format!("127.0.0.1:{port}"), "--base-url", &base])
        .env("PLURAL_LOG_LEVEL", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .context("starting plural")?;
    let node = Node { child, base };
    let client = reqwest::Client::new();
    loop {
        if let Ok(r) = client.get(format!("{}/readyz", node.base)).send().await {
            if r.status().is_success() {
                return Ok((node, started.elapsed()));
            }
        }
        anyhow::ensure!(started.elapsed() < Duration::from_secs(60), "node did not become ready");
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
}

fn rss_kib(pid: u32) -> anyhow::Result<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:")).context("no VmRSS")?;
    Ok(line.split_whitespace().nth(1).context("VmRSS value")?.parse()?)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

/// Bytes on the wire for one URL, compressed as a browser would ask.
async fn wire_bytes(client: &reqwest::Client, url: &str) -> anyhow::Result<(usize, String, String)> {
    let res = client.get(url).header("accept-encoding", "br, gzip").send().await?;
    anyhow::ensure!(res.status().is_success(), "{url}: {}", res.status());
    let encoding =
        res.headers().get("content-encoding").and_then(|v| v.to_str().ok()).unwrap_or("identity").to_string();
    let body = res.bytes().await?;
    Ok((body.len(), encoding, String::from_utf8_lossy(&body).into_owned()))
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let bin = binary()?;
    let dir = tempfile::tempdir()?;
    // Seed the demo node once (not timed), then time plain `serve` starts.
    drop(start(&bin, "demo", dir.path()).await?);
    let mut ready = Vec::new();
    for _ in 0..RUNS {
        let (_node, took) = start(&bin, "serve", dir.path()).await?;
        ready.push(took.as_secs_f64() * 1000.0);
    }
    let (node, _) = start(&bin, "serve", dir.path()).await?;
    let client = reqwest::Client::builder().build()?;
    // Warm up every page once, then let the process settle before reading memory.
    let plain = reqwest::Client::new();
    let home = plain.get(format!("{}/", node.base)).send().await?.text().await?;
    let css_path = home
        .split("href=\"")
        .find_map(|s| s.strip_prefix("/assets/").map(|r| format!("/assets/{}", r.split('"').next().unwrap_or(""))))
        .context("stylesheet link on the home page")?;
    let pages = [
        ("home", "/"),
        ("place", "/places/coldharbour"),
        ("group", "/groups/coldharbour-tenants"),
        ("sign-in", "/sign-in"),
        ("what's on", "/events"),
        ("services", "/services"),
        ("volunteering", "/opportunities"),
    ];
    for (_, path) in pages {
        plain.get(format!("{}{path}", node.base)).send().await?;
    }
    tokio::time::sleep(Duration::from_secs(3)).await;
    let mut rss = Vec::new();
    for _ in 0..RUNS {
        rss.push(rss_kib(node.child.id())? as f64 / 1024.0);
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let (css_bytes, css_enc, _) = wire_bytes(&client, &format!("{}{css_path}", node.base)).await?;
    let mut rows = Vec::new();
    let mut all_within = true;
    for (name, path) in pages {
        let (html, enc, _) = wire_bytes(&client, &format!("{}{path}", node.base)).await?;
        let total = html + css_bytes;
        all_within &= total <= BUDGET_BYTES;
        rows.push(format!(
            "| first load: {name} page (`{path}`) | {:.1} KB ({html} B HTML {enc} + {css_bytes} B CSS {css_enc}) | ≤ 14 KB | {} |",
            total as f64 / 1024.0,
            if total <= BUDGET_BYTES { "met" } else { "MISSED" }
        ));
    }
    let ready_ms = median(ready);
    let rss_mb = median(rss);
    let machine = machine();
    let date = time::OffsetDateTime::now_utc().date();
    let mut table = String::new();
    table.push_str(&format!(
        "Measured {date} on {machine}, release build, SQLite, demo data; medians of {RUNS} runs.\n\n"
    ));
    table.push_str("| figure | measured | target | |\n|---|---|---|---|\n");
    table.push_str(&format!(
        "| idle memory (RSS) of `plural serve`, demo node | {rss_mb:.1} MB | < 30 MB | {} |\n",
        if rss_mb < 30.0 { "met" } else { "MISSED" }
    ));
    table.push_str(&format!("| `plural serve` start to first successful `/readyz` | {ready_ms:.0} ms | — | |\n"));
    for r in rows {
        table.push_str(&r);
        table.push('\n');
    }
    println!("{table}");
    write_section("Node foundation", &table)?;
    anyhow::ensure!(all_within, "a first load is over the 14 KB budget");
    Ok(())
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    format!("{cores} cores of {cpu}")
}

/// Replace (or add) one `## <title>` section of BENCHMARKS.md.
fn write_section(title: &str, body: &str) -> anyhow::Result<()> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../BENCHMARKS.md");
    let old = std::fs::read_to_string(&path).unwrap_or_else(|_| "# Benchmarks\n".into());
    let heading = format!("## {title}");
    let mut out = String::new();
    let mut skipping = false;
    let mut written = false;
    for line in old.lines() {
        if line.starts_with("## ") {
            skipping = line == heading;
            if skipping {
                out.push_str(&format!("{heading}\n\n{body}\n"));
                written = true;
                continue;
            }
        }
        if !skipping {
            out.push_str(line);
            out.push('\n');
        }
    }
    if !written {
        out.push_str(&format!("\n{heading}\n\n{body}\n"));
    }
    std::fs::write(path, out)?;
    Ok(())
}
