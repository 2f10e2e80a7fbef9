//! Federation: actors, WebFinger and NodeInfo read back; every forged or
//! hostile input sent to an inbox and refused; two nodes following each
//! other's places and groups with events created, updated and deleted
//! across them; a Delete that arrives before its Create.
//!
//! The "remote server" is `remote::FakeServer`: a small axum app on loopback
//! that serves actor documents with their own RSA keys and records what is
//! delivered to it.

use std::time::{Duration, SystemTime};

use plural_web::federation::signatures;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::both_engines;
use crate::helpers::{location, spawn_app_with, Engine, Options, TestApp};
use crate::remote::{send, signed_post, FakeServer, AS};

/// Fedify (npm `@fedify/fedify` 1.3.x, in `tests/interop`) reads and follows
/// a Plural node. Skipped when its packages are not installed, unless
/// `PLURAL_REQUIRE_INTEROP=1` (CI sets it).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fedify_reads_and_follows_plural() {
    let dir = interop_dir();
    if !interop_installed(dir.join("node_modules/@fedify/fedify").exists(), "Fedify", "npm ci in tests/interop") {
        return;
    }
    let Some(app) = fed_app(Engine::Sqlite).await else { return };
    let token = setup(&app).await;
    let event = publish_event(&app, &token, "Tenants' meeting").await;
    let group = group_actor(&app).await;
    let gid = group["id"].as_str().unwrap().to_string();
    let me = app.api_send(Method::PUT, &token, "/api/v1/me/fediverse", json!({"handle": "olu"})).await;
    let me: Value = me.json().await.unwrap();
    let person = me["actor"].as_str().unwrap().to_string();
    let run = |args: Vec<String>| {
        let dir = dir.clone();
        tokio::task::spawn_blocking(move || {
            std::process::Command::new("node").args(&args).current_dir(dir).output().unwrap()
        })
    };
    let out = run(vec![
        "lookup.mjs".into(),
        format!("group={gid}"),
        format!("place={}", app.url("/places/riverside")),
        format!("event={}", app.url(&format!("/events/{event}"))),
        format!("application={}", app.url("/actor")),
        format!("person={}", app.url("/people/olu")),
    ])
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(out.status.success(), "lookup.mjs: {stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    let lines: Vec<Value> = stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 5, "{stdout}");
    assert_eq!(lines[0]["type"], "Group");
    assert_eq!(lines[0]["key"], format!("{gid}#main-key"));
    assert_eq!(lines[2]["type"], "Event");
    assert_eq!(lines[2]["name"], "Tenants' meeting");
    assert_eq!(lines[3]["type"], "Application");
    assert_eq!(lines[4]["type"], "Person");
    assert_eq!(lines[4]["id"], person);
    assert_eq!(lines[4]["preferredUsername"], "olu");
    assert_eq!(lines[4]["key"], format!("{person}#main-key"));

    let out = run(vec!["follow.mjs".into(), app.base.clone(), gid, "tenants".into(), token]).await.unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(out.status.success(), "follow.mjs: {stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    let result: Value = serde_json::from_str(stdout.trim()).unwrap();
    assert_eq!(result["event"], "Interop picnic");
    assert_eq!(follower_count(&app, &group).await, 1);
    app.stop().await;
}

/// bovine (PyPI `bovine`, pinned in `tests/interop/requirements.txt`) follows
/// a Plural group as a server of its own: `tests/interop/bovine_follow.py`
/// signs its Follow with bovine and verifies Plural's Accept and Create(Event)
/// with bovine's verifier, which fetches the group's key itself. Skipped when
/// `python3` cannot import bovine, unless `PLURAL_REQUIRE_INTEROP=1`.
async fn bovine_follows_plural(engine: Engine) {
    let found = std::process::Command::new("python3")
        .args(["-c", "import bovine"])
        .output()
        .is_ok_and(|out| out.status.success());
    if !interop_installed(found, "bovine", "pip install -r tests/interop/requirements.txt") {
        return;
    }
    let Some(app) = fed_app(engine).await else { return };
    let token = setup(&app).await;
    let group = group_actor(&app).await;
    let gid = group["id"].as_str().unwrap().to_string();
    let args = vec!["bovine_follow.py".to_string(), app.base.clone(), gid.clone(), "tenants".into(), token];
    let out = tokio::task::spawn_blocking(move || {
        std::process::Command::new("python3").args(&args).current_dir(interop_dir()).output().unwrap()
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(out.status.success(), "bovine_follow.py: {stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    let result: Value = serde_json::from_str(stdout.trim()).unwrap();
    assert_eq!(result["accept_signed_by"], gid.as_str());
    assert_eq!(result["create_signed_by"], gid.as_str());
    assert_eq!(result["type"], "Event");
    assert_eq!(result["event"], "Interop picnic");
    assert_eq!(result["altered_create_refused"], true);
    assert_eq!(follower_count(&app, &group).await, 1);
    app.stop().await;
}

fn interop_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/interop")
}

/// Whether an interop test can run: a missing implementation skips it with a
/// notice, or fails it under `PLURAL_REQUIRE_INTEROP=1` (CI sets it).
fn interop_installed(found: bool, implementation: &str, install: &str) -> bool {
    if found {
        return true;
    }
    if std::env::var("PLURAL_REQUIRE_INTEROP").is_ok_and(|v| v == "1") {
        panic!("PLURAL_REQUIRE_INTEROP=1 but {implementation} is not installed ({install})");
    }
    eprintln!("notice: {implementation} is not installed ({install}); skipping its interop test");
    false
}

both_engines!(
    bovine_follows_plural,
    actors_are_discoverable,
    people_choose_to_be_actors,
    forged_and_hostile_inputs_are_refused,
    fetches_never_reach_private_addresses,
    two_nodes_follow_and_share_events,
    delete_before_create_is_not_undone,
    pages_follow_and_block_without_javascript,
    authorized_fetch_requires_signed_gets,
    the_demo_shows_what_arrived_from_another_node,
    polls_travel_as_questions_mastodon_can_read,
);

async fn fed_app(engine: Engine) -> Option<TestApp> {
    spawn_app_with(engine, Options { tune: |c| c.federation.allow_loopback = true }).await
}

/// A place `riverside`, a group `tenants` in it run by owner@example.org
/// (a node admin); returns the owner's token.
async fn setup(app: &TestApp) -> String {
    app.place("riverside", "Riverside").await;
    app.sign_up("Olu", "owner@example.org").await;
    app.promote("owner@example.org").await;
    let token = app.token_for("owner@example.org", &["read", "write"]).await;
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

fn day(days: i64) -> String {
    (chrono::Utc::now() + chrono::Duration::days(days)).format("%Y-%m-%d").to_string()
}

async fn publish_event(app: &TestApp, token: &str, title: &str) -> String {
    let body = json!({"group": "tenants", "publish": true, "title": title, "venue": "Community hall",
        "address": "1 High Street", "postcode": "E1 1AA", "date": day(3), "start_time": "18:00", "end_time": "20:00",
        "is_free": true, "description": "All tenants welcome."});
    let res = app.api_send(Method::POST, token, "/api/v1/events", body).await;
    let status = res.status();
    let v: Value = res.json().await.unwrap();
    assert_eq!(status, StatusCode::CREATED, "{v}");
    v["id"].as_str().unwrap().to_string()
}

async fn get_as(app: &TestApp, url: &str) -> (StatusCode, Value) {
    let res = app.client.get(url).header("accept", AS).send().await.unwrap();
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
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

async fn group_actor(app: &TestApp) -> Value {
    let (status, doc) = get_as(app, &app.url("/groups/tenants")).await;
    assert_eq!(status, StatusCode::OK);
    doc
}

async fn follower_count(app: &TestApp, actor: &Value) -> i64 {
    get_as(app, actor["followers"].as_str().unwrap()).await.1["totalItems"].as_i64().unwrap()
}

// ---- tests ----

async fn actors_are_discoverable(engine: Engine) {
    let Some(app) = fed_app(engine).await else { return };
    let token = setup(&app).await;
    let host = app.base.trim_start_matches("http://").to_string();

    // WebFinger finds the group by its handle.
    let res =
        app.client.get(app.url(&format!("/.well-known/webfinger?resource=acct:tenants@{host}"))).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("application/jrd+json"));
    let jrd: Value = res.json().await.unwrap();
    assert_eq!(jrd["subject"], format!("acct:tenants@{host}"));
    let id = jrd["links"].as_array().unwrap().iter().find(|l| l["rel"] == "self").unwrap()["href"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(id.contains("/ap/groups/"), "{id}");
    let res =
        app.client.get(app.url(&format!("/.well-known/webfinger?resource=acct:nobody@{host}"))).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = app.client.get(app.url("/.well-known/webfinger")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);

    // The actor document, with its key.
    let (status, actor) = get_as(&app, &id).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(actor["type"], "Group");
    assert_eq!(actor["id"], id.as_str());
    assert_eq!(actor["preferredUsername"], "tenants");
    assert_eq!(actor["publicKey"]["owner"], id.as_str());
    assert_eq!(actor["publicKey"]["id"], format!("{id}#main-key"));
    assert!(actor["publicKey"]["publicKeyPem"].as_str().unwrap().starts_with("-----BEGIN PUBLIC KEY-----"));
    assert_eq!(actor["inbox"], format!("{id}/inbox"));
    assert_eq!(actor["endpoints"]["sharedInbox"], app.url("/inbox"));
    let res = app.client.get(&id).header("accept", AS).send().await.unwrap();
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with(AS));

    // The page answers with the same document when asked, and links to it.
    assert_eq!(group_actor(&app).await["id"], id.as_str());
    let html = app.text("/groups/tenants").await;
    assert!(
        html.contains(&format!(r#"<link rel="alternate" type="application/activity+json" href="{id}">"#)),
        "{html}"
    );
    let (status, place) = get_as(&app, &app.url("/places/riverside")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(place["type"], "Group");
    assert_eq!(place["preferredUsername"], "riverside");
    let place_id = place["id"].as_str().unwrap().to_string();
    assert!(app
        .text("/places/riverside")
        .await
        .contains(&format!(r#"type="application/activity+json" href="{place_id}""#)));
    // A browser asking for the id is sent to the page.
    let res = app.client.get(&id).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);

    // An event is an ActivityStreams Event at its own page's address.
    let event = publish_event(&app, &token, "Tenants' meeting").await;
    let (status, e) = get_as(&app, &app.url(&format!("/events/{event}"))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(e["type"], "Event");
    assert_eq!(e["id"], app.url(&format!("/events/{event}")));
    assert_eq!(e["name"], "Tenants' meeting");
    assert_eq!(e["attributedTo"], id.as_str());
    assert!(e["startTime"].as_str().unwrap().ends_with('Z'));
    assert!(e["endTime"].is_string());
    assert_eq!(e["location"]["type"], "Place");
    assert_eq!(e["location"]["name"], "Community hall");
    assert_eq!(e["location"]["address"]["postalCode"], "E1 1AA");
    assert!(e["to"].as_array().unwrap().contains(&json!("https://www.w3.org/ns/activitystreams#Public")));
    assert!(app
        .text(&format!("/events/{event}"))
        .await
        .contains(r#"rel="alternate" type="application/activity+json""#));

    // Outbox (paged) and followers (a count, never a list).
    let (_, outbox) = get_as(&app, actor["outbox"].as_str().unwrap()).await;
    assert_eq!(outbox["type"], "OrderedCollection");
    assert_eq!(outbox["totalItems"], 1);
    let (_, page) = get_as(&app, outbox["first"].as_str().unwrap()).await;
    assert_eq!(page["type"], "OrderedCollectionPage");
    assert_eq!(page["orderedItems"][0]["type"], "Create");
    assert_eq!(page["orderedItems"][0]["object"]["type"], "Event");
    // A page far past the end (found by schemathesis) is an empty page, not an error.
    let far = format!("{}?page={}", outbox["id"].as_str().unwrap(), i64::MAX);
    let (status, page) = get_as(&app, &far).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(page["orderedItems"].as_array().map(Vec::len), Some(0));
    assert!(page.get("next").is_none());
    assert_eq!(follower_count(&app, &actor).await, 0);
    let (_, followers) = get_as(&app, actor["followers"].as_str().unwrap()).await;
    assert!(followers.get("orderedItems").is_none());

    // NodeInfo 2.1 and the node's own actor.
    let links: Value = app.client.get(app.url("/.well-known/nodeinfo")).send().await.unwrap().json().await.unwrap();
    let href = links["links"][0]["href"].as_str().unwrap().to_string();
    assert_eq!(links["links"][0]["rel"], "http://nodeinfo.diaspora.software/ns/schema/2.1");
    let info: Value = app.client.get(&href).send().await.unwrap().json().await.unwrap();
    assert_eq!(info["version"], "2.1");
    assert_eq!(info["software"]["name"], "plural");
    assert_eq!(info["protocols"], json!(["activitypub"]));
    assert_eq!(info["usage"]["localPosts"], 1);
    let (status, node) = get_as(&app, &app.url("/actor")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(node["type"], "Application");
    // The JSON-LD context services are published with.
    let res = app.client.get(app.url("/ns/plural")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().await.unwrap().contains("openreferral.org/hsds"));
    app.stop().await;
}

async fn webfinger(app: &TestApp, name: &str) -> (StatusCode, Value) {
    let host = app.base.trim_start_matches("http://");
    let res = app.get(&format!("/.well-known/webfinger?resource=acct:{name}@{host}")).await;
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

/// People are actors only once they choose a handle, and stop being when
/// they clear it; what is published is their name, handle and home place.
async fn people_choose_to_be_actors(engine: Engine) {
    let Some(app) = fed_app(engine).await else { return };
    let token = setup(&app).await;
    let host = app.base.trim_start_matches("http://").to_string();

    // Not visible yet: nothing answers for the handle.
    assert_eq!(webfinger(&app, "olu").await.0, StatusCode::NOT_FOUND);
    assert_eq!(app.get("/people/olu").await.status(), StatusCode::NOT_FOUND);
    let me: Value = app.api_get(&token, "/api/v1/me").await.json().await.unwrap();
    assert_eq!(me["fediverse_handle"], Value::Null);
    assert_eq!(me["actor"], Value::Null);

    // Bad handles are refused with the field named; nothing is stored.
    for (handle, code) in [("Not valid!", "slug-invalid"), ("tenants", "slug-taken"), ("riverside", "slug-taken")] {
        let res = app.api_send(Method::PUT, &token, "/api/v1/me/fediverse", json!({ "handle": handle })).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{handle}");
        let problem: Value = res.json().await.unwrap();
        assert_eq!(problem["errors"][0]["field"], "fediverse_handle", "{problem}");
        assert_eq!(problem["errors"][0]["code"], code, "{problem}");
    }
    let res = app.api_send(Method::PUT, &token, "/api/v1/me/fediverse", json!({ "handle": 7 })).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert_eq!(webfinger(&app, "olu").await.0, StatusCode::NOT_FOUND);

    // Through the account page, without JavaScript: a bad handle is shown again with its error.
    let res = app.post_form("/account/fediverse", &[("fediverse_handle", "-olu-")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    assert!(html.contains("error-summary") && html.contains(r#"value="-olu-""#), "{html}");
    let res = app.post_form("/account/fediverse", &[("fediverse_handle", "Olu")]).await;
    assert_eq!(location(&res), "/account?notice=fediverse-visible#fediverse");
    assert!(app.text("/account").await.contains(&format!("@olu@{host}")));

    // Found by WebFinger; a Person with its key, inbox, outbox and followers.
    let (status, jrd) = webfinger(&app, "olu").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(jrd["subject"], format!("acct:olu@{host}"));
    let me: Value = app.api_get(&token, "/api/v1/me").await.json().await.unwrap();
    assert_eq!(me["fediverse_handle"], "olu");
    let id = me["actor"].as_str().unwrap().to_string();
    assert!(id.contains("/ap/people/"), "{id}");
    assert!(jrd["links"].as_array().unwrap().iter().any(|l| l["rel"] == "self" && l["href"] == id.as_str()));
    let (status, actor) = get_as(&app, &id).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(actor["type"], "Person");
    assert_eq!(actor["preferredUsername"], "olu");
    assert_eq!(actor["name"], "Olu");
    assert_eq!(actor["url"], app.url("/people/olu"));
    assert_eq!(actor["publicKey"]["owner"], id.as_str());
    assert_eq!(actor["inbox"], format!("{id}/inbox"));
    let (_, outbox) = get_as(&app, actor["outbox"].as_str().unwrap()).await;
    assert_eq!(outbox["type"], "OrderedCollection");
    assert_eq!(outbox["totalItems"], 0);
    assert_eq!(follower_count(&app, &actor).await, 0);
    // The profile page names the handle and links its actor; asked for
    // ActivityStreams, it is the actor.
    let html = app.text("/people/olu").await;
    assert!(html.contains(&format!("@olu@{host}")), "{html}");
    assert!(html.contains(&format!(r#"<link rel="alternate" type="application/activity+json" href="{id}">"#)));
    assert!(!html.contains("owner@example.org"));
    assert_eq!(get_as(&app, &app.url("/people/olu")).await.1["id"], id.as_str());

    // Someone else cannot take the handle.
    let other = app.api_person("Bola", "bola@example.org", &["read", "write"]).await;
    let res = app.api_send(Method::PUT, &other, "/api/v1/me/fediverse", json!({ "handle": "olu" })).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // Another server follows the person, and is accepted.
    let remote = FakeServer::start().await;
    let fan = remote.actor("fan");
    let follow = json!({"@context": "https://www.w3.org/ns/activitystreams",
        "id": format!("{}/activities/follow-olu", remote.base), "type": "Follow", "actor": fan.id, "object": id});
    let (status, body) = send(&app, &format!("{id}/inbox"), &fan, &follow).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    assert_eq!(follower_count(&app, &actor).await, 1);
    eventually("an Accept from the person", || async {
        remote.received().iter().any(|a| a["type"] == "Accept" && a["actor"] == id.as_str())
    })
    .await;

    // Clearing the handle: no actor, no page, no followers kept.
    let res = app.api_send(Method::PUT, &token, "/api/v1/me/fediverse", json!({ "handle": null })).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(get_as(&app, &id).await.0, StatusCode::NOT_FOUND);
    assert_eq!(webfinger(&app, "olu").await.0, StatusCode::NOT_FOUND);
    assert_eq!(app.get("/people/olu").await.status(), StatusCode::NOT_FOUND);
    let (status, _) = send(&app, &format!("{id}/inbox"), &fan, &follow).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let followers: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM fed_followers WHERE local_actor LIKE 'person:%'")
        .fetch_one(app.state.db.reader())
        .await
        .unwrap();
    assert_eq!(followers, 0);
    app.stop().await;
}

async fn forged_and_hostile_inputs_are_refused(engine: Engine) {
    let Some(app) = fed_app(engine).await else { return };
    let token = setup(&app).await;
    let remote = FakeServer::start().await;
    let mallory = remote.actor("mallory");
    let eve = remote.actor("eve");
    let group = group_actor(&app).await;
    let gid = group["id"].as_str().unwrap().to_string();
    let inbox = group["inbox"].as_str().unwrap().to_string();
    let follow = |n: u32| {
        json!({"@context": "https://www.w3.org/ns/activitystreams",
        "id": format!("{}/activities/follow-{n}", remote.base), "type": "Follow", "actor": mallory.id, "object": gid})
    };

    // A correct Follow is accepted, and the Accept comes back signed by the group.
    let (status, body) = send(&app, &inbox, &mallory, &follow(1)).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    assert_eq!(follower_count(&app, &group).await, 1);
    eventually("an Accept", || async { remote.received().iter().any(|a| a["type"] == "Accept") }).await;
    {
        let got = remote.state.received.lock().unwrap();
        let (headers, path, accept) = got.iter().find(|(_, _, a)| a["type"] == "Accept").unwrap();
        assert_eq!(accept["actor"], gid.as_str());
        assert_eq!(accept["object"]["id"], follow(1)["id"]);
        let sig = signatures::parse_signature_header(headers["signature"].to_str().unwrap()).unwrap();
        assert_eq!(sig.key_id, format!("{gid}#main-key"));
        let h = |n: &str| headers.get(n).map(|v| v.to_str().unwrap().to_string());
        signatures::verify(&sig, "POST", path, h, group["publicKey"]["publicKeyPem"].as_str().unwrap()).unwrap();
    }

    // Replayed: answered, never applied twice (one Accept only).
    let (status, _) = send(&app, &inbox, &mallory, &follow(1)).await;
    assert_eq!(status, StatusCode::ACCEPTED);
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(remote.received().iter().filter(|a| a["type"] == "Accept").count(), 1);

    let refused = |res: (StatusCode, Value), status: StatusCode, code: &str| {
        assert_eq!(res.0, status, "{}", res.1);
        assert_eq!(res.1["error"], code, "{}", res.1);
    };
    let body = follow(2).to_string();

    // Unsigned.
    let res = app.client.post(&inbox).header("content-type", AS).body(body.clone()).send().await.unwrap();
    let status = res.status();
    refused((status, res.json().await.unwrap()), StatusCode::UNAUTHORIZED, "signature-missing");
    // Not an ActivityPub content type.
    let res =
        app.client.post(&inbox).header("content-type", "application/json").body(body.clone()).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    // Signed with a key that is not the one the key id names.
    let (_, other_private) = signatures::generate_keypair().unwrap();
    let res =
        signed_post(&app.client, &inbox, body.as_bytes(), &mallory.key_id, &other_private, SystemTime::now()).await;
    let status = res.status();
    refused((status, res.json().await.unwrap()), StatusCode::UNAUTHORIZED, "signature-invalid");
    // Body changed after signing: the digest does not match.
    let u = url::Url::parse(&inbox).unwrap();
    let mut req = app.client.post(&inbox).header("content-type", AS);
    for (k, v) in signatures::sign_request(
        "POST",
        &u,
        Some(body.as_bytes()),
        &mallory.key_id,
        &mallory.private_pem,
        SystemTime::now(),
    )
    .unwrap()
    {
        req = req.header(k, v);
    }
    let res = req.body(follow(3).to_string()).send().await.unwrap();
    let status = res.status();
    refused((status, res.json().await.unwrap()), StatusCode::BAD_REQUEST, "digest-mismatch");
    // Dated two hours ago (a replay of an old capture).
    let old = SystemTime::now() - Duration::from_secs(2 * 3600);
    let res = signed_post(&app.client, &inbox, body.as_bytes(), &mallory.key_id, &mallory.private_pem, old).await;
    let status = res.status();
    refused((status, res.json().await.unwrap()), StatusCode::UNAUTHORIZED, "signature-date");
    // Signed by eve, claiming to be mallory.
    refused(send(&app, &inbox, &eve, &follow(4)).await, StatusCode::UNAUTHORIZED, "key-not-actor");
    // The activity's id on another origin than its actor.
    let mut foreign = follow(5);
    foreign["id"] = json!("https://elsewhere.example/activities/1");
    refused(send(&app, &inbox, &mallory, &foreign).await, StatusCode::FORBIDDEN, "origin-mismatch");
    // An object on another origin, or attributed to someone else.
    let create = |object: Value| json!({"id": format!("{}/activities/c-{}", remote.base, uuid::Uuid::new_v4()), "type": "Create", "actor": mallory.id, "object": object});
    refused(
        send(
            &app,
            &inbox,
            &mallory,
            &create(json!({"id": "https://elsewhere.example/e/1", "type": "Event", "name": "x"})),
        )
        .await,
        StatusCode::FORBIDDEN,
        "origin-mismatch",
    );
    refused(
        send(&app, &inbox, &mallory, &create(json!({"id": format!("{}/objects/9", remote.base), "type": "Event", "name": "x", "attributedTo": eve.id}))).await,
        StatusCode::FORBIDDEN,
        "origin-mismatch",
    );
    // Oversized.
    let mut big = follow(6);
    big["padding"] = json!("x".repeat(300 * 1024));
    let res = signed_post(
        &app.client,
        &inbox,
        big.to_string().as_bytes(),
        &mallory.key_id,
        &mallory.private_pem,
        SystemTime::now(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    // Deeply nested.
    let mut deep = follow(7);
    deep["tag"] = serde_json::from_str(&("[".repeat(40) + &"]".repeat(40))).unwrap();
    refused(send(&app, &inbox, &mallory, &deep).await, StatusCode::BAD_REQUEST, "too-deep");
    // Not JSON at all.
    let res =
        signed_post(&app.client, &inbox, b"{\"id\": ", &mallory.key_id, &mallory.private_pem, SystemTime::now()).await;
    let status = res.status();
    refused((status, res.json().await.unwrap()), StatusCode::BAD_REQUEST, "malformed-json");
    // Not an activity.
    refused(
        send(&app, &inbox, &mallory, &json!({"type": "Follow"})).await,
        StatusCode::BAD_REQUEST,
        "malformed-activity",
    );
    // An unknown type: answered 202, nothing stored.
    let dance = json!({"id": format!("{}/activities/dance", remote.base), "type": "Dance", "actor": mallory.id});
    assert_eq!(send(&app, &inbox, &mallory, &dance).await.0, StatusCode::ACCEPTED);
    // Only the follower may undo its follow.
    let undo = json!({"id": format!("{}/activities/undo-1", remote.base), "type": "Undo", "actor": eve.id,
        "object": {"id": follow(1)["id"], "type": "Follow", "actor": mallory.id, "object": gid}});
    refused(send(&app, &inbox, &eve, &undo).await, StatusCode::FORBIDDEN, "origin-mismatch");
    assert_eq!(follower_count(&app, &group).await, 1);
    let undo = json!({"id": format!("{}/activities/undo-2", remote.base), "type": "Undo", "actor": mallory.id,
        "object": {"id": follow(1)["id"], "type": "Follow", "actor": mallory.id, "object": gid}});
    assert_eq!(send(&app, &inbox, &mallory, &undo).await.0, StatusCode::ACCEPTED);
    assert_eq!(follower_count(&app, &group).await, 0);

    // Blocked domains: refused in, and nothing goes out.
    let res = app
        .api_send(
            Method::POST,
            &token,
            "/api/v1/federation/domains",
            json!({"domain": "not a domain!", "blocked": true}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = app
        .api_send(
            Method::POST,
            &token,
            "/api/v1/federation/domains",
            json!({"domain": "127.0.0.1", "blocked": true, "reason": "Floods us"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    refused(send(&app, &inbox, &mallory, &follow(8)).await, StatusCode::FORBIDDEN, "domain-blocked");
    let member = app.api_person("Sam", "sam@example.org", &["read", "write"]).await;
    let res = app
        .api_send(
            Method::POST,
            &member,
            "/api/v1/federation/domains",
            json!({"domain": "spam.example", "blocked": true}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    app.stop().await;
}

async fn fetches_never_reach_private_addresses(engine: Engine) {
    // A node as deployed: loopback is refused too.
    let Some(app) = spawn_app_with(engine, Options::default()).await else { return };
    setup(&app).await;
    let remote = FakeServer::start().await;
    let mallory = remote.actor("mallory");
    let group = group_actor(&app).await;
    let inbox = group["inbox"].as_str().unwrap().to_string();
    let follow = json!({"id": format!("{}/activities/f", remote.base), "type": "Follow", "actor": mallory.id, "object": group["id"]});
    let (status, body) = send(&app, &inbox, &mallory, &follow).await;
    assert_eq!((status, body["error"].as_str()), (StatusCode::FORBIDDEN, Some("refused-address")), "{body}");
    // Key ids pointing at link-local and private addresses are refused
    // before any connection is made.
    for host in ["169.254.169.254", "10.0.0.1", "192.168.1.1", "[fd00::1]", "localhost"] {
        let actor = format!("http://{host}/users/x");
        let forged =
            json!({"id": format!("http://{host}/a/1"), "type": "Follow", "actor": actor, "object": group["id"]});
        let res = signed_post(
            &app.client,
            &inbox,
            forged.to_string().as_bytes(),
            &format!("{actor}#main-key"),
            &mallory.private_pem,
            SystemTime::now(),
        )
        .await;
        let status = res.status();
        let body: Value = res.json().await.unwrap();
        assert_eq!(
            (status, body["error"].as_str()),
            (StatusCode::FORBIDDEN, Some("refused-address")),
            "{host}: {body}"
        );
    }
    assert!(remote.received().is_empty());
    app.stop().await;
}

async fn two_nodes_follow_and_share_events(engine: Engine) {
    let Some(a) = fed_app(engine).await else { return };
    let Some(b) = fed_app(engine).await else { return };
    let token_a = setup(&a).await;
    b.place("borough", "Borough").await;
    b.sign_up("Bea", "admin@example.org").await;
    b.promote("admin@example.org").await;
    let token_b = b.token_for("admin@example.org", &["read", "write"]).await;
    let host_a = a.base.trim_start_matches("http://").to_string();

    // Bad input first: nothing is followed.
    for (input, code) in [
        ("", "federation-actor-missing"),
        ("not a handle", "federation-actor-invalid"),
        ("nobody@127.0.0.1:1", "federation-actor-unreachable"),
        (&*format!("borough@{}", b.base.trim_start_matches("http://")), "federation-actor-local"),
    ] {
        let res = b.api_send(Method::POST, &token_b, "/api/v1/places/borough/following", json!({"actor": input})).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{input}");
        let p: Value = res.json().await.unwrap();
        assert_eq!(p["errors"][0]["code"], code, "{input}: {p}");
    }
    // Only stewards and node admins.
    let someone = b.api_person("Sam", "sam@example.org", &["read", "write"]).await;
    let res = b
        .api_send(
            Method::POST,
            &someone,
            "/api/v1/places/borough/following",
            json!({"actor": format!("tenants@{host_a}")}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    // Borough (on B) follows the tenants' group (on A) by its handle.
    let res = b
        .api_send(
            Method::POST,
            &token_b,
            "/api/v1/places/borough/following",
            json!({"actor": format!("tenants@{host_a}")}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    let f: Value = res.json().await.unwrap();
    assert_eq!(f["state"], "pending");
    let remote_id = f["actor"].as_str().unwrap().to_string();
    eventually("the follow accepted", || async {
        let list: Value = b.api_get(&token_b, "/api/v1/places/borough/following").await.json().await.unwrap();
        list[0]["state"] == "accepted"
    })
    .await;
    let group = group_actor(&a).await;
    assert_eq!(follower_count(&a, &group).await, 1);

    // Created on A: shown on B's place page, marked with where it comes from.
    let id = publish_event(&a, &token_a, "Rent strike assembly").await;
    eventually("the event on B", || async { b.text("/places/borough").await.contains("Rent strike assembly") }).await;
    let page = b.text("/places/borough").await;
    assert!(page.contains(&format!("from {}", host_a.split(':').next().unwrap())), "{page}");
    assert!(page.contains(&a.url(&format!("/events/{id}"))));
    // And in the place's own feeds: the original's id and address, where it comes from.
    let atom = b.text("/places/borough/events.atom").await;
    assert!(atom.contains("Rent strike assembly"), "{atom}");
    assert!(atom.contains(&format!("<id>{}</id>", a.url(&format!("/events/{id}")))), "{atom}");
    assert!(atom.contains(&format!("from {}", host_a.split(':').next().unwrap())), "{atom}");
    let ics = b.text("/places/borough/events.ics").await.replace("\r\n ", "");
    assert!(ics.contains(&format!("UID:{}", a.url(&format!("/events/{id}")))), "{ics}");
    assert!(ics.contains("SUMMARY:Rent strike assembly"), "{ics}");
    // And in a search of the place: every word must match.
    let found = b.text("/search?place=borough&q=strike+assembly").await;
    assert!(found.contains("From other nodes that Borough follows"), "{found}");
    assert!(found.contains(&a.url(&format!("/events/{id}"))), "{found}");
    let missed = b.text("/search?place=borough&q=strike+picnic").await;
    assert!(!missed.contains("Rent strike assembly"), "{missed}");

    // A service too, with its HSDS fields.
    let res = a
        .api_send(
            Method::POST,
            &token_a,
            "/api/v1/services",
            json!({"group": "tenants", "name": "Repairs surgery", "place": "riverside"}),
        )
        .await;
    let status = res.status();
    let service: Value = res.json().await.unwrap();
    assert_eq!(status, StatusCode::CREATED, "{service}");
    eventually("the service on B", || async { b.text("/places/borough").await.contains("Repairs surgery") }).await;
    // Its page names its ActivityPub id, which is the page itself.
    let page = a.url(&format!("/services/{}", service["id"].as_str().unwrap()));
    let html = a.client.get(&page).send().await.unwrap().text().await.unwrap();
    assert!(html.contains(&format!(r#"<link rel="alternate" type="application/activity+json" href="{page}">"#)));
    let (status, doc) = get_as(&a, &page).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(doc["id"], page.as_str());
    assert_eq!(doc["name"], "Repairs surgery");

    // Updated on A: updated on B.
    let res = a
        .api_send(
            Method::PATCH,
            &token_a,
            &format!("/api/v1/events/{id}"),
            json!({"title": "Rent strike assembly (moved)"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
    eventually("the update on B", || async {
        b.text("/places/borough").await.contains("Rent strike assembly (moved)")
    })
    .await;

    // Taken back to a draft on A: deleted on B.
    let res = a.api_send(Method::PATCH, &token_a, &format!("/api/v1/events/{id}"), json!({"publish": false})).await;
    assert_eq!(res.status(), StatusCode::OK);
    eventually("the deletion on B", || async { !b.text("/places/borough").await.contains("Rent strike assembly") })
        .await;

    // Unfollow: A forgets the follower, and what A publishes no longer arrives.
    let res = b
        .api_send(Method::POST, &token_b, "/api/v1/places/borough/following/remove", json!({"actor": remote_id}))
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    eventually("the unfollow on A", || async { follower_count(&a, &group).await == 0 }).await;
    publish_event(&a, &token_a, "After the unfollow").await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert!(!b.text("/places/borough").await.contains("After the unfollow"));
    a.stop().await;
    b.stop().await;
}

async fn delete_before_create_is_not_undone(engine: Engine) {
    let Some(app) = fed_app(engine).await else { return };
    let token = setup(&app).await;
    let remote = FakeServer::start().await;
    let mallory = remote.actor("mallory");
    let res =
        app.api_send(Method::POST, &token, "/api/v1/places/riverside/following", json!({"actor": mallory.id})).await;
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    eventually("the Follow", || async { remote.received().iter().any(|a| a["type"] == "Follow") }).await;
    let follow = remote.received().into_iter().find(|a| a["type"] == "Follow").unwrap();
    let (status, place) = get_as(&app, &app.url("/places/riverside")).await;
    assert_eq!(status, StatusCode::OK);
    let inbox = app.url("/inbox");
    let accept = json!({"id": format!("{}/activities/accept", remote.base), "type": "Accept", "actor": mallory.id, "object": follow});
    assert_eq!(send(&app, &inbox, &mallory, &accept).await.0, StatusCode::ACCEPTED);
    assert_eq!(follow["actor"], place["id"]);

    let event = |n: u32, name: &str| {
        json!({"id": format!("{}/objects/{n}", remote.base), "type": "Event", "name": name,
        "attributedTo": mallory.id, "startTime": format!("{}T18:00:00Z", day(2)), "endTime": format!("{}T20:00:00Z", day(2)),
        "url": format!("{}/objects/{n}", remote.base), "content": "<p>Hello <script>x</script></p>"})
    };
    let activity = |kind: &str, n: u32, object: Value| json!({"id": format!("{}/activities/{kind}-{n}", remote.base), "type": kind, "actor": mallory.id, "object": object});

    // The Delete arrives first; its Create later does not bring it back.
    assert_eq!(
        send(&app, &inbox, &mallory, &activity("Delete", 1, json!(format!("{}/objects/1", remote.base)))).await.0,
        StatusCode::ACCEPTED
    );
    assert_eq!(
        send(&app, &inbox, &mallory, &activity("Create", 1, event(1, "Cancelled before it began"))).await.0,
        StatusCode::ACCEPTED
    );
    // An ordinary Create and Update are shown.
    assert_eq!(
        send(&app, &inbox, &mallory, &activity("Create", 2, event(2, "Street party"))).await.0,
        StatusCode::ACCEPTED
    );
    assert_eq!(
        send(&app, &inbox, &mallory, &activity("Update", 2, event(2, "Street party, with music"))).await.0,
        StatusCode::ACCEPTED
    );
    let page = app.text("/places/riverside").await;
    assert!(!page.contains("Cancelled before it began"));
    assert!(page.contains("Street party, with music"), "{page}");
    assert!(!page.contains("<script>x"));
    // Announce of an object whose id is not where it is served: refused.
    remote.state.objects.lock().unwrap().insert("3".into(), event(4, "Impostor"));
    let (status, body) =
        send(&app, &inbox, &mallory, &activity("Announce", 3, json!(format!("{}/objects/3", remote.base)))).await;
    assert_eq!((status, body["error"].as_str()), (StatusCode::FORBIDDEN, Some("id-mismatch")), "{body}");
    // An Announce of a real object is fetched from its origin and shown.
    remote.state.objects.lock().unwrap().insert("5".into(), event(5, "Allotment open day"));
    assert_eq!(
        send(&app, &inbox, &mallory, &activity("Announce", 5, json!(format!("{}/objects/5", remote.base)))).await.0,
        StatusCode::ACCEPTED
    );
    assert!(app.text("/places/riverside").await.contains("Allotment open day"));
    // Deleted: gone.
    assert_eq!(
        send(
            &app,
            &inbox,
            &mallory,
            &activity("Delete", 2, json!({"id": format!("{}/objects/2", remote.base), "type": "Tombstone"}))
        )
        .await
        .0,
        StatusCode::ACCEPTED
    );
    assert!(!app.text("/places/riverside").await.contains("Street party"));
    app.stop().await;
}

async fn pages_follow_and_block_without_javascript(engine: Engine) {
    let Some(app) = fed_app(engine).await else { return };
    setup(&app).await; // the app's client is the node admin
    let remote = FakeServer::start().await;
    let mallory = remote.actor("mallory");
    let host = app.base.trim_start_matches("http://").to_string();

    assert!(app.text("/places/riverside").await.contains(r#"href="/places/riverside/following""#));
    let page = app.text("/places/riverside/following").await;
    assert!(page.contains(r#"name="actor""#) && page.contains(r#"name="csrf""#));
    assert!(page.contains(&format!("riverside@{host}")));
    let res = app.post_form("/places/riverside/following", &[("actor", "not a handle")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let page = res.text().await.unwrap();
    assert!(page.contains("error-summary") && page.contains("Enter a handle like name@host"), "{page}");
    assert!(page.contains(r#"value="not a handle""#));

    let res = app.post_form("/places/riverside/following", &[("actor", &mallory.id)]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let page = app.text("/places/riverside/following?notice=federation-follow-sent").await;
    assert!(page.contains("Follow request sent") && page.contains("waiting for them to accept"), "{page}");
    let res = app.post_form("/places/riverside/following/remove", &[("actor", &mallory.id)]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(app.text("/places/riverside/following").await.contains("does not follow anyone yet"));
    eventually("the Undo", || async { remote.received().iter().any(|a| a["type"] == "Undo") }).await;

    let res = app.post_form("/admin/federation", &[("domain", "not a domain!")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().await.unwrap().contains("Enter a domain like spam.example"));
    let res = app.post_form("/admin/federation", &[("domain", "Spam.Example"), ("reason", "Spam")]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(app.text("/admin/federation").await.contains("spam.example"));
    let res = app
        .post_form("/admin/federation", &[("domain", "spam.example"), ("action", "unblock"), ("reason", "It stopped")])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(app.text("/admin/federation").await.contains("No domain is blocked"));

    // Someone who is neither a steward nor a node admin.
    let (other, jar) = app.new_client();
    crate::helpers::post_form_as(
        &other,
        &jar,
        &app.base,
        "/sign-up",
        &[("display_name", "Sam"), ("email", "sam@example.org"), ("password", crate::helpers::PASSWORD)],
    )
    .await;
    assert_eq!(other.get(app.url("/places/riverside/following")).send().await.unwrap().status(), StatusCode::FORBIDDEN);
    assert_eq!(other.get(app.url("/admin/federation")).send().await.unwrap().status(), StatusCode::FORBIDDEN);
    assert!(!other
        .get(app.url("/places/riverside"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
        .contains("/following"));
    app.stop().await;
}

async fn authorized_fetch_requires_signed_gets(engine: Engine) {
    let tune = |c: &mut plural_web::Config| {
        c.federation.allow_loopback = true;
        c.federation.authorized_fetch = true;
    };
    let Some(app) = spawn_app_with(engine, Options { tune }).await else { return };
    setup(&app).await;
    let remote = FakeServer::start().await;
    let mallory = remote.actor("mallory");
    // Unsigned: refused, on the id and on the page's ActivityStreams face.
    let (status, _) = get_as(&app, &app.url("/groups/tenants")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // The page itself is still a page.
    assert_eq!(app.get("/groups/tenants").await.status(), StatusCode::OK);
    // The node's own actor answers unsigned (others need its key to check it).
    let (status, node) = get_as(&app, &app.url("/actor")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(node["type"], "Application");
    // Signed by a remote actor: answered.
    let url = url::Url::parse(&app.url("/groups/tenants")).unwrap();
    let mut req = app.client.get(url.clone()).header("accept", AS);
    for (k, v) in
        signatures::sign_request("GET", &url, None, &mallory.key_id, &mallory.private_pem, SystemTime::now()).unwrap()
    {
        req = req.header(k, v);
    }
    let res = req.send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let doc: Value = res.json().await.unwrap();
    assert_eq!(doc["type"], "Group");
    // Signed, but with a key that is not the actor's: refused.
    let (_, other) = signatures::generate_keypair().unwrap();
    let mut req = app.client.get(url.clone()).header("accept", AS);
    for (k, v) in signatures::sign_request("GET", &url, None, &mallory.key_id, &other, SystemTime::now()).unwrap() {
        req = req.header(k, v);
    }
    assert_eq!(req.send().await.unwrap().status(), StatusCode::UNAUTHORIZED);
    app.stop().await;
}

async fn the_demo_shows_what_arrived_from_another_node(engine: Engine) {
    let Some(app) = fed_app(engine).await else { return };
    plural::demo::seed(&app.state.db, &app.key).await.unwrap();
    let page = app.text("/places/coldharbour").await;
    assert!(page.contains("Tea dance at the Fairfield Halls"), "{page}");
    assert!(page.contains("from croydon-commons.example"));
    app.stop().await;
}

/// A group's poll reaches its followers as a Mastodon-style `Question`
/// (options with counts only while results are visible), its page answers
/// with the same document, and when it closes an `Update` carries the
/// final counts.
async fn polls_travel_as_questions_mastodon_can_read(engine: Engine) {
    let Some(app) = fed_app(engine).await else { return };
    let token = setup(&app).await;
    let remote = FakeServer::start().await;
    let fan = remote.actor("fan");
    let group = group_actor(&app).await;
    let follow = json!({"@context": "https://www.w3.org/ns/activitystreams",
        "id": format!("{}/activities/follow-poll", remote.base), "type": "Follow", "actor": fan.id, "object": group["id"]});
    let (status, body) = send(&app, group["inbox"].as_str().unwrap(), &fan, &follow).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");

    let poll = |results: &str| {
        json!({"question": "Which night for the residents' meeting?", "kind": "multiple", "max_choices": 2,
            "options": ["Tuesday", "Wednesday", "Thursday"], "results": results, "closes_on": day(7), "group": "tenants"})
    };
    let opened = |res: reqwest::Response| async move {
        assert_eq!(res.status(), StatusCode::CREATED);
        res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string()
    };
    let live = opened(app.api_send(Method::POST, &token, "/api/v1/polls", poll("live")).await).await;
    let question_url = app.url(&format!("/polls/{live}"));
    eventually("the Create of the Question", || async {
        remote.received().iter().any(|a| a["type"] == "Create" && a["object"]["id"] == question_url.as_str())
    })
    .await;
    let create = remote.received().into_iter().find(|a| a["object"]["id"] == question_url.as_str()).unwrap();
    let q = &create["object"];
    assert_eq!(q["type"], "Question");
    assert_eq!(q["attributedTo"], group["id"]);
    assert_eq!(q["name"], "Which night for the residents' meeting?");
    let names: Vec<&str> = q["anyOf"].as_array().unwrap().iter().map(|o| o["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Tuesday", "Wednesday", "Thursday"]);
    assert_eq!(q["anyOf"][0]["type"], "Note");
    assert!(q["endTime"].as_str().unwrap().ends_with('Z'));
    assert!(q.get("closed").is_none());

    // Live results: the document counts the vote at once; the page links it.
    let res =
        app.api_send(Method::POST, &token, &format!("/api/v1/polls/{live}/ballots"), json!({"choices": [1, 2]})).await;
    assert!(res.status().is_success(), "{}", res.status());
    let (status, doc) = get_as(&app, &question_url).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(doc["id"], question_url.as_str());
    assert_eq!(doc["votersCount"], 1);
    assert_eq!(doc["anyOf"][1]["replies"]["totalItems"], 1);
    assert_eq!(doc["anyOf"][0]["replies"]["totalItems"], 0);
    let html = app.text(&format!("/polls/{live}")).await;
    assert!(html.contains(&format!(r#"type="application/activity+json" href="{question_url}""#)), "{html}");

    // Results after close: nothing counted leaks before, the final Update tells all.
    let secret = opened(app.api_send(Method::POST, &token, "/api/v1/polls", poll("after_close")).await).await;
    let res =
        app.api_send(Method::POST, &token, &format!("/api/v1/polls/{secret}/ballots"), json!({"choices": [0]})).await;
    assert!(res.status().is_success());
    let secret_url = app.url(&format!("/polls/{secret}"));
    let (_, doc) = get_as(&app, &secret_url).await;
    assert!(doc.get("votersCount").is_none(), "{doc}");
    assert!(doc["anyOf"].as_array().unwrap().iter().all(|o| o["replies"]["totalItems"] == 0), "{doc}");
    // Close it now and let its queued Update run (queued once the poll's
    // Create has gone out).
    let closing_queued = || async {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM jobs WHERE kind = 'fed.poll_closed' AND payload LIKE $1")
            .bind(format!("%{secret}%"))
            .fetch_one(app.state.db.reader())
            .await
            .unwrap()
            == 1
    };
    eventually("the closing Update queued", closing_queued).await;
    let past = plural_store::now() - 60;
    sqlx::query("UPDATE polls SET closes_at = $1 WHERE id = $2")
        .bind(past)
        .bind(&secret)
        .execute(app.state.db.writer())
        .await
        .unwrap();
    sqlx::query("UPDATE jobs SET run_at = $1 WHERE kind = 'fed.poll_closed' AND payload LIKE $2")
        .bind(past)
        .bind(format!("%{secret}%"))
        .execute(app.state.db.writer())
        .await
        .unwrap();
    eventually("the closing Update", || async {
        remote.received().iter().any(|a| a["type"] == "Update" && a["object"]["id"] == secret_url.as_str())
    })
    .await;
    let update = remote.received().into_iter().find(|a| a["type"] == "Update").unwrap();
    assert!(update["object"]["closed"].is_string(), "{update}");
    assert_eq!(update["object"]["votersCount"], 1);
    assert_eq!(update["object"]["anyOf"][0]["replies"]["totalItems"], 1);
    app.stop().await;
}
