//! A place's home: what's on this week (cancelled marked, drafts and later
//! dates left out), the newest services, and content of the places within it;
//! and the events and services listings after their loads were batched.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::both_engines;
use crate::helpers::{spawn_app, spawn_app_with, Engine, Options, TestApp};

both_engines!(
    place_home_shows_this_week_and_new_services,
    listings_show_every_part_after_batching,
    a_busy_week_crowds_out_neither_one_offs_nor_series,
    long_running_series_do_not_crowd_out_one_offs,
    anonymous_readers_share_a_copy_that_writes_renew,
    copies_of_a_place_home_last_only_their_time
);

fn day(days: i64) -> String {
    (chrono::Utc::now() + chrono::Duration::days(days)).format("%Y-%m-%d").to_string()
}

async fn created(app: &TestApp, token: &str, path: &str, body: Value) -> String {
    let res = app.api_send(Method::POST, token, path, body).await;
    let status = res.status();
    let v: Value = res.json().await.unwrap();
    assert_eq!(status, StatusCode::CREATED, "{v}");
    v["id"].as_str().unwrap().to_string()
}

/// Lambeth with Coldharbour inside it, a group in each, and their services
/// and events. Returns the writer's token.
async fn lambeth(app: &TestApp) -> String {
    let lambeth = app.place("lambeth", "Lambeth").await;
    let fields = plural_store::places::PlaceFields {
        slug: "coldharbour",
        name: "Coldharbour",
        description: "",
        parent_id: Some(lambeth),
        footprint: None,
    };
    plural_store::places::create(&app.state.db, fields).await.unwrap();
    let token = app.api_person("Olu", "olu@example.org", &["read", "write"]).await;
    for (slug, name, place) in
        [("larder", "Lambeth Larder", "lambeth"), ("tenants", "Coldharbour Tenants", "coldharbour")]
    {
        let body = json!({"name": name, "slug": slug, "kind": "charity", "place": place, "join_policy": "open"});
        let res = app.api_send(Method::POST, &token, "/api/v1/groups", body).await;
        assert_eq!(res.status(), StatusCode::CREATED);
    }
    let event = |group: &str, title: &str, date: String, publish: bool, repeat: &str| {
        json!({"group": group, "publish": publish, "title": title, "venue": "The hall", "date": date,
               "start_time": "10:00", "end_time": "12:00", "repeat": repeat, "is_free": true})
    };
    created(app, &token, "/api/v1/events", event("larder", "Soup lunch", day(2), true, "weekly")).await;
    created(app, &token, "/api/v1/events", event("larder", "Summer fair", day(20), true, "none")).await;
    created(app, &token, "/api/v1/events", event("larder", "Secret plan", day(2), false, "none")).await;
    created(app, &token, "/api/v1/events", event("tenants", "Estate clean-up", day(4), true, "none")).await;
    let quiz = created(app, &token, "/api/v1/events", event("larder", "Quiz night", day(1), true, "none")).await;
    let res = app.api_send(Method::POST, &token, &format!("/api/v1/events/{quiz}/cancel"), json!({})).await;
    assert!(res.status().is_success(), "{}", res.status());

    let service = |group: &str, name: &str, place: &str, status: &str, term: &str| {
        json!({"group": group, "name": name, "place": place, "status": status, "description": "Open to all.",
               "cost": "free", "languages": ["en"], "terms": [term]})
    };
    for body in [
        service("larder", "Food bank", "lambeth", "active", "food"),
        service("larder", "Old lunch club", "lambeth", "inactive", "food"),
        service("larder", "Debt advice", "lambeth", "active", "money-and-debt"),
        service("tenants", "Free wifi corner", "coldharbour", "active", "digital-access"),
    ] {
        created(app, &token, "/api/v1/services", body).await;
    }
    token
}

/// Where `needle` is in `page`, failing the test if it is missing.
fn at(page: &str, needle: &str) -> usize {
    page.find(needle).unwrap_or_else(|| panic!("{needle:?} not on the page"))
}

