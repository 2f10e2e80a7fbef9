//! Node rules: a member proposes a change, the node's members vote, and
//! when the poll closes the outcome is applied (a domain blocked in
//! federation, a new smallest group for insight releases) or declined, and
//! logged either way; node admins' direct changes land in the same
//! history; bad values and non-members are refused with reasons.

use plural_kernel::language::Language;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::both_engines;
use crate::helpers::{spawn_app, Engine, TestApp};

both_engines!(
    a_carried_change_is_applied_and_logged,
    a_change_without_majority_or_quorum_is_declined,
    admins_changes_are_logged_with_a_reason,
    the_propose_form_works_without_javascript,
);

async fn propose(app: &TestApp, token: &str, body: Value) -> reqwest::Response {
    app.api_send(Method::POST, token, "/api/v1/rules/proposals", body).await
}

async fn proposed(app: &TestApp, token: &str, rule: &str, value: &str) -> (i64, String) {
    let res =
        propose(app, token, json!({"rule": rule, "value": value, "reason": "We talked it over at the hall"})).await;
    assert_eq!(res.status(), StatusCode::CREATED, "{}", res.text().await.unwrap_or_default());
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["status"], "open");
    let poll = body["poll"].as_str().unwrap().trim_start_matches("/polls/").to_string();
    (body["number"].as_i64().unwrap(), poll)
}

async fn vote(app: &TestApp, token: &str, poll: &str, choice: usize) -> StatusCode {
    app.api_send(Method::POST, token, &format!("/api/v1/polls/{poll}/ballots"), json!({"choices": [choice]}))
        .await
        .status()
}

/// Close the poll (its close time moved into the past) and run the job's work.
async fn close(app: &TestApp, poll: &str) -> Value {
    plural_store::polls::set_closes_at(&app.state.db, poll, plural_store::now() - 5).await.unwrap();
    let change = plural_store::rules::by_poll(&app.state.db, poll).await.unwrap().unwrap();
    let decided = plural_web::rules::service::decide(&app.state, &change.id).await.unwrap();
    assert!(decided.is_some(), "the change was decided");
    // Deciding twice changes nothing.
    assert!(plural_web::rules::service::decide(&app.state, &change.id).await.unwrap().is_none());
    let all: Value = app.get("/api/v1/rules").await.json().await.unwrap();
    all["changes"].as_array().unwrap().iter().find(|c| c["number"] == change.number).unwrap().clone()
}

async fn count(app: &TestApp, table: &str) -> i64 {
    sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(app.state.db.reader()).await.unwrap()
}

