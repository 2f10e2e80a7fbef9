//! The weekly digest: opting in (page and API), one run per week over real
//! SMTP with this week's events and what is new, nothing for those who did
//! not opt in or have nothing to read, and unsubscribing from the email's
//! link (confirm page, or RFC 8058 one-click) without signing in.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::both_engines;
use crate::helpers::{post_form_as, readable, spawn_app_with, Engine, Options, TestApp};

both_engines!(
    digest_goes_out_once_a_week_and_unsubscribes_without_signing_in,
    opting_in_refuses_bad_places,
    the_demo_has_digest_readers,
    the_worker_claims_the_week_once_its_hour_has_come,
);

/// A date `days` from today, `YYYY-MM-DD`.
fn day(days: i64) -> String {
    (chrono::Utc::now() + chrono::Duration::days(days)).format("%Y-%m-%d").to_string()
}

/// The node without its own weekly schedule: the tests say when it runs.
async fn app(engine: Engine) -> Option<TestApp> {
    spawn_app_with(engine, Options { tune: |c| c.digest.enabled = false }).await
}

/// A place, and a group run by the app's signed-in client; the owner's token.
async fn setup(app: &TestApp) -> String {
    app.place("riverside", "Riverside").await;
    app.sign_up("Olu", "owner@example.org").await;
    let token = app.token_for("owner@example.org", &["read", "write"]).await;
    let body = json!({"name": "Riverside Food Share", "slug": "food-share", "kind": "community_group",
                      "place": "riverside", "join_policy": "open"});
    let res = app.api_send(Method::POST, &token, "/api/v1/groups", body).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    token
}

async fn event(app: &TestApp, token: &str, title: &str, days: i64, repeat: &str, publish: bool) -> String {
    let body = json!({"group": "food-share", "publish": publish, "title": title, "venue": "St Mark's hall",
                      "date": day(days), "start_time": "10:00", "end_time": "12:00", "repeat": repeat, "is_free": true});
    let res = app.api_send(Method::POST, token, "/api/v1/events", body).await;
    let status = res.status();
    let body: Value = res.json().await.unwrap();
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body["id"].as_str().unwrap().to_string()
}

/// The unsubscribe address in a message's `List-Unsubscribe` header.
fn unsubscribe_url(data: &str) -> String {
    let line = data.lines().find(|l| l.starts_with("List-Unsubscribe:")).expect("List-Unsubscribe header");
    line.split_once('<').and_then(|(_, rest)| rest.split_once('>')).map(|(url, _)| url.to_string()).expect("<url>")
}

