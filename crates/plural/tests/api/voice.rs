//! Community voice, proposals: drafts seen by their author only, bad input
//! refused field by field with nothing written, supports counted once per
//! person, threaded comments reported and moderated (logged publicly
//! without anyone's personal data), official answers only from a verified
//! public body covering the place or the place's stewards, state moves
//! checked, followers emailed, Atom feeds; the pages work without JavaScript.

use plural_kernel::groups::{GroupKind, JoinPolicy};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::both_engines;
use crate::helpers::{location, post_form_as, readable, spawn_app, Engine, TestApp};

both_engines!(
    drafts_are_private_and_bad_input_is_refused,
    supports_count_once_per_person,
    comments_thread_and_reports_reach_stewards,
    official_answers_come_from_verified_bodies_or_stewards,
    pages_work_without_javascript,
    demo_has_proposals_and_answers,
);

async fn problem_fields(res: reqwest::Response) -> Vec<String> {
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = res.json().await.unwrap();
    body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap().to_string()).collect()
}

async fn detail(res: reqwest::Response, status: StatusCode) -> String {
    assert_eq!(res.status(), status);
    let body: Value = res.json().await.unwrap();
    body["detail"].as_str().unwrap_or_default().to_string()
}

fn crossing(publish: bool) -> Value {
    json!({
        "place": "riverside",
        "title": "A zebra crossing outside the school",
        "summary": "Children cross Mill Road at the bend with no crossing.",
        "body": "Parents have counted 40 near misses this term.",
        "publish": publish
    })
}

/// Riverside inside Borough; Ama proposes; returns (Ama's token, Ben's token, proposal id).
async fn setup(app: &TestApp) -> (String, String, String) {
    let borough = app.place("borough", "Borough").await;
    let fields = plural_store::places::PlaceFields {
        slug: "riverside",
        name: "Riverside",
        description: "",
        parent_id: Some(borough),
        footprint: None,
    };
    plural_store::places::create(&app.state.db, fields).await.unwrap();
    let ama = app.api_person("Ama", "ama@example.org", &["read", "write"]).await;
    let ben = app.api_person("Ben", "ben@example.org", &["read", "write"]).await;
    let res = app.api_send(Method::POST, &ama, "/api/v1/proposals", crossing(true)).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let id = res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string();
    (ama, ben, id)
}

async fn count(app: &TestApp, table: &str) -> i64 {
    sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(app.state.db.reader()).await.unwrap()
}

async fn drafts_are_private_and_bad_input_is_refused(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let (ama, ben, _) = setup(&app).await;
    let before = count(&app, "proposals").await;
    let bad = json!({"place": "nowhere", "title": " ", "summary": "", "body": "x".repeat(7000)});
    let fields = problem_fields(app.api_send(Method::POST, &ama, "/api/v1/proposals", bad).await).await;
    assert_eq!(fields, vec!["title", "summary", "body", "place"]);
    assert_eq!(count(&app, "proposals").await, before, "nothing half-written");
    // A draft is its author's alone until published.
    let res = app.api_send(Method::POST, &ama, "/api/v1/proposals", crossing(false)).await;
    let draft: Value = res.json().await.unwrap();
    let id = draft["id"].as_str().unwrap();
    assert_eq!(draft["status"], "draft");
    let path = format!("/api/v1/proposals/{id}");
    assert_eq!(app.api_get(&ben, &path).await.status(), StatusCode::NOT_FOUND);
    let list: Value = app.api_get(&ben, "/api/v1/proposals").await.json().await.unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);
    // Only the author changes or publishes it.
    let edit = json!({"place": "riverside", "title": "A crossing on Mill Road", "summary": "At the bend."});
    let res = app.api_send(Method::PUT, &ben, &path, edit.clone()).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = app.api_send(Method::PUT, &ama, &path, edit).await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = app.api_send(Method::POST, &ama, &format!("{path}/publish"), json!({})).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let res = app.api_send(Method::POST, &ama, &format!("{path}/publish"), json!({})).await;
    assert_eq!(detail(res, StatusCode::CONFLICT).await, "voice-not-draft");
    let seen: Value = app.api_get(&ben, &path).await.json().await.unwrap();
    assert_eq!(seen["title"], "A crossing on Mill Road");
    // Published proposals can no longer be changed.
    let res = app
        .api_send(Method::PUT, &ama, &path, json!({"place": "riverside", "title": "Other", "summary": "Other."}))
        .await;
    assert_eq!(detail(res, StatusCode::CONFLICT).await, "voice-not-draft");
    // Unknown fields are refused.
    let res = app.api_send(Method::POST, &ama, "/api/v1/proposals", json!({"title": "x", "votes": 9})).await;
    assert!(res.status().is_client_error());
    let list: Value =
        app.api_get(&ben, "/api/v1/proposals?place=riverside&state=unanswered").await.json().await.unwrap();
    assert_eq!(list.as_array().unwrap().len(), 2);
}

