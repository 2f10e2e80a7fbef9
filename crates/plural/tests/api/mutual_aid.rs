//! Mutual aid: posting with bad input refused field by field, responding
//! opens a conversation only its two people can read (404 to anyone else,
//! node admins included), emails carry no address, blocking stops both
//! sides, reports reach the place's stewards, who can take a post down;
//! the pages work without JavaScript.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::both_engines;
use crate::helpers::{location, post_form_as, readable, spawn_app, Engine, TestApp};

both_engines!(
    posting_refuses_bad_input_and_lists_open_posts,
    conversations_are_private_to_their_two_people,
    blocking_stops_both_sides,
    reports_reach_the_places_stewards,
    pages_work_without_javascript,
    demo_has_neighbours_helping,
);

async fn problem_fields(res: reqwest::Response) -> Vec<String> {
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = res.json().await.unwrap();
    body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap().to_string()).collect()
}

fn offer() -> Value {
    json!({
        "kind": "offer",
        "category": "lifts",
        "place": "riverside",
        "title": "Lifts to the hospital on Tuesdays",
        "details": "I drive past King's every Tuesday morning.",
        "when": "Tuesday mornings"
    })
}

/// Ama posts an offer at Riverside; returns (Ama's token, Ben's token, post id).
async fn setup(app: &TestApp) -> (String, String, String) {
    app.place("riverside", "Riverside").await;
    let ama = app.api_person("Ama", "ama@example.org", &["read", "write"]).await;
    let ben = app.api_person("Ben", "ben@example.org", &["read", "write"]).await;
    let res = app.api_send(Method::POST, &ama, "/api/v1/mutual-aid/posts", offer()).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let id = res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string();
    (ama, ben, id)
}