async fn digest_goes_out_once_a_week_and_unsubscribes_without_signing_in(engine: Engine) {
    let Some(app) = app(engine).await else { return };
    let token = setup(&app).await;
    let now = plural_store::now();

    event(&app, &token, "Thursday food share", 1, "weekly", true).await;
    event(&app, &token, "Secret planning draft", 2, "none", false).await;
    event(&app, &token, "Quiz next month", 20, "none", true).await;
    let old = event(&app, &token, "Last month's jumble sale", 3, "none", true).await;
    // Events cannot be made in the past, so move this one back a month as time would.
    sqlx::query("UPDATE events SET starts_at = starts_at - $1, ends_at = ends_at - $1, last_starts_at = last_starts_at - $1 WHERE id = $2")
        .bind(33 * 86400i64)
        .bind(&old)
        .execute(app.state.db.writer())
        .await
        .unwrap();
    let body = json!({"group": "food-share", "name": "Benefits advice surgery", "place": "riverside"});
    assert_eq!(app.api_send(Method::POST, &token, "/api/v1/services", body).await.status(), StatusCode::CREATED);

    // Ada opts in on the account page (off until she does; her home place is offered).
    let (ada, ada_jar) = app.new_client();
    let res = post_form_as(
        &ada,
        &ada_jar,
        &app.base,
        "/sign-up",
        &[("display_name", "Ada"), ("email", "ada@example.org"), ("password", crate::helpers::PASSWORD)],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let page = ada.get(app.url("/account")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains(r#"name="digest" value="off" checked"#), "off by default");
    let res =
        post_form_as(&ada, &ada_jar, &app.base, "/account/digest", &[("digest", "on"), ("digest_places", "riverside")])
            .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let page = ada.get(app.url("/account")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains(r#"name="digest" value="on" checked"#) && page.contains(r#"value="riverside" checked"#));

    // Bea opts in through the API and reads in Polish. Olu does not opt in.
    let bea = app.api_person("Bea", "bea@example.org", &["read", "write"]).await;
    let res = app.api_send(Method::PATCH, &bea, "/api/v1/me", json!({"language": "pl"})).await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = app.api_send(Method::PUT, &bea, "/api/v1/me/digest", json!({"places": ["riverside"]})).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.json::<Value>().await.unwrap(), json!({"subscribed": true, "places": ["riverside"]}));

    // The week's run, twice: one email each.
    let run = plural_web::digest::service::run(&app.state, now).await.unwrap().expect("first run of the week");
    assert_eq!(run.subscribers, 2);
    assert!(plural_web::digest::service::run(&app.state, now + 3600).await.unwrap().is_none(), "same week");
    app.wait_for_mail(2).await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let mail = app.smtp.all();
    assert_eq!(mail.len(), 2, "one each for Ada and Bea, none for Olu");
    assert!(mail.iter().all(|m| m.to.len() == 1 && m.to[0] != "owner@example.org"));
    let to_ada = mail.iter().find(|m| m.to[0] == "ada@example.org").expect("Ada's digest");
    let to_bea = mail.iter().find(|m| m.to[0] == "bea@example.org").expect("Bea's digest");
    let text = readable(&to_ada.data);
    assert!(text.contains("Subject: What's on near you this week"), "{text}");
    assert!(text.contains("Thursday food share") && text.contains("Benefits advice surgery"), "{text}");
    for absent in ["Secret planning draft", "Quiz next month", "jumble sale"] {
        assert!(!text.contains(absent), "{absent} is not this week's: {text}");
    }
    assert!(text.contains("multipart/alternative") && text.contains("text/html"), "{text}");
    assert!(text.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"), "{text}");
    let bea_text = readable(&to_bea.data);
    assert!(bea_text.contains("Wydarzenia w tym tygodniu") && bea_text.contains("Thursday food share"), "{bea_text}");

    // Ada follows the link with no session: a confirmation page, then a form that works.
    let link = unsubscribe_url(&to_ada.data);
    assert!(text.contains(&link), "the body links to it too");
    let (anon, anon_jar) = app.new_client();
    let page = anon.get(&link).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let page = page.text().await.unwrap();
    let token_field =
        page.split(r#"name="token" value=""#).nth(1).and_then(|r| r.split('"').next()).unwrap().to_string();
    assert!(page.contains(r#"action="/digest/unsubscribe""#));
    let res = post_form_as(&anon, &anon_jar, &app.base, "/digest/unsubscribe", &[("token", &token_field)]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let page = ada.get(app.url("/account")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains(r#"name="digest" value="off" checked"#), "Ada's digest is off");

    // Bea's mail client unsubscribes in one click: a bare POST, no cookie, no form token.
    let bea_link = unsubscribe_url(&to_bea.data);
    let res = reqwest::Client::new().post(&bea_link).form(&[("List-Unsubscribe", "One-Click")]).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let res = app.api_get(&bea, "/api/v1/me/digest").await;
    assert_eq!(res.json::<Value>().await.unwrap(), json!({"subscribed": false, "places": []}));

    // A forged or cut-short link changes nothing.
    let forged = format!("{}x", bea_link.trim_end_matches('/'));
    let res = reqwest::Client::new().post(&forged).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(anon.get(&forged).send().await.unwrap().status(), StatusCode::NOT_FOUND);

    // Next week: nobody is subscribed, so nothing is sent.
    let next = plural_web::digest::service::run(&app.state, now + 7 * 86400).await.unwrap().expect("next week's run");
    assert_eq!(next.subscribers, 0);
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(app.smtp.all().len(), 2);
}

async fn opting_in_refuses_bad_places(engine: Engine) {
    let Some(app) = app(engine).await else { return };
    app.place("riverside", "Riverside").await;
    let bea = app.api_person("Bea", "bea@example.org", &["read", "write"]).await;
    let res = app.api_send(Method::PUT, &bea, "/api/v1/me/digest", json!({"places": ["riverside", "atlantis"]})).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem: Value = res.json().await.unwrap();
    assert_eq!(problem["errors"][0]["field"], "places");
    let res = app.api_get(&bea, "/api/v1/me/digest").await;
    assert_eq!(res.json::<Value>().await.unwrap(), json!({"subscribed": false, "places": []}), "nothing stored");
    let res = app.client.get(app.url("/api/v1/me/digest")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);

    // On the page: "on" with no place is named, and nothing changes.
    app.sign_up("Ada", "ada@example.org").await;
    let res = app.post_form("/account/digest", &[("digest", "on")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let page = res.text().await.unwrap();
    assert!(
        page.contains("Choose at least one place for the weekly email")
            && page.contains(r##"href="#f-digest_places""##)
    );

    // Subscribed, someone with nothing to read this week gets no email.
    let res = app.post_form("/account/digest", &[("digest", "on"), ("digest_places", "riverside")]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let run = plural_web::digest::service::run(&app.state, plural_store::now()).await.unwrap().expect("run");
    assert_eq!(run.subscribers, 1);
    let composed = || async {
        sqlx::query_scalar::<_, String>("SELECT status FROM jobs WHERE kind = 'digest.compose'")
            .fetch_all(app.state.db.reader())
            .await
            .unwrap()
    };
    for _ in 0..200 {
        if composed().await == ["done"] {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    assert_eq!(composed().await, ["done"], "the digest was composed");
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert!(app.smtp.all().is_empty(), "nothing on, nothing sent");
}

async fn the_demo_has_digest_readers(engine: Engine) {
    let Some(app) = app(engine).await else { return };
    plural::demo::seed(&app.state.db, &app.key).await.unwrap();
    let run = plural_web::digest::service::run(&app.state, plural_store::now()).await.unwrap().expect("run");
    assert_eq!(run.subscribers, 3);
    let mail = app.wait_for_mail(3).await;
    let kwame = mail.iter().find(|m| m.to[0] == "kwame@demo.plural.test").expect("Kwame's digest");
    let text = readable(&kwame.data);
    // He chose Lambeth, which takes in the places within it: Brixton Hill's food bank is his news too.
    assert!(text.contains("Events this week") && text.contains("New services"), "{text}");
    assert!(text.contains("Brixton Food Share") && text.contains("Brixton Hill"), "{text}");
}

async fn the_worker_claims_the_week_once_its_hour_has_come(engine: Engine) {
    // Due this very hour, in the node's zone.
    let tune = |c: &mut plural_web::Config| {
        let local = chrono::Utc::now().with_timezone(&c.zone());
        c.digest.weekday = local.format("%A").to_string().to_lowercase();
        c.digest.hour = chrono::Timelike::hour(&local);
    };
    let Some(app) = spawn_app_with(engine, Options { tune }).await else { return };
    let week = plural_web::digest::service::week_of(&app.config, plural_store::now());
    let runs = || async {
        sqlx::query_scalar::<_, String>("SELECT week FROM digest_runs").fetch_all(app.state.db.reader()).await.unwrap()
    };
    for _ in 0..200 {
        if !runs().await.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    assert_eq!(runs().await, [week], "the worker sent this week's digest");
    assert!(plural_web::digest::service::run(&app.state, plural_store::now()).await.unwrap().is_none(), "once");
}
