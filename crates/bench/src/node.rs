//! Running the release binary and reading figures off it: shared by every benchmark.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::Context;

pub const RUNS: usize = 5;

pub struct Node {
    pub child: Child,
    pub base: String,
}

impl Drop for Node {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn binary() -> anyhow::Result<PathBuf> {
    if let Ok(p) = std::env::var("PLURAL_BENCH_BINARY") {
        return Ok(PathBuf::from(p));
    }
    let target = std::env::var("CARGO_TARGET_DIR").unwrap_or_else(|_| "target".into());
    let p = PathBuf::from(target).join("release/plural");
    anyhow::ensure!(p.exists(), "build the node first: cargo build --release (looked for {})", p.display());
    Ok(p)
}

/// `plural` with the benchmark's own `PLURAL_BENCH_*` settings removed: the
/// node reads every `PLURAL_*` variable as a setting and refuses unknown ones.
pub fn plural_command(bin: &Path) -> Command {
    let mut c = Command::new(bin);
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("PLURAL_BENCH_") {
            c.env_remove(name);
        }
    }
    c
}

pub fn free_port() -> anyhow::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// Start `plural <command>` on the data folder and wait for `/readyz`.
/// `extra` are further flags, e.g. `--database-url`.
pub async fn start(bin: &Path, command: &str, data: &Path, extra: &[String]) -> anyhow::Result<(Node, Duration)> {
    let port = free_port()?;
    let base = format!("http://127.0.0.1:{port}");
    let started = Instant::now();
    let child = plural_command(bin)
        .args([command, "--data-dir"])
        .arg(data)
        .args(["--bind", &format!("127.0.0.1:{port}"), "--base-url", &base])
        .args(extra)
        // The load generator is one client address: lift the per-address search limit.
        .env("PLURAL_RATE_LIMITS__SEARCH", "1000000000")
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
        anyhow::ensure!(started.elapsed() < Duration::from_secs(600), "node did not become ready");
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
}

pub fn rss_kib(pid: u32) -> anyhow::Result<u64> {
    status_kib(pid, "VmRSS")
}

/// One of the kB figures of /proc/PID/status (`VmRSS`, `RssFile`…).
pub fn status_kib(pid: u32, field: &str) -> anyhow::Result<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    let line =
        status.lines().find(|l| l.strip_prefix(field).is_some_and(|r| r.starts_with(':'))).context("no field")?;
    Ok(line.split_whitespace().nth(1).context("no value")?.parse()?)
}

pub fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

/// Bytes on the wire for one URL, compressed as a browser would ask.
pub async fn wire_bytes(client: &reqwest::Client, url: &str) -> anyhow::Result<(usize, String, String)> {
    let res = client.get(url).header("accept-encoding", "br, gzip").send().await?;
    anyhow::ensure!(res.status().is_success(), "{url}: {}", res.status());
    let encoding =
        res.headers().get("content-encoding").and_then(|v| v.to_str().ok()).unwrap_or("identity").to_string();
    let body = res.bytes().await?;
    Ok((body.len(), encoding, String::from_utf8_lossy(&body).into_owned()))
}

pub fn machine() -> String {
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

/// How busy the machine was: the 1-minute load average from /proc/loadavg
/// (other engineers build on the same cores), said in words for a section.
pub fn load_note() -> String {
    let load = std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(String::from))
        .unwrap_or_else(|| "unknown".into());
    format!("load average {load} when the figures were taken")
}

/// Replace (or add) one `## <title>` section of BENCHMARKS.md.
pub fn write_section(title: &str, body: &str) -> anyhow::Result<()> {
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

/// A node made for one benchmark on one engine: `plural init` in a
/// temporary folder, on a fresh database (SQLite in the folder, or a
/// PostgreSQL database `name` made on the server), and a connection to it
/// for setting up what the benchmark needs before the node is served.
pub struct FreshNode {
    /// Held so the folder lives until the benchmark is done.
    _dir: tempfile::TempDir,
    pub data: PathBuf,
    /// Flags that name the database to `plural serve` (none for SQLite).
    pub database_flags: Vec<String>,
    pub db: plural_store::Db,
    postgres: Option<(String, String)>,
}

impl FreshNode {
    /// `None` for PostgreSQL when no server is named.
    pub async fn make(bin: &Path, engine: &str, postgres: Option<&str>, name: &str) -> anyhow::Result<Option<Self>> {
        let dir = tempfile::tempdir_in(std::env::var("PLURAL_BENCH_TMP").unwrap_or_else(|_| "/var/tmp".into()))?;
        let Some(url) = crate::voice::fresh_database_url(engine, dir.path(), postgres, name).await? else {
            return Ok(None);
        };
        let data = dir.path().join("node");
        std::fs::create_dir_all(&data)?;
        // SQLite lives in the data folder, where `init` puts it.
        let url = if engine == "sqlite" { None } else { Some(url) };
        let flags = crate::scale::init_node(bin, &data, url.clone())?;
        let db_url = url.unwrap_or_else(|| format!("sqlite://{}", data.join("plural.db").display()));
        let db = plural_store::Db::connect(&db_url, &Default::default()).await?;
        Ok(Some(FreshNode {
            _dir: dir,
            data,
            database_flags: flags.into_iter().skip(2).collect(),
            db,
            postgres: postgres.filter(|_| engine == "postgres").map(|p| (p.to_string(), name.to_string())),
        }))
    }

    /// Serve it (`plural serve`), once the benchmark's data is in.
    pub async fn serve(&self, bin: &Path) -> anyhow::Result<Node> {
        Ok(start(bin, "serve", &self.data, &self.database_flags).await?.0)
    }

    /// Close the connection and drop a PostgreSQL database.
    pub async fn finish(self) -> anyhow::Result<()> {
        self.db.close().await;
        if let Some((admin, name)) = self.postgres {
            let admin = plural_store::Db::connect(&admin, &Default::default()).await?;
            sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(admin.writer()).await?;
            admin.close().await;
        }
        Ok(())
    }
}
