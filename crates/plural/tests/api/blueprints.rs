//! Blueprints: the schema every node serves (and the shipped blueprints
//! meet), checking a blueprint with errors that name their path, and
//! adopting "Save our local" as a draft campaign whose stage deadlines come
//! from the dates entered; nothing is created when anything is wrong.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::both_engines;
use crate::helpers::{location, spawn_app, spawn_app_with, Engine, Options, TestApp};

both_engines!(
    the_schema_is_served_and_the_shipped_blueprints_meet_it,
    checking_a_blueprint_names_each_problem,
    adopting_save_our_local_makes_a_campaign_with_deadlines,
    adopting_works_without_javascript,
    a_second_node_reads_and_verifies_the_signed_feed,
    a_node_publishes_and_another_installs_it,
    node_admins_publish_and_install_through_the_api,
    node_admins_publish_and_install_from_the_web_page,
    a_second_node_adopts_adapts_and_passes_it_on,
    adopting_food_support_makes_the_directory_entry_and_the_rota,
    an_adoption_that_fails_part_way_leaves_nothing,
    adopting_residents_priorities_opens_a_survey_and_a_budget,
    the_demo_shows_both_kinds_of_adoption_and_their_stories,
    the_catalogue_is_a_collection_of_the_node_actor,
);

/// The round trip: B installs A's signed "Save our local", a group on B
/// adopts it and publishes its campaign as an adaptation (signed by B,
/// carrying A's signed original); A installs it and sees it among the
/// adaptations of its blueprint, with its provenance back to A.
async fn a_second_node_adopts_adapts_and_passes_it_on(engine: Engine) {
    let Some(a) = spawn_app(engine).await else { return };
    let Some(b) = spawn_app(engine).await else { return };
    let a_origin = a.base.trim_end_matches('/').to_string();
    let b_origin = b.base.trim_end_matches('/').to_string();
    let feed: Value = b.client.get(a.url("/blueprints/feed.json")).send().await.unwrap().json().await.unwrap();
    let item = feed["blueprints"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["signed"]["head"]["blueprint"]["id"] == "save-our-local")
        .unwrap();
    let ama = setup(&b).await;
    b.promote("ama@example.org").await;
    let res = b.api_send(Method::POST, &ama, "/api/v1/blueprints/installed", item["signed"].clone()).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let adopt = json!({
        "group": "golden-lion",
        "fields": {"asset_name": "the Golden Lion", "asset_kind": "pub", "council": "Newham Council"},
        "dates": {"nomination_submitted": "2027-01-15"},
    });
    let res = b.api_send(Method::POST, &ama, "/api/v1/blueprints/save-our-local/adoptions", adopt).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let campaign = res.json::<Value>().await.unwrap()["campaign"].as_str().unwrap().to_string();
    // Someone who does not run the campaign may not publish it.
    let ben = b.api_person("Ben", "ben@example.org", &["read", "write"]).await;
    let body = json!({"campaign": campaign, "id": "save-the-golden-lion"});
    let res = b.api_send(Method::POST, &ben, "/api/v1/blueprints/adaptations", body.clone()).await;
    assert!(matches!(res.status(), StatusCode::FORBIDDEN | StatusCode::NOT_FOUND), "{}", res.status());
    let bad = json!({"campaign": campaign, "id": "Not An Id!"});
    let res = b.api_send(Method::POST, &ama, "/api/v1/blueprints/adaptations", bad).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = b.api_send(Method::POST, &ama, "/api/v1/blueprints/adaptations", body).await;
    assert_eq!(res.status(), StatusCode::CREATED, "{}", res.text().await.unwrap_or_default());
    let out: Value = res.json().await.unwrap();
    assert_eq!(out["origin"], b_origin);
    // A reads B's feed and installs the adaptation: verified back to A.
    let feed: Value = a.client.get(b.url("/blueprints/feed.json")).send().await.unwrap().json().await.unwrap();
    let adapted = feed["blueprints"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["signed"]["head"]["blueprint"]["id"] == "save-the-golden-lion")
        .unwrap();
    assert_eq!(adapted["signed"]["head"]["blueprint"]["derived_from"]["origin"], a_origin);
    assert_eq!(adapted["signed"]["head"]["blueprint"]["campaign"]["title"]["en"], "Save the Golden Lion");
    let v: Value = a
        .client
        .post(a.url("/api/v1/blueprints/verify"))
        .json(&adapted["signed"])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(v["valid"], true, "{v}");
    assert_eq!(v["provenance"][1]["origin"], a_origin);
    let admin = a.api_person("Admin", "admin@example.org", &["read", "write"]).await;
    a.promote("admin@example.org").await;
    let res = a.api_send(Method::POST, &admin, "/api/v1/blueprints/installed", adapted["signed"].clone()).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let seen: Value = a.get("/api/v1/blueprints/save-our-local/adaptations").await.json().await.unwrap();
    assert_eq!(seen[0]["id"], "save-the-golden-lion");
    assert_eq!(seen[0]["origin"], b_origin);
}

