//! Surveys: started by a group's admins (or a place's stewards) with the
//! questions of consultations; residents respond once while open; a
//! response holds only its answers, a self-declared area and the month,
//! stored apart from who responded; nobody reads a response through any
//! page or API. Bad input is refused with nothing written.

use plural_kernel::groups::{GroupKind, JoinPolicy, Role};
use plural_kernel::language::Language;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::both_engines;
use crate::helpers::{location, spawn_app, Engine, TestApp};

both_engines!(
    surveys_hear_residents_without_exposing_them,
    survey_pages_work_without_javascript,
    a_closed_survey_is_heard_through_an_insight_release
);

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

async fn set_home(app: &TestApp, email: &str, name: &str, place: Option<plural_kernel::PlaceId>) {
    let id = app.person_id(email).await;
    let update =
        plural_store::people::ProfileUpdate { display_name: name, language: Language::En, home_place_id: place };
    plural_store::people::update_profile(&app.state.db, id, update).await.unwrap();
}

async fn resident(app: &TestApp, name: &str, place: Option<plural_kernel::PlaceId>) -> String {
    let email = format!("{}@example.org", name.to_lowercase());
    let token = app.api_person(name, &email, &["read", "write"]).await;
    set_home(app, &email, name, place).await;
    token
}

/// Riverside, with the Riverside estate within it.
async fn places(app: &TestApp) -> (plural_kernel::PlaceId, plural_kernel::PlaceId) {
    let riverside = app.place("riverside", "Riverside").await;
    let fields = plural_store::places::PlaceFields {
        slug: "riverside-estate",
        name: "Riverside estate",
        description: "",
        parent_id: Some(riverside),
        footprint: None,
    };
    (riverside, plural_store::places::create(&app.state.db, fields).await.unwrap())
}

async fn group(app: &TestApp, place: plural_kernel::PlaceId, owner: &str) -> plural_kernel::GroupId {
    let fields = plural_store::groups::GroupFields {
        place_id: place,
        slug: "riverside-tenants",
        name: "Riverside Tenants' Association",
        description: "",
        kind: GroupKind::CommunityGroup,
        join_policy: JoinPolicy::Open,
    };
    plural_store::groups::create(&app.state.db, fields, app.person_id(owner).await).await.unwrap()
}

fn survey() -> Value {
    json!({
        "group": "riverside-tenants",
        "title": "How warm is your home this winter?",
        "purpose": "We take the totals to the housing office in January.",
        "questions": "scale: How warm is your flat?\nchoice: Any damp or mould? | Yes | No\ntext: What needs fixing first?",
        "closes_on": in_days(10)
    })
}

async fn count(app: &TestApp, table: &str) -> i64 {
    sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(app.state.db.reader()).await.unwrap()
}

