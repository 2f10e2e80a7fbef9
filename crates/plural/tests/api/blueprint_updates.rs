//! New versions of a blueprint reaching the places that adopted it, across
//! two nodes: A's catalogue is followed by B (read at once, then by the job
//! queue); a group on B adopts A's "Save our local", edits it, and
//! publishes its adaptation, which A sees with its provenance; A publishes
//! version 2; B's organisers are told and shown the changes, take some and
//! not others, and the campaign reflects exactly the chosen ones. A feed
//! whose new version does not verify, or whose derived-from chain loops,
//! is refused; private addresses are not followed.

use std::time::Duration;

use plural_kernel::blueprints::{self as bp, Source, Syntax};
use plural_kernel::provenance::{self, Link, Signed};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::both_engines;
use crate::helpers::{location, spawn_app, spawn_app_with, Engine, Options, TestApp};

both_engines!(
    a_new_version_reaches_adopters_who_choose_what_to_take,
    feeds_that_do_not_check_out_are_refused,
    declining_a_version_waits_for_the_next,
);

const SAVE_OUR_LOCAL: &str = include_str!("../../../../blueprints/save-our-local.toml");

async fn loopback(engine: Engine) -> Option<TestApp> {
    spawn_app_with(engine, Options { tune: |c| c.federation.allow_loopback = true }).await
}

async fn json_of(res: reqwest::Response) -> Value {
    let status = res.status();
    let text = res.text().await.unwrap_or_default();
    serde_json::from_str(&text).unwrap_or_else(|_| panic!("{status}: {text}"))
}

fn list(v: &Value) -> Vec<String> {
    v.as_array().unwrap().iter().map(|x| x.as_str().unwrap_or_default().to_string()).collect()
}