async fn supports_count_once_per_person(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let (ama, ben, id) = setup(&app).await;
    let support = format!("/api/v1/proposals/{id}/support");
    // Many at once from the same person: still one.
    let tries: Vec<_> = (0..6)
        .map(|_| {
            let (client, url, token) = (app.client.clone(), app.url(&support), ben.clone());
            tokio::spawn(
                async move { client.put(url).bearer_auth(token).json(&json!({})).send().await.unwrap().status() },
            )
        })
        .collect();
    let mut statuses = Vec::new();
    for t in tries {
        statuses.push(t.await.unwrap());
    }
    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::NO_CONTENT).count(), 1, "{statuses:?}");
    assert!(statuses.iter().all(|s| *s == StatusCode::NO_CONTENT || *s == StatusCode::CONFLICT));
    assert_eq!(app.api_send(Method::PUT, &ama, &support, json!({})).await.status(), StatusCode::NO_CONTENT);
    let seen: Value = app.api_get(&ben, &format!("/api/v1/proposals/{id}")).await.json().await.unwrap();
    assert_eq!(seen["supports"], 2);
    assert_eq!(app.api_send(Method::DELETE, &ben, &support, json!({})).await.status(), StatusCode::NO_CONTENT);
    let res = app.api_send(Method::DELETE, &ben, &support, json!({})).await;
    assert_eq!(detail(res, StatusCode::CONFLICT).await, "voice-not-supported");
    let seen: Value = app.api_get(&ben, &format!("/api/v1/proposals/{id}")).await.json().await.unwrap();
    assert_eq!(seen["supports"], 1);
    // Signed-out callers cannot support.
    let (anon, _) = app.new_client();
    let res = anon.put(app.url(&support)).json(&json!({})).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
}

