//! Consultations: opened only by a verified public body's admins, with a
//! purpose, questions (text, choice, scale) and a period (also as an
//! iCalendar entry); residents respond once while it is open; nobody — the
//! body included — can read a response on its own; the body publishes its
//! response once it has closed. Bad input is refused with nothing written.

use plural_kernel::groups::{GroupKind, JoinPolicy, Role};
use plural_kernel::language::Language;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::both_engines;
use crate::helpers::{location, spawn_app, Engine, TestApp};

both_engines!(consultations_hear_residents_without_exposing_them, consultation_pages_work_without_javascript);

async fn detail(res: reqwest::Response, status: StatusCode) -> String {
    assert_eq!(res.status(), status);
    let body: Value = res.json().await.unwrap();
    body["detail"].as_str().unwrap_or_default().to_string()
}

async fn fields(res: reqwest::Response) -> Vec<(String, String)> {
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = res.json().await.unwrap();
    body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["field"].as_str().unwrap().to_string(), e["code"].as_str().unwrap().to_string()))
        .collect()
}

fn in_days(n: i64) -> String {
    let t = plural_store::from_unix(plural_store::now() + n * 86_400);
    format!("{:04}-{:02}-{:02}", t.year(), u8::from(t.month()), t.day())
}

async fn resident(app: &TestApp, name: &str, place: Option<plural_kernel::PlaceId>) -> String {
    let email = format!("{}@example.org", name.to_lowercase());
    let token = app.api_person(name, &email, &["read", "write"]).await;
    let id = app.person_id(&email).await;
    let update =
        plural_store::people::ProfileUpdate { display_name: name, language: Language::En, home_place_id: place };
    plural_store::people::update_profile(&app.state.db, id, update).await.unwrap();
    token
}

/// A public body in `place`, owned by the person with `email`.
async fn body(
    app: &TestApp,
    place: plural_kernel::PlaceId,
    slug: &str,
    email: &str,
    verified: bool,
) -> plural_kernel::GroupId {
    let fields = plural_store::groups::GroupFields {
        place_id: place,
        slug,
        name: "Riverside Council",
        description: "",
        kind: GroupKind::PublicBody,
        join_policy: JoinPolicy::Approval,
    };
    let g = plural_store::groups::create(&app.state.db, fields, app.person_id(email).await).await.unwrap();
    plural_store::groups::set_verified_public_body(&app.state.db, g, verified).await.unwrap();
    g
}

fn consultation(body: &str) -> Value {
    json!({
        "body": body,
        "title": "Riverside park: what should change?",
        "purpose": "The council will spend £40,000 on the park next year. Your answers decide how.",
        "questions": "text: What would make the park better?\nscale: How safe do you feel there?\nchoice: How often do you go? | Daily | Weekly | Rarely",
        "closes_on": in_days(10)
    })
}

async fn count(app: &TestApp, table: &str) -> i64 {
    sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(app.state.db.reader()).await.unwrap()
}

