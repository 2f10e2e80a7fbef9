//! Insight releases: a steward or the consulting body defines a release over
//! a closed consultation's responses; the privacy gate withholds small
//! cells, adds discrete Laplace noise and charges the dataset's ε budget;
//! the table is public (page with an SVG chart, CSV, JSON, API) and no
//! response ever is. Bad definitions, overspending and all-withheld tables
//! are refused with nothing written and nothing spent.

use plural_kernel::groups::{GroupKind, JoinPolicy};
use plural_kernel::language::Language;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::both_engines;
use crate::helpers::{location, spawn_app, Engine, TestApp};

both_engines!(releases_pass_the_privacy_gate, release_pages_work_without_javascript, the_demo_has_a_published_release);

const SECRET: &str = "I was attacked by the north gate last winter";

async fn code(res: reqwest::Response, status: StatusCode) -> String {
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

async fn count(app: &TestApp, table: &str) -> i64 {
    sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(app.state.db.reader()).await.unwrap()
}

fn in_days(n: i64) -> String {
    let t = plural_store::from_unix(plural_store::now() + n * 86_400);
    format!("{:04}-{:02}-{:02}", t.year(), u8::from(t.month()), t.day())
}

/// A verified council in `place` owned by `email`, and its consultation
/// (text, scale, choice, a rarely answered choice), with `responses`.
async fn consultation(app: &TestApp, place: plural_kernel::PlaceId, email: &str, token: &str) -> String {
    let fields = plural_store::groups::GroupFields {
        place_id: place,
        slug: "riverside-council",
        name: "Riverside Council",
        description: "",
        kind: GroupKind::PublicBody,
        join_policy: JoinPolicy::Approval,
    };
    let g = plural_store::groups::create(&app.state.db, fields, app.person_id(email).await).await.unwrap();
    plural_store::groups::set_verified_public_body(&app.state.db, g, true).await.unwrap();
    let body = json!({
        "body": "riverside-council",
        "title": "Riverside park",
        "purpose": "The council will spend £40,000 on the park next year.",
        "questions": "text: What would make the park better?\nscale: How safe do you feel there?\nchoice: How often do you go? | Daily | Weekly | Rarely\nchoice: Which gate do you use? | North | South",
        "closes_on": in_days(10)
    });
    let res = app.api_send(Method::POST, token, "/api/v1/consultations", body).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let c: Value = res.json().await.unwrap();
    c["id"].as_str().unwrap().to_string()
}

/// Responses through the store's write path, each from a new resident.
async fn respond(app: &TestApp, id: &str, answers: &[Value]) {
    for (i, a) in answers.iter().enumerate() {
        let email = plural_kernel::people::EmailAddress::parse(
            "email",
            &format!("r{i}-{}@example.org", uuid::Uuid::new_v4().simple()),
        )
        .unwrap();
        let person = plural_store::people::NewPerson {
            email: &email,
            display_name: "Respondent",
            password_hash: None,
            language: plural_kernel::language::Language::En,
        };
        let person = plural_store::people::create(&app.state.db, &app.state.key, person).await.unwrap();
        let outcome = plural_store::consultations::respond(&app.state.db, id, person, &a.to_string()).await.unwrap();
        assert_eq!(outcome, plural_store::polls::VoteOutcome::Counted);
    }
}

/// 30 responses: 15 daily, 12 weekly, 3 rarely; scales 2 and 4; six use a gate.
fn thirty() -> Vec<Value> {
    (0..30)
        .map(|i| {
            let often = if i < 15 {
                0
            } else if i < 27 {
                1
            } else {
                2
            };
            let text = if i == 0 { json!(SECRET) } else { json!(null) };
            let gate = if i < 6 { json!(i % 2) } else { json!(null) };
            json!([text, if i % 2 == 0 { 2 } else { 4 }, often, gate])
        })
        .collect()
}

fn release(dataset: &str, question: usize, statistic: &str, epsilon: f64) -> Value {
    json!({
        "source": "consultation",
        "dataset": dataset,
        "title": "How often people use the park",
        "question": question,
        "statistic": statistic,
        "epsilon": epsilon
    })
}

async fn releases_pass_the_privacy_gate(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let place = app.place("riverside", "Riverside").await;
    let priya = app.api_person("Priya", "priya@example.org", &["read", "write"]).await;
    let ana = app.api_person("Ana", "ana@example.org", &["read", "write"]).await;
    let id = consultation(&app, place, "priya@example.org", &priya).await;
    respond(&app, &id, &thirty()).await;
    let create = "/api/v1/insight/releases";

    // Not while responses can still change.
    let res = app.api_send(Method::POST, &priya, create, release(&id, 2, "histogram", 0.5)).await;
    assert_eq!(code(res, StatusCode::CONFLICT).await, "insight-dataset-open");
    plural_store::consultations::set_closes_at(&app.state.db, &id, plural_store::now() - 1).await.unwrap();
    // Not by just anyone.
    let res = app.api_send(Method::POST, &ana, create, release(&id, 2, "histogram", 0.5)).await;
    assert_eq!(code(res, StatusCode::FORBIDDEN).await, "insight-not-allowed");
    // Bad definitions name every field, and write nothing.
    let bad = json!({"source": "consultation", "dataset": id, "title": " ", "question": 9, "statistic": "median", "epsilon": 5.0});
    let got: Vec<String> =
        fields(app.api_send(Method::POST, &priya, create, bad).await).await.into_iter().map(|f| f.0).collect();
    assert_eq!(got, vec!["title", "question", "statistic", "epsilon"]);
    let res = app.api_send(Method::POST, &priya, create, release(&id, 2, "sum", 0.5)).await;
    assert_eq!(fields(res).await, vec![("statistic".to_string(), "insight-statistic-unfit".to_string())]);
    let res = app.api_send(Method::POST, &priya, create, release(&id, 0, "histogram", 0.5)).await;
    assert_eq!(fields(res).await, vec![("statistic".to_string(), "insight-statistic-unfit".to_string())]);
    let mut by_area = release(&id, 2, "histogram", 0.5);
    by_area["by_area"] = json!(true);
    let res = app.api_send(Method::POST, &priya, create, by_area).await;
    assert_eq!(fields(res).await, vec![("group_by".to_string(), "insight-grouping-unavailable".to_string())]);
    let mut ballots = release(&id, 2, "histogram", 0.5);
    ballots["source"] = json!("ballots");
    let res = app.api_send(Method::POST, &priya, create, ballots).await;
    assert_eq!(fields(res).await, vec![("source".to_string(), "insight-source-invalid".to_string())]);
    // Grouped so finely that every cell is withheld (6 use a gate, 3 each): refused, nothing spent.
    let res = app.api_send(Method::POST, &priya, create, release(&id, 3, "histogram", 0.5)).await;
    assert_eq!(fields(res).await, vec![("question".to_string(), "insight-all-suppressed".to_string())]);
    // More than the dataset's whole budget: refused, nothing spent.
    let res = app.api_send(Method::POST, &priya, create, release(&id, 2, "histogram", 1.5)).await;
    assert_eq!(fields(res).await, vec![("epsilon".to_string(), "insight-budget-exceeded".to_string())]);
    assert_eq!(count(&app, "insight_releases").await, 0);
    let budget: Value =
        app.api_get(&ana, &format!("/api/v1/insight/budgets/consultation/{id}")).await.json().await.unwrap();
    assert_eq!((budget["budget"]["total"].as_f64(), budget["budget"]["spent"].as_f64()), (Some(1.0), Some(0.0)));
    assert_eq!(budget["min_group_size"], 10);

    // Published: Rarely (3) is withheld, the others noised, whole, not negative.
    let res = app.api_send(Method::POST, &priya, create, release(&id, 2, "histogram", 0.5)).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let r: Value = res.json().await.unwrap();
    let rid = r["id"].as_str().unwrap().to_string();
    let cells = r["cells"].as_array().unwrap();
    let answers: Vec<&str> = cells.iter().map(|c| c["answer"].as_str().unwrap()).collect();
    assert_eq!(answers, vec!["Daily", "Weekly", "Rarely"]);
    assert_eq!(cells.iter().map(|c| c["withheld"].as_bool().unwrap()).collect::<Vec<_>>(), vec![false, false, true]);
    assert!(cells[2]["value"].is_null());
    for c in &cells[..2] {
        assert!(c["value"].as_i64().is_some_and(|v| v >= 0), "{c}");
    }
    assert_eq!((r["epsilon"].as_f64(), r["mechanism"].as_str()), (Some(0.5), Some("discrete_laplace")));
    assert_eq!(r["noise_scale"]["count"].as_f64(), Some(2.0));
    assert_eq!((r["budget"]["spent"].as_f64(), r["budget"]["remaining"].as_f64()), (Some(0.5), Some(0.5)));
    assert_eq!(r["withheld"], 1);

    // A steward of the place may publish too: a mean of the scale (true mean 3).
    plural_store::mutual_aid::add_steward(&app.state.db, place, app.person_id("ana@example.org").await).await.unwrap();
    let res = app.api_send(Method::POST, &ana, create, release(&id, 1, "mean", 0.3)).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let mean: Value = res.json().await.unwrap();
    let m = mean["cells"][0]["value"].as_f64().unwrap();
    assert!((1.0..=5.0).contains(&m), "{m}");

    // The differencing attack: one more person's response, and the same
    // release asked for again to compare. The budget has 0.2 left: asking
    // for the same ε is refused, and once spent nothing more comes out.
    // (Reopened for a moment, so the response goes through the real write path.)
    plural_store::consultations::set_closes_at(&app.state.db, &id, plural_store::now() + 60).await.unwrap();
    respond(&app, &id, &[json!([null, 5, 2, null])]).await;
    plural_store::consultations::set_closes_at(&app.state.db, &id, plural_store::now() - 1).await.unwrap();
    let res = app.api_send(Method::POST, &priya, create, release(&id, 2, "histogram", 0.5)).await;
    assert_eq!(fields(res).await, vec![("epsilon".to_string(), "insight-budget-exceeded".to_string())]);
    let res = app.api_send(Method::POST, &priya, create, release(&id, 1, "count", 0.2)).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let res = app.api_send(Method::POST, &priya, create, release(&id, 2, "histogram", 0.01)).await;
    assert_eq!(fields(res).await, vec![("epsilon".to_string(), "insight-budget-spent".to_string())]);
    assert_eq!(count(&app, "insight_releases").await, 3);
    let spent: i64 =
        sqlx::query_scalar("SELECT spent_micro FROM insight_budgets").fetch_one(app.state.db.reader()).await.unwrap();
    assert_eq!(spent, 1_000_000);

    // Public: the list, the release, its CSV and JSON; never a response.
    let list: Value =
        app.get(&format!("/api/v1/insight/releases?source=consultation&dataset={id}")).await.json().await.unwrap();
    assert_eq!(list.as_array().unwrap().len(), 3);
    let one: Value = app.get(&format!("/api/v1/insight/releases/{rid}")).await.json().await.unwrap();
    assert_eq!(one["cells"], r["cells"]);
    assert_eq!(
        app.get("/api/v1/insight/releases?source=consultation").await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(app.get("/api/v1/insight/releases/nope").await.status(), StatusCode::NOT_FOUND);
    let html = app.text(&format!("/insight/{rid}")).await;
    for want in [
        "<svg role=\"img\"",
        "<title id=\"chart-title\">",
        "<desc id=\"chart-desc\">",
        "<table>",
        "Daily",
        "withheld (fewer than 10)",
        "ε = 0.5",
        "discrete Laplace",
    ] {
        assert!(html.contains(want), "{want} missing from the release page");
    }
    let res = app.get(&format!("/insight/{rid}.csv")).await;
    assert_eq!(res.headers()["content-type"], "text/csv; charset=utf-8");
    let csv = res.text().await.unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "question,area,period,answer,statistic,value,withheld,epsilon,min_group_size");
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[3], "How often do you go?,,,Rarely,histogram,,true,0.5,10");
    let json_download: Value = app.get(&format!("/insight/{rid}.json")).await.json().await.unwrap();
    assert_eq!(json_download["cells"], r["cells"]);
    let consultation_page = app.text(&format!("/consultations/{id}")).await;
    assert!(consultation_page.contains(&format!("href=\"/insight/{rid}\"")), "the consultation links what was heard");
    for text in [html, csv, list.to_string(), consultation_page] {
        assert!(!text.contains(SECRET), "a response leaked");
    }
    let log: Value = app.api_get(&ana, "/api/v1/places/riverside/stewardship-log").await.json().await.unwrap();
    let actions: Vec<(&str, &str)> =
        log.as_array().unwrap().iter().map(|l| (l["action"].as_str().unwrap(), l["role"].as_str().unwrap())).collect();
    assert!(
        actions.contains(&("insight_published", "public_body")) && actions.contains(&("insight_published", "steward"))
    );
    let openapi: Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    assert!(openapi["paths"]["/api/v1/insight/releases"]["post"].is_object());
}