async fn a_new_version_reaches_adopters_who_choose_what_to_take(engine: Engine) {
    let Some(a) = loopback(engine).await else { return };
    let Some(b) = loopback(engine).await else { return };
    let a_origin = a.base.trim_end_matches('/').to_string();
    let b_origin = b.base.trim_end_matches('/').to_string();
    let admin_a = a.api_person("Ada", "ada@a.example", &["read", "write"]).await;
    a.promote("ada@a.example").await;
    // On B, Ama runs a group and is signed in on the web; Bo is B's node admin.
    b.place("newham", "Newham").await;
    b.sign_up("Ama", "ama@example.org").await;
    let ama = b.token_for("ama@example.org", &["read", "write"]).await;
    let group = json!({"name": "Friends of the Golden Lion", "slug": "golden-lion", "kind": "community_group", "place": "newham", "join_policy": "open"});
    assert_eq!(b.api_send(Method::POST, &ama, "/api/v1/groups", group).await.status(), StatusCode::CREATED);
    let bo = b.api_person("Bo", "bo@b.example", &["read", "write"]).await;
    b.promote("bo@b.example").await;

    // Only node admins follow catalogues.
    let res = b.api_send(Method::POST, &ama, "/api/v1/blueprints/follows", json!({"url": a.base})).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = b.api_send(Method::POST, &bo, "/api/v1/blueprints/follows", json!({"url": a.base})).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let read = json_of(res).await;
    assert!(list(&read["reading"]["kept"]).contains(&"save-our-local 1.0.0".to_string()), "{read}");
    let html = b.text("/api/v1/blueprints/save-our-local").await;
    assert!(html.contains(&a_origin), "B's catalogue now has A's signed Save our local");

    // Ama adopts it on the web, then writes the goal in her own words.
    let res = b
        .post_form(
            "/blueprints/save-our-local/adopt",
            &[
                ("group", "golden-lion"),
                ("field_asset_name", "the Golden Lion"),
                ("field_asset_kind", "pub"),
                ("field_council", "Newham"),
                ("date_sale_notified", "2028-08-31"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let manage = location(&res).split('?').next().unwrap().to_string();
    let id = manage.trim_start_matches("/campaigns/").trim_end_matches("/manage").to_string();
    let mut view = json_of(b.api_get(&ama, &format!("/api/v1/campaigns/{id}")).await).await;
    let own_goal = "Keep the Golden Lion as the front room of Plaistow";
    let body = json!({
        "title": view["title"], "goal": own_goal, "story": view["story"], "target": view["target"],
        "status": view["status"], "outcome": view["outcome"], "has_petition": view["has_petition"],
        "petition_text": view["petition_text"], "threshold": view["petition"]["threshold"],
        "local_districts": view["local_districts"], "has_pledges": view["has_pledges"],
    });
    let res = b.api_send(Method::PUT, &ama, &format!("/api/v1/campaigns/{id}"), body).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(!b.text(&manage).await.contains("/blueprint-update\""), "no newer version yet");

    // B publishes the adaptation from the campaign's page; A follows B and sees it with provenance.
    let html = b.text(&format!("/campaigns/{id}/adaptation")).await;
    assert!(html.contains("Save our local"), "the form says what it adapts");
    let res = b
        .post_form(
            &format!("/campaigns/{id}/adaptation"),
            &[("new_id", "Not An Id!"), ("name", "Save the Golden Lion"), ("summary", ""), ("changes", "")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK, "a bad id is shown with the form kept");
    let html = res.text().await.unwrap();
    assert!(html.contains("href=\"#f-new_id\"") && html.contains("Save the Golden Lion"));
    let res = b
        .post_form(
            &format!("/campaigns/{id}/adaptation"),
            &[
                ("new_id", "save-the-golden-lion"),
                ("name", "Save the Golden Lion"),
                ("summary", "How Plaistow listed its pub"),
                ("changes", "The goal in our own words"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(location(&res).starts_with("/blueprints/save-the-golden-lion"));
    let res = a.api_send(Method::POST, &admin_a, "/api/v1/blueprints/follows", json!({"url": b.base})).await;
    let read = json_of(res).await;
    assert!(list(&read["reading"]["kept"]).contains(&"save-the-golden-lion 1.0.0".to_string()), "{read}");
    let seen: Value = a.get("/api/v1/blueprints/save-our-local/adaptations").await.json().await.unwrap();
    assert_eq!(
        (seen[0]["id"].as_str(), seen[0]["origin"].as_str()),
        (Some("save-the-golden-lion"), Some(b_origin.as_str()))
    );
    let html = a.text("/blueprints/save-our-local").await;
    for s in [
        "Save the Golden Lion",
        b_origin.as_str(),
        &format!("save-our-local 1.0.0 ({a_origin})"),
        "The goal in our own words",
    ] {
        assert!(html.contains(s), "A's page shows {s}");
    }

    // A publishes version 2.
    let v2 = SAVE_OUR_LOCAL
        .replace("version = \"1.0.0\"", "version = \"2.0.0\"\nchanges = { en = \"Petition threshold raised; a share offer stage.\" }")
        .replace("threshold = 21", "threshold = 25")
        .replace("goal = { en = \"", "goal = { en = \"Now: ")
        .replace("deadline = { from = \"sale_notified\", weeks = 6 }", "deadline = { from = \"sale_notified\", weeks = 5 }")
        .replace(
            "[[campaign.stages]]\nkey = \"members\"\ntitle = { en = \"Gather at least 21 local members\" }\n",
            "[[campaign.stages]]\nkey = \"members_gone\"\ntitle = { en = \"Gather members\" }\n",
        )
        .replace(
            "[[campaign.stages]]\nkey = \"protected_period\"",
            "[[campaign.stages]]\nkey = \"share_offer\"\ntitle = { en = \"Launch the community share offer\" }\n\n[[campaign.stages]]\nkey = \"protected_period\"",
        );
    assert!(v2.contains("share_offer") && v2.contains("members_gone") && v2.contains("Now: "));
    let res = a
        .api_send(Method::POST, &admin_a, "/api/v1/blueprints/published", json!({"syntax": "toml", "source": v2}))
        .await;
    assert_eq!(res.status(), StatusCode::CREATED, "{}", res.text().await.unwrap_or_default());

    // B's job reads A's feed again when it is due; Ama's campaign is offered version 2.
    sqlx::query("UPDATE blueprint_follows SET next_fetch_at = 0").execute(b.state.db.writer()).await.unwrap();
    let path = format!("/api/v1/campaigns/{id}/blueprint-update");
    let mut offer = Value::Null;
    for _ in 0..400 {
        let res = b.api_get(&ama, &path).await;
        if res.status() == StatusCode::OK {
            offer = res.json().await.unwrap();
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    assert_eq!(offer["to_version"], "2.0.0", "the job kept A's version 2");
    assert_eq!(offer["from_version"], "1.0.0");
    let change = |key: &str| offer["changes"].as_array().unwrap().iter().find(|c| c["key"] == key).cloned();
    let goal = change("goal").expect("goal changed");
    assert_eq!((goal["conflict"].as_bool(), goal["current"].as_str()), (Some(true), Some(own_goal)));
    assert_eq!(change("threshold").unwrap()["after"], 25);
    assert_eq!(change("threshold").unwrap()["conflict"], false);
    assert_eq!(change("stage.members").unwrap()["kind"], "stage_removed");
    assert_eq!(change("stage.share_offer").unwrap()["kind"], "stage_added");
    assert_eq!(change("stage.bidder_request.deadline").unwrap()["after"]["weeks"], 5);
    // Ama's group admins are told by email.
    let mut told = false;
    for _ in 0..200 {
        told =
            b.smtp.all().iter().any(|m| m.to.iter().any(|t| t.contains("ama@example.org")) && m.data.contains("2.0.0"));
        if told {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    assert!(told, "an email about version 2 reached Ama");

    // The notice and the readable diff, without JavaScript.
    let html = b.text(&manage).await;
    assert!(
        html.contains("Version 2.0.0 of the blueprint") && html.contains(&format!("/campaigns/{id}/blueprint-update"))
    );
    let html = b.text(&format!("/campaigns/{id}/blueprint-update")).await;
    for s in [
        "Signatures wanted",
        "Launch the community share offer",
        "You changed this",
        own_goal,
        "Petition threshold raised",
        "5 weeks after",
    ] {
        assert!(html.contains(s), "the diff shows {s}");
    }
    let to = offer["to"].as_str().unwrap().to_string();
    // A choice that is not offered is refused, and nothing is written.
    let res = b
        .post_form(
            &format!("/campaigns/{id}/blueprint-update"),
            &[("to", &to), ("take", "threshold"), ("take", "status")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().await.unwrap().contains("href=\"#f-take\""));
    view = json_of(b.api_get(&ama, &format!("/api/v1/campaigns/{id}")).await).await;
    assert_eq!(view["petition"]["threshold"], 21);
    // Take some changes and not others.
    let res = b
        .post_form(
            &format!("/campaigns/{id}/blueprint-update"),
            &[
                ("to", &to),
                ("take", "threshold"),
                ("take", "stage.share_offer"),
                ("take", "stage.bidder_request.deadline"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(location(&res).ends_with("/manage?notice=blueprint-update-taken"));
    view = json_of(b.api_get(&ama, &format!("/api/v1/campaigns/{id}")).await).await;
    assert_eq!(view["goal"], own_goal, "the group's own goal is kept");
    assert_eq!(view["petition"]["threshold"], 25);
    let titles: Vec<&str> = view["stages"].as_array().unwrap().iter().map(|s| s["title"].as_str().unwrap()).collect();
    assert_eq!(
        titles.first(),
        Some(&"Gather at least 21 local members"),
        "the removed stage was not taken: {titles:?}"
    );
    let share = titles.iter().position(|t| *t == "Launch the community share offer").expect("the new stage");
    assert_eq!(titles[share - 1], "The full moratorium ends: have your bid ready");
    let bidder = view["stages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["title"].as_str().unwrap().starts_with("Ask in writing"))
        .unwrap();
    assert_eq!(bidder["due_on"], "2028-10-05", "5 weeks after the notice");
    let c = plural_store::campaigns::get(&b.state.db, &id).await.unwrap().unwrap();
    assert_eq!(c.blueprint.unwrap().version, "2.0.0");
    assert_eq!(b.api_get(&ama, &path).await.status(), StatusCode::NOT_FOUND, "nothing more to take");
    assert!(!b.text(&manage).await.contains("/blueprint-update\""));
}

/// A node serving one fixed feed (made once its address is known).
async fn serve(make: impl FnOnce(&str) -> String) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
    let body = make(&base);
    tokio::spawn(async move {
        loop {
            let Ok((mut s, _)) = listener.accept().await else { return };
            let body = body.clone();
            tokio::spawn(async move {
                let mut buf = [0u8; 4096];
                let _ = s.read(&mut buf).await;
                let head = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                    body.len()
                );
                let _ = s.write_all(head.as_bytes()).await;
                let _ = s.write_all(body.as_bytes()).await;
            });
        }
    });
    base
}

fn adapt(from: &Link, id: &str, origin: &str) -> bp::Blueprint {
    let mut b = from.blueprint.clone();
    b.id = id.to_string();
    b.origin = Some(origin.to_string());
    b.derived_from = Some(Source {
        id: from.blueprint.id.clone(),
        version: from.blueprint.version.clone(),
        origin: from.blueprint.origin.clone().unwrap(),
        digest: from.digest.clone(),
    });
    b
}

/// A feed from `origin`: a good version 1, a version 2 altered after
/// signing, and a blueprint whose derived-from chain loops.
fn bad_feed(origin: &str) -> String {
    let key = provenance::signing_key(&[7; 32]);
    let mut v1 = bp::parse(SAVE_OUR_LOCAL, Syntax::Toml, &["campaigns"]).unwrap();
    v1.origin = Some(origin.to_string());
    let v1 = provenance::sign(&v1, &key);
    let mut v2 = v1.blueprint.clone();
    v2.version = "2.0.0".into();
    let mut v2 = provenance::sign(&v2, &key);
    if let Some(c) = v2.blueprint.campaign.as_mut() {
        c.petition.as_mut().unwrap().threshold = 1;
    }
    let mut l0 = v1.blueprint.clone();
    l0.id = "loop-de-loop".into();
    let l0 = provenance::sign(&l0, &key);
    let b1 = provenance::sign(&adapt(&l0, "middle", "https://b.example"), &key);
    let l1 = provenance::sign(&adapt(&b1, "loop-de-loop", origin), &key);
    let item = |s: Signed| json!({"signed": s, "adoptions": 0});
    json!({
        "format": "plural-blueprint-feed/1",
        "origin": origin,
        "key": provenance::public_key(&key),
        "blueprints": [
            item(Signed { head: v1, chain: vec![] }),
            item(Signed { head: v2, chain: vec![] }),
            item(Signed { head: l1, chain: vec![b1, l0] }),
        ],
    })
    .to_string()
}

async fn feeds_that_do_not_check_out_are_refused(engine: Engine) {
    let Some(b) = loopback(engine).await else { return };
    let bo = b.api_person("Bo", "bo@b.example", &["read", "write"]).await;
    b.promote("bo@b.example").await;
    // A feed that claims to be another node's does not speak for it.
    let elsewhere = serve(|_| bad_feed("https://elsewhere.example")).await;
    let res = b.api_send(Method::POST, &bo, "/api/v1/blueprints/follows", json!({"url": elsewhere})).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(plural_store::blueprints::follows(&b.state.db).await.unwrap().is_empty(), "nothing followed");
    let served = serve(bad_feed).await;
    let res = b.api_send(Method::POST, &bo, "/api/v1/blueprints/follows", json!({"url": served})).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let read = json_of(res).await;
    assert_eq!(list(&read["reading"]["kept"]), ["save-our-local 1.0.0"], "{read}");
    let refused = list(&read["reading"]["refused"]).join("\n");
    assert!(refused.contains("save-our-local 2.0.0"), "{refused}");
    assert!(refused.contains("loop-de-loop 1.0.0") && refused.contains("blueprint-provenance-loop"), "{refused}");
    let versions: Vec<String> =
        plural_store::blueprints::all(&b.state.db).await.unwrap().into_iter().map(|s| s.version).collect();
    assert_eq!(versions, ["1.0.0"], "only the good version is kept");
    // A node that does not allow loopback addresses does not follow one.
    let Some(c) = spawn_app(engine).await else { return };
    let cy = c.api_person("Cy", "cy@c.example", &["read", "write"]).await;
    c.promote("cy@c.example").await;
    let res = c.api_send(Method::POST, &cy, "/api/v1/blueprints/follows", json!({"url": served})).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("blueprint-url-refused"));
    assert!(plural_store::blueprints::follows(&c.state.db).await.unwrap().is_empty());
}

/// On one node: a group adopts the shipped "Save our local"; the node
/// publishes version 2 of it; the group declines it all (nothing changes,
/// the notice goes); version 3 is offered again, from the version the
/// campaign is still on. Someone who does not run the campaign sees nothing.
async fn declining_a_version_waits_for_the_next(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    app.place("newham", "Newham").await;
    let ama = app.api_person("Ama", "ama@example.org", &["read", "write"]).await;
    let group = json!({"name": "Friends of the Golden Lion", "slug": "golden-lion", "kind": "community_group", "place": "newham", "join_policy": "open"});
    assert_eq!(app.api_send(Method::POST, &ama, "/api/v1/groups", group).await.status(), StatusCode::CREATED);
    let adopt = json!({"group": "golden-lion", "fields": {"asset_name": "the Golden Lion", "asset_kind": "pub", "council": "Newham"}});
    let res = app.api_send(Method::POST, &ama, "/api/v1/blueprints/save-our-local/adoptions", adopt).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let id = json_of(res).await["campaign"].as_str().unwrap().to_string();
    let path = format!("/api/v1/campaigns/{id}/blueprint-update");
    assert_eq!(app.api_get(&ama, &path).await.status(), StatusCode::NOT_FOUND);
    let admin = app.api_person("Ada", "ada@example.org", &["read", "write"]).await;
    app.promote("ada@example.org").await;
    let publish = |version: &str, threshold: &str| {
        json!({"syntax": "toml", "source": SAVE_OUR_LOCAL
            .replace("version = \"1.0.0\"", &format!("version = \"{version}\""))
            .replace("threshold = 21", &format!("threshold = {threshold}"))})
    };
    let res = app.api_send(Method::POST, &admin, "/api/v1/blueprints/published", publish("2.0.0", "30")).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let offer = json_of(app.api_get(&ama, &path).await).await;
    assert_eq!(offer["changes"][0]["key"], "threshold", "{offer}");
    let ben = app.api_person("Ben", "ben@example.org", &["read", "write"]).await;
    assert!(matches!(app.api_get(&ben, &path).await.status(), StatusCode::FORBIDDEN | StatusCode::NOT_FOUND));
    let res = app.api_send(Method::POST, &ben, &format!("{path}/dismiss"), json!({"to": offer["to"]})).await;
    assert!(matches!(res.status(), StatusCode::FORBIDDEN | StatusCode::NOT_FOUND));
    // Declining the wrong version is refused.
    let res = app.api_send(Method::POST, &ama, &format!("{path}/dismiss"), json!({"to": "0000"})).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = app.api_send(Method::POST, &ama, &format!("{path}/dismiss"), json!({"to": offer["to"]})).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(app.api_get(&ama, &path).await.status(), StatusCode::NOT_FOUND);
    let view = json_of(app.api_get(&ama, &format!("/api/v1/campaigns/{id}")).await).await;
    assert_eq!(view["petition"]["threshold"], 21, "declining changes nothing");
    let res = app.api_send(Method::POST, &admin, "/api/v1/blueprints/published", publish("3.0.0", "40")).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let offer = json_of(app.api_get(&ama, &path).await).await;
    assert_eq!((offer["from_version"].as_str(), offer["to_version"].as_str()), (Some("1.0.0"), Some("3.0.0")));
    let res = app.api_send(Method::POST, &ama, &path, json!({"to": offer["to"], "take": ["threshold"]})).await;
    assert_eq!(json_of(res).await["version"], "3.0.0");
    let view = json_of(app.api_get(&ama, &format!("/api/v1/campaigns/{id}")).await).await;
    assert_eq!(view["petition"]["threshold"], 40);
    // Taking the same version twice changes nothing more.
    let res = app.api_send(Method::POST, &ama, &path, json!({"to": offer["to"], "take": ["threshold"]})).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
}