async fn place_home_shows_this_week_and_new_services(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    lambeth(&app).await;
    let page = app.text("/places/lambeth").await;
    let week = at(&page, "What&#39;s on this week");
    let services = at(&page, "New services");
    let groups = at(&page, "Groups in this place");
    assert!(week < services && services < groups, "sections in order");
    let this_week = &page[week..services];
    // Ordered by time: tomorrow's (cancelled) quiz, the soup lunch, then Coldharbour's clean-up.
    let quiz = at(this_week, "Quiz night");
    let soup = at(this_week, "Soup lunch");
    let clean_up = at(this_week, "Estate clean-up");
    assert!(quiz < soup && soup < clean_up, "{this_week}");
    assert!(this_week[quiz..soup].contains("Cancelled"), "the cancelled quiz is marked: {this_week}");
    assert!(!this_week[soup..clean_up].contains("Cancelled"));
    assert!(this_week[clean_up..].contains("Coldharbour"), "the place within is named");
    // The weekly lunch appears once: next week's is outside the 7 days.
    assert_eq!(this_week.matches("Soup lunch").count(), 1);
    assert!(!page.contains("Summer fair"), "next month's event is not this week");
    assert!(!page.contains("Secret plan"), "drafts are not shown");
    assert!(this_week.contains("href=\"/events?place=lambeth\""));
    assert!(this_week.contains("href=\"/places/lambeth/events.ics\""));
    assert!(this_week.contains("href=\"/places/lambeth/events.atom\""));

    let new_services = &page[services..groups];
    let wifi = at(new_services, "Free wifi corner");
    let debt = at(new_services, "Debt advice");
    let food = at(new_services, "Food bank");
    assert!(wifi < debt && debt < food, "newest first: {new_services}");
    assert!(!new_services.contains("Old lunch club"), "inactive services are not new services");
    assert!(new_services[debt..food].contains("Money and debt"), "with its category: {new_services}");
    assert!(new_services[wifi..debt].contains("Coldharbour Tenants"));
    // Publishing counts as checking, so each shows today as its last review.
    let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
    assert_eq!(new_services.matches(&format!("Details last checked {today}")).count(), 3, "{new_services}");

    // Coldharbour's own home has only its own content.
    let page = app.text("/places/coldharbour").await;
    assert!(page.contains("Estate clean-up") && page.contains("Free wifi corner"));
    assert!(!page.contains("Soup lunch") && !page.contains("Food bank"));
    assert!(page.contains("Nothing on") || page.contains("Estate clean-up"));
    app.stop().await;
}

async fn listings_show_every_part_after_batching(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    lambeth(&app).await;
    let page = app.text("/services?place=lambeth").await;
    // By name, each with its group and categories, the inactive one marked.
    let names = ["Debt advice", "Food bank", "Free wifi corner", "Old lunch club"];
    let positions: Vec<usize> = names.iter().map(|n| at(&page, n)).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "by name: {positions:?}");
    assert!(page[positions[0]..positions[1]].contains("Lambeth Larder"));
    assert!(page[positions[0]..positions[1]].contains("Money and debt"));
    assert!(page[positions[2]..positions[3]].contains("Coldharbour Tenants"));
    assert!(page[positions[2]..positions[3]].contains("Digital access"));
    assert!(page[positions[3]..].contains("Not running"));

    // The HSDS list is built by the same batched loader: every part of every service.
    let res = app.get("/openreferral/services?full=true&per_page=10").await;
    assert_eq!(res.status(), StatusCode::OK);
    let v: Value = res.json().await.unwrap();
    let contents = v["contents"].as_array().unwrap();
    assert_eq!(contents.len(), 4);
    for s in contents {
        assert_eq!(s["cost_options"].as_array().map(Vec::len), Some(1), "{s}");
        assert_eq!(s["languages"].as_array().map(Vec::len), Some(1), "{s}");
    }

    let page = app.text("/events?place=lambeth").await;
    let quiz = at(&page, "Quiz night");
    let soup = at(&page, "Soup lunch");
    let fair = at(&page, "Summer fair");
    assert!(quiz < soup && soup < fair);
    assert!(page[quiz..soup].contains("Cancelled"));
    assert!(!page.contains("Secret plan"));
    app.stop().await;
}

/// Lambeth with the group "hall" in it; its organiser's token.
async fn busy_hall(app: &TestApp) -> String {
    app.place("lambeth", "Lambeth").await;
    let token = app.api_person("Olu", "olu@example.org", &["read", "write"]).await;
    let body =
        json!({"name": "Busy Hall", "slug": "hall", "kind": "charity", "place": "lambeth", "join_policy": "open"});
    assert_eq!(app.api_send(Method::POST, &token, "/api/v1/groups", body).await.status(), StatusCode::CREATED);
    token
}

