//! `plural import hsds` then `plural export`: the exported directory is valid
//! HSDS and holds what was imported; the events file is iCalendar.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use reqwest::StatusCode;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use serde_json::Value;

use crate::both_engines;
use crate::directory::{assert_paged, hsds_schema_dir, Schemas};
use crate::helpers::{spawn_app, spawn_app_with, Engine, Options, TestApp};

both_engines!(
    imported_services_export_as_valid_hsds,
    ical_subscription_follows_a_real_feed,
    imports_through_the_api,
    ical_subscriptions_refuse_internal_addresses
);

async fn imported_services_export_as_valid_hsds(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let db = &app.state.db;
    app.place("brixton", "Brixton").await;
    let examples = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/standards/hsds-3.0/examples");
    let report = plural::import_hsds::import(db, &examples, "brixton", false).await.unwrap();
    assert_eq!(report.services_created, 1, "{report}");

    let out = tempfile::tempdir().unwrap();
    let exported = plural::export::export(&app.state, "brixton", out.path()).await.unwrap();
    assert_eq!(exported.services, 1);
    let page: Value = serde_json::from_str(&std::fs::read_to_string(&exported.services_file).unwrap()).unwrap();
    let schemas = Schemas { dir: hsds_schema_dir() };
    let contents = assert_paged(&page, &schemas.validator("compiled/service.json"), "exported services");
    assert_eq!(contents[0]["name"], "Community Counselling");
    assert_eq!(contents[0]["organization"]["name"], "Example Organization Inc.");
    assert_eq!(contents[0]["languages"][0]["code"], "ur");
    let ics = std::fs::read_to_string(&exported.events_file).unwrap();
    assert!(ics.starts_with("BEGIN:VCALENDAR") && ics.trim_end().ends_with("END:VCALENDAR"), "{ics}");

    assert!(plural::export::export(&app.state, "nowhere", out.path()).await.is_err());
    app.stop().await;
}

/// A calendar server inside the test: serves `body` with `etag`, answers 304
/// to a matching If-None-Match, or fails with 500 when told to.
#[derive(Default)]
pub(crate) struct Feed {
    pub(crate) body: String,
    pub(crate) etag: String,
    pub(crate) fail: bool,
    pub(crate) not_modified: usize,
}

pub(crate) async fn serve_feed(feed: Arc<Mutex<Feed>>) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else { return };
            let feed = feed.clone();
            tokio::spawn(async move {
                let mut request = Vec::new();
                let mut buf = [0u8; 4096];
                while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                    match socket.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => request.extend_from_slice(&buf[..n]),
                    }
                }
                let request = String::from_utf8_lossy(&request).to_lowercase();
                let response = {
                    let mut f = feed.lock().unwrap();
                    let sent_etag = request.lines().find_map(|l| l.strip_prefix("if-none-match: ")).map(str::trim);
                    if f.fail {
                        "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                            .to_string()
                    } else if sent_etag == Some(f.etag.to_lowercase().as_str()) {
                        f.not_modified += 1;
                        format!("HTTP/1.1 304 Not Modified\r\nETag: {}\r\nConnection: close\r\n\r\n", f.etag)
                    } else {
                        format!(
                            "HTTP/1.1 200 OK\r\nContent-Type: text/calendar\r\nETag: {}\r\nContent-Length: {}\r\n\
                             Connection: close\r\n\r\n{}",
                            f.etag,
                            f.body.len(),
                            f.body
                        )
                    }
                };
                let _ = socket.write_all(response.as_bytes()).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    format!("http://{addr}/calendar.ics")
}

pub(crate) fn future_event(uid: &str, title: &str, days: i64) -> String {
    let day = (chrono::Utc::now() + chrono::Duration::days(days)).format("%Y%m%d");
    format!(
        "BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20260101T000000Z\r\nSUMMARY:{title}\r\n\
         DTSTART;TZID=Europe/London:{day}T190000\r\nDTEND;TZID=Europe/London:{day}T210000\r\n\
         LOCATION:Brixton Library\r\nEND:VEVENT\r\n"
    )
}

pub(crate) fn ics(events: &[String]) -> String {
    format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\n{}END:VCALENDAR\r\n", events.concat())
}

/// A node admin's token, a resident's token, and a group `brixton-readers`.
async fn setup(app: &TestApp) -> (String, String) {
    let admin = app.api_person("Amara", "amara@example.org", &["read", "write"]).await;
    app.promote("amara@example.org").await;
    let resident = app.api_person("Kwame", "kwame@example.org", &["read", "write"]).await;
    readers_group(app, "amara@example.org").await;
    (admin, resident)
}