async fn surveys_hear_residents_without_exposing_them(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let (riverside, estate) = places(&app).await;
    let priya = resident(&app, "Priya", Some(riverside)).await;
    let g = group(&app, riverside, "priya@example.org").await;
    let ana = resident(&app, "Ana", Some(estate)).await;
    plural_store::groups::add_member(&app.state.db, g, app.person_id("ana@example.org").await, Role::Member, "test")
        .await
        .unwrap();
    // Who may start one: the group's admins; for the place itself, its stewards.
    let res = app.api_send(Method::POST, &ana, "/api/v1/surveys", survey()).await;
    assert_eq!(detail(res, StatusCode::FORBIDDEN).await, "survey-group-admin-only");
    let for_place =
        json!({"place": "riverside", "title": "T", "purpose": "P", "questions": "text: Q?", "closes_on": in_days(3)});
    let res = app.api_send(Method::POST, &priya, "/api/v1/surveys", for_place.clone()).await;
    assert_eq!(detail(res, StatusCode::FORBIDDEN).await, "survey-steward-only");
    plural_store::mutual_aid::add_steward(&app.state.db, riverside, app.person_id("priya@example.org").await)
        .await
        .unwrap();
    let res = app.api_send(Method::POST, &priya, "/api/v1/surveys", for_place).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let bad = json!({"group": "riverside-tenants", "title": " ", "purpose": "", "questions": "poll: Which?",
        "opens_on": in_days(20), "closes_on": "2020-01-01"});
    let got: Vec<String> = fields(app.api_send(Method::POST, &priya, "/api/v1/surveys", bad).await)
        .await
        .into_iter()
        .map(|f| f.0)
        .collect();
    assert_eq!(got, vec!["title", "purpose", "questions", "closes_on"]);
    let late_start = json!({"group": "riverside-tenants", "title": "T", "purpose": "P", "questions": "text: Q?",
        "opens_on": in_days(20), "closes_on": in_days(10)});
    let res = app.api_send(Method::POST, &priya, "/api/v1/surveys", late_start).await;
    assert_eq!(fields(res).await, vec![("opens_on".to_string(), "survey-opens-after-close".to_string())]);
    assert_eq!(count(&app, "surveys").await, 1);
    let res = app.api_send(Method::POST, &priya, "/api/v1/surveys", survey()).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let s: Value = res.json().await.unwrap();
    let id = s["id"].as_str().unwrap().to_string();
    assert_eq!((s["group"].as_str(), s["areas"].clone()), (Some("riverside-tenants"), json!(["riverside-estate"])));
    // Responses: checked, from residents only, once.
    let responses = format!("/api/v1/surveys/{id}/responses");
    let res = app.api_send(Method::POST, &ana, &responses, json!({"answers": ["9", "", ""]})).await;
    assert_eq!(fields(res).await, vec![("answers".to_string(), "consultation-answer-invalid".to_string())]);
    let res =
        app.api_send(Method::POST, &ana, &responses, json!({"answers": ["2", "", ""], "area": "elsewhere"})).await;
    assert_eq!(fields(res).await, vec![("area".to_string(), "survey-area-invalid".to_string())]);
    let away = resident(&app, "Cy", None).await;
    let res = app.api_send(Method::POST, &away, &responses, json!({"answers": ["2", "", ""]})).await;
    assert_eq!(detail(res, StatusCode::FORBIDDEN).await, "poll-not-eligible");
    assert_eq!(count(&app, "survey_responses").await + count(&app, "survey_respondents").await, 0);
    let secret = "Black mould in the baby's room since October";
    let answer = json!({"answers": ["1", "0", secret], "area": "riverside-estate"});
    let res = app.api_send(Method::POST, &ana, &responses, answer.clone()).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let res = app.api_send(Method::POST, &ana, &responses, answer).await;
    assert_eq!(detail(res, StatusCode::CONFLICT).await, "survey-already-responded");
    let res = app.api_send(Method::POST, &priya, &responses, json!({"answers": ["4", "1", ""]})).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    // What is kept: the answers, the area, the month — and nothing to tie them to a person.
    let columns: Vec<String> = match engine {
        Engine::Sqlite => sqlx::query_scalar("SELECT name FROM pragma_table_info('survey_responses')")
            .fetch_all(app.state.db.reader())
            .await
            .unwrap(),
        Engine::Postgres => sqlx::query_scalar(
            "SELECT column_name::text FROM information_schema.columns WHERE table_name = 'survey_responses' ORDER BY ordinal_position",
        )
        .fetch_all(app.state.db.reader())
        .await
        .unwrap(),
    };
    assert_eq!(columns, vec!["survey_id", "response_key", "answers", "area", "period"]);
    let rows: Vec<(String, String, String)> =
        sqlx::query_as("SELECT answers, area, period FROM survey_responses WHERE survey_id = $1 ORDER BY area DESC")
            .bind(&id)
            .fetch_all(app.state.db.reader())
            .await
            .unwrap();
    let month = plural_kernel::surveys::period(plural_store::now());
    assert_eq!(rows.len(), 2);
    assert_eq!((rows[0].1.as_str(), rows[0].2.as_str()), ("riverside-estate", month.as_str()));
    assert_eq!(serde_json::from_str::<Value>(&rows[0].0).unwrap(), json!([1, 0, secret]));
    assert_eq!(rows[1].1, "");
    // Nobody reads a response: not the group, not its admins, not through any page, API or feed.
    let seen: Value = app.api_get(&priya, &format!("/api/v1/surveys/{id}")).await.json().await.unwrap();
    assert_eq!((seen["respondents"].as_i64(), seen["you_responded"].as_bool()), (Some(2), Some(true)));
    assert!(!seen.to_string().contains("Black mould"));
    let listed = app.api_get(&priya, "/api/v1/places/riverside/surveys").await.text().await.unwrap();
    assert!(listed.contains(&id) && !listed.contains("Black mould"));
    for page in [format!("/surveys/{id}"), "/places/riverside/surveys".into(), "/places/riverside/surveys.atom".into()]
    {
        let html = app.text(&page).await;
        assert!(!html.contains("Black mould"), "{page}");
    }
    let feed = app.text("/places/riverside/surveys.atom").await;
    assert!(feed.contains("How warm is your home this winter?"), "{feed}");
    // Closed, or not yet open: refused, nothing written.
    plural_store::surveys::set_period(&app.state.db, &id, plural_store::now() - 100, plural_store::now() - 1)
        .await
        .unwrap();
    let late = resident(&app, "Di", Some(riverside)).await;
    let res = app.api_send(Method::POST, &late, &responses, json!({"answers": ["3", "", ""]})).await;
    assert_eq!(detail(res, StatusCode::CONFLICT).await, "survey-closed");
    plural_store::surveys::set_period(
        &app.state.db,
        &id,
        plural_store::now() + 86_400,
        plural_store::now() + 9 * 86_400,
    )
    .await
    .unwrap();
    let res = app.api_send(Method::POST, &late, &responses, json!({"answers": ["3", "", ""]})).await;
    assert_eq!(detail(res, StatusCode::CONFLICT).await, "survey-closed");
    assert_eq!((count(&app, "survey_responses").await, count(&app, "survey_respondents").await), (2, 2));
    // The OpenAPI document has the endpoints.
    let doc = serde_json::to_string(&plural_web::api::openapi::document()).unwrap();
    assert!(doc.contains("/api/v1/surveys/{id}/responses") && doc.contains("/api/v1/places/{slug}/surveys"));
}

