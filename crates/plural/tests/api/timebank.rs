//! The time bank: recording time with bad input refused field by field,
//! only the receiver confirms (once, even when many confirmations arrive at
//! once), balances, the database refusing to change entries, and recording
//! from a mutual aid conversation without JavaScript.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::both_engines;
use crate::helpers::{location, spawn_app, Engine};

both_engines!(
    time_is_recorded_confirmed_once_and_balanced,
    entries_cannot_be_changed_or_deleted,
    recording_time_from_a_conversation_page,
);

fn today() -> String {
    let t = plural_store::from_unix(plural_store::now());
    format!("{:04}-{:02}-{:02}", t.year(), u8::from(t.month()), t.day())
}

async fn time_is_recorded_confirmed_once_and_balanced(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let ama = app.api_person("Ama", "ama@example.org", &["read", "write"]).await;
    let ben = app.api_person("Ben", "ben@example.org", &["read", "write"]).await;
    let ben_id = app.person_id("ben@example.org").await.to_string();
    let ama_id = app.person_id("ama@example.org").await.to_string();
    let bad = json!({"with": ama_id, "hours": -1, "done_on": "2999-01-01", "description": " "});
    let res = app.api_send(Method::POST, &ama, "/api/v1/timebank/entries", bad).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = res.json().await.unwrap();
    let fields: Vec<&str> = body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    for f in ["hours", "done_on", "description"] {
        assert!(fields.contains(&f), "{f} missing from {fields:?}");
    }
    let quarter = json!({"with": ben_id, "hours": 1.1, "done_on": today(), "description": "Fixed a bike"});
    let res = app.api_send(Method::POST, &ama, "/api/v1/timebank/entries", quarter).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let good = json!({"with": ben_id, "hours": 1.5, "done_on": today(), "description": "Fixed a bike"});
    let res = app.api_send(Method::POST, &ama, "/api/v1/timebank/entries", good).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let id = res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string();
    // The giver cannot confirm their own time.
    let res = app.api_send(Method::POST, &ama, &format!("/api/v1/timebank/entries/{id}/confirm"), json!({})).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // Twenty confirmations at once: exactly one is kept.
    let mut handles = Vec::new();
    for _ in 0..20 {
        let client = app.client.clone();
        let url = app.url(&format!("/api/v1/timebank/entries/{id}/confirm"));
        let token = ben.clone();
        handles.push(tokio::spawn(async move {
            client.post(url).bearer_auth(token).json(&json!({})).send().await.unwrap().status()
        }));
    }
    let mut created = 0;
    for h in handles {
        let s = h.await.unwrap();
        assert!(s == StatusCode::CREATED || s == StatusCode::CONFLICT, "{s}");
        created += usize::from(s == StatusCode::CREATED);
    }
    assert_eq!(created, 1);
    let a: Value = app.api_get(&ama, "/api/v1/timebank").await.json().await.unwrap();
    let b: Value = app.api_get(&ben, "/api/v1/timebank").await.json().await.unwrap();
    assert_eq!(a["balance_minutes"], 90);
    assert_eq!(b["balance_minutes"], -90);
    assert_eq!(a["entries"][0]["state"], "confirmed");
    // A stranger sees none of it.
    let cleo = app.api_person("Cleo", "cleo@example.org", &["read", "write"]).await;
    let c: Value = app.api_get(&cleo, "/api/v1/timebank").await.json().await.unwrap();
    assert_eq!(c["entries"].as_array().unwrap().len(), 0);
    let res = app.api_send(Method::POST, &cleo, &format!("/api/v1/timebank/entries/{id}/dispute"), json!({})).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

async fn entries_cannot_be_changed_or_deleted(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let ama = app.api_person("Ama", "ama@example.org", &["read", "write"]).await;
    app.api_person("Ben", "ben@example.org", &["read", "write"]).await;
    let ben_id = app.person_id("ben@example.org").await.to_string();
    let good = json!({"with": ben_id, "hours": "2", "done_on": today(), "description": "Gardening"});
    let res = app.api_send(Method::POST, &ama, "/api/v1/timebank/entries", good).await;
    let id = res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string();
    let db = app.state.db.writer();
    assert!(sqlx::query("UPDATE timebank_entries SET minutes = 600 WHERE id = $1")
        .bind(&id)
        .execute(db)
        .await
        .is_err());
    assert!(sqlx::query("DELETE FROM timebank_entries WHERE id = $1").bind(&id).execute(db).await.is_err());
    let a: Value = app.api_get(&ama, "/api/v1/timebank").await.json().await.unwrap();
    assert_eq!(a["entries"][0]["minutes"], 120);
}

async fn recording_time_from_a_conversation_page(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    app.place("riverside", "Riverside").await;
    let ben = app.api_person("Ben", "ben@example.org", &["read", "write"]).await;
    let post = json!({"kind": "request", "category": "diy", "place": "riverside", "title": "Shelves"});
    let res = app.api_send(Method::POST, &ben, "/api/v1/mutual-aid/posts", post).await;
    let id = res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string();
    app.sign_up("Ama", "ama@example.org").await;
    let res = app.post_form(&format!("/mutual-aid/{id}/respond"), &[("message", "I can help on Saturday.")]).await;
    let conversation = location(&res).split('?').next().unwrap().to_string();
    let res = app
        .post_form(&format!("{conversation}/hours"), &[("hours", "abc"), ("done_on", ""), ("description", "")])
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    for f in ["hours", "done_on", "description"] {
        assert!(html.contains(&format!("href=\"#f-{f}\"")), "{f}");
    }
    assert!(html.contains("value=\"abc\""), "input kept");
    let res = app
        .post_form(
            &format!("{conversation}/hours"),
            &[("hours", "2"), ("done_on", &today()), ("description", "Put up shelves")],
        )
        .await;
    assert_eq!(location(&res), "/timebank?notice=timebank-recorded");
    let html = app.text("/timebank").await;
    assert!(html.contains("Put up shelves") && html.contains("Waiting for confirmation"));
    let ledger: Value = app.api_get(&ben, "/api/v1/timebank").await.json().await.unwrap();
    let entry = ledger["entries"][0]["id"].as_str().unwrap();
    let res = app.api_send(Method::POST, &ben, &format!("/api/v1/timebank/entries/{entry}/confirm"), json!({})).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let html = app.text("/timebank").await;
    assert!(html.contains("Your balance: 2 hours"), "{html}");
}
