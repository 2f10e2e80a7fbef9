//! OpenActive: the RPDE feeds walked page by page to the end while events
//! are edited, unpublished, cancelled and created in between; the dataset
//! site and its JSON-LD; bad paging parameters; the daily roll of the
//! session window and the pruning of old deletions.

use std::collections::HashMap;

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::both_engines;
use crate::helpers::{location, spawn_app_with, Engine, Options, TestApp};

both_engines!(
    series_feed_walked_with_changes_between_pages,
    sessions_feed_walked_with_changes_between_pages,
    dataset_site_and_bad_parameters
);

const SERIES: &str = "/openactive/rpde/session-series";
const SESSIONS: &str = "/openactive/rpde/scheduled-sessions";

fn day(days: i64) -> String {
    (chrono::Utc::now() + chrono::Duration::days(days)).format("%Y-%m-%d").to_string()
}

/// A node whose feed pages hold three items, so a handful of events spans pages.
async fn small_pages(engine: Engine) -> Option<TestApp> {
    spawn_app_with(engine, Options { tune: |c| c.rpde_page_size = 3 }).await
}

/// A place, a group, and its owner's token.
async fn setup(app: &TestApp) -> String {
    app.place("riverside", "Riverside").await;
    app.sign_up("Olu", "owner@example.org").await;
    let token = app.token_for("owner@example.org", &["read", "write"]).await;
    let res = app
        .api_send(
            Method::POST,
            &token,
            "/api/v1/groups",
            json!({"name": "Riverside Food Share", "slug": "food-share", "kind": "community_group", "place": "riverside", "join_policy": "open"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    token
}

async fn create(app: &TestApp, token: &str, title: &str, repeat: &str, days: i64, publish: bool) -> Value {
    let body = json!({"group": "food-share", "publish": publish, "title": title, "venue": "St Mark's hall",
        "address": "1 Church Road", "postcode": "SW9 1AA", "lat": 51.46, "lon": -0.11,
        "date": day(days), "start_time": "10:00", "end_time": "11:30", "repeat": repeat, "is_free": true, "capacity": 20});
    let res = app.api_send(Method::POST, token, "/api/v1/events", body).await;
    let status = res.status();
    let body: Value = res.json().await.unwrap();
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body
}

async fn patch(app: &TestApp, token: &str, id: &str, body: Value) {
    let res = app.api_send(Method::PATCH, token, &format!("/api/v1/events/{id}"), body).await;
    assert_eq!(res.status(), StatusCode::OK);
}

async fn cancel(app: &TestApp, token: &str, id: &str, body: Value) {
    let res = app.api_send(Method::POST, token, &format!("/api/v1/events/{id}/cancel"), body).await;
    assert_eq!(res.status(), StatusCode::OK);
}

/// A consumer of one feed: where it is, and the latest state of every item it has read.
struct Consumer {
    url: String,
    last: Option<(i64, String)>,
    items: HashMap<String, Value>,
    pages: usize,
}

impl Consumer {
    fn new(app: &TestApp, path: &str) -> Self {
        Consumer { url: app.url(path), last: None, items: HashMap::new(), pages: 0 }
    }

    /// Read one page; true when it was the last (empty, naming itself as next).
    async fn step(&mut self, app: &TestApp) -> bool {
        let res = app.client.get(&self.url).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(res.headers()["content-type"], "application/json");
        assert_eq!(res.headers()["access-control-allow-origin"], "*");
        let cache = res.headers()["cache-control"].to_str().unwrap().to_string();
        let page: Value = res.json().await.unwrap();
        assert_eq!(page["license"], "https://creativecommons.org/licenses/by/4.0/");
        let items = page["items"].as_array().unwrap();
        let next = page["next"].as_str().unwrap().to_string();
        self.pages += 1;
        if items.is_empty() {
            assert_eq!(next, self.url, "the last page repeats its own URL");
            assert_eq!(cache, "public, max-age=8");
            return true;
        }
        assert_eq!(cache, "public, max-age=3600");
        for item in items {
            let key = (item["modified"].as_i64().unwrap(), item["id"].as_str().unwrap().to_string());
            if let Some(last) = &self.last {
                assert!(key > *last, "items strictly ordered by (modified, id): {key:?} after {last:?}");
            }
            match item["state"].as_str().unwrap() {
                "updated" => assert!(item["data"].is_object()),
                "deleted" => assert!(item.get("data").is_none(), "a deleted item has no data"),
                other => panic!("state {other}"),
            }
            self.items.insert(key.1.clone(), item.clone());
            self.last = Some(key);
        }
        let (modified, id) = self.last.clone().unwrap();
        assert_eq!(next, format!("{}?afterTimestamp={modified}&afterId={id}", self.url.split('?').next().unwrap()));
        self.url = next;
        false
    }

    async fn read_to_the_end(&mut self, app: &TestApp) {
        for _ in 0..1000 {
            if self.step(app).await {
                return;
            }
        }
        panic!("the feed did not end");
    }

    fn live(&self, id: &str) -> &Value {
        let item = self.items.get(id).unwrap_or_else(|| panic!("{id} was in the feed"));
        assert_eq!(item["state"], "updated", "{id} is live: {item}");
        &item["data"]
    }

    fn deleted(&self, id: &str) -> bool {
        self.items.get(id).is_some_and(|i| i["state"] == "deleted")
    }
}

async fn series_feed_walked_with_changes_between_pages(engine: Engine) {
    let Some(app) = small_pages(engine).await else { return };
    let token = setup(&app).await;
    let weekly = create(&app, &token, "Thursday food share", "weekly", 2, true).await;
    let mut ids = vec![weekly["id"].as_str().unwrap().to_string()];
    for (i, title) in ["Harvest meal", "Seed swap", "Litter pick", "Repair café"].iter().enumerate() {
        ids.push(create(&app, &token, title, "none", 3 + i as i64, true).await["id"].as_str().unwrap().to_string());
    }
    let draft = create(&app, &token, "Not ready yet", "none", 9, false).await["id"].as_str().unwrap().to_string();

    let mut feed = Consumer::new(&app, SERIES);
    assert!(!feed.step(&app).await);
    assert_eq!(feed.items.len(), 3);
    // Between pages: an edit to an item already read, one unpublished, one
    // cancelled, a new one, and a draft published.
    patch(&app, &token, &ids[0], json!({"title": "Thursday food share and café"})).await;
    patch(&app, &token, &ids[1], json!({"publish": false})).await;
    cancel(&app, &token, &ids[3], json!({})).await;
    let late = create(&app, &token, "Winter warm space", "weekly", 6, true).await["id"].as_str().unwrap().to_string();
    assert!(!feed.step(&app).await);
    patch(&app, &token, &draft, json!({"publish": true})).await;
    feed.read_to_the_end(&app).await;
    assert!(feed.pages >= 4, "{} pages", feed.pages);

    let first = feed.live(&ids[0]);
    assert_eq!(first["@type"], "SessionSeries");
    assert_eq!(first["@context"], "https://openactive.io/");
    assert_eq!(first["name"], "Thursday food share and café", "the latest state");
    assert_eq!(first["@id"], app.url(&format!("/events/{}", ids[0])));
    assert_eq!(first["organizer"]["name"], "Riverside Food Share");
    assert_eq!(first["location"]["address"]["postalCode"], "SW9 1AA");
    assert_eq!(first["location"]["geo"]["latitude"], 51.46);
    assert_eq!(first["duration"], "PT1H30M");
    assert_eq!(first["offers"][0]["price"], 0);
    assert_eq!(first["maximumAttendeeCapacity"], 20);
    assert_eq!(feed.items[&ids[0]]["kind"], "SessionSeries");
    assert!(feed.deleted(&ids[1]), "unpublished: deleted");
    feed.live(&ids[3]);
    feed.live(&late);
    assert_eq!(feed.live(&draft)["name"], "Not ready yet");
    assert_eq!(feed.items.len(), 7);

    // Polling the last page finds later changes, and only those.
    let end = feed.url.clone();
    assert!(feed.step(&app).await, "nothing new");
    let res =
        app.api_send(Method::PATCH, &token, "/api/v1/groups/food-share", json!({"name": "Riverside Food Bank"})).await;
    assert_eq!(res.status(), StatusCode::OK);
    patch(&app, &token, &ids[2], json!({"title": "Seed and plant swap"})).await;
    feed.items.clear();
    feed.read_to_the_end(&app).await;
    assert_ne!(feed.url, end);
    assert_eq!(feed.live(&ids[2])["name"], "Seed and plant swap");
    // The renamed organiser restamps the group's public events, and only those.
    assert_eq!(feed.live(&ids[0])["organizer"]["name"], "Riverside Food Bank");
    assert_eq!(feed.items.len(), 6, "{:?}", feed.items.keys());
    app.stop().await;
}

async fn sessions_feed_walked_with_changes_between_pages(engine: Engine) {
    let Some(app) = small_pages(engine).await else { return };
    let token = setup(&app).await;
    let weekly = create(&app, &token, "Thursday food share", "weekly", 2, true).await;
    let id = weekly["id"].as_str().unwrap().to_string();
    let dates: Vec<i64> =
        weekly["next"].as_array().unwrap().iter().map(|o| o["original_starts_at"].as_i64().unwrap()).collect();
    let meal = create(&app, &token, "Harvest meal", "none", 4, true).await;
    let meal_id = meal["id"].as_str().unwrap().to_string();
    let swap = create(&app, &token, "Seed swap", "none", 5, true).await;
    let swap_id = swap["id"].as_str().unwrap().to_string();
    let session = |event: &str, at: i64| format!("{event}-{at}");

    let mut feed = Consumer::new(&app, SESSIONS);
    assert!(!feed.step(&app).await);
    // Between pages: one date cancelled, one moved, one event unpublished, one cancelled outright.
    cancel(&app, &token, &id, json!({"occurrence": dates[1]})).await;
    let res = app
        .post_form(
            &format!("/events/{id}/occurrences/{}", dates[2]),
            &[("change", "move"), ("date", &day(17)), ("start_time", "14:00"), ("end_time", "16:00")],
        )
        .await;
    assert_eq!(location(&res), format!("/events/{id}?notice=event-occurrence-moved"));
    assert!(!feed.step(&app).await);
    patch(&app, &token, &swap_id, json!({"publish": false})).await;
    cancel(&app, &token, &meal_id, json!({})).await;
    feed.read_to_the_end(&app).await;

    let weekly_sessions = feed.items.keys().filter(|k| k.starts_with(&id)).count();
    assert!((50..=54).contains(&weekly_sessions), "{weekly_sessions} weekly dates in a year");
    let first = feed.live(&session(&id, dates[0]));
    assert_eq!(first["@type"], "ScheduledSession");
    assert_eq!(first["superEvent"], app.url(&format!("/events/{id}")));
    assert_eq!(first["eventStatus"], "https://schema.org/EventScheduled");
    assert_eq!(first["duration"], "PT1H30M");
    assert!(
        first["startDate"].as_str().unwrap().ends_with(":00+00:00")
            || first["startDate"].as_str().unwrap().ends_with(":00+01:00")
    );
    assert_eq!(feed.live(&session(&id, dates[1]))["eventStatus"], "https://schema.org/EventCancelled");
    let moved = feed.live(&session(&id, dates[2]));
    assert_eq!(moved["eventStatus"], "https://schema.org/EventRescheduled");
    assert!(moved["startDate"].as_str().unwrap().starts_with(&format!("{}T14:00:00", day(17))), "{moved}");
    assert_eq!(moved["duration"], "PT2H");
    let meal_at = meal["next"][0]["original_starts_at"].as_i64().unwrap();
    assert_eq!(feed.live(&session(&meal_id, meal_at))["eventStatus"], "https://schema.org/EventCancelled");
    let swap_at = swap["next"][0]["original_starts_at"].as_i64().unwrap();
    assert!(feed.deleted(&session(&swap_id, swap_at)), "an unpublished event's session is deleted");

    // Time passes: the daily roll drops dates that have ended and lists new
    // ones coming within the year; consumers see both from where they stopped.
    let now = plural_store::now();
    let later = now + 15 * 86400;
    let rolled = plural_store::openactive::roll_due(&app.state.db, later, 100).await.unwrap();
    assert!(rolled >= 1);
    feed.items.clear();
    feed.read_to_the_end(&app).await;
    assert!(feed.deleted(&session(&id, dates[0])), "an ended date leaves the feed");
    assert!(feed.deleted(&session(&meal_id, meal_at)));
    let added = feed.items.values().filter(|i| i["state"] == "updated").count();
    assert!((1..=3).contains(&added), "new dates at the end of the year: {added}");

    // Deleted items are kept at least 7 days, then pruned: first the series
    // and session of the event unpublished today, later the dates rolled out.
    let prune = |at: i64| plural_store::openactive::prune_deleted(&app.state.db, at);
    assert_eq!(prune(now + 7 * 86400).await.unwrap(), 0);
    assert_eq!(prune(now + 9 * 86400).await.unwrap(), 2);
    assert!(prune(later + 9 * 86400).await.unwrap() >= 3);
    app.stop().await;
}

async fn dataset_site_and_bad_parameters(engine: Engine) {
    let Some(app) = small_pages(engine).await else { return };
    let token = setup(&app).await;
    create(&app, &token, "Thursday food share", "weekly", 2, true).await;

    let res = app.get("/openactive").await;
    assert_eq!(res.status(), StatusCode::PERMANENT_REDIRECT);
    assert_eq!(location(&res), "/openactive/");
    let html = app.text("/openactive/").await;
    assert!(html.contains("Open data: events and activities"));
    assert!(html.contains("Nothing about people is in it"));
    let start = html.find("<script type=\"application/ld+json\">").unwrap() + 35;
    let end = start + html[start..].find("</script>").unwrap();
    let dataset: Value = serde_json::from_str(&html[start..end]).unwrap();
    assert_eq!(dataset["@type"], "Dataset");
    assert_eq!(dataset["license"], "https://creativecommons.org/licenses/by/4.0/");
    assert!(dataset["dateModified"].is_string());
    let distribution = dataset["distribution"].as_array().unwrap();
    let urls: Vec<&str> = distribution.iter().map(|d| d["contentUrl"].as_str().unwrap()).collect();
    assert_eq!(urls, [app.url(SERIES), app.url(SESSIONS)]);
    for d in distribution {
        assert_eq!(d["@type"], "DataDownload");
        assert_eq!(d["encodingFormat"], "application/vnd.openactive.rpde+json; version=1");
        let page: Value = app.client.get(d["contentUrl"].as_str().unwrap()).send().await.unwrap().json().await.unwrap();
        assert_eq!(page["items"][0]["kind"], d["identifier"]);
    }
    // The site is linked from every page's footer, in every language.
    assert!(app.text("/events").await.contains("href=\"/openactive/\""));

    for (query, field) in [
        ("afterTimestamp=soon&afterId=x", "afterTimestamp"),
        ("afterTimestamp=-3&afterId=x", "afterTimestamp"),
        ("afterTimestamp=3", "afterId"),
        ("afterId=x", "afterTimestamp"),
    ] {
        let res = app.get(&format!("{SESSIONS}?{query}")).await;
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(res.headers()["content-type"], "application/problem+json");
        let problem: Value = res.json().await.unwrap();
        assert_eq!(problem["errors"][0]["field"], field, "{query}: {problem}");
        assert!(problem["detail"].as_str().unwrap().contains(field));
    }
    app.stop().await;
}
