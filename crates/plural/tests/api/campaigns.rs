//! Campaigns: bad input refused field by field with nothing written, drafts
//! seen only by the group's admins, one signature per person with locality
//! counted (never an address), pledge totals, updates emailed to
//! supporters who can unsubscribe without signing in, and the pages
//! (public page, organisers' page, poster, counter) working without
//! JavaScript.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::both_engines;
use crate::helpers::{location, post_form_as, readable, spawn_app, Engine, TestApp, PASSWORD};

both_engines!(
    bad_input_is_refused_and_drafts_are_private,
    petition_counts_each_person_once_and_who_is_local,
    pledges_are_recorded_and_totalled,
    supporters_get_updates_and_can_unsubscribe_without_signing_in,
    pages_work_without_javascript,
);

async fn fields_of(res: reqwest::Response) -> Vec<String> {
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = res.json().await.unwrap();
    body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap().to_string()).collect()
}

/// Newham (with Plaistow within it) and Dumfries; Ama runs the Golden Lion
/// group in Newham. Returns Ama's token.
async fn setup(app: &TestApp) -> String {
    let newham = app.place("newham", "Newham").await;
    let fields = plural_store::places::PlaceFields {
        slug: "plaistow",
        name: "Plaistow",
        description: "",
        parent_id: Some(newham),
        footprint: None,
    };
    plural_store::places::create(&app.state.db, fields).await.unwrap();
    app.place("dumfries", "Dumfries").await;
    let ama = app.api_person("Ama Mensah", "ama@example.org", &["read", "write"]).await;
    let res = app
        .api_send(
            Method::POST,
            &ama,
            "/api/v1/groups",
            json!({"name": "Friends of the Golden Lion", "slug": "golden-lion", "kind": "community_group",
                "place": "newham", "join_policy": "open"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    ama
}

fn campaign() -> Value {
    json!({
        "group": "golden-lion",
        "title": "Save the Golden Lion",
        "goal": "Keep the Golden Lion open as a community pub",
        "story": "The **last pub** on the high street. <script>alert(1)</script>",
        "target": "Newham Council",
        "status": "active",
        "has_petition": true,
        "petition_text": "We ask the council to list the Golden Lion as an Asset of Community Value.",
        "threshold": 21,
        "local_districts": ["e13", "E15"],
        "has_pledges": true,
        "stages": [{"title": "Nomination sent", "due_on": "2027-01-15"}]
    })
}

async fn create(app: &TestApp, token: &str, body: Value) -> Value {
    let res = app.api_send(Method::POST, token, "/api/v1/campaigns", body).await;
    let status = res.status();
    let body: Value = res.json().await.unwrap();
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body
}

async fn bad_input_is_refused_and_drafts_are_private(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let ama = setup(&app).await;
    let bad = json!({
        "group": "nobody", "place": "atlantis", "title": " ", "goal": "", "status": "maybe",
        "has_petition": true, "threshold": -3, "local_districts": ["E13 9PJ"],
        "stages": [{"title": "", "due_on": "31/01/2027"}]
    });
    let fields = fields_of(app.api_send(Method::POST, &ama, "/api/v1/campaigns", bad).await).await;
    for f in [
        "group",
        "place",
        "title",
        "goal",
        "status",
        "petition_text",
        "threshold",
        "local_districts",
        "stage_title",
        "due_on",
    ] {
        assert!(fields.contains(&f.to_string()), "{f} missing from {fields:?}");
    }
    // Nothing was written.
    let all: Value = app.get("/api/v1/campaigns").await.json().await.unwrap();
    assert_eq!(all.as_array().unwrap().len(), 0);
    // Someone who does not run the group may not start its campaign.
    let ben = app.api_person("Ben", "ben@example.org", &["read", "write"]).await;
    let res = app.api_send(Method::POST, &ben, "/api/v1/campaigns", campaign()).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // A draft exists only for the group's admins.
    let mut draft = campaign();
    draft["status"] = json!("draft");
    let c = create(&app, &ama, draft).await;
    let id = c["id"].as_str().unwrap();
    assert_eq!(c["place"], "newham", "the group's own place by default");
    assert_eq!(c["local_districts"], json!(["E13", "E15"]));
    assert_eq!(c["stages"][0]["due_on"], "2027-01-15");
    assert!(!c["story_html"].as_str().unwrap().contains("<script"), "{}", c["story_html"]);
    assert_eq!(app.get(&format!("/api/v1/campaigns/{id}")).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.api_get(&ben, &format!("/api/v1/campaigns/{id}")).await.status(), StatusCode::NOT_FOUND);
    let all: Value = app.get("/api/v1/campaigns").await.json().await.unwrap();
    assert_eq!(all.as_array().unwrap().len(), 0);
    let res = app
        .api_send(
            Method::POST,
            &ben,
            &format!("/api/v1/campaigns/{id}/signatures"),
            json!({"display": "name", "locality_kind": "place", "place": "newham"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    // Made active, everyone sees it; Ben still cannot edit it.
    let mut active = campaign();
    for k in ["group", "stages"] {
        active.as_object_mut().unwrap().remove(k);
    }
    let res = app.api_send(Method::PUT, &ama, &format!("/api/v1/campaigns/{id}"), active.clone()).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(app.get(&format!("/api/v1/campaigns/{id}")).await.status(), StatusCode::OK);
    let res = app.api_send(Method::PUT, &ben, &format!("/api/v1/campaigns/{id}"), active).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let fields = fields_of(
        app.api_send(
            Method::POST,
            &ama,
            &format!("/api/v1/campaigns/{id}/stages"),
            json!({"title": "", "due_on": "2027-02-30"}),
        )
        .await,
    )
    .await;
    assert_eq!(fields, vec!["stage_title".to_string(), "due_on".to_string()]);
    let res = app
        .api_send(
            Method::POST,
            &ama,
            &format!("/api/v1/campaigns/{id}/stages"),
            json!({"title": "Council decides", "due_on": "2027-03-12"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let c: Value = app.get(&format!("/api/v1/campaigns/{id}")).await.json().await.unwrap();
    assert_eq!(c["stages"].as_array().unwrap().len(), 2);
    assert_eq!(c["stages"][1]["title"], "Council decides");
}

async fn sign(app: &TestApp, token: &str, id: &str, body: Value) -> reqwest::Response {
    app.api_send(Method::POST, token, &format!("/api/v1/campaigns/{id}/signatures"), body).await
}

async fn petition_counts_each_person_once_and_who_is_local(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let ama = setup(&app).await;
    let c = create(&app, &ama, campaign()).await;
    let id = c["id"].as_str().unwrap();
    let mut people = Vec::new();
    for (i, name) in ["Bea Khan", "Cy Jones", "Dee Roy", "Eli Park"].iter().enumerate() {
        people.push(app.api_person(name, &format!("p{i}@example.org"), &["read", "write"]).await);
    }
    // Bad declarations: no address, not even a whole postcode.
    let fields = fields_of(
        sign(
            &app,
            &people[0],
            id,
            json!({"display": "loud", "locality_kind": "postcode", "postcode_district": "E13 9PJ"}),
        )
        .await,
    )
    .await;
    assert_eq!(fields, vec!["display".to_string(), "postcode_district".to_string()]);
    let res = sign(
        &app,
        &people[0],
        id,
        json!({"display": "name", "locality_kind": "postcode", "postcode_district": "E13 9PJ"}),
    )
    .await;
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["errors"][0]["code"], "campaign-postcode-district-only");
    let fields = fields_of(
        sign(&app, &people[0], id, json!({"display": "name", "locality_kind": "place", "place": "atlantis"})).await,
    )
    .await;
    assert_eq!(fields, vec!["place".to_string()]);
    // Plaistow is within Newham: local. E13 is listed: local. DG1 and Dumfries are not.
    let signatures = [
        json!({"display": "name", "locality_kind": "place", "place": "plaistow"}),
        json!({"display": "first_name", "locality_kind": "postcode", "postcode_district": "e13"}),
        json!({"display": "anonymous", "locality_kind": "postcode", "postcode_district": "DG1"}),
        json!({"display": "name", "locality_kind": "place", "place": "dumfries"}),
    ];
    for (token, body) in people.iter().zip(signatures) {
        assert_eq!(sign(&app, token, id, body).await.status(), StatusCode::CREATED);
    }
    // Once per person.
    let res = sign(&app, &people[0], id, json!({"display": "name", "locality_kind": "place", "place": "newham"})).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let p: Value = app.get(&format!("/api/v1/campaigns/{id}/petition")).await.json().await.unwrap();
    assert_eq!((p["signatures"].as_i64(), p["local"].as_i64(), p["threshold"].as_i64()), (Some(4), Some(2), Some(21)));
    assert_eq!(p["percent"], 19);
    // Names as each signer chose; never where they live.
    let html = app.text(&format!("/campaigns/{id}")).await;
    assert!(html.contains("<li>Bea Khan <span") && html.contains("<li>Cy <span"), "first name only");
    assert!(!html.contains("Cy Jones") && !html.contains("Dee Roy"), "surnames and anonymous signers stay hidden");
    assert!(!html.contains("DG1") && !html.contains(">E13<"));
    // A closed campaign takes no more signatures.
    let mut ended = campaign();
    for k in ["group", "stages"] {
        ended.as_object_mut().unwrap().remove(k);
    }
    ended["status"] = json!("won");
    ended["outcome"] = json!("Listed as an Asset of Community Value.");
    assert_eq!(
        app.api_send(Method::PUT, &ama, &format!("/api/v1/campaigns/{id}"), ended).await.status(),
        StatusCode::OK
    );
    let res = sign(&app, &ama, id, json!({"display": "name", "locality_kind": "place", "place": "newham"})).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    // Erasure takes a signer off the count.
    let eli = app.person_id("p3@example.org").await;
    plural_store::people::erase(&app.state.db, eli).await.unwrap();
    let p: Value = app.get(&format!("/api/v1/campaigns/{id}/petition")).await.json().await.unwrap();
    assert_eq!(p["signatures"], 3);
}

async fn pledges_are_recorded_and_totalled(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let ama = setup(&app).await;
    let c = create(&app, &ama, campaign()).await;
    let id = c["id"].as_str().unwrap();
    let ben = app.api_person("Ben", "ben@example.org", &["read", "write"]).await;
    let path = format!("/api/v1/campaigns/{id}/pledges");
    let fields =
        fields_of(app.api_send(Method::POST, &ben, &path, json!({"kind": "gold", "amount": "lots"})).await).await;
    assert_eq!(fields, vec!["kind".to_string()]);
    let fields =
        fields_of(app.api_send(Method::POST, &ben, &path, json!({"kind": "money", "amount": "12.5"})).await).await;
    assert_eq!(fields, vec!["amount".to_string()]);
    let fields = fields_of(app.api_send(Method::POST, &ben, &path, json!({"kind": "time", "amount": "0"})).await).await;
    assert_eq!(fields, vec!["amount".to_string()]);
    for body in [
        json!({"kind": "money", "amount": "£1,250.50"}),
        json!({"kind": "shares", "amount": "500", "condition": "if we reach £50,000"}),
        json!({"kind": "time", "amount": "10"}),
    ] {
        assert_eq!(app.api_send(Method::POST, &ben, &path, body).await.status(), StatusCode::CREATED);
    }
    let res = app.api_send(Method::POST, &ama, &path, json!({"kind": "shares", "amount": "250"})).await;
    let totals: Value = res.json().await.unwrap();
    assert_eq!(totals["money_pence"], 125_050);
    assert_eq!(totals["shares_pence"], 75_000);
    assert_eq!(totals["conditional_shares_pence"], 50_000);
    assert_eq!(totals["hours"], 10);
    assert_eq!(totals["pledges"], 4);
    // Who pledged what: the organisers only.
    assert_eq!(app.api_get(&ben, &path).await.status(), StatusCode::FORBIDDEN);
    let list: Value = app.api_get(&ama, &path).await.json().await.unwrap();
    assert_eq!(list.as_array().unwrap().len(), 4);
    assert_eq!(list[0]["person_name"], "Ben");
    // The page says Plural never takes payments, and shows the totals.
    let html = app.text(&format!("/campaigns/{id}")).await;
    assert!(html.contains("it never takes payments"));
    assert!(html.contains("£1,250.50") && html.contains("£750"));
}

async fn supporters_get_updates_and_can_unsubscribe_without_signing_in(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let ama = setup(&app).await;
    let c = create(&app, &ama, campaign()).await;
    let id = c["id"].as_str().unwrap();
    let ben = app.api_person("Ben", "ben@example.org", &["read", "write"]).await;
    let res =
        sign(&app, &ben, id, json!({"display": "name", "locality_kind": "place", "place": "newham", "follow": true}))
            .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let updates = format!("/api/v1/campaigns/{id}/updates");
    let fields = fields_of(app.api_send(Method::POST, &ama, &updates, json!({"body": "  "})).await).await;
    assert_eq!(fields, vec!["body".to_string()]);
    assert_eq!(app.api_send(Method::POST, &ben, &updates, json!({"body": "Hi"})).await.status(), StatusCode::FORBIDDEN);
    let res = app.api_send(Method::POST, &ama, &updates, json!({"body": "The council received our nomination."})).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let mail = app.wait_for_mail(1).await;
    let text = readable(&mail[0].data);
    assert!(mail[0].to.iter().any(|t| t.contains("ben@example.org")));
    assert!(text.contains("The council received our nomination."), "{text}");
    assert!(text.contains("/campaigns/unsubscribe/"), "the body links to unsubscribing too");
    let header = mail[0].data.lines().find(|l| l.starts_with("List-Unsubscribe:")).expect("List-Unsubscribe header");
    let link =
        header.split_once('<').and_then(|(_, rest)| rest.split_once('>')).map(|(url, _)| url.to_string()).unwrap();
    let path = &link[link.find("/campaigns/unsubscribe/").unwrap()..];
    // A stranger's browser, not signed in: a page with a button.
    let (anon, jar) = app.new_client();
    let page = anon.get(app.url(path)).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let token = path.trim_start_matches("/campaigns/unsubscribe/");
    let res = post_form_as(&anon, &jar, &app.base, "/campaigns/unsubscribe", &[("token", token)]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    // A forged token does nothing.
    let bad = format!("{}x", &token[..token.len() - 2]);
    assert_eq!(
        anon.get(app.url(&format!("/campaigns/unsubscribe/{bad}"))).send().await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
    let res = app.api_send(Method::POST, &ama, &updates, json!({"body": "Second update."})).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(app.smtp.all().len(), 1, "no more updates after unsubscribing");
    let c: Value = app.get(&format!("/api/v1/campaigns/{id}")).await.json().await.unwrap();
    assert_eq!(c["updates"].as_array().unwrap().len(), 2);
}

async fn pages_work_without_javascript(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    app.place("newham", "Newham").await;
    app.sign_up("Ama Mensah", "ama@example.org").await;
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
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "group created");
    // Errors are listed and tied to their fields; nothing is written.
    let res = app
        .post_form("/campaigns", &[("group", "golden-lion"), ("title", ""), ("petition", "on"), ("due_on", "soon")])
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    for f in ["title", "goal", "petition_text", "due_on"] {
        assert!(html.contains(&format!("href=\"#f-{f}\"")), "{f}");
    }
    let res = app
        .post_form(
            "/campaigns",
            &[
                ("group", "golden-lion"),
                ("title", "Save the Golden Lion"),
                ("goal", "Keep our pub open"),
                ("story", "**Since 1890.** <script>alert(1)</script>"),
                ("status", "active"),
                ("petition", "on"),
                ("petition_text", "List the Golden Lion as an Asset of Community Value."),
                ("threshold", "21"),
                ("pledges", "on"),
                ("stage_title", "Nomination sent"),
                ("due_on", "2027-01-15"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let page = location(&res);
    let path = page.split('?').next().unwrap().to_string();
    let html = app.text(&page).await;
    assert!(html.contains("<strong>Since 1890.</strong>") && !html.contains("<script>alert"));
    assert!(html.contains("Nomination sent") && html.contains("2027-01-15"));
    // Ben signs with a mistake first, then properly, and pledges.
    let (ben, jar) = app.new_client();
    let res = post_form_as(
        &ben,
        &jar,
        &app.base,
        "/sign-up",
        &[("display_name", "Ben Ode"), ("email", "ben@example.org"), ("password", PASSWORD)],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let res = post_form_as(
        &ben,
        &jar,
        &app.base,
        &format!("{path}/sign"),
        &[("display", "first_name"), ("locality_kind", "postcode"), ("postcode_district", "E13 9PJ")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    assert!(html.contains("href=\"#f-postcode_district\"") && html.contains("never your full postcode"));
    let res = post_form_as(
        &ben,
        &jar,
        &app.base,
        &format!("{path}/sign"),
        &[("display", "first_name"), ("locality_kind", "place"), ("place", "newham"), ("follow", "on")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let html = ben.get(app.url(&path)).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("You have signed this petition") && html.contains("1 signature") && html.contains("1 local"));
    assert!(html.contains("You get this campaign"), "following after opting in");
    let res =
        post_form_as(&ben, &jar, &app.base, &format!("{path}/pledges"), &[("kind", "shares"), ("amount", "")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().await.unwrap().contains("href=\"#f-amount\""));
    let res = post_form_as(
        &ben,
        &jar,
        &app.base,
        &format!("{path}/pledges"),
        &[("kind", "shares"), ("amount", "200"), ("condition", "if we reach £50,000")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    // The organisers' page lists the pledge; Ben may not open it.
    let html = app.text(&format!("{path}/manage")).await;
    assert!(html.contains("Ben Ode") && html.contains("£200"));
    assert_eq!(ben.get(app.url(&format!("{path}/manage"))).send().await.unwrap().status(), StatusCode::FORBIDDEN);
    let res = app.post_form(&format!("{path}/updates"), &[("body", "")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = app.post_form(&format!("{path}/updates"), &[("body", "We have 21 local members!")]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    // Poster with a QR code; a counter any site may frame.
    let poster = app.text(&format!("{path}/poster")).await;
    assert!(poster.contains("<svg class=\"poster-qr\""));
    let id = path.trim_start_matches("/campaigns/");
    let res = app.get(&format!("/widget/campaigns/{id}/counter")).await;
    assert_eq!(res.status(), StatusCode::OK);
    let csp = res.headers()["content-security-policy"].to_str().unwrap().to_string();
    assert!(csp.contains("frame-ancestors *"));
    assert!(res.text().await.unwrap().contains("1 signature"));
}
