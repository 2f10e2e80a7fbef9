//! Notices: posting, editing and deleting through pages and the API, the
//! refusals (bad input, no role, not signed in), expiry, and notices as
//! ActivityStreams `Note`s reaching a place on another node that follows.

use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::both_engines;
use crate::helpers::{location, post_form_as, spawn_app_with, Engine, Options, TestApp};

both_engines!(
    post_edit_and_delete_by_page_and_api,
    bad_input_is_refused_and_nothing_is_kept,
    only_publishers_and_stewards_post,
    expired_notices_leave_lists_but_keep_their_page,
    a_notice_is_a_note_at_its_page,
    a_notice_reaches_a_following_node,
    the_demo_has_current_notices,
);

const OWNER: &str = "olu@example.org";
const AS: &str = "application/activity+json";

async fn app(engine: Engine) -> Option<TestApp> {
    spawn_app_with(engine, Options { tune: |c| c.federation.allow_loopback = true }).await
}

/// A place `riverside` and a group `tenants` in it run by Olu (signed in on
/// `app.client`); returns Olu's token.
async fn setup(app: &TestApp) -> String {
    app.place("riverside", "Riverside").await;
    app.sign_up("Olu Owner", OWNER).await;
    let token = app.token_for(OWNER, &["read", "write"]).await;
    let res = app
        .api_send(
            Method::POST,
            &token,
            "/api/v1/groups",
            json!({"name": "Riverside Tenants", "slug": "tenants", "kind": "community_group", "place": "riverside", "join_policy": "open"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    token
}

fn in_days(days: i64) -> String {
    (chrono::Utc::now() + chrono::Duration::days(days)).to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

async fn post(app: &TestApp, token: &str, body: Value) -> Value {
    let res = app.api_send(Method::POST, token, "/api/v1/notices", body).await;
    let status = res.status();
    let v: Value = res.json().await.unwrap();
    assert_eq!(status, StatusCode::CREATED, "{v}");
    v
}

async fn problem(res: reqwest::Response, status: StatusCode) -> Value {
    assert_eq!(res.status(), status);
    res.json().await.unwrap()
}

fn field_codes(p: &Value) -> Vec<(String, String)> {
    p["errors"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|e| (e["field"].as_str().unwrap().to_string(), e["code"].as_str().unwrap().to_string()))
                .collect()
        })
        .unwrap_or_default()
}

async fn count(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM notices").fetch_one(app.state.db.reader()).await.unwrap()
}

async fn post_edit_and_delete_by_page_and_api(engine: Engine) {
    let Some(app) = app(engine).await else { return };
    let token = setup(&app).await;

    // By the API: Markdown rendered, HTML made harmless.
    let n = post(
        &app,
        &token,
        json!({"group": "tenants", "title": "Bin collection moved to Thursday",
               "body": "<script>alert('x')</script>\n\n**Thursday** mornings <img src=x onerror=alert(1)> [more](javascript:alert(1))",
               "expires_at": in_days(7)}),
    )
    .await;
    let html = n["body_html"].as_str().unwrap();
    for bad in ["<script", "onerror", "<img", "javascript:"] {
        assert!(!html.contains(bad), "{bad} in {html}");
    }
    assert!(html.contains("<strong>Thursday</strong>"), "{html}");
    assert_eq!(n["group"], "tenants");
    assert_eq!(n["place"], "riverside");
    assert_eq!(n["expired"], false);
    let id = n["id"].as_str().unwrap().to_string();
    assert_eq!(n["url"], app.url(&format!("/notices/{id}")));

    // Its page, with its ActivityPub id advertised; the script never reaches it.
    let page = app.text(&format!("/notices/{id}")).await;
    assert!(page.contains("<h1>Bin collection moved to Thursday</h1>"), "{page}");
    assert!(!page.contains("<script>alert"), "script must not survive");
    let alternate =
        format!(r#"<link rel="alternate" type="application/activity+json" href="{}">"#, n["url"].as_str().unwrap());
    assert!(page.contains(&alternate), "{page}");
    // And on the group's page and the place's page.
    assert!(app.text("/groups/tenants").await.contains(&format!("/notices/{id}")));
    assert!(app.text("/places/riverside").await.contains("Bin collection moved to Thursday"));

    // The page form, from the group's page: errors listed, input kept; then saved.
    let group_page = app.text("/groups/tenants").await;
    assert!(group_page.contains(r#"href="/notices/new?group=tenants""#), "owners are offered the form");
    let form = app.get("/notices/new?group=tenants").await;
    assert_eq!(form.status(), StatusCode::OK);
    let res = app.post_form("/notices", &[("group", "tenants"), ("title", " "), ("body", "Kept as typed")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let body = res.text().await.unwrap();
    assert!(body.contains("error-summary") && body.contains("Enter a title"), "{body}");
    assert!(body.contains(r##"href="#f-title""##), "{body}");
    assert!(body.contains("Kept as typed"));
    let res = app
        .post_form(
            "/notices",
            &[("group", "tenants"), ("title", "Food bank closed on Monday"), ("body", "Bank holiday.")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let to = location(&res);
    assert!(to.starts_with("/notices/") && to.ends_with("?notice=notices-created"), "{to}");
    let page_id = to.trim_start_matches("/notices/").split('?').next().unwrap().to_string();
    assert!(app.text(&to).await.contains("Your notice is posted."));

    // Edited through the page and through the API.
    let edit = app.text(&format!("/notices/{page_id}/edit")).await;
    assert!(edit.contains(r#"value="Food bank closed on Monday""#), "{edit}");
    let res = app
        .post_form(&format!("/notices/{page_id}/edit"), &[("title", "Food bank closed on Monday 26th"), ("body", "")])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(app.text(&format!("/notices/{page_id}")).await.contains("<h1>Food bank closed on Monday 26th</h1>"));
    let res = app
        .api_send(Method::PATCH, &token, &format!("/api/v1/notices/{id}"), json!({"title": "Bins on Thursday"}))
        .await;
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["title"], "Bins on Thursday", "{v}");
    assert_eq!(v["body"], n["body"], "fields left out keep their value");
    let res =
        app.api_send(Method::PATCH, &token, &format!("/api/v1/notices/{id}"), json!({"group": "elsewhere"})).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);

    // Newest first, in the API's list by group and by place.
    let list: Value = app.api_get(&token, "/api/v1/notices?group=tenants").await.json().await.unwrap();
    let titles: Vec<&str> = list["items"].as_array().unwrap().iter().map(|i| i["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["Food bank closed on Monday 26th", "Bins on Thursday"]);
    let list: Value = app.api_get(&token, "/api/v1/notices?place=riverside").await.json().await.unwrap();
    assert_eq!(list["items"].as_array().unwrap().len(), 2);
    assert_eq!(app.api_get(&token, "/api/v1/notices?place=nowhere").await.status(), StatusCode::NOT_FOUND);

    // Deleted through the page (back to the group) and through the API.
    let res = app.post_form(&format!("/notices/{page_id}/delete"), &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/groups/tenants?notice=notices-deleted");
    assert_eq!(app.get(&format!("/notices/{page_id}")).await.status(), StatusCode::NOT_FOUND);
    let res = app.api_send(Method::DELETE, &token, &format!("/api/v1/notices/{id}"), json!({})).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(app.api_get(&token, &format!("/api/v1/notices/{id}")).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(count(&app).await, 0);
    app.stop().await;
}

async fn bad_input_is_refused_and_nothing_is_kept(engine: Engine) {
    let Some(app) = app(engine).await else { return };
    let token = setup(&app).await;
    let send = |body: Value| app.api_send(Method::POST, &token, "/api/v1/notices", body);

    // Every problem named at once.
    let p = problem(
        send(
            json!({"group": "tenants", "title": "  ", "body": "x".repeat(4001), "expires_at": "2001-01-01T10:00:00Z"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    let want =
        [("title", "notice-title-required"), ("body", "notice-body-too-long"), ("expires_at", "notice-expiry-in-past")];
    let want: Vec<(String, String)> = want.iter().map(|(f, c)| (f.to_string(), c.to_string())).collect();
    assert_eq!(field_codes(&p), want);
    for (body, field, code) in [
        (json!({"group": "tenants", "title": "t".repeat(121)}), "title", "notice-title-too-long"),
        (
            json!({"group": "tenants", "title": "Closed", "expires_at": "next week"}),
            "expires_at",
            "notice-expiry-invalid",
        ),
        (json!({"group": "nobody", "title": "Closed"}), "group", "notice-group-invalid"),
        (json!({"title": "Closed"}), "place", "notice-place-invalid"),
        (json!({"place": "nowhere", "title": "Closed"}), "place", "notice-place-invalid"),
    ] {
        let p = problem(send(body.clone()).await, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert_eq!(field_codes(&p), vec![(field.to_string(), code.to_string())], "{body}");
    }
    let res = send(json!({"group": "tenants", "title": "Closed", "colour": "red"})).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);

    // Editing: a past expiry is refused too, and the notice stays as it was.
    let n = post(&app, &token, json!({"group": "tenants", "title": "Closed"})).await;
    let path = format!("/api/v1/notices/{}", n["id"].as_str().unwrap());
    let res =
        app.api_send(Method::PATCH, &token, &path, json!({"title": "", "expires_at": "2001-01-01T10:00:00Z"})).await;
    let p = problem(res, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(field_codes(&p).len(), 2, "{p}");
    let v: Value = app.api_get(&token, &path).await.json().await.unwrap();
    assert_eq!(v["title"], "Closed");
    assert_eq!(v["expires_at"], Value::Null);

    // The page form says the same, in the reader's language.
    let res = app
        .post_form("/notices", &[("group", "tenants"), ("title", "Closed"), ("expires_at", "2001-01-01T10:00")])
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let body = res.text().await.unwrap();
    assert!(body.contains("must be in the future") && body.contains(r##"href="#f-expires_at""##), "{body}");
    assert_eq!(count(&app).await, 1);
    app.stop().await;
}

async fn only_publishers_and_stewards_post(engine: Engine) {
    let Some(app) = app(engine).await else { return };
    let token = setup(&app).await;
    let n = post(&app, &token, json!({"group": "tenants", "title": "Meeting moved"})).await;
    let id = n["id"].as_str().unwrap();

    // Not signed in: the API says 401, the pages send to sign-in.
    let res = app.client.post(app.url("/api/v1/notices")).json(&json!({"group": "tenants", "title": "x"})).send().await;
    assert_eq!(res.unwrap().status(), StatusCode::UNAUTHORIZED);
    let (anon, anon_jar) = app.new_client();
    let res = anon.get(app.url("/notices/new?group=tenants")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(location(&res).starts_with("/sign-in"), "{}", location(&res));
    let res = post_form_as(&anon, &anon_jar, &app.base, &format!("/notices/{id}/delete"), &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(location(&res).starts_with("/sign-in"));
    // Anyone may read it, and nobody but the publishers is offered to change it.
    let page = anon.get(app.url(&format!("/notices/{id}"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Meeting moved") && !page.contains("/edit"));

    // A plain member of the group may not post, edit or delete for it.
    let member = app.resident("Mia", Some("riverside")).await;
    let res = app.api_send(Method::POST, &member, "/api/v1/groups/tenants/join", json!({})).await;
    assert!(res.status().is_success(), "{}", res.status());
    let res =
        app.api_send(Method::POST, &member, "/api/v1/notices", json!({"group": "tenants", "title": "Mine"})).await;
    assert_eq!(problem(res, StatusCode::FORBIDDEN).await["detail"], "group-admin-only");
    let path = format!("/api/v1/notices/{id}");
    let res = app.api_send(Method::PATCH, &member, &path, json!({"title": "Changed"})).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = app.api_send(Method::DELETE, &member, &path, json!({})).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // Through the pages too, with their own session.
    let (browser, jar) = app.new_client();
    let res = post_form_as(
        &browser,
        &jar,
        &app.base,
        "/sign-in",
        &[("email", "mia@example.org"), ("password", crate::helpers::PASSWORD)],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let res = browser.get(app.url("/notices/new?group=tenants")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = post_form_as(&browser, &jar, &app.base, "/notices", &[("group", "tenants"), ("title", "")]).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "a refusal is not hidden behind field errors");
    let res = post_form_as(&browser, &jar, &app.base, &format!("/notices/{id}/delete"), &[]).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let page = browser.get(app.url("/places/riverside")).send().await.unwrap().text().await.unwrap();
    assert!(!page.contains("/notices/new?place=riverside"), "residents are not offered the place's form");

    // A place-wide notice: not a resident, nor a group's owner; its stewards and node admins.
    for who in [&member, &token] {
        let res = app
            .api_send(Method::POST, who, "/api/v1/notices", json!({"place": "riverside", "title": "Road closed"}))
            .await;
        assert_eq!(problem(res, StatusCode::FORBIDDEN).await["detail"], "notice-steward-only");
    }
    let riverside = plural_store::places::by_slug(&app.state.db, "riverside").await.unwrap().unwrap().id;
    plural_store::mutual_aid::add_steward(&app.state.db, riverside, app.person_id("mia@example.org").await)
        .await
        .unwrap();
    let wide = post(&app, &member, json!({"place": "riverside", "title": "Road closed"})).await;
    assert_eq!(wide["group"], Value::Null);
    let page = browser.get(app.url("/places/riverside")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("/notices/new?place=riverside"), "stewards are offered the place's form");
    assert!(page.contains("Road closed") && page.contains("Meeting moved"), "the place shows its own and its groups'");
    app.sign_up("Ada Admin", "ada@example.org").await;
    app.promote("ada@example.org").await;
    let admin = app.token_for("ada@example.org", &["read", "write"]).await;
    post(&app, &admin, json!({"place": "riverside", "title": "Water off on Tuesday"})).await;
    let res = app.api_send(Method::DELETE, &admin, &path, json!({})).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT, "node admins may take a notice down");
    app.stop().await;
}

async fn expired_notices_leave_lists_but_keep_their_page(engine: Engine) {
    let Some(app) = app(engine).await else { return };
    let token = setup(&app).await;
    let n =
        post(&app, &token, json!({"group": "tenants", "title": "Lift out of order", "expires_at": in_days(1)})).await;
    let id = n["id"].as_str().unwrap();
    post(&app, &token, json!({"group": "tenants", "title": "Hall booked on Friday"})).await;
    let page = app.text("/places/riverside").await;
    assert!(page.contains("Lift out of order") && page.contains("Until "), "{page}");

    // Time passes: its expiry is now behind us.
    let past = plural_store::now() - 60;
    sqlx::query("UPDATE notices SET expires_at = $1 WHERE id = $2")
        .bind(past)
        .bind(id)
        .execute(app.state.db.writer())
        .await
        .unwrap();
    let list: Value = app.api_get(&token, "/api/v1/notices?place=riverside").await.json().await.unwrap();
    let titles: Vec<&str> = list["items"].as_array().unwrap().iter().map(|i| i["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["Hall booked on Friday"]);
    assert!(!app.text("/places/riverside").await.contains("Lift out of order"));
    assert!(!app.text("/groups/tenants").await.contains("Lift out of order"));
    // Its own page still answers, marked as expired.
    let page = app.text(&format!("/notices/{id}")).await;
    assert!(page.contains("Lift out of order") && page.contains("Expired"), "{page}");
    let v: Value = app.api_get(&token, &format!("/api/v1/notices/{id}")).await.json().await.unwrap();
    assert_eq!(v["expired"], true);
    // It can still be edited without reviving it: the passed expiry may stay.
    let res = app
        .api_send(Method::PATCH, &token, &format!("/api/v1/notices/{id}"), json!({"body": "Fixed on Monday."}))
        .await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
    app.stop().await;
}

async fn get_as(app: &TestApp, url: &str) -> (StatusCode, Value) {
    let res = app.client.get(url).header("accept", AS).send().await.unwrap();
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

async fn a_notice_is_a_note_at_its_page(engine: Engine) {
    let Some(app) = app(engine).await else { return };
    let token = setup(&app).await;
    let expires = in_days(3);
    let n = post(
        &app,
        &token,
        json!({"group": "tenants", "title": "Lift out of order", "body": "Use the **east** stairs. <script>x()</script>", "expires_at": expires}),
    )
    .await;
    let url = n["url"].as_str().unwrap();
    let (status, note) = get_as(&app, url).await;
    assert_eq!(status, StatusCode::OK);
    let group: Value = get_as(&app, &app.url("/groups/tenants")).await.1;
    let actor = group["id"].as_str().unwrap();
    assert_eq!(note["type"], "Note");
    assert_eq!(note["id"], url);
    assert_eq!(note["url"], url);
    assert_eq!(note["name"], "Lift out of order");
    assert_eq!(note["mediaType"], "text/html");
    let content = note["content"].as_str().unwrap();
    assert!(content.contains("<strong>east</strong>") && !content.contains("<script"), "{content}");
    assert_eq!(note["attributedTo"], actor);
    assert_eq!(note["to"], json!(["https://www.w3.org/ns/activitystreams#Public"]));
    assert_eq!(note["cc"], json!([format!("{actor}/followers")]));
    assert_eq!(note["endTime"], expires);
    assert_eq!(note["published"], n["created_at"]);
    assert_eq!(note["updated"], n["updated_at"]);
    assert!(note["@context"].is_array());

    // A place-wide notice speaks as the place, and has no end when it does not expire.
    app.promote(OWNER).await;
    let wide = post(&app, &token, json!({"place": "riverside", "title": "Road closed"})).await;
    let (_, note) = get_as(&app, wide["url"].as_str().unwrap()).await;
    let place: Value = get_as(&app, &app.url("/places/riverside")).await.1;
    assert_eq!(note["attributedTo"], place["id"]);
    assert!(note.get("endTime").is_none(), "{note}");
    // A browser still gets the page.
    let res = app.get(url.trim_start_matches(&app.base)).await;
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    app.stop().await;
}

/// Poll until `check` holds (the worker delivers in the background).
async fn eventually<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    for _ in 0..200 {
        if check().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("timed out waiting for: {what}");
}

async fn a_notice_reaches_a_following_node(engine: Engine) {
    let Some(a) = app(engine).await else { return };
    let Some(b) = app(engine).await else { return };
    let token_a = setup(&a).await;
    b.place("borough", "Borough").await;
    b.sign_up("Bea", "admin@example.org").await;
    b.promote("admin@example.org").await;
    let token_b = b.token_for("admin@example.org", &["read", "write"]).await;
    let host_a = a.base.trim_start_matches("http://").to_string();

    // Borough (on B) follows the tenants' group (on A).
    let res = b
        .api_send(
            Method::POST,
            &token_b,
            "/api/v1/places/borough/following",
            json!({"actor": format!("tenants@{host_a}")}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    eventually("the follow accepted", || async {
        let list: Value = b.api_get(&token_b, "/api/v1/places/borough/following").await.json().await.unwrap();
        list[0]["state"] == "accepted"
    })
    .await;

    // Posted on A: shown on B's place page, linked to the original.
    let n =
        post(&a, &token_a, json!({"group": "tenants", "title": "Boiler repairs on Friday", "expires_at": in_days(2)}))
            .await;
    let url = n["url"].as_str().unwrap().to_string();
    eventually("the notice on B", || async { b.text("/places/borough").await.contains("Boiler repairs on Friday") })
        .await;
    assert!(b.text("/places/borough").await.contains(&url));
    let kind: String = sqlx::query_scalar("SELECT kind FROM fed_objects WHERE id = $1")
        .bind(&url)
        .fetch_one(b.state.db.reader())
        .await
        .unwrap();
    assert_eq!(kind, "Note");

    // Edited on A: edited on B. Deleted on A: gone from B.
    let path = format!("/api/v1/notices/{}", n["id"].as_str().unwrap());
    let res = a.api_send(Method::PATCH, &token_a, &path, json!({"title": "Boiler repairs moved to Saturday"})).await;
    assert_eq!(res.status(), StatusCode::OK);
    eventually("the edit on B", || async {
        b.text("/places/borough").await.contains("Boiler repairs moved to Saturday")
    })
    .await;
    let res = a.api_send(Method::DELETE, &token_a, &path, json!({})).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    eventually("the deletion on B", || async { !b.text("/places/borough").await.contains("Boiler repairs") }).await;
    a.stop().await;
    b.stop().await;
}

async fn the_demo_has_current_notices(engine: Engine) {
    let Some(app) = app(engine).await else { return };
    plural::demo::seed(&app.state.db, &app.key).await.unwrap();
    let page = app.text("/places/brixton-hill").await;
    assert!(page.contains("Road closure on Brixton Hill") && page.contains("Food bank closed on Monday"), "{page}");
    assert!(app.text("/groups/coldharbour-tenants").await.contains("Bin collection moved to Thursday"));
    app.stop().await;
}