async fn survey_pages_work_without_javascript(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let (riverside, estate) = places(&app).await;
    app.sign_up("Priya", "priya@example.org").await;
    group(&app, riverside, "priya@example.org").await;
    set_home(&app, "priya@example.org", "Priya", Some(estate)).await;
    let html = app.text("/surveys/new?place=riverside").await;
    assert!(html.contains("value=\"group:riverside-tenants\""), "{html}");
    let res = app.post_form("/surveys", &[("runner", ""), ("title", ""), ("purpose", ""), ("questions", "")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    for f in ["runner", "title", "purpose", "questions", "closes_on"] {
        assert!(html.contains(&format!("href=\"#f-{f}\"")), "{f}");
    }
    let closes = in_days(5);
    let form = [
        ("runner", "group:riverside-tenants"),
        ("title", "Bins on the estate"),
        ("purpose", "Deciding what to ask the council for."),
        ("questions", "scale: How clean are the bin stores?\nchoice: Collections? | Enough | Too few"),
        ("opens_on", ""),
        ("closes_on", closes.as_str()),
    ];
    let res = app.post_form("/surveys", &form).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let path = location(&res).split('?').next().unwrap().to_string();
    let html = app.text(&path).await;
    assert!(html.contains("name=\"area\"") && html.contains("insight releases"), "{html}");
    let res = app.post_form(&format!("{path}/responses"), &[("q-0", ""), ("q-1", "")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().await.unwrap().contains("href=\"#f-answers\""));
    let res = app.post_form(&format!("{path}/responses"), &[("q-0", "2"), ("q-1", "1"), ("area", "nowhere")]).await;
    assert!(res.text().await.unwrap().contains("href=\"#f-area\""));
    let res =
        app.post_form(&format!("{path}/responses"), &[("q-0", "2"), ("q-1", "1"), ("area", "riverside-estate")]).await;
    assert_eq!(location(&res), format!("{path}/thanks"));
    assert!(app.text(&format!("{path}/thanks")).await.contains("Thank you for responding"));
    let html = app.text(&path).await;
    assert!(html.contains("You have responded") && html.contains("1 person has responded"));
    assert!(app.text("/places/riverside/surveys").await.contains("Bins on the estate"));
    for lang in ["ar", "pl"] {
        app.get(&format!("/language/{lang}?return=/")).await;
        for p in ["/places/riverside/surveys", path.as_str(), "/surveys/new", &format!("{path}/thanks")] {
            let html = app.text(p).await;
            assert!(
                !html.contains("survey-") && !html.contains("consultation-"),
                "an untranslated id on {p} in {lang}"
            );
        }
    }
}

/// What a survey heard reaches the public only as an insight release: once
/// it has closed, defined by a steward of its place, through the gate.
async fn a_closed_survey_is_heard_through_an_insight_release(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let (riverside, _) = places(&app).await;
    let priya = resident(&app, "Priya", Some(riverside)).await;
    group(&app, riverside, "priya@example.org").await;
    let res = app.api_send(Method::POST, &priya, "/api/v1/surveys", survey()).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let id = res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string();
    let mut last = String::new();
    for i in 0..12 {
        last = resident(&app, &format!("Resident{i}"), Some(riverside)).await;
        let answers = json!({"answers": [format!("{}", 1 + i % 5), "", ""]});
        let res = app.api_send(Method::POST, &last, &format!("/api/v1/surveys/{id}/responses"), answers).await;
        assert!(res.status().is_success(), "{}", res.status());
    }
    let release = json!({"source": "survey", "dataset": id, "title": "How warm homes are", "question": 0,
        "statistic": "count", "epsilon": 0.5});
    let create = "/api/v1/insight/releases";
    // Running the survey is not enough: the place's stewards publish.
    let res = app.api_send(Method::POST, &priya, create, release.clone()).await;
    assert_eq!(detail(res, StatusCode::FORBIDDEN).await, "insight-not-allowed");
    plural_store::mutual_aid::add_steward(&app.state.db, riverside, app.person_id("priya@example.org").await)
        .await
        .unwrap();
    // And not while responses can still change.
    let res = app.api_send(Method::POST, &priya, create, release.clone()).await;
    assert_eq!(detail(res, StatusCode::CONFLICT).await, "insight-dataset-open");
    sqlx::query("UPDATE surveys SET closes_at = $1 WHERE id = $2")
        .bind(plural_store::now() - 1)
        .bind(&id)
        .execute(app.state.db.writer())
        .await
        .unwrap();
    let res = app.api_send(Method::POST, &last, create, release.clone()).await;
    assert_eq!(detail(res, StatusCode::FORBIDDEN).await, "insight-not-allowed");
    let res = app.api_send(Method::POST, &priya, create, release).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let r: Value = res.json().await.unwrap();
    let page = app.text(&format!("/insight/{}", r["id"].as_str().unwrap())).await;
    assert!(page.contains("How warm homes are"), "{page}");
    assert!(page.contains("<svg role=\"img\""), "{page}");
}
