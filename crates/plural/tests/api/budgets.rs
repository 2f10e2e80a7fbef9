//! Participatory budgets: opened and moved through their stages by the
//! place's stewards only; projects proposed with costs, then reviewed;
//! selections that do not fit the budget, name unaccepted projects, come
//! twice or from outside the place are refused with nothing written;
//! results say how each project fared; the pages work without JavaScript.

use plural_kernel::language::Language;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::both_engines;
use crate::helpers::{location, spawn_app, Engine, TestApp};

both_engines!(a_budget_from_projects_to_results, budget_pages_work_without_javascript);

async fn problem_fields(res: reqwest::Response) -> Vec<String> {
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = res.json().await.unwrap();
    body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap().to_string()).collect()
}

async fn problem_code(res: reqwest::Response) -> String {
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = res.json().await.unwrap();
    body["errors"][0]["code"].as_str().unwrap().to_string()
}

async fn detail(res: reqwest::Response, status: StatusCode) -> String {
    assert_eq!(res.status(), status);
    let body: Value = res.json().await.unwrap();
    body["detail"].as_str().unwrap_or_default().to_string()
}

async fn count(app: &TestApp, table: &str) -> i64 {
    sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(app.state.db.reader()).await.unwrap()
}

async fn a_budget_from_projects_to_results(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let place = app.place("riverside", "Riverside").await;
    let sam = app.resident("Sam", None).await;
    plural_store::mutual_aid::add_steward(&app.state.db, place, app.person_id("sam@example.org").await).await.unwrap();
    let ana = app.resident("Ana", Some("riverside")).await;
    let body = json!({"place": "riverside", "title": "Riverside fund 2027", "amount": "£10,000"});
    let res = app.api_send(Method::POST, &ana, "/api/v1/budgets", body.clone()).await;
    assert_eq!(detail(res, StatusCode::FORBIDDEN).await, "budget-steward-only");
    let bad = json!({"place": "nowhere", "title": " ", "amount": "lots"});
    assert_eq!(
        problem_fields(app.api_send(Method::POST, &sam, "/api/v1/budgets", bad).await).await,
        vec!["title", "amount", "place"]
    );
    assert_eq!(count(&app, "budgets").await, 0);
    let res = app.api_send(Method::POST, &sam, "/api/v1/budgets", body).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let created: Value = res.json().await.unwrap();
    assert_eq!((created["amount"].as_i64(), created["stage"].as_str()), (Some(10_000), Some("proposing")));
    let id = created["id"].as_str().unwrap().to_string();
    let path = format!("/api/v1/budgets/{id}");
    // Projects, with costs; one costs more than the whole budget.
    let propose = |title: &str, cost: &str| json!({"title": title, "cost": cost});
    let res = app.api_send(Method::POST, &ana, &format!("{path}/projects"), propose("A skate park", "12000")).await;
    assert_eq!(problem_code(res).await, "budget-cost-over-budget");
    let res = app.api_send(Method::POST, &ana, &format!("{path}/projects"), propose(" ", "-3")).await;
    assert_eq!(problem_fields(res).await, vec!["title", "cost"]);
    let mut ids = Vec::new();
    for (title, cost) in
        [("Benches", "6000"), ("Bulb planting", "5000"), ("Book swap box", "3000"), ("A mural", "1000")]
    {
        let res = app.api_send(Method::POST, &ana, &format!("{path}/projects"), propose(title, cost)).await;
        assert_eq!(res.status(), StatusCode::CREATED);
        ids.push(res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string());
    }
    // Review: only the stewards move it on and review.
    let res = app.api_send(Method::POST, &ana, &format!("{path}/advance"), json!({})).await;
    assert_eq!(detail(res, StatusCode::FORBIDDEN).await, "budget-steward-only");
    let res = app.api_send(Method::POST, &sam, &format!("{path}/advance"), json!({})).await;
    assert_eq!(res.json::<Value>().await.unwrap()["stage"], "reviewing");
    let res = app.api_send(Method::POST, &ana, &format!("{path}/projects"), propose("Late idea", "10")).await;
    assert_eq!(detail(res, StatusCode::CONFLICT).await, "budget-not-proposing");
    // The vote cannot open before something is accepted.
    let res = app.api_send(Method::POST, &sam, &format!("{path}/advance"), json!({})).await;
    assert_eq!(detail(res, StatusCode::CONFLICT).await, "budget-nothing-accepted");
    for (i, decision) in ["accepted", "accepted", "accepted", "rejected"].iter().enumerate() {
        let review = format!("{path}/projects/{}/review", ids[i]);
        let res = app
            .api_send(Method::POST, &sam, &review, json!({"decision": decision, "note": "Costed by the council"}))
            .await;
        assert_eq!(res.status(), StatusCode::NO_CONTENT);
    }
    let res = app.api_send(Method::POST, &sam, &format!("{path}/advance"), json!({})).await;
    assert_eq!(res.json::<Value>().await.unwrap()["stage"], "voting");
    // Selections: over the budget, a rejected project, twice, from outside.
    let ballots = format!("{path}/ballots");
    let pick = |which: &[usize]| json!({"projects": which.iter().map(|i| ids[*i].clone()).collect::<Vec<_>>()});
    let res = app.api_send(Method::POST, &ana, &ballots, pick(&[0, 1])).await;
    assert_eq!(problem_code(res).await, "budget-over-limit");
    let res = app.api_send(Method::POST, &ana, &ballots, pick(&[3])).await;
    assert_eq!(problem_code(res).await, "budget-project-unknown");
    let res = app.api_send(Method::POST, &ana, &ballots, pick(&[2, 2])).await;
    assert_eq!(problem_code(res).await, "budget-project-repeated");
    let res = app.api_send(Method::POST, &sam, &ballots, pick(&[2])).await;
    assert_eq!(detail(res, StatusCode::FORBIDDEN).await, "poll-not-eligible");
    assert_eq!((count(&app, "budget_voters").await, count(&app, "budget_ballots").await), (0, 0));
    assert_eq!(app.api_send(Method::POST, &ana, &ballots, pick(&[0, 2])).await.status(), StatusCode::NO_CONTENT);
    let res = app.api_send(Method::POST, &ana, &ballots, pick(&[1])).await;
    assert_eq!(detail(res, StatusCode::CONFLICT).await, "budget-already-voted");
    for (name, which) in [("Bo", vec![1, 2]), ("Cy", vec![0]), ("Di", vec![1, 2])] {
        let token = app.resident(name, Some("riverside")).await;
        assert_eq!(app.api_send(Method::POST, &token, &ballots, pick(&which)).await.status(), StatusCode::NO_CONTENT);
    }
    let res = app.api_send(Method::POST, &sam, &format!("{path}/advance"), json!({})).await;
    assert_eq!(res.json::<Value>().await.unwrap()["stage"], "closed");
    // Book swap (3 votes) first; benches and bulbs tie on 2, the cheaper
    // bulbs next; benches no longer fit what is left.
    let seen: Value = app.api_get(&ana, &path).await.json().await.unwrap();
    let fared: Vec<(String, String)> = seen["projects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["title"].as_str().unwrap().to_string(), p["outcome"].as_str().unwrap_or("").to_string()))
        .collect();
    assert_eq!(fared[0], ("Benches".into(), "did_not_fit".into()));
    assert_eq!(fared[1], ("Bulb planting".into(), "funded".into()));
    assert_eq!(fared[2], ("Book swap box".into(), "funded".into()));
    assert_eq!(seen["left_over"], 2000);
    let res = app.api_send(Method::POST, &ana, &ballots, pick(&[2])).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    // Every stage and review is in the place's public stewardship log.
    let log: Value = app.api_get(&ana, "/api/v1/places/riverside/stewardship-log").await.json().await.unwrap();
    let actions: Vec<&str> = log.as_array().unwrap().iter().map(|l| l["action"].as_str().unwrap()).collect();
    assert_eq!(actions.iter().filter(|a| **a == "budget_advanced").count(), 3);
    assert_eq!(actions.iter().filter(|a| **a == "project_reviewed").count(), 4);
    assert!(log.as_array().unwrap().iter().all(|l| l["actor_name"] == "Sam" && l["role"] == "steward"));
}

async fn budget_pages_work_without_javascript(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let place = app.place("riverside", "Riverside").await;
    app.sign_up("Sam", "sam@example.org").await;
    let me = app.person_id("sam@example.org").await;
    plural_store::mutual_aid::add_steward(&app.state.db, place, me).await.unwrap();
    let update =
        plural_store::people::ProfileUpdate { display_name: "Sam", language: Language::En, home_place_id: Some(place) };
    plural_store::people::update_profile(&app.state.db, me, update).await.unwrap();
    let res = app.post_form("/budgets", &[("title", ""), ("amount", "x"), ("place", "")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    for f in ["title", "amount", "place"] {
        assert!(html.contains(&format!("href=\"#f-{f}\"")), "{f}");
    }
    let res = app.post_form("/budgets", &[("title", "Towpath fund"), ("amount", "5000"), ("place", "riverside")]).await;
    let path = location(&res).split('?').next().unwrap().to_string();
    let res = app.post_form(&format!("{path}/projects"), &[("title", "Lights"), ("cost", "9000")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().await.unwrap().contains("href=\"#f-cost\""));
    for (title, cost) in [("Lights", "4000"), ("Bins", "2000")] {
        let res = app.post_form(&format!("{path}/projects"), &[("title", title), ("cost", cost)]).await;
        assert_eq!(location(&res), format!("{path}?notice=budget-proposed"));
    }
    app.post_form(&format!("{path}/advance"), &[]).await;
    let html = app.text(&path).await;
    let project_ids: Vec<String> =
        html.split("/projects/").skip(1).filter_map(|s| s.split('/').next().map(str::to_string)).collect();
    assert_eq!(project_ids.len(), 2, "a review form per project");
    for p in &project_ids {
        let res =
            app.post_form(&format!("{path}/projects/{p}/review"), &[("decision", "accepted"), ("note", "")]).await;
        assert_eq!(location(&res), format!("{path}?notice=budget-reviewed"));
    }
    app.post_form(&format!("{path}/advance"), &[]).await;
    let form: Vec<(&str, &str)> = project_ids.iter().map(|p| ("project", p.as_str())).collect();
    let res = app.post_form(&format!("{path}/vote"), &form).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().await.unwrap().contains("costs more than the budget"));
    let res = app.post_form(&format!("{path}/vote"), &form[..1]).await;
    assert_eq!(location(&res), format!("{path}?notice=budget-voted"));
    let res = app.post_form(&format!("{path}/advance"), &[]).await;
    assert_eq!(location(&res), format!("{path}?notice=budget-now-closed"));
    let html = app.text(&path).await;
    assert!(html.contains("Funded") && html.contains("no votes"));
    for lang in ["ar", "pl"] {
        app.get(&format!("/language/{lang}?return=/")).await;
        for p in ["/budgets", path.as_str(), "/budgets/new"] {
            let html = app.text(p).await;
            assert!(!html.contains("budget-"), "an untranslated id on {p} in {lang}");
        }
    }
}