async fn release_pages_work_without_javascript(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let place = app.place("riverside", "Riverside").await;
    app.sign_up("Priya", "priya@example.org").await;
    let me = app.person_id("priya@example.org").await;
    let update = plural_store::people::ProfileUpdate {
        display_name: "Priya",
        language: Language::En,
        home_place_id: Some(place),
    };
    plural_store::people::update_profile(&app.state.db, me, update).await.unwrap();
    let token = app.token_for("priya@example.org", &["read", "write"]).await;
    let id = consultation(&app, place, "priya@example.org", &token).await;
    respond(&app, &id, &thirty()).await;
    let new = format!("/insight/new?source=consultation&dataset={id}");
    // While open, the form sends people back with the reason.
    let res = app.get(&new).await;
    assert_eq!(location(&res), format!("/consultations/{id}?notice=insight-dataset-open"));
    assert!(!app.text(&format!("/consultations/{id}")).await.contains("/insight/new"));
    plural_store::consultations::set_closes_at(&app.state.db, &id, plural_store::now() - 1).await.unwrap();
    assert!(app.text(&format!("/consultations/{id}")).await.contains("/insight/new?source=consultation"));
    let html = app.text(&new).await;
    assert!(html.contains("Left to spend: ε = 1") && html.contains("How often do you go?"), "{html}");
    let form = |q: &'static str, st: &'static str, eps: &'static str| {
        vec![
            ("source", "consultation"),
            ("dataset", id.as_str()),
            ("title", "Park use"),
            ("question", q),
            ("statistic", st),
            ("epsilon", eps),
        ]
    };
    // Bad input re-renders the form with every problem linked and what was typed kept.
    let res = app.post_form("/insight", &form("1", "nonsense", "lots")).await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("href=\"#f-statistic\"")
            && html.contains("href=\"#f-epsilon\"")
            && html.contains("value=\"lots\"")
    );
    let res = app.post_form("/insight", &form("3", "histogram", "0.5")).await;
    assert!(res.text().await.unwrap().contains("minimum group size"));
    let res = app.post_form("/insight", &form("2", "histogram", "0.5")).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let path = location(&res);
    assert!(path.starts_with("/insight/") && path.ends_with("?notice=insight-published"), "{path}");
    let page = path.split('?').next().unwrap().to_string();
    let html = app.text(&path).await;
    assert!(html.contains("The release is published.") && html.contains("Park use"));
    assert!(app.text("/insight").await.contains(&format!("href=\"{page}\"")));
    let res = app.post_form("/insight", &form("2", "histogram", "0.6")).await;
    assert!(res.text().await.unwrap().contains("more privacy budget than these responses have left"));
    for lang in ["ar", "pl"] {
        app.get(&format!("/language/{lang}?return=/")).await;
        for p in ["/insight", page.as_str(), new.as_str()] {
            let html = app.text(p).await;
            assert!(!html.contains("insight-"), "an untranslated id on {p} in {lang}");
        }
    }
}

