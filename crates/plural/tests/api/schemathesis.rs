//! API fuzzing: schemathesis (PyPI, pinned in
//! `tests/schemathesis/requirements.txt`) reads `/api/v1/openapi.json` of a
//! node seeded with the demo content and sends generated requests — valid
//! and invalid — to every operation, as a resident with a read and write
//! token and, for `/api/v1/admin`, as the node admin. Any 5xx, or any
//! response the document does not describe (status, content type, headers,
//! body schema), fails the test.
//!
//! Skipped with a notice when `st` is not installed, unless
//! `PLURAL_REQUIRE_VALIDATORS=1` (CI sets it). `PLURAL_TEST_SCHEMATHESIS_EXAMPLES`
//! raises the number of cases per operation for a long run.

use std::process::Command;

use crate::helpers::{spawn_app, Engine};

/// What every response is checked for. Left out: `positive_data_acceptance`
/// and `negative_data_rejection` (the document gives field types, not the
/// rules a handler checks with the database, e.g. that a place exists or a
/// date is in the future, so schema-valid requests are rightly refused
/// with 404/409/422), and the stateful checks (`use_after_free`,
/// `ensure_resource_availability`, `ignored_auth`), which need links between
/// operations the document does not declare.
const CHECKS: &str = "not_a_server_error,status_code_conformance,content_type_conformance,\
                      response_headers_conformance,response_schema_conformance";

/// Operations that would end the fuzzing session itself: deleting the
/// account, signing out everywhere and revoking tokens take the token away
/// (each has its own integration tests in account.rs and auth.rs).
const DESTRUCTIVE: &str = "^/api/v1/me(/sign-out-everywhere|/tokens/\\{id\\})?$";

fn schemathesis_version() -> Option<String> {
    let out = Command::new("st").arg("--version").output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

async fn token(app: &crate::helpers::TestApp, email: &str) -> String {
    let body = serde_json::json!({
        "email": email, "password": plural::demo::DEMO_PASSWORD, "name": "schemathesis", "scopes": ["read", "write"]
    });
    let res = app.client.post(app.url("/api/v1/tokens")).json(&body).send().await.unwrap();
    assert_eq!(res.status(), reqwest::StatusCode::CREATED);
    res.json::<serde_json::Value>().await.unwrap()["token"].as_str().unwrap().to_string()
}

/// Run `st run` against the node; its report goes to the test's output.
async fn st_run(base: &str, token: &str, filter: [&str; 2]) -> bool {
    let examples = std::env::var("PLURAL_TEST_SCHEMATHESIS_EXAMPLES").unwrap_or_else(|_| "10".into());
    let args: Vec<String> = [
        "run",
        &format!("{base}/api/v1/openapi.json"),
        "--header",
        &format!("Authorization: Bearer {token}"),
        "--checks",
        CHECKS,
        filter[0],
        filter[1],
        "--max-examples",
        &examples,
        "--phases",
        "examples,coverage,fuzzing",
        "--seed",
        "8",
        "--workers",
        "2",
        "--request-timeout",
        "30",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    let out =
        tokio::task::spawn_blocking(move || Command::new("st").args(&args).output()).await.unwrap().expect("run st");
    println!("{}", String::from_utf8_lossy(&out.stdout));
    eprintln!("{}", String::from_utf8_lossy(&out.stderr));
    out.status.success()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn schemathesis_finds_no_server_error_and_no_response_outside_the_document() {
    let Some(version) = schemathesis_version() else {
        assert!(
            std::env::var("PLURAL_REQUIRE_VALIDATORS").as_deref() != Ok("1"),
            "PLURAL_REQUIRE_VALIDATORS=1 but schemathesis (`st`) is not installed"
        );
        eprintln!("notice: schemathesis is not installed (pip install -r tests/schemathesis/requirements.txt); skipping the API fuzzing");
        return;
    };
    println!("{version}");
    let app = spawn_app(Engine::Sqlite).await.unwrap();
    plural::demo::seed(&app.state.db, &app.key).await.unwrap();
    let resident = token(&app, "kwame@demo.plural.test").await;
    let admin = token(&app, plural::demo::DEMO_ADMIN).await;

    let not_admin = format!("{DESTRUCTIVE}|^/api/v1/admin/");
    let resident_ok = st_run(&app.base, &resident, ["--exclude-path-regex", &not_admin]).await;
    let admin_ok = st_run(&app.base, &admin, ["--include-path-regex", "^/api/v1/admin/"]).await;
    assert!(resident_ok, "schemathesis found failures as a resident (report above)");
    assert!(admin_ok, "schemathesis found failures as the node admin (report above)");
    app.stop().await;
}
