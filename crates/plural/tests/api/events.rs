//! Events: creating them (page and API) with bad input refused, who may
//! publish and who sees drafts, RSVPs with a waiting list, cancelling one
//! date or the whole event, and the calendars and feeds read back by
//! independent parsers.

use icalendar::Component;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::both_engines;
use crate::helpers::{location, post_form_as, spawn_app, Engine, TestApp};

both_engines!(
    create_events_by_page_and_api,
    only_organisers_publish_and_see_drafts,
    rsvp_waiting_list_moves_up,
    cancelling_a_date_and_the_event,
    calendars_and_feeds_read_back,
    the_demo_has_current_events,
);

/// A date `days` from today, `YYYY-MM-DD`.
fn day(days: i64) -> String {
    (chrono::Utc::now() + chrono::Duration::days(days)).format("%Y-%m-%d").to_string()
}

/// A place, a group run by `owner@example.org` (signed in on the app's
/// client), and that owner's API token.
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

async fn create(app: &TestApp, token: &str, body: Value) -> Value {
    let res = app.api_send(Method::POST, token, "/api/v1/events", body).await;
    let status = res.status();
    let body: Value = res.json().await.unwrap();
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body
}

fn weekly(days: i64) -> Value {
    json!({"group": "food-share", "publish": true, "title": "Thursday food share", "venue": "St Mark's hall",
           "date": day(days), "start_time": "10:00", "end_time": "12:00", "repeat": "weekly", "is_free": true,
           "description": "Fresh food, **free**. <script>alert(1)</script>"})
}

fn codes(problem: &Value) -> Vec<(String, String)> {
    problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["field"].as_str().unwrap().to_string(), e["code"].as_str().unwrap().to_string()))
        .collect()
}

fn has(problem: &Value, field: &str, code: &str) -> bool {
    codes(problem).contains(&(field.to_string(), code.to_string()))
}