async fn a_carried_change_is_applied_and_logged(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    app.place("riverside", "Riverside").await;
    app.place("hillside", "Hillside").await;
    let ana = app.resident("Ana", Some("riverside")).await;
    let ben = app.resident("Ben", Some("hillside")).await;
    let cy = app.resident("Cy", Some("riverside")).await;
    let dee = app.resident("Dee", None).await;

    // Someone whose home is no place on the node may not propose, or vote.
    let res = propose(&app, &dee, json!({"rule": "block_domain", "value": "spam.example", "reason": "Spam"})).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(res.json::<Value>().await.unwrap()["detail"], "rules-members-only");
    // Bad input: every field, at once, nothing written.
    let res = propose(&app, &ana, json!({"rule": "", "value": "", "reason": " ", "days": 90})).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = res.json().await.unwrap();
    let fields: Vec<&str> = body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, vec!["rule", "value", "reason", "days"]);
    let res = propose(&app, &ana, json!({"rule": "min_group_size", "value": "3", "reason": "Smaller"})).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.json::<Value>().await.unwrap()["errors"][0]["code"], "rules-min-group-too-small");
    let res = propose(&app, &ana, json!({"rule": "epsilon_per_dataset", "value": "0", "reason": "None"})).await;
    assert_eq!(res.json::<Value>().await.unwrap()["errors"][0]["code"], "rules-epsilon-range");
    assert_eq!(count(&app, "rule_changes").await, 0);
    assert_eq!(count(&app, "polls").await, 0, "nothing half-written");

    let (n1, block) = proposed(&app, &ana, "block_domain", "Spam.Example").await;
    let (n2, smaller) = proposed(&app, &ben, "min_group_size", "6").await;
    assert_eq!((n1, n2), (1, 2));
    // The same change while one is open: refused.
    let res = propose(&app, &cy, json!({"rule": "block_domain", "value": "spam.example", "reason": "Again"})).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(res.json::<Value>().await.unwrap()["detail"], "rules-duplicate");

    // Members of any place vote, once; others are refused.
    for t in [&ana, &ben, &cy] {
        assert_eq!(vote(&app, t, &block, 0).await, StatusCode::NO_CONTENT);
        assert_eq!(vote(&app, t, &smaller, 0).await, StatusCode::NO_CONTENT);
    }
    assert_eq!(vote(&app, &ana, &block, 0).await, StatusCode::CONFLICT);
    assert_eq!(vote(&app, &dee, &block, 0).await, StatusCode::FORBIDDEN);
    // Not yet closed: nothing is decided.
    let open = plural_store::rules::by_poll(&app.state.db, &block).await.unwrap().unwrap();
    assert!(plural_web::rules::service::decide(&app.state, &open.id).await.unwrap().is_none());
    assert!(!plural_store::federation::blocked_domains(&app.state.db).await.unwrap().contains(&"spam.example".into()));

    let c = close(&app, &block).await;
    assert_eq!(
        (c["status"].as_str(), c["yes_votes"].as_i64(), c["no_votes"].as_i64()),
        (Some("applied"), Some(3), Some(0))
    );
    assert_eq!(c["actor_role"], "members");
    // Applied at once: federation refuses the domain.
    assert!(plural_store::federation::domain(&app.state.db, "spam.example").await.unwrap().blocked);
    close(&app, &smaller).await;
    let settings = plural_web::rules::service::insight_config(&app.state).await.unwrap();
    assert_eq!(settings.min_group_size, 6, "insight releases use the voted value");
    assert_eq!(settings.epsilon_per_dataset, app.config.insight.epsilon_per_dataset, "the config's, untouched");

    let all: Value = app.get("/api/v1/rules").await.json().await.unwrap();
    let min = all["rules"].as_array().unwrap().iter().find(|r| r["rule"] == "min_group_size").unwrap().clone();
    assert_eq!((min["value"].as_str(), min["set_by_change"].as_i64()), (Some("6"), Some(2)));
    let eps = all["rules"].as_array().unwrap().iter().find(|r| r["rule"] == "epsilon_per_dataset").unwrap().clone();
    assert!(eps["set_by_change"].is_null());
    assert_eq!(all["blocked_domains"][0]["value"], "spam.example");
    assert_eq!(all["blocked_domains"][0]["set_by_change"], 1);
    let page = app.text("/rules").await;
    assert!(page.contains("Rule change 1"), "{page}");
    assert!(page.contains("block spam.example from federation"));
    assert!(page.contains("members by poll (rule change 1)"), "{page}");
    assert!(page.contains("3 yes, 0 no"));
    assert!(page.contains("set by rule change 2"));
    assert!(!page.contains("dee@example.org") && !page.contains("ana@example.org"));
    // Once decided, the same change may be proposed again (here: lifted).
    proposed(&app, &cy, "unblock_domain", "spam.example").await;
    app.stop().await;
}

