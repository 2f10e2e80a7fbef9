//! Operations: health, readiness, metrics, security headers, the stylesheet
//! budget, and the OpenAPI document kept equal to the router.

use std::collections::BTreeSet;

use reqwest::StatusCode;

use crate::both_engines;
use crate::helpers::{spawn_app, Engine};

both_engines!(health_readiness_and_metrics, every_page_has_strict_security_headers, jobs_are_retried_then_given_up);

async fn health_readiness_and_metrics(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    assert_eq!(app.text("/healthz").await, "ok");
    let res = app.get("/readyz").await;
    assert_eq!(res.status(), StatusCode::OK);
    app.get("/").await;
    let metrics = app.text("/metrics").await;
    assert!(metrics.contains("plural_http_requests_total{method=\"GET\",route=\"/\",status=\"200\"}"), "{metrics}");
    assert!(metrics.contains("plural_http_request_duration_seconds_bucket"));
    app.stop().await;
}

async fn every_page_has_strict_security_headers(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    for path in ["/", "/sign-in", "/sign-up", "/no-such-page"] {
        let res = app.get(path).await;
        let h = res.headers();
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("default-src 'none'") && !csp.contains("unsafe-inline"), "{csp}");
        assert_eq!(h["x-content-type-options"], "nosniff");
        assert_eq!(h["x-frame-options"], "DENY");
        let body = res.text().await.unwrap();
        assert!(!body.contains("<script"), "no script at all on {path}");
        assert!(!body.contains("style="), "no inline style on {path}");
        for origin in ["http://", "https://", "//"] {
            for attr in ["src=\"", "href=\""] {
                assert!(!body.contains(&format!("{attr}{origin}")), "{path} loads from another origin");
            }
        }
    }
    let res = app.get("/no-such-page").await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert!(res.text().await.unwrap().contains("Page not found"));
    app.stop().await;
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Unhandled {
    n: i64,
}

impl plural_store::jobs::Job for Unhandled {
    const KIND: &'static str = "test.unhandled";
    const MAX_ATTEMPTS: i64 = 2;
}