async fn comments_thread_and_reports_reach_stewards(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let (ama, ben, id) = setup(&app).await;
    let comments = format!("/api/v1/proposals/{id}/comments");
    let fields = problem_fields(app.api_send(Method::POST, &ben, &comments, json!({"comment": " "})).await).await;
    assert_eq!(fields, vec!["comment"]);
    let res = app.api_send(Method::POST, &ben, &comments, json!({"comment": "Yes! My two cross there daily."})).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let first = res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string();
    let reply = json!({"comment": "Ama is an idiot and lives at 4 Mill Road", "parent": first});
    let res = app.api_send(Method::POST, &ben, &comments, reply).await;
    let nasty = res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string();
    // A parent from nowhere is refused.
    let stray = json!({"comment": "hello", "parent": "0190a0a0-0000-7000-8000-000000000000"});
    assert_eq!(problem_fields(app.api_send(Method::POST, &ben, &comments, stray).await).await, vec!["parent"]);
    let list: Value = app.api_get(&ama, &comments).await.json().await.unwrap();
    assert_eq!(list.as_array().unwrap().len(), 2);
    assert_eq!(list[1]["parent"], first.as_str());
    // Ama reports the reply; bad reasons are refused; her own comment cannot be reported by her.
    let report = |reason: &str, comment: &str| json!({"proposal": id, "comment": comment, "reason": reason});
    let res = app.api_send(Method::POST, &ama, "/api/v1/voice/reports", report("rude", &nasty)).await;
    assert_eq!(problem_fields(res).await, vec!["reason"]);
    let res = app.api_send(Method::POST, &ben, "/api/v1/voice/reports", report("spam", &nasty)).await;
    assert_eq!(problem_fields(res).await, vec!["comment"]);
    let res = app.api_send(Method::POST, &ama, "/api/v1/voice/reports", report("personal_data", &nasty)).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    // Dee is no steward yet; a node admin names her (through mutual aid's stewards).
    let dee = app.api_person("Dee", "dee@example.org", &["read", "write"]).await;
    assert_eq!(app.api_get(&dee, "/api/v1/voice/reports").await.status(), StatusCode::FORBIDDEN);
    let admin = app.api_person("Ada", "ada@example.org", &["read", "write"]).await;
    app.promote("ada@example.org").await;
    let dee_id = app.person_id("dee@example.org").await.to_string();
    let res = app
        .api_send(Method::POST, &admin, "/api/v1/mutual-aid/stewards", json!({"place": "riverside", "person": dee_id}))
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let queue: Value = app.api_get(&dee, "/api/v1/voice/reports").await.json().await.unwrap();
    assert_eq!(queue.as_array().unwrap().len(), 1);
    assert!(queue[0].get("reporter_name").is_none(), "the reporter is not named");
    let decision = format!("/api/v1/voice/reports/{}/decision", queue[0]["id"].as_str().unwrap());
    let res = app.api_send(Method::POST, &dee, &decision, json!({"decision": "maybe"})).await;
    assert_eq!(problem_fields(res).await, vec!["decision"]);
    let res = app
        .api_send(Method::POST, &dee, &decision, json!({"decision": "remove", "reason": "It gave an address"}))
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let res = app.api_send(Method::POST, &dee, &decision, json!({"decision": "remove"})).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    // The words are gone; the thread keeps its shape.
    let list: Value = app.api_get(&ama, &comments).await.json().await.unwrap();
    assert_eq!(list[1]["removed"], true);
    assert_eq!(list[1]["body"], "");
    assert!(list[1]["author_name"].is_null());
    // The public log says who acted, as what, and why; never about whom.
    let (anon, _) = app.new_client();
    let log: Value =
        anon.get(app.url("/api/v1/places/riverside/stewardship-log")).send().await.unwrap().json().await.unwrap();
    assert_eq!(log.as_array().unwrap().len(), 1);
    assert_eq!(log[0]["actor_name"], "Dee");
    assert_eq!(log[0]["role"], "steward");
    assert_eq!(log[0]["action"], "comment_removed");
    let text = log.to_string();
    assert!(!text.contains("Ben") && !text.contains("Ama") && !text.contains("Mill Road"), "{text}");
    let html = anon.get(app.url("/voice/log/riverside")).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("It gave an address"));
    // The log cannot be rewritten.
    let rewrite = sqlx::query("UPDATE stewardship_log SET reason = 'nothing'").execute(app.state.db.writer()).await;
    assert!(rewrite.is_err());
}

/// A public body group in `place_id`, owned by the person with `email`.
async fn body(app: &TestApp, place: plural_kernel::PlaceId, slug: &str, email: &str, verified: bool) {
    let owner = app.person_id(email).await;
    let fields = plural_store::groups::GroupFields {
        place_id: place,
        slug,
        name: "Borough Council",
        description: "",
        kind: GroupKind::PublicBody,
        join_policy: JoinPolicy::Approval,
    };
    let g = plural_store::groups::create(&app.state.db, fields, owner).await.unwrap();
    if verified {
        plural_store::groups::set_verified_public_body(&app.state.db, g, true).await.unwrap();
    }
}