async fn a_change_without_majority_or_quorum_is_declined(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    app.place("riverside", "Riverside").await;
    let ana = app.resident("Ana", Some("riverside")).await;
    let ben = app.resident("Ben", Some("riverside")).await;
    let cy = app.resident("Cy", Some("riverside")).await;
    // Two yes of two: a majority, but under the quorum of three.
    let (_, few) = proposed(&app, &ana, "epsilon_per_dataset", "2.5").await;
    assert_eq!(vote(&app, &ana, &few, 0).await, StatusCode::NO_CONTENT);
    assert_eq!(vote(&app, &ben, &few, 0).await, StatusCode::NO_CONTENT);
    let c = close(&app, &few).await;
    assert_eq!((c["status"].as_str(), c["quorum"].as_i64()), (Some("declined"), Some(3)));
    // A tie is no strict majority.
    let (_, tie) = proposed(&app, &ana, "min_group_size", "20").await;
    let res = propose(&app, &ana, json!({"rule": "min_group_size", "value": "20", "reason": "x", "days": 1})).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "days below 2");
    assert_eq!(vote(&app, &ana, &tie, 0).await, StatusCode::NO_CONTENT);
    assert_eq!(vote(&app, &ben, &tie, 1).await, StatusCode::NO_CONTENT);
    assert_eq!(vote(&app, &cy, &tie, 0).await, StatusCode::NO_CONTENT);
    let (_, tie2) = proposed(&app, &ben, "min_group_size", "30").await;
    assert_eq!(vote(&app, &ana, &tie2, 0).await, StatusCode::NO_CONTENT);
    assert_eq!(vote(&app, &ben, &tie2, 1).await, StatusCode::NO_CONTENT);
    assert_eq!(vote(&app, &cy, &tie2, 1).await, StatusCode::NO_CONTENT);
    assert_eq!(close(&app, &tie).await["status"], "applied", "2 of 3 is a strict majority");
    assert_eq!(close(&app, &tie2).await["status"], "declined");
    let settings = plural_web::rules::service::insight_config(&app.state).await.unwrap();
    assert_eq!(settings.epsilon_per_dataset, app.config.insight.epsilon_per_dataset);
    assert_eq!(settings.min_group_size, 20);
    let page = app.text("/rules").await;
    assert!(page.contains("declined on"));
    assert!(page.contains("2 yes, 0 no (at least 3 votes needed)"));
    app.stop().await;
}

async fn admins_changes_are_logged_with_a_reason(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    app.api_person("Ada", "ada@example.org", &["read"]).await;
    app.promote("ada@example.org").await;
    let token = app.token_for("ada@example.org", &["read", "write"]).await;
    let res = app
        .api_send(
            Method::POST,
            &token,
            "/api/v1/federation/domains",
            json!({"domain": "spam.example", "blocked": true}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "a reason is required");
    assert_eq!(count(&app, "rule_changes").await, 0);
    assert!(plural_store::federation::blocked_domains(&app.state.db).await.unwrap().is_empty());
    let res = app
        .api_send(
            Method::POST,
            &token,
            "/api/v1/federation/domains",
            json!({"domain": "spam.example", "blocked": true, "reason": "Floods our places with adverts"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let all: Value = app.get("/api/v1/rules").await.json().await.unwrap();
    let c = &all["changes"][0];
    assert_eq!((c["actor_role"].as_str(), c["status"].as_str()), (Some("node_admin"), Some("applied")));
    assert_eq!(
        (c["proposed_by"].as_str(), c["reason"].as_str()),
        (Some("Ada"), Some("Floods our places with adverts"))
    );
    assert!(app.text("/rules").await.contains("made by Ada, node admin"));
    app.stop().await;
}

async fn the_propose_form_works_without_javascript(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    app.place("riverside", "Riverside").await;
    app.sign_up("Eve", "eve@example.org").await;
    let res = app.post_form("/rules/propose", &[("rule", "min_group_size"), ("value", "8"), ("reason", "r")]).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "no home place yet");
    let id = app.person_id("eve@example.org").await;
    let home = plural_store::places::by_slug(&app.state.db, "riverside").await.unwrap().map(|p| p.id);
    let update =
        plural_store::people::ProfileUpdate { display_name: "Eve", language: Language::En, home_place_id: home };
    plural_store::people::update_profile(&app.state.db, id, update).await.unwrap();
    let form = app.text("/rules/propose").await;
    assert!(form.contains("name=\"reason\""));
    let res = app.post_form("/rules/propose", &[("rule", ""), ("value", ""), ("reason", ""), ("days", "")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let page = res.text().await.unwrap();
    assert!(page.contains("Choose which rule to change") && page.contains("Say why"), "{page}");
    let fields = [("rule", "min_group_size"), ("value", "8"), ("reason", "Fewer cells withheld"), ("days", "14")];
    let res = app.post_form("/rules/propose", &fields).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let to = crate::helpers::location(&res);
    assert!(to.starts_with("/polls/"), "{to}");
    let poll = app.text(to.split('?').next().unwrap()).await;
    assert!(poll.contains("Yes, change it") && poll.contains("No, keep it as it is"));
    let res = app.post_form("/rules/propose", &fields).await;
    assert!(res.text().await.unwrap().contains("The same change is already being voted on"));
    app.stop().await;
}