/// A job nobody can run is retried with backoff, then marked failed — and
/// never run by two workers at once.
async fn jobs_are_retried_then_given_up(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let db = &app.state.db;
    let id = plural_store::jobs::enqueue(db.writer(), &Unhandled { n: 1 }).await.unwrap();
    let status = || async {
        sqlx::query_as::<_, (String, i64, i64)>("SELECT status, attempts, run_at FROM jobs WHERE id = $1")
            .bind(id.to_string())
            .fetch_one(db.reader())
            .await
            .unwrap()
    };
    let mut seen = status().await;
    for _ in 0..100 {
        seen = status().await;
        if seen.1 >= 1 && seen.0 == "queued" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    assert_eq!((seen.0.as_str(), seen.1), ("queued", 1));
    assert!(seen.2 > plural_store::now() + 10, "retry is backed off");
    // Bring the retry forward; the second failure is the last.
    sqlx::query("UPDATE jobs SET run_at = 0 WHERE id = $1").bind(id.to_string()).execute(db.writer()).await.unwrap();
    for _ in 0..100 {
        seen = status().await;
        if seen.0 == "failed" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    assert_eq!((seen.0.as_str(), seen.1), ("failed", 2));
    app.stop().await;
}

/// Every API route is in the OpenAPI document and every documented
/// operation is routed: the document cannot drift from the router.
#[tokio::test]
async fn openapi_document_matches_the_router() {
    let (_, table) = {
        let routes = plural_web::routes();
        routes.into_parts()
    };
    let routed: BTreeSet<(String, String)> = table
        .iter()
        .filter(|r| r.face == plural_web::Face::Api)
        .map(|r| (r.method.as_str().to_lowercase(), r.path.to_string()))
        .collect();
    let doc = serde_json::to_value(plural_web::api::openapi::document()).unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    let mut documented = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in ["get", "post", "put", "patch", "delete"] {
            if item.get(method).is_some() {
                documented.insert((method.to_string(), path.clone()));
            }
        }
    }
    assert_eq!(routed, documented, "API routes and the OpenAPI document differ");
}

/// The two engines' migration sets must stay in step.
#[test]
fn migration_sets_are_in_step() {
    let [(_, sqlite), (_, postgres)] = plural_store::db::migration_sets();
    assert_eq!(sqlite, postgres);
    assert!(!sqlite.is_empty());
}

/// The two engines' migrations produce the same tables and columns, except
/// where each holds its full-text index: FTS5 tables on SQLite, a tsvector
/// column on PostgreSQL (migration 0006), and how each files a document
/// under its search grid cell: a near key and a second FTS5 index on SQLite,
/// a cell lexeme on PostgreSQL (migration 0011); and SQLite's series of week
/// offsets, which PostgreSQL's `generate_series` makes needless (0035).
#[tokio::test]
async fn migrated_schemas_match_on_both_engines() {
    let Some(pg) = spawn_app(Engine::Postgres).await else { return };
    let Some(lite) = spawn_app(Engine::Sqlite).await else { return };
    let sqlite_cols: BTreeSet<(String, String)> = sqlx::query_as(
        "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p
         WHERE m.type = 'table' AND m.name NOT LIKE '\\_sqlx%' ESCAPE '\\' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
           AND m.name NOT LIKE 'search\\_fts%' ESCAPE '\\' AND m.name NOT LIKE 'search\\_near%' ESCAPE '\\'
           AND m.name <> 'search_week_offsets'
           AND NOT (m.name = 'search_documents' AND p.name = 'near_key')",
    )
    .fetch_all(lite.state.db.reader())
    .await
    .unwrap()
    .into_iter()
    .collect();
    let pg_cols: BTreeSet<(String, String)> = sqlx::query_as(
        "SELECT table_name::text, column_name::text FROM information_schema.columns
         WHERE table_schema = 'public' AND table_name NOT LIKE '\\_sqlx%'
           AND NOT (table_name = 'search_documents' AND column_name IN ('words', 'near_cell'))",
    )
    .fetch_all(pg.state.db.reader())
    .await
    .unwrap()
    .into_iter()
    .collect();
    assert!(sqlite_cols.len() > 50);
    assert_eq!(sqlite_cols, pg_cols);
    pg.stop().await;
    lite.stop().await;
}

/// Two `plural serve` processes on one PostgreSQL database: a session made
/// through one is good on the other, rate limits are shared, and each queued
/// email is sent exactly once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_processes_share_sessions_limits_and_jobs() {
    use crate::helpers::{spawn_app_with, Options};
    let Some(app) = spawn_app_with(Engine::Postgres, Options { tune: |c| c.rate_limits.magic_link = 6 }).await else {
        return;
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let second_base = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
    let mut config = app.config.clone();
    config.base_url = app.base.clone();
    let second = plural_web::App::build_on(config, app.key.clone(), listener).await.unwrap();
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(second.run_until_stopped(async move {
        let _ = stop_rx.await;
    }));

    app.sign_up("Lena", "lena@example.org").await;
    // Cookies belong to the host, not the port: the same browser, other process.
    let page = app.client.get(format!("{second_base}/")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Sign out"), "the session is good on the second process");

    // Magic-link requests alternate between processes; the shared limit of 6
    // per window holds across both.
    let mut statuses = Vec::new();
    for i in 0..8 {
        let base = if i % 2 == 0 { &app.base } else { &second_base };
        let res = crate::helpers::post_form_as(
            &app.client,
            &app.jar,
            base,
            "/sign-in/email",
            &[("link_email", &format!("person{i}@example.org"))],
        )
        .await;
        statuses.push(res.status().as_u16());
    }
    assert_eq!(statuses.iter().filter(|s| **s == 200).count(), 6, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == 429).count(), 2, "{statuses:?}");

    // Six emails queued; both processes' workers poll; each is sent once.
    let mail = app.wait_for_mail(6).await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let mail_after = app.smtp.all();
    assert_eq!(mail_after.len(), 6, "no email sent twice");
    let mut recipients: Vec<String> = mail.iter().flat_map(|m| m.to.clone()).collect();
    recipients.sort();
    recipients.dedup();
    assert_eq!(recipients.len(), 6);
    let _ = stop_tx.send(());
    server.await.unwrap().unwrap();
    app.stop().await;
}

/// The OpenAPI document passes an independent validator
/// (`openapi-spec-validator` from PyPI, which `.ci/run` installs).
#[test]
fn openapi_document_passes_the_standard_validator() {
    let has_validator = std::process::Command::new("python3")
        .args(["-c", "import openapi_spec_validator"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_validator {
        assert!(
            std::env::var("PLURAL_REQUIRE_VALIDATORS").as_deref() != Ok("1"),
            "PLURAL_REQUIRE_VALIDATORS=1 but openapi-spec-validator is not installed"
        );
        eprintln!("notice: openapi-spec-validator (pip) is not installed; skipping the OpenAPI validation");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("openapi.json");
    std::fs::write(&path, plural_web::api::openapi::document().to_pretty_json().unwrap()).unwrap();
    let out = std::process::Command::new("python3").args(["-m", "openapi_spec_validator"]).arg(&path).output().unwrap();
    assert!(out.status.success(), "{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
}

/// Every schema name means one schema: utoipa's merge keeps the first of two
/// same-named schemas, which described the timebank's entries, poll rounds,
/// budget stages and voice reports with other features' schemas
/// (schemathesis found these).
#[test]
fn openapi_schema_names_are_unique_across_features() {
    assert_eq!(plural_web::api::openapi::schema_name_clashes(), Vec::<String>::new());
    let doc = serde_json::to_value(plural_web::api::openapi::document()).unwrap();
    let schemas = &doc["components"]["schemas"];
    assert!(schemas["TimebankEntryView"]["properties"]["minutes"].is_object(), "{}", schemas["TimebankEntryView"]);
    assert!(schemas["BudgetStageView"]["properties"]["stage"].is_object());
}

/// Errors are documented as they are sent: problem documents, including the
/// ones the extractors give before a handler runs (schemathesis found 400,
/// 404 and 415 undocumented and every error typed `application/json`).
#[test]
fn openapi_errors_are_problem_documents() {
    let doc = serde_json::to_value(plural_web::api::openapi::document()).unwrap();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let responses = op["responses"].as_object().unwrap();
            for (status, response) in responses {
                if let (true, Some(content)) = (status.starts_with(['4', '5']), response["content"].as_object()) {
                    assert!(!content.contains_key("application/json"), "{method} {path} {status}");
                }
            }
            assert!(responses.contains_key("400"), "{method} {path}");
            if op.get("requestBody").is_some() {
                assert!(responses.contains_key("415"), "{method} {path}");
            }
        }
    }
}

/// Under an https base URL the node asks browsers to keep to https; over
/// plain http (a local node) it does not.
#[tokio::test]
async fn https_nodes_send_strict_transport_security() {
    use crate::helpers::{spawn_app_with, Options};
    let app = spawn_app_with(Engine::Sqlite, Options { tune: |c| c.base_url = "https://commons.example.org".into() })
        .await
        .unwrap();
    let res = app.get("/").await;
    assert_eq!(res.headers()["strict-transport-security"], "max-age=31536000");
    app.stop().await;
    let app = spawn_app(Engine::Sqlite).await.unwrap();
    assert!(app.get("/").await.headers().get("strict-transport-security").is_none());
    app.stop().await;
}