async fn the_demo_has_a_published_release(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    plural::demo::seed(&app.state.db, &app.key).await.unwrap();
    let all: Value = app.get("/api/v1/insight/releases").await.json().await.unwrap();
    let titled = |t: &str| all.as_array().unwrap().iter().find(|r| r["dataset_title"] == t).cloned();
    // What residents reported last year, each counted once, by category.
    let year = time::OffsetDateTime::now_utc().year() - 1;
    let reports = titled(&format!("Local reports in Lambeth, {year}")).unwrap_or_else(|| panic!("{all}"));
    assert_eq!((reports["source"].as_str(), reports["cells"].as_array().unwrap().len()), (Some("local_reports"), 8));
    let shown = reports["cells"].as_array().unwrap().iter().filter(|c| !c["value"].is_null()).count();
    assert_eq!(shown, 4, "four categories with twelve reporters each: {reports}");
    let r = &titled("Brixton Hill low-traffic trial").unwrap_or_else(|| panic!("{all}"));
    assert_eq!((r["statistic"].as_str(), r["epsilon"].as_f64()), (Some("histogram"), Some(0.5)));
    assert_eq!(r["cells"].as_array().unwrap().len(), 3);
    let c: Value =
        app.get(&format!("/api/v1/consultations/{}", r["dataset"].as_str().unwrap())).await.json().await.unwrap();
    assert_eq!((c["open"].as_bool(), c["respondents"].as_i64()), (Some(false), Some(48)));
    assert!(app.text(&format!("/insight/{}", r["id"].as_str().unwrap())).await.contains("<svg role=\"img\""));
}