/// The page for node admins works without JavaScript: a bad blueprint is
/// shown with its problems (nothing kept), a good one is published and
/// listed; a tampered signed document is refused on install.
async fn node_admins_publish_and_install_from_the_web_page(engine: Engine) {
    let Some(a) = spawn_app(engine).await else { return };
    a.sign_up("Ama", "ama@example.org").await;
    a.promote("ama@example.org").await;
    let html = a.text("/blueprints").await;
    assert!(html.contains("href=\"/blueprints/manage\""));
    assert_eq!(a.get("/blueprints/manage").await.status(), StatusCode::OK);
    let res = a.post_form("/blueprints/manage/publish", &[("source", "format = 1")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    assert!(html.contains("href=\"#f-source\"") && html.contains("What to fix"), "{html}");
    assert!(plural_store::blueprints::all(&a.state.db).await.unwrap().is_empty());
    let v2 = SAVE_OUR_LOCAL.replacen("version = \"1.0.0\"", "version = \"2.0.0\"", 1);
    let res = a.post_form("/blueprints/manage/publish", &[("source", &v2)]).await;
    let html = res.text().await.unwrap();
    assert!(html.contains("Published save-our-local 2.0.0"), "{html}");
    let stored = plural_store::blueprints::all(&a.state.db).await.unwrap();
    assert_eq!(stored.len(), 1);
    let tampered = stored[0].document.replacen("2.0.0", "2.0.1", 1);
    let res = a.post_form("/blueprints/manage/install", &[("document", &tampered)]).await;
    let html = res.text().await.unwrap();
    assert!(html.contains("href=\"#f-document\""), "{html}");
    assert_eq!(plural_store::blueprints::all(&a.state.db).await.unwrap().len(), 1);
    // Installing by address goes through the guarded client: a private or
    // link-local address (a cloud's metadata service) is never fetched.
    for address in ["http://169.254.169.254/latest/meta-data", "http://10.0.0.1/blueprint.json"] {
        let res = a.post_form("/blueprints/manage/install", &[("document", address)]).await;
        let html = res.text().await.unwrap();
        assert!(html.contains("refused address"), "{address}: {html}");
    }
}

/// A publishes v2 of "Save our local" (signed with its key, kept as
/// signed); its catalogue and feed list it; B installs A's signed document
/// and lists it with A as origin. Bad, tampered or repeated documents are
/// refused with a problem and nothing is stored.
async fn a_node_publishes_and_another_installs_it(engine: Engine) {
    use plural_kernel::blueprints::Syntax;
    use plural_web::blueprints::service;
    let Some(a) = spawn_app(engine).await else { return };
    let Some(b) = spawn_app(engine).await else { return };
    let v2 = SAVE_OUR_LOCAL.replacen("version = \"1.0.0\"", "version = \"2.0.0\"", 1);
    // Not a blueprint: refused, naming the problem; nothing kept.
    let bad = service::publish(&a.state, "format = 1", Syntax::Toml).await.unwrap();
    assert!(bad.is_err());
    assert!(plural_store::blueprints::all(&a.state.db).await.unwrap().is_empty());
    let published = service::publish(&a.state, &v2, Syntax::Toml).await.unwrap().expect("published");
    assert_eq!(published.how, "published");
    assert_eq!(published.blueprint.origin.as_deref(), Some(a.base.trim_end_matches('/')));
    let again = service::publish(&a.state, &v2, Syntax::Toml).await.unwrap().unwrap_err();
    assert_eq!(again[0].code, "blueprint-already-stored");
    let list: Value = a.get("/api/v1/blueprints").await.json().await.unwrap();
    let mine = list.as_array().unwrap().iter().find(|x| x["id"] == "save-our-local").unwrap();
    assert_eq!(mine["version"], "2.0.0");
    assert_eq!(mine["how"], "published");
    // The feed carries the document exactly as signed.
    let feed: Value = b.client.get(a.url("/blueprints/feed.json")).send().await.unwrap().json().await.unwrap();
    let item = feed["blueprints"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["signed"]["head"]["blueprint"]["id"] == "save-our-local")
        .unwrap();
    assert_eq!(item["signed"]["head"]["blueprint"]["version"], "2.0.0");
    let doc = item["signed"].to_string();
    // Tampered: refused, nothing installed.
    let tampered = doc.replacen("2.0.0", "2.0.1", 1);
    let refused = service::install(&b.state, &tampered).await.unwrap().unwrap_err();
    assert!(refused.iter().any(|p| p.code.starts_with("blueprint-")), "{refused:?}");
    let unsigned = service::install(&b.state, "{}").await.unwrap().unwrap_err();
    assert_eq!(unsigned[0].code, "blueprint-not-signed");
    assert!(plural_store::blueprints::all(&b.state.db).await.unwrap().is_empty());
    // Installed on B, listed with A as its origin.
    let installed = service::install(&b.state, &doc).await.unwrap().expect("installed");
    assert_eq!(installed.how, "installed");
    let list: Value = b.get("/api/v1/blueprints").await.json().await.unwrap();
    let theirs = list.as_array().unwrap().iter().find(|x| x["id"] == "save-our-local").unwrap();
    assert_eq!(theirs["how"], "installed");
    assert_eq!(theirs["version"], "2.0.0");
    let shown: Value = b.get("/api/v1/blueprints/save-our-local").await.json().await.unwrap();
    assert_eq!(shown["blueprint"]["origin"], a.base.trim_end_matches('/'));
    let repeated = service::install(&b.state, &doc).await.unwrap().unwrap_err();
    assert_eq!(repeated[0].code, "blueprint-already-stored");
}

/// The same through the API, for node admins only: publishing and
/// installing are refused to others; bad input gets 422 with its problems.
async fn node_admins_publish_and_install_through_the_api(engine: Engine) {
    let Some(a) = spawn_app(engine).await else { return };
    let Some(b) = spawn_app(engine).await else { return };
    let v2 = SAVE_OUR_LOCAL.replacen("version = \"1.0.0\"", "version = \"2.0.0\"", 1);
    let body = json!({ "syntax": "toml", "source": v2 });
    let admin = a.api_person("Admin", "admin@example.org", &["read", "write"]).await;
    a.promote("admin@example.org").await;
    // A person who is not a node admin is refused.
    let someone = a.api_person("Someone", "someone@example.org", &["read", "write"]).await;
    let res = a.api_send(Method::POST, &someone, "/api/v1/blueprints/published", body.clone()).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let bad = json!({ "syntax": "toml", "source": "format = 1" });
    let res = a.api_send(Method::POST, &admin, "/api/v1/blueprints/published", bad.clone()).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = a.api_send(Method::POST, &admin, "/api/v1/blueprints/published", body.clone()).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let out: Value = res.json().await.unwrap();
    assert_eq!(out["how"], "published");
    let feed: Value = b.client.get(a.url("/blueprints/feed.json")).send().await.unwrap().json().await.unwrap();
    let item =
        feed["blueprints"].as_array().unwrap().iter().find(|x| x["signed"]["head"]["digest"] == out["digest"]).unwrap();
    let b_admin = b.api_person("Admin", "admin@example.org", &["read", "write"]).await;
    b.promote("admin@example.org").await;
    let mut tampered = item["signed"].clone();
    tampered["head"]["blueprint"]["version"] = json!("9.9.9");
    let res = b.api_send(Method::POST, &b_admin, "/api/v1/blueprints/installed", tampered.clone()).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = b.api_send(Method::POST, &b_admin, "/api/v1/blueprints/installed", item["signed"].clone()).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let out: Value = res.json().await.unwrap();
    assert_eq!(out["how"], "installed");
    assert_eq!(out["origin"], a.base.trim_end_matches('/'));
}

/// Two real nodes: B reads A's signed feed over HTTP and checks it; B's
/// adaptation, signed with B's key and carrying A's signed original,
/// verifies back to A; a changed byte or a wrong key is refused.
async fn a_second_node_reads_and_verifies_the_signed_feed(engine: Engine) {
    let Some(a) = spawn_app(engine).await else { return };
    // Test nodes listen on loopback, which a node refuses to reach unless told.
    let Some(b) = spawn_app_with(engine, Options { tune: |c| c.federation.allow_loopback = true }).await else {
        return;
    };
    let key: Value = a.get("/blueprints/key.json").await.json().await.unwrap();
    assert_eq!(key["algorithm"], "ed25519");
    // B fetches A's feed, as a node browsing another's catalogue would.
    let feed: Value = b.client.get(a.url("/blueprints/feed.json")).send().await.unwrap().json().await.unwrap();
    assert_eq!(feed["origin"], a.base.trim_end_matches('/'));
    let first = feed["blueprints"][0]["signed"].clone();
    assert_eq!(first["head"]["blueprint"]["origin"], feed["origin"]);
    assert_eq!(first["head"]["key"], key["key"]);
    let verify =
        |node: &TestApp, body: &Value| node.client.post(node.url("/api/v1/blueprints/verify")).json(body).send();
    let v: Value = verify(&b, &first).await.unwrap().json().await.unwrap();
    assert_eq!(v["valid"], true, "{v}");
    assert_eq!(v["provenance"][0]["origin"], feed["origin"]);
    // Changed after signing: refused, naming the problem.
    let mut changed = first.clone();
    changed["head"]["blueprint"]["campaign"]["petition"]["threshold"] = json!(5);
    let v: Value = verify(&b, &changed).await.unwrap().json().await.unwrap();
    assert_eq!(
        (v["valid"].clone(), v["problems"][0]["code"].clone()),
        (json!(false), json!("blueprint-digest-mismatch"))
    );
    // B adapts A's blueprint for Dumfries and signs it with its own key.
    let original: plural_kernel::provenance::Signed = serde_json::from_value(first.clone()).unwrap();
    let mut adapted = original.head.blueprint.clone();
    adapted.id = "save-our-local-dumfries".into();
    adapted.version = "1.0.0".into();
    adapted.origin = Some(b.base.trim_end_matches('/').to_string());
    adapted.derived_from = Some(plural_kernel::blueprints::Source {
        id: original.head.blueprint.id.clone(),
        version: original.head.blueprint.version.clone(),
        origin: original.head.blueprint.origin.clone().unwrap(),
        digest: original.head.digest.clone(),
    });
    let b_key = plural_kernel::provenance::signing_key(&b.key.derive("blueprint-signing/ed25519"));
    let signed = plural_kernel::provenance::Signed {
        head: plural_kernel::provenance::sign(&adapted, &b_key),
        chain: vec![original.head.clone()],
    };
    let v: Value = verify(&a, &serde_json::to_value(&signed).unwrap()).await.unwrap().json().await.unwrap();
    assert_eq!(v["valid"], true, "{v}");
    let origins: Vec<&str> =
        v["provenance"].as_array().unwrap().iter().map(|s| s["origin"].as_str().unwrap()).collect();
    assert_eq!(origins, [b.base.trim_end_matches('/'), a.base.trim_end_matches('/')]);
    // A publishes version 2 (a longer bidder window); B is shown what changed.
    let mut v2 = original.head.blueprint.clone();
    v2.version = "2.0.0".into();
    v2.guidance.insert("en".into(), "Updated guidance.".into());
    let changes: Value = b
        .client
        .post(b.url("/api/v1/blueprints/diff"))
        .json(&json!({"from": original.head.blueprint, "to": v2}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let paths: Vec<&str> = changes.as_array().unwrap().iter().map(|c| c["path"].as_str().unwrap()).collect();
    assert_eq!(paths, ["guidance.en", "version"]);
    assert_eq!(changes[1]["before"], "1.0.0");
    // A group on A adopts "Community food support" and tells how it went
    // (with markup A strips and B strips again on arrival).
    let ama = setup(&a).await;
    let adopt = json!({"group": "golden-lion", "fields": {"food_safety_lead": "Ama", "referral_needed": "no"},
        "venue": "St Mary's Hall"});
    let res = a.api_send(Method::POST, &ama, "/api/v1/blueprints/community-food-support/adoptions", adopt).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let story = json!({"group": "golden-lion", "story": "Forty households a **week**.<script>alert(1)</script>"});
    let res = a.api_send(Method::POST, &ama, "/api/v1/blueprints/community-food-support/stories", story).await;
    assert_eq!(res.status(), StatusCode::CREATED, "{}", res.text().await.unwrap());
    // Someone on B browses A's catalogue by its address (page and API),
    // with the stories of how it went there.
    b.sign_up("Bea", "bea@example.org").await;
    let html = b.text(&format!("/blueprints/browse?url={}", a.base)).await;
    assert!(html.contains("Save our local") && html.contains("Signature checked"), "{html}");
    assert!(html.contains("Friends of the Golden Lion, Newham"), "the story's group and place: {html}");
    assert!(html.contains("Forty households a <strong>week</strong>."), "the story: {html}");
    assert!(!html.contains("alert(1)"), "no script from another node: {html}");
    let html = b.text("/blueprints/browse?url=ftp%3A%2F%2Fa.example").await;
    assert!(html.contains("href=\"#f-url\""));
    let bea = b.token_for("bea@example.org", &["read"]).await;
    let remote: Value =
        b.api_get(&bea, &format!("/api/v1/blueprints/remote?url={}", a.base)).await.json().await.unwrap();
    assert_eq!(remote["origin"], a.base.trim_end_matches('/'));
    assert_eq!(remote["via"], "activitypub", "read from A's actor's blueprint collection");
    assert_eq!(remote["blueprints"].as_array().unwrap().len(), 3);
    assert!(remote["blueprints"].as_array().unwrap().iter().all(|x| x["verified"] == true));
    let res = b.api_get(&bea, "/api/v1/blueprints/remote?url=http://127.0.0.1:9").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // A domain B has blocked is not read at all (neither way).
    let a_host = url::Url::parse(&a.base).unwrap().host_str().unwrap().to_string();
    plural_store::federation::set_blocked(&b.state.db, &a_host, true).await.unwrap();
    b.state.federation.memo.forget_blocked(); // as the admin's block does
    let html = b.text(&format!("/blueprints/browse?url={}", a.base)).await;
    assert!(html.contains("blocked that domain") && !html.contains("Signature checked"), "{html}");
    plural_store::federation::set_blocked(&b.state.db, &a_host, false).await.unwrap();
    b.state.federation.memo.forget_blocked();
    // A node that does not allow loopback refuses to browse one, naming why.
    a.sign_up("Ana", "ana@example.org").await;
    let html = a.text(&format!("/blueprints/browse?url={}", b.base)).await;
    assert!(html.contains("href=\"#f-url\"") && html.contains("private or local network"), "{html}");
    // Without the original it does not verify; nor with A's key claimed for B's work.
    let mut alone = serde_json::to_value(&signed).unwrap();
    alone["chain"] = json!([]);
    let v: Value = verify(&a, &alone).await.unwrap().json().await.unwrap();
    assert_eq!(v["problems"][0]["code"], "blueprint-provenance-missing");
    let mut forged = serde_json::to_value(&signed).unwrap();
    forged["head"]["key"] = key["key"].clone();
    let v: Value = verify(&a, &forged).await.unwrap().json().await.unwrap();
    assert_eq!(v["problems"][0]["code"], "blueprint-signature-mismatch");
}

const SAVE_OUR_LOCAL: &str = include_str!("../../../../blueprints/save-our-local.toml");
const FOOD: &str = include_str!("../../../../blueprints/community-food-support.toml");

async fn the_schema_is_served_and_the_shipped_blueprints_meet_it(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let res = app.get("/blueprints/schema.json").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "application/schema+json");
    let schema: Value = res.json().await.unwrap();
    let validator = jsonschema::validator_for(&schema).expect("a valid JSON Schema");
    let list: Value = app.get("/api/v1/blueprints").await.json().await.unwrap();
    let ids: Vec<&str> = list.as_array().unwrap().iter().map(|b| b["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["save-our-local", "community-food-support", "residents-priorities"]);
    for id in ids {
        let b: Value = app.get(&format!("/api/v1/blueprints/{id}")).await.json().await.unwrap();
        let errors: Vec<String> =
            validator.iter_errors(&b["blueprint"]).map(|e| format!("{} at {}", e, e.instance_path)).collect();
        assert!(errors.is_empty(), "{id}: {errors:?}");
        assert_eq!(b["digest"].as_str().unwrap().len(), 64);
    }
    // The schema refuses what it can: unknown keys, a bad version.
    let mut b: Value =
        app.get("/api/v1/blueprints/save-our-local").await.json::<Value>().await.unwrap()["blueprint"].clone();
    b["version"] = json!("one");
    b["script"] = json!("alert(1)");
    assert!(!validator.is_valid(&b));
}

async fn validate(app: &TestApp, syntax: &str, source: &str) -> Value {
    let res = app
        .client
        .post(app.url("/api/v1/blueprints/validate"))
        .json(&json!({"syntax": syntax, "source": source}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.unwrap()
}

async fn checking_a_blueprint_names_each_problem(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let v = validate(&app, "toml", SAVE_OUR_LOCAL).await;
    assert_eq!(v["valid"], true);
    assert_eq!(v["id"], "save-our-local");
    let food = validate(&app, "toml", FOOD).await;
    assert_eq!(food["valid"], true, "{food}");
    let priorities = validate(&app, "toml", include_str!("../../../../blueprints/residents-priorities.toml")).await;
    assert_eq!(priorities["valid"], true, "{priorities}");
    // The same blueprint as JSON has the same digest (the canonical form).
    let b: Value =
        app.get("/api/v1/blueprints/save-our-local").await.json::<Value>().await.unwrap()["blueprint"].clone();
    let again = validate(&app, "json", &b.to_string()).await;
    assert_eq!(again["digest"], v["digest"]);
    // A module the node lacks, HTML in a text, a deadline from an unknown
    // date, a derived-from naming itself: each named by its path.
    let mut bad = b.clone();
    bad["modules"] = json!(["campaigns", "jukebox"]);
    bad["campaign"]["goal"]["en"] = json!("Keep it open <script>alert(1)</script>");
    bad["campaign"]["stages"][2]["deadline"]["from"] = json!("nowhere");
    bad["origin"] = json!("https://a.example");
    bad["derived_from"] =
        json!({"id": "save-our-local", "version": "1.0.0", "origin": "https://a.example", "digest": "0".repeat(64)});
    let v = validate(&app, "json", &bad.to_string()).await;
    assert_eq!(v["valid"], false);
    let paths: Vec<&str> = v["problems"].as_array().unwrap().iter().map(|p| p["path"].as_str().unwrap()).collect();
    for p in ["modules[1]", "campaign.goal.en", "campaign.stages[2].deadline.from", "derived_from"] {
        assert!(paths.contains(&p), "{p} not in {paths:?}");
    }
    // Malformed files and unknown keys name where.
    let v = validate(&app, "toml", &SAVE_OUR_LOCAL.replace("weeks = 8 }", "weeks = 8, run = \"rm -rf /\" }")).await;
    assert!(v["problems"][0]["path"].as_str().unwrap().starts_with("campaign.stages[2].deadline"), "{v}");
    let v = validate(&app, "json", "{\"format\": ").await;
    assert_eq!(v["valid"], false);
    let res = app
        .client
        .post(app.url("/api/v1/blueprints/validate"))
        .json(&json!({"syntax": "yaml", "source": ""}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

/// Ama runs a group in Newham. Returns her token.
async fn setup(app: &TestApp) -> String {
    app.place("newham", "Newham").await;
    let ama = app.api_person("Ama", "ama@example.org", &["read", "write"]).await;
    let res = app
        .api_send(
            Method::POST,
            &ama,
            "/api/v1/groups",
            json!({"name": "Friends of the Golden Lion", "slug": "golden-lion", "kind": "community_group", "place": "newham", "join_policy": "open"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    ama
}

async fn adopting_save_our_local_makes_a_campaign_with_deadlines(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let ama = setup(&app).await;
    let path = "/api/v1/blueprints/save-our-local/adoptions";
    // Missing fields and a bad date: every problem named, nothing created.
    let res = app
        .api_send(
            Method::POST,
            &ama,
            path,
            json!({"group": "golden-lion", "fields": {"asset_kind": "castle"}, "dates": {"listed_on": "1 March"}}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = res.json().await.unwrap();
    let fields: Vec<&str> = body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["date_listed_on", "field_asset_name", "field_asset_kind", "field_council"]);
    let list: Value = app.get("/api/v1/blueprints").await.json().await.unwrap();
    assert_eq!(list[0]["adoptions"], 0, "nothing was created");
    // Someone who does not run the group may not adopt for it.
    let ben = app.api_person("Ben", "ben@example.org", &["read", "write"]).await;
    let good = json!({
        "group": "golden-lion",
        "fields": {"asset_name": "the Golden Lion", "asset_kind": "pub", "council": "Newham Council"},
        "dates": {"nomination_submitted": "2027-01-15", "sale_notified": "2028-08-31"},
        "local_districts": ["E13"]
    });
    assert_eq!(app.api_send(Method::POST, &ben, path, good.clone()).await.status(), StatusCode::FORBIDDEN);
    let res = app.api_send(Method::POST, &ama, path, good).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let id = res.json::<Value>().await.unwrap()["campaign"].as_str().unwrap().to_string();
    let c: Value = app.api_get(&ama, &format!("/api/v1/campaigns/{id}")).await.json().await.unwrap();
    assert_eq!(c["status"], "draft");
    assert_eq!(c["title"], "Save the Golden Lion");
    assert_eq!(c["petition"]["threshold"], 21);
    assert_eq!(c["has_pledges"], true);
    assert_eq!(c["local_districts"], json!(["E13"]));
    let due: Vec<(String, Value)> = c["stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["title"].as_str().unwrap().to_string(), s["due_on"].clone()))
        .collect();
    assert_eq!(due.len(), 8);
    assert_eq!(due[2].1, "2027-03-12", "the council decides within 8 weeks");
    assert_eq!(due[3].1, Value::Null, "no listing date entered yet");
    assert_eq!(due[5].1, "2028-10-12", "6 weeks to ask to be treated as a bidder");
    assert_eq!(due[6].1, "2029-02-28", "6 months, clamped to the month's end");
    assert_eq!(due[7].1, "2030-02-28", "18 months");
    let list: Value = app.get("/api/v1/blueprints").await.json().await.unwrap();
    assert_eq!(list[0]["adoptions"], 1);
    // The food blueprint does not make a campaign.
    let res = app
        .api_send(
            Method::POST,
            &ama,
            "/api/v1/blueprints/community-food-support/adoptions",
            json!({"group": "golden-lion"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "its fields and venue are missing");
}

/// "Community food support": the group's directory entry, a weekly session
/// and an opportunity per shift, published and pre-filled; a resident
/// volunteers; the adoption is counted. Bad input creates nothing.
async fn adopting_food_support_makes_the_directory_entry_and_the_rota(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let ama = setup(&app).await;
    let path = "/api/v1/blueprints/community-food-support/adoptions";
    let count = |list: &Value| {
        list.as_array().unwrap().iter().find(|b| b["id"] == "community-food-support").unwrap()["adoptions"].clone()
    };
    let res = app
        .api_send(Method::POST, &ama, path, json!({"group": "golden-lion", "fields": {"referral_needed": "perhaps"}}))
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = res.json().await.unwrap();
    let fields: Vec<&str> = body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["field_food_safety_lead", "venue"], "{body}");
    let list: Value = app.get("/api/v1/blueprints").await.json().await.unwrap();
    assert_eq!(count(&list), 0, "nothing was created");
    let services = app.get("/api/v1/services").await.json::<Value>().await.unwrap().to_string();
    assert!(!services.contains("Community food support"), "{services}");

    let good = json!({
        "group": "golden-lion",
        "fields": {"food_safety_lead": "Ama or Joe", "referral_needed": "no", "what_to_bring": "A bag"},
        "venue": "St Mary's Hall, 12 Church Road"
    });
    let ben = app.api_person("Ben", "ben@example.org", &["read", "write"]).await;
    assert_eq!(app.api_send(Method::POST, &ben, path, good.clone()).await.status(), StatusCode::FORBIDDEN);
    let res = app.api_send(Method::POST, &ama, path, good).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let made: Value = res.json().await.unwrap();
    assert!(made.get("campaign").is_none());
    let created = &made["created"];
    assert_eq!(created["services"].as_array().unwrap().len(), 1, "{made}");
    assert_eq!(created["events"].as_array().unwrap().len(), 1, "{made}");
    assert_eq!(created["opportunities"].as_array().unwrap().len(), 4, "one per shift: {made}");

    let service: Value =
        app.get(&format!("/api/v1/services/{}", created["services"][0].as_str().unwrap())).await.json().await.unwrap();
    assert_eq!(service["name"], "Community food support");
    assert_eq!(service["group"], "golden-lion", "{service}");
    assert_eq!(service["status"], "active");
    assert!(service["hours"].to_string().contains("10:00"), "{service}");
    let event: Value =
        app.get(&format!("/api/v1/events/{}", created["events"][0].as_str().unwrap())).await.json().await.unwrap();
    assert_eq!(event["title"], "Weekly food session");
    assert_eq!(event["repeat"], "weekly");
    assert_eq!(event["venue"], "St Mary's Hall, 12 Church Road");
    assert!(event["rrule"].as_str().unwrap().contains("FREQ=WEEKLY"), "{event}");
    assert!(event["description"].as_str().unwrap().contains("Welcoming people and sharing food"), "{event}");

    // A resident signs up for a shift.
    let opp = created["opportunities"][2].as_str().unwrap();
    let o: Value = app.get(&format!("/api/v1/opportunities/{opp}")).await.json().await.unwrap();
    assert_eq!(o["title"], "Welcoming people and sharing food");
    let res = app
        .api_send(
            Method::POST,
            &ben,
            &format!("/api/v1/opportunities/{opp}/interest"),
            json!({"message": "I'm free most Saturdays"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED, "{}", res.text().await.unwrap());
    let responses: Value =
        app.api_get(&ama, &format!("/api/v1/opportunities/{opp}/responses")).await.json().await.unwrap();
    assert!(responses.to_string().contains("free most Saturdays"), "{responses}");

    let list: Value = app.get("/api/v1/blueprints").await.json().await.unwrap();
    assert_eq!(count(&list), 1);

    // Stories: only admins of a group that adopted it; bounded; sanitised.
    let stories = "/api/v1/blueprints/community-food-support/stories";
    let story = "We opened in **March**; 40 households a week now. <script>alert(1)</script>";
    let res = app.api_send(Method::POST, &ben, stories, json!({"group": "golden-lion", "story": story})).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "Ben does not run the group");
    let res = app
        .api_send(
            Method::POST,
            &ama,
            "/api/v1/groups",
            json!({"name": "Plaistow Gardeners", "slug": "plaistow-gardeners", "kind": "community_group", "place": "newham", "join_policy": "open"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let res = app.api_send(Method::POST, &ama, stories, json!({"group": "plaistow-gardeners", "story": story})).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "that group did not adopt it");
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["errors"][0]["field"], "group", "{body}");
    let long = "a".repeat(2001);
    let res = app.api_send(Method::POST, &ama, stories, json!({"group": "golden-lion", "story": long})).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["errors"][0]["code"], "blueprint-story-too-long", "{body}");
    let res = app.api_send(Method::POST, &ama, stories, json!({"group": "golden-lion", "story": story})).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let one: Value = app.get("/api/v1/blueprints/community-food-support").await.json().await.unwrap();
    assert_eq!(one["stories"].as_array().unwrap().len(), 1, "{one}");
    assert_eq!(one["stories"][0]["group"], "Friends of the Golden Lion");
    let html = one["stories"][0]["body_html"].as_str().unwrap();
    assert!(html.contains("<strong>March</strong>") && !html.contains("<script"), "{html}");
    let feed: Value = app.get("/blueprints/feed.json").await.json().await.unwrap();
    let item = feed["blueprints"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["signed"]["head"]["blueprint"]["id"] == "community-food-support")
        .unwrap();
    assert_eq!(item["stories"][0]["body"], story);
    assert_eq!(item["adoptions"], 1);
    let page = app.get("/blueprints/community-food-support").await.text().await.unwrap();
    assert!(page.contains("40 households a week"), "the story is on the page");
}

async fn adopting_works_without_javascript(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    app.place("newham", "Newham").await;
    app.sign_up("Ama", "ama@example.org").await;
    let res = app
        .post_form(
            "/groups",
            &[
                ("name", "Friends of the Golden Lion"),
                ("slug", "golden-lion"),
                ("kind", "community_group"),
                ("place", "newham"),
                ("join_policy", "open"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let html = app.text("/blueprints").await;
    assert!(html.contains("Save our local") && html.contains("Community food support"));
    let html = app.text("/blueprints/save-our-local").await;
    assert!(html.contains("The law may change") && html.contains("6 weeks after"));
    let res = app
        .post_form("/blueprints/save-our-local/adopt", &[("group", "golden-lion"), ("date_sale_notified", "soon")])
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    for f in ["field_asset_name", "field_asset_kind", "field_council", "date_sale_notified"] {
        assert!(html.contains(&format!("href=\"#f-{f}\"")), "{f}");
    }
    let res = app
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
    let page = location(&res);
    assert!(page.ends_with("/manage?notice=blueprint-adopted"), "{page}");
    let html = app.text(&page).await;
    assert!(html.contains("Save the Golden Lion") && html.contains("2028-10-12"));
}

/// Make the database refuse every new row of `table`, as a failure in the
/// last step of an adoption (a full disk, a lost connection) would.
async fn refuse_inserts(app: &TestApp, engine: Engine, table: &str) {
    let statements = match engine {
        Engine::Sqlite => vec![format!(
            "CREATE TRIGGER refuse_{table} BEFORE INSERT ON {table} BEGIN SELECT RAISE(ABORT, 'refused'); END"
        )],
        Engine::Postgres => vec![
            "CREATE OR REPLACE FUNCTION refuse_insert() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$ \
             LANGUAGE plpgsql"
                .to_string(),
            format!(
                "CREATE TRIGGER refuse_{table} BEFORE INSERT ON {table} FOR EACH ROW EXECUTE FUNCTION refuse_insert()"
            ),
        ],
    };
    for sql in statements {
        sqlx::query(&sql).execute(app.state.db.writer()).await.unwrap();
    }
}

async fn allow_inserts(app: &TestApp, engine: Engine, table: &str) {
    let sql = match engine {
        Engine::Sqlite => format!("DROP TRIGGER refuse_{table}"),
        Engine::Postgres => format!("DROP TRIGGER refuse_{table} ON {table}"),
    };
    sqlx::query(&sql).execute(app.state.db.writer()).await.unwrap();
}

async fn rows(app: &TestApp, table: &str) -> i64 {
    sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(app.state.db.reader()).await.unwrap()
}

/// An adoption is one transaction: when its last write (the record of the
/// adoption) fails, the service, weekly session and shifts written before
/// it — or the campaign and its stages — are gone too.
async fn an_adoption_that_fails_part_way_leaves_nothing(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let ama = setup(&app).await;
    let food = json!({
        "group": "golden-lion",
        "fields": {"food_safety_lead": "Ama", "referral_needed": "no"},
        "venue": "St Mary's Hall, 12 Church Road"
    });
    let path = "/api/v1/blueprints/community-food-support/adoptions";
    refuse_inserts(&app, engine, "blueprint_uses").await;
    let res = app.api_send(Method::POST, &ama, path, food.clone()).await;
    assert_eq!(res.status(), StatusCode::INTERNAL_SERVER_ERROR);
    for table in ["directory_services", "events", "opportunities", "blueprint_uses"] {
        assert_eq!(rows(&app, table).await, 0, "{table} kept a row of the failed adoption");
    }
    allow_inserts(&app, engine, "blueprint_uses").await;
    assert_eq!(app.api_send(Method::POST, &ama, path, food).await.status(), StatusCode::CREATED);
    assert_eq!(rows(&app, "opportunities").await, 4);

    let save = json!({
        "group": "golden-lion",
        "fields": {"asset_name": "the Golden Lion", "asset_kind": "pub", "council": "Newham Council"},
        "dates": {"nomination_submitted": "2027-01-15"}
    });
    let path = "/api/v1/blueprints/save-our-local/adoptions";
    refuse_inserts(&app, engine, "blueprint_adoptions").await;
    let res = app.api_send(Method::POST, &ama, path, save.clone()).await;
    assert_eq!(res.status(), StatusCode::INTERNAL_SERVER_ERROR);
    for table in ["campaigns", "campaign_stages", "blueprint_adoptions"] {
        assert_eq!(rows(&app, table).await, 0, "{table} kept a row of the failed adoption");
    }
    allow_inserts(&app, engine, "blueprint_adoptions").await;
    assert_eq!(app.api_send(Method::POST, &ama, path, save).await.status(), StatusCode::CREATED);
    assert_eq!(rows(&app, "blueprint_adoptions").await, 1);
}

/// "Residents' priorities": a survey of the group's place, open from today
/// for four weeks, and a participatory budget of the amount the organiser
/// enters, its stages timed after the survey; the budget is the place's,
/// so only its stewards (or node admins) may adopt it. Bad amounts are
/// named and nothing is written.
async fn adopting_residents_priorities_opens_a_survey_and_a_budget(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let ama = setup(&app).await;
    let path = "/api/v1/blueprints/residents-priorities/adoptions";
    let fields = json!({"fund_name": "the Plaistow ward fund", "fund_holder": "Newham Council"});
    let with_amount = |amount: &str| json!({"group": "golden-lion", "fields": fields, "amount": amount});
    // Ama runs the group but is not one of Newham's stewards: the budget is not hers to open.
    let res = app.api_send(Method::POST, &ama, path, with_amount("12000")).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let newham = plural_store::places::by_slug(&app.state.db, "newham").await.unwrap().unwrap().id;
    plural_store::mutual_aid::add_steward(&app.state.db, newham, app.person_id("ama@example.org").await).await.unwrap();

    // Missing, zero, negative and non-numeric amounts, and missing fields: named, nothing written.
    let res = app.api_send(Method::POST, &ama, path, json!({"group": "golden-lion"})).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = res.json().await.unwrap();
    let found: Vec<(&str, &str)> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["field"].as_str().unwrap(), e["code"].as_str().unwrap()))
        .collect();
    assert_eq!(
        found,
        [
            ("field_fund_name", "blueprint-field-required"),
            ("field_fund_holder", "blueprint-field-required"),
            ("amount", "blueprint-amount-required")
        ],
        "{body}"
    );
    for (amount, code) in
        [("0", "budget-amount-out-of-range"), ("-500", "budget-amount-out-of-range"), ("lots", "budget-amount-invalid")]
    {
        let res = app.api_send(Method::POST, &ama, path, with_amount(amount)).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{amount}");
        let body: Value = res.json().await.unwrap();
        let errors = body["errors"].as_array().unwrap();
        assert_eq!(
            (errors.len(), &errors[0]["field"], &errors[0]["code"]),
            (1, &json!("amount"), &json!(code)),
            "{body}"
        );
    }
    for table in ["surveys", "budgets", "blueprint_uses"] {
        assert_eq!(rows(&app, table).await, 0, "{table}: nothing was written");
    }

    let res = app.api_send(Method::POST, &ama, path, with_amount("£12,000")).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let made: Value = res.json().await.unwrap();
    let created = &made["created"];
    let survey: Value = app
        .api_get(&ama, &format!("/api/v1/surveys/{}", created["surveys"][0].as_str().unwrap()))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(survey["title"], "What matters most in Newham?");
    assert_eq!(survey["group"], "golden-lion");
    assert_eq!(survey["place"], "newham");
    assert_eq!(survey["open"], true);
    assert!(survey["purpose"].as_str().unwrap().contains("the Plaistow ward fund (£12,000)"), "{survey}");
    let questions = survey["questions"].as_array().unwrap();
    assert_eq!(questions.len(), 6);
    assert_eq!(questions[0]["kind"], "choice");
    assert_eq!(questions[0]["prompt"], "Which of these would make the most difference to Newham?");
    assert_eq!(questions[0]["options"].as_array().unwrap().len(), 6);
    assert_eq!(questions[1]["kind"], "scale");
    let four_weeks = 28 * 86_400;
    let open_for = survey["closes_at"].as_i64().unwrap() - survey["opens_at"].as_i64().unwrap();
    assert!((four_weeks - 86_400..=four_weeks + 86_400).contains(&open_for), "open for {open_for}s");

    let budget: Value = app
        .api_get(&ama, &format!("/api/v1/budgets/{}", created["budgets"][0].as_str().unwrap()))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(budget["title"], "the Plaistow ward fund: you decide");
    assert_eq!(budget["amount"], 12000);
    assert_eq!(budget["stage"], "proposing");
    assert_eq!(budget["place"], "newham");
    let description = budget["description"].as_str().unwrap();
    assert!(description.starts_with("Newham Council has set aside £12,000 for Newham"), "{description}");
    // The stages are timed after the survey: 4, 2 and 3 weeks.
    let day = |weeks: i64| {
        let d = chrono::Utc::now().date_naive() + chrono::Duration::weeks(weeks);
        d.format("%-d %B %Y").to_string()
    };
    for (stage, weeks) in [("proposing", 8), ("reviewing", 10), ("voting", 13)] {
        assert!(description.contains(&format!("Until {}:**", day(weeks))), "{stage}: {description}");
    }
    assert!(!description.contains('{'), "every placeholder filled: {description}");

    let list: Value = app.get("/api/v1/blueprints").await.json().await.unwrap();
    let entry = list.as_array().unwrap().iter().find(|b| b["id"] == "residents-priorities").unwrap().clone();
    assert_eq!(entry["adoptions"], 1);
}

/// `plural demo`: the Coldharbour tenants' pantry adopted from "Community
/// food support" and Lambeth Council's Brixton Hill fund from "Residents'
/// priorities", made by the adoption service, with their stories.
async fn the_demo_shows_both_kinds_of_adoption_and_their_stories(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    plural::demo::seed(&app.state.db, &app.key).await.unwrap();
    plural::demo_blueprints::seed_adoptions(&app.state).await.unwrap();
    let list: Value = app.get("/api/v1/blueprints").await.json().await.unwrap();
    let adoptions = |id: &str| list.as_array().unwrap().iter().find(|b| b["id"] == id).unwrap()["adoptions"].clone();
    assert_eq!(adoptions("community-food-support"), 1);
    assert_eq!(adoptions("residents-priorities"), 1);
    let events = app.text("/api/v1/events?group=coldharbour-tenants").await;
    assert!(events.contains("Weekly food session"), "{events}");
    let page = app.text("/blueprints/community-food-support").await;
    assert!(page.contains("Coldharbour Tenants") && page.contains("Saturday pantry"), "the story is shown");
    let page = app.text("/blueprints/residents-priorities").await;
    assert!(page.contains("Street lighting and places for young people"), "the story is shown");
    let budgets = app.text("/api/v1/budgets").await;
    assert!(budgets.contains("the Brixton Hill neighbourhood fund: you decide"), "{budgets}");
    let surveys = app.text("/api/v1/places/brixton-hill/surveys").await;
    assert!(surveys.contains("What matters most in Brixton Hill?"), "{surveys}");
}

/// Over ActivityPub the catalogue is the node actor's `blueprints`
/// collection (in its `streams`): each blueprint a `Document` at its
/// page's address carrying the blueprint exactly as signed in the feed,
/// which verifies; the page still answers browsers with HTML.
async fn the_catalogue_is_a_collection_of_the_node_actor(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let ap = |path: &str| app.client.get(app.url(path)).header("accept", "application/activity+json").send();
    let base = app.base.trim_end_matches('/').to_string();
    let actor: Value = ap("/actor").await.unwrap().json().await.unwrap();
    let collection_id = format!("{base}/actor/blueprints");
    assert_eq!(actor["streams"], json!([collection_id]), "{actor}");
    assert_eq!(actor["blueprints"], json!(collection_id));
    let res = ap("/actor/blueprints").await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("application/activity+json"));
    let c: Value = res.json().await.unwrap();
    assert_eq!(
        (c["id"].as_str(), c["type"].as_str(), c["totalItems"].as_i64()),
        (Some(collection_id.as_str()), Some("OrderedCollection"), Some(3))
    );
    let feed: Value = app.get("/blueprints/feed.json").await.json().await.unwrap();
    for (item, fed) in c["orderedItems"].as_array().unwrap().iter().zip(feed["blueprints"].as_array().unwrap()) {
        let id = item["signedBlueprint"]["head"]["blueprint"]["id"].as_str().unwrap();
        assert_eq!(item["type"], "Document");
        assert_eq!(item["id"], format!("{base}/blueprints/{id}"));
        assert_eq!(item["attributedTo"], format!("{base}/actor"));
        assert_eq!(item["signedBlueprint"], fed["signed"], "the same signed document as the feed");
        let v: Value = app
            .client
            .post(app.url("/api/v1/blueprints/verify"))
            .json(&item["signedBlueprint"])
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(v["valid"], true, "{id}: {v}");
    }
    let doc: Value = ap("/blueprints/residents-priorities").await.unwrap().json().await.unwrap();
    assert_eq!(doc["name"], "Residents' priorities");
    assert_eq!(doc["signedBlueprint"]["head"]["blueprint"]["budget"]["voting_weeks"], 3);
    assert!(doc["@context"].to_string().contains("/ns/plural"), "{doc}");
    let context: Value = app.get("/ns/plural").await.json().await.unwrap();
    assert!(context["@context"]["signedBlueprint"].is_object(), "{context}");
    let html = app.text("/blueprints/residents-priorities").await;
    assert!(html.contains("<h1"), "browsers still get the page");
    let res = ap("/blueprints/no-such-blueprint").await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}