async fn posting_refuses_bad_input_and_lists_open_posts(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let (ama, _, id) = setup(&app).await;
    let bad =
        json!({"kind": "gift", "category": "weapons", "place": "nowhere", "title": " ", "expires_on": "2001-01-01"});
    let fields = problem_fields(app.api_send(Method::POST, &ama, "/api/v1/mutual-aid/posts", bad).await).await;
    for f in ["kind", "category", "title", "expires_on", "place"] {
        assert!(fields.contains(&f.to_string()), "{f} missing from {fields:?}");
    }
    // The list is public; filters narrow it; nothing half-written above.
    let (anon, _) = app.new_client();
    let all: Value = anon.get(app.url("/api/v1/mutual-aid/posts")).send().await.unwrap().json().await.unwrap();
    assert_eq!(all.as_array().unwrap().len(), 1);
    assert_eq!(all[0]["place"], "riverside");
    let requests: Value =
        anon.get(app.url("/api/v1/mutual-aid/posts?kind=request")).send().await.unwrap().json().await.unwrap();
    assert_eq!(requests.as_array().unwrap().len(), 0);
    // Closed posts leave the list, and only their author can still see them.
    let res = app.api_send(Method::POST, &ama, &format!("/api/v1/mutual-aid/posts/{id}/close"), json!({})).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let all: Value = anon.get(app.url("/api/v1/mutual-aid/posts")).send().await.unwrap().json().await.unwrap();
    assert_eq!(all.as_array().unwrap().len(), 0);
    assert_eq!(
        anon.get(app.url(&format!("/api/v1/mutual-aid/posts/{id}"))).send().await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(app.api_get(&ama, &format!("/api/v1/mutual-aid/posts/{id}")).await.status(), StatusCode::OK);
}

async fn conversations_are_private_to_their_two_people(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let (ama, ben, id) = setup(&app).await;
    let respond = format!("/api/v1/mutual-aid/posts/{id}/responses");
    // Empty messages are refused; authors cannot respond to themselves.
    let fields = problem_fields(app.api_send(Method::POST, &ben, &respond, json!({"message": " "})).await).await;
    assert_eq!(fields, vec!["message"]);
    let own = app.api_send(Method::POST, &ama, &respond, json!({"message": "hi"})).await;
    assert_eq!(own.status(), StatusCode::CONFLICT);
    let res = app.api_send(Method::POST, &ben, &respond, json!({"message": "I need a lift on the 3rd."})).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let conversation = res.json::<Value>().await.unwrap()["conversation"].as_str().unwrap().to_string();
    // Responding again continues the same conversation.
    let again: Value =
        app.api_send(Method::POST, &ben, &respond, json!({"message": "Any time after 9."})).await.json().await.unwrap();
    assert_eq!(again["conversation"], conversation.as_str());
    let path = format!("/api/v1/mutual-aid/conversations/{conversation}");
    let res =
        app.api_send(Method::POST, &ama, &format!("{path}/messages"), json!({"message": "Yes, 9:30 suits."})).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let seen: Value = app.api_get(&ben, &path).await.json().await.unwrap();
    let bodies: Vec<&str> = seen["messages"].as_array().unwrap().iter().map(|m| m["body"].as_str().unwrap()).collect();
    assert_eq!(bodies, vec!["I need a lift on the 3rd.", "Any time after 9.", "Yes, 9:30 suits."]);
    assert_eq!(seen["with_name"], "Ama");
    // Anyone else — a node admin included — is told it does not exist.
    let cleo = app.api_person("Cleo", "cleo@example.org", &["read", "write"]).await;
    app.promote("cleo@example.org").await;
    assert_eq!(app.api_get(&cleo, &path).await.status(), StatusCode::NOT_FOUND);
    let res = app.api_send(Method::POST, &cleo, &format!("{path}/messages"), json!({"message": "hello"})).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    // Emails tell each side there is a message, without either address.
    let mail = app.wait_for_mail(3).await;
    for m in &mail {
        let text = readable(&m.data);
        // The body, after the headers (whose To: is the recipient's own address).
        let body = text.split_once("\r\n\r\n").or_else(|| text.split_once("\n\n")).map(|(_, b)| b).unwrap_or("");
        if body.contains("/mutual-aid/conversations/") {
            assert!(!body.contains("ama@example.org") && !body.contains("ben@example.org"), "{text}");
        }
    }
}

async fn blocking_stops_both_sides(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let (ama, ben, id) = setup(&app).await;
    let res = app
        .api_send(Method::POST, &ben, &format!("/api/v1/mutual-aid/posts/{id}/responses"), json!({"message": "Hello"}))
        .await;
    let conversation = res.json::<Value>().await.unwrap()["conversation"].as_str().unwrap().to_string();
    let ben_id = app.person_id("ben@example.org").await.to_string();
    let res = app.api_send(Method::POST, &ama, "/api/v1/mutual-aid/blocks", json!({"person": ben_id})).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let path = format!("/api/v1/mutual-aid/conversations/{conversation}/messages");
    for token in [&ben, &ama] {
        let res = app.api_send(Method::POST, token, &path, json!({"message": "still there?"})).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
    }
    // Ben no longer sees Ama's posts, nor can respond to them.
    let list: Value = app.api_get(&ben, "/api/v1/mutual-aid/posts").await.json().await.unwrap();
    assert_eq!(list.as_array().unwrap().len(), 0);
    let res = app
        .api_send(Method::POST, &ben, &format!("/api/v1/mutual-aid/posts/{id}/responses"), json!({"message": "Hello"}))
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // Unblocking restores it.
    let res = app.api_send(Method::DELETE, &ama, &format!("/api/v1/mutual-aid/blocks/{ben_id}"), json!({})).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let res = app.api_send(Method::POST, &ben, &path, json!({"message": "thanks"})).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
}

async fn reports_reach_the_places_stewards(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let (_, ben, id) = setup(&app).await;
    let res =
        app.api_send(Method::POST, &ben, "/api/v1/mutual-aid/reports", json!({"post": id, "reason": "why not"})).await;
    assert_eq!(problem_fields(res).await, vec!["reason"]);
    let res = app
        .api_send(
            Method::POST,
            &ben,
            "/api/v1/mutual-aid/reports",
            json!({"post": id, "reason": "scam", "details": "Asked me for a deposit"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    // Dee is not a steward yet: no queue for her.
    let dee = app.api_person("Dee", "dee@example.org", &["read", "write"]).await;
    assert_eq!(app.api_get(&dee, "/api/v1/mutual-aid/reports").await.status(), StatusCode::FORBIDDEN);
    // Only node admins name stewards.
    let dee_id = app.person_id("dee@example.org").await.to_string();
    let body = json!({"place": "riverside", "person": dee_id});
    assert_eq!(
        app.api_send(Method::POST, &dee, "/api/v1/mutual-aid/stewards", body.clone()).await.status(),
        StatusCode::FORBIDDEN
    );
    let admin = app.api_person("Ada", "ada@example.org", &["read", "write"]).await;
    app.promote("ada@example.org").await;
    assert_eq!(
        app.api_send(Method::POST, &admin, "/api/v1/mutual-aid/stewards", body).await.status(),
        StatusCode::NO_CONTENT
    );
    let queue: Value = app.api_get(&dee, "/api/v1/mutual-aid/reports").await.json().await.unwrap();
    assert_eq!(queue.as_array().unwrap().len(), 1);
    assert_eq!(queue[0]["reason"], "scam");
    let report = queue[0]["id"].as_str().unwrap().to_string();
    let decision = format!("/api/v1/mutual-aid/reports/{report}/decision");
    let res = app.api_send(Method::POST, &dee, &decision, json!({"decision": "maybe"})).await;
    assert_eq!(problem_fields(res).await, vec!["decision"]);
    let res = app.api_send(Method::POST, &dee, &decision, json!({"decision": "remove"})).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let res = app.api_send(Method::POST, &dee, &decision, json!({"decision": "remove"})).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    // The post is gone for everyone but its author.
    assert_eq!(app.api_get(&ben, &format!("/api/v1/mutual-aid/posts/{id}")).await.status(), StatusCode::NOT_FOUND);
    let queue: Value = app.api_get(&dee, "/api/v1/mutual-aid/reports").await.json().await.unwrap();
    assert_eq!(queue.as_array().unwrap().len(), 0);
}

async fn pages_work_without_javascript(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    app.place("riverside", "Riverside").await;
    app.sign_up("Ama", "ama@example.org").await;
    let res = app.post_form("/mutual-aid", &[("kind", "request"), ("title", ""), ("place", "")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("href=\"#f-title\"")
            && html.contains("href=\"#f-place\"")
            && html.contains("href=\"#f-category\"")
    );
    let res = app
        .post_form(
            "/mutual-aid",
            &[
                ("kind", "request"),
                ("category", "shopping"),
                ("title", "Shopping while my leg heals"),
                ("place", "riverside"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let page = location(&res);
    let path = page.split('?').next().unwrap().to_string();
    let html = app.text(&page).await;
    assert!(html.contains("Staying safe"), "safeguarding guidance is on the page");
    // Ben responds from the page; the conversation opens.
    let (ben, jar) = app.new_client();
    let res = post_form_as(
        &ben,
        &jar,
        &app.base,
        "/sign-up",
        &[("display_name", "Ben"), ("email", "ben@example.org"), ("password", crate::helpers::PASSWORD)],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let res = post_form_as(&ben, &jar, &app.base, &format!("{path}/respond"), &[("message", "")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().await.unwrap().contains("href=\"#f-message\""));
    let res = post_form_as(
        &ben,
        &jar,
        &app.base,
        &format!("{path}/respond"),
        &[("message", "I shop on Fridays, happy to help.")],
    )
    .await;
    let conversation = location(&res);
    assert!(conversation.starts_with("/mutual-aid/conversations/"), "{conversation}");
    let html = ben.get(app.url(&conversation)).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("I shop on Fridays"));
    // Ama sees it from her post and answers.
    let html = app.text(&path).await;
    let conv_path = conversation.split('?').next().unwrap();
    assert!(html.contains(conv_path));
    let res = app.post_form(&format!("{conv_path}/messages"), &[("message", "Thank you! Friday is perfect.")]).await;
    assert_eq!(location(&res), format!("{conv_path}?notice=aid-sent"));
    // A third person cannot open it.
    let (cleo, cjar) = app.new_client();
    post_form_as(
        &cleo,
        &cjar,
        &app.base,
        "/sign-up",
        &[("display_name", "Cleo"), ("email", "cleo@example.org"), ("password", crate::helpers::PASSWORD)],
    )
    .await;
    assert_eq!(cleo.get(app.url(conv_path)).send().await.unwrap().status(), StatusCode::NOT_FOUND);
    // A node admin names Ama a steward of Riverside from the moderation page.
    app.promote("ama@example.org").await;
    let res = app.post_form("/mutual-aid/stewards", &[("place", "riverside"), ("email", "nobody@example.org")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().await.unwrap().contains("href=\"#f-email\""));
    let res = app.post_form("/mutual-aid/stewards", &[("place", "riverside"), ("email", "ama@example.org")]).await;
    assert_eq!(location(&res), "/mutual-aid/moderation?notice=aid-steward-named");
    // Ben cannot.
    let res = post_form_as(
        &ben,
        &jar,
        &app.base,
        "/mutual-aid/stewards",
        &[("place", "riverside"), ("email", "ben@example.org")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // In Arabic and Polish, nothing untranslated.
    for lang in ["ar", "pl"] {
        app.get(&format!("/language/{lang}?return=/")).await;
        for p in ["/mutual-aid", path.as_str(), conv_path, "/mutual-aid/moderation"] {
            let html = app.text(p).await;
            assert!(!html.contains("aid-"), "an untranslated id on {p} in {lang}");
        }
    }
}

async fn demo_has_neighbours_helping(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    plural::demo::seed(&app.state.db, &app.key).await.unwrap();
    let (anon, _) = app.new_client();
    let all: Value = anon.get(app.url("/api/v1/mutual-aid/posts")).send().await.unwrap().json().await.unwrap();
    let kinds: Vec<&str> = all.as_array().unwrap().iter().map(|p| p["kind"].as_str().unwrap()).collect();
    assert!(kinds.contains(&"offer") && kinds.contains(&"request"), "{kinds:?}");
    let html = anon.get(app.url("/mutual-aid?place=coldharbour")).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("Heavy shopping"));
}