async fn create_events_by_page_and_api(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let token = setup(&app).await;

    // Bad input through the API: every field named, nothing stored.
    let long = "x".repeat(10_001);
    let res = app
        .api_send(
            Method::POST,
            &token,
            "/api/v1/events",
            json!({"group": "food-share", "title": " ", "date": "2020-01-01", "start_time": "10:00", "end_time": "09:00",
                   "end_date": "2020-01-01", "time_zone": "Mars/Olympus", "description": long, "mode": "online",
                   "online_url": "javascript:alert(1)", "is_free": false}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let p: Value = res.json().await.unwrap();
    assert!(has(&p, "title", "event-title-required"), "{p}");
    assert!(has(&p, "time_zone", "event-zone-invalid"), "{p}");
    assert!(has(&p, "description", "event-text-too-long"), "{p}");
    assert!(has(&p, "online_url", "event-url-invalid"), "{p}");
    assert!(has(&p, "cost", "event-cost-required"), "{p}");
    let res = app
        .api_send(
            Method::POST,
            &token,
            "/api/v1/events",
            json!({"group": "food-share", "title": "Old", "venue": "Hall", "date": "2020-01-01", "start_time": "10:00",
                   "end_time": "12:00", "is_free": true}),
        )
        .await;
    let p: Value = res.json().await.unwrap();
    assert!(has(&p, "date", "event-in-past"), "{p}");
    let res = app
        .api_send(
            Method::POST,
            &token,
            "/api/v1/events",
            json!({"group": "food-share", "title": "Long", "venue": "Hall", "date": day(3), "end_date": day(40),
                   "start_time": "10:00", "end_time": "12:00", "is_free": true}),
        )
        .await;
    let p: Value = res.json().await.unwrap();
    assert!(has(&p, "end_time", "event-too-long"), "{p}");
    let res = app
        .api_send(Method::POST, &token, "/api/v1/events", json!({"group": "nope", "title": "X", "surprise": 1}))
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert!(app.api_get(&token, "/api/v1/events").await.json::<Value>().await.unwrap()["items"]
        .as_array()
        .unwrap()
        .is_empty());

    // A weekly event through the API: the rule is built for us, the script is not kept as HTML.
    let e = create(&app, &token, weekly(2)).await;
    assert_eq!(e["rrule"], "FREQ=WEEKLY");
    assert_eq!(e["status"], "published");
    assert_eq!(e["time_zone"], "Europe/London");
    assert_eq!(e["next"].as_array().unwrap().len(), 10);
    assert!(e["next"][0]["local_start"].as_str().unwrap().ends_with("T10:00"));
    let id = e["id"].as_str().unwrap();
    let html = app.text(&format!("/events/{id}")).await;
    assert!(html.contains("<strong>free</strong>"));
    assert!(!html.contains("<script>alert"));
    assert!(html.contains("&lt;script&gt;"));

    // PATCH changes the series; fields left out stay.
    let res = app
        .api_send(
            Method::PATCH,
            &token,
            &format!("/api/v1/events/{id}"),
            json!({"title": "Food share", "capacity": 30}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let e: Value = res.json().await.unwrap();
    assert_eq!(e["title"], "Food share");
    assert_eq!(e["capacity"], 30);
    assert_eq!(e["rrule"], "FREQ=WEEKLY");
    let res = app
        .api_send(
            Method::PATCH,
            &token,
            &format!("/api/v1/events/{id}"),
            json!({"end_time": "09:00", "end_date": day(2)}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = app.api_send(Method::PATCH, &token, &format!("/api/v1/events/{id}"), json!({"group": "elsewhere"})).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // Editing the series through the page keeps what the form does not show.
    let res = app
        .api_send(
            Method::PATCH,
            &token,
            &format!("/api/v1/events/{id}"),
            json!({"time_zone": "Europe/Warsaw", "count": 6}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let form = app.text(&format!("/events/{id}/edit")).await;
    assert!(form.contains(r#"value="Food share""#));
    assert!(form.contains(r#"<option value="weekly" selected>"#));
    let mut fields: Vec<(String, String)> = Vec::new();
    for name in ["title", "date", "start_time", "end_time", "venue", "time_zone", "count"] {
        let marker = format!(r#"name="{name}" "#);
        let at = form.find(&marker).unwrap_or_else(|| panic!("{name} in the form"));
        let rest = &form[at..];
        let v = rest.split(r#"value=""#).nth(1).unwrap().split('"').next().unwrap();
        fields.push((name.to_string(), v.replace("&#39;", "'").replace("&amp;", "&")));
    }
    fields.retain(|(k, _)| k != "title");
    fields.push(("title".into(), "Food share & more".into()));
    fields.extend([
        ("repeat".into(), "weekly".into()),
        ("is_free".into(), "on".into()),
        ("save".into(), "keep".into()),
    ]);
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let res = app.post_form(&format!("/events/{id}/edit"), &pairs).await;
    assert_eq!(location(&res), format!("/events/{id}?notice=event-saved"));
    let e: Value = app.api_get(&token, &format!("/api/v1/events/{id}")).await.json().await.unwrap();
    assert_eq!(e["title"], "Food share & more");
    assert_eq!(e["time_zone"], "Europe/Warsaw");
    assert_eq!(e["rrule"], "FREQ=WEEKLY;COUNT=6");
    assert_eq!(e["status"], "published");

    // The one form: defaults filled in, errors listed with input kept, then published.
    let form = app.text("/events/new").await;
    assert!(form.contains(r#"<option value="food-share" selected>Riverside Food Share</option>"#), "{form}");
    assert!(form.contains(r#"name="repeat""#));
    let res = app
        .post_form(
            "/events",
            &[
                ("group", "food-share"),
                ("title", "Seed swap"),
                ("date", "2020-02-02"),
                ("start_time", "10:00"),
                ("end_time", "12:00"),
                ("repeat", "none"),
                ("venue", "Library"),
                ("is_free", "on"),
                ("save", "publish"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    assert!(html.contains("There is a problem"));
    assert!(html.contains(r##"href="#f-date""##));
    assert!(html.contains(r#"value="Seed swap""#));
    let res = app
        .post_form(
            "/events",
            &[
                ("group", "food-share"),
                ("title", "Seed swap"),
                ("date", &day(5)),
                ("start_time", "10:00"),
                ("end_time", "12:00"),
                ("repeat", "none"),
                ("venue", "Library"),
                ("is_free", "on"),
                ("save", "publish"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(location(&res).ends_with("?notice=event-published"));
    let list = app.text("/events").await;
    assert!(list.contains("Seed swap"));
    assert!(list.contains("Food share"));
    let list = app.text("/events?place=riverside").await;
    assert!(list.contains(r#"type="text/calendar" href="/places/riverside/events.ics""#));
    assert_eq!(app.get("/events?place=nowhere").await.status(), StatusCode::NOT_FOUND);

    // The group and place pages list what's on and advertise their feeds.
    let g = app.text("/groups/food-share").await;
    assert!(g.contains("Seed swap"));
    assert!(g.contains(r#"type="application/atom+xml" href="/groups/food-share/events.atom""#));
    assert!(app.text("/places/riverside").await.contains("Seed swap"));
    app.stop().await;
}

async fn only_organisers_publish_and_see_drafts(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let owner = setup(&app).await;
    let member = app.api_person("Mo", "member@example.org", &["read", "write"]).await;
    let res = app.api_send(Method::POST, &member, "/api/v1/groups/food-share/join", json!({})).await;
    assert_eq!(res.status(), StatusCode::CREATED);

    // A member without the admin role may not publish for the group.
    let res = app.api_send(Method::POST, &member, "/api/v1/events", weekly(2)).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let (client, jar) = app.new_client();
    let res = client.get(app.url("/events/new")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "anonymous visitors sign in first");

    // A draft exists only for its organisers.
    let mut draft = weekly(2);
    draft["publish"] = json!(false);
    let e = create(&app, &owner, draft).await;
    assert_eq!(e["status"], "draft");
    let id = e["id"].as_str().unwrap().to_string();
    assert_eq!(app.api_get(&member, &format!("/api/v1/events/{id}")).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(client.get(app.url(&format!("/events/{id}"))).send().await.unwrap().status(), StatusCode::NOT_FOUND);
    assert_eq!(client.get(app.url(&format!("/events/{id}.ics"))).send().await.unwrap().status(), StatusCode::NOT_FOUND);
    let html = app.text(&format!("/events/{id}")).await;
    assert!(html.contains("can see this draft"));
    assert!(!app.text("/events").await.contains("Thursday food share"));
    let g = app.text("/groups/food-share").await;
    assert!(g.contains("Thursday food share") && g.contains(r#"href="/events/new?group=food-share""#));
    let g = client.get(app.url("/groups/food-share")).send().await.unwrap().text().await.unwrap();
    assert!(!g.contains("Thursday food share") && !g.contains("/events/new"));
    assert!(!app.text("/groups/food-share/events.ics").await.contains("Thursday food share"));

    // The member cannot edit, cancel or publish it either.
    let res = app.api_send(Method::PATCH, &member, &format!("/api/v1/events/{id}"), json!({"publish": true})).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = app.api_send(Method::PATCH, &owner, &format!("/api/v1/events/{id}"), json!({"publish": true})).await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = app.api_send(Method::PATCH, &member, &format!("/api/v1/events/{id}"), json!({"title": "Mine"})).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = app.api_send(Method::POST, &member, &format!("/api/v1/events/{id}/cancel"), json!({})).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = post_form_as(&client, &jar, &app.base, &format!("/events/{id}/cancel"), &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(location(&res).starts_with("/sign-in"));

    // Promoting the member to admin lets them publish.
    let person = plural_store::people::find_by_email(
        &app.state.db,
        &app.key,
        &plural_kernel::people::EmailAddress::parse("email", "member@example.org").unwrap(),
    )
    .await
    .unwrap()
    .unwrap()
    .0
    .id;
    let res = app
        .api_send(Method::PUT, &owner, &format!("/api/v1/groups/food-share/members/{person}"), json!({"role": "admin"}))
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    create(&app, &member, weekly(3)).await;

    // Unknown ids are simply not found.
    assert_eq!(app.get("/events/not-an-id").await.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        app.api_get(&owner, "/api/v1/events/0190f0f0-0000-7000-8000-000000000000").await.status(),
        StatusCode::NOT_FOUND
    );
    app.stop().await;
}

async fn rsvp_waiting_list_moves_up(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let owner = setup(&app).await;
    let mut body = weekly(2);
    body["capacity"] = json!(1);
    let e = create(&app, &owner, body).await;
    let id = e["id"].as_str().unwrap().to_string();
    let a = app.api_person("Ann", "ann@example.org", &["read", "write"]).await;
    let b = app.api_person("Ben", "ben@example.org", &["read", "write"]).await;
    let reader = app.token_for("ben@example.org", &["read"]).await;

    // RSVP needs a signed-in person with a write token.
    let res = app.client.post(app.url(&format!("/api/v1/events/{id}/rsvp"))).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let res = app.api_send(Method::POST, &reader, &format!("/api/v1/events/{id}/rsvp"), json!({})).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    let rsvp = |t: String| {
        let app = &app;
        let id = id.clone();
        async move {
            let res = app.api_send(Method::POST, &t, &format!("/api/v1/events/{id}/rsvp"), json!({})).await;
            assert_eq!(res.status(), StatusCode::OK);
            res.json::<Value>().await.unwrap()["state"].as_str().unwrap().to_string()
        }
    };
    assert_eq!(rsvp(a.clone()).await, "going");
    assert_eq!(rsvp(a.clone()).await, "going", "answering twice changes nothing");
    assert_eq!(rsvp(b.clone()).await, "waiting");

    // The list is for the organisers only.
    let res = app.api_get(&a, &format!("/api/v1/events/{id}/rsvps")).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let list: Value = app.api_get(&owner, &format!("/api/v1/events/{id}/rsvps")).await.json().await.unwrap();
    assert_eq!(list.as_array().unwrap().len(), 2);
    assert_eq!(list[0]["display_name"], "Ann");
    assert_eq!(list[0]["state"], "going");
    assert_eq!(list[1]["state"], "waiting");
    assert!(!list.to_string().contains("@example.org"), "no email addresses");

    // Ann cancels: Ben moves up.
    let res = app.api_send(Method::DELETE, &a, &format!("/api/v1/events/{id}/rsvp"), json!({})).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let res = app.api_send(Method::DELETE, &a, &format!("/api/v1/events/{id}/rsvp"), json!({})).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let e: Value = app.api_get(&b, &format!("/api/v1/events/{id}")).await.json().await.unwrap();
    assert_eq!(e["your_rsvp"], "going");
    assert_eq!(e["going"], 1);
    assert_eq!(e["waiting"], 0);

    // The same through the pages: a second browser signs up, the event is full, so it waits.
    let (client, jar) = app.new_client();
    let res = post_form_as(
        &client,
        &jar,
        &app.base,
        "/sign-up",
        &[("display_name", "Cy"), ("email", "cy@example.org"), ("password", crate::helpers::PASSWORD)],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let res = post_form_as(&client, &jar, &app.base, &format!("/events/{id}/rsvp"), &[]).await;
    assert_eq!(location(&res), format!("/events/{id}?notice=event-rsvp-waiting"));
    let html = client.get(app.url(&format!("/events/{id}"))).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("You are on the waiting list"));
    assert!(!html.contains(&format!("/events/{id}/rsvps")), "no list link for others");
    let res = client.get(app.url(&format!("/events/{id}/rsvps"))).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = post_form_as(&client, &jar, &app.base, &format!("/events/{id}/rsvp/cancel"), &[]).await;
    assert_eq!(location(&res), format!("/events/{id}?notice=event-rsvp-withdrawn"));

    // The organiser sees the list page.
    let html = app.text(&format!("/events/{id}")).await;
    assert!(html.contains(&format!("/events/{id}/rsvps")));
    let html = app.text(&format!("/events/{id}/rsvps")).await;
    assert!(html.contains("Ben"));
    assert!(!html.contains("Cy<"));
    app.stop().await;
}

async fn cancelling_a_date_and_the_event(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let owner = setup(&app).await;
    let e = create(&app, &owner, weekly(2)).await;
    let id = e["id"].as_str().unwrap().to_string();
    let second = e["next"][1]["original_starts_at"].as_i64().unwrap();
    let third = e["next"][2]["original_starts_at"].as_i64().unwrap();

    // Cancel just the second date (API), move the third (page).
    let res = app
        .api_send(Method::POST, &owner, &format!("/api/v1/events/{id}/cancel"), json!({"occurrence": second + 60}))
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "not one of its dates");
    let res =
        app.api_send(Method::POST, &owner, &format!("/api/v1/events/{id}/cancel"), json!({"occurrence": second})).await;
    assert_eq!(res.status(), StatusCode::OK);
    let e: Value = res.json().await.unwrap();
    assert_eq!(e["status"], "published");
    assert_eq!(e["next"][1]["cancelled"], true);
    let form = app.text(&format!("/events/{id}/occurrences/{third}")).await;
    assert!(form.contains("Move this date"));
    let res = app
        .post_form(
            &format!("/events/{id}/occurrences/{third}"),
            &[("change", "move"), ("date", "2020-01-01"), ("start_time", "14:00"), ("end_time", "16:00")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK, "a date in the past re-shows the form");
    assert!(res.text().await.unwrap().contains("The date must be in the future"));
    let res = app
        .post_form(
            &format!("/events/{id}/occurrences/{third}"),
            &[("change", "move"), ("date", &day(16)), ("start_time", "14:00"), ("end_time", "16:00")],
        )
        .await;
    assert_eq!(location(&res), format!("/events/{id}?notice=event-occurrence-moved"));
    let html = app.text(&format!("/events/{id}")).await;
    assert!(html.contains("<del>"));
    assert!(html.contains("Changed time"));
    assert!(html.contains("14:00–16:00"));

    // Cancelling the whole event keeps it visible with a banner.
    let form = app.text(&format!("/events/{id}/cancel")).await;
    assert!(form.contains("Yes, cancel the event"));
    let res = app.post_form(&format!("/events/{id}/cancel"), &[]).await;
    assert_eq!(location(&res), format!("/events/{id}?notice=event-cancelled"));
    let html = app.text(&format!("/events/{id}")).await;
    assert!(html.contains("This event is cancelled"));
    assert!(html.contains("This event is not taking replies."));
    assert!(app.text("/events").await.contains("Cancelled"));
    let other = app.api_person("Di", "di@example.org", &["read", "write"]).await;
    let res = app.api_send(Method::POST, &other, &format!("/api/v1/events/{id}/rsvp"), json!({})).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    app.stop().await;
}

fn property<'a>(e: &'a icalendar::Event, key: &str) -> Option<&'a icalendar::Property> {
    e.properties().get(key)
}

async fn calendars_and_feeds_read_back(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let owner = setup(&app).await;
    let e = create(&app, &owner, weekly(2)).await;
    let id = e["id"].as_str().unwrap().to_string();
    let second = e["next"][1]["original_starts_at"].as_i64().unwrap();
    let third = e["next"][2]["original_starts_at"].as_i64().unwrap();
    app.api_send(Method::POST, &owner, &format!("/api/v1/events/{id}/cancel"), json!({"occurrence": second})).await;
    app.post_form(
        &format!("/events/{id}/occurrences/{third}"),
        &[("change", "move"), ("date", &day(17)), ("start_time", "13:00"), ("end_time", "15:00")],
    )
    .await;
    let mut one_off = weekly(4);
    one_off["repeat"] = json!("none");
    one_off["title"] = json!("Harvest meal");
    let meal = create(&app, &owner, one_off).await;
    let meal_id = meal["id"].as_str().unwrap().to_string();
    app.api_send(Method::POST, &owner, &format!("/api/v1/events/{meal_id}/cancel"), json!({})).await;

    // The event's own file.
    let res = app.get(&format!("/events/{id}.ics")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "text/calendar; charset=utf-8");
    let text = res.text().await.unwrap();
    assert!(text.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/London\r\n"));
    assert!(text.contains("RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU"));
    let cal: icalendar::Calendar = text.parse().unwrap();
    let events: Vec<&icalendar::Event> = cal.events().collect();
    assert_eq!(events.len(), 2, "the series and the moved date");
    let series = events.iter().find(|e| property(e, "RECURRENCE-ID").is_none()).unwrap();
    let moved = events.iter().find(|e| property(e, "RECURRENCE-ID").is_some()).unwrap();
    let host = url::Url::parse(&app.config.base_url).unwrap().host_str().unwrap().to_string();
    assert_eq!(series.get_uid(), Some(format!("{id}@{host}").as_str()));
    assert_eq!(moved.get_uid(), series.get_uid());
    assert_eq!(series.get_summary(), Some("Thursday food share"));
    assert_eq!(property(series, "RRULE").unwrap().value(), "FREQ=WEEKLY");
    let dtstart = property(series, "DTSTART").unwrap();
    assert_eq!(dtstart.params().get("TZID").unwrap().value(), "Europe/London");
    assert!(dtstart.value().ends_with("T100000"));
    assert_eq!(property(series, "STATUS").unwrap().value(), "CONFIRMED");
    assert!(property(series, "DTSTAMP").is_some());
    assert!(property(series, "LAST-MODIFIED").is_some());
    assert_eq!(property(series, "URL").unwrap().value(), format!("{}/events/{id}", app.config.base_url));
    let exdates = series.multi_properties().get("EXDATE").unwrap();
    assert_eq!(exdates.len(), 1);
    assert_eq!(exdates[0].params().get("TZID").unwrap().value(), "Europe/London");
    assert_eq!(exdates[0].value(), e["next"][1]["local_start"].as_str().unwrap().replace(['-', ':'], "") + "00");
    let rid = property(moved, "RECURRENCE-ID").unwrap();
    assert_eq!(rid.value(), e["next"][2]["local_start"].as_str().unwrap().replace(['-', ':'], "") + "00");
    assert!(property(moved, "DTSTART").unwrap().value().ends_with("T130000"));

    // UIDs are stable across requests.
    let again: icalendar::Calendar = app.text(&format!("/events/{id}.ics")).await.parse().unwrap();
    assert_eq!(again.events().next().unwrap().get_uid(), series.get_uid());

    // The group's and the place's calendars: the cancelled meal is there, marked cancelled.
    for path in ["/groups/food-share/events.ics", "/places/riverside/events.ics"] {
        let cal: icalendar::Calendar = app.text(path).await.parse().unwrap();
        let meal = cal.events().find(|e| e.get_summary() == Some("Harvest meal")).unwrap();
        assert_eq!(property(meal, "STATUS").unwrap().value(), "CANCELLED");
        assert_eq!(meal.get_uid(), Some(format!("{meal_id}@{host}").as_str()));
        assert!(property(meal, "RRULE").is_none());
    }
    assert_eq!(app.get("/groups/nobody/events.ics").await.status(), StatusCode::NOT_FOUND);

    // Atom, read back.
    for path in ["/groups/food-share/events.atom", "/places/riverside/events.atom"] {
        let res = app.get(path).await;
        assert_eq!(res.headers()["content-type"], "application/atom+xml; charset=utf-8");
        let feed: atom_syndication::Feed = res.text().await.unwrap().parse().unwrap();
        assert_eq!(feed.entries().len(), 2);
        let entry = feed.entries().iter().find(|e| e.title().as_str().contains("Harvest meal")).unwrap();
        assert!(entry.title().as_str().starts_with("[cancelled]"));
        assert_eq!(entry.links()[0].href(), format!("{}/events/{meal_id}", app.config.base_url));
        let food = feed.entries().iter().find(|e| e.title().as_str() == "Thursday food share").unwrap();
        let html = food.content().unwrap().value().unwrap();
        assert!(html.contains("<strong>free</strong>"));
        assert!(!html.contains("<script>"));
    }

    // A rule that never ends is unfolded within bounds.
    let all: Value = app.api_get(&owner, "/api/v1/events?days=366&per_page=100").await.json().await.unwrap();
    let n = all["items"].as_array().unwrap().iter().filter(|i| i["id"] == id.as_str()).count();
    assert!((50..=54).contains(&n), "{n} weekly dates in a year");
    app.stop().await;
}

async fn the_demo_has_current_events(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    plural::demo::seed(&app.state.db, &app.key).await.unwrap();
    let html = app.text("/events").await;
    for title in ["Thursday food share", "Sewing circle", "Saturday garden morning", "Council drop-in"] {
        assert!(html.contains(title), "{title} is listed");
    }
    assert!(html.contains("Cancelled"));
    // The node's front page shows what's on soon.
    let home = app.text("/").await;
    assert!(home.contains("What's on soon") || home.contains("What&#39;s on soon"));
    assert!(home.contains("Thursday food share"), "an upcoming event on the home page");
    let all: Value = app.get("/api/v1/events?days=40&per_page=100").await.json().await.unwrap();
    let titles: Vec<&str> = all["items"].as_array().unwrap().iter().map(|i| i["title"].as_str().unwrap()).collect();
    for title in ["Tenants' meeting", "Spring seed swap", "Harvest meal", "Saturday food share"] {
        assert!(titles.contains(&title), "{title}");
    }
    let meal = all["items"].as_array().unwrap().iter().find(|i| i["title"] == "Harvest meal").unwrap();
    assert_eq!(meal["going"], 3);
    assert_eq!(meal["waiting"], 1);
    let food = all["items"].as_array().unwrap().iter().filter(|i| i["title"] == "Thursday food share");
    assert_eq!(food.filter(|i| i["occurrence"]["cancelled"] == true).count(), 1, "one date off");
    // A borough's list holds its wards' events too, and only theirs.
    let lambeth: Value = app.get("/api/v1/events?place=lambeth&days=40&per_page=100").await.json().await.unwrap();
    let places: Vec<&str> = lambeth["items"].as_array().unwrap().iter().map(|i| i["place"].as_str().unwrap()).collect();
    assert!(places.iter().any(|p| *p != "lambeth"), "{places:?}");
    let wards = ["lambeth", "brixton-hill", "coldharbour", "stockwell"];
    assert!(places.iter().all(|p| wards.contains(p)), "{places:?}");
    assert!(app.text("/events?place=lambeth").await.contains("Thursday food share"));
    // A page far past the end is empty, not an overflow (schemathesis found a 500).
    let far: Value = app.get("/api/v1/events?page=9223372036854775806").await.json().await.unwrap();
    assert_eq!(far["items"], serde_json::json!([]));
    let cal: icalendar::Calendar = app.text("/groups/brixton-food-share/events.ics").await.parse().unwrap();
    assert_eq!(cal.events().count(), 2);
    app.stop().await;
}
