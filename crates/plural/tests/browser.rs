//! The node in a real browser: starts a demo node on a free port and runs
//! `tests/browser/run.mjs` against it (headless Chromium driven by
//! playwright-core, every page scanned with axe-core).
//!
//! Skipped with a notice when Chromium, Node.js or `tests/browser/node_modules`
//! is missing, unless `PLURAL_REQUIRE_BROWSER=1` (CI sets it), which makes a
//! missing piece a failure.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use plural_store::NodeKey;
use plural_web::Config;
use tokio::net::TcpListener;

/// Where the browser is; `PLURAL_CHROMIUM` overrides (run.mjs reads it too).
fn chromium_path() -> PathBuf {
    std::env::var_os("PLURAL_CHROMIUM").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"))
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("repository root")
}

fn node_available() -> bool {
    Command::new("node")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Why the browser tests cannot run here, if they cannot.
fn missing_piece(browser_dir: &Path) -> Option<String> {
    let chromium = chromium_path();
    if !chromium.exists() {
        return Some(format!("Chromium is not at {} (apt-get install chromium)", chromium.display()));
    }
    if !node_available() {
        return Some("`node` is not on PATH (apt-get install nodejs npm)".into());
    }
    if !browser_dir.join("node_modules/playwright-core").exists() || !browser_dir.join("node_modules/axe-core").exists()
    {
        return Some(format!("{}/node_modules is missing (run `npm ci` there)", browser_dir.display()));
    }
    None
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn flows_in_headless_chromium_pass_accessibility_scans() {
    let browser_dir = repo_root().join("tests/browser");
    if let Some(why) = missing_piece(&browser_dir) {
        if std::env::var("PLURAL_REQUIRE_BROWSER").is_ok_and(|v| v == "1") {
            panic!("PLURAL_REQUIRE_BROWSER=1 but the browser tests cannot run: {why}");
        }
        eprintln!("notice: skipping the browser tests: {why}");
        return;
    }

    let dir = tempfile::tempdir().expect("tempdir");
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let base = format!("http://127.0.0.1:{port}");
    let mut config = Config {
        base_url: base.clone(),
        bind: format!("127.0.0.1:{port}"),
        data_dir: dir.path().to_path_buf(),
        database_url: format!("sqlite://{}", dir.path().join("plural.db").display()),
        ..Config::default()
    };
    config.mail.transport = "log".into();
    // The browser steps browse this node's own blueprint catalogue, on loopback.
    config.federation.allow_loopback = true;
    config.rate_limits.sign_in = 1000;
    config.rate_limits.sign_up = 1000;
    config.rate_limits.magic_link = 1000;
    let key = NodeKey::from_secret(&NodeKey::generate_secret()).expect("key");
    let app = plural_web::App::build_on(config, key.clone(), listener).await.expect("build app");
    // Demo places and groups, so pages show lists and cards, not only empty states.
    plural::demo::seed(&app.state().db, &key).await.expect("seed demo content");
    plural::demo_blueprints::seed_adoptions(app.state()).await.expect("seed demo adoptions");
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(app.run_until_stopped(async move {
        let _ = stop_rx.await;
    }));

    let script_dir = browser_dir.clone();
    let target = base.clone();
    let output = tokio::task::spawn_blocking(move || {
        Command::new("node")
            .arg("run.mjs")
            .arg(&target)
            .current_dir(&script_dir)
            .env("PLURAL_BROWSER_ADMIN_EMAIL", plural::demo::DEMO_ADMIN)
            .env("PLURAL_BROWSER_ADMIN_PASSWORD", plural::demo::DEMO_PASSWORD)
            .output()
    })
    .await
    .expect("join")
    .expect("run node tests/browser/run.mjs");

    println!("{}", String::from_utf8_lossy(&output.stdout));
    eprintln!("{}", String::from_utf8_lossy(&output.stderr));

    let _ = stop_tx.send(());
    server.await.expect("join").expect("server stopped cleanly");
    assert!(output.status.success(), "the browser tests failed ({}); see the output above", output.status);
}
