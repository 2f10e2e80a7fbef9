//! Search: words (stemmed), every filter alone and combined, drafts unseen,
//! distance figures and order, postcode districts, bad parameters, the index
//! following edits, cancellations and deletions, the iCalendar feed of a
//! search, the page without JavaScript, and HSDS proximity.

use icalendar::Component;
use plural_kernel::places::Footprint;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::both_engines;
use crate::helpers::{spawn_app, Engine, TestApp};

both_engines!(
    search_finds_by_words_and_filters,
    search_follows_changes_and_feeds_calendars,
    search_rejects_bad_parameters,
    search_near_a_point_follows_moves,
);

fn day(days: i64) -> String {
    (chrono::Utc::now() + chrono::Duration::days(days)).format("%Y-%m-%d").to_string()
}

struct Fixture {
    token: String,
    garden: String,
    food_share: String,
    party: String,
}

/// Brixton with a community garden (SW2), debt advice in Peckham (SE15), a
/// weekly food share beside the garden, a garden party in 40 days and a draft.
async fn fixture(app: &TestApp) -> Fixture {
    app.place("brixton", "Brixton").await;
    let token = app.api_person("Olu", "olu@example.org", &["read", "write"]).await;
    let res = app
        .api_send(
            Method::POST,
            &token,
            "/api/v1/groups",
            json!({"name": "Brixton Commons", "slug": "commons", "kind": "charity", "place": "brixton", "join_policy": "open"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let service = |body: Value| {
        let token = token.clone();
        async move {
            let res = app.api_send(Method::POST, &token, "/api/v1/services", body).await;
            let status = res.status();
            let v: Value = res.json().await.unwrap();
            assert_eq!(status, StatusCode::CREATED, "{v}");
            v["id"].as_str().unwrap().to_string()
        }
    };
    let garden = service(json!({
        "group": "commons", "name": "Community garden", "place": "brixton",
        "description": "Weekly sessions growing vegetables; tools provided.",
        "address_1": "1 Brixton Hill", "postcode": "SW2 1JF", "latitude": 51.4613, "longitude": -0.1156,
        "accessibility": "Step-free entrance from the street.",
        "cost": "free", "languages": ["en", "pt"], "terms": ["social-and-leisure"]
    }))
    .await;
    service(json!({
        "group": "commons", "name": "Debt advice", "place": "brixton",
        "description": "Help with money worries and bills.",
        "address_1": "40 Rye Lane", "postcode": "SE15 5BS", "latitude": 51.4698, "longitude": -0.0691,
        "cost": "paid", "amount": "5.00", "languages": ["en"], "terms": ["money-and-debt"]
    }))
    .await;
    let event = |body: Value| {
        let token = token.clone();
        async move {
            let res = app.api_send(Method::POST, &token, "/api/v1/events", body).await;
            let status = res.status();
            let v: Value = res.json().await.unwrap();
            assert_eq!(status, StatusCode::CREATED, "{v}");
            v["id"].as_str().unwrap().to_string()
        }
    };
    let food_share = event(json!({
        "group": "commons", "publish": true, "title": "Thursday food share", "venue": "St Mark's hall",
        "postcode": "SW2 1JQ", "lat": 51.4620, "lon": -0.1150, "date": day(3), "start_time": "10:00",
        "end_time": "12:00", "repeat": "weekly", "is_free": true, "accessibility": "Ground floor. Hearing loop.",
        "languages": "English, Polish", "description": "Fresh fruit and vegetables for everyone."
    }))
    .await;
    let party = event(json!({
        "group": "commons", "publish": true, "title": "Garden party", "venue": "The garden",
        "date": day(40), "start_time": "14:00", "end_time": "18:00", "is_free": false, "cost": "£3",
        "description": "Music and food among the raised beds."
    }))
    .await;
    event(json!({
        "group": "commons", "publish": false, "title": "Secret gardening plan", "venue": "Somewhere",
        "date": day(5), "start_time": "10:00", "end_time": "11:00", "is_free": true
    }))
    .await;
    Fixture { token, garden, food_share, party }
}

async fn search(app: &TestApp, token: &str, query: &str) -> Value {
    let res = app.api_get(token, &format!("/api/v1/search?{query}")).await;
    let status = res.status();
    let body: Value = res.json().await.unwrap();
    assert_eq!(status, StatusCode::OK, "{query}: {body}");
    body
}

fn titles(found: &Value) -> Vec<String> {
    found["items"].as_array().unwrap().iter().map(|i| i["title"].as_str().unwrap().to_string()).collect()
}

async fn search_finds_by_words_and_filters(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let f = fixture(&app).await;
    let t = &f.token;

    // Stemming: "gardening" finds "garden"; the draft is never found.
    let found = search(&app, t, "q=gardening").await;
    let mut names = titles(&found);
    names.sort();
    assert_eq!(names, vec!["Community garden", "Garden party"], "{found}");
    let garden = found["items"].as_array().unwrap().iter().find(|i| i["id"] == f.garden.as_str()).unwrap();
    assert_eq!(garden["kind"], "service");
    assert!(garden["url"].as_str().unwrap().ends_with(&format!("/services/{}", f.garden)));
    assert_eq!(garden["matched_fields"], json!(["title"]));
    assert_eq!(garden["matched_words"], json!(["garden"]));
    assert!(garden["title_fragments"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["matched"] == true && p["text"] == "garden"));
    // A word in the description is found and marked there.
    let found = search(&app, t, "q=vegetable").await;
    assert_eq!(titles(&found).len(), 2);
    for item in found["items"].as_array().unwrap() {
        assert_eq!(item["matched_fields"], json!(["description"]), "{item}");
        assert!(item["snippet"].as_array().unwrap().iter().any(|p| p["matched"] == true));
    }
    // Quotes and brackets are not query syntax.
    assert_eq!(search(&app, t, "q=%22garden%22%20(").await["items"].as_array().unwrap().len(), 2);
    assert_eq!(titles(&search(&app, t, "q=garden%20party").await), vec!["Garden party"]);
    // Common words are left out on both engines: no text here has "why" or "during".
    assert_eq!(titles(&search(&app, t, "q=why%20party%20during").await), vec!["Garden party"]);
    if engine == Engine::Postgres {
        // Every word left out is one PostgreSQL's `english` configuration leaves out too.
        for word in plural_kernel::search::COMMON_WORDS.split_whitespace() {
            let kept: String = sqlx::query_scalar("SELECT plainto_tsquery('english', $1)::text")
                .bind(word)
                .fetch_one(app.state.db.reader())
                .await
                .unwrap();
            assert_eq!(kept, "", "{word}");
        }
    }

    // Each filter alone.
    assert_eq!(titles(&search(&app, t, "q=garden&kind=event").await), vec!["Garden party"]);
    assert_eq!(titles(&search(&app, t, "kind=service&free=1").await), vec!["Community garden"]);
    assert_eq!(titles(&search(&app, t, "access=hearing_loop").await), vec!["Thursday food share"]);
    assert_eq!(titles(&search(&app, t, "access=step_free").await), vec!["Community garden"]);
    assert_eq!(titles(&search(&app, t, "language=pl").await), vec!["Thursday food share"]);
    assert_eq!(titles(&search(&app, t, "language=pt").await), vec!["Community garden"]);
    assert_eq!(titles(&search(&app, t, "term=money-and-debt").await), vec!["Debt advice"]);
    let places = search(&app, t, "place=brixton&kind=group").await;
    assert_eq!(titles(&places), vec!["Brixton Commons"]);
    assert!(places["items"][0]["url"].as_str().unwrap().ends_with("/groups/commons"));

    // Distance from a point: nearest first, with the figure.
    let near = search(&app, t, "lat=51.4613&lon=-0.1156&within=2").await;
    assert_eq!(titles(&near)[..2], ["Community garden".to_string(), "Thursday food share".to_string()], "{near}");
    assert!(!titles(&near).contains(&"Debt advice".to_string()), "Peckham is 5 km away");
    assert_eq!(near["items"][0]["distance_km"], 0.0);
    assert_eq!(near["items"][1]["distance_km"], 0.1);
    let far = search(&app, t, "lat=51.4613&lon=-0.1156&kind=service").await;
    assert_eq!(titles(&far), vec!["Community garden", "Debt advice"]);
    assert_eq!(far["items"][1]["distance_km"], 3.4);
    // From a postcode district, located from the node's own addresses.
    let sw2 = search(&app, t, "near=SW2&within=1&kind=service").await;
    assert_eq!(titles(&sw2), vec!["Community garden"]);

    // Dates: a weekly event matches when one occurrence falls in the range.
    assert_eq!(
        titles(&search(&app, t, &format!("from={}&to={}", day(10), day(10))).await),
        vec!["Thursday food share"]
    );
    assert!(titles(&search(&app, t, &format!("from={}&to={}", day(11), day(12))).await).is_empty());
    let later = search(&app, t, &format!("from={}&to={}", day(39), day(41))).await;
    assert_eq!(titles(&later), vec!["Garden party"]);
    assert!(later["items"][0]["next_occurrence"].as_str().unwrap().starts_with(&day(40)));

    // Dates far ahead find the series that never ends (filed as long, migration 0035).
    assert_eq!(
        titles(&search(&app, t, &format!("q=food&from={}&to={}", day(402), day(402))).await),
        vec!["Thursday food share"]
    );
    // Combined: words, free, distance, dates.
    let all = format!("q=food&free=1&lat=51.4613&lon=-0.1156&within=1&from={}&to={}", day(0), day(14));
    let combined = search(&app, t, &all).await;
    assert_eq!(titles(&combined), vec!["Thursday food share"]);
    assert!(combined["filters"].as_array().unwrap().contains(&json!("free=1")));
    // Paging.
    let first = search(&app, t, "place=brixton&per_page=2").await;
    let second = search(&app, t, "place=brixton&per_page=2&page=2").await;
    assert_eq!(first["total"], second["total"]);
    assert_eq!(first["items"].as_array().unwrap().len(), 2);
    assert!(titles(&first).iter().all(|n| !titles(&second).contains(n)));

    // The page: a GET form, results with marked words, and the search's calendar advertised.
    let html = app.text("/search?q=gardening").await;
    assert!(html.contains("<mark>garden</mark>"), "{html}");
    assert!(html.contains(r#"<link rel="alternate" type="text/calendar" href="/search.ics?q=gardening""#));
    assert!(!html.contains("Secret"));
    let res = app.get("/places/brixton/search?q=food").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(crate::helpers::location(&res), "/search?q=food&place=brixton");
    assert!(app.text("/places/brixton").await.contains(r#"action="/search""#));

    // HSDS: full-text search and proximity from a postcode district.
    let hsds: Value = app.get("/openreferral/services?search=gardening").await.json().await.unwrap();
    assert_eq!(hsds["total_items"], 1, "{hsds}");
    let sals: Value =
        app.get("/openreferral/service_at_locations?postcode=SW2&proximity=1000").await.json().await.unwrap();
    assert_eq!(sals["total_items"], 1, "{sals}");
    assert_eq!(sals["contents"][0]["service"]["name"], "Community garden");
    let schemas = crate::directory::Schemas { dir: crate::directory::hsds_schema_dir() };
    crate::directory::assert_paged(&sals, &schemas.validator("compiled/service_at_location.json"), "sal");
    let wide: Value =
        app.get("/openreferral/service_at_locations?postcode=SW2&proximity=6000").await.json().await.unwrap();
    assert_eq!(wide["total_items"], 2, "{wide}");
    let _ = (f.food_share, f.party);

    // An event of several days is found in a later week it still runs in,
    // once it is lengthened to reach it: its search weeks follow its end.
    let res = app
        .api_send(
            Method::POST,
            t,
            "/api/v1/events",
            json!({"group": "commons", "publish": true, "title": "Harvest festival", "venue": "The garden",
                   "lat": 51.4613, "lon": -0.1156, "date": day(20), "start_time": "10:00",
                   "end_date": day(21), "end_time": "18:00", "is_free": true}),
        )
        .await;
    let festival: Value = res.json().await.unwrap();
    let festival = festival["id"].as_str().unwrap().to_string();
    let on_day_30 = format!("q=harvest&lat=51.4613&lon=-0.1156&within=1&from={}&to={}", day(30), day(30));
    assert!(titles(&search(&app, t, &on_day_30).await).is_empty());
    let res = app.api_send(Method::PATCH, t, &format!("/api/v1/events/{festival}"), json!({"end_date": day(31)})).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(titles(&search(&app, t, &on_day_30).await), vec!["Harvest festival"]);
    assert_eq!(
        titles(&search(&app, t, &format!("q=harvest&from={}&to={}", day(31), day(31))).await),
        vec!["Harvest festival"]
    );
    app.stop().await;
}

async fn search_follows_changes_and_feeds_calendars(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let f = fixture(&app).await;
    let t = &f.token;

    // An edit is found at once; the old words are not.
    let res =
        app.api_send(Method::PATCH, t, &format!("/api/v1/services/{}", f.garden), json!({"name": "Orchard"})).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(titles(&search(&app, t, "q=orchards").await), vec!["Orchard"]);
    assert_eq!(titles(&search(&app, t, "q=garden&kind=service").await), Vec::<String>::new());

    // A cancelled event stays findable, and its calendar says it is cancelled.
    let res = app.api_send(Method::POST, t, &format!("/api/v1/events/{}/cancel", f.food_share), json!({})).await;
    assert!(res.status().is_success());
    assert_eq!(titles(&search(&app, t, "q=food%20share").await), vec!["Thursday food share"]);

    // The search's calendar, read back by an independent parser.
    let res = app.get("/search.ics?q=food%20share").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/calendar"));
    let text = res.text().await.unwrap();
    assert!(text.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/London"));
    let cal: icalendar::Calendar = text.parse().unwrap();
    let events: Vec<&icalendar::Event> = cal.events().collect();
    assert_eq!(events.len(), 1, "{text}");
    let e = events[0];
    assert_eq!(e.get_summary(), Some("Thursday food share"));
    assert!(e.get_uid().unwrap().starts_with(&f.food_share));
    assert_eq!(e.properties().get("RRULE").unwrap().value(), "FREQ=WEEKLY");
    assert_eq!(e.properties().get("STATUS").unwrap().value(), "CANCELLED");
    // Only events: a search of services gives an empty calendar, not an error.
    let empty: icalendar::Calendar = app.text("/search.ics?kind=service").await.parse().unwrap();
    assert_eq!(empty.events().count(), 0);

    // A deleted event is gone from the index (rows deleted by any path).
    sqlx::query("DELETE FROM events WHERE id = $1").bind(&f.party).execute(app.state.db.writer()).await.unwrap();
    assert!(titles(&search(&app, t, "q=party").await).is_empty());

    // Publishing a draft makes it findable.
    let draft = search(&app, t, "q=secret").await;
    assert!(titles(&draft).is_empty());

    // Rebuilding from the source tables gives the same answers.
    let before = search(&app, t, "place=brixton&per_page=100").await;
    plural_store::search::rebuild(&app.state.db).await.unwrap();
    let after = search(&app, t, "place=brixton&per_page=100").await;
    assert_eq!(titles(&before), titles(&after));
    assert_eq!(titles(&search(&app, t, "q=orchard").await), vec!["Orchard"]);

    // Erasing the group takes its services and events out of the index.
    sqlx::query("DELETE FROM groups WHERE slug = 'commons'").execute(app.state.db.writer()).await.unwrap();
    assert_eq!(search(&app, t, "place=brixton").await["total"], 0);
    app.stop().await;
}

async fn search_rejects_bad_parameters(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    app.place("brixton", "Brixton").await;
    let t = app.api_person("Olu", "olu@example.org", &["read"]).await;
    for (query, field, code) in [
        ("lat=north&lon=0", "lat", "search-lat-invalid"),
        ("lat=91&lon=0", "lat", "search-lat-invalid"),
        ("lat=51.5", "lon", "search-point-incomplete"),
        ("near=XYZ123", "near", "search-near-invalid"),
        ("near=SE11", "near", "search-near-unknown"),
        ("within=5", "within", "search-within-needs-point"),
        ("lat=51.5&lon=0&within=-1", "within", "search-within-invalid"),
        ("from=2025-13-01", "from", "search-date-invalid"),
        ("from=2030-01-02&to=2030-01-01", "to", "search-to-before-from"),
        ("kind=thing", "kind", "search-kind-invalid"),
        ("access=stairs", "access", "search-access-invalid"),
        ("language=polish", "language", "search-language-invalid"),
        ("term=nope", "term", "search-term-unknown"),
        ("place=nowhere", "place", "search-place-unknown"),
        ("page=0", "page", "search-page-invalid"),
        // Too common to search by on either engine (PostgreSQL's stop words).
        ("q=the%20and%20of&lat=51.46&lon=-0.11&within=2", "q", "search-q-only-common"),
    ] {
        let res = app.api_get(&t, &format!("/api/v1/search?{query}")).await;
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(res.headers()["content-type"], "application/problem+json");
        let p: Value = res.json().await.unwrap();
        assert_eq!(p["code"], "invalid-query");
        let errors = p["errors"].as_array().unwrap();
        assert!(errors.iter().any(|e| e["field"] == field && e["code"] == code), "{query}: {p}");
    }
    // Every problem at once; the page shows them in an error summary, keeping the input.
    let res = app.get("/search?lat=north&lon=0&kind=thing&q=bread").await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let html = res.text().await.unwrap();
    assert!(html.contains("error-summary") && html.contains("href=\"#f-lat\"") && html.contains("href=\"#f-kind\""));
    assert!(html.contains(r#"value="bread""#));
    // The calendar refuses the same way.
    assert_eq!(app.get("/search.ics?from=soon").await.status(), StatusCode::BAD_REQUEST);
    app.stop().await;
}

/// Near a point the search reads only the grid cells around it (migration
/// 0011): moving a thing, renaming it or moving its place must move it there.
async fn search_near_a_point_follows_moves(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let f = fixture(&app).await;
    let t = &f.token;
    let brixton = "lat=51.4613&lon=-0.1156&within=2";
    let manchester = "lat=53.4808&lon=-2.2426&within=2";

    // A title match ranks before a nearer match in the description alone.
    let res = app
        .api_send(
            Method::POST,
            t,
            "/api/v1/events",
            json!({
                "group": "commons", "publish": true, "title": "Soup kitchen", "venue": "Brixton Hill",
                "lat": 51.4613, "lon": -0.1156, "date": day(2), "start_time": "12:00", "end_time": "14:00",
                "is_free": true, "description": "Hot food for anyone who needs it."
            }),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let food = search(&app, t, &format!("q=food&{brixton}")).await;
    assert_eq!(titles(&food), vec!["Thursday food share", "Soup kitchen"], "{food}");

    // Moved far away: gone from here, found there; renamed: found by its new words.
    let res = app
        .api_send(
            Method::PATCH,
            t,
            &format!("/api/v1/events/{}", f.food_share),
            json!({"lat": 53.4808, "lon": -2.2426, "title": "Thursday veg share"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(titles(&search(&app, t, &format!("q=food&{brixton}")).await), vec!["Soup kitchen"]);
    assert_eq!(titles(&search(&app, t, &format!("q=veg&{manchester}")).await), vec!["Thursday veg share"]);
    assert!(titles(&search(&app, t, &format!("q=food&{manchester}")).await).is_empty());
    // Without words, the same cells; in a date range, its cells in those weeks.
    assert_eq!(titles(&search(&app, t, manchester).await), vec!["Thursday veg share"]);
    let in_ten_days = format!("from={}&to={}", day(10), day(10));
    assert_eq!(
        titles(&search(&app, t, &format!("q=veg&{manchester}&{in_ten_days}")).await),
        vec!["Thursday veg share"]
    );
    assert!(titles(&search(&app, t, &format!("q=veg&{brixton}&{in_ten_days}")).await).is_empty());

    // Things with no point of their own are as near as their place's centre, and move with it.
    assert!(titles(&search(&app, t, &format!("q=party&{brixton}")).await).is_empty(), "no centre yet");
    let place = plural_store::places::by_slug(&app.state.db, "brixton").await.unwrap().unwrap();
    let here = Footprint::Circle { latitude: 51.4613, longitude: -0.1156, radius_m: 1500.0 };
    let there = Footprint::Circle { latitude: 53.4808, longitude: -2.2426, radius_m: 1500.0 };
    let fields = |footprint| plural_store::places::PlaceFields {
        slug: "brixton",
        name: "Brixton",
        description: "",
        parent_id: None,
        footprint,
    };
    plural_store::places::update(&app.state.db, place.id, fields(Some(&here))).await.unwrap();
    let party = search(&app, t, &format!("q=party&{brixton}")).await;
    assert_eq!(titles(&party), vec!["Garden party"], "{party}");
    let on_the_day = format!("from={}&to={}", day(40), day(40));
    assert_eq!(titles(&search(&app, t, &format!("q=party&{brixton}&{on_the_day}")).await), vec!["Garden party"]);
    plural_store::places::update(&app.state.db, place.id, fields(Some(&there))).await.unwrap();
    assert!(titles(&search(&app, t, &format!("q=party&{brixton}")).await).is_empty());
    assert_eq!(titles(&search(&app, t, &format!("q=party&{manchester}")).await), vec!["Garden party"]);
    assert!(titles(&search(&app, t, &format!("q=party&{brixton}&{on_the_day}")).await).is_empty());
    assert_eq!(titles(&search(&app, t, &format!("q=party&{manchester}&{on_the_day}")).await), vec!["Garden party"]);
    app.stop().await;
}