async fn official_answers_come_from_verified_bodies_or_stewards(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let (ama, ben, id) = setup(&app).await;
    let cat = app.api_person("Cat", "cat@example.org", &["read", "write"]).await;
    let borough = plural_store::places::by_slug(&app.state.db, "borough").await.unwrap().unwrap().id;
    let elsewhere = app.place("elsewhere", "Elsewhere").await;
    body(&app, borough, "fake-council", "cat@example.org", false).await;
    body(&app, elsewhere, "other-council", "cat@example.org", true).await;
    body(&app, borough, "borough-council", "cat@example.org", true).await;
    let follow = format!("/api/v1/proposals/{id}/follow");
    assert_eq!(app.api_send(Method::PUT, &ben, &follow, json!({})).await.status(), StatusCode::NO_CONTENT);
    app.api_send(Method::PUT, &ben, &format!("/api/v1/proposals/{id}/support"), json!({})).await;
    let answers = format!("/api/v1/proposals/{id}/answers");
    let answer = |by: &str, state: &str, text: &str| json!({"by": by, "state": state, "answer": text});
    // Not verified, not covering the place, not an admin of it, not a steward: refused with the reason.
    let res = app.api_send(Method::POST, &cat, &answers, answer("fake-council", "accepted", "Yes")).await;
    assert_eq!(detail(res, StatusCode::FORBIDDEN).await, "voice-body-not-verified");
    let res = app.api_send(Method::POST, &cat, &answers, answer("other-council", "accepted", "Yes")).await;
    assert_eq!(detail(res, StatusCode::FORBIDDEN).await, "voice-body-not-here");
    let res = app.api_send(Method::POST, &ben, &answers, answer("borough-council", "accepted", "Yes")).await;
    assert_eq!(detail(res, StatusCode::FORBIDDEN).await, "voice-answer-not-allowed");
    let res = app.api_send(Method::POST, &ben, &answers, answer("steward", "accepted", "Yes")).await;
    assert_eq!(detail(res, StatusCode::FORBIDDEN).await, "voice-answer-not-allowed");
    // Bad input, reported together; a state that cannot come first.
    let res = app.api_send(Method::POST, &cat, &answers, answer("borough-council", "maybe", " ")).await;
    assert_eq!(problem_fields(res).await, vec!["state", "answer"]);
    let res = app.api_send(Method::POST, &cat, &answers, answer("borough-council", "done", "Built it")).await;
    assert_eq!(problem_fields(res).await, vec!["state"]);
    assert_eq!(count(&app, "proposal_answers").await, 0, "nothing half-written");
    // The verified council accepts it; followers (Ben, and Ama who proposed it) are told.
    let res = app
        .api_send(Method::POST, &cat, &answers, answer("borough-council", "accepted", "We will paint it in spring."))
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let mail = app.wait_for_mail(2).await;
    let to_ben = mail.iter().map(|m| readable(&m.data)).find(|m| m.contains("ben@example.org")).unwrap();
    assert!(to_ben.contains("We will paint it in spring.") && to_ben.contains(&format!("/proposals/{id}")));
    assert!(!to_ben.contains("cat@example.org"));
    // A decision closes support; progress moves forward only.
    let res = app.api_send(Method::PUT, &ama, &format!("/api/v1/proposals/{id}/support"), json!({})).await;
    assert_eq!(detail(res, StatusCode::CONFLICT).await, "voice-support-closed");
    let res = app.api_send(Method::POST, &cat, &answers, answer("borough-council", "in_progress", "Booked.")).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let res = app.api_send(Method::POST, &cat, &answers, answer("borough-council", "accepted", "Again")).await;
    assert_eq!(problem_fields(res).await, vec!["state"]);
    // A steward of the place may answer too (here: record it done).
    let ada = app.api_person("Ada", "ada@example.org", &["read", "write"]).await;
    app.promote("ada@example.org").await;
    let ama_id = app.person_id("ama@example.org").await.to_string();
    app.api_send(Method::POST, &ada, "/api/v1/mutual-aid/stewards", json!({"place": "riverside", "person": ama_id}))
        .await;
    let res = app.api_send(Method::POST, &ama, &answers, answer("steward", "done", "Painted on 3 March.")).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let seen: Value = app.api_get(&ben, &format!("/api/v1/proposals/{id}")).await.json().await.unwrap();
    assert_eq!(seen["answer_state"], "done");
    let states: Vec<&str> = seen["answers"].as_array().unwrap().iter().map(|a| a["state"].as_str().unwrap()).collect();
    assert_eq!(states, vec!["accepted", "in_progress", "done"]);
    assert_eq!(seen["answers"][0]["group"], "borough-council");
    assert!(seen["answers"][2]["group"].is_null());
    // "You said, we did" in the feeds, and in the list filter.
    let (anon, _) = app.new_client();
    let feed = anon.get(app.url("/proposals/answers.atom?place=riverside")).send().await.unwrap();
    assert!(feed.headers()["content-type"].to_str().unwrap().starts_with("application/atom+xml"));
    let feed = feed.text().await.unwrap();
    assert!(feed.contains("Painted on 3 March.") && feed.contains("Borough Council"));
    let feed = anon.get(app.url("/proposals.atom")).send().await.unwrap().text().await.unwrap();
    assert!(feed.contains("A zebra crossing outside the school"));
    let done: Value = anon.get(app.url("/api/v1/proposals?state=done")).send().await.unwrap().json().await.unwrap();
    assert_eq!(done.as_array().unwrap().len(), 1);
    // Answers are a public record: they cannot be rewritten.
    assert!(sqlx::query("DELETE FROM proposal_answers").execute(app.state.db.writer()).await.is_err());
}

