//! The node foundation: start-up time, idle memory and first-load bytes of a
//! demo node.

use std::time::Duration;

use anyhow::Context;

use crate::node::{machine, median, rss_kib, start, wire_bytes, write_section, RUNS};

const BUDGET_BYTES: usize = 14 * 1024;

pub async fn run(bin: &std::path::Path) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    // Seed the demo node once (not timed), then time plain `serve` starts.
    drop(start(bin, "demo", dir.path(), &[]).await?);
    let mut ready = Vec::new();
    for _ in 0..RUNS {
        let (_node, took) = start(bin, "serve", dir.path(), &[]).await?;
        ready.push(took.as_secs_f64() * 1000.0);
    }
    let (node, _) = start(bin, "serve", dir.path(), &[]).await?;
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