/// Over 200 open-ended series and over 200 one-offs in one week: the earliest
/// one-off and the earliest series still lead the list. (One ordered read of
/// both kinds once lost one or the other: open-ended series sort first on
/// SQLite and last on PostgreSQL.)
async fn a_busy_week_crowds_out_neither_one_offs_nor_series(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let token = busy_hall(&app).await;
    let event = |title: String, date: String, start: &str, repeat: &str| {
        json!({"group": "hall", "publish": true, "title": title, "venue": "The hall", "date": date,
               "start_time": start, "end_time": "23:00", "repeat": repeat, "is_free": true})
    };
    created(&app, &token, "/api/v1/events", event("Early breakfast".into(), day(1), "08:00", "none")).await;
    created(&app, &token, "/api/v1/events", event("Morning yoga".into(), day(1), "09:00", "weekly")).await;
    for i in 0..205 {
        created(&app, &token, "/api/v1/events", event(format!("Weekly club {i}"), day(2), "10:00", "weekly")).await;
        created(&app, &token, "/api/v1/events", event(format!("Talk {i}"), day(3), "10:00", "none")).await;
    }
    let page = app.text("/places/lambeth").await;
    let week = &page[at(&page, "What&#39;s on this week")..at(&page, "New services")];
    let breakfast = at(week, "Early breakfast");
    let yoga = at(week, "Morning yoga");
    assert!(breakfast < yoga, "by time: {week}");
    assert!(week.contains("Weekly club"), "{week}");
    app.stop().await;
}

/// The events still running (the events list, feeds and exports) are read
/// as one-offs and series apart, each up to the limit: three series that
/// began earlier leave room for a later one-off even with a limit of two.
async fn long_running_series_do_not_crowd_out_one_offs(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let token = busy_hall(&app).await;
    let event = |title: &str, date: String, repeat: &str| {
        json!({"group": "hall", "publish": true, "title": title, "venue": "The hall", "date": date,
               "start_time": "10:00", "end_time": "11:00", "repeat": repeat, "is_free": true})
    };
    for (i, title) in ["Choir", "Chess club", "Knit and natter"].into_iter().enumerate() {
        created(&app, &token, "/api/v1/events", event(title, day(1 + i as i64), "weekly")).await;
    }
    created(&app, &token, "/api/v1/events", event("Harvest supper", day(9), "none")).await;
    let running =
        plural_store::events::still_running(&app.state.db, Default::default(), 0, 2).await.expect("still running");
    let titles: Vec<&str> = running.iter().map(|e| e.title.as_str()).collect();
    assert_eq!(titles, ["Harvest supper", "Choir", "Chess club"], "one-offs, then series by first start");
    app.stop().await;
}

/// A place within Lambeth written straight to the database, as another
/// process (a second web process, `plural import`) would: this process
/// does not hear of it.
async fn written_elsewhere(app: &TestApp, slug: &'static str, name: &'static str) {
    let lambeth = plural_store::places::by_slug(&app.state.db, "lambeth").await.unwrap().unwrap();
    let fields =
        plural_store::places::PlaceFields { slug, name, description: "", parent_id: Some(lambeth.id), footprint: None };
    plural_store::places::create(&app.state.db, fields).await.unwrap();
}

async fn anonymous_readers_share_a_copy_that_writes_renew(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let token = lambeth(&app).await;
    let (anonymous, _) = app.new_client();
    let read = |client: &reqwest::Client, lang: &str| {
        let req = client.get(app.url("/places/lambeth")).header("accept-language", lang);
        async move { req.send().await.unwrap().text().await.unwrap() }
    };
    assert!(!read(&anonymous, "en").await.contains("Brixton"));
    written_elsewhere(&app, "brixton", "Brixton").await;
    // Anonymous readers get the copy made before the write this process did not see.
    assert!(!read(&anonymous, "en").await.contains("Brixton"), "served from the copy");
    // Another language has its own copy, made now.
    assert!(read(&anonymous, "pl").await.contains("Brixton"));
    // A signed-in person always gets the page worked out afresh.
    app.sign_up("Ada", "ada@example.org").await;
    assert!(read(&app.client, "en").await.contains("Brixton"), "signed in: no copy");

    // A write through this process renews every copy at once.
    let body = json!({"group": "larder", "publish": true, "title": "Seed swap", "venue": "The hall", "date": day(3),
                      "start_time": "10:00", "end_time": "12:00", "repeat": "none", "is_free": true});
    created(&app, &token, "/api/v1/events", body).await;
    let page = read(&anonymous, "en").await;
    assert!(page.contains("Seed swap") && page.contains("Brixton"), "renewed after the write");
    app.stop().await;
}

async fn copies_of_a_place_home_last_only_their_time(engine: Engine) {
    let options = Options { tune: |c| c.public_page_cache_seconds = 1 };
    let Some(app) = spawn_app_with(engine, options).await else { return };
    lambeth(&app).await;
    assert!(!app.text("/places/lambeth").await.contains("Brixton"));
    written_elsewhere(&app, "brixton", "Brixton").await;
    assert!(!app.text("/places/lambeth").await.contains("Brixton"), "served from the copy");
    tokio::time::sleep(std::time::Duration::from_millis(1200)).await;
    assert!(app.text("/places/lambeth").await.contains("Brixton"), "the copy expired");
    app.stop().await;
}