async fn pages_work_without_javascript(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    app.place("riverside", "Riverside").await;
    app.sign_up("Ama", "ama@example.org").await;
    let html = app.text("/proposals/new").await;
    assert!(html.contains("name=\"summary\""));
    let res = app.post_form("/proposals", &[("title", ""), ("summary", ""), ("place", ""), ("save", "publish")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("href=\"#f-title\"")
            && html.contains("href=\"#f-summary\"")
            && html.contains("href=\"#f-place\"")
    );
    let fields = [
        ("title", "Benches along the towpath"),
        ("summary", "Somewhere to rest between the lock and the bridge."),
        ("place", "riverside"),
        ("save", "draft"),
    ];
    let res = app.post_form("/proposals", &fields).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let page = location(&res);
    assert!(page.ends_with("?notice=voice-drafted"), "{page}");
    let path = page.split('?').next().unwrap().to_string();
    let html = app.text(&page).await;
    assert!(html.contains(&format!("action=\"{path}/publish\"")));
    let res = app.post_form(&format!("{path}/publish"), &[]).await;
    assert_eq!(location(&res), format!("{path}?notice=voice-published"));
    // Ben supports and comments from the page; a reply nests under it.
    let (ben, jar) = app.new_client();
    post_form_as(
        &ben,
        &jar,
        &app.base,
        "/sign-up",
        &[("display_name", "Ben"), ("email", "ben@example.org"), ("password", crate::helpers::PASSWORD)],
    )
    .await;
    let res = post_form_as(&ben, &jar, &app.base, &format!("{path}/support"), &[]).await;
    assert_eq!(location(&res), format!("{path}?notice=voice-supported"));
    let res = post_form_as(&ben, &jar, &app.base, &format!("{path}/support"), &[]).await;
    assert_eq!(location(&res), format!("{path}?notice=voice-already-supported"));
    let res = post_form_as(&ben, &jar, &app.base, &format!("{path}/comments"), &[("comment", "")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().await.unwrap().contains("href=\"#f-comment\""));
    let res =
        post_form_as(&ben, &jar, &app.base, &format!("{path}/comments"), &[("comment", "One by the lock, please")])
            .await;
    let comment = location(&res).split("#c-").nth(1).unwrap().to_string();
    let html = app.text(&format!("{path}?reply={comment}")).await;
    assert!(html.contains(&format!("name=\"parent\" value=\"{comment}\"")));
    let res =
        app.post_form(&format!("{path}/comments"), &[("comment", "Agreed, by the lock."), ("parent", &comment)]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let html = app.text(&path).await;
    assert!(html.contains("1 supporter"));
    let nested = html.split(&format!("id=\"c-{comment}\"")).nth(1).unwrap();
    assert!(nested.find("<ul>").unwrap() < nested.find("Agreed, by the lock.").unwrap(), "the reply nests");
    // Reporting Ben's comment from its own page.
    let report = format!("{path}/comments/{comment}/report");
    assert_eq!(app.get(&report).await.status(), StatusCode::OK);
    let res = app.post_form(&report, &[("reason", "")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().await.unwrap().contains("href=\"#f-reason\""));
    let res = app.post_form(&report, &[("reason", "off_topic")]).await;
    assert_eq!(location(&res), format!("{path}?notice=voice-reported"));
    // Nobody here may answer, so no answer form; an answer posted anyway is refused.
    assert!(!html.contains("/answers\""));
    let res =
        app.post_form(&format!("{path}/answers"), &[("by", "steward"), ("state", "accepted"), ("answer", "x")]).await;
    assert_eq!(location(&res), format!("{path}?notice=voice-answer-not-allowed"));
    // In Arabic and Polish, nothing untranslated.
    for lang in ["ar", "pl"] {
        app.get(&format!("/language/{lang}?return=/")).await;
        for p in ["/proposals", path.as_str(), "/proposals/new", report.as_str(), "/voice/log/riverside"] {
            let html = app.text(p).await;
            assert!(!html.contains("voice-"), "an untranslated id on {p} in {lang}");
        }
    }
}

async fn demo_has_proposals_and_answers(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    plural::demo::seed(&app.state.db, &app.key).await.unwrap();
    let (anon, _) = app.new_client();
    let all: Value = anon.get(app.url("/api/v1/proposals")).send().await.unwrap().json().await.unwrap();
    let states: Vec<&str> = all.as_array().unwrap().iter().filter_map(|p| p["answer_state"].as_str()).collect();
    assert!(states.contains(&"in_progress") && states.contains(&"not_taken_forward"), "{states:?}");
    let html = anon.get(app.url("/proposals?place=coldharbour")).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("Coldharbour"));
    // Polls of every kind, and budgets in their vote and decided.
    let polls: Value = anon.get(app.url("/api/v1/polls")).send().await.unwrap().json().await.unwrap();
    let kinds: Vec<&str> = polls.as_array().unwrap().iter().map(|p| p["kind"].as_str().unwrap()).collect();
    for k in ["single", "multiple", "approval", "ranked"] {
        assert!(kinds.contains(&k), "{kinds:?}");
    }
    let budgets: Value = anon.get(app.url("/api/v1/budgets")).send().await.unwrap().json().await.unwrap();
    let stages: Vec<&str> = budgets.as_array().unwrap().iter().map(|b| b["stage"].as_str().unwrap()).collect();
    assert!(stages.contains(&"voting") && stages.contains(&"closed"), "{stages:?}");
    let consultations: Value = anon.get(app.url("/api/v1/consultations")).send().await.unwrap().json().await.unwrap();
    let open: Vec<bool> = consultations.as_array().unwrap().iter().map(|c| c["open"].as_bool().unwrap()).collect();
    assert!(open.contains(&true) && open.contains(&false), "{open:?}");
}