async fn consultations_hear_residents_without_exposing_them(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let place = app.place("riverside", "Riverside").await;
    let priya = resident(&app, "Priya", None).await;
    body(&app, place, "fake-council", "priya@example.org", false).await;
    let council = body(&app, place, "riverside-council", "priya@example.org", true).await;
    let ana = resident(&app, "Ana", Some(place)).await;
    plural_store::groups::add_member(
        &app.state.db,
        council,
        app.person_id("ana@example.org").await,
        Role::Member,
        "test",
    )
    .await
    .unwrap();
    let res = app.api_send(Method::POST, &priya, "/api/v1/consultations", consultation("fake-council")).await;
    assert_eq!(detail(res, StatusCode::FORBIDDEN).await, "voice-body-not-verified");
    let res = app.api_send(Method::POST, &ana, "/api/v1/consultations", consultation("riverside-council")).await;
    assert_eq!(detail(res, StatusCode::FORBIDDEN).await, "consultation-body-only");
    let bad = json!({"body": "riverside-council", "title": " ", "purpose": "", "questions": "poll: Which?", "closes_on": "2020-01-01"});
    let got: Vec<String> = fields(app.api_send(Method::POST, &priya, "/api/v1/consultations", bad).await)
        .await
        .into_iter()
        .map(|f| f.0)
        .collect();
    assert_eq!(got, vec!["title", "purpose", "questions", "closes_on"]);
    assert_eq!(count(&app, "consultations").await, 0);
    let res = app.api_send(Method::POST, &priya, "/api/v1/consultations", consultation("riverside-council")).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let c: Value = res.json().await.unwrap();
    let id = c["id"].as_str().unwrap().to_string();
    assert_eq!(c["questions"][2]["options"], json!(["Daily", "Weekly", "Rarely"]));
    // The period as a calendar entry.
    let ics = app.text(&format!("/consultations/{id}.ics")).await;
    assert!(ics.contains("BEGIN:VEVENT") && ics.contains("SUMMARY:Riverside park"), "{ics}");
    // Responses: checked, from residents only, once.
    let responses = format!("/api/v1/consultations/{id}/responses");
    let answer = |a: [&str; 3]| json!({"answers": a});
    let res = app.api_send(Method::POST, &ana, &responses, answer(["", "9", ""])).await;
    assert_eq!(fields(res).await, vec![("answers".to_string(), "consultation-answer-invalid".to_string())]);
    let res = app.api_send(Method::POST, &ana, &responses, answer(["", "", ""])).await;
    assert_eq!(fields(res).await, vec![("answers".to_string(), "consultation-answers-none".to_string())]);
    let away = resident(&app, "Cy", None).await;
    let res = app.api_send(Method::POST, &away, &responses, answer(["More lights", "", ""])).await;
    assert_eq!(detail(res, StatusCode::FORBIDDEN).await, "poll-not-eligible");
    assert_eq!(count(&app, "consultation_responses").await, 0);
    let secret = "The bushes by the gate scare me since the attack";
    let res = app.api_send(Method::POST, &ana, &responses, answer([secret, "2", "0"])).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let res = app.api_send(Method::POST, &ana, &responses, answer(["Again", "", ""])).await;
    assert_eq!(detail(res, StatusCode::CONFLICT).await, "consultation-already-responded");
    // Nobody reads a response on its own: not the body, not through any page or API.
    let seen: Value = app.api_get(&priya, &format!("/api/v1/consultations/{id}")).await.json().await.unwrap();
    assert_eq!(seen["respondents"], 1);
    assert!(!seen.to_string().contains("bushes"));
    assert!(!app.text(&format!("/consultations/{id}")).await.contains("bushes"));
    let columns: Vec<String> = match engine {
        Engine::Sqlite => sqlx::query_scalar("SELECT name FROM pragma_table_info('consultation_responses')")
            .fetch_all(app.state.db.reader())
            .await
            .unwrap(),
        Engine::Postgres => sqlx::query_scalar(
            "SELECT column_name::text FROM information_schema.columns WHERE table_name = 'consultation_responses' ORDER BY ordinal_position",
        )
        .fetch_all(app.state.db.reader())
        .await
        .unwrap(),
    };
    assert_eq!(columns, vec!["consultation_id", "response_key", "answers"]);
    // The response waits for the close; then the body publishes it.
    let publish = format!("/api/v1/consultations/{id}/response");
    let res = app.api_send(Method::POST, &priya, &publish, json!({"response": "We heard you."})).await;
    assert_eq!(detail(res, StatusCode::CONFLICT).await, "consultation-still-open");
    plural_store::consultations::set_closes_at(&app.state.db, &id, plural_store::now() - 1).await.unwrap();
    let res = app.api_send(Method::POST, &away, &responses, answer(["Late", "", ""])).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let late = resident(&app, "Di", Some(place)).await;
    let res = app.api_send(Method::POST, &late, &responses, answer(["Late", "", ""])).await;
    assert_eq!(detail(res, StatusCode::CONFLICT).await, "consultation-closed");
    let res = app.api_send(Method::POST, &ana, &publish, json!({"response": "Not mine to say"})).await;
    assert_eq!(detail(res, StatusCode::FORBIDDEN).await, "consultation-body-only");
    let res = app.api_send(Method::POST, &priya, &publish, json!({"response": " "})).await;
    assert_eq!(fields(res).await, vec![("response".to_string(), "consultation-response-required".to_string())]);
    let res = app
        .api_send(
            Method::POST,
            &priya,
            &publish,
            json!({"response": "We heard that the park feels unsafe at night: new lights in March."}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let seen: Value = app.api_get(&ana, &format!("/api/v1/consultations/{id}")).await.json().await.unwrap();
    assert!(seen["response"].as_str().unwrap().starts_with("We heard"));
    assert_eq!(seen["open"], false);
    let log: Value = app.api_get(&ana, "/api/v1/places/riverside/stewardship-log").await.json().await.unwrap();
    assert_eq!(
        (log[0]["action"].as_str(), log[0]["role"].as_str()),
        (Some("consultation_answered"), Some("public_body"))
    );
}

async fn consultation_pages_work_without_javascript(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let place = app.place("riverside", "Riverside").await;
    app.sign_up("Priya", "priya@example.org").await;
    body(&app, place, "riverside-council", "priya@example.org", true).await;
    let me = app.person_id("priya@example.org").await;
    let update = plural_store::people::ProfileUpdate {
        display_name: "Priya",
        language: Language::En,
        home_place_id: Some(place),
    };
    plural_store::people::update_profile(&app.state.db, me, update).await.unwrap();
    let html = app.text("/consultations/new").await;
    assert!(html.contains("value=\"riverside-council\""));
    let res = app
        .post_form(
            "/consultations",
            &[("group", "riverside-council"), ("title", ""), ("purpose", ""), ("questions", "")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    for f in ["title", "purpose", "questions", "closes_on"] {
        assert!(html.contains(&format!("href=\"#f-{f}\"")), "{f}");
    }
    let closes = in_days(5);
    let form = [
        ("group", "riverside-council"),
        ("title", "Towpath lighting"),
        ("purpose", "Deciding where new lights go."),
        ("questions", "scale: How safe is the towpath at night?\nchoice: Where first? | By the lock | By the bridge"),
        ("closes_on", closes.as_str()),
    ];
    let res = app.post_form("/consultations", &form).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let path = location(&res).split('?').next().unwrap().to_string();
    let res = app.post_form(&format!("{path}/responses"), &[("q-0", ""), ("q-1", "")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().await.unwrap().contains("href=\"#f-answers\""));
    let res = app.post_form(&format!("{path}/responses"), &[("q-0", "2"), ("q-1", "1")]).await;
    assert_eq!(location(&res), format!("{path}?notice=consultation-responded"));
    let html = app.text(&path).await;
    assert!(html.contains("You have responded") && html.contains("1 person has responded"));
    for lang in ["ar", "pl"] {
        app.get(&format!("/language/{lang}?return=/")).await;
        for p in ["/consultations", path.as_str(), "/consultations/new"] {
            let html = app.text(p).await;
            assert!(!html.contains("consultation-"), "an untranslated id on {p} in {lang}");
        }
    }
}