/// The place `brixton` and its group `brixton-readers`, owned by `owner`.
pub(crate) async fn readers_group(app: &TestApp, owner: &str) {
    let place = app.place("brixton", "Brixton").await;
    let owner = app.person_id(owner).await;
    let fields = plural_store::groups::GroupFields {
        place_id: place,
        slug: "brixton-readers",
        name: "Brixton Readers",
        description: "",
        kind: plural_kernel::groups::GroupKind::Informal,
        join_policy: plural_kernel::groups::JoinPolicy::Open,
    };
    plural_store::groups::create(&app.state.db, fields, owner).await.unwrap();
}

async fn titles(app: &TestApp) -> Vec<(String, String)> {
    let all = plural_store::events::still_running(&app.state.db, Default::default(), 0, 100).await.unwrap();
    let mut out: Vec<(String, String)> = all.iter().map(|e| (e.title.clone(), e.status.as_str().to_string())).collect();
    out.sort();
    out
}

/// Wait until the subscription's last fetch is later than `after`, and return it.
pub(crate) async fn fetched_after(app: &TestApp, token: &str, after: Option<i64>) -> Value {
    for _ in 0..400 {
        let list: Value = app.api_get(token, "/api/v1/ical-subscriptions").await.json().await.unwrap();
        let s = list[0].clone();
        let at = s["last_fetched_at"].as_i64();
        if at.is_some() && at > after {
            return s;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    panic!("the subscription was not fetched");
}

async fn ical_subscription_follows_a_real_feed(engine: Engine) {
    // The feed is served on loopback, which only the test-only setting allows.
    let Some(app) = spawn_app_with(engine, Options { tune: |c| c.federation.allow_loopback = true }).await else {
        return;
    };
    let (admin, resident) = setup(&app).await;
    let feed = Arc::new(Mutex::new(Feed {
        body: ics(&[future_event("a@test", "Book swap", 10), future_event("b@test", "Poetry night", 12)]),
        etag: "\"v1\"".into(),
        ..Feed::default()
    }));
    let url = serve_feed(feed.clone()).await;

    let body = serde_json::json!({"url": url, "group": "brixton-readers"});
    let res = app.api_send(reqwest::Method::POST, &resident, "/api/v1/ical-subscriptions", body.clone()).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = app.client.get(app.url("/api/v1/ical-subscriptions")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let bad = serde_json::json!({"url": "ftp://example.org/x.ics", "group": "brixton-readers"});
    let res = app.api_send(reqwest::Method::POST, &admin, "/api/v1/ical-subscriptions", bad).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    // An interval too long to be useful is refused by name (schemathesis
    // found one that overflowed into a 500).
    let slow = serde_json::json!({"url": url, "group": "brixton-readers", "interval_minutes": i64::MAX - 1});
    let res = app.api_send(reqwest::Method::POST, &admin, "/api/v1/ical-subscriptions", slow).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert!(res.text().await.unwrap().contains("interval_minutes"));

    // Subscribing fetches at once, through the job queue.
    let res = app.api_send(reqwest::Method::POST, &admin, "/api/v1/ical-subscriptions", body).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let created: Value = res.json().await.unwrap();
    let id = created["id"].as_str().unwrap().to_string();
    assert_eq!(created["interval_minutes"], 60);
    let s = fetched_after(&app, &admin, None).await;
    assert_eq!(s["last_error"], Value::Null, "{s}");
    let want = |v: &[(&str, &str)]| v.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect::<Vec<_>>();
    assert_eq!(titles(&app).await, want(&[("Book swap", "published"), ("Poetry night", "published")]));

    // Again: the server answers 304 to our ETag and nothing changes.
    let fetch = format!("/api/v1/ical-subscriptions/{id}/fetch");
    // Fetch times are in seconds: let the clock move on, so the next fetch is told apart.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let res = app.api_send(reqwest::Method::POST, &admin, &fetch, Value::Null).await;
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    let s = fetched_after(&app, &admin, s["last_fetched_at"].as_i64()).await;
    assert_eq!(feed.lock().unwrap().not_modified, 1, "If-None-Match was sent and honoured");
    assert_eq!(titles(&app).await, want(&[("Book swap", "published"), ("Poetry night", "published")]));

    // The feed changes: one event updated, one gone, one new.
    {
        let mut f = feed.lock().unwrap();
        f.body = ics(&[future_event("a@test", "Book swap and tea", 10), future_event("c@test", "Zine fair", 14)]);
        f.etag = "\"v2\"".into();
    }
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    app.api_send(reqwest::Method::POST, &admin, &fetch, Value::Null).await;
    let s = fetched_after(&app, &admin, s["last_fetched_at"].as_i64()).await;
    let wanted = [("Book swap and tea", "published"), ("Poetry night", "cancelled"), ("Zine fair", "published")];
    assert_eq!(titles(&app).await, want(&wanted));
    let report = s["last_report"].as_str().unwrap();
    assert!(report.contains("cancelled (gone from the feed): 1"), "{report}");

    // A failing server: the error is shown, retried later, and nothing is removed.
    feed.lock().unwrap().fail = true;
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    app.api_send(reqwest::Method::POST, &admin, &fetch, Value::Null).await;
    let s = fetched_after(&app, &admin, s["last_fetched_at"].as_i64()).await;
    assert!(s["last_error"].as_str().unwrap().contains("500"), "{s}");
    assert_eq!(titles(&app).await, want(&wanted));

    // Due subscriptions are claimed once: a second claim finds nothing.
    // Two claims of ours race the node's own worker loop: exactly one fetch is queued.
    let fetch_jobs = || async {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM jobs WHERE kind = 'ical.fetch'")
            .fetch_one(app.state.db.reader())
            .await
            .unwrap();
        n
    };
    let before = fetch_jobs().await;
    sqlx::query("UPDATE ical_subscriptions SET next_fetch_at = 0").execute(app.state.db.writer()).await.unwrap();
    let claim = || {
        plural_store::subscriptions::claim_due(&app.state.db, plural_store::now(), 10, |id| {
            plural_web::imports::subscriptions::FetchSubscription { id: id.to_string() }
        })
    };
    let (first, second) = tokio::join!(claim(), claim());
    assert!(first.unwrap() + second.unwrap() <= 1);
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(fetch_jobs().await - before, 1);

    let res =
        app.api_send(reqwest::Method::DELETE, &admin, &format!("/api/v1/ical-subscriptions/{id}"), Value::Null).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let list: Value = app.api_get(&admin, "/api/v1/ical-subscriptions").await.json().await.unwrap();
    assert_eq!(list, serde_json::json!([]));
    assert_eq!(titles(&app).await.len(), 3, "removing a subscription keeps its events");
    app.stop().await;
}

async fn imports_through_the_api(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let (admin, resident) = setup(&app).await;
    let post = |token: &str, path: &str, body: String| {
        app.client.post(app.url(path)).bearer_auth(token.to_string()).body(body).send()
    };
    let calendar = ics(&[future_event("x@test", "Author talk", 5)]);
    let res = post(&resident, "/api/v1/imports/ical?group=brixton-readers", calendar.clone()).await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    let res = post(&admin, "/api/v1/imports/ical?group=brixton-readers", calendar.clone()).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let report: Value = res.json().await.unwrap();
    assert_eq!((report["taken"].as_u64(), report["refused"].as_array().map(Vec::len)), (Some(1), Some(0)));
    let again: Value =
        post(&admin, "/api/v1/imports/ical?group=brixton-readers", calendar).await.unwrap().json().await.unwrap();
    assert_eq!((again["taken"].as_u64(), again["unchanged"].as_u64()), (Some(0), Some(1)));

    let res = post(&admin, "/api/v1/imports/ical?group=brixton-readers", "BEGIN:VCALENDAR\r\nBEGIN:VEVENT".into())
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let problem: Value = res.json().await.unwrap();
    assert_eq!(problem["code"], "import-refused");

    let csv =
        std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/examples/services.csv"))
            .unwrap();
    let report: Value =
        post(&admin, "/api/v1/imports/csv?kind=services&place=brixton", csv).await.unwrap().json().await.unwrap();
    assert_eq!(report["taken"], 5, "{report}");
    let res = post(&admin, "/api/v1/imports/csv?kind=services&place=brixton", "id,title\n1,x\n".into()).await.unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let problem: Value = res.json().await.unwrap();
    assert!(problem["detail"].as_str().unwrap().contains("unknown column(s): title"), "{problem}");

    let hsds = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/standards/hsds-3.0/examples/service_full.json"),
    )
    .unwrap();
    let report: Value = post(&admin, "/api/v1/imports/hsds?place=brixton", hsds).await.unwrap().json().await.unwrap();
    assert_eq!(report["taken"], 2, "{report}");
    app.stop().await;
}

/// A calendar subscription must not make the node read its own network:
/// loopback, private, link-local (cloud metadata) and `localhost` addresses
/// are refused with a message, and nothing is stored.
async fn ical_subscriptions_refuse_internal_addresses(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let (admin, _) = setup(&app).await;
    let feed = Arc::new(Mutex::new(Feed { body: ics(&[future_event("a@test", "Book swap", 10)]), ..Feed::default() }));
    let local_feed = serve_feed(feed).await;
    for url in [
        local_feed.as_str(),
        "http://localhost/calendar.ics",
        "http://10.1.2.3/calendar.ics",
        "http://192.168.1.1/calendar.ics",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]/calendar.ics",
    ] {
        let body = serde_json::json!({"url": url, "group": "brixton-readers"});
        let res = app.api_send(reqwest::Method::POST, &admin, "/api/v1/ical-subscriptions", body).await;
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{url}");
        let text = res.text().await.unwrap();
        assert!(text.contains("private or local network"), "{url}: {text}");
    }
    let list: Value = app.api_get(&admin, "/api/v1/ical-subscriptions").await.json().await.unwrap();
    assert_eq!(list.as_array().map(Vec::len), Some(0), "nothing stored: {list}");
    app.stop().await;
}
